//! What archive readers hand over: one captured page ([`Capture`]), or why a
//! record was passed over ([`ArchiveItem`]).
//!
//! WARC, ARC and JSONL readers all yield the same item type, so the pipeline
//! behind them does not care where a page was stored. A reader never stops on a
//! bad record: it reports it as [`ArchiveItem::Bad`] (with where it was) and
//! goes on with the next one when the format lets it find one. Records that are
//! fine but hold no page (requests, metadata, images, redirects) are
//! [`ArchiveItem::Skipped`] with the reason, so a count of what was read adds up.
//!
//! Also here: the bounds every reader shares, and the helpers that decide
//! whether a payload is HTML and turn archive timestamps into RFC 3339.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};

/// The largest record (WARC/ARC block, HTTP headers included) whose bytes are
/// held; a larger one is skipped without being read into memory.
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;

/// The largest page body kept after `Content-Encoding` decoding; beyond it the
/// body is cut, with a warning.
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// One page as captured somewhere: an archive record, a JSONL line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capture {
    /// The page's address as the archive recorded it (spaces percent-encoded,
    /// `<...>` brackets removed).
    pub url: String,
    /// When the page was captured: RFC 3339 in UTC when the archive's date can
    /// be read, the archive's text as it was otherwise (with a warning).
    pub fetched_at: Option<String>,
    /// The HTTP `Content-Type` header (it carries the charset); for a WARC
    /// `resource` record, the record's own `Content-Type`; `None` for JSONL.
    pub content_type: Option<String>,
    /// The page's bytes: the HTTP body after de-chunking and
    /// `Content-Encoding` decoding, at most [`MAX_BODY_BYTES`].
    pub body: Vec<u8>,
    /// True when `body` is scraped text (a JSONL line's `text`), not HTML.
    pub is_text: bool,
    /// What the reader repaired or cut on the way (never fatal).
    pub warnings: Vec<String>,
}

/// What an archive reader yields for each record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveItem {
    /// An HTML page (or, from JSONL, scraped text).
    Page(Capture),
    /// A well-formed record that holds no page: a request, metadata, a
    /// revisit, a non-HTML or non-2xx response, a record over the size cap.
    /// `offset` is where the record starts in the (decompressed) stream.
    Skipped {
        /// Where the record starts.
        offset: u64,
        /// What the record holds instead of a page.
        reason: String,
    },
    /// A malformed or truncated record. Reading goes on after it when the
    /// format allows finding the next record.
    Bad {
        /// Where the record starts.
        offset: u64,
        /// What is wrong with it.
        error: String,
    },
}

impl ArchiveItem {
    /// The page, if this item is one.
    pub fn page(self) -> Option<Capture> {
        match self {
            ArchiveItem::Page(capture) => Some(capture),
            _ => None,
        }
    }
}

/// Whether a `Content-Type` value names HTML (`text/html`, `application/xhtml+xml`).
pub fn is_html_type(content_type: &str) -> bool {
    let mime = mime_type(content_type);
    mime == "text/html" || mime == "application/xhtml+xml" || mime == "application/html"
}

/// The `type/subtype` part of a `Content-Type` value, lowercased.
pub(crate) fn mime_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether bytes look like an HTML document: after a BOM and whitespace they
/// open with `<!doctype html` or `<html`, or (after a comment or an XML
/// declaration) one of these appears in the first KiB.
pub fn sniff_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    if !head.starts_with(b"<") {
        return false;
    }
    head.starts_with(b"<!doctype html")
        || head.starts_with(b"<html")
        || memchr::memmem::find(&head, b"<html").is_some()
        || memchr::memmem::find(&head, b"<!doctype html").is_some()
}

/// A timestamp as RFC 3339 in UTC (`2017-03-06T04:03:53Z`), from the forms
/// archives and feeds use: RFC 3339 / W3C-DTF (with or without seconds,
/// fractions, a `+hhmm` offset), RFC 2822 (`Tue, 10 Jun 2003 04:00:00 GMT`),
/// and the 14-digit ARC form (`19961104142103`). A bare date stays a date
/// (`2005-01-01`): no time is made up. `None` when it is none of these.
pub fn normalize_timestamp(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let utc = |dt: DateTime<Utc>| dt.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(utc(dt.with_timezone(&Utc)));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(text) {
        return Some(utc(dt.with_timezone(&Utc)));
    }
    // W3C-DTF and friends: a `T` or a space between date and time, with an
    // offset written `+hh:mm`, `+hhmm`, `Z`, or not at all (taken as UTC).
    const WITH_OFFSET: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
    ];
    let zulu = text
        .strip_suffix('Z')
        .or_else(|| text.strip_suffix('z'))
        .map(|t| format!("{t}+0000"));
    let candidate = zulu.as_deref().unwrap_or(text);
    for format in WITH_OFFSET {
        if let Ok(dt) = DateTime::parse_from_str(candidate, format) {
            return Some(utc(dt.with_timezone(&Utc)));
        }
    }
    const NAIVE: [&str; 5] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y%m%d%H%M%S",
        "%Y%m%d%H%M",
    ];
    for format in NAIVE {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(utc(naive.and_utc()));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    None
}

