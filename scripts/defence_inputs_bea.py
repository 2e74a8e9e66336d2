#!/usr/bin/env python3
"""Input coefficients of the US defence parts (c13D, c14D, c15D) from the BEA 2017 detail
use table (producers' prices, before redefinitions; data/sources/usa_bea/), mapped to WIOD
sectors by NAICS code (MAP below). Prints YAML `inputs:` blocks for
data/us-defence-split-c1{3,4,5}.yaml. Each defence part is a weighted sum of BEA
industries, weights = the industry's 2017 output x the defence share of its output
(data/sources/rare_earths/ree_trade_origins.csv rows def_share_output_*: aircraft 27.5%,
shipbuilding 68.1%, guided missiles 65.7%, military armoured vehicles 30.2%, small
arms/ammunition 16.3%, search/detection/navigation instruments 42.6%).
Usage: /usr/bin/python3 scripts/defence_inputs_bea.py"""
import csv

USE = "data/sources/usa_bea/bea_detail_use_2017_producer_before_redef.csv"
PARTS = {
    "c15D": {"336411": 0.275, "336412": 0.275, "336413": 0.275, "336611": 0.681},
    "c13D": {"336414": 0.657, "33641A": 0.657, "336992": 0.302, "33299A": 0.163},
    "c14D": {"334511": 0.426},
}
# NAICS prefix -> WIOD 2013 sector (NACE Rev. 1 based; first match of the longest prefix)
MAP = [("111", "c1"), ("112", "c1"), ("113", "c1"), ("114", "c1"), ("115", "c1"),
       ("211", "c2"), ("212", "c2"), ("213", "c2"), ("22", "c17"), ("23", "c18"),
       ("311", "c3"), ("312", "c3"), ("313", "c4"), ("314", "c4"), ("315", "c4"),
       ("316", "c5"), ("321", "c6"), ("322", "c7"), ("323", "c7"), ("324", "c8"),
       ("325", "c9"), ("326", "c10"), ("327", "c11"), ("331", "c12"), ("332", "c12"),
       ("333", "c13"), ("334", "c14"), ("335", "c14"), ("336", "c15"), ("337", "c16"),
       ("339", "c16"), ("42", "c20"), ("44", "c21"), ("45", "c21"), ("4A", "c21"), ("4B", "c21"),
       ("481", "c25"), ("482", "c23"), ("483", "c24"), ("484", "c23"), ("485", "c23"),
       ("486", "c23"), ("487", "c26"), ("48A", "c26"), ("488", "c26"), ("492", "c27"), ("493", "c26"),
       ("491", "c27"), ("511", "c7"), ("512", "c34"), ("515", "c34"), ("517", "c27"),
       ("518", "c30"), ("519", "c30"), ("52", "c28"), ("531", "c29"), ("532", "c30"),
       ("533", "c30"), ("54", "c30"), ("55", "c30"), ("56", "c30"), ("61", "c32"),
       ("62", "c33"), ("71", "c34"), ("72", "c22"), ("81", "c34"), ("GSLGE", "c32"),
       ("GSLGH", "c33"), ("GSLGO", "c31"), ("S001", "c31"), ("S002", "c31"),
       ("S00401", "c12"), ("S00402", "c30"), ("S005", "c31"), ("S006", "c31"),
       ("S009", "c30"), ("S00300", "c30")]


def wiod(code):
    best = None
    for pre, s in MAP:
        if code.startswith(pre) and (best is None or len(pre) > len(best[0])):
            best = (pre, s)
    return best[1] if best else None


rows = list(csv.reader(open(USE)))
head = rows[0]
col = {c: i for i, c in enumerate(head)}
data = {r[0]: r for r in rows[1:]}


def val(r, c):
    v = data[r][col[c]]
    return float(v) if v not in ("", "NA") else 0.0


for part, inds in PARTS.items():
    out = sum(val("T008", c) * w for c, w in inds.items())
    coef = {}
    for r in data:
        if r.startswith(("T0", "V0")) or r == "4200ID":
            continue  # totals, value added; customs duties are a tax (counted as value added)
        s = wiod(r)
        if s is None:
            raise SystemExit(f"no WIOD sector for BEA commodity {r}")
        coef[s] = coef.get(s, 0.0) + sum(val(r, c) * w for c, w in inds.items()) / out
    va = sum(val(v, c) * w for v in ("V00100", "V00200", "V00300", "4200ID")
             for c, w in inds.items()) / out
    order = sorted(coef, key=lambda s: int(s[1:]))
    print(f"# {part}: defence-weighted output {out:.0f} M USD (2017); intermediate inputs "
          f"{sum(coef.values()):.4f}, value added {va:.4f} per unit of output")
    print("inputs:")
    for k in range(1, 36):
        print(f"  c{k}: {coef.get(f'c{k}', 0.0):.6f}")
