//! The signals that tie articles about one event together: who and where
//! (entities), how many and when (numbers), and what (keyphrases).
//!
//! Stories cross languages: an English translation of a Russian report shares
//! no words with it, but it names the same people and places and quotes the
//! same figures. So entity names are reduced to a language-independent key —
//! transliterated to Latin letters, then to a consonant skeleton — under which
//! "Путин", "Путина" and "Putin" are one key, as are "Київ" and "Kyiv" (places and organisations the analyzer knows
//! already come with their English names).
//! Numbers are kept as digit strings ("1,500" and "1 500" are both `1500`).
//! Keyphrases stay as they are and only match within a language.
//!
//! Keys carry a prefix saying what they are (`e:`, `n:`, `k:`, and `m:` for
//! numbers too common to tell events apart: two digits, years); the linker
//! weighs them by rarity (a key most articles have says little) and scores
//! stories on all but `m:`, `c:` and `s:`.
//!
//! `s:` keys say what a report is about: the entities it names in its title
//! or that are central to it (salience at least [`CENTRAL_SALIENCE`]), with
//! the same skeleton as their `e:` key. Two reports that share only names
//! each of them mentions in passing (the country, the agency, the planet,
//! the week's protests) are not one event, however many such names they
//! share. So a story is joined only on *specific* evidence
//! ([`is_specific_evidence`]): an entity central to both reports, a
//! keyphrase of both (a report's keyphrases are its few best terms, so one
//! shared says what both are about), or a specific number. The `s:` key adds
//! nothing to the similarity (its name is counted once, as its `e:` key);
//! it only says which shared names are evidence of one event.
//!
//! `c:` keys are the words written with a capital inside a sentence, as
//! skeletons, whether or not the analyser took them for names: they only
//! help find translated copies. A translation keeps a name that the name
//! tagger finds in one language and misses in the other (a foreign term
//! kept in its own script, a brand, a declined form), and a column or an
//! opinion piece may name nothing else; the copy print that decides whether
//! two articles are one text counts these words, so the search for
//! candidates must see them too. A name is counted once, as an entity or as
//! words, whichever shares more (see [`copy_evidence`]).

use std::collections::BTreeSet;

use newsdesk_analyze::{Analysis, EntityKind};

/// At most this many entity keys per article (by salience).
const MAX_ENTITY_KEYS: usize = 24;
/// At most this many number keys per article (in text order).
const MAX_NUMBER_KEYS: usize = 16;
/// At most this many keyphrase keys per article (by score).
const MAX_KEYPHRASE_KEYS: usize = 10;
/// At most this many capitalised-word keys per article (in text order).
const MAX_WORD_KEYS: usize = 16;
/// An entity at least this salient (the most salient is 1) is what the
/// report is about, and gets an `s:` key as well as its `e:` key.
pub const CENTRAL_SALIENCE: f64 = 0.5;

/// An article's story signals, sorted and unique.
pub fn story_keys(text: &str, analysis: &Analysis) -> Vec<String> {
    let mut keys = BTreeSet::new();
    let mut entities: Vec<_> = analysis.entities.iter().collect();
    entities.sort_by(|a, b| b.salience.total_cmp(&a.salience));
    for entity in entities.into_iter().take(MAX_ENTITY_KEYS) {
        if let Some(key) = entity_key(&entity.name, entity.kind) {
            let in_title = entity.mentions.iter().any(|m| m.in_title);
            if in_title || entity.salience >= CENTRAL_SALIENCE {
                keys.insert(format!("s:{key}"));
            }
            keys.insert(format!("e:{key}"));
        }
    }
    for number in numbers(text).into_iter().take(MAX_NUMBER_KEYS) {
        let prefix = if is_specific_number(&number) {
            "n"
        } else {
            "m"
        };
        keys.insert(format!("{prefix}:{number}"));
    }
    let mut phrases: Vec<_> = analysis.keyphrases.iter().collect();
    phrases.sort_by(|a, b| b.score.total_cmp(&a.score));
    for phrase in phrases.into_iter().take(MAX_KEYPHRASE_KEYS) {
        let p = phrase.phrase.to_lowercase();
        if p.chars().count() >= 3 {
            keys.insert(format!("k:{p}"));
        }
    }
    let mut words = BTreeSet::new();
    for word in capitalised_words(text) {
        if words.len() >= MAX_WORD_KEYS {
            break;
        }
        if let Some(key) = word_skeleton(word) {
            words.insert(key);
        }
    }
    keys.extend(words.into_iter().map(|w| format!("c:{w}")));
    keys.into_iter().collect()
}

