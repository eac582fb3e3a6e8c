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

pub mod canonical;
pub mod dedup;
pub mod error;
pub mod export;
pub mod index;
pub mod link;
pub mod lock;
#[cfg(feature = "parquet")]
mod parquet_export;
pub mod pipeline;
pub mod prepare;
pub mod query;
pub mod quoted;
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
pub use lock::WriterLock;
pub use pipeline::{ingest, IngestOptions, IngestReport, Item, Problem};
pub use prepare::Capture;
pub use query::{parse_query, Query, QueryError};
pub use quoted::{Quoted, QuotedSpeaker};
pub use reader::{CorpusReader, SourceCount, MAX_QUOTED_ARTICLES};
pub use store::{
    DupGroup, EntityCount, EntityProfile, QuoteRow, Stats, Store, StoredArticle, Story,
    StoryArticle, StorySummary, TranslationLink,
};

/// Where `reindex` builds an index it cannot build in place.
const BESIDE: &str = "index.new";
/// Where the index it replaces goes until it is removed.
const OLD: &str = "index.old";

/// Removes what an interrupted `reindex` left beside the index (the caller
/// holds the writer lock).
fn remove_leftovers(dir: &Path) -> Result<(), CorpusError> {
    for name in [BESIDE, OLD] {
        let path = dir.join(name);
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Indexes every latest article of `store` into `index` through one writer
/// and one commit; `replace` first deletes what the index held (applied with
/// the commit, so until then searches see the old documents).
fn rebuild(store: &Store, index: &Index, seq: i64, replace: bool) -> Result<u64, CorpusError> {
    let mut writer = index.writer()?;
    if replace {
        writer.delete_query(Box::new(tantivy::query::AllQuery))?;
    }
    let mut after = 0;
    let mut count = 0;
    loop {
        let batch = store.latest_after(after, 500)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for article in &batch {
            index.add(&writer, article, &index_extras(store, article.id)?)?;
            count += 1;
        }
    }
    index.commit(&mut writer, seq)?;
    Ok(count)
}

/// What the index keeps of an article's analysis: its main entities and quotes.
fn index_extras(store: &Store, id: i64) -> Result<IndexExtras, CorpusError> {
    let conn = &store.conn;
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

/// The data directory used when none is given.
pub const DEFAULT_DATA_DIR: &str = "newsdesk-data";

/// A corpus: its store and its index.
pub struct Corpus {
    dir: PathBuf,
    pub(crate) store: Store,
    pub(crate) index: Index,
    /// Held by a corpus opened for writing, for as long as it is open.
    _lock: Option<WriterLock>,
}

/// The most matches a folded search reads to fill its page.
const MAX_FOLDED_READ: usize = 200_000;

/// A search as asked.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query, in the language of [`query`] ("" matches every article).
    pub query: String,
    /// Which articles may match.
    pub filters: Filters,
    /// The order of the results.
    pub sort: Sort,
    /// Results on the page asked for.
    pub limit: usize,
    /// Results skipped before it.
    pub offset: usize,
    /// Show one article per duplicate group.
    pub collapse: bool,
    /// Count the matches per language, source, entity, tag and month.
    pub facets: bool,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The article's id.
    pub id: i64,
    /// Its relevance score, higher is better.
    pub score: f32,
    /// Its title.
    pub title: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// Its site.
    pub source: Option<String>,
    /// Its date (RFC 3339 UTC).
    pub date: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// A passage of the body around the matches.
    pub snippet: String,
    /// The matches in `snippet` as `[start, end)` ranges counted in
    /// characters (Unicode scalar values, as Rust's `chars()` and Python's
    /// `str` count them), not bytes; words of a phrase next to each other
    /// are one range.
    pub highlights: Vec<(usize, usize)>,
    /// Its duplicate group.
    pub dup_group: i64,
    /// Other copies of this text in the corpus (collapsed out of the results).
    pub copies: i64,
    /// Its story.
    pub story: i64,
}

/// What a search found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Articles matching (copies included).
    pub total: usize,
    /// Results once copies are folded: the duplicate groups among the
    /// matches (what a search with `collapse` pages through).
    pub groups: usize,
    /// The page of results asked for.
    pub hits: Vec<SearchHit>,
    /// The match counts per facet value (empty unless asked for).
    pub facets: Facets,
}

impl Corpus {
    /// Opens the corpus in `dir` for writing, creating it if needed: takes
    /// the one-writer lock ([`CorpusError::Busy`] when another process
    /// holds it), brings the index up to date with the store, and repairs
    /// an index that lacks articles of the store (an interrupted rebuild).
    pub fn open(dir: &Path) -> Result<Corpus, CorpusError> {
        std::fs::create_dir_all(dir)?;
        if store::is_read_only_dir(dir) {
            return Err(CorpusError::ReadOnly(dir.display().to_string()));
        }
        let lock = WriterLock::try_acquire(dir)?;
        remove_leftovers(dir)?;
        let mut store = Store::open(&dir.join("store.db"))?;
        store.forget_ingest_dates()?;
        let index = Index::open(&dir.join("index"))?;
        let mut corpus = Corpus {
            dir: dir.to_path_buf(),
            store,
            index,
            _lock: Some(lock),
        };
        corpus.catch_up()?;
        corpus.repair()?;
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
            _lock: None,
        };
        // Catching up writes the index, so only without another writer; a
        // failed catch-up leaves the changes logged for the next writer.
        if let Ok(_lock) = WriterLock::try_acquire(dir) {
            let _ = corpus.catch_up();
        }
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
            _lock: None,
        })
    }

    /// The corpus's data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn store_path(&self) -> PathBuf {
        self.dir.join("store.db")
    }

    /// Its store (SQLite): articles, links, entities.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Its search index (tantivy).
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
                            let extras = index_extras(&self.store, id)?;
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

    /// Adds to the index the latest articles of the store it lacks, and
    /// removes what it holds that is no longer one (an index left behind by
    /// an interrupted rebuild, or rebuilt while changes were pruned); returns
    /// the number of articles added. Cheap when the counts agree.
    fn repair(&mut self) -> Result<u64, CorpusError> {
        if self.index.len() == self.store.latest_count()? {
            return Ok(0);
        }
        let latest = self.store.latest_ids()?;
        let mut held: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
        for id in self.index.ids() {
            *held.entry(id).or_default() += 1;
        }
        let mut writer = self.index.writer()?;
        let mut added = 0;
        for id in &latest {
            match held.remove(id) {
                Some(1) => continue,
                // Held twice: dropped and added once again below.
                Some(_) => self.index.delete(&writer, *id),
                None => {}
            }
            if let Some(article) = self.store.article(*id)? {
                let extras = index_extras(&self.store, *id)?;
                self.index.add(&writer, &article, &extras)?;
                added += 1;
            }
        }
        for id in held.keys() {
            self.index.delete(&writer, *id);
        }
        let seq = self.index.applied_seq()?;
        self.index.commit(&mut writer, seq)?;
        Ok(added)
    }

    /// Rebuilds the index of the corpus in `dir` from its store, whatever
    /// state the index is in (missing, damaged, another schema); returns the
    /// number of articles indexed.
    ///
    /// The one-writer lock is taken first. A readable index is rebuilt in
    /// place as one tantivy commit: the new segments are written beside the
    /// old ones and replace them all at once when the commit's `meta.json`
    /// is renamed into place, so searches (a server's included) see the old
    /// index until then and an interrupted rebuild leaves it as it was. An
    /// unreadable index is rebuilt in `index.new` and then put in the place
    /// of the old one; if that is interrupted, the next [`Corpus::open`]
    /// finds the index short of the store and completes it.
    pub fn reindex(dir: &Path) -> Result<u64, CorpusError> {
        if !dir.join("store.db").exists() {
            return Err(CorpusError::NoCorpus(dir.display().to_string()));
        }
        if store::is_read_only_dir(dir) {
            return Err(CorpusError::ReadOnly(dir.display().to_string()));
        }
        let _lock = WriterLock::try_acquire(dir)?;
        let store = Store::open(&dir.join("store.db"))?;
        remove_leftovers(dir)?;
        let seq = store.last_change()?;
        let index_dir = dir.join("index");
        // In place when the index can be read and written, else beside it.
        let in_place = match Index::open(&index_dir) {
            Ok(index) => match rebuild(&store, &index, seq, true) {
                Ok(count) => Some(count),
                // Damage found while rebuilding: build beside it instead.
                Err(CorpusError::IndexCorrupt(_) | CorpusError::Tantivy(_)) => None,
                Err(e) => return Err(e),
            },
            Err(CorpusError::IndexCorrupt(_)) => None,
            Err(e) => return Err(e),
        };
        let count = match in_place {
            Some(count) => count,
            None => {
                let beside = dir.join(BESIDE);
                let count = rebuild(&store, &Index::open(&beside)?, seq, false)?;
                if index_dir.exists() {
                    std::fs::rename(&index_dir, dir.join(OLD))?;
                }
                std::fs::rename(&beside, &index_dir)?;
                remove_leftovers(dir)?;
                count
            }
        };
        store.prune_changes(seq)?;
        Ok(count)
    }

    /// Searches the corpus.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, CorpusError> {
        let query =
            parse_query(&request.query).map_err(|e| CorpusError::BadInput(e.to_string()))?;
        let limit = request.limit.clamp(1, 1000);
        let needed = request.offset + limit;
        let mut want = needed * if request.collapse { 4 } else { 1 } + 10;
        // Folding copies can leave fewer groups among the top matches than
        // the page needs (a text with many copies); read deeper then, until
        // the page is full or the matches run out.
        let found = loop {
            let found =
                self.index
                    .search(&query, &request.filters, request.sort, want, request.facets)?;
            let exhausted = found.hits.len() < want || want >= MAX_FOLDED_READ;
            if !request.collapse || exhausted {
                break found;
            }
            let mut groups = std::collections::HashSet::new();
            let folded = found.hits.iter().filter(|h| groups.insert(h.group)).count();
            if folded >= needed.min(found.groups) {
                break found;
            }
            want = (want * 4).min(MAX_FOLDED_READ);
        };
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
            let (snippet, byte_ranges) =
                self.index.snippet(&query, a.language.as_deref(), &a.text)?;
            let highlights = highlight_ranges(&snippet, &byte_ranges);
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
            groups: found.groups,
            hits,
            facets: found.facets,
        })
    }
}

