#!/usr/bin/env python3
"""Learns the translation model (crates/corpus/data/translation-model.json) from labelled page pairs.

  newsdesk-bench translation-pairs ../shared/datasets/translations-dev/pages > pairs.jsonl
  scripts/train-translation-model.py pairs.jsonl ../shared/datasets/translations-dev/expected.json \\
      [--features a,b,...] [--out crates/corpus/data/translation-model.json]

A pair is positive when its two pages are an original and its translation (expected.json's `pages`: same `doc`,
roles `original` and `translation`); every other candidate pair is negative (other reports of the same event
included). Pages are split into halves A and B by a hash of their document, as scripts/bench-translations.py
does; the model is fitted on pairs within half A only (logistic regression, L2, classes weighted equally), its
threshold is the middle one of those with the best F0.5 on A (precision counts more than recall: a false link pulls a report
into another's story), the L2 strength the best of a few by two-fold cross-validation (F0.5) within A (folds again by a hash of the document), and the figures of pairs within half B are printed beside A's, so
B stays held aside. `--features` fits on some of the features only (the model file names the ones it uses; the
default is the model's current list, or every feature of the pairs file when there is none). Python 3 standard library only; deterministic.
"""
import argparse
import hashlib
import json
import math


def half(row):
    unit = row.get("doc") or row["file"]
    return "A" if hashlib.sha1(unit.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def sigmoid(z):
    if z < -60:
        return 0.0
    if z > 60:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def fit(xs, ys, l2=0.01, epochs=3000, rate=0.5):
    n = len(xs[0])
    w, b = [0.0] * n, 0.0
    pos = sum(ys)
    neg = len(ys) - pos
    cw = {1: len(ys) / (2.0 * pos), 0: len(ys) / (2.0 * neg)}
    for _ in range(epochs):
        gw, gb = [0.0] * n, 0.0
        for x, y in zip(xs, ys):
            p = sigmoid(b + sum(wi * xi for wi, xi in zip(w, x)))
            g = (p - y) * cw[y]
            gb += g
            for i in range(n):
                gw[i] += g * x[i]
        m = float(len(xs))
        b -= rate * gb / m
        for i in range(n):
            w[i] -= rate * (gw[i] / m + l2 * w[i])
    return w, b


def figures(w, b, xs, ys, threshold):
    tp = fp = fn = 0
    for x, y in zip(xs, ys):
        hit = sigmoid(b + sum(wi * xi for wi, xi in zip(w, x))) >= threshold
        tp += hit and y == 1
        fp += hit and y == 0
        fn += (not hit) and y == 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    # F0.5: precision counts more, for a false link pulls a report into another's story.
    f_half = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
    return {"pairs": len(ys), "positives": sum(ys), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4), "f0.5": round(f_half, 4)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pairs")
    ap.add_argument("expected")
    ap.add_argument("--out", default="crates/corpus/data/translation-model.json")
    ap.add_argument("--features", help="comma-separated feature names to fit on")
    args = ap.parse_args()
    chosen = args.features.split(",") if args.features else None
    if chosen is None:
        try:
            with open(args.out, encoding="utf-8") as fh:
                chosen = json.load(fh)["features"]
        except (OSError, ValueError, KeyError):
            chosen = None
    with open(args.expected, encoding="utf-8") as fh:
        rows = {r["file"]: r for r in json.load(fh)["pages"]}
    data = {"A": ([], []), "B": ([], [])}
    folds = []
    names = None
    with open(args.pairs, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if names is None:
                names = chosen or rec["names"]
                unknown = [n for n in names if n not in rec["names"]]
                if unknown:
                    raise SystemExit(f"unknown features {unknown}; the pairs file has {rec['names']}")
                at = [rec["names"].index(n) for n in names]
            rec["features"] = [rec["features"][i] for i in at]
            a, b = rows.get(rec["a"]), rows.get(rec["b"])
            if a is None or b is None or half(a) != half(b):
                continue
            y = int(a["doc"] == b["doc"] and {a["role"], b["role"]} == {"original", "translation"})
            data[half(a)][0].append(rec["features"])
            data[half(a)][1].append(y)
            if half(a) == "A":
                folds.append(hashlib.sha1(("fold:" + (a.get("doc") or a["file"])).encode()).digest()[0] % 2)
    xs, ys = data["A"]

    def cv(l2):
        total = 0.0
        for k in (0, 1):
            tx = [x for x, f in zip(xs, folds) if f != k]
            ty = [y for y, f in zip(ys, folds) if f != k]
            vx = [x for x, f in zip(xs, folds) if f == k]
            vy = [y for y, f in zip(ys, folds) if f == k]
            w, b = fit(tx, ty, l2=l2, epochs=1500)
            total += max(figures(w, b, vx, vy, t / 20.0)["f0.5"] for t in range(1, 20))
        return total / 2

    scores = {l2: cv(l2) for l2 in (0.1, 0.01, 0.001, 0.0001)}
    l2 = max(scores, key=lambda k: (scores[k], k))
    print("two-fold F0.5 within A by L2:", json.dumps(scores), "-> L2", l2)
    w, b = fit(xs, ys, l2=l2)
    # Of the thresholds with the best F0.5 on A, the middle one: as far from A's closest negative as from its
    # closest positive.
    scored = [(figures(w, b, xs, ys, t / 100.0)["f0.5"], t) for t in range(5, 96)]
    top = max(f for f, _ in scored)
    tied = [t for f, t in scored if f == top]
    threshold = tied[len(tied) // 2] / 100.0
    print("fitted on half A:", json.dumps(figures(w, b, xs, ys, threshold)))
    print("held-aside half B:", json.dumps(figures(w, b, *data["B"], threshold)))
    model = {"features": names, "weights": [round(x, 4) for x in w], "bias": round(b, 4),
             "threshold": threshold}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(model, fh, indent=2)
        fh.write("\n")
    print("wrote", args.out, json.dumps(model))


if __name__ == "__main__":
    main()
