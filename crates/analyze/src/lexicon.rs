//! Word lists per language, compiled into the binary and merged into one lexicon.
//!
//! Each language is one file under `data/` (`en.lex`, `ru.lex`) with the same
//! sections: stop words, sentence openers, titles and their role classes,
//! speech verbs, organisation/place/event cue words, meeting and conflict cue
//! words, given names, abbreviations, verb endings; the grammar words the rules look for
//! (articles, "of", pronouns, "that", "between … and", "against", time
//! words and their prepositions); Russian name endings (first names' and
//! surnames' cases); the case endings and letter folds that
//! [`crate::normalize`] makes match keys with. No Cyrillic word stands in
//! the code of the crate (outside test modules): a test keeps it so. The
//! files are merged at first use, so an
//! English article quoting a Russian title, or a Russian one naming "NATO",
//! is served by both. Adding a language is adding a file with these sections
//! to [`LANGUAGE_FILES`].

use crate::fasthash::{FastMap as HashMap, FastSet as HashSet};
use std::sync::LazyLock;

use crate::normalize::{lower, word_key};

/// The lexicon files, by language code.
pub const LANGUAGE_FILES: &[(&str, &str)] = &[
    ("en", include_str!("../data/en.lex")),
    ("ru", include_str!("../data/ru.lex")),
];

/// The sections every language file has, in no particular order: a file
/// with another section, or without one of these, fails the lexicon's test.
pub const SECTIONS: &[&str] = &[
    "stopwords",
    "sentence_openers",
    "titles",
    "leader_words",
    "speech_verbs",
    "reporting_phrases",
    "org_cues",
    "place_cues",
    "place_prefixes",
    "event_cues",
    "meeting_cues",
    "conflict_cues",
    "given_names",
    "connectors",
    "honorifics",
    "masculine_names_in_a",
    "feminine_name_endings",
    "surname_case_endings",
    "masculine_genitive_endings",
    "time_words",
    "time_prepositions",
    "between_words",
    "and_words",
    "against_words",
    "definite_articles",
    "indefinite_articles",
    "genitive_prepositions",
    "possessive_endings",
    "person_pronouns",
    "that_words",
    "verb_endings",
    "name_case_endings",
    "abbreviations",
    "key_endings",
    "letter_folds",
];

/// All languages' word lists merged. Keys are [`word_key`]s unless said otherwise.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Lowercased stop words.
    pub stopwords: HashSet<String>,
    /// Lowercased capitalised words that open sentences and are not names.
    pub openers: HashSet<String>,
    /// Title phrase key → role class ("president" → "head_of_state").
    pub titles: HashMap<String, String>,
    /// Key of the first word of every title phrase: where a title may start.
    pub title_first_words: HashSet<String>,
    /// Words in the longest title phrase.
    pub title_max_words: usize,
    /// Leader nouns → the role classes they may refer back to.
    pub leader_words: HashMap<String, Vec<String>>,
    /// Verbs that attribute speech ("said", "заявил").
    pub speech_verbs: HashSet<String>,
    /// Phrases like "according to", as lists of word keys.
    pub reporting_phrases: Vec<Vec<String>>,
    /// Words that make a name an organisation's ("ministry", "bank").
    pub org_cues: HashSet<String>,
    /// Words that make a name a place's ("river", "oblast").
    pub place_cues: HashSet<String>,
    /// Words that open place names ("mount", "saint").
    pub place_prefixes: HashSet<String>,
    /// Last words of names of events ("cup", "olympics").
    pub event_cues: HashSet<String>,
    /// Words that make a sentence a meeting ("talks", "met").
    pub meeting_cues: HashSet<String>,
    /// Words that make a sentence a conflict ("war", "clashes").
    pub conflict_cues: HashSet<String>,
    /// Keys of known first names.
    pub given_names: HashSet<String>,
    /// Given name key → its dictionary form, capitalised ("александр" → "Александр").
    pub given_name_forms: HashMap<String, String>,
    /// Lowercased words allowed inside names ("of", "van").
    pub connectors: HashSet<String>,
    /// Lowercased honorifics ("mr.").
    pub honorifics: HashSet<String>,
    /// Lowercased abbreviations that keep their period (without it).
    pub abbreviations: HashSet<String>,
    /// A first name's oblique ending and the nominative ending that replaces
    /// it ("я" → "й": "Сергея" → "Сергей"); an empty nominative ending is
    /// written "-" in the file.
    pub name_case_endings: Vec<(String, String)>,
    /// Lowercased men's first names ending in -а or -я.
    pub masculine_names_in_a: HashSet<String>,
    /// Lowercased last letters of a woman's first name (Russian а, я).
    pub feminine_name_endings: Vec<char>,
    /// A surname's oblique ending → its nominative ending, as written, in
    /// file order ("овым" → "ов").
    pub surname_case_endings: Vec<(String, String)>,
    /// A man's surname's genitive ending that reads as a woman's nominative
    /// → its nominative ending, as written ("ова" → "ов").
    pub masculine_genitive_endings: Vec<(String, String)>,
    /// Lowercased words that date an event ("monday", «вчера»).
    pub time_words: HashSet<String>,
    /// Lowercased prepositions before a time word ("on", «в»).
    pub time_prepositions: HashSet<String>,
    /// Lowercased "between" of "conflict between A and B".
    pub between_words: HashSet<String>,
    /// Lowercased "and" of "between A and B".
    pub and_words: HashSet<String>,
    /// Lowercased "against"/"with" of "war against B".
    pub against_words: HashSet<String>,
    /// Lowercased definite articles ("the").
    pub definite_articles: HashSet<String>,
    /// Lowercased indefinite articles ("a", "an").
    pub indefinite_articles: HashSet<String>,
    /// Lowercased prepositions tying a title to what it heads ("of").
    pub genitive_prepositions: HashSet<String>,
    /// Lowercased possessive tokens ("'s").
    pub possessive_endings: HashSet<String>,
    /// Lowercased pronouns that refer back to a person ("he", «она»).
    pub person_pronouns: HashSet<String>,
    /// Lowercased conjunctions opening indirect speech ("that", «что»).
    pub that_words: HashSet<String>,
    /// Verb endings, as written: a word ending so is no keyphrase.
    pub verb_endings: Vec<String>,
}

