//! The headline: chosen among the JSON-LD headline, OpenGraph and Twitter
//! titles, `<title>` and the page's `<h1>`s.
//!
//! Metadata titles are complete but often carry the site's name ("Rain
//! expected | Daily Bugle"); the visible `<h1>` is usually the cleanest form
//! but pages have several (logos, section names, teasers). So an `<h1>` wins
//! when a metadata title confirms it (contains it, or equals it once the site
//! name is gone); otherwise the first metadata title is used with the site's
//! name stripped off.

use crate::normalize::collapse_whitespace;

/// Separators between a headline and a site or section name.
pub(super) const SEPARATORS: &[&str] = &[
    " | ", " - ", " — ", " – ", " :: ", " · ", " • ", " / ", " » ", " « ", " _ ", "｜", " || ",
    " ~ ", " -- ",
];

/// What the page offers as its title.
#[derive(Debug, Default, Clone)]
pub struct TitleCandidates {
    /// Metadata titles, best first: JSON-LD headline, `og:title`, Twitter, Dublin Core...
    pub meta: Vec<String>,
    /// The `<title>` element.
    pub document: Option<String>,
    /// `<h1>` texts in document order, each with whether it sits inside an
    /// `<article>`/`<main>`-like container.
    pub h1s: Vec<(String, bool)>,
}

/// Chooses the title; `site` is the site's name when known.
pub fn choose_title(c: &TitleCandidates, site: Option<&str>) -> Option<String> {
    chosen_title(c, site)
        .map(|t| tidy(&t, site))
        .filter(|t| !t.is_empty())
}

/// Final clean-up whatever the source: entities left by double escaping, a
/// site name still hanging at either end (`<h1>`s carry them too), and a
/// dangling separator ("Headline |").
fn tidy(title: &str, site: Option<&str>) -> String {
    let mut decoded = super::escapes::decode_entities(title);
    // Double-escaped numeric references ("&amp;#x26;") survive one pass.
    if decoded.contains("&#") {
        decoded = super::escapes::decode_entities(&decoded);
    }
    let stripped = site
        .and_then(|s| strip_site_suffix(&decoded, s))
        .unwrap_or(decoded);
    let trimmed = stripped.trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '|' | '-' | '–' | '—' | ':' | '·' | '•' | '/' | '»' | '~' | '¶'
            )
    });
    let trimmed = trimmed.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '–' | '—' | '·' | '•' | '»' | '~')
    });
    collapse_whitespace(trimmed)
}

/// "Headline – Site" → "Headline"; only a trailing site name, never a prefix
/// (a headline may well begin with the site's own name).
fn strip_site_suffix(title: &str, site: &str) -> Option<String> {
    SEPARATORS.iter().find_map(|sep| {
        let (head, tail) = title.rsplit_once(sep)?;
        (similar_site(tail, site) && head.split_whitespace().count() >= 2)
            .then(|| head.trim().to_string())
    })
}

fn chosen_title(c: &TitleCandidates, site: Option<&str>) -> Option<String> {
    let metas: Vec<String> = c
        .meta
        .iter()
        .chain(c.document.iter())
        .map(|t| collapse_whitespace(t))
        .filter(|t| !t.is_empty())
        .collect();
    let h1s: Vec<&str> = c
        .h1s
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| plausible_h1(t, site))
        .take(8)
        .collect();
    if let Some(h1) = confirmed_h1(&h1s, &metas, site) {
        return Some(h1.to_string());
    }
    if let Some(h1) = headline_h1(c, site, &metas) {
        return Some(h1);
    }
    let from_meta = metas
        .iter()
        .map(|t| strip_site(t, site, &metas))
        .find(|t| !t.is_empty() && !site.is_some_and(|s| same(s, t)));
    from_meta.or_else(|| h1s.first().map(|h| h.to_string()))
}

/// With no metadata title confirming any `<h1>`, the article's own `<h1>` is
/// still the visible headline (metadata titles are often SEO variants): the
/// first one inside the article, if it reads like a headline.
fn headline_h1(c: &TitleCandidates, site: Option<&str>, metas: &[String]) -> Option<String> {
    let (h1, _) = c
        .h1s
        .iter()
        .find(|(t, in_article)| *in_article && plausible_h1(t, site))?;
    let words = h1.split_whitespace().count();
    let chars = h1.chars().count();
    // Short headlines are section names, unless one long word (CJK, German).
    let one_long_word = chars >= 12 && !h1.contains(' ');
    if words < 3 && !one_long_word {
        return None;
    }
    // With metadata titles present, the h1 must be about the same thing.
    let related = metas.is_empty() || metas.iter().any(|m| overlap(h1, m) >= MIN_OVERLAP);
    related.then(|| h1.clone())
}

