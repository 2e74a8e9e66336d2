"""The Python API end to end on the shipped 10-region table: run -> xarray with index
coordinates, overrides by key path, errors with the key path, open_results (both cover
layouts), read_table against an independent pandas read of the table files, and the
README's Python example as written."""
import json
import os
import re
import subprocess
import sys
import warnings

import netCDF4
import numpy as np
import pandas as pd
import pytest

import tradeshock

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCEN = os.path.join(ROOT, "scenarios", "rare-earths-2025.yaml")
AGG10 = os.path.join(ROOT, "data", "wiod2011-agg10")

warnings.simplefilter("ignore", tradeshock.TradeshockWarning)


@pytest.fixture(scope="module")
def short(tmp_path_factory):
    out = tmp_path_factory.mktemp("r") / "short"
    ds = tradeshock.run(SCEN, out=str(out), horizon_days=40)
    return ds, str(out)


def test_run_gives_xarray_with_codes(short):
    ds, out = short
    assert ds.sizes["time"] == 40
    us15 = ds.production.sel(region="USA", sector="c15")
    assert us15.dims == ("time",) and us15.shape == (40,)
    base = float(ds.baseline_output.sel(region="USA", sector="c15"))
    # the series the README plots starts at the baseline and falls under the curbs
    assert abs(float(us15[0]) - base) < 1e-6 * base
    assert float(us15.min()) < base
    # output_loss is baseline - production, cell by cell
    np.testing.assert_array_equal(ds.output_loss.values,
                                  ds.baseline_output.values[None] - ds.production.values)
    # names as auxiliary coordinates, codes as the index
    assert str(ds.region_name.sel(region="CHN").values) == "China"
    assert "MAG" in ds.product.values and "REM" in ds.product.values
    cov = ds.inventory_days.sel(region="USA", sector="c15", product="MAG")
    assert cov.dims == ("time",) and np.isfinite(cov.values).all()
    # the scenario and the answers given during the run are in the attributes
    sc = json.loads(ds.attrs["scenario_json"])
    assert sc["horizon_days"] == 40 and "us-tariff-100" in [e.get("name") for e in sc["events"]]
    answers = json.loads(ds.attrs["retaliation_answers_json"])
    assert answers and answers[0]["type"] == "tariff"
    # out= kept the results folder, and its numbers are those of the dataset
    s = json.load(open(os.path.join(out, "summary.json")))
    total = float(ds.output_loss.sum())  # M USD/day summed over days = M USD
    assert abs(total - s["total_output_loss_musd"]) < 1e-6 * abs(s["total_output_loss_musd"])


def test_overrides_by_key_path(short):
    ds, _ = short
    d2 = tradeshock.run(SCEN, horizon_days=40, psi=0.5,
                        **{"events[us-tariff-100].rate": 0.5})
    sc = json.loads(d2.attrs["scenario_json"])
    assert sc["parameters"]["psi"] == 0.5
    assert [e["rate"] for e in sc["events"] if e.get("name") == "us-tariff-100"] == [0.5]
    assert float(d2.output_loss.sum()) != float(ds.output_loss.sum())
    assert tradeshock.override_path("psi") == "parameters.psi"
    assert tradeshock.override_path("horizon_days") == "horizon_days"
    assert tradeshock.yaml_value(float("inf")) == "infinite"


def test_errors_carry_the_key_path(tmp_path):
    with pytest.raises(tradeshock.InputError) as e:
        tradeshock.run(SCEN, psi=7)
    assert e.value.key == "parameters.psi"
    assert "override parameters.psi=7" in e.value.message
    assert isinstance(e.value, ValueError)
    with pytest.raises(tradeshock.InputError) as e:
        tradeshock.run(SCEN, **{"events[no-such-event].share": 0.1})
    assert "no-such-event" in e.value.message
    with pytest.raises(tradeshock.InputError) as e:
        tradeshock.run(str(tmp_path / "missing.yaml"))
    assert e.value.file.endswith("missing.yaml")
    # out= never replaces a folder that is not a results folder
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(tradeshock.InputError):
        tradeshock.run(SCEN, out=str(mine), horizon_days=5)
    assert (mine / "notes.txt").read_text() == "keep"