/// The merged lexicon, built on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::default();
    for (_, source) in LANGUAGE_FILES {
        lexicon.add_file(source);
    }
    lexicon
});

/// The key of a phrase from a data file: words split on whitespace, each keyed.
pub fn phrase_key(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(word_key)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `oblique<TAB>nominative`, both as written.
fn ending_pair(line: &str) -> Option<(String, String)> {
    let (oblique, nominative) = line.split_once('\t')?;
    Some((oblique.trim().to_string(), nominative.trim().to_string()))
}

/// "александр" → "Александр", "kassym-jomart" → "Kassym-Jomart".
fn capitalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

impl Lexicon {
    fn add_file(&mut self, source: &str) {
        let mut section = "";
        for line in source.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            self.add_line(section, line);
        }
    }

    fn add_line(&mut self, section: &str, line: &str) {
        let words = || line.split_whitespace();
        match section {
            "stopwords" => self.stopwords.extend(words().map(lower)),
            "sentence_openers" => self.openers.extend(words().map(lower)),
            "titles" => self.add_title(line),
            "leader_words" => {
                let (word, classes) = line.split_once('\t').unwrap_or((line, ""));
                let classes = classes.split_whitespace().map(str::to_string).collect();
                self.leader_words.insert(phrase_key(word), classes);
            }
            "speech_verbs" => self.speech_verbs.extend(words().map(word_key)),
            "reporting_phrases" => self.reporting_phrases.push(words().map(word_key).collect()),
            "org_cues" => self.org_cues.extend(words().map(word_key)),
            "place_cues" => self.place_cues.extend(words().map(word_key)),
            "place_prefixes" => self.place_prefixes.extend(words().map(word_key)),
            "event_cues" => self.event_cues.extend(words().map(word_key)),
            "meeting_cues" => self.meeting_cues.extend(words().map(word_key)),
            "conflict_cues" => self.conflict_cues.extend(words().map(word_key)),
            "given_names" => {
                for word in words() {
                    self.given_names.insert(word_key(word));
                    self.given_name_forms
                        .entry(word_key(word))
                        .or_insert_with(|| capitalise(word));
                }
            }
            "connectors" => self.connectors.extend(words().map(lower)),
            "honorifics" => self.honorifics.extend(words().map(lower)),
            "masculine_names_in_a" => self.masculine_names_in_a.extend(words().map(lower)),
            "feminine_name_endings" => self
                .feminine_name_endings
                .extend(words().flat_map(|w| w.chars().flat_map(char::to_lowercase))),
            "surname_case_endings" => {
                if let Some(pair) = ending_pair(line) {
                    self.surname_case_endings.push(pair);
                }
            }
            "masculine_genitive_endings" => {
                if let Some(pair) = ending_pair(line) {
                    self.masculine_genitive_endings.push(pair);
                }
            }
            "time_words" => self.time_words.extend(words().map(lower)),
            "time_prepositions" => self.time_prepositions.extend(words().map(lower)),
            "between_words" => self.between_words.extend(words().map(lower)),
            "and_words" => self.and_words.extend(words().map(lower)),
            "against_words" => self.against_words.extend(words().map(lower)),
            "definite_articles" => self.definite_articles.extend(words().map(lower)),
            "indefinite_articles" => self.indefinite_articles.extend(words().map(lower)),
            "genitive_prepositions" => self.genitive_prepositions.extend(words().map(lower)),
            "possessive_endings" => self.possessive_endings.extend(words().map(lower)),
            "person_pronouns" => self.person_pronouns.extend(words().map(lower)),
            "that_words" => self.that_words.extend(words().map(lower)),
            "verb_endings" => self.verb_endings.extend(words().map(str::to_string)),
            "name_case_endings" => {
                if let Some((oblique, nominative)) = line.split_once('\t') {
                    let nominative = nominative.trim();
                    let nominative = if nominative == "-" { "" } else { nominative };
                    self.name_case_endings
                        .push((lower(oblique.trim()), lower(nominative)));
                }
            }
            "abbreviations" => self
                .abbreviations
                .extend(words().map(|w| lower(w.trim_end_matches('.')))),
            // Read by `normalize`, whose keys this lexicon is built with.
            "key_endings" | "letter_folds" => {}
            _ => {}
        }
    }

    fn add_title(&mut self, line: &str) {
        let (phrase, class) = line.split_once('\t').unwrap_or((line, "official"));
        let key = phrase_key(phrase);
        let Some(first) = key.split(' ').next() else {
            return;
        };
        self.title_first_words.insert(first.to_string());
        self.title_max_words = self.title_max_words.max(key.split(' ').count());
        self.titles
            .entry(key)
            .or_insert_with(|| class.trim().to_string());
    }

    /// Whether the word (lowercased) is a stop word in any language.
    pub fn is_stopword(&self, lowered: &str) -> bool {
        self.stopwords.contains(lowered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_are_merged() {
        let lex = &*LEXICON;
        assert_eq!(
            lex.titles.get("president").map(String::as_str),
            Some("head_of_state")
        );
        assert_eq!(
            lex.titles
                .get(&phrase_key("главы государства"))
                .map(String::as_str),
            Some("head_of_state")
        );
        assert!(lex.speech_verbs.contains(&word_key("заявила")));
        assert!(lex.given_names.contains("alexander"));
        assert!(lex.abbreviations.contains("mr"));
        assert!(lex.is_stopword("the") && lex.is_stopword("и"));
        assert!(lex.time_words.contains("monday") && lex.time_words.contains("вчера"));
        assert_eq!(
            lex.surname_case_endings.first(),
            Some(&("овой".to_string(), "ова".to_string()))
        );
        assert_eq!(lex.feminine_name_endings, ['а', 'я']);
    }

    #[test]
    fn every_file_has_every_section_and_no_other() {
        let mut expected: Vec<&str> = SECTIONS.to_vec();
        expected.sort_unstable();
        for (language, source) in LANGUAGE_FILES {
            let mut found: Vec<&str> = source
                .lines()
                .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
                .collect();
            found.sort_unstable();
            assert_eq!(found, expected, "sections of {language}.lex");
        }
        // Each listed section is read: a line in it changes the lexicon
        // (`key_endings` and `letter_folds` are read by `normalize`).
        for section in SECTIONS
            .iter()
            .filter(|s| !matches!(**s, "key_endings" | "letter_folds"))
        {
            let mut lexicon = Lexicon::default();
            lexicon.add_line(section, "xa\tya");
            let before = format!("{:?}", Lexicon::default());
            assert_ne!(format!("{lexicon:?}"), before, "[{section}] is not read");
        }
    }

    #[test]
    fn no_cyrillic_words_in_the_rules_code() {
        use newsdesk_testkit::code_words;
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files = code_words::rust_files(&src).expect("src/ is readable");
        assert!(files.iter().any(|f| f.ends_with("normalize.rs")));
        let found = code_words::report(&files, code_words::is_cyrillic);
        assert!(
            found.is_empty(),
            "language words belong in data/<lang>.lex:\n{}",
            found.join("\n")
        );
    }
}