/// The share of words two titles must have in common for an `<h1>` to be
/// taken as a variant of a metadata title.
const MIN_OVERLAP: f64 = 0.5;

/// Shared words over the shorter title's word count.
fn overlap(a: &str, b: &str) -> f64 {
    let (a, b) = (norm(a), norm(b));
    let wa: Vec<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let wb: Vec<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    let shorter = wa.len().min(wb.len());
    if shorter == 0 {
        return 0.0;
    }
    let shared = wa.iter().filter(|w| wb.contains(w)).count().min(shorter);
    // One shared word ("title", "news") says nothing.
    if shared < 2 {
        return 0.0;
    }
    shared as f64 / shorter as f64
}

/// An `<h1>` that is not empty, not huge and not the site's name.
fn plausible_h1(h1: &str, site: Option<&str>) -> bool {
    let n = h1.chars().count();
    (2..=300).contains(&n) && !site.is_some_and(|s| same(s, h1))
}

/// The first `<h1>` a metadata title confirms: equal once normalised, or
/// contained in it as the larger part of it.
fn confirmed_h1<'a>(h1s: &[&'a str], metas: &[String], site: Option<&str>) -> Option<&'a str> {
    for h1 in h1s {
        let key = norm(h1);
        if key.is_empty() {
            continue;
        }
        for meta in metas {
            let stripped = norm(&strip_site(meta, site, metas));
            let full = norm(meta);
            if key == stripped || key == full {
                return Some(h1);
            }
            // "Rain expected" in "Rain expected in the north | Bugle": only a
            // substantial part counts, not a section name or the site.
            let words = key.split(' ').count();
            // The part of the title the site's name was cut from, never that name.
            if words >= 3 && stripped.contains(&key) && key.len() * 2 >= stripped.len() {
                return Some(h1);
            }
            // The h1 is the metadata title plus a kicker or subtitle.
            if stripped.split(' ').count() >= 3
                && key.starts_with(&stripped)
                && stripped.len() * 2 >= key.len()
            {
                return Some(h1);
            }
        }
    }
    None
}

/// Removes the site's name from either end of a title. With the site name
/// unknown, a short trailing segment is removed when another title on the page
/// lacks it (`<title>` "Rain | Bugle" next to `og:title` "Rain").
pub fn strip_site(title: &str, site: Option<&str>, others: &[String]) -> String {
    let title = title.trim();
    if let Some(site) = site {
        if let Some(t) = strip_known(title, site) {
            return t;
        }
    }
    for other in others {
        let other = other.trim();
        if other.len() >= 8 && other.len() < title.len() && title.starts_with(other) {
            let rest = &title[other.len()..];
            if SEPARATORS
                .iter()
                .any(|s| rest.starts_with(s) || rest.starts_with(s.trim_start()))
            {
                return other.to_string();
            }
        }
    }
    strip_short_tail(title).to_string()
}

/// Separators after which a short segment is a site or section name even
/// when the site's name is unknown ("Rain expected | Weather Blog").
const TAIL_SEPARATORS: &[&str] = &[" | ", " || ", "｜", " – ", " — "];

/// "Head | Short Tail" → "Head", when the tail has at most four words and
/// the head at least three: the tail names the site or the section.
fn strip_short_tail(title: &str) -> &str {
    let Some((head, tail)) = TAIL_SEPARATORS
        .iter()
        .filter_map(|sep| title.split_once(sep))
        .min_by_key(|(h, _)| h.len())
    else {
        return title;
    };
    let tail_words = tail.split_whitespace().count();
    let head_words = head.split_whitespace().count();
    if head_words >= 3
        && tail_words
            <= 4 * TAIL_SEPARATORS
                .iter()
                .filter(|s| tail.contains(*s))
                .count()
                .max(1)
    {
        return head.trim();
    }
    title
}

fn strip_known(title: &str, site: &str) -> Option<String> {
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if similar_site(tail, site) && !head.trim().is_empty() {
                return Some(strip_known(head, site).unwrap_or_else(|| head.trim().to_string()));
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if similar_site(head, site) && !tail.trim().is_empty() {
                return Some(tail.trim().to_string());
            }
        }
    }
    let (head, tail) = title.split_once(": ")?;
    (similar_site(head, site) && tail.split_whitespace().count() >= 2)
        .then(|| tail.trim().to_string())
}

