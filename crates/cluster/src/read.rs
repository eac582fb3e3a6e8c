//! The corpus read from PostgreSQL: [`CorpusReader`] for [`PgStore`], so
//! that `newsdesk search`, `stats`, `article`, `story`, `export` and `serve`
//! show a cluster store exactly as they show an embedded corpus.
//!
//! The queries mirror the embedded store's (`newsdesk_corpus::store`) over
//! the same schema; the records they build are the same types.

use newsdesk_analyze::Analysis;
use newsdesk_corpus::canonical::{NameEvidence, NameUse, Resolver, EVIDENCE_ROWS};
use newsdesk_corpus::store::{
    EntityCount, EntityProfile, Mentions, QuoteRow, StoryArticle, StorySummary,
};
use newsdesk_corpus::{
    CorpusError, CorpusReader, DupGroup, Filters, Quoted, SearchRequest, SearchResults,
    SourceCount, Stats, StoredArticle, Story, TranslationLink,
};
use newsdesk_extract::Article;
use postgres::Row;

use crate::{ClusterError, PgStore};

const ARTICLE_SELECT: &str = "SELECT a.id, a.key, a.revision, a.latest, a.domain, a.date, a.dup_group,
    a.story_id, a.ingested_at, b.record, b.text FROM articles a JOIN bodies b ON b.article_id = a.id";

fn article_from_row(row: &Row) -> Result<StoredArticle, ClusterError> {
    let record: String = row.get(9);
    let mut article: Article = serde_json::from_str(&record)?;
    // The record is stored without its text, which has its own column.
    article.text = row.get(10);
    Ok(StoredArticle {
        id: row.get(0),
        key: row.get(1),
        revision: row.get(2),
        latest: row.get(3),
        domain: row.get(4),
        date: row.get(5),
        dup_group: row.get(6),
        story_id: row.get(7),
        ingested_at: row.get(8),
        article,
        // Read next, by `with_translations`.
        translation_of: None,
        translations: Vec::new(),
    })
}

fn translation_link_from_row(r: &Row) -> TranslationLink {
    TranslationLink {
        id: r.get(0),
        key: r.get(1),
        language: r.get(2),
        date: r.get(3),
        confidence: r.get(4),
    }
}

fn quote_from_row(r: &Row) -> QuoteRow {
    QuoteRow {
        article_id: r.get(0),
        speaker: r.get(1),
        text: r.get(2),
        title: r.get(3),
        date: r.get(4),
    }
}

fn entity_count_from_row(r: &Row) -> EntityCount {
    EntityCount {
        name: r.get(0),
        kind: r.get(1),
        articles: r.get(2),
    }
}

fn story_article_from_row(r: &Row) -> StoryArticle {
    StoryArticle {
        id: r.get(0),
        date: r.get(1),
        domain: r.get(2),
        language: r.get(3),
        title: r.get(4),
        dup_group: r.get(5),
    }
}

