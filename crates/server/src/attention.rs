//! Attention over time: how many articles matched one or more searches in
//! each day, week, month or year, beside all articles of the same filters,
//! so a count can be read as a share (`GET /api/attention?q=…&q=…`, JSON or
//! CSV). This is the measure media researchers compare topics by.
//!
//! Every search and the baseline are counted per day by the index (a date
//! histogram over the matches), then put on one time axis: the periods of
//! the baseline's range, empty ones included ([`crate::charts::timeline_by`]).
//! Copies count each (attention is how often a thing was published);
//! undated articles are in no period.

use std::fmt::Write as _;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsdesk_corpus::Filters;
use serde_json::json;

use crate::api::check_dates;
use crate::charts::{add_counts, timeline_by, Bar, Period};
use crate::{ServerError, SharedState};

/// Searches compared in one request, at most.
pub const MAX_SERIES: usize = 5;

/// What was asked: the searches, the filters they share, the period and format.
#[derive(Debug, Default)]
struct Asked {
    queries: Vec<String>,
    filters: Filters,
    period: Option<Period>,
    csv: bool,
}

/// One search's counts on the shared axis.
struct Series {
    query: String,
    bars: Vec<Bar>,
}

pub async fn attention(
    State(state): State<SharedState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServerError> {
    let asked = read_parameters(raw.as_deref().unwrap_or(""))?;
    let queries = asked.queries.clone();
    let filters = asked.filters.clone();
    let (baseline, per_query) = state
        .read(move |corpus| {
            let baseline = corpus.matches_per_day("", &filters)?;
            let per_query = queries
                .iter()
                .map(|q| corpus.matches_per_day(q, &filters))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((baseline, per_query))
        })
        .await?;
    let (period, all) = timeline_by(&baseline, asked.period);
    let series: Vec<Series> = asked
        .queries
        .iter()
        .zip(&per_query)
        .map(|(query, days)| {
            let mut bars: Vec<Bar> = all
                .iter()
                .map(|b| Bar {
                    count: 0,
                    ..b.clone()
                })
                .collect();
            add_counts(&mut bars, days);
            Series {
                query: query.clone(),
                bars,
            }
        })
        .collect();
    if asked.csv {
        let body = csv(&all, &series);
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"newsdesk-attention.csv\"",
                ),
            ],
            body,
        )
            .into_response());
    }
    let share = |n: i64, of: i64| if of > 0 { n as f64 / of as f64 } else { 0.0 };
    Ok(Json(json!({
        "by": period.name(),
        "periods": all.iter().map(|b| json!({"label": b.label, "first": b.first.to_string(), "last": b.last.to_string()})).collect::<Vec<_>>(),
        "all": all.iter().map(|b| b.count).collect::<Vec<_>>(),
        "series": series.iter().map(|s| json!({
            "q": s.query,
            "total": s.bars.iter().map(|b| b.count).sum::<i64>(),
            "counts": s.bars.iter().map(|b| b.count).collect::<Vec<_>>(),
            "share": s.bars.iter().zip(&all).map(|(b, a)| share(b.count, a.count)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// The parameters, checked: `q` (repeated, up to [`MAX_SERIES`]; none
/// gives the baseline alone), the
/// search filters, `by` and `format`; anything unusable is a 400 naming it.
fn read_parameters(raw: &str) -> Result<Asked, ServerError> {
    let mut asked = Asked::default();
    let bad = |message: String| Err(ServerError::BadRequest(message));
    for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
        let value = value.trim().to_string();
        let keep = || (!value.is_empty()).then(|| value.clone());
        match key.as_ref() {
            "q" => asked.queries.push(value.clone()),
            "lang" => asked.filters.lang = keep(),
            "source" => asked.filters.source = keep(),
            "entity" => asked.filters.entity = keep(),
            "since" => asked.filters.since = keep(),
            "until" => asked.filters.until = keep(),
            "by" => match Period::parse(&value) {
                Some(period) => asked.period = Some(period),
                None if value.is_empty() => {}
                None => {
                    return bad(format!(
                        "by must be day, week, month or year, not {value:?}"
                    ))
                }
            },
            "format" => match value.as_str() {
                "csv" => asked.csv = true,
                "json" | "" => asked.csv = false,
                other => return bad(format!("format must be json or csv, not {other:?}")),
            },
            other => {
                return bad(format!(
                "unknown parameter {other:?} (q, lang, source, entity, since, until, by, format)"
            ))
            }
        }
    }
    if asked.queries.len() > MAX_SERIES {
        return bad(format!(
            "q is given {} times; at most {MAX_SERIES} searches",
            asked.queries.len()
        ));
    }
    check_dates(
        asked.filters.since.as_deref(),
        asked.filters.until.as_deref(),
    )?;
    Ok(asked)
}

/// One row per period: its first day, all articles, then each search's count and share.
fn csv(all: &[Bar], series: &[Series]) -> String {
    let mut out = String::from("period,first,last,all");
    for s in series {
        let name = csv_field(&s.query);
        let _ = write!(out, ",{name},{}", csv_field(&format!("{} share", s.query)));
    }
    out.push('\n');
    for (i, bar) in all.iter().enumerate() {
        let _ = write!(
            out,
            "{},{},{},{}",
            bar.label, bar.first, bar.last, bar.count
        );
        for s in series {
            let n = s.bars.get(i).map_or(0, |b| b.count);
            let share = if bar.count > 0 {
                n as f64 / bar.count as f64
            } else {
                0.0
            };
            let _ = write!(out, ",{n},{share:.6}");
        }
        out.push('\n');
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break; a
/// leading `=`, `+`, `-` or `@` is escaped so spreadsheets do not run it.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
