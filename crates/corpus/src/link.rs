//! Linking and storing one prepared page, inside the ingest's transaction.
//!
//! For each page, in order:
//! 1. **Seen before?** A capture whose hash is known adds nothing (ingesting
//!    a source twice, or resuming after a crash, is idempotent).
//! 2. **Revision?** An article is identified by its key (canonical URL). The
//!    same key with the same text is the same article; with a different
//!    text it is a new revision that replaces the old one in search and keeps
//!    its duplicate group and story.
//! 3. **Duplicate?** The same normalised text under another key is an exact
//!    copy; a MinHash signature sharing an LSH band with another article's,
//!    and similar above [`LinkSettings::near_threshold`], is a near copy. A
//!    copy joins the group; the group's original is its earliest member.
//! 4. **Story?** A copy belongs to its group's story. Otherwise the article's
//!    story signals (entities, numbers, keyphrases, see [`crate::signals`])
//!    are compared, weighted by rarity, with those of articles dated within
//!    [`LinkSettings::story_window_days`], one by one and summed over each
//!    story's matching members (so a story whose articles each share a
//!    little, but different things, still counts); above
//!    [`LinkSettings::story_threshold`] it joins the best story, else it
//!    starts a new one. Incremental clustering: each article is placed once,
//!    when it arrives. A story is joined only if enough of its members agree
//!    with the article on their own (see [`crate::story_match`]).
//! 5. **Translation?** Recent articles in another language that share names
//!    (as entities or as capitalised words) and numbers with this one are
//!    compared with it by [`crate::translation`], whose
//!    [`translation::choose`] decides; the likeliest, if the model says it is one
//!    text, is linked as original and translated copy (the earlier, or the
//!    one whose language the other page names as its source), and the new
//!    article joins that article's story. Each end keeps its likeliest
//!    link: an original one translation per language, a copy one original;
//!    a weaker link made before (by arrival order) is let go.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::dedup::{near_candidates, nearest_group, BAND_CANDIDATES};
use crate::error::CorpusError;
use crate::prepare::{CaptureFacts, Document, Prepared};
use crate::story_match::{norms, weigh_keys, window, KeyWeight, StoryMatch, POSTINGS_PER_KEY};
use crate::translation::{self, Chosen, StoredCandidate};

/// Thresholds for linking.
#[derive(Debug, Clone)]
pub struct LinkSettings {
    /// Estimated Jaccard similarity of word 5-shingles above which two texts are near copies.
    pub near_threshold: f64,
    /// Similarity of story signals above which an article joins a story.
    pub story_threshold: f64,
    /// Articles further apart in time than this are not compared for stories.
    pub story_window_days: i64,
}

impl Default for LinkSettings {
    fn default() -> Self {
        LinkSettings {
            near_threshold: 0.5,
            story_threshold: 0.3,
            story_window_days: 4,
        }
    }
}

/// What happened to one prepared page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Linked {
    /// A new article (or a new revision, replacing `replaced` in search).
    Added {
        /// The new article's id.
        id: i64,
        /// The revision it replaces in search, if any.
        replaced: Option<i64>,
        /// Whether it joined an existing duplicate group.
        duplicate: bool,
    },
    /// An older version of a known article than the one stored (it arrived
    /// late): kept among the revisions, not searchable.
    OlderRevision {
        /// Its article id.
        id: i64,
    },
    /// A page already ingested, or the same text as the article's latest revision.
    Unchanged,
    /// Extraction found no article; recorded with its reason.
    Failed(String),
}

/// The latest revision of an article, as linking needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest {
    /// Its article id.
    pub id: i64,
    /// Its revision number.
    pub revision: i64,
    /// Its duplicate group.
    pub group: i64,
    /// Its story.
    pub story: i64,
    /// When its text was written, if the page says.
    pub version_at: Option<String>,
}

/// Where a new article row goes: its id, revision, group and story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticlePlace {
    /// The new article's id.
    pub id: i64,
    /// Its revision number (0 until renumbered, for a late older revision).
    pub revision: i64,
    /// Whether it is the latest revision (searchable).
    pub latest: bool,
    /// Its duplicate group.
    pub group: i64,
    /// Its story.
    pub story: i64,
}

/// A row of the `changes` log, which the search index follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The article is to be indexed.
    Add,
    /// The article is to leave the index.
    Delete,
}

