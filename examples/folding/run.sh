#!/usr/bin/env bash
# Folding: the sawtooth of Telgarsky. The tent map t(x) = 2 relu(x) - 4 relu(x - 1/2) folds
# [0, 1] onto itself; composed L times (2 neurons per layer, 2L in all) it is the triangle wave
# f_L(x) = 1 - |2 frac(2^(L-1) x) - 1| ("mod" arithmetic), with 2^L linear regions on [0, 1]:
# each extra layer doubles the region count, while a network with one hidden layer needs at
# least 2^L - 1 neurons for it.
#
# For L = 1..8 this builds the network, counts its exact linear regions with
# `relux regions --linear`, compares with `relux theorem telgarsky`, and evaluates f_L exactly at
# rational points against the closed form with frac. Writes sawtooth3.svg (the regions picture of
# L = 3) to OUTPUT_DIR when given.
#
# Usage: examples/folding/run.sh PATH/TO/relux [OUTPUT_DIR]     (CTest: example_folding)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
example_setup "$@"

# The depth-L sawtooth network as relux JSON.
sawtooth() {
    local L=$1 k
    echo '{"format": "relux-network", "version": 1, "input_dim": 1, "layers": ['
    echo '  {"activation": "relu", "weights": [["1"], ["1"]], "bias": ["0", "-1/2"]},'
    for ((k = 2; k <= L; k++)); do
        echo '  {"activation": "relu", "weights": [["2", "-4"], ["2", "-4"]], "bias": ["0", "-1/2"]},'
    done
    echo '  {"activation": "identity", "weights": [["2", "-4"]], "bias": ["0"]}'
    echo '], "output": "identity"}'
}

gcd() { local a=$1 b=$2 t; while ((b)); do t=$((a % b)); a=$b; b=$t; done; echo "$a"; }

# f_L(p/q) = 1 - |2 r/q - 1| with r = (2^(L-1) p) mod q, as a reduced fraction (exact).
triangle_wave() {
    local L=$1 p=$2 q=$3
    local r=$(((p << (L - 1)) % q))
    local d=$((2 * r - q))
    ((d < 0)) && d=$((-d))
    local num=$((q - d)) g
    g=$(gcd "$num" "$q")
    num=$((num / g))
    local den=$((q / g))
    if ((den == 1)); then echo "$num"; else echo "$num/$den"; fi
}

points=("1/3" "1/5" "3/7" "5/8" "7/9" "2/11")
printf '%-3s %-8s %-16s %-10s %-9s\n' L neurons "linear regions" "2^L" telgarsky
for L in 1 2 3 4 5 6 7 8; do
    sawtooth "$L" >"saw$L.json"
    regions=$("$relux" regions "saw$L.json" --box 0:1 --linear)
    linear=$(sed -n 's/^linear regions: //p' <<<"$regions")
    agrees=$("$relux" theorem telgarsky --depth "$L" --json | grep -c '"agrees": true' || true)
    printf '%-3s %-8s %-16s %-10s %-9s\n' "$L" $((2 * L)) "$linear" $((1 << L)) "$([[ $agrees -ge 1 ]] && echo agrees || echo DISAGREES)"
    quiet_check "L = $L: $linear linear regions = 2^$L" "$([[ "$linear" == $((1 << L)) ]] && echo 1 || echo 0)"
    quiet_check "L = $L: relux theorem telgarsky agrees" "$([[ $agrees -ge 1 ]] && echo 1 || echo 0)"
    at=()
    for x in "${points[@]}"; do at+=(--at "$x"); done
    mapfile -t values < <("$relux" eval "saw$L.json" "${at[@]}")
    for i in "${!points[@]}"; do
        x=${points[$i]}
        want="f($x) = $(triangle_wave "$L" "${x%/*}" "${x#*/}")"
        if [[ "${values[$i]}" == "$want" ]]; then
            checked=$((checked + 1))
        else
            quiet_check "L = $L: got '${values[$i]:-<nothing>}', expected '$want'" 0
        fi
    done
done
echo "  exact values f_L(x) at x = ${points[*]} equal 1 - |2 frac(2^(L-1) x) - 1| for every L (relux eval)"

"$relux" regions saw3.json --box 0:1 --linear --svg "$OUT/sawtooth3.svg" >/dev/null
check "sawtooth3.svg written" "$([[ -s "$OUT/sawtooth3.svg" ]] && echo 1 || echo 0)"
verdict folding
