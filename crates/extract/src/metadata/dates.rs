//! Dates: whatever a page writes (RFC 3339, RFC 2822, "2023-05-04 10:00",
//! "May 4, 2023", "4. Mai 2023", «4 мая 2023», "04.05.2023", "2023年5月4日",
//! a date in the URL path) turned into ISO 8601.
//!
//! The output is `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when a time is known,
//! with `+HH:MM` when the zone is known too. Years before 1990 or after next
//! year are rejected: they are almost always parse accidents, not news.

use std::sync::{LazyLock, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate};
use regex::Regex;

use crate::lexicon::LEXICON;

/// The longest input looked at; dates are short, page text is not.
const MAX_INPUT: usize = 200;

/// Parses a date from a metadata value or a short piece of page text.
pub fn normalize_date(raw: &str) -> Option<String> {
    let text = clip(raw.trim(), MAX_INPUT);
    if text.is_empty() {
        return None;
    }
    parse_rfc(text)
        .or_else(|| parse_iso_like(text))
        .or_else(|| parse_cjk(text))
        .or_else(|| parse_numeric(text))
        .or_else(|| parse_month_name(text))
        .or_else(|| parse_timestamp(text))
}

/// A date in a URL path: `/2023/05/04/`, `/2023-05-04/`, `/20230504/`.
pub fn date_from_url(url: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"[/_-]((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.+-]|$)",
        )
        .expect("static regex")
    });
    let path = url.split(['?', '#']).next().unwrap_or(url);
    // Some pages percent-encode their whole path (`%2F2023-05-04%2B...`).
    let decoded;
    let path = if path.contains('%') {
        decoded = decode_separators(path);
        decoded.as_str()
    } else {
        path
    };
    let caps = re.captures(path)?;
    ymd(num(&caps, 1)?, num(&caps, 2)?, num(&caps, 3)?)
}

/// `%2F`, `%2D`, `%5F`, `%2B` decoded to the separators they stand for.
fn decode_separators(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3).map(str::to_ascii_uppercase);
        let sep = match code.as_deref() {
            Some("2F") => Some('/'),
            Some("2D") => Some('-'),
            Some("5F") => Some('_'),
            Some("2B") => Some('+'),
            _ => None,
        };
        match sep {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The other reading of an all-numeric date whose day and month could be
/// swapped (`03-09-2026`: 3 September or March 9): `None` when the value is
/// not such a date or only one reading is valid.
pub fn swapped_reading(raw: &str) -> Option<String> {
    let text = clip(raw.trim(), MAX_INPUT);
    if parse_rfc(text).is_some() || parse_iso_like(text).is_some() {
        return None;
    }
    let caps = numeric_re().captures(text)?;
    let (a, b, year) = (num(&caps, 1)?, num(&caps, 3)?, num(&caps, 5)?);
    if a == b || a > 12 || b > 12 {
        return None;
    }
    let chosen = parse_numeric(text)?;
    [ymd(year, a, b)?, ymd(year, b, a)?]
        .into_iter()
        .find(|d| *d != chosen)
}

/// A date shown on a page that writes its dates day first: an ambiguous
/// "03/10/2023" is then 3 October, where [`normalize_date`] reads a slash
/// date the American way, month first.
/// `day_first` is asked only for such an ambiguous date.
pub fn normalize_shown_date(raw: &str, day_first: impl FnOnce() -> bool) -> Option<String> {
    let date = normalize_date(raw)?;
    let slashed = numeric_re()
        .captures(clip(raw.trim(), MAX_INPUT))
        .and_then(|c| c.get(2))
        .is_some_and(|sep| sep.as_str() == "/");
    match swapped_reading(raw) {
        Some(day_month) if slashed && day_first() => Some(day_month),
        _ => Some(date),
    }
}

/// Whether a page writes its dates day first, by its locale ("en-GB",
/// "fr", "pt_BR") or, for English with no region, by the dates it spells
/// out ("3 October 2023" more often than "October 3, 2023").
pub fn writes_day_first<'a>(locale: Option<&str>, texts: impl Iterator<Item = &'a str>) -> bool {
    let locale = locale.unwrap_or("").to_ascii_lowercase().replace('_', "-");
    let mut parts = locale.split('-');
    let language = parts.next().unwrap_or("");
    if let Some(region) = parts.next().filter(|r| r.len() == 2) {
        return !MONTH_FIRST_REGIONS.contains(&region);
    }
    if !language.is_empty() && language != "en" {
        return true;
    }
    static WRITTEN: OnceLock<(Regex, Regex)> = OnceLock::new();
    let (day_month, month_day) = WRITTEN.get_or_init(|| {
        let month = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
        (
            Regex::new(&format!(
                r"(?i)\b\d{{1,2}}(?:st|nd|rd|th)?\s+{month},?\s+\d{{4}}\b"
            ))
            .expect("static regex"),
            Regex::new(&format!(
                r"(?i)\b{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
            ))
            .expect("static regex"),
        )
    });
    let (mut dm, mut md) = (0usize, 0usize);
    for text in texts.filter(|t| t.len() <= 200 && t.bytes().any(|b| b.is_ascii_digit())) {
        dm += usize::from(day_month.is_match(text));
        md += usize::from(month_day.is_match(text));
    }
    dm > md
}

