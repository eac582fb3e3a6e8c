//! The web UI: server-rendered pages that work without JavaScript.
//!
//! - `/` overview: articles over time, top sites, entities, languages, stories;
//! - `/search`: query box, filters (language, dates, sort), clickable facets,
//!   results with highlighted snippets and copies collapsed;
//! - `/articles/{id}`: the clean text with entities highlighted and linked,
//!   quotes with speakers, the original page, copies, story, revisions;
//! - `/stories/{id}`: the story's articles by day, sources and languages;
//! - `/entities/{name}`: mentions over time, roles, aliases, co-occurring
//!   entities, quotes.
//!
//! - `/stories`, `/entities`: lists paged by `limit` and `offset`, with
//!   their totals.
//!
//! An article without a date says [`DATE_UNKNOWN`] (it is last in date order
//! and in no time chart; pages count such articles beside their charts); one
//! without a known site says [`UNKNOWN_SOURCE`], wherever it is shown. On
//! the search page copies are folded into one result and the count and the
//! pager walk the folded results, keeping the page size.
//!
//! Everything from a page (titles, text, names, URLs) is untrusted: maud
//! escapes all of it, links to original pages are emitted only for http(s)
//! URLs, and no page carries inline script or style (see the CSP in
//! [`crate::security`]).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use newsdesk_corpus::query::quote_phrase;
use newsdesk_corpus::store::{EntityCount, StoryArticle};
use newsdesk_corpus::{CorpusReader, SearchResults};
use serde::Deserialize;

use crate::api::{
    entity_kind, entity_profile, parse_id, ListParams, SearchParams, DEFAULT_LIMIT, ENTITY_KINDS,
};
use crate::{charts, diff};
use crate::{ServerError, SharedState};

/// A page, or an error page with the right status.
pub struct Page(Result<Markup, (StatusCode, String)>);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(markup) => Html(markup.into_string()).into_response(),
            Err((status, message)) => error_page(status, &message),
        }
    }
}

/// The error page: the status and the message (escaped, like any text).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = layout(
        "Error",
        "",
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("Error")) }
            p { (message) }
            p { a href="/" { "Back to the overview" } }
        },
    );
    (status, Html(body.into_string())).into_response()
}

impl From<Result<Markup, ServerError>> for Page {
    fn from(result: Result<Markup, ServerError>) -> Self {
        Page(result.map_err(|e| (e.status(), e.to_string())))
    }
}

pub(crate) fn layout(title: &str, query: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · newsdesk" }
                link rel="stylesheet" href="/static/style.css";
                link rel="icon" href="/favicon.ico";
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "newsdesk" }
                    nav aria-label="Main" {
                        a href="/" { "Overview" }
                        a href="/stories" { "Stories" }
                        a href="/entities" { "Entities" }
                        a href="/sources" { "Sources" }
                    }
                    form.search action="/search" method="get" role="search" {
                        label.skip for="q" { "Search articles" }
                        input #q type="search" name="q" value=(query) placeholder="Search: words, \"phrases\", entity:Name, -word" aria-label="Search articles";
                        button type="submit" { "Search" }
                    }
                }
                main #main { (body) }
            }
        }
    }
}

/// `/entities/{name}` for a name (percent-encoded as one path segment).
pub fn entity_href(name: &str) -> String {
    segment_href("/entities/", name)
}

/// `/sources/{site}`, the page of a source.
pub fn source_href(site: &str) -> String {
    segment_href("/sources/", site)
}

/// `/authors/{name}`, the page of a byline.
pub fn author_href(name: &str) -> String {
    segment_href("/authors/", name)
}

/// The site linked to its page, or [`UNKNOWN_SOURCE`] (which has none).
pub(crate) fn source_link(domain: Option<&str>) -> Markup {
    html! {
        @match domain {
            Some(site) => { a.source href=(source_href(site)) { (site) } }
            None => { (UNKNOWN_SOURCE) }
        }
    }
}

/// `base` followed by `name` percent-encoded as one path segment.
fn segment_href(base: &str, name: &str) -> String {
    let mut out = String::from(base);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `/search?…` with these parameters.
pub(crate) fn search_href(pairs: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !v.is_empty() {
            query.append_pair(k, v);
        }
    }
    format!("/search?{}", query.finish())
}

