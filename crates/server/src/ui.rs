//! The web UI: server-rendered pages that work without JavaScript.
//!
//! - `/` overview: articles per day, top sources, entities, languages, stories;
//! - `/search`: query box, filters (language, dates, sort), clickable facets,
//!   results with highlighted snippets and copies collapsed;
//! - `/articles/{id}`: the clean text with entities highlighted and linked,
//!   quotes with speakers, the original page, copies, story, revisions;
//! - `/stories/{id}`: the story's articles by day, sources and languages;
//! - `/entities/{name}`: mentions over time, roles, aliases, co-occurring
//!   entities, quotes.
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

use crate::api::{ListParams, SearchParams};
use crate::charts;
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

fn layout(title: &str, query: &str, body: Markup) -> Markup {
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
    let mut out = String::from("/entities/");
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
fn search_href(pairs: &[(&str, &str)]) -> String {
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

fn day(date: Option<&str>) -> &str {
    date.and_then(|d| d.get(..10)).unwrap_or("")
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

pub async fn overview(State(state): State<SharedState>) -> Page {
    state
        .read(|corpus| {
            let store = corpus;
            let stats = store.stats()?;
            let per_day = charts::daily(&store.articles_per_day(90)?, 120);
            let entities = store.top_entities(None, 15, 0)?;
            let stories = store.stories(2, 10)?;
            Ok(layout("Overview", "", html! {
                h1 { "Overview" }
                p.muted { (stats.articles) " articles from " (stats.top_sources.len()) @if stats.top_sources.len() >= 20 { "+" } " sites · " (stats.duplicate_groups) " duplicate groups · " (stats.stories_with_several_articles) " stories with several articles" }
                @if stats.articles == 0 {
                    p { "The corpus is empty. Add pages with " code { "newsdesk ingest" } "." }
                }
                h2 { "Articles per day" }
                (chart("Articles per day", &per_day))
                div.grid {
                    section {
                        h2 { "Top sources" }
                        ul { @for (source, n) in &stats.top_sources { li { a href=(search_href(&[("source", source)])) { (source) } " " span.muted { (n) } } } }
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
                ul { @for s in &stories { li { a href=(format!("/stories/{}", s.id)) { (s.title.as_deref().unwrap_or("(untitled)")) } " " span.muted { (s.size) " articles · " (day(s.last_seen.as_deref())) } } } }
            }))
        })
        .await
        .into()
}

fn entity_list(entities: &[EntityCount]) -> Markup {
    html! {
        ul { @for e in entities { li { a href=(entity_href(&e.name)) { (e.name) } " " span.muted { (e.kind) " · " (e.articles) } } } }
    }
}

/// The search page. A query the corpus cannot read (unbalanced, too long,
/// too many clauses) gets the search form back with the reason, as a 400:
/// the status tells scripts and caches what the page says to people.
pub async fn search(
    State(state): State<SharedState>,
    Query(params): Query<SearchParams>,
) -> Response {
    let request = match params.request(true) {
        Ok(r) => r,
        Err(e) => return Page(Err((e.status(), e.to_string()))).into_response(),
    };
    let limit = request.limit;
    let offset = request.offset;
    let result = state.read(move |corpus| Ok(corpus.search(&request)?)).await;
    let results = match result {
        Ok(r) => r,
        Err(ServerError::BadRequest(message)) => {
            let page = layout(
                "Search",
                &params.q,
                html! {
                    h1 { "Search" }
                    p role="alert" { "That query cannot be read: " (message) }
                },
            );
            return (StatusCode::BAD_REQUEST, Html(page.into_string())).into_response();
        }
        Err(e) => return Page(Err((e.status(), e.to_string()))).into_response(),
    };
    Page(Ok(search_page(&params, &results, limit, offset))).into_response()
}

fn search_page(
    params: &SearchParams,
    results: &SearchResults,
    limit: usize,
    offset: usize,
) -> Markup {
    let q = params.q.as_str();
    let current = |key: &str| -> String {
        match key {
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
        let keys = ["lang", "source", "entity", "since", "until", "sort"];
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
        let keys = ["lang", "source", "entity", "sort"];
        let values: Vec<(String, String)> =
            keys.iter().map(|k| (k.to_string(), current(k))).collect();
        let mut pairs: Vec<(&str, &str)> = vec![("q", q), ("since", since), ("until", until)];
        pairs.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        search_href(&pairs)
    };
    // The same filters with another query.
    let with_query = |new_q: &str| -> String {
        let new_q = new_q.split_whitespace().collect::<Vec<_>>().join(" ");
        let keys = ["lang", "source", "entity", "since", "until", "sort"];
        let values: Vec<(String, String)> =
            keys.iter().map(|k| (k.to_string(), current(k))).collect();
        let mut pairs: Vec<(&str, &str)> = vec![("q", new_q.as_str())];
        pairs.extend(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        search_href(&pairs)
    };
    // Copies are folded into one hit, so `total` (which counts them) can
    // exceed the hits there are: a short page is the last one.
    let more = results.hits.len() >= limit && offset + results.hits.len() < results.total;
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
                @for key in ["source", "entity"] {
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
                        (count(results.total, "matching article", "matching articles"))
                        @if !more && offset + results.hits.len() < results.total { " (" (offset + results.hits.len()) " after folding copies)" }
                        @if !results.hits.is_empty() { ", showing " (offset + 1) "–" (offset + results.hits.len()) }
                    }
                    ol.results {
                        @for hit in &results.hits {
                            li {
                                h3 { a href=(format!("/articles/{}", hit.id)) { (hit.title.as_deref().unwrap_or("(untitled)")) } }
                                p.meta {
                                    (day(hit.date.as_deref())) " · " (hit.source.as_deref().unwrap_or("unknown source")) " · " (hit.language.as_deref().unwrap_or("?"))
                                    @if hit.copies > 0 { " · " (hit.copies) " more " @if hit.copies == 1 { "copy" } @else { "copies" } }
                                }
                                p { (highlighted(&hit.snippet, &hit.highlights)) }
                            }
                        }
                    }
                    nav.pager aria-label="Pages" {
                        @if offset > 0 { a href=(page_href(offset.saturating_sub(limit))) rel="prev" { "← Previous" } }
                        @if more { a href=(page_href(offset + limit)) rel="next" { "Next →" } }
                    }
                }
            }
        },
    )
}

/// "1 article", "2 articles".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A bar chart with its axis labels (first day, last day, highest count)
/// written as HTML under it: the SVG stretches to the page's width, which
/// would stretch text drawn inside it.
fn chart(title: &str, points: &[(String, i64)]) -> Markup {
    let first = points.first().map(|(d, _)| d.as_str()).unwrap_or("");
    let last = points.last().map(|(d, _)| d.as_str()).unwrap_or("");
    let max = points.iter().map(|(_, n)| *n).max().unwrap_or(0);
    html! {
        figure.chart {
            (charts::bars(title, points))
            figcaption.axis {
                span { (first) }
                span { "max " (max) " per day" }
                span { (last) }
            }
        }
    }
}

/// The first and last day of a month given as `YYYY-MM`.
fn month_range(month: &str) -> Option<(String, String)> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let last = next.pred_opt()?;
    Some((first.to_string(), last.to_string()))
}

/// A snippet with its matches in `<mark>`, everything escaped.
fn highlighted(snippet: &str, ranges: &[(usize, usize)]) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        if start < at
            || end > snippet.len()
            || !snippet.is_char_boundary(start)
            || !snippet.is_char_boundary(end)
        {
            continue;
        }
        parts.push((false, &snippet[at..start]));
        parts.push((true, &snippet[start..end]));
        at = end;
    }
    parts.push((false, &snippet[at..]));
    html! { @for (mark, text) in parts { @if mark { mark { (text) } } @else { (text) } } }
}

