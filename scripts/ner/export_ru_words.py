#!/usr/bin/env python3
"""Writes the Russian word table the name tagger reads as features.

usage: export_ru_words.py OUT.tsv [--top N]

Source: the Natasha package (PyPI `natasha==1.6.0`, MIT licence, with its
`navec==0.10.0` embeddings `navec_news_v1_1B_250K_300d_100q` and its name
dictionaries `dict/first.txt`, `dict/last.txt`, both MIT).

For the N most frequent words of navec's vocabulary, a cluster bit path is
made by splitting the (length-normalised) vectors in two, again and again, to
depth 14 (2-means, seeded: the same package gives the same file), so words
used alike share a prefix, as Brown clusters do. Each line is
`word TAB bits TAB log-probability TAB flags`, flags `f` (a first name) and `l`
(a surname) from Natasha's dictionaries; names that are not among the N words
are written with an empty cluster. Sorted by word.
"""
import math, sys
from pathlib import Path

import numpy as np
import natasha
from navec import Navec

DEPTH = 14

def split(vectors, ids, rng, iterations=6):
    """Two centroids by 2-means; returns a boolean side per id."""
    if len(ids) < 2:
        return np.zeros(len(ids), dtype=bool)
    x = vectors[ids]
    a, b = x[rng.choice(len(ids), 2, replace=False)]
    side = np.zeros(len(ids), dtype=bool)
    for _ in range(iterations):
        side = (x @ b) > (x @ a)
        if side.all() or (~side).all():
            break
        a, b = x[~side].mean(0), x[side].mean(0)
    return side

def main():
    out = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 120000
    data = Path(natasha.__file__).parent / "data"
    navec = Navec.load(str(data / "emb" / "navec_news_v1_1B_250K_300d_100q.tar"))
    words, counts = navec.vocab.words, np.array(navec.vocab.counts, dtype=np.float64)
    order = sorted(range(len(words)), key=lambda i: (-counts[i], words[i]))
    order = [i for i in order if words[i] not in ("<pad>", "<unk>")][:top]
    vectors = navec.pq.unpack()[order].astype(np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
    rng = np.random.RandomState(2016)
    bits = [""] * len(order)
    groups = [np.arange(len(order))]
    for _ in range(DEPTH):
        next_groups = []
        for ids in groups:
            side = split(vectors, ids, rng)
            for i, s in zip(ids, side):
                bits[i] += "1" if s else "0"
            next_groups += [g for g in (ids[~side], ids[side]) if len(g) > 0]
        groups = next_groups
    total = counts.sum()
    first = {w.split("#")[0].strip() for w in (data / "dict" / "first.txt").read_text().splitlines()}
    last = {w.split("#")[0].strip() for w in (data / "dict" / "last.txt").read_text().splitlines()}
    table = {}
    for slot, i in enumerate(order):
        table[words[i]] = (bits[slot], round(math.log(counts[i] / total)))
    for name in first | last:
        if name and name not in table:
            table[name] = ("", 0)
    with open(out, "w", encoding="utf-8") as fh:
        for word in sorted(table):
            if not word or any(c in word for c in "\t\n "):
                continue
            cluster, prob = table[word]
            flags = ("f" if word in first else "") + ("l" if word in last else "")
            fh.write(f"{word}\t{cluster}\t{prob}\t{flags}\n")

if __name__ == "__main__":
    main()
