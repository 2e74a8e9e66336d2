"""tradeshock for Python: a thin binding over the C library (libtradeshock.so, cffi ABI
mode). Three functions:

- ``run(scenario, table=None, out=None, threads=0, **overrides) -> xarray.Dataset``
- ``open_results(dir) -> xarray.Dataset``
- ``read_table(path, format=None) -> Table`` (pandas objects, pymrio's MultiIndex
  conventions ``region``, ``sector`` / ``region``, ``category``)

Errors of the library are raised as ``TradeshockError`` (``InputError``, also a
ValueError, for bad input) carrying the file, line, column and YAML key path.
See python/README.md and the README's "Python" section."""
import math
import os
import shutil
import tempfile
import warnings

import numpy as np
import pandas as pd
import xarray as xr

from ._lib import ffi, lib
from .errors import InputError, TradeshockError, raise_for

__all__ = ["run", "open_results", "read_table", "Table", "TradeshockError", "InputError",
           "TradeshockWarning", "override_path", "yaml_value"]

#: A cover table above this many values (time x region x sector x product) stays in the
#: gathered layout (cover_pair with a region/sector/product MultiIndex) in open_results.
DENSE_COVER_MAX = 25_000_000

#: Top-level scenario keys an override keyword may name directly; any other bare keyword
#: is a parameter (``psi=0.7`` sets ``parameters.psi``).
TOP_LEVEL = {"name", "description", "table", "start_date", "horizon_days", "events", "groups",
             "retaliation", "splits", "parameters"}


class TradeshockWarning(UserWarning):
    """A warning of the library (table diagnostics, parameters outside the stable range)."""


