#!/usr/bin/env bash
# The 3-piece CPWL function through (0,0), (1,2), (2,1), (4,3) (slopes 2, -1, 1, extended
# linearly beyond both ends) built as a ReLU network in both forms -- minimal (3 neurons) and
# pairs (the textbook 2 neurons per piece: 6) -- and evaluated exactly at every breakpoint,
# every midpoint, x = -1 and x = 5. Prints one line per value.
#
# Then the same construction as an approximation: the 3-piece interpolant of x^2 at 0, 1/3, 2/3,
# 1 (pairs form: 6 neurons) against x^2 on [0, 1], with the exact errors of `relux linf` and
# `relux l1`: sup |N - x^2| = h^2/4 = 1/36 at the piece midpoints (h = 1/3; on a piece
# [a, a + h] the error is (x - a)(a + h - x)), and integral |N - x^2| = 3 h^3/6 = 1/54.
# Writes x2_fit.svg (`relux plot`) to OUTPUT_DIR when given. A verdict on the last line.
#
# Usage: examples/three_piece/run.sh PATH/TO/relux [OUTPUT_DIR]   (CTest runs it as example_three_piece)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
example_setup "$@"

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

((wrong == 0)) && echo "three_piece: all $checked exact values as expected"

# x^2 on [0, 1] with 6 neurons.
built=$("$relux" construct cpwl1d --points "0:0,1/3:1/9,2/3:4/9,1:1" --form pairs -o x2.json 2>&1)
echo "$built"
check "6 hidden neurons" "$(grep -c 'with 6 hidden neurons for 3 pieces' <<<"$built")"
linf=$("$relux" linf x2.json --target "x^2" --box 0:1 --json)
echo "  sup |N - x^2| on [0, 1] = $(json_field lower <<<"$linf") (exact: $(grep -o '"exact": [a-z]*' <<<"$linf" | cut -d' ' -f2)), witness x = $(json_point witness <<<"$linf")"
check "sup |N - x^2| = h^2/4 = 1/36, exact" \
    "$([[ "$(json_field lower <<<"$linf")/$(json_field upper <<<"$linf")" == "1/36/1/36" ]] && grep -c '"exact": true' <<<"$linf" || echo 0)"
check "the witness is a piece midpoint (1/6, 1/2 or 5/6)" \
    "$([[ " 1/6 1/2 5/6 " == *" $(json_point witness <<<"$linf") "* ]] && echo 1 || echo 0)"
l1=$("$relux" l1 x2.json --target "x^2" --box 0:1 --json)
echo "  integral |N - x^2| on [0, 1] = $(json_field lower <<<"$l1")"
check "integral |N - x^2| = 3 h^3/6 = 1/54, exact" \
    "$([[ "$(json_field lower <<<"$l1")/$(json_field upper <<<"$l1")" == "1/54/1/54" ]] && grep -c '"exact": true' <<<"$l1" || echo 0)"
"$relux" plot x2.json --target "x^2" --box 0:1 --svg "$OUT/x2_fit.svg" >/dev/null
check "x2_fit.svg written" "$([[ -s "$OUT/x2_fit.svg" ]] && echo 1 || echo 0)"
verdict three_piece
