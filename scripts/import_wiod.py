#!/usr/bin/env python3
"""Convert the WIOD 2013-release table for 2011 into tradeshock's native table folders.

Dev-time tool, run by hand (python3 standard library only); tradeshock never runs it.

    python3 scripts/import_wiod.py [--src /work/shared/data] [--out data]

Reads
  SRC/mrio_wiod2013_2011/        Z_part1_rows_AUS-IND.csv + Z_part2_rows_IRL-RoW.csv (rows
                                 concatenated in that order), F_final_demand.csv,
                                 x_gross_output.csv, countries.csv, sectors.csv,
                                 final_demand_categories.csv
  SRC/mrio_wiod2013_2011_agg10/  Z.csv, F_final_demand.csv, x_gross_output_va.csv,
                                 region_map.csv (sector labels/names come from the full table)
Writes
  OUT/wiod2011/        41 regions x 35 sectors, 5 final-demand categories
  OUT/wiod2011-agg10/  10 regions x 35 sectors, 5 final-demand categories
each with regions.csv, sectors.csv, final_demand_categories.csv, Z.csv, Y.csv, x.csv and
table.json. Numbers are copied as text, unchanged. Every label is checked (same order in
rows and columns, region-major, matching the label files) before anything is written; a
folder is written under a temporary name and renamed into place at the end.
Prints the facts quoted in data/PROVENANCE.md (zero outputs, negative entries, row gaps).
"""
import argparse
import csv
import json
import os
import shutil
import sys
import tempfile

FULL = "mrio_wiod2013_2011"
AGG = "mrio_wiod2013_2011_agg10"
SOURCE_FULL = ("WIOD 2013 release, world input-output table 2011 (GGDC, University of "
               "Groningen), via GitHub bquast/wiod @ 59a28ac (data/wiot_2011.RData); "
               "cite Timmer et al. (2015), Review of International Economics 23: 575-605")
SOURCE_AGG = SOURCE_FULL + "; aggregated to 10 regions by summation (region_map.csv)"
LICENCE = "CC BY 4.0"
GROUP_NAMES = {  # descriptions of the multi-country regions of the aggregated table
    "EUR": "Other EU-27 (2011) countries incl. GBR",
    "CAN_MEX": "Canada and Mexico",
    "ROW": "Rest of the world",
}


