//! Who is quoted on a topic: for a search (`GET /api/quoted?q=…` with the
//! search's filters, the `/quoted` page, a section of the search page) or a
//! story (a section of its page and `quoted` in `/api/stories/{id}`), the
//! speakers ranked by how many different quotes they have there, with
//! their quotes. Copies of a text count once
//! ([`newsdesk_corpus::quoted`]).
//!
//! A search's matches are found by the index (ids and duplicate groups from
//! its columns, newest first) and only their attributed quotes are read from
//! the store, at most [`newsdesk_corpus::MAX_QUOTED_ARTICLES`] articles
//! (`complete` says whether that was all of them); the search page reads the
//! newest [`SEARCH_PAGE_ARTICLES`] only and links the rest. A story's
//! quotes are its articles'. The PostgreSQL backend ranks a search's
//! speakers with the same pure function; a backend that cannot answers 400
//! saying so.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use newsdesk_corpus::quoted::rank_speakers;
use newsdesk_corpus::store::Story;
use newsdesk_corpus::{CorpusReader, Filters, Quoted, QuotedSpeaker, MAX_QUOTED_ARTICLES};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::check_dates;
use crate::ui::{count, day_or_unknown, entity_href, layout, search_href};
use crate::{ServerError, SharedState};

/// Matching articles whose quotes the search page reads (the newest).
pub const SEARCH_PAGE_ARTICLES: usize = 1000;
/// Speakers the search and story pages show.
pub const SECTION_SPEAKERS: usize = 5;
/// Quotes listed per speaker when `quotes` is not given.
const DEFAULT_QUOTES: usize = 5;
/// Quotes listed per speaker at most.
const MAX_QUOTES: usize = 50;
/// Speakers on a page when `limit` is not given.
const DEFAULT_SPEAKERS: usize = 10;

/// Query parameters of `/api/quoted` and `/quoted`.
#[derive(Debug, Default, Deserialize)]
pub struct QuotedParams {
    #[serde(default)]
    pub q: String,
    pub lang: Option<String>,
    pub source: Option<String>,
    pub entity: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Speakers per page.
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    /// Quotes listed per speaker.
    pub quotes: Option<usize>,
}

/// The checked request: query, filters, page and quotes per speaker.
struct Asked {
    query: String,
    filters: Filters,
    limit: usize,
    offset: usize,
    quotes: usize,
}

impl QuotedParams {
    fn asked(&self) -> Result<Asked, ServerError> {
        let keep = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let filters = Filters {
            lang: keep(&self.lang),
            source: keep(&self.source),
            entity: keep(&self.entity),
            since: keep(&self.since),
            until: keep(&self.until),
        };
        check_dates(filters.since.as_deref(), filters.until.as_deref())?;
        let quotes = match self.quotes {
            None => DEFAULT_QUOTES,
            Some(n) if (1..=MAX_QUOTES).contains(&n) => n,
            Some(n) => {
                return Err(ServerError::BadRequest(format!(
                    "quotes must be between 1 and {MAX_QUOTES}, not {n}"
                )))
            }
        };
        Ok(Asked {
            query: self.q.clone(),
            filters,
            limit: crate::api::limit(self.limit, DEFAULT_SPEAKERS)?,
            offset: crate::api::offset(self.offset)?,
            quotes,
        })
    }
}

pub async fn api_quoted(
    State(state): State<SharedState>,
    Query(params): Query<QuotedParams>,
) -> Result<Json<Value>, ServerError> {
    let asked = params.asked()?;
    let (query, filters, quotes) = (asked.query.clone(), asked.filters.clone(), asked.quotes);
    let found = state
        .read(move |corpus| Ok(corpus.quoted(&query, &filters, quotes, MAX_QUOTED_ARTICLES)?))
        .await?;
    let page: Vec<&QuotedSpeaker> = found
        .speakers
        .iter()
        .skip(asked.offset)
        .take(asked.limit)
        .collect();
    Ok(Json(json!({
        "q": asked.query,
        "speakers": page,
        "total": found.speakers_total,
        "limit": asked.limit,
        "offset": asked.offset,
        "articles_read": found.articles_read,
        "complete": found.complete,
    })))
}

