#!/bin/sh
# One case of ../shared/cases (next to the repository) run by its own `check` script:
#   shared_check.sh REPO CASE BINARY
# prints the check's PASS/FAIL line; exit 0 on PASS, 1 on FAIL, 77 (ctest: skipped) when
# the shared folder is not there. The folder is looked up as $TS_SHARED_CASES, then
# REPO/../shared/cases, then (a git worktree) next to the main checkout.
#
# The checks were written against the first tidy layout of timeseries.csv
# (region,sector,variable = exports_to:<PARTNER> ...); tradeshock's layout names the input
# and partner in columns of their own (README "Results folder"). As cases/README.md asks
# ("convert the cases mechanically and keep each fault"), the check's CSV reader is given
# both layouts; nothing else of the check changes.
set -u
repo="$1"; case_name="$2"; bin="$3"
dir="${TS_SHARED_CASES:-}"
if [ -z "$dir" ]; then
    dir="$repo/../shared/cases"
    if [ ! -d "$dir" ] && common="$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
        dir="$(dirname "$common")/../shared/cases"
    fi
fi
if [ ! -d "$dir" ]; then
    echo "SKIP $case_name: the shared cases folder is absent ($repo/../shared/cases; set TS_SHARED_CASES)"
    exit 77
fi
check="$dir/$case_name/check"
if [ ! -f "$check" ]; then
    echo "FAIL $case_name: $check not found (the case is missing from $dir)"
    exit 1
fi
tmp="$(mktemp -d)" || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/$case_name"
cp -R "$dir/$case_name/." "$tmp/$case_name/"
python3 "$repo/tests/cases/tidy_adapter.py" "$tmp/$case_name/check" || exit 1
out="$(bash "$tmp/$case_name/check" "$bin" 2>&1)"
rc=$?
echo "$out"
[ $rc -eq 0 ] && echo "$out" | grep -q "^PASS" && exit 0
exit 1
