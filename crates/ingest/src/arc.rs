//! Reading ARC files (the Internet Archive's format before WARC, versions 1
//! and 2, plain or gzip) as a stream of pages.
//!
//! An ARC record is one header line — `URL IP-address Archive-date
//! Content-type Archive-length` in version 1, with five more fields before the
//! length in version 2 — then `Archive-length` bytes (usually the HTTP
//! response, headers included), then a newline. The first record
//! (`filedesc://...`) describes the file. There is no record marker to find
//! again after a broken record, so resynchronising means reading on, line by
//! line, to the next line that parses as a record header.

use std::io::{self, Read};

use crate::capture::{capture_time, clean_url, quote_bytes, ArchiveItem, MAX_RECORD_BYTES};
use crate::read::human_size;
use crate::stream::{Decoded, Input, Line};
use crate::warc::{direct_item, http_item};

const MAX_HEADER_LINE: usize = 64 * 1024;
/// How many lines a resync may read before giving up on the file.
const MAX_RESYNC_LINES: usize = 1_000_000;

/// The pages of an ARC file, and what was skipped or broken, record by record.
pub struct ArcReader<R> {
    input: Option<Input<R>>,
    open_error: Option<io::Error>,
    /// A header found while resynchronising, to be read next.
    pending: Option<(u64, ArcHeader)>,
    max_record: u64,
    done: bool,
}

/// One record's header line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ArcHeader {
    url: String,
    date: String,
    content_type: String,
    length: u64,
}

impl<R: Read> ArcReader<R> {
    /// Reads `reader`, plain or gzip (sniffed), with records capped at
    /// [`MAX_RECORD_BYTES`].
    pub fn new(reader: R) -> Self {
        Self::with_max_record(reader, MAX_RECORD_BYTES)
    }

    /// As [`ArcReader::new`], with another cap on a record's length.
    pub fn with_max_record(reader: R, max_record: u64) -> Self {
        let (input, open_error) = match Decoded::new(reader) {
            Ok(decoded) => (Some(Input::new(decoded)), None),
            Err(e) => (None, Some(e)),
        };
        ArcReader {
            input,
            open_error,
            pending: None,
            max_record,
            done: false,
        }
    }

    fn next_record(&mut self) -> Option<ArchiveItem> {
        let input = self.input.as_mut()?;
        let (offset, header) = match self.pending.take() {
            Some(pending) => pending,
            None => {
                match input.skip_newlines() {
                    Ok(true) => {}
                    Ok(false) => {
                        self.done = true;
                        return None;
                    }
                    Err(e) => return Some(self.stream_error(&e)),
                }
                let offset = input.offset();
                match input.read_line(MAX_HEADER_LINE) {
                    Ok(Line::Text(line)) => match parse_header(&line) {
                        Some(header) => (offset, header),
                        None => {
                            let error = format!(
                                "expected an ARC record header (URL IP DATE TYPE LENGTH), found `{}`",
                                quote_bytes(&line, 60)
                            );
                            self.resync();
                            return Some(ArchiveItem::Bad { offset, error });
                        }
                    },
                    Ok(Line::TooLong) => {
                        self.resync();
                        return Some(ArchiveItem::Bad {
                            offset,
                            error: "expected an ARC record header, found a very long line".into(),
                        });
                    }
                    Ok(Line::Eof) => {
                        self.done = true;
                        return None;
                    }
                    Err(e) => return Some(self.stream_error(&e)),
                }
            }
        };
        let input = self.input.as_mut()?;
        if header.length > self.max_record {
            return Some(match input.skip(header.length) {
                Ok(skipped) if skipped < header.length => {
                    self.done = true;
                    truncated(offset, header.length, skipped)
                }
                Ok(_) => ArchiveItem::Skipped {
                    offset,
                    reason: format!(
                        "the record is {} bytes, over the {} cap",
                        header.length,
                        human_size(self.max_record)
                    ),
                },
                Err(e) => self.stream_error(&e),
            });
        }
        let mut block = Vec::new();
        match input.read_exact_or_less(header.length, &mut block) {
            Ok(got) if got < header.length => {
                self.done = true;
                Some(truncated(offset, header.length, got))
            }
            Ok(_) => Some(record_item(header, &block, offset)),
            Err(e) => Some(self.stream_error(&e)),
        }
    }

