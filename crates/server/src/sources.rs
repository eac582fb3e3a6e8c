//! Sources and authors: who published what.
//!
//! - `/sources` and `/api/sources`: every site with its number of articles,
//!   most first, paged (`limit`, `offset`, `total`), and how many articles
//!   have no known site;
//! - `/sources/{site}` and `/api/sources/{site}`: one site's articles over
//!   time (a real time axis), its languages, its most mentioned entities and
//!   its latest articles;
//! - `/authors/{name}` and `/api/authors/{name}`: the same for a byline, with
//!   the sites it wrote for.
//!
//! Everything is counted by the index: a source's or an author's profile is
//! one search with its facets (languages, sources, entities: counts over the
//! columns, copies counted each) and the newest results (copies folded),
//! and one date histogram; the list of sources is one terms count over the
//! `source` column. No article is read beyond the few listed. The
//! PostgreSQL backend answers the same through the same trait methods
//! (`newsdesk-cluster`'s counts: one `GROUP BY` each); a backend that does
//! not count them answers 400 saying so, and the pages show its note.

use axum::extract::{Path, Query, State};
use axum::Json;
use maud::{html, Markup};
use newsdesk_corpus::index::{normalize_source, FacetCounts};
use newsdesk_corpus::query::quote_phrase;
use newsdesk_corpus::{CorpusReader, Filters, SearchHit, SearchRequest, Sort};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::charts::timeline;
use crate::ui::{
    count, day_or_unknown, entity_href, layout, list_href, pager, period_href, search_href,
    source_href, source_link, Page, DATE_UNKNOWN, LIST_LIMIT, UNKNOWN_SOURCE,
};
use crate::{ServerError, SharedState};

/// Latest articles a profile lists.
const LATEST: usize = 10;

/// What the corpus says of a source or an author.
pub struct Profile {
    /// The site (as the index holds it) or the byline as asked.
    pub name: String,
    /// The search that finds its articles (query and filters).
    query: String,
    filters: Filters,
    /// Matching articles, copies counted each.
    pub articles: usize,
    /// The same with copies folded.
    pub results: usize,
    pub languages: FacetCounts,
    pub sources: FacetCounts,
    pub entities: FacetCounts,
    /// Newest first, copies folded.
    pub latest: Vec<SearchHit>,
    /// Articles per day, or why the backend could not count them.
    pub per_day: Result<Vec<(String, i64)>, String>,
}

impl Profile {
    /// Articles without a date (in no time chart).
    pub fn undated(&self) -> i64 {
        match &self.per_day {
            Ok(days) => self.articles as i64 - days.iter().map(|(_, n)| n).sum::<i64>(),
            Err(_) => 0,
        }
    }

    /// The search page of these articles.
    fn search_link(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("q", &self.query), ("sort", "date")];
        if let Some(source) = &self.filters.source {
            pairs.push(("source", source));
        }
        search_href(&pairs)
    }

    /// The JSON of the API.
    fn to_json(&self, kind: &str) -> Result<Value, ServerError> {
        let days = self
            .per_day
            .as_ref()
            .map_err(|why| ServerError::BadRequest(why.clone()))?;
        let (period, bars) = timeline(days);
        let pairs = |counts: &FacetCounts| -> Vec<Value> {
            counts
                .iter()
                .map(|(name, n)| json!({"name": name, "articles": n}))
                .collect()
        };
        let mut value = json!({
            kind: self.name,
            "articles": self.articles,
            "results": self.results,
            "undated": self.undated(),
            "by": period.name(),
            "periods": bars.iter().map(|b| json!({"label": b.label, "first": b.first.to_string(), "last": b.last.to_string(), "count": b.count})).collect::<Vec<_>>(),
            "languages": pairs(&self.languages),
            "entities": pairs(&self.entities),
            "latest": self.latest,
        });
        if kind == "author" {
            value["sources"] = Value::Array(pairs(&self.sources));
        }
        Ok(value)
    }
}

/// The profile of the articles `query` and `filters` find; `None` when there are none.
fn profile(
    corpus: &dyn CorpusReader,
    name: String,
    query: String,
    filters: Filters,
) -> Result<Option<Profile>, ServerError> {
    let found = corpus.search(&SearchRequest {
        query: query.clone(),
        filters: filters.clone(),
        sort: Sort::Date,
        limit: LATEST,
        offset: 0,
        collapse: true,
        facets: true,
    })?;
    if found.total == 0 {
        return Ok(None);
    }
    let per_day = match corpus.matches_per_day(&query, &filters) {
        Ok(days) => Ok(days),
        Err(newsdesk_corpus::CorpusError::BadInput(why)) => Err(why),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(Profile {
        name,
        query,
        filters,
        articles: found.total,
        results: found.groups,
        languages: found.facets.lang,
        sources: found.facets.source,
        entities: found.facets.entity,
        latest: found.hits,
        per_day,
    }))
}

