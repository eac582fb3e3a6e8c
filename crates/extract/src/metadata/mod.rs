//! Page metadata: title, authors, dates, site name, description, image, tags,
//! canonical URL and the markup's language, from JSON-LD, OpenGraph, Twitter
//! cards, `<meta>`, microdata, `<time>`, bylines in the page and dates in URLs.
//!
//! Every fact has an ordered list of sources, most trustworthy first; the first
//! source that yields a clean value wins, and nothing is invented: a fact no
//! source gives stays empty. The page is walked once ([`scan::scan`]); the
//! submodules turn raw values into clean ones:
//! - [`jsonld`] parses structured data leniently,
//! - [`dates`] normalises dates to ISO 8601,
//! - [`authors`] turns bylines into person names,
//! - [`title`] picks and cleans the headline.

mod authors;
mod dates;
mod escapes;
mod jsonld;
mod owner;
mod published;
mod scan;
mod title;

use std::borrow::Cow;
use std::sync::LazyLock;

use url::Url;

use crate::dom::Dom;
use crate::lexicon::{lead_prefix, LEXICON};
use crate::normalize::collapse_whitespace;
use authors::{
    clean_authors, credited_authors, credits_someone_else, is_desk, is_handle, is_url,
    looks_like_person, same_person, surname_first, Origin,
};
use dates::normalize_date;
use escapes::decode_entities;
use jsonld::LdFacts;
use scan::{PageScan, PORTRAIT_CLASS};
use title::{choose_title, TitleCandidates};

/// What the page says about itself, before the body is looked at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMetadata {
    /// The page's address: the caller's, else the canonical one.
    pub url: Option<String>,
    /// `<link rel=canonical>`, else `og:url`, made absolute.
    pub canonical_url: Option<String>,
    /// The headline, without the site's name.
    pub title: Option<String>,
    /// The people who wrote it, cleaned of "By", dates and the site's name.
    pub authors: Vec<String>,
    /// When it was published (ISO 8601).
    pub published: Option<String>,
    /// When it was last changed (ISO 8601).
    pub modified: Option<String>,
    /// The language the markup declares (`<html lang>`, `og:locale`, `inLanguage`), as ISO 639-1.
    pub language: Option<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// The page's own summary.
    pub description: Option<String>,
    /// The lead image's address.
    pub image: Option<String>,
    /// The publisher's tags or keywords.
    pub tags: Vec<String>,
    /// JSON-LD `articleBody`, when present: a hint for the body, not the truth.
    pub article_body: Option<String>,
}

/// At most this many tags are kept.
const MAX_TAGS: usize = 50;
/// At most this many authors are kept.
const MAX_AUTHORS: usize = 12;

/// Reads the page's metadata. `json_ld` holds the raw contents of every
/// `<script type="application/ld+json">` (the prescan removed them from `doc`).
pub fn page_metadata(doc: &Dom, json_ld: &[String], page_url: Option<&Url>) -> PageMetadata {
    let page = scan::scan(doc);
    let ld = jsonld::read(&with_meta_json_ld(json_ld, &page));
    let base = base_url(&page, page_url);
    let canonical = page
        .canonical
        .as_deref()
        .or(page.meta("og:url"))
        .and_then(|u| absolute(u, base.as_ref()));
    let url = page_url.map(Url::to_string).or_else(|| canonical.clone());
    let site_name = site_name(&page, &ld);
    let site = site_name.as_deref();
    let title = title(&page, &ld, site);
    let anchor = headline_position(&page, title.as_deref());
    let near_at = near_headline(&page, anchor);
    let near: Vec<&str> = near_at.iter().map(|&i| page.texts[i].1.as_str()).collect();
    let dated_at = nearest_first(&page, &near_at, anchor);
    let dated: Vec<&str> = dated_at.iter().map(|&i| page.texts[i].1.as_str()).collect();
    let updates: Vec<bool> = dated_at.iter().map(|&i| says_updated(&page, i)).collect();
    let modified = first_date([ld.modified.as_deref(), page.meta_any(MODIFIED_KEYS)]);
    let authors = find_authors(&page, &ld, site, &near, anchor);
    let beside = beside_byline(&page, &authors);
    PageMetadata {
        published: published::published(
            &page,
            &ld,
            url.as_deref(),
            published::Near {
                texts: &dated,
                updates: &updates,
                beside_byline: &beside,
            },
            modified.as_deref(),
        ),
        authors,
        modified,
        title,
        language: language(&page, &ld),
        description: first_text([
            page.meta("og:description"),
            page.meta("description"),
            page.meta("twitter:description"),
            ld.description.as_deref(),
            page.meta("dc.description"),
        ])
        .map(|d| decode_entities(&d)),
        image: first_text([
            page.meta("og:image"),
            page.meta("og:image:url"),
            page.meta("twitter:image"),
            page.meta("twitter:image:src"),
            ld.image.as_deref(),
            page.image_src.as_deref(),
        ])
        .and_then(|i| absolute(&i, base.as_ref())),
        tags: tags(&page, &ld),
        article_body: ld
            .body
            .as_deref()
            .map(collapse_whitespace)
            .filter(|b| !b.is_empty()),
        canonical_url: canonical,
        url,
        site_name,
    }
}

