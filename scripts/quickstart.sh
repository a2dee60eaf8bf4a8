#!/usr/bin/env bash
# Quick start 1: set up and build (scripts/setup.sh), then run the flagship example: the 3-piece
# function through (0,0), (1,2), (2,1), (4,3) built as a ReLU network, its exact values at the
# breakpoints, and its pieces with their exact affine maps.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

./scripts/setup.sh

relux=build/relux
net=build/quickstart/three_piece.json
points="0:0,1:2,2:1,4:3"
mkdir -p "$(dirname "$net")"

show() {  # print a command, then run it
    echo "\$ $*"
    "$@"
}

echo
echo "== 1. The piecewise-linear function through (0,0), (1,2), (2,1), (4,3) as a ReLU network"
show "$relux" construct cpwl1d --points "$points" -o "$net"
cat "$net"

echo
echo "== 2. Its exact values at the given points"
show "$relux" eval "$net" --at 0 --at 1 --at 2 --at 4

echo
echo "== 3. Its pieces and the exact affine map on each"
# TODO(regions): once `relux regions` is in every build, keep only the first branch.
if "$relux" help regions >/dev/null 2>&1; then
    show "$relux" regions "$net" --box "-1:5" --linear
else
    # Until then: the activation pattern and affine map at one interior point of each piece.
    show "$relux" eval "$net" --at 1/2 --at 3/2 --at 3 --pattern
fi
