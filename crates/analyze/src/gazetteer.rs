//! Known places and organisations, written into the repository as facts.
//!
//! `data/countries.tsv` (countries with English and Russian names, adjectives
//! and capitals), `data/cities.tsv`, `data/regions.tsv` and
//! `data/organizations.tsv` are parsed once into a phrase table keyed by
//! [`crate::normalize::word_key`]s, so "Минска", "Минске" and "Minsk" all
//! find Minsk, Belarus. Matching is longest-first from a given token and costs
//! at most `max_words` lookups, so scanning a text stays linear.

use crate::fasthash::{FastMap as HashMap, FastSet as HashSet};
use std::sync::LazyLock;

use crate::token::{tokenize, Token, TokenKind};
use crate::EntityKind;

/// What a known name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A country.
    Country,
    /// A city or town.
    City,
    /// A region, province or other area below country level.
    Region,
    /// An organisation.
    Organization,
}

/// One known place or organisation.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The canonical (English) name.
    pub name: String,
    /// What it is.
    pub class: Class,
    /// For places below country level: the country's canonical name.
    pub country: Option<String>,
    /// An English acronym, for organisations that have one ("CSTO").
    pub acronym: Option<String>,
}

impl Entry {
    /// The entity kind of its mentions: an organisation, or a place.
    pub fn kind(&self) -> EntityKind {
        match self.class {
            Class::Organization => EntityKind::Organization,
            _ => EntityKind::Place,
        }
    }
}

/// How a spelling must look in the text to count.
#[derive(Debug, Clone, Copy)]
struct Alias {
    entry: usize,
    /// The spelling starts with a capital: so must the text.
    needs_capital: bool,
    /// The spelling is an acronym ("UN", "WHO"): the text must be in capitals too.
    all_capitals: bool,
    /// An adjective or demonym ("Belarusian"): points at the entry, names no mention.
    adjective: bool,
}

/// A match in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// How many tokens the matched spelling covers.
    pub words: usize,
    /// Index into [`Gazetteer::entries`].
    pub entry: usize,
    /// The spelling is an adjective or demonym ("Belarusian"): it points at
    /// the entry but names no mention.
    pub adjective: bool,
}

/// The phrase table.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Every known place and organisation; hits refer to them by index.
    pub entries: Vec<Entry>,
    aliases: HashMap<String, Vec<Alias>>,
    first_words: HashSet<String>,
    max_words: usize,
}

/// The table of the files under `data/`, built on first use.
pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let mut gazetteer = Gazetteer::default();
    gazetteer.add_countries(include_str!("../data/countries.tsv"));
    gazetteer.add_regions(include_str!("../data/regions.tsv"));
    gazetteer.add_cities(include_str!("../data/cities.tsv"));
    gazetteer.add_organizations(include_str!("../data/organizations.tsv"));
    gazetteer
});

