//! The JSON API. Every handler parses and checks its input, runs the corpus
//! call on the blocking pool, and answers JSON; errors are
//! `{"error": {"status", "message"}}` with the matching HTTP status.
//!
//! A parameter that cannot be used is a 400 whose message names it
//! (`limit` out of 1..100, `since` after `until`, an unknown `kind`, an id
//! that is not a number): nothing is clamped or ignored silently. Lists
//! (search, stories, entities) answer their `total` and echo the `limit`
//! and `offset` applied; a search's `total` counts what its pages walk
//! through (copies folded unless `all_copies`), `matches` every matching
//! article. Entity pages are found by any name articles give the entity
//! ([`resolve_entity`]).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use newsdesk_corpus::query::quote_phrase;
use newsdesk_corpus::{CorpusReader, EntityProfile, Filters, SearchRequest, Sort};
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};
use newsdesk_ingest::{Outcome, PoliteFetcher, PoliteOptions};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::jobs::MAX_JOB_SOURCES;
use crate::{ServerError, SharedState};

/// Largest page of results.
pub const MAX_LIMIT: usize = 100;
/// Results on a page of search when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 10;
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
    /// The corpus request, with empty filters dropped; a parameter out of
    /// bounds or unreadable is a [`ServerError::BadRequest`] naming it.
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
        let since = keep(&self.since);
        let until = keep(&self.until);
        check_dates(since.as_deref(), until.as_deref())?;
        Ok(SearchRequest {
            query: self.q.clone(),
            filters: Filters {
                lang: keep(&self.lang),
                source: keep(&self.source),
                entity: keep(&self.entity),
                since,
                until,
            },
            sort,
            limit: limit(self.limit, DEFAULT_LIMIT)?,
            offset: offset(self.offset)?,
            collapse: !self.all_copies.unwrap_or(false),
            facets,
        })
    }
}

/// `limit`, `default` when absent; 400 outside 1..=[`MAX_LIMIT`].
pub fn limit(given: Option<usize>, default: usize) -> Result<usize, ServerError> {
    match given {
        None => Ok(default),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(ServerError::BadRequest(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {n}"
        ))),
    }
}

/// `offset`, 0 when absent; 400 past [`MAX_OFFSET`].
pub fn offset(given: Option<usize>) -> Result<usize, ServerError> {
    match given {
        None => Ok(0),
        Some(n) if n <= MAX_OFFSET => Ok(n),
        Some(n) => Err(ServerError::BadRequest(format!(
            "offset must be at most {MAX_OFFSET}, not {n}"
        ))),
    }
}

/// A day (`YYYY-MM-DD`) or an RFC 3339 time, as the date filters take them.
fn parse_bound(name: &str, raw: &str) -> Result<chrono::DateTime<chrono::Utc>, ServerError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| {
            ServerError::BadRequest(format!(
                "{name} must be a date (YYYY-MM-DD) or an RFC 3339 time, not {raw:?}"
            ))
        })
}

/// `since` and `until` readable, and `since` not after `until`.
pub fn check_dates(since: Option<&str>, until: Option<&str>) -> Result<(), ServerError> {
    let since = since.map(|s| parse_bound("since", s)).transpose()?;
    let until = until.map(|u| parse_bound("until", u)).transpose()?;
    if let (Some(since), Some(until)) = (since, until) {
        if since > until {
            return Err(ServerError::BadRequest(format!(
                "since ({}) is after until ({}): no article can match",
                since.format("%Y-%m-%d"),
                until.format("%Y-%m-%d")
            )));
        }
    }
    Ok(())
}

/// A numeric id from a path (`what` names it in the message).
pub fn parse_id(what: &str, raw: &str) -> Result<i64, ServerError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .ok_or_else(|| {
            ServerError::BadRequest(format!("{what} must be a whole number, not {raw:?}"))
        })
}

/// The kinds of entity there are (the `kind` filter's values).
pub const ENTITY_KINDS: [&str; 5] = ["person", "organization", "place", "event", "other"];

