//! What a language's large word tables say about a spelling: its word
//! cluster (words used alike share a bit-path prefix, so "Minsk" looks like
//! "Paris" even if no training text named Minsk) and how common it is.
//!
//! Tables live in `data/ner/<lang>.words.gz`, one `word TAB cluster-bits TAB
//! log-probability` line per spelling, made by `scripts/ner/` from open
//! packages (their sources and licences are in those scripts). A language
//! without a table simply gives no such features.

use std::io::Read;
use std::sync::LazyLock;

use super::Language;
use crate::fasthash::FastMap;

/// One spelling's entry.
#[derive(Debug, Clone)]
pub struct WordInfo {
    /// The cluster's bit path, "" when the table has none.
    pub cluster: String,
    /// Rounded natural-log probability of the spelling (0 when unknown).
    pub log_prob: i16,
    /// A known first name.
    pub first_name: bool,
    /// A known surname.
    pub surname: bool,
}

/// A language's table, by exact spelling.
#[derive(Debug, Default)]
pub struct WordTable {
    words: FastMap<String, WordInfo>,
}

impl WordTable {
    /// Reads a gzip-compressed table; a damaged table is an empty one.
    pub fn from_gzip(bytes: &[u8]) -> Self {
        let mut text = String::new();
        let mut decoder = flate2::read::GzDecoder::new(bytes);
        if decoder.read_to_string(&mut text).is_err() {
            return WordTable::default();
        }
        Self::from_text(&text)
    }

    pub fn from_text(text: &str) -> Self {
        let mut words = FastMap::default();
        for line in text.lines() {
            let mut fields = line.split('\t');
            let (Some(word), Some(cluster), Some(prob)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let log_prob = prob.trim().parse().unwrap_or(0);
            let flags = fields.next().unwrap_or("");
            words.insert(
                word.to_string(),
                WordInfo {
                    cluster: cluster.to_string(),
                    log_prob,
                    first_name: flags.contains('f'),
                    surname: flags.contains('l'),
                },
            );
        }
        WordTable { words }
    }

    /// The entry of this exact spelling.
    pub fn get(&self, word: &str) -> Option<&WordInfo> {
        self.words.get(word)
    }

    /// The entry of a lower-cased word, or of its stem without a one- or
    /// two-letter ending ("путина", "путиным" → "путин"): inflected names
    /// meet their dictionary form.
    pub fn get_inflected(&self, lowered: &str) -> Option<&WordInfo> {
        if let Some(info) = self.words.get(lowered) {
            return Some(info);
        }
        let mut ends = lowered.char_indices().rev().map(|(i, _)| i);
        ends.next();
        ends.take(2)
            .filter(|&end| end >= 3)
            .find_map(|end| self.words.get(&lowered[..end]))
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

static ENGLISH: LazyLock<WordTable> =
    LazyLock::new(|| WordTable::from_gzip(include_bytes!("../../data/ner/en.words.gz")));
static RUSSIAN: LazyLock<WordTable> =
    LazyLock::new(|| WordTable::from_gzip(include_bytes!("../../data/ner/ru.words.gz")));

/// The table of a language (empty for a language without one).
pub fn table(language: Language) -> &'static WordTable {
    match language {
        Language::English => &ENGLISH,
        Language::Russian => &RUSSIAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lines_and_skips_bad_ones() {
        let table = WordTable::from_text(
            "Paris\t1010\t-12\nbroken line\nparis\t0110\t-14\nпутин\t\t0\tl\n",
        );
        assert_eq!(table.len(), 3);
        assert!(table.get_inflected("путиным").is_some_and(|w| w.surname));
        assert!(table.get_inflected("пу").is_none());
        assert_eq!(table.get("Paris").map(|w| w.log_prob), Some(-12));
        assert!(table.get("London").is_none());
        assert!(WordTable::from_gzip(b"not gzip").is_empty());
    }

    #[test]
    fn the_russian_table_knows_names() {
        let table = table(Language::Russian);
        assert!(table.get_inflected("ивана").is_some_and(|w| w.first_name));
    }

    #[test]
    fn the_english_table_is_embedded() {
        let table = table(Language::English);
        assert!(table.len() > 50_000);
        let (london, paris) = (table.get("London"), table.get("Paris"));
        assert!(london.is_some() && paris.is_some());
    }
}