impl Change {
    /// The value of the log's `op` column.
    pub fn op(self) -> &'static str {
        match self {
            Change::Add => "add",
            Change::Delete => "delete",
        }
    }
}

/// The reads and writes of the linking flow ([`link_with`]), one
/// implementation per store: SQLite's here, PostgreSQL's in
/// `newsdesk-cluster`. The decisions (which copy, which story, which
/// translation) are made by the shared functions each implementation
/// calls; the order of the steps is [`link_with`]'s alone.
pub trait LinkStore {
    /// The store's error.
    type Error;
    /// Records the capture (and its source); false when its hash is known.
    fn insert_capture(&mut self, prepared: &Prepared, now: &str) -> Result<bool, Self::Error>;
    /// The latest revision of the article with this key.
    fn latest(&mut self, key: &str) -> Result<Option<Latest>, Self::Error>;
    /// The article with this key and text, any revision.
    fn same_text(&mut self, key: &str, text_hash: u64) -> Result<Option<i64>, Self::Error>;
    /// The id the next article gets.
    fn next_id(&mut self) -> Result<i64, Self::Error>;
    /// Points the capture at the article it became.
    fn set_capture_article(&mut self, capture: &CaptureFacts, id: i64) -> Result<(), Self::Error>;
    /// Writes the article row and what hangs off it (entities, quotes…).
    fn insert_article(
        &mut self,
        place: ArticlePlace,
        doc: &Document,
        now: &str,
    ) -> Result<(), Self::Error>;
    /// Numbers the key's revisions in the order their texts were written.
    fn renumber_revisions(&mut self, key: &str) -> Result<(), Self::Error>;
    /// The article's story keys with their weights, and the count of
    /// articles the frequencies were taken over.
    fn key_weights(&mut self, doc: &Document) -> Result<(Vec<KeyWeight>, f64), Self::Error>;
    /// Makes `old` a past revision: out of copy and story matching, its
    /// group's original passing to `new`.
    fn retire(&mut self, old: i64, new: i64, group: i64) -> Result<(), Self::Error>;
    /// The duplicate group of an exact or near copy of the text.
    fn find_copy(
        &mut self,
        doc: &Document,
        settings: &LinkSettings,
    ) -> Result<Option<i64>, Self::Error>;
    /// Starts a duplicate group of one, `id`.
    fn new_group(&mut self, id: i64, date: &str) -> Result<(), Self::Error>;
    /// Adds `id` to `group` (the earliest member is the original).
    fn join_group(&mut self, group: i64, id: i64, date: &str) -> Result<(), Self::Error>;
    /// The story of a group's latest members.
    fn group_story(&mut self, group: i64) -> Result<Option<i64>, Self::Error>;
    /// The story to join, if any, and the articles compared on the way.
    fn find_story(
        &mut self,
        weights: &[KeyWeight],
        total: f64,
        date: &str,
        settings: &LinkSettings,
    ) -> Result<(Option<i64>, Vec<i64>), Self::Error>;
    /// The article in another language this one translates, or is translated by.
    fn find_translation(
        &mut self,
        doc: &Document,
        date: &str,
        candidates: &[i64],
    ) -> Result<Option<Chosen>, Self::Error>;
    /// Adds the article to its story's counts and dates.
    fn place_in_story(
        &mut self,
        story: i64,
        id: i64,
        doc: &Document,
        new_article: bool,
    ) -> Result<(), Self::Error>;
    /// Stores the signature, bands and story keys later pages match against.
    fn insert_signals(
        &mut self,
        id: i64,
        doc: &Document,
        weights: &[KeyWeight],
        date: &str,
        story: i64,
    ) -> Result<(), Self::Error>;
    /// Stores the translation link, letting a weaker one go.
    fn store_translation(
        &mut self,
        id: i64,
        doc: &Document,
        found: Option<&Chosen>,
    ) -> Result<(), Self::Error>;
    /// Logs a change for the search index.
    fn log_change(&mut self, id: i64, change: Change) -> Result<(), Self::Error>;
}

