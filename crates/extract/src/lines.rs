//! A learned line classifier for scraped text: is this line of a page's text
//! dump part of the article body, or page chrome?
//!
//! Why learned: the chrome a scraper leaves in a text dump (view counters,
//! share rows, "Copy link", donation prompts, disclaimers, photo credits,
//! blocks of bare related headlines, menus) comes in every language and every
//! site's wording, so one rule per phrase does not carry to sites nobody read.
//! Pages with a known body are plenty, though: rendered to text lines the way
//! a scraper does, every line of the gold body is content and every other line
//! is real chrome. The model is trained on those (`examples/train_lines.rs`
//! reproduces the committed model byte for byte) and decides with the line's
//! neighbours and the shape of the whole text.
//!
//! The model: a binary averaged perceptron over hashed features. Each line
//! yields features of
//! - its shape: length, word count, how it opens and ends, digits, capitals,
//!   separators, sentence breaks, a counter or a date;
//! - its words (the first, the last, and all of a short line) and character
//!   trigrams of its start, so that "Views:", «Поделиться», "Copy link" are
//!   learned in any language the data has;
//! - the verdict of the hand-written rules (`boilerplate.rs` and the
//!   scraped-text path's shapes), as one more feature the weights may trust
//!   or not;
//! - where it sits: its relative position, and its distance before or after
//!   the densest run of prose in the text (the run of long lines with the most
//!   text, found in one pass);
//! - the shape of its neighbours (two on each side) and whether its text
//!   repeats elsewhere in the dump.
//!
//! Scores are then smoothed over the sequence ([`smooth`]): a two-state path
//! (body / chrome) that pays a cost for each switch, so a lone short line in
//! the middle of the story stays and a lone long line in a menu goes.
//!
//! The scraped-text path ([`crate::text`]) uses the model as a veto over
//! the rules' reading: a line of the rules' body that the smoothed model
//! calls chrome is taken out.
//!
//! The weights are `i16` in a table of `2^bits` slots, indexed by an FNV-1a
//! hash of each feature's string; the file format is
//! `b"NDLINES1"`, `bits: u32`, `scale: f32`, then the weights, all little-endian.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// A line at least this long is prose, for the neighbourhood features.
const PROSE_CHARS: usize = 100;

/// The committed model (see `examples/train_lines.rs`).
static EMBEDDED: &[u8] = include_bytes!("../models/lines.bin");

static MODEL: LazyLock<Option<LineModel>> = LazyLock::new(|| LineModel::from_bytes(EMBEDDED).ok());

const MAGIC: &[u8; 8] = b"NDLINES1";
/// The most weight slots a model file may ask for (2^24 × 2 bytes).
const MAX_BITS: u32 = 24;

/// Why model bytes could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start with a line model's magic number.
    #[error("not a line model (bad magic)")]
    Magic,
    /// The table size is out of the range this build reads.
    #[error("line model table of 2^{0} slots is out of range")]
    Bits(u32),
    /// The weights are not as long as the header says (found, expected).
    #[error("line model is truncated: {0} weight bytes, {1} expected")]
    Truncated(usize, usize),
}

/// A trained line model: weights over hashed features.
#[derive(Debug, Clone, PartialEq)]
pub struct LineModel {
    bits: u32,
    scale: f32,
    weights: Vec<i16>,
}

impl LineModel {
    /// The model built into the crate, if its bytes read (they always should;
    /// a test checks it).
    pub fn embedded() -> Option<&'static LineModel> {
        MODEL.as_ref()
    }

    /// Reads a model in the format [`LineModel::to_bytes`] writes: magic,
    /// table bits and scale (`u32`, `f32`), then the `i16` weights.
    pub fn from_bytes(bytes: &[u8]) -> Result<LineModel, ModelError> {
        let header = bytes.get(..16).ok_or(ModelError::Magic)?;
        if &header[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let word = |at: usize| [header[at], header[at + 1], header[at + 2], header[at + 3]];
        let bits = u32::from_le_bytes(word(8));
        if !(8..=MAX_BITS).contains(&bits) {
            return Err(ModelError::Bits(bits));
        }
        let scale = f32::from_le_bytes(word(12));
        let body = &bytes[16..];
        let expected = (1usize << bits) * 2;
        if body.len() != expected {
            return Err(ModelError::Truncated(body.len(), expected));
        }
        let weights = body
            .chunks_exact(2)
            .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Ok(LineModel {
            bits,
            scale,
            weights,
        })
    }

    /// The model as bytes, for a file to embed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The line's score: above zero is body, below is chrome.
    pub fn score(&self, features: &[u32]) -> f32 {
        let mask = (1u32 << self.bits) - 1;
        let sum: i32 = features
            .iter()
            .map(|&f| i32::from(self.weights[(f & mask) as usize]))
            .sum();
        sum as f32 * self.scale
    }

    /// Scores every line of a text (see [`line_features`]).
    pub fn score_lines(&self, lines: &[LineFacts]) -> Vec<f32> {
        let mut features = Vec::new();
        let context = Context::of(lines);
        (0..lines.len())
            .map(|i| {
                features.clear();
                context.features(lines, i, &mut features);
                self.score(&features)
            })
            .collect()
    }
}

