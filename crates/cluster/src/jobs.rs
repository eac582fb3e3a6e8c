//! Live ingest on NATS JetStream: `newsdesk enqueue` puts URLs on a
//! work-queue stream, `newsdesk worker` processes pull them, fetch, prepare,
//! store in PostgreSQL, and acknowledge.
//!
//! **The stream.** [`STREAM`] (work-queue retention, file storage) holds one
//! message per job on the subject `newsdesk.fetch.<host-key>` (the host and
//! port, dots as `_`), with the URL as `Nats-Msg-Id` so that enqueuing a URL
//! twice within the stream's duplicate window stores it once. All workers
//! pull from one durable consumer ([`CONSUMER`]), one message at a time per
//! task, so a worker that joins late gets the next messages like the others.
//!
//! **Storing.** A worker's tasks fetch and prepare pages in parallel and
//! hand them to one committer per worker ([`commit_pages`]), which links
//! and stores whatever pages are waiting in one transaction: one wait for
//! the link lock and one commit for the lot.
//!
//! **Delivery.** Ack is explicit and sent only after the page's PostgreSQL
//! transaction has committed; while a job runs the worker tells the server
//! it is in progress, so a slow fetch is not handed to someone else. A worker
//! that dies (`kill -9`) stops doing so and, after `ack_wait`, its jobs go to
//! other workers; a job whose page was already committed finds its capture
//! (UNIQUE hash) and is acknowledged without a second copy. A job that fails
//! for a passing reason (PostgreSQL unreachable) is NAKed and retried, at
//! most `max_deliver` times; one that cannot succeed (refused, 404, bad
//! message) or that reaches the limit is recorded in the `problems` table and
//! acknowledged (terminated), never lost silently.
//!
//! **Politeness across workers.** The subject names the host so a deployment
//! can also split hosts among consumers, but the rule that holds whatever the
//! number of workers is the per-host clock in PostgreSQL (`host_slots`):
//! before a request, a worker reserves the host's next slot (`delay` after
//! the previous reservation by anyone) and sleeps until it. Each worker also
//! reads and obeys robots.txt through [`PoliteFetcher`].
//!
//! A fetched feed or sitemap is not stored: its entries are enqueued as new jobs.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer, stream, AckKind};
use futures_util::StreamExt;
use newsdesk_corpus::link::{LinkSettings, Linked};
use newsdesk_corpus::prepare::{capture_hash, prepare, Capture, CaptureFacts, Prepared};
use newsdesk_ingest::{parse_feed, sniff_feed, Outcome, PoliteFetcher, PoliteOptions};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::{ClusterError, PgStore};

/// The JetStream stream of jobs.
pub const STREAM: &str = "NEWSDESK_JOBS";
/// The durable pull consumer every worker shares.
pub const CONSUMER: &str = "newsdesk-workers";
/// Subjects of fetch jobs: `newsdesk.fetch.<host-key>`.
pub const SUBJECT_PREFIX: &str = "newsdesk.fetch";

/// Why a worker or `enqueue` stopped.
#[derive(Debug, Error)]
pub enum JobsError {
    /// The NATS server could not be reached or refused a request.
    #[error("NATS: {0}")]
    Nats(String),
    /// The PostgreSQL store failed.
    #[error(transparent)]
    Store(#[from] ClusterError),
    /// A URL or setting that cannot be used.
    #[error("{0}")]
    BadInput(String),
}

fn nats(error: impl std::fmt::Display) -> JobsError {
    JobsError::Nats(error.to_string())
}

/// One job: a URL to fetch and ingest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// The page, feed or sitemap to fetch.
    pub url: String,
}