/// `kind`, if given and not empty; 400 when it is not one of [`ENTITY_KINDS`].
pub fn entity_kind(given: Option<&str>) -> Result<Option<String>, ServerError> {
    match given.map(str::trim).filter(|k| !k.is_empty()) {
        None => Ok(None),
        Some(k) if ENTITY_KINDS.contains(&k) => Ok(Some(k.to_string())),
        Some(k) => Err(ServerError::BadRequest(format!(
            "kind must be one of {}, not {k:?}",
            ENTITY_KINDS.join(", ")
        ))),
    }
}

pub async fn search(
    State(state): State<SharedState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Value>, ServerError> {
    let request = params.request(true)?;
    let (limit, offset, collapse) = (request.limit, request.offset, request.collapse);
    let results = state
        .read(move |corpus| Ok(corpus.search(&request)?))
        .await?;
    Ok(Json(json!({
        "total": if collapse { results.groups } else { results.total },
        "matches": results.total,
        "all_copies": !collapse,
        "limit": limit,
        "offset": offset,
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
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let id = parse_id("article id", &id)?;
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

/// `min_size`, 2 when absent; 400 below 1.
pub fn min_size(given: Option<i64>) -> Result<i64, ServerError> {
    match given {
        None => Ok(2),
        Some(n) if n >= 1 => Ok(n),
        Some(n) => Err(ServerError::BadRequest(format!(
            "min_size must be at least 1, not {n}"
        ))),
    }
}

/// An entity's profile by any of its names: the name as stored, else the
/// entity that articles name so (in any case, by an alias, or by the words
/// as written in the text) — see [`resolve_entity`]. Copies of one text
/// count once among its latest articles and quotes.
pub fn entity_profile(
    corpus: &dyn CorpusReader,
    name: &str,
) -> Result<Option<EntityProfile>, ServerError> {
    let profile = match corpus.entity(name)? {
        Some(profile) => Some(profile),
        None => match resolve_entity(corpus, name)? {
            Some(canonical) => corpus.entity(&canonical)?,
            None => None,
        },
    };
    Ok(profile.map(fold_copies))
}

/// Articles a name lookup reads at most.
const RESOLVE_ARTICLES: usize = 50;

/// The stored name of the entity that articles call `asked`, when no
/// entity is stored under `asked` itself: the articles an `entity:` search
/// finds (it ignores case), or failing that a search of the words in the
/// text, are read, and each of their entities is scored by how it matches
/// — its name in any case, one of its aliases, a mention's words in the
/// text, the asked words among its name's — the best kept.
pub fn resolve_entity(
    corpus: &dyn CorpusReader,
    asked: &str,
) -> Result<Option<String>, ServerError> {
    let wanted = asked.trim().to_lowercase();
    if wanted.is_empty() {
        return Ok(None);
    }
    let phrase = quote_phrase(asked.trim());
    for query in [format!("entity:{phrase}"), phrase.clone()] {
        let ids = match corpus.matching_ids(&query, RESOLVE_ARTICLES) {
            Ok(ids) => ids,
            Err(newsdesk_corpus::CorpusError::BadInput(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let mut scores: std::collections::HashMap<String, (u32, u32)> = Default::default();
        for id in ids {
            let Some(analysis) = corpus.analysis(id)? else {
                continue;
            };
            let text: Vec<char> = match corpus.article(id)? {
                Some(a) => a.article.text.chars().collect(),
                None => Vec::new(),
            };
            for e in &analysis.entities {
                let name = e.name.to_lowercase();
                let said = |m: &newsdesk_analyze::Mention| -> String {
                    text.get(m.start..m.end)
                        .map(|s| s.iter().collect::<String>().to_lowercase())
                        .unwrap_or_default()
                };
                let score = if name == wanted {
                    4
                } else if e.aliases.iter().any(|a| a.to_lowercase() == wanted) {
                    3
                } else if e
                    .mentions
                    .iter()
                    .map(said)
                    .chain(e.aliases.iter().map(|a| a.to_lowercase()))
                    .any(|form| form == wanted || inflected(&form, &wanted))
                {
                    2
                } else if wanted
                    .split_whitespace()
                    .all(|w| name.split_whitespace().any(|n| n == w))
                {
                    1
                } else {
                    0
                };
                if score > 0 {
                    let entry = scores.entry(e.name.clone()).or_default();
                    entry.0 = entry.0.max(score);
                    entry.1 += 1;
                }
            }
        }
        let best = scores
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(name, _)| name);
        if best.is_some() {
            return Ok(best);
        }
    }
    Ok(None)
}

/// Whether `form` is `wanted` with a short ending added or changed
/// ("стамбуле" for "стамбул"): the same first letters, at least four, and
/// at most three letters apart on either side.
fn inflected(form: &str, wanted: &str) -> bool {
    let form: Vec<char> = form.chars().collect();
    let wanted: Vec<char> = wanted.chars().collect();
    let common = form.iter().zip(&wanted).take_while(|(a, b)| a == b).count();
    common >= 4 && form.len() - common <= 3 && wanted.len() - common <= 3
}

/// The profile with one latest article per duplicate group and each quote
/// once (copies of a text carry the same quotes).
fn fold_copies(mut profile: EntityProfile) -> EntityProfile {
    let mut groups = std::collections::HashSet::new();
    profile.recent.retain(|a| groups.insert(a.dup_group));
    let mut said = std::collections::HashSet::new();
    profile
        .quotes
        .retain(|q| said.insert(q.text.split_whitespace().collect::<Vec<_>>().join(" ")));
    profile
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
    let limit = limit(params.limit, 20)?;
    let offset = offset(params.offset)?;
    let min_size = min_size(params.min_size)?;
    let (list, total) = state
        .read(move |corpus| {
            Ok((
                corpus.stories(min_size, limit, offset)?,
                corpus.count_stories(min_size)?,
            ))
        })
        .await?;
    Ok(Json(
        json!({"stories": list, "total": total, "limit": limit, "offset": offset, "min_size": min_size}),
    ))
}

/// Speakers listed with a story, at most.
const STORY_SPEAKERS: usize = 20;
/// Quotes listed per speaker of a story.
const STORY_QUOTES: usize = 5;

/// A story with its articles on a timeline (by day), sources, languages
/// and who is quoted in it.
pub async fn story(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let id = parse_id("story id", &id)?;
    let (story, quoted) = state
        .read(move |corpus| {
            let story = corpus
                .story(id)?
                .ok_or_else(|| ServerError::NotFound(format!("no story {id}")))?;
            let quoted = crate::quoted::story_quoted(corpus, &story, STORY_QUOTES)?;
            Ok((story, quoted))
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
    value["quoted"] = json!({
        "speakers": quoted.0.iter().take(STORY_SPEAKERS).collect::<Vec<_>>(),
        "total": quoted.1,
    });
    Ok(Json(value))
}

pub async fn entities(
    State(state): State<SharedState>,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, ServerError> {
    let limit = limit(params.limit, 50)?;
    let offset = offset(params.offset)?;
    let kind = entity_kind(params.kind.as_deref())?;
    let echo = kind.clone();
    let (list, total) = state
        .read(move |corpus| {
            Ok((
                corpus.top_entities(kind.as_deref(), limit, offset)?,
                corpus.count_entities(kind.as_deref())?,
            ))
        })
        .await?;
    Ok(Json(
        json!({"entities": list, "total": total, "limit": limit, "offset": offset, "kind": echo}),
    ))
}

pub async fn entity(
    State(state): State<SharedState>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let profile = state
        .read(move |corpus| {
            entity_profile(corpus, &name)?
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
    Path(id): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let id = id.trim().parse::<u64>().map_err(|_| {
        ServerError::BadRequest(format!("job id must be a whole number, not {id:?}"))
    })?;
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
