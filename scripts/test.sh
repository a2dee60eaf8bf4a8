#!/usr/bin/env bash
# Quick start 2: set up and build (scripts/setup.sh), then run every test and example with CTest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/setup.sh
ctest --test-dir build --output-on-failure -j2
