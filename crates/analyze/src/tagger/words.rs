//! What a language's large word tables say about a spelling: its word
//! cluster (words used alike share a bit-path prefix, so "Minsk" looks like
//! "Paris" even if no training text named Minsk) and how common it is.
//!
//! Tables live in `data/ner/<lang>.words.gz`, one `word TAB cluster-bits TAB
//! log-probability` line per spelling, made by `scripts/ner/` from open
//! packages (their sources and licences are in those scripts). Russian also
//! has the name classes its dictionary gives each word ([`NameClasses`]: a
//! place, an organisation, a given name, a surname, a patronymic). A
//! language without a table simply gives no such features.

use std::io::Read;
use std::sync::{Arc, LazyLock};

use super::Language;
use crate::fasthash::FastMap;

/// One spelling's entry.
#[derive(Debug, Clone)]
pub struct WordInfo {
    /// The cluster's bit path, "" when the table has none (shared by the
    /// cluster's words: a table holds a few thousand distinct paths).
    pub cluster: Arc<str>,
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
    classes: NameClasses,
}

/// The name classes a language's dictionary gives its words: which are
/// places, organisations, given names, surnames or patronymics. Read from
/// `data/ner/<lang>.names.gz`, one `lemma TAB letters` line per dictionary
/// word (letters `g o n s p`), made by `scripts/ner/export_ru_morph.py`
/// from an open dictionary. A lemma is kept as written and, when it ends in
/// a vowel or soft sign, also as its stem ("москва", "москв"); a word is
/// looked up as written and without its last one or two letters, so an
/// inflected form meets its lemma ("иерусалиму", "москве", "ариповым") the
/// way [`WordTable::get_inflected`] meets names.
#[derive(Debug, Default)]
pub struct NameClasses {
    by_key: FastMap<String, u8>,
}

/// The shortest stem a lemma or a looked-up word is cut to, in chars.
const MIN_STEM_CHARS: usize = 3;

/// A lemma without its final vowel or soft sign (a one-letter case ending
/// of the language files' `key_endings`), when a long enough stem is left.
fn stem_of(lemma: &str) -> Option<&str> {
    let last = lemma.chars().next_back()?;
    if !crate::normalize::is_one_letter_ending(last) {
        return None;
    }
    let stem = &lemma[..lemma.len() - last.len_utf8()];
    (stem.chars().count() >= MIN_STEM_CHARS).then_some(stem)
}

/// The lines of a table, without their `\n` or `\r\n`. Tables hold
/// hundreds of thousands of short lines, read once per process; `memchr`
/// splits them several times faster than `str::lines`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    split_at_byte(text, b'\n').map(|line| line.strip_suffix('\r').unwrap_or(line))
}

/// How many lines a table has (to size its map once).
fn line_count(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1
}

/// The tab-separated fields of a table line.
fn tab_fields(line: &str) -> impl Iterator<Item = &str> {
    split_at_byte(line, b'\t')
}