def fail(msg):
    sys.exit("import_wiod: error: " + msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        fail(f"{path}: empty file")
    return rows


def read_dicts(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def check_number(text, where):
    try:
        v = float(text)
    except ValueError:
        fail(f"{where}: '{text}' is not a number")
    if v != v or v in (float("inf"), float("-inf")):
        fail(f"{where}: '{text}' is not finite")
    return v


def expect_labels(found, expected, where):
    if found != expected:
        for k, (a, b) in enumerate(zip(found, expected)):
            if a != b:
                fail(f"{where}: label {k + 1} is '{a}', expected '{b}'")
        fail(f"{where}: {len(found)} labels, expected {len(expected)}")


def matrix(rows, row_labels, col_labels, name):
    """Check a labelled matrix (header + rows) and return its value rows (as text)."""
    expect_labels(rows[0][1:], col_labels, f"{name} header")
    expect_labels([r[0] for r in rows[1:]], row_labels, f"{name} row labels")
    body = []
    for k, r in enumerate(rows[1:], start=2):
        if len(r) != len(col_labels) + 1:
            fail(f"{name} line {k}: {len(r)} fields, expected {len(col_labels) + 1}")
        for j, t in enumerate(r[1:]):
            check_number(t, f"{name} line {k} column {j + 2}")
        body.append(r[1:])
    return body


def write_csv(path, header, rows, quote_all=False):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n",
                       quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)


def write_table(out, regions, sectors, cats, Z, Y, x, meta):
    """Write one native folder atomically (temporary sibling, then rename)."""
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=os.path.basename(out) + ".tmp-", dir=parent)
    try:
        ind = [f"{r}_{s}" for r, _ in regions for s, _ in sectors]
        fdc = [f"{r}_{c}" for r, _ in regions for c, _ in cats]
        write_csv(os.path.join(tmp, "regions.csv"), ["code", "name"], regions, True)
        write_csv(os.path.join(tmp, "sectors.csv"), ["code", "name"], sectors, True)
        write_csv(os.path.join(tmp, "final_demand_categories.csv"), ["code", "name"], cats, True)
        write_csv(os.path.join(tmp, "Z.csv"), ["row"] + ind,
                  [[lab] + r for lab, r in zip(ind, Z)])
        write_csv(os.path.join(tmp, "Y.csv"), ["row"] + fdc,
                  [[lab] + r for lab, r in zip(ind, Y)])
        write_csv(os.path.join(tmp, "x.csv"), ["row", "gross_output"],
                  [[lab, v] for lab, v in zip(ind, x)])
        with open(os.path.join(tmp, "table.json"), "w", encoding="utf-8") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")
        os.chmod(tmp, 0o755)
        if os.path.exists(out):
            shutil.rmtree(out)
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def facts(name, regions, sectors, cats, Z, Y, x):
    """Print what PROVENANCE.md states about the table."""
    ind = [f"{r}_{s}" for r, _ in regions for s, _ in sectors]
    fdc = [f"{r}_{c}" for r, _ in regions for c, _ in cats]
    Zf = [[float(v) for v in r] for r in Z]
    Yf = [[float(v) for v in r] for r in Y]
    xf = [float(v) for v in x]
    n = len(ind)
    nonint = sum(v != int(v) for r in Zf + Yf for v in r) + sum(v != int(v) for v in xf)
    zero = [ind[i] for i in range(n) if xf[i] == 0]
    negx = [(ind[i], xf[i]) for i in range(n) if xf[i] < 0]
    negz = sum(v < 0 for r in Zf for v in r)
    negy = [(ind[i], fdc[k], v) for i, r in enumerate(Yf) for k, v in enumerate(r) if v < 0]
    bycat = {}
    for _, c, _ in negy:
        cat = next(cc for cc, _ in cats if c.endswith("_" + cc))
        bycat[cat] = bycat.get(cat, 0) + 1
    gaps = [xf[i] - sum(Zf[i]) - sum(Yf[i]) for i in range(n)]
    worst = max(range(n), key=lambda i: abs(gaps[i]))
    colsum = [sum(Zf[i][j] for i in range(n)) for j in range(n)]
    negva = [ind[j] for j in range(n) if xf[j] - colsum[j] < 0]
    zero_flows = [(ind[i], sum(Zf[i]), sum(Yf[i]), colsum[i]) for i in range(n)
                  if xf[i] == 0 and (any(Zf[i]) or any(Yf[i]) or colsum[i])]
    print(f"{name}: {len(regions)} regions x {len(sectors)} sectors = {n} industries, "
          f"{len(fdc)} final-demand columns; total gross output {sum(xf):.0f} M USD")
    print(f"  non-integer values: {nonint}")
    print(f"  zero gross output: {len(zero)}: {', '.join(zero)}")
    print(f"  negative gross output: {negx or 'none'}")
    print(f"  zero-output industries with flows (label, Z row sum, Y row sum, Z col sum): "
          f"{zero_flows or 'none'}")
    print(f"  negative Z entries: {negz}; negative Y entries: {len(negy)} by category {bycat}")
    print(f"  negative final demand outside inventories: "
          f"{[e for e in negy if not e[1].endswith('INVEN')]}")
    print(f"  row gap x - (rowsum Z + rowsum Y): min {min(gaps):.0f}, max {max(gaps):.0f}, "
          f"mean {sum(gaps) / n:.2f}; worst {ind[worst]} {gaps[worst]:+.0f} "
          f"(x = {xf[worst]:.0f}); rows with zero gap: {sum(g == 0 for g in gaps)}")
    print(f"  negative value added (x - colsum Z): {negva or 'none'}")


