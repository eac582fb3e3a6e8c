//! One walk over the parsed page, gathering every raw value the metadata
//! reader may want: `<meta>` pairs, `<title>`, `<html lang>`, `<base>`,
//! canonical and image links, `<h1>`s, `<time>`s, microdata authors and dates,
//! and byline-like elements. Bounded: texts are clipped and lists capped.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHasher;

use ego_tree::NodeId;
use scraper::{ElementRef, Html};

/// Element texts longer than this (chars) are clipped.
const MAX_TEXT: usize = 400;
/// At most this many entries are kept in each candidate list.
const MAX_CANDIDATES: usize = 30;
/// Byline texts longer than this are author boxes or bios, not bylines.
const MAX_BYLINE: usize = 150;

/// The raw facts found in the markup.
#[derive(Debug, Default)]
pub struct PageScan {
    /// `<meta>` key (lower-cased `property`, `name`, `itemprop` or `http-equiv`) and content.
    pub metas: Vec<(String, String)>,
    pub title: Option<String>,
    pub html_lang: Option<String>,
    pub base_href: Option<String>,
    pub canonical: Option<String>,
    pub image_src: Option<String>,
    /// `<h1>` texts, and whether each is inside the article.
    pub h1s: Vec<(String, bool)>,
    /// `<time>` values (`datetime` or text), whether inside the article, whether marked as the publication time.
    pub times: Vec<(String, bool, bool)>,
    /// Values of elements (not `<meta>`) with `itemprop=datePublished`.
    pub item_dates: Vec<String>,
    /// Bylines in document order: texts of microdata authors
    /// (`itemprop=author`), `rel=author` links and elements whose class or id
    /// says byline/author.
    pub bylines: Vec<String>,
    /// Links to an author's page (`/author/jane-doe`): the name (text, else
    /// `aria-label`, `title` or an image's `alt`), the path segment after the
    /// author directory, and the text position.
    pub author_links: Vec<(String, String, usize)>,
    /// Texts of elements whose class or id says date/published.
    pub date_texts: Vec<String>,
    /// Short text nodes outside navigation and footers, with their position
    /// among all text nodes: where visible dates and "By" lines are looked for.
    pub texts: Vec<(usize, String)>,
    /// The text position of each `<h1>` in [`PageScan::h1s`].
    pub h1_at: Vec<usize>,
    /// Which region (article, chrome) each element is in; filled top-down.
    regions: HashMap<NodeId, Region, BuildHasherDefault<FxHasher>>,
}

/// The nearest ancestor-or-self that decides whether an element is chrome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Marker {
    #[default]
    Undecided,
    /// `<article>`, `<main>`: the article, whatever is around it.
    Article,
    /// Navigation, asides, related blocks.
    Chrome,
}

#[derive(Debug, Clone, Copy, Default)]
struct Region {
    nearest: Marker,
    /// Inside a `<footer>` (chrome unless an article encloses it).
    in_footer: bool,
}

