//! What the name tagger sees of each token: hashed feature ids.
//!
//! A feature is a template (what is looked at) joined with a value (what is
//! there): the word, its neighbours, its shape, its affixes, whether the
//! gazetteer or a lexicon knows it, whether the document writes the same word
//! in lower case elsewhere. Each is hashed to a `u32` with the template's id
//! mixed in, so the model is a map from hashes to weights and nothing here
//! allocates per feature. The gazetteer, titles and lexicons are evidence the
//! model weighs, never a verdict.
//!
//! Training and tagging call the same [`token_features`], so the model sees
//! at run time exactly what it was trained on.

use std::collections::HashSet;

use super::words::{WordInfo, WordTable};
use crate::doc::Doc;
use crate::gazetteer::{Class, GAZETTEER};
use crate::lexicon::LEXICON;
use crate::token::TokenKind;

/// Templates: each feature's first hashed value. Renumbering them changes
/// every hash, so a trained model must be retrained after such a change.
#[derive(Clone, Copy)]
#[repr(u8)]
enum T {
    Bias = 1,
    Word,
    Key,
    PrevWord,
    NextWord,
    Prev2Word,
    Next2Word,
    PrevKey,
    NextKey,
    PrevWordWord,
    WordNextWord,
    Shape,
    ShortShape,
    ShapeWindow,
    PrevShape,
    NextShape,
    Suffix,
    Prefix,
    PrevSuffix3,
    NextSuffix3,
    SentenceStart,
    LineStart,
    Gazetteer,
    PrevGazetteer,
    NextGazetteer,
    Title,
    PrevTitle,
    NextTitle,
    GivenName,
    PrevGivenName,
    OrgCue,
    NextOrgCue,
    PlaceCue,
    PrevPlaceCue,
    Stopword,
    SpeechNear,
    Honorific,
    LowerElsewhere,
    CapitalElsewhere,
    Quoted,
    Length,
    PrevLowerShape,
    WordShapeNext,
    Cluster,
    PrevCluster,
    NextCluster,
    Common,
    LowerCommon,
    FirstPass,
    FirstPassWindow,
    DocKinds,
    DocMajority,
    InLongerName,
    FirstNameList,
    SurnameList,
    PrevFirstNameList,
    QuoteHead,
    NameClass,
    PrevNameClass,
    NextNameClass,
    NameClassShape,
}

const SEED: u32 = 0x9e37_79b9;

fn mix(hash: u32, byte: u8) -> u32 {
    (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
}

fn hash_bytes(mut hash: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        hash = mix(hash, b);
    }
    hash
}

fn finish(hash: u32) -> u32 {
    let mut h = hash;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

fn feature(template: T, value: &str) -> u32 {
    finish(hash_bytes(mix(SEED, template as u8), value.as_bytes()))
}

fn feature2(template: T, a: &str, b: &str) -> u32 {
    let h = hash_bytes(mix(SEED, template as u8), a.as_bytes());
    finish(hash_bytes(mix(h, 0xff), b.as_bytes()))
}

/// The same hash as [`feature`] of the parts written one after another,
/// without building the joined string.
fn feature_concat(template: T, parts: &[&str]) -> u32 {
    let h = parts.iter().fold(mix(SEED, template as u8), |h, part| {
        hash_bytes(h, part.as_bytes())
    });
    finish(h)
}

/// A small number's decimal digits, without allocating.
struct Digits {
    buf: [u8; 20],
    start: usize,
}

impl Digits {
    fn of(mut n: usize) -> Self {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        loop {
            start -= 1;
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Digits { buf, start }
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits were written.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("")
    }
}

/// The word's look: `Xx` for "Minsk", `X.X.` for "U.S.", `d` for digits,
/// runs of one class collapsed ("Xxxx" → "Xx") in the short form.
fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    for (n, c) in word.chars().enumerate() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if n < 6 || !long.ends_with(class) {
            long.push(class);
        }
        if !short.ends_with(class) {
            short.push(class);
        }
    }
    (long, short)
}

/// The last `n` chars of a word (the whole word if shorter).
fn suffix(word: &str, n: usize) -> &str {
    match n
        .checked_sub(1)
        .and_then(|k| word.char_indices().rev().nth(k))
    {
        Some((start, _)) => &word[start..],
        None if n == 0 => "",
        None => word,
    }
}