/// One line and what the hand-written rules said about it.
#[derive(Debug, Clone, Copy)]
pub struct LineFacts<'a> {
    /// The line.
    pub text: &'a str,
    /// A short name of the rules' verdict ("promo", "headline", "body"...).
    pub rule: &'static str,
}

/// The features of every line, as hashes (the model masks them to its table).
pub fn line_features(lines: &[LineFacts]) -> Vec<Vec<u32>> {
    let context = Context::of(lines);
    (0..lines.len())
        .map(|i| {
            let mut features = Vec::new();
            context.features(lines, i, &mut features);
            features
        })
        .collect()
}

/// Per-text facts the features of each line read.
struct Context {
    shapes: Vec<Shape>,
    /// The densest run of prose: first and one-past-last line.
    run: (usize, usize),
    /// How many times each line's text occurs in the text.
    repeats: Vec<u32>,
}

/// The coarse look of one line, shared with its neighbours' features.
#[derive(Clone, Copy)]
struct Shape {
    chars: usize,
    words: usize,
    length: u8,
    ending: char,
    opening: char,
}

impl Shape {
    fn of(text: &str) -> Shape {
        let chars = text.chars().count();
        let words = text.split_whitespace().count();
        Shape {
            chars,
            words,
            length: bucket(chars),
            ending: end_class(text),
            opening: open_class(text),
        }
    }

    /// How much prose the line carries, less a threshold: long lines count
    /// for the densest run, short ones against it.
    fn density(&self) -> i64 {
        (self.chars.min(600) as i64) / 6 - 10
    }
}

impl Context {
    fn of(lines: &[LineFacts]) -> Context {
        let shapes: Vec<Shape> = lines.iter().map(|l| Shape::of(l.text)).collect();
        let mut best = (0i64, 0usize, 0usize);
        let (mut sum, mut start) = (0i64, 0usize);
        for (i, shape) in shapes.iter().enumerate() {
            if sum <= 0 {
                sum = 0;
                start = i;
            }
            sum += shape.density();
            if sum > best.0 {
                best = (sum, start, i + 1);
            }
        }
        let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
        for line in lines {
            *counts.entry(line.text).or_default() += 1;
        }
        let repeats = lines.iter().map(|l| counts[l.text]).collect();
        Context {
            shapes,
            run: (best.1, best.2),
            repeats,
        }
    }

