//! What is read from a corpus, whatever holds it.
//!
//! Everything that shows a corpus — `newsdesk search`, `stats`, `article`,
//! `story`, `export` and the whole server — reads through [`CorpusReader`].
//! The embedded [`Corpus`] implements it with tantivy and SQLite;
//! `newsdesk-cluster`'s `PgStore` with PostgreSQL. Both answer with the same
//! records ([`StoredArticle`], [`Story`], [`SearchResults`]…) and take the
//! same query language ([`crate::query`]), so a command or page written
//! against the trait works on either without knowing which it has.
//!
//! Writing is not part of the trait: the embedded corpus is written by the
//! ingest pipeline ([`crate::pipeline`]), the cluster store by its workers.

use newsdesk_analyze::Analysis;

use crate::error::CorpusError;
use crate::index::{Filters, Sort};
use crate::query::parse_query;
use crate::quoted::{rank_speakers, Quoted};
use crate::store::{
    DupGroup, EntityCount, EntityProfile, QuoteRow, Stats, StoredArticle, Story, StorySummary,
};
use crate::{Corpus, SearchRequest, SearchResults};

/// The reads of a corpus. Ids are those of article revisions; "latest"
/// means the newest revision of each article, the one that is searched.
pub trait CorpusReader {
    /// Runs a search.
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, CorpusError>;
    /// The ids of the latest revisions matching `query` (the query
    /// language), newest first, at most `limit` (for export).
    fn matching_ids(&self, query: &str, limit: usize) -> Result<Vec<i64>, CorpusError>;
    /// Corpus-wide figures.
    fn stats(&self) -> Result<Stats, CorpusError>;
    /// Articles the search index holds (the store's latest revisions, for a
    /// backend whose index is the store itself).
    fn indexed(&self) -> Result<u64, CorpusError>;

    /// One article revision by id.
    fn article(&self, id: i64) -> Result<Option<StoredArticle>, CorpusError>;
    /// Many articles by id, in the order asked (missing ids skipped).
    fn articles(&self, ids: &[i64]) -> Result<Vec<StoredArticle>, CorpusError> {
        ids.iter()
            .filter_map(|&id| self.article(id).transpose())
            .collect()
    }
    /// The latest revisions in id order, `limit` at a time after `after`
    /// (for walking the whole corpus without holding it in memory).
    fn latest_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, CorpusError>;
    /// The analysis stored with an article.
    fn analysis(&self, id: i64) -> Result<Option<Analysis>, CorpusError>;
    /// The quotes of one article.
    fn article_quotes(&self, id: i64) -> Result<Vec<QuoteRow>, CorpusError>;
    /// The revisions of an article's key, oldest first: (id, revision, ingested_at).
    fn revisions(&self, key: &str) -> Result<Vec<(i64, i64, String)>, CorpusError>;

    /// A duplicate group with its members (latest revisions), oldest first.
    fn dup_group(&self, id: i64) -> Result<Option<DupGroup>, CorpusError>;
    /// A story with its articles (latest revisions), oldest first.
    fn story(&self, id: i64) -> Result<Option<Story>, CorpusError>;
    /// Stories with at least `min_size` articles, most recent first
    /// (undated ones last), `limit` of them after the first `offset`.
    fn stories(
        &self,
        min_size: i64,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StorySummary>, CorpusError>;
    /// How many stories have at least `min_size` articles.
    fn count_stories(&self, min_size: i64) -> Result<u64, CorpusError>;
    /// How many entity names latest articles mention, optionally of one kind.
    fn count_entities(&self, kind: Option<&str>) -> Result<u64, CorpusError>;
    /// The most mentioned entities (in latest revisions), optionally of one kind.
    fn top_entities(
        &self,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntityCount>, CorpusError>;
    /// One entity: kinds, roles, aliases, mentions per day, co-occurring
    /// entities, quotes and latest articles; `None` if no article mentions it.
    fn entity(&self, name: &str) -> Result<Option<EntityProfile>, CorpusError>;
    /// Latest articles per day (YYYY-MM-DD), the last `days` days that have
    /// any, oldest first.
    fn articles_per_day(&self, days: usize) -> Result<Vec<(String, i64)>, CorpusError>;
    /// Latest articles matching `query` (the query language) and `filters`
    /// per day (`YYYY-MM-DD`), oldest first, days without any left out.
    fn matches_per_day(
        &self,
        query: &str,
        filters: &Filters,
    ) -> Result<Vec<(String, i64)>, CorpusError> {
        let _ = (query, filters);
        Err(CorpusError::BadInput(
            "attention over time is counted by the embedded corpus; this backend does not count it yet".into(),
        ))
    }
    /// Every source (site) with its number of latest articles, most first.
    fn sources(&self) -> Result<Vec<SourceCount>, CorpusError> {
        Err(CorpusError::BadInput(
            "sources are counted by the embedded corpus; this backend does not count them yet"
                .into(),
        ))
    }
    /// Who is quoted in the latest articles matching `query` and `filters`
    /// (the newest `max_articles` of them, at most [`MAX_QUOTED_ARTICLES`]):
    /// every speaker, ranked, with at most `per_speaker` quotes each
    /// ([`crate::quoted`]).
    fn quoted(
        &self,
        query: &str,
        filters: &Filters,
        per_speaker: usize,
        max_articles: usize,
    ) -> Result<Quoted, CorpusError> {
        let _ = (query, filters, per_speaker, max_articles);
        Err(CorpusError::BadInput(
            "who is quoted is counted by the embedded corpus; this backend does not count it yet"
                .into(),
        ))
    }
}

/// A source (a site, by its domain) and how many latest articles it has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceCount {
    /// The site's domain.
    pub name: String,
    /// Its latest articles.
    pub articles: u64,
}

/// The most matching articles whose quotes [`CorpusReader::quoted`] reads.
pub const MAX_QUOTED_ARTICLES: usize = 20_000;

/// Sources [`CorpusReader::sources`] lists at most.
pub const MAX_SOURCES: usize = 100_000;

impl CorpusReader for Corpus {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, CorpusError> {
        Corpus::search(self, request)
    }