/// Regions whose numeric dates put the month first.
const MONTH_FIRST_REGIONS: &[&str] = &["us", "ph", "fm", "mh", "pw", "as", "gu", "pr", "vi"];

/// The first `max` bytes of `s`, cut on a char boundary.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn num(caps: &regex::Captures<'_>, i: usize) -> Option<u32> {
    caps.get(i)?.as_str().parse().ok()
}

/// Whether a year is plausible for a news page.
fn plausible_year(year: i32) -> bool {
    let next = chrono::Utc::now().year() + 1;
    (1990..=next).contains(&year)
}

/// `YYYY-MM-DD` for a valid, plausible date.
fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    let year = i32::try_from(year).ok()?;
    if !plausible_year(year) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(date.format("%Y-%m-%d").to_string())
}

fn parse_rfc(text: &str) -> Option<String> {
    let dt = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .ok()?;
    if !plausible_year(dt.year()) {
        return None;
    }
    Some(dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

/// `2023-05-04`, `2023-05-04 10:00`, `2023-05-04T10:00:00.000+0200`, `2023/05/04`.
fn parse_iso_like(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)^\D{0,40}?((?:19|20)\d{2})([-/.])(\d{1,2})([-/.])(\d{1,2})
              (?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?",
        )
        .expect("static regex")
    });
    let caps = re.captures(text)?;
    if caps.get(2)?.as_str() != caps.get(4)?.as_str() {
        return None;
    }
    let date = ymd(num(&caps, 1)?, num(&caps, 3)?, num(&caps, 5)?)?;
    let (Some(hour), Some(minute)) = (num(&caps, 6), num(&caps, 7)) else {
        return Some(date);
    };
    let second = num(&caps, 8).unwrap_or(0);
    if hour > 23 || minute > 59 || second > 60 {
        return Some(date);
    }
    let zone = caps
        .get(9)
        .map(|m| zone_offset(m.as_str()))
        .unwrap_or_default();
    Some(format!("{date}T{hour:02}:{minute:02}:{second:02}{zone}"))
}

/// `Z` → `+00:00`, `+0200` → `+02:00`.
fn zone_offset(zone: &str) -> String {
    let zone = zone.trim();
    if matches!(zone, "Z" | "UTC" | "GMT") {
        return "+00:00".to_string();
    }
    let digits: String = zone.chars().filter(char::is_ascii_digit).collect();
    let sign = if zone.starts_with('-') { '-' } else { '+' };
    if digits.len() != 4 {
        return String::new();
    }
    format!("{sign}{}:{}", &digits[..2], &digits[2..])
}

/// `2023年5月4日` (Chinese, Japanese), `2023년 5월 4일` (Korean).
fn parse_cjk(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"((?:19|20)\d{2})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})")
            .expect("static regex")
    });
    let caps = re.captures(text)?;
    ymd(num(&caps, 1)?, num(&caps, 2)?, num(&caps, 3)?)
}

