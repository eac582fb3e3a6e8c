//! Reading WARC files (ISO 28500, WARC/1.0 and 1.1, and the older 0.x that
//! ClueWeb09 used) as a stream of pages.
//!
//! A WARC file is records one after another: a `WARC/1.x` line, named header
//! fields, a blank line, exactly `Content-Length` bytes of block, and two
//! CRLFs. It may be plain, gzip'ed per record (the usual `.warc.gz`), or one
//! gzip stream for the whole file; [`WarcReader`] reads all three from any
//! [`Read`], one record at a time, so memory stays at one record (at most
//! [`MAX_RECORD_BYTES`], whatever the length field claims).
//!
//! Pages are `response` records holding an HTTP response whose body is HTML,
//! and `resource` records whose own type is HTML. Everything else is
//! [`ArchiveItem::Skipped`] with its reason. Archives in the wild lie: a
//! `Content-Length` that is a byte short (whitespace spills over: accepted),
//! one that is short by real bytes (`example-trunc.warc`: the record is Bad
//! and reading resumes at the next `WARC/` line), a file cut mid-record
//! (`clipped.warc.gz`: Bad, and the end), a corrupt gzip member (Bad; reading
//! resumes at the next member), a gigabyte claimed for a tiny block (skipped
//! without reading a gigabyte into memory, and the records after it are
//! found again).

use std::io::{self, Read};

use crate::capture::{
    capture_time, clean_url, is_html_type, mime_type, quote_bytes, sniff_html, ArchiveItem,
    Capture, MAX_RECORD_BYTES,
};
use crate::http::{html_body, parse_response, Body};
use crate::read::human_size;
use crate::stream::{Decoded, Input, Line};

/// The longest header line read; the most header bytes of one record.
const MAX_HEADER_LINE: usize = 64 * 1024;
const MAX_HEADER_BYTES: usize = 1024 * 1024;

/// The pages of a WARC file, and what was skipped or broken, record by record.
pub struct WarcReader<R> {
    input: Option<Input<R>>,
    max_record: u64,
    /// An error from opening the stream, reported as the first item.
    open_error: Option<io::Error>,
    done: bool,
}

impl<R: Read> WarcReader<R> {
    /// Reads `reader`, plain or gzip (sniffed), with records capped at
    /// [`MAX_RECORD_BYTES`].
    pub fn new(reader: R) -> Self {
        Self::with_max_record(reader, MAX_RECORD_BYTES)
    }

    /// As [`WarcReader::new`], with another cap on a record's block.
    pub fn with_max_record(reader: R, max_record: u64) -> Self {
        match Decoded::new(reader) {
            Ok(decoded) => WarcReader {
                input: Some(Input::new(decoded)),
                max_record,
                open_error: None,
                done: false,
            },
            Err(e) => WarcReader {
                input: None,
                max_record,
                open_error: Some(e),
                done: false,
            },
        }
    }
}

impl<R: Read> Iterator for WarcReader<R> {
    type Item = ArchiveItem;

    fn next(&mut self) -> Option<ArchiveItem> {
        if self.done {
            return None;
        }
        let Some(input) = self.input.as_mut() else {
            self.done = true;
            let error = self.open_error.take().map_or_else(
                || "cannot read".to_string(),
                |e| format!("cannot read: {e}"),
            );
            return Some(ArchiveItem::Bad { offset: 0, error });
        };
        let (item, go_on) = next_record(input, self.max_record);
        self.done = !go_on;
        item
    }
}