/// The page's JSON-LD blocks, and any a framework wrote into a `<meta>`
/// (`<meta name="script:ld+json" content="{…}">`) instead of a `<script>`.
/// Borrowed as they are on the pages that have none such (nearly all).
fn with_meta_json_ld<'a>(json_ld: &'a [String], page: &PageScan) -> Cow<'a, [String]> {
    let mut in_metas = page
        .metas
        .iter()
        .filter(|(k, v)| k.ends_with("ld+json") && v.trim_start().starts_with(['{', '[']))
        .map(|(_, v)| v.clone())
        .peekable();
    if in_metas.peek().is_none() {
        return Cow::Borrowed(json_ld);
    }
    Cow::Owned(json_ld.iter().cloned().chain(in_metas).collect())
}

/// Keys of `<meta>` elements that name the publication date, best first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish_date",
    "publish-date",
    "publishdate",
    "pubdate",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "date",
    "article:post_date",
    "cxenseparse:recs:publishtime",
    "datecreated",
    "published",
    "published-date",
    "published_date",
    "date_published",
    "publication-date",
    "pub_date",
];

/// Keys of `<meta>` elements that name the last modification.
const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "article.updated",
];

/// Keys of `<meta>` elements that name authors, best first.
const AUTHOR_KEYS: &[&str] = &[
    "dc.creator",
    "dcterms.creator",
    "author",
    "article:author",
    "og:article:author",
    "sailthru.author",
    "parsely-author",
    "article.author",
    "byl",
    "citation_author",
    "citation_authors",
    "cxenseparse:author",
    "author_name",
];

/// Keys of `<meta>` elements that hold titles, best first.
const TITLE_KEYS: &[&str] = &[
    "og:title",
    "twitter:title",
    "dc.title",
    "dcterms.title",
    "parsely-title",
    "sailthru.title",
    "title",
    "headline",
];

fn base_url(page: &PageScan, page_url: Option<&Url>) -> Option<Url> {
    let fallback = page_url.cloned().or_else(|| {
        page.canonical
            .as_deref()
            .or(page.meta("og:url"))
            .and_then(|u| Url::parse(u.trim()).ok())
    });
    match (&page.base_href, &fallback) {
        (Some(href), Some(base)) => base.join(href.trim()).ok().or(fallback),
        (Some(href), None) => Url::parse(href.trim()).ok(),
        (None, _) => fallback,
    }
}

/// `raw` made absolute against `base`; absolute URLs pass through, relative
/// ones without a base are dropped (they point nowhere).
fn absolute(raw: &str, base: Option<&Url>) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with("data:") || raw.starts_with("javascript:") {
        return None;
    }
    if let Ok(u) = Url::parse(raw) {
        return Some(u.to_string());
    }
    let base = base?;
    base.join(raw).ok().map(|u| u.to_string())
}

fn first_text<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    values
        .into_iter()
        .flatten()
        .map(collapse_whitespace)
        .find(|v| !v.is_empty())
}

fn first_date<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    values.into_iter().flatten().find_map(normalize_date)
}

fn site_name(page: &PageScan, ld: &LdFacts) -> Option<String> {
    first_text([
        page.meta("og:site_name"),
        ld.site_name.as_deref(),
        page.meta("application-name"),
        page.meta("dc.publisher"),
        page.meta("publisher"),
    ])
    .map(|s| decode_entities(&s))
    .filter(|s| s.chars().count() <= 80 && !is_url(s))
}

fn title(page: &PageScan, ld: &LdFacts, site: Option<&str>) -> Option<String> {
    let mut meta: Vec<String> = Vec::new();
    meta.extend(ld.headline.clone());
    meta.extend(
        TITLE_KEYS
            .iter()
            .filter_map(|k| page.meta(k))
            .map(str::to_string),
    );
    if ld.is_article {
        meta.extend(ld.name.clone());
    }
    let candidates = TitleCandidates {
        meta: meta.iter().map(|t| decode_entities(t)).collect(),
        document: page.title.as_deref().map(decode_entities),
        h1s: page.h1s.clone(),
    };
    choose_title(&candidates, site).filter(|t| !t.is_empty())
}

