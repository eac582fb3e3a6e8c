//! Fingerprints for finding copies of one text: an exact hash of the
//! normalised text, and a MinHash signature with LSH bands for near copies.
//!
//! Syndicated copies of a report differ in small ways after extraction: a
//! different dateline, a paragraph cut or added, curly quotes instead of
//! straight ones. So both fingerprints work on *normalised words*: letters and
//! digits lower-cased, everything else a separator. The exact hash catches
//! identical texts; the MinHash signature estimates the Jaccard similarity of
//! the two texts' sets of word shingles (runs of [`SHINGLE`] words), and
//! splitting it into [`BANDS`] bands of [`ROWS`] rows turns "find texts at
//! least this similar" into a few exact lookups (locality-sensitive hashing):
//! two texts share a band with probability `1 - (1 - J^ROWS)^BANDS`, which is
//! about 0.5 at J = 0.55 and above 0.99 at J = 0.8. Candidates found through a
//! band are then checked against the configured threshold on the full
//! signature.
//!
//! Pure functions; hashes are xxh3 with fixed seeds, so fingerprints are
//! stable across runs, machines and versions (they are stored).

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Hash functions in a signature.
pub const SIGNATURE_LEN: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 20;
/// Signature rows per band.
pub const ROWS: usize = 5;
/// Texts with fewer words than this get no signature: their shingle sets are
/// too small for a similarity estimate to mean anything (exact copies are
/// still found through the text hash).
pub const MIN_WORDS: usize = 25;

/// Articles read per LSH band key when looking for near copies, lowest ids first.
pub const BAND_CANDIDATES: usize = 50;
/// Near-copy candidates compared at most, in band order.
pub const MAX_NEAR_CANDIDATES: usize = 200;

/// A MinHash signature: for each of [`SIGNATURE_LEN`] hash functions, the
/// smallest hash of any shingle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

/// The near-copy candidates among the articles the bands name (band after
/// band, as read): each once, the first [`MAX_NEAR_CANDIDATES`].
pub fn near_candidates(band_postings: impl IntoIterator<Item = i64>) -> Vec<i64> {
    let mut candidates: Vec<i64> = Vec::new();
    for id in band_postings {
        if candidates.len() == MAX_NEAR_CANDIDATES {
            break;
        }
        if !candidates.contains(&id) {
            candidates.push(id);
        }
    }
    candidates
}

/// The duplicate group of the candidate whose signature is most similar to
/// `signature`, at `threshold` or above (the first such on a tie).
/// `stored(id)` reads a candidate's stored signature bytes and group; a
/// candidate with none, or with bytes that are no signature, is passed over.
/// Both stores decide near copies here, so they decide alike.
pub fn nearest_group<E>(
    signature: &Signature,
    threshold: f64,
    candidates: &[i64],
    mut stored: impl FnMut(i64) -> Result<Option<(Vec<u8>, i64)>, E>,
) -> Result<Option<i64>, E> {
    let mut best: Option<(f64, i64)> = None;
    for &candidate in candidates {
        let Some((bytes, group)) = stored(candidate)? else {
            continue;
        };
        let Some(other) = Signature::from_bytes(&bytes) else {
            continue;
        };
        let similarity = signature.similarity(&other);
        if similarity >= threshold && best.is_none_or(|(s, _)| similarity > s) {
            best = Some((similarity, group));
        }
    }
    Ok(best.map(|(_, group)| group))
}

/// The words of a text as the fingerprints see them.
pub fn normalized_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The hash of the normalised text: equal for texts that differ only in case,
/// punctuation and spacing. Zero for a text without words.
pub fn text_hash(text: &str) -> u64 {
    let words = normalized_words(text);
    if words.is_empty() {
        return 0;
    }
    xxh3_64(words.join(" ").as_bytes())
}

/// The hash of raw bytes (a capture's body), for recognising a page seen before.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The MinHash signature of `text`, or `None` when it has fewer than
/// [`MIN_WORDS`] words.
pub fn signature(text: &str) -> Option<Signature> {
    let words = normalized_words(text);
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut mins = vec![u32::MAX; SIGNATURE_LEN];
    let mut shingle = String::new();
    for window in words.windows(SHINGLE) {
        shingle.clear();
        for word in window {
            shingle.push_str(word);
            shingle.push(' ');
        }
        let base = xxh3_64(shingle.as_bytes());
        // Each "hash function" is a cheap re-mix of one strong base hash.
        for (i, slot) in mins.iter_mut().enumerate() {
            let h = remix(base, i as u64);
            if h < *slot {
                *slot = h;
            }
        }
    }
    Some(Signature(mins))
}

