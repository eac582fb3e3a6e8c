//! The publication date: chosen among the declared dates (JSON-LD,
//! `<meta>`, microdata), the `<time>`s and dates shown near the headline,
//! and a date in the URL.
//!
//! Declared dates win, but not blindly: CMSs re-stamp `datePublished` on
//! every save, write UTC where the page means its local day, and spell
//! ambiguous numeric dates. The date the page shows at its headline is the
//! witness that settles those cases.

use std::cell::OnceCell;

use super::dates::{self, date_from_url, normalize_date, normalize_shown_date, writes_day_first};
use super::jsonld::LdFacts;
use super::scan::PageScan;
use super::PUBLISHED_KEYS;

/// The short texts near the headline, closest first, and whether each is
/// an update's date ([`super::says_updated`]).
pub(super) struct Near<'a> {
    pub texts: &'a [&'a str],
    pub updates: &'a [bool],
    /// Short texts beside the byline, nearest first.
    pub beside_byline: &'a [&'a str],
}

pub(super) fn published(
    page: &PageScan,
    ld: &LdFacts,
    url: Option<&str>,
    near: Near<'_>,
    modified: Option<&str>,
) -> Option<String> {
    let raw: Vec<&str> = ld
        .published
        .iter()
        .map(String::as_str)
        .chain(PUBLISHED_KEYS.iter().filter_map(|k| page.meta(k)))
        .chain(vendor_published(page))
        .chain(page.item_dates.iter().map(String::as_str))
        .collect();
    let declared: Vec<String> = raw.iter().filter_map(|r| normalize_date(r)).collect();
    // Whether the page writes dates day first: asked only of an ambiguous
    // slash date ("03/10/2023") the page shows.
    let order = OnceCell::new();
    let day_first = || {
        *order.get_or_init(|| {
            let locale = page.html_lang.as_deref().or(page.meta("og:locale"));
            writes_day_first(locale, page.texts.iter().map(|(_, t)| t.as_str()))
        })
    };
    let shown_text = |t: &str| normalize_shown_date(t, day_first);
    let url_date = [url, page.meta("og:url"), page.canonical.as_deref()]
        .into_iter()
        .flatten()
        .find_map(date_from_url);
    let shown = page
        .times
        .iter()
        .find(|t| t.2)
        .and_then(|t| normalize_date(&t.0))
        .or_else(|| shown_date(&near, NEAR_SHOWN, &shown_text));
    if let Some(first) = declared.first() {
        let first_raw = raw.iter().find(|r| normalize_date(r).is_some());
        // "03-09-2026": the reading the page also shows.
        if let Some(alt) = first_raw.and_then(|r| dates::swapped_reading(r)) {
            if shown.as_deref().is_some_and(|s| same_day(s, &alt)) {
                return Some(alt);
            }
        }
        if let Some(earlier) = shown.as_deref().filter(|s| restamped(first, modified, s)) {
            return Some(earlier.to_string());
        }
        let times: Vec<String> = page
            .times
            .iter()
            .filter_map(|t| normalize_date(&t.0))
            .collect();
        let local = local_time(first, declared.iter().chain(&times));
        return Some(
            url_date
                .filter(|u| local_day_of(&local, u))
                .unwrap_or(local),
        );
    }
    page.best_time()
        .and_then(normalize_date)
        .or_else(|| shown_date(&near, usize::MAX, &shown_text))
        .or(url_date)
        .or_else(|| dated_text(near.beside_byline, &shown_text))
        .or_else(|| page.date_texts.iter().find_map(|d| shown_text(d)))
        // A page that only says when it was last changed: better than nothing.
        .or_else(|| modified.map(str::to_string))
        .or_else(|| last_updated_line(page, &shown_text))
}

