#!/bin/sh
# tradeshock against BoARIO on the same table and event, in one run (bench/README.md).
#
#   BOARIO_PYTHONPATH=/path/BoARIO:/path/pymrio[:/path/shim] sh bench/compare-boario.sh [CASE...]
#
# CASE: wiod (data/wiod2011, n = 1 435, CHN c12) and/or syn5000 (synthetic dense 50x100,
# n = 5 000, R001 S001); default both. The event: a 30 % capacity loss for 91 days from
# day 10, linear recovery over 30 days, BoARIO's default parameters (tradeshock: mode
# ario, bench/scenarios/ario-*.yaml; BoARIO: bench/boario_run.py). Printed per case: the
# median seconds of tradeshock's year at 1 and 2 threads (bench_sim, RUNS runs, default
# 3), BoARIO's loop seconds (one run: it is slow), their ratios, and the world
# production of the last day in both (the same to ~10 digits when both ran the same
# thing). Without BOARIO_PYTHONPATH, or when it does not import, it says it skipped and
# exits 0. BoARIO and pymrio are never part of this repository.
set -eu
B=${BUILD:-build}
PY=${PYTHON:-/usr/bin/python3}
RUNS=${RUNS:-3}
if [ -z "${BOARIO_PYTHONPATH:-}" ]; then
  echo "compare-boario: skipped: BOARIO_PYTHONPATH is not set (a BoARIO + pymrio installation" \
       "outside the repository; see bench/README.md)"
  exit 0
fi
if ! PYTHONPATH=$BOARIO_PYTHONPATH "$PY" -c "import boario, pymrio" 2>/dev/null; then
  echo "compare-boario: skipped: BOARIO_PYTHONPATH=$BOARIO_PYTHONPATH does not import boario and pymrio"
  exit 0
fi
WORK=${WORK:-${TMPDIR:-/tmp}/tradeshock-compare-boario}
mkdir -p "$WORK"
[ $# -gt 0 ] || set -- wiod syn5000

one() { # NAME TABLE SCENARIO REGION SECTOR
  name=$1 table=$2 scen=$3 reg=$4 sec=$5
  out="$WORK/$name.tradeshock.txt"
  "$B/bench_sim" --runs "$RUNS" --threads 1,2 "$scen" "$table" > "$out"
  t1=$(sed -n 's/^threads 1: .*run median \([0-9.]*\) s.*/\1/p' "$out")
  t2=$(sed -n 's/^threads 2: .*run median \([0-9.]*\) s.*/\1/p' "$out")
  wt=$(sed -n 's/^world production on the last day \([^ ]*\) .*/\1/p' "$out")
  PYTHONPATH=$BOARIO_PYTHONPATH "$PY" bench/boario_run.py "$table" "$reg" "$sec" \
    > "$WORK/$name.boario.txt" 2> "$WORK/$name.boario.err"
  tb=$(sed -n 's/^boario_loop_seconds //p' "$WORK/$name.boario.txt")
  wb=$(sed -n 's/^boario_world_production_last_day //p' "$WORK/$name.boario.txt")
  n=$(sed -n 's/^table .*: n = \([0-9]*\) .*/\1/p' "$out")
  awk -v name="$name" -v n="$n" -v t1="$t1" -v t2="$t2" -v tb="$tb" -v wt="$wt" -v wb="$wb" 'BEGIN {
    printf "%s (n = %d): BoARIO %.2f s; tradeshock %.3f s at 1 thread (BoARIO / tradeshock %.1f), %.3f s at 2 threads (%.1f)\n",
      name, n, tb, t1, tb / t1, t2, tb / t2
    printf "  world production on the last day: BoARIO %s, tradeshock %s M USD/day (relative difference %.1e)\n",
      wb, wt, (wb - wt) / wb }'
}

for c in "$@"; do
  case $c in
    wiod) one wiod data/wiod2011 bench/scenarios/ario-wiod2011.yaml CHN c12 ;;
    syn5000)
      t="$WORK/synthetic-50x100"
      [ -f "$t/Z.csv" ] || "$B/tradeshock" convert --synthetic 50x100 --seed 1 -o "$t" > /dev/null
      one syn5000 "$t" bench/scenarios/ario-synthetic.yaml R001 S001 ;;
    *) echo "compare-boario: unknown case '$c' (wiod, syn5000)" >&2; exit 2 ;;
  esac
done