/// "Bugle" vs "The Daily Bugle", "bugle.com" vs "Bugle".
fn similar_site(part: &str, site: &str) -> bool {
    let (p, s) = (norm(part), norm(site));
    if p.is_empty() || s.is_empty() {
        return false;
    }
    let compact = |x: &str| x.replace([' ', '.'], "");
    let (pc, sc) = (compact(&p), compact(&s));
    // "bugle.com" for "Bugle": the domain with its suffix.
    let domain = pc
        .strip_prefix(&sc)
        .is_some_and(|rest| (2..=6).contains(&rest.len()) && p.split(' ').count() <= 3);
    // Containment only with a word or two more ("The Daily Bugle" for
    // "Bugle"), not a whole headline that mentions the site.
    let (pw, sw) = (p.split(' ').count(), s.split(' ').count());
    pc == sc
        || domain
        || (p.len() >= 3 && (s.contains(&p) || p.contains(&s)) && pw <= 6 && pw.abs_diff(sw) <= 2)
}

fn same(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// Case-folded words joined by single spaces: how titles are compared.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(meta: &[&str], doc: Option<&str>, h1s: &[&str]) -> TitleCandidates {
        TitleCandidates {
            meta: meta.iter().map(|s| s.to_string()).collect(),
            document: doc.map(str::to_string),
            h1s: h1s.iter().map(|s| (s.to_string(), true)).collect(),
        }
    }

    #[test]
    fn site_suffixes_and_prefixes_are_stripped() {
        let site = Some("Daily Bugle");
        assert_eq!(
            strip_site("Rain expected | Daily Bugle", site, &[]),
            "Rain expected"
        );
        assert_eq!(
            strip_site("Rain expected - The Daily Bugle", site, &[]),
            "Rain expected"
        );
        assert_eq!(
            strip_site("Rain expected — Weather — Daily Bugle", site, &[]),
            "Rain expected — Weather"
        );
        assert_eq!(
            strip_site("Daily Bugle: Rain expected today", site, &[]),
            "Rain expected today"
        );
        assert_eq!(
            strip_site("Rain expected :: dailybugle.com", site, &[]),
            "Rain expected"
        );
        assert_eq!(
            strip_site("Rain - and more rain", site, &[]),
            "Rain - and more rain"
        );
    }

    #[test]
    fn a_headline_naming_the_site_is_not_the_site() {
        let site = Some("Bugle");
        assert_eq!(
            strip_site("Wanderung am See @ Bugle Leser :: Blogportal ::", site, &[]),
            "Wanderung am See @ Bugle Leser :: Blogportal ::"
        );
    }

    #[test]
    fn an_h1_that_is_the_site_part_is_not_confirmed() {
        let c = cands(
            &[],
            Some("Teoría de colas — manual del proyecto Delta"),
            &["manual del proyecto Delta", "Teoría de colas ¶"],
        );
        assert_eq!(choose_title(&c, None).as_deref(), Some("Teoría de colas"));
    }

    #[test]
    fn h1_confirmed_by_metadata_wins() {
        let c = cands(
            &["Rain expected in the north | Bugle"],
            Some("Rain expected in the north | Bugle"),
            &["Bugle", "Rain expected in the north"],
        );
        assert_eq!(
            choose_title(&c, Some("Bugle")).as_deref(),
            Some("Rain expected in the north")
        );
    }

    #[test]
    fn unconfirmed_h1_loses_to_metadata() {
        let c = cands(&["Rain expected in the north"], None, &["Latest news"]);
        assert_eq!(
            choose_title(&c, None).as_deref(),
            Some("Rain expected in the north")
        );
    }

    #[test]
    fn document_title_is_cleaned_against_og_title() {
        let c = cands(&[], Some("Rain expected in the north | Bugle"), &[]);
        assert_eq!(
            choose_title(&c, Some("Bugle")).as_deref(),
            Some("Rain expected in the north")
        );
        let c = cands(&["Bugle"], Some("Bugle"), &[]);
        assert_eq!(choose_title(&c, Some("Bugle")), None);
    }

    #[test]
    fn h1_alone_is_used() {
        let c = cands(&[], None, &["Only a heading here"]);
        assert_eq!(
            choose_title(&c, None).as_deref(),
            Some("Only a heading here")
        );
    }
}

#[cfg(test)]
mod tidy_tests {
    use super::*;

    #[test]
    fn tidy_drops_trailing_site_and_dangling_separators_only() {
        assert_eq!(
            tidy("Best Art Shows of the Year – Artlyst", Some("Artlyst")),
            "Best Art Shows of the Year"
        );
        assert_eq!(
            tidy("Rain expected all week |", None),
            "Rain expected all week"
        );
        assert_eq!(
            tidy("Docker Images: Security Validated", Some("Docker")),
            "Docker Images: Security Validated"
        );
        assert_eq!(tidy("Salt &amp;#x26; pepper", None), "Salt & pepper");
    }
}
