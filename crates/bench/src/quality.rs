//! newsdesk's predictions for a dataset, in `newsdesk extract --format jsonl`'s
//! shape, each page's extraction guarded against panics and timed.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use newsdesk_extract::{extract_article, ExtractOptions};
use serde::Serialize;

use crate::datasets::Dataset;

/// One page whose extraction panicked.
#[derive(Debug, Clone, Serialize)]
pub struct PanicRecord {
    pub path: PathBuf,
    pub message: String,
}

/// How long one page took.
#[derive(Debug, Clone, Serialize)]
pub struct PageTime {
    pub path: PathBuf,
    pub ms: f64,
    pub bytes: usize,
}

/// newsdesk's pass over one dataset.
#[derive(Debug, Clone, Serialize)]
pub struct OurRun {
    pub dataset: String,
    pub predictions: PathBuf,
    pub pages: usize,
    /// Pages `extract_article` refused (empty or binary input).
    pub errors: usize,
    /// Pages that came out with an empty body.
    pub empty: usize,
    pub panics: Vec<PanicRecord>,
    pub seconds: f64,
    #[serde(skip)]
    pub times: Vec<PageTime>,
}

/// Extracts every page of `dataset` and writes one JSON line per page to `out`.
pub fn run_newsdesk(dataset: &Dataset, out: &Path) -> Result<OurRun> {
    let pages = dataset.load()?;
    let options = ExtractOptions::default();
    let mut writer =
        BufWriter::new(File::create(out).with_context(|| format!("creating {}", out.display()))?);
    let mut run = OurRun {
        dataset: dataset.kind.key().to_string(),
        predictions: out.to_path_buf(),
        pages: pages.len(),
        errors: 0,
        empty: 0,
        panics: Vec::new(),
        seconds: 0.0,
        times: Vec::with_capacity(pages.len()),
    };
    let quiet = QuietPanics::install();
    for page in &pages {
        let source = page.path.display().to_string();
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| extract_article(&page.bytes, &options)));
        let took = start.elapsed();
        run.seconds += took.as_secs_f64();
        run.times.push(PageTime {
            path: page.path.clone(),
            ms: took.as_secs_f64() * 1e3,
            bytes: page.bytes.len(),
        });
        let line = match outcome {
            Ok(Ok(mut article)) => {
                run.empty += usize::from(article.text.is_empty());
                article.source = source;
                serde_json::to_string(&article)?
            }
            Ok(Err(error)) => {
                run.errors += 1;
                serde_json::json!({ "source": source, "error": error.to_string() }).to_string()
            }
            Err(payload) => {
                let message = quiet
                    .take()
                    .unwrap_or_else(|| payload_message(payload.as_ref()));
                run.panics.push(PanicRecord {
                    path: page.path.clone(),
                    message: message.clone(),
                });
                serde_json::json!({ "source": source, "error": format!("panic: {message}") })
                    .to_string()
            }
        };
        writeln!(writer, "{line}")?;
    }
    writer.flush()?;
    Ok(run)
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".to_string())
}

/// The message of the last panic caught while [`QuietPanics`] is installed.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// While alive, panics are recorded (message and location) instead of printed;
/// dropping it puts the previous hook back.
pub struct QuietPanics {
    restore: Option<Box<dyn FnOnce()>>,
}

impl QuietPanics {
    pub fn install() -> QuietPanics {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| {
            let text = info.to_string().replace('\n', " ");
            *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
        }));
        QuietPanics {
            restore: Some(Box::new(move || std::panic::set_hook(previous))),
        }
    }

    /// The last panic's message, if one happened since the last call.
    pub fn take(&self) -> Option<String> {
        LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        if let Some(restore) = self.restore.take() {
            let _ = std::panic::take_hook();
            restore();
        }
    }
}

/// The `n` slowest pages of all runs, slowest first.
pub fn slowest(runs: &[OurRun], n: usize) -> Vec<PageTime> {
    let mut all: Vec<PageTime> = runs.iter().flat_map(|r| r.times.iter().cloned()).collect();
    all.sort_by(|a, b| b.ms.total_cmp(&a.ms));
    all.truncate(n);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_panics_records_the_message_and_location() {
        let quiet = QuietPanics::install();
        let outcome = catch_unwind(|| panic!("boom on page 7"));
        assert!(outcome.is_err());
        let message = quiet.take().expect("a recorded panic");
        assert!(message.contains("boom on page 7"), "{message}");
        assert!(message.contains("quality.rs"), "{message}");
        assert_eq!(quiet.take(), None);
    }
}