/// One place an author's name may be read from; [`AUTHOR_SOURCES`] orders them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuthorSource {
    /// JSON-LD `author` entries that are not organisations.
    LdPersons,
    /// The `<meta>` keys of [`AUTHOR_KEYS`], one source per key, in that
    /// order; `citation_*` keys hold one author per tag or a list split by
    /// semicolons, each surname first ("Doe, Jane; Roe, John").
    MetaKeys,
    /// A `<meta>` whose name is a label ("written by", "author", "by").
    LabelledMeta,
    /// Links to author pages next to the headline.
    LinkedByHeadline,
    /// Elements with a byline class, one source per element, in page order.
    Bylines,
    /// A label right by the headline with the name after it ("By:" then a name).
    LabelledByline,
    /// The one author link of the page that spells its author's name.
    SoleLinked,
    /// An author box further down ("Written by Jane Doe" above a bio, or
    /// "Author" over the name in a side column).
    CreditedText,
    /// A short text that is a whole byline ("By Jane Doe").
    ExplicitByline,
    /// A credit with the name in an element of its own ("Written by <a>Jane Doe</a>").
    CreditedElement,
    /// A box that opens with its author's name.
    AuthorBox,
    /// JSON-LD authors declared as organisations.
    LdOrganisations,
    /// Every JSON-LD author, even one that is the site itself (company
    /// blogs, personal sites named after their author).
    LdIncludingSite,
    /// `author`, `dc.creator` and `dcterms.creator` even when they name the
    /// site, one source per key.
    MetaIncludingSite,
}

/// Whether a source's names are also read for co-authors of the winner:
/// declared lists and the bylines by the headline may name co-authors the
/// winning source leaves out; bylines elsewhere may be teasers'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoAuthors {
    /// Its names may add to the winner's.
    Read,
    /// Its names count only when it wins.
    Ignored,
}

/// Every author source, most trustworthy first: the first that names a
/// person wins (see [`find_authors`]). The order is the priority; moving a
/// row changes which name wins.
const AUTHOR_SOURCES: &[(AuthorSource, CoAuthors)] = &[
    (AuthorSource::LdPersons, CoAuthors::Read),
    (AuthorSource::MetaKeys, CoAuthors::Read),
    (AuthorSource::LabelledMeta, CoAuthors::Read),
    (AuthorSource::LinkedByHeadline, CoAuthors::Read),
    (AuthorSource::Bylines, CoAuthors::Ignored),
    (AuthorSource::LabelledByline, CoAuthors::Read),
    (AuthorSource::SoleLinked, CoAuthors::Ignored),
    (AuthorSource::CreditedText, CoAuthors::Ignored),
    (AuthorSource::ExplicitByline, CoAuthors::Ignored),
    (AuthorSource::CreditedElement, CoAuthors::Ignored),
    (AuthorSource::AuthorBox, CoAuthors::Ignored),
    (AuthorSource::LdOrganisations, CoAuthors::Ignored),
    (AuthorSource::LdIncludingSite, CoAuthors::Ignored),
    (AuthorSource::MetaIncludingSite, CoAuthors::Ignored),
];

/// `<meta>` keys read again, without the site filter, by
/// [`AuthorSource::MetaIncludingSite`].
const SITE_AUTHOR_KEYS: &[&str] = &["author", "dc.creator", "dcterms.creator"];

/// What [`find_authors`] reads its sources from.
struct AuthorInputs<'a> {
    page: &'a PageScan,
    ld: &'a LdFacts,
    site: Option<&'a str>,
    near: &'a [&'a str],
    anchor: Option<usize>,
}

/// Declared names (structured data, `<meta>`), cleaned; `site` drops the
/// site's own name.
fn declared<'v>(values: impl Iterator<Item = &'v str>, site: Option<&str>) -> Vec<String> {
    values
        .filter(|v| !is_url(v))
        .flat_map(|v| clean_authors(&decode_entities(v), site, Origin::Declared))
        .collect()
}

