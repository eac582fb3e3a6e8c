//! The name tagger: which tokens form names of people, organisations and
//! places, learned from annotated text rather than written as rules.
//!
//! One model per language (`models/ner-<lang>.bin`, compiled in), chosen by
//! the document's script: Cyrillic text goes to the Russian model, the rest to
//! the English one. Each sentence is decoded on its own (Viterbi over BIO
//! tags, [`model`]) from the features of [`features`]. The models are trained
//! by `cargo run --release -p newsdesk-analyze --example train_ner` from the
//! shared annotated corpora; the same data gives the same bytes.

pub mod features;
pub mod model;
pub mod words;

use std::ops::Range;
use std::sync::LazyLock;

use crate::doc::Doc;
use crate::fasthash::FastMap;
use crate::normalize::is_cyrillic;
use crate::EntityKind;
use features::{own_features, second_pass_features, token_features, DocFacts};
use model::{tag_kind, Model, Sequence, TAGS};

/// A language the tagger has a model for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// English, and any text not mostly in Cyrillic.
    English,
    /// Russian: a text most of whose words are in Cyrillic.
    Russian,
}

impl Language {
    /// The language whose model reads this document: by the script most of its words are in.
    pub fn of(doc: &Doc) -> Self {
        let (mut cyrillic, mut other) = (0usize, 0usize);
        for i in 0..doc.tokens.len() {
            if !doc.is_word(i) {
                continue;
            }
            match doc.word(i).chars().next() {
                Some(c) if is_cyrillic(c) => cyrillic += 1,
                Some(_) => other += 1,
                None => {}
            }
        }
        if cyrillic > other {
            Language::Russian
        } else {
            Language::English
        }
    }

    /// Its ISO 639-1 code ("en", "ru"), as the model and word-table files are named.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Russian => "ru",
        }
    }
}

/// Two passes: the first tags from each token's own features; the second
/// also sees what the first said of the whole document (the same spelling
/// tagged elsewhere, a word that is part of a longer name), so one name gets
/// one reading throughout.
#[derive(Debug, Default)]
pub struct Tagger {
    /// The first pass: each token's own features.
    pub first: Model,
    /// The second pass: also what the first said of the whole document.
    pub second: Model,
    /// Each feature's row in the first and the second model (`NO_ROW` where
    /// one lacks it): a token's own features are looked up once for both passes.
    rows: FastMap<u32, [u32; 2]>,
}

const NO_ROW: u32 = u32::MAX;

const TAGGER_MAGIC: &[u8; 8] = b"NDNERT02";

impl Tagger {
    /// `NDNERT02`, the first model's length (`u32`), the first model, the second.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, model::ModelError> {
        let rest = bytes
            .strip_prefix(TAGGER_MAGIC)
            .ok_or(model::ModelError::Magic)?;
        let (len, rest) = rest
            .split_at_checked(4)
            .ok_or(model::ModelError::Truncated)?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let (first, second) = rest
            .split_at_checked(len)
            .ok_or(model::ModelError::Truncated)?;
        Ok(Tagger::new(
            Model::from_bytes(first)?,
            Model::from_bytes(second)?,
        ))
    }

    /// A tagger of the two passes' models, with their feature rows joined.
    pub fn new(first: Model, second: Model) -> Self {
        let mut rows: FastMap<u32, [u32; 2]> = FastMap::default();
        for (hash, row) in first.rows() {
            rows.entry(hash).or_insert([NO_ROW; 2])[0] = row;
        }
        for (hash, row) in second.rows() {
            rows.entry(hash).or_insert([NO_ROW; 2])[1] = row;
        }
        Tagger {
            first,
            second,
            rows,
        }
    }

    /// The tagger in the format [`Tagger::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let (first, second) = (self.first.to_bytes(), self.second.to_bytes());
        let mut out = TAGGER_MAGIC.to_vec();
        out.extend_from_slice(&(first.len() as u32).to_le_bytes());
        out.extend(first);
        out.extend(second);
        out
    }
}

static ENGLISH: LazyLock<Tagger> =
    LazyLock::new(|| load(include_bytes!("../../models/ner-en.bin")));
static RUSSIAN: LazyLock<Tagger> =
    LazyLock::new(|| load(include_bytes!("../../models/ner-ru.bin")));

/// The embedded models are ours and checked by the tests; a damaged one
/// (impossible in a build that passed them) tags nothing rather than failing analysis.
fn load(bytes: &[u8]) -> Tagger {
    Tagger::from_bytes(bytes).unwrap_or_default()
}

/// The embedded tagger of a language.
pub fn tagger(language: Language) -> &'static Tagger {
    match language {
        Language::English => &ENGLISH,
        Language::Russian => &RUSSIAN,
    }
}

