//! Web archives as inputs of `newsdesk extract` and `analyze`: WARC and ARC
//! files (plain or gzip), JSON Lines captures, and a WARC or ARC piped into
//! standard input.
//!
//! An archive is one input that stands for many pages, so it is expanded here
//! into one [`Job`] per record, read lazily by `newsdesk-ingest`'s streaming
//! readers on the thread that feeds the workers: memory stays at the records
//! in flight (the window of [`crate::ordered`]), whatever the archive's size.
//! This is what lets the binary be the per-partition worker of a Spark job
//! (`spark/`): a WARC in on stdin, JSON Lines out, record by record.
//!
//! Each page record's `source` is the archive's name, `#`, and the record's
//! index in the archive (0-based, counting every record the reader reports:
//! pages, skipped records such as requests and metadata, and bad records), so
//! `crawl.warc.gz#7` is the eighth record of `crawl.warc.gz`. A record that
//! cannot be read becomes a failed entry under the same kind of name; the
//! rest of the archive is still read. Skipped records (requests, metadata,
//! non-HTML responses) produce nothing.
//!
//! An archive is recognised by its name (`.warc`, `.arc`, `.jsonl`,
//! `.ndjson`, each optionally `.gz`) or, for a file whose name says nothing,
//! by its first bytes (`WARC/`, `filedesc://`); standard input by its first
//! bytes only (WARC or ARC). Directories are still walked for page files
//! only, as before.

use std::io::{self, Cursor, Read};
use std::path::Path;

use newsdesk_extract::InputKind;
use newsdesk_ingest::{
    detect_kind, inputs, open_archive, read::read_page, sniff_corpus_kind, ArcReader, ArchiveItem,
    CorpusKind, JsonlReader, Page, Source, SourceError, WarcReader, MAX_INPUT_BYTES,
};

/// How much of standard input is read up front to tell a WARC from a page.
const STDIN_HEAD_BYTES: u64 = 64 * 1024;
/// How many decompressed bytes are enough to sniff.
const SNIFF_BYTES: u64 = 8 * 1024;

/// One unit of work for the extract/analyze workers.
pub enum Job {
    /// An input the worker reads itself: a page file or a URL (or why it
    /// cannot be used).
    Input(Result<Source, SourceError>),
    /// A page already read: an archive's record, or standard input.
    Page(Box<ReadyPage>),
    /// A record (or an input) that could not be read, and why.
    Failed { source: String, error: String },
}

/// A page whose bytes are already in memory.
pub struct ReadyPage {
    pub source: String,
    pub url: Option<String>,
    /// When the page was captured (RFC 3339), for archive records.
    pub fetched_at: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    pub kind: InputKind,
    pub warnings: Vec<String>,
}