/// `/quoted?q=…`: every speaker of a search, paged.
pub async fn quoted_page(
    State(state): State<SharedState>,
    Query(params): Query<QuotedParams>,
) -> Response {
    let refused = |status: StatusCode, message: &str, q: &str| -> Response {
        let page = layout(
            "Who is quoted",
            q,
            html! { h1 { "Who is quoted" } p role="alert" { "That cannot be shown: " (message) } },
        );
        (status, Html(page.into_string())).into_response()
    };
    let asked = match params.asked() {
        Ok(a) => a,
        Err(e) => return refused(e.status(), &e.to_string(), &params.q),
    };
    let (query, filters, quotes) = (asked.query.clone(), asked.filters.clone(), asked.quotes);
    let found = match state
        .read(move |corpus| Ok(corpus.quoted(&query, &filters, quotes, MAX_QUOTED_ARTICLES)?))
        .await
    {
        Ok(found) => found,
        Err(e) => return refused(e.status(), &e.to_string(), &params.q),
    };
    let q = asked.query.as_str();
    let search = filtered_href("/search", &asked);
    let page_href = |offset: usize| -> String {
        let mut href = filtered_href("/quoted", &asked);
        if asked.limit != DEFAULT_SPEAKERS {
            href.push_str(&format!("&limit={}", asked.limit));
        }
        href.push_str(&format!("&offset={offset}"));
        href
    };
    let shown: Vec<QuotedSpeaker> = found
        .speakers
        .iter()
        .skip(asked.offset)
        .take(asked.limit)
        .cloned()
        .collect();
    let title = if q.is_empty() {
        "Who is quoted".to_string()
    } else {
        format!("Who is quoted: {q}")
    };
    let body = html! {
        h1 { (title) }
        p.muted role="status" {
            (count(found.speakers_total, "speaker", "speakers")) " in "
            (count(found.articles_read, "matching article", "matching articles"))
            @if !found.complete { " (the newest; more match)" }
            @if !shown.is_empty() { ", showing " (asked.offset + 1) "–" (asked.offset + shown.len()) }
            " · " a href=(search) { "back to the search" }
        }
        (speaker_list(&shown))
        (crate::ui::pager(found.speakers_total as u64, asked.limit, asked.offset, &page_href))
    };
    Html(layout(&title, q, body).into_string()).into_response()
}

/// `base` with the query and filters asked.
fn filtered_href(base: &str, asked: &Asked) -> String {
    let f = &asked.filters;
    let pairs = [
        ("q", asked.query.as_str()),
        ("lang", f.lang.as_deref().unwrap_or("")),
        ("source", f.source.as_deref().unwrap_or("")),
        ("entity", f.entity.as_deref().unwrap_or("")),
        ("since", f.since.as_deref().unwrap_or("")),
        ("until", f.until.as_deref().unwrap_or("")),
    ];
    search_href(&pairs).replacen("/search", base, 1)
}

/// Speakers with their counts and quotes.
pub(crate) fn speaker_list(speakers: &[QuotedSpeaker]) -> Markup {
    html! {
        ol.speakers {
            @for s in speakers {
                li {
                    h3 { a href=(entity_href(&s.speaker)) { (s.speaker) } " " span.muted { (count(s.quotes, "quote", "quotes")) " · " (count(s.articles, "article", "articles")) } }
                    @for q in &s.said {
                        blockquote { (q.text) }
                        p.muted.cite { a href=(format!("/articles/{}", q.article_id)) { (q.title.as_deref().unwrap_or("(untitled)")) } " · " (day_or_unknown(q.date.as_deref())) }
                    }
                }
            }
        }
    }
}

/// The "Who is quoted" section of the search page: the first speakers of
/// the newest matches, and a link to all of them.
pub(crate) fn search_section(found: &Quoted, all_href: &str) -> Markup {
    html! {
        @if !found.speakers.is_empty() {
            section.quoted aria-label="Who is quoted" {
                h2 { "Who is quoted" }
                p.muted {
                    (count(found.speakers_total, "speaker", "speakers")) " in "
                    @if found.complete { "the matching articles" } @else { "the newest " (found.articles_read) " matching articles" }
                    " · " a href=(all_href) { "all speakers and quotes" }
                }
                (speaker_list(&found.speakers[..found.speakers.len().min(SECTION_SPEAKERS)]))
            }
        }
    }
}

/// Who is quoted in a story's articles (copies count once), ranked.
pub fn story_quoted(
    corpus: &dyn CorpusReader,
    story: &Story,
    per_speaker: usize,
) -> Result<(Vec<QuotedSpeaker>, usize), ServerError> {
    let mut rows = Vec::new();
    for article in &story.articles {
        for quote in corpus.article_quotes(article.id)? {
            rows.push((quote, article.dup_group));
        }
    }
    // Newest first, undated last (a stable sort keeps each article's order).
    rows.sort_by(|(a, _), (b, _)| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then_with(|| b.date.cmp(&a.date))
    });
    Ok(rank_speakers(rows, per_speaker))
}