/// The data lines of a TSV file: comments and blank lines dropped, columns split.
fn rows(source: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    source
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The alternatives of one column ("-" is none).
fn alternatives(column: Option<&&'static str>) -> Vec<&'static str> {
    column
        .map(|c| {
            c.split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "-")
        })
        .into_iter()
        .flatten()
        .collect()
}

/// The match key of a phrase, by the same tokenizer as the text.
pub fn key_of(phrase: &str) -> String {
    let tokens = tokenize(phrase);
    key_of_tokens(phrase, &tokens)
}

fn key_of_tokens(text: &str, tokens: &[Token]) -> String {
    tokens
        .iter()
        .map(|t| crate::normalize::word_key(t.text(text)))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Gazetteer {
    fn push(&mut self, entry: Entry) -> usize {
        self.entries.push(entry);
        self.entries.len() - 1
    }

    fn alias(&mut self, spelling: &str, entry: usize, adjective: bool) {
        let tokens = tokenize(spelling);
        if tokens.is_empty() {
            return;
        }
        let key = key_of_tokens(spelling, &tokens);
        let letters: Vec<char> = spelling.chars().filter(|c| c.is_alphabetic()).collect();
        let alias = Alias {
            entry,
            needs_capital: spelling.chars().next().is_some_and(char::is_uppercase),
            all_capitals: letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()),
            adjective,
        };
        if let Some(first) = key.split(' ').next() {
            self.first_words.insert(first.to_string());
        }
        self.max_words = self.max_words.max(tokens.len());
        let list = self.aliases.entry(key).or_default();
        // The first entry to claim a spelling keeps it (countries load first).
        if !list.iter().any(|a| a.adjective == adjective) {
            list.push(alias);
        }
    }

    fn add_countries(&mut self, source: &'static str) {
        for row in rows(source) {
            let Some(name) = row.first().map(|s| s.to_string()) else {
                continue;
            };
            let id = self.push(Entry {
                name: name.clone(),
                class: Class::Country,
                country: Some(name.clone()),
                acronym: None,
            });
            self.alias(&name, id, false);
            for column in [1, 2] {
                for spelling in alternatives(row.get(column)) {
                    self.alias(spelling, id, false);
                }
            }
            for column in [3, 4] {
                for spelling in alternatives(row.get(column)) {
                    self.alias(spelling, id, true);
                }
            }
            self.add_capital(&row, &name);
        }
    }

    fn add_capital(&mut self, row: &[&'static str], country: &str) {
        let english = alternatives(row.get(5));
        let Some(name) = english.first() else { return };
        let id = self.push(Entry {
            name: name.to_string(),
            class: Class::City,
            country: Some(country.to_string()),
            acronym: None,
        });
        for spelling in english.iter().chain(alternatives(row.get(6)).iter()) {
            self.alias(spelling, id, false);
        }
    }

    fn add_cities(&mut self, source: &'static str) {
        for row in rows(source) {
            let english = alternatives(row.first());
            let Some(name) = english.first() else {
                continue;
            };
            let id = self.push(Entry {
                name: name.to_string(),
                class: Class::City,
                country: row.get(2).map(|c| c.to_string()),
                acronym: None,
            });
            for spelling in english.iter().chain(alternatives(row.get(1)).iter()) {
                self.alias(spelling, id, false);
            }
        }
    }

    fn add_regions(&mut self, source: &'static str) {
        for row in rows(source) {
            let english = alternatives(row.first());
            let Some(name) = english.first() else {
                continue;
            };
            let id = self.push(Entry {
                name: name.to_string(),
                class: Class::Region,
                country: None,
                acronym: None,
            });
            for spelling in english.iter().chain(alternatives(row.get(1)).iter()) {
                self.alias(spelling, id, false);
            }
            for column in [2, 3] {
                for spelling in alternatives(row.get(column)) {
                    self.alias(spelling, id, true);
                }
            }
        }
    }

    fn add_organizations(&mut self, source: &'static str) {
        for row in rows(source) {
            let names = alternatives(row.first());
            let Some(name) = names.first() else { continue };
            let others = alternatives(row.get(1));
            let acronym = others
                .iter()
                .find(|s| is_acronym(s))
                .or_else(|| names.iter().find(|s| is_acronym(s)))
                .map(|s| s.to_string());
            let id = self.push(Entry {
                name: name.to_string(),
                class: Class::Organization,
                country: None,
                acronym,
            });
            let russian = alternatives(row.get(2));
            for spelling in names.iter().chain(&others).chain(&russian) {
                self.alias(spelling, id, false);
            }
        }
    }

    /// The longest known name starting at token `at`, if any. `keys` are the
    /// tokens' [`crate::normalize::word_key`]s.
    pub fn longest_at(
        &self,
        text: &str,
        tokens: &[Token],
        keys: &[String],
        at: usize,
    ) -> Option<Hit> {
        let first = keys.get(at)?;
        if !self.first_words.contains(first) {
            return None;
        }
        let mut phrase = String::with_capacity(48);
        let mut best = None;
        for words in 1..=self.max_words {
            let index = at + words - 1;
            let (Some(token), Some(key)) = (tokens.get(index), keys.get(index)) else {
                break;
            };
            if words > 1 {
                if token.breaks_before > 0 {
                    break;
                }
                phrase.push(' ');
            }
            phrase.push_str(key);
            if let Some(alias) = self
                .aliases
                .get(&phrase)
                .and_then(|l| self.fits(l, text, tokens, at, words))
            {
                best = Some(Hit {
                    words,
                    entry: alias.entry,
                    adjective: alias.adjective,
                });
            }
        }
        best
    }

    /// A one-word name whose key is `key` at token `at`.
    pub fn single_at(&self, text: &str, tokens: &[Token], key: &str, at: usize) -> Option<Hit> {
        let alias = self
            .aliases
            .get(key)
            .and_then(|l| self.fits(l, text, tokens, at, 1))?;
        Some(Hit {
            words: 1,
            entry: alias.entry,
            adjective: alias.adjective,
        })
    }

    /// The first alias whose case rules the text's spelling meets.
    fn fits(
        &self,
        aliases: &[Alias],
        text: &str,
        tokens: &[Token],
        at: usize,
        words: usize,
    ) -> Option<Alias> {
        let first = tokens.get(at)?.text(text);
        let capital = first.chars().next().is_some_and(char::is_uppercase);
        let span_capitals = tokens[at..at + words]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .all(|t| {
                t.text(text)
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
            });
        aliases
            .iter()
            .find(|a| (!a.needs_capital || capital) && (!a.all_capitals || span_capitals))
            .copied()
    }
}

/// Two or more letters, all capitals ("CSTO", "U.S.", "ОДКБ").
pub fn is_acronym(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::word_key;

    fn find(text: &str) -> Option<(usize, String, bool)> {
        let tokens = tokenize(text);
        let keys: Vec<String> = tokens.iter().map(|t| word_key(t.text(text))).collect();
        let g = &*GAZETTEER;
        g.longest_at(text, &tokens, &keys, 0)
            .map(|h| (h.words, g.entries[h.entry].name.clone(), h.adjective))
    }

    #[test]
    fn finds_places_in_both_languages_and_cases() {
        assert_eq!(find("Minsk today"), Some((1, "Minsk".into(), false)));
        assert_eq!(find("Минске"), Some((1, "Minsk".into(), false)));
        assert_eq!(find("Беларуси"), Some((1, "Belarus".into(), false)));
        assert_eq!(
            find("Central Asia is"),
            Some((2, "Central Asia".into(), false))
        );
        assert_eq!(find("Belarusian"), Some((1, "Belarus".into(), true)));
        assert_eq!(
            find("post-Soviet space"),
            Some((2, "post-Soviet space".into(), false))
        );
    }

    #[test]
    fn organisations_and_acronyms() {
        assert_eq!(
            find("CSTO"),
            Some((1, "Collective Security Treaty Organization".into(), false))
        );
        assert_eq!(
            find("ОДКБ"),
            Some((1, "Collective Security Treaty Organization".into(), false))
        );
        assert_eq!(find("us"), None);
        assert_eq!(find("Who"), None);
        assert_eq!(
            find("WHO").map(|h| h.1),
            Some("World Health Organization".into())
        );
    }

    #[test]
    fn capitals_know_their_country() {
        let g = &*GAZETTEER;
        let minsk = g.entries.iter().find(|e| e.name == "Minsk");
        assert_eq!(
            minsk.and_then(|e| e.country.clone()),
            Some("Belarus".into())
        );
        assert!(
            g.entries
                .iter()
                .filter(|e| e.class == Class::Country)
                .count()
                >= 190
        );
    }
}
