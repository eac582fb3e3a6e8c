//! One walk over the page's arena ([`Dom`]), gathering every raw value the metadata
//! reader may want: `<meta>` pairs, `<title>`, `<html lang>`, `<base>`,
//! canonical and image links, `<h1>`s, `<time>`s, microdata authors and dates,
//! and byline-like elements. Bounded: texts are clipped and lists capped.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHasher;

use crate::dom::{AttrName, Dom, Name, NodeIndex};
use crate::lexicon::LEXICON;

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
    /// Pictures that may be portraits, outside navigation and footers: the
    /// `alt` text lower-cased, with [`PORTRAIT_CLASS`] added when the class says
    /// avatar or author, and the text position the picture stands before.
    pub pictures: Vec<(String, usize)>,
    /// The texts right after "Written by" (or its like) standing alone,
    /// outside tables and chrome: the name, in a link or an element of its
    /// own.
    pub credited: Vec<String>,
    /// The title of the first RSS or Atom feed the page links to.
    pub feed_title: Option<String>,
    /// The text of the first link to the site's home page (`href="/"` or a
    /// bare origin) before the first `<h1>`: the site's brand in its header.
    pub home_link: Option<String>,
    /// The text of the last element that states a copyright ("© 2025
    /// Jane Doe. All rights reserved."), wherever it stands: the site's
    /// notice sits at the foot of the page, below any photo credits.
    pub copyright: Option<String>,
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
    /// Author boxes: elements whose class says byline/author but whose text
    /// is too long for a byline (a name over a bio, "Written by" over a
    /// name and a blurb). Each holds the box's first few short texts.
    pub author_boxes: Vec<Vec<String>>,
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
    /// Which region (article, chrome) each node is in, indexed like
    /// [`Dom::nodes`]; filled top-down.
    regions: Vec<Region>,
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
pub fn scan(dom: &Dom) -> PageScan {
    let mut page = PageScan::default();
    let Some(root) = dom.html_element() else {
        return page;
    };
    page.html_lang = attr(dom, root, AttrName::Lang).or_else(|| attr(dom, root, AttrName::XmlLang));
    page.regions = vec![Region::default(); dom.nodes.len()];
    // Whether an ancestor (not the node itself) marks the article.
    let mut below_article = vec![false; dom.nodes.len()];
    let mut text_count = 0usize;
    // The element of the last copyright notice, read once the walk is done.
    let mut copyright_at = None;
    // A credit label ("Written by") seen, waiting for the name after it.
    let mut credit_pending = false;
    // Pages repeat the same class strings many times over: each distinct
    // one is read once.
    let mut seen: HashMap<&str, ClassHints, BuildHasherDefault<FxHasher>> = HashMap::default();
    for i in root..dom.nodes[root].end {
        let parent = dom.nodes[i].parent;
        if parent != i {
            below_article[i] = below_article[parent] || marks_article(dom, parent);
        }
        if let Some(text) = dom.text(i) {
            text_count += 1;
            keep_short_text(&mut page, dom, i, text, text_count);
            if credit_pending && !text.trim().is_empty() {
                credit_pending = false;
                read_credited(&mut page, text);
            }
            if is_credit_label(text) && credits_here(&page, dom, i) {
                credit_pending = true;
            }
            if text.contains('©') || text.contains("opyright") {
                copyright_at = Some(dom.nodes[i].parent);
            }
            continue;
        }
        let class_id = dom.class_id(i);
        let hints = if class_id.is_empty() {
            ClassHints::default()
        } else {
            *seen
                .entry(class_id)
                .or_insert_with(|| ClassHints::read(class_id))
        };
        page.regions[i] = region_of(&page, dom, i, hints);
        let h1s = page.h1s.len();
        visit(
            &mut page,
            dom,
            i,
            class_id,
            hints,
            below_article[i],
            text_count,
        );
        if page.h1s.len() > h1s {
            // The position its first text will have.
            page.h1_at.push(text_count + 1);
        }
    }
    page.copyright = copyright_at.map(|at| text_of(dom, at));
    page
}

/// Text nodes longer than this (chars) are prose, not dates or bylines.
const MAX_SHORT_TEXT: usize = 120;
/// At most this many short texts are kept.
const MAX_SHORT_TEXTS: usize = 20_000;

