//! newsdesk-corpus: many articles kept, linked and searchable on one machine.
//!
//! A corpus is a data directory holding two things:
//! - `store.db`, the system of record ([`store`]): SQLite with every capture,
//!   article revision, analysis, duplicate group and story;
//! - `index/`, the search index ([`index`]): tantivy, derived from the store
//!   and rebuilt from it by [`Corpus::reindex`].
//!
//! Pages get in through the [`pipeline`]: each is prepared in parallel
//! ([`prepare`]: extract, analyse, fingerprint with [`dedup`] and [`signals`]),
//! then linked to what is already there ([`link`]: revisions, duplicates,
//! stories) and stored by a single writer. [`sources`] turns source
//! arguments (files, archives, feeds, URLs) into the pipeline's stream of
//! captures through `newsdesk-ingest`. Searches use the [`query`] language;
//! [`export`] writes the corpus out.
//!
//! Per-document work is pure; all state lives in [`Corpus`]. Everything
//! that shows a corpus (search, articles, stories, export, the server)
//! reads through [`CorpusReader`], which [`Corpus`] implements with
//! tantivy + SQLite and `newsdesk-cluster` with PostgreSQL (see
//! ARCHITECTURE.md, "Scaling out").

pub mod dedup;
pub mod error;
pub mod export;
pub mod index;
pub mod link;
#[cfg(feature = "parquet")]
pub mod parquet_export;
pub mod pipeline;
pub mod prepare;
pub mod query;
mod read_only_dir;
pub mod reader;
pub mod signals;
pub mod sources;
pub mod store;
pub mod story_match;
pub mod translation;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use error::CorpusError;
pub use index::{Facets, Filters, Index, IndexExtras, Sort};
pub use link::LinkSettings;
pub use pipeline::{ingest, IngestOptions, IngestReport, Item, Problem};
pub use prepare::Capture;
pub use query::{parse_query, Query, QueryError};
pub use reader::CorpusReader;
pub use store::{
    DupGroup, EntityCount, EntityProfile, QuoteRow, Stats, Store, StoredArticle, Story,
    StoryArticle, StorySummary, TranslationLink,
};

/// The data directory used when none is given.
pub const DEFAULT_DATA_DIR: &str = "newsdesk-data";

/// A corpus: its store and its index.
pub struct Corpus {
    dir: PathBuf,
    pub(crate) store: Store,
    pub(crate) index: Index,
}

/// A search as asked.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// Show one article per duplicate group.
    pub collapse: bool,
    pub facets: bool,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: i64,
    pub score: f32,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    /// A passage of the body around the matches.
    pub snippet: String,
    /// Byte ranges of the matches in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    pub dup_group: i64,
    /// Other copies of this text in the corpus (collapsed out of the results).
    pub copies: i64,
    pub story: i64,
}

/// What a search found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Articles matching (copies included).
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
}

