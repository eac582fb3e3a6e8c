//! The ingest pipeline: read → extract and analyse (in parallel) → link and
//! store (one writer) → index.
//!
//! ```text
//!  captures ──► [reader thread] ──bounded──► [N workers: prepare] ──bounded──► [writer: link + store + index]
//!               skips captures                extract, analyse,                 one SQLite transaction and one
//!               already stored                fingerprint                       index commit per batch
//! ```
//! Queues are bounded, so memory holds at most a few batches whatever the
//! corpus size. The writer commits a batch to the store, then applies the
//! store's change log to the index and commits it with the log position; a
//! crash at any point loses at most the batch in flight, and running the
//! same ingest again skips what was committed (captures are keyed by hash).
//! Every problem (an unreadable file or record, a failed fetch, a page
//! without an article) is appended to `problems.jsonl` in the data directory
//! as well as counted.
//!
//! Linking depends on order (an article is placed against those already
//! stored), so the writer makes the order independent of the workers'
//! timing: results are put back in input order, a batch is always the same
//! run of inputs, and inside a batch pages are linked by publication time,
//! then key. The same pages give the same stories with any number of
//! workers and in any order within a batch. (A batch is cut early only when
//! the source itself has gone quiet, e.g. a slow crawl.)

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::error::CorpusError;
use crate::link::{link_and_store, LinkSettings, Linked};
use crate::prepare::{capture_hash, prepare, Capture, CaptureFacts, Prepared};
use crate::store::Store;
use crate::Corpus;

/// How an ingest runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Worker threads for extraction and analysis.
    pub jobs: usize,
    /// Pages per store transaction and index commit.
    pub batch: usize,
    /// Thresholds for duplicates and stories.
    pub link: LinkSettings,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            jobs: thread::available_parallelism().map_or(2, |n| n.get()),
            batch: 500,
            link: LinkSettings::default(),
        }
    }
}

/// A problem with one input that did not stop the ingest.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// Where: a file, a URL, an archive record.
    pub location: String,
    /// What went wrong.
    pub message: String,
}

/// What came out of the source iterator: a page, or a problem reading one.
pub type Item = Result<Capture, Problem>;

/// Figures of one ingest run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Pages read from the sources.
    pub pages: u64,
    /// New articles (first revisions).
    pub added: u64,
    /// New articles that are copies of earlier ones.
    pub duplicates: u64,
    /// New revisions of known articles.
    pub revisions: u64,
    /// Pages already in the corpus (skipped, or the same text again).
    pub unchanged: u64,
    /// Pages without an article (recorded with the reason).
    pub failed: u64,
    /// Problems reading inputs (the rest went on).
    pub problems: u64,
    /// The first problems and failures, for the summary.
    pub first_problems: Vec<Problem>,
    /// Wall-clock seconds the run took.
    pub seconds: f64,
}

/// At most this many problems are kept in the report (all are counted).
const KEPT_PROBLEMS: usize = 50;

impl IngestReport {
    fn problem(&mut self, problem: Problem) {
        if self.first_problems.len() < KEPT_PROBLEMS {
            self.first_problems.push(problem);
        }
    }

    /// Pages handled so far.
    pub fn done(&self) -> u64 {
        self.added + self.revisions + self.unchanged + self.failed + self.problems
    }
}

/// The file in the data directory where every problem of every ingest is
/// appended (the report keeps only the first [`KEPT_PROBLEMS`]).
pub const PROBLEM_LOG: &str = "problems.jsonl";

/// Appends problems to [`PROBLEM_LOG`], one JSON line each
/// (`{"time", "location", "message"}`), so that none is lost when a summary
/// shows only the first ones, and a later run can retry them.
struct ProblemLog {
    path: PathBuf,
    file: Option<File>,
    broken: bool,
}

impl ProblemLog {
    fn new(path: PathBuf) -> ProblemLog {
        ProblemLog {
            path,
            file: None,
            broken: false,
        }
    }

