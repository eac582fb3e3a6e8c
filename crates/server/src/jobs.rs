//! Ingest jobs started through `POST /api/ingest`: each runs the corpus
//! pipeline on its own thread (one at a time: the corpus has one writer), and
//! its progress is kept here for `GET /api/jobs/{id}`.
//!
//! Jobs take URLs only (pages, feeds, sitemaps), never server-side paths: a
//! network client must not be able to make the server read its own files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use newsdesk_corpus::sources::{captures, SourceOptions};
use newsdesk_corpus::{ingest, Corpus, IngestOptions, IngestReport};
use serde::Serialize;

use crate::ServerError;

/// Where a job is.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

/// A job as reported to clients.
#[derive(Debug, Clone, Serialize)]
pub struct JobStatus {
    pub id: u64,
    pub state: JobState,
    pub sources: Vec<String>,
    pub report: IngestReport,
    pub error: Option<String>,
}

/// All jobs of this server run.
#[derive(Default)]
pub struct Jobs {
    inner: Arc<Mutex<JobTable>>,
}

#[derive(Default)]
struct JobTable {
    next: u64,
    jobs: HashMap<u64, JobStatus>,
}

/// The most URLs one job may be given.
pub const MAX_JOB_SOURCES: usize = 10_000;

impl Jobs {
    /// Starts ingesting `urls` into the corpus in `dir`; the job's id.
    pub fn start(
        &self,
        dir: PathBuf,
        urls: Vec<String>,
        allow_private: bool,
        delay: f64,
    ) -> Result<u64, ServerError> {
        let id = {
            let mut table = self.lock()?;
            if table
                .jobs
                .values()
                .any(|j| matches!(j.state, JobState::Running))
            {
                return Err(ServerError::Conflict(
                    "an ingest job is already running; try again when it is done".into(),
                ));
            }
            table.next += 1;
            let id = table.next;
            table.jobs.insert(
                id,
                JobStatus {
                    id,
                    state: JobState::Running,
                    sources: urls.clone(),
                    report: IngestReport::default(),
                    error: None,
                },
            );
            id
        };
        let inner = Arc::clone(&self.inner);
        std::thread::spawn(move || {
            let update = |f: &dyn Fn(&mut JobStatus)| {
                if let Ok(mut table) = inner.lock() {
                    if let Some(job) = table.jobs.get_mut(&id) {
                        f(job);
                    }
                }
            };
            let result = run(&dir, &urls, allow_private, delay, &mut |report| {
                update(&|job| job.report = report.clone());
            });
            match result {
                Ok(report) => update(&|job| {
                    job.report = report.clone();
                    job.state = JobState::Done;
                }),
                Err(error) => update(&|job| {
                    job.error = Some(error.clone());
                    job.state = JobState::Failed;
                }),
            }
        });
        Ok(id)
    }

    pub fn status(&self, id: u64) -> Result<Option<JobStatus>, ServerError> {
        Ok(self.lock()?.jobs.get(&id).cloned())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, JobTable>, ServerError> {
        self.inner
            .lock()
            .map_err(|_| ServerError::Internal("job table poisoned".into()))
    }
}

fn run(
    dir: &std::path::Path,
    urls: &[String],
    allow_private: bool,
    delay: f64,
    progress: &mut dyn FnMut(&IngestReport),
) -> Result<IngestReport, String> {
    let mut corpus = Corpus::open(dir).map_err(|e| e.to_string())?;
    let options = SourceOptions {
        min_delay: Duration::from_secs_f64(delay.max(0.0)),
        allow_private,
        respect_robots: true,
        store: Some(dir.join("store.db")),
    };
    let (items, _) = captures(urls, None, &options).map_err(|e| e.to_string())?;
    ingest(&mut corpus, items, &IngestOptions::default(), progress).map_err(|e| e.to_string())
}
