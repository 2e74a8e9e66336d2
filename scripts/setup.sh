#!/bin/sh
# Install the Debian packages tradeshock needs, only those that are missing.
# Used by `make`, `make run` and `make test`; safe to run again (no-op when complete).
set -eu
PKGS="build-essential cmake pkg-config libopenblas-dev liblapacke-dev libfyaml-dev \
libcjson-dev libcsv-dev libcmocka-dev libnetcdf-dev netcdf-bin libplplot-dev \
plplot-driver-cairo chromium fonts-dejavu-core librandom123-dev libopenmpi-dev openmpi-bin \
python3 python3-cffi python3-numpy python3-pandas python3-xarray python3-netcdf4 \
python3-matplotlib python3-pytest clang-14"
# python3-*: the Python package python/tradeshock (cffi binding, xarray/pandas results,
# the README's plot) and its pytest tests in the ctest suite;
# librandom123-dev: Philox counter-based random numbers (synthetic tables, ensembles);
# libopenmpi-dev, openmpi-bin: `mpirun -np P tradeshock ensemble` (optional at build time);
# netcdf-bin: ncdump for the NetCDF tests; plplot-driver-cairo: PNG charts (pngcairo);
# chromium + fonts-dejavu-core: the report test renders report.html in headless Chromium
# (Debian's chromium depends on no font package; without one its text would not render).
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
echo "setup: installing missing Debian packages:$missing" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
