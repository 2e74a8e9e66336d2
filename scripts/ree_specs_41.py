#!/usr/bin/env python3
"""Write the 41-region rare-earth chain split specs (data/mag-split-wiod2011.yaml,
data/rem-split-wiod2011.yaml) from the 10-region ones, with the mapping rules at the end of
data/sources/rare_earths/README.md T.3 (documented in data/PROVENANCE.md):
- buyer rows USA, CHN, JPN, KOR, TWN, IND, DEU as in the 10-region spec;
- CAN and MEX take the CAN_MEX row (its own share goes to the buyer itself);
- the other EU members take the EUR row with own = 5 (FRA), 2 (GBR), 5 (EST) and 0
  elsewhere, the difference added to CHN [A];
- AUS, BRA, IDN, RUS, TUR and RoW take the ROW row; RUS own 30 (Solikamsk), taken from CHN [A];
- origin "EUR" (EU producers) becomes EST (Neo Silmet), origin "ROW" becomes RoW, origin
  CAN_MEX becomes the buyer's own (CAN or MEX) [A].
Usage: /usr/bin/python3 scripts/ree_specs_41.py  (from the repository root)."""
import re

EU = "AUT BEL BGR CYP CZE DNK ESP EST FIN FRA GBR GRC HUN IRL ITA LTU LUX LVA MLT NLD POL PRT ROM SVK SVN SWE".split()
ROWS = "AUS BRA IDN RUS TUR RoW".split()
EU_OWN = {"FRA": 0.05, "GBR": 0.02, "EST": 0.05}


def parse_rows(text):
    rows = {}
    for m in re.finditer(r"^ {2,6}(\w+):\s+\{([^}]*)\}", text, re.M):
        rows[m.group(1)] = {k: float(v) for k, v in (p.split(":") for p in m.group(2).replace(" ", "").split(","))}
    return rows


def map_origin(o, buyer):
    return {"EUR": "EST", "ROW": "RoW", "CAN_MEX": buyer}.get(o, o)


def expand(rows, own_key):
    out = {}
    for q10, mix in rows.items():
        if q10 in ("USA", "CHN", "JPN", "KOR", "TWN", "IND", "DEU"):
            targets = [q10]
        elif q10 == "CAN_MEX":
            targets = ["CAN", "MEX"]
        elif q10 == "EUR":
            targets = EU
        else:
            targets = ROWS
        for q in targets:
            m = {}
            for o, v in mix.items():
                if o == q10 and q10 in ("EUR", "ROW"):
                    o2 = q if q10 == "EUR" else "RoW"
                else:
                    o2 = map_origin(o, q)
                m[o2] = m.get(o2, 0) + v
            if q10 == "EUR":  # own share: only where the country produces
                own = m.pop(q, 0.0)
                keep = EU_OWN.get(q, 0.0) if own_key else own
                keep = min(keep, own) if own_key else 0.0
                if keep:
                    m[q] = m.get(q, 0) + keep
                m["CHN"] += own - keep
            if q == "RUS":
                take = 0.30 - m.get("RUS", 0)
                m["RUS"] = m.get("RUS", 0) + take
                m["CHN"] -= take
            out[q] = {k: round(v, 6) for k, v in m.items() if v > 0}
    return out


def fmt(mix):
    return "{" + ", ".join(f"{k}: {v:g}" for k, v in mix.items()) + "}"


def rewrite(src, dst, outputs):
    text = open(src).read()
    text = text.replace("10-region WIOD 2011 table", "41-region WIOD 2011 table")
    text = text.replace("agg10", "wiod2011").replace("data/wiod2011-wiod2011", "data/wiod2011")
    text = text.replace("-o data/wiod2011-wiod2011-ree", "-o data/wiod2011-ree")
    # outputs
    text = re.sub(r"output_musd:\n(  .*\n)+", "output_musd:\n" + "".join(f"  {k}: {v}\n" for k, v in outputs.items()), text)
    for block in ("import_shares:", "    ", ):
        pass
    head, rest = text.split("import_shares:\n", 1)
    base_txt, _, by_txt = rest.partition("import_shares_by_sector:\n")
    base = expand(parse_rows(base_txt), True)
    lines = "".join(f"  {q}: {fmt(m)}\n" for q, m in base.items())
    text = head + "import_shares:   # 41-region rows by scripts/ree_specs_41.py (T.3 mapping rules)\n" + lines
    if by_txt:
        hdr = by_txt.split("\n", 1)[0]
        feed = expand(parse_rows(by_txt.split("\n", 1)[1]), True)
        text += "import_shares_by_sector:\n" + hdr + "\n" + "".join(f"    {q}: {fmt(m)}\n" for q, m in feed.items())
    open(dst, "w").write(text)


rewrite("data/mag-split-agg10.yaml", "data/mag-split-wiod2011.yaml",
        {"CHN": "12200    # as agg10", "JPN": 2100, "DEU": 300, "KOR": 100, "RoW": "350      # VNM/PHL/THA plants", "SVN": "20       # Magneti Ljubljana [A]"})
rewrite("data/rem-split-agg10.yaml", "data/rem-split-wiod2011.yaml",
        {"CHN": "6800     # as agg10", "USA": 350, "EST": "70       # Neo Silmet", "FRA": "50       # Solvay La Rochelle", "AUS": "150      # Mt Weld concentrate [A]", "RoW": "750      # Lynas MYS, VNM metals [A]"})