/// `04.05.2023`, `4/5/2023` (day first unless that cannot be), `05/04/2023`
/// with a slash is read month first only when the day-first reading is impossible.
fn numeric_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d])(\d{1,2})([./-])(\d{1,2})([./-])((?:19|20)\d{2})(?:[^\d]|$)")
            .expect("static regex")
    })
}

fn parse_numeric(text: &str) -> Option<String> {
    let caps = numeric_re().captures(text)?;
    let (a, b, year) = (num(&caps, 1)?, num(&caps, 3)?, num(&caps, 5)?);
    let slash = caps.get(2)?.as_str() == "/";
    // Slashes are mostly American (month first); dots and dashes day first.
    let month_first = (slash && a <= 12) || b > 12;
    if month_first {
        ymd(year, a, b).or_else(|| ymd(year, b, a))
    } else {
        ymd(year, b, a).or_else(|| ymd(year, a, b))
    }
}

/// A Unix timestamp in seconds or milliseconds (some `<meta>` values).
fn parse_timestamp(text: &str) -> Option<String> {
    if !(text.len() == 10 || text.len() == 13) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut secs: i64 = text.parse().ok()?;
    if text.len() == 13 {
        secs /= 1000;
    }
    let dt = DateTime::from_timestamp(secs, 0)?;
    if !plausible_year(dt.year()) {
        return None;
    }
    Some(dt.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
}

/// The month a word names, if any: any form of a month in any language's
/// `months` ([`crate::lexicon`]), and English-style three- or four-letter
/// abbreviations (the first letters of an English month's name).
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    if let Some(m) = LEXICON.month_numbers.get(&word) {
        return Some(*m);
    }
    if word.chars().count() > 4 || !word.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    ENGLISH_MONTHS
        .iter()
        .find(|(name, _)| name.starts_with(&word))
        .map(|(_, m)| *m)
}

/// The English months' names as dates write them, in calendar order.
static ENGLISH_MONTHS: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    let mut months: Vec<(String, u32)> = LEXICON
        .language("en")
        .map(|en| {
            en.date_forms()
                .into_iter()
                .map(|(name, m)| (name.to_string(), m))
                .collect()
        })
        .unwrap_or_default();
    months.sort_by_key(|(_, m)| *m);
    months
});

/// `1st` → `1`, `22nd` → `22`; other tokens unchanged.
fn strip_ordinal(token: &str) -> &str {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &token[digits..];
    if digits > 0
        && digits <= 2
        && matches!(
            suffix.to_ascii_lowercase().as_str(),
            "st" | "nd" | "rd" | "th" | "er" | "e"
        )
    {
        return &token[..digits];
    }
    token
}

/// `May 4, 2023`, `4 May 2023`, `4. Mai 2023`, `4 de mayo de 2023`, `4 мая 2023 г.`,
/// `Thursday, 4 May 2023 10:00`.
fn parse_month_name(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|t| strip_ordinal(t.trim_matches('.')))
        .filter(|t| !t.is_empty())
        .take(40)
        .collect();
    // A word that names a month only in some language ("ago", "set", "out")
    // may stand before the real date: each one is tried in turn.
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| month_number(t).map(|m| (i, m)))
        .find_map(|(mi, month)| date_around(&tokens, mi, month))
}

