//! Match keys: how two spellings of the same word are made equal.
//!
//! Lowercase, `ё` → `е`, typographic apostrophes → `'`, and for Cyrillic words
//! the common case endings stripped ("Минска" → "минск", "Беларуси" →
//! "беларус"). The same key function is applied to the lexicons and to the
//! text, so the data needs only one form of each name. A new language whose
//! words inflect adds its suffix list here, chosen by script.

/// Case endings of Russian nouns and adjectives, longest first.
const RUSSIAN_ENDINGS: &[&str] = &[
    "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя",
    "ое", "ее", "ые", "ие", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ым", "им", "ью", "а",
    "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
];

/// The shortest stem a Russian ending may leave, in chars.
const MIN_STEM_CHARS: usize = 3;

/// Lowercase with `ё` folded and apostrophes unified.
pub fn lower(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ё' | 'Ё' => out.push('е'),
            '’' | 'ʼ' | '`' => out.push('\''),
            _ => push_lowercase(c, &mut out),
        }
    }
    out
}

/// `c` in lower case. Latin and Russian letters, nearly every letter the
/// analyser sees, are mapped directly; the rest through Unicode's tables.
fn push_lowercase(c: char, out: &mut String) {
    let shifted = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        c if c.is_ascii() => c,
        // А..Я → а..я and Ѐ..Џ → ѐ..џ: Unicode puts each capital a fixed
        // distance before its small letter.
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{0400}'..='\u{040F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        '\u{0430}'..='\u{045F}' => c,
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(shifted);
}

/// The match key of one word: [`lower`], then Russian endings stripped.
pub fn word_key(word: &str) -> String {
    key_of_lowered(lower(word))
}

/// [`word_key`] of a word already passed through [`lower`].
pub fn key_of_lowered(lowered: String) -> String {
    if !is_cyrillic_word(&lowered) {
        return lowered;
    }
    strip_russian_ending(lowered)
}

/// A second key for a Cyrillic word: only a one-letter ending stripped
/// ("Китая" → "кита", where [`word_key`] gives "кит", which is also "Кито").
/// `None` when it equals [`word_key`]. Single-word gazetteer lookups try it first.
pub fn short_key(word: &str) -> Option<String> {
    let lowered = lower(word);
    let key = key_of_lowered(lowered.clone());
    short_key_of(&lowered, &key).map(str::to_string)
}

/// [`short_key`] of a word already passed through [`lower`] (`lowered`)
/// and [`key_of_lowered`] (`key`), without new strings: a slice of `lowered`.
pub fn short_key_of<'w>(lowered: &'w str, key: &str) -> Option<&'w str> {
    let last = lowered.chars().next_back()?;
    if !is_cyrillic(last)
        || !"аяоеыиуюьй".contains(last)
        || lowered.chars().count() < MIN_STEM_CHARS + 1
    {
        return None;
    }
    let short = &lowered[..lowered.len() - last.len_utf8()];
    (short != key).then_some(short)
}

fn is_cyrillic_word(word: &str) -> bool {
    word.chars().next_back().is_some_and(is_cyrillic)
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Strips the first of [`RUSSIAN_ENDINGS`] that `word` ends with and that
/// leaves a long enough stem. Endings that do not end in the word's last
/// letter are passed over first: this runs on every Russian word.
fn strip_russian_ending(mut word: String) -> String {
    let Some(last) = word.chars().next_back() else {
        return word;
    };
    let chars = word.chars().count();
    for ending in RUSSIAN_ENDINGS {
        if !ending.ends_with(last) || !word.ends_with(ending) {
            continue;
        }
        if chars >= MIN_STEM_CHARS + ending.chars().count() {
            word.truncate(word.len() - ending.len());
            return word;
        }
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_cases_meet() {
        assert_eq!(word_key("Минска"), word_key("Минск"));
        assert_eq!(word_key("Беларуси"), word_key("Беларусь"));
        assert_eq!(word_key("Лукашенко"), "лукашенк");
        assert_eq!(word_key("Тасмаганбетова"), word_key("Тасмаганбетов"));
        assert_eq!(word_key("белорусского"), word_key("белорусский"));
        assert_eq!(word_key("Путиным"), word_key("Путин"));
    }

    #[test]
    fn direct_lower_case_agrees_with_unicode() {
        for c in (0..0x0600).filter_map(char::from_u32) {
            let mut direct = String::new();
            push_lowercase(c, &mut direct);
            assert_eq!(direct, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn the_short_key_drops_one_final_vowel_when_the_key_cuts_more() {
        assert_eq!(short_key("Китая").as_deref(), Some("кита"));
        let (lowered, key) = ("китая".to_string(), word_key("Китая"));
        assert_eq!(short_key_of(&lowered, &key), Some("кита"));
        assert_eq!(short_key("Путиным"), None, "no final vowel");
        assert_eq!(short_key("Ира"), None, "too short");
        assert_eq!(short_key("Minsk"), None, "not Cyrillic");
    }

    #[test]
    fn english_is_only_lowered() {
        assert_eq!(word_key("Minsk’s"), "minsk's");
        assert_eq!(word_key("Ёлка"), word_key("елка"));
    }
}
