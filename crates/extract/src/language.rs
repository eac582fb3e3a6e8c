//! The body's language: from the text (whatlang, trigram-based, 69 languages,
//! pure Rust, no model download) and from the markup when the text is too short
//! or the detector is unsure.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use rustc_hash::FxHasher;
use whatlang::{detect, Lang};

use crate::lexicon::LEXICON;

/// Detects the language of `text`, returning an ISO 639-1 code when confident.
/// `declared` is what the markup says; it wins when the text is too short or
/// the detector is unsure, and loses when the text clearly says otherwise.
pub fn detect_language(text: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared.and_then(normalize_code);
    let sample = sample(text, 1200);
    if declared
        .as_deref()
        .is_some_and(|d| function_words_confirm(d, sample))
    {
        return declared;
    }
    let info = match detect(sample) {
        Some(info) => info,
        None => return declared,
    };
    let found = iso_639_1(info.lang())
        .map(|code| cyrillic_tiebreak(code, sample))
        .map(str::to_string);
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 40 {
        return declared.or(if info.is_reliable() { found } else { None });
    }
    match (declared, found) {
        (Some(d), Some(f)) if d == f => Some(d),
        // Close relatives the detector confuses: trust the markup.
        (Some(d), Some(f)) if close_relatives(&d, &f) => Some(d),
        (Some(d), Some(f)) => Some(if info.is_reliable() || info.confidence() > 0.5 {
            f
        } else {
            d
        }),
        (None, f) => f,
        (d, None) => d,
    }
}

/// The commonest short words of the languages most news comes in
/// (`function_words` in [`crate::lexicon`]), each list kept to words the
/// others rarely use. Articles, conjunctions and prepositions make up a
/// fifth or more of running text, so they tell a language apart in a few
/// dozen words, at the cost of one lookup a word. Only languages whose file
/// lists some take part, at most [`MAX_FUNCTION_LANGUAGES`].
static FUNCTION_WORDS: LazyLock<Vec<(&'static str, Vec<&'static str>)>> = LazyLock::new(|| {
    LEXICON
        .languages
        .iter()
        .map(|(code, language)| {
            let words = language
                .function_words
                .iter()
                .flat_map(|line| line.split_whitespace())
                .collect::<Vec<_>>();
            (*code, words)
        })
        .filter(|(_, words)| !words.is_empty())
        .take(MAX_FUNCTION_LANGUAGES)
        .collect()
});

/// How many languages' function words are counted (one bit each).
const MAX_FUNCTION_LANGUAGES: usize = 32;

/// Each function word, with the languages (bits, in [`FUNCTION_WORDS`]'
/// order) whose list has it.
static FUNCTION_WORD_LANGS: LazyLock<HashMap<&'static str, u32, BuildHasherDefault<FxHasher>>> =
    LazyLock::new(|| {
        let mut map = HashMap::default();
        for (bit, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            for word in words {
                *map.entry(*word).or_insert(0u32) |= 1 << bit;
            }
        }
        map
    });

/// Fewest words a sample needs before its function words are counted.
const MIN_COUNTED_WORDS: usize = 30;
/// Share of the words that must be the declared language's function words.
const MIN_FUNCTION_SHARE: f32 = 0.12;

/// Whether the sample's function words confirm the declared language: they
/// make up at least [`MIN_FUNCTION_SHARE`] of its words and at least twice as
/// many as any other listed language's. Then the markup is right and the
/// trigram detector, the costliest step of a page, need not run. Anything
/// less certain (a language not listed, a mixed or short text) goes to it.
fn function_words_confirm(declared: &str, sample: &str) -> bool {
    let Some(bit) = FUNCTION_WORDS
        .iter()
        .position(|(code, _)| *code == declared)
    else {
        return false;
    };
    let mut hits = [0usize; MAX_FUNCTION_LANGUAGES];
    let mut words = 0usize;
    let mut lower = String::new();
    for word in sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if let Some(&langs) = FUNCTION_WORD_LANGS.get(lower.as_str()) {
            let mut bits = langs;
            while bits != 0 {
                hits[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
    }
    if words < MIN_COUNTED_WORDS {
        return false;
    }
    let own = hits[bit];
    let rival = hits
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != bit)
        .map(|(_, h)| *h)
        .max()
        .unwrap_or(0);
    own as f32 >= MIN_FUNCTION_SHARE * words as f32 && own >= 2 * rival
}

/// Short Cyrillic texts fool trigram detection into Bulgarian, Ukrainian,
/// Macedonian or Serbian. Those languages never write Russian's own letters
/// (ы, э: `own_letters` in [`crate::lexicon`]); a text that has them and none
/// of the letters Russian never writes (і, ї, є, ґ, ј, љ, њ...:
/// `foreign_letters`) is Russian.
fn cyrillic_tiebreak<'a>(code: &'a str, text: &str) -> &'a str {
    if !matches!(code, "bg" | "uk" | "mk" | "sr" | "be") {
        return code;
    }
    let (own, foreign) = &*RUSSIAN_LETTERS;
    let russian_only = text.chars().filter(|c| own.contains(c)).count();
    let others = text.chars().filter(|c| foreign.contains(c)).count();
    if russian_only > 0 && others == 0 && code != "be" {
        return "ru";
    }
    code
}

