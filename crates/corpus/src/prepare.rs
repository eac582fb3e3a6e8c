//! The per-page work of ingesting, done in parallel before anything touches
//! the store: extract the article, analyse it, and compute what linking needs
//! (identity key, text hash, MinHash signature, story signals, the article's
//! date). Pure: a [`Capture`] in, a [`Prepared`] out.

use newsdesk_analyze::{analyze_article, Analysis};
use newsdesk_extract::{extract_article, Article, ExtractOptions, InputKind};
use url::Url;

use crate::dedup::{bytes_hash, signature, text_hash, Signature};
use crate::signals::story_keys;
use crate::translation::CopyPrint;

/// One page as it arrived, with where it came from.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    /// The source argument it came through (a file, an archive, a feed, a URL).
    pub source: String,
    /// Where inside the source: a path in a directory, a record offset in an archive.
    pub location: String,
    /// The page's URL, if known.
    pub url: Option<String>,
    /// When it was fetched (RFC 3339), if known.
    pub fetched_at: Option<String>,
    /// The HTTP `Content-Type`, if any (carries the charset).
    pub content_type: Option<String>,
    /// The raw bytes, as read or fetched.
    pub body: Vec<u8>,
    /// Scraped text rather than HTML.
    pub is_text: bool,
    /// Warnings from reading it (truncation, …).
    pub warnings: Vec<String>,
    /// The HTTP validators it came with, for a conditional re-fetch.
    pub etag: Option<String>,
    /// The `Last-Modified` header it came with (`etag` is the `ETag`).
    pub last_modified: Option<String>,
}

/// A page ready to be linked and stored.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// What is kept of the capture.
    pub capture: CaptureFacts,
    /// The article and its analysis, or why there is none.
    pub outcome: Result<Box<Document>, String>,
}

/// What is kept of a capture once it has been processed.
#[derive(Debug, Clone)]
pub struct CaptureFacts {
    /// See [`Capture::source`].
    pub source: String,
    /// See [`Capture::location`].
    pub location: String,
    /// See [`Capture::url`].
    pub url: Option<String>,
    /// See [`Capture::fetched_at`].
    pub fetched_at: Option<String>,
    /// Hash of the raw bytes (and URL): the same capture ingested again is skipped.
    pub hash: u64,
    /// See [`Capture::etag`].
    pub etag: Option<String>,
    /// See [`Capture::last_modified`].
    pub last_modified: Option<String>,
}

impl CaptureFacts {
    /// What is kept of `capture`.
    pub fn of(capture: &Capture) -> CaptureFacts {
        CaptureFacts {
            source: capture.source.clone(),
            location: capture.location.clone(),
            url: capture.url.clone(),
            fetched_at: capture.fetched_at.clone(),
            hash: capture_hash(capture),
            etag: capture.etag.clone(),
            last_modified: capture.last_modified.clone(),
        }
    }
}

/// An extracted, analysed article with its linking facts.
#[derive(Debug, Clone)]
pub struct Document {
    /// The extracted record.
    pub article: Article,
    /// Its analysis.
    pub analysis: Analysis,
    /// Identity across revisions: the canonical URL, else the URL, else the capture.
    pub key: String,
    /// The host the article came from, without `www.`.
    pub domain: Option<String>,
    /// [`crate::dedup::text_hash`] of the text: equal for exact copies, 0 for a text without words.
    pub text_hash: u64,
    /// The MinHash signature of the text, for near copies (none under [`crate::dedup::MIN_WORDS`] words).
    pub signature: Option<Signature>,
    /// The story signals of the article ([`crate::signals::story_keys`]), sorted and unique.
    pub story_keys: Vec<String>,
    /// The article's time (published, else fetched), RFC 3339 UTC, if known.
    pub date: Option<String>,
    /// When this version of the text was written (modified, else published,
    /// else fetched): orders the revisions of one article, whatever order
    /// they arrive in.
    pub version_at: Option<String>,
    /// What a translation of it would keep, to find translated copies.
    pub copy_print: Option<CopyPrint>,
}

/// The identity hash of a capture: its URL and bytes.
pub fn capture_hash(capture: &Capture) -> u64 {
    let mut bytes = capture.url.as_deref().unwrap_or("").as_bytes().to_vec();
    bytes.push(0);
    bytes.extend_from_slice(&capture.body);
    bytes_hash(&bytes)
}

/// Extracts, analyses and fingerprints one capture.
pub fn prepare(capture: Capture) -> Prepared {
    let facts = CaptureFacts::of(&capture);
    let hash = facts.hash;
    let outcome = document(capture, hash).map(Box::new);
    Prepared {
        capture: facts,
        outcome,
    }
}

