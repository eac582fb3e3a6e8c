//! Reading a JSON Lines corpus: one page per line, as
//! `{"url": ..., "html": ... | "text": ..., "fetched_at": ...}`.
//!
//! This is the simplest way to hand newsdesk pages scraped by another tool.
//! Lines are read one at a time with a cap ([`MAX_LINE_BYTES`]), plain or
//! gzip (sniffed), so memory stays at one line. A line that is not valid JSON,
//! lacks `url`, or has neither `html` nor `text` becomes an
//! [`ArchiveItem::Bad`] naming its line number, and reading goes on. Blank
//! lines are passed over silently; other fields are ignored.

use std::io::{self, Read};

use serde_json::Value;

use crate::capture::{capture_time, clean_url, ArchiveItem, Capture};
use crate::read::human_size;
use crate::stream::{Decoded, Input, Line};

/// The longest line read; a longer one is a Bad item.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// The pages of a JSONL file, line by line.
pub struct JsonlReader<R> {
    input: Option<Input<R>>,
    open_error: Option<io::Error>,
    max_line: usize,
    line_number: u64,
    done: bool,
}

impl<R: Read> JsonlReader<R> {
    /// Reads `reader`, plain or gzip (sniffed), with lines capped at
    /// [`MAX_LINE_BYTES`].
    pub fn new(reader: R) -> Self {
        Self::with_max_line(reader, MAX_LINE_BYTES)
    }

    /// As [`JsonlReader::new`], with another cap on a line's length.
    pub fn with_max_line(reader: R, max_line: usize) -> Self {
        let (input, open_error) = match Decoded::new(reader) {
            Ok(decoded) => (Some(Input::new(decoded)), None),
            Err(e) => (None, Some(e)),
        };
        JsonlReader {
            input,
            open_error,
            max_line,
            line_number: 0,
            done: false,
        }
    }
}

impl<R: Read> Iterator for JsonlReader<R> {
    type Item = ArchiveItem;

    fn next(&mut self) -> Option<ArchiveItem> {
        while !self.done {
            let Some(input) = self.input.as_mut() else {
                self.done = true;
                let error = self.open_error.take().map_or_else(
                    || "cannot read".to_string(),
                    |e| format!("cannot read: {e}"),
                );
                return Some(ArchiveItem::Bad { offset: 0, error });
            };
            let offset = input.offset();
            self.line_number += 1;
            let line_number = self.line_number;
            match input.read_line(self.max_line) {
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong) => {
                    return Some(ArchiveItem::Bad {
                        offset,
                        error: format!(
                            "line {line_number}: longer than {}; skipped",
                            human_size(self.max_line as u64)
                        ),
                    })
                }
                Ok(Line::Text(line)) => {
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(match parse_line(&line) {
                        Ok(capture) => ArchiveItem::Page(capture),
                        Err(why) => ArchiveItem::Bad {
                            offset,
                            error: format!("line {line_number}: {why}"),
                        },
                    });
                }
                Err(e) => {
                    let what = if input.is_gzip() {
                        "corrupt or truncated gzip data"
                    } else {
                        "read error"
                    };
                    // A broken gzip member: go on at the next one, if any;
                    // line numbers after it are no longer exact.
                    self.done = !input.recover();
                    return Some(ArchiveItem::Bad {
                        offset,
                        error: format!("line {line_number}: {what}: {e}"),
                    });
                }
            }
        }
        None
    }
}

/// One line's page, or why there is none.
fn parse_line(line: &[u8]) -> Result<Capture, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".into());
    };
    let url = match object.get("url") {
        Some(Value::String(url)) => clean_url(url).ok_or("`url` is empty")?,
        Some(_) => return Err("`url` is not a string".into()),
        None => return Err("no `url`".into()),
    };
    let string = |key: &str| -> Result<Option<&str>, String> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(format!("`{key}` is not a string")),
        }
    };
    let html = string("html")?;
    let text = string("text")?;
    let mut warnings = Vec::new();
    let (body, is_text) = match (html, text) {
        (Some(html), Some(_)) => {
            warnings.push("the line has both `html` and `text`; `html` was used".to_string());
            (html, false)
        }
        (Some(html), None) => (html, false),
        (None, Some(text)) => (text, true),
        (None, None) => return Err("neither `html` nor `text`".into()),
    };
    let fetched_at = capture_time(string("fetched_at")?, &mut warnings);
    Ok(Capture {
        url,
        fetched_at,
        content_type: None,
        body: body.as_bytes().to_vec(),
        is_text,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(data: &[u8]) -> Vec<ArchiveItem> {
        JsonlReader::new(data).collect()
    }

    #[test]
    fn html_and_text_lines_become_captures() {
        let data = br#"{"url": "https://a.example/1", "html": "<p>one</p>", "fetched_at": "2024-05-01T12:00:00+02:00"}

{"url": "https://a.example/2", "text": "Two\n\nParagraph.", "extra": 5}
"#;
        let items = items(data);
        assert_eq!(items.len(), 2);
        let pages: Vec<_> = items.into_iter().filter_map(ArchiveItem::page).collect();
        assert_eq!(pages[0].body, b"<p>one</p>");
        assert!(!pages[0].is_text);
        assert_eq!(pages[0].fetched_at.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert!(pages[1].is_text);
        assert_eq!(pages[1].fetched_at, None);
        assert_eq!(pages[1].content_type, None);
    }

    #[test]
    fn bad_lines_are_reported_with_their_numbers_and_reading_goes_on() {
        let data = b"{\"url\": \"https://a/1\", \"html\": \"x\"}\nnot json\n[1,2]\n{\"html\": \"x\"}\n{\"url\": \"https://a/5\"}\n{\"url\": 5, \"html\": \"x\"}\n{\"url\": \"https://a/7\", \"text\": \"y\"}";
        let items = items(data);
        assert_eq!(items.len(), 7);
        let errors: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                ArchiveItem::Bad { error, .. } => Some(error.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(errors.len(), 5);
        assert!(errors[0].starts_with("line 2: not JSON"));
        assert!(errors[1].starts_with("line 3: not a JSON object"));
        assert!(errors[2].starts_with("line 4: no `url`"));
        assert!(errors[3].starts_with("line 5: neither"));
        assert!(errors[4].starts_with("line 6: `url` is not a string"));
        assert!(matches!(&items[6], ArchiveItem::Page(c) if c.url == "https://a/7"));
    }

    #[test]
    fn an_overlong_line_is_bad_and_the_next_is_read() {
        let mut data = format!(
            "{{\"url\": \"https://a/1\", \"html\": \"{}\"}}\n",
            "x".repeat(5000)
        )
        .into_bytes();
        data.extend_from_slice(b"{\"url\": \"https://a/2\", \"html\": \"ok\"}\n");
        let items: Vec<_> = JsonlReader::with_max_line(&data[..], 1000).collect();
        assert_eq!(items.len(), 2);
        assert!(
            matches!(&items[0], ArchiveItem::Bad { error, .. } if error.starts_with("line 1: longer than"))
        );
        assert!(matches!(&items[1], ArchiveItem::Page(c) if c.url == "https://a/2"));
    }

    #[test]
    fn gzip_jsonl_is_sniffed() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder
            .write_all(b"{\"url\": \"https://a/1\", \"html\": \"<p>z</p>\"}\n")
            .expect("in memory");
        let packed = encoder.finish().expect("in memory");
        assert_eq!(items(&packed).len(), 1);
    }
}