/// The archive kind of a named file, if it is one: by name, or by its first
/// bytes when the name says nothing.
pub fn file_archive_kind(path: &Path) -> Option<CorpusKind> {
    match inputs::corpus_kind(path) {
        kind @ (CorpusKind::Warc | CorpusKind::Arc | CorpusKind::Jsonl) => Some(kind),
        CorpusKind::Page(newsdesk_ingest::PageKind::Unknown) if path.is_file() => {
            match detect_kind(path) {
                Ok(kind @ (CorpusKind::Warc | CorpusKind::Arc)) => Some(kind),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a command-line input is an archive file.
pub fn is_archive_arg(arg: &str) -> bool {
    arg != "-" && !inputs::is_url(arg) && file_archive_kind(Path::new(arg)).is_some()
}

/// The first bytes of standard input, read before anything else so that a
/// WARC can be told from a page; the rest is read later, after them.
pub struct StdinHead {
    raw: Vec<u8>,
    /// What the head says stdin holds (when it is an archive).
    kind: Option<CorpusKind>,
    /// An error from reading the head, reported as stdin's entry.
    error: Option<io::Error>,
}

impl StdinHead {
    /// Reads up to [`STDIN_HEAD_BYTES`] of standard input and sniffs them.
    pub fn read() -> StdinHead {
        let mut raw = Vec::new();
        let error = io::stdin()
            .lock()
            .take(STDIN_HEAD_BYTES)
            .read_to_end(&mut raw)
            .err();
        let kind = match sniff_corpus_kind(&decompressed_head(&raw)) {
            kind @ (CorpusKind::Warc | CorpusKind::Arc) => Some(kind),
            _ => None,
        };
        StdinHead { raw, kind, error }
    }

    /// Whether standard input holds a WARC or ARC archive.
    pub fn is_archive(&self) -> bool {
        self.kind.is_some()
    }
}

/// The first bytes of `raw` as the readers will see them: gunzipped when gzip.
fn decompressed_head(raw: &[u8]) -> Vec<u8> {
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return raw.to_vec();
    }
    let mut head = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(raw);
    // The head may end inside a gzip member: what was decoded up to there is enough.
    let _ = decoder.take(SNIFF_BYTES).read_to_end(&mut head);
    head
}

/// The jobs for the command-line inputs, lazily and in order: archives are
/// expanded into their records, `stdin` (read first when `-` is an input) is
/// either an archive or one page.
pub fn jobs(args: Vec<String>, mut stdin: Option<StdinHead>) -> impl Iterator<Item = Job> {
    inputs::expand(args).flat_map(move |item| -> Box<dyn Iterator<Item = Job>> {
        match item {
            Ok(Source::Stdin) => match stdin.take() {
                Some(head) => stdin_jobs(head),
                // `-` named twice: standard input was read already.
                None => Box::new(std::iter::once(Job::Failed {
                    source: "-".into(),
                    error: "standard input was already read".into(),
                })),
            },
            Ok(Source::File(path)) => match file_archive_kind(&path) {
                Some(kind) => file_jobs(&path, kind),
                None => Box::new(std::iter::once(Job::Input(Ok(Source::File(path))))),
            },
            other => Box::new(std::iter::once(Job::Input(other))),
        }
    })
}

fn file_jobs(path: &Path, kind: CorpusKind) -> Box<dyn Iterator<Item = Job>> {
    let name = path.display().to_string();
    match open_archive(path, kind) {
        Ok(records) => Box::new(records_jobs(name, records)),
        Err(error) => Box::new(std::iter::once(Job::Failed {
            source: name,
            error: error.to_string(),
        })),
    }
}

fn stdin_jobs(head: StdinHead) -> Box<dyn Iterator<Item = Job>> {
    if let Some(error) = head.error {
        return Box::new(std::iter::once(Job::Failed {
            source: "-".into(),
            error: format!("cannot read standard input: {error}"),
        }));
    }
    let rest = Cursor::new(head.raw).chain(io::stdin());
    match head.kind {
        Some(CorpusKind::Warc) => Box::new(records_jobs("-".into(), WarcReader::new(rest))),
        Some(CorpusKind::Arc) => Box::new(records_jobs("-".into(), ArcReader::new(rest))),
        Some(CorpusKind::Jsonl) => Box::new(records_jobs("-".into(), JsonlReader::new(rest))),
        _ => {
            let job = match read_page(io::BufReader::new(rest), false, MAX_INPUT_BYTES) {
                Ok(page) => Job::Page(Box::new(stdin_page(page))),
                Err(error) => Job::Failed {
                    source: "-".into(),
                    error: error.to_string(),
                },
            };
            Box::new(std::iter::once(job))
        }
    }
}

fn stdin_page(page: Page) -> ReadyPage {
    ReadyPage {
        source: "-".into(),
        url: page.url,
        fetched_at: None,
        content_type: page.content_type,
        bytes: page.bytes,
        kind: InputKind::Auto,
        warnings: page.warnings,
    }
}

/// One job per page or bad record of an archive; skipped records give none.
fn records_jobs(
    name: String,
    records: impl Iterator<Item = ArchiveItem>,
) -> impl Iterator<Item = Job> {
    records
        .enumerate()
        .filter_map(move |(index, item)| record_job(&name, index, item))
}

fn record_job(name: &str, index: usize, item: ArchiveItem) -> Option<Job> {
    let source = format!("{name}#{index}");
    match item {
        ArchiveItem::Page(capture) => Some(Job::Page(Box::new(ReadyPage {
            source,
            url: Some(capture.url),
            fetched_at: capture.fetched_at,
            content_type: capture.content_type,
            bytes: capture.body,
            kind: if capture.is_text {
                InputKind::Text
            } else {
                InputKind::Html
            },
            warnings: capture.warnings,
        }))),
        ArchiveItem::Skipped { .. } => None,
        ArchiveItem::Bad { offset, error } => Some(Job::Failed {
            source,
            error: format!("bad record at byte {offset}: {error}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warc_record(kind: &str, uri: &str, block: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n\
             WARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn records_are_named_by_archive_and_index() {
        let html = "<html><head><title>T</title></head><body><p>Hello there.</p></body></html>";
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let warc = format!(
            "{}{}{}",
            warc_record("request", "https://a.example/1", "GET / HTTP/1.1\r\n\r\n"),
            warc_record("response", "https://a.example/1", &response),
            "WARC/1.0\r\nContent-Length: nope\r\n\r\n",
        );
        let jobs: Vec<Job> =
            records_jobs("c.warc".into(), WarcReader::new(warc.as_bytes())).collect();
        assert_eq!(jobs.len(), 2, "the request record gives no job");
        let Job::Page(page) = &jobs[0] else {
            panic!("a page first")
        };
        assert_eq!(page.source, "c.warc#1");
        assert_eq!(page.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(page.fetched_at.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert_eq!(page.kind, InputKind::Html);
        let Job::Failed { source, error } = &jobs[1] else {
            panic!("then a failure")
        };
        assert_eq!(source, "c.warc#2");
        assert!(error.contains("Content-Length"), "{error}");
    }

    #[test]
    fn gzip_heads_are_sniffed_through() {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")
            .expect("in memory");
        let gz = encoder.finish().expect("in memory");
        assert!(decompressed_head(&gz).starts_with(b"WARC/1.0"));
        // A head cut inside the member still gives its first bytes.
        assert!(decompressed_head(&gz[..gz.len() - 8]).starts_with(b"WARC/"));
        assert_eq!(decompressed_head(b"<html>"), b"<html>");
    }
}