/// Links and stores one page through `store`, in the order the module
/// documentation gives; `now` is the ingestion time (RFC 3339).
pub fn link_with<S: LinkStore>(
    store: &mut S,
    prepared: &Prepared,
    settings: &LinkSettings,
    now: &str,
) -> Result<Linked, S::Error> {
    let capture = &prepared.capture;
    if !store.insert_capture(prepared, now)? {
        return Ok(Linked::Unchanged);
    }
    let doc = match &prepared.outcome {
        Ok(doc) => doc,
        Err(reason) => return Ok(Linked::Failed(reason.clone())),
    };
    let previous = store.latest(&doc.key)?;
    if let Some(id) = store.same_text(&doc.key, doc.text_hash)? {
        store.set_capture_article(capture, id)?;
        return Ok(Linked::Unchanged);
    }
    let id = store.next_id()?;
    if let Some(latest) = &previous {
        let older = latest
            .version_at
            .as_ref()
            .is_some_and(|stored| doc.version_at.as_ref().is_some_and(|v| v < stored));
        if older {
            let place = ArticlePlace {
                id,
                revision: 0,
                latest: false,
                group: latest.group,
                story: latest.story,
            };
            store.insert_article(place, doc, now)?;
            store.renumber_revisions(&doc.key)?;
            store.set_capture_article(capture, id)?;
            return Ok(Linked::OlderRevision { id });
        }
    }
    let (weights, total) = store.key_weights(doc)?;
    // Linking compares times, so an undated page is placed as of now; the
    // article itself keeps no date (it is shown as "date unknown", sorts
    // last and stays out of time charts), and it moves no story's dates.
    let date = doc.date.clone().unwrap_or_else(|| now.to_string());
    let mut translation: Option<Chosen> = None;
    let (group, story, replaced, duplicate) = match &previous {
        Some(latest) => {
            store.retire(latest.id, id, latest.group)?;
            (latest.group, latest.story, Some(latest.id), false)
        }
        None => {
            let copy_of = store.find_copy(doc, settings)?;
            let group = match copy_of {
                Some(group) => {
                    store.join_group(group, id, &date)?;
                    group
                }
                None => {
                    store.new_group(id, &date)?;
                    id
                }
            };
            let story = match copy_of {
                Some(group) => store.group_story(group)?,
                None => {
                    let (story, copies) = store.find_story(&weights, total, &date, settings)?;
                    translation = store.find_translation(doc, &date, &copies)?;
                    // A translated copy belongs where its other language is.
                    translation.as_ref().map(|t| t.story).or(story)
                }
            };
            (group, story.unwrap_or(id), None, copy_of.is_some())
        }
    };
    let revision = previous.as_ref().map_or(1, |p| p.revision + 1);
    let place = ArticlePlace {
        id,
        revision,
        latest: true,
        group,
        story,
    };
    store.insert_article(place, doc, now)?;
    if replaced.is_some() {
        store.renumber_revisions(&doc.key)?;
    }
    store.place_in_story(story, id, doc, replaced.is_none())?;
    store.insert_signals(id, doc, &weights, &date, story)?;
    store.store_translation(id, doc, translation.as_ref())?;
    store.set_capture_article(capture, id)?;
    if let Some(old) = replaced {
        store.log_change(old, Change::Delete)?;
    }
    store.log_change(id, Change::Add)?;
    Ok(Linked::Added {
        id,
        replaced,
        duplicate,
    })
}

/// Stores one page with its links in the embedded store. Call inside a
/// transaction; `now` is the ingestion time (RFC 3339).
pub fn link_and_store(
    tx: &Transaction<'_>,
    prepared: &Prepared,
    settings: &LinkSettings,
    now: &str,
) -> Result<Linked, CorpusError> {
    link_with(&mut Sqlite(tx), prepared, settings, now)
}

/// The embedded store's side of linking: one SQLite transaction.
struct Sqlite<'a, 'c>(&'a Transaction<'c>);

impl LinkStore for Sqlite<'_, '_> {
    type Error = CorpusError;

