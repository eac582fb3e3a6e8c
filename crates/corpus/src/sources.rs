//! Turning `newsdesk ingest`'s sources into one lazy stream of captures.
//!
//! Each source argument is recognised by what it is — a directory, a page
//! file, a WARC/ARC archive, a JSON Lines file, a feed or sitemap, a file of
//! URLs, a URL — and read through `newsdesk-ingest`, which bounds every read.
//! Local sources are read first, in order; then every URL (given, listed, or
//! found in a feed or sitemap) is fetched by the polite fetcher, many hosts
//! at once but each host at its own pace. A fetched page that turns out to be
//! a feed or sitemap adds its entries to the next round (at most
//! [`MAX_ROUNDS`] rounds, each URL once, so a sitemap that points to itself
//! ends). A URL fetched before is asked for with its validators (ETag,
//! Last-Modified), so an unchanged page is not downloaded again.
//!
//! A source that cannot be read becomes a [`Problem`] in the stream, never
//! the end of the run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::sync::Mutex;
use std::time::Duration;

use crate::{Capture, CorpusError, Item, Problem, Store};
use newsdesk_ingest::{
    detect_kind, expand_corpus, open_archive, parse_feed, read_file, read_stdin, read_url_list,
    sniff_feed, ArchiveItem, CorpusKind, FeedKind, Outcome, PageKind, PoliteFetcher, PoliteOptions,
    Source, Validators, MAX_INPUT_BYTES,
};

/// Feed → sitemap index → sitemap → page: deeper chains are cut.
const MAX_ROUNDS: usize = 4;
/// At most this many distinct URLs per run.
const MAX_URLS: usize = 5_000_000;
/// Hosts fetched at once.
const FETCH_WORKERS: usize = 8;

/// Captures as they are read, on their own thread.
pub type CaptureStream = Box<dyn Iterator<Item = Item> + Send>;

/// How live sources are fetched.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// The least time between two requests to one host.
    pub min_delay: Duration,
    /// Fetch from private, loopback and link-local addresses too.
    pub allow_private: bool,
    /// Skip URLs a site's `robots.txt` disallows.
    pub respect_robots: bool,
    /// The corpus's store, for the validators of pages fetched before.
    pub store: Option<PathBuf>,
}

/// The stream of captures for `args` (and the URLs listed in `urls_file`),
/// with the number of pages when it can be known cheaply (for an ETA).
pub fn captures(
    args: &[String],
    urls_file: Option<&Path>,
    options: &SourceOptions,
) -> Result<(CaptureStream, Option<u64>), CorpusError> {
    let mut urls = Vec::new();
    if let Some(path) = urls_file {
        urls = read_url_list(path, MAX_INPUT_BYTES).map_err(|e| {
            CorpusError::BadInput(format!("reading URLs from {}: {e}", path.display()))
        })?;
    }
    let total = count_pages(args, urls.is_empty());
    let args = args.to_vec();
    let options = options.clone();
    let (tx, rx) = std::sync::mpsc::sync_channel(16);
    std::thread::spawn(move || {
        let mut reader = Reader { tx, urls };
        if reader.local(&args).is_ok() {
            reader.fetch_urls(&options);
        }
    });
    Ok((Box::new(rx.into_iter()), total))
}

struct Reader {
    tx: SyncSender<Item>,
    /// URLs to fetch once local sources are read.
    urls: Vec<String>,
}

/// The receiving side hung up: the ingest stopped.
struct Stopped;

impl Reader {
    fn send(&self, item: Item) -> Result<(), Stopped> {
        self.tx.send(item).map_err(|_| Stopped)
    }

    fn problem(&self, location: String, message: impl ToString) -> Result<(), Stopped> {
        self.send(Err(Problem {
            location,
            message: message.to_string(),
        }))
    }

    /// Reads every local source, queueing URLs for later.
    fn local(&mut self, args: &[String]) -> Result<(), Stopped> {
        for arg in args {
            for source in expand_corpus(vec![arg.clone()]) {
                match source {
                    Err(e) => self.problem(e.name.clone(), &e.error)?,
                    Ok(found) => match found.source {
                        Source::Url(url) => self.urls.push(url),
                        Source::Stdin => self.stdin(arg)?,
                        Source::File(path) => self.file(arg, &path, found.kind)?,
                    },
                }
            }
        }
        Ok(())
    }

    fn stdin(&self, arg: &str) -> Result<(), Stopped> {
        match read_stdin(MAX_INPUT_BYTES) {
            Err(e) => self.problem("-".into(), e),
            Ok(page) => self.send(Ok(Capture {
                source: arg.to_string(),
                location: "-".into(),
                url: page.url,
                content_type: page.content_type,
                body: page.bytes,
                warnings: page.warnings,
                ..Capture::default()
            })),
        }
    }