/// A site as asked (`https://www.Example.com/x` → `example.com`); 400 when empty.
fn site_name(raw: &str) -> Result<String, ServerError> {
    let site = normalize_source(raw);
    if site.is_empty() {
        return Err(ServerError::BadRequest(format!(
            "site must be a domain such as example.com, not {raw:?}"
        )));
    }
    Ok(site)
}

/// The profile of one site; 404 when it has no article.
pub fn source_profile(corpus: &dyn CorpusReader, raw: &str) -> Result<Profile, ServerError> {
    let site = site_name(raw)?;
    let filters = Filters {
        source: Some(site.clone()),
        ..Filters::default()
    };
    profile(corpus, site.clone(), String::new(), filters)?
        .ok_or_else(|| ServerError::NotFound(format!("no article comes from {site:?}")))
}

/// The profile of one byline (its words, as `author:"…"` finds them); 404 when none.
pub fn author_profile(corpus: &dyn CorpusReader, raw: &str) -> Result<Profile, ServerError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(ServerError::BadRequest(
            "author must be a name, not empty".into(),
        ));
    }
    let query = format!("author:{}", quote_phrase(&name));
    profile(corpus, name.clone(), query, Filters::default())?
        .ok_or_else(|| ServerError::NotFound(format!("no article has {name:?} in its byline")))
}

/// Query parameters of the lists.
#[derive(Debug, Deserialize)]
pub struct SourceListParams {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// One page of the sources, the number of sources and of articles without one.
struct SourcePage {
    list: Vec<newsdesk_corpus::SourceCount>,
    total: usize,
    without_source: u64,
}

fn source_page(
    corpus: &dyn CorpusReader,
    limit: usize,
    offset: usize,
) -> Result<SourcePage, ServerError> {
    let all = corpus.sources()?;
    let with_source: u64 = all.iter().map(|s| s.articles).sum();
    let without_source = corpus.indexed()?.saturating_sub(with_source);
    let total = all.len();
    let list = all.into_iter().skip(offset).take(limit).collect();
    Ok(SourcePage {
        list,
        total,
        without_source,
    })
}

pub async fn api_sources(
    State(state): State<SharedState>,
    Query(params): Query<SourceListParams>,
) -> Result<Json<Value>, ServerError> {
    let limit = crate::api::limit(params.limit, LIST_LIMIT)?;
    let offset = crate::api::offset(params.offset)?;
    let page = state
        .read(move |corpus| source_page(corpus, limit, offset))
        .await?;
    Ok(Json(json!({
        "sources": page.list,
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "without_source": page.without_source,
    })))
}

pub async fn api_source(
    State(state): State<SharedState>,
    Path(site): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let value = state
        .read(move |corpus| source_profile(corpus, &site)?.to_json("source"))
        .await?;
    Ok(Json(value))
}

pub async fn api_author(
    State(state): State<SharedState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let value = state
        .read(move |corpus| author_profile(corpus, &name)?.to_json("author"))
        .await?;
    Ok(Json(value))
}

pub async fn sources(
    State(state): State<SharedState>,
    Query(params): Query<SourceListParams>,
) -> Page {
    let bounds = (|| {
        Ok::<_, ServerError>((
            crate::api::limit(params.limit, LIST_LIMIT)?,
            crate::api::offset(params.offset)?,
        ))
    })();
    let (limit, offset) = match bounds {
        Ok(b) => b,
        Err(e) => return Err::<Markup, _>(e).into(),
    };
    state
        .read(move |corpus| {
            let page = source_page(corpus, limit, offset)?;
            Ok(layout("Sources", "", html! {
                h1 { "Sources" }
                p.muted { "Sites by their number of articles (copies of a text on several sites count on each)." }
                p.muted role="status" {
                    (count(page.total, "source", "sources")) @if !page.list.is_empty() { ", showing " (offset + 1) "–" (offset + page.list.len()) }
                    @if page.without_source > 0 { " · " (count(page.without_source as usize, "article", "articles")) " from an " (UNKNOWN_SOURCE) }
                }
                table.sources {
                    thead { tr { th scope="col" { "Source" } th scope="col" { "Articles" } } }
                    tbody { @for s in &page.list { tr { td { a href=(source_href(&s.name)) { (s.name) } } td { (s.articles) } } } }
                }
                (pager(page.total as u64, limit, offset, &|o| list_href("/sources", limit, o)))
                @if page.list.len() > 1 {
                    @let listed: Vec<&str> = page.list.iter().map(|s| s.name.as_str()).collect();
                    p {
                        "The first " (listed.len().min(crate::attention::MAX_SERIES)) " listed, compared over time: "
                        a href=(compare_sources_href(&listed, false)) { "JSON" } " · "
                        a href=(compare_sources_href(&listed, true)) download { "CSV" }
                    }
                }
            }))
        })
        .await
        .into()
}

/// `/api/attention` comparing sites: one `source:` search per site, for
/// the first [`crate::attention::MAX_SERIES`] of them.
fn compare_sources_href(sites: &[&str], csv: bool) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for site in sites.iter().take(crate::attention::MAX_SERIES) {
        query.append_pair("q", &format!("source:{}", quote_phrase(site)));
    }
    if csv {
        query.append_pair("format", "csv");
    }
    format!("/api/attention?{}", query.finish())
}