/// Russian's `own_letters` and `foreign_letters`, as written.
static RUSSIAN_LETTERS: LazyLock<(Vec<char>, Vec<char>)> = LazyLock::new(|| {
    let letters = |lines: &[String]| -> Vec<char> {
        lines
            .iter()
            .flat_map(|line| line.split_whitespace())
            .flat_map(str::chars)
            .collect()
    };
    LEXICON.language("ru").map_or_else(Default::default, |ru| {
        (letters(&ru.own_letters), letters(&ru.foreign_letters))
    })
});

/// The first `max` bytes of `text`, cut on a char boundary.
fn sample(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn close_relatives(a: &str, b: &str) -> bool {
    const GROUPS: &[&[&str]] = &[
        &["ru", "uk", "be", "bg", "sr", "mk"],
        &["hr", "sr", "bs", "sl"],
        &["da", "nb", "no", "nn", "sv"],
        &["id", "ms"],
        &["cs", "sk"],
        &["es", "gl", "ca", "pt"],
    ];
    GROUPS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// `en-US`, `EN_gb`, `ru` → `en`, `en`, `ru`; anything not two letters → None.
pub fn normalize_code(code: &str) -> Option<String> {
    let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.len() {
        2 if primary.chars().all(|c| c.is_ascii_lowercase()) => Some(primary),
        3 => three_to_two(&primary).map(str::to_string),
        _ => None,
    }
}

fn three_to_two(code: &str) -> Option<&'static str> {
    Lang::from_code(code).and_then(iso_639_1)
}

/// ISO 639-1 code for a whatlang language.
pub fn iso_639_1(lang: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_russian_and_english() {
        let ru = "Президент Беларуси Александр Лукашенко встретился с генеральным секретарём ОДКБ в Минске и обсудил подготовку саммита.";
        assert_eq!(detect_language(ru, None).as_deref(), Some("ru"));
        let en = "The president of Belarus met the secretary general of the organization in Minsk to discuss the summit.";
        assert_eq!(detect_language(en, Some("ru")).as_deref(), Some("en"));
    }

    #[test]
    fn short_russian_is_not_bulgarian() {
        assert_eq!(
            detect_language(
                "Вчера в Москве прошла встреча министров. Стороны обсудили вопросы экономики.",
                None
            )
            .as_deref(),
            Some("ru")
        );
        assert_eq!(
            detect_language(
                "Вчора в Києві відбулася зустріч міністрів. Сторони обговорили питання економіки.",
                None
            )
            .as_deref(),
            Some("uk")
        );
    }

    #[test]
    fn markup_wins_on_short_text() {
        assert_eq!(detect_language("OK", Some("de-DE")).as_deref(), Some("de"));
        assert_eq!(normalize_code("EN_gb").as_deref(), Some("en"));
        assert_eq!(normalize_code("deu").as_deref(), Some("de"));
        assert_eq!(normalize_code("x"), None);
    }

    const ENGLISH: &str = "The council said on Monday that the new bridge would open to traffic in the spring. \
        It has been closed for repairs since a flood damaged its pillars, and the work was paid for \
        by the regional government, which has promised to check the other bridges of the valley \
        before the end of the year.";
    const GERMAN: &str = "Der Stadtrat hat am Montag mitgeteilt, dass die neue Brücke im Frühjahr für den \
        Verkehr freigegeben wird. Sie ist seit einem Hochwasser gesperrt, das die Pfeiler beschädigt \
        hat, und die Arbeiten wurden von der Landesregierung bezahlt, die auch die anderen Brücken \
        des Tals prüfen will.";
    const SPANISH: &str =
        "El ayuntamiento dijo el lunes que el nuevo puente se abrirá al tráfico en la \
        primavera. Está cerrado por reparaciones desde que una inundación dañó sus pilares, y las \
        obras fueron pagadas por el gobierno regional, que ha prometido revisar los otros puentes \
        del valle antes de fin de año.";

    #[test]
    fn function_words_confirm_only_the_right_language() {
        assert!(function_words_confirm("en", ENGLISH));
        assert!(function_words_confirm("de", GERMAN));
        assert!(function_words_confirm("es", SPANISH));
        // A wrong or unlisted declaration, or too few words: the detector decides.
        assert!(!function_words_confirm("de", ENGLISH));
        assert!(!function_words_confirm("en", GERMAN));
        assert!(!function_words_confirm("pt", SPANISH));
        assert!(!function_words_confirm("it", SPANISH));
        assert!(!function_words_confirm("sv", ENGLISH));
        assert!(!function_words_confirm(
            "en",
            "The bridge is open to the traffic of the town."
        ));
    }

    #[test]
    fn a_wrong_declaration_still_loses_to_a_long_text() {
        assert_eq!(detect_language(GERMAN, Some("en")).as_deref(), Some("de"));
        assert_eq!(detect_language(ENGLISH, Some("de")).as_deref(), Some("en"));
        assert_eq!(
            detect_language(ENGLISH, Some("en-GB")).as_deref(),
            Some("en")
        );
    }
}
