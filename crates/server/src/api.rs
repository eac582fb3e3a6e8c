//! The JSON API. Every handler parses and bounds its input, runs the corpus
//! call on the blocking pool, and answers JSON; errors are
//! `{"error": {"status", "message"}}` with the matching HTTP status.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use newsdesk_corpus::{CorpusReader, Filters, SearchRequest, Sort};
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};
use newsdesk_ingest::{Outcome, PoliteFetcher, PoliteOptions};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::jobs::MAX_JOB_SOURCES;
use crate::{ServerError, SharedState};

/// Largest page of results.
pub const MAX_LIMIT: usize = 100;
/// Deepest offset into results.
pub const MAX_OFFSET: usize = 10_000;

/// Query parameters of `/api/search` (and of the UI's search page).
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    pub lang: Option<String>,
    pub source: Option<String>,
    pub entity: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// `true` to list every copy instead of one per duplicate group.
    pub all_copies: Option<bool>,
}

impl SearchParams {
    /// The corpus request, with empty filters dropped and bounds applied.
    pub fn request(&self, facets: bool) -> Result<SearchRequest, ServerError> {
        let keep = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let sort = match self.sort.as_deref().unwrap_or("relevance") {
            "relevance" | "" => Sort::Relevance,
            "date" => Sort::Date,
            other => {
                return Err(ServerError::BadRequest(format!(
                    "sort must be relevance or date, not {other:?}"
                )))
            }
        };
        Ok(SearchRequest {
            query: self.q.clone(),
            filters: Filters {
                lang: keep(&self.lang),
                source: keep(&self.source),
                entity: keep(&self.entity),
                since: keep(&self.since),
                until: keep(&self.until),
            },
            sort,
            limit: self.limit.unwrap_or(10).clamp(1, MAX_LIMIT),
            offset: self.offset.unwrap_or(0).min(MAX_OFFSET),
            collapse: !self.all_copies.unwrap_or(false),
            facets,
        })
    }
}