    fn matches_per_day(
        &self,
        query: &str,
        filters: &Filters,
    ) -> Result<Vec<(String, i64)>, CorpusError> {
        let parsed = parse_query(query).map_err(|e| CorpusError::BadInput(e.to_string()))?;
        let days = self.index.per_day(&parsed, filters)?;
        Ok(days.into_iter().map(|(day, n)| (day, n as i64)).collect())
    }

    fn sources(&self) -> Result<Vec<SourceCount>, CorpusError> {
        Ok(self
            .index
            .source_counts(MAX_SOURCES)?
            .into_iter()
            .map(|(name, articles)| SourceCount { name, articles })
            .collect())
    }

    fn quoted(
        &self,
        query: &str,
        filters: &Filters,
        per_speaker: usize,
        max_articles: usize,
    ) -> Result<Quoted, CorpusError> {
        let parsed = parse_query(query).map_err(|e| CorpusError::BadInput(e.to_string()))?;
        let max = max_articles.clamp(1, MAX_QUOTED_ARTICLES);
        let mut matches = self.index.matching_groups(&parsed, filters, max + 1)?;
        let complete = matches.len() <= max;
        matches.truncate(max);
        let ids: Vec<i64> = matches.iter().map(|(id, _)| *id).collect();
        // (place among the matches, newest first; duplicate group) by id.
        let places: std::collections::HashMap<i64, (usize, i64)> = matches
            .into_iter()
            .enumerate()
            .map(|(place, (id, group))| (id, (place, group)))
            .collect();
        let mut rows: Vec<(usize, QuoteRow, i64)> = self
            .store
            .attributed_quotes(&ids)?
            .into_iter()
            .map(|q| {
                let (place, group) = places
                    .get(&q.article_id)
                    .copied()
                    .unwrap_or((usize::MAX, q.article_id));
                (place, q, group)
            })
            .collect();
        rows.sort_by_key(|(place, _, _)| *place);
        let rows = rows.into_iter().map(|(_, q, g)| (q, g)).collect();
        let (mut speakers, total) = rank_speakers(rows, per_speaker);
        self.store
            .fill_quote_articles(speakers.iter_mut().flat_map(|s| s.said.iter_mut()))?;
        Ok(Quoted {
            speakers,
            speakers_total: total,
            articles_read: ids.len(),
            complete,
        })
    }

    fn matching_ids(&self, query: &str, limit: usize) -> Result<Vec<i64>, CorpusError> {
        let parsed = parse_query(query).map_err(|e| CorpusError::BadInput(e.to_string()))?;
        let found = self
            .index
            .search(&parsed, &Filters::default(), Sort::Date, limit, false)?;
        Ok(found.hits.into_iter().map(|hit| hit.id).collect())
    }

    fn stats(&self) -> Result<Stats, CorpusError> {
        self.store.stats()
    }

    fn indexed(&self) -> Result<u64, CorpusError> {
        Ok(self.index.len())
    }

    fn article(&self, id: i64) -> Result<Option<StoredArticle>, CorpusError> {
        self.store.article(id)
    }

    fn latest_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, CorpusError> {
        self.store.latest_after(after, limit)
    }

    fn analysis(&self, id: i64) -> Result<Option<Analysis>, CorpusError> {
        self.store.analysis(id)
    }

    fn article_quotes(&self, id: i64) -> Result<Vec<QuoteRow>, CorpusError> {
        self.store.article_quotes(id)
    }

    fn revisions(&self, key: &str) -> Result<Vec<(i64, i64, String)>, CorpusError> {
        self.store.revisions(key)
    }

    fn dup_group(&self, id: i64) -> Result<Option<DupGroup>, CorpusError> {
        self.store.dup_group(id)
    }

    fn story(&self, id: i64) -> Result<Option<Story>, CorpusError> {
        self.store.story(id)
    }

    fn stories(
        &self,
        min_size: i64,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StorySummary>, CorpusError> {
        self.store.stories(min_size, limit, offset)
    }

    fn count_stories(&self, min_size: i64) -> Result<u64, CorpusError> {
        self.store.count_stories(min_size)
    }

    fn count_entities(&self, kind: Option<&str>) -> Result<u64, CorpusError> {
        self.store.count_entities(kind)
    }

    fn top_entities(
        &self,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntityCount>, CorpusError> {
        self.store.top_entities(kind, limit, offset)
    }

    fn entity(&self, name: &str) -> Result<Option<EntityProfile>, CorpusError> {
        self.store.entity(name)
    }

    fn articles_per_day(&self, days: usize) -> Result<Vec<(String, i64)>, CorpusError> {
        self.store.articles_per_day(days)
    }
}
