#!/usr/bin/env bash
# The softmax construction of Asadi & Jiang ("On approximation capabilities of ReLU activation
# and softmax output layer in neural networks", arXiv 2002.04060), for two classes on [0, 1]:
# C1 = [0, 1/2), C2 = [1/2, 1]. A ReLU network g approximates the indicator of C2 in L1
# (here the ramp g(x) = 2 relu(x - 1/4) - 2 relu(x - 3/4), 2 neurons, from 0 at 1/4 to 1 at 3/4),
# and the logits are the indicator approximations scaled by 1/epsilon:
#     z1 = (1 - g(x)) / epsilon,   z2 = g(x) / epsilon,
# so that softmax(z) tends to the class indicators as epsilon -> 0, at a fixed width: only the
# weights grow (like 1/epsilon). Their error sum_i integral |softmax_i(z(x)) - 1[x in C_i]| dx is
# (proofs/softmax-classes.md: it equals integral 2 (1 - s_c)) in closed form
#     I(epsilon) = sigma(-1/epsilon) + epsilon (ln 2 - ln(1 + e^(-1/epsilon))),
# about epsilon ln 2: linear in epsilon. For epsilon = 1/2, 1/4, ..., 1/64 this prints the
# certified interval of `relux l1 --classes` and checks that it contains I(epsilon) (computed
# with bc to 50 digits) and has width <= the tolerance 1e-7.
#
# Usage: examples/asadi_jiang/run.sh PATH/TO/relux [OUTPUT_DIR]     (CTest: example_asadi_jiang)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
example_setup "$@"

tol="1e-7"
# The network for 1/epsilon = K: hidden n1 = relu(x - 1/4), n2 = relu(x - 3/4), g = 2 n1 - 2 n2.
network() {
    local K=$1
    cat <<EOF
{"format": "relux-network", "version": 1, "input_dim": 1,
 "layers": [
   {"activation": "relu", "weights": [["1"], ["1"]], "bias": ["-1/4", "-3/4"]},
   {"activation": "identity", "weights": [["$((-2 * K))", "$((2 * K))"], ["$((2 * K))", "$((-2 * K))"]], "bias": ["$K", "0"]}
 ],
 "output": "softmax"}
EOF
}

printf '%-8s %-7s %-7s %-27s %-9s %-11s %s\n' epsilon neurons "max|w|" "certified error in" width "I(eps)/eps" "closed form I(eps)"
previous=""
for K in 2 4 8 16 32 64; do
    network "$K" >"aj$K.json"
    json=$("$relux" l1 "aj$K.json" --classes "x < 1/2; x >= 1/2" --box 0:1 --tol "$tol" --json)
    lo=$(json_field lower <<<"$json")
    hi=$(json_field upper <<<"$json")
    # I = sigma(-K) + (ln 2 - ln(1 + e^(-K))) / K, with sigma(-K) = 1 / (1 + e^K).
    closed="1/(1+e($K)) + (l(2) - l(1+e(-$K)))/$K"
    inside=$(($(real_le "$(bc_rational "$lo") - 10^-40" "$closed") & $(real_le "$closed" "$(bc_rational "$hi") + 10^-40")))
    narrow=$(real_le "$(bc_rational "$hi") - $(bc_rational "$lo")" "10^-7")
    printf '%-8s %-7s %-7s %-27s %-9s %-11s %s\n' "1/$K" 2 "$((2 * K))" "[$(dec_down "$lo" 9), $(dec_up "$hi" 9)]" \
        "$(printf '%.1e' "$(dec "$(bc_rational "$hi") - $(bc_rational "$lo")")")" "$(approx "($closed) * $K")" \
        "$(printf '%.10f' "$(dec "$closed")")"
    quiet_check "epsilon = 1/$K: the closed form I lies in [$lo, $hi]" "$inside"
    quiet_check "epsilon = 1/$K: the width is <= $tol" "$narrow"
    if [[ -n "$previous" ]]; then  # monotone: a smaller epsilon gives a smaller error
        quiet_check "epsilon = 1/$K: the error is below the previous row's" "$(rat_le "$hi" "$previous")"
    fi
    previous=$lo  # this row's upper end must lie below the previous row's lower end
done
echo "  I(eps)/eps -> ln 2 = $(approx "l(2)"): the certified error shrinks linearly in epsilon at a fixed width of 2 neurons"
check "each certified interval contains the closed form and is at most $tol wide" "$((wrong == 0 ? 1 : 0))"
verdict asadi_jiang
