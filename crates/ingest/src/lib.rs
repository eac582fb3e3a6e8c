//! newsdesk-ingest: where pages come from.
//!
//! The extractor (`newsdesk-extract`) is pure: bytes in, an article out. This
//! crate is the I/O edge in front of it, and its one job is to hand over the
//! bytes of each page *with bounds*, so that no input (a gzip bomb, a 2 GB
//! download, a server that never answers) can make newsdesk use unbounded
//! memory or time:
//!
//! - [`inputs`] expands command-line inputs (files, directories walked
//!   recursively, `-` for stdin, http(s) URLs) into a lazy stream of
//!   [`Source`]s, in a stable order.
//! - [`read`] reads a file or stdin, transparently gunzipping, never more than
//!   a fixed number of bytes (the rest is dropped with a warning).
//! - [`fetch`] downloads a URL with timeouts, capped redirects and a capped body.
//! - [`polite`] fetches many URLs the way a good crawler does: robots.txt
//!   ([`robots`]), a per-site delay, retries with backoff, conditional GET,
//!   and no private addresses unless allowed.
//!
//! Errors are typed ([`IngestError`]); their messages never repeat the source's
//! name, since callers print that next to them.

pub mod fetch;
pub mod inputs;
pub mod polite;
pub mod read;
pub mod robots;

mod addr;
mod error;

pub use error::{IngestError, SourceError};
pub use fetch::{FetchOptions, Fetcher, USER_AGENT};
pub use inputs::{expand, page_kind, PageKind, Source};
pub use polite::{Outcome, PoliteFetcher, PoliteOptions, Refusal, Validators};
pub use read::{read_file, read_stdin, Page, MAX_INPUT_BYTES};
