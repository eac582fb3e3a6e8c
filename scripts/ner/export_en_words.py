#!/usr/bin/env python3
"""Writes the English word table the name tagger reads as features.

usage: export_en_words.py OUT.tsv [--top N]

Source: spaCy's lookup tables (PyPI `spacy-lookups-data==1.0.5`, MIT licence):
`en_lexeme_cluster` (Brown clusters, a bit path as an integer) and
`en_lexeme_prob` (log probability of each spelling). The N most probable
spellings with a cluster are written as `word TAB cluster-bits TAB prob`, the
cluster as its bit path ("1010100110"), the probability rounded to an integer,
sorted by word. Same package version, same file.
"""
import gzip, json, sys
from importlib import resources

def table(name):
    path = resources.files("spacy_lookups_data") / "data" / f"{name}.json.gz"
    with gzip.open(path) as fh:
        return json.load(fh)

def main():
    out = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 120000
    clusters, probs = table("en_lexeme_cluster"), table("en_lexeme_prob")
    words = [w for w in clusters if clusters[w] > 0 and w in probs and "\t" not in w and "\n" not in w and w.strip() == w and w]
    words.sort(key=lambda w: (-probs[w], w))
    words = sorted(words[:top])
    with open(out, "w", encoding="utf-8") as fh:
        for w in words:
            fh.write(f"{w}\t{clusters[w]:b}\t{round(probs[w])}\n")

if __name__ == "__main__":
    main()