impl AuthorSource {
    /// The names this source yields: one list, or one a key or element for
    /// [`Self::MetaKeys`], [`Self::Bylines`] and [`Self::MetaIncludingSite`].
    fn read(self, at: &AuthorInputs) -> Vec<Vec<String>> {
        let AuthorInputs {
            page,
            ld,
            site,
            near,
            anchor,
        } = *at;
        let page_texts = || {
            page.texts
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
        };
        let one = match self {
            Self::LdPersons => declared(ld.authors.iter().map(String::as_str), site),
            Self::MetaKeys => {
                return AUTHOR_KEYS
                    .iter()
                    .map(|key| meta_authors(page, key, site))
                    .collect()
            }
            Self::LabelledMeta => declared(
                page.labelled_meta(&["written by", "author", "by"])
                    .into_iter(),
                site,
            ),
            Self::LinkedByHeadline => linked_authors(page, site, anchor),
            Self::Bylines => {
                return page
                    .bylines
                    .iter()
                    .map(|b| clean_authors(&decode_entities(b), site, Origin::Page))
                    .collect()
            }
            Self::LabelledByline => labelled_byline(near, site),
            Self::SoleLinked => sole_linked_authors(page, site),
            Self::CreditedText => credited_authors(&page_texts(), site),
            Self::ExplicitByline => explicit_byline(&page_texts(), site),
            Self::CreditedElement => page
                .credited
                .iter()
                .map(|name| clean_authors(name, site, Origin::Page))
                .find(|names| !names.is_empty())
                .unwrap_or_default(),
            Self::AuthorBox => page
                .author_boxes
                .iter()
                .find_map(|b| box_author(b, site))
                .unwrap_or_default(),
            Self::LdOrganisations => declared(ld.org_authors.iter().map(String::as_str), site),
            Self::LdIncludingSite => declared(
                ld.authors.iter().chain(&ld.org_authors).map(String::as_str),
                None,
            ),
            Self::MetaIncludingSite => {
                return SITE_AUTHOR_KEYS
                    .iter()
                    .map(|key| declared(page.meta_all(key), None))
                    .collect()
            }
        };
        vec![one]
    }
}

/// The authors one `<meta>` key names.
fn meta_authors(page: &PageScan, key: &str, site: Option<&str>) -> Vec<String> {
    if !key.starts_with("citation_") {
        return declared(page.meta_all(key), site);
    }
    let names: Vec<String> = page
        .meta_all(key)
        .flat_map(|v| v.split(';'))
        .map(surname_first)
        .collect();
    declared(names.iter().map(String::as_str), site)
}

/// The page's authors: the persons named by the first source of
/// [`AUTHOR_SOURCES`] that names any, with co-authors the co-author sources
/// add; failing that a desk or organisation, then the site's owner.
fn find_authors(
    page: &PageScan,
    ld: &LdFacts,
    site: Option<&str>,
    near: &[&str],
    anchor: Option<usize>,
) -> Vec<String> {
    let inputs = AuthorInputs {
        page,
        ld,
        site,
        near,
        anchor,
    };
    let mut sources: Vec<Vec<String>> = Vec::new();
    let mut co_author_sources: Vec<usize> = Vec::new();
    for &(source, co_authors) in AUTHOR_SOURCES {
        for names in source.read(&inputs) {
            if co_authors == CoAuthors::Read {
                co_author_sources.push(sources.len());
            }
            sources.push(names);
        }
    }
    // A person named by any source beats a desk's credit ("Podium Staff")
    // from a better one, or an organisation's; the desk is kept when no one
    // is named.
    let organisation = |n: &str| ld.org_authors.iter().any(|o| o.eq_ignore_ascii_case(n));
    let persons = |s: &Vec<String>| -> Vec<String> {
        s.iter()
            .filter(|n| !is_desk(n) && !organisation(n))
            .cloned()
            .collect()
    };
    let people = sources
        .iter()
        .map(persons)
        .find(|p| !p.is_empty())
        // Looked for only when no source names anyone: a page-wide search.
        .or_else(|| Some(pictured_author(page, site, anchor)).filter(|p| !p.is_empty()));
    // An account's login ("andrew.keaveney") yields to a person's full
    // name from another source.
    let people = people.map(|p| {
        if !p.iter().all(|n| is_handle(n)) {
            return p;
        }
        let full_name = |n: &String| !is_handle(n) && n.split_whitespace().count() >= 2;
        sources
            .iter()
            .map(persons)
            .find(|q| q.iter().any(full_name))
            .unwrap_or(p)
    });
    let people = people.map(|p| {
        let bylines: Vec<Vec<String>> = co_author_sources
            .iter()
            .map(|&i| persons(&sources[i]))
            .collect();
        with_co_authors(p, &bylines)
    });
    let mut found = people
        .or_else(|| sources.into_iter().find(|s| !s.is_empty()))
        .or_else(|| owner::site_owner(site_names(page, site)).map(|o| vec![o]))
        .unwrap_or_default();
    dedup(&mut found);
    found.truncate(MAX_AUTHORS);
    found
}

