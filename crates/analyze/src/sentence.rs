//! Sentence boundaries over tokens.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and
//! brackets after it) when the next token could open a sentence (a capital, a
//! digit, an opening quote or a dash), and always at a line break. Periods of
//! abbreviations and initials are inside their word tokens ("Mr.", "J.",
//! "т.е.") and so never end a sentence; a dotted acronym ("U.S.") ends one
//! only before a word that usually opens sentences ("The", "He").

use std::ops::Range;

use crate::lexicon::LEXICON;
use crate::normalize::lower;
use crate::token::{Token, TokenKind};

/// Token ranges of the sentences, in order, covering every token.
pub fn split(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        if i > start && tokens[i].breaks_before > 0 {
            sentences.push(start..i);
            start = i;
        }
        if ends_sentence(text, tokens, i) {
            let mut end = i + 1;
            while end < tokens.len()
                && tokens[end].breaks_before == 0
                && is_closer(tokens[end].text(text))
            {
                end += 1;
            }
            if end >= tokens.len()
                || tokens[end].breaks_before > 0
                || opens_sentence(text, &tokens[end])
            {
                sentences.push(start..end);
                start = end;
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    if start < tokens.len() {
        sentences.push(start..tokens.len());
    }
    sentences
}

fn ends_sentence(text: &str, tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    let word = token.text(text);
    match token.kind {
        TokenKind::Punct => matches!(word, "." | "!" | "?" | "…"),
        TokenKind::Word => {
            word.ends_with('.') && word.matches('.').count() > 1 && next_is_opener(text, tokens, i)
        }
        TokenKind::Number => false,
    }
}

fn next_is_opener(text: &str, tokens: &[Token], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_some_and(|t| LEXICON.openers.contains(&lower(t.text(text))))
}

fn is_closer(word: &str) -> bool {
    matches!(word, "\"" | "”" | "»" | "’" | "'" | ")" | "]" | "“")
}

fn opens_sentence(text: &str, token: &Token) -> bool {
    let word = token.text(text);
    let Some(first) = word.chars().next() else {
        return false;
    };
    first.is_uppercase()
        || first.is_numeric()
        || matches!(
            first,
            '"' | '“' | '«' | '„' | '‘' | '–' | '—' | '-' | '(' | '['
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        split(text, &tokens)
            .into_iter()
            .map(|r| text[tokens[r.start].start..tokens[r.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("Mr. Smith went to the U.S. Embassy. He said “no.” Then left."),
            vec![
                "Mr. Smith went to the U.S. Embassy.",
                "He said “no.”",
                "Then left."
            ]
        );
    }

    #[test]
    fn russian_and_line_breaks() {
        assert_eq!(
            sentences("Т.е. всё готово. А. Лукашенко прибыл!\nНовая строка"),
            vec!["Т.е. всё готово.", "А. Лукашенко прибыл!", "Новая строка"]
        );
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(sentences("He flew to the U.S. The trip was long.").len(), 2);
    }

    #[test]
    fn no_sentences_in_nothing() {
        assert!(sentences("").is_empty());
    }
}