fn prefix(word: &str, n: usize) -> &str {
    let end = word.char_indices().nth(n).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn class_name(class: Class) -> &'static str {
    match class {
        Class::Country => "country",
        Class::City => "city",
        Class::Region => "region",
        Class::Organization => "org",
    }
}

/// What the document as a whole says about its words.
pub struct DocFacts<'d> {
    /// Lowered words written in lower case somewhere.
    lower_seen: HashSet<&'d str>,
    /// Lowered words written capitalised away from a sentence's start.
    capital_mid_seen: HashSet<&'d str>,
    shapes: Vec<(String, String)>,
    /// Inside « » or “ ” on the same line: the opening mark's token.
    quoted: Vec<Option<usize>>,
    /// Each token's entry in the language's word table.
    info: Vec<Option<&'d WordInfo>>,
    /// For capitalised tokens: the entry of their lower-case spelling.
    lower_info: Vec<Option<&'d WordInfo>>,
    /// Per token: in the word table's first-name and surname lists.
    names: Vec<(bool, bool)>,
    /// Per token: the dictionary's name classes of its lower-cased word
    /// ([`super::words::class`]); empty when the language has no such table.
    classes: Vec<u8>,
    /// Per token: the lexicons its word is in ([`lexicon_bits`]).
    lexicon: Vec<u8>,
    /// What the first pass over the document tagged, for the second pass.
    first_pass: Option<FirstPass>,
}

/// The first pass's tags and what they say about each spelling.
struct FirstPass {
    tags: Vec<usize>,
    /// Per token: how often each kind (O, PER, ORG, LOC) was given to the same
    /// lowered spelling elsewhere in the document.
    elsewhere: Vec<[u16; 4]>,
    /// Per token: its spelling is an inner or outer word of a multi-word name elsewhere.
    in_longer: Vec<Option<usize>>,
}

impl<'d> DocFacts<'d> {
    /// Gathers the facts of `doc` (how each spelling is written elsewhere,
    /// which words are parts of longer names) with the word table of its language.
    pub fn new(doc: &'d Doc, words: &'d WordTable) -> Self {
        let mut lower_seen = HashSet::new();
        let mut capital_mid_seen = HashSet::new();
        for sentence in &doc.sentences {
            for i in sentence.clone() {
                if !doc.is_word(i) {
                    continue;
                }
                let word = doc.word(i);
                if !is_capitalised(word) {
                    lower_seen.insert(doc.lowers[i].as_str());
                } else if i > sentence.start {
                    capital_mid_seen.insert(doc.lowers[i].as_str());
                }
            }
        }
        let shapes = (0..doc.tokens.len())
            .map(|i| shapes(clip(doc.word(i))))
            .collect();
        let info = (0..doc.tokens.len())
            .map(|i| {
                let (word, lower) = (clip(doc.word(i)), clip(&doc.lowers[i]));
                words.get(word).or_else(|| words.get(lower))
            })
            .collect();
        let names = (0..doc.tokens.len())
            .map(|i| {
                let entry = words.get_inflected(clip(&doc.lowers[i]));
                (
                    entry.is_some_and(|w| w.first_name),
                    entry.is_some_and(|w| w.surname),
                )
            })
            .collect();
        let lower_info = (0..doc.tokens.len())
            .map(|i| {
                let word = doc.word(i);
                if is_capitalised(word) {
                    words.get(clip(&doc.lowers[i]))
                } else {
                    None
                }
            })
            .collect();
        let classes = if words.classes().is_empty() {
            Vec::new()
        } else {
            (0..doc.tokens.len())
                .map(|i| words.classes().get(clip(&doc.lowers[i])))
                .collect()
        };
        DocFacts {
            lower_seen,
            capital_mid_seen,
            shapes,
            quoted: quoted(doc),
            info,
            lower_info,
            names,
            classes,
            lexicon: (0..doc.tokens.len())
                .map(|i| lexicon_bits_of(doc, i))
                .collect(),
            first_pass: None,
        }
    }

