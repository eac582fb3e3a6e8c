//! An Atom feed of any search (`GET /feed?q=…`, with the search page's
//! filters), so a newsroom can subscribe to a topic in any feed reader.
//!
//! Entries are the search's results with copies folded, newest first unless
//! `sort` says otherwise; each links to the article page and, when it is a
//! web address, to the original. Atom requires a time on every entry, so
//! articles without a date are left out of feeds. Links are relative to the
//! feed's own address, which feed readers resolve (RFC 4287 §2).

use std::fmt::Write as _;

use axum::extract::{Query, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use newsdesk_corpus::{SearchHit, Sort};

use crate::api::SearchParams;
use crate::{ServerError, SharedState};

/// The feed's media type.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

pub async fn search_feed(
    State(state): State<SharedState>,
    RawQuery(raw): RawQuery,
    Query(params): Query<SearchParams>,
) -> Result<Response, ServerError> {
    let mut request = params.request(false)?;
    if params.sort.is_none() {
        request.sort = Sort::Date;
    }
    let results = state
        .read(move |corpus| Ok(corpus.search(&request)?))
        .await?;
    let query = raw.unwrap_or_default();
    let body = render(&params.q, &query, &results.hits);
    Ok(([(header::CONTENT_TYPE, ATOM)], body).into_response())
}

/// The feed document for the hits of the search `q` (its query string `query`).
pub fn render(q: &str, query: &str, hits: &[SearchHit]) -> String {
    let dated: Vec<&SearchHit> = hits.iter().filter(|h| h.date.is_some()).collect();
    let updated = dated
        .iter()
        .filter_map(|h| h.date.as_deref())
        .max()
        .unwrap_or("1970-01-01T00:00:00Z");
    let title = if q.trim().is_empty() {
        "newsdesk: latest articles".to_string()
    } else {
        format!("newsdesk: {}", q.trim())
    };
    let mut out = String::with_capacity(1024 + 512 * dated.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(out, "  <title>{}</title>", escape(&title));
    let _ = writeln!(out, "  <id>urn:newsdesk:search:{}</id>", escape(query));
    let _ = writeln!(out, "  <updated>{}</updated>", escape(updated));
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"/feed?{}\"/>",
        escape(query)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"/search?{}\"/>",
        escape(query)
    );
    out.push_str("  <generator>newsdesk</generator>\n");
    for hit in dated {
        entry(&mut out, hit);
    }
    out.push_str("</feed>\n");
    out
}

fn entry(out: &mut String, hit: &SearchHit) {
    let title = hit.title.as_deref().unwrap_or("(untitled)");
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", escape(title));
    let _ = writeln!(out, "    <id>urn:newsdesk:article:{}</id>", hit.id);
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"/articles/{}\"/>",
        hit.id
    );
    if let Some(url) = hit.url.as_deref().filter(|u| is_web_address(u)) {
        let _ = writeln!(out, "    <link rel=\"related\" href=\"{}\"/>", escape(url));
    }
    if let Some(date) = hit.date.as_deref() {
        let _ = writeln!(out, "    <updated>{}</updated>", escape(date));
    }
    let source = hit.source.as_deref().unwrap_or("unknown source");
    let _ = writeln!(out, "    <author><name>{}</name></author>", escape(source));
    if !hit.snippet.is_empty() {
        let _ = writeln!(out, "    <summary>{}</summary>", escape(&hit.snippet));
    }
    out.push_str("  </entry>\n");
}

fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Text for XML content and attribute values: the five markup characters
/// escaped, and characters XML 1.0 forbids (most C0 controls) dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: i64, title: &str, date: Option<&str>) -> SearchHit {
        SearchHit {
            id,
            score: 1.0,
            title: Some(title.into()),
            url: Some("javascript:alert(1)".into()),
            source: None,
            date: date.map(str::to_string),
            language: Some("en".into()),
            snippet: "Dock <b>workers</b> & \u{1}crews".into(),
            highlights: Vec::new(),
            dup_group: id,
            copies: 0,
            story: 0,
        }
    }

    #[test]
    fn entries_are_escaped_dated_and_link_only_to_web_addresses() {
        let hits = [
            hit(1, "Strike <ends> & \"talks\"", Some("2024-03-05T10:00:00Z")),
            hit(2, "Undated", None),
        ];
        let feed = render("strike & pay", "q=strike+%26+pay", &hits);
        assert!(
            feed.contains("<title>newsdesk: strike &amp; pay</title>"),
            "{feed}"
        );
        assert!(feed.contains("<title>Strike &lt;ends&gt; &amp; &quot;talks&quot;</title>"));
        assert!(feed.contains("<updated>2024-03-05T10:00:00Z</updated>"));
        assert!(feed.contains("<summary>Dock &lt;b&gt;workers&lt;/b&gt; &amp; crews</summary>"));
        assert!(!feed.contains("Undated"), "an entry needs a time: {feed}");
        assert!(!feed.contains("javascript:"), "{feed}");
        assert!(feed.contains("<name>unknown source</name>"));
    }
}
