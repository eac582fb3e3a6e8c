//! The system of record: one SQLite database (bundled, WAL) holding sources,
//! captures, articles and their revisions, analyses, duplicate groups,
//! stories, and a log of changes the search index has yet to apply.
//!
//! The schema is versioned with `PRAGMA user_version`; [`Store::open`]
//! applies missing migrations in order and refuses a database written by a
//! newer newsdesk. Everything an ingest writes for one batch of pages is one
//! transaction, so a crash loses at most the batch in flight and never leaves
//! half an article: the invariant the resume logic relies on.

use std::path::Path;
use std::time::Duration;

use newsdesk_analyze::Analysis;
use newsdesk_extract::Article;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use serde::Serialize;

use crate::canonical::{self, NameEvidence, NameUse, Resolver, EVIDENCE_ROWS};
use crate::error::CorpusError;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 3;

const MIGRATIONS: [&str; 3] = [
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    first_ingested TEXT NOT NULL,
    last_ingested TEXT NOT NULL
);
-- Every page seen, once: the same bytes from the same URL are not processed twice.
CREATE TABLE captures (
    id INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    location TEXT NOT NULL,
    url TEXT,
    fetched_at TEXT,
    ingested_at TEXT NOT NULL,
    article_id INTEGER REFERENCES articles(id),
    error TEXT,
    etag TEXT,
    last_modified TEXT
);
CREATE INDEX captures_url ON captures (url);
-- One row per revision; `key` is the article's identity (canonical URL).
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    latest INTEGER NOT NULL,
    text_hash INTEGER NOT NULL,
    url TEXT,
    canonical_url TEXT,
    domain TEXT,
    title TEXT,
    published TEXT,
    date TEXT,
    version_at TEXT,
    language TEXT,
    site_name TEXT,
    dup_group INTEGER NOT NULL,
    story_id INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    UNIQUE (key, text_hash)
);
CREATE INDEX articles_key ON articles (key, revision);
CREATE INDEX articles_text_hash ON articles (text_hash) WHERE latest = 1;
CREATE INDEX articles_group ON articles (dup_group);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_date ON articles (date);
-- The big parts of an article, apart, so that the linking lookups on
-- `articles` stay on small rows: the text, and the record without its text.
CREATE TABLE bodies (article_id INTEGER PRIMARY KEY REFERENCES articles(id), text TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE analyses (article_id INTEGER PRIMARY KEY REFERENCES articles(id), record TEXT NOT NULL);
CREATE TABLE entities (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    salience REAL NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]',
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_name ON entities (name);
CREATE INDEX entities_article ON entities (article_id);
CREATE TABLE quotes (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    speaker TEXT,
    text TEXT NOT NULL
);
CREATE INDEX quotes_speaker ON quotes (speaker);
CREATE INDEX quotes_article ON quotes (article_id);
-- Signatures and bands of latest revisions only (a replaced revision's are deleted).
CREATE TABLE signatures (article_id INTEGER PRIMARY KEY REFERENCES articles(id), minhash BLOB NOT NULL, dup_group INTEGER NOT NULL);
CREATE TABLE bands (key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, article_id)) WITHOUT ROWID;
CREATE TABLE dup_groups (
    id INTEGER PRIMARY KEY,
    original INTEGER NOT NULL,
    original_date TEXT,
    size INTEGER NOT NULL
);
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT,
    first_seen TEXT,
    last_seen TEXT,
    size INTEGER NOT NULL
);
CREATE TABLE story_keys (key TEXT NOT NULL, date TEXT NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (key, date, article_id)) WITHOUT ROWID;
CREATE TABLE story_norms (article_id INTEGER PRIMARY KEY, all_keys REAL NOT NULL, shared_keys REAL NOT NULL, story_id INTEGER NOT NULL);
CREATE TABLE key_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
-- What the search index has not applied yet, in order.
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, article_id INTEGER NOT NULL, op TEXT NOT NULL);
"#,
    r#"
-- What a translation of each article would keep (see translation.rs), as JSON.
CREATE TABLE copy_prints (article_id INTEGER PRIMARY KEY REFERENCES articles(id), language TEXT NOT NULL, print TEXT NOT NULL);
-- Articles that are translated copies of another, with the model's confidence.
CREATE TABLE translations (article_id INTEGER PRIMARY KEY REFERENCES articles(id), original_id INTEGER NOT NULL REFERENCES articles(id), confidence REAL NOT NULL);
CREATE INDEX translations_original ON translations (original_id);
"#,
    r#"
-- The evidence for one entity across articles (see canonical.rs): each
-- alias a latest revision gave an entity, and each person's spelling by its
-- key across scripts (filled from `entities` by `fill_spellings` on migration).
CREATE TABLE entity_aliases (article_id INTEGER NOT NULL, alias TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX entity_aliases_alias ON entity_aliases (alias, name);
CREATE INDEX entity_aliases_name ON entity_aliases (name, alias);
INSERT INTO entity_aliases (article_id, alias, name)
    SELECT e.article_id, j.value, e.name
    FROM entities e JOIN articles a ON a.id = e.article_id AND a.latest = 1,
        json_each(CASE WHEN json_valid(e.aliases) THEN e.aliases ELSE '[]' END) j
    WHERE j.type = 'text' AND j.value <> e.name;
CREATE TABLE entity_spellings (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name)) WITHOUT ROWID;
CREATE INDEX entity_spellings_name ON entity_spellings (name);
-- How many latest articles name each entity, by kind and in all, kept by
-- link.rs, so that the top lists read a few rows instead of every mention.
CREATE TABLE entity_counts (name TEXT NOT NULL, kind TEXT NOT NULL, articles INTEGER NOT NULL, PRIMARY KEY (name, kind)) WITHOUT ROWID;
CREATE INDEX entity_counts_order ON entity_counts (kind, articles DESC, name);
CREATE TABLE entity_totals (name TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX entity_totals_order ON entity_totals (articles DESC, name);
INSERT INTO entity_counts (name, kind, articles)
    SELECT e.name, e.kind, COUNT(DISTINCT e.article_id) FROM entities e
    JOIN articles a ON a.id = e.article_id AND a.latest = 1 GROUP BY e.name, e.kind;
INSERT INTO entity_totals (name, articles)
    SELECT e.name, COUNT(DISTINCT e.article_id) FROM entities e
    JOIN articles a ON a.id = e.article_id AND a.latest = 1 GROUP BY e.name;
"#,
];