/// An http(s) URL as given, or `None` (no `javascript:` or other schemes in links).
fn safe_url(raw: Option<&str>) -> Option<String> {
    let url = url::Url::parse(raw?).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

pub(crate) fn day(date: Option<&str>) -> &str {
    date.and_then(|d| d.get(..10)).unwrap_or("")
}

/// What pages say for an article or story without a date.
pub const DATE_UNKNOWN: &str = "date unknown";

/// The day of `date`, or [`DATE_UNKNOWN`].
pub(crate) fn day_or_unknown(date: Option<&str>) -> &str {
    date.and_then(|d| d.get(..10)).unwrap_or(DATE_UNKNOWN)
}

/// What pages say for an article whose site is not known (no URL).
pub const UNKNOWN_SOURCE: &str = "unknown source";

pub(crate) fn source_or_unknown(domain: Option<&str>) -> &str {
    domain.unwrap_or(UNKNOWN_SOURCE)
}

/// The search of one period (for a bar of a time chart), with `extra` filters.
/// The search for an entity's articles: the `entity` filter when it has
/// one name, else a query asking for any of the names merged into it.
struct EntitySearch(&'static str, String);

impl EntitySearch {
    fn as_pair(&self) -> (&str, &str) {
        (self.0, &self.1)
    }
}

fn entity_search(names: &[String], name: &str) -> EntitySearch {
    if names.len() < 2 {
        return EntitySearch("entity", name.to_string());
    }
    let any: Vec<String> = names
        .iter()
        .map(|n| format!("entity:{}", quote_phrase(n)))
        .collect();
    EntitySearch("q", any.join(" OR "))
}

pub(crate) fn period_href(extra: &[(&str, &str)], first: &str, last: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = extra.to_vec();
    pairs.extend([("since", first), ("until", last), ("sort", "date")]);
    search_href(&pairs)
}

/// "published 5 hours earlier" (or later) of `other` against `date`; empty
/// when either date cannot be read.
fn published_relative(date: Option<&str>, other: Option<&str>) -> String {
    let parse = |d: Option<&str>| d.and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok());
    let (Some(a), Some(b)) = (parse(date), parse(other)) else {
        return String::new();
    };
    let hours = (a - b).num_hours();
    match hours {
        0 => "published within the hour".into(),
        1 => "published 1 hour earlier".into(),
        -1 => "published 1 hour later".into(),
        h if h > 0 => format!("published {h} hours earlier"),
        h => format!("published {} hours later", -h),
    }
}

/// Days of articles the overview's chart reads (all of them, in practice:
/// the chart draws the corpus's whole range with periods to fit).
const OVERVIEW_DAYS: usize = 100_000;

pub(crate) async fn overview(State(state): State<SharedState>) -> Page {
    state
        .read(|corpus| {
            let store = corpus;
            let stats = store.stats()?;
            let per_day = store.articles_per_day(OVERVIEW_DAYS)?;
            let entities = store.top_entities(None, 15, 0)?;
            let stories = store.stories(2, 10, 0)?;
            Ok(layout("Overview", "", html! {
                h1 { "Overview" }
                p.muted.figures { (count(stats.articles as usize, "article", "articles")) " from " (count(stats.sites as usize, "site", "sites"))
                    @if stats.without_site > 0 { " (" (stats.without_site) " from an " (UNKNOWN_SOURCE) ")" }
                    " · " (stats.duplicate_groups) " duplicate groups · " (stats.stories_with_several_articles) " stories with several articles" }
                @if stats.articles == 0 {
                    p { "The corpus is empty. Add pages with " code { "newsdesk ingest" } "." }
                }
                h2 { "Articles over time" }
                (charts::time_chart("Articles over time", &per_day, &|first, last| period_href(&[], first, last), "No article has a date yet."))
                @if stats.undated > 0 {
                    p.muted.undated { (count(stats.undated as usize, "article has", "articles have")) " no date (" (DATE_UNKNOWN) "): not in this chart, listed last when sorting by date." }
                }
                div.grid {
                    section {
                        h2 { "Top sources" }
                        ul {
                            @for (source, n) in &stats.top_sources { li { a href=(source_href(source)) { (source) } " " span.muted { (n) } } }
                            @if stats.without_site > 0 { li { (UNKNOWN_SOURCE) " " span.muted { (stats.without_site) } } }
                            li { a href="/sources" { "all sources →" } }
                        }
                    }
                    section {
                        h2 { "Top entities" }
                        (entity_list(&entities))
                    }
                    section {
                        h2 { "Languages" }
                        ul { @for (lang, n) in &stats.languages { li { a href=(search_href(&[("lang", lang)])) { (lang) } " " span.muted { (n) } } } }
                    }
                }
                h2 { "Recent stories" }
                ul { @for s in &stories { li { a href=(format!("/stories/{}", s.id)) { (s.title.as_deref().unwrap_or("(untitled)")) } " " span.muted { (s.size) " articles · " (day_or_unknown(s.last_seen.as_deref())) } } } }
            }))
        })
        .await
        .into()
}

pub(crate) fn entity_list(entities: &[EntityCount]) -> Markup {
    html! {
        ul { @for e in entities { li { a href=(entity_href(&e.name)) { (e.name) } " " span.muted { (e.kind) " · " (e.articles) } } } }
    }
}

/// The search page. A query the corpus cannot read (unbalanced, too long,
/// too many clauses, an unknown field) or a filter out of bounds (dates the
/// wrong way round, a page size over the limit) gets the search box back
/// with the reason, as a 400: the status tells scripts and caches what the
/// page says to people.
pub(crate) async fn search(
    State(state): State<SharedState>,
    Query(params): Query<SearchParams>,
) -> Response {
    let refused = |message: &str, q: &str| -> Response {
        let page = layout(
            "Search",
            q,
            html! {
                h1 { "Search" }
                p role="alert" { "That search cannot be run: " (message) }
            },
        );
        (StatusCode::BAD_REQUEST, Html(page.into_string())).into_response()
    };
    let request = match params.request(true) {
        Ok(r) => r,
        Err(ServerError::BadRequest(message)) => return refused(&message, &params.q),
        Err(e) => return Page(Err((e.status(), e.to_string()))).into_response(),
    };
    let limit = request.limit;
    let offset = request.offset;
    let result = state
        .read(move |corpus| {
            let results = corpus.search(&request)?;
            // Attention over time and who is quoted, where the backend counts them.
            let per_day = corpus
                .matches_per_day(&request.query, &request.filters)
                .unwrap_or_default();
            let quoted = if request.offset == 0 && results.total > 0 {
                corpus
                    .quoted(
                        &request.query,
                        &request.filters,
                        1,
                        crate::quoted::SEARCH_PAGE_ARTICLES,
                    )
                    .ok()
            } else {
                None
            };
            Ok((results, per_day, quoted))
        })
        .await;
    let (results, per_day, quoted) = match result {
        Ok(r) => r,
        Err(ServerError::BadRequest(message)) => return refused(&message, &params.q),
        Err(e) => return Page(Err((e.status(), e.to_string()))).into_response(),
    };
    Page(Ok(search_page(
        &params,
        &results,
        &per_day,
        quoted.as_ref(),
        limit,
        offset,
    )))
    .into_response()
}

fn search_page(
    params: &SearchParams,
    results: &SearchResults,
    per_day: &[(String, i64)],
    quoted: Option<&newsdesk_corpus::Quoted>,
    limit: usize,
    offset: usize,
) -> Markup {
    let q = params.q.as_str();
    let all_copies = params.all_copies.unwrap_or(false);
    // Every link keeps the page size and the copies setting.
    let current = |key: &str| -> String {
        match key {
            "limit" => (limit != DEFAULT_LIMIT).then(|| limit.to_string()),
            "all_copies" => all_copies.then(|| "true".to_string()),
            "lang" => params.lang.clone(),
            "source" => params.source.clone(),
            "entity" => params.entity.clone(),
            "since" => params.since.clone(),
            "until" => params.until.clone(),
            "sort" => params.sort.clone(),
            _ => None,
        }
        .unwrap_or_default()
    };
    let with = |key: &str, value: &str| -> String {
        let keys = [
            "lang",
            "source",
            "entity",
            "since",
            "until",
            "sort",
            "limit",
            "all_copies",
        ];
        let values: Vec<(String, String)> = keys
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    if *k == key {
                        value.to_string()
                    } else {
                        current(k)
                    },
                )
            })
            .collect();
        let mut pairs: Vec<(&str, &str)> = vec![("q", q)];
        pairs.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        search_href(&pairs)
    };
    let with_dates = |since: &str, until: &str| -> String {
        let keys = ["lang", "source", "entity", "sort", "limit", "all_copies"];
        let values: Vec<(String, String)> =
            keys.iter().map(|k| (k.to_string(), current(k))).collect();
        let mut pairs: Vec<(&str, &str)> = vec![("q", q), ("since", since), ("until", until)];
        pairs.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        search_href(&pairs)
    };
    // The same filters with another query.
    let with_query = |new_q: &str| -> String {
        let new_q = new_q.split_whitespace().collect::<Vec<_>>().join(" ");
        let keys = [
            "lang",
            "source",
            "entity",
            "since",
            "until",
            "sort",
            "limit",
            "all_copies",
        ];
        let values: Vec<(String, String)> =
            keys.iter().map(|k| (k.to_string(), current(k))).collect();
        let mut pairs: Vec<(&str, &str)> = vec![("q", new_q.as_str())];
        pairs.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        search_href(&pairs)
    };
    // What the pages walk through: one result per duplicate group unless
    // every copy is asked for.
    let total = if all_copies {
        results.total
    } else {
        results.groups
    };
    let more = !results.hits.is_empty() && offset + results.hits.len() < total;
    let page_href = |new_offset: usize| -> String {
        let mut href = with("", "");
        href.push_str(&format!("&offset={new_offset}"));
        href
    };
    let facet = |title: &str, key: &str, counts: &[(String, u64)]| -> Markup {
        html! {
            @if !counts.is_empty() {
                h2 { (title) }
                ul {
                    @for (value, n) in counts {
                        li {
                            @if current(key) == *value {
                                a href=(with(key, "")) aria-current="true" { strong { (value) } " ✕" }
                            } @else {
                                a href=(with(key, value)) { (value) }
                            }
                            span.count { (n) }
                        }
                    }
                }
            }
        }
    };
    let title = if q.is_empty() {
        "Search".to_string()
    } else {
        format!("Search: {q}")
    };
    layout(
        &title,
        q,
        html! {
            h1 { "Search" }
            form.filters action="/search" method="get" {
                input type="hidden" name="q" value=(q);
                @for key in ["source", "entity", "limit", "all_copies"] {
                    @if !current(key).is_empty() { input type="hidden" name=(key) value=(current(key)); }
                }
                label { "Language" select name="lang" {
                    option value="" { "any" }
                    @for (lang, _) in &results.facets.lang { option value=(lang) selected[current("lang") == *lang] { (lang) } }
                } }
                label { "From" input type="date" name="since" value=(current("since")); }
                label { "To" input type="date" name="until" value=(current("until")); }
                label { "Sort" select name="sort" {
                    option value="relevance" selected[current("sort") != "date"] { "relevance" }
                    option value="date" selected[current("sort") == "date"] { "newest first" }
                } }
                button type="submit" { "Apply" }
            }
            (query_help(q.is_empty()))
            div.layout {
                aside.facets aria-label="Facets" {
                    (facet("Language", "lang", &results.facets.lang))
                    (facet("Source", "source", &results.facets.source))
                    (facet("Entity", "entity", &results.facets.entity))
                    @if !results.facets.month.is_empty() {
                        h2 { "Month" }
                        ul {
                            @for (month, n) in &results.facets.month {
                                @if let Some((first, last)) = month_range(month) {
                                    li { a href=(with_dates(&first, &last)) { (month) } span.count { (n) } }
                                }
                            }
                        }
                    }
                    @if !results.facets.tag.is_empty() {
                        h2 { "Tag" }
                        ul {
                            @for (tag, n) in &results.facets.tag {
                                @let term = format!("tag:{}", quote_phrase(tag));
                                li {
                                    @if q.contains(&term) {
                                        a href=(with_query(&q.replace(&term, " "))) aria-current="true" { strong { (tag) } " ✕" }
                                    } @else {
                                        a href=(with_query(&format!("{q} {term}"))) { (tag) }
                                    }
                                    span.count { (n) }
                                }
                            }
                        }
                    }
                }
                section aria-label="Results" {
                    p.muted role="status" {
                        (count(total, "result", "results"))
                        @if !all_copies && results.total > total { " (" (count(results.total, "matching article", "matching articles")) " with copies)" }
                        @if !results.hits.is_empty() { ", showing " (offset + 1) "–" (offset + results.hits.len()) }
                        " · " a href=(with("", "").replacen("/search?", "/feed?", 1)) type="application/atom+xml" { "Atom feed" }
                        " · " a href=(format!("{}&format=csv", attention_href(q, &current))) download { "attention over time (CSV)" }
                        " · export: " a href=(with("", "").replacen("/search?", "/api/export?", 1)) download { "JSON Lines" }
                        " · " a href=(format!("{}&format=csv", with("", "").replacen("/search?", "/api/export?", 1))) download { "CSV" }
                    }
                    @if !per_day.is_empty() && offset == 0 {
                        section.attention aria-label="Attention over time" {
                            h2 { "Attention over time" }
                            (crate::charts::time_chart(
                                "Articles matching this search over time",
                                per_day,
                                &|first: &str, last: &str| with_dates(first, last),
                                "No dated article matches.",
                            ))
                        }
                    }
                    ol.results {
                        @for hit in &results.hits {
                            li {
                                h3 { a href=(format!("/articles/{}", hit.id)) { (hit.title.as_deref().unwrap_or("(untitled)")) } }
                                p.meta {
                                    (day_or_unknown(hit.date.as_deref())) " · " (source_link(hit.source.as_deref())) " · " (hit.language.as_deref().unwrap_or("?"))
                                    @if hit.copies > 0 { " · " a href=(format!("/articles/{}#copies", hit.id)) { (hit.copies) " more " @if hit.copies == 1 { "copy" } @else { "copies" } } }
                                }
                                p { (highlighted(&hit.snippet, &hit.highlights)) }
                            }
                        }
                    }
                    nav.pager aria-label="Pages" {
                        @if offset > 0 { a href=(page_href(offset.saturating_sub(limit))) rel="prev" { "← Previous" } }
                        @if more { a href=(page_href(offset + limit)) rel="next" { "Next →" } }
                    }
                    @if let Some(found) = quoted {
                        (crate::quoted::search_section(found, &with("", "").replacen("/search?", "/quoted?", 1)))
                    }
                }
            }
        },
    )
}

