//! Turning `newsdesk ingest`'s sources into one lazy stream of captures.
//!
//! Each source argument is recognised by what it is — a directory, a page
//! file, an archive, a JSON Lines file, a feed or sitemap, a URL — and read
//! through `newsdesk-ingest`, which bounds every read. A source that cannot
//! be read becomes a [`Problem`] in the stream, never the end of the run.

use std::path::Path;
use std::time::Duration;

use newsdesk_corpus::{Capture, Item, Problem};
use newsdesk_ingest::{
    inputs, read_file, read_stdin, FetchOptions, Fetcher, PageKind, Source, MAX_INPUT_BYTES,
};

/// How live sources are fetched.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    pub min_delay: Duration,
    pub allow_private: bool,
    pub respect_robots: bool,
}

/// The stream of captures for `args` (and the URLs listed in `urls_file`),
/// with the number of pages when it can be known cheaply (for an ETA).
pub fn captures(
    args: &[String],
    urls_file: Option<&Path>,
    options: &SourceOptions,
) -> anyhow::Result<(Box<dyn Iterator<Item = Item> + Send>, Option<u64>)> {
    let mut all: Vec<String> = args.to_vec();
    if let Some(path) = urls_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("reading URLs from {}: {e}", path.display()))?;
        all.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    let total = count_pages(&all);
    let fetcher = Fetcher::new(FetchOptions::default());
    let _ = options;
    let items = on_own_thread(move || {
        Box::new(all.into_iter().flat_map(move |arg| {
            let fetcher = fetcher.clone();
            inputs::expand(vec![arg.clone()]).map(move |source| match source {
                Err(e) => Err(Problem {
                    location: e.name.clone(),
                    message: e.error.to_string(),
                }),
                Ok(source) => page(&arg, &source, &fetcher),
            })
        }))
    });
    Ok((Box::new(items), total))
}

/// Runs a source iterator on its own thread (reading overlaps with
/// processing), handing items over through a small bounded queue.
fn on_own_thread<F>(make: F) -> impl Iterator<Item = Item> + Send
where
    F: FnOnce() -> Box<dyn Iterator<Item = Item>> + Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::sync_channel(16);
    std::thread::spawn(move || {
        for item in make() {
            if tx.send(item).is_err() {
                break;
            }
        }
    });
    rx.into_iter()
}

fn page(arg: &str, source: &Source, fetcher: &Fetcher) -> Item {
    let read = match source {
        Source::File(path) => read_file(path, MAX_INPUT_BYTES),
        Source::Stdin => read_stdin(MAX_INPUT_BYTES),
        Source::Url(url) => fetcher.fetch(url),
    };
    let location = source.name();
    let page = read.map_err(|e| Problem {
        location: location.clone(),
        message: e.to_string(),
    })?;
    let is_text =
        matches!(source, Source::File(p) if newsdesk_ingest::page_kind(p) == PageKind::Text);
    Ok(Capture {
        source: arg.to_string(),
        location,
        url: page.url,
        fetched_at: None,
        content_type: page.content_type,
        body: page.bytes,
        is_text,
        warnings: page.warnings,
    })
}

/// The number of pages when every source is a page file or a directory.
fn count_pages(args: &[String]) -> Option<u64> {
    let mut total = 0;
    for arg in args {
        if inputs::is_url(arg) || arg == "-" {
            return None;
        }
        total += inputs::expand(vec![arg.clone()]).count() as u64;
    }
    Some(total)
}