/// The schema version that brought `entity_aliases` and `entity_spellings`.
const CANONICAL_SCHEMA: i64 = 3;

/// The SQLite store.
pub struct Store {
    pub(crate) conn: Connection,
    /// The schema version of the database (older than this build's only
    /// when opened read-only).
    schema: i64,
}

/// An article as stored: the extracted record plus the corpus's facts.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// Its article id.
    pub id: i64,
    /// Its identity across revisions: the canonical URL, else the URL, else
    /// the capture's hash.
    pub key: String,
    /// Its revision number: 1, 2, … in the order its key's texts were written.
    pub revision: i64,
    /// Whether it is its key's latest revision (the searchable one).
    pub latest: bool,
    /// The site it comes from, when its URL is known.
    pub domain: Option<String>,
    /// The article's time: published, else fetched (RFC 3339 UTC).
    pub date: Option<String>,
    /// Its duplicate group.
    pub dup_group: i64,
    /// Its story.
    pub story_id: i64,
    /// When it was ingested (RFC 3339 UTC).
    pub ingested_at: String,
    /// The extracted record.
    pub article: Article,
    /// The article this one is a translated copy of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<TranslationLink>,
    /// The articles that are translated copies of this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<TranslationLink>,
}

/// One end of a translation link: the other article, and how sure the
/// linker is (the model's probability, 0..1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslationLink {
    /// The other article's id.
    pub id: i64,
    /// Its key.
    pub key: String,
    /// Its language.
    pub language: Option<String>,
    /// Its date.
    pub date: Option<String>,
    /// The model's probability that the two are one text.
    pub confidence: f64,
}

/// A duplicate group: copies of one text, the earliest being the probable original.
#[derive(Debug, Clone, Serialize)]
pub struct DupGroup {
    /// The group's id.
    pub id: i64,
    /// The earliest member: the probable original.
    pub original: i64,
    /// How many articles are in it.
    pub size: i64,
    /// Their ids.
    pub members: Vec<i64>,
}

/// A story: articles about one event, across sources, languages and days.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    /// The story's id (the id of the article that started it).
    pub id: i64,
    /// The title of the article that started it.
    pub title: Option<String>,
    /// The date of its earliest article.
    pub first_seen: Option<String>,
    /// The date of its latest article.
    pub last_seen: Option<String>,
    /// How many articles it holds.
    pub size: i64,
    /// The sites its articles come from.
    pub sources: Vec<String>,
    /// The languages its articles are in.
    pub languages: Vec<String>,
    /// (article id, date, domain, language, title), oldest first.
    pub articles: Vec<StoryArticle>,
}

/// An article as a story or an entity lists it.
#[derive(Debug, Clone, Serialize)]
pub struct StoryArticle {
    /// Its id.
    pub id: i64,
    /// Its date.
    pub date: Option<String>,
    /// Its site.
    pub domain: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its duplicate group.
    pub dup_group: i64,
}

/// What a server said about a page's version, for asking again conditionally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpValidators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// A story in a list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    /// The story's id.
    pub id: i64,
    /// Its title.
    pub title: Option<String>,
    /// The date of its latest article.
    pub last_seen: Option<String>,
    /// How many articles it holds.
    pub size: i64,
}

/// An entity with the number of (latest) articles that mention it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityCount {
    /// The entity's name.
    pub name: String,
    /// Its kind ("person", "organization", "place", "event", "other").
    pub kind: String,
    /// How many latest articles mention it.
    pub articles: i64,
}

/// A quote with where it was said.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// The article it is in.
    pub article_id: i64,
    /// Who said it, when known.
    pub speaker: Option<String>,
    /// The quoted words.
    pub text: String,
    /// The article's title.
    pub title: Option<String>,
    /// The article's date.
    pub date: Option<String>,
}

/// Everything the corpus knows about one entity name.
#[derive(Debug, Clone, Serialize)]
pub struct EntityProfile {
    /// The name asked for.
    pub name: String,
    /// Every name the entity is stored under across the corpus: `name`
    /// first, then the short names and other-script spellings merged into
    /// it (see [`canonical`]). A search for its articles asks for all of them.
    pub names: Vec<String>,
    /// The kinds it is stored as, in the order first met.
    pub kinds: Vec<String>,
    /// How many latest articles mention it.
    pub articles: i64,
    /// Roles the articles give it ("President of Belarus").
    pub roles: Vec<String>,
    /// Other names the articles use for it.
    pub aliases: Vec<String>,
    /// Articles mentioning it per day (YYYY-MM-DD), oldest first.
    pub per_day: Vec<(String, i64)>,
    /// The entities named in most articles with it, at most 20.
    pub co_occurring: Vec<EntityCount>,
    /// What it said, newest first, at most 50.
    pub quotes: Vec<QuoteRow>,
    /// The latest articles that mention it, newest first, at most 20.
    pub recent: Vec<StoryArticle>,
}