    fn insert_capture(&mut self, prepared: &Prepared, now: &str) -> Result<bool, CorpusError> {
        let tx = self.0;
        let capture = &prepared.capture;
        let source_id = source_id(tx, &capture.source, now)?;
        let inserted = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO captures (hash, source_id, location, url, fetched_at, ingested_at, error,
                     etag, last_modified)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                capture.hash as i64,
                source_id,
                capture.location,
                capture.url,
                capture.fetched_at,
                now,
                prepared.outcome.as_ref().err(),
                capture.etag,
                capture.last_modified,
            ])?;
        Ok(inserted > 0)
    }

    fn latest(&mut self, key: &str) -> Result<Option<Latest>, CorpusError> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT id, revision, dup_group, story_id, version_at FROM articles
                 WHERE key = ?1 AND latest = 1",
            )?
            .query_row([key], |r| {
                Ok(Latest {
                    id: r.get(0)?,
                    revision: r.get(1)?,
                    group: r.get(2)?,
                    story: r.get(3)?,
                    version_at: r.get(4)?,
                })
            })
            .optional()?)
    }

    fn same_text(&mut self, key: &str, text_hash: u64) -> Result<Option<i64>, CorpusError> {
        Ok(self
            .0
            .prepare_cached("SELECT id FROM articles WHERE key = ?1 AND text_hash = ?2")?
            .query_row(params![key, text_hash as i64], |r| r.get(0))
            .optional()?)
    }

    fn next_id(&mut self) -> Result<i64, CorpusError> {
        Ok(self
            .0
            .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM articles", [], |r| {
                r.get(0)
            })?)
    }

    fn set_capture_article(&mut self, capture: &CaptureFacts, id: i64) -> Result<(), CorpusError> {
        let tx = self.0;
        tx.prepare_cached("UPDATE captures SET article_id = ?1 WHERE hash = ?2")?
            .execute(params![id, capture.hash as i64])?;
        Ok(())
    }

    /// Writes the article row and what hangs off it; a latest revision also
    /// counts its entities and gets its signature.
    fn insert_article(
        &mut self,
        place: ArticlePlace,
        doc: &Document,
        now: &str,
    ) -> Result<(), CorpusError> {
        let tx = self.0;
        let ArticlePlace {
            id,
            revision,
            latest,
            group,
            story,
        } = place;
        let article = &doc.article;
        tx.prepare_cached(
            "INSERT INTO articles (id, key, revision, latest, text_hash, url, canonical_url, domain, title,
                published, date, language, site_name, dup_group, story_id, ingested_at, version_at)
             VALUES (?1, ?2, ?3, ?16, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17)",
        )?
        .execute(params![
            id,
            doc.key,
            revision,
            doc.text_hash as i64,
            article.url,
            article.canonical_url,
            doc.domain,
            article.title,
            article.published,
            doc.date,
            article.language,
            article.site_name,
            group,
            story,
            now,
            latest as i64,
            doc.version_at,
        ])?;
        tx.prepare_cached("INSERT INTO bodies (article_id, text, record) VALUES (?1, ?2, ?3)")?
            .execute(params![id, article.text, record_without_text(article)?])?;
        tx.prepare_cached("INSERT INTO analyses (article_id, record) VALUES (?1, ?2)")?
            .execute(params![id, serde_json::to_string(&doc.analysis)?])?;
        let mut entity = tx.prepare_cached(
            "INSERT INTO entities (article_id, name, kind, salience, roles, aliases) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut alias_row = tx.prepare_cached(
            "INSERT INTO entity_aliases (article_id, alias, name) VALUES (?1, ?2, ?3)",
        )?;
        for e in &doc.analysis.entities {
            let kind = serde_json::to_value(e.kind)?;
            let kind = kind.as_str().unwrap_or("other");
            entity.execute(params![
                id,
                e.name,
                kind,
                e.salience,
                serde_json::to_string(&e.roles)?,
                serde_json::to_string(&e.aliases)?,
            ])?;
            for alias in e.aliases.iter().filter(|a| **a != e.name) {
                alias_row.execute(params![id, alias, e.name])?;
            }
            crate::store::add_spelling(tx, &e.name, kind)?;
        }
        if latest {
            count_entities(tx, id, 1)?;
        }
        let mut quote = tx
            .prepare_cached("INSERT INTO quotes (article_id, speaker, text) VALUES (?1, ?2, ?3)")?;
        for q in &doc.analysis.quotes {
            quote.execute(params![id, q.speaker, q.text])?;
        }
        if let Some(signature) = doc.signature.as_ref().filter(|_| latest) {
            tx.prepare_cached(
                "INSERT INTO signatures (article_id, minhash, dup_group) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, signature.to_bytes(), group])?;
            let mut band =
                tx.prepare_cached("INSERT INTO bands (key, article_id) VALUES (?1, ?2)")?;
            for key in signature.band_keys() {
                band.execute(params![key, id])?;
            }
        }
        Ok(())
    }

    /// Numbers an article's revisions 1, 2, … in the order their texts were written.
    fn renumber_revisions(&mut self, key: &str) -> Result<(), CorpusError> {
        let tx = self.0;
        tx.prepare_cached(
            "UPDATE articles SET revision = (
                SELECT COUNT(*) FROM articles AS o WHERE o.key = articles.key
                  AND (COALESCE(o.version_at, '') < COALESCE(articles.version_at, '')
                       OR (COALESCE(o.version_at, '') = COALESCE(articles.version_at, '') AND o.id <= articles.id)))
             WHERE key = ?1",
        )?
        .execute([key])?;
        Ok(())
    }

    /// The article's keys with their weights, and about how many articles the
    /// frequencies were counted over.
    fn key_weights(&mut self, doc: &Document) -> Result<(Vec<KeyWeight>, f64), CorpusError> {
        let tx = self.0;
        // The highest article id stands for the count (ids are dense), in O(log n).
        let total: f64 = tx
            .prepare_cached("SELECT COALESCE(MAX(article_id), 0) FROM story_norms")?
            .query_row([], |r| r.get::<_, i64>(0))? as f64;
        let mut stmt = tx.prepare_cached("SELECT df FROM key_df WHERE key = ?1")?;
        let weights = weigh_keys(&doc.story_keys, total, |key| {
            Ok::<_, CorpusError>(stmt.query_row([key], |r| r.get(0)).optional()?.unwrap_or(0))
        })?;
        Ok((weights, total))
    }

    fn retire(&mut self, old: i64, new: i64, group: i64) -> Result<(), CorpusError> {
        let tx = self.0;
        tx.execute("UPDATE articles SET latest = 0 WHERE id = ?1", [old])?;
        // Only latest revisions are near-copy candidates.
        tx.execute("DELETE FROM bands WHERE article_id = ?1", [old])?;
        tx.execute("DELETE FROM signatures WHERE article_id = ?1", [old])?;
        // Entity evidence and counts are of latest revisions only.
        tx.execute("DELETE FROM entity_aliases WHERE article_id = ?1", [old])?;
        count_entities(tx, old, -1)?;
        tx.execute(
            "UPDATE dup_groups SET original = ?1 WHERE id = ?2 AND original = ?3",
            params![new, group, old],
        )?;
        Ok(())
    }

    /// The duplicate group of an existing copy of this text, if any.
    fn find_copy(
        &mut self,
        doc: &Document,
        settings: &LinkSettings,
    ) -> Result<Option<i64>, CorpusError> {
        let tx = self.0;
        if doc.text_hash != 0 {
            let exact: Option<i64> = tx
                .prepare_cached(
                    "SELECT dup_group FROM articles WHERE text_hash = ?1 AND latest = 1 LIMIT 1",
                )?
                .query_row([doc.text_hash as i64], |r| r.get(0))
                .optional()?;
            if exact.is_some() {
                return Ok(exact);
            }
        }
        let Some(signature) = &doc.signature else {
            return Ok(None);
        };
        let mut postings = Vec::new();
        let mut band = tx.prepare_cached("SELECT article_id FROM bands WHERE key = ?1 LIMIT ?2")?;
        for key in signature.band_keys() {
            for id in band.query_map(params![key, BAND_CANDIDATES as i64], |r| r.get(0))? {
                postings.push(id?);
            }
        }
        // Signatures are kept for latest revisions only (`retire` drops them).
        let mut stored =
            tx.prepare_cached("SELECT minhash, dup_group FROM signatures WHERE article_id = ?1")?;
        nearest_group(
            signature,
            settings.near_threshold,
            &near_candidates(postings),
            |id| {
                Ok::<_, CorpusError>(
                    stored
                        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                        .optional()?,
                )
            },
        )
    }

    fn new_group(&mut self, id: i64, date: &str) -> Result<(), CorpusError> {
        self.0
            .prepare_cached(
                "INSERT INTO dup_groups (id, original, original_date, size) VALUES (?1, ?1, ?2, 1)",
            )?
            .execute(params![id, date])?;
        Ok(())
    }

    fn join_group(&mut self, group: i64, id: i64, date: &str) -> Result<(), CorpusError> {
        let tx = self.0;
        tx.prepare_cached(
            "UPDATE dup_groups SET size = size + 1,
                original = CASE WHEN original_date IS NULL OR ?2 < original_date THEN ?3 ELSE original END,
                original_date = CASE WHEN original_date IS NULL OR ?2 < original_date THEN ?2 ELSE original_date END
             WHERE id = ?1",
        )?
        .execute(params![group, date, id])?;
        Ok(())
    }

    fn group_story(&mut self, group: i64) -> Result<Option<i64>, CorpusError> {
        let tx = self.0;
        Ok(tx
            .prepare_cached(
                "SELECT story_id FROM articles WHERE dup_group = ?1 AND latest = 1 LIMIT 1",
            )?
            .query_row([group], |r| r.get(0))
            .optional()?)
    }

    /// The story of the most similar recent article (or story), if similar
    /// enough; the scoring is [`StoryMatch`]'s, the reads are SQLite's.
    fn find_story(
        &mut self,
        weights: &[KeyWeight],
        total: f64,
        date: &str,
        settings: &LinkSettings,
    ) -> Result<(Option<i64>, Vec<i64>), CorpusError> {
        let tx = self.0;
        let (from, to) = window(date, settings.story_window_days);
        let mut matching = StoryMatch::new(weights, total);
        let mut postings = tx.prepare_cached(
            "SELECT article_id FROM story_keys WHERE key = ?1 AND date BETWEEN ?2 AND ?3
             ORDER BY date DESC LIMIT ?4",
        )?;
        for weight in weights {
            if !matching.is_informative(weight) {
                continue;
            }
            let limit = POSTINGS_PER_KEY as i64;
            for id in postings.query_map(params![weight.key, from, to, limit], |r| r.get(0))? {
                matching.add_posting(weight, id?);
            }
        }
        let mut norms = tx.prepare_cached(
            "SELECT n.all_keys, n.shared_keys, n.story_id, COALESCE(s.size, 1) FROM story_norms n
             LEFT JOIN stories s ON s.id = n.story_id WHERE n.article_id = ?1",
        )?;
        matching.story_and_copy_candidates(settings.story_threshold, |id| {
            norms
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()
                .map_err(CorpusError::from)
        })
    }

    /// The article in another language that this one is a translated copy of,
    /// or that is a translated copy of this one: SQLite's reads, the decision
    /// of [`translation::choose`].
    fn find_translation(
        &mut self,
        doc: &Document,
        date: &str,
        candidates: &[i64],
    ) -> Result<Option<Chosen>, CorpusError> {
        let tx = self.0;
        let Some(print) = &doc.copy_print else {
            return Ok(None);
        };
        let mut read = tx.prepare_cached(
            "SELECT p.print, a.date, a.story_id,
                    (SELECT t.confidence FROM translations t WHERE t.article_id = a.id)
             FROM copy_prints p JOIN articles a ON a.id = p.article_id
             WHERE p.article_id = ?1 AND p.language != ?2 AND a.latest = 1",
        )?;
        let mut rival = tx.prepare_cached(
            "SELECT MAX(t.confidence) FROM translations t JOIN copy_prints p ON p.article_id = t.article_id
             WHERE t.original_id = ?1 AND p.language = ?2",
        )?;
        let stored = |id| {
            let row = read.query_row(params![id, print.language], |r| {
                Ok(StoredCandidate {
                    print_json: r.get(0)?,
                    date: r.get(1)?,
                    story: r.get(2)?,
                    linked_as_copy: r.get(3)?,
                })
            });
            Ok::<_, CorpusError>(row.optional()?)
        };
        translation::find(print, date, candidates, stored, |original, language| {
            let row = rival.query_row(params![original, language], |r| r.get(0));
            Ok(row.optional()?.flatten())
        })
    }

    fn place_in_story(
        &mut self,
        story: i64,
        id: i64,
        doc: &Document,
        new_article: bool,
    ) -> Result<(), CorpusError> {
        let tx = self.0;
        let date = doc.date.as_deref();
        if story == id {
            tx.prepare_cached("INSERT INTO stories (id, title, first_seen, last_seen, size) VALUES (?1, ?2, ?3, ?3, 1)")?
                .execute(params![id, doc.article.title, date])?;
            return Ok(());
        }
        tx.prepare_cached(
            "UPDATE stories SET size = size + ?3,
                first_seen = COALESCE(MIN(COALESCE(first_seen, ?2), ?2), first_seen),
                last_seen = COALESCE(MAX(COALESCE(last_seen, ?2), ?2), last_seen)
             WHERE id = ?1",
        )?
        // A new revision replaces its article in the story; it adds no article.
        .execute(params![story, date, new_article as i64])?;
        Ok(())
    }

    fn insert_signals(
        &mut self,
        id: i64,
        doc: &Document,
        weights: &[KeyWeight],
        date: &str,
        story: i64,
    ) -> Result<(), CorpusError> {
        let tx = self.0;
        let (all, shared) = norms(weights);
        tx.prepare_cached(
            "INSERT INTO story_norms (article_id, all_keys, shared_keys, story_id) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, all, shared, story])?;
        let mut posting = tx.prepare_cached(
            "INSERT OR IGNORE INTO story_keys (key, article_id, date) VALUES (?1, ?2, ?3)",
        )?;
        let mut df = tx.prepare_cached(
            "INSERT INTO key_df (key, df) VALUES (?1, 1) ON CONFLICT (key) DO UPDATE SET df = df + 1",
        )?;
        for key in &doc.story_keys {
            posting.execute(params![key, id, date])?;
            df.execute([key])?;
        }
        Ok(())
    }

    /// Keeps the article's print for later comparisons, and its translation link.
    fn store_translation(
        &mut self,
        id: i64,
        doc: &Document,
        found: Option<&Chosen>,
    ) -> Result<(), CorpusError> {
        let tx = self.0;
        if let Some(print) = &doc.copy_print {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO copy_prints (article_id, language, print) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, print.language, serde_json::to_string(print)?])?;
        }
        if let Some(t) = found {
            let (copy, original) = t.copy_and_original(id);
            tx.prepare_cached(
                "INSERT OR REPLACE INTO translations (article_id, original_id, confidence) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![copy, original, t.confidence])?;
            // An original keeps one translation per language, the likeliest:
            // one linked before the real translation arrived (another report in
            // that language that reads like it) lets go, whatever the arrival
            // order. `find_translation` only gets here when this link is the
            // likelier one.
            if let (true, Some(print)) = (t.other_is_original, &doc.copy_print) {
                tx.prepare_cached(
                    "DELETE FROM translations WHERE original_id = ?1 AND article_id != ?2
                     AND article_id IN (SELECT article_id FROM copy_prints WHERE language = ?3)",
                )?
                .execute(params![original, copy, print.language])?;
            }
        }
        Ok(())
    }

    fn log_change(&mut self, id: i64, change: Change) -> Result<(), CorpusError> {
        self.0
            .prepare_cached("INSERT INTO changes (article_id, op) VALUES (?1, ?2)")?
            .execute(params![id, change.op()])?;
        Ok(())
    }
}

