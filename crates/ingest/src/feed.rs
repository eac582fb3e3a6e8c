//! Reading feeds and sitemaps into lists of article URLs.
//!
//! One parser for what news sites publish to say "here are our articles":
//! RSS 0.9x and 2.0, RSS 1.0 / 0.90 (RDF), Atom 1.0 (and 0.3), JSON Feed 1.x,
//! sitemaps (`urlset`), sitemap indexes (`sitemapindex`, whose entries are
//! child sitemaps) and Google News sitemaps (`news:news`, which carry a title,
//! a publication date and a language per article). [`parse_feed`] tells them
//! apart by the document's root, and [`sniff_feed`] answers "is this a feed at
//! all?" from the first bytes, for deciding what a file or URL holds.
//!
//! Bounds and safety: gzip'ed sitemaps (`.xml.gz`) are inflated through a cap
//! ([`MAX_FEED_BYTES`]), so a gzip bomb costs at most that; at most
//! [`MAX_FEED_ENTRIES`] entries are kept (the sitemap protocol's own limit),
//! with a warning; XML is parsed by `quick-xml`, which never expands a DTD, and
//! entity references other than XML's five, character references and a few
//! HTML names common in feeds are kept as written, so a billion-laughs
//! document is read as the short text it is. A malformed document keeps the
//! entries read before the error, with a warning.
//!
//! Entries' URLs are resolved against `xml:base` or the feed's own address,
//! and only http(s) URLs are kept; dates become RFC 3339 in UTC (a bare date
//! stays `YYYY-MM-DD`); anything dropped is counted in [`Feed::warnings`].

use std::io::Read;

use flate2::bufread::MultiGzDecoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use serde_json::Value;
use url::Url;

use crate::capture::{clip, normalize_timestamp};
use crate::read::{human_size, read_bounded};

/// The most entries kept from one document (the sitemap protocol's limit).
pub const MAX_FEED_ENTRIES: usize = 50_000;

/// The most bytes of a document read after gzip decompression.
pub const MAX_FEED_BYTES: u64 = 64 * 1024 * 1024;

/// The longest text kept from one element (a title, a URL, a date).
const MAX_FIELD_CHARS: usize = 16 * 1024;

/// What kind of document a feed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// RSS 0.91, 0.92, 2.0.
    Rss,
    /// RSS 1.0 or 0.90 (RDF).
    Rdf,
    /// Atom 1.0 (or 0.3).
    Atom,
    /// JSON Feed 1.0 or 1.1.
    JsonFeed,
    /// A sitemap (`urlset`) of pages.
    Sitemap,
    /// A Google News sitemap: a `urlset` whose URLs carry `news:news`.
    NewsSitemap,
    /// A sitemap index: the entries are child sitemaps, not pages.
    SitemapIndex,
}

/// A parsed feed or sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// Which of the formats it is.
    pub kind: FeedKind,
    /// The feed's own title (RSS channel, Atom feed, JSON Feed); `None` for sitemaps.
    pub title: Option<String>,
    /// Articles, in document order; child sitemaps for a sitemap index.
    pub entries: Vec<FeedEntry>,
    /// What was dropped or repaired: entries over the cap, entries without a
    /// usable URL, unreadable dates, a malformed tail.
    pub warnings: Vec<String>,
}

/// One article (or, in a sitemap index, one child sitemap).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedEntry {
    /// Absolute http(s) URL.
    pub url: String,
    /// The entry's title, when the feed gives one.
    pub title: Option<String>,
    /// When it was published (RSS `pubDate`, `dc:date`, Atom `published`,
    /// `news:publication_date`, JSON Feed `date_published`): RFC 3339 UTC, or
    /// `YYYY-MM-DD` when only a date is given.
    pub published: Option<String>,
    /// When it last changed (Atom `updated`, sitemap `lastmod`, JSON Feed
    /// `date_modified`), in the same form.
    pub updated: Option<String>,
    /// The entry's language, or the feed's when the entry has none.
    pub language: Option<String>,
}

/// Why bytes could not be read as a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Readable, but not a feed or sitemap (HTML, other XML, other JSON).
    #[error("not a feed or sitemap: {0}")]
    NotAFeed(String),
    /// Broken before anything of a feed could be read.
    #[error("malformed feed: {0}")]
    Malformed(String),
    /// A `.gz` feed that does not decompress.
    #[error("corrupt gzip data: {0}")]
    Gzip(String),
}

