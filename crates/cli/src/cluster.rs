//! The cluster commands: `worker` and `enqueue` (live ingest through NATS
//! JetStream into PostgreSQL, see `newsdesk_cluster::jobs`), and `ingest
//! --postgres` (sources read as for the embedded corpus, then prepared and
//! stored in PostgreSQL directly, without NATS).
//!
//! `ingest --postgres` prepares pages in parallel in chunks and stores each
//! chunk in one transaction, in input order, so the same sources give the
//! same article ids as an embedded ingest: the basis of the parity tests.

use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use newsdesk_cluster::jobs::prepare_safely;
use newsdesk_cluster::{PgStore, WorkerOptions};
use newsdesk_corpus::link::Linked;
use newsdesk_corpus::prepare::capture_hash;
use newsdesk_corpus::sources::{self};
use newsdesk_corpus::{IngestReport, Problem};
use rayon::prelude::*;

use crate::args::{EnqueueArgs, IngestArgs, WorkerArgs};

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

pub fn run_worker(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let name = args.name.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
        format!("{}:{}", host.trim(), std::process::id())
    });
    let options = WorkerOptions {
        nats_url: args.nats.url.clone(),
        postgres_url: args.postgres.clone(),
        jobs: args.jobs.get(),
        delay: args.fetch.min_delay(),
        allow_private: args.fetch.allow_private,
        respect_robots: !args.fetch.ignore_robots,
        ack_wait: Duration::from_secs_f64(args.ack_wait.max(1.0)),
        max_deliver: args.max_deliver,
        exit_when_idle: args
            .exit_when_idle
            .map(|s| Duration::from_secs_f64(s.max(0.0))),
        link: args.link.settings(),
        name,
    };
    let report = runtime()?.block_on(newsdesk_cluster::run_worker(options))?;
    eprintln!(
        "{}",
        serde_json::json!({"event": "worker done", "report": report})
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run_enqueue(args: EnqueueArgs) -> anyhow::Result<ExitCode> {
    let mut urls = args.urls.clone();
    if let Some(path) = &args.urls_file {
        urls.extend(
            newsdesk_ingest::read_url_list(path, newsdesk_ingest::MAX_INPUT_BYTES)
                .with_context(|| format!("reading URLs from {}", path.display()))?,
        );
    }
    if urls.is_empty() {
        bail!("nothing to enqueue: give URLs or --urls FILE");
    }
    let new = runtime()?.block_on(newsdesk_cluster::enqueue(&args.nats.url, &urls))?;
    eprintln!(
        "enqueued {} ({} already queued)",
        crate::wording::counted(new as u64, "job", "jobs"),
        urls.len() - new
    );
    Ok(ExitCode::SUCCESS)
}

/// Pages prepared in parallel before they are stored in order.
const CHUNK: usize = 64;

/// `newsdesk ingest --postgres URL SOURCES`.
pub fn ingest_into_postgres(url: &str, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    args.require_sources()?;
    let started = Instant::now();
    let store = PgStore::open(url).context("opening the PostgreSQL store")?;
    let settings = args.link.settings();
    let source_options = args.fetch.source_options(None);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(2, NonZeroUsize::get))
        .build()?;
    let (items, _) = sources::captures(&args.sources, args.urls.as_deref(), &source_options)?;
    let mut report = IngestReport::default();
    let mut items = items.peekable();
    while items.peek().is_some() {
        let chunk: Vec<_> = items.by_ref().take(CHUNK).collect();
        let mut pages = Vec::with_capacity(chunk.len());
        for item in chunk {
            report.pages += 1;
            match item {
                Ok(capture) => {
                    if store.has_capture(capture_hash(&capture))? {
                        report.unchanged += 1;
                    } else {
                        pages.push(capture);
                    }
                }
                Err(problem) => {
                    report.problems += 1;
                    store.record_problem(&problem.location, &problem.message, "ingest")?;
                    keep(&mut report, problem);
                }
            }
        }
        let prepared: Vec<_> = pool.install(|| pages.into_par_iter().map(prepare_safely).collect());
        for (page, linked) in prepared.iter().zip(store.store_batch(&prepared, &settings)) {
            let linked = match linked {
                Ok(linked) => linked,
                // The database refused this page alone (the others went in).
                Err(error) => Linked::Failed(format!("not stored: {error}")),
            };
            match linked {
                Linked::Added {
                    replaced: Some(_), ..
                }
                | Linked::OlderRevision { .. } => report.revisions += 1,
                Linked::Added { duplicate, .. } => {
                    report.added += 1;
                    report.duplicates += u64::from(duplicate);
                }
                Linked::Unchanged => report.unchanged += 1,
                Linked::Failed(reason) => {
                    report.failed += 1;
                    store.record_problem(&page.capture.location, &reason, "ingest")?;
                    keep(
                        &mut report,
                        Problem {
                            location: page.capture.location.clone(),
                            message: reason,
                        },
                    );
                }
            }
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    for problem in &report.first_problems {
        eprintln!(
            "newsdesk: {}",
            crate::terminal::printable(&format!("{}: {}", problem.location, problem.message))
        );
    }
    if !args.quiet {
        eprintln!("{}", crate::corpus::ingest_summary(&report, "PostgreSQL"));
    }
    Ok(crate::corpus::ingest_exit(
        &report,
        args.log,
        "the store's problems table",
    ))
}

fn keep(report: &mut IngestReport, problem: Problem) {
    if report.first_problems.len() < 50 {
        report.first_problems.push(problem);
    }
}