/// A person's name shown right after a portrait of its bearer. Author
/// boxes without a byline class look like this, as do the avatar and name
/// beside a post's date. The picture is a portrait when its class says
/// avatar or author, or its `alt` is the name with only words for a
/// picture around it ("Jane Doe headshot"); an `alt` that is the bare name
/// counts only by the headline, since below it the picture may be of the
/// story's subject, or a painter's work, captioned with the name. The name
/// must be a person's for certain ([`owner::is_person_name`]): shops
/// picture their products the same way.
fn pictured_author(page: &PageScan, site: Option<&str>, anchor: Option<usize>) -> Vec<String> {
    let by_headline =
        |at: usize| anchor.is_some_and(|a| at + NEAR_BEFORE >= a && at <= a + DATELINE_AFTER);
    let portrait_of = |key: &str, name: &str, at: usize| {
        if key.ends_with(PORTRAIT_CLASS) {
            return true;
        }
        let Some(rest) = key.contains(name).then(|| key.replacen(name, " ", 1)) else {
            return false;
        };
        let mut others = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .peekable();
        if others.peek().is_none() {
            return by_headline(at);
        }
        others.all(|w| PORTRAIT_WORDS.contains(&w))
    };
    let portrait_before = |name: &str, at: usize| {
        let name = name.to_lowercase();
        page.pictures
            .iter()
            .filter(|(_, pic_at)| *pic_at < at && at <= pic_at + PORTRAIT_SPAN)
            .any(|(key, _)| portrait_of(key, &name, at))
    };
    page.texts
        .iter()
        .filter(|(_, t)| t.chars().count() <= 40 && owner::is_person_name(t))
        .find(|(at, t)| portrait_before(t, *at))
        .map(|(_, t)| clean_authors(t, site, Origin::Page))
        .unwrap_or_default()
}

/// How many text nodes (blank ones between tags count) after a portrait its
/// bearer's name may stand.
const PORTRAIT_SPAN: usize = 6;

/// How many text nodes after the headline its dateline and byline may stand.
const DATELINE_AFTER: usize = 40;

/// Words an `alt` may put around a name and still describe a portrait
/// (`portrait_words` in [`crate::lexicon`]).
static PORTRAIT_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.portrait_words).collect());

/// What the page calls its site, best first: the declared name, the tail
/// of its titles ("Post | Jane Doe"), its feed's title and the holder of
/// its copyright.
fn site_names<'a>(page: &'a PageScan, site: Option<&'a str>) -> Vec<&'a str> {
    let tail = |t: &'a str| {
        title::SEPARATORS
            .iter()
            .filter_map(|sep| t.rsplit_once(sep).map(|(_, tail)| tail))
            .min_by_key(|tail| tail.len())
    };
    site.into_iter()
        .chain(page.title.as_deref().and_then(tail))
        .chain(page.meta("og:title").and_then(tail))
        .chain(page.feed_title.as_deref())
        .chain(page.home_link.as_deref())
        .chain(page.copyright.as_deref().and_then(owner::copyright_holder))
        .collect()
}

/// The chosen authors, or the first byline that names each of them and
/// co-authors besides ("By Ann Lee and Bo Kim" where the metadata declares
/// only Ann Lee), in that byline's order and spelling. Each co-author must
/// look like a person's full name ([`looks_like_person`]): what follows a
/// comma in a byline is as often a job or an employer.
fn with_co_authors(chosen: Vec<String>, bylines: &[Vec<String>]) -> Vec<String> {
    let covers = |byline: &Vec<String>| {
        let is_chosen = |m: &String| chosen.iter().any(|n| same_person(n, m));
        byline.len() > chosen.len()
            && byline.len() <= MAX_AUTHORS
            && chosen
                .iter()
                .all(|n| byline.iter().any(|m| same_person(n, m)))
            && byline.iter().all(|m| is_chosen(m) || looks_like_person(m))
    };
    bylines
        .iter()
        .find(|b| covers(b))
        .cloned()
        .unwrap_or(chosen)
}

fn dedup(items: &mut Vec<String>) {
    let mut seen = Vec::new();
    items.retain(|i| {
        let key = i.to_lowercase();
        if seen.contains(&key) {
            return false;
        }
        seen.push(key);
        true
    });
}

