#!/usr/bin/python3
"""Run BoARIO (ARIOPsiModel, its default parameters) on a tradeshock native table folder
with one capacity loss, and print the seconds of its simulation loop (bench/README.md).

usage: boario_run.py TABLE_DIR REGION SECTOR [DAYS]

The event is the one of bench/scenarios/ario-*.yaml: EventArbitraryProd on
(REGION, SECTOR), impact 0.3, occurrence 10, duration 90, recovery_tau 30, linear
(tradeshock's start 10, end 101, recovery_days 30 with mode: ario; see
tests/fixtures/boario/README.md for the correspondence). Industries with x <= 0 in x.csv
get no final demand (see below). Needs BoARIO and pymrio on
PYTHONPATH (bench/compare-boario.sh sets it from BOARIO_PYTHONPATH); reads the CSVs with
pandas. Prints `boario_setup_seconds S`, `boario_loop_seconds S` and
`boario_world_production_last_day X` (M USD/day, to check both ran the same thing)."""
import csv
import sys
import tempfile
import time

import numpy as np
import pandas as pd


def labels(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [row["code"] for row in csv.DictReader(f)]


def split(label, regions):
    # a label is <region code>_<code>; region codes may contain '_'
    for r in sorted(regions, key=len, reverse=True):
        if label.startswith(r + "_"):
            return (r, label[len(r) + 1:])
    raise ValueError("label %r names no region" % label)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    table, region, sector = sys.argv[1:4]
    days = int(sys.argv[4]) if len(sys.argv) > 4 else 365
    import pymrio
    from boario import event
    from boario.extended_models import ARIOPsiModel
    from boario.simulation import Simulation

    regions = labels(table + "/regions.csv")
    Z = pd.read_csv(table + "/Z.csv", index_col=0)
    Y = pd.read_csv(table + "/Y.csv", index_col=0)
    rows = pd.MultiIndex.from_tuples([split(c, regions) for c in Z.index], names=["region", "sector"])
    Z.index = rows
    Z.columns = pd.MultiIndex.from_tuples([split(c, regions) for c in Z.columns],
                                          names=["region", "sector"])
    # industries without output (x.csv <= 0; tradeshock makes them zero-output, model.md)
    # get no final demand: WIOD has two with a final demand of -1, which BoARIO turns
    # into a negative output and capacity and stops
    x = pd.read_csv(table + "/x.csv", index_col=0).iloc[:, 0]
    Y.loc[(x <= 0).values, :] = 0
    Y.index = rows
    Y.columns = pd.MultiIndex.from_tuples([split(c, regions) for c in Y.columns],
                                          names=["region", "category"])
    t0 = time.perf_counter()
    io = pymrio.IOSystem(Z=Z, Y=Y, unit=pd.DataFrame({"unit": ["M USD"] * len(rows)}, index=rows))
    io.calc_all()
    model = ARIOPsiModel(io)
    out = tempfile.mkdtemp(prefix="boario-bench")
    sim = Simulation(model, n_temporal_units_to_sim=days, boario_output_dir=out)
    ev = event.from_series(pd.Series({(region, sector): 0.30}), event_type="arbitrary",
                           occurrence=10, duration=90, recovery_tau=30,
                           recovery_function="linear")
    sim.add_event(ev)
    t1 = time.perf_counter()
    sim.loop()
    t2 = time.perf_counter()
    print("boario_setup_seconds %.3f" % (t1 - t0))
    print("boario_loop_seconds %.3f" % (t2 - t1))
    prod = np.asarray(sim.production_realised)
    print("boario_world_production_last_day %.10g" % prod[days - 1].sum())


if __name__ == "__main__":
    main()