/// The subject of a job for `url`: one token per host (and port).
pub fn subject_for(url: &str) -> Result<String, JobsError> {
    let parsed = url::Url::parse(url).map_err(|e| JobsError::BadInput(format!("{url}: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(JobsError::BadInput(format!("{url}: not an http(s) URL")));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| JobsError::BadInput(format!("{url}: no host")))?;
    Ok(format!(
        "{SUBJECT_PREFIX}.{}",
        host_key(host, parsed.port())
    ))
}

/// A host (and port) as one subject token: `news.example:8080` → `news_example-8080`.
pub fn host_key(host: &str, port: Option<u16>) -> String {
    let mut key: String = host
        .to_ascii_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Some(port) = port {
        key.push_str(&format!("-{port}"));
    }
    key
}

async fn stream_of(js: &jetstream::Context) -> Result<stream::Stream, JobsError> {
    js.get_or_create_stream(stream::Config {
        name: STREAM.to_string(),
        subjects: vec![format!("{SUBJECT_PREFIX}.>")],
        retention: stream::RetentionPolicy::WorkQueue,
        storage: stream::StorageType::File,
        duplicate_window: Duration::from_secs(120),
        ..Default::default()
    })
    .await
    .map_err(nats)
}

/// Publishes one job per URL (creating the stream if needed); returns how
/// many the stream took as new (a URL enqueued again within two minutes is
/// recognised as a duplicate).
pub async fn enqueue(nats_url: &str, urls: &[String]) -> Result<usize, JobsError> {
    let client = async_nats::connect(nats_url).await.map_err(nats)?;
    let js = jetstream::new(client);
    stream_of(&js).await?;
    publish(&js, urls).await
}

async fn publish(js: &jetstream::Context, urls: &[String]) -> Result<usize, JobsError> {
    let mut pending = Vec::with_capacity(urls.len());
    for url in urls {
        let subject = subject_for(url)?;
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", url.as_str());
        let payload = serde_json::to_vec(&Job { url: url.clone() })
            .map_err(|e| JobsError::BadInput(e.to_string()))?;
        pending.push(
            js.publish_with_headers(subject, headers, payload.into())
                .await
                .map_err(nats)?,
        );
    }
    let mut new = 0;
    for ack in pending {
        if !ack.await.map_err(nats)?.duplicate {
            new += 1;
        }
    }
    Ok(new)
}

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// The NATS server, with JetStream enabled.
    pub nats_url: String,
    /// The PostgreSQL store (`postgres://user@host:port/db`).
    pub postgres_url: String,
    /// Jobs processed at once by this worker.
    pub jobs: usize,
    /// Least time between two requests to one host, across all workers.
    pub delay: Duration,
    /// Fetch from private, loopback and link-local addresses too.
    pub allow_private: bool,
    /// Read and obey robots.txt.
    pub respect_robots: bool,
    /// How long a delivered job may go without news before it is redelivered
    /// (set when the shared consumer is first created).
    pub ack_wait: Duration,
    /// Deliveries of one job before it is given up (and recorded as a problem).
    pub max_deliver: i64,
    /// Stop after this long without a job (None: run until killed).
    pub exit_when_idle: Option<Duration>,
    /// Thresholds for duplicates and stories.
    pub link: LinkSettings,
    /// Recorded with problems.
    pub name: String,
}

/// What a worker did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct WorkerReport {
    /// Jobs taken from the stream.
    pub jobs: u64,
    /// Articles stored (new ones and new revisions).
    pub added: u64,
    /// Pages already stored, or unchanged since.
    pub unchanged: u64,
    /// Pages fetched without an article in them.
    pub failed: u64,
    /// Jobs given up and recorded in the problems table.
    pub problems: u64,
    /// Jobs handed back for another delivery.
    pub retried: u64,
    /// How long the worker ran.
    pub seconds: f64,
}

#[derive(Default)]
struct Counters {
    jobs: AtomicU64,
    added: AtomicU64,
    unchanged: AtomicU64,
    failed: AtomicU64,
    problems: AtomicU64,
    retried: AtomicU64,
}

/// What fetching a job's URL gave.
enum Fetched {
    /// A page, prepared: to be stored by the worker's committer.
    Page(Box<Prepared>),
    /// Nothing to store.
    Done(Done),
}

/// What became of one job, once done.
enum Done {
    Stored(Linked),
    /// A feed: its entries to enqueue.
    Feed(Vec<String>),
    /// Recorded in `problems`.
    Problem,
}

/// How long one pull for a job may go unanswered.
const FETCH_EXPIRES: Duration = Duration::from_secs(2);

/// Pages stored in one transaction at most.
const MAX_BATCH: usize = 32;

/// A prepared page waiting to be stored, and where its result goes.
struct ToStore {
    page: Prepared,
    done: tokio::sync::oneshot::Sender<Result<Linked, ClusterError>>,
}

/// Stores the pages of all of a worker's tasks: the pages waiting when a
/// commit ends are linked and committed together in the next transaction
/// (one wait for the link lock, one commit), and each task then acks its
/// own job. Ends when every task has gone.
async fn commit_pages(
    store: Arc<PgStore>,
    settings: LinkSettings,
    mut queue: tokio::sync::mpsc::Receiver<ToStore>,
) {
    while let Some(first) = queue.recv().await {
        let mut waiting = vec![first];
        while waiting.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(next) => waiting.push(next),
                Err(_) => break,
            }
        }
        let (pages, senders): (Vec<Prepared>, Vec<_>) =
            waiting.into_iter().map(|w| (w.page, w.done)).unzip();
        let (store, settings) = (Arc::clone(&store), settings.clone());
        let stored =
            tokio::task::spawn_blocking(move || store.store_batch(&pages, &settings)).await;
        match stored {
            Ok(results) => {
                for (sender, result) in senders.into_iter().zip(results) {
                    let _ = sender.send(result);
                }
            }
            Err(error) => {
                for sender in senders {
                    let _ = sender.send(Err(ClusterError::Stopped(error.to_string())));
                }
            }
        }
    }
    let _ = tokio::task::spawn_blocking(move || drop(store)).await;
}