    fn record(&mut self, problem: &Problem, report: &mut IngestReport) {
        if self.broken {
            return;
        }
        let line = serde_json::json!({
            "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "location": problem.location,
            "message": problem.message,
        });
        if let Err(e) = self.append(&line.to_string()) {
            // Said once, in the report; the problems themselves are still counted.
            self.broken = true;
            report.problem(Problem {
                location: self.path.display().to_string(),
                message: format!("cannot record problems here: {e}"),
            });
        }
    }

    fn append(&mut self, line: &str) -> std::io::Result<()> {
        if self.file.is_none() {
            self.file = Some(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.path)?,
            );
        }
        match self.file.as_mut() {
            Some(file) => writeln!(file, "{line}"),
            None => Ok(()),
        }
    }
}

enum Work {
    Page(Capture),
    Known,
    Problem(Problem),
}

/// An item with its place in the input.
type Numbered<T> = (u64, T);

enum Done {
    Prepared(Box<Prepared>),
    Known,
    Problem(Problem),
}

/// Runs the pipeline over `items`. `progress` is called after each batch
/// (and at the end) with the figures so far.
pub fn ingest<I>(
    corpus: &mut Corpus,
    items: I,
    options: &IngestOptions,
    progress: &mut dyn FnMut(&IngestReport),
) -> Result<IngestReport, CorpusError>
where
    I: Iterator<Item = Item> + Send,
{
    let started = Instant::now();
    let jobs = options.jobs.max(1);
    let batch = options.batch.max(1);
    let (work_tx, work_rx) = sync_channel::<Numbered<Work>>(jobs * 8);
    let (done_tx, done_rx) = sync_channel::<Numbered<Done>>(batch.max(jobs * 8));
    let shared_rx = Arc::new(Mutex::new(work_rx));
    let stop = AtomicBool::new(false);
    // How many inputs the reader has handed to the workers.
    let dispatched = AtomicU64::new(0);
    let lookup = Store::open_read_only(&corpus.store_path())?;
    let mut writer = corpus.index.writer()?;

    thread::scope(|scope| {
        let stop = &stop;
        let dispatched = &dispatched;
        // The reader: pulls items, skipping captures already stored.
        scope.spawn(move || {
            for (seq, item) in (0u64..).zip(items) {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let work = match item {
                    Ok(capture) => {
                        let hash = capture_hash(&capture);
                        if lookup.has_capture(hash).unwrap_or(false) {
                            Work::Known
                        } else {
                            Work::Page(capture)
                        }
                    }
                    Err(problem) => Work::Problem(problem),
                };
                if work_tx.send((seq, work)).is_err() {
                    break;
                }
                dispatched.store(seq + 1, Ordering::Release);
            }
        });
        // The workers: extraction and analysis, a panic being one page's failure.
        for _ in 0..jobs {
            let work_rx = Arc::clone(&shared_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || loop {
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok((seq, work)) = next else { break };
                let done = match work {
                    Work::Page(capture) => Done::Prepared(Box::new(prepare_safely(capture))),
                    Work::Known => Done::Known,
                    Work::Problem(p) => Done::Problem(p),
                };
                if done_tx.send((seq, done)).is_err() {
                    break;
                }
            });
        }
        // Only the workers hold the queues now, so when they stop the reader stops too.
        drop(shared_rx);
        drop(done_tx);
        let result = write_all(
            corpus,
            &mut writer,
            &done_rx,
            options,
            progress,
            started,
            dispatched,
        );
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        drop(done_rx);
        result
    })
}

fn prepare_safely(capture: Capture) -> Prepared {
    let facts = CaptureFacts::of(&capture);
    catch_unwind(AssertUnwindSafe(|| prepare(capture))).unwrap_or_else(|_| Prepared {
        capture: facts,
        outcome: Err("internal error while extracting this page (please report it)".into()),
    })
}