    /// Adds the first pass's tags (one per token), for the second pass.
    pub fn set_first_pass(&mut self, doc: &Doc, tags: Vec<usize>) {
        let kind_of = |tag: usize| tag.div_ceil(2);
        let mut counts: std::collections::HashMap<&str, [u16; 4]> =
            std::collections::HashMap::new();
        let mut longer: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut i = 0;
        while i < tags.len() {
            let kind = kind_of(tags[i]);
            let entry = counts.entry(doc.lowers[i].as_str()).or_default();
            entry[kind] = entry[kind].saturating_add(1);
            if tags[i] % 2 == 1 {
                let mut end = i + 1;
                while end < tags.len() && tags[end] == tags[i] + 1 {
                    end += 1;
                }
                if end - i >= 2 {
                    for k in i..end {
                        longer.entry(doc.lowers[k].as_str()).or_insert(kind);
                    }
                }
            }
            i += 1;
        }
        let elsewhere = (0..tags.len())
            .map(|i| {
                let mut c = counts
                    .get(doc.lowers[i].as_str())
                    .copied()
                    .unwrap_or_default();
                let own = kind_of(tags[i]);
                c[own] = c[own].saturating_sub(1);
                c
            })
            .collect();
        let in_longer = (0..tags.len())
            .map(|i| longer.get(doc.lowers[i].as_str()).copied())
            .collect();
        self.first_pass = Some(FirstPass {
            tags,
            elsewhere,
            in_longer,
        });
    }
}

