//! The HTTP response stored in an archive record: status, headers, and the
//! body as the page's bytes (de-chunked, decompressed, bounded).
//!
//! Archives keep responses as they came off the wire, and crawlers are not
//! always faithful: headers end in bare `\n`, `Transfer-Encoding: chunked`
//! is claimed for bodies that were already de-chunked, `Content-Encoding:
//! gzip` for bodies that were already gunzipped (ClueWeb09), chunk sizes are
//! wrong. Each of these is repaired the way that keeps the most of the page,
//! with a warning, rather than losing the record.

use std::io::Read;

use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};

use crate::capture::{is_html_type, mime_type, quote_bytes, sniff_html, MAX_BODY_BYTES};
use crate::read::{human_size, read_bounded};

/// The most bytes of HTTP headers looked at.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// A parsed HTTP response; the body borrows the record's bytes.
#[derive(Debug)]
pub(crate) struct Response<'a> {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl Response<'_> {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Content-Type`: the first one, or, when several were sent, the
    /// first that names a charset.
    pub fn content_type(&self) -> Option<&str> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, v)| n.eq_ignore_ascii_case("content-type") && !v.trim().is_empty())
            .map(|(_, v)| v.as_str());
        let first = values.next()?;
        if first.to_ascii_lowercase().contains("charset=") {
            return Some(first);
        }
        let first_mime = mime_type(first);
        Some(
            values
                .find(|v| mime_type(v) == first_mime && v.to_ascii_lowercase().contains("charset="))
                .unwrap_or(first),
        )
    }
}

/// Parses an HTTP response: status line, headers (CRLF or bare LF), body.
pub(crate) fn parse_response(block: &[u8]) -> Result<Response<'_>, String> {
    let start = block
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(block.len());
    let block = &block[start..];
    let head_len = header_end(block).ok_or_else(|| {
        if block.len() > MAX_HEADER_BYTES {
            format!(
                "the HTTP headers are longer than {}",
                human_size(MAX_HEADER_BYTES as u64)
            )
        } else {
            "the HTTP headers never end (no blank line)".to_string()
        }
    })?;
    let (head, body) = (&block[..head_len.0], &block[head_len.1..]);
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let status_line = lines.next().unwrap_or("");
    let status = parse_status_line(status_line).ok_or_else(|| {
        format!(
            "not an HTTP status line: `{}`",
            quote_bytes(status_line.as_bytes(), 60)
        )
    })?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Where the header block ends: (end of headers, start of body).
fn header_end(block: &[u8]) -> Option<(usize, usize)> {
    let window = &block[..block.len().min(MAX_HEADER_BYTES)];
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'\n', &window[from..]) {
        let at = from + at;
        let rest = &window[at + 1..];
        if rest.starts_with(b"\r\n") {
            return Some((at, at + 3));
        }
        if rest.starts_with(b"\n") {
            return Some((at, at + 2));
        }
        if at + 1 == block.len() {
            // Headers that end the record with no body.
            return Some((at, at + 1));
        }
        from = at + 1;
    }
    None
}

/// `HTTP/1.1 200 OK` → 200.
fn parse_status_line(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.get(..5)?.eq_ignore_ascii_case("HTTP/") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

/// What to do with an HTTP response's body.
pub(crate) enum Body {
    /// An HTML page: its bytes and the repairs made on the way.
    Html {
        bytes: Vec<u8>,
        warnings: Vec<String>,
    },
    /// Not a page; why.
    Skip(String),
    /// The body cannot be decoded; why.
    Bad(String),
}

/// The page in a response: only 2xx HTML (by `Content-Type`, or sniffed when
/// there is none), de-chunked and decoded.
pub(crate) fn html_body(response: &Response<'_>) -> Body {
    if !(200..300).contains(&response.status) {
        return Body::Skip(format!("HTTP status {}", response.status));
    }
    let declared = response.content_type();
    if let Some(content_type) = declared {
        if !is_html_type(content_type) {
            return Body::Skip(format!("not HTML ({})", mime_type(content_type)));
        }
    }
    let mut warnings = Vec::new();
    let chunked = response
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let mut bytes = if chunked {
        match dechunk(response.body) {
            Ok(bytes) => bytes,
            Err(why) => {
                warnings.push(format!(
                    "Transfer-Encoding says chunked but {why}; the body is kept as stored"
                ));
                response.body.to_vec()
            }
        }
    } else {
        response.body.to_vec()
    };
    if let Some(encodings) = response.header("content-encoding") {
        // Encodings apply in the order listed, so undo them last to first.
        let list: Vec<String> = encodings
            .split(',')
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty() && e != "identity" && e != "none")
            .collect();
        for encoding in list.iter().rev() {
            match decode(&bytes, encoding, &mut warnings) {
                Ok(decoded) => bytes = decoded,
                Err(Decode::Unsupported) => {
                    return Body::Skip(format!("Content-Encoding {encoding} is not supported"))
                }
                Err(Decode::Corrupt(why)) => return Body::Bad(why),
            }
        }
    }
    if bytes.len() as u64 > MAX_BODY_BYTES {
        bytes.truncate(MAX_BODY_BYTES as usize);
        warnings.push(format!(
            "the body is larger than {}; only the first {} were kept",
            human_size(MAX_BODY_BYTES),
            human_size(MAX_BODY_BYTES)
        ));
    }
    if declared.is_none() && !sniff_html(&bytes) {
        return Body::Skip("no Content-Type and the body does not look like HTML".into());
    }
    Body::Html { bytes, warnings }
}

/// Undoes `Transfer-Encoding: chunked`. A last chunk cut short is kept as
/// far as it goes (the record was truncated); any other inconsistency is an
/// error, so the caller keeps the body as stored.
fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let Some(eol) = memchr::memchr(b'\n', rest) else {
            if rest.iter().all(u8::is_ascii_whitespace) && !out.is_empty() {
                // The final zero-size chunk is missing: keep what came.
                return Ok(out);
            }
            return Err("a chunk-size line has no end".into());
        };
        let line = String::from_utf8_lossy(&rest[..eol]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        if size_text.is_empty() || size_text.len() > 15 {
            return Err(format!(
                "`{}` is not a chunk size",
                quote_bytes(size_text.as_bytes(), 20)
            ));
        }
        let size = usize::from_str_radix(size_text, 16).map_err(|_| {
            format!(
                "`{}` is not a chunk size",
                quote_bytes(size_text.as_bytes(), 20)
            )
        })?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Ok(out);
        }
        if size > rest.len() {
            if out.is_empty() {
                return Err("the first chunk is longer than the body".into());
            }
            out.extend_from_slice(rest);
            return Ok(out);
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .ok_or_else(|| "a chunk is not followed by a line end".to_string())?;
        if rest.is_empty() {
            return Ok(out);
        }
    }
}

enum Decode {
    Unsupported,
    Corrupt(String),
}

/// Undoes one `Content-Encoding`, reading at most [`MAX_BODY_BYTES`] (plus
/// one byte, to know there was more) of output.
fn decode(bytes: &[u8], encoding: &str, warnings: &mut Vec<String>) -> Result<Vec<u8>, Decode> {
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let zlib = bytes.len() >= 2
        && bytes[0] & 0x0f == 8
        && (u16::from(bytes[0]) << 8 | u16::from(bytes[1])) % 31 == 0;
    let reader: Box<dyn Read + '_> = match encoding {
        "gzip" | "x-gzip" if gzip => Box::new(GzDecoder::new(bytes)),
        "deflate" if gzip => Box::new(GzDecoder::new(bytes)),
        "deflate" if zlib => Box::new(ZlibDecoder::new(bytes)),
        "deflate" if !sniff_html(bytes) => Box::new(DeflateDecoder::new(bytes)),
        "gzip" | "x-gzip" | "deflate" => {
            // Stored already decoded (ClueWeb09 did this): keep it as it is.
            warnings.push(format!(
                "Content-Encoding says {encoding} but the body is not compressed; kept as stored"
            ));
            return Ok(bytes.to_vec());
        }
        _ => return Err(Decode::Unsupported),
    };
    let mut out = Vec::new();
    // One byte over the cap tells a body that was cut from one that fits.
    match read_bounded(reader, MAX_BODY_BYTES + 1, &mut out) {
        Ok(_) => Ok(out),
        Err(e) if !out.is_empty() => {
            warnings.push(format!(
                "the {encoding} body is damaged after {} decoded bytes ({e}); kept what could be decoded",
                out.len()
            ));
            Ok(out)
        }
        Err(e) => Err(Decode::Corrupt(format!(
            "the {encoding} body cannot be decoded: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn html(response: &[u8]) -> (Vec<u8>, Vec<String>) {
        let parsed = parse_response(response).expect("a response");
        match html_body(&parsed) {
            Body::Html { bytes, warnings } => (bytes, warnings),
            Body::Skip(why) | Body::Bad(why) => panic!("not a page: {why}"),
        }
    }

    #[test]
    fn status_and_headers_with_bare_newlines() {
        let parsed =
            parse_response(b"HTTP/1.0 404 Not Found\nContent-Type: text/html\n X-More: y\n\nbody")
                .expect("a response");
        assert_eq!(parsed.status, 404);
        assert_eq!(parsed.header("CONTENT-TYPE"), Some("text/html X-More: y"));
        assert_eq!(parsed.body, b"body");
        assert!(matches!(html_body(&parsed), Body::Skip(why) if why.contains("404")));
    }

    #[test]
    fn chunked_bodies_are_joined() {
        let (bytes, warnings) = html(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n6;ext=1\r\n<html>\r\n7\r\n<p>hi</\r\n2\r\np>\r\n0\r\n\r\n",
        );
        assert_eq!(bytes, b"<html><p>hi</p>");
        assert!(warnings.is_empty());
    }

    #[test]
    fn wrong_chunk_sizes_fall_back_to_the_stored_body() {
        let (bytes, warnings) = html(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n<html><p>already de-chunked</p>",
        );
        assert_eq!(bytes, b"<html><p>already de-chunked</p>");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn gzip_and_deflate_are_decoded() {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder
            .write_all(b"<html>zipped</html>")
            .expect("in memory");
        let mut response =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n"
                .to_vec();
        response.extend(encoder.finish().expect("in memory"));
        assert_eq!(html(&response).0, b"<html>zipped</html>");

        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
        encoder
            .write_all(b"<html>deflated</html>")
            .expect("in memory");
        let mut response =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Type: text/html\r\n\r\n"
                .to_vec();
        response.extend(encoder.finish().expect("in memory"));
        assert_eq!(html(&response).0, b"<html>deflated</html>");
    }

    #[test]
    fn a_body_claimed_gzip_but_plain_is_kept() {
        let (bytes, warnings) = html(
            b"HTTP/1.1 200 OK\nContent-Type: text/html; charset=EUC-JP\nContent-Encoding: gzip\n\n<html>plain</html>",
        );
        assert_eq!(bytes, b"<html>plain</html>");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn a_gzip_bomb_body_is_cut_at_the_cap() {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(b"<html>").expect("in memory");
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..40 {
            encoder.write_all(&zeros).expect("in memory");
        }
        let mut response =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n"
                .to_vec();
        response.extend(encoder.finish().expect("in memory"));
        let (bytes, warnings) = html(&response);
        assert_eq!(bytes.len() as u64, MAX_BODY_BYTES);
        assert!(warnings.iter().any(|w| w.contains("larger than")));
    }

    #[test]
    fn unsupported_encodings_and_non_html_are_skipped() {
        let parsed = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Type: text/html\r\n\r\nxx",
        )
        .expect("a response");
        assert!(matches!(html_body(&parsed), Body::Skip(why) if why.contains("br")));
        let parsed = parse_response(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nxx")
            .expect("a response");
        assert!(matches!(html_body(&parsed), Body::Skip(why) if why.contains("image/png")));
        let parsed =
            parse_response(b"HTTP/1.1 200 OK\r\n\r\n<!doctype html><p>x").expect("a response");
        assert!(matches!(html_body(&parsed), Body::Html { .. }));
    }

    #[test]
    fn the_content_type_with_a_charset_wins() {
        let parsed = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n",
        )
        .expect("a response");
        assert_eq!(
            parsed.content_type(),
            Some("text/html; charset=windows-1251")
        );
    }
}
