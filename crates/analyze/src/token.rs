//! Tokens: words, numbers and punctuation marks with byte and char offsets.
//!
//! One forward pass over the text, constant look-ahead, so the cost is linear
//! in the text's length whatever it holds (5 MB of one word is one token).
//! Words keep inner hyphens and apostrophes ("post-Soviet", "O'Brien"), dotted
//! acronyms ("U.S.", "т.е.") and the period of known abbreviations and
//! initials ("Mr.", "J."); the English possessive "'s" is its own token so that
//! names end where the gold standards end them.

use crate::lexicon::LEXICON;
use crate::normalize::lower;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: letters, with inner hyphens and apostrophes, dotted acronyms,
    /// and the period of known abbreviations and initials.
    Word,
    /// A number, starting with a digit.
    Number,
    /// Any other char, one a token, and the possessive "'s".
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offsets into the text.
    pub start: usize,
    /// Byte offset past the token's end.
    pub end: usize,
    /// Char (Unicode scalar) offsets into the text.
    pub char_start: usize,
    /// Char offset past the token's end.
    pub char_end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Line breaks between the previous token and this one, capped at 2 (a blank line).
    pub breaks_before: u8,
}

impl Token {
    /// The token's text in `text` (the text it was cut from), "" if it is not.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A cursor over the text that counts chars as it goes.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    chars: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn peek_at(&self, skip: usize) -> Option<char> {
        self.text.get(self.pos..)?.chars().nth(skip)
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
            self.chars += 1;
        }
    }
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || is_mark(c)
}

/// `char::is_alphanumeric`, with Latin and Russian letters answered before
/// the Unicode tables, which cost more than the rest of tokenising does.
fn is_alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x0401 | 0x0410..=0x044F | 0x0451 => true,
        _ => c.is_alphanumeric(),
    }
}

/// `char::is_alphabetic`, with the same shortcut.
fn is_alphabetic(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0x0401 | 0x0410..=0x044F | 0x0451 => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_numeric`, with ASCII and Cyrillic (which has no digits)
/// answered before the Unicode tables.
fn is_numeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_digit(),
        0x0400..=0x04FF => false,
        _ => c.is_numeric(),
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x200D)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_inner_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut cursor = Cursor {
        text,
        pos: 0,
        chars: 0,
    };
    let mut breaks = 0u8;
    while let Some(c) = cursor.peek() {
        if c.is_whitespace() {
            if c == '\n' {
                breaks = breaks.saturating_add(1).min(2);
            }
            cursor.bump();
            continue;
        }
        let (start, char_start) = (cursor.pos, cursor.chars);
        let kind = if is_apostrophe(c) && is_possessive(&cursor) {
            cursor.bump();
            cursor.bump();
            TokenKind::Punct
        } else if is_numeric(c) {
            scan_number(&mut cursor);
            TokenKind::Number
        } else if is_word_char(c) {
            scan_word(&mut cursor);
            TokenKind::Word
        } else {
            cursor.bump();
            TokenKind::Punct
        };
        tokens.push(Token {
            start,
            end: cursor.pos,
            char_start,
            char_end: cursor.chars,
            kind,
            breaks_before: breaks,
        });
        breaks = 0;
    }
    tokens
}

fn scan_number(cursor: &mut Cursor) {
    while let Some(c) = cursor.peek() {
        let inner_separator =
            matches!(c, '.' | ',' | ':') && cursor.peek_at(1).is_some_and(|n| n.is_ascii_digit());
        if !is_alphanumeric(c) && !inner_separator {
            break;
        }
        cursor.bump();
    }
}

fn scan_word(cursor: &mut Cursor) {
    let start = cursor.pos;
    let mut letters = 0usize;
    let mut dotted = false;
    loop {
        while cursor.peek().is_some_and(is_word_char) {
            cursor.bump();
            letters += 1;
        }
        let Some(next) = cursor.peek() else { break };
        let after = cursor.peek_at(1);
        if is_inner_hyphen(next) && after.is_some_and(is_word_char) {
            cursor.bump();
        } else if is_apostrophe(next) && after.is_some_and(is_alphabetic) {
            if is_possessive(cursor) {
                break;
            }
            cursor.bump();
        } else if next == '.'
            && letters <= 2
            && after.is_some_and(is_alphabetic)
            && cursor.peek_at(2) == Some('.')
        {
            // "U.S.", "т.е.": a letter, a period, a letter, a period.
            dotted = true;
            letters = 0;
            cursor.bump();
        } else {
            break;
        }
    }
    if cursor.peek() == Some('.') && keeps_period(&cursor.text[start..cursor.pos], dotted) {
        cursor.bump();
    }
}

/// At an apostrophe followed by "s" and then no letter: the English possessive.
fn is_possessive(cursor: &Cursor) -> bool {
    matches!(cursor.peek_at(1), Some('s' | 'S')) && !cursor.peek_at(2).is_some_and(is_alphanumeric)
}

/// Whether a word followed by a period keeps it: dotted acronyms, initials, abbreviations.
fn keeps_period(word: &str, dotted: bool) -> bool {
    if dotted {
        return true;
    }
    let mut chars = word.chars();
    let first = chars.next();
    if first.is_some_and(char::is_uppercase) && chars.next().is_none() {
        return true;
    }
    word.len() <= 8 && LEXICON.abbreviations.contains(&lower(word))
}

#[cfg(test)]
mod tests {

    #[test]
    fn character_classes_agree_with_the_unicode_tables() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }

    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn keeps_acronyms_abbreviations_and_initials() {
        assert_eq!(
            words("Mr. Smith met U.S. officials, J. K. Rowling's O'Brien."),
            vec![
                "Mr.",
                "Smith",
                "met",
                "U.S.",
                "officials",
                ",",
                "J.",
                "K.",
                "Rowling",
                "'s",
                "O'Brien",
                "."
            ]
        );
    }

    #[test]
    fn russian_abbreviations_and_hyphens() {
        assert_eq!(
            words("т.е. военно-политический блок, А. Лукашенко"),
            vec![
                "т.е.",
                "военно-политический",
                "блок",
                ",",
                "А.",
                "Лукашенко"
            ]
        );
    }

    #[test]
    fn char_offsets_count_scalars() {
        let text = "Минск — Belarus";
        let tokens = tokenize(text);
        assert_eq!(tokens[2].char_start, 8);
        assert_eq!(tokens[2].char_end, 15);
        assert_eq!(tokens[0].char_end, 5);
    }

    #[test]
    fn numbers_and_breaks() {
        let text = "It cost 1,200.50 dollars.\n\nNext";
        let tokens = tokenize(text);
        assert_eq!(tokens[2].text(text), "1,200.50");
        assert_eq!(tokens[2].kind, TokenKind::Number);
        assert_eq!(tokens.last().map(|t| t.breaks_before), Some(2));
    }

    #[test]
    fn one_long_word_is_one_token() {
        let text = "a".repeat(100_000);
        assert_eq!(tokenize(&text).len(), 1);
    }
}