/// Short texts near the headline, closest first: the ones after it (bylines
/// and dates mostly follow the headline), then the ones before it. Indices
/// into [`PageScan::texts`].
fn near_headline(page: &PageScan, anchor: Option<usize>) -> Vec<usize> {
    let Some(anchor) = anchor else {
        return Vec::new();
    };
    let positions = || page.texts.iter().map(|(at, _)| *at).enumerate();
    let after = positions().filter(|(_, at)| *at >= anchor && *at <= anchor + NEAR_AFTER);
    let before = positions()
        .rev()
        .filter(|(_, at)| *at < anchor && *at + NEAR_BEFORE >= anchor);
    after.chain(before).map(|(i, _)| i).collect()
}

/// The texts of [`near_headline`] in the order a date is looked for among
/// them: by distance from the headline, a text above it counting
/// [`ABOVE_WEIGHT`] times as far as one below. A dateline sits right above
/// or below the headline; the statement a fact-check quotes, or the
/// section's own date box, stands further above it, and the body's dates
/// ("Date: January 6-9") further below.
fn nearest_first(page: &PageScan, near_at: &[usize], anchor: Option<usize>) -> Vec<usize> {
    let mut order = near_at.to_vec();
    if let Some(anchor) = anchor {
        order.sort_by_key(|&i| {
            let at = page.texts[i].0;
            at.checked_sub(anchor)
                .unwrap_or_else(|| (anchor - at) * ABOVE_WEIGHT)
        });
    }
    order
}

/// How much further a text above the headline counts than one below.
const ABOVE_WEIGHT: usize = 3;

/// Short texts right around the first place the page names the author,
/// nearest first: a date usually stands beside the byline, and the byline
/// is not always near the headline (a hero banner above, the credit below).
fn beside_byline<'a>(page: &'a PageScan, authors: &[String]) -> Vec<&'a str> {
    let Some(name) = authors.first() else {
        return Vec::new();
    };
    let Some(i) = page
        .texts
        .iter()
        .position(|(_, t)| t.contains(name.as_str()))
    else {
        return Vec::new();
    };
    let at = page.texts[i].0;
    let mut around: Vec<&(usize, String)> = page
        .texts
        .iter()
        .skip(i.saturating_sub(BYLINE_SPAN))
        .take(2 * BYLINE_SPAN + 1)
        .filter(|(other, _)| other.abs_diff(at) <= BYLINE_SPAN)
        .collect();
    around.sort_by_key(|(other, _)| other.abs_diff(at));
    around.into_iter().map(|(_, t)| t.as_str()).collect()
}

/// How many text nodes from the byline a date beside it may stand.
const BYLINE_SPAN: usize = 4;

/// Whether page text `i` is an update's date: it opens by saying so
/// ("Updated May 4, 2023", not "Published May 2 · Updated May 4"), or
/// follows a short label that does ("Last updated:").
pub(super) fn says_updated(page: &PageScan, i: usize) -> bool {
    let opens_with_update = |t: &str| {
        let lower = t.to_lowercase();
        let head = lower
            .find(|c: char| c.is_ascii_digit())
            .map_or(lower.as_str(), |d| &lower[..d]);
        UPDATE_WORDS.iter().any(|w| head.contains(w))
    };
    let Some((at, text)) = page.texts.get(i) else {
        return false;
    };
    // Only a text with a date in it matters; most have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let label = i
        .checked_sub(1)
        .and_then(|j| page.texts.get(j))
        .filter(|(label_at, label)| {
            label_at + MAX_LABEL_GAP >= *at && label.chars().count() <= MAX_UPDATE_LABEL
        });
    opens_with_update(text) || label.is_some_and(|(_, l)| opens_with_update(l))
}

/// How far (text nodes) a label may stand before its date, and how long it may be.
const MAX_LABEL_GAP: usize = 2;
const MAX_UPDATE_LABEL: usize = 40;

/// Words that mark a date as the last change, not the publication
/// (`update_words` in [`crate::lexicon`]).
static UPDATE_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.update_words).collect());

/// How many text nodes after and before the headline are looked at.
const NEAR_AFTER: usize = 120;
const NEAR_BEFORE: usize = 30;

