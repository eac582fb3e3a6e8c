//! newsdesk-cluster: the corpus past one machine.
//!
//! - [`PgStore`]: the corpus in PostgreSQL — the embedded store's schema
//!   ([`schema`], versioned migrations), the same linking ([`link`]: captures
//!   once, revisions, exact and near copies through LSH bands, stories,
//!   translated copies, decided by the embedded corpus's own functions), one
//!   transaction per batch of pages, unique constraints that make a redelivered job a
//!   no-op; search ([`search`]) with `tsvector` columns and GIN indexes; and
//!   counts over a search's matches (per day, sources, who is quoted:
//!   `counts`) and every other read ([`read`]), all behind [`newsdesk_corpus::CorpusReader`],
//!   the interface the commands and the server use for the embedded corpus
//!   too.
//! - [`jobs`]: live ingest — jobs (URLs) on a NATS JetStream work-queue
//!   stream, pulled by any number of `newsdesk worker` processes which fetch
//!   politely (one clock per host shared through PostgreSQL), prepare the page
//!   with the same pure stages as the embedded ingest
//!   (`newsdesk_corpus::prepare`), store it, and only then acknowledge.
//!
//! PostgreSQL is reached without TLS (loopback or a private network).

mod counts;
pub mod jobs;
pub mod link;
pub mod read;
pub mod schema;
pub mod search;
mod statements;

use std::sync::{Mutex, MutexGuard, PoisonError};

use newsdesk_corpus::link::{LinkSettings, Linked};
use newsdesk_corpus::pipeline::link_order;
use newsdesk_corpus::prepare::Prepared;
use newsdesk_corpus::{CorpusError, Stats};
use postgres::{Client, NoTls};
use thiserror::Error;

pub use jobs::{enqueue, run_worker, JobsError, WorkerOptions};

/// Why the cluster store failed.
#[derive(Debug, Error)]
pub enum ClusterError {
    /// PostgreSQL refused a statement or the connection.
    #[error("PostgreSQL: {}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
    /// The schema version found, and the newest this build reads.
    #[error("the database was written by a newer newsdesk (schema {0}; this build reads up to {1}); upgrade newsdesk")]
    NewerSchema(i32, i32),
    /// The database holds no corpus.
    #[error("the database has no newsdesk corpus yet (run `newsdesk ingest --postgres URL` or a worker first)")]
    NoSchema,
    /// A stored record that does not parse.
    #[error("record: {0}")]
    Json(#[from] serde_json::Error),
    /// An argument that cannot be used.
    #[error("{0}")]
    BadInput(String),
    /// A part of the worker that was needed has stopped.
    #[error("stopped: {0}")]
    Stopped(String),
}

/// The server's message when there is one (`Display` says only "db error").
fn postgres_message(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => error.to_string(),
    }
}

impl From<ClusterError> for CorpusError {
    fn from(error: ClusterError) -> Self {
        match error {
            ClusterError::BadInput(message) => CorpusError::BadInput(message),
            other => CorpusError::Backend(other.to_string()),
        }
    }
}

/// The corpus in PostgreSQL: one connection, shared behind a lock.
pub struct PgStore {
    client: Mutex<Client>,
    /// The link step's statements, prepared on `client` (locked after it).
    statements: Mutex<statements::Statements>,
    /// Whether the schema keeps translation links (a store written before
    /// they were has no table to read them from).
    has_translations: bool,
    /// Whether the schema keeps the evidence for one entity across articles.
    has_entity_evidence: bool,
}

/// The first schema version with translation links.
const TRANSLATIONS_SINCE: i32 = 2;

/// The first schema version with entity aliases and spelling keys.
const ENTITY_EVIDENCE_SINCE: i32 = 3;