    fn features(&self, lines: &[LineFacts], i: usize, out: &mut Vec<u32>) {
        let line = &lines[i];
        let shape = &self.shapes[i];
        let mut add = |parts: &[&str]| out.push(hash(parts));
        add(&["bias"]);
        let len = shape.length.to_string();
        let words = bucket(shape.words).to_string();
        let ending = shape.ending.to_string();
        let opening = shape.opening.to_string();
        add(&["len", &len]);
        add(&["words", &words]);
        add(&["end", &ending]);
        add(&["open", &opening]);
        add(&["len-end", &len, &ending]);
        add(&["open-end", &opening, &ending]);
        add(&["rule", line.rule]);
        add(&["rule-len", line.rule, &len]);
        for flag in flags(line.text) {
            add(&["flag", flag]);
            add(&["flag-len", flag, &len]);
        }
        add(&["digits", &ratio_bucket(line.text, |c| c.is_numeric())]);
        add(&["upper", &ratio_bucket(line.text, |c| c.is_uppercase())]);
        add(&[
            "punct",
            &ratio_bucket(line.text, |c| c.is_ascii_punctuation()),
        ]);
        add(&["breaks", &sentence_breaks(line.text).min(4).to_string()]);
        add(&["caps", &capitalised_words(line.text)]);

        // Words: the first two, the last, and all of a short line.
        let lower = line.text.to_lowercase();
        let tokens: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(first) = tokens.first() {
            add(&["w0", &digits_as_zero(first)]);
        }
        if let Some(second) = tokens.get(1) {
            add(&["w1", &digits_as_zero(second)]);
        }
        if let Some(last) = tokens.last() {
            add(&["wlast", &digits_as_zero(last)]);
        }
        if tokens.len() <= 12 {
            for token in &tokens {
                add(&["w", &digits_as_zero(token)]);
            }
            for pair in tokens.windows(2) {
                add(&["ww", &digits_as_zero(pair[0]), &digits_as_zero(pair[1])]);
            }
        }
        // Character trigrams of the line's opening (any script).
        let head: Vec<char> = lower.chars().take(24).collect();
        let mut gram = String::new();
        for window in head.windows(3) {
            gram.clear();
            gram.extend(window.iter().map(|&c| if c.is_numeric() { '0' } else { c }));
            add(&["c3", &gram]);
        }

        // Where it sits.
        let n = lines.len().max(1);
        add(&["pos", &((i * 10) / n).to_string()]);
        add(&["first", &(i.min(3)).to_string()]);
        add(&["last", &((n - 1 - i).min(3)).to_string()]);
        let (start, end) = self.run;
        let place = if i < start {
            format!("before{}", bucket(start - i))
        } else if i >= end {
            format!("after{}", bucket(i + 1 - end))
        } else {
            "in".to_string()
        };
        add(&["run", &place]);
        add(&["run-len", &place, &len]);
        add(&["run-end", &place, &ending]);
        add(&["run-rule", &place, line.rule]);
        // How far the nearest line of prose is, before and after, and how
        // much prose the lines around carry.
        let prose = |j: &usize| self.shapes[*j].chars >= PROSE_CHARS;
        let before = (0..i)
            .rev()
            .find(prose)
            .map_or("none".to_string(), |j| bucket(i - j).to_string());
        let after = (i + 1..n)
            .find(prose)
            .map_or("none".to_string(), |j| bucket(j - i).to_string());
        add(&["prose-before", &before]);
        add(&["prose-after", &after]);
        add(&["prose-around", &before, &after]);
        add(&["prose-after-len", &after, &len]);
        let window = i.saturating_sub(5)..(i + 6).min(n);
        let around = window.clone().filter(|j| j != &i && prose(j)).count();
        add(&["prose-window", &around.to_string()]);
        let repeats = self.repeats[i].min(3).to_string();
        add(&["repeats", &repeats]);

        // Neighbours.
        for (offset, name) in [(-2i64, "p2"), (-1, "p1"), (1, "n1"), (2, "n2")] {
            let j = i as i64 + offset;
            let Some(other) = usize::try_from(j).ok().and_then(|j| self.shapes.get(j)) else {
                add(&[name, "none"]);
                continue;
            };
            let other_len = other.length.to_string();
            let other_end = other.ending.to_string();
            add(&[name, "len", &other_len]);
            add(&[name, "end", &other_end]);
            add(&[name, "len-end", &other_len, &other_end]);
            add(&[name, "my-len", &other_len, &len]);
            if offset.abs() == 1 {
                let rule = lines[j as usize].rule;
                add(&[name, "rule", rule]);
                add(&[name, "rule-mine", rule, line.rule]);
            }
        }
    }
}