/// Parses RSS, Atom, JSON Feed or a sitemap (plain or gzip). `base` is the
/// document's own address, for relative URLs.
pub fn parse_feed(bytes: &[u8], base: Option<&Url>) -> Result<Feed, FeedError> {
    let mut warnings = Vec::new();
    let inflated;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        inflated = gunzip(bytes, &mut warnings)?;
        &inflated[..]
    } else {
        bytes
    };
    let text = decode_text(bytes);
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.is_empty() {
        return Err(FeedError::NotAFeed("the document is empty".into()));
    }
    let mut feed = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        parse_json_feed(trimmed, base)?
    } else if trimmed.starts_with('<') {
        if starts_with_ignore_case(trimmed, "<!doctype html")
            || starts_with_ignore_case(trimmed, "<html")
        {
            return Err(html_error());
        }
        parse_xml_feed(trimmed, base)?
    } else {
        return Err(FeedError::NotAFeed(format!(
            "it starts with `{}`, not with `<` or `{{`",
            clip(trimmed.lines().next().unwrap_or(""), 40)
        )));
    };
    warnings.append(&mut feed.warnings);
    feed.warnings = warnings;
    Ok(feed)
}

/// Whether bytes (plain or gzip) look like a feed or sitemap: JSON with a
/// JSON Feed version, or XML whose root is `rss`, `RDF`, `feed`, `urlset` or
/// `sitemapindex`. Looks at the first 8 KiB only.
pub fn sniff_feed(bytes: &[u8]) -> bool {
    const HEAD: usize = 8 * 1024;
    let mut head = Vec::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let decoder = MultiGzDecoder::new(bytes);
        // A short or broken stream still gives its first bytes.
        let _ = decoder.take(HEAD as u64).read_to_end(&mut head);
    } else {
        head.extend_from_slice(&bytes[..bytes.len().min(HEAD)]);
    }
    let text = decode_text(&head);
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with('{') {
        return trimmed.contains("jsonfeed.org/version");
    }
    if !trimmed.starts_with('<') {
        return false;
    }
    let mut reader = NsReader::from_str(trimmed);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.local_name();
                return root_kind(name.as_ref()).is_some();
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

fn html_error() -> FeedError {
    FeedError::NotAFeed(
        "this is an HTML page; look in its <head> for a <link rel=\"alternate\"> to its feed"
            .into(),
    )
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// Inflates a gzip'ed document through [`MAX_FEED_BYTES`].
fn gunzip(bytes: &[u8], warnings: &mut Vec<String>) -> Result<Vec<u8>, FeedError> {
    let mut out = Vec::new();
    match read_bounded(MultiGzDecoder::new(bytes), MAX_FEED_BYTES, &mut out) {
        Ok(true) => warnings.push(format!(
            "the document inflates to more than {}; only the first {} were read",
            human_size(MAX_FEED_BYTES),
            human_size(MAX_FEED_BYTES)
        )),
        Ok(false) => {}
        Err(e) if out.is_empty() => return Err(FeedError::Gzip(e.to_string())),
        Err(e) => warnings.push(format!(
            "the gzip data is damaged ({e}); read what came before"
        )),
    }
    Ok(out)
}

/// Bytes to text: by BOM, else by the XML declaration's encoding, else UTF-8
/// (invalid sequences replaced).
fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let encoding = declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8);
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The `encoding` of an `<?xml ...?>` declaration at the start.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(head, b"?>")?;
    let decl = String::from_utf8_lossy(&head[..end]);
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    // A UTF-16 label without a BOM on ASCII-looking bytes is a mislabel.
    (encoding != encoding_rs::UTF_16LE && encoding != encoding_rs::UTF_16BE).then_some(encoding)
}

/// The kind a root element names.
fn root_kind(local: &[u8]) -> Option<FeedKind> {
    Some(match local {
        b"rss" => FeedKind::Rss,
        b"RDF" => FeedKind::Rdf,
        b"feed" => FeedKind::Atom,
        b"urlset" => FeedKind::Sitemap,
        b"sitemapindex" => FeedKind::SitemapIndex,
        _ => return None,
    })
}

/// Which vocabulary an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No namespace, or the feed format's own (RSS, Atom, RSS 1.0, sitemaps, RDF).
    Core,
    /// Atom elements inside RSS (`atom:link`).
    Atom,
    /// Dublin Core (`dc:date`, `dc:language`), DC terms.
    Dc,
    /// Google News sitemaps (`news:`).
    News,
    /// Anything else (media:, image:, content:, xhtml:...): ignored.
    Other,
}

