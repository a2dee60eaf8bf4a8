#!/usr/bin/env bash
# Why ReLU fits do not extrapolate. N is the piecewise-linear interpolant of sin at the 33 nodes
# x_i = -4 + i/4 (32 pieces, h = 1/4; values rounded to 20 decimals), built exactly as a ReLU
# network by `relux construct cpwl1d`. A ReLU network is affine outside its last breakpoints, so
# beyond [-4, 4] N continues along its end pieces while sin keeps oscillating.
#
# Checks, with the certified sup errors of `relux linf`:
#   inside,  on [-4, 4]: upper <= h^2/8 + 10^-20 = 1/128 + 10^-20 (the interpolation bound
#            h^2/8 max|sin''| plus the rounding of the data), and lower >= the error at the best
#            piece midpoint m, |sin m| (1 - cos(h/2)) - 10^-20 (sum-to-product), minus the tolerance;
#   outside, on [-8, 8]: |N(w) - sin(w)| >= lower at the printed witness w (N(w) exact from
#            `relux eval`, sin(w) from bc to 50 digits), and upper >= |N(8) - sin 8| (a point
#            value bounds the sup from below), and the outside error exceeds 100 times the inside one.
# Writes sin_fit_inside.svg and sin_fit_outside.svg (`relux plot`) to OUTPUT_DIR when given.
#
# Usage: examples/extrapolation/run.sh PATH/TO/relux [OUTPUT_DIR]     (CTest: example_extrapolation)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
example_setup "$@"

tol="1e-9"
tol_bc="10^-9"  # the same, for bc
# Nodes and values: x = (i - 16)/4, y = sin(x) truncated to 20 decimals (|error| < 10^-20).
for ((i = 0; i <= 32; i++)); do
    x="$((i - 16))/4"
    y=$(BC_LINE_LENGTH=0 bc -l <<<"scale=30; v = s($x); scale=20; v/1" | sed 's/^\./0./; s/^-\./-0./')
    echo "$x $y"
done >sin_nodes.txt
"$relux" construct cpwl1d --points-file sin_nodes.txt -o sin32.json 2>&1

# Inside [-4, 4].
json=$("$relux" linf sin32.json --target "sin(x)" --box -4:4 --tol "$tol" --json)
in_lo=$(json_field lower <<<"$json")
in_hi=$(json_field upper <<<"$json")
bound="1/128 + 10^-20"
# The best midpoint m = -4 + (i + 1/2)/4: |sin m| (1 - cos(1/8)).
mid_best=$(BC_LINE_LENGTH=0 bc -l <<<"scale=50; b = 0; for (i = 0; i < 32; i++) { v = s(-4 + (i + 0.5)/4); if (v < 0) v = -v; if (v > b) b = v }; b * (1 - c(1/8)) - 10^-20")
echo "inside [-4, 4]:  sup |N - sin| in [$(dec_down "$in_lo" 12), $(dec_up "$in_hi" 12)]"
echo "  interpolation bound h^2/8 + 10^-20 = $(approx "$bound");  best midpoint error = $(approx "$mid_best")"
check "inside: certified upper <= h^2/8 + 10^-20" "$(real_le "$(bc_rational "$in_hi")" "$bound")"
check "inside: certified lower >= |sin m| (1 - cos(h/2)) - 10^-20 - tol at the best midpoint m" \
    "$(real_le "$mid_best - $tol_bc" "$(bc_rational "$in_lo")")"

# Outside: [-8, 8].
json=$("$relux" linf sin32.json --target "sin(x)" --box -8:8 --tol "$tol" --json)
out_lo=$(json_field lower <<<"$json")
out_hi=$(json_field upper <<<"$json")
w=$(json_point witness <<<"$json")
n_w=$("$relux" eval sin32.json --at "$w" | sed 's/^f([^)]*) = //')
n_8=$("$relux" eval sin32.json --at 8 | sed 's/^f([^)]*) = //')
at_w="(($(bc_rational "$n_w")) - s($(bc_rational "$w")))"
at_8="(($(bc_rational "$n_8")) - s(8))"
echo "outside [-8, 8]: sup |N - sin| in [$(dec_down "$out_lo" 12), $(dec_up "$out_hi" 12)]  (witness x ~ $(approx "$(bc_rational "$w")"))"
echo "  N(8) = $n_8 ~ $(approx "$(bc_rational "$n_8")"), sin 8 ~ $(approx "s(8)"): |N(8) - sin 8| ~ $(approx "sqrt($at_8^2)")"
echo "  ratio outside / inside ~ $(approx "$(bc_rational "$out_lo") / $(bc_rational "$in_hi")")"
check "outside: |N(w) - sin w| >= certified lower at the witness" \
    "$(real_le "$(bc_rational "$out_lo") - 10^-40" "sqrt($at_w^2)")"
check "outside: certified upper >= |N(8) - sin 8|" "$(real_le "sqrt($at_8^2) - 10^-40" "$(bc_rational "$out_hi")")"
check "outside: lower > 100 x inside upper (no extrapolation)" \
    "$(real_le "100 * $(bc_rational "$in_hi")" "$(bc_rational "$out_lo")")"

"$relux" plot sin32.json --target "sin(x)" --box -4:4 --svg "$OUT/sin_fit_inside.svg" >/dev/null
"$relux" plot sin32.json --target "sin(x)" --box -8:8 --svg "$OUT/sin_fit_outside.svg" >/dev/null
check "pictures written" "$([[ -s "$OUT/sin_fit_inside.svg" && -s "$OUT/sin_fit_outside.svg" ]] && echo 1 || echo 0)"
verdict extrapolation
