#!/usr/bin/env bash
# A hand-built ReLU classifier for the annulus problem on [-1, 1]^2: class 1 is the disc
# D = {x1^2 + x2^2 < 1/4}, class 2 the ring around it. annulus.json computes the gauge of a
# 12-gon,
#     g(x) = max(|x1|, |x2|, (4|x1| + 3|x2|)/5, (3|x1| + 4|x2|)/5)
# (unit normals at 0, 36.87, 53.13, 90 degrees and their mirror images; 10 relu neurons in 3
# hidden layers: |x1|, |x2| from 4 neurons, then g = 7w/10 + d/10 + relu(2d/5 - w/5) with
# w = |x1| + |x2|, d = ||x1| - |x2||), and the logits z = (s (1/2 - g), 0), s = 256, softmax output.
# It predicts the disc on the polygon P = {g < 1/2}, which contains D (g <= |x|), with vertices
# (1/2, 1/6), (5/14, 5/14), (1/6, 1/2) and their mirror images: area(P) = 17/21 exactly.
#
# Bounds derived by hand for the class-indicator error I = integral 2 (1 - softmax_c(z)) over
# the box (proofs/softmax-classes.md), with A = 17/21 and area{g < r} = 4 A r^2:
#   I >= (A - pi/4) + 8A (ln 2 - ln(1 + e^(-2s/5))) / s
#        (misclassified P \ D costs >= 1; correct points with 1/2 < g < 9/10, all inside the box,
#         cost 2 sigma(-s (g - 1/2)));
#   I <= 2 (A - pi/4) + 16 A (1/s + 1/s^2)
#        (misclassified points cost <= 2; correct ones 2 sigma(-s |g - 1/2|) <= 2 e^(-s |g - 1/2|)).
# The run certifies I with `relux l1 --classes` for s = 16 and s = 256 and checks that each
# certified interval meets the derived one, is at most --tol wide, and that the larger s gives
# the smaller error; the region map of the logits has 16 activation and 12 linear regions (the
# 12 cones of the gauge; the axes separate activation regions with the same map). Writes
# annulus_regions.svg (`relux regions --svg`) to OUTPUT_DIR when given.
#
# Usage: examples/annulus/run.sh PATH/TO/relux [OUTPUT_DIR]     (CTest: example_annulus)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../common.sh"
example_setup "$@"

classes="x1^2+x2^2<1/4; x1^2+x2^2>=1/4"
tol="1/100"
A="(17/21)"
pi="(4*a(1))"

# The logits layer for scale s (s = 256 is the one in annulus.json).
output_layer() {
    local s=$1
    echo "  {\"activation\": \"identity\", \"weights\": [[\"-$s\", \"-$((7 * s))/10\", \"-$s/10\"], [\"0\", \"0\", \"0\"]], \"bias\": [\"$s/2\", \"0\"]}"
}
cp "$here/annulus.json" annulus256.json
sed "s|^  {\"activation\": \"identity\".*|$(output_layer 16)|" "$here/annulus.json" >annulus16.json
check "annulus16.json has the logits layer for s = 16" "$(grep -c -- '"-112/10"' annulus16.json)"

# The region map of the logits (same network, identity output).
sed 's/"output": "softmax"/"output": "identity"/' annulus256.json >logits.json
regions=$("$relux" regions logits.json --box -1:1,-1:1 --linear --svg "$OUT/annulus_regions.svg")
activation=$(sed -n 's/^activation regions: //p' <<<"$regions")
linear=$(sed -n 's/^linear regions: //p' <<<"$regions")
echo "logits: $activation activation regions, $linear linear regions on [-1, 1]^2"
check "16 activation regions (3 cuts per quadrant: |x1| = |x2|, |x1| = 3|x2|, 3|x1| = |x2|)" \
    "$([[ "$activation" == 16 ]] && echo 1 || echo 0)"
check "12 linear regions (one per side of the 12-gon)" "$([[ "$linear" == 12 ]] && echo 1 || echo 0)"
check "at the vertex (3/10, 2/5) of P the logits tie" \
    "$("$relux" eval logits.json --at 3/10,2/5 | grep -c '^f(3/10, 2/5) = (0, 0)$')"

echo "misclassified area |P \\ D| = 17/21 - pi/4 ~ $(approx "$A - $pi/4")"
printf '%-5s %-30s %-30s\n' s "certified I in" "derived bounds"
previous=""
for s in 16 256; do
    json=$("$relux" l1 "annulus$s.json" --classes "$classes" --box -1:1,-1:1 --tol "$tol" --json)
    lo=$(json_field lower <<<"$json")
    hi=$(json_field upper <<<"$json")
    low="($A - $pi/4) + 8*$A*(l(2) - l(1 + e(-2*$s/5)))/$s"
    high="2*($A - $pi/4) + 16*$A*(1/$s + 1/$s^2)"
    printf '%-5s %-30s %-30s\n' "$s" "[$(dec_down "$lo" 6), $(dec_up "$hi" 6)]" \
        "[$(real_down "$low" 6), $(real_up "$high" 6)]"
    check "s = $s: the certified interval meets the derived bounds" \
        "$(($(real_le "$(bc_rational "$lo")" "$high") & $(real_le "$low" "$(bc_rational "$hi")")))"
    check "s = $s: width <= $tol" "$(real_le "$(bc_rational "$hi") - $(bc_rational "$lo")" "$tol")"
    if [[ -n "$previous" ]]; then
        check "s = $s: a smaller error than the previous s" "$(rat_le "$hi" "$previous")"
    fi
    previous=$lo
done
check "annulus_regions.svg written" "$([[ -s "$OUT/annulus_regions.svg" ]] && echo 1 || echo 0)"
verdict annulus