/// A name the tagger found: a token range and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The tokens of the name.
    pub tokens: Range<usize>,
    /// A person, an organisation or a place.
    pub kind: EntityKind,
}

/// The names in a document, in reading order, with the embedded tagger of its language.
pub fn tag(doc: &Doc) -> Vec<Name> {
    let language = Language::of(doc);
    let tags = tag_tokens(doc, language, tagger(language));
    names_of(doc, &tags)
}

/// One tag per token, by both passes of `tagger`. A token's own features
/// are computed and looked up once: the second model's share of them is kept
/// for the second pass, which adds only what the first pass said.
pub fn tag_tokens(doc: &Doc, language: Language, tagger: &Tagger) -> Vec<usize> {
    let mut facts = DocFacts::new(doc, words::table(language));
    let mut second_scores = vec![[0f32; TAGS]; doc.tokens.len()];
    let first = decode_with(doc, &tagger.first, |sentence, i, buffer, scores| {
        own_features(doc, &facts, sentence, i, buffer);
        for hash in buffer.iter() {
            let Some(&[first_row, second_row]) = tagger.rows.get(hash) else {
                continue;
            };
            if first_row != NO_ROW {
                tagger.first.add_row(first_row, scores);
            }
            if second_row != NO_ROW {
                tagger.second.add_row(second_row, &mut second_scores[i]);
            }
        }
    });
    facts.set_first_pass(doc, first);
    decode_with(doc, &tagger.second, |sentence, i, buffer, scores| {
        *scores = second_scores[i];
        buffer.clear();
        second_pass_features(doc, &facts, sentence, i, buffer);
        tagger.second.add_emission(buffer, scores);
    })
}

/// One tag per token by one model, sentence by sentence.
pub fn decode(doc: &Doc, facts: &DocFacts, model: &Model) -> Vec<usize> {
    decode_with(doc, model, |sentence, i, buffer, scores| {
        token_features(doc, facts, sentence, i, buffer);
        model.add_emission(buffer, scores);
    })
}

/// Viterbi over each sentence with `model`'s transitions; `emission(sentence,
/// token, buffer, scores)` adds a token's scores into zeroed `scores`, with
/// `buffer` to hold its features.
fn decode_with(
    doc: &Doc,
    model: &Model,
    mut emission: impl FnMut(Range<usize>, usize, &mut Vec<u32>, &mut [f32; TAGS]),
) -> Vec<usize> {
    let mut tags = Vec::with_capacity(doc.tokens.len());
    let mut buffer = Vec::new();
    let mut emissions: Vec<[f32; TAGS]> = Vec::new();
    for sentence in &doc.sentences {
        emissions.clear();
        for i in sentence.clone() {
            let mut scores = [0f32; TAGS];
            emission(sentence.clone(), i, &mut buffer, &mut scores);
            emissions.push(scores);
        }
        tags.extend(model.decode(&emissions));
    }
    tags
}

/// The names a document's tags spell.
pub fn names_of(doc: &Doc, tags: &[usize]) -> Vec<Name> {
    let mut names = Vec::new();
    for sentence in &doc.sentences {
        spans(sentence.start, &tags[sentence.clone()], &mut names);
    }
    names
}

/// Turns a sentence's tags into spans.
fn spans(offset: usize, tags: &[usize], out: &mut Vec<Name>) {
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let here = tag_kind(tag);
        let continues = matches!((open, here), (Some((_, k)), Some((kind, false))) if k == kind);
        if continues {
            continue;
        }
        if let Some((start, kind)) = open.take() {
            out.push(Name {
                tokens: offset + start..offset + i,
                kind,
            });
        }
        if let Some((kind, _)) = here {
            open = Some((i, kind));
        }
    }
    if let Some((start, kind)) = open {
        out.push(Name {
            tokens: offset + start..offset + tags.len(),
            kind,
        });
    }
}

/// A gold name for training: char offsets into the text, end exclusive.
#[derive(Debug, Clone)]
pub struct GoldName {
    /// Char offset of the name's first char.
    pub start: usize,
    /// Char offset past its last char.
    pub end: usize,
    /// Its kind.
    pub kind: EntityKind,
}

/// What aligning gold names with our tokens gave.
#[derive(Debug, Default, Clone, Copy)]
pub struct Alignment {
    /// Gold names seen.
    pub names: usize,
    /// Names whose edges fall inside a token (left out of training).
    pub misaligned: usize,
}