pub async fn source(State(state): State<SharedState>, Path(site): Path<String>) -> Page {
    state
        .read(move |corpus| {
            let profile = source_profile(corpus, &site)?;
            Ok(profile_page(&profile, "source"))
        })
        .await
        .into()
}

pub async fn author(State(state): State<SharedState>, Path(name): Path<String>) -> Page {
    state
        .read(move |corpus| {
            let profile = author_profile(corpus, &name)?;
            Ok(profile_page(&profile, "author"))
        })
        .await
        .into()
}

/// The page of a source or an author.
fn profile_page(profile: &Profile, kind: &str) -> Markup {
    let name = &profile.name;
    let (title, chart_title) = if kind == "source" {
        (name.clone(), format!("Articles from {name} over time"))
    } else {
        (
            format!("Articles by {name}"),
            format!("Articles by {name} over time"),
        )
    };
    let period_filters: Vec<(&str, &str)> = match &profile.filters.source {
        Some(source) => vec![("source", source.as_str())],
        None => vec![("q", profile.query.as_str())],
    };
    let undated = profile.undated();
    let facet = |counts: &FacetCounts, href: &dyn Fn(&str) -> String| -> Markup {
        html! { ul { @for (value, n) in counts { li { a href=(href(value)) { (value) } " " span.muted { (n) } } } } }
    };
    let search_with = |key: &'static str| {
        let base: Vec<(String, String)> = period_filters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |value: &str| -> String {
            let mut pairs: Vec<(&str, &str)> =
                base.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            pairs.push((key, value));
            search_href(&pairs)
        }
    };
    layout(
        &title,
        "",
        html! {
            h1 { (title) }
            p.muted {
                (count(profile.articles, "article", "articles"))
                @if profile.results < profile.articles { " (" (count(profile.results, "text", "texts")) " once copies are folded)" }
                " · " a href=(profile.search_link()) { "search its articles" }
                @if kind == "source" { " · " a href="/sources" { "all sources" } }
            }
            h2 { "Articles over time" }
            @match &profile.per_day {
                Ok(days) => {
                    (crate::charts::time_chart(&chart_title, days, &|first, last| period_href(&period_filters, first, last), "No article of it has a date."))
                    @if undated > 0 {
                        p.muted.undated { (count(undated as usize, "article has", "articles have")) " no date (" (DATE_UNKNOWN) ") and " @if undated == 1 { "is" } @else { "are" } " not in this chart." }
                    }
                }
                Err(why) => { p.muted { (why) } }
            }
            div.grid {
                @if kind == "author" && !profile.sources.is_empty() {
                    section {
                        h2 { "Sources" }
                        ul { @for (site, n) in &profile.sources { li { a href=(source_href(site)) { (site) } " " span.muted { (n) } } } }
                    }
                }
                section {
                    h2 { "Languages" }
                    (facet(&profile.languages, &search_with("lang")))
                }
                section {
                    h2 { "Top entities" }
                    ul { @for (entity, n) in &profile.entities { li { a href=(entity_href(entity)) { (entity) } " " span.muted { (n) } } } }
                }
            }
            h2 { "Latest articles" }
            ol.results {
                @for hit in &profile.latest {
                    li {
                        h3 { a href=(format!("/articles/{}", hit.id)) { (hit.title.as_deref().unwrap_or("(untitled)")) } }
                        p.meta {
                            (day_or_unknown(hit.date.as_deref()))
                            @if kind == "author" { " · " (source_link(hit.source.as_deref())) }
                            " · " (hit.language.as_deref().unwrap_or("?"))
                            @if hit.copies > 0 { " · " a href=(format!("/articles/{}#copies", hit.id)) { (hit.copies) " more " @if hit.copies == 1 { "copy" } @else { "copies" } } }
                        }
                    }
                }
            }
        },
    )
}