impl PageScan {
    /// The first non-empty value of a `<meta>` key.
    pub fn meta<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        self.meta_all(key).next()
    }

    /// Every non-empty value of a `<meta>` key, in page order.
    pub fn meta_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas
            .iter()
            .filter(move |(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The first value among several keys, in the order of `keys`.
    pub fn meta_any<'a>(&'a self, keys: &[&'a str]) -> Option<&'a str> {
        keys.iter().find_map(|k| self.meta(k))
    }

    /// Twitter's label/data pairs (`twitter:label1` "Written by",
    /// `twitter:data1` "Jane Doe"): the data whose label is one of `labels`.
    pub fn labelled_meta(&self, labels: &[&str]) -> Vec<&str> {
        let mut out = Vec::new();
        for i in 1..=4 {
            let label = format!("twitter:label{i}");
            let is_wanted = self
                .meta(&label)
                .is_some_and(|l| labels.contains(&l.trim().to_lowercase().as_str()));
            if is_wanted {
                let data = format!("twitter:data{i}");
                if let Some(value) = self
                    .metas
                    .iter()
                    .find(|(k, _)| *k == data)
                    .map(|(_, v)| v.as_str())
                {
                    out.push(value);
                }
            }
        }
        out
    }

    /// The `<time>` most likely to be the publication time: one marked as
    /// such, else the first inside the article, else the first on the page.
    pub fn best_time(&self) -> Option<&str> {
        let marked = self.times.iter().find(|t| t.2);
        let in_article = self.times.iter().find(|t| t.1);
        marked
            .or(in_article)
            .or(self.times.first())
            .map(|t| t.0.as_str())
    }
}

/// Walks the page once.
pub fn scan(doc: &Html) -> PageScan {
    let mut page = PageScan::default();
    let root = doc.root_element();
    page.html_lang = attr(root, "lang").or_else(|| attr(root, "xml:lang"));
    let mut text_count = 0usize;
    for node in root.descendants() {
        if let Some(text) = node.value().as_text() {
            text_count += 1;
            keep_short_text(&mut page, node, text, text_count);
            continue;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let class_id = class_id(el);
        let region = region_of(&page, el, &class_id);
        page.regions.insert(el.id(), region);
        let h1s = page.h1s.len();
        visit(&mut page, el, &class_id, text_count);
        if page.h1s.len() > h1s {
            page.h1_at.push(text_count);
        }
    }
    page
}

/// Text nodes longer than this (chars) are prose, not dates or bylines.
const MAX_SHORT_TEXT: usize = 120;
/// At most this many short texts are kept.
const MAX_SHORT_TEXTS: usize = 20_000;

fn keep_short_text(
    page: &mut PageScan,
    node: ego_tree::NodeRef<'_, scraper::Node>,
    text: &str,
    at: usize,
) {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_SHORT_TEXT * 4 || page.texts.len() >= MAX_SHORT_TEXTS {
        return;
    }
    let text = crate::normalize::collapse_whitespace(text);
    if text.is_empty() || text.chars().count() > MAX_SHORT_TEXT {
        return;
    }
    let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
        return;
    };
    if matches!(parent.value().name(), "title" | "option" | "button") || in_chrome(page, parent) {
        return;
    }
    page.texts.push((at, text));
}

fn attr(el: ElementRef<'_>, name: &str) -> Option<String> {
    el.value()
        .attr(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn visit(page: &mut PageScan, el: ElementRef<'_>, class_id: &str, at: usize) {
    let name = el.value().name();
    match name {
        "meta" => return read_meta(page, el),
        "title" if page.title.is_none() && !inside(el, &["svg", "body"]) => {
            page.title = Some(text_of(el))
        }
        "base" if page.base_href.is_none() => page.base_href = attr(el, "href"),
        "link" => read_link(page, el),
        "h1" if page.h1s.len() < MAX_CANDIDATES => {
            let text = text_of(el);
            if !text.is_empty() && !in_chrome(page, el) {
                page.h1s.push((text, in_article(el)));
            }
        }
        "time" if page.times.len() < MAX_CANDIDATES && !in_chrome(page, el) => {
            let value = attr(el, "datetime").unwrap_or_else(|| text_of(el));
            let marked = el.value().attr("pubdate").is_some()
                || itemprop(el).is_some_and(|p| p.contains("datepublished"));
            page.times.push((value, in_article(el), marked));
        }
        _ => {}
    }
    read_itemprop(page, el);
    if name == "a"
        && has_token(el.value().attr("rel"), "author")
        && page.bylines.len() < MAX_CANDIDATES
        && !in_chrome(page, el)
    {
        page.bylines.push(text_of(el));
    }
    if name == "a" && page.author_links.len() < MAX_CANDIDATES && !in_chrome(page, el) {
        read_author_link(page, el, at);
    }
    read_class_hints(page, el, class_id);
}

/// Path segments of author pages.
const AUTHOR_DIRS: &[&str] = &[
    "author",
    "authors",
    "autor",
    "autoren",
    "autore",
    "autori",
    "auteur",
    "auteurs",
    "autores",
    "avtor",
    "writer",
    "writers",
    "journalist",
    "journalists",
];

fn read_author_link(page: &mut PageScan, el: ElementRef<'_>, at: usize) {
    let Some(href) = el.value().attr("href") else {
        return;
    };
    let path = href.split(['?', '#']).next().unwrap_or(href);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(slug) = segments
        .iter()
        .position(|s| AUTHOR_DIRS.contains(&s.to_ascii_lowercase().as_str()))
        .and_then(|i| segments.get(i + 1))
    else {
        return;
    };
    let name = Some(text_of(el))
        .filter(|t| !t.is_empty())
        .or_else(|| attr(el, "aria-label"))
        .or_else(|| attr(el, "title"))
        .or_else(|| {
            el.descendants()
                .filter_map(ElementRef::wrap)
                .find(|d| d.value().name() == "img")
                .and_then(|img| attr(img, "alt"))
        });
    if let Some(name) = name {
        page.author_links.push((name, (*slug).to_string(), at));
    }
}

fn read_meta(page: &mut PageScan, el: ElementRef<'_>) {
    let Some(content) = el
        .value()
        .attr("content")
        .or_else(|| el.value().attr("value"))
    else {
        return;
    };
    for key_attr in ["property", "name", "itemprop", "http-equiv"] {
        let Some(keys) = el.value().attr(key_attr) else {
            continue;
        };
        for key in keys.split_whitespace() {
            page.metas.push((normalize_key(key), content.to_string()));
        }
    }
}

/// Lower case, and Dublin Core's `dc:`/`dcterm:`/`DC.` spellings unified to `dc.`/`dcterms.`.
fn normalize_key(key: &str) -> String {
    let key = key.trim().to_lowercase();
    for (from, to) in [
        ("dcterm:", "dcterms."),
        ("dcterms:", "dcterms."),
        ("dc:", "dc."),
    ] {
        if let Some(rest) = key.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    key
}

fn read_link(page: &mut PageScan, el: ElementRef<'_>) {
    let rel = el.value().attr("rel");
    let href = attr(el, "href");
    if has_token(rel, "canonical") && page.canonical.is_none() {
        page.canonical = href;
    } else if has_token(rel, "image_src") && page.image_src.is_none() {
        page.image_src = href;
    } else if has_token(rel, "author") && page.bylines.len() < MAX_CANDIDATES {
        // `<link rel=author>` points to a profile; only its title attribute is a name.
        if let Some(title) = attr(el, "title") {
            page.bylines.push(title);
        }
    }
}

fn itemprop(el: ElementRef<'_>) -> Option<String> {
    el.value().attr("itemprop").map(str::to_lowercase)
}

fn read_itemprop(page: &mut PageScan, el: ElementRef<'_>) {
    let Some(prop) = itemprop(el) else { return };
    let props: Vec<&str> = prop.split_whitespace().collect();
    if props.iter().any(|p| matches!(*p, "author" | "creator"))
        && page.bylines.len() < MAX_CANDIDATES
        && !in_chrome(page, el)
    {
        let name = el
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|d| itemprop(*d).is_some_and(|p| p == "name"))
            .map(|d| attr(d, "content").unwrap_or_else(|| text_of(d)))
            .unwrap_or_else(|| attr(el, "content").unwrap_or_else(|| text_of(el)));
        page.bylines.push(name);
    }
    if props.contains(&"datepublished") && page.item_dates.len() < MAX_CANDIDATES {
        let value = attr(el, "datetime")
            .or_else(|| attr(el, "content"))
            .unwrap_or_else(|| text_of(el));
        page.item_dates.push(value);
    }
}

/// Class or id words of byline elements (one literal search, not eight).
static BYLINE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    literal_set(&[
        "byline",
        "author",
        "writer",
        "autor",
        "avtor",
        "creator",
        "reporter",
        "journalist",
    ])
});
/// Class or id words of date elements.
static DATE_CLASS: LazyLock<Regex> =
    LazyLock::new(|| literal_set(&["date", "publish", "posted", "dateline", "time"]));
/// Class or id words of dates that are not the publication date.
static NOT_DATE_CLASS: LazyLock<Regex> =
    LazyLock::new(|| literal_set(&["update", "modif", "timeline", "timer"]));

/// A matcher for any of `words` as a substring.
fn literal_set(words: &[&str]) -> Regex {
    let pattern = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join("|");
    // The words are constants: this cannot fail.
    Regex::new(&pattern).unwrap_or_else(|_| unreachable!("literal alternation"))
}

/// Byline and date elements, recognised by their class or id.
fn read_class_hints(page: &mut PageScan, el: ElementRef<'_>, class_id: &str) {
    if class_id.is_empty() {
        return;
    }
    let is_byline = BYLINE_CLASS.is_match(class_id);
    let is_date = DATE_CLASS.is_match(class_id) && !NOT_DATE_CLASS.is_match(class_id);
    if !is_byline && !is_date {
        return;
    }
    if class_id.contains("comment") || in_chrome(page, el) || inside_class(el, "comment") {
        return;
    }
    let text = text_of(el);
    if text.is_empty() || text.chars().count() > MAX_BYLINE {
        return;
    }
    if is_byline
        && page.bylines.len() < MAX_CANDIDATES
        && !class_id.contains("avatar")
        && !class_id.contains("bio")
    {
        page.bylines.push(text.clone());
    }
    if is_date && page.date_texts.len() < MAX_CANDIDATES {
        page.date_texts.push(text);
    }
}

fn class_id(el: ElementRef<'_>) -> String {
    let (class, id) = (el.value().attr("class"), el.value().attr("id"));
    if class.is_none() && id.is_none() {
        return String::new();
    }
    let (class, id) = (class.unwrap_or(""), id.unwrap_or(""));
    format!("{class} {id}").trim().to_lowercase()
}

fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_whitespace().any(|t| t.eq_ignore_ascii_case(token)))
}

