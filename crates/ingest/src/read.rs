//! Reading a page's bytes from a file or stdin, with bounds.
//!
//! Everything is read through [`Read::take`], so memory never grows past a
//! fixed cap whatever the input: a file larger than [`MAX_INPUT_BYTES`] is cut
//! there with a warning, and gzip (named `.gz`, or starting with the gzip
//! magic bytes) is decompressed through the same cap, so a gzip bomb costs at
//! most [`MAX_INPUT_BYTES`] of memory and the time to inflate them.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

use crate::error::IngestError;

/// The most bytes of one input (after decompression) that are read.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// One page's bytes and what is known about them.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The bytes, decompressed.
    pub bytes: Vec<u8>,
    /// The address the bytes came from (the final one, after redirects).
    pub url: Option<String>,
    /// The HTTP `Content-Type` header, if the page came over HTTP.
    pub content_type: Option<String>,
    /// What the user should know about how the bytes were read (truncation...).
    pub warnings: Vec<String>,
}

/// Reads a file, gunzipping it if it is gzip, keeping at most `limit` bytes.
pub fn read_file(path: &Path, limit: u64) -> Result<Page, IngestError> {
    let file = File::open(path).map_err(open_error)?;
    let named_gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    read_page(BufReader::new(file), named_gz, limit)
}

/// Reads standard input, gunzipping it if it is gzip, keeping at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Page, IngestError> {
    read_page(io::stdin().lock(), false, limit)
}

fn open_error(e: io::Error) -> IngestError {
    match e.kind() {
        io::ErrorKind::NotFound => IngestError::NotFound,
        _ => IngestError::Io(e),
    }
}

/// Reads a page from `reader`: gzip if `gz_hint` or the bytes start with the
/// gzip magic, plain otherwise; at most `limit` bytes are kept.
pub fn read_page<R: BufRead>(
    mut reader: R,
    gz_hint: bool,
    limit: u64,
) -> Result<Page, IngestError> {
    let starts_gz = reader
        .fill_buf()
        .map_err(IngestError::Io)?
        .starts_with(&GZIP_MAGIC);
    let mut page = Page::default();
    let truncated = if gz_hint || starts_gz {
        let decoder = MultiGzDecoder::new(reader);
        read_bounded(decoder, limit, &mut page.bytes).map_err(IngestError::Gzip)?
    } else {
        read_bounded(reader, limit, &mut page.bytes).map_err(IngestError::Io)?
    };
    if truncated {
        let what = if gz_hint || starts_gz {
            "decompressed input"
        } else {
            "input"
        };
        page.warnings.push(truncation_warning(what, limit));
    }
    Ok(page)
}

/// Reads at most `limit` bytes of `reader` into `buf`; says whether there was more.
///
/// On an error, the bytes read so far stay in `buf`.
pub fn read_bounded<R: Read>(reader: R, limit: u64, buf: &mut Vec<u8>) -> io::Result<bool> {
    let mut bounded = reader.take(limit.saturating_add(1));
    bounded.read_to_end(buf)?;
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let truncated = buf.len() > cap;
    buf.truncate(cap);
    Ok(truncated)
}

/// The warning for an input cut at `limit` bytes.
pub fn truncation_warning(what: &str, limit: u64) -> String {
    format!(
        "{what} is larger than {}; only the first {} were read",
        human_size(limit),
        human_size(limit)
    )
}

/// `67108864` → `64 MiB`.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.checked_rem(MIB) == Some(0) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(data).expect("writing to a Vec");
        encoder.finish().expect("writing to a Vec")
    }

    #[test]
    fn plain_input_is_read_whole_under_the_limit() {
        let page = read_page(&b"<p>hello</p>"[..], false, 100).expect("plain input");
        assert_eq!(page.bytes, b"<p>hello</p>");
        assert!(page.warnings.is_empty());
    }

    #[test]
    fn plain_input_is_cut_at_the_limit_with_a_warning() {
        let page = read_page(&[b'a'; 100][..], false, 10).expect("plain input");
        assert_eq!(page.bytes.len(), 10);
        assert_eq!(page.warnings.len(), 1);
    }

    #[test]
    fn gzip_is_sniffed_and_bounded() {
        let packed = gzip(&vec![0u8; 1_000_000]);
        let page = read_page(&packed[..], false, 1000).expect("gzip input");
        assert_eq!(page.bytes.len(), 1000);
        assert!(page.warnings[0].contains("decompressed"));
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut packed = gzip(b"<p>hello hello hello</p>");
        let middle = packed.len() / 2;
        packed[middle] ^= 0xff;
        packed.truncate(middle + 2);
        assert!(matches!(
            read_page(&packed[..], false, 1000),
            Err(IngestError::Gzip(_))
        ));
        assert!(matches!(
            read_page(&b"not gzip at all"[..], true, 1000),
            Err(IngestError::Gzip(_))
        ));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}
