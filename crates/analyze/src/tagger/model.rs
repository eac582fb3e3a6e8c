//! The tagger's model: weights per feature and tag, transitions between tags,
//! Viterbi decoding, and the averaged structured perceptron that learns them.
//!
//! Tags are BIO over three kinds: `O`, then `B-`/`I-` for person,
//! organisation and place. An `I-` tag may only follow a `B-` or `I-` of its
//! own kind; decoding enforces that, so every decoded span is well formed.
//!
//! The file format (little endian) is ours and small:
//! `NDNER001`, tag count `u32`, feature count `u32`, scale `f32`,
//! `(TAGS + 1) × TAGS` transition weights `i16` (the first row is the start),
//! then per feature its hash `u32`, a mask `u8` of the tags it has weights
//! for, and one `i16` per set bit. A weight is the stored `i16` times the
//! scale. Features are written sorted by hash, so the same training gives the
//! same bytes.

use std::collections::HashMap;

use crate::fasthash::FastMap;
use crate::EntityKind;

/// `O`, `B-PER`, `I-PER`, `B-ORG`, `I-ORG`, `B-LOC`, `I-LOC`.
pub const TAGS: usize = 7;
const MAGIC: &[u8; 8] = b"NDNER001";

/// The kind a tag names, and whether it begins a span.
pub fn tag_kind(tag: usize) -> Option<(EntityKind, bool)> {
    let kind = match tag {
        1 | 2 => EntityKind::Person,
        3 | 4 => EntityKind::Organization,
        5 | 6 => EntityKind::Place,
        _ => return None,
    };
    Some((kind, tag % 2 == 1))
}

/// The `B-` tag of a kind; `I-` is one more.
pub fn begin_tag(kind: EntityKind) -> Option<usize> {
    match kind {
        EntityKind::Person => Some(1),
        EntityKind::Organization => Some(3),
        EntityKind::Place => Some(5),
        _ => None,
    }
}

/// Whether `to` may follow `from` (`None`: the sentence's start).
fn allowed(from: Option<usize>, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    from.is_some_and(|f| f != 0 && (f == to || f + 1 == to))
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with a model's magic number.
    #[error("not a name tagger model (bad magic)")]
    Magic,
    /// The model has another number of tags than this build.
    #[error("model has {0} tags, this build knows {TAGS}")]
    Tags(usize),
    /// The bytes end before the model does.
    #[error("model file is cut short")]
    Truncated,
}