/// What the query language takes, with an example of each (opened on an
/// empty search page, folded under the box otherwise).
fn query_help(open: bool) -> Markup {
    let forms: [(&str, &str); 11] = [
        ("dock strike", "both words (in any form: \"strikes\" finds \"strike\")"),
        ("\"port strike\"", "the phrase"),
        ("\"port strike\"~3", "the words in order, at most 3 words further apart"),
        ("strik*", "words starting with \"strik\" (2 letters at least; the first 300 words in alphabetical order)"),
        ("Roterdam~1", "words 1 edit away (a letter added, dropped, changed or two swapped); ~2 for two, ~ alone is ~2"),
        ("strike OR walkout", "either word"),
        ("strike -Rotterdam", "without a word (also NOT Rotterdam)"),
        ("(oil OR gas) price", "grouping"),
        ("title:strike  body:union", "in the title, in the text"),
        ("entity:\"Niek Stam\"  quote:\"no plans\"  author:smith", "a named entity, a quote, a byline"),
        ("source:reuters.com  tag:economy  lang:ru", "a site, a tag, a language"),
    ];
    html! {
        details.help open[open] {
            summary { "How to search" }
            table {
                thead { tr { th scope="col" { "Type" } th scope="col" { "Finds" } } }
                tbody { @for (form, finds) in forms { tr { td { code { (form) } } td { (finds) } } } }
            }
            p.muted { "Fields, prefixes, fuzzy words and proximity combine with each other. Keys: " kbd { "/" } " search box, " kbd { "j" } " / " kbd { "k" } " next / previous result, " kbd { "Enter" } " open it." }
        }
    }
}