pub async fn search(
    State(state): State<SharedState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Value>, ServerError> {
    let request = params.request(true)?;
    let results = state
        .read(move |corpus| Ok(corpus.search(&request)?))
        .await?;
    Ok(Json(json!({
        "total": results.total,
        "limit": params.limit.unwrap_or(10).clamp(1, MAX_LIMIT),
        "offset": params.offset.unwrap_or(0).min(MAX_OFFSET),
        "hits": results.hits,
        "facets": results.facets,
    })))
}

pub async fn stats(State(state): State<SharedState>) -> Result<Json<Value>, ServerError> {
    let stats = state
        .read(|corpus| {
            let mut value = serde_json::to_value(corpus.stats()?).map_err(internal)?;
            value["indexed"] = corpus.indexed()?.into();
            Ok(value)
        })
        .await?;
    Ok(Json(stats))
}

/// An article: its record, analysis, duplicate group (with members), story and revisions.
pub async fn article(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ServerError> {
    let value = state.read(move |corpus| article_json(corpus, id)).await?;
    Ok(Json(value))
}

pub fn article_json(corpus: &dyn CorpusReader, id: i64) -> Result<Value, ServerError> {
    let store = corpus;
    let stored = store
        .article(id)?
        .ok_or_else(|| ServerError::NotFound(format!("no article {id}")))?;
    let analysis = store.analysis(id)?;
    let group = store.dup_group(stored.dup_group)?;
    let members = match &group {
        Some(g) => store
            .articles(&g.members)?
            .into_iter()
            .map(|a| json!({"id": a.id, "url": a.article.url, "source": a.domain, "date": a.date, "title": a.article.title}))
            .collect(),
        None => Vec::new(),
    };
    let story = store.story(stored.story_id)?;
    let revisions = store.revisions(&stored.key)?;
    Ok(json!({
        "id": stored.id,
        "key": stored.key,
        "revision": stored.revision,
        "latest": stored.latest,
        "date": stored.date,
        "source_domain": stored.domain,
        "article": stored.article,
        "analysis": analysis,
        "duplicates": group.map(|g| json!({"id": g.id, "original": g.original, "members": members})),
        "story": story.map(|s| json!({"id": s.id, "title": s.title, "size": s.size, "first_seen": s.first_seen, "last_seen": s.last_seen})),
        "revisions": revisions.into_iter().map(|(id, revision, ingested_at)| json!({"id": id, "revision": revision, "ingested_at": ingested_at})).collect::<Vec<_>>(),
        "translation_of": stored.translation_of,
        "translations": stored.translations,
    }))
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub min_size: Option<i64>,
    pub kind: Option<String>,
}

pub async fn stories(
    State(state): State<SharedState>,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, ServerError> {
    let limit = params.limit.unwrap_or(20).clamp(1, MAX_LIMIT);
    let min_size = params.min_size.unwrap_or(2).max(1);
    let list = state
        .read(move |corpus| Ok(corpus.stories(min_size, limit)?))
        .await?;
    Ok(Json(
        json!({"stories": list, "limit": limit, "min_size": min_size}),
    ))
}

/// A story with its articles on a timeline (by day), sources and languages.
pub async fn story(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
) -> Result<Json<Value>, ServerError> {
    let story = state
        .read(move |corpus| {
            corpus
                .story(id)?
                .ok_or_else(|| ServerError::NotFound(format!("no story {id}")))
        })
        .await?;
    let mut timeline: Vec<(String, Vec<i64>)> = Vec::new();
    for a in &story.articles {
        let day = a
            .date
            .as_deref()
            .and_then(|d| d.get(..10))
            .unwrap_or("unknown")
            .to_string();
        match timeline.last_mut() {
            Some((last, ids)) if *last == day => ids.push(a.id),
            _ => timeline.push((day, vec![a.id])),
        }
    }
    let timeline: Vec<Value> = timeline
        .into_iter()
        .map(|(day, ids)| json!({"day": day, "articles": ids}))
        .collect();
    let mut value = serde_json::to_value(&story).map_err(internal)?;
    value["timeline"] = Value::Array(timeline);
    Ok(Json(value))
}

pub async fn entities(
    State(state): State<SharedState>,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, ServerError> {
    let limit = params.limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    let offset = params.offset.unwrap_or(0).min(MAX_OFFSET);
    let kind = params.kind.clone().filter(|k| !k.is_empty());
    let list = state
        .read(move |corpus| Ok(corpus.top_entities(kind.as_deref(), limit, offset)?))
        .await?;
    Ok(Json(
        json!({"entities": list, "limit": limit, "offset": offset}),
    ))
}

pub async fn entity(
    State(state): State<SharedState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let profile = state
        .read(move |corpus| {
            corpus
                .entity(&name)?
                .ok_or_else(|| ServerError::NotFound(format!("no article mentions {name:?}")))
        })
        .await?;
    Ok(Json(serde_json::to_value(profile).map_err(internal)?))
}

/// The body of `POST /api/extract` and `POST /api/analyze`: a page given
/// as HTML or text, or a URL to fetch (which needs the token).
#[derive(Debug, Deserialize)]
pub struct PageInput {
    pub html: Option<String>,
    pub text: Option<String>,
    pub url: Option<String>,
}

pub async fn extract(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Json(input): Json<PageInput>,
) -> Result<Json<Value>, ServerError> {
    let article = page_article(&state, &headers, input).await?;
    Ok(Json(serde_json::to_value(article).map_err(internal)?))
}

pub async fn analyze(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Json(input): Json<PageInput>,
) -> Result<Json<Value>, ServerError> {
    let mut article = page_article(&state, &headers, input).await?;
    let analysis = tokio::task::spawn_blocking(move || {
        let analysis = newsdesk_analyze::analyze_article(&article);
        if analysis.language.is_some() {
            article.language.clone_from(&analysis.language);
        }
        (article, analysis)
    })
    .await
    .map_err(|e| ServerError::Internal(e.to_string()))?;
    Ok(Json(json!({"article": analysis.0, "analysis": analysis.1})))
}

async fn page_article(
    state: &SharedState,
    headers: &HeaderMap,
    input: PageInput,
) -> Result<newsdesk_extract::Article, ServerError> {
    let (bytes, kind, url, content_type) = match (input.html, input.text, input.url) {
        (Some(html), None, url) => (html.into_bytes(), InputKind::Html, url, None),
        (None, Some(text), url) => (text.into_bytes(), InputKind::Text, url, None),
        (None, None, Some(url)) => {
            state.token.check(headers)?;
            state.limiter.take()?;
            let page = fetch(state, url.clone()).await?;
            (
                page.bytes,
                InputKind::Auto,
                page.url.or(Some(url)),
                page.content_type,
            )
        }
        (Some(_), Some(_), _) => {
            return Err(ServerError::BadRequest(
                "give html or text, not both".into(),
            ))
        }
        (None, None, None) => return Err(ServerError::BadRequest("give html, text or url".into())),
    };
    tokio::task::spawn_blocking(move || {
        let options = ExtractOptions {
            url,
            content_type,
            input_kind: kind,
        };
        extract_article(&bytes, &options).map_err(|e| ServerError::BadRequest(e.to_string()))
    })
    .await
    .map_err(|e| ServerError::Internal(e.to_string()))?
}

/// Whether `raw` is an absolute http(s) URL with a host, checked before
/// anything is fetched or a job is started, so that a URL the fetcher could
/// not even parse (`http://`, `http://:80/`) is the client's 400 and not a
/// fetch failure reported later. Which *addresses* may be fetched is the
/// fetcher's decision (its resolver refuses private ones at connect time).
pub fn check_url(raw: &str) -> Result<(), ServerError> {
    let parsed = newsdesk_ingest::inputs::is_url(raw)
        .then(|| url::Url::parse(raw).ok())
        .flatten();
    match parsed {
        Some(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(())
        }
        _ => Err(ServerError::BadRequest(format!(
            "not an http(s) URL: {raw:?} (the API fetches from the web only)"
        ))),
    }
}

async fn fetch(state: &SharedState, url: String) -> Result<newsdesk_ingest::Page, ServerError> {
    check_url(&url)?;
    let allow_private = state.allow_private;
    tokio::task::spawn_blocking(move || {
        let fetcher = PoliteFetcher::new(PoliteOptions {
            allow_private,
            max_retries: 1,
            ..PoliteOptions::default()
        });
        match fetcher.fetch(&url, None) {
            Outcome::Fetched { page, .. } => Ok(page),
            Outcome::NotModified => Err(ServerError::Unavailable(
                "the server answered 304 Not Modified".into(),
            )),
            Outcome::Refused(refusal) => {
                Err(ServerError::BadRequest(format!("not fetched: {refusal}")))
            }
            Outcome::Failed { error, .. } => Err(ServerError::Unavailable(format!(
                "fetching failed: {error}"
            ))),
        }
    })
    .await
    .map_err(|e| ServerError::Internal(e.to_string()))?
}

/// The body of `POST /api/ingest`.
#[derive(Debug, Deserialize)]
pub struct IngestInput {
    /// Page, feed or sitemap URLs (http or https).
    pub urls: Vec<String>,
}

pub async fn ingest(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Json(input): Json<IngestInput>,
) -> Result<(axum::http::StatusCode, Json<Value>), ServerError> {
    state.token.check(&headers)?;
    state.limiter.take()?;
    if input.urls.is_empty() || input.urls.len() > MAX_JOB_SOURCES {
        return Err(ServerError::BadRequest(format!(
            "give between 1 and {MAX_JOB_SOURCES} urls"
        )));
    }
    for url in &input.urls {
        check_url(url)?;
    }
    let id = state.jobs.start(
        state.dir.clone(),
        input.urls,
        state.allow_private,
        state.fetch_delay,
    )?;
    Ok((
        axum::http::StatusCode::ACCEPTED,
        Json(json!({"job": id, "status": format!("/api/jobs/{id}")})),
    ))
}

pub async fn job(
    State(state): State<SharedState>,
    Path(id): Path<u64>,
) -> Result<Json<Value>, ServerError> {
    let status = state
        .jobs
        .status(id)?
        .ok_or_else(|| ServerError::NotFound(format!("no job {id}")))?;
    Ok(Json(serde_json::to_value(status).map_err(internal)?))
}

pub async fn not_found() -> ServerError {
    ServerError::NotFound("no such API endpoint (see /api/openapi.json)".into())
}

fn internal(error: impl std::fmt::Display) -> ServerError {
    ServerError::Internal(error.to_string())
}