fn remix(base: u64, i: u64) -> u32 {
    let mut x = base ^ (i.wrapping_add(1)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^= x >> 33;
    (x >> 32) as u32
}

impl Signature {
    /// The estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / self.0.len() as f64
    }

    /// One key per band: texts sharing any key are near-copy candidates.
    /// The band number is mixed in, so keys of different bands never collide
    /// by construction.
    pub fn band_keys(&self) -> Vec<i64> {
        self.0
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(ROWS * 4);
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, band as u64) as i64
            })
            .collect()
    }

    /// The signature as bytes, for the store.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads a stored signature; `None` if the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        let values = bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(Signature(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_candidates_are_distinct_in_order_and_bounded() {
        assert_eq!(near_candidates([3, 1, 3, 2, 1]), [3, 1, 2]);
        let many = near_candidates((0..1000).rev());
        assert_eq!(many.len(), MAX_NEAR_CANDIDATES);
        assert_eq!(many.first(), Some(&999));
    }

    #[test]
    fn the_nearest_group_is_the_most_similar_above_the_threshold() {
        let mine = Signature((0..SIGNATURE_LEN as u32).collect());
        let mut close = mine.clone();
        close.0[0] = u32::MAX;
        let mut far = mine.clone();
        far.0
            .iter_mut()
            .take(SIGNATURE_LEN / 2 + 1)
            .for_each(|v| *v = u32::MAX);
        let stored = |id: i64| -> Result<Option<(Vec<u8>, i64)>, ()> {
            Ok(match id {
                1 => Some((far.to_bytes(), 10)),
                2 => Some((close.to_bytes(), 20)),
                3 => Some((vec![1, 2, 3], 30)),
                _ => None,
            })
        };
        assert_eq!(
            nearest_group(&mine, 0.5, &[1, 2, 3, 4], stored),
            Ok(Some(20))
        );
        assert_eq!(nearest_group(&mine, 0.5, &[1, 3, 4], stored), Ok(None));
        assert_eq!(nearest_group(&mine, 0.4, &[1, 3], stored), Ok(Some(10)));
    }

    fn paragraph(seed: usize, words: usize) -> String {
        (0..words)
            .map(|i| format!("w{}", xxh3_64(format!("{seed}:{i}").as_bytes()) % 50_000))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_change_the_text_hash() {
        assert_eq!(
            text_hash("The minister said: \"No.\"\n\nThen he left."),
            text_hash("the Minister said «no»  then he left")
        );
        assert_ne!(
            text_hash("the minister said no"),
            text_hash("the minister said yes")
        );
        assert_eq!(text_hash(" ,.; "), 0);
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert!(signature("A few words only.").is_none());
        assert!(signature(&paragraph(1, MIN_WORDS)).is_some());
    }

    #[test]
    fn a_copy_with_a_paragraph_added_is_similar_and_shares_a_band() {
        let body = format!(
            "{}\n\n{}\n\n{}",
            paragraph(1, 120),
            paragraph(2, 120),
            paragraph(3, 120)
        );
        let copy = format!("Moscow, May 3. {body}\n\n{}", paragraph(9, 40));
        let a = signature(&body).unwrap();
        let b = signature(&copy).unwrap();
        let j = a.similarity(&b);
        assert!(j > 0.7, "similarity {j}");
        let keys_a = a.band_keys();
        assert!(b.band_keys().iter().any(|k| keys_a.contains(k)));
    }

    #[test]
    fn unrelated_texts_are_not_similar() {
        let a = signature(&paragraph(1, 300)).unwrap();
        let b = signature(&paragraph(2, 300)).unwrap();
        assert!(a.similarity(&b) < 0.1);
        let keys_a = a.band_keys();
        assert!(!b.band_keys().iter().any(|k| keys_a.contains(k)));
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let s = signature(&paragraph(5, 80)).unwrap();
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
