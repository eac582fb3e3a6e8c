//! The body's language: from the text (whatlang, trigram-based, 69 languages,
//! pure Rust, no model download) and from the markup when the text is too short
//! or the detector is unsure.

use whatlang::{detect, Lang};

/// Detects the language of `text`, returning an ISO 639-1 code when confident.
/// `declared` is what the markup says; it wins when the text is too short or
/// the detector is unsure, and loses when the text clearly says otherwise.
pub fn detect_language(text: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared.and_then(normalize_code);
    let sample = sample(text, 1200);
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

/// Short Cyrillic texts fool trigram detection into Bulgarian, Ukrainian,
/// Macedonian or Serbian. Those languages never write ы or э; a text that has
/// them and none of their own letters (і, ї, є, ґ, ј, љ, њ...) is Russian.
fn cyrillic_tiebreak<'a>(code: &'a str, text: &str) -> &'a str {
    if !matches!(code, "bg" | "uk" | "mk" | "sr" | "be") {
        return code;
    }
    let russian_only = text
        .chars()
        .filter(|c| matches!(c, 'ы' | 'э' | 'Ы' | 'Э'))
        .count();
    let others = text
        .chars()
        .filter(|c| {
            matches!(
                c,
                'і' | 'ї'
                    | 'є'
                    | 'ґ'
                    | 'ў'
                    | 'ѓ'
                    | 'ќ'
                    | 'ј'
                    | 'љ'
                    | 'њ'
                    | 'ћ'
                    | 'ђ'
                    | 'І'
                    | 'Ї'
                    | 'Є'
            )
        })
        .count();
    if russian_only > 0 && others == 0 && code != "be" {
        return "ru";
    }
    code
}

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
}
