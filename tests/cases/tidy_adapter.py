#!/usr/bin/env python3
"""Give a shared case's `check` script a timeseries.csv reader that also knows tradeshock's
tidy layout (day,date,region,sector,input,partner,variable,value,unit): a row
`AAA,,S1,BBB,exports` is the first layout's `AAA,S1,exports_to:BBB`, `inventory_days`
with input P is `inventory_days:P`, trade of all products has sector ALL. Only the
function `timeseries` of the check is replaced (tests/cases/shared_check.sh)."""
import re, sys

NEW = '''def timeseries(path):
    """{(day, region, sector, variable): value} of a tidy timeseries.csv, and its header
    (both tidy layouts; tests/cases/tidy_adapter.py)."""
    rows = read_csv_rows(path)
    head = rows[0] if rows else []
    ix = {h: k for k, h in enumerate(head)}
    need = ["day", "region", "sector", "variable", "value"]
    if any(h not in ix for h in need):
        return None, head
    d = {}
    for r in rows[1:]:
        if len(r) < len(head):
            continue
        reg, sec, var = r[ix["region"]], r[ix["sector"]], r[ix["variable"]]
        inp = r[ix["input"]] if "input" in ix else ""
        par = r[ix["partner"]] if "partner" in ix else ""
        if var in ("exports", "imports") and par:
            sec = inp or "ALL"
            var = ("exports_to:" if var == "exports" else "imports_from:") + par
        elif var == "inventory_days" and inp:
            var = "inventory_days:" + inp
        try:
            d[(int(r[ix["day"]]), reg, sec, var)] = float(r[ix["value"]])
        except ValueError:
            d[(int(r[ix["day"]]), reg, sec, var)] = float("nan")
    return d, head

'''

path = sys.argv[1]
s = open(path, encoding="utf-8").read()
m = re.search(r"^def timeseries\(path\):\n(?:(?:    .*|)\n)*?(?=^\S)", s, re.M)
if m:
    s = s[:m.start()] + NEW + s[m.end():]
open(path, "w", encoding="utf-8").write(s)