fn classify(resolved: &ResolveResult<'_>, root_ns: Option<&[u8]>, in_rss: bool) -> Ns {
    let uri: &[u8] = match resolved {
        ResolveResult::Unbound => return Ns::Core,
        ResolveResult::Bound(ns) => ns.as_ref(),
        // An undeclared prefix: go by the usual prefixes.
        ResolveResult::Unknown(prefix) => {
            return match prefix.as_slice() {
                b"dc" | b"dcterms" => Ns::Dc,
                b"news" => Ns::News,
                b"atom" => Ns::Atom,
                _ => Ns::Other,
            }
        }
    };
    let text = String::from_utf8_lossy(uri).to_ascii_lowercase();
    let text = text.trim_end_matches('/');
    if text.starts_with("http://purl.org/dc/") {
        return Ns::Dc;
    }
    if text.contains("google.com/schemas/sitemap-news") {
        return Ns::News;
    }
    let atom = text == "http://www.w3.org/2005/atom" || text == "http://purl.org/atom/ns#";
    if atom {
        return if in_rss { Ns::Atom } else { Ns::Core };
    }
    if Some(uri) == root_ns
        || text == "http://purl.org/rss/1.0"
        || text == "http://my.netscape.com/rdf/simple/0.9"
        || text == "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        || text.contains("sitemaps.org/schemas/sitemap")
        || text.contains("google.com/schemas/sitemap/")
    {
        return Ns::Core;
    }
    Ns::Other
}

/// Which field an element's text goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    FeedTitle,
    FeedLanguage,
    Title,
    Link,
    Guid,
    Published,
    Updated,
    Language,
    NewsTitle,
    NewsPublished,
    NewsLanguage,
}

/// An entry being read.
#[derive(Debug, Default)]
struct Draft {
    depth: usize,
    link: Option<String>,
    guid: Option<String>,
    /// Atom links: (rel, type, href).
    links: Vec<(String, String, String)>,
    title: Option<String>,
    title_is_html: bool,
    published: Option<String>,
    updated: Option<String>,
    language: Option<String>,
    news: bool,
    news_title: Option<String>,
    news_published: Option<String>,
    news_language: Option<String>,
    base: Option<Url>,
}

/// Collects the entries and counts what was dropped.
struct Builder<'a> {
    kind: FeedKind,
    base: Option<Url>,
    title: Option<String>,
    language: Option<String>,
    entries: Vec<FeedEntry>,
    warnings: Vec<String>,
    no_url: usize,
    first_bad_url: Option<String>,
    bad_dates: usize,
    over_cap: bool,
    doc_base: Option<&'a Url>,
}

impl Builder<'_> {
    fn full(&self) -> bool {
        self.entries.len() >= MAX_FEED_ENTRIES
    }

    fn date(&mut self, raw: Option<String>) -> Option<String> {
        let raw = raw?;
        let normal = normalize_timestamp(&raw);
        if normal.is_none() {
            self.bad_dates += 1;
        }
        normal
    }

    fn push(&mut self, url: Option<String>, base: Option<&Url>, mut entry: FeedEntry) {
        if self.full() {
            self.over_cap = true;
            return;
        }
        let base = base.or(self.base.as_ref()).or(self.doc_base);
        match url.as_deref().map(|u| resolve(u, base)) {
            Some(Ok(url)) => {
                entry.url = url;
                if entry.language.is_none() {
                    entry.language.clone_from(&self.language);
                }
                self.entries.push(entry);
            }
            Some(Err(_)) | None => {
                self.no_url += 1;
                if self.first_bad_url.is_none() {
                    self.first_bad_url = url;
                }
            }
        }
    }

    fn finish(mut self) -> Feed {
        if self.over_cap {
            self.warnings.push(format!(
                "the document has more than {MAX_FEED_ENTRIES} entries; only the first {MAX_FEED_ENTRIES} were read"
            ));
        }
        if self.no_url > 0 {
            let example = self
                .first_bad_url
                .as_deref()
                .map(|u| format!(" (e.g. `{}`)", clip(u, 80)))
                .unwrap_or_default();
            self.warnings.push(format!(
                "{} entries without a usable http(s) URL were dropped{example}",
                self.no_url
            ));
        }
        if self.bad_dates > 0 {
            self.warnings.push(format!(
                "{} dates could not be read and were left out",
                self.bad_dates
            ));
        }
        Feed {
            kind: self.kind,
            title: self.title,
            entries: self.entries,
            warnings: self.warnings,
        }
    }
}

/// An absolute http(s) URL from `raw`, resolved against `base` if relative.
fn resolve(raw: &str, base: Option<&Url>) -> Result<String, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(());
    }
    let url = match Url::parse(raw) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            base.ok_or(())?.join(raw).map_err(|_| ())?
        }
        Err(_) => return Err(()),
    };
    match url.scheme() {
        "http" | "https" => Ok(url.into()),
        _ => Err(()),
    }
}