/// Where the headline is among the page's texts: the `<h1>` that is the
/// title, else the first one inside the article, else the first one.
fn headline_position(page: &PageScan, title: Option<&str>) -> Option<usize> {
    let key = title.map(title::norm).filter(|k| !k.is_empty());
    let is_title = |t: &str| key.as_deref().is_some_and(|k| title::norm(t) == k);
    let h1 = page
        .h1s
        .iter()
        .position(|(t, _)| is_title(t))
        .and_then(|i| page.h1_at.get(i).copied());
    // A headline set in another element (`<h2>`, a styled `<div>`).
    let text = || {
        page.texts
            .iter()
            .find(|(_, t)| is_title(t))
            .map(|(at, _)| *at)
    };
    let in_article = || {
        page.h1s
            .iter()
            .position(|(_, inside)| *inside)
            .and_then(|i| page.h1_at.get(i).copied())
    };
    h1.or_else(text)
        .or_else(in_article)
        .or_else(|| page.h1_at.first().copied())
        .or_else(|| page.texts.first().map(|(at, _)| *at))
}

/// "By" lines near the headline: a label alone ("Written by", "Author:")
/// followed by the name, or a short line starting with "By ".
fn labelled_byline(near: &[&str], site: Option<&str>) -> Vec<String> {
    for (i, text) in near.iter().enumerate().take(NEAR_AFTER) {
        let lower = text.to_lowercase();
        let label = lower.trim_end_matches([':', ' ']);
        if is_byline_label(label) {
            if let Some(names) = near
                .get(i + 1)
                .map(|n| clean_authors(n, site, Origin::Page))
                .filter(|n| !n.is_empty())
            {
                return names;
            }
            continue;
        }
        let starts = BYLINE_LEADS
            .iter()
            .any(|lead| text.starts_with(lead.as_str()));
        if starts && text.chars().count() <= 80 {
            let names = clean_authors(text, site, Origin::Page);
            if !names.is_empty() {
                return names;
            }
        }
    }
    Vec::new()
}

/// Names linked to their author pages (`<a href="/author/jane-doe">Jane
/// Doe</a>`) when the link's path spells the name: the first such link and
/// the ones right next to it (co-authors), not teasers further down.
fn linked_authors(page: &PageScan, site: Option<&str>, anchor: Option<usize>) -> Vec<String> {
    let near = |at: usize| anchor.is_none_or(|a| at + NEAR_BEFORE >= a && at <= a + NEAR_AFTER);
    let mut links = page
        .author_links
        .iter()
        .filter(|(_, _, at)| near(*at) && !credits_other(page, *at));
    let Some(first) = links.find(|(name, slug, _)| spells(name, slug)) else {
        return Vec::new();
    };
    let mut names = clean_authors(&first.0, site, Origin::Page);
    // Co-authors' pages may be named by a part of the name ("/author/heba").
    let co_authors = links.filter(|(name, slug, _)| spells_part(name, slug));
    for (name, _, at) in co_authors {
        if *at > first.2 + CO_AUTHOR_SPAN {
            break;
        }
        names.extend(clean_authors(name, site, Origin::Page));
    }
    names
}

/// Whether a link's text is the name its author-page path spells.
fn spells(name: &str, slug: &str) -> bool {
    !name.is_empty() && name_key(name) == name_key(slug)
}

/// Whether the text right before position `at` is a label crediting a
/// reviewer, an editor or a photographer ("Fact-checked by").
fn credits_other(page: &PageScan, at: usize) -> bool {
    let before = page.texts.partition_point(|(p, _)| *p <= at);
    before
        .checked_sub(1)
        .and_then(|i| page.texts.get(i))
        .is_some_and(|(p, t)| p + LABEL_GAP >= at && credits_someone_else(t))
}

/// How many text nodes (blank ones between tags) may stand between a label and its link.
const LABEL_GAP: usize = 2;

/// Whether an author-page path spells the link's text or a part of it of
/// at least [`MIN_SLUG_PART`] letters (a first name, a login).
fn spells_part(name: &str, slug: &str) -> bool {
    let (name, slug) = (name_key(name), name_key(slug));
    slug.chars().count() >= MIN_SLUG_PART && name.contains(&slug)
}

const MIN_SLUG_PART: usize = 3;

