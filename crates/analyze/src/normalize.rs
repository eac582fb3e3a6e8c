//! Match keys: how two spellings of the same word are made equal.
//!
//! Lowercase, letters folded (the language files' `letter_folds`: Russian
//! `ё` → `е`), typographic apostrophes → `'`, and the common case endings
//! stripped (the files' `key_endings`: "Минска" → "минск", "Беларуси" →
//! "беларус"). The same key function is applied to the lexicons and to the
//! text, so the data needs only one form of each name. A new language whose
//! words inflect adds its endings to its own file; no word of any language
//! stands in this code (the lexicon's test keeps it so).

use std::sync::LazyLock;

use crate::lexicon::LANGUAGE_FILES;

/// The shortest stem an ending may leave, in chars.
const MIN_STEM_CHARS: usize = 3;

/// What the language files say about keys, read from their `key_endings`
/// and `letter_folds` sections (before the lexicon, whose keys need them).
#[derive(Debug, Default)]
struct KeyRules {
    /// Case endings, longest first, in file order within a length.
    endings: Vec<String>,
    /// The last letters of [`KeyRules::endings`]: a word ending otherwise
    /// keeps its form, without a look at the list.
    ending_last_letters: Vec<char>,
    /// The one-letter endings, which [`short_key`] strips alone.
    one_letter_endings: Vec<char>,
    /// Lowercase letter → the letter it is matched as.
    folds: Vec<(char, char)>,
}

impl KeyRules {
    fn from_files(files: &[(&str, &str)]) -> KeyRules {
        let mut rules = KeyRules::default();
        for (_, source) in files {
            let mut section = "";
            for line in source.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                    section = name;
                    continue;
                }
                match section {
                    "key_endings" => rules
                        .endings
                        .extend(line.split_whitespace().map(str::to_string)),
                    "letter_folds" => {
                        let mut letters = line.split_whitespace().filter_map(single_char);
                        if let (Some(from), Some(to)) = (letters.next(), letters.next()) {
                            rules.folds.push((from, to));
                        }
                    }
                    _ => {}
                }
            }
        }
        // Stable: endings of one length keep the order the files give them.
        rules
            .endings
            .sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
        for ending in &rules.endings {
            if let Some(last) = ending.chars().next_back() {
                if !rules.ending_last_letters.contains(&last) {
                    rules.ending_last_letters.push(last);
                }
            }
            if let Some(letter) = single_char(ending) {
                rules.one_letter_endings.push(letter);
            }
        }
        rules
    }

    /// `c` as matched: its fold, or itself.
    fn fold(&self, c: char) -> char {
        self.folds
            .iter()
            .find_map(|&(from, to)| (from == c).then_some(to))
            .unwrap_or(c)
    }
}

/// The one char of a one-char string.
fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// The key rules of all language files, read at first use.
static KEY_RULES: LazyLock<KeyRules> = LazyLock::new(|| KeyRules::from_files(LANGUAGE_FILES));

/// Lowercase with letters folded and apostrophes unified.
pub fn lower(word: &str) -> String {
    let rules = &*KEY_RULES;
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '’' | 'ʼ' | '`' => out.push('\''),
            c => push_lowercase(c, rules, &mut out),
        }
    }
    out
}

/// `c` in lower case and folded. Latin and Russian letters, nearly every
/// letter the analyser sees, are lowered directly; the rest through
/// Unicode's tables.
fn push_lowercase(c: char, rules: &KeyRules, out: &mut String) {
    let lowered = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        c if c.is_ascii() => c,
        // The capitals U+0410..U+042F and U+0400..U+040F stand a fixed
        // distance before their small letters.
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{0400}'..='\u{040F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        '\u{0430}'..='\u{045F}' => c,
        _ => {
            out.extend(c.to_lowercase().map(|l| rules.fold(l)));
            return;
        }
    };
    out.push(rules.fold(lowered));
}

/// The match key of one word: [`lower`], then case endings stripped.
pub fn word_key(word: &str) -> String {
    key_of_lowered(lower(word))
}

/// [`word_key`] of a word already passed through [`lower`].
pub fn key_of_lowered(lowered: String) -> String {
    strip_ending(lowered, &KEY_RULES)
}

/// A second key for an inflected word: only a one-letter ending stripped
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
    if !is_one_letter_ending(last) || lowered.chars().count() < MIN_STEM_CHARS + 1 {
        return None;
    }
    let short = &lowered[..lowered.len() - last.len_utf8()];
    (short != key).then_some(short)
}

/// Whether `c` (lowercase) is a whole case ending of the language files'
/// `key_endings` (a Russian final vowel or soft sign).
pub(crate) fn is_one_letter_ending(c: char) -> bool {
    KEY_RULES.one_letter_endings.contains(&c)
}

/// Cyrillic letters (U+0400..U+04FF), by which a text or word is told Russian.
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Strips the first of the rules' endings that `word` ends with and that
/// leaves a long enough stem. A word whose last letter ends no ending is
/// returned at once: this runs on every word.
fn strip_ending(mut word: String, rules: &KeyRules) -> String {
    let Some(last) = word.chars().next_back() else {
        return word;
    };
    if !rules.ending_last_letters.contains(&last) {
        return word;
    }
    let chars = word.chars().count();
    for ending in &rules.endings {
        if !ending.ends_with(last) || !word.ends_with(ending.as_str()) {
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
    fn key_rules_are_read_from_the_language_files() {
        let rules = &*KEY_RULES;
        let lengths: Vec<usize> = rules.endings.iter().map(|e| e.chars().count()).collect();
        assert!(lengths.windows(2).all(|w| w[0] >= w[1]), "{lengths:?}");
        assert_eq!(rules.endings.first().map(String::as_str), Some("ами"));
        assert!(is_one_letter_ending('ь') && !is_one_letter_ending('s'));
        assert_eq!(rules.fold('ё'), 'е');
        let from_text = KeyRules::from_files(&[(
            "xx",
            "[key_endings]\nx\nyz\n[letter_folds]\nq k\n[other]\nw\n",
        )]);
        assert_eq!(from_text.endings, ["yz", "x"]);
        assert_eq!(from_text.folds, [('q', 'k')]);
        assert_eq!(from_text.one_letter_endings, ['x']);
    }

    #[test]
    fn direct_lower_case_agrees_with_unicode() {
        let rules = &*KEY_RULES;
        for c in (0..0x0600).filter_map(char::from_u32) {
            let mut direct = String::new();
            push_lowercase(c, rules, &mut direct);
            let unicode: String = c.to_lowercase().map(|l| rules.fold(l)).collect();
            assert_eq!(direct, unicode, "{c:?}");
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