    /// Reads on to the next line that parses as a record header.
    fn resync(&mut self) {
        let Some(input) = self.input.as_mut() else {
            return;
        };
        for _ in 0..MAX_RESYNC_LINES {
            let offset = input.offset();
            match input.read_line(MAX_HEADER_LINE) {
                Ok(Line::Text(line)) => {
                    if let Some(header) = parse_header(&line) {
                        self.pending = Some((offset, header));
                        return;
                    }
                }
                Ok(Line::TooLong) => {}
                Ok(Line::Eof) => break,
                Err(_) => {
                    if !input.recover() {
                        break;
                    }
                }
            }
        }
        self.done = self.pending.is_none();
    }

    fn stream_error(&mut self, error: &io::Error) -> ArchiveItem {
        let Some(input) = self.input.as_mut() else {
            return ArchiveItem::Bad {
                offset: 0,
                error: format!("cannot read: {error}"),
            };
        };
        let offset = input.offset();
        let what = if input.is_gzip() {
            "corrupt or truncated gzip data"
        } else {
            "read error"
        };
        if input.recover() {
            self.resync();
        } else {
            self.done = true;
        }
        ArchiveItem::Bad {
            offset,
            error: format!("{what}: {error}"),
        }
    }
}

impl<R: Read> Iterator for ArcReader<R> {
    type Item = ArchiveItem;

    fn next(&mut self) -> Option<ArchiveItem> {
        if self.done {
            return None;
        }
        if self.input.is_none() {
            self.done = true;
            let error = self.open_error.take().map_or_else(
                || "cannot read".to_string(),
                |e| format!("cannot read: {e}"),
            );
            return Some(ArchiveItem::Bad { offset: 0, error });
        }
        self.next_record()
    }
}

fn truncated(offset: u64, length: u64, got: u64) -> ArchiveItem {
    ArchiveItem::Bad {
        offset,
        error: format!(
            "truncated: the record declares {length} bytes but the file ends after {got}"
        ),
    }
}

/// Parses a version 1 or 2 header line. The URL may hold spaces (broken
/// crawlers wrote them), so fields are taken from the right.
fn parse_header(line: &[u8]) -> Option<ArcHeader> {
    let text = std::str::from_utf8(line).ok()?;
    let fields: Vec<&str> = text.split_ascii_whitespace().collect();
    let n = fields.len();
    if n < 5 {
        return None;
    }
    let length: u64 = fields[n - 1].parse().ok()?;
    let is_date = |f: &str| f.len() >= 12 && f.len() <= 17 && f.bytes().all(|b| b.is_ascii_digit());
    // Version 1: URL IP DATE TYPE LENGTH; version 2: URL IP DATE TYPE
    // RESULT CHECKSUM LOCATION OFFSET FILENAME LENGTH.
    let (url_end, date, content_type) = if is_date(fields[n - 3]) {
        (n - 4, fields[n - 3], fields[n - 2])
    } else if n >= 10 && is_date(fields[n - 8]) {
        (n - 9, fields[n - 8], fields[n - 7])
    } else {
        return None;
    };
    if url_end == 0 {
        return None;
    }
    let url = fields[..url_end].join(" ");
    if !url.contains(':') {
        return None;
    }
    Some(ArcHeader {
        url,
        date: date.to_string(),
        content_type: content_type.to_string(),
        length,
    })
}

