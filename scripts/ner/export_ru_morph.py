#!/usr/bin/env python3
"""Writes the Russian name-class table the name tagger reads as features.

usage: export_ru_morph.py OUT.tsv.gz

Source: the OpenCorpora dictionary as packaged for pymorphy2 (PyPI
`pymorphy2==0.9.1` with `pymorphy2-dicts-ru==2.4.417127.4579844`; the
package is MIT-licensed, the OpenCorpora dictionary data CC BY-SA 3.0,
https://opencorpora.org). Both are installed with Natasha by
`../shared/bench/setup.sh`.

Every dictionary word (its lemma, lower-cased) whose analysis carries one
of the name grammemes is written once as `lemma TAB classes`, the classes
sorted letters of: g (Geox, a place), o (Orgn, an organisation), n (Name, a
given name), s (Surn, a surname), p (Patr, a patronymic). Only lemmas are
written, not their inflected forms: the tagger meets a form through the
same ending-stripped key it gives every word (`normalize::word_key`).
Sorted by lemma, gzip without a timestamp: the same package gives the
same bytes.
"""
import gzip
import inspect
import sys
from collections import namedtuple

# pymorphy2 0.9 calls inspect.getargspec, which Python 3.11 removed.
if not hasattr(inspect, "getargspec"):
    ArgSpec = namedtuple("ArgSpec", "args varargs keywords defaults")

    def getargspec(func):
        spec = inspect.getfullargspec(func)
        return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)

    inspect.getargspec = getargspec

import pymorphy2  # noqa: E402

CLASSES = {"Geox": "g", "Orgn": "o", "Name": "n", "Surn": "s", "Patr": "p"}


def main():
    out = sys.argv[1]
    analyzer = pymorphy2.MorphAnalyzer()
    classes = {}
    for form, tag, normal, _paradigm, _index in analyzer.dictionary.iter_known_words():
        found = {letter for grammeme, letter in CLASSES.items() if grammeme in tag.grammemes}
        if found and "\t" not in normal:
            classes.setdefault(normal.lower(), set()).update(found)
    with open(out, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
            for lemma in sorted(classes):
                fh.write(f"{lemma}\t{''.join(sorted(classes[lemma]))}\n".encode("utf-8"))

if __name__ == "__main__":
    main()
