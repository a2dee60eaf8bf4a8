# Helpers shared by the examples' run.sh scripts (sourced, not run). Exact comparisons use bc's
# arbitrary-precision integers; bc -l (with a large scale) is used only for irrational reference
# values (pi, ln, sin), each compared with a margin far below the numbers being checked.

# The relux executable from the first argument as an absolute path; a temporary work directory
# that is removed on exit; OUT, the directory for pictures (the second argument, or the work dir).
# Usage: example_setup "$@"
example_setup() {
    relux=${1:?usage: run.sh PATH/TO/relux [OUTPUT_DIR]}
    if [[ "$relux" == */* ]]; then relux="$(cd "$(dirname "$relux")" && pwd)/$(basename "$relux")"; fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    if [[ -n "${2:-}" ]]; then
        mkdir -p "$2"
        OUT="$(cd "$2" && pwd)"
    else
        OUT="$work"
    fi
    cd "$work"
    checked=0
    wrong=0
}

# The value of "key": "..." (a string) from relux's JSON output on stdin.
json_field() { grep -o "\"$1\": \"[^\"]*\"" | head -1 | sed 's/.*: "\(.*\)"/\1/'; }

# The first element of "key": ["..."] (a point) from relux's JSON output on stdin.
json_point() { grep -o "\"$1\": \[\"[^\"]*\"" | head -1 | sed 's/.*\["\(.*\)"/\1/'; }

# "p/q" or "p" as a bc expression "(p)/(q)".
bc_rational() { if [[ "$1" == */* ]]; then echo "((${1%/*})/(${1#*/}))"; else echo "($1)"; fi; }

# Exact: 1 when the rational A <= B (each "p/q" or an integer), else 0.
rat_le() {
    local a=$1 b=$2
    [[ "$a" == */* ]] || a="$a/1"
    [[ "$b" == */* ]] || b="$b/1"
    BC_LINE_LENGTH=0 bc <<<"(${a%/*})*(${b#*/}) <= (${b%/*})*(${a#*/})"
}

# A decimal approximation of a bc -l expression with 50 digits after the point.
dec() { BC_LINE_LENGTH=0 bc -l <<<"scale=50; $1"; }

# 1 when the bc -l expression A <= B (evaluated with 50 digits), else 0.
real_le() { BC_LINE_LENGTH=0 bc -l <<<"scale=50; ($1) <= ($2)"; }

# The rational p/q (>= 0) rounded down / up to N decimals, exact: a printed bound still holds.
dec_down() { BC_LINE_LENGTH=0 bc <<<"scale=$2; $(bc_rational "$1")/1" | sed 's/^\./0./'; }
dec_up() {
    BC_LINE_LENGTH=0 bc <<<"scale=$2; x = $(bc_rational "$1"); t = x/1; if (t < x) t += 10^-$2; t" | sed 's/^\./0./'
}

# A positive bc -l expression rounded down / up to N decimals (from 50 digits).
real_down() { BC_LINE_LENGTH=0 bc -l <<<"scale=50; x = $1; scale=$2; x/1" | sed 's/^\./0./'; }
real_up() { BC_LINE_LENGTH=0 bc -l <<<"scale=50; x = $1 + 10^-$2; scale=$2; x/1" | sed 's/^\./0./'; }

# A short decimal of a bc -l expression for people ("0.0241").
approx() { printf '%.6g' "$(dec "$1")"; }

# Record one check: check "description" CONDITION_VALUE (1 = holds).
check() {
    checked=$((checked + 1))
    if [[ "$2" == 1 ]]; then
        echo "  ok: $1"
    else
        echo "  $1  MISMATCH"
        wrong=$((wrong + 1))
    fi
}

# As check, but silent when the check holds (for checks already shown in a table).
quiet_check() {
    checked=$((checked + 1))
    if [[ "$2" != 1 ]]; then
        echo "  $1  MISMATCH"
        wrong=$((wrong + 1))
    fi
}

# The verdict line CTest matches: "NAME: all N checks passed", else a failure line and exit 1.
verdict() {
    if ((wrong == 0)); then
        echo "$1: all $checked checks passed"
    else
        echo "$1: $wrong of $checked checks failed"
        exit 1
    fi
}