fn record_item(header: ArcHeader, block: &[u8], offset: u64) -> ArchiveItem {
    let lower = header.url.to_ascii_lowercase();
    if lower.starts_with("filedesc:") {
        return ArchiveItem::Skipped {
            offset,
            reason: "the ARC file header (filedesc)".into(),
        };
    }
    if lower.starts_with("dns:") {
        return ArchiveItem::Skipped {
            offset,
            reason: "a DNS record".into(),
        };
    }
    let Some(url) = clean_url(&header.url) else {
        return ArchiveItem::Bad {
            offset,
            error: "a record without a URL".into(),
        };
    };
    let mut warnings = Vec::new();
    let fetched_at = capture_time(Some(&header.date), &mut warnings);
    let start = block
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(block.len());
    if block[start..].starts_with(b"HTTP/") {
        return http_item(url, fetched_at, block, offset, warnings);
    }
    let declared = header.content_type.to_ascii_lowercase();
    let content_type = match declared.as_str() {
        "" | "-" | "no-type" | "unk" | "unknown" => None,
        _ => Some(header.content_type.as_str()),
    };
    direct_item(url, fetched_at, content_type, block, offset, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn arc_record(url: &str, date: &str, kind: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!("{url} 127.0.0.1 {date} {kind} {}\n", block.len()).into_bytes();
        out.extend_from_slice(block);
        out.push(b'\n');
        out
    }

    fn filedesc() -> Vec<u8> {
        arc_record(
            "filedesc://test.arc",
            "19961104142103",
            "text/plain",
            b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n",
        )
    }

    const HTTP_PAGE: &[u8] =
        b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>arc page</p></html>";

    fn sample() -> Vec<u8> {
        [
            filedesc(),
            arc_record(
                "http://a.example/",
                "19961104142103",
                "text/html",
                HTTP_PAGE,
            ),
            arc_record(
                "http://a.example/logo.gif",
                "19961104142104",
                "image/gif",
                b"HTTP/1.0 200 OK\r\nContent-Type: image/gif\r\n\r\nGIF89a",
            ),
            arc_record(
                "dns:a.example",
                "19961104142105",
                "text/dns",
                b"a.example. 300 IN A 127.0.0.1",
            ),
            arc_record(
                "http://a.example/raw.html",
                "19961104142106",
                "text/html",
                b"<html>raw</html>",
            ),
        ]
        .concat()
    }

    #[test]
    fn version_1_records_are_read() {
        let items: Vec<_> = ArcReader::new(&sample()[..]).collect();
        assert_eq!(items.len(), 5, "{items:?}");
        let pages: Vec<_> = items.into_iter().filter_map(ArchiveItem::page).collect();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].url, "http://a.example/");
        assert_eq!(pages[0].fetched_at.as_deref(), Some("1996-11-04T14:21:03Z"));
        assert_eq!(pages[0].body, b"<html><p>arc page</p></html>");
        assert_eq!(pages[1].body, b"<html>raw</html>");
    }

    #[test]
    fn gzip_per_record_is_read_the_same() {
        let records = [
            filedesc(),
            arc_record(
                "http://a.example/",
                "19961104142103",
                "text/html",
                HTTP_PAGE,
            ),
        ];
        let packed: Vec<u8> = records
            .iter()
            .flat_map(|r| {
                let mut e = GzEncoder::new(Vec::new(), Compression::fast());
                e.write_all(r).expect("in memory");
                e.finish().expect("in memory")
            })
            .collect();
        let pages: Vec<_> = ArcReader::new(&packed[..])
            .filter_map(ArchiveItem::page)
            .collect();
        assert_eq!(pages.len(), 1);
    }

    #[test]
    fn version_2_headers_parse() {
        let header = parse_header(
            b"http://b.example/ 10.0.0.1 20050614070159 text/html 200 ABCDEF - 0 x.arc 1234",
        )
        .expect("a v2 header");
        assert_eq!(header.url, "http://b.example/");
        assert_eq!(header.length, 1234);
        assert_eq!(header.content_type, "text/html");
        assert_eq!(parse_header(b"not a header"), None);
    }

    #[test]
    fn a_bad_header_is_bad_and_the_next_record_is_found() {
        let data = [
            filedesc(),
            b"this line is garbage\nmore garbage\n".to_vec(),
            arc_record(
                "http://a.example/",
                "19961104142103",
                "text/html",
                HTTP_PAGE,
            ),
        ]
        .concat();
        let items: Vec<_> = ArcReader::new(&data[..]).collect();
        assert_eq!(items.len(), 3, "{items:?}");
        assert!(matches!(items[1], ArchiveItem::Bad { .. }));
        assert!(matches!(items[2], ArchiveItem::Page(_)));
    }

    #[test]
    fn a_huge_claimed_length_is_truncated_not_allocated() {
        let mut data = filedesc();
        data.extend_from_slice(
            b"http://a.example/ 1.2.3.4 19961104142103 text/html 1073741824\n<html>tiny",
        );
        let items: Vec<_> = ArcReader::new(&data[..]).collect();
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], ArchiveItem::Bad { error, .. } if error.contains("truncated")));
    }
}
