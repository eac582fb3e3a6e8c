//! Errors of the corpus: each says what went wrong and, where there is one,
//! what to do about it.

use thiserror::Error;

/// What went wrong reading or writing a corpus.
#[derive(Debug, Error)]
pub enum CorpusError {
    /// No corpus in the directory named.
    #[error("no corpus at {0} (run `newsdesk ingest` first)")]
    NoCorpus(String),
    /// The store's schema (first) is newer than this build reads (second).
    #[error("the data directory was written by a newer newsdesk (schema {0}; this build reads up to {1}); upgrade newsdesk")]
    NewerSchema(i64, i64),
    /// The store cannot be read as a store.
    #[error("the store is damaged: {0}")]
    Corrupt(String),
    /// The search index cannot be read; it can be rebuilt from the store.
    #[error("the search index is damaged or unreadable ({0}); run `newsdesk reindex` to rebuild it from the store")]
    IndexCorrupt(String),
    /// Another process holds the writer lock.
    #[error("another newsdesk process is writing to this data directory")]
    Busy,
    /// The system ran out of something for the moment (file descriptors,
    /// memory maps): nothing is wrong with the corpus.
    #[error("out of system resources: {0}")]
    Exhausted(String),
    /// The request is wrong (a bad query, date or argument); the message says how.
    #[error("{0}")]
    BadInput(String),
    /// The disk filled while writing.
    #[error("the disk is full: {0} (everything committed before this point is kept; free space and run the same command again to resume)")]
    DiskFull(String),
    /// A write to a data directory that cannot be written.
    #[error("the data directory {0} is read-only: ingest and reindex need to write to it (search, article, story, stats and export work on a read-only corpus)")]
    ReadOnly(String),
    /// An error of another backend (PostgreSQL in cluster mode), as text.
    #[error("{0}")]
    Backend(String),
    /// Any other error of the store (SQLite).
    #[error("store: {0}")]
    Sqlite(rusqlite::Error),
    /// Any other error of the search index (tantivy).
    #[error("index: {0}")]
    Tantivy(tantivy::TantivyError),
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    // The next two show their cause in their own message, so they do not
    // also give it as their source (a report of the chain would repeat it).
    /// A record could not be written or read as JSON.
    #[error("record: {0}")]
    Json(serde_json::Error),
    /// Writing CSV failed.
    #[error("export: {0}")]
    Csv(csv::Error),
}

impl CorpusError {
    /// The kind of the I/O error underneath, if the error is one (a closed
    /// pipe while writing an export, say).
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            CorpusError::Io(error) => Some(error.kind()),
            CorpusError::Json(error) => error.io_error_kind(),
            CorpusError::Csv(error) => match error.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            },
            _ => None,
        }
    }
}

impl From<serde_json::Error> for CorpusError {
    fn from(error: serde_json::Error) -> Self {
        if error.io_error_kind() == Some(std::io::ErrorKind::StorageFull) {
            return CorpusError::DiskFull(error.to_string());
        }
        CorpusError::Json(error)
    }
}

impl From<csv::Error> for CorpusError {
    fn from(error: csv::Error) -> Self {
        if let csv::ErrorKind::Io(io) = error.kind() {
            if io.raw_os_error() == Some(28) {
                return CorpusError::DiskFull(io.to_string());
            }
        }
        CorpusError::Csv(error)
    }
}

impl From<rusqlite::Error> for CorpusError {
    fn from(error: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(code, _) = &error {
            if code.code == rusqlite::ErrorCode::CannotOpen && is_exhaustion(&error.to_string()) {
                return CorpusError::Exhausted(error.to_string());
            }
        }
        if let rusqlite::Error::SqliteFailure(code, _) = &error {
            if code.code == rusqlite::ErrorCode::DiskFull {
                return CorpusError::DiskFull(error.to_string());
            }
            if code.code == rusqlite::ErrorCode::DatabaseCorrupt
                || code.code == rusqlite::ErrorCode::NotADatabase
            {
                return CorpusError::Corrupt(error.to_string());
            }
        }
        CorpusError::Sqlite(error)
    }
}

/// Whether an error's text says the system ran out of file descriptors or
/// memory (tantivy reports them inside other errors, as text).
pub(crate) fn is_exhaustion(text: &str) -> bool {
    [
        "Too many open files",
        "os error 24",
        "os error 23",
        "Cannot allocate memory",
        "os error 12",
    ]
    .iter()
    .any(|sign| text.contains(sign))
}

/// An error opening the index: damage, unless the system ran out of
/// resources on the way.
pub(crate) fn index_open_error(error: impl std::fmt::Display) -> CorpusError {
    let text = error.to_string();
    if is_exhaustion(&text) {
        CorpusError::Exhausted(text)
    } else {
        CorpusError::IndexCorrupt(text)
    }
}

impl From<tantivy::TantivyError> for CorpusError {
    fn from(error: tantivy::TantivyError) -> Self {
        let text = error.to_string();
        if is_exhaustion(&text) {
            return CorpusError::Exhausted(text);
        }
        if text.contains("No space left on device") || text.contains("os error 28") {
            return CorpusError::DiskFull(text);
        }
        match &error {
            tantivy::TantivyError::LockFailure(..) => CorpusError::Busy,
            tantivy::TantivyError::IoError(io) if io.raw_os_error() == Some(28) => {
                CorpusError::DiskFull(error.to_string())
            }
            tantivy::TantivyError::DataCorruption(_) => {
                CorpusError::IndexCorrupt(error.to_string())
            }
            _ => CorpusError::Tantivy(error),
        }
    }
}