def yaml_value(v):
    """A Python value as the YAML text of an override: True -> true, inf -> infinite,
    numbers with repr (round trip), lists as [a, b], strings as they are."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        if math.isinf(v) and v > 0:
            return "infinite"
        return repr(float(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    return str(v)


def override_path(key):
    """The key path of an override keyword: a path as it is (``events[ree-curbs].share``,
    ``parameters.substitutability.REE``), a top-level key (``horizon_days``) as it is, any
    other bare name under ``parameters`` (``psi`` -> ``parameters.psi``)."""
    if "." in key or "[" in key or key in TOP_LEVEL:
        return key
    return "parameters." + key


def _logger(keep):
    @ffi.callback("void(void *, int, const char *)")
    def log(user, level, msg):
        if level >= 2:  # TS_LOG_WARN
            keep.append(ffi.string(msg).decode("utf-8", "replace"))
    return log


def _warn_all(msgs):
    for m in msgs:
        warnings.warn(m, TradeshockWarning, stacklevel=3)


def run(scenario, table=None, out=None, threads=0, **overrides):
    """Simulate ``scenario`` (a YAML file) and return its results as an xarray.Dataset
    (the layout of timeseries.nc, loaded into memory: see open_results).

    table: another table with the same labels (a native/pymrio folder, an ICIO csv).
    out: also keep the results folder there (summary.json, timeseries.nc, ...); it is
        replaced only if it is a results folder (holds summary.json) or empty. Without it
        the files are written to a temporary folder that is removed.
    threads: OpenMP threads (0: default); results do not depend on it.
    overrides: scenario values by key path, applied before validation (the library's
        overrides, docs/scenario-format.md "Overrides by key path"): ``psi=0.7``,
        ``horizon_days=90``, ``**{"events[us-tariff-100].rate": 0.5}``.
    Raises InputError (with .key, .file, .line) for a bad scenario, table or override."""
    if out is not None and os.path.exists(out):
        if not os.path.isdir(out) or (os.listdir(out) and
                                      not os.path.exists(os.path.join(out, "summary.json"))):
            raise InputError(1, f"{out}: -o/out exists and is not a tradeshock results folder "
                                "(no summary.json): it would be replaced; choose another folder",
                             file=out, key="out")
    keep = []  # the C strings must live until the call returns
    ovs = ffi.new("ts_override[]", max(1, len(overrides)))
    for k, (key, val) in enumerate(overrides.items()):
        p, v = ffi.new("char[]", override_path(key).encode()), ffi.new("char[]", yaml_value(val).encode())
        keep += [p, v]
        ovs[k].path, ovs[k].value = p, v
    msgs = []
    cb = _logger(msgs)
    logger = ffi.new("ts_logger *", {"fn": cb, "user": ffi.NULL})
    scen = ffi.new("char[]", os.fsencode(scenario))
    tab = ffi.new("char[]", os.fsencode(table)) if table else ffi.NULL
    rq = ffi.new("ts_run_request *", {"scenario": scen, "table": tab, "overrides": ovs,
                                       "n_overrides": len(overrides), "threads": int(threads),
                                       "log": logger})
    err = ffi.new("ts_error *")
    runp = ffi.new("ts_run **")
    L = lib()
    if L.ts_run_scenario(rq, runp, err):
        _warn_all(msgs)
        raise_for(ffi, err)
    parent = os.path.dirname(os.path.abspath(out)) if out else None
    if parent:
        os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".tradeshock-", dir=parent)
    try:
        rc = L.ts_run_write(runp[0], rq, os.fsencode(tmp), 0, ffi.NULL, err)
        L.ts_run_free(runp[0])
        if rc:
            raise_for(ffi, err)
        ds = open_results(tmp)
        if out:
            if os.path.exists(out):
                shutil.rmtree(out)
            os.rename(tmp, out)
            tmp = None
            ds.attrs["results_dir"] = os.path.abspath(out)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    _warn_all(msgs)
    return ds


def _dense_cover(ds):
    """inventory_days(time, cover_pair) -> inventory_days(time, region, sector, product)."""
    cov = ds["inventory_days"]
    T, R, S, P = ds.sizes["time"], ds.sizes["region"], ds.sizes["sector"], ds.sizes["product"]
    code = ds["cover_pair"].values.astype(np.int64)  # (r*S + s)*P + p
    full = np.full((T, R * S * P), np.nan)
    full[:, code] = cov.values
    dense = xr.DataArray(full.reshape(T, R, S, P), dims=("time", "region", "sector", "product"),
                         attrs={k: v for k, v in cov.attrs.items() if k != "coordinates"})
    ds = ds.drop_vars(["inventory_days", "cover_pair", "cover_region", "cover_sector",
                       "cover_product"], errors="ignore")
    ds["inventory_days"] = dense
    return ds


def open_results(dir):
    """Open a results folder's timeseries.nc as an xarray.Dataset loaded into memory (the
    file is closed). Index coordinates region, sector, product, partner, group (codes), so
    ``ds.production.sel(region="USA", sector="c15")`` works. inventory_days comes as
    (time, region, sector, product) with NaN where not recorded; a file written in the
    gathered layout (large tables, cover_pair) is decoded to that form when it has at
    most DENSE_COVER_MAX values, otherwise cover_pair gets a MultiIndex of
    (cover_region, cover_sector, cover_product). The global attributes hold the scenario
    (scenario_json: every parameter and event), the retaliation answers and the table."""
    path = os.path.join(dir, "timeseries.nc")
    if not os.path.exists(path):
        raise InputError(1, f"{path}: file not found; expected a tradeshock results folder "
                            "(written by `tradeshock run` or tradeshock.run)", file=path)
    with xr.open_dataset(path) as f:
        ds = f.load()
    if "cover_pair" in ds.dims:
        n = ds.sizes["time"] * ds.sizes["region"] * ds.sizes["sector"] * ds.sizes["product"]
        if n <= DENSE_COVER_MAX:
            ds = _dense_cover(ds)
        else:
            ds = ds.set_index(cover_pair=["cover_region", "cover_sector", "cover_product"])
    return ds


class Table:
    """A table read by the library, as pandas objects with pymrio's conventions:
    Z (industries x industries) and Y (industries x region/category) DataFrames, x a
    DataFrame with column ``indout`` (pymrio's name), v (value added) a Series, all on the
    MultiIndex (region, sector) by code; regions, sectors, categories: Series code -> name;
    meta: name, year, currency, unit, source, licence, path. Values in the table's unit
    per year (``unit``)."""

    def __repr__(self):
        return (f"<tradeshock.Table {self.meta.get('name') or ''}: {len(self.regions)} regions x "
                f"{len(self.sectors)} sectors, {len(self.categories)} final-demand categories, "
                f"{self.meta.get('unit') or ''}>")


FORMATS = {None: 0, "auto": 0, "native": 1, "pymrio": 2, "icio": 3, "wiod": 4}


def read_table(path, format=None):
    """Read a table in any supported format (native folder, pymrio text folder, OECD ICIO
    csv, WIOD folder; ``format`` forces one) with the library's checks; warnings become
    TradeshockWarning. Returns a Table (see there)."""
    if format not in FORMATS:
        raise InputError(1, f"format '{format}': expected one of native, pymrio, icio, wiod",
                         key="format")
    msgs = []
    cb = _logger(msgs)
    logger = ffi.new("ts_logger *", {"fn": cb, "user": ffi.NULL})
    err = ffi.new("ts_error *")
    mp = ffi.new("ts_mrio **")
    L = lib()
    if L.ts_mrio_read_format(os.fsencode(path), FORMATS[format], logger, mp, err):
        _warn_all(msgs)
        raise_for(ffi, err)
    m = mp[0]
    try:
        R, S, F, n = (L.ts_mrio_size(m, c.encode()) for c in "RSFn")

        def array(which, size):
            p = L.ts_mrio_array(m, which.encode())
            return np.frombuffer(ffi.buffer(p, size * 8), dtype=np.float64).copy()

        rc, sc, fc = ([ffi.string(L.ts_mrio_label_text(m, w.encode(), i, 0)).decode()
                       for i in range(k)] for w, k in (("R", R), ("S", S), ("F", F)))
        rn, sn, fn = ([ffi.string(L.ts_mrio_label_text(m, w.encode(), i, 1)).decode()
                       for i in range(k)] for w, k in (("R", R), ("S", S), ("F", F)))
        ind = pd.MultiIndex.from_product([rc, sc], names=["region", "sector"])
        fd = pd.MultiIndex.from_product([rc, fc], names=["region", "category"])
        t = Table()
        t.Z = pd.DataFrame(array("Z", n * n).reshape(n, n), index=ind, columns=ind)
        t.Y = pd.DataFrame(array("Y", n * R * F).reshape(n, R * F), index=ind, columns=fd)
        t.x = pd.DataFrame({"indout": array("x", n)}, index=ind)
        t.v = pd.Series(array("v", n), index=ind, name="value_added")
        t.regions = pd.Series(rn, index=pd.Index(rc, name="region"), name="name")
        t.sectors = pd.Series(sn, index=pd.Index(sc, name="sector"), name="name")
        t.categories = pd.Series(fn, index=pd.Index(fc, name="category"), name="name")
        t.meta = {}
        for k in ("name", "year", "currency", "unit", "source", "licence", "path"):
            p = L.ts_mrio_meta_text(m, k.encode())
            t.meta[k] = ffi.string(p).decode() if p != ffi.NULL else None
        t.unit = t.meta["unit"]
    finally:
        L.ts_mrio_free(m)
    _warn_all(msgs)
    return t
