//! The per-document view that every stage reads.
//!
//! Built once per text: tokens, their match keys, sentences, the sentence of
//! each token, gazetteer hits and title phrases (greedy, longest first, left
//! to right). Every later stage looks things up here by token index instead
//! of re-reading the text.

use std::ops::Range;

use crate::gazetteer::{Hit, GAZETTEER};
use crate::lexicon::LEXICON;
use crate::normalize::{key_of_lowered, lower};
use crate::sentence;
use crate::token::{tokenize, Token, TokenKind};

/// A title phrase in the text ("Secretary General", "главы государства").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleHit {
    /// How many tokens the phrase covers.
    pub words: usize,
    /// The role class from the lexicon ("head_of_state").
    pub class: String,
    /// Gazetteer entries named by an adjective inside the title.
    pub places: Vec<usize>,
}

/// One text, tokenised and annotated.
#[derive(Debug)]
pub struct Doc<'a> {
    /// The text analysed.
    pub text: &'a str,
    /// Its tokens, in order.
    pub tokens: Vec<Token>,
    /// [`word_key`] of each token.
    pub keys: Vec<String>,
    /// Lowercased text of each token.
    pub lowers: Vec<String>,
    /// Sentences, as ranges of token indices.
    pub sentences: Vec<Range<usize>>,
    /// Index into `sentences` of each token.
    pub sentence_of: Vec<usize>,
    /// Gazetteer hits by the token they start at.
    pub gazetteer: Vec<Option<Hit>>,
    /// For each token inside a gazetteer hit, the token the hit starts at.
    pub in_gazetteer: Vec<Option<usize>>,
    /// Title phrases by the token they start at.
    pub titles: Vec<Option<TitleHit>>,
    /// For each token inside a title phrase, the token the phrase starts at.
    pub in_title: Vec<Option<usize>>,
}