fn document(capture: Capture, hash: u64) -> Result<Document, String> {
    let options = ExtractOptions {
        url: capture.url.clone(),
        content_type: capture.content_type.clone(),
        input_kind: if capture.is_text {
            InputKind::Text
        } else {
            InputKind::Auto
        },
    };
    let mut article = extract_article(&capture.body, &options).map_err(|e| e.to_string())?;
    if article.text.trim().is_empty() {
        return Err("no article text found".into());
    }
    article.source = if capture.location.is_empty() {
        capture.source.clone()
    } else {
        capture.location.clone()
    };
    if article.url.is_none() {
        article.url = capture.url.clone();
    }
    let mut warnings = capture.warnings;
    warnings.append(&mut article.warnings);
    article.warnings = warnings;

    let analysis = analyze_article(&article);
    if analysis.language.is_some() {
        article.language.clone_from(&analysis.language);
    }
    let key = identity_key(&article, hash);
    let domain = article
        .url
        .as_deref()
        .or(article.canonical_url.as_deref())
        .and_then(domain_of);
    let date = article
        .published
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| capture.fetched_at.as_deref().and_then(normalize_date));
    let version_at = article
        .modified
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| date.clone());
    Ok(Document {
        version_at,
        copy_print: CopyPrint::of(&article, &analysis),
        text_hash: text_hash(&article.text),
        signature: signature(&article.text),
        story_keys: story_keys(&article.text, &analysis),
        key,
        domain,
        date,
        article,
        analysis,
    })
}

fn identity_key(article: &Article, hash: u64) -> String {
    article
        .canonical_url
        .as_deref()
        .or(article.url.as_deref())
        .and_then(normalize_url)
        .unwrap_or_else(|| format!("capture:{hash:016x}"))
}

/// A URL as an identity: no fragment, no tracking parameters, lower-case host.
pub fn normalize_url(raw: &str) -> Option<String> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking_parameter(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

fn is_tracking_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || matches!(
            name.as_str(),
            "fbclid" | "gclid" | "yclid" | "mc_cid" | "mc_eid" | "ref" | "ocid" | "cmpid"
        )
}

/// The host of a URL, lower-case, without a leading `www.`.
pub fn domain_of(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// A date or date-time in any of the forms extraction produces, as RFC 3339
/// UTC (`2024-05-03T00:00:00Z` for a bare date).
pub fn normalize_date(raw: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        );
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(raw) {
        return Some(
            t.with_timezone(&Utc)
                .to_rfc3339_opts(SecondsFormat::Secs, true),
        );
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y%m%d%H%M%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, format) {
            return Some(t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true));
        }
    }
    let day = raw.get(..10).unwrap_or(raw);
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_fragments_and_tracking() {
        assert_eq!(
            normalize_url("https://Example.com/a?utm_source=x&id=3#top").as_deref(),
            Some("https://example.com/a?id=3")
        );
        assert_eq!(
            normalize_url("https://example.com/a?utm_medium=y").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(normalize_url("mailto:a@b.c"), None);
        assert_eq!(
            domain_of("https://www.BBC.co.uk/news").as_deref(),
            Some("bbc.co.uk")
        );
    }

    #[test]
    fn dates_become_utc() {
        assert_eq!(
            normalize_date("2024-05-03T10:00:00+03:00").as_deref(),
            Some("2024-05-03T07:00:00Z")
        );
        assert_eq!(
            normalize_date("2024-05-03").as_deref(),
            Some("2024-05-03T00:00:00Z")
        );
        assert_eq!(
            normalize_date("Fri, 03 May 2024 10:00:00 GMT").as_deref(),
            Some("2024-05-03T10:00:00Z")
        );
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn a_page_is_prepared_with_its_facts() {
        let body = "<html><head><title>Port reopens</title><link rel=canonical href='https://news.example/port?utm_source=rss'></head><body><article><h1>Port reopens</h1><p>The port of Odesa reopened on Monday after 12 days, officials said, and 1,500 ships are waiting to enter the harbour in the coming weeks.</p><p>Grain exports are expected to resume within days, the ministry said in a statement published on its website.</p></article></body></html>";
        let prepared = prepare(Capture {
            source: "pages/".into(),
            location: "pages/port.html".into(),
            url: Some("https://www.news.example/port".into()),
            fetched_at: Some("2024-05-06T09:00:00Z".into()),
            body: body.as_bytes().to_vec(),
            ..Capture::default()
        });
        let doc = prepared.outcome.unwrap();
        assert_eq!(doc.key, "https://news.example/port");
        assert_eq!(doc.domain.as_deref(), Some("news.example"));
        assert_eq!(doc.date.as_deref(), Some("2024-05-06T09:00:00Z"));
        assert!(doc.story_keys.contains(&"n:1500".to_string()));
        assert_eq!(doc.article.source, "pages/port.html");
    }

    #[test]
    fn an_empty_page_is_an_error_not_an_article() {
        let prepared = prepare(Capture {
            source: "x".into(),
            body: Vec::new(),
            ..Capture::default()
        });
        assert!(prepared.outcome.is_err());
    }
}
