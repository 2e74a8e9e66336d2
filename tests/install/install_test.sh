#!/bin/sh
# cmake --install into a prefix inside the build folder, then build tests/install/program.c
# with `pkg-config --cflags --libs tradeshock` against it and run it on a fixture table.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR CC
set -e
build=$1 src=$2 cc=$3
prefix=$build/install-test
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name tradeshock.pc | head -1)
test -n "$pc" || { echo "no tradeshock.pc installed"; exit 1; }
test -f "$prefix/include/tradeshock/sim.h" || { echo "headers not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
flags=$(pkg-config --cflags --libs tradeshock)
libdir=$(pkg-config --variable=libdir tradeshock)
echo "pkg-config --cflags --libs tradeshock: $flags"
"$cc" -std=c17 -Wall -Wextra -Werror -o "$prefix/program" "$src/tests/install/program.c" $flags \
      -Wl,-rpath,"$libdir"
out=$("$prefix/program" "$src/tests/fixtures/cases/00-base-valid-2r2s/input")
echo "$out"
# the fixture is 2 regions x 2 sectors; ts_sim_min_inventory_days(60) = 30 + 30/3 = 40
test "$out" = "2 regions x 2 sectors; stable stock at tau 60: 40 days"