def import_full(src, out):
    d = os.path.join(src, FULL)
    countries = [(r["code"], r["name"]) for r in read_dicts(os.path.join(d, "countries.csv"))]
    sectors = [(r["code"], r["name"]) for r in read_dicts(os.path.join(d, "sectors.csv"))]
    cats = [(r["code"], r["name"])
            for r in read_dicts(os.path.join(d, "final_demand_categories.csv"))]
    ind = [f"{c}_{s}" for c, _ in countries for s, _ in sectors]
    fdc = [f"{c}_{k}" for c, _ in countries for k, _ in cats]
    p1 = read_csv(os.path.join(d, "Z_part1_rows_AUS-IND.csv"))
    p2 = read_csv(os.path.join(d, "Z_part2_rows_IRL-RoW.csv"))
    expect_labels(p2[0], p1[0], "Z part 2 header vs part 1")
    Z = matrix(p1 + p2[1:], ind, ind, "Z (part1 + part2)")
    Y = matrix(read_csv(os.path.join(d, "F_final_demand.csv")), ind, fdc, "F_final_demand.csv")
    xr = read_dicts(os.path.join(d, "x_gross_output.csv"))
    expect_labels([r["row"] for r in xr], ind, "x_gross_output.csv rows")
    x = [r["gross_output"] for r in xr]
    for k, t in enumerate(x):
        check_number(t, f"x_gross_output.csv line {k + 2}")
    meta = {"name": "WIOD 2013 release, world input-output table 2011 (41 regions x 35 sectors)",
            "year": 2011, "currency": "USD", "unit": "M USD/year",
            "source": SOURCE_FULL, "licence": LICENCE}
    write_table(out, countries, sectors, cats, Z, Y, x, meta)
    facts("wiod2011", countries, sectors, cats, Z, Y, x)
    return sectors, cats


def import_agg(src, out, sectors, cats):
    d = os.path.join(src, AGG)
    rmap = read_dicts(os.path.join(d, "region_map.csv"))
    zrows = read_csv(os.path.join(d, "Z.csv"))
    codes = []
    for lab in zrows[0][1:]:
        reg = next((s and lab[:-len(s) - 1] for s, _ in sectors if lab.endswith("_" + s)), None)
        if not reg:
            fail(f"agg10 Z.csv: label '{lab}' does not end in a WIOD sector code")
        if reg not in codes:
            codes.append(reg)
    mapped = []
    for r in rmap:
        if r["region"] not in mapped:
            mapped.append(r["region"])
    if sorted(mapped) != sorted(codes):
        fail(f"region_map.csv regions {mapped} differ from Z.csv regions {codes}")
    regions = []
    for c in codes:
        members = [r for r in rmap if r["region"] == c]
        if len(members) == 1:
            regions.append((c, members[0]["name"]))
        else:
            desc = GROUP_NAMES.get(c, c)
            regions.append((c, f"{desc} ({', '.join(m['country'] for m in members)})"))
    ind = [f"{c}_{s}" for c in codes for s, _ in sectors]
    fdc = [f"{c}_{k}" for c in codes for k, _ in cats]
    Z = matrix(zrows, ind, ind, "agg10 Z.csv")
    Y = matrix(read_csv(os.path.join(d, "F_final_demand.csv")), ind, fdc,
               "agg10 F_final_demand.csv")
    xr = read_dicts(os.path.join(d, "x_gross_output_va.csv"))
    expect_labels([r["row"] for r in xr], ind, "agg10 x_gross_output_va.csv rows")
    x = [r["gross_output"] for r in xr]
    for k, t in enumerate(x):
        check_number(t, f"agg10 x_gross_output_va.csv line {k + 2}")
    meta = {"name": "WIOD 2013 release, world input-output table 2011, aggregated to 10 regions "
                    "x 35 sectors",
            "year": 2011, "currency": "USD", "unit": "M USD/year",
            "source": SOURCE_AGG, "licence": LICENCE}
    write_table(out, regions, sectors, cats, Z, Y, x, meta)
    facts("wiod2011-agg10", regions, sectors, cats, Z, Y, x)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default="/work/shared/data", help="folder with the WIOD CSVs")
    ap.add_argument("--out", default=os.path.join(root, "data"), help="output folder")
    a = ap.parse_args()
    sectors, cats = import_full(a.src, os.path.join(a.out, "wiod2011"))
    import_agg(a.src, os.path.join(a.out, "wiod2011-agg10"), sectors, cats)


if __name__ == "__main__":
    main()