/// One record's header fields.
#[derive(Debug, Default)]
struct Header {
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Whether bytes start a WARC record: `WARC/` and a version digit.
fn is_warc_start(bytes: &[u8]) -> bool {
    bytes.starts_with(b"WARC/") && bytes.get(5).is_some_and(u8::is_ascii_digit)
}

/// Reads the next record. Returns the item (None at a clean end) and whether
/// reading can go on.
fn next_record<R: Read>(input: &mut Input<R>, max_record: u64) -> (Option<ArchiveItem>, bool) {
    match input.skip_newlines() {
        Ok(true) => {}
        Ok(false) => return (None, false),
        Err(e) => return stream_error(input, input.offset(), &e),
    }
    let offset = input.offset();
    let header = match read_header(input) {
        Ok(Ok(header)) => header,
        Ok(Err(why)) => return bad_and_resync(input, offset, why),
        Err(e) => return stream_error(input, offset, &e),
    };
    let Some(length) = header
        .get("content-length")
        .and_then(|l| l.trim().parse::<u64>().ok())
    else {
        let why = match header.get("content-length") {
            Some(l) => format!(
                "Content-Length `{}` is not a number",
                quote_bytes(l.as_bytes(), 30)
            ),
            None => "the record has no Content-Length".to_string(),
        };
        return bad_and_resync(input, offset, why);
    };
    if length > max_record {
        return skip_oversized(input, offset, length, max_record);
    }
    let mut block = Vec::new();
    let got = match input.read_exact_or_less(length, &mut block) {
        Ok(got) => got,
        Err(e) => return stream_error(input, offset, &e),
    };
    if got < length {
        let error =
            format!("truncated: the record declares {length} bytes but the file ends after {got}");
        // A record cut short may have swallowed the start of the next ones.
        return match embedded_record(&block) {
            Some(at) => {
                input.unread(&block[at..]);
                (Some(ArchiveItem::Bad { offset, error }), true)
            }
            None => (Some(ArchiveItem::Bad { offset, error }), false),
        };
    }
    match check_record_end(input) {
        Ok(true) => {}
        Ok(false) => {
            if let Some(at) = embedded_record(&block) {
                input.unread(&block[at..]);
            }
            let error = format!(
                "the record's Content-Length ({length}) does not end where the record does \
                 (no blank line and `WARC/` header after it); its block is not trusted"
            );
            return bad_and_resync(input, offset, error);
        }
        Err(e) => return stream_error(input, offset, &e),
    }
    (Some(record_item(&header, &block, offset)), true)
}

/// Reads the version line and the header fields up to the blank line.
/// `Ok(Err(why))` for a header that is not one.
fn read_header<R: Read>(input: &mut Input<R>) -> io::Result<Result<Header, String>> {
    let first = match input.read_line(MAX_HEADER_LINE)? {
        Line::Text(line) => line,
        Line::TooLong => {
            return Ok(Err(
                "expected a WARC/1.x line, found a very long line".into()
            ))
        }
        Line::Eof => return Ok(Err("the file ends where a record should start".into())),
    };
    if !is_warc_start(&first) {
        return Ok(Err(format!(
            "expected a WARC/1.x line, found `{}`",
            quote_bytes(&first, 40)
        )));
    }
    let mut header = Header::default();
    let mut total = first.len();
    loop {
        let line = match input.read_line(MAX_HEADER_LINE)? {
            Line::Text(line) => line,
            Line::TooLong => return Ok(Err("a header line is longer than 64 KiB".into())),
            Line::Eof => {
                return Ok(Err(
                    "truncated: the file ends inside a record's header".into()
                ))
            }
        };
        if line.is_empty() {
            return Ok(Ok(header));
        }
        total += line.len();
        if total > MAX_HEADER_BYTES {
            return Ok(Err("the record's header is longer than 1 MiB".into()));
        }
        let text = String::from_utf8_lossy(&line);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = header.fields.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            header
                .fields
                .push((name.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// After the block: a run of line ends, then the next record or the end.
/// Exactly `\r\n\r\n` is the rule; other runs of line ends come from
/// writers that were a byte off and hold nothing that is lost. Anything else
/// right after the block means the length was wrong; after a proper
/// `\r\n\r\n` it is junk between records, which the next read reports.
fn check_record_end<R: Read>(input: &mut Input<R>) -> io::Result<bool> {
    input.fill(4)?;
    let proper =
        input.available().starts_with(b"\r\n\r\n") || input.available().starts_with(b"\n\n");
    if !input.skip_newlines()? {
        return Ok(true);
    }
    input.fill(6)?;
    Ok(proper || is_warc_start(input.available()))
}

/// Where, inside a block that overran its record, the next record starts:
/// a `WARC/x` line after a blank line.
fn embedded_record(block: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&block[from..], b"\nWARC/") {
        let at = from + at + 1;
        let before = &block[..at];
        if (before.ends_with(b"\n\n") || before.ends_with(b"\n\r\n")) && is_warc_start(&block[at..])
        {
            return Some(at);
        }
        from = at;
    }
    None
}

/// A record longer than the cap: skipped without holding it. If another
/// record header turns up inside the claimed length, the length was a lie:
/// the record is Bad and reading resumes at that header.
fn skip_oversized<R: Read>(
    input: &mut Input<R>,
    offset: u64,
    length: u64,
    max_record: u64,
) -> (Option<ArchiveItem>, bool) {
    match input.skip_until_boundary(length, b"WARC/", is_warc_start) {
        Ok((skipped, true)) => (
            Some(ArchiveItem::Bad {
                offset,
                error: format!(
                    "the record claims {} but the next record starts after {skipped} bytes",
                    size(length)
                ),
            }),
            true,
        ),
        Ok((skipped, false)) if skipped < length => (
            Some(ArchiveItem::Bad {
                offset,
                error: format!(
                    "truncated: the record declares {} but the file ends after {skipped} bytes",
                    size(length)
                ),
            }),
            false,
        ),
        Ok(_) => match check_record_end(input) {
            Ok(go_on) => {
                let reason = format!(
                    "the record is {}, over the {} cap",
                    size(length),
                    human_size(max_record)
                );
                let item = ArchiveItem::Skipped { offset, reason };
                if go_on {
                    (Some(item), true)
                } else {
                    resync(input);
                    (Some(item), true)
                }
            }
            Err(e) => stream_error(input, offset, &e),
        },
        Err(e) => stream_error(input, offset, &e),
    }
}

fn size(bytes: u64) -> String {
    const GIB: u64 = 1024 * 1024 * 1024;
    if bytes >= GIB {
        format!("{bytes} bytes ({:.1} GiB)", bytes as f64 / GIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// A Bad item, then on to the next `WARC/` line.
fn bad_and_resync<R: Read>(
    input: &mut Input<R>,
    offset: u64,
    error: String,
) -> (Option<ArchiveItem>, bool) {
    resync(input);
    (Some(ArchiveItem::Bad { offset, error }), true)
}

fn resync<R: Read>(input: &mut Input<R>) {
    loop {
        match input.seek_line_starting(b"WARC/", is_warc_start) {
            Ok(_) => return,
            Err(_) => {
                if !input.recover() {
                    return;
                }
            }
        }
    }
}

/// A read error (corrupt gzip, a failing disk): a Bad item; reading goes on
/// at the next gzip member if there is one.
fn stream_error<R: Read>(
    input: &mut Input<R>,
    offset: u64,
    error: &io::Error,
) -> (Option<ArchiveItem>, bool) {
    let what = if input.is_gzip() {
        "corrupt or truncated gzip data"
    } else {
        "read error"
    };
    let item = ArchiveItem::Bad {
        offset,
        error: format!("{what}: {error}"),
    };
    if input.recover() {
        resync(input);
        (Some(item), true)
    } else {
        (Some(item), false)
    }
}

/// What one complete record holds.
fn record_item(header: &Header, block: &[u8], offset: u64) -> ArchiveItem {
    let kind = header.get("warc-type").unwrap_or("").to_ascii_lowercase();
    let skip = |reason: String| ArchiveItem::Skipped { offset, reason };
    match kind.as_str() {
        "response" | "resource" => {}
        "" => return skip("a record without WARC-Type".into()),
        "revisit" => {
            return skip("a revisit record (no payload: it points at an earlier capture)".into())
        }
        other => return skip(format!("a {} record", quote_bytes(other.as_bytes(), 30))),
    }
    let Some(url) = header.get("warc-target-uri").and_then(clean_url) else {
        return ArchiveItem::Bad {
            offset,
            error: format!("a {kind} record without WARC-Target-URI"),
        };
    };
    let mut warnings = Vec::new();
    let fetched_at = capture_time(header.get("warc-date"), &mut warnings);
    let record_type = header
        .get("content-type")
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let is_http = record_type.is_some_and(|t| mime_type(t) == "application/http")
        || (kind == "response" && record_type.is_none() && block.starts_with(b"HTTP/"));
    if is_http {
        return http_item(url, fetched_at, block, offset, warnings);
    }
    direct_item(url, fetched_at, record_type, block, offset, warnings)
}

/// A record whose block is an HTTP response.
pub(crate) fn http_item(
    url: String,
    fetched_at: Option<String>,
    block: &[u8],
    offset: u64,
    mut warnings: Vec<String>,
) -> ArchiveItem {
    let response = match parse_response(block) {
        Ok(response) => response,
        Err(error) => return ArchiveItem::Bad { offset, error },
    };
    match html_body(&response) {
        Body::Html {
            bytes,
            warnings: mut repairs,
        } => {
            warnings.append(&mut repairs);
            ArchiveItem::Page(Capture {
                url,
                fetched_at,
                content_type: response.content_type().map(str::to_string),
                body: bytes,
                is_text: false,
                warnings,
            })
        }
        Body::Skip(reason) => ArchiveItem::Skipped { offset, reason },
        Body::Bad(error) => ArchiveItem::Bad { offset, error },
    }
}

/// A record whose block is the document itself (a WARC `resource`, an ARC
/// record without HTTP headers): a page if its type says HTML, or if there is
/// no type and it looks like HTML.
pub(crate) fn direct_item(
    url: String,
    fetched_at: Option<String>,
    content_type: Option<&str>,
    block: &[u8],
    offset: u64,
    warnings: Vec<String>,
) -> ArchiveItem {
    let html = match content_type {
        Some(t) => is_html_type(t),
        None => sniff_html(block),
    };
    if !html {
        let what = content_type.map_or_else(|| "no type".to_string(), mime_type);
        return ArchiveItem::Skipped {
            offset,
            reason: format!("not HTML ({what})"),
        };
    }
    ArchiveItem::Page(Capture {
        url,
        fetched_at,
        content_type: content_type.map(str::to_string),
        body: block.to_vec(),
        is_text: false,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    /// A WARC record with the given type, fields and block.
    fn record(kind: &str, fields: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
        let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
        for (name, value) in fields {
            out.extend(format!("{name}: {value}\r\n").into_bytes());
        }
        out.extend(format!("Content-Length: {}\r\n\r\n", block.len()).into_bytes());
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(url: &str, http: &[u8]) -> Vec<u8> {
        record(
            "response",
            &[
                ("WARC-Target-URI", url),
                ("WARC-Date", "2024-05-01T10:00:00Z"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            http,
        )
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(data).expect("in memory");
        encoder.finish().expect("in memory")
    }

    fn items(bytes: &[u8]) -> Vec<ArchiveItem> {
        WarcReader::new(bytes).collect()
    }

    fn pages(items: &[ArchiveItem]) -> Vec<&Capture> {
        items
            .iter()
            .filter_map(|i| match i {
                ArchiveItem::Page(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    fn count_bad(items: &[ArchiveItem]) -> usize {
        items
            .iter()
            .filter(|i| matches!(i, ArchiveItem::Bad { .. }))
            .count()
    }

    const PAGE: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><p>ok</p></html>";

    #[test]
    fn a_response_becomes_a_page_with_its_fields() {
        let mut warc = record("warcinfo", &[], b"software: test\r\n");
        warc.extend(record(
            "request",
            &[("WARC-Target-URI", "http://a/")],
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(response("<http://a.example/x y>", PAGE));
        let items = items(&warc);
        assert_eq!(items.len(), 3);
        let pages = pages(&items);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].url, "http://a.example/x%20y");
        assert_eq!(pages[0].fetched_at.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert_eq!(
            pages[0].content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(pages[0].body, b"<html><p>ok</p></html>");
        assert!(
            matches!(&items[0], ArchiveItem::Skipped { offset: 0, reason } if reason.contains("warcinfo"))
        );
    }

    #[test]
    fn per_record_gzip_and_whole_file_gzip_read_the_same() {
        let plain = [response("http://a/1", PAGE), response("http://a/2", PAGE)];
        let per_record: Vec<u8> = plain.iter().flat_map(|r| gzip(r)).collect();
        let whole = gzip(&plain.concat());
        assert_eq!(pages(&items(&per_record)).len(), 2);
        assert_eq!(pages(&items(&whole)).len(), 2);
        assert_eq!(items(&per_record), items(&plain.concat()));
    }

    #[test]
    fn chunked_gzip_and_a_windows_1251_charset() {
        let html = "<html><p>Привет</p></html>";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(html);
        let zipped = gzip(&cp1251);
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        let (a, b) = zipped.split_at(zipped.len() / 2);
        for chunk in [a, b] {
            http.extend(format!("{:x}\r\n", chunk.len()).into_bytes());
            http.extend_from_slice(chunk);
            http.extend_from_slice(b"\r\n");
        }
        http.extend_from_slice(b"0\r\n\r\n");
        let items = items(&response("http://ru.example/", &http));
        let pages = pages(&items);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].body, &cp1251[..]);
        assert_eq!(
            pages[0].content_type.as_deref(),
            Some("text/html; charset=windows-1251")
        );
        assert!(pages[0].warnings.is_empty(), "{:?}", pages[0].warnings);
    }

    #[test]
    fn non_html_non_2xx_and_revisits_are_skipped() {
        let mut warc = response(
            "http://a/img",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        );
        warc.extend(response(
            "http://a/gone",
            b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>",
        ));
        warc.extend(record("revisit", &[("WARC-Target-URI", "http://a/")], b""));
        warc.extend(record("metadata", &[], b"x: y\r\n"));
        warc.extend(record(
            "resource",
            &[
                ("WARC-Target-URI", "http://a/r"),
                ("Content-Type", "text/html"),
            ],
            b"<p>res</p>",
        ));
        warc.extend(record(
            "resource",
            &[
                ("WARC-Target-URI", "file:///a b.png"),
                ("Content-Type", "image/png"),
            ],
            b"PNG",
        ));
        let items = items(&warc);
        assert_eq!(items.len(), 6);
        assert_eq!(pages(&items).len(), 1);
        assert_eq!(pages(&items)[0].url, "http://a/r");
        assert_eq!(count_bad(&items), 0);
    }

    #[test]
    fn a_lying_content_length_is_bad_and_the_next_record_is_read() {
        let good = response("http://a/1", PAGE);
        let mut lying = response("http://a/2", PAGE);
        // Declare 10 bytes fewer than the block has.
        let text = String::from_utf8_lossy(&lying).into_owned();
        let declared = format!("Content-Length: {}", PAGE.len());
        let fewer = format!("Content-Length: {}", PAGE.len() - 10);
        lying = text.replacen(&declared, &fewer, 1).into_bytes();
        let warc = [good.clone(), lying, good].concat();
        let items = items(&warc);
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(pages(&items).len(), 2);
        assert!(
            matches!(&items[1], ArchiveItem::Bad { error, .. } if error.contains("Content-Length"))
        );
    }

    #[test]
    fn a_length_too_long_swallowing_the_next_record_gives_it_back() {
        let text = String::from_utf8_lossy(&response("http://a/1", PAGE)).into_owned();
        let longer = text.replacen(
            &format!("Content-Length: {}", PAGE.len()),
            &format!("Content-Length: {}", PAGE.len() + 40),
            1,
        );
        let warc = [
            longer.into_bytes(),
            response("http://a/2", PAGE),
            response("http://a/3", PAGE),
        ]
        .concat();
        let items = items(&warc);
        assert_eq!(count_bad(&items), 1, "{items:?}");
        assert_eq!(
            pages(&items)
                .iter()
                .map(|p| p.url.as_str())
                .collect::<Vec<_>>(),
            ["http://a/2", "http://a/3"]
        );
    }

    #[test]
    fn a_gigabyte_claimed_for_a_tiny_block_is_not_allocated() {
        let text = String::from_utf8_lossy(&response("http://a/1", PAGE)).into_owned();
        let huge = text.replacen(
            &format!("Content-Length: {}", PAGE.len()),
            "Content-Length: 1073741824",
            1,
        );
        let warc = [huge.into_bytes(), response("http://a/2", PAGE)].concat();
        let items = items(&warc);
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(
            matches!(&items[0], ArchiveItem::Bad { error, .. } if error.contains("1073741824"))
        );
        assert_eq!(pages(&items)[0].url, "http://a/2");
        // Alone at the end of the file, it is truncated.
        let alone = String::from_utf8_lossy(&response("http://a/1", PAGE)).replacen(
            &format!("Content-Length: {}", PAGE.len()),
            "Content-Length: 1073741824",
            1,
        );
        let items = self::items(alone.as_bytes());
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], ArchiveItem::Bad { error, .. } if error.contains("truncated")));
    }

    #[test]
    fn records_over_the_cap_are_skipped_and_reading_goes_on() {
        let big = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>{}</html>",
            "x".repeat(5000)
        );
        let warc = [
            response("http://a/big", big.as_bytes()),
            response("http://a/2", PAGE),
        ]
        .concat();
        let items: Vec<_> = WarcReader::with_max_record(&warc[..], 1000).collect();
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], ArchiveItem::Skipped { reason, .. } if reason.contains("cap")));
        assert_eq!(pages(&items)[0].url, "http://a/2");
    }

    #[test]
    fn garbage_between_records_is_bad_once_and_skipped() {
        let warc = [
            response("http://a/1", PAGE),
            b"garbage garbage\r\n\r\n".to_vec(),
            response("http://a/2", PAGE),
        ]
        .concat();
        let items = items(&warc);
        assert_eq!(items.len(), 3, "{items:?}");
        assert_eq!(pages(&items).len(), 2);
        // The first record ended properly: the garbage is a Bad item of its own.
        assert!(matches!(&items[1], ArchiveItem::Bad { error, .. } if error.contains("garbage")));
    }

    #[test]
    fn a_corrupt_gzip_member_costs_only_its_record() {
        let mut broken = gzip(&response("http://a/2", PAGE));
        let middle = broken.len() / 2;
        broken[middle..middle + 6].copy_from_slice(&[0xff; 6]);
        let warc = [
            gzip(&response("http://a/1", PAGE)),
            broken,
            gzip(&response("http://a/3", PAGE)),
        ]
        .concat();
        let items = items(&warc);
        assert_eq!(count_bad(&items), 1, "{items:?}");
        assert_eq!(
            pages(&items)
                .iter()
                .map(|p| p.url.as_str())
                .collect::<Vec<_>>(),
            ["http://a/1", "http://a/3"]
        );
    }

    #[test]
    fn a_file_cut_mid_record_is_bad_at_the_end() {
        let mut warc = gzip(&response("http://a/1", PAGE));
        let second = gzip(&response("http://a/2", PAGE));
        warc.extend_from_slice(&second[..second.len() - 20]);
        let items = items(&warc);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(pages(&items).len(), 1);
        assert_eq!(count_bad(&items), 1);
    }

    #[test]
    fn noise_never_panics() {
        let mut seed = 7u64;
        let base = [
            response("http://a/1", PAGE),
            record("metadata", &[], b"a: b"),
        ]
        .concat();
        for round in 0..300 {
            let mut bytes = base.clone();
            for _ in 0..(round % 7 + 1) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let at = (seed >> 33) as usize % bytes.len();
                bytes[at] = (seed >> 17) as u8;
            }
            bytes.truncate(bytes.len() - round % 50);
            let _ = items(&bytes);
            let _ = items(&gzip(&bytes));
        }
        assert!(items(b"").is_empty());
        assert_eq!(count_bad(&items(b"not a warc at all")), 1);
    }
}