/// The date whose month is token `mi`: the day right before it (4 May
/// 2023, 4 de mayo de 2023) or right after it (May 4, 2023), then the year.
fn date_around(tokens: &[&str], mi: usize, month: u32) -> Option<String> {
    let number = |t: &&str| -> Option<u32> {
        t.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    let year_at = |i: usize| {
        tokens
            .get(i)
            .and_then(number)
            .filter(|y| (1990..=2100).contains(y))
    };
    let day_at = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.len() <= 2)
            .and_then(number)
            .filter(|d| (1..=31).contains(d))
    };
    let before = mi.checked_sub(1).and_then(day_at).or_else(|| {
        mi.checked_sub(2)
            .filter(|&i| tokens.get(i + 1) == Some(&"de"))
            .and_then(day_at)
    });
    let after = day_at(mi + 1);
    let (day, year_from) = match (before, after) {
        (Some(d), _) => (d, mi + 1),
        (None, Some(d)) => (d, mi + 2),
        (None, None) => return None,
    };
    let year = (year_from..year_from + 3).find_map(year_at)?;
    ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        normalize_date(s)
    }

    #[test]
    fn rfc_formats_keep_time_and_zone() {
        assert_eq!(
            n("2023-05-04T10:00:00+02:00").as_deref(),
            Some("2023-05-04T10:00:00+02:00")
        );
        assert_eq!(
            n("2023-05-04T08:00:00Z").as_deref(),
            Some("2023-05-04T08:00:00+00:00")
        );
        assert_eq!(
            n("Thu, 04 May 2023 10:00:00 +0200").as_deref(),
            Some("2023-05-04T10:00:00+02:00")
        );
        assert_eq!(
            n("2023-05-04T10:00:00.000+0200").as_deref(),
            Some("2023-05-04T10:00:00+02:00")
        );
    }

    #[test]
    fn iso_like_variants() {
        assert_eq!(n("2023-05-04").as_deref(), Some("2023-05-04"));
        assert_eq!(
            n("2023-05-04 10:00").as_deref(),
            Some("2023-05-04T10:00:00")
        );
        assert_eq!(n("2023/5/4").as_deref(), Some("2023-05-04"));
        assert_eq!(
            n("Published 2023-05-04 at noon").as_deref(),
            Some("2023-05-04")
        );
    }

    #[test]
    fn month_names_in_several_languages() {
        assert_eq!(n("May 4, 2023").as_deref(), Some("2023-05-04"));
        assert_eq!(
            n("Thursday, 4 May 2023 10:00").as_deref(),
            Some("2023-05-04")
        );
        assert_eq!(n("Sept. 12, 2022").as_deref(), Some("2022-09-12"));
        assert_eq!(n("September 1st, 2023").as_deref(), Some("2023-09-01"));
        assert_eq!(n("4. Mai 2023").as_deref(), Some("2023-05-04"));
        assert_eq!(n("le 4 août 2023").as_deref(), Some("2023-08-04"));
        assert_eq!(n("4 de mayo de 2023").as_deref(), Some("2023-05-04"));
        assert_eq!(n("4 мая 2023 г., 12:30").as_deref(), Some("2023-05-04"));
        assert_eq!(
            n("Опубликовано: 15 февраля 2024").as_deref(),
            Some("2024-02-15")
        );
    }

    #[test]
    fn abbreviated_months_in_each_language() {
        for (text, want) in [
            ("Aug 4, 2021", "2021-08-04"),
            ("04-ago-2021", "2021-08-04"),
            ("3 de abr. de 2019", "2019-04-03"),
            ("12 set 2020", "2020-09-12"),
            ("7 out. 2022", "2022-10-07"),
            ("5 fev 2021", "2021-02-05"),
            ("12 ott 2020", "2020-10-12"),
            ("1 mag 2020", "2020-05-01"),
            ("9 gen 2023", "2023-01-09"),
            ("14 dic 2019", "2019-12-14"),
            ("2 ene 2024", "2024-01-02"),
            ("5 déc. 2022", "2022-12-05"),
            ("5. Mär. 2022", "2022-03-05"),
            ("5 окт. 2022", "2022-10-05"),
            ("5 жов. 2022", "2022-10-05"),
            ("5 paź 2022", "2022-10-05"),
            ("5 Eki 2022", "2022-10-05"),
        ] {
            assert_eq!(n(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn more_full_month_names() {
        assert_eq!(n("4 Mayıs 2023").as_deref(), Some("2023-05-04"));
        assert_eq!(n("4 MAYIS 2023").as_deref(), Some("2023-05-04"));
        assert_eq!(n("12 Ağustos 2021").as_deref(), Some("2021-08-12"));
        assert_eq!(n("12 września 2021").as_deref(), Some("2021-09-12"));
        assert_eq!(n("Październik 3, 2021").as_deref(), Some("2021-10-03"));
        assert_eq!(n("12 вересня 2021").as_deref(), Some("2021-09-12"));
        assert_eq!(n("12 settembre 2021").as_deref(), Some("2021-09-12"));
        assert_eq!(n("12 de setembro de 2021").as_deref(), Some("2021-09-12"));
        assert_eq!(n("12 de agosto de 2021").as_deref(), Some("2021-08-12"));
        assert_eq!(n("12 septembre 2021").as_deref(), Some("2021-09-12"));
        assert_eq!(n("12. Oktober 2021").as_deref(), Some("2021-10-12"));
        assert_eq!(n("12 октября 2021").as_deref(), Some("2021-10-12"));
    }

    #[test]
    fn a_word_that_is_a_month_elsewhere_does_not_hide_the_date() {
        assert_eq!(
            n("Updated 3 hours ago, May 4, 2023").as_deref(),
            Some("2023-05-04")
        );
        assert_eq!(
            n("Sie schrieb am 4. Mai 2023").as_deref(),
            Some("2023-05-04")
        );
    }

    #[test]
    fn numeric_and_cjk() {
        assert_eq!(n("04.05.2023").as_deref(), Some("2023-05-04"));
        assert_eq!(n("05/24/2023").as_deref(), Some("2023-05-24"));
        assert_eq!(n("24/05/2023").as_deref(), Some("2023-05-24"));
        assert_eq!(n("2023年5月4日").as_deref(), Some("2023-05-04"));
        assert_eq!(
            n("1683194400").as_deref(),
            Some("2023-05-04T10:00:00+00:00")
        );
    }

    #[test]
    fn nonsense_is_rejected() {
        assert_eq!(n(""), None);
        assert_eq!(n("1970-01-01"), None);
        assert_eq!(n("2999-01-01"), None);
        assert_eq!(n("2023-13-45"), None);
        assert_eq!(n("3 hours ago"), None);
        assert_eq!(n("May the force be with you"), None);
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            date_from_url("https://x.com/news/2023/05/04/story").as_deref(),
            Some("2023-05-04")
        );
        assert_eq!(
            date_from_url("https://x.com/20230504/story.html").as_deref(),
            Some("2023-05-04")
        );
        assert_eq!(
            date_from_url("https://x.com/a-story-2023-05-04.html").as_deref(),
            Some("2023-05-04")
        );
        assert_eq!(date_from_url("https://x.com/item/123456789"), None);
        assert_eq!(
            date_from_url("https://x.com%2Fposts%2F2024-02-29%2BRegen").as_deref(),
            Some("2024-02-29")
        );
    }

    #[test]
    fn slash_dates_follow_the_page_s_order() {
        // The page's order decides an ambiguous slash date; unambiguous
        // ones, or other shapes, read as written.
        for (raw, day_first, expected) in [
            ("03/10/2023", false, "2023-03-10"),
            ("03/10/2023", true, "2023-10-03"),
            ("25/10/2023", true, "2023-10-25"),
            ("03.10.2023", true, "2023-10-03"),
            ("October 3, 2023", true, "2023-10-03"),
        ] {
            assert_eq!(
                normalize_shown_date(raw, || day_first).as_deref(),
                Some(expected),
                "{raw} day first: {day_first}"
            );
        }
        assert!(writes_day_first(Some("en-GB"), std::iter::empty()));
        assert!(writes_day_first(Some("pt_BR"), std::iter::empty()));
        assert!(!writes_day_first(Some("en-US"), std::iter::empty()));
        assert!(writes_day_first(Some("fr"), std::iter::empty()));
        let uk = ["How to build a career - 3 October 2023", "12 October 2023"];
        let us = ["October 3, 2023", "Posted Oct. 12, 2023 by Ann"];
        assert!(writes_day_first(Some("en"), uk.into_iter()));
        assert!(!writes_day_first(Some("en"), us.into_iter()));
        assert!(!writes_day_first(None, std::iter::empty()));
    }

    #[test]
    fn swapped_readings_of_ambiguous_numbers() {
        assert_eq!(swapped_reading("03-09-2026").as_deref(), Some("2026-03-09"));
        assert_eq!(swapped_reading("04.05.2023").as_deref(), Some("2023-04-05"));
        assert_eq!(swapped_reading("24.05.2023"), None);
        assert_eq!(swapped_reading("05.05.2023"), None);
        assert_eq!(swapped_reading("2023-05-04"), None);
        assert_eq!(swapped_reading("4 мая 2023"), None);
    }
}
