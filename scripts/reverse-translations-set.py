#!/usr/bin/env python3
"""Writes a copy of a translations set with each pair's direction reversed (Python 3 standard library only).

  scripts/reverse-translations-set.py [--set DIR] OUT_DIR

translations-dev's pairs are English originals with Russian translations published later; the held-out set
of the same kind has Russian originals. This copy swaps, for every pair, the two pages' publication times
(in the page's metadata and in the date path of its URL, so the page stays consistent) and their roles in
expected.json: the Russian page becomes the original, published first, and the English one its translation.
Orphans and distractors are copied unchanged. Then

  scripts/bench-translations.py --set OUT_DIR

scores linking in the held-out set's direction on pages no rule was written from. The copy holds third-party
texts: write it outside the repository.
"""
import argparse
import datetime
import json
import os
import re
import shutil


def replace_in_page(path, old, new):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if old not in text:
        raise SystemExit(f"{path}: {old!r} is not in the page")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace(old, new))


def url_with_day(url, published):
    day = datetime.datetime.fromisoformat(published).strftime("/%Y/%m/%d/")
    return re.sub(r"/20\d\d/\d\d/\d\d/", day, url, count=1)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default=os.path.join(here, "..", "..", "shared", "datasets", "translations-dev"))
    ap.add_argument("out")
    args = ap.parse_args()
    if os.path.exists(args.out):
        raise SystemExit(f"{args.out} exists; give a new directory")
    shutil.copytree(os.path.join(args.set, "pages"), os.path.join(args.out, "pages"))
    with open(os.path.join(args.set, "expected.json"), encoding="utf-8") as fh:
        expected = json.load(fh)
    pages = {p["file"]: p for p in expected["pages"]}
    for pair in expected["pairs"]:
        original, translation = pages[pair["original"]], pages[pair["translation"]]
        swapped = [(original, translation["published"]), (translation, original["published"])]
        for page, published in swapped:
            path = os.path.join(args.out, "pages", page["file"])
            replace_in_page(path, page["published"], published)
            url = url_with_day(page["url"], published)
            if url != page["url"]:
                replace_in_page(path, page["url"], url)
                page["url"] = url
        for page, published in swapped:
            page["published"] = published
        original["role"], translation["role"] = "translation", "original"
        original["translation"], translation["translation"] = pair["kind"], None
        pair["original"], pair["translation"] = pair["translation"], pair["original"]
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as fh:
        json.dump(expected, fh, ensure_ascii=False, indent=1)
    print(f"{args.out}: {len(expected['pairs'])} pairs reversed, {len(pages)} pages")


if __name__ == "__main__":
    main()
