//! Single-threaded speed of `extract_article` over pages already in memory.
//!
//! Reading and gunzipping are done before the clock starts (as `anchors.py`
//! excludes them); the whole set is then extracted again and again until at
//! least `min_seconds` have passed, so short sets still give steady figures.

use std::hint::black_box;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use newsdesk_extract::{extract_article, ExtractOptions};
use serde::Serialize;

use crate::datasets::Page;

/// newsdesk's speed over one set of pages.
#[derive(Debug, Clone, Serialize)]
pub struct OurSpeed {
    pub pages: usize,
    /// Decompressed HTML bytes in one pass over the set.
    pub bytes: usize,
    pub rounds: usize,
    pub seconds: f64,
    /// Over all rounds.
    pub pages_per_s: f64,
    pub mb_per_s: f64,
    /// The fastest single round, less disturbed by other work on the machine.
    pub best_round_pages_per_s: f64,
    /// Page extractions that panicked, over all rounds.
    pub panics: usize,
}

/// Extracts every page, round after round, until `min_seconds` have passed.
pub fn measure(pages: &[Page], min_seconds: f64) -> OurSpeed {
    let options = ExtractOptions::default();
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let min = Duration::from_secs_f64(min_seconds.max(0.0));
    let mut total = Duration::ZERO;
    let mut best = Duration::MAX;
    let mut rounds = 0;
    let mut panics = 0;
    let _quiet = crate::quality::QuietPanics::install();
    while rounds == 0 || total < min {
        let start = Instant::now();
        for page in pages {
            // Guarded so one bad page cannot stop the run; the quality pass
            // reports panics with their pages. The guard costs nothing when
            // nothing panics.
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                extract_article(black_box(&page.bytes), &options)
            }));
            panics += usize::from(outcome.is_err());
            let _ = black_box(outcome);
        }
        let took = start.elapsed();
        total += took;
        best = best.min(took);
        rounds += 1;
    }
    let seconds = total.as_secs_f64();
    let done = (pages.len() * rounds) as f64;
    OurSpeed {
        pages: pages.len(),
        bytes,
        rounds,
        seconds,
        pages_per_s: done / seconds,
        mb_per_s: (bytes * rounds) as f64 / 1e6 / seconds,
        best_round_pages_per_s: pages.len() as f64 / best.as_secs_f64(),
        panics,
    }
}