fn keep_short_text(page: &mut PageScan, dom: &Dom, i: NodeIndex, text: &str, at: usize) {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_SHORT_TEXT * 4 || page.texts.len() >= MAX_SHORT_TEXTS {
        return;
    }
    let parent = dom.nodes[i].parent;
    let Some(name) = dom.name(parent).filter(|_| parent != 0) else {
        return;
    };
    if matches!(name, Name::Title | Name::Option | Name::Button) || in_chrome(page, parent) {
        return;
    }
    let text = crate::normalize::collapse_whitespace(text);
    if text.is_empty() || text.chars().count() > MAX_SHORT_TEXT {
        return;
    }
    page.texts.push((at, text));
}

/// An attribute's value, trimmed, if not empty.
fn attr(dom: &Dom, i: NodeIndex, name: AttrName) -> Option<String> {
    dom.attr(i, name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

fn visit(
    page: &mut PageScan,
    dom: &Dom,
    i: NodeIndex,
    class_id: &str,
    hints: ClassHints,
    in_article: bool,
    at: usize,
) {
    let Some(name) = dom.name(i) else {
        return;
    };
    match name {
        Name::Meta => return read_meta(page, dom, i),
        Name::Title if page.title.is_none() && !inside(dom, i, &[Name::Svg, Name::Body]) => {
            page.title = Some(text_of(dom, i))
        }
        Name::Base if page.base_href.is_none() => page.base_href = attr(dom, i, AttrName::Href),
        Name::Link => read_link(page, dom, i),
        Name::H1 if page.h1s.len() < MAX_CANDIDATES => {
            let text = text_of(dom, i);
            if !text.is_empty() && !in_chrome(page, i) {
                page.h1s.push((text, in_article));
            }
        }
        Name::Img if page.pictures.len() < MAX_PICTURES && !in_chrome(page, i) => {
            read_picture(page, dom, i, class_id, at)
        }
        Name::Time if page.times.len() < MAX_CANDIDATES && !in_chrome(page, i) => {
            let value = attr(dom, i, AttrName::Datetime).unwrap_or_else(|| text_of(dom, i));
            let marked = dom.attr(i, AttrName::Pubdate).is_some()
                || itemprop(dom, i).is_some_and(|p| p.contains("datepublished"));
            page.times.push((value, in_article, marked));
        }
        _ => {}
    }
    read_itemprop(page, dom, i);
    if name == Name::A
        && has_token(dom.attr(i, AttrName::Rel), "author")
        && page.bylines.len() < MAX_CANDIDATES
        && !in_chrome(page, i)
    {
        page.bylines.push(text_of(dom, i));
    }
    if name == Name::A && page.author_links.len() < MAX_CANDIDATES && !in_chrome(page, i) {
        read_author_link(page, dom, i, at);
    }
    if name == Name::A && page.home_link.is_none() && page.h1s.is_empty() && links_home(dom, i) {
        page.home_link = Some(text_of(dom, i)).filter(|t| !t.is_empty());
    }
    read_class_hints(page, dom, i, class_id, hints);
}

/// Path segments of author pages (`author_dirs` in [`crate::lexicon`]).
static AUTHOR_DIRS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.author_dirs).collect());

fn read_author_link(page: &mut PageScan, dom: &Dom, i: NodeIndex, at: usize) {
    let Some(href) = dom.attr(i, AttrName::Href) else {
        return;
    };
    let path = href.split(['?', '#']).next().unwrap_or(href);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(slug) = segments
        .iter()
        .position(|s| AUTHOR_DIRS.contains(&s.to_ascii_lowercase().as_str()))
        .and_then(|k| segments.get(k + 1))
    else {
        return;
    };
    let slug = (*slug).to_string();
    let name = Some(text_of(dom, i))
        .filter(|t| !t.is_empty())
        .or_else(|| attr(dom, i, AttrName::AriaLabel))
        .or_else(|| attr(dom, i, AttrName::Title))
        .or_else(|| {
            (i + 1..dom.nodes[i].end)
                .find(|&d| dom.name(d) == Some(Name::Img))
                .and_then(|img| attr(dom, img, AttrName::Alt))
        });
    if let Some(name) = name {
        page.author_links.push((name, slug, at));
    }
}

/// Whether a link goes to the site's home page: `/`, or an origin with no path.
fn links_home(dom: &Dom, i: NodeIndex) -> bool {
    let Some(href) = dom.attr(i, AttrName::Href).map(str::trim) else {
        return false;
    };
    if href == "/" {
        return true;
    }
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))
        .or_else(|| href.strip_prefix("//"));
    rest.is_some_and(|r| !r.trim_end_matches('/').contains('/') && !r.contains(['?', '#']))
}

