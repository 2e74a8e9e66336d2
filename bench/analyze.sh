#!/bin/sh
# Wall-clock time of `tradeshock analyze TABLE --leontief -o DIR` (issue 4: < 2 s on the
# 41-region WIOD 2011 table, n = 1435): RUNS runs, each time printed, then the median.
# Then, when /usr/bin/python3 has numpy, the independent multiplier check
# (bench/check_multipliers.py). Not run by the tests.
#
# usage: sh bench/analyze.sh [TABLE] [RUNS]     (BIN=path/to/tradeshock to override)
set -eu
TABLE=${1:-data/wiod2011}
RUNS=${2:-7}
BIN=${BIN:-build/tradeshock}
[ -x "$BIN" ] || { echo "no $BIN: build first (make build) or set BIN=" >&2; exit 2; }
[ -d "$TABLE" ] || { echo "no table folder $TABLE" >&2; exit 2; }
OUT=$(mktemp -d "${TMPDIR:-/tmp}/ts-analyze-bench.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

now() { date +%s.%N; }
"$BIN" analyze "$TABLE" --leontief -o "$OUT" >/dev/null 2>&1 # warm the page cache
i=0
: >"$OUT/times"
while [ "$i" -lt "$RUNS" ]; do
    t0=$(now)
    "$BIN" analyze "$TABLE" --leontief -o "$OUT" >/dev/null 2>&1
    t1=$(now)
    echo "$t0 $t1" | awk '{ printf "%.3f\n", $2 - $1 }' | tee -a "$OUT/times" | sed 's/^/run: /;s/$/ s/'
    i=$((i + 1))
done
sort -n "$OUT/times" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "median of %d runs: %.3f s (min %.3f, max %.3f)\n", NR, m, v[1], v[NR] }'

if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    /usr/bin/python3 "$(dirname "$0")/check_multipliers.py" "$TABLE" "$OUT/multipliers.csv"
else
    echo "numpy missing for /usr/bin/python3 (apt-get install -y python3-numpy): check skipped"
fi