/// A trained tagger.
#[derive(Debug, Default)]
pub struct Model {
    index: FastMap<u32, u32>,
    weights: Vec<[f32; TAGS]>,
    /// `transitions[0]` from the start, `transitions[1 + t]` from tag `t`.
    transitions: [[f32; TAGS]; TAGS + 1],
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.bytes.len() < n {
            return Err(ModelError::Truncated);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        let b = self.take(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
}

impl Model {
    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader { bytes };
        if r.take(8)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let tags = r.u32()? as usize;
        if tags != TAGS {
            return Err(ModelError::Tags(tags));
        }
        let count = r.u32()? as usize;
        let scale = f32::from_bits(r.u32()?);
        let mut model = Model::default();
        for row in model.transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = f32::from(r.i16()?) * scale;
            }
        }
        model.weights.reserve(count.min(bytes.len()));
        for _ in 0..count {
            let hash = r.u32()?;
            let mask = r.take(1)?[0];
            let mut row = [0f32; TAGS];
            for (tag, w) in row.iter_mut().enumerate() {
                if mask & (1 << tag) != 0 {
                    *w = f32::from(r.i16()?) * scale;
                }
            }
            model.index.insert(hash, model.weights.len() as u32);
            model.weights.push(row);
        }
        Ok(model)
    }

    /// The model's bytes; weights are rounded to `i16` steps of one scale.
    pub fn to_bytes(&self) -> Vec<u8> {
        let largest = self
            .weights
            .iter()
            .flatten()
            .chain(self.transitions.iter().flatten())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / 32000.0
        } else {
            1.0
        };
        let quantize = |w: f32| (w / scale).round() as i16;
        let mut rows: Vec<(u32, [i16; TAGS])> = self
            .index
            .iter()
            .map(|(&hash, &row)| (hash, self.weights[row as usize].map(quantize)))
            .filter(|(_, row)| row.iter().any(|&w| w != 0))
            .collect();
        rows.sort_unstable_by_key(|(hash, _)| *hash);
        let mut out = Vec::with_capacity(24 + rows.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_bits().to_le_bytes());
        for w in self.transitions.iter().flatten() {
            out.extend_from_slice(&quantize(*w).to_le_bytes());
        }
        for (hash, row) in rows {
            out.extend_from_slice(&hash.to_le_bytes());
            let mask = row
                .iter()
                .enumerate()
                .filter(|(_, &w)| w != 0)
                .fold(0u8, |m, (t, _)| m | (1 << t));
            out.push(mask);
            for w in row.iter().filter(|&&w| w != 0) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// How many features carry weights.
    pub fn features(&self) -> usize {
        self.weights.len()
    }

    /// Each feature's weights summed, one score per tag.
    pub fn emission(&self, features: &[u32], scores: &mut [f32; TAGS]) {
        *scores = [0.0; TAGS];
        self.add_emission(features, scores);
    }

    /// Adds each feature's weights into `scores`.
    pub fn add_emission(&self, features: &[u32], scores: &mut [f32; TAGS]) {
        for f in features {
            if let Some(&row) = self.index.get(f) {
                self.add_row(row, scores);
            }
        }
    }

    /// The features this model weighs, each with its row.
    pub fn rows(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.index.iter().map(|(&hash, &row)| (hash, row))
    }

    /// Adds one row's weights into `scores`.
    pub fn add_row(&self, row: u32, scores: &mut [f32; TAGS]) {
        if let Some(weights) = self.weights.get(row as usize) {
            for (s, w) in scores.iter_mut().zip(weights) {
                *s += w;
            }
        }
    }

    /// The best tag sequence for emission scores, one row per token.
    pub fn decode(&self, emissions: &[[f32; TAGS]]) -> Vec<usize> {
        viterbi(emissions, &self.transitions)
    }
}

fn viterbi(emissions: &[[f32; TAGS]], transitions: &[[f32; TAGS]; TAGS + 1]) -> Vec<usize> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    // Forbidden moves cost infinitely much.
    let mut moves = *transitions;
    for (from, row) in moves.iter_mut().enumerate() {
        for (to, w) in row.iter_mut().enumerate() {
            if !allowed(from.checked_sub(1), to) {
                *w = f32::NEG_INFINITY;
            }
        }
    }
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for t in 0..TAGS {
        score[0][t] = moves[0][t] + emissions[0][t];
    }
    for i in 1..n {
        for t in 0..TAGS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..TAGS {
                let s = score[i - 1][p] + moves[1 + p][t];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[i][t] = best + emissions[i][t];
            back[i][t] = arg as u8;
        }
    }
    let mut tag = (0..TAGS)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for i in (0..n).rev() {
        out[i] = tag;
        tag = usize::from(back[i][tag]);
    }
    out
}

/// One training sequence: each token's features and its gold tag.
pub struct Sequence {
    /// Per token, the hashes of its features.
    pub features: Vec<Vec<u32>>,
    /// Per token, its gold tag (an index into the tag set).
    pub tags: Vec<usize>,
}

/// An averaged structured perceptron (Collins 2002), with the usual lazy
/// averaging: `weights − totals / steps` is the average of every step's weights.
#[derive(Default)]
pub struct Trainer {
    index: HashMap<u32, usize>,
    weights: Vec<[f64; TAGS]>,
    totals: Vec<[f64; TAGS]>,
    transitions: [[f64; TAGS]; TAGS + 1],
    transition_totals: [[f64; TAGS]; TAGS + 1],
    steps: f64,
}

impl Trainer {
    fn row(&mut self, feature: u32) -> usize {
        let next = self.weights.len();
        let row = *self.index.entry(feature).or_insert(next);
        if row == next {
            self.weights.push([0.0; TAGS]);
            self.totals.push([0.0; TAGS]);
        }
        row
    }

    fn emissions(&self, sequence: &Sequence) -> Vec<[f32; TAGS]> {
        sequence
            .features
            .iter()
            .map(|features| {
                let mut scores = [0f32; TAGS];
                for f in features {
                    if let Some(&row) = self.index.get(f) {
                        for (s, w) in scores.iter_mut().zip(&self.weights[row]) {
                            *s += *w as f32;
                        }
                    }
                }
                scores
            })
            .collect()
    }

