#!/usr/bin/env python3
"""Seed corpora for the fuzz harnesses (fuzz/README.md): every table, split spec and
scenario of tests/fixtures/ and, when present, ../shared/cases/, packed the way the
harnesses read them (the files of one folder joined by the FZ_SEP line of fuzz_common.h).
usage: make_corpus.py REPO OUTDIR"""
import os, sys, hashlib

SEP = b"\n%%tradeshock-fuzz-next-file%%\n"
NAMES = {
    "native": ["Z.csv", "Y.csv", "x.csv", "regions.csv", "sectors.csv",
               "final_demand_categories.csv", "table.json", "v.csv"],
    "pymrio": ["file_parameters.json", "Z.txt", "Y.txt", "x.txt", "unit.txt", "A.txt",
               "metadata.json"],
    "wiod": None,  # the part files are named by their rows: taken in sorted order
}
WIOD_FIXED = ["F_final_demand.csv", "x_gross_output.csv", "countries.csv", "sectors.csv",
              "final_demand_categories.csv", "table.json"]


def read(p, cap=200000):
    with open(p, "rb") as f:
        return f.read(cap)


def pack(folder, names):
    parts = []
    for n in names:
        p = os.path.join(folder, n)
        parts.append(read(p) if os.path.isfile(p) else b"")
    while parts and not parts[-1]:
        parts.pop()
    return SEP.join(parts)


def put(out, kind, blob):
    if not blob:
        return
    d = os.path.join(out, kind)
    os.makedirs(d, exist_ok=True)
    h = hashlib.sha1(blob).hexdigest()[:16]
    with open(os.path.join(d, h), "wb") as f:
        f.write(blob)


def main():
    repo, out = sys.argv[1], sys.argv[2]
    roots = [os.path.join(repo, "tests", "fixtures"), os.path.join(repo, "scenarios"),
             os.path.join(repo, "data")]
    shared = os.environ.get("TS_SHARED_CASES") or os.path.join(repo, "..", "shared", "cases")
    if not os.path.isdir(shared):  # a git worktree: next to the main checkout
        import subprocess
        try:
            common = subprocess.run(["git", "-C", repo, "rev-parse", "--path-format=absolute",
                                     "--git-common-dir"], capture_output=True, text=True).stdout.strip()
            shared = os.path.join(os.path.dirname(common), "..", "shared", "cases")
        except OSError:
            pass
    if os.path.isdir(shared):
        roots.append(shared)
    for root in roots:
        for dirpath, dirs, files in os.walk(root):
            fs = set(files)
            big = any(os.path.getsize(os.path.join(dirpath, f)) > 200000 for f in files)
            if "Z.csv" in fs and not big:
                put(out, "native", pack(dirpath, NAMES["native"]))
            if "file_parameters.json" in fs and not big:
                put(out, "pymrio", pack(dirpath, NAMES["pymrio"]))
            parts = sorted(f for f in files if f.startswith("Z_part") and f.endswith(".csv"))
            if len(parts) >= 2 and not big:
                put(out, "wiod", pack(dirpath, parts[:2] + WIOD_FIXED))
            for f in files:
                p = os.path.join(dirpath, f)
                if os.path.getsize(p) > 200000:
                    continue
                if f.endswith(".csv") and "Z.csv" not in fs and "x_gross_output.csv" not in fs \
                        and not f.startswith(("regions", "sectors", "countries", "final_", "base-")):
                    put(out, "icio", read(p))
                if f.endswith((".yaml", ".yml")):
                    b = read(p)
                    put(out, "split" if b"parent:" in b else "scenario", b)


if __name__ == "__main__":
    main()