/// The words of `text` written with a capital inside a sentence (the first
/// word of a sentence or of a line says nothing), in text order, trimmed of
/// punctuation.
pub fn capitalised_words(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        let mut sentence_start = true;
        line.split_whitespace().filter_map(move |raw| {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            let capital = word.chars().next().is_some_and(char::is_uppercase);
            let inside = !sentence_start;
            if !word.is_empty() {
                sentence_start = raw.ends_with(['.', '!', '?', ':', '»', '"']);
            }
            (capital && inside).then_some(word)
        })
    })
}

/// The skeleton of one word, with a Russian case ending dropped; `None` for
/// words too short to tell names apart.
pub fn word_skeleton(word: &str) -> Option<String> {
    if word.chars().count() < 2 {
        return None;
    }
    let key = skeleton(&transliterate(&strip_ending(word)));
    (key.len() >= 2).then_some(key)
}

/// Whether a key means the same thing in every language.
pub fn is_language_independent(key: &str) -> bool {
    copy_kind(key).is_some()
}

/// What a language-independent key is, when looking for translated copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    /// An entity's name (`e:`).
    Name,
    /// A word written with a capital (`c:`).
    Word,
    /// A number (`n:`, `m:`).
    Number,
}

/// The [`CopyKind`] of a key; `None` for keys that differ by language.
pub fn copy_kind(key: &str) -> Option<CopyKind> {
    match key.get(..2) {
        Some("e:") => Some(CopyKind::Name),
        Some("c:") => Some(CopyKind::Word),
        Some("n:" | "m:") => Some(CopyKind::Number),
        _ => None,
    }
}

/// How much two articles share that a translation keeps, from the counts
/// of their shared keys of each kind: the numbers, and the names counted
/// once, as entities or as capitalised words, whichever is more.
pub fn copy_evidence(names: u32, words: u32, numbers: u32) -> u32 {
    numbers + names.max(words)
}

/// Whether a key counts in the similarity of two reports: entities,
/// keyphrases and specific numbers do; a bare two-digit number or a year
/// (`m:`: a date, "24 hours", the "19" of COVID-19) does not, nor does a
/// capitalised word (`c:`: "Monday", "President"), and these only help find
/// translated copies; nor does a central entity's `s:` key, whose name
/// already counts as its `e:` key.
pub fn is_story_evidence(key: &str) -> bool {
    !key.starts_with("m:") && !key.starts_with("c:") && !key.starts_with("s:")
}

/// Whether two reports sharing this key share evidence of what both are
/// about, not only names each mentions in passing: an entity central to
/// both (`s:`, shared only when it is central to each), a keyphrase of both
/// (`k:`, among each report's best terms), or a specific number (`n:`).
pub fn is_specific_evidence(key: &str) -> bool {
    matches!(key.get(..2), Some("s:" | "k:" | "n:"))
}

/// A number specific enough to tie two reports together: three or more
/// digits that are not a year, or a decimal.
fn is_specific_number(number: &str) -> bool {
    if number.contains('.') {
        return number.chars().filter(char::is_ascii_digit).count() >= 2;
    }
    let year = number.len() == 4
        && number
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y));
    number.len() >= 3 && !year
}

/// The language-independent key of an entity name: a person by the skeleton
/// of their last name, anything else by the skeletons of its words.
pub fn entity_key(name: &str, kind: EntityKind) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let chosen: Vec<&str> = match kind {
        EntityKind::Person => words.last().map(|w| vec![*w]).unwrap_or_default(),
        _ => words,
    };
    let skeletons: Vec<String> = chosen
        .iter()
        .map(|w| skeleton(&transliterate(&strip_ending(w))))
        .filter(|s| !s.is_empty())
        .collect();
    let key = skeletons.join("-");
    (key.len() >= 2).then_some(key)
}