/// Picks body (`true`) or chrome for each line from its score: the path
/// through the two states with the highest total score, paying
/// `switch_cost` for each change of state. Lines outside the text count as
/// chrome, so the body may start and end anywhere.
pub fn smooth(scores: &[f32], switch_cost: f32) -> Vec<bool> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    // best[s] is the best total ending in state s (0 chrome, 1 body).
    let mut back = vec![[0u8; 2]; n];
    let mut best = [0.0f32, -switch_cost];
    for (i, &score) in scores.iter().enumerate() {
        let mut next = [0.0f32; 2];
        for (state, gain) in [(0usize, -score), (1, score)] {
            let stay = best[state];
            let switch = best[1 - state] - switch_cost;
            let (total, from) = if stay >= switch {
                (stay, state)
            } else {
                (switch, 1 - state)
            };
            next[state] = total + gain;
            back[i][state] = from as u8;
        }
        best = next;
    }
    let mut state = if best[1] - switch_cost > best[0] {
        1
    } else {
        0
    };
    let mut out = vec![false; n];
    for i in (0..n).rev() {
        out[i] = state == 1;
        state = back[i][state] as usize;
    }
    out
}

/// An averaged perceptron over hashed features, for the training example.
pub struct Trainer {
    bits: u32,
    weights: Vec<f32>,
    /// Sum of each weight's updates times the step they happened at.
    stamped: Vec<f32>,
    step: f32,
}

impl Trainer {
    /// A trainer over 2^`bits` weight slots (`bits` held to 8..=24), all zero.
    pub fn new(bits: u32) -> Trainer {
        let bits = bits.clamp(8, MAX_BITS);
        Trainer {
            bits,
            weights: vec![0.0; 1 << bits],
            stamped: vec![0.0; 1 << bits],
            step: 1.0,
        }
    }

    fn slot(&self, feature: u32) -> usize {
        (feature & ((1u32 << self.bits) - 1)) as usize
    }

    /// One example: `body` is the gold answer. Updates when the current
    /// weights score it on the wrong side of `margin`.
    pub fn learn(&mut self, features: &[u32], body: bool, margin: f32) {
        let score: f32 = features.iter().map(|&f| self.weights[self.slot(f)]).sum();
        let sign = if body { 1.0 } else { -1.0 };
        if score * sign <= margin {
            for &f in features {
                let slot = self.slot(f);
                self.weights[slot] += sign;
                self.stamped[slot] += sign * self.step;
            }
        }
        self.step += 1.0;
    }

    /// The score under the current (not averaged) weights, for training
    /// loops that predict with the model being trained.
    pub fn current_score(&self, features: &[u32]) -> f32 {
        features.iter().map(|&f| self.weights[self.slot(f)]).sum()
    }

    /// The averaged weights, quantised to `i16`.
    pub fn finish(&self) -> LineModel {
        let averaged: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.stamped)
            .map(|(w, s)| w - s / self.step)
            .collect();
        quantise(self.bits, &averaged)
    }
}

/// Weights scaled into `i16` (the largest to `i16::MAX`).
fn quantise(bits: u32, averaged: &[f32]) -> LineModel {
    {
        let largest = averaged.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let weights = averaged
            .iter()
            .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
        LineModel {
            bits,
            scale,
            weights,
        }
    }
}

/// FNV-1a over the parts, with a separator between them.
pub(crate) fn hash(parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for &b in part.as_bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
        h ^= 0x1f;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// 0, 1, 2, 3, then 4–7, 8–15... as the number of bits.
pub(crate) fn bucket(n: usize) -> u8 {
    if n < 4 {
        n as u8
    } else {
        (usize::BITS - n.leading_zeros()) as u8 + 1
    }
}

pub(crate) fn end_class(text: &str) -> char {
    match text.trim_end().chars().last() {
        None => 'e',
        Some(c @ ('.' | '!' | '?' | ':' | ';' | ',' | '…' | '|' | ')' | '»' | '"' | '”')) => c,
        Some(c) if c.is_numeric() => '0',
        Some(c) if c.is_alphabetic() => 'a',
        Some(_) => 'p',
    }
}

pub(crate) fn open_class(text: &str) -> char {
    match text.trim_start().chars().next() {
        None => 'e',
        Some(c) if c.is_numeric() => '0',
        Some(c) if c.is_uppercase() => 'A',
        Some(c) if c.is_lowercase() => 'a',
        Some(c) if c.is_alphabetic() => 'x',
        Some(
            c @ ('-' | '–' | '—' | '•' | '·' | '*' | '#' | '@' | '©' | '«' | '"' | '“' | '(' | '['),
        ) => c,
        Some(_) => 'p',
    }
}

/// Marks that chrome lines carry more often than prose.
pub(crate) fn flags(text: &str) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if text.contains("http") || text.contains("www.") {
        flags.push("url");
    }
    if text.contains('@') {
        flags.push("at");
    }
    if text.contains('©') {
        flags.push("copyright");
    }
    if text.contains('|') || text.contains(" · ") || text.contains(" • ") {
        flags.push("bars");
    }
    if text.contains(" / ") || text.contains(" > ") || text.contains(" » ") {
        flags.push("path");
    }
    if text.contains('#') {
        flags.push("hash");
    }
    if text
        .chars()
        .all(|c| c.is_numeric() || c.is_whitespace() || ",.:/-+()kKMm".contains(c))
    {
        flags.push("number");
    }
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if digits >= 4 && text.chars().count() <= 40 {
        flags.push("short-digits");
    }
    if text.contains(['(', '[']) && text.ends_with([')', ']']) && text.chars().count() <= 40 {
        flags.push("counted");
    }
    flags
}