/// A stored mention of an entity: (kind, roles as JSON, aliases as JSON, article id).
pub type MentionRow = (String, String, String, i64);

/// What the mentions of one entity say of it, in the order they were read.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// The kinds it is stored as, each once, in the order read.
    pub kinds: Vec<String>,
    /// At most [`Mentions::MAX_LISTED`].
    pub roles: Vec<String>,
    /// Other names for it (not the name itself), at most [`Mentions::MAX_LISTED`].
    /// An article's alias without a capital letter is a bare role word that
    /// referred to it there ("министра", "the minister"), not a name, and is
    /// left out; "the Head of State" stays.
    pub aliases: Vec<String>,
    /// The articles that mention it, each once.
    pub articles: Vec<i64>,
}

impl Mentions {
    /// The most roles and aliases kept.
    pub const MAX_LISTED: usize = 30;

    /// Gathers the mentions of the entity `name` (a store's rows, whatever
    /// the store); roles and aliases that are not JSON lists are skipped.
    pub fn gather(name: &str, rows: impl IntoIterator<Item = MentionRow>) -> Mentions {
        let mut m = Mentions::default();
        for (kind, role_json, alias_json, id) in rows {
            push_unique(&mut m.kinds, kind);
            for role in serde_json::from_str::<Vec<String>>(&role_json).unwrap_or_default() {
                push_unique(&mut m.roles, role);
            }
            for alias in serde_json::from_str::<Vec<String>>(&alias_json).unwrap_or_default() {
                if alias != name && alias.chars().any(char::is_uppercase) {
                    push_unique(&mut m.aliases, alias);
                }
            }
            push_unique(&mut m.articles, id);
        }
        m.roles.truncate(Self::MAX_LISTED);
        m.aliases.truncate(Self::MAX_LISTED);
        m
    }
}

impl Story {
    /// A story from its row and its articles; its sources and languages
    /// are its articles' (sorted, each once).
    pub fn new(
        id: i64,
        title: Option<String>,
        first_seen: Option<String>,
        last_seen: Option<String>,
        size: i64,
        articles: Vec<StoryArticle>,
    ) -> Story {
        let distinct = |values: Vec<String>| {
            let mut values = values;
            values.sort();
            values.dedup();
            values
        };
        let sources = distinct(articles.iter().filter_map(|a| a.domain.clone()).collect());
        let languages = distinct(articles.iter().filter_map(|a| a.language.clone()).collect());
        Story {
            id,
            title,
            first_seen,
            last_seen,
            size,
            sources,
            languages,
            articles,
        }
    }
}

