//! A personal site's owner, as the author of last resort.
//!
//! Blogs written by one person are often named after them ("Jane Doe",
//! "Jane Doe's blog") and put no byline on their posts: the site's name is
//! the credit. When no other source names an author and one of the site's
//! names is a person's name, the owner wrote the page.
//!
//! A person's name here ([`is_person_name`], which the portrait rule in the
//! parent module shares) is two or three capitalised words, the first a
//! common given name (the list in `data/given_names.txt`), with no word of
//! an organisation's, a business's or a job's: "West Bell Dental Care" or
//! "Hardtail Canada" is a business however it is capitalised, and a site
//! named after a business or a topic gives no author.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::authors::looks_like_person;
use crate::lexicon::LEXICON;

/// Common given names, lower case.
static GIVEN_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/given_names.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// Whether a name's first word is a common given name.
fn opens_with_given_name(name: &str) -> bool {
    name.split_whitespace()
        .next()
        .is_some_and(|w| GIVEN_NAMES.contains(w.to_lowercase().as_str()))
}

/// Endings that make a site's name its owner's ("Colin Watson's blog"):
/// `owner_endings` in [`crate::lexicon`], the first that matches cut.
static OWNED: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.owner_endings).collect());

/// Feed titles that name the feed, not the site ("Jane Doe » Feed"):
/// `feed_endings`, each after a space, the first that matches cut.
static FEED_ENDINGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.feed_endings)
        .map(|e| format!(" {e}"))
        .collect()
});

/// Words of businesses named after their founder ("Todd Thomas Home",
/// "Clark Howard Community"), which [`looks_like_person`] lets through:
/// `business_words`.
static BUSINESS_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.business_words).collect());

/// The person the site is named after, if any of its names is a person's:
/// `names` are what the page calls the site (`og:site_name`, the tail of
/// its `<title>`, its feed's title, its copyright holder), best first.
pub(super) fn site_owner<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    names.into_iter().find_map(person_named)
}

/// Who a site's copyright notice names: "© 2019–2025 Jane Doe. All rights
/// reserved." → "Jane Doe". A notice states its year; "© Jane Doe" under a
/// picture credits the photographer.
pub(super) fn copyright_holder(line: &str) -> Option<&str> {
    let start = [
        line.find('©'),
        line.find("Copyright"),
        line.find("copyright"),
    ]
    .into_iter()
    .flatten()
    .min()?;
    // Skip the marks and the years ("Copyright 2025 ©", "© 2019–2025").
    let mut rest = &line[start..];
    let mut dated = false;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "-–—,:".contains(c));
        let mark = ["©", "(c)", "(C)", "Copyright", "copyright"]
            .iter()
            .find_map(|m| rest.strip_prefix(m));
        if let Some(after) = mark {
            rest = after;
            continue;
        }
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits != 4 {
            break;
        }
        dated = true;
        rest = &rest[digits..];
    }
    if !dated {
        return None;
    }
    let end = rest
        .find(['.', '|', '·', ',', '•', '–', '—', '(', '/'])
        .unwrap_or(rest.len());
    let end = rest[..end].find(" All ").unwrap_or(end);
    let holder = rest[..end].trim();
    (!holder.is_empty()).then_some(holder)
}

fn person_named(site: &str) -> Option<String> {
    let site = site.trim().replace('’', "'");
    let lower = site.to_lowercase();
    let mut name = site.as_str();
    if let Some(end) = FEED_ENDINGS.iter().find(|e| lower.ends_with(e.as_str())) {
        name = name[..name.len() - end.len()].trim_end_matches([' ', '»', '-', '|', ':', '·']);
    }
    let lower = name.to_lowercase();
    if let Some(end) = OWNED.iter().find(|e| lower.ends_with(*e)) {
        name = &name[..name.len() - end.len()];
    }
    let name = name.trim();
    is_person_name(name).then(|| name.to_string())
}

/// Whether `name` is a person's full name for certain: two or three
/// capitalised words, the first a common given name, none an
/// organisation's, a business's or a job's word, the last more than an
/// initial ("Bruce P." signs a shop's review).
pub(super) fn is_person_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let business = words
        .iter()
        .any(|w| BUSINESS_WORDS.contains(&w.to_lowercase().as_str()));
    let initial_last = words
        .last()
        .is_some_and(|w| w.trim_end_matches('.').chars().count() <= 1);
    (2..=3).contains(&words.len())
        && opens_with_given_name(name)
        && !business
        && !initial_last
        && looks_like_person(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_named_after_a_person_is_theirs() {
        assert_eq!(site_owner(["Erin Spain"]).as_deref(), Some("Erin Spain"));
        assert_eq!(
            site_owner(["Colin Watson’s blog"]).as_deref(),
            Some("Colin Watson")
        );
        assert_eq!(site_owner(["Jane Doe » Feed"]).as_deref(), Some("Jane Doe"));
        assert_eq!(
            site_owner(["Блог Ивана Петрова", "Иван Петров"]).as_deref(),
            Some("Иван Петров")
        );
        // The first name that is a person's, whichever source gives it.
        assert_eq!(
            site_owner(["Tech Notes", "Pierce Freeman"]).as_deref(),
            Some("Pierce Freeman")
        );
    }

    #[test]
    fn a_copyright_line_names_its_holder() {
        assert_eq!(
            copyright_holder("© 2025 Toby Hede. All rights reserved."),
            Some("Toby Hede")
        );
        assert_eq!(
            copyright_holder("Copyright (c) 2019-2025 Jane Doe All Rights Reserved"),
            Some("Jane Doe")
        );
        assert_eq!(
            copyright_holder("Copyright © 2024 | Powered by Astra"),
            None
        );
        assert_eq!(copyright_holder("No notice here"), None);
        assert_eq!(
            copyright_holder("Copyright 2025 © David Bau. All Rights Reserved."),
            Some("David Bau")
        );
        // A photo credit states no year.
        assert_eq!(copyright_holder("© Victor Sailer"), None);
    }

    #[test]
    fn businesses_and_topics_are_nobody() {
        for site in [
            "West Bell Dental Care",
            "Hardtail Canada",
            "Computer Overhauls",
            "Engora Data Blog",
            "Grace Community Church Media",
            "Erin",
            "Mark Twain Museum of Hartford Connecticut",
            "Daily News",
            "Todd Thomas Home",
        ] {
            assert_eq!(site_owner([site]), None, "{site}");
        }
    }
}