fn parse_xml_feed(text: &str, doc_base: Option<&Url>) -> Result<Feed, FeedError> {
    let mut reader = NsReader::from_str(text);
    {
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.allow_dangling_amp = true;
    }
    let mut builder: Option<Builder> = None;
    // Per open element: its namespace class and local name.
    let mut stack: Vec<(Ns, String)> = Vec::new();
    let mut root_ns: Option<Vec<u8>> = None;
    let mut draft: Option<Draft> = None;
    // The field being captured, the depth of its element, and its text.
    let mut capture: Option<(Field, usize, String)> = None;
    loop {
        let event = reader.read_resolved_event();
        let (resolved, event) = match event {
            Ok(pair) => pair,
            Err(e) => {
                let position = reader.buffer_position();
                return match builder {
                    Some(mut b) => {
                        if let (Some(d), false) = (draft.take(), b.full()) {
                            finish_entry(&mut b, d);
                        }
                        b.warnings.push(format!(
                            "the XML is malformed at byte {position} ({e}); entries after that were not read"
                        ));
                        Ok(b.finish())
                    }
                    None => Err(FeedError::Malformed(format!("at byte {position}: {e}"))),
                };
            }
        };
        let (element, empty) = match event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::Text(t) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    push_text(buf, &String::from_utf8_lossy(t.as_ref()));
                }
                (None, false)
            }
            Event::CData(t) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    push_text(buf, &String::from_utf8_lossy(t.as_ref()));
                }
                (None, false)
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    push_text(buf, &resolve_entity(&name));
                }
                (None, false)
            }
            Event::End(_) => {
                end_element(&mut stack, &mut capture, &mut draft, builder.as_mut());
                if builder.as_ref().is_some_and(|b| b.over_cap) {
                    break;
                }
                (None, false)
            }
            Event::Eof => break,
            // Declarations, comments, processing instructions, and the DTD
            // (never expanded) carry nothing for us.
            _ => (None, false),
        };
        let Some(element) = element else { continue };
        let local = String::from_utf8_lossy(element.local_name().as_ref()).into_owned();
        if stack.is_empty() && builder.is_none() {
            let Some(kind) = root_kind(local.as_bytes()) else {
                if local.eq_ignore_ascii_case("html") {
                    return Err(html_error());
                }
                return Err(FeedError::NotAFeed(format!(
                    "an XML document whose root is <{}>",
                    clip(&String::from_utf8_lossy(element.name().as_ref()), 40)
                )));
            };
            if let ResolveResult::Bound(ns) = &resolved {
                root_ns = Some(ns.as_ref().to_vec());
            }
            let base = attribute(&element, b"xml:base").and_then(|b| resolve(&b, doc_base).ok());
            let language = attribute(&element, b"xml:lang").filter(|l| !l.trim().is_empty());
            builder = Some(Builder {
                kind,
                base: base.and_then(|b| Url::parse(&b).ok()),
                title: None,
                language,
                entries: Vec::new(),
                warnings: Vec::new(),
                no_url: 0,
                first_bad_url: None,
                bad_dates: 0,
                over_cap: false,
                doc_base,
            });
        }
        let Some(b) = builder.as_mut() else { continue };
        let in_rss = matches!(b.kind, FeedKind::Rss | FeedKind::Rdf);
        let ns = classify(&resolved, root_ns.as_deref(), in_rss);
        let depth = stack.len();
        stack.push((ns, local.clone()));
        if capture.is_none() {
            start_element(
                b,
                &element,
                ns,
                &local,
                depth,
                &stack,
                &mut draft,
                &mut capture,
            );
        }
        if empty {
            end_element(&mut stack, &mut capture, &mut draft, builder.as_mut());
            if builder.as_ref().is_some_and(|b| b.over_cap) {
                break;
            }
        }
    }
    match builder {
        Some(mut b) => {
            if let Some(d) = draft.take() {
                finish_entry(&mut b, d);
            }
            Ok(b.finish())
        }
        None => Err(FeedError::NotAFeed(
            "the document has no root element".into(),
        )),
    }
}

/// Appends text to a field, up to [`MAX_FIELD_CHARS`].
fn push_text(buf: &mut String, text: &str) {
    let room = MAX_FIELD_CHARS.saturating_sub(buf.len());
    if room == 0 {
        return;
    }
    if text.len() <= room {
        buf.push_str(text);
    } else {
        let mut cut = room;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        buf.push_str(&text[..cut]);
    }
}

/// An entity reference's text: XML's five, character references, and a few
/// HTML names common in feeds; anything else (a DTD's own entities
/// included) is kept as written, never expanded.
fn resolve_entity(name: &str) -> String {
    let known = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "copy" => "©",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        if let Some(c) = code.and_then(char::from_u32) {
            return c.to_string();
        }
    }
    format!("&{name};")
}

/// An attribute's value by its qualified name, entity references resolved
/// the same lenient way as text.
fn attribute(element: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| unescape_lenient(&String::from_utf8_lossy(&a.value)))
}