/// Values of `<meta>` keys that name the publication date behind a
/// vendor's prefix (`w-published-date`, `sf_publish_date`,
/// `article.publication-date`), after every key [`PUBLISHED_KEYS`] knows.
fn vendor_published<'a>(page: &'a PageScan) -> impl Iterator<Item = &'a str> + 'a {
    const ENDINGS: &[&str] = &[
        "published-date",
        "published_date",
        "publish-date",
        "publish_date",
        "publishdate",
        "publication-date",
        "publication_date",
        "published-time",
        "published_time",
    ];
    page.metas.iter().filter_map(|(key, value)| {
        let prefixed = ENDINGS.iter().any(|end| {
            key.strip_suffix(end)
                .is_some_and(|head| head.ends_with(['-', '_', '.', ':']))
        });
        (prefixed && !value.trim().is_empty()).then_some(value.as_str())
    })
}

/// How many texts around the headline are close enough for a date shown
/// there to overrule the declared one.
const NEAR_SHOWN: usize = 24;

fn same_day(a: &str, b: &str) -> bool {
    a.get(..10).is_some_and(|d| b.get(..10) == Some(d))
}

/// Whether the declared publication date looks re-stamped: it is not before
/// the declared modification (CMSs that stamp both on every save, or a
/// "published" after the "modified"), and the page shows an earlier date at
/// the headline, which is then the original publication.
fn restamped(declared: &str, modified: Option<&str>, shown: &str) -> bool {
    let (Some(day), Some(shown_day)) = (declared.get(..10), shown.get(..10)) else {
        return false;
    };
    let not_before_modified = modified.and_then(|m| m.get(..10)).is_some_and(|m| day >= m);
    // A day or so apart is a time zone or the neighbouring item's date, not a re-stamp.
    let days_apart = |a: &str, b: &str| {
        let parse = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        parse(a)
            .zip(parse(b))
            .map_or(0, |(a, b)| (a - b).num_days())
    };
    not_before_modified && days_apart(day, shown_day) >= MIN_RESTAMP_DAYS
}

/// How much earlier a shown date must be than the declared one to be taken
/// as the original publication.
const MIN_RESTAMP_DAYS: i64 = 2;

/// Whether `day` (`YYYY-MM-DD`, from the URL) is the publisher's local date
/// of a UTC instant: the day before or after it, within the ±14 h that time
/// zones span. Then the URL's date is the one the page means.
fn local_day_of(instant: &str, day: &str) -> bool {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(instant) else {
        return false;
    };
    if t.offset().local_minus_utc() != 0 || same_day(instant, day) {
        return false;
    }
    let span = chrono::Duration::hours(14);
    [t - span, t + span]
        .iter()
        .any(|x| x.format("%Y-%m-%d").to_string() == day)
}

/// The same instant in the publisher's own time zone when another source
/// gives it: JSON-LD often says `…Z` where `<meta>` or a `<time>` says
/// `…-05:00`, and the local date is the one the page shows.
fn local_time<'a>(first: &str, all: impl Iterator<Item = &'a String>) -> String {
    let Ok(instant) = chrono::DateTime::parse_from_rfc3339(first) else {
        return first.to_string();
    };
    if instant.offset().local_minus_utc() != 0 {
        return first.to_string();
    }
    all.filter_map(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .find(|d| d.offset().local_minus_utc() != 0 && *d == instant)
        .map_or_else(
            || first.to_string(),
            |d| d.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        )
}

/// A "Last updated: November 13, 2025" anywhere on the page: reference
/// pages (parks, agencies, documentation) date themselves only at the foot.
fn last_updated_line(page: &PageScan, read: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    page.texts
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| t.chars().count() <= 80)
        .filter(|(i, _)| super::says_updated(page, *i))
        .find_map(|(_, (_, t))| read(t))
}

/// The first short text that is a date.
fn dated_text(texts: &[&str], read: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    texts
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 80)
        .find_map(|t| read(t))
}

/// The first date written among the `within` texts nearest the headline,
/// preferring a publication's date to an update's ("Published May 2 ·
/// Updated May 4"); an update's date when it is the only one shown.
fn shown_date(
    near: &Near<'_>,
    within: usize,
    read: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let dated = || {
        near.texts
            .iter()
            .zip(near.updates)
            .take(within)
            .filter(|(t, _)| t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 80)
    };
    dated()
        .take(NEAR_SHOWN)
        .filter(|(_, update)| !**update)
        .find_map(|(t, _)| read(t))
        .or_else(|| dated().find_map(|(t, _)| read(t)))
}