/// `text` split at an ASCII byte (never inside a multi-byte character), with
/// no empty piece after a final separator.
fn split_at_byte(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match memchr::memchr(separator, current.as_bytes()) {
            Some(at) => {
                rest = Some(&current[at + 1..]).filter(|r| !r.is_empty());
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// The class bits of [`NameClasses`].
pub mod class {
    /// A place name.
    pub const PLACE: u8 = 1;
    /// An organisation's name.
    pub const ORGANIZATION: u8 = 2;
    /// A first name.
    pub const GIVEN_NAME: u8 = 4;
    /// A surname.
    pub const SURNAME: u8 = 8;
    /// A patronymic.
    pub const PATRONYMIC: u8 = 16;
}

impl NameClasses {
    /// Reads a gzip-compressed table; a damaged table is an empty one.
    pub fn from_gzip(bytes: &[u8]) -> Self {
        let mut text = String::new();
        let mut decoder = flate2::read::GzDecoder::new(bytes);
        if decoder.read_to_string(&mut text).is_err() {
            return NameClasses::default();
        }
        Self::from_text(&text)
    }

    /// Reads `lemma TAB letters` lines; lines without a class are skipped.
    /// Lemmas sharing a key share their classes.
    pub fn from_text(text: &str) -> Self {
        let mut by_key: FastMap<String, u8> = FastMap::default();
        by_key.reserve(line_count(text));
        for line in lines(text) {
            let mut fields = tab_fields(line);
            let (Some(lemma), Some(letters)) = (fields.next(), fields.next()) else {
                continue;
            };
            let bits = letters.chars().fold(0u8, |bits, c| {
                bits | match c {
                    'g' => class::PLACE,
                    'o' => class::ORGANIZATION,
                    'n' => class::GIVEN_NAME,
                    's' => class::SURNAME,
                    'p' => class::PATRONYMIC,
                    _ => 0,
                }
            });
            if bits == 0 {
                continue;
            }
            *by_key.entry(lemma.to_string()).or_default() |= bits;
            if let Some(stem) = stem_of(lemma) {
                *by_key.entry(stem.to_string()).or_default() |= bits;
            }
        }
        NameClasses { by_key }
    }

    /// The class bits of a lower-cased word: of its lemma as written, or
    /// without a one- or two-letter ending (0 when the dictionary has none).
    pub fn get(&self, lowered: &str) -> u8 {
        let ends = lowered.char_indices().rev().map(|(i, _)| i);
        std::iter::once(lowered.len())
            .chain(ends.take(2))
            .filter(|&end| end == lowered.len() || lowered[..end].chars().count() >= MIN_STEM_CHARS)
            .find_map(|end| self.by_key.get(&lowered[..end]).copied())
            .unwrap_or(0)
    }

    /// Whether the table has no words (a language without a dictionary).
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
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

    /// Reads a table from its text: one `word TAB cluster-bits TAB
    /// log-probability [TAB flags]` line per spelling (flags `f`: a first
    /// name, `l`: a surname); a line of fewer fields is skipped, an
    /// unreadable log-probability read as 0.
    pub fn from_text(text: &str) -> Self {
        let mut words = FastMap::default();
        words.reserve(line_count(text));
        let mut clusters: FastMap<&str, Arc<str>> = FastMap::default();
        for line in lines(text) {
            let mut fields = tab_fields(line);
            let (Some(word), Some(cluster), Some(prob)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let log_prob = prob.trim().parse().unwrap_or(0);
            let flags = fields.next().unwrap_or("");
            let cluster = clusters
                .entry(cluster)
                .or_insert_with(|| Arc::from(cluster))
                .clone();
            words.insert(
                word.to_string(),
                WordInfo {
                    cluster,
                    log_prob,
                    first_name: flags.contains('f'),
                    surname: flags.contains('l'),
                },
            );
        }
        WordTable {
            words,
            classes: NameClasses::default(),
        }
    }

    /// The same table with the language's dictionary name classes.
    pub fn with_classes(mut self, classes: NameClasses) -> Self {
        self.classes = classes;
        self
    }

    /// The dictionary name classes (empty for a language without them).
    pub fn classes(&self) -> &NameClasses {
        &self.classes
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

    /// How many spellings the table holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the table holds no spelling (a language without a table).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

static ENGLISH: LazyLock<WordTable> =
    LazyLock::new(|| WordTable::from_gzip(include_bytes!("../../data/ner/en.words.gz")));
static RUSSIAN: LazyLock<WordTable> = LazyLock::new(|| {
    WordTable::from_gzip(include_bytes!("../../data/ner/ru.words.gz")).with_classes(
        NameClasses::from_gzip(include_bytes!("../../data/ner/ru.names.gz")),
    )
});

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
        let classes = table.classes();
        assert_ne!(classes.get("иерусалиму") & class::PLACE, 0);
        assert_ne!(classes.get("госдумы") & class::ORGANIZATION, 0);
        assert_ne!(classes.get("ариповым") & class::SURNAME, 0);
        assert_eq!(classes.get("переговоры"), 0);
        assert!(super::table(Language::English).classes().is_empty());
    }

    #[test]
    fn name_classes_read_letters_and_skip_bad_lines() {
        let classes = NameClasses::from_text("москва\tg\nbroken\nиван\tns\nа\tx\n");
        assert_eq!(classes.get("москве"), class::PLACE);
        assert_eq!(classes.get("ивана"), class::GIVEN_NAME | class::SURNAME);
        assert_eq!(classes.get("а"), 0);
        assert_eq!(classes.get("broken"), 0);
        assert!(NameClasses::from_gzip(b"not gzip").is_empty());
    }

    #[test]
    fn the_english_table_is_embedded() {
        let table = table(Language::English);
        assert!(table.len() > 50_000);
        let (london, paris) = (table.get("London"), table.get("Paris"));
        assert!(london.is_some() && paris.is_some());
    }
}
