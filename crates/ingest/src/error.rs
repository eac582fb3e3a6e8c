//! Why a source could not be read.
//!
//! Messages say what went wrong without naming the file or URL: the caller
//! prints the source next to the message (in a record's `source` field, or as
//! `source: message` on stderr), so naming it here would say it twice.

use std::io;

/// Why one source's bytes could not be had.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path does not exist.
    #[error("no such file or directory")]
    NotFound,
    /// Reading failed.
    #[error("cannot read: {0}")]
    Io(#[source] io::Error),
    /// A `.gz` file that does not decompress.
    #[error("corrupt or unreadable gzip data: {0}")]
    Gzip(#[source] io::Error),
    /// A directory that could not be walked.
    #[error("cannot walk the directory: {0}")]
    Walk(String),
    /// A directory without page files.
    #[error("no page files (.html, .htm, .xhtml, .txt, optionally .gz) in this directory")]
    NoPages,
    /// A directory without anything `ingest` reads.
    #[error("no page, archive, JSONL or feed files (.html, .txt, .warc, .arc, .jsonl, .xml, .rss, .atom, optionally .gz) in this directory")]
    NoCorpusFiles,
    /// A URL that cannot be fetched as written.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    #[error("the server answered HTTP {status} {reason}")]
    /// The server answered with an error status.
    HttpStatus {
        /// The status code.
        status: u16,
        /// The status line's text.
        reason: String,
    },
    #[error("timed out after {seconds} s")]
    /// No complete answer in time.
    Timeout {
        /// The time allowed.
        seconds: f64,
    },
    #[error("too many redirects (at most {max} are followed)")]
    /// The redirects went on past the limit.
    TooManyRedirects {
        /// The limit.
        max: u32,
    },
    /// The connection failed (refused, reset, no such host, TLS).
    #[error("network error: {0}")]
    Network(String),
}

/// An input that failed before it could be read: its name and why.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {error}")]
pub struct SourceError {
    /// The source as the user would recognise it: a path, a URL or `-`.
    pub name: String,
    /// Why it failed.
    pub error: IngestError,
}