/// Resolves `&name;` references in an attribute's raw value.
fn unescape_lenient(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        match tail.find(';').filter(|&end| end <= 32) {
            Some(end) => {
                out.push_str(&resolve_entity(&tail[..end]));
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Handles an opening tag: starts an entry, reads link attributes, or starts
/// capturing a field's text.
#[allow(clippy::too_many_arguments)]
fn start_element(
    b: &mut Builder<'_>,
    element: &BytesStart<'_>,
    ns: Ns,
    local: &str,
    depth: usize,
    stack: &[(Ns, String)],
    draft: &mut Option<Draft>,
    capture: &mut Option<(Field, usize, String)>,
) {
    let parent = depth.checked_sub(1).and_then(|p| stack.get(p));
    let begin = |field: Field, capture: &mut Option<(Field, usize, String)>| {
        *capture = Some((field, depth, String::new()));
    };
    match draft.as_mut() {
        None => {
            let is_entry = ns == Ns::Core
                && match b.kind {
                    FeedKind::Rss | FeedKind::Rdf => local == "item",
                    FeedKind::Atom => local == "entry",
                    FeedKind::Sitemap | FeedKind::NewsSitemap => local == "url" && depth == 1,
                    FeedKind::SitemapIndex => local == "sitemap" && depth == 1,
                    FeedKind::JsonFeed => false,
                };
            if is_entry {
                let base = attribute(element, b"xml:base")
                    .and_then(|u| resolve(&u, b.base.as_ref().or(b.doc_base)).ok())
                    .and_then(|u| Url::parse(&u).ok());
                *draft = Some(Draft {
                    depth,
                    language: attribute(element, b"xml:lang").filter(|l| !l.trim().is_empty()),
                    base,
                    ..Draft::default()
                });
                return;
            }
            // Feed-level fields: children of the RSS channel or the Atom feed.
            let at_channel = match b.kind {
                FeedKind::Rss | FeedKind::Rdf => parent.is_some_and(|(_, n)| n == "channel"),
                FeedKind::Atom => depth == 1,
                _ => false,
            };
            if at_channel {
                match (ns, local) {
                    (Ns::Core, "title") if b.title.is_none() => begin(Field::FeedTitle, capture),
                    (Ns::Core, "language") | (Ns::Dc, "language") if b.language.is_none() => {
                        begin(Field::FeedLanguage, capture)
                    }
                    _ => {}
                }
            }
        }
        Some(d) => {
            if ns == Ns::News {
                match local {
                    "title" => begin(Field::NewsTitle, capture),
                    "publication_date" => begin(Field::NewsPublished, capture),
                    "language" => begin(Field::NewsLanguage, capture),
                    "news" => d.news = true,
                    _ => {}
                }
                return;
            }
            if depth != d.depth + 1 {
                return;
            }
            match (b.kind, ns, local) {
                (FeedKind::Atom, Ns::Core, "link")
                | (FeedKind::Rss | FeedKind::Rdf, Ns::Atom, "link") => {
                    if let Some(href) = attribute(element, b"href") {
                        let rel = attribute(element, b"rel").unwrap_or_else(|| "alternate".into());
                        let kind = attribute(element, b"type").unwrap_or_default();
                        d.links.push((rel, kind, href));
                    }
                }
                (_, Ns::Core, "link") | (_, Ns::Core, "loc") => begin(Field::Link, capture),
                (_, Ns::Core, "guid") => {
                    let permalink = attribute(element, b"isPermaLink")
                        .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
                    if permalink {
                        begin(Field::Guid, capture);
                    }
                }
                (_, Ns::Core, "title") => {
                    d.title_is_html = b.kind == FeedKind::Atom
                        && attribute(element, b"type").is_some_and(|t| t.trim() == "html");
                    begin(Field::Title, capture);
                }
                (_, Ns::Core, "pubDate" | "published" | "issued") | (_, Ns::Dc, "date") => {
                    begin(Field::Published, capture)
                }
                (_, Ns::Core, "updated" | "modified" | "lastmod") | (_, Ns::Dc, "modified") => {
                    begin(Field::Updated, capture)
                }
                (_, Ns::Core | Ns::Dc, "language") => begin(Field::Language, capture),
                _ => {}
            }
        }
    }
}

/// Handles a closing tag: ends a captured field or an entry.
fn end_element(
    stack: &mut Vec<(Ns, String)>,
    capture: &mut Option<(Field, usize, String)>,
    draft: &mut Option<Draft>,
    builder: Option<&mut Builder<'_>>,
) {
    let Some(b) = builder else {
        stack.pop();
        return;
    };
    let depth = stack.len().saturating_sub(1);
    stack.pop();
    if capture.as_ref().is_some_and(|(_, at, _)| *at >= depth) {
        if let Some((field, _, text)) = capture.take() {
            store(b, draft.as_mut(), field, text);
        }
    }
    if draft.as_ref().is_some_and(|d| d.depth >= depth) {
        if let Some(d) = draft.take() {
            finish_entry(b, d);
        }
    }
}

fn store(b: &mut Builder<'_>, draft: Option<&mut Draft>, field: Field, text: String) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return;
    }
    let slot = match (field, draft) {
        (Field::FeedTitle, _) => &mut b.title,
        (Field::FeedLanguage, _) => &mut b.language,
        (_, None) => return,
        (Field::Title, Some(d)) => &mut d.title,
        (Field::Link, Some(d)) => &mut d.link,
        (Field::Guid, Some(d)) => &mut d.guid,
        (Field::Published, Some(d)) => &mut d.published,
        (Field::Updated, Some(d)) => &mut d.updated,
        (Field::Language, Some(d)) => &mut d.language,
        (Field::NewsTitle, Some(d)) => &mut d.news_title,
        (Field::NewsPublished, Some(d)) => &mut d.news_published,
        (Field::NewsLanguage, Some(d)) => &mut d.news_language,
    };
    if slot.is_none() {
        *slot = Some(text);
    }
}

/// Turns a finished entry into a [`FeedEntry`] (or a dropped-entry count).
fn finish_entry(b: &mut Builder<'_>, d: Draft) {
    if d.news && b.kind == FeedKind::Sitemap {
        b.kind = FeedKind::NewsSitemap;
    }
    let url = d.link.or_else(|| pick_link(&d.links)).or_else(|| {
        d.guid
            .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
    });
    let mut title = d.news_title.or(d.title);
    if d.title_is_html {
        title = title.map(|t| strip_tags(&t)).filter(|t| !t.is_empty());
    }
    let published = b.date(d.news_published.or(d.published));
    let updated = b.date(d.updated);
    let entry = FeedEntry {
        url: String::new(),
        title,
        published,
        updated,
        language: d.news_language.or(d.language),
    };
    b.push(url, d.base.as_ref(), entry);
}

/// The Atom link to an entry's page: `rel="alternate"` (the default),
/// preferring an HTML type; else the first link.
fn pick_link(links: &[(String, String, String)]) -> Option<String> {
    let alternate = |l: &&(String, String, String)| l.0.trim().eq_ignore_ascii_case("alternate");
    links
        .iter()
        .filter(alternate)
        .find(|l| l.1.is_empty() || l.1.contains("html"))
        .or_else(|| links.iter().find(alternate))
        .or_else(|| links.first())
        .map(|l| l.2.clone())
}

/// Text of an HTML fragment (an Atom `type="html"` title): tags dropped,
/// the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = unescape_lenient(&out);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_json_feed(text: &str, doc_base: Option<&Url>) -> Result<Feed, FeedError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| FeedError::Malformed(format!("not valid JSON: {e}")))?;
    let is_json_feed = value
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.contains("jsonfeed.org/version"));
    if !is_json_feed {
        return Err(FeedError::NotAFeed(
            "JSON, but not a JSON Feed (no `version` naming jsonfeed.org)".into(),
        ));
    }
    let string = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let feed_url = string(&value, "feed_url").and_then(|u| Url::parse(&u).ok());
    let mut builder = Builder {
        kind: FeedKind::JsonFeed,
        base: None,
        title: string(&value, "title"),
        language: string(&value, "language"),
        entries: Vec::new(),
        warnings: Vec::new(),
        no_url: 0,
        first_bad_url: None,
        bad_dates: 0,
        over_cap: false,
        doc_base: doc_base.or(feed_url.as_ref()),
    };
    let items = value
        .get("items")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for item in items {
        if builder.full() {
            builder.over_cap = true;
            break;
        }
        let url = string(item, "url").or_else(|| string(item, "external_url"));
        let published = string(item, "date_published");
        let updated = string(item, "date_modified");
        let entry = FeedEntry {
            url: String::new(),
            title: string(item, "title"),
            published: builder.date(published),
            updated: builder.date(updated),
            language: string(item, "language"),
        };
        builder.push(url, None, entry);
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Feed {
        parse_feed(text.as_bytes(), None).expect("a feed")
    }

    #[test]
    fn rss_2_items() {
        let feed = parse(
            r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Daily &amp; News</title><language>en-gb</language>
<image><title>logo</title><url>http://a.example/logo.png</url></image>
<item><title>First &#8220;story&#8221;</title><link>http://a.example/1</link>
  <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><media:title>not this</media:title></item>
<item><title><![CDATA[Second <b>story</b>]]></title><guid>https://a.example/2</guid><dc:date>2003-06-11T09:30:00+02:00</dc:date></item>
<item><title>No link</title><guid isPermaLink="false">https://a.example/3</guid></item>
</channel></rss>"#,
        );
        assert_eq!(feed.kind, FeedKind::Rss);
        assert_eq!(feed.title.as_deref(), Some("Daily & News"));
        assert_eq!(feed.entries.len(), 2);
        let first = &feed.entries[0];
        assert_eq!(first.url, "http://a.example/1");
        assert_eq!(first.title.as_deref(), Some("First “story”"));
        assert_eq!(first.published.as_deref(), Some("2003-06-10T04:00:00Z"));
        assert_eq!(first.language.as_deref(), Some("en-gb"));
        assert_eq!(
            feed.entries[1].title.as_deref(),
            Some("Second <b>story</b>")
        );
        assert_eq!(
            feed.entries[1].published.as_deref(),
            Some("2003-06-11T07:30:00Z")
        );
        assert!(feed
            .warnings
            .iter()
            .any(|w| w.starts_with("1 entries without")));
    }

    #[test]
    fn rss_1_rdf_items() {
        let feed = parse(
            r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://a.example/"><title>RDF site</title><dc:language>ru</dc:language></channel>
<item rdf:about="http://a.example/1"><title>Один</title><link>http://a.example/1</link><dc:date>2024-01-02T03:04:05Z</dc:date></item>
</rdf:RDF>"#,
        );
        assert_eq!(feed.kind, FeedKind::Rdf);
        assert_eq!(feed.title.as_deref(), Some("RDF site"));
        assert_eq!(feed.entries.len(), 1);
        assert_eq!(feed.entries[0].language.as_deref(), Some("ru"));
        assert_eq!(
            feed.entries[0].published.as_deref(),
            Some("2024-01-02T03:04:05Z")
        );
    }

    #[test]
    fn atom_entries_with_relative_links() {
        let base = Url::parse("https://b.example/news/feed.atom").expect("a URL");
        let feed = parse_feed(
            br#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title type="text">B News</title>
<entry><title type="html">&lt;i&gt;Eins&lt;/i&gt; &amp;amp; zwei</title>
  <link rel="edit" href="/edit/1"/><link rel="alternate" type="text/html" href="articles/1"/>
  <published>2024-03-01T10:00:00+01:00</published><updated>2024-03-02T10:00:00Z</updated>
  <source><title>other feed</title></source></entry>
<entry xml:lang="fr"><title>Deux</title><link href="https://b.example/2"/></entry>
</feed>"#,
            Some(&base),
        )
        .expect("a feed");
        assert_eq!(feed.kind, FeedKind::Atom);
        assert_eq!(feed.title.as_deref(), Some("B News"));
        let first = &feed.entries[0];
        assert_eq!(first.url, "https://b.example/news/articles/1");
        assert_eq!(first.title.as_deref(), Some("Eins & zwei"));
        assert_eq!(first.published.as_deref(), Some("2024-03-01T09:00:00Z"));
        assert_eq!(first.updated.as_deref(), Some("2024-03-02T10:00:00Z"));
        assert_eq!(first.language.as_deref(), Some("de"));
        assert_eq!(feed.entries[1].language.as_deref(), Some("fr"));
    }

    #[test]
    fn json_feed_items() {
        let feed = parse(
            r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "language": "en",
                "items": [{"id": "1", "url": "https://j.example/1", "title": "One", "date_published": "2024-05-01T00:00:00Z"},
                          {"id": "2", "external_url": "https://elsewhere.example/2"},
                          {"id": "3", "content_text": "no url"}]}"#,
        );
        assert_eq!(feed.kind, FeedKind::JsonFeed);
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(
            feed.entries[0].published.as_deref(),
            Some("2024-05-01T00:00:00Z")
        );
        assert_eq!(feed.entries[1].url, "https://elsewhere.example/2");
        assert_eq!(feed.entries[1].language.as_deref(), Some("en"));
        assert!(matches!(
            parse_feed(br#"{"a": 1}"#, None),
            Err(FeedError::NotAFeed(_))
        ));
    }

    #[test]
    fn sitemaps_indexes_and_news_sitemaps() {
        let feed = parse(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://s.example/a</loc><lastmod>2005-01-01</lastmod><image:image><image:loc>https://s.example/i.png</image:loc></image:image></url>
<url><loc> https://s.example/b </loc></url></urlset>"#,
        );
        assert_eq!(feed.kind, FeedKind::Sitemap);
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(feed.entries[0].url, "https://s.example/a");
        assert_eq!(feed.entries[0].updated.as_deref(), Some("2005-01-01"));
        assert_eq!(feed.entries[1].url, "https://s.example/b");

        let index = parse(
            r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/sitemap1.xml.gz</loc><lastmod>2004-10-01T18:23:17+00:00</lastmod></sitemap>
<sitemap><loc>https://s.example/sitemap2.xml</loc></sitemap></sitemapindex>"#,
        );
        assert_eq!(index.kind, FeedKind::SitemapIndex);
        assert_eq!(index.entries.len(), 2);
        assert_eq!(index.entries[0].url, "https://s.example/sitemap1.xml.gz");
        assert_eq!(
            index.entries[0].updated.as_deref(),
            Some("2004-10-01T18:23:17Z")
        );

        let news = parse(
            r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://n.example/business/article55.html</loc>
 <news:news><news:publication><news:name>The Example Times</news:name><news:language>en</news:language></news:publication>
  <news:publication_date>2008-12-23T11:30:00-05:00</news:publication_date><news:title>Companies A, B in Merger Talks</news:title></news:news></url>
</urlset>"#,
        );
        assert_eq!(news.kind, FeedKind::NewsSitemap);
        let entry = &news.entries[0];
        assert_eq!(
            entry.title.as_deref(),
            Some("Companies A, B in Merger Talks")
        );
        assert_eq!(entry.published.as_deref(), Some("2008-12-23T16:30:00Z"));
        assert_eq!(entry.language.as_deref(), Some("en"));
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut doc =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
        doc.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for i in 2..10 {
            let prev = format!("&lol{};", i - 1).repeat(10);
            doc.push_str(&format!("<!ENTITY lol{i} \"{prev}\">\n"));
        }
        doc.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>");
        doc.push_str(
            "<item><title>&lol9;</title><link>http://a.example/1</link></item></channel></rss>",
        );
        let started = std::time::Instant::now();
        let feed = parse(&doc);
        assert!(started.elapsed().as_secs() < 2);
        assert_eq!(feed.title.as_deref(), Some("&lol9;"));
        assert_eq!(feed.entries[0].title.as_deref(), Some("&lol9;"));
    }

    #[test]
    fn html_is_not_a_feed() {
        for page in [
            "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
            "  <html><body><p>hi</p></body></html>",
        ] {
            match parse_feed(page.as_bytes(), None) {
                Err(FeedError::NotAFeed(why)) => assert!(why.contains("HTML"), "{why}"),
                other => panic!("{other:?}"),
            }
            assert!(!sniff_feed(page.as_bytes()));
        }
        assert!(matches!(
            parse_feed(b"<config><a/></config>", None),
            Err(FeedError::NotAFeed(_))
        ));
        assert!(matches!(parse_feed(b"", None), Err(FeedError::NotAFeed(_))));
    }

    #[test]
    fn gzip_sitemaps_and_gzip_bombs() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://g.example/1</loc></url></urlset>")
            .expect("in memory");
        let packed = encoder.finish().expect("in memory");
        assert!(sniff_feed(&packed));
        assert_eq!(
            parse_feed(&packed, None).expect("a sitemap").entries.len(),
            1
        );

        // A sitemap that inflates to 1 GiB of whitespace: read through the cap.
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://g.example/1</loc></url>")
            .expect("in memory");
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..1024 {
            encoder.write_all(&spaces).expect("in memory");
        }
        let bomb = encoder.finish().expect("in memory");
        let feed = parse_feed(&bomb, None).expect("the part before the cap");
        assert_eq!(feed.entries.len(), 1);
        assert!(feed
            .warnings
            .iter()
            .any(|w| w.contains("inflates to more than")));
    }

    #[test]
    fn entries_are_capped() {
        let mut doc =
            String::from("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for i in 0..MAX_FEED_ENTRIES + 10 {
            doc.push_str(&format!("<url><loc>https://c.example/{i}</loc></url>"));
        }
        doc.push_str("</urlset>");
        let feed = parse(&doc);
        assert_eq!(feed.entries.len(), MAX_FEED_ENTRIES);
        assert!(feed.warnings.iter().any(|w| w.contains("more than 50000")));
    }

    #[test]
    fn sniffing_tells_feeds_from_other_things() {
        assert!(sniff_feed(
            b"<?xml version='1.0'?><!-- c --><rss version='2.0'>"
        ));
        assert!(sniff_feed(
            b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>"
        ));
        assert!(sniff_feed(b"<sitemapindex>"));
        assert!(sniff_feed(
            br#"{"version": "https://jsonfeed.org/version/1", "items": []}"#
        ));
        assert!(!sniff_feed(b"{\"url\": \"x\"}"));
        assert!(!sniff_feed(b"WARC/1.0\r\n"));
        assert!(!sniff_feed(b"<svg></svg>"));
    }

    #[test]
    fn a_malformed_tail_keeps_what_came_before() {
        let feed = parse(
            "<rss><channel><item><link>http://a.example/1</link></item><item><link>http://a.example/2</link></item><item><title>x</ti",
        );
        assert_eq!(feed.entries.len(), 2);
    }

    #[test]
    fn windows_1251_feeds_are_decoded() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><item><title>Новости</title><link>http://r.example/1</link></item></channel></rss>",
        );
        let feed = parse_feed(&bytes, None).expect("a feed");
        assert_eq!(feed.entries[0].title.as_deref(), Some("Новости"));
    }
}