def test_open_results_gathered_layout(tmp_path):
    """The 41-region table is above the dense threshold: the file holds cover_pair; the
    decoded dense array has the file's values at the coded places, NaN elsewhere."""
    out = tmp_path / "wiod"
    scen = tmp_path / "wiod.yaml"
    scen.write_text("name: wiod-ban\ntable: %s\nstart_date: 2025-01-01\nhorizon_days: 8\n"
                    "events:\n  - type: export_restriction\n    from: CHN\n    to: USA\n"
                    "    products: [c12]\n    share: 0.5\n    start: 0\n"
                    % os.path.join(ROOT, "data", "wiod2011"))
    tradeshock.run(str(scen), out=str(out))
    nc = netCDF4.Dataset(str(out / "timeseries.nc"))
    assert "cover_pair" in nc.dimensions
    raw, code = nc["inventory_days"][:].filled(np.nan), nc["cover_pair"][:]
    R, S = len(nc.dimensions["region"]), len(nc.dimensions["sector"])
    regions, sectors = list(nc["region"][:]), list(nc["sector"][:])
    nc.close()
    ds = tradeshock.open_results(str(out))
    cov = ds.inventory_days
    assert cov.dims == ("time", "region", "sector", "product")
    for k in (0, len(code) // 2, len(code) - 1):
        j, p = divmod(int(code[k]), S)
        r, s = divmod(j, S)
        got = cov.sel(region=regions[r], sector=sectors[s], product=sectors[p]).values
        np.testing.assert_array_equal(got, raw[:, k])
    assert int(np.isfinite(cov.values).sum()) == int(np.isfinite(raw).sum())


def test_read_table_matches_the_files():
    t = tradeshock.read_table(AGG10)
    z = pd.read_csv(os.path.join(AGG10, "Z.csv"), index_col=0)
    y = pd.read_csv(os.path.join(AGG10, "Y.csv"), index_col=0)
    x = pd.read_csv(os.path.join(AGG10, "x.csv"), index_col=0)
    assert t.Z.index.names == ["region", "sector"] and t.Z.columns.names == ["region", "sector"]
    assert t.Y.columns.names == ["region", "category"]
    np.testing.assert_array_equal(t.Z.values, z.values)
    np.testing.assert_array_equal(t.Y.values, y.values)
    np.testing.assert_array_equal(t.x["indout"].values, x.values[:, 0])
    assert t.Z.index[0] == ("USA", "c1") and t.Y.columns[0] == ("USA", "CONS_h")
    assert t.sectors["c1"] == "Agriculture, Hunting, Forestry and Fishing"
    assert t.meta["year"] == "2011" and t.unit == "M USD/year"
    # v = x - colsum(Z)
    np.testing.assert_allclose(t.v.values, t.x["indout"].values - t.Z.values.sum(axis=0))
    with pytest.raises(tradeshock.InputError) as e:
        tradeshock.read_table(os.path.join(ROOT, "no-such-table"))
    assert "no-such-table" in e.value.message


def test_readme_example_runs_as_written(tmp_path):
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    m = re.search(r"<!-- python-example -->\s*```python\n(.*?)```", readme, re.S)
    assert m, "README lacks the marked Python example"
    code = m.group(1)
    assert len(code.strip().splitlines()) == 3
    check = ("\nimport matplotlib.pyplot as plt\nline = plt.gca().lines[0]\n"
             "assert len(line.get_ydata()) == 365\n"
             "assert plt.gca().get_title().startswith('region = USA')\n"
             "r, s = list(ds.region.values).index('USA'), list(ds.sector.values).index('c15')\n"
             "assert (line.get_ydata() == ds.production.values[:, r, s]).all()\n"
             "plt.savefig(%r)\n" % str(tmp_path / "us-c15.png"))
    inst = re.search(r"<!-- python-install -->\s*```sh\n(.*?)```", readme, re.S)
    assert inst and "PYTHONPATH=$PWD/python" in inst.group(1)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=os.path.join(ROOT, "python"))
    r = subprocess.run([sys.executable, "-c", code + check], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "us-c15.png").stat().st_size > 1000
