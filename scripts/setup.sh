#!/usr/bin/env bash
# Set up relux on Debian 12: install the Debian packages that are missing (and only those), then
# configure and build relux in build/ (Release). Safe to run again: with everything installed it
# installs nothing and rebuilds only what changed. Run as root, or as a user with sudo.
#
# Environment: RELUX_JOBS = parallel build jobs (default: the number of cores).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
    build-essential cmake pkg-config
    libcgal-dev libgmp-dev libmpfr-dev libflint-arb-dev
    libboost-dev libboost-test-dev nlohmann-json3-dev libcli11-dev libfmt-dev libtbb-dev
    z3 cvc5
    bc  # the examples' reference values (pi, ln, sin to 50 digits) and exact comparisons
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for package in "${packages[@]}"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
            missing+=("$package")
        fi
    done
else
    echo "setup: dpkg-query not found (not a Debian system?); make sure these are installed:" >&2
    echo "       ${packages[*]}" >&2
fi

if ((${#missing[@]} > 0)); then
    if ((EUID == 0)); then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "setup: these packages are missing and installing them needs root (no sudo found):" >&2
        echo "       ${missing[*]}" >&2
        exit 1
    fi
    echo "setup: installing ${missing[*]}"
    "${as_root[@]}" apt-get update
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "setup: all ${#packages[@]} Debian packages are installed"
fi

echo "setup: building relux in build/ (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "${RELUX_JOBS:-$(nproc)}"
echo "setup: done; the tool is build/relux"