fn write_all(
    corpus: &mut Corpus,
    writer: &mut tantivy::IndexWriter,
    done: &Receiver<Numbered<Done>>,
    options: &IngestOptions,
    progress: &mut dyn FnMut(&IngestReport),
    started: Instant,
    dispatched: &AtomicU64,
) -> Result<IngestReport, CorpusError> {
    let batch = options.batch.max(1);
    let mut report = IngestReport::default();
    let mut problem_log = ProblemLog::new(corpus.dir().join(PROBLEM_LOG));
    let mut pending: Vec<Prepared> = Vec::with_capacity(batch);
    // Results that came before their turn, by input number.
    let mut early: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next_seq = 0u64;
    let mut in_batch = 0usize;
    let mut last_flush = Instant::now();
    loop {
        let next = done.recv_timeout(Duration::from_millis(500));
        let finished = matches!(next, Err(RecvTimeoutError::Disconnected));
        let quiet = matches!(next, Err(RecvTimeoutError::Timeout));
        if let Ok((seq, item)) = next {
            early.insert(seq, item);
        }
        while let Some(item) = early.remove(&next_seq) {
            next_seq += 1;
            in_batch += 1;
            match item {
                Done::Prepared(p) => {
                    report.pages += 1;
                    pending.push(*p);
                }
                Done::Known => {
                    report.pages += 1;
                    report.unchanged += 1;
                }
                Done::Problem(problem) => {
                    report.problems += 1;
                    problem_log.record(&problem, &mut report);
                    report.problem(problem);
                }
            }
            if in_batch >= batch {
                flush(
                    corpus,
                    writer,
                    &mut pending,
                    options,
                    &mut report,
                    &mut problem_log,
                )?;
                in_batch = 0;
                last_flush = Instant::now();
                report.seconds = started.elapsed().as_secs_f64();
                progress(&report);
            }
        }
        // A source gone quiet (every input it gave is back from the workers,
        // and nothing more came for a while) commits what it gave. Slow
        // workers never cut a batch, so batches do not depend on their speed.
        let waiting_on_source = dispatched.load(Ordering::Acquire) <= next_seq;
        let stalled = quiet
            && waiting_on_source
            && !pending.is_empty()
            && last_flush.elapsed() > Duration::from_secs(2);
        if stalled || finished {
            flush(
                corpus,
                writer,
                &mut pending,
                options,
                &mut report,
                &mut problem_log,
            )?;
            in_batch = 0;
            last_flush = Instant::now();
            report.seconds = started.elapsed().as_secs_f64();
            progress(&report);
        }
        if finished {
            break;
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Where a page goes in a batch's linking order: dated pages by date, then
/// undated ones; pages without an article last; ties by key, then capture.
/// (PostgreSQL's store links its batches in this order too.)
pub fn link_order(p: &Prepared) -> (u8, &str, &str, u64) {
    match &p.outcome {
        Ok(doc) => match &doc.date {
            Some(date) => (0, date.as_str(), doc.key.as_str(), p.capture.hash),
            None => (1, "", doc.key.as_str(), p.capture.hash),
        },
        Err(_) => (2, "", p.capture.location.as_str(), p.capture.hash),
    }
}

/// Stores a batch in one transaction, then brings the index up to date.
fn flush(
    corpus: &mut Corpus,
    writer: &mut tantivy::IndexWriter,
    pending: &mut Vec<Prepared>,
    options: &IngestOptions,
    report: &mut IngestReport,
    problem_log: &mut ProblemLog,
) -> Result<(), CorpusError> {
    if !pending.is_empty() {
        // Link in a fixed order: by publication time, then key, then bytes.
        pending.sort_by(|a, b| link_order(a).cmp(&link_order(b)));
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = corpus.store.conn.transaction()?;
        for prepared in pending.iter() {
            match link_and_store(&tx, prepared, &options.link, &now)? {
                Linked::Added {
                    replaced: Some(_), ..
                } => report.revisions += 1,
                Linked::Added { duplicate, .. } => {
                    report.added += 1;
                    if duplicate {
                        report.duplicates += 1;
                    }
                }
                Linked::OlderRevision { .. } => report.revisions += 1,
                Linked::Unchanged => report.unchanged += 1,
                Linked::Failed(reason) => {
                    report.failed += 1;
                    let problem = Problem {
                        location: prepared.capture.location.clone(),
                        message: reason,
                    };
                    problem_log.record(&problem, report);
                    report.problem(problem);
                }
            }
        }
        tx.commit()?;
        pending.clear();
    }
    corpus.catch_up_with(writer)
}