pub(crate) fn ratio_bucket(text: &str, pick: impl Fn(char) -> bool) -> String {
    let (mut hit, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        hit += usize::from(pick(c));
    }
    if all == 0 {
        return "none".to_string();
    }
    ((hit * 5) / all).to_string()
}

pub(crate) fn sentence_breaks(text: &str) -> usize {
    text.as_bytes()
        .windows(2)
        .filter(|pair| matches!(pair, [b'.' | b'!' | b'?', b' ']))
        .count()
}

/// The share of words that open with a capital, in fifths ("none" when the
/// script has no case).
pub(crate) fn capitalised_words(text: &str) -> String {
    let (mut upper, mut cased) = (0usize, 0usize);
    for word in text.split_whitespace() {
        if let Some(c) = word.chars().find(|c| c.is_alphabetic()) {
            if c.is_uppercase() || c.is_lowercase() {
                cased += 1;
                upper += usize::from(c.is_uppercase());
            }
        }
    }
    if cased == 0 {
        return "none".to_string();
    }
    ((upper * 5) / cased).to_string()
}

pub(crate) fn digits_as_zero(token: &str) -> String {
    token
        .chars()
        .map(|c| if c.is_numeric() { '0' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_reads() {
        assert!(LineModel::embedded().is_some());
    }

    #[test]
    fn model_bytes_round_trip() {
        let mut trainer = Trainer::new(8);
        trainer.learn(&[1, 2, 3], true, 0.0);
        trainer.learn(&[3, 4], false, 0.0);
        let model = trainer.finish();
        let again = LineModel::from_bytes(&model.to_bytes()).expect("reads back");
        assert_eq!(model, again);
        assert!(again.score(&[1, 2]) > 0.0);
        assert!(again.score(&[4]) < 0.0);
    }

    #[test]
    fn bad_model_bytes_are_refused() {
        assert_eq!(LineModel::from_bytes(b"short"), Err(ModelError::Magic));
        let mut bytes = b"NDLINES1".to_vec();
        bytes.extend_from_slice(&30u32.to_le_bytes());
        bytes.extend_from_slice(&1.0f32.to_le_bytes());
        assert_eq!(LineModel::from_bytes(&bytes), Err(ModelError::Bits(30)));
        let mut bytes = b"NDLINES1".to_vec();
        bytes.extend_from_slice(&8u32.to_le_bytes());
        bytes.extend_from_slice(&1.0f32.to_le_bytes());
        bytes.extend_from_slice(&[0, 0]);
        assert_eq!(
            LineModel::from_bytes(&bytes),
            Err(ModelError::Truncated(2, 512))
        );
    }

    #[test]
    fn smoothing_keeps_a_short_line_inside_the_body() {
        let scores = [-3.0, 4.0, -0.5, 4.0, -3.0, -3.0];
        assert_eq!(
            smooth(&scores, 2.0),
            [false, true, true, true, false, false]
        );
        assert_eq!(
            smooth(&scores, 0.0),
            [false, true, false, true, false, false]
        );
    }

    #[test]
    fn features_are_stable_for_the_same_text() {
        let lines = [
            LineFacts {
                text: "Views: 33,418",
                rule: "body",
            },
            LineFacts {
                text: "A long paragraph of prose that tells the story, with several clauses.",
                rule: "body",
            },
        ];
        let first = line_features(&lines);
        assert_eq!(first, line_features(&lines));
        assert!(first[0].len() > 20);
    }
}