/// `/api/attention` for the search `q` with the page's filters.
fn attention_href(q: &str, current: &dyn Fn(&str) -> String) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("q", q);
    for key in ["lang", "source", "entity", "since", "until"] {
        let value = current(key);
        if !value.is_empty() {
            query.append_pair(key, &value);
        }
    }
    format!("/api/attention?{}", query.finish())
}

/// "1 article", "2 articles".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first and last day of a month given as `YYYY-MM`.
fn month_range(month: &str) -> Option<(String, String)> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let last = next.pred_opt()?;
    Some((first.to_string(), last.to_string()))
}

/// A snippet with its matches (character ranges) in `<mark>`, everything escaped.
pub(crate) fn highlighted(snippet: &str, char_ranges: &[(usize, usize)]) -> Markup {
    let byte_at: Vec<usize> = snippet
        .char_indices()
        .map(|(i, _)| i)
        .chain([snippet.len()])
        .collect();
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(from, to) in char_ranges {
        let (Some(&start), Some(&end)) = (byte_at.get(from), byte_at.get(to)) else {
            continue;
        };
        if start < at || end < start {
            continue;
        }
        parts.push((false, &snippet[at..start]));
        parts.push((true, &snippet[start..end]));
        at = end;
    }
    parts.push((false, &snippet[at..]));
    html! { @for (mark, text) in parts { @if mark { mark { (text) } } @else { (text) } } }
}