impl Corpus {
    /// Opens the corpus in `dir`, creating it if needed, and brings the index
    /// up to date with the store when it can take the writer lock.
    pub fn open(dir: &Path) -> Result<Corpus, CorpusError> {
        std::fs::create_dir_all(dir)?;
        if store::is_read_only_dir(dir) {
            return Err(CorpusError::ReadOnly(dir.display().to_string()));
        }
        let store = Store::open(&dir.join("store.db"))?;
        let index = Index::open(&dir.join("index"))?;
        let mut corpus = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
        };
        corpus.catch_up()?;
        Ok(corpus)
    }

    /// Opens an existing corpus for reading (search, show, export). The
    /// index is brought up to date when possible; when it cannot be (another
    /// process is writing, the disk is full) the corpus is still opened,
    /// searches miss only what the index has not applied yet, and `stats`
    /// shows the pending changes.
    pub fn open_existing(dir: &Path) -> Result<Corpus, CorpusError> {
        if !dir.join("store.db").exists() {
            return Err(CorpusError::NoCorpus(dir.display().to_string()));
        }
        // A corpus on read-only media (a mounted snapshot, a shared drive)
        // is still searchable; only the index catch-up is skipped.
        if store::is_read_only_dir(dir) {
            return Corpus::open_reader(dir);
        }
        let store = Store::open(&dir.join("store.db"))?;
        let index = Index::open(&dir.join("index"))?;
        let mut corpus = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
        };
        // A failed catch-up leaves the changes logged for the next writer.
        let _ = corpus.catch_up();
        Ok(corpus)
    }

    /// Opens an existing corpus for a long-running reader (the server): the
    /// store read-only, the index following other processes' commits. No
    /// writer lock is taken, so an ingest may run at the same time.
    pub fn open_reader(dir: &Path) -> Result<Corpus, CorpusError> {
        let store = Store::open_read_only(&dir.join("store.db"))?;
        let index = if store::is_read_only_dir(dir) {
            Index::open_on_read_only_media(&dir.join("index"))?
        } else {
            Index::open_for_reading(&dir.join("index"))?
        };
        Ok(Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn store_path(&self) -> PathBuf {
        self.dir.join("store.db")
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Applies store changes the index has not seen, if no one else is writing.
    fn catch_up(&mut self) -> Result<(), CorpusError> {
        if self.store.last_change()? <= self.index.applied_seq()? {
            return Ok(());
        }
        match self.index.writer() {
            Ok(mut writer) => self.catch_up_with(&mut writer),
            Err(CorpusError::Busy) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Applies pending store changes to the index through `writer` and commits.
    pub(crate) fn catch_up_with(
        &mut self,
        writer: &mut tantivy::IndexWriter,
    ) -> Result<(), CorpusError> {
        let mut seq = self.index.applied_seq()?;
        let start = seq;
        loop {
            let changes = self.store.changes_after(seq, 1000)?;
            if changes.is_empty() {
                break;
            }
            for (change, id, op) in changes {
                self.index.delete(writer, id);
                if op == "add" {
                    if let Some(article) = self.store.article(id)? {
                        if article.latest {
                            let extras = self.index_extras(id)?;
                            self.index.add(writer, &article, &extras)?;
                        }
                    }
                }
                seq = change;
            }
        }
        if seq > start {
            self.index.commit(writer, seq)?;
            self.store.prune_changes(seq)?;
        }
        Ok(())
    }

    fn index_extras(&self, id: i64) -> Result<IndexExtras, CorpusError> {
        let conn = &self.store.conn;
        let mut entities = conn.prepare_cached(
            "SELECT name FROM entities WHERE article_id = ?1 AND kind IN ('person', 'organization', 'place', 'event')
             ORDER BY salience DESC LIMIT 50",
        )?;
        let entities = entities
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut quotes =
            conn.prepare_cached("SELECT text FROM quotes WHERE article_id = ?1 LIMIT 100")?;
        let quotes = quotes
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(IndexExtras { entities, quotes })
    }

    /// Rebuilds the index of the corpus in `dir` from its store, whatever
    /// state the index is in (missing, damaged, another schema); returns the
    /// number of articles indexed.
    pub fn reindex(dir: &Path) -> Result<u64, CorpusError> {
        let store = Store::open(&dir.join("store.db"))?;
        let index_dir = dir.join("index");
        if index_dir.exists() {
            std::fs::remove_dir_all(&index_dir)?;
        }
        let index = Index::open(&index_dir)?;
        let corpus = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
        };
        let seq = corpus.store.last_change()?;
        let mut writer = corpus.index.writer()?;
        let mut after = 0;
        let mut count = 0;
        loop {
            let batch = corpus.store.latest_after(after, 500)?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            for article in &batch {
                let extras = corpus.index_extras(article.id)?;
                corpus.index.add(&writer, article, &extras)?;
                count += 1;
            }
        }
        corpus.index.commit(&mut writer, seq)?;
        corpus.store.prune_changes(seq)?;
        Ok(count)
    }

    /// Searches the corpus.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, CorpusError> {
        let query =
            parse_query(&request.query).map_err(|e| CorpusError::BadInput(e.to_string()))?;
        let limit = request.limit.clamp(1, 1000);
        let want = (request.offset + limit) * if request.collapse { 4 } else { 1 } + 10;
        let found =
            self.index
                .search(&query, &request.filters, request.sort, want, request.facets)?;
        let mut seen_groups = std::collections::HashSet::new();
        let chosen: Vec<_> = found
            .hits
            .iter()
            .filter(|hit| !request.collapse || seen_groups.insert(hit.group))
            .skip(request.offset)
            .take(limit)
            .collect();
        let mut hits = Vec::with_capacity(chosen.len());
        for hit in chosen {
            let Some(stored) = self.store.article(hit.id)? else {
                continue;
            };
            let a = &stored.article;
            let (snippet, highlights) =
                self.index.snippet(&query, a.language.as_deref(), &a.text)?;
            let snippet = if snippet.is_empty() {
                lead(&a.text, 240)
            } else {
                snippet
            };
            let copies = self
                .store
                .dup_group(stored.dup_group)?
                .map_or(0, |g| (g.members.len() as i64 - 1).max(0));
            hits.push(SearchHit {
                id: stored.id,
                score: hit.score,
                title: a.title.clone(),
                url: a.url.clone(),
                source: stored.domain.clone(),
                date: stored.date.clone(),
                language: a.language.clone(),
                snippet,
                highlights,
                dup_group: stored.dup_group,
                copies,
                story: stored.story_id,
            });
        }
        Ok(SearchResults {
            total: found.total,
            hits,
            facets: found.facets,
        })
    }
}

/// The first `max` characters of a text, cut at a word (the snippet of a
/// hit whose matches are not in its body).
pub fn lead(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}