    fn current_transitions(&self) -> [[f32; TAGS]; TAGS + 1] {
        self.transitions.map(|row| row.map(|w| w as f32))
    }

    /// Learns from one sequence: decode, and where the guess is wrong move the
    /// weights towards the gold tags and away from the guessed ones.
    pub fn learn(&mut self, sequence: &Sequence) {
        self.steps += 1.0;
        let guess = viterbi(&self.emissions(sequence), &self.current_transitions());
        if guess == sequence.tags {
            return;
        }
        let step = self.steps;
        for (i, features) in sequence.features.iter().enumerate() {
            let (gold, said) = (sequence.tags[i], guess[i]);
            if gold != said {
                for &f in features {
                    let row = self.row(f);
                    self.weights[row][gold] += 1.0;
                    self.totals[row][gold] += step;
                    self.weights[row][said] -= 1.0;
                    self.totals[row][said] -= step;
                }
            }
            let gold_from = if i == 0 { 0 } else { 1 + sequence.tags[i - 1] };
            let said_from = if i == 0 { 0 } else { 1 + guess[i - 1] };
            if (gold_from, gold) != (said_from, said) {
                self.transitions[gold_from][gold] += 1.0;
                self.transition_totals[gold_from][gold] += step;
                self.transitions[said_from][said] -= 1.0;
                self.transition_totals[said_from][said] -= step;
            }
        }
    }

    /// The averaged model.
    pub fn finish(&self) -> Model {
        let steps = self.steps.max(1.0);
        let average = |w: f64, total: f64| (w - total / steps) as f32;
        let mut model = Model::default();
        let mut order: Vec<(&u32, &usize)> = self.index.iter().collect();
        order.sort_unstable();
        for (&hash, &row) in order {
            let averaged: [f32; TAGS] =
                std::array::from_fn(|t| average(self.weights[row][t], self.totals[row][t]));
            model.index.insert(hash, model.weights.len() as u32);
            model.weights.push(averaged);
        }
        for from in 0..=TAGS {
            for to in 0..TAGS {
                model.transitions[from][to] =
                    average(self.transitions[from][to], self.transition_totals[from][to]);
            }
        }
        model
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_never_opens_with_inside() {
        let mut emissions = vec![[0f32; TAGS]; 2];
        emissions[0][2] = 10.0; // I-PER first: not allowed
        emissions[1][2] = 10.0;
        let tags = viterbi(&emissions, &[[0.0; TAGS]; TAGS + 1]);
        assert_ne!(tags[0], 2);
        assert!(allowed(Some(tags[0]), tags[1]));
    }

    #[test]
    fn learns_and_round_trips() {
        let a = Sequence {
            features: vec![vec![1, 2], vec![3]],
            tags: vec![1, 0],
        };
        let b = Sequence {
            features: vec![vec![4], vec![5, 2]],
            tags: vec![0, 5],
        };
        let mut trainer = Trainer::default();
        for _ in 0..5 {
            trainer.learn(&a);
            trainer.learn(&b);
        }
        let model = trainer.finish();
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).expect("reads its own bytes");
        assert_eq!(back.to_bytes(), bytes);
        let tag = |m: &Model, s: &Sequence| {
            let e: Vec<[f32; TAGS]> = s
                .features
                .iter()
                .map(|f| {
                    let mut row = [0.0; TAGS];
                    m.emission(f, &mut row);
                    row
                })
                .collect();
            m.decode(&e)
        };
        assert_eq!(tag(&back, &a), a.tags);
        assert_eq!(tag(&back, &b), b.tags);
    }

    #[test]
    fn bad_bytes_are_an_error() {
        assert!(matches!(
            Model::from_bytes(b"nope"),
            Err(ModelError::Truncated)
        ));
        assert!(matches!(
            Model::from_bytes(b"NOTAMODEL..."),
            Err(ModelError::Magic)
        ));
        let mut bytes = Trainer::default().finish().to_bytes();
        bytes.truncate(bytes.len() - 1);
        assert!(Model::from_bytes(&bytes).is_err());
    }
}