pub(crate) async fn article(State(state): State<SharedState>, Path(id): Path<String>) -> Page {
    state
        .read(move |corpus| article_page(corpus, parse_id("article id", &id)?))
        .await
        .into()
}

/// One inline piece of an article's text: plain, or a mention of an entity.
enum Inline<'a> {
    Text(&'a str),
    Entity {
        text: &'a str,
        name: &'a str,
        kind: String,
    },
}

fn article_page(corpus: &dyn CorpusReader, id: i64) -> Result<Markup, ServerError> {
    let store = corpus;
    let stored = store
        .article(id)?
        .ok_or_else(|| ServerError::NotFound(format!("There is no article {id}.")))?;
    let a = &stored.article;
    let analysis = store.analysis(id)?;
    let quotes = store.article_quotes(id)?;
    let group = store.dup_group(stored.dup_group)?;
    let copies = match &group {
        Some(g) => store.articles(
            &g.members
                .iter()
                .copied()
                .filter(|m| *m != id)
                .collect::<Vec<_>>(),
        )?,
        None => Vec::new(),
    };
    let story = store.story(stored.story_id)?;
    let revisions = store.revisions(&stored.key)?;
    // An older revision: the newest one (the article as it stands), and the
    // changes from this text to it.
    let newest = match revisions.last() {
        Some(&(newest_id, _, _)) if !stored.latest && newest_id != id => {
            store.article(newest_id)?
        }
        _ => None,
    };

    // Entity mentions as byte ranges of the text, sorted, without overlaps.
    let byte_at: Vec<usize> = a
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain([a.text.len()])
        .collect();
    let mut spans: Vec<(usize, usize, &str, String)> = Vec::new();
    if let Some(analysis) = &analysis {
        for e in &analysis.entities {
            let kind = serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            // Mentions in the headline count in the title's chars, not the body's.
            for m in e
                .mentions
                .iter()
                .chain(&e.references)
                .filter(|m| !m.in_title)
            {
                if let (Some(&s), Some(&t)) = (byte_at.get(m.start), byte_at.get(m.end)) {
                    if s < t {
                        spans.push((s, t, &e.name, kind.clone()));
                    }
                }
            }
        }
    }
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut inlines: Vec<Inline> = Vec::new();
    let mut at = 0;
    for (s, t, name, kind) in spans {
        if s < at {
            continue;
        }
        inlines.push(Inline::Text(&a.text[at..s]));
        inlines.push(Inline::Entity {
            text: &a.text[s..t],
            name,
            kind,
        });
        at = t;
    }
    inlines.push(Inline::Text(&a.text[at..]));
    let mut paragraphs: Vec<Vec<Inline>> = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::Text(text) => {
                for (i, piece) in text.split("\n\n").enumerate() {
                    if i > 0 {
                        paragraphs.push(Vec::new());
                    }
                    if let Some(current) = paragraphs.last_mut() {
                        current.push(Inline::Text(piece));
                    }
                }
            }
            entity => {
                if let Some(current) = paragraphs.last_mut() {
                    current.push(entity);
                }
            }
        }
    }
    let original = safe_url(a.url.as_deref().or(a.canonical_url.as_deref()));
    let kinds_present: Vec<&str> = ["person", "organization", "place", "other"]
        .into_iter()
        .filter(|k| {
            paragraphs.iter().flatten().any(|i| match i {
                Inline::Entity { kind, .. } => kind == k || (*k == "other" && kind == "event"),
                Inline::Text(_) => false,
            })
        })
        .collect();
    let title = a.title.clone().unwrap_or_else(|| "(untitled)".into());
    Ok(layout(
        &title,
        "",
        html! {
            div.layout.reading-layout {
                article.reading lang=[a.language.as_deref()] {
                    @if let Some(newest) = &newest {
                        p.notice role="note" {
                            strong { "An older revision. " }
                            "A newer revision of this article exists: "
                            a href=(format!("/articles/{}", newest.id)) { "revision " (newest.revision) }
                            "."
                        }
                    }
                    h1 { (title) }
                    p.meta {
                        (day_or_unknown(stored.date.as_deref())) " · " (source_link(stored.domain.as_deref()))
                        @if !a.authors.is_empty() {
                            " · "
                            @for (i, author) in a.authors.iter().enumerate() {
                                @if i > 0 { ", " }
                                a.author rel="author" href=(author_href(author)) { (author) }
                            }
                        }
                        " · " (a.language.as_deref().unwrap_or("?"))
                        @if let Some(url) = &original { " · " a href=(url) rel="noopener noreferrer nofollow" { "original page" } }
                    }
                    @if !kinds_present.is_empty() {
                        p.legend {
                            "Underlined names: "
                            @for k in &kinds_present { span class=(k) { (kind_label(k)) } " " }
                        }
                    }
                    @for paragraph in &paragraphs {
                        p {
                            @for inline in paragraph {
                                @match inline {
                                    Inline::Text(text) => { (text) }
                                    Inline::Entity { text, name, kind } => {
                                        a class=(format!("entity {kind}")) href=(entity_href(name)) title=(format!("{name} ({kind})")) { (text) }
                                    }
                                }
                            }
                        }
                    }
                }
                aside.aside aria-label="About this article" {
                    @if let Some(s) = &story {
                        h2 { "Story" }
                        p { a href=(format!("/stories/{}", s.id)) { (s.title.as_deref().unwrap_or("(untitled)")) } br; span.muted { (count(s.size as usize, "article", "articles")) " · " (count(s.sources.len(), "source", "sources")) " · " (s.languages.join(", ")) } }
                    }
                    @if let Some(t) = &stored.translation_of {
                        h2 { "Translated copy" }
                        p { "Translated from " a href=(format!("/articles/{}", t.id)) { "#" (t.id) } " (" (t.language.as_deref().unwrap_or("?")) "), " (published_relative(stored.date.as_deref(), t.date.as_deref())) br; span.muted { "confidence " (format!("{:.2}", t.confidence)) } }
                    }
                    @if !stored.translations.is_empty() {
                        h2 { "Translations" }
                        ul { @for t in &stored.translations { li { a href=(format!("/articles/{}", t.id)) { "#" (t.id) } " " (t.language.as_deref().unwrap_or("?")) " " span.muted { (day(t.date.as_deref())) " · confidence " (format!("{:.2}", t.confidence)) } } } }
                    }
                    @if let Some(newest) = &newest {
                        h2 { "Changes in the newer revision" }
                        (diff::words(&a.text, &newest.article.text))
                    }
                    @if stored.latest && !copies.is_empty() {
                        h2 #copies { "Copies of this text" }
                        @if let Some(g) = group.as_ref().filter(|g| g.original != id) { p.muted { "Probable original: " a href=(format!("/articles/{}", g.original)) { "#" (g.original) } } }
                        @if group.as_ref().is_some_and(|g| g.original == id) { p.muted { "This is the probable original (the earliest)." } }
                        ul { @for c in &copies { li { a href=(format!("/articles/{}", c.id)) { (source_or_unknown(c.domain.as_deref())) } " " span.muted { (day_or_unknown(c.date.as_deref())) } } } }
                    }
                    @if !quotes.is_empty() {
                        h2 { "Quotes" }
                        @for q in &quotes {
                            blockquote { (q.text) }
                            p.muted { "— " @if let Some(speaker) = &q.speaker { a href=(entity_href(speaker)) { (speaker) } } @else { "unattributed" } }
                        }
                    }
                    @if let Some(analysis) = &analysis {
                        @if !analysis.entities.is_empty() {
                            h2 { "People, organisations, places" }
                            ul { @for e in analysis.entities.iter().take(20) { li { a href=(entity_href(&e.name)) { (e.name) } " " span.muted { (serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()) @if !e.roles.is_empty() { " · " (e.roles.join("; ")) } } } } }
                        }
                    }
                    @if revisions.len() > 1 {
                        h2 { "Revisions" }
                        ol { @for (rid, n, at) in &revisions { li {
                            @if *rid == id { strong { "revision " (n) } " (this one)" } @else { a href=(format!("/articles/{rid}")) { "revision " (n) } }
                            " " span.muted { "ingested " (day(Some(at))) }
                        } } }
                    }
                    @if !a.tags.is_empty() {
                        h2 { "Tags" }
                        ul.tags { @for t in &a.tags { li { a href=(search_href(&[("q", &format!("tag:{}", quote_phrase(t)))])) { (t) } } } }
                    }
                }
            }
        },
    ))
}