/// The article as JSON without its `text` (each store keeps the text once,
/// in its own column).
pub fn record_without_text(
    article: &newsdesk_extract::Article,
) -> Result<String, serde_json::Error> {
    let mut value = serde_json::to_value(article)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("text".into(), serde_json::Value::String(String::new()));
    }
    Ok(value.to_string())
}

fn source_id(tx: &Transaction<'_>, name: &str, now: &str) -> Result<i64, CorpusError> {
    tx.prepare_cached(
        "INSERT INTO sources (name, first_ingested, last_ingested) VALUES (?1, ?2, ?2)
         ON CONFLICT (name) DO UPDATE SET last_ingested = ?2",
    )?
    .execute(params![name, now])?;
    Ok(tx
        .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
        .query_row([name], |r| r.get(0))?)
}

/// Adds `change` (1 or −1) to the counts of the entities article `id`
/// names, each name and each (name, kind) once; counts that reach zero go.
fn count_entities(tx: &Transaction<'_>, id: i64, change: i64) -> Result<(), CorpusError> {
    tx.prepare_cached(
        "INSERT INTO entity_counts (name, kind, articles)
         SELECT DISTINCT name, kind, ?2 FROM entities WHERE article_id = ?1
         ON CONFLICT (name, kind) DO UPDATE SET articles = articles + excluded.articles",
    )?
    .execute(params![id, change])?;
    tx.prepare_cached(
        "INSERT INTO entity_totals (name, articles)
         SELECT DISTINCT name, ?2 FROM entities WHERE article_id = ?1
         ON CONFLICT (name) DO UPDATE SET articles = articles + excluded.articles",
    )?
    .execute(params![id, change])?;
    if change < 0 {
        tx.prepare_cached(
            "DELETE FROM entity_counts WHERE articles <= 0
             AND name IN (SELECT name FROM entities WHERE article_id = ?1)",
        )?
        .execute([id])?;
        tx.prepare_cached(
            "DELETE FROM entity_totals WHERE articles <= 0
             AND name IN (SELECT name FROM entities WHERE article_id = ?1)",
        )?
        .execute([id])?;
    }
    Ok(())
}
