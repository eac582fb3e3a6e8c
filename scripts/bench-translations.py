#!/usr/bin/env python3
"""Stories and translated copies on a translations set (Python 3 standard library only).

  scripts/bench-translations.py [--newsdesk BIN] [--set DIR] [--scorer PY] [--jobs 1,default] [--runs N]

Ingests the set's pages (default ../shared/datasets/translations-dev) into a fresh corpus once per `-j`
setting (and `--runs` times each), exports it as JSON Lines and prints, per run:

  recall     pairs (original + translation) in one story (the scorer's pair_recall)
  marked     pairs whose translation carries `translation_of` naming its original (right direction), and
             wrong-direction or wrong-partner links
  precision  same-story precision over pairs with a WMT page (the scorer's rule)
  largest    the largest story

for the whole set and for two halves A and B: every page goes to a half by a hash of its document (a pair's
two pages share one), so errors can be read on half A only and half B reported beside it as held aside.
The last line compares the stories of all runs (same partition of pages: "identical").

The scorer is ../shared/bench/score_translations.py, run on the export with the set's expected.json (or a
copy holding one half's pages; pages of the other half then count as unknown records and are ignored).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def half(row):
    """'A' or 'B' by a stable hash of the page's document (its file when it has none)."""
    unit = row.get("doc") or row["file"]
    return "A" if hashlib.sha1(unit.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        sys.exit(f"failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr[-2000:]}")
    return res.stdout


def norm_url(u):
    u = (u or "").strip().split("#")[0].lower()
    for p in ("https://", "http://"):
        if u.startswith(p):
            u = u[len(p):]
    if u.startswith("www."):
        u = u[4:]
    return u.rstrip("/")


def direction(rows, records):
    """Pairs whose translation names its original in `translation_of`; links that name anything else."""
    by_url = {norm_url(r["url"]): r for r in rows}
    by_file = {r["file"]: r for r in rows}
    row_of, id_of = {}, {}
    for rec in records:
        art = rec.get("article") or {}
        row = None
        for u in (rec.get("key"), art.get("canonical_url"), art.get("url")):
            row = by_url.get(norm_url(u)) if u else None
            if row:
                break
        if row is None:
            row = by_file.get(os.path.basename(str(art.get("source") or "")))
        if row is not None:
            row_of[rec.get("id")] = row
            id_of[row["file"]] = rec.get("id")
    originals = {r["doc"]: r for r in rows if r["role"] == "original"}
    right, wrong = 0, 0
    for rec in records:
        link = rec.get("translation_of")
        row = row_of.get(rec.get("id"))
        if not link or row is None:
            continue
        target = row_of.get(link.get("id"))
        if target is None:
            continue
        if row["role"] == "translation" and target is originals.get(row["doc"]):
            right += 1
        else:
            wrong += 1
    return right, wrong, len(originals)


def score(scorer, expected_rows, export_path, meta, tmp, records):
    path = os.path.join(tmp, "expected-%d.json" % len(expected_rows))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(dict(meta, pages=expected_rows), fh)
    out = run([sys.executable, scorer, path, export_path, "--json"])
    s = json.loads(out.strip().splitlines()[-1])
    right, wrong, pairs = direction(expected_rows, records)
    s["marked_right"] = right
    s["marked_wrong"] = wrong
    s["marked"] = round(right / pairs, 4) if pairs else 0.0
    return s


def line(name, s):
    return (f"  {name:5} recall {s['pair_recall']:.3f} ({s['pairs_found']}/{s['pairs']})  "
            f"marked {s['marked']:.3f} ({s['marked_right']}/{s['pairs']}, wrong links {s['marked_wrong']})  "
            f"precision {s['precision']:.3f} (right {s['right_pairs']}, wrong {s['wrong_pairs']})  "
            f"largest {s['largest_story']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--newsdesk", default=os.environ.get("NEWSDESK") or os.path.join(
        os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"), "release", "newsdesk"))
    ap.add_argument("--set", default=os.path.join(ROOT, "..", "shared", "datasets", "translations-dev"))
    ap.add_argument("--scorer", default=os.path.join(ROOT, "..", "shared", "bench", "score_translations.py"))
    ap.add_argument("--jobs", default="1,default", help="comma-separated -j settings ('default': none given)")
    ap.add_argument("--runs", type=int, default=1, help="ingests per -j setting")
    ap.add_argument("--keep", help="keep the exports in this directory")
    ap.add_argument("--json", action="store_true", help="also print each run's figures as one JSON line")
    args = ap.parse_args()
    with open(os.path.join(args.set, "expected.json"), encoding="utf-8") as fh:
        expected = json.load(fh)
    rows = expected["pages"]
    meta = {k: v for k, v in expected.items() if k != "pages"}
    halves = {"A": [r for r in rows if half(r) == "A"], "B": [r for r in rows if half(r) == "B"]}
    partitions = {}
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in args.jobs.split(","):
            for n in range(args.runs):
                data = os.path.join(tmp, f"corpus-{jobs}-{n}")
                cmd = [args.newsdesk, "ingest", "--quiet", "--data", data, os.path.join(args.set, "pages")]
                if jobs != "default":
                    cmd[2:2] = ["-j", jobs]
                run(cmd)
                export_path = os.path.join(args.keep or tmp, f"export-j{jobs}-{n}.jsonl")
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                with open(export_path, "w", encoding="utf-8") as fh:
                    fh.write(run([args.newsdesk, "export", "--data", data, "--format", "jsonl"]))
                with open(export_path, encoding="utf-8") as fh:
                    records = [json.loads(x) for x in fh if x.strip()]
                print(f"-j {jobs} run {n + 1}:")
                figures = {}
                for name, part in (("all", rows), ("A", halves["A"]), ("B", halves["B"])):
                    figures[name] = score(args.scorer, part, export_path, meta, tmp, records)
                    print(line(name, figures[name]))
                if args.json:
                    print(json.dumps({"jobs": jobs, "run": n + 1, **figures}))
                stories = defaultdict(list)
                for rec in records:
                    stories[rec.get("story")].append(rec.get("key"))
                partitions[f"-j {jobs} run {n + 1}"] = sorted(sorted(m) for m in stories.values())
    names = list(partitions)
    same = all(partitions[n] == partitions[names[0]] for n in names)
    print(f"stories over {len(names)} runs: {'identical' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