/// "person" → "people", for the legend of entity underlines.
fn kind_label(kind: &str) -> &str {
    match kind {
        "person" => "people",
        "organization" => "organisations",
        "place" => "places",
        _ => "other names",
    }
}

/// Entries on a page of `/stories` or `/entities` when `limit` is not given.
pub(crate) const LIST_LIMIT: usize = 50;

/// "← Previous" and "Next →" links for a list of `total` entries shown
/// `limit` at a time from `offset`; `href` makes a page's link from its offset.
pub(crate) fn pager(
    total: u64,
    limit: usize,
    offset: usize,
    href: &dyn Fn(usize) -> String,
) -> Markup {
    let more = ((offset + limit) as u64) < total;
    html! {
        nav.pager aria-label="Pages" {
            @if offset > 0 { a href=(href(offset.saturating_sub(limit))) rel="prev" { "← Previous" } }
            @if more { a href=(href(offset + limit)) rel="next" { "Next →" } }
        }
    }
}

/// `base` with `limit` (unless the default) and `offset` added to its query.
pub(crate) fn list_href(base: &str, limit: usize, offset: usize) -> String {
    let mut href = base.to_string();
    href.push(if base.contains('?') { '&' } else { '?' });
    if limit != LIST_LIMIT {
        href.push_str(&format!("limit={limit}&"));
    }
    href.push_str(&format!("offset={offset}"));
    href
}