pub async fn article(State(state): State<SharedState>, Path(id): Path<i64>) -> Page {
    state
        .read(move |corpus| article_page(corpus, id))
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
    let title = a.title.clone().unwrap_or_else(|| "(untitled)".into());
    Ok(layout(
        &title,
        "",
        html! {
            div.layout.reading-layout {
                article.reading lang=[a.language.as_deref()] {
                    h1 { (title) }
                    p.meta {
                        (day(stored.date.as_deref())) " · " (stored.domain.as_deref().unwrap_or("unknown source"))
                        @if !a.authors.is_empty() { " · " (a.authors.join(", ")) }
                        " · " (a.language.as_deref().unwrap_or("?"))
                        @if let Some(url) = &original { " · " a href=(url) rel="noopener noreferrer nofollow" { "original page" } }
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
                    @if !copies.is_empty() {
                        h2 { "Copies of this text" }
                        @if let Some(g) = &group { p.muted { "Probable original: " a href=(format!("/articles/{}", g.original)) { "#" (g.original) } } }
                        ul { @for c in &copies { li { a href=(format!("/articles/{}", c.id)) { (c.domain.as_deref().unwrap_or("?")) } " " span.muted { (day(c.date.as_deref())) } } } }
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
                        ol { @for (rid, n, at) in &revisions { li { a href=(format!("/articles/{rid}")) { "revision " (n) } " " span.muted { (day(Some(at))) } } } }
                    }
                    @if !a.tags.is_empty() {
                        h2 { "Tags" }
                        p { @for t in &a.tags { a href=(search_href(&[("q", &format!("tag:{}", quote_phrase(t)))])) { (t) } " " } }
                    }
                }
            }
        },
    ))
}

pub async fn stories(State(state): State<SharedState>, Query(params): Query<ListParams>) -> Page {
    let limit = params.limit.unwrap_or(50).clamp(1, 200);
    state
        .read(move |corpus| {
            let list = corpus.stories(2, limit)?;
            Ok(layout("Stories", "", html! {
                h1 { "Stories" }
                p.muted { "Articles about one event from several sources or days, newest first." }
                table {
                    thead { tr { th scope="col" { "Story" } th scope="col" { "Articles" } th scope="col" { "Last seen" } } }
                    tbody { @for s in &list { tr { td { a href=(format!("/stories/{}", s.id)) { (s.title.as_deref().unwrap_or("(untitled)")) } } td { (s.size) } td { (day(s.last_seen.as_deref())) } } } }
                }
            }))
        })
        .await
        .into()
}

pub async fn story(State(state): State<SharedState>, Path(id): Path<i64>) -> Page {
    state
        .read(move |corpus| {
            let story = corpus.story(id)?.ok_or_else(|| ServerError::NotFound(format!("There is no story {id}.")))?;
            let mut days: Vec<(&str, Vec<&StoryArticle>)> = Vec::new();
            for a in &story.articles {
                let d = day(a.date.as_deref());
                match days.last_mut() {
                    Some((last, list)) if *last == d => list.push(a),
                    _ => days.push((d, vec![a])),
                }
            }
            let title = story.title.clone().unwrap_or_else(|| "(untitled story)".into());
            Ok(layout(&title, "", html! {
                h1 { (title) }
                p.muted { (story.size) " articles · " (day(story.first_seen.as_deref())) " → " (day(story.last_seen.as_deref())) " · sources: " (story.sources.join(", ")) " · languages: " (story.languages.join(", ")) }
                h2 { "Timeline" }
                ol.results {
                    @for (d, list) in &days {
                        li {
                            h3 { time datetime=(d) { (d) } }
                            ul { @for a in list { li {
                                a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
                                " " span.muted { (a.domain.as_deref().unwrap_or("?")) " · " (a.language.as_deref().unwrap_or("?")) }
                            } } }
                        }
                    }
                }
            }))
        })
        .await
        .into()
}

#[derive(Debug, Deserialize)]
pub struct EntityListParams {
    pub kind: Option<String>,
}

pub async fn entities(
    State(state): State<SharedState>,
    Query(params): Query<EntityListParams>,
) -> Page {
    state
        .read(move |corpus| {
            let kind = params.kind.clone().filter(|k| !k.is_empty());
            let list = corpus.top_entities(kind.as_deref(), 100, 0)?;
            Ok(layout("Entities", "", html! {
                h1 { "Entities" }
                nav aria-label="Kinds" { p {
                    a href="/entities" { "all" } " · "
                    @for k in ["person", "organization", "place", "event", "other"] { a href=(format!("/entities?kind={k}")) { (k) } " · " }
                } }
                (entity_list(&list))
            }))
        })
        .await
        .into()
}

pub async fn entity(State(state): State<SharedState>, Path(name): Path<String>) -> Page {
    state
        .read(move |corpus| {
            let profile = corpus
                .entity(&name)?
                .ok_or_else(|| ServerError::NotFound(format!("No article mentions {name:?}.")))?;
            let per_day = charts::daily(&profile.per_day, 400);
            Ok(layout(&profile.name, "", html! {
                h1 { (profile.name) }
                p.muted { (profile.kinds.join(", ")) " · " (profile.articles) " articles · " a href=(search_href(&[("entity", &profile.name)])) { "search its articles" } }
                @if !profile.roles.is_empty() { p { strong { "Roles: " } (profile.roles.join("; ")) } }
                @if !profile.aliases.is_empty() { p { strong { "Also called: " } (profile.aliases.join("; ")) } }
                h2 { "Mentions over time" }
                (chart(&format!("Articles mentioning {} per day", profile.name), &per_day))
                div.grid {
                    section {
                        h2 { "Appears with" }
                        (entity_list(&profile.co_occurring))
                    }
                    section {
                        h2 { "Latest articles" }
                        ul { @for a in &profile.recent { li { a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) } " " span.muted { (day(a.date.as_deref())) " · " (a.domain.as_deref().unwrap_or("?")) } } } }
                    }
                }
                @if !profile.quotes.is_empty() {
                    h2 { "Quotes" }
                    @for q in &profile.quotes {
                        blockquote { (q.text) }
                        p.muted { a href=(format!("/articles/{}", q.article_id)) { (q.title.as_deref().unwrap_or("(untitled)")) } " · " (day(q.date.as_deref())) }
                    }
                }
            }))
        })
        .await
        .into()
}

pub async fn not_found() -> Page {
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
