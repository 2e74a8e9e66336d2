#!/bin/sh
# Run every fuzz harness for FUZZ_SECONDS (default 60) on its seed corpus (make_corpus.py),
# one after the other; stop at the first crash (its input is in BUILD/fuzz/artifacts/NAME/).
# usage: fuzz/run.sh BUILD_DIR [SECONDS] [NAME...]
set -eu
build="$1"; shift
secs="${1:-${FUZZ_SECONDS:-60}}"; [ $# -gt 0 ] && shift
names="${*:-native pymrio icio wiod split scenario}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
seeds="$build/fuzz/seeds"
rm -rf "$seeds"
python3 "$repo/fuzz/make_corpus.py" "$repo" "$seeds"
status=0
for n in $names; do
    corpus="$build/fuzz/corpus/$n"; art="$build/fuzz/artifacts/$n"
    mkdir -p "$corpus" "$art" "$seeds/$n"
    log="$build/fuzz/$n.log"
    echo "fuzz_$n: ${secs} s, seeds $(ls "$seeds/$n" | wc -l)"
    if ! "$build/fuzz/fuzz_$n" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" "$corpus" "$seeds/$n" \
        >"$log" 2>&1; then
        echo "fuzz_$n: CRASH (see $log and $art/)"; tail -30 "$log"; status=1
        break
    fi
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|#[0-9]+ *DONE" "$log" | tr '\n' ' '
    echo
done
exit $status