/// `url` as it may be shown to people: the PostgreSQL store at host, port
/// and database, without the user's password.
pub fn describe_postgres_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
            format!("the PostgreSQL store at {parsed}")
        }
        Err(_) => "the PostgreSQL store".to_string(),
    }
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`), creating or
    /// upgrading the schema.
    pub fn open(url: &str) -> Result<PgStore, ClusterError> {
        let mut client = Client::connect(url, NoTls)?;
        schema::migrate(&mut client)?;
        Ok(PgStore {
            client: Mutex::new(client),
            statements: Mutex::default(),
            has_translations: true,
            has_entity_evidence: true,
        })
    }

    /// Connects to `url` for reading; the schema must exist already.
    pub fn open_existing(url: &str) -> Result<PgStore, ClusterError> {
        let mut client = Client::connect(url, NoTls)?;
        let version = schema::schema_version(&mut client)?;
        if version == 0 {
            return Err(ClusterError::NoSchema);
        }
        if version > schema::SCHEMA_VERSION {
            return Err(ClusterError::NewerSchema(version, schema::SCHEMA_VERSION));
        }
        Ok(PgStore {
            client: Mutex::new(client),
            statements: Mutex::default(),
            has_translations: version >= TRANSLATIONS_SINCE,
            has_entity_evidence: version >= ENTITY_EVIDENCE_SINCE,
        })
    }

    pub(crate) fn client(&self) -> MutexGuard<'_, Client> {
        self.client.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a capture with this hash is stored (it need not be prepared again).
    pub fn has_capture(&self, hash: u64) -> Result<bool, ClusterError> {
        Ok(self
            .client()
            .query_opt("SELECT 1 FROM captures WHERE hash = $1", &[&(hash as i64)])?
            .is_some())
    }

    /// Links and stores one prepared page in one transaction.
    pub fn store(
        &self,
        prepared: &Prepared,
        settings: &LinkSettings,
    ) -> Result<Linked, ClusterError> {
        let mut linked = self.store_all(std::slice::from_ref(prepared), settings)?;
        linked
            .pop()
            .ok_or_else(|| ClusterError::BadInput("nothing was stored".into()))
    }

    /// Links and stores prepared pages in one transaction (results in their order): one
    /// commit and one wait for the link lock for them all. Either all are
    /// stored or, on an error, none.
    pub fn store_all(
        &self,
        pages: &[Prepared],
        settings: &LinkSettings,
    ) -> Result<Vec<Linked>, ClusterError> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut client = self.client();
        let mut statements = self
            .statements
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut tx = client.transaction()?;
        let mut cached = statements::CachedTx::new(&mut tx, &mut statements);
        // Linked in the embedded store's order (publication time, then key),
        // so that both stores make the same stories of the same pages.
        let mut order: Vec<usize> = (0..pages.len()).collect();
        order.sort_by(|&a, &b| link_order(&pages[a]).cmp(&link_order(&pages[b])));
        let mut linked: Vec<Option<Linked>> = vec![None; pages.len()];
        for i in order {
            linked[i] = Some(link::link_and_store(
                &mut cached,
                &pages[i],
                settings,
                &now,
            )?);
        }
        tx.commit()?;
        Ok(linked.into_iter().flatten().collect())
    }

    /// Stores `pages` in one transaction ([`PgStore::store_all`]); when that
    /// fails, each page in its own, so that a page the database refuses
    /// costs only itself. One result per page, in order.
    pub fn store_batch(
        &self,
        pages: &[Prepared],
        settings: &LinkSettings,
    ) -> Vec<Result<Linked, ClusterError>> {
        match self.store_all(pages, settings) {
            Ok(linked) => linked.into_iter().map(Ok).collect(),
            Err(_) if pages.len() > 1 => pages.iter().map(|p| self.store(p, settings)).collect(),
            Err(error) => vec![Err(error)],
        }
    }

    /// Records a job or input that could not be done.
    pub fn record_problem(
        &self,
        location: &str,
        message: &str,
        worker: &str,
    ) -> Result<(), ClusterError> {
        self.client().execute(
            "INSERT INTO problems (location, message, worker) VALUES ($1, $2, $3)",
            &[&location, &message, &worker],
        )?;
        Ok(())
    }

    /// Reserves the next request slot for `host`, `delay` after the last
    /// one reserved by any worker; returns how long to wait for it.
    pub fn reserve_host_slot(
        &self,
        host: &str,
        delay: std::time::Duration,
    ) -> Result<std::time::Duration, ClusterError> {
        let seconds = delay.as_secs_f64();
        let row = self.client().query_one(
            "INSERT INTO host_slots AS s (host, next_at) VALUES ($1, now() + make_interval(secs => $2))
             ON CONFLICT (host) DO UPDATE
                SET next_at = GREATEST(s.next_at, now()) + make_interval(secs => $2)
             RETURNING GREATEST(0, EXTRACT(EPOCH FROM (next_at - now())) - $2)::float8",
            &[&host, &seconds],
        )?;
        let wait: f64 = row.get(0);
        Ok(std::time::Duration::from_secs_f64(wait.clamp(0.0, 3600.0)))
    }

    /// Counts of rows, for tests and reports: (captures, articles, problems).
    pub fn counts(&self) -> Result<(i64, i64, i64), ClusterError> {
        let row = self.client().query_one(
            "SELECT (SELECT COUNT(*) FROM captures), (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM problems)",
            &[],
        )?;
        Ok((row.get(0), row.get(1), row.get(2)))
    }

    /// Corpus-wide figures, as the embedded store gives them.
    pub fn stats(&self) -> Result<Stats, ClusterError> {
        let mut client = self.client();
        let count = |client: &mut Client, sql: &str| -> Result<i64, ClusterError> {
            Ok(client.query_one(sql, &[])?.get(0))
        };
        let pairs = |client: &mut Client, sql: &str| -> Result<Vec<(String, i64)>, ClusterError> {
            Ok(client
                .query(sql, &[])?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect())
        };
        let dates = client.query_one(
            "SELECT MIN(date), MAX(date) FROM articles WHERE latest",
            &[],
        )?;
        Ok(Stats {
            schema_version: schema::schema_version(&mut client)? as i64,
            sources: count(&mut client, "SELECT COUNT(*) FROM sources")?,
            sites: count(
                &mut client,
                "SELECT COUNT(DISTINCT domain) FROM articles WHERE latest",
            )?,
            without_site: count(
                &mut client,
                "SELECT COUNT(*) FROM articles WHERE latest AND domain IS NULL",
            )?,
            undated: count(
                &mut client,
                "SELECT COUNT(*) FROM articles WHERE latest AND date IS NULL",
            )?,
            captures: count(&mut client, "SELECT COUNT(*) FROM captures")?,
            failed_captures: count(
                &mut client,
                "SELECT COUNT(*) FROM captures WHERE error IS NOT NULL",
            )?,
            articles: count(&mut client, "SELECT COUNT(*) FROM articles WHERE latest")?,
            revisions: count(&mut client, "SELECT COUNT(*) FROM articles")?,
            duplicate_groups: count(
                &mut client,
                "SELECT COUNT(*) FROM dup_groups WHERE size > 1",
            )?,
            articles_in_duplicate_groups: count(
                &mut client,
                "SELECT COALESCE(SUM(size), 0)::bigint FROM dup_groups WHERE size > 1",
            )?,
            stories: count(&mut client, "SELECT COUNT(*) FROM stories")?,
            stories_with_several_articles: count(
                &mut client,
                "SELECT COUNT(*) FROM stories WHERE size > 1",
            )?,
            languages: pairs(
                &mut client,
                "SELECT COALESCE(language, '?'), COUNT(*) FROM articles WHERE latest
                 GROUP BY 1 ORDER BY 2 DESC, COALESCE(language, '?') COLLATE \"C\" LIMIT 20",
            )?,
            top_sources: pairs(
                &mut client,
                "SELECT domain, COUNT(*) FROM articles WHERE latest AND domain IS NOT NULL
                 GROUP BY 1 ORDER BY 2 DESC, domain COLLATE \"C\" LIMIT 20",
            )?,
            first_date: dates.get(0),
            last_date: dates.get(1),
            pending_index_changes: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_passwords() {
        let shown = describe_postgres_url("postgres://news:s3cret@db.example:5433/corpus");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.example:5433/corpus"), "{shown}");
        assert_eq!(describe_postgres_url("not a url"), "the PostgreSQL store");
    }
}
