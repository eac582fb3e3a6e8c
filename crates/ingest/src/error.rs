//! Why a source could not be read.
//!
//! Messages say what went wrong without naming the file or URL: the caller
//! prints the source next to the message (in a record's `source` field, or as
//! `source: message` on stderr), so naming it here would say it twice.

use std::io;

/// Why one source's bytes could not be had.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("no such file or directory")]
    NotFound,
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    #[error("corrupt or unreadable gzip data: {0}")]
    Gzip(#[source] io::Error),
    #[error("cannot walk the directory: {0}")]
    Walk(String),
    #[error("no page files (.html, .htm, .xhtml, .txt, optionally .gz) in this directory")]
    NoPages,
    #[error("no page, archive, JSONL or feed files (.html, .txt, .warc, .arc, .jsonl, .xml, .rss, .atom, optionally .gz) in this directory")]
    NoCorpusFiles,
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    #[error("the server answered HTTP {status} {reason}")]
    HttpStatus { status: u16, reason: String },
    #[error("timed out after {seconds} s")]
    Timeout { seconds: f64 },
    #[error("too many redirects (at most {max} are followed)")]
    TooManyRedirects { max: u32 },
    #[error("network error: {0}")]
    Network(String),
}

/// An input that failed before it could be read: its name and why.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {error}")]
pub struct SourceError {
    /// The source as the user would recognise it: a path, a URL or `-`.
    pub name: String,
    pub error: IngestError,
}
