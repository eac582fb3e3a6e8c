//! The one-writer lock of a data directory.
//!
//! Only one process may change a corpus at a time: `ingest`, `reindex`, the
//! server's ingest jobs and a reader's index catch-up all take this lock
//! first, before they open or create anything, so a second writer is told
//! "another newsdesk process is writing" instead of failing half-way (a
//! reindex deleting files under an ingest, two ingests racing to create the
//! store's tables). The lock is an advisory `flock` on `writer.lock` in the
//! data directory; the operating system releases it when the process ends,
//! however it ends, so a `kill -9` never leaves a stale lock behind.

use std::fs::{File, OpenOptions};
use std::path::Path;

use fs4::fs_std::FileExt;

use crate::error::CorpusError;

/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "writer.lock";

/// The held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// Takes the lock of the data directory `dir` (which must exist) without
    /// waiting: [`CorpusError::Busy`] when another process holds it.
    pub fn try_acquire(dir: &Path) -> Result<WriterLock, CorpusError> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        if file.try_lock_exclusive()? {
            Ok(WriterLock { _file: file })
        } else {
            Err(CorpusError::Busy)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let first = WriterLock::try_acquire(dir.path()).expect("the lock is free");
        assert!(matches!(
            WriterLock::try_acquire(dir.path()),
            Err(CorpusError::Busy)
        ));
        drop(first);
        assert!(WriterLock::try_acquire(dir.path()).is_ok());
    }
}