/// Gold tags for each token of a document. A name whose edge falls inside
/// one of our tokens is left out (and counted).
pub fn gold_tags(doc: &Doc, gold: &[GoldName]) -> (Vec<usize>, Alignment) {
    let mut tags = vec![0usize; doc.tokens.len()];
    let mut alignment = Alignment::default();
    for name in gold {
        alignment.names += 1;
        let Some(begin) = model::begin_tag(name.kind) else {
            continue;
        };
        let inside: Vec<usize> = (0..doc.tokens.len())
            .filter(|&i| {
                let t = &doc.tokens[i];
                t.char_start < name.end && t.char_end > name.start
            })
            .collect();
        let aligned = inside
            .first()
            .is_some_and(|&i| doc.tokens[i].char_start == name.start)
            && inside
                .last()
                .is_some_and(|&i| doc.tokens[i].char_end == name.end);
        if !aligned {
            alignment.misaligned += 1;
            continue;
        }
        for (n, &i) in inside.iter().enumerate() {
            tags[i] = if n == 0 { begin } else { begin + 1 };
        }
    }
    (tags, alignment)
}

/// A document's training sequences (one per sentence) for one pass: with
/// `first_pass` tags, the second pass's features; without, the first's.
pub fn training_sequences(
    doc: &Doc,
    language: Language,
    tags: &[usize],
    first_pass: Option<Vec<usize>>,
) -> Vec<Sequence> {
    let mut facts = DocFacts::new(doc, words::table(language));
    if let Some(first) = first_pass {
        facts.set_first_pass(doc, first);
    }
    doc.sentences
        .iter()
        .map(|sentence| {
            let features = sentence
                .clone()
                .map(|i| {
                    let mut f = Vec::new();
                    token_features(doc, &facts, sentence.clone(), i, &mut f);
                    f
                })
                .collect();
            Sequence {
                features,
                tags: tags[sentence.clone()].to_vec(),
            }
        })
        .collect()
}

/// The names `tagger` finds in `text`, as char offsets (for evaluation).
pub fn predict_chars(text: &str, language: Language, tagger: &Tagger) -> Vec<GoldName> {
    let doc = Doc::new(text);
    let tags = tag_tokens(&doc, language, tagger);
    names_of(&doc, &tags)
        .into_iter()
        .map(|name| {
            let (start, end) = doc.char_span(name.tokens);
            GoldName {
                start,
                end,
                kind: name.kind,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_tags() {
        let mut out = Vec::new();
        // B-PER I-PER O B-LOC B-LOC I-LOC
        spans(10, &[1, 2, 0, 5, 5, 6], &mut out);
        let ranges: Vec<_> = out.iter().map(|n| (n.tokens.clone(), n.kind)).collect();
        assert_eq!(
            ranges,
            vec![
                (10..12, EntityKind::Person),
                (13..14, EntityKind::Place),
                (14..16, EntityKind::Place)
            ]
        );
    }

    #[test]
    fn the_script_chooses_the_model() {
        assert_eq!(
            Language::of(&Doc::new("Путин прибыл в Минск.")),
            Language::Russian
        );
        assert_eq!(
            Language::of(&Doc::new("Putin arrived in Minsk.")),
            Language::English
        );
    }

    #[test]
    fn embedded_models_load_and_find_names() {
        for language in [Language::English, Language::Russian] {
            let bytes: &[u8] = match language {
                Language::English => include_bytes!("../../models/ner-en.bin"),
                Language::Russian => include_bytes!("../../models/ner-ru.bin"),
            };
            let tagger = Tagger::from_bytes(bytes).expect("the embedded model reads");
            assert!(
                tagger.first.features() > 1000,
                "{language:?} model is empty"
            );
            assert!(
                tagger.second.features() > 1000,
                "{language:?} model is empty"
            );
        }
        let doc = Doc::new("Alexander Lukashenko met Vladimir Putin in Moscow on Monday.");
        let kinds: Vec<_> = tag(&doc)
            .into_iter()
            .map(|n| (doc.span_text(n.tokens).to_string(), n.kind))
            .collect();
        assert!(
            kinds.contains(&("Vladimir Putin".to_string(), EntityKind::Person)),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&("Moscow".to_string(), EntityKind::Place)),
            "{kinds:?}"
        );
    }

    #[test]
    fn gold_names_become_bio_tags() {
        let text = "Mr. Smith visited Paris.";
        let gold = [
            GoldName {
                start: 4,
                end: 9,
                kind: EntityKind::Person,
            },
            GoldName {
                start: 18,
                end: 23,
                kind: EntityKind::Place,
            },
        ];
        let doc = Doc::new(text);
        let (tags, alignment) = gold_tags(&doc, &gold);
        assert_eq!(alignment.misaligned, 0);
        assert_eq!(tags, vec![0, 1, 0, 5, 0]);
    }
}