/// Drops a Russian case ending from a Cyrillic word long enough to have one,
/// so that "Путина", "Путину" and "Путиным" meet "Путин".
pub fn strip_ending(word: &str) -> String {
    const ENDINGS: [&str; 20] = [
        "ого", "его", "ому", "ему", "ами", "ями", "ом", "ем", "ым", "им", "ой", "ей", "ою", "ую",
        "ах", "ях", "а", "я", "у", "ю",
    ];
    let lower = word.to_lowercase();
    let cyrillic = lower.chars().any(|c| ('а'..='я').contains(&c) || c == 'ё');
    if !cyrillic || lower.chars().count() < 5 {
        return lower;
    }
    for ending in ENDINGS {
        if let Some(stem) = lower.strip_suffix(ending) {
            if stem.chars().count() >= 3 {
                return stem.to_string();
            }
        }
    }
    lower
}

/// Cyrillic (Russian and Ukrainian letters) to Latin, letter by letter;
/// other characters lower-cased and kept.
pub fn transliterate(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        // "Дж" writes the sound of an English "j" ("Джонсон", "Johnson").
        if c == 'д' && chars.peek() == Some(&'ж') {
            chars.next();
            out.push('j');
            continue;
        }
        let latin = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ґ' => "g",
            'д' => "d",
            'е' | 'ё' | 'є' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' | 'ї' | 'й' | 'ы' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(latin);
    }
    out
}

/// The consonant skeleton of a Latin word, with the letters that
/// transliteration systems disagree on merged: vowels, `y`, `j`, `h` and `w`
/// dropped or folded, `c`/`k`/`q` one letter, doubled letters once, accents
/// removed. "Shoigu" and "Shoygu" are both `sg`; "Kharkiv" and "Kharkov" `krkv`.
pub fn skeleton(latin: &str) -> String {
    let mut out = String::new();
    for c in latin.chars() {
        let c = fold_accent(c);
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'j' | 'h' | 'w' => continue,
            'c' | 'k' | 'q' => 'k',
            'v' | 'f' => 'v',
            'x' => 'k',
            c if c.is_ascii_alphanumeric() => c,
            c if c.is_alphabetic() => c,
            _ => continue,
        };
        if !out.ends_with(mapped) {
            out.push(mapped);
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => 'a',
        // A cedilla is an "s" (Portuguese, French): "Lourenço", "Лоуренсу".
        'ç' => 's',
        'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ů' => 'u',
        'ś' | 'š' | 'ş' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ğ' => 'g',
        'ř' => 'r',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Numbers in the text with at least two digits, separators removed
/// ("1,500", "1 500" and "1.500" are all `1500`; "3.5" stays `3.5`).
pub fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            if c.is_ascii_digit() {
                digits.push(c);
            } else if is_group_separator(&chars, j) {
                // thousands separator: skip it
            } else if (c == '.' || c == ',')
                && chars.get(j + 1).is_some_and(|n| n.is_ascii_digit())
                && !digits.contains('.')
            {
                digits.push('.');
            } else {
                break;
            }
            j += 1;
        }
        if digits.chars().filter(char::is_ascii_digit).count() >= 2 && seen.insert(digits.clone()) {
            found.push(digits);
        }
        i = j.max(i + 1);
    }
    found
}

