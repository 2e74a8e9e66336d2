#!/bin/sh
# Ensemble throughput (members/s) of the default scenario on the 10-region table (its
# prior ensemble, --prior: calibrated ensembles do not run on MPI ranks):
# OpenMP 1 and 2 threads in one process, and 1 and 2 MPI ranks of 1 thread each
# (mpirun). Median of RUNS repetitions of N members; the ratios are of medians from one
# run of this script. Not a test: the machine is shared, quote medians when it is quiet.
#   sh bench/ensemble.sh [N] [RUNS]
set -eu
B=${BUILD:-build}
N=${1:-40}
RUNS=${2:-3}
SC=${SCENARIO:-scenarios/rare-earths-2025.yaml}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
MPIRUN=$(command -v mpirun || true)

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

run() { # label, command...
  label=$1; shift
  : > "$OUT/t"
  i=0
  while [ $i -lt "$RUNS" ]; do
    t0=$(now)
    "$@" > /dev/null 2>&1
    t1=$(now)
    echo "$t0 $t1" | awk -v n="$N" '{printf "%.4f\n", n / ($2 - $1)}' >> "$OUT/t"
    i=$((i + 1))
  done
  m=$(median < "$OUT/t")
  echo "$label: median $m members/s ($(tr '\n' ' ' < "$OUT/t"))"
  echo "$m" > "$OUT/$label"
}

run threads1 "$B/tradeshock" ensemble "$SC" -n "$N" -j 1 -o "$OUT/e" --prior --quiet
run threads2 "$B/tradeshock" ensemble "$SC" -n "$N" -j 2 -o "$OUT/e" --prior --quiet
if [ -n "$MPIRUN" ]; then
  run ranks1 "$MPIRUN" --allow-run-as-root --oversubscribe -np 1 "$B/tradeshock" ensemble "$SC" -n "$N" -j 1 -o "$OUT/e" --prior --quiet
  run ranks2 "$MPIRUN" --allow-run-as-root --oversubscribe -np 2 "$B/tradeshock" ensemble "$SC" -n "$N" -j 1 -o "$OUT/e" --prior --quiet
  awk -v a="$(cat "$OUT/ranks1")" -v b="$(cat "$OUT/ranks2")" 'BEGIN {printf "MPI speed-up 2 ranks / 1 rank (medians): %.2f\n", b / a}'
fi
awk -v a="$(cat "$OUT/threads1")" -v b="$(cat "$OUT/threads2")" 'BEGIN {printf "OpenMP speed-up 2 threads / 1 thread (medians): %.2f\n", b / a}'