/// Corpus-wide figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// The schema version of the database.
    pub schema_version: i64,
    /// Ingest inputs (files, archives, feeds, URLs given to ingest), not sites.
    pub sources: i64,
    /// Sites (domains) the latest articles come from.
    pub sites: i64,
    /// Latest articles whose site is unknown (no URL).
    pub without_site: i64,
    /// Latest articles without a date (none published, none captured):
    /// left out of time charts and date filters, last in date order.
    pub undated: i64,
    /// Pages ingested (each fetched or read page once).
    pub captures: i64,
    /// Pages from which no article could be extracted.
    pub failed_captures: i64,
    /// Articles (latest revisions).
    pub articles: i64,
    /// Article rows, every revision counted.
    pub revisions: i64,
    /// Duplicate groups with more than one member.
    pub duplicate_groups: i64,
    /// Articles in those groups.
    pub articles_in_duplicate_groups: i64,
    /// Stories.
    pub stories: i64,
    /// Stories with more than one article.
    pub stories_with_several_articles: i64,
    /// Latest articles per language ("?" for unknown), most first, at most 20.
    pub languages: Vec<(String, i64)>,
    /// The sites with the most latest articles (unknown sites left out,
    /// counted in `without_site`).
    pub top_sources: Vec<(String, i64)>,
    /// The earliest date of a latest article.
    pub first_date: Option<String>,
    /// The latest date of a latest article.
    pub last_date: Option<String>,
    /// Changes the search index has not taken in yet.
    pub pending_index_changes: i64,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, CorpusError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "mmap_size", 268_435_456i64)?;
        let mut store = Store { conn, schema: 0 };
        store.migrate()?;
        store.schema = SCHEMA_VERSION;
        Ok(store)
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: &Path) -> Result<Store, CorpusError> {
        if !path.exists() {
            return Err(CorpusError::NoCorpus(path.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        let (conn, version) = match schema_version(&conn) {
            Ok(version) => (conn, version),
            // A WAL database on read-only media cannot make its shared-memory
            // file; nobody can be writing there, so it is read as immutable.
            Err(_) if path.parent().is_some_and(is_read_only_dir) => {
                let uri = format!("file:{}?immutable=1", uri_path(path));
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
                let version = schema_version(&conn)?;
                (conn, version)
            }
            Err(e) => return Err(e),
        };
        if version > SCHEMA_VERSION {
            return Err(CorpusError::NewerSchema(version, SCHEMA_VERSION));
        }
        Ok(Store {
            conn,
            schema: version,
        })
    }

    fn migrate(&mut self) -> Result<(), CorpusError> {
        let version = schema_version(&self.conn)?;
        if version > SCHEMA_VERSION {
            return Err(CorpusError::NewerSchema(version, SCHEMA_VERSION));
        }
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(migration)?;
            if i + 1 == CANONICAL_SCHEMA as usize {
                fill_spellings(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Whether a capture with this hash was ingested before.
    pub fn has_capture(&self, hash: u64) -> Result<bool, CorpusError> {
        let found = self
            .conn
            .prepare_cached("SELECT 1 FROM captures WHERE hash = ?1")?
            .query_row([hash as i64], |_| Ok(()))
            .optional()?;
        Ok(found.is_some())
    }

    /// The validators (ETag, Last-Modified) of the latest capture of `url`
    /// that had any, for a conditional re-fetch.
    pub fn validators(&self, url: &str) -> Result<Option<HttpValidators>, CorpusError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT etag, last_modified FROM captures
                 WHERE url = ?1 AND (etag IS NOT NULL OR last_modified IS NOT NULL)
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([url], |r| {
                Ok(HttpValidators {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Takes the ingest time back from articles that were given it as their
    /// date (older builds dated an undated page by its ingest; an article
    /// without a date now keeps none): their date becomes unknown, the
    /// search index is told to re-add them, and the first and last days of
    /// their stories are read again. Done once per store (noted in `meta`);
    /// returns the articles changed.
    pub fn forget_ingest_dates(&mut self) -> Result<u64, CorpusError> {
        const DONE: &str = "dates_without_ingest_time";
        let done: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [DONE], |r| {
                r.get(0)
            })
            .optional()?;
        if done.is_some() {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        const GIVEN_INGEST_TIME: &str = "date IS NOT NULL AND date = ingested_at";
        tx.execute(
            &format!(
                "INSERT INTO changes (article_id, op)
                 SELECT id, 'add' FROM articles WHERE latest = 1 AND {GIVEN_INGEST_TIME}"
            ),
            [],
        )?;
        let changed = tx.execute(
            &format!("UPDATE articles SET date = NULL WHERE {GIVEN_INGEST_TIME}"),
            [],
        )?;
        if changed > 0 {
            tx.execute(
                "UPDATE stories SET
                    first_seen = (SELECT MIN(a.date) FROM articles a WHERE a.story_id = stories.id AND a.latest = 1),
                    last_seen = (SELECT MAX(a.date) FROM articles a WHERE a.story_id = stories.id AND a.latest = 1)
                 WHERE id IN (SELECT story_id FROM articles WHERE date IS NULL)",
                [],
            )?;
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)",
            params![DONE, changed.to_string()],
        )?;
        tx.commit()?;
        Ok(changed as u64)
    }

    /// One article by id.
    pub fn article(&self, id: i64) -> Result<Option<StoredArticle>, CorpusError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{ARTICLE_SELECT} WHERE id = ?1"))?;
        let article = stmt.query_row([id], article_from_row).optional()?;
        article.map(|a| self.with_translations(a)).transpose()
    }

    /// `article` with its translation links read.
    fn with_translations(&self, mut article: StoredArticle) -> Result<StoredArticle, CorpusError> {
        let id = article.id;
        let read = |sql: &str| -> Result<Vec<TranslationLink>, CorpusError> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([id], |r| {
                Ok(TranslationLink {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    language: r.get(2)?,
                    date: r.get(3)?,
                    confidence: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        article.translation_of = read(
            "SELECT a.id, a.key, a.language, a.date, t.confidence FROM translations t
             JOIN articles a ON a.id = t.original_id WHERE t.article_id = ?1",
        )?
        .into_iter()
        .next();
        article.translations = read(
            "SELECT a.id, a.key, a.language, a.date, t.confidence FROM translations t
             JOIN articles a ON a.id = t.article_id WHERE t.original_id = ?1 ORDER BY a.date, a.id",
        )?;
        Ok(article)
    }

    /// Many articles by id, in the order asked (missing ids skipped).
    pub fn articles(&self, ids: &[i64]) -> Result<Vec<StoredArticle>, CorpusError> {
        ids.iter()
            .filter_map(|&id| self.article(id).transpose())
            .collect()
    }

    /// The latest revision of every article, in id order, `limit` at a time
    /// after `after` (for export and reindexing without holding all in memory).
    pub fn latest_after(
        &self,
        after: i64,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{ARTICLE_SELECT} WHERE latest = 1 AND articles.id > ?1 ORDER BY articles.id LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![after, limit as i64], article_from_row)?;
        let articles: Vec<StoredArticle> = rows.collect::<Result<_, _>>()?;
        articles
            .into_iter()
            .map(|a| self.with_translations(a))
            .collect()
    }

    /// How many articles there are (latest revisions).
    pub fn latest_count(&self) -> Result<u64, CorpusError> {
        let count: i64 =
            self.conn
                .query_row("SELECT COUNT(*) FROM articles WHERE latest = 1", [], |r| {
                    r.get(0)
                })?;
        Ok(count.max(0) as u64)
    }

    /// The ids of every article's latest revision, in id order.
    pub fn latest_ids(&self) -> Result<Vec<i64>, CorpusError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE latest = 1 ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The analysis stored with an article.
    pub fn analysis(&self, id: i64) -> Result<Option<Analysis>, CorpusError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT record FROM analyses WHERE article_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(CorpusError::from))
            .transpose()
    }

    /// The revisions of an article's key, oldest first: (id, revision, ingested_at).
    pub fn revisions(&self, key: &str) -> Result<Vec<(i64, i64, String)>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, revision, ingested_at FROM articles WHERE key = ?1 ORDER BY revision",
        )?;
        let rows = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A duplicate group with its members (latest revisions), oldest first.
    pub fn dup_group(&self, id: i64) -> Result<Option<DupGroup>, CorpusError> {
        let head = self
            .conn
            .prepare_cached("SELECT original, size FROM dup_groups WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .optional()?;
        let Some((original, size)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE dup_group = ?1 AND latest = 1 ORDER BY date IS NULL, date, id",
        )?;
        let members = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(Some(DupGroup {
            id,
            original,
            size,
            members,
        }))
    }

    /// A story with its articles (latest revisions), oldest first.
    pub fn story(&self, id: i64) -> Result<Option<Story>, CorpusError> {
        let head = self
            .conn
            .prepare_cached("SELECT title, first_seen, last_seen, size FROM stories WHERE id = ?1")?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .optional()?;
        let Some((title, first_seen, last_seen, size)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, date, domain, language, title, dup_group FROM articles
             WHERE story_id = ?1 AND latest = 1 ORDER BY date IS NULL, date, id LIMIT 1000",
        )?;
        let articles = stmt
            .query_map([id], story_article_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Story::new(
            id, title, first_seen, last_seen, size, articles,
        )))
    }

    /// Stories with at least `min_size` articles, most recent first
    /// (undated ones last), `limit` of them after the first `offset`.
    pub fn stories(
        &self,
        min_size: i64,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StorySummary>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, last_seen, size FROM stories WHERE size >= ?1
             ORDER BY last_seen DESC, id DESC LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(params![min_size, limit as i64, offset as i64], |r| {
            Ok(StorySummary {
                id: r.get(0)?,
                title: r.get(1)?,
                last_seen: r.get(2)?,
                size: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many stories have at least `min_size` articles.
    pub fn count_stories(&self, min_size: i64) -> Result<u64, CorpusError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM stories WHERE size >= ?1")?
            .query_row([min_size], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// How many entity names latest articles mention, optionally of one kind.
    pub fn count_entities(&self, kind: Option<&str>) -> Result<u64, CorpusError> {
        let sql = match (self.schema >= CANONICAL_SCHEMA, kind) {
            (true, None) => "SELECT COUNT(*) FROM entity_totals WHERE ?1 IS NULL",
            (true, Some(_)) => "SELECT COUNT(*) FROM entity_counts WHERE kind = ?1",
            (false, _) => {
                "SELECT COUNT(DISTINCT e.name) FROM entities e
                 JOIN articles a ON a.id = e.article_id AND a.latest = 1
                 WHERE (?1 IS NULL OR e.kind = ?1)"
            }
        };
        let n: i64 = self
            .conn
            .prepare_cached(sql)?
            .query_row([kind], |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }

    /// The most mentioned entities (in latest revisions), optionally of one kind.
    pub fn top_entities(
        &self,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntityCount>, CorpusError> {
        // Names merge into the entity they are shown under (see `entity`),
        // so more rows are read than are listed, and a merged entity's
        // articles are counted again over all its names.
        let wanted = offset + limit;
        let read = wanted * 2 + 20;
        let sql = match (self.schema >= CANONICAL_SCHEMA, kind) {
            (true, None) => {
                "SELECT t.name, (SELECT MIN(c.kind) FROM entity_counts c WHERE c.name = t.name),
                    t.articles FROM entity_totals t WHERE ?1 IS NULL
                 ORDER BY t.articles DESC, t.name LIMIT ?2"
            }
            (true, Some(_)) => {
                "SELECT name, kind, articles FROM entity_counts WHERE kind = ?1
                 ORDER BY articles DESC, name LIMIT ?2"
            }
            (false, _) => {
                "SELECT e.name, MIN(e.kind), COUNT(DISTINCT e.article_id) AS n
                 FROM entities e JOIN articles a ON a.id = e.article_id AND a.latest = 1
                 WHERE (?1 IS NULL OR e.kind = ?1)
                 GROUP BY e.name ORDER BY n DESC, e.name LIMIT ?2"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params![kind, read as i64], |r| {
                Ok(EntityCount {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    articles: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Resolver::new(self).merge_top(rows, offset, limit, |names| {
            let names = serde_json::to_string(names)?;
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT COUNT(DISTINCT e.article_id) FROM entities e
                     JOIN articles a ON a.id = e.article_id AND a.latest = 1
                     WHERE e.name IN (SELECT value FROM json_each(?1))
                       AND (?2 IS NULL OR e.kind = ?2 OR e.kind = 'other')",
                )?
                .query_row(params![names, kind], |r| r.get(0))?)
        })
    }

    /// One entity: its kinds, roles, aliases, mentions per day, the entities
    /// it appears with, its quotes and its latest articles. `None` if no
    /// article mentions it.
    ///
    /// The profile is the entity's across the corpus (see [`canonical`]): a
    /// name that stands for a fuller one, or a spelling in another script,
    /// gives the profile of the name it is shown under, with every merged
    /// name among its aliases.
    pub fn entity(&self, asked: &str) -> Result<Option<EntityProfile>, CorpusError> {
        let mut resolver = Resolver::new(self);
        let shown = resolver.shown(asked)?;
        let name = shown.as_deref().unwrap_or(asked);
        let names = resolver.names_of(name)?;
        let names_json = serde_json::to_string(&names)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.kind, e.roles, e.aliases, e.article_id FROM entities e
             JOIN articles a ON a.id = e.article_id AND a.latest = 1
             WHERE e.name IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt
            .query_map([&names_json], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut mentions = Mentions::gather(name, rows);
        for other in names.iter().filter(|n| n.as_str() != name) {
            push_unique(&mut mentions.aliases, other.clone());
        }
        let per_day = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT substr(a.date, 1, 10) AS day, COUNT(DISTINCT a.id) FROM entities e
                 JOIN articles a ON a.id = e.article_id AND a.latest = 1
                 WHERE e.name IN (SELECT value FROM json_each(?1)) AND a.date IS NOT NULL
                 GROUP BY day ORDER BY day",
            )?;
            let rows = stmt.query_map([&names_json], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<Vec<(String, i64)>, _>>()?
        };
        let co_occurring = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT o.name, MIN(o.kind), COUNT(DISTINCT o.article_id) AS n
                 FROM entities e JOIN articles a ON a.id = e.article_id AND a.latest = 1
                 JOIN entities o ON o.article_id = e.article_id
                 WHERE e.name IN (SELECT value FROM json_each(?1))
                   AND o.name NOT IN (SELECT value FROM json_each(?1))
                 GROUP BY o.name ORDER BY n DESC, o.name LIMIT 20",
            )?;
            let rows = stmt.query_map([&names_json], |r| {
                Ok(EntityCount {
                    name: r.get(0)?,
                    kind: r.get(1)?,
                    articles: r.get(2)?,
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let quotes = self.quotes_by_any(&names_json, 50)?;
        let recent = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.id, a.date, a.domain, a.language, a.title, a.dup_group FROM entities e
                 JOIN articles a ON a.id = e.article_id AND a.latest = 1
                 WHERE e.name IN (SELECT value FROM json_each(?1))
                 GROUP BY a.id ORDER BY a.date DESC, a.id DESC LIMIT 20",
            )?;
            let rows = stmt.query_map([&names_json], story_article_from_row)?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        Ok(Some(EntityProfile {
            name: name.to_string(),
            names,
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

    /// Quotes attributed to any of the speakers in `names_json` (a JSON
    /// list of names), latest revisions, newest first.
    fn quotes_by_any(&self, names_json: &str, limit: usize) -> Result<Vec<QuoteRow>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.article_id, q.speaker, q.text, a.title, a.date FROM quotes q
             JOIN articles a ON a.id = q.article_id AND a.latest = 1
             WHERE q.speaker IN (SELECT value FROM json_each(?1)) ORDER BY a.date DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![names_json, limit as i64], quote_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Quotes of one article.
    pub fn article_quotes(&self, id: i64) -> Result<Vec<QuoteRow>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.article_id, q.speaker, q.text, a.title, a.date FROM quotes q
             JOIN articles a ON a.id = q.article_id WHERE q.article_id = ?1",
        )?;
        let rows = stmt.query_map([id], quote_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The attributed quotes of these articles (read in slices of ids, each
    /// an indexed lookup), without their article's title and date (see
    /// [`Store::fill_quote_articles`]).
    pub fn attributed_quotes(&self, ids: &[i64]) -> Result<Vec<QuoteRow>, CorpusError> {
        const SLICE: usize = 500;
        let mut out = Vec::new();
        for slice in ids.chunks(SLICE) {
            let marks = vec!["?"; slice.len()].join(",");
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT article_id, speaker, text FROM quotes
                 WHERE article_id IN ({marks}) AND speaker IS NOT NULL AND speaker != ''"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(slice), |r| {
                Ok(QuoteRow {
                    article_id: r.get(0)?,
                    speaker: r.get(1)?,
                    text: r.get(2)?,
                    title: None,
                    date: None,
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// Fills in the title and date of the quotes' articles.
    pub fn fill_quote_articles<'a>(
        &self,
        quotes: impl Iterator<Item = &'a mut QuoteRow>,
    ) -> Result<(), CorpusError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title, date FROM articles WHERE id = ?1")?;
        for quote in quotes {
            let found = stmt
                .query_row([quote.article_id], |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                    ))
                })
                .optional()?;
            if let Some((title, date)) = found {
                quote.title = title;
                quote.date = date;
            }
        }
        Ok(())
    }

    /// Latest articles per day (YYYY-MM-DD), the last `days` days that have any, oldest first.
    pub fn articles_per_day(&self, days: usize) -> Result<Vec<(String, i64)>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, n FROM (SELECT substr(date, 1, 10) AS day, COUNT(*) AS n FROM articles
             WHERE latest = 1 AND date IS NOT NULL GROUP BY day ORDER BY day DESC LIMIT ?1) ORDER BY day",
        )?;
        let rows = stmt.query_map([days as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Index changes after `seq`, in order: (seq, article id, op).
    pub fn changes_after(
        &self,
        seq: i64,
        limit: usize,
    ) -> Result<Vec<(i64, i64, String)>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, article_id, op FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![seq, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last change sequence number written (0 when none).
    pub fn last_change(&self) -> Result<i64, CorpusError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
                r.get(0)
            })?)
    }

    /// Forgets changes the index has applied and committed.
    pub fn prune_changes(&self, upto: i64) -> Result<(), CorpusError> {
        self.conn
            .execute("DELETE FROM changes WHERE seq <= ?1", [upto])?;
        Ok(())
    }

    /// Corpus-wide figures.
    pub fn stats(&self) -> Result<Stats, CorpusError> {
        let count = |sql: &str| -> Result<i64, CorpusError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        let pairs = |sql: &str| -> Result<Vec<(String, i64)>, CorpusError> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let (first_date, last_date) = self.conn.query_row(
            "SELECT MIN(date), MAX(date) FROM articles WHERE latest = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Stats {
            schema_version: schema_version(&self.conn)?,
            sources: count("SELECT COUNT(*) FROM sources")?,
            sites: count("SELECT COUNT(DISTINCT domain) FROM articles WHERE latest = 1")?,
            without_site: count(
                "SELECT COUNT(*) FROM articles WHERE latest = 1 AND domain IS NULL",
            )?,
            undated: count("SELECT COUNT(*) FROM articles WHERE latest = 1 AND date IS NULL")?,
            captures: count("SELECT COUNT(*) FROM captures")?,
            failed_captures: count("SELECT COUNT(*) FROM captures WHERE error IS NOT NULL")?,
            articles: count("SELECT COUNT(*) FROM articles WHERE latest = 1")?,
            revisions: count("SELECT COUNT(*) FROM articles")?,
            duplicate_groups: count("SELECT COUNT(*) FROM dup_groups WHERE size > 1")?,
            articles_in_duplicate_groups: count(
                "SELECT COALESCE(SUM(size), 0) FROM dup_groups WHERE size > 1",
            )?,
            stories: count("SELECT COUNT(*) FROM stories")?,
            stories_with_several_articles: count("SELECT COUNT(*) FROM stories WHERE size > 1")?,
            languages: pairs(
                "SELECT COALESCE(language, '?'), COUNT(*) FROM articles WHERE latest = 1
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20",
            )?,
            top_sources: pairs(
                "SELECT domain, COUNT(*) FROM articles WHERE latest = 1 AND domain IS NOT NULL
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20",
            )?,
            first_date,
            last_date,
            pending_index_changes: count("SELECT COUNT(*) FROM changes")?,
        })
    }

    /// SQLite's own consistency check; `Ok(())` or the problems it found.
    pub fn integrity_check(&self) -> Result<(), CorpusError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        if lines == ["ok"] {
            Ok(())
        } else {
            Err(CorpusError::Corrupt(lines.join("; ")))
        }
    }
}

const ARTICLE_SELECT: &str = "SELECT id, key, revision, latest, domain, date, dup_group, story_id, ingested_at, b.record, b.text FROM articles JOIN bodies b ON b.article_id = articles.id";

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<StoredArticle> {
    let record: String = row.get(9)?;
    let mut article: Article = serde_json::from_str(&record).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(9, rusqlite::types::Type::Text, Box::new(e))
    })?;
    // The record is stored without its text, which has its own column.
    article.text = row.get(10)?;
    Ok(StoredArticle {
        id: row.get(0)?,
        key: row.get(1)?,
        revision: row.get(2)?,
        latest: row.get::<_, i64>(3)? == 1,
        domain: row.get(4)?,
        date: row.get(5)?,
        dup_group: row.get(6)?,
        story_id: row.get(7)?,
        ingested_at: row.get(8)?,
        article,
        translation_of: None,
        translations: Vec::new(),
    })
}

fn story_article_from_row(r: &Row<'_>) -> rusqlite::Result<StoryArticle> {
    Ok(StoryArticle {
        id: r.get(0)?,
        date: r.get(1)?,
        domain: r.get(2)?,
        language: r.get(3)?,
        title: r.get(4)?,
        dup_group: r.get(5)?,
    })
}

fn quote_from_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        article_id: r.get(0)?,
        speaker: r.get(1)?,
        text: r.get(2)?,
        title: r.get(3)?,
        date: r.get(4)?,
    })
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

impl NameEvidence for Store {
    type Error = CorpusError;

    fn name_use(&self, name: &str) -> Result<Option<NameUse>, CorpusError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, COUNT(*) AS n FROM (SELECT kind FROM entities WHERE name = ?1 LIMIT ?2)
             GROUP BY kind ORDER BY n DESC, kind",
        )?;
        let kinds = stmt
            .query_map(params![name, EVIDENCE_ROWS], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(kinds.first().map(|(kind, _)| NameUse {
            name: name.to_string(),
            kind: kind.clone(),
            articles: kinds.iter().map(|(_, n)| n).sum(),
        }))
    }

    fn alias_of(&self, alias: &str) -> Result<Vec<(String, i64)>, CorpusError> {
        if self.schema < CANONICAL_SCHEMA {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, COUNT(*) AS n FROM (SELECT name FROM entity_aliases WHERE alias = ?1 LIMIT ?2)
             GROUP BY name ORDER BY n DESC, name LIMIT 8",
        )?;
        let rows = stmt.query_map(params![alias, EVIDENCE_ROWS], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn aliases_of(&self, name: &str) -> Result<Vec<String>, CorpusError> {
        if self.schema < CANONICAL_SCHEMA {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT alias FROM (SELECT alias FROM entity_aliases WHERE name = ?1 LIMIT ?2)
             GROUP BY alias ORDER BY COUNT(*) DESC, alias LIMIT 20",
        )?;
        let rows = stmt.query_map(params![name, EVIDENCE_ROWS], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn same_spelling_key(&self, name: &str) -> Result<Vec<String>, CorpusError> {
        if self.schema < CANONICAL_SCHEMA {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT o.name FROM entity_spellings s
             JOIN entity_spellings o ON o.key = s.key AND o.name <> s.name
             WHERE s.name = ?1 ORDER BY o.name LIMIT 8",
        )?;
        let rows = stmt.query_map([name], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Files every stored person's name under its spelling key (for a store
/// migrated from before the key existed).
fn fill_spellings(conn: &Connection) -> Result<(), CorpusError> {
    let names: Vec<(String, String)> = conn
        .prepare("SELECT DISTINCT name, kind FROM entities WHERE kind = 'person'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, kind) in names {
        add_spelling(conn, &name, &kind)?;
    }
    Ok(())
}

/// Files a name under its spelling key, if it has one.
pub(crate) fn add_spelling(conn: &Connection, name: &str, kind: &str) -> Result<(), CorpusError> {
    if let Some(key) = canonical::spelling_key(name, kind) {
        conn.prepare_cached("INSERT OR IGNORE INTO entity_spellings (key, name) VALUES (?1, ?2)")?
            .execute(params![key, name])?;
    }
    Ok(())
}

fn schema_version(conn: &Connection) -> Result<i64, CorpusError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Whether files cannot be created in `dir` (a read-only mount, or no write
/// permission): probed by creating and removing a scratch file, because
/// permissions alone do not tell (root, read-only mounts, ACLs).
pub(crate) fn is_read_only_dir(dir: &Path) -> bool {
    let probe = dir.join(format!(".newsdesk-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => matches!(
            e.kind(),
            std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
        ),
    }
}

/// `path` as the path part of an SQLite URI (`%`, `?` and `#` escaped).
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    absolute
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_gathered_once_each_in_order() {
        let row = |kind: &str, roles: &str, aliases: &str, id| {
            (kind.to_string(), roles.to_string(), aliases.to_string(), id)
        };
        let m = Mentions::gather(
            "Ana Gil",
            [
                row("person", r#"["minister"]"#, r#"["Gil", "Ana Gil"]"#, 7),
                row("person", r#"["minister", "mayor"]"#, "not json", 3),
                row("organization", "[]", r#"["A. Gil"]"#, 7),
                row("person", "[]", r#"["министра", "the minister"]"#, 9),
            ],
        );
        assert_eq!(m.kinds, ["person", "organization"]);
        assert_eq!(m.roles, ["minister", "mayor"]);
        assert_eq!(m.aliases, ["Gil", "A. Gil"]);
        assert_eq!(m.articles, [7, 3, 9]);
        let many: Vec<MentionRow> = (0..40)
            .map(|i| row("person", &format!(r#"["role {i}"]"#), "[]", i))
            .collect();
        assert_eq!(
            Mentions::gather("X", many).roles.len(),
            Mentions::MAX_LISTED
        );
    }

    #[test]
    fn a_story_lists_its_sources_and_languages_once() {
        let article = |id, domain: &str, language: &str| StoryArticle {
            id,
            date: None,
            domain: Some(domain.to_string()),
            language: Some(language.to_string()),
            title: None,
            dup_group: id,
        };
        let story = Story::new(
            1,
            None,
            None,
            None,
            3,
            vec![
                article(1, "b.example", "ru"),
                article(2, "a.example", "en"),
                article(3, "b.example", "en"),
            ],
        );
        assert_eq!(story.sources, ["a.example", "b.example"]);
        assert_eq!(story.languages, ["en", "ru"]);
        assert_eq!(story.articles.len(), 3);
    }

    #[test]
    fn a_new_store_has_the_current_schema_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.stats().unwrap().schema_version, SCHEMA_VERSION);
        drop(store);
        let store = Store::open(&path).unwrap();
        store.integrity_check().unwrap();
    }

    #[test]
    fn a_store_from_before_canonical_entities_is_filled_on_opening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            for migration in &MIGRATIONS[..CANONICAL_SCHEMA as usize - 1] {
                tx.execute_batch(migration).unwrap();
            }
            tx.pragma_update(None, "user_version", CANONICAL_SCHEMA - 1)
                .unwrap();
            for (id, latest) in [(1, 1), (2, 1), (3, 0)] {
                tx.execute(
                    "INSERT INTO articles (id, key, revision, latest, text_hash, dup_group, story_id, ingested_at)
                     VALUES (?1, ?1, 1, ?2, ?1, ?1, ?1, '2024-01-01')",
                    params![id, latest],
                )
                .unwrap();
            }
            let entity = "INSERT INTO entities (article_id, name, kind, salience, aliases) VALUES (?1, ?2, ?3, 1.0, ?4)";
            tx.execute(
                entity,
                params![3, "Maria Keller", "person", r#"["M. Keller"]"#],
            )
            .unwrap();
            tx.execute(
                entity,
                params![1, "Maria Keller", "person", r#"["Keller"]"#],
            )
            .unwrap();
            tx.execute(entity, params![2, "Мария Келлер", "person", "not json"])
                .unwrap();
            tx.commit().unwrap();
        }
        let store = Store::open(&path).unwrap();
        let aliases: Vec<(i64, String, String)> = store
            .conn
            .prepare("SELECT article_id, alias, name FROM entity_aliases")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            aliases,
            [(1, "Keller".to_string(), "Maria Keller".to_string())],
            "the latest revisions' aliases, and only those that are JSON lists"
        );
        let keys: i64 = store
            .conn
            .query_row(
                "SELECT COUNT(DISTINCT key) FROM entity_spellings",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(keys, 1, "both spellings under one key");
    }

    #[test]
    fn a_store_from_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        assert!(matches!(
            Store::open(&path),
            Err(CorpusError::NewerSchema(..))
        ));
        assert!(matches!(
            Store::open_read_only(&path),
            Err(CorpusError::NewerSchema(..))
        ));
    }
}