/// Runs a worker until it is killed (or idle for `exit_when_idle`).
pub async fn run_worker(options: WorkerOptions) -> Result<WorkerReport, JobsError> {
    let started = Instant::now();
    let client = async_nats::connect(&options.nats_url).await.map_err(nats)?;
    let js = jetstream::new(client);
    let stream = stream_of(&js).await?;
    let consumer: consumer::PullConsumer = stream
        .get_or_create_consumer(
            CONSUMER,
            consumer::pull::Config {
                durable_name: Some(CONSUMER.to_string()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: options.ack_wait,
                max_deliver: options.max_deliver,
                filter_subject: format!("{SUBJECT_PREFIX}.>"),
                ..Default::default()
            },
        )
        .await
        .map_err(nats)?;
    // Each task has its own PostgreSQL connection; the schema is created once.
    let url = options.postgres_url.clone();
    // (A sync client is opened and dropped on a blocking thread: its drop
    // blocks, which an async task must not do.)
    tokio::task::spawn_blocking(move || PgStore::open(&url).map(drop))
        .await
        .map_err(nats)??;
    let fetcher = Arc::new(PoliteFetcher::new(PoliteOptions {
        min_delay: options.delay,
        allow_private: options.allow_private,
        respect_robots: options.respect_robots,
        ..PoliteOptions::default()
    }));
    let counters = Arc::new(Counters::default());
    let last_job = Arc::new(std::sync::Mutex::new(Instant::now()));
    let (queue, waiting) = tokio::sync::mpsc::channel(MAX_BATCH);
    let url = options.postgres_url.clone();
    let committer_store = Arc::new(
        tokio::task::spawn_blocking(move || PgStore::open_existing(&url))
            .await
            .map_err(nats)??,
    );
    let committer = tokio::spawn(commit_pages(committer_store, options.link.clone(), waiting));
    let mut tasks = Vec::new();
    for _ in 0..options.jobs.max(1) {
        let url = options.postgres_url.clone();
        let store = Arc::new(
            tokio::task::spawn_blocking(move || PgStore::open_existing(&url))
                .await
                .map_err(nats)??,
        );
        let task = Task {
            consumer: consumer.clone(),
            js: js.clone(),
            store,
            fetcher: Arc::clone(&fetcher),
            options: options.clone(),
            counters: Arc::clone(&counters),
            last_job: Arc::clone(&last_job),
            queue: queue.clone(),
        };
        tasks.push(tokio::spawn(task.run()));
    }
    drop(queue);
    let mut result = Ok(());
    for task in tasks {
        if let Err(e) = task.await.map_err(nats).and_then(|r| r) {
            result = result.and(Err(e));
        }
    }
    // The tasks are gone, so the queue closes and the committer ends.
    committer.await.map_err(nats)?;
    result?;
    let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
    Ok(WorkerReport {
        jobs: get(&counters.jobs),
        added: get(&counters.added),
        unchanged: get(&counters.unchanged),
        failed: get(&counters.failed),
        problems: get(&counters.problems),
        retried: get(&counters.retried),
        seconds: started.elapsed().as_secs_f64(),
    })
}

struct Task {
    consumer: consumer::PullConsumer,
    js: jetstream::Context,
    store: Arc<PgStore>,
    fetcher: Arc<PoliteFetcher>,
    options: WorkerOptions,
    counters: Arc<Counters>,
    last_job: Arc<std::sync::Mutex<Instant>>,
    queue: tokio::sync::mpsc::Sender<ToStore>,
}

impl Task {
    async fn run(self) -> Result<(), JobsError> {
        let result = self.pull().await;
        let store = self.store;
        let _ = tokio::task::spawn_blocking(move || drop(store)).await;
        result
    }

    async fn pull(&self) -> Result<(), JobsError> {
        loop {
            // `fetch` asks without waiting; `expires` also bounds how long
            // the client waits for the answer (a few seconds past it), which
            // otherwise it would not.
            let mut batch = self
                .consumer
                .fetch()
                .max_messages(1)
                .expires(FETCH_EXPIRES)
                .messages()
                .await
                .map_err(nats)?;
            let mut got = false;
            while let Some(message) = batch.next().await {
                let message = message.map_err(nats)?;
                got = true;
                if let Ok(mut last) = self.last_job.lock() {
                    *last = Instant::now();
                }
                self.handle(message).await?;
            }
            if !got {
                if let Some(idle) = self.options.exit_when_idle {
                    let since = self
                        .last_job
                        .lock()
                        .map(|l| l.elapsed())
                        .unwrap_or_default();
                    if since >= idle {
                        return Ok(());
                    }
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }

    async fn handle(&self, message: jetstream::Message) -> Result<(), JobsError> {
        self.counters.jobs.fetch_add(1, Ordering::Relaxed);
        let delivered = message.info().map_or(1, |i| i.delivered);
        let job: Job = match serde_json::from_slice(&message.payload) {
            Ok(job) => job,
            Err(e) => {
                let subject = message.subject.to_string();
                self.problem(&subject, &format!("not a job: {e}")).await;
                return message.ack_with(AckKind::Term).await.map_err(nats);
            }
        };
        let work = {
            let store = Arc::clone(&self.store);
            let fetcher = Arc::clone(&self.fetcher);
            let options = self.options.clone();
            let job = job.clone();
            tokio::task::spawn_blocking(move || process(&job, &store, &fetcher, &options))
        };
        let outcome = match self.beating(&message, work).await {
            Ok(Ok(Fetched::Page(page))) => self.commit(*page, &message).await,
            Ok(Ok(Fetched::Done(done))) => Ok(done),
            Ok(Err(e)) => Err(e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match outcome {
            Ok(Done::Stored(linked)) => {
                match linked {
                    Linked::Added { .. } | Linked::OlderRevision { .. } => {
                        self.counters.added.fetch_add(1, Ordering::Relaxed)
                    }
                    Linked::Unchanged => self.counters.unchanged.fetch_add(1, Ordering::Relaxed),
                    Linked::Failed(_) => self.counters.failed.fetch_add(1, Ordering::Relaxed),
                };
                message.double_ack().await.map_err(nats)
            }
            Ok(Done::Feed(entries)) => {
                if let Err(e) = publish(&self.js, &entries).await {
                    return self.retry(&message, &job, delivered, &e.to_string()).await;
                }
                message.double_ack().await.map_err(nats)
            }
            Ok(Done::Problem) => {
                self.counters.problems.fetch_add(1, Ordering::Relaxed);
                message.double_ack().await.map_err(nats)
            }
            Err(e) => self.retry(&message, &job, delivered, &e).await,
        }
    }

    /// Hands `page` to the worker's committer and waits until it is stored.
    async fn commit(&self, page: Prepared, message: &jetstream::Message) -> Result<Done, String> {
        let (done, stored) = tokio::sync::oneshot::channel();
        if self.queue.send(ToStore { page, done }).await.is_err() {
            return Err("the worker's committer stopped".into());
        }
        match self.beating(message, stored).await {
            Ok(Ok(linked)) => Ok(Done::Stored(linked)),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err("the worker's committer dropped the page".into()),
        }
    }

    /// Awaits `work`, telling the server meanwhile that the job is alive
    /// (well within `ack_wait`), so it is not handed to another worker.
    async fn beating<T>(
        &self,
        message: &jetstream::Message,
        work: impl std::future::Future<Output = T>,
    ) -> T {
        tokio::pin!(work);
        let beat = (self.options.ack_wait / 3).max(Duration::from_millis(200));
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        loop {
            tokio::select! {
                outcome = &mut work => return outcome,
                _ = ticker.tick() => {
                    let _ = message.ack_with(AckKind::Progress).await;
                }
            }
        }
    }

    /// A passing failure: retried later, or given up and recorded at the limit.
    async fn retry(
        &self,
        message: &jetstream::Message,
        job: &Job,
        delivered: i64,
        error: &str,
    ) -> Result<(), JobsError> {
        if self.options.max_deliver > 0 && delivered >= self.options.max_deliver {
            self.problem(
                &job.url,
                &format!("given up after {delivered} deliveries: {error}"),
            )
            .await;
            self.counters.problems.fetch_add(1, Ordering::Relaxed);
            return message.ack_with(AckKind::Term).await.map_err(nats);
        }
        self.counters.retried.fetch_add(1, Ordering::Relaxed);
        let backoff = Duration::from_secs(1 << delivered.clamp(0, 6));
        message
            .ack_with(AckKind::Nak(Some(backoff)))
            .await
            .map_err(nats)
    }

    async fn problem(&self, location: &str, text: &str) {
        let store = Arc::clone(&self.store);
        let (location, text, name) = (
            location.to_string(),
            text.to_string(),
            self.options.name.clone(),
        );
        let recorded =
            tokio::task::spawn_blocking(move || store.record_problem(&location, &text, &name))
                .await;
        if !matches!(recorded, Ok(Ok(()))) {
            eprintln!("newsdesk worker: could not record a problem: {recorded:?}");
        }
    }
}

/// One job, on a blocking thread: wait for the host's slot, fetch, prepare
/// (storing is the committer's, [`commit_pages`]).
fn process(
    job: &Job,
    store: &PgStore,
    fetcher: &PoliteFetcher,
    options: &WorkerOptions,
) -> Result<Fetched, ClusterError> {
    let host = url::Url::parse(&job.url)
        .ok()
        .and_then(|u| u.host_str().map(|h| host_key(h, u.port())));
    let Some(host) = host else {
        store.record_problem(&job.url, "not a URL with a host", &options.name)?;
        return Ok(Fetched::Done(Done::Problem));
    };
    // Without a delay there is no clock to keep (and no row for every
    // worker to queue on).
    if !options.delay.is_zero() {
        let wait = store.reserve_host_slot(&host, options.delay)?;
        std::thread::sleep(wait);
    }
    match fetcher.fetch(&job.url, None) {
        Outcome::Fetched {
            page, validators, ..
        } => {
            if sniff_feed(&page.bytes) {
                let base = url::Url::parse(&job.url).ok();
                return match parse_feed(&page.bytes, base.as_ref()) {
                    Ok(feed) => Ok(Fetched::Done(Done::Feed(
                        feed.entries.into_iter().map(|e| e.url).collect(),
                    ))),
                    Err(e) => {
                        store.record_problem(&job.url, &e.to_string(), &options.name)?;
                        Ok(Fetched::Done(Done::Problem))
                    }
                };
            }
            let capture = Capture {
                source: job.url.clone(),
                location: job.url.clone(),
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
            };
            if store.has_capture(capture_hash(&capture))? {
                return Ok(Fetched::Done(Done::Stored(Linked::Unchanged)));
            }
            Ok(Fetched::Page(Box::new(prepare_safely(capture))))
        }
        Outcome::NotModified => Ok(Fetched::Done(Done::Stored(Linked::Unchanged))),
        Outcome::Refused(refusal) => {
            store.record_problem(&job.url, &format!("not fetched: {refusal}"), &options.name)?;
            Ok(Fetched::Done(Done::Problem))
        }
        Outcome::Failed { error, attempts } => {
            store.record_problem(
                &job.url,
                &format!("{error} (after {attempts} attempts)"),
                &options.name,
            )?;
            Ok(Fetched::Done(Done::Problem))
        }
    }
}

/// [`prepare`], a panic being this page's failure (as in the embedded pipeline).
pub fn prepare_safely(capture: Capture) -> Prepared {
    let facts = CaptureFacts::of(&capture);
    catch_unwind(AssertUnwindSafe(|| prepare(capture))).unwrap_or_else(|_| Prepared {
        capture: facts,
        outcome: Err("internal error while extracting this page (please report it)".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_name_the_host() {
        assert_eq!(
            subject_for("https://News.Example.com/a/b?c=d").unwrap(),
            "newsdesk.fetch.news_example_com"
        );
        assert_eq!(
            subject_for("http://127.0.0.1:8080/x").unwrap(),
            "newsdesk.fetch.127_0_0_1-8080"
        );
        assert!(subject_for("ftp://example.com/").is_err());
        assert!(subject_for("not a url").is_err());
    }
}