    fn file(&mut self, arg: &str, path: &Path, kind: CorpusKind) -> Result<(), Stopped> {
        let location = path.display().to_string();
        let kind = match kind {
            CorpusKind::Page(PageKind::Unknown) => detect_kind(path).unwrap_or(kind),
            other => other,
        };
        match kind {
            CorpusKind::Warc | CorpusKind::Arc | CorpusKind::Jsonl => self.archive(arg, path, kind),
            CorpusKind::UrlList => match read_url_list(path, MAX_INPUT_BYTES) {
                Ok(urls) => {
                    self.urls.extend(urls);
                    Ok(())
                }
                Err(e) => self.problem(location, e),
            },
            CorpusKind::Feed => match read_file(path, MAX_INPUT_BYTES) {
                Err(e) => self.problem(location, e),
                Ok(page) => match parse_feed(&page.bytes, None) {
                    Ok(feed) => {
                        self.urls.extend(feed.entries.into_iter().map(|e| e.url));
                        Ok(())
                    }
                    Err(e) => self.problem(location, e),
                },
            },
            CorpusKind::Page(page_kind) => match read_file(path, MAX_INPUT_BYTES) {
                Err(e) => self.problem(location, e),
                Ok(page) => self.send(Ok(Capture {
                    source: arg.to_string(),
                    location,
                    url: page.url,
                    content_type: page.content_type,
                    body: page.bytes,
                    is_text: page_kind == PageKind::Text,
                    warnings: page.warnings,
                    ..Capture::default()
                })),
            },
        }
    }

    fn archive(&self, arg: &str, path: &Path, kind: CorpusKind) -> Result<(), Stopped> {
        let name = path.display().to_string();
        let records = match open_archive(path, kind) {
            Ok(records) => records,
            Err(e) => return self.problem(name, e),
        };
        for record in records {
            match record {
                ArchiveItem::Page(capture) => self.send(Ok(Capture {
                    source: arg.to_string(),
                    location: format!("{name} {}", capture.url),
                    url: Some(capture.url),
                    fetched_at: capture.fetched_at,
                    content_type: capture.content_type,
                    body: capture.body,
                    is_text: capture.is_text,
                    warnings: capture.warnings,
                    etag: None,
                    last_modified: None,
                }))?,
                ArchiveItem::Skipped { .. } => {}
                ArchiveItem::Bad { offset, error } => {
                    self.problem(format!("{name} at byte {offset}"), error)?
                }
            }
        }
        Ok(())
    }

    /// Fetches the queued URLs politely, round by round.
    fn fetch_urls(&mut self, options: &SourceOptions) {
        if self.urls.is_empty() {
            return;
        }
        let fetcher = PoliteFetcher::new(PoliteOptions {
            min_delay: options.min_delay,
            allow_private: options.allow_private,
            respect_robots: options.respect_robots,
            ..PoliteOptions::default()
        });
        let store = options
            .store
            .as_deref()
            .filter(|p| p.exists())
            .and_then(|p| Store::open_read_only(p).ok())
            .map(Mutex::new);
        let mut seen: HashSet<String> = HashSet::new();
        let mut round = std::mem::take(&mut self.urls);
        for _ in 0..MAX_ROUNDS {
            round.retain(|u| seen.len() < MAX_URLS && seen.insert(u.clone()));
            if round.is_empty() {
                return;
            }
            let next = Mutex::new(Vec::new());
            let stopped = std::sync::atomic::AtomicBool::new(false);
            let previous = |url: &str| store.as_ref().and_then(|s| validators(s, url));
            fetcher.refetch_all(
                std::mem::take(&mut round),
                FETCH_WORKERS,
                previous,
                |url, outcome| {
                    if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    if self.fetched(url, outcome, &next).is_err() {
                        stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                },
            );
            if stopped.into_inner() {
                return;
            }
            round = next.into_inner().unwrap_or_default();
        }
        if !round.is_empty() {
            let _ = self.problem(
                "feeds".into(),
                format!(
                    "{} URLs found more than {MAX_ROUNDS} feeds deep were not fetched",
                    round.len()
                ),
            );
        }
    }

    fn fetched(
        &self,
        url: String,
        outcome: Outcome,
        next: &Mutex<Vec<String>>,
    ) -> Result<(), Stopped> {
        match outcome {
            Outcome::Fetched {
                page, validators, ..
            } => {
                if sniff_feed(&page.bytes) {
                    let base = url::Url::parse(&url).ok();
                    return match parse_feed(&page.bytes, base.as_ref()) {
                        Ok(feed) => {
                            if let Ok(mut next) = next.lock() {
                                next.extend(feed.entries.into_iter().map(|e| e.url));
                            }
                            if feed.kind == FeedKind::SitemapIndex || !feed.warnings.is_empty() {
                                for warning in feed.warnings {
                                    self.problem(url.clone(), warning)?;
                                }
                            }
                            Ok(())
                        }
                        Err(e) => self.problem(url, e),
                    };
                }
                self.send(Ok(Capture {
                    source: url.clone(),
                    location: url,
                    url: page.url,
                    fetched_at: Some(
                        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    ),
                    content_type: page.content_type,
                    body: page.bytes,
                    is_text: false,
                    warnings: page.warnings,
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                }))
            }
            Outcome::NotModified => Ok(()),
            Outcome::Refused(refusal) => self.problem(url, format!("not fetched: {refusal}")),
            Outcome::Failed {
                error,
                attempts: 0 | 1,
            } => self.problem(url, error.to_string()),
            Outcome::Failed { error, attempts } => {
                self.problem(url, format!("{error} (after {attempts} attempts)"))
            }
        }
    }
}

fn validators(store: &Mutex<Store>, url: &str) -> Option<Validators> {
    let store = store.lock().ok()?;
    let found = store.validators(url).ok()??;
    Some(Validators {
        etag: found.etag,
        last_modified: found.last_modified,
    })
}

/// The number of pages when every source is a page file or a directory of them.
fn count_pages(args: &[String], no_url_list: bool) -> Option<u64> {
    if !no_url_list {
        return None;
    }
    let mut total = 0;
    for source in expand_corpus(args.to_vec()) {
        match source.ok()?.kind {
            CorpusKind::Page(_) => total += 1,
            _ => return None,
        }
    }
    Some(total)
}