/// The element's text, whitespace collapsed, clipped to [`MAX_TEXT`] chars.
/// Words from adjacent elements are kept apart.
fn text_of(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    for piece in el.text() {
        raw.push_str(piece);
        raw.push(' ');
        if raw.len() > MAX_TEXT * 4 {
            break;
        }
    }
    let text = crate::normalize::collapse_whitespace(&raw);
    if text.chars().count() <= MAX_TEXT {
        return text;
    }
    text.chars().take(MAX_TEXT).collect()
}

/// Whether an ancestor is one of `tags`.
fn inside(el: ElementRef<'_>, tags: &[&str]) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| tags.contains(&a.value().name()))
}

fn inside_class(el: ElementRef<'_>, word: &str) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .take(12)
        .any(|a| class_id(a).contains(word))
}

/// An element's region, from its parent's (the walk is top-down, so the
/// parent's is known) and its own tag, role and class.
fn region_of(page: &PageScan, el: ElementRef<'_>, class_id: &str) -> Region {
    let parent = el
        .parent()
        .and_then(|p| page.regions.get(&p.id()).copied())
        .unwrap_or_default();
    let name = el.value().name();
    match name {
        "body" | "html" => return Region::default(),
        "article" | "main" => {
            return Region {
                nearest: Marker::Article,
                in_footer: false,
            }
        }
        // An `<aside>` inside the article is its own side column (author,
        // date), unless its class says otherwise (checked below).
        "aside" if parent.nearest == Marker::Article => {}
        "nav" | "aside" => {
            return Region {
                nearest: Marker::Chrome,
                ..parent
            }
        }
        "footer" => {
            return Region {
                in_footer: true,
                ..parent
            }
        }
        _ => {}
    }
    let role = el
        .value()
        .attr("role")
        .is_some_and(|r| r == "navigation" || r == "complementary");
    if role || class_id.split_whitespace().any(is_chrome_token) {
        return Region {
            nearest: Marker::Chrome,
            ..parent
        };
    }
    parent
}

