//! Counts over a search's matches in PostgreSQL: articles per day (the time
//! charts of attention, source and author pages), the sources with their
//! articles, and who is quoted on a topic.
//!
//! Each is one bounded query over the same WHERE condition the search runs
//! ([`crate::search`]), and its rows go through the same pure code the
//! embedded corpus uses — [`newsdesk_corpus::quoted::rank_speakers`] for
//! the speakers, the server's time axis for the charts — so both backends
//! answer alike:
//!
//! - per day: `GROUP BY left(date, 10)` of the matches (stored dates are
//!   RFC 3339 UTC, so that is the UTC day, as the index's histogram);
//!   undated articles are in no day; copies count each;
//! - sources: `GROUP BY domain` of the latest revisions, most first, ties
//!   by name in byte order, at most [`MAX_SOURCES`]
//!   (`articles_domain` is a partial index on `domain` of the latest
//!   revisions);
//! - who is quoted: the newest [`MAX_QUOTED_ARTICLES`] matches at most
//!   (undated last, then by id), their attributed quotes through
//!   `quotes_article`, titles and dates of the few quotes listed.
//!
//! No schema change: the indexes these read were there.

use std::collections::HashMap;

use newsdesk_corpus::quoted::rank_speakers;
use newsdesk_corpus::reader::MAX_SOURCES;
use newsdesk_corpus::store::QuoteRow;
use newsdesk_corpus::{Filters, Quoted, SourceCount, MAX_QUOTED_ARTICLES};

use crate::search::Sql;
use crate::{ClusterError, PgStore};

/// A row count or limit as PostgreSQL's BIGINT.
fn big(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PgStore {
    /// Latest articles matching `query` and `filters` per day
    /// (`YYYY-MM-DD`), oldest first, days without any left out.
    pub fn matches_per_day(
        &self,
        query: &str,
        filters: &Filters,
    ) -> Result<Vec<(String, i64)>, ClusterError> {
        let (sql, condition) = Sql::condition(query, filters)?;
        let rows = self.client().query(
            &format!(
                "SELECT left(a.date, 10) AS day, COUNT(*) FROM articles a
                 WHERE {condition} AND a.date IS NOT NULL GROUP BY day ORDER BY day"
            ),
            &sql.refs(),
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every source (site) with its number of latest articles, most first,
    /// ties by name; articles without a site are in none.
    pub fn sources(&self) -> Result<Vec<SourceCount>, ClusterError> {
        let rows = self.client().query(
            "SELECT domain, COUNT(*) AS n FROM articles
             WHERE latest AND domain IS NOT NULL AND domain <> ''
             GROUP BY domain ORDER BY n DESC, domain COLLATE \"C\" LIMIT $1",
            &[&big(MAX_SOURCES)],
        )?;
        Ok(rows
            .iter()
            .map(|r| SourceCount {
                name: r.get(0),
                articles: r.get::<_, i64>(1).max(0) as u64,
            })
            .collect())
    }

    /// Who is quoted in the newest `max_articles` latest articles matching
    /// `query` and `filters`, as the embedded corpus counts it.
    pub fn quoted(
        &self,
        query: &str,
        filters: &Filters,
        per_speaker: usize,
        max_articles: usize,
    ) -> Result<Quoted, ClusterError> {
        let (sql, condition) = Sql::condition(query, filters)?;
        let max = max_articles.clamp(1, MAX_QUOTED_ARTICLES);
        let mut client = self.client();
        let matches = client.query(
            &format!(
                "SELECT a.id, a.dup_group FROM articles a WHERE {condition}
                 ORDER BY a.date DESC NULLS LAST, a.id LIMIT {}",
                max + 1
            ),
            &sql.refs(),
        )?;
        let complete = matches.len() <= max;
        // (place among the matches, newest first; duplicate group) by id.
        let places: HashMap<i64, (usize, i64)> = matches
            .iter()
            .take(max)
            .enumerate()
            .map(|(place, r)| (r.get::<_, i64>(0), (place, r.get::<_, i64>(1))))
            .collect();
        let ids: Vec<i64> = matches.iter().take(max).map(|r| r.get(0)).collect();
        // Quotes are only ever inserted, so their physical order within an
        // article is the order the linker stored them in, as the embedded
        // store reads them.
        let quotes = client.query(
            "SELECT q.article_id, q.speaker, q.text FROM quotes q
             WHERE q.article_id = ANY($1) AND q.speaker IS NOT NULL AND q.speaker <> ''
             ORDER BY q.article_id, q.ctid",
            &[&ids],
        )?;
        let mut rows: Vec<(usize, QuoteRow, i64)> = quotes
            .iter()
            .map(|r| {
                let article_id: i64 = r.get(0);
                let (place, group) = places
                    .get(&article_id)
                    .copied()
                    .unwrap_or((usize::MAX, article_id));
                let quote = QuoteRow {
                    article_id,
                    speaker: r.get(1),
                    text: r.get(2),
                    title: None,
                    date: None,
                };
                (place, quote, group)
            })
            .collect();
        rows.sort_by_key(|(place, _, _)| *place);
        let rows = rows.into_iter().map(|(_, q, g)| (q, g)).collect();
        let (mut speakers, total) = rank_speakers(rows, per_speaker);
        // Titles and dates of the quotes listed only.
        let listed: Vec<i64> = speakers
            .iter()
            .flat_map(|s| s.said.iter().map(|q| q.article_id))
            .collect();
        let articles: HashMap<i64, (Option<String>, Option<String>)> = client
            .query(
                "SELECT id, title, date FROM articles WHERE id = ANY($1)",
                &[&listed],
            )?
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2))))
            .collect();
        for quote in speakers.iter_mut().flat_map(|s| s.said.iter_mut()) {
            if let Some((title, date)) = articles.get(&quote.article_id) {
                quote.title = title.clone();
                quote.date = date.clone();
            }
        }
        Ok(Quoted {
            speakers,
            speakers_total: total,
            articles_read: ids.len(),
            complete,
        })
    }
}