fn read_meta(page: &mut PageScan, dom: &Dom, i: NodeIndex) {
    let Some(content) = dom
        .attr(i, AttrName::Content)
        .or_else(|| dom.attr(i, AttrName::Value))
    else {
        return;
    };
    for key_attr in [
        AttrName::Property,
        AttrName::Name,
        AttrName::Itemprop,
        AttrName::HttpEquiv,
    ] {
        let Some(keys) = dom.attr(i, key_attr) else {
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

/// Whether a text is a credit label ("Written by", "WRITTEN BY"): one of
/// the leads [`super::EXPLICIT_LEADS`] knows, in any case.
fn is_credit_label(text: &str) -> bool {
    let text = text.trim();
    text.len() <= 20
        && super::EXPLICIT_LEADS
            .iter()
            .any(|lead| text.eq_ignore_ascii_case(lead.trim_end()))
}

/// Whether a credit label at text node `i` may credit the page: it opens
/// its element (not "… a short story written by <a>…</a>" mid-sentence),
/// which is not a table's cell (a "Written by" column) or chrome.
fn credits_here(page: &PageScan, dom: &Dom, i: NodeIndex) -> bool {
    let parent = dom.nodes[i].parent;
    let in_table = matches!(dom.name(parent), Some(Name::Td | Name::Th));
    let opens = (parent + 1..i).all(|d| dom.text(d).is_none_or(|t| t.trim().is_empty()));
    opens && !in_table && !in_chrome(page, parent) && page.credited.len() < MAX_CANDIDATES
}

/// The text after a credit label, when it is short enough for a name.
fn read_credited(page: &mut PageScan, text: &str) {
    let text = crate::normalize::collapse_whitespace(text);
    if text.chars().count() <= MAX_SHORT_TEXT {
        page.credited.push(text);
    }
}

/// What [`PageScan::pictures`] adds to the `alt` of a picture whose class
/// says it is an avatar or an author's.
pub const PORTRAIT_CLASS: &str = " [portrait class]";

/// At most this many pictures are kept.
const MAX_PICTURES: usize = 300;

fn read_picture(page: &mut PageScan, dom: &Dom, i: NodeIndex, class_id: &str, at: usize) {
    let mut key = dom
        .attr(i, AttrName::Alt)
        .map(str::trim)
        .filter(|a| a.len() <= 120)
        .map(str::to_lowercase)
        .unwrap_or_default();
    if ["avatar", "author", "headshot"]
        .iter()
        .any(|w| class_id.contains(w))
    {
        key.push_str(PORTRAIT_CLASS);
    } else if inside(dom, i, &[Name::Figure]) {
        // A figure illustrates the story: its picture, captioned with a
        // name, is of the story's subject.
        return;
    }
    if !key.trim().is_empty() {
        page.pictures.push((key, at));
    }
}

fn read_link(page: &mut PageScan, dom: &Dom, i: NodeIndex) {
    let rel = dom.attr(i, AttrName::Rel);
    let href = attr(dom, i, AttrName::Href);
    if has_token(rel, "canonical") && page.canonical.is_none() {
        page.canonical = href;
    } else if has_token(rel, "image_src") && page.image_src.is_none() {
        page.image_src = href;
    } else if has_token(rel, "alternate") && page.feed_title.is_none() {
        // Feeds by their address ("/feed/", "/rss.xml", "atom.xml"); other
        // alternates are translations and embeds.
        let feed = href.as_deref().is_some_and(|h| {
            let h = h.to_ascii_lowercase();
            ["feed", "rss", "atom"].iter().any(|w| h.contains(w)) && !h.contains("oembed")
        });
        if feed {
            page.feed_title = attr(dom, i, AttrName::Title);
        }
    } else if has_token(rel, "author") && page.bylines.len() < MAX_CANDIDATES {
        // `<link rel=author>` points to a profile; only its title attribute is a name.
        if let Some(title) = attr(dom, i, AttrName::Title) {
            page.bylines.push(title);
        }
    }
}

fn itemprop(dom: &Dom, i: NodeIndex) -> Option<String> {
    dom.attr(i, AttrName::Itemprop).map(str::to_lowercase)
}

fn read_itemprop(page: &mut PageScan, dom: &Dom, i: NodeIndex) {
    let Some(prop) = itemprop(dom, i) else { return };
    let props: Vec<&str> = prop.split_whitespace().collect();
    if props.iter().any(|p| matches!(*p, "author" | "creator"))
        && page.bylines.len() < MAX_CANDIDATES
        && !in_chrome(page, i)
    {
        let name = (i..dom.nodes[i].end)
            .find(|&d| {
                dom.attr(d, AttrName::Itemprop)
                    .is_some_and(|p| p.to_lowercase() == "name")
            })
            .map(|d| attr(dom, d, AttrName::Content).unwrap_or_else(|| text_of(dom, d)))
            .unwrap_or_else(|| attr(dom, i, AttrName::Content).unwrap_or_else(|| text_of(dom, i)));
        page.bylines.push(name);
    }
    if props.contains(&"datepublished") && page.item_dates.len() < MAX_CANDIDATES {
        let value = attr(dom, i, AttrName::Datetime)
            .or_else(|| attr(dom, i, AttrName::Content))
            .unwrap_or_else(|| text_of(dom, i));
        page.item_dates.push(value);
    }
}

/// Whether a byline-like class token names another part of the byline
/// block by its last word (`byline__tag`, `author-avatar`): the section's
/// tag or a picture, not the name.
fn names_other_part(token: &str) -> bool {
    const PARTS: &[&str] = &[
        "tag",
        "tags",
        "category",
        "categories",
        "section",
        "topic",
        "topics",
        "avatar",
        "image",
        "img",
        "photo",
        "share",
        "social",
        "icon",
    ];
    token
        .rsplit(['-', '_'])
        .next()
        .is_some_and(|last| last != token && PARTS.contains(&last))
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

/// What an element's class and id say to the metadata reader.
#[derive(Debug, Clone, Copy, Default)]
struct ClassHints {
    /// A token names a non-article block ([`is_chrome_token`]).
    chrome: bool,
    byline: bool,
    date: bool,
}

impl ClassHints {
    fn read(class_id: &str) -> ClassHints {
        ClassHints {
            // "widget-span blog-content": a layout cell that
            // says it holds the article is not chrome.
            chrome: class_id.split_whitespace().any(is_chrome_token)
                && !class_id.split_whitespace().any(is_content_token),
            byline: BYLINE_CLASS.is_match(class_id)
                && class_id
                    .split_whitespace()
                    .any(|t| BYLINE_CLASS.is_match(t) && !names_other_part(t)),
            date: DATE_CLASS.is_match(class_id) && !NOT_DATE_CLASS.is_match(class_id),
        }
    }
}

/// Byline and date elements, recognised by their class or id.
fn read_class_hints(
    page: &mut PageScan,
    dom: &Dom,
    i: NodeIndex,
    class_id: &str,
    hints: ClassHints,
) {
    let (is_byline, is_date) = (hints.byline, hints.date);
    if !is_byline && !is_date {
        return;
    }
    if class_id.contains("comment") || in_chrome(page, i) || inside_class(dom, i, "comment") {
        return;
    }
    let text = text_of(dom, i);
    if text.chars().count() > MAX_BYLINE && is_date && page.date_texts.len() < MAX_CANDIDATES {
        // "Posted on May 4, 2023" followed by the tags: the first piece.
        if let Some(first) = first_text(dom, i).filter(|t| t.chars().count() <= MAX_DATE_PIECE) {
            page.date_texts.push(first);
        }
    }
    if is_byline && text.chars().count() > MAX_BYLINE && is_box_sized(dom, i) {
        let lead = leading_texts(dom, i);
        // Nested boxes ("author-box" around "author-text") lead the same way.
        if !lead.is_empty()
            && page.author_boxes.last() != Some(&lead)
            && page.author_boxes.len() < MAX_CANDIDATES
        {
            page.author_boxes.push(lead);
        }
    }
    if text.is_empty() || text.chars().count() > MAX_BYLINE {
        return;
    }
    if is_byline
        && page.bylines.len() < MAX_CANDIDATES
        && !class_id.contains("avatar")
        && !class_id.contains("bio")
    {
        let names = text_outside_parts(dom, i);
        if !names.is_empty() && names.chars().count() <= MAX_BYLINE {
            page.bylines.push(names);
        }
    }
    if is_date && page.date_texts.len() < MAX_CANDIDATES {
        page.date_texts.push(text);
    }
}

fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_whitespace().any(|t| t.eq_ignore_ascii_case(token)))
}

/// The element's text, whitespace collapsed, clipped to [`MAX_TEXT`] chars.
/// Words from adjacent elements are kept apart.
fn text_of(dom: &Dom, i: NodeIndex) -> String {
    let text = text_except(dom, i, |_| false);
    if text.chars().count() <= MAX_TEXT {
        return text;
    }
    text.chars().take(MAX_TEXT).collect()
}

/// A byline's text without what its parts marked as something else hold
/// (`<span class="byline__tag">Lifestyle</span>`, a category or the share
/// buttons): what is left is the names, if any.
fn text_outside_parts(dom: &Dom, i: NodeIndex) -> String {
    text_except(dom, i, |d| {
        dom.class_id(d).split_whitespace().any(names_other_part)
    })
}

/// The text of element `i` outside the descendant elements `skip` says
/// to leave out, whitespace collapsed; reading stops after about
/// [`MAX_TEXT`] × 4 bytes.
fn text_except(dom: &Dom, i: NodeIndex, skip: impl Fn(NodeIndex) -> bool) -> String {
    let mut raw = String::new();
    let mut d = i;
    while d < dom.nodes[i].end {
        if let Some(piece) = dom.text(d) {
            raw.push_str(piece);
            raw.push(' ');
            if raw.len() > MAX_TEXT * 4 {
                break;
            }
        } else if d != i && skip(d) {
            d = dom.nodes[d].end.max(d + 1);
            continue;
        }
        d += 1;
    }
    crate::normalize::collapse_whitespace(&raw)
}

/// The first non-empty text inside element `i`, whitespace collapsed.
fn first_text(dom: &Dom, i: NodeIndex) -> Option<String> {
    (i..dom.nodes[i].end)
        .filter_map(|d| dom.text(d))
        .map(crate::normalize::collapse_whitespace)
        .find(|t| !t.is_empty())
}

/// Whether a byline-classed element is small enough to be an author box,
/// not a page, an article or a list of teasers whose class happens to name
/// a writer (`<body class="... author-jane">`).
fn is_box_sized(dom: &Dom, i: NodeIndex) -> bool {
    let whole = matches!(
        dom.name(i),
        Some(Name::Html | Name::Body | Name::Article | Name::Main)
    );
    !whole && dom.nodes[i].end - i <= MAX_BOX_NODES
}

/// An author box has a name, a picture, a blurb and a few links: a few
/// dozen nodes, not hundreds.
const MAX_BOX_NODES: usize = 150;

/// How many texts at the head of an author box are looked at.
const BOX_LEAD_TEXTS: usize = 3;

/// The first few non-empty texts inside element `i`, whitespace collapsed;
/// the head of an author box, where its name is.
fn leading_texts(dom: &Dom, i: NodeIndex) -> Vec<String> {
    (i..dom.nodes[i].end)
        .filter_map(|d| dom.text(d))
        .map(crate::normalize::collapse_whitespace)
        .filter(|t| !t.is_empty())
        .take(BOX_LEAD_TEXTS)
        .collect()
}

/// The longest first piece of a long date element that is still read as a date.
const MAX_DATE_PIECE: usize = 80;

/// The ancestors of `i`, nearest first, up to the `<html>` element.
fn ancestors(dom: &Dom, i: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
    let mut at = i;
    std::iter::from_fn(move || {
        let parent = dom.nodes[at].parent;
        if parent == at || parent == 0 {
            return None;
        }
        at = parent;
        Some(parent)
    })
}

/// Whether an ancestor is one of `names`.
fn inside(dom: &Dom, i: NodeIndex, names: &[Name]) -> bool {
    ancestors(dom, i).any(|a| dom.name(a).is_some_and(|n| names.contains(&n)))
}

fn inside_class(dom: &Dom, i: NodeIndex, word: &str) -> bool {
    ancestors(dom, i)
        .take(12)
        .any(|a| dom.class_id(a).contains(word))
}

/// An element's region, from its parent's (the walk is top-down, so the
/// parent's is known) and its own tag, role and class.
fn region_of(page: &PageScan, dom: &Dom, i: NodeIndex, hints: ClassHints) -> Region {
    let parent = page.regions[dom.nodes[i].parent];
    match dom.name(i) {
        Some(Name::Body | Name::Html) => return Region::default(),
        Some(Name::Article | Name::Main) => {
            return Region {
                nearest: Marker::Article,
                in_footer: false,
            }
        }
        // An `<aside>` inside the article is its own side column (author,
        // date), unless its class says otherwise (checked below).
        Some(Name::Aside) if parent.nearest == Marker::Article => {}
        Some(Name::Nav | Name::Aside) => {
            return Region {
                nearest: Marker::Chrome,
                ..parent
            }
        }
        Some(Name::Footer) => {
            return Region {
                in_footer: true,
                ..parent
            }
        }
        _ => {}
    }
    let role = dom
        .attr(i, AttrName::Role)
        .is_some_and(|r| r == "navigation" || r == "complementary");
    if role || hints.chrome {
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
fn in_chrome(page: &PageScan, i: NodeIndex) -> bool {
    let Some(region) = page.regions.get(i) else {
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
    // "template-sidebar", "has-sidebar", "with-related": the page's layout,
    // said on the element that holds the article.
    let layout = token.contains("template")
        || ["has-", "has_", "with-", "with_", "no-", "no_"]
            .iter()
            .any(|p| token.starts_with(p));
    if is_clock_token(token) {
        return true;
    }
    // HubSpot's grid ("widget-span", "widget-type-blog_content") wraps every
    // cell of the page, the article's too: only what it holds says chrome.
    if let Some(kind) = token
        .strip_prefix("widget-type")
        .or_else(|| token.strip_prefix("widget-span"))
    {
        return CHROME_CLASSES
            .iter()
            .any(|w| *w != "widget" && kind.contains(w));
    }
    !layout
        && !is_own_sidebar(token)
        && CHROME_CLASSES.iter().any(|w| {
            token == *w
            || token
                .strip_prefix(w)
                .is_some_and(|r| r.starts_with(['-', '_']))
            // "elementor-widget": a page builder's wrapper around
            // everything, not a sidebar widget.
            || (*w != "widget"
                && token
                    .strip_suffix(w)
                    .is_some_and(|r| r.ends_with(['-', '_'])))
        })
}

/// Whether a class or id token names the site's clock (`todays-date`,
/// `current-date`, `date-today`): a masthead showing the day the page was
/// served, which is no date of the article's.
fn is_clock_token(token: &str) -> bool {
    let says = |word: &str| {
        token
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    // Nearly every token says neither: no allocation for them.
    if !says("today") && !says("current") {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['-', '_']).collect();
    let now = words.iter().any(|w| {
        matches!(
            *w,
            "today" | "todays" | "current" | "currentdate" | "todaysdate"
        )
    });
    now && (words.len() == 1 && words[0] != "current"
        || words
            .iter()
            .any(|w| w.contains("date") || *w == "time" || *w == "day"))
}

/// Whether a sidebar token names the post it stands beside
/// (`single-post-sidebar`, `article-sidebar`): the article's own side
/// column, with its date and author, not the site's (`site-sidebar`,
/// `blog-sidebar`, `sidebar-right`).
fn is_own_sidebar(token: &str) -> bool {
    token
        .strip_suffix("sidebar")
        .filter(|head| head.ends_with(['-', '_']))
        .is_some_and(|head| {
            head.split(['-', '_'])
                .any(|w| matches!(w, "post" | "article" | "entry" | "story"))
        })
}

/// Whether one class or id token names the article's own container
/// (`blog_content`, `post-body`, `main-content`) and nothing else.
fn is_content_token(token: &str) -> bool {
    let token = token.to_ascii_lowercase();
    let container = ["content", "body", "article"].iter().any(|w| {
        token
            .strip_suffix(w)
            .is_some_and(|r| r.ends_with(['-', '_']) && r.len() > 1)
    });
    container && !CHROME_CLASSES.iter().any(|w| token.contains(w))
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

/// Whether an element marks the article: `<article>`, `<main>`, a `role` of
/// main or article, or an `itemtype` of an article or posting. Elements
/// below one are "inside the article".
fn marks_article(dom: &Dom, i: NodeIndex) -> bool {
    if matches!(dom.name(i), Some(Name::Article | Name::Main)) {
        return true;
    }
    if dom
        .attr(i, AttrName::Role)
        .is_some_and(|r| r == "main" || r == "article")
    {
        return true;
    }
    dom.attr(i, AttrName::Itemtype)
        .is_some_and(|t| t.contains("Article") || t.contains("Posting"))
}