/// A row count or limit as PostgreSQL's BIGINT.
fn big(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PgStore {
    fn article(&self, id: i64) -> Result<Option<StoredArticle>, ClusterError> {
        let article = self
            .client()
            .query_opt(&format!("{ARTICLE_SELECT} WHERE a.id = $1"), &[&id])?
            .map(|row| article_from_row(&row))
            .transpose()?;
        article.map(|a| self.with_translations(a)).transpose()
    }

    /// `article` with its translation links, in the embedded store's order
    /// (its translations by date, undated first, then id).
    fn with_translations(&self, mut article: StoredArticle) -> Result<StoredArticle, ClusterError> {
        if !self.has_translations {
            return Ok(article);
        }
        let mut client = self.client();
        article.translation_of = client
            .query_opt(
                "SELECT a.id, a.key, a.language, a.date, t.confidence FROM translations t
                 JOIN articles a ON a.id = t.original_id WHERE t.article_id = $1",
                &[&article.id],
            )?
            .map(|r| translation_link_from_row(&r));
        article.translations = client
            .query(
                "SELECT a.id, a.key, a.language, a.date, t.confidence FROM translations t
                 JOIN articles a ON a.id = t.article_id WHERE t.original_id = $1
                 ORDER BY a.date COLLATE \"C\" NULLS FIRST, a.id",
                &[&article.id],
            )?
            .iter()
            .map(translation_link_from_row)
            .collect();
        Ok(article)
    }

    fn latest_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, ClusterError> {
        let articles = self
            .client()
            .query(
                &format!("{ARTICLE_SELECT} WHERE a.latest AND a.id > $1 ORDER BY a.id LIMIT $2"),
                &[&after, &big(limit)],
            )?
            .iter()
            .map(article_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        articles
            .into_iter()
            .map(|a| self.with_translations(a))
            .collect()
    }

    fn analysis(&self, id: i64) -> Result<Option<Analysis>, ClusterError> {
        let row = self
            .client()
            .query_opt("SELECT record FROM analyses WHERE article_id = $1", &[&id])?;
        Ok(match row {
            Some(row) => Some(serde_json::from_str(row.get(0))?),
            None => None,
        })
    }

    fn article_quotes(&self, id: i64) -> Result<Vec<QuoteRow>, ClusterError> {
        let rows = self.client().query(
            "SELECT q.article_id, q.speaker, q.text, a.title, a.date FROM quotes q
             JOIN articles a ON a.id = q.article_id WHERE q.article_id = $1",
            &[&id],
        )?;
        Ok(rows.iter().map(quote_from_row).collect())
    }

    fn revisions(&self, key: &str) -> Result<Vec<(i64, i64, String)>, ClusterError> {
        let rows = self.client().query(
            "SELECT id, revision, ingested_at FROM articles WHERE key = $1 ORDER BY revision",
            &[&key],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    fn dup_group(&self, id: i64) -> Result<Option<DupGroup>, ClusterError> {
        let mut client = self.client();
        let Some(head) = client.query_opt(
            "SELECT original, size FROM dup_groups WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let members = client
            .query(
                "SELECT id FROM articles WHERE dup_group = $1 AND latest ORDER BY date NULLS LAST, id",
                &[&id],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(Some(DupGroup {
            id,
            original: head.get(0),
            size: head.get(1),
            members,
        }))
    }

    fn story(&self, id: i64) -> Result<Option<Story>, ClusterError> {
        let mut client = self.client();
        let Some(head) = client.query_opt(
            "SELECT title, first_seen, last_seen, size FROM stories WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let articles: Vec<StoryArticle> = client
            .query(
                "SELECT id, date, domain, language, title, dup_group FROM articles
                 WHERE story_id = $1 AND latest ORDER BY date NULLS LAST, id LIMIT 1000",
                &[&id],
            )?
            .iter()
            .map(story_article_from_row)
            .collect();
        Ok(Some(Story::new(
            id,
            head.get(0),
            head.get(1),
            head.get(2),
            head.get(3),
            articles,
        )))
    }

    fn stories(
        &self,
        min_size: i64,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StorySummary>, ClusterError> {
        let rows = self.client().query(
            "SELECT id, title, last_seen, size FROM stories WHERE size >= $1
             ORDER BY last_seen DESC NULLS LAST, id DESC LIMIT $2 OFFSET $3",
            &[&min_size, &big(limit), &big(offset)],
        )?;
        Ok(rows
            .iter()
            .map(|r| StorySummary {
                id: r.get(0),
                title: r.get(1),
                last_seen: r.get(2),
                size: r.get(3),
            })
            .collect())
    }

    fn count_stories(&self, min_size: i64) -> Result<u64, ClusterError> {
        let n: i64 = self
            .client()
            .query_one(
                "SELECT COUNT(*) FROM stories WHERE size >= $1",
                &[&min_size],
            )?
            .get(0);
        Ok(n.max(0) as u64)
    }

    fn count_entities(&self, kind: Option<&str>) -> Result<u64, ClusterError> {
        let n: i64 = self
            .client()
            .query_one(
                "SELECT COUNT(DISTINCT e.name) FROM entities e
                 JOIN articles a ON a.id = e.article_id AND a.latest
                 WHERE ($1::text IS NULL OR e.kind = $1)",
                &[&kind],
            )?
            .get(0);
        Ok(n.max(0) as u64)
    }

    /// The most mentioned entities, names of one entity merged as the
    /// embedded store merges them ([`newsdesk_corpus::canonical`]).
    fn top_entities(
        &self,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntityCount>, ClusterError> {
        let read = (offset + limit) * 2 + 20;
        let rows = self.client().query(
            "SELECT e.name, MIN(e.kind), COUNT(DISTINCT e.article_id) AS n
             FROM entities e JOIN articles a ON a.id = e.article_id AND a.latest
             WHERE ($1::text IS NULL OR e.kind = $1)
             GROUP BY e.name ORDER BY n DESC, e.name COLLATE \"C\" LIMIT $2",
            &[&kind, &big(read)],
        )?;
        let rows = rows.iter().map(entity_count_from_row).collect();
        Resolver::new(self).merge_top(rows, offset, limit, |names| {
            Ok(self
                .client()
                .query_one(
                    "SELECT COUNT(DISTINCT e.article_id) FROM entities e
                     JOIN articles a ON a.id = e.article_id AND a.latest
                     WHERE e.name = ANY($1) AND ($2::text IS NULL OR e.kind = $2 OR e.kind = 'other')",
                    &[&names, &kind],
                )?
                .get(0))
        })
    }

    /// One entity by any of its names, merged as the embedded store merges.
    fn entity(&self, asked: &str) -> Result<Option<EntityProfile>, ClusterError> {
        let (name, names) = {
            let mut resolver = Resolver::new(self);
            let name = resolver.shown(asked)?.unwrap_or_else(|| asked.to_string());
            let names = resolver.names_of(&name)?;
            (name, names)
        };
        let name = name.as_str();
        let mut client = self.client();
        let mentions = client.query(
            "SELECT e.kind, e.roles, e.aliases, e.article_id FROM entities e
             JOIN articles a ON a.id = e.article_id AND a.latest WHERE e.name = ANY($1)",
            &[&names],
        )?;
        if mentions.is_empty() {
            return Ok(None);
        }
        let mut mentions = Mentions::gather(
            name,
            mentions
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))),
        );
        for other in names.iter().filter(|n| n.as_str() != name) {
            if !mentions.aliases.contains(other) {
                mentions.aliases.push(other.clone());
            }
        }
        let per_day = client
            .query(
                "SELECT left(a.date, 10) AS day, COUNT(DISTINCT a.id) FROM entities e
                 JOIN articles a ON a.id = e.article_id AND a.latest
                 WHERE e.name = ANY($1) AND a.date IS NOT NULL GROUP BY day ORDER BY day",
                &[&names],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let co_occurring = client
            .query(
                "SELECT o.name, MIN(o.kind), COUNT(DISTINCT o.article_id) AS n
                 FROM entities e JOIN articles a ON a.id = e.article_id AND a.latest
                 JOIN entities o ON o.article_id = e.article_id AND NOT (o.name = ANY($1))
                 WHERE e.name = ANY($1) GROUP BY o.name ORDER BY n DESC, o.name COLLATE \"C\" LIMIT 20",
                &[&names],
            )?
            .iter()
            .map(entity_count_from_row)
            .collect();
        let quotes = client
            .query(
                "SELECT q.article_id, q.speaker, q.text, a.title, a.date FROM quotes q
                 JOIN articles a ON a.id = q.article_id AND a.latest
                 WHERE q.speaker = ANY($1) ORDER BY a.date DESC NULLS LAST LIMIT 50",
                &[&names],
            )?
            .iter()
            .map(quote_from_row)
            .collect();
        let recent = client
            .query(
                "SELECT DISTINCT a.id, a.date, a.domain, a.language, a.title, a.dup_group FROM entities e
                 JOIN articles a ON a.id = e.article_id AND a.latest
                 WHERE e.name = ANY($1) ORDER BY a.date DESC NULLS LAST, a.id DESC LIMIT 20",
                &[&names],
            )?
            .iter()
            .map(story_article_from_row)
            .collect();
        Ok(Some(EntityProfile {
            name: name.to_string(),
            names: names.clone(),
            kinds: mentions.kinds,
            articles: mentions.articles.len() as i64,
            roles: mentions.roles,
            aliases: mentions.aliases,
            per_day,
            co_occurring,
            quotes,
            recent,
        }))
    }

    fn articles_per_day(&self, days: usize) -> Result<Vec<(String, i64)>, ClusterError> {
        let rows = self.client().query(
            "SELECT day, n FROM (SELECT left(date, 10) AS day, COUNT(*) AS n FROM articles
             WHERE latest AND date IS NOT NULL GROUP BY day ORDER BY day DESC LIMIT $1) d ORDER BY day",
            &[&big(days)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn indexed(&self) -> Result<u64, ClusterError> {
        let count: i64 = self
            .client()
            .query_one("SELECT COUNT(*) FROM articles WHERE latest", &[])?
            .get(0);
        Ok(count.max(0) as u64)
    }
}

impl CorpusReader for PgStore {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults, CorpusError> {
        Ok(PgStore::search(self, request)?)
    }

    fn matching_ids(&self, query: &str, limit: usize) -> Result<Vec<i64>, CorpusError> {
        Ok(PgStore::matching_ids(self, query, limit)?)
    }

    fn stats(&self) -> Result<Stats, CorpusError> {
        Ok(PgStore::stats(self)?)
    }

    fn indexed(&self) -> Result<u64, CorpusError> {
        Ok(PgStore::indexed(self)?)
    }

    fn article(&self, id: i64) -> Result<Option<StoredArticle>, CorpusError> {
        Ok(PgStore::article(self, id)?)
    }

    fn latest_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, CorpusError> {
        Ok(PgStore::latest_after(self, after, limit)?)
    }

    fn analysis(&self, id: i64) -> Result<Option<Analysis>, CorpusError> {
        Ok(PgStore::analysis(self, id)?)
    }

    fn article_quotes(&self, id: i64) -> Result<Vec<QuoteRow>, CorpusError> {
        Ok(PgStore::article_quotes(self, id)?)
    }

    fn revisions(&self, key: &str) -> Result<Vec<(i64, i64, String)>, CorpusError> {
        Ok(PgStore::revisions(self, key)?)
    }

    fn dup_group(&self, id: i64) -> Result<Option<DupGroup>, CorpusError> {
        Ok(PgStore::dup_group(self, id)?)
    }

    fn story(&self, id: i64) -> Result<Option<Story>, CorpusError> {
        Ok(PgStore::story(self, id)?)
    }

    fn stories(
        &self,
        min_size: i64,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StorySummary>, CorpusError> {
        Ok(PgStore::stories(self, min_size, limit, offset)?)
    }

    fn count_stories(&self, min_size: i64) -> Result<u64, CorpusError> {
        Ok(PgStore::count_stories(self, min_size)?)
    }

    fn count_entities(&self, kind: Option<&str>) -> Result<u64, CorpusError> {
        Ok(PgStore::count_entities(self, kind)?)
    }

    fn top_entities(
        &self,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntityCount>, CorpusError> {
        Ok(PgStore::top_entities(self, kind, limit, offset)?)
    }

    fn entity(&self, name: &str) -> Result<Option<EntityProfile>, CorpusError> {
        Ok(PgStore::entity(self, name)?)
    }

    fn articles_per_day(&self, days: usize) -> Result<Vec<(String, i64)>, CorpusError> {
        Ok(PgStore::articles_per_day(self, days)?)
    }

    fn matches_per_day(
        &self,
        query: &str,
        filters: &Filters,
    ) -> Result<Vec<(String, i64)>, CorpusError> {
        Ok(PgStore::matches_per_day(self, query, filters)?)
    }

    fn sources(&self) -> Result<Vec<SourceCount>, CorpusError> {
        Ok(PgStore::sources(self)?)
    }

    fn quoted(
        &self,
        query: &str,
        filters: &Filters,
        per_speaker: usize,
        max_articles: usize,
    ) -> Result<Quoted, CorpusError> {
        Ok(PgStore::quoted(
            self,
            query,
            filters,
            per_speaker,
            max_articles,
        )?)
    }
}

/// The evidence the canonical-entity decisions read, from the same tables
/// the embedded store keeps (empty on a schema from before them).
impl NameEvidence for PgStore {
    type Error = ClusterError;

    fn name_use(&self, name: &str) -> Result<Option<NameUse>, ClusterError> {
        let rows = self.client().query(
            "SELECT kind, COUNT(*) AS n FROM (SELECT kind FROM entities WHERE name = $1 LIMIT $2) m
             GROUP BY kind ORDER BY n DESC, kind COLLATE \"C\"",
            &[&name, &EVIDENCE_ROWS],
        )?;
        Ok(rows.first().map(|first| NameUse {
            name: name.to_string(),
            kind: first.get(0),
            articles: rows.iter().map(|r| r.get::<_, i64>(1)).sum(),
        }))
    }

    fn alias_of(&self, alias: &str) -> Result<Vec<(String, i64)>, ClusterError> {
        if !self.has_entity_evidence {
            return Ok(Vec::new());
        }
        let rows = self.client().query(
            "SELECT name, COUNT(*) AS n FROM (SELECT name FROM entity_aliases WHERE alias = $1 LIMIT $2) m
             GROUP BY name ORDER BY n DESC, name COLLATE \"C\" LIMIT 8",
            &[&alias, &EVIDENCE_ROWS],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn aliases_of(&self, name: &str) -> Result<Vec<String>, ClusterError> {
        if !self.has_entity_evidence {
            return Ok(Vec::new());
        }
        let rows = self.client().query(
            "SELECT alias FROM (SELECT alias FROM entity_aliases WHERE name = $1 LIMIT $2) m
             GROUP BY alias ORDER BY COUNT(*) DESC, alias COLLATE \"C\" LIMIT 20",
            &[&name, &EVIDENCE_ROWS],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn same_spelling_key(&self, name: &str) -> Result<Vec<String>, ClusterError> {
        if !self.has_entity_evidence {
            return Ok(Vec::new());
        }
        let rows = self.client().query(
            "SELECT DISTINCT o.name COLLATE \"C\" AS name FROM entity_spellings s
             JOIN entity_spellings o ON o.key = s.key AND o.name <> s.name
             WHERE s.name = $1 ORDER BY 1 LIMIT 8",
            &[&name],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}
