#!/usr/bin/env bash
# Two table SPECs (docs/table-spec.md) run by `relux table`, checked against theory:
#  - x2_interpolants.json: the N-piece interpolant of x^2 on [0, 1] has exact L1 error 1/(6N^2) and
#    sup error 1/(4N^2) (the table's formula columns), for N = 1 .. 32;
#  - sin_interpolants.json: certified errors of the interpolants of sin(x) on [0, 3]; the sup error
#    stays below the interpolation bound h^2/8 max|sin''| <= (3/N)^2/8, and each L1 interval is
#    ordered and certified.
# Prints both tables as Markdown and a verdict on the last line.
#
# Usage: examples/tables/run.sh PATH/TO/relux
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../common.sh"
example_setup "$@"

"$relux" table "$here/x2_interpolants.json" --markdown - --csv x2.csv
while IFS=, read -r n l1 l1_dec l1_formula sup sup_dec sup_formula; do
    [[ "$n" == N ]] && continue
    quiet_check "N = $n: L1 error $l1 = 1/(6N^2) = $l1_formula" "$([[ "$l1" == "$l1_formula" && "$l1" == "1/$((6 * n * n))" ]] && echo 1 || echo 0)"
    quiet_check "N = $n: sup error $sup = 1/(4N^2) = $sup_formula" "$([[ "$sup" == "$sup_formula" && "$sup" == "1/$((4 * n * n))" ]] && echo 1 || echo 0)"
done <x2.csv
echo
"$relux" table "$here/sin_interpolants.json" --markdown - --csv sin.csv
while IFS=, read -r n lo hi sup theory status; do
    [[ "$n" == N ]] && continue
    quiet_check "N = $n: L1 interval [$lo, $hi] ordered" "$(real_le "$lo" "$hi")"
    quiet_check "N = $n: sup error <= $sup <= (3/N)^2/8 ~ $theory" "$(real_le "$sup" "(3/$n)^2/8")"
    quiet_check "N = $n: status $status" "$([[ "$status" == certified ]] && echo 1 || echo 0)"
done <sin.csv
verdict tables
