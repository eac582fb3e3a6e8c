//! newsdesk-ingest: where pages come from.
//!
//! The extractor (`newsdesk-extract`) is pure: bytes in, an article out. This
//! crate is the I/O edge in front of it, and its one job is to hand over the
//! bytes of each page *with bounds*, so that no input (a gzip bomb, a 2 GB
//! download, a server that never answers, an archive whose length fields lie)
//! can make newsdesk use unbounded memory or time:
//!
//! - [`inputs`] expands command-line inputs (files, directories walked
//!   recursively, `-` for stdin, http(s) URLs) into a lazy stream of
//!   [`Source`]s, in a stable order; [`inputs::expand_corpus`] does the same
//!   for `newsdesk ingest`, telling archives, JSONL and feeds apart.
//! - [`read`] reads a file or stdin, transparently gunzipping, never more than
//!   a fixed number of bytes (the rest is dropped with a warning).
//! - [`fetch`] downloads a URL with timeouts, capped redirects and a capped body.
//! - [`polite`] fetches many URLs the way a good crawler does: robots.txt
//!   ([`robots`]), a per-site delay, retries with backoff, conditional GET,
//!   and no private addresses unless allowed.
//! - [`warc`], [`arc`] and [`jsonl`] stream the pages of a corpus, record by
//!   record, as [`ArchiveItem`]s: a [`Capture`], or why a record was skipped
//!   or bad. They never stop on a bad record.
//! - [`feed`] reads RSS, Atom, JSON Feed and sitemaps into lists of URLs.
//!
//! Errors are typed ([`IngestError`]); their messages never repeat the source's
//! name, since callers print that next to them.

pub mod arc;
pub mod feed;
pub mod fetch;
pub mod inputs;
pub mod jsonl;
pub mod polite;
pub mod read;
pub mod robots;
pub mod warc;

mod addr;
mod capture;
mod error;
mod http;
mod stream;
mod transport;

pub use arc::ArcReader;
pub use capture::{
    is_html_type, normalize_timestamp, sniff_html, ArchiveItem, Capture, MAX_BODY_BYTES,
    MAX_RECORD_BYTES,
};
pub use error::{IngestError, SourceError};
pub use feed::{parse_feed, sniff_feed, Feed, FeedEntry, FeedError, FeedKind};
pub use fetch::{FetchOptions, Fetcher, USER_AGENT};
pub use inputs::{
    corpus_kind, detect_kind, expand, expand_corpus, open_archive, page_kind, read_url_list,
    sniff_corpus_kind, CorpusKind, CorpusSource, PageKind, Source,
};
pub use jsonl::JsonlReader;
pub use polite::{Outcome, PoliteFetcher, PoliteOptions, Refusal, Validators};
pub use read::{read_file, read_stdin, Page, MAX_INPUT_BYTES};
pub use warc::WarcReader;