/// A capture time for [`Capture::fetched_at`]: normalised when possible, the
/// raw text with a warning otherwise.
pub(crate) fn capture_time(raw: Option<&str>, warnings: &mut Vec<String>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match normalize_timestamp(raw) {
        Some(normal) => Some(normal),
        None => {
            warnings.push(format!(
                "the capture date `{}` is not a date; kept as written",
                clip(raw, 80)
            ));
            Some(raw.to_string())
        }
    }
}

/// A URL as an archive recorded it, cleaned for use as a key: surrounding
/// whitespace and WARC 1.1-draft `<...>` brackets removed, inner spaces
/// percent-encoded. `None` if nothing is left.
pub(crate) fn clean_url(raw: &str) -> Option<String> {
    let mut url = raw.trim();
    if let Some(inner) = url.strip_prefix('<').and_then(|u| u.strip_suffix('>')) {
        url = inner.trim();
    }
    // Control characters are never part of an address; kept, they would
    // reach terminals and logs that show the URL.
    let url: String = url
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .replace(' ', "%20");
    if url.is_empty() {
        return None;
    }
    Some(url)
}

/// At most `max` chars of `text`, for quoting input in messages.
pub(crate) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// Bytes quoted for a message: lossy UTF-8, control characters escaped, clipped.
pub(crate) fn quote_bytes(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(max * 4)]);
    clip(&text.escape_debug().to_string(), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_become_rfc3339_utc() {
        let cases = [
            ("2017-03-06T04:03:53Z", "2017-03-06T04:03:53Z"),
            ("2017-03-06T04:03:53.250Z", "2017-03-06T04:03:53.250Z"),
            ("2004-12-23T18:00:15+02:00", "2004-12-23T16:00:15Z"),
            ("1997-07-16T19:20+01:00", "1997-07-16T18:20:00Z"),
            ("2008-10-29T05:21:46-0700", "2008-10-29T12:21:46Z"),
            ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
            ("Tue, 10 Jun 2003 04:00:00 +0300", "2003-06-10T01:00:00Z"),
            ("19961104142103", "1996-11-04T14:21:03Z"),
            ("2017-03-06T04:03:53", "2017-03-06T04:03:53Z"),
            ("2005-01-01", "2005-01-01"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_timestamp(raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(normalize_timestamp("2008-10-294T05:21:46-0700"), None);
        assert_eq!(normalize_timestamp("yesterday"), None);
        assert_eq!(normalize_timestamp(""), None);
    }

    #[test]
    fn unreadable_capture_times_are_kept_with_a_warning() {
        let mut warnings = Vec::new();
        let kept = capture_time(Some("2008-10-294T05:21:46-0700"), &mut warnings);
        assert_eq!(kept.as_deref(), Some("2008-10-294T05:21:46-0700"));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn html_is_told_by_type_and_by_sniffing() {
        assert!(is_html_type("text/html; charset=windows-1251"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("image/png"));
        assert!(sniff_html(b"\xef\xbb\xbf  <!DOCTYPE html><p>x"));
        assert!(sniff_html(b"<HTML><body>"));
        assert!(sniff_html(b"<!-- hi --><html>"));
        assert!(!sniff_html(b"GIF89a"));
        assert!(!sniff_html(b"hello <html>"));
    }

    #[test]
    fn urls_are_cleaned() {
        assert_eq!(
            clean_url(" <http://example.com/a b> ").as_deref(),
            Some("http://example.com/a%20b")
        );
        assert_eq!(clean_url("<>"), None);
        assert_eq!(
            clean_url("http://a.example/x\x1b[2J\u{9b}31m\r\nnewsdesk: forged").as_deref(),
            Some("http://a.example/x[2J31mnewsdesk:%20forged")
        );
        assert_eq!(clean_url("\x1b\x07"), None);
    }
}