/// Byte ranges of matches in `snippet` as character ranges, in order,
/// with ranges apart by nothing but spaces joined (the words of a phrase
/// are one match). Ranges off character boundaries are dropped.
pub fn highlight_ranges(snippet: &str, byte_ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = byte_ranges
        .iter()
        .copied()
        .filter(|&(s, e)| {
            s < e
                && e <= snippet.len()
                && snippet.is_char_boundary(s)
                && snippet.is_char_boundary(e)
        })
        .collect();
    sorted.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match merged.last_mut() {
            Some(last) if s <= last.1 || snippet[last.1..s].chars().all(char::is_whitespace) => {
                last.1 = last.1.max(e);
            }
            _ => merged.push((s, e)),
        }
    }
    let chars_before = |byte: usize| snippet[..byte].chars().count();
    merged
        .into_iter()
        .map(|(s, e)| (chars_before(s), chars_before(e)))
        .collect()
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

#[cfg(test)]
mod highlight_tests {
    use super::highlight_ranges;

    #[test]
    fn highlights_count_characters_and_join_the_words_of_a_phrase() {
        let snippet = "Идут переговоры о мире, dock workers said";
        let start = snippet.find("переговоры").unwrap();
        let end = start + "переговоры".len();
        let ranges = highlight_ranges(snippet, &[(start, end)]);
        assert_eq!(ranges, [(5, 15)]);
        let chars: Vec<char> = snippet.chars().collect();
        assert_eq!(chars[5..15].iter().collect::<String>(), "переговоры");
        let dock = snippet.find("dock").unwrap();
        let workers = snippet.find("workers").unwrap();
        let joined = highlight_ranges(snippet, &[(workers, workers + 7), (dock, dock + 4)]);
        assert_eq!(joined.len(), 1);
        let text: String = chars[joined[0].0..joined[0].1].iter().collect();
        assert_eq!(text, "dock workers");
        // Off a character boundary: dropped, never a panic.
        assert!(highlight_ranges(snippet, &[(start + 1, end)]).is_empty());
    }
}
