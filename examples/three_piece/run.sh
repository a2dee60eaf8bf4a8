#!/usr/bin/env bash
# The 3-piece CPWL function through (0,0), (1,2), (2,1), (4,3) (slopes 2, -1, 1, extended
# linearly beyond both ends) built as a ReLU network in both forms -- minimal (3 neurons) and
# pairs (the textbook 2 neurons per piece: 6) -- and evaluated exactly at every breakpoint,
# every midpoint, x = -1 and x = 5. Prints one line per value and a verdict on the last line.
#
# Usage: examples/three_piece/run.sh PATH/TO/relux      (CTest runs it as example_three_piece)
set -euo pipefail

relux=${1:?usage: run.sh PATH/TO/relux}
if [[ "$relux" == */* ]]; then relux="$(cd "$(dirname "$relux")" && pwd)/$(basename "$relux")"; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

points="0:0,1:2,2:1,4:3"
xs=(-1 0 1/2 1 3/2 2 3 4 5)
expected=(-2 0 1 2 3/2 1 2 3 4)   # f(-1) = -2: the slope 2 extended; f(5) = 4: the slope 1 extended

checked=0
wrong=0
for form in minimal pairs; do
    # The one-line summary of construct goes to stderr; show it with the values.
    "$relux" construct cpwl1d --points "$points" --form "$form" -o "$form.json" 2>&1
    at=()
    for x in "${xs[@]}"; do at+=(--at "$x"); done
    mapfile -t lines < <("$relux" eval "$form.json" "${at[@]}")
    for i in "${!xs[@]}"; do
        want="f(${xs[$i]}) = ${expected[$i]}"
        got="${lines[$i]:-<nothing>}"
        if [[ "$got" == "$want" ]]; then
            echo "  $form: $got"
        else
            echo "  $form: got '$got', expected '$want'  MISMATCH"
            wrong=$((wrong + 1))
        fi
        checked=$((checked + 1))
    done
done

if ((wrong == 0)); then
    echo "three_piece: all $checked exact values as expected"
else
    echo "three_piece: $wrong of $checked values wrong"
    exit 1
fi
