#!/bin/sh
# Benchmarks (make bench): the daily model on the 10- and 41-region tables with the
# default scenario, then the static analysis (bench/analyze.sh). Medians and ratios.
set -eu
B=${BUILD:-build}
"$B/bench_sim" scenarios/rare-earths-2025.yaml data/wiod2011-agg10-ree "${RUNS:-7}"
"$B/bench_sim" scenarios/rare-earths-2025.yaml data/wiod2011-ree "${RUNS:-7}"
BIN="$B/tradeshock" sh bench/analyze.sh data/wiod2011 "${RUNS:-7}"
sh bench/ensemble.sh "${ENS_N:-40}" "${RUNS:-3}"