/// A separator followed by exactly three digits and then no digit: "1,500".
fn is_group_separator(chars: &[char], at: usize) -> bool {
    let c = chars[at];
    if !matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'') {
        return false;
    }
    let three = (1..=3).all(|k| chars.get(at + k).is_some_and(char::is_ascii_digit));
    let fourth = chars.get(at + 4).is_some_and(char::is_ascii_digit);
    three && !fourth
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_analyze::{Entity, Mention};

    #[test]
    fn one_person_is_one_key_across_scripts_and_cases() {
        let key = |n| entity_key(n, EntityKind::Person);
        assert_eq!(key("Vladimir Putin"), key("Путин"));
        assert_eq!(key("Путина"), key("Путин"));
        assert_eq!(key("Sergei Shoigu"), key("Сергей Шойгу"));
        assert_ne!(key("Putin"), key("Peskov"));
    }

    #[test]
    fn places_match_across_transliterations() {
        let key = |n| entity_key(n, EntityKind::Place);
        assert_eq!(key("Kyiv"), key("Київ"));
        assert_eq!(key("Kharkiv"), key("Харків"));
        assert_eq!(key("Johnson"), key("Джонсон"));
        assert_ne!(key("Moscow"), key("Minsk"));
    }

    #[test]
    fn capitalised_words_inside_sentences_meet_across_scripts() {
        let en: Vec<&str> = capitalised_words(
            "Photos are copied from my Instagram account. Sellers use them.\nBonsai kits sell in Kurzarbeit times",
        )
        .collect();
        assert_eq!(en, vec!["Instagram", "Kurzarbeit"]);
        let ru: Vec<&str> =
            capitalised_words("Фото взяты из моего аккаунта в Instagram. Мне нравится Бонсай.")
                .collect();
        assert_eq!(ru, vec!["Instagram", "Бонсай"]);
        assert_eq!(word_skeleton("Москве"), word_skeleton("Москва"));
        assert_eq!(word_skeleton("Instagram"), Some("nstgrm".to_string()));
        assert_eq!(word_skeleton("A"), None);
    }

    #[test]
    fn capitalised_words_help_find_copies_and_are_no_story_evidence() {
        assert_eq!(copy_kind("c:nstgrm"), Some(CopyKind::Word));
        assert_eq!(copy_kind("e:ptn"), Some(CopyKind::Name));
        assert_eq!(copy_kind("m:19"), Some(CopyKind::Number));
        assert_eq!(copy_kind("k:garden gimmicks"), None);
        assert!(!is_story_evidence("c:nstgrm") && !is_story_evidence("m:19"));
        assert!(is_story_evidence("e:ptn") && is_story_evidence("n:1500"));
        // A name seen as an entity and as a word counts once.
        assert_eq!(copy_evidence(2, 2, 1), 3);
        assert_eq!(copy_evidence(0, 1, 1), 2);
    }

    fn entity(name: &str, kind: EntityKind, salience: f64, in_title: bool) -> Entity {
        let mention = |in_title| Mention {
            start: 0,
            end: name.chars().count(),
            text: name.to_string(),
            in_title,
        };
        Entity {
            name: name.to_string(),
            kind,
            country: None,
            roles: Vec::new(),
            aliases: Vec::new(),
            mentions: vec![mention(false), mention(in_title)],
            references: Vec::new(),
            salience,
        }
    }

    #[test]
    fn only_what_a_report_is_about_is_marked_central() {
        let analysis = Analysis {
            entities: vec![
                entity("Kansas City", EntityKind::Place, 1.0, false),
                entity("Quinton Lucas", EntityKind::Person, 0.3, true),
                entity("Portland", EntityKind::Place, 0.2, false),
                entity("Oregon", EntityKind::Place, 0.49, false),
            ],
            ..Analysis::default()
        };
        let keys = story_keys("", &analysis);
        let central: Vec<&str> = keys
            .iter()
            .filter(|k| k.starts_with("s:"))
            .map(String::as_str)
            .collect();
        assert_eq!(central, vec!["s:kns-kt", "s:lks"], "{keys:?}");
        // Every central name is an entity key as well, and counts once in
        // the similarity.
        for key in ["e:kns-kt", "e:lks", "e:prtlnd", "e:rgn"] {
            assert!(keys.iter().any(|k| k == key), "{key} in {keys:?}");
        }
        assert!(!is_story_evidence("s:lks") && is_story_evidence("e:lks"));
    }

    #[test]
    fn specific_evidence_is_a_central_name_a_keyphrase_or_a_specific_number() {
        assert!(is_specific_evidence("s:lks"));
        assert!(is_specific_evidence("n:4200"));
        assert!(is_specific_evidence("k:dock strike"));
        // Names in passing, dates and capitalised words are not.
        assert!(!is_specific_evidence("e:prtlnd"));
        assert!(!is_specific_evidence("m:26"));
        assert!(!is_specific_evidence("c:ns"));
        assert!(!is_specific_evidence("k"));
    }

    #[test]
    fn numbers_lose_their_separators() {
        assert_eq!(
            numbers("1,500 troops, 1 500 tanks and 3.5% on 12 May 2024; 7 ships; A320"),
            vec!["1500", "3.5", "12", "2024"]
        );
    }

    #[test]
    fn only_specific_numbers_are_story_evidence() {
        assert!(is_specific_number("1500"));
        assert!(is_specific_number("3.5"));
        assert!(!is_specific_number("19"));
        assert!(!is_specific_number("2020"));
        assert!(is_specific_number("2500"));
        assert!(!is_story_evidence("m:24") && is_story_evidence("n:240"));
    }

    #[test]
    fn a_number_at_a_sentence_end_keeps_its_digits() {
        assert_eq!(numbers("Prices rose 40."), vec!["40"]);
    }
}