pub(crate) async fn stories(
    State(state): State<SharedState>,
    Query(params): Query<ListParams>,
) -> Page {
    let bounds = (|| {
        Ok::<_, ServerError>((
            crate::api::limit(params.limit, LIST_LIMIT)?,
            crate::api::offset(params.offset)?,
            crate::api::min_size(params.min_size)?,
        ))
    })();
    let (limit, offset, min_size) = match bounds {
        Ok(b) => b,
        Err(e) => return Page(Err((e.status(), e.to_string()))),
    };
    state
        .read(move |corpus| {
            let list = corpus.stories(min_size, limit, offset)?;
            let total = corpus.count_stories(min_size)?;
            let base = if min_size == 2 { "/stories".to_string() } else { format!("/stories?min_size={min_size}") };
            Ok(layout("Stories", "", html! {
                h1 { "Stories" }
                p.muted { "Articles about one event from several sources or days, newest first (stories without a date last)." }
                p.muted role="status" { (count(total as usize, "story", "stories")) @if !list.is_empty() { ", showing " (offset + 1) "–" (offset + list.len()) } }
                table {
                    thead { tr { th scope="col" { "Story" } th scope="col" { "Articles" } th scope="col" { "Last seen" } } }
                    tbody { @for s in &list { tr { td { a href=(format!("/stories/{}", s.id)) { (s.title.as_deref().unwrap_or("(untitled)")) } } td { (s.size) } td { (day_or_unknown(s.last_seen.as_deref())) } } } }
                }
                (pager(total, limit, offset, &|o| list_href(&base, limit, o)))
            }))
        })
        .await
        .into()
}

pub(crate) async fn story(State(state): State<SharedState>, Path(id): Path<String>) -> Page {
    state
        .read(move |corpus| {
            let id = parse_id("story id", &id)?;
            let story = corpus.story(id)?.ok_or_else(|| ServerError::NotFound(format!("There is no story {id}.")))?;
            let mut days: Vec<(&str, Vec<&StoryArticle>)> = Vec::new();
            for a in &story.articles {
                let d = day_or_unknown(a.date.as_deref());
                match days.last_mut() {
                    Some((last, list)) if *last == d => list.push(a),
                    _ => days.push((d, vec![a])),
                }
            }
            let (speakers, speakers_total) = crate::quoted::story_quoted(corpus, &story, 2)?;
            let title = story.title.clone().unwrap_or_else(|| "(untitled story)".into());
            Ok(layout(&title, "", html! {
                h1 { (title) }
                p.muted { (story.size) " articles · " (day_or_unknown(story.first_seen.as_deref())) " → " (day_or_unknown(story.last_seen.as_deref())) " · sources: " @for (i, site) in story.sources.iter().enumerate() { @if i > 0 { ", " } a href=(source_href(site)) { (site) } } " · languages: " (story.languages.join(", ")) }
                h2 { "Timeline" }
                ol.results {
                    @for (d, list) in &days {
                        li {
                            @if *d == DATE_UNKNOWN { h3 { (d) } } @else { h3 { time datetime=(d) { (d) } } }
                            ul { @for a in list { li {
                                a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
                                " " span.muted { (source_link(a.domain.as_deref())) " · " (a.language.as_deref().unwrap_or("?")) }
                            } } }
                        }
                    }
                }
                @if !speakers.is_empty() {
                    section.quoted aria-label="Who is quoted" {
                        h2 { "Who is quoted" }
                        p.muted { (count(speakers_total, "speaker", "speakers")) " in this story's articles (copies count once)" }
                        (crate::quoted::speaker_list(&speakers[..speakers.len().min(crate::quoted::SECTION_SPEAKERS)]))
                    }
                }
            }))
        })
        .await
        .into()
}