/// Letters and digits of a name or path segment, lower case.
fn name_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Author-page links far from the headline (a credit at the foot of the
/// article, a headline set in a hero banner): trusted only when every
/// author link on the page points to the same person or the same few
/// co-authors. Teaser lists link many different authors.
fn sole_linked_authors(page: &PageScan, site: Option<&str>) -> Vec<String> {
    let Some(first) = page.author_links.iter().find(|(n, s, _)| spells(n, s)) else {
        return Vec::new();
    };
    let cluster: Vec<&(String, String, usize)> = page
        .author_links
        .iter()
        .filter(|(n, s, at)| spells(n, s) && *at >= first.2 && *at <= first.2 + CO_AUTHOR_SPAN)
        .collect();
    let in_cluster = |slug: &str| cluster.iter().any(|(_, s, _)| s == slug);
    if !page.author_links.iter().all(|(_, s, _)| in_cluster(s)) {
        return Vec::new();
    }
    cluster
        .iter()
        .flat_map(|(name, _, _)| clean_authors(name, site, Origin::Page))
        .collect()
}

/// How many text nodes apart co-authors' links may be.
const CO_AUTHOR_SPAN: usize = 8;

/// An explicit one-line credit anywhere in the page ("Written by Jane Doe"
/// above a bio): what is left when nothing near the headline names anyone.
/// (A label alone is not enough away from the headline: tables of films and
/// books have "Written by" and "Author" columns.)
fn explicit_byline(texts: &[&str], site: Option<&str>) -> Vec<String> {
    texts
        .iter()
        .filter(|t| t.chars().count() <= 80)
        .filter(|t| {
            EXPLICIT_LEADS
                .iter()
                .any(|lead| t.starts_with(lead.as_str()))
        })
        .map(|t| clean_authors(t, site, Origin::Page))
        .find(|names| !names.is_empty())
        .unwrap_or_default()
}

/// The name at the head of an author box: its first text that is not a
/// label ("Written by", "About the author"), if that text is a name. A box
/// that opens with anything else (a blurb, a date) names no one here.
fn box_author(lead: &[String], site: Option<&str>) -> Option<Vec<String>> {
    let first = lead.iter().find(|t| !is_box_label(t))?;
    if first.chars().count() > MAX_BOX_NAME {
        return None;
    }
    let names = clean_authors(first, site, Origin::Page);
    (!names.is_empty()).then_some(names)
}

/// A name at the head of an author box is a short text on its own.
const MAX_BOX_NAME: usize = 60;

/// A heading over the name: a byline label, or any short text that speaks
/// of the author ("Author Spotlight", "Über die Autorin").
fn is_box_label(text: &str) -> bool {
    let lower = text.to_lowercase();
    let label = lower.trim_end_matches([':', ' ']);
    is_byline_label(label)
        || label
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| AUTHOR_WORDS.iter().any(|a| w.starts_with(a.as_str())))
}

/// Word stems that make a text speak of the author rather than name one
/// (`author_words` in the language files).
static AUTHOR_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.author_words)
        .map(str::to_string)
        .collect()
});

/// Openings of an explicit one-line credit (also, standing alone in any
/// case, the labels `scan` reads the next text after): `explicit_leads`.
static EXPLICIT_LEADS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.explicit_leads)
        .map(lead_prefix)
        .collect()
});

/// Labels that stand alone before an author's name: `byline_labels`.
static BYLINE_LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.byline_labels)
        .map(str::to_string)
        .collect()
});

/// Openings of a one-line byline (case matters: "by" in running text is
/// prose): `byline_leads`.
static BYLINE_LEADS: LazyLock<Vec<String>> =
    LazyLock::new(|| LEXICON.all(|l| &l.byline_leads).map(lead_prefix).collect());

fn is_byline_label(label: &str) -> bool {
    BYLINE_LABELS.iter().any(|l| l == label)
}

fn language(page: &PageScan, ld: &LdFacts) -> Option<String> {
    [
        page.html_lang.as_deref(),
        page.meta("content-language"),
        page.meta("og:locale"),
        ld.language.as_deref(),
        page.meta("dc.language"),
        page.meta("language"),
    ]
    .into_iter()
    .flatten()
    .find_map(|code| crate::language::normalize_code(code.split(',').next().unwrap_or(code)))
}

fn tags(page: &PageScan, ld: &LdFacts) -> Vec<String> {
    let mut tags: Vec<String> = page
        .meta_all("article:tag")
        .flat_map(|t| t.split(','))
        .map(str::to_string)
        .collect();
    tags.extend(ld.keywords.iter().cloned());
    for key in ["news_keywords", "keywords", "parsely-tags", "sailthru.tags"] {
        tags.extend(
            page.meta_all(key)
                .flat_map(|t| t.split([',', ';']))
                .map(str::to_string),
        );
    }
    let mut tags: Vec<String> = tags
        .iter()
        .map(|t| collapse_whitespace(t))
        .filter(|t| !t.is_empty() && t.chars().count() <= 80)
        .collect();
    dedup(&mut tags);
    tags.truncate(MAX_TAGS);
    tags
}

#[cfg(test)]
mod tests;