/// Inside navigation, a page footer, an aside, or a related/recommended
/// block. A `<footer>` inside the article is the article's own (bylines and
/// dates live there); `<body>` and `<html>` classes describe the whole page.
fn in_chrome(page: &PageScan, el: ElementRef<'_>) -> bool {
    let Some(region) = page.regions.get(&el.id()) else {
        return false;
    };
    match region.nearest {
        Marker::Chrome => true,
        Marker::Article => false,
        Marker::Undecided => region.in_footer,
    }
}

/// Whether one class or id token names a non-article block: the word alone,
/// or as the first or last part (`related-posts`, `site-sidebar`), not buried
/// in the middle of a utility class (`story-sidebar-mode`).
fn is_chrome_token(token: &str) -> bool {
    CHROME_CLASSES.iter().any(|w| {
        token == *w
            || token
                .strip_prefix(w)
                .is_some_and(|r| r.starts_with(['-', '_']))
            || token
                .strip_suffix(w)
                .is_some_and(|r| r.ends_with(['-', '_']))
    })
}

/// Class or id words of blocks that are not the article.
const CHROME_CLASSES: &[&str] = &[
    "related",
    "recommend",
    "sidebar",
    "most-popular",
    "mostpopular",
    "teaser",
    "site-footer",
    "promo",
    "widget",
];

/// Inside an `<article>`, `<main>`, a page `<header>`, or an element with
/// `itemprop=articleBody` or a class naming the article.
fn in_article(el: ElementRef<'_>) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(a.value().name(), "article" | "main")
            || a.value()
                .attr("role")
                .is_some_and(|r| r == "main" || r == "article")
            || a.value()
                .attr("itemtype")
                .is_some_and(|t| t.contains("Article") || t.contains("Posting"))
    })
}