impl<'a> Doc<'a> {
    /// Tokenises `text`, splits it into sentences and finds gazetteer
    /// entries and title phrases in it.
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let lowers: Vec<String> = tokens.iter().map(|t| lower(t.text(text))).collect();
        let keys: Vec<String> = lowers.iter().map(|l| key_of_lowered(l.clone())).collect();
        let sentences = sentence::split(text, &tokens);
        let mut sentence_of = vec![0; tokens.len()];
        for (index, range) in sentences.iter().enumerate() {
            for slot in &mut sentence_of[range.clone()] {
                *slot = index;
            }
        }
        let mut doc = Doc {
            text,
            tokens,
            keys,
            lowers,
            sentences,
            sentence_of,
            gazetteer: Vec::new(),
            in_gazetteer: Vec::new(),
            titles: Vec::new(),
            in_title: Vec::new(),
        };
        doc.find_gazetteer_hits();
        doc.find_titles();
        doc
    }

    fn find_gazetteer_hits(&mut self) {
        let count = self.tokens.len();
        self.gazetteer = vec![None; count];
        self.in_gazetteer = vec![None; count];
        let mut i = 0;
        while i < count {
            let mut hit = GAZETTEER.longest_at(self.text, &self.tokens, &self.keys, i);
            if hit.is_none_or(|h| h.words == 1) {
                let short = crate::normalize::short_key_of(&self.lowers[i], &self.keys[i]);
                if let Some(other) =
                    short.and_then(|key| GAZETTEER.single_at(self.text, &self.tokens, key, i))
                {
                    hit = Some(other);
                }
            }
            match hit {
                Some(hit) => {
                    for slot in &mut self.in_gazetteer[i..(i + hit.words).min(count)] {
                        *slot = Some(i);
                    }
                    self.gazetteer[i] = Some(hit);
                    i += hit.words;
                }
                None => i += 1,
            }
        }
    }

    fn find_titles(&mut self) {
        let count = self.tokens.len();
        self.titles = vec![None; count];
        self.in_title = vec![None; count];
        let mut i = 0;
        while i < count {
            match self.title_at(i) {
                Some(hit) => {
                    for slot in &mut self.in_title[i..(i + hit.words).min(count)] {
                        *slot = Some(i);
                    }
                    let words = hit.words;
                    self.titles[i] = Some(hit);
                    i += words;
                }
                None => i += 1,
            }
        }
    }

    /// The longest title phrase starting at `at` that no gazetteer name covers.
    /// One country adjective may stand inside it, after its first word, as
    /// Russian puts it ("глава сербского МИД"): it is part of the title's
    /// tokens and its place is kept in [`TitleHit::places`].
    fn title_at(&self, at: usize) -> Option<TitleHit> {
        if !LEXICON.title_first_words.contains(&self.keys[at]) || self.in_gazetteer[at].is_some() {
            return None;
        }
        let mut phrase = String::new();
        let mut best = None;
        let mut inside: Option<usize> = None;
        let mut index = at;
        let mut words = 0;
        while words < LEXICON.title_max_words && index < self.tokens.len() {
            if words > 0 && self.tokens[index].breaks_before > 0 {
                break;
            }
            if let Some(entry) = self.interior_adjective(index).filter(|_| words > 0) {
                if inside.is_some() {
                    break;
                }
                inside = Some(entry);
                index += 1;
                continue;
            }
            // A title may hold a known name after its first word ("глава МИД").
            if words > 0 {
                phrase.push(' ');
            }
            phrase.push_str(&self.keys[index]);
            words += 1;
            index += 1;
            if let Some(class) = LEXICON.titles.get(&phrase) {
                best = Some(TitleHit {
                    words: index - at,
                    class: class.clone(),
                    places: inside.into_iter().collect(),
                });
            }
        }
        best
    }

    /// The gazetteer entry of a one-word adjective at `index` ("сербского").
    fn interior_adjective(&self, index: usize) -> Option<usize> {
        self.gazetteer[index]
            .filter(|hit| hit.adjective && hit.words == 1)
            .map(|hit| hit.entry)
    }

    /// The text of token `i` ("" past the end).
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// Whether token `i` exists and is a word (not a number or punctuation).
    pub fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// A word starting with a capital letter.
    pub fn is_capitalised(&self, i: usize) -> bool {
        self.is_word(i) && self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The text from token `range.start` to the end of token `range.end - 1`.
    pub fn span_text(&self, range: Range<usize>) -> &'a str {
        if range.is_empty() || range.end > self.tokens.len() {
            return "";
        }
        self.text
            .get(self.tokens[range.start].start..self.tokens[range.end - 1].end)
            .unwrap_or("")
    }

    /// Char offsets of a token range.
    pub fn char_span(&self, range: Range<usize>) -> (usize, usize) {
        if range.is_empty() || range.end > self.tokens.len() {
            return (0, 0);
        }
        (
            self.tokens[range.start].char_start,
            self.tokens[range.end - 1].char_end,
        )
    }

    /// The key of a token range: its word keys joined by spaces.
    pub fn key(&self, range: Range<usize>) -> String {
        self.keys[range].join(" ")
    }

    /// The index of the first token starting at or after byte `byte`.
    pub fn token_at_byte(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.start < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_places_are_found() {
        let doc = Doc::new("President of Belarus Alexander Lukashenko met CSTO Secretary General Imangali Tasmaganbetov.");
        assert_eq!(
            doc.titles[0].as_ref().map(|t| t.class.as_str()),
            Some("head_of_state")
        );
        assert!(doc.gazetteer[2].is_some());
        assert_eq!(doc.titles[7].as_ref().map(|t| t.words), Some(2));
        assert_eq!(doc.span_text(3..5), "Alexander Lukashenko");
    }

    #[test]
    fn a_country_adjective_may_stand_inside_a_title() {
        let doc = Doc::new("заявил глава сербского МИД после встречи");
        let title = doc.titles[1].as_ref().expect("a title at «глава»");
        assert_eq!(title.class, "foreign_minister");
        assert_eq!(title.words, 3);
        let serbia = doc.gazetteer[2]
            .map(|hit| hit.entry)
            .expect("«сербского» is Serbia's");
        assert_eq!(title.places, vec![serbia]);
        // An adjective not followed by the rest of a title stays outside it.
        let doc = Doc::new("заявил глава сербского клуба");
        assert_eq!(doc.titles[1].as_ref().map(|t| t.words), Some(1));
    }
}