#[derive(Debug, Deserialize)]
pub(crate) struct EntityListParams {
    pub kind: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

pub(crate) async fn entities(
    State(state): State<SharedState>,
    Query(params): Query<EntityListParams>,
) -> Page {
    let bounds = (|| {
        Ok::<_, ServerError>((
            entity_kind(params.kind.as_deref())?,
            crate::api::limit(params.limit, LIST_LIMIT)?,
            crate::api::offset(params.offset)?,
        ))
    })();
    let (kind, limit, offset) = match bounds {
        Ok(b) => b,
        Err(e) => return Page(Err((e.status(), e.to_string()))),
    };
    state
        .read(move |corpus| {
            let list = corpus.top_entities(kind.as_deref(), limit, offset)?;
            let total = corpus.count_entities(kind.as_deref())?;
            let base = match &kind {
                Some(k) => format!("/entities?kind={k}"),
                None => "/entities".to_string(),
            };
            Ok(layout("Entities", "", html! {
                h1 { "Entities" }
                nav aria-label="Kinds" { p {
                    @if kind.is_none() { strong { "all" } } @else { a href="/entities" { "all" } }
                    @for k in ENTITY_KINDS {
                        " · "
                        @if kind.as_deref() == Some(k) { strong { (k) } } @else { a href=(format!("/entities?kind={k}")) { (k) } }
                    }
                } }
                p.muted role="status" { (count(total as usize, "name", "names")) @if !list.is_empty() { ", showing " (offset + 1) "–" (offset + list.len()) } }
                (entity_list(&list))
                (pager(total, limit, offset, &|o| list_href(&base, limit, o)))
            }))
        })
        .await
        .into()
}

pub(crate) async fn entity(State(state): State<SharedState>, Path(name): Path<String>) -> Page {
    state
        .read(move |corpus| {
            let profile = entity_profile(corpus, &name)?
                .ok_or_else(|| ServerError::NotFound(format!("No article mentions {name:?}.")))?;
            let undated = profile.articles - profile.per_day.iter().map(|(_, n)| n).sum::<i64>();
            Ok(layout(&profile.name, "", html! {
                h1 { (profile.name) }
                p.muted { (profile.kinds.join(", ")) " · " (profile.articles) " articles · " a href=(search_href(&[entity_search(&profile.names, &profile.name).as_pair()])) { "search its articles" } }
                @if !profile.roles.is_empty() { p { strong { "Roles: " } (profile.roles.join("; ")) } }
                @if !profile.aliases.is_empty() { p { strong { "Also called: " } (profile.aliases.join("; ")) } }
                h2 { "Mentions over time" }
                (charts::time_chart(&format!("Articles mentioning {} over time", profile.name), &profile.per_day, &|first, last| period_href(&[entity_search(&profile.names, &profile.name).as_pair()], first, last), "No article mentioning it has a date."))
                @if undated > 0 {
                    p.muted.undated { (count(undated as usize, "article has", "articles have")) " no date (" (DATE_UNKNOWN) ") and " @if undated == 1 { "is" } @else { "are" } " not in this chart." }
                }
                div.grid {
                    section {
                        h2 { "Appears with" }
                        (entity_list(&profile.co_occurring))
                    }
                    section {
                        h2 { "Latest articles" }
                        ul { @for a in &profile.recent { li { a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) } " " span.muted { (day_or_unknown(a.date.as_deref())) " · " (source_link(a.domain.as_deref())) } } } }
                    }
                }
                @if !profile.quotes.is_empty() {
                    h2 { "Quotes" }
                    @for q in &profile.quotes {
                        blockquote { (q.text) }
                        p.muted { a href=(format!("/articles/{}", q.article_id)) { (q.title.as_deref().unwrap_or("(untitled)")) } " · " (day_or_unknown(q.date.as_deref())) }
                    }
                }
            }))
        })
        .await
        .into()
}

pub(crate) async fn not_found() -> Page {
    Page(Err((
        StatusCode::NOT_FOUND,
        "There is no such page.".into(),
    )))
}

#[cfg(test)]
mod tests {
    use super::published_relative;

    #[test]
    fn a_translation_says_how_much_later_its_original_was_published() {
        let copy = Some("2020-07-26T20:00:00Z");
        assert_eq!(
            published_relative(copy, Some("2020-07-26T11:00:00Z")),
            "published 9 hours earlier"
        );
        assert_eq!(
            published_relative(copy, Some("2020-07-26T21:00:00Z")),
            "published 1 hour later"
        );
        assert_eq!(published_relative(copy, None), "");
    }
}