/// Tokens between an opening and a closing quotation mark on one line, with
/// the opening mark's position.
fn quoted(doc: &Doc) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.tokens.len()];
    let mut open: Option<usize> = None;
    for i in 0..doc.tokens.len() {
        if doc.tokens[i].breaks_before > 0 {
            open = None;
        }
        match doc.word(i) {
            "«" | "“" | "„" => open = Some(i),
            "»" | "”" => {
                if let Some(start) = open.take() {
                    if i - start <= 8 {
                        out[start + 1..i].iter_mut().for_each(|q| *q = Some(start));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// Words longer than this (in bytes) are no names; features see them as one
/// placeholder, so a megabyte "word" costs no more than a short one.
const MAX_WORD_BYTES: usize = 64;
const LONG_WORD: &str = "<long>";

fn clip(word: &str) -> &str {
    if word.len() > MAX_WORD_BYTES {
        LONG_WORD
    } else {
        word
    }
}

/// The feature hashes of token `i` of the sentence `sentence`, into `out`:
/// its own ones and, after [`DocFacts::set_first_pass`], the second pass's.
pub fn token_features(
    doc: &Doc,
    facts: &DocFacts,
    sentence: std::ops::Range<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    own_features(doc, facts, sentence.clone(), i, out);
    second_pass_features(doc, facts, sentence, i, out);
}

/// The features of token `i` that do not depend on the first pass (cleared first).
pub fn own_features(
    doc: &Doc,
    facts: &DocFacts,
    sentence: std::ops::Range<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let at = |j: isize| -> Option<usize> {
        let j = i as isize + j;
        (j >= sentence.start as isize && (j as usize) < sentence.end).then_some(j as usize)
    };
    let lower_at = |j: isize| at(j).map_or(if j < 0 { BOS } else { EOS }, |k| clip(&doc.lowers[k]));
    let key_at = |j: isize| at(j).map_or(if j < 0 { BOS } else { EOS }, |k| clip(&doc.keys[k]));
    let short_shape_at =
        |j: isize| at(j).map_or(if j < 0 { BOS } else { EOS }, |k| &facts.shapes[k].1);

    let word = clip(doc.word(i));
    let lower = clip(&doc.lowers[i]);
    let (shape, short_shape) = &facts.shapes[i];

    out.push(feature(T::Bias, ""));
    out.push(feature(T::Word, lower));
    out.push(feature(T::Key, clip(&doc.keys[i])));
    out.push(feature(T::PrevWord, lower_at(-1)));
    out.push(feature(T::NextWord, lower_at(1)));
    out.push(feature(T::Prev2Word, lower_at(-2)));
    out.push(feature(T::Next2Word, lower_at(2)));
    out.push(feature(T::PrevKey, key_at(-1)));
    out.push(feature(T::NextKey, key_at(1)));
    out.push(feature2(T::PrevWordWord, lower_at(-1), lower));
    out.push(feature2(T::WordNextWord, lower, lower_at(1)));
    out.push(feature(T::Shape, shape));
    out.push(feature(T::ShortShape, short_shape));
    out.push(feature_concat(
        T::ShapeWindow,
        &[short_shape_at(-1), "|", short_shape, "|", short_shape_at(1)],
    ));
    out.push(feature(T::PrevShape, short_shape_at(-1)));
    out.push(feature(T::NextShape, short_shape_at(1)));
    out.push(feature2(T::PrevLowerShape, lower_at(-1), short_shape));
    out.push(feature2(T::WordShapeNext, lower, short_shape_at(1)));
    for n in 1..=4 {
        out.push(feature2(
            T::Suffix,
            Digits::of(n).as_str(),
            suffix(lower, n),
        ));
    }
    for n in 1..=3 {
        out.push(feature2(
            T::Prefix,
            Digits::of(n).as_str(),
            prefix(lower, n),
        ));
    }
    out.push(feature(T::PrevSuffix3, suffix(lower_at(-1), 3)));
    out.push(feature(T::NextSuffix3, suffix(lower_at(1), 3)));
    out.push(feature(
        T::Length,
        Digits::of(word.chars().count().min(12)).as_str(),
    ));

    if i == sentence.start {
        out.push(feature(T::SentenceStart, short_shape));
    }
    if doc.tokens[i].breaks_before > 0 {
        out.push(feature(T::LineStart, short_shape));
    }
    gazetteer_features(doc, i, out);
    title_features(doc, &at, out);
    lexicon_features(facts, &at, i, out);

    if doc.tokens[i].kind == TokenKind::Word && is_capitalised(word) {
        let seen_lower = facts.lower_seen.contains(lower);
        let seen_capital = facts.capital_mid_seen.contains(lower);
        out.push(feature2(
            T::LowerElsewhere,
            if seen_lower { "y" } else { "n" },
            if i == sentence.start { "start" } else { "mid" },
        ));
        out.push(feature(
            T::CapitalElsewhere,
            if seen_capital { "y" } else { "n" },
        ));
    }
    if let Some(open) = facts.quoted[i] {
        out.push(feature(T::Quoted, short_shape));
        // Names in guillemets are called by the word before them: "партии
        // «Яблоко»", "газеты «Труд»" (quotation marks in English hold words
        // said more often than names).
        if matches!(doc.word(open), "«" | "„") {
            let head = open.checked_sub(1).map_or(BOS, |k| clip(&doc.keys[k]));
            let first = if open + 1 == i { "first" } else { "inner" };
            out.push(feature2(T::QuoteHead, head, first));
        }
    }
    word_table_features(facts, &at, i, out);
}

/// The second pass's features of token `i` beyond its own ones: what the
/// first pass said here and of the same spelling elsewhere. Nothing before
/// [`DocFacts::set_first_pass`].
pub fn second_pass_features(
    doc: &Doc,
    facts: &DocFacts,
    sentence: std::ops::Range<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    let Some(first) = &facts.first_pass else {
        return;
    };
    let at = |j: isize| -> Option<usize> {
        let j = i as isize + j;
        (j >= sentence.start as isize && (j as usize) < sentence.end).then_some(j as usize)
    };
    first_pass_features(doc, first, &at, i, out);
}

const KIND_NAMES: [&str; 4] = ["O", "PER", "ORG", "LOC"];

fn first_pass_features(
    doc: &Doc,
    first: &FirstPass,
    at: &dyn Fn(isize) -> Option<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    let tag_at = |j: isize| at(j).map(|k| Digits::of(first.tags[k]));
    let (before, after) = (tag_at(-1), tag_at(1));
    let own_digits = Digits::of(first.tags[i]);
    let own = own_digits.as_str();
    out.push(feature(T::FirstPass, own));
    out.push(feature_concat(
        T::FirstPassWindow,
        &[
            before.as_ref().map_or("-", Digits::as_str),
            "|",
            own,
            "|",
            after.as_ref().map_or("-", Digits::as_str),
        ],
    ));
    if !doc.is_word(i) {
        return;
    }
    let counts = first.elsewhere[i];
    for (kind, &n) in counts.iter().enumerate().skip(1) {
        if n > 0 {
            out.push(feature(T::DocKinds, KIND_NAMES[kind]));
        }
    }
    let total: u16 = counts.iter().sum();
    if total > 0 {
        let best = (0..4)
            .max_by_key(|&k| (counts[k], std::cmp::Reverse(k)))
            .unwrap_or(0);
        out.push(feature2(T::DocMajority, KIND_NAMES[best], own));
    }
    if let Some(kind) = first.in_longer[i] {
        out.push(feature2(T::InLongerName, KIND_NAMES[kind], own));
    }
}

/// The first `n` bits of a cluster path (all of it if shorter).
fn bits(info: Option<&WordInfo>, n: usize) -> &str {
    info.map_or("none", |w| &w.cluster[..w.cluster.len().min(n)])
}

fn word_table_features(
    facts: &DocFacts,
    at: &dyn Fn(isize) -> Option<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    let info = facts.info[i];
    for (n, digits) in [(4usize, "4"), (6, "6"), (10, "10"), (20, "20")] {
        out.push(feature2(T::Cluster, digits, bits(info, n)));
    }
    for (template, offset) in [(T::PrevCluster, -1isize), (T::NextCluster, 1)] {
        let neighbour = at(offset).and_then(|k| facts.info[k]);
        for (n, digits) in [(6usize, "6"), (10, "10")] {
            out.push(feature2(template, digits, bits(neighbour, n)));
        }
    }
    let (first_name, surname) = facts.names[i];
    if first_name {
        out.push(feature(T::FirstNameList, "y"));
    }
    if surname {
        out.push(feature(T::SurnameList, "y"));
    }
    if at(-1).is_some_and(|k| facts.names[k].0) {
        out.push(feature(
            T::PrevFirstNameList,
            if surname { "surname" } else { "y" },
        ));
    }
    name_class_features(facts, at, i, out);
    let common = info.map_or(99, |w| (-w.log_prob).min(25) / 2);
    out.push(feature(
        T::Common,
        Digits::of(common.max(0) as usize).as_str(),
    ));
    if let Some(lower) = facts.lower_info[i] {
        let common = ((-lower.log_prob).min(25) / 2).max(0) as usize;
        out.push(feature(T::LowerCommon, Digits::of(common).as_str()));
    }
}

/// The dictionary's name classes of the token and its neighbours, as class
/// letters ("g" a place, "o" an organisation, "ns" a given name or surname,
/// "-" none), and the token's own with its short shape. Nothing for a
/// language without a class table.
fn name_class_features(
    facts: &DocFacts,
    at: &dyn Fn(isize) -> Option<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    if facts.classes.is_empty() {
        return;
    }
    let mut own = [0u8; 5];
    let own = class_letters(facts.classes[i], &mut own);
    out.push(feature(T::NameClass, own));
    out.push(feature_concat(
        T::NameClassShape,
        &[own, ":", &facts.shapes[i].1],
    ));
    for (template, offset) in [(T::PrevNameClass, -1isize), (T::NextNameClass, 1)] {
        let mut buffer = [0u8; 5];
        let bits = at(offset).map_or(0, |k| facts.classes[k]);
        out.push(feature(template, class_letters(bits, &mut buffer)));
    }
}

/// The letters of class bits, written into `buffer`; "-" for none.
fn class_letters(bits: u8, buffer: &mut [u8; 5]) -> &str {
    let mut n = 0;
    for (bit, letter) in b"gonsp".iter().enumerate() {
        if bits & (1 << bit) != 0 {
            buffer[n] = *letter;
            n += 1;
        }
    }
    if n == 0 {
        return "-";
    }
    std::str::from_utf8(&buffer[..n]).unwrap_or("-")
}

/// The gazetteer feature of token `i` under `template`: the class of the
/// known name it is in, where in it, and whether as a name or an adjective
/// (`country:BL:name`).
fn gazetteer_feature(doc: &Doc, template: T, i: usize) -> Option<u32> {
    let start = doc.in_gazetteer.get(i).copied().flatten()?;
    let hit = doc.gazetteer[start]?;
    let class = class_name(GAZETTEER.entries[hit.entry].class);
    let position = if start == i { "B" } else { "I" };
    let adjective = if hit.adjective { "adj" } else { "name" };
    let last = if start + hit.words == i + 1 { "L" } else { "" };
    Some(feature_concat(
        template,
        &[class, ":", position, last, ":", adjective],
    ))
}

fn gazetteer_features(doc: &Doc, i: usize, out: &mut Vec<u32>) {
    out.extend(gazetteer_feature(doc, T::Gazetteer, i));
    out.extend(
        i.checked_sub(1)
            .and_then(|j| gazetteer_feature(doc, T::PrevGazetteer, j)),
    );
    out.extend(gazetteer_feature(doc, T::NextGazetteer, i + 1));
}

fn title_class<'d>(doc: &'d Doc, i: usize) -> Option<&'d str> {
    let start = doc.in_title.get(i).copied().flatten()?;
    doc.titles[start].as_ref().map(|t| t.class.as_str())
}

fn title_features(doc: &Doc, at: &dyn Fn(isize) -> Option<usize>, out: &mut Vec<u32>) {
    if let Some(class) = at(0).and_then(|k| title_class(doc, k)) {
        out.push(feature(T::Title, class));
    }
    if let Some(class) = at(-1).and_then(|k| title_class(doc, k)) {
        out.push(feature(T::PrevTitle, class));
    }
    if let Some(class) = at(1).and_then(|k| title_class(doc, k)) {
        out.push(feature(T::NextTitle, class));
    }
}

/// Which of the lexicons a token's word is in, one bit each.
mod lexicon_bits {
    pub const GIVEN_NAME: u8 = 1;
    pub const ORG_CUE: u8 = 1 << 1;
    pub const PLACE_CUE: u8 = 1 << 2;
    pub const PLACE_PREFIX: u8 = 1 << 3;
    pub const STOPWORD: u8 = 1 << 4;
    pub const HONORIFIC: u8 = 1 << 5;
    pub const SPEECH_VERB: u8 = 1 << 6;
}

/// The lexicons token `i`'s word is in.
fn lexicon_bits_of(doc: &Doc, i: usize) -> u8 {
    use lexicon_bits::*;
    let key = &doc.keys[i];
    let sets = [
        (GIVEN_NAME, &LEXICON.given_names),
        (ORG_CUE, &LEXICON.org_cues),
        (PLACE_CUE, &LEXICON.place_cues),
        (PLACE_PREFIX, &LEXICON.place_prefixes),
        (HONORIFIC, &LEXICON.honorifics),
        (SPEECH_VERB, &LEXICON.speech_verbs),
    ];
    let mut bits = sets
        .iter()
        .filter(|(_, set)| set.contains(key))
        .fold(0, |bits, (bit, _)| bits | bit);
    if LEXICON.is_stopword(&doc.lowers[i]) {
        bits |= STOPWORD;
    }
    bits
}

fn lexicon_features(
    facts: &DocFacts,
    at: &dyn Fn(isize) -> Option<usize>,
    i: usize,
    out: &mut Vec<u32>,
) {
    use lexicon_bits::*;
    let has = |j: isize, bit: u8| at(j).is_some_and(|k| facts.lexicon[k] & bit != 0);
    let mut push_if = |yes: bool, template: T, value: &str| {
        if yes {
            out.push(feature(template, value));
        }
    };
    let own = facts.lexicon[i];
    push_if(own & GIVEN_NAME != 0, T::GivenName, "y");
    push_if(has(-1, GIVEN_NAME), T::PrevGivenName, "y");
    push_if(own & ORG_CUE != 0, T::OrgCue, "y");
    push_if(has(1, ORG_CUE), T::NextOrgCue, "y");
    push_if(own & PLACE_CUE != 0, T::PlaceCue, "y");
    push_if(has(-1, PLACE_CUE | PLACE_PREFIX), T::PrevPlaceCue, "y");
    push_if(own & STOPWORD != 0, T::Stopword, "y");
    push_if(has(-1, HONORIFIC), T::Honorific, "y");
    for offset in [-3isize, -2, -1, 1, 2, 3] {
        let side = if offset < 0 { "before" } else { "after" };
        push_if(has(offset, SPEECH_VERB), T::SpeechNear, side);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shapes("Minsk"), ("Xxxxx".to_string(), "Xx".to_string()));
        assert_eq!(shapes("U.S.").1, "X.X.");
        assert_eq!(shapes("2024").1, "d");
    }

    #[test]
    fn affixes_count_chars_not_bytes() {
        assert_eq!(suffix("Минска", 2), "ка");
        assert_eq!(prefix("Минска", 3), "Мин");
        assert_eq!(suffix("ab", 4), "ab");
    }

    #[test]
    fn joined_parts_hash_as_the_joined_string() {
        assert_eq!(
            feature_concat(T::ShapeWindow, &["Xx", "|", "x", "|", "d"]),
            feature(T::ShapeWindow, "Xx|x|d")
        );
        assert_eq!(Digits::of(0).as_str(), "0");
        assert_eq!(Digits::of(120).as_str(), "120");
    }

    #[test]
    fn same_token_same_features() {
        let doc = Doc::new("Alexander Lukashenko met the CSTO Secretary General in Minsk.");
        let table = WordTable::default();
        let facts = DocFacts::new(&doc, &table);
        let sentence = doc.sentences[0].clone();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        token_features(&doc, &facts, sentence.clone(), 1, &mut a);
        token_features(&doc, &facts, sentence, 1, &mut b);
        assert_eq!(a, b);
        assert!(a.len() > 20);
    }
}
