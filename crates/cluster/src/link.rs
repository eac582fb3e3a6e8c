//! Linking and storing one prepared page in PostgreSQL, in the caller's
//! transaction (one per batch of pages). The steps (seen before? →
//! revision? → exact or near copy through LSH bands? → story → translated
//! copy) are the embedded store's own flow, `newsdesk_corpus::link::link_with`,
//! over the `LinkStore` implemented here; the decisions are the embedded
//! corpus's functions too (`story_match::StoryMatch` for stories,
//! `translation::choose` for translation links). Only the reads and writes
//! are PostgreSQL's, so both stores link the same pages alike.
//!
//! **Concurrency.** Linking reads what other pages wrote (bands, story keys,
//! the next id), so two workers linking at once could both miss each other's
//! copy. Each transaction therefore takes one transaction-level advisory
//! lock before it reads anything: linking is serialised across workers, as
//! it is on one machine (one writer), while fetching, extraction and
//! analysis — nearly all of the time per page — run in parallel. The unique
//! constraints (capture hash; `(key, text_hash)`; one latest revision per
//! key) make a redelivered job a no-op even without the lock.

use newsdesk_corpus::canonical::spelling_key;
use std::collections::HashMap;

use newsdesk_corpus::dedup::{near_candidates, nearest_group, BAND_CANDIDATES};
use newsdesk_corpus::link::{
    link_with, record_without_text, ArticlePlace, Change, Latest, LinkSettings, LinkStore, Linked,
};
use newsdesk_corpus::prepare::{CaptureFacts, Document, Prepared};
use newsdesk_corpus::story_match::{
    norms, weigh_keys, window, CandidateNorms, KeyWeight, StoryMatch, POSTINGS_PER_KEY,
};
use newsdesk_corpus::translation::{self, Chosen, StoredCandidate, MAX_COPY_CANDIDATES};

use crate::schema::ts_config;
use crate::statements::CachedTx;
use crate::ClusterError;

/// Key of the advisory lock serialising the link step.
const LINK_LOCK: i64 = 0x6e65_7773_6c69_6e6b;
/// Characters of the body that go into its `tsvector` (PostgreSQL caps a
/// `tsvector` at 1 MB; the whole text is still stored).
const MAX_INDEXED_CHARS: i32 = 400_000;

/// Stores one page with its links, in `tx`; `now` is the ingestion time
/// (RFC 3339). Takes the link lock first; the steps are
/// [`newsdesk_corpus::link::link_with`]'s.
pub(crate) fn link_and_store(
    tx: &mut CachedTx<'_, '_>,
    prepared: &Prepared,
    settings: &LinkSettings,
    now: &str,
) -> Result<Linked, ClusterError> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LINK_LOCK])?;
    link_with(&mut Postgres(tx), prepared, settings, now)
}

/// The cluster store's side of linking: one PostgreSQL transaction.
struct Postgres<'t, 'a, 'conn>(&'t mut CachedTx<'a, 'conn>);

impl LinkStore for Postgres<'_, '_, '_> {
    type Error = ClusterError;

    fn insert_capture(&mut self, prepared: &Prepared, now: &str) -> Result<bool, ClusterError> {
        let tx = &mut *self.0;
        let capture = &prepared.capture;
        let source_id = source_id(tx, &capture.source, now)?;
        let inserted = tx.execute(
            "INSERT INTO captures (hash, source_id, location, url, fetched_at, ingested_at, error, etag, last_modified)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (hash) DO NOTHING",
            &[
                &(capture.hash as i64),
                &source_id,
                &capture.location,
                &capture.url,
                &capture.fetched_at,
                &now,
                &prepared.outcome.as_ref().err(),
                &capture.etag,
                &capture.last_modified,
            ],
        )?;
        Ok(inserted > 0)
    }

    fn latest(&mut self, key: &str) -> Result<Option<Latest>, ClusterError> {
        Ok(self
            .0
            .query_opt(
                "SELECT id, revision, dup_group, story_id, version_at FROM articles WHERE key = $1 AND latest",
                &[&key],
            )?
            .map(|r| Latest {
                id: r.get(0),
                revision: r.get(1),
                group: r.get(2),
                story: r.get(3),
                version_at: r.get(4),
            }))
    }

    fn same_text(&mut self, key: &str, text_hash: u64) -> Result<Option<i64>, ClusterError> {
        Ok(self
            .0
            .query_opt(
                "SELECT id FROM articles WHERE key = $1 AND text_hash = $2",
                &[&key, &(text_hash as i64)],
            )?
            .map(|r| r.get(0)))
    }

    fn next_id(&mut self) -> Result<i64, ClusterError> {
        Ok(self
            .0
            .query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM articles", &[])?
            .get(0))
    }

    fn set_capture_article(&mut self, capture: &CaptureFacts, id: i64) -> Result<(), ClusterError> {
        set_capture_article(self.0, capture, id)
    }

    fn insert_article(
        &mut self,
        place: ArticlePlace,
        doc: &Document,
        now: &str,
    ) -> Result<(), ClusterError> {
        let tx = &mut *self.0;
        let date = doc.date.as_deref();
        let ArticlePlace {
            id,
            revision,
            latest,
            group,
            story,
        } = place;
        let article = &doc.article;
        let config = ts_config(article.language.as_deref());
        let (entities, quotes) = search_extras(doc);
        let entity_keys: Vec<String> = entities.iter().map(|e| e.to_lowercase()).collect();
        let tag_keys: Vec<String> = article.tags.iter().map(|t| t.to_lowercase()).collect();
        // Values are separated so that a phrase does not run from one into the next.
        let join = |values: &[String]| values.join(" \u{2029} ");
        tx.execute(
            "INSERT INTO articles (id, key, revision, latest, text_hash, url, canonical_url, domain, title,
                published, date, language, site_name, dup_group, story_id, ingested_at, version_at,
                ts_config, tsv_title, tsv_body, tsv_entities, tsv_quotes, tsv_authors,
                entity_keys, entity_names, tag_keys, tag_names)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                $18::text::regconfig, to_tsvector($18::text::regconfig, COALESCE($9, '')),
                to_tsvector($18::text::regconfig, left($19, $26)),
                to_tsvector('newsdesk_simple', $20), to_tsvector('newsdesk_simple', $21),
                to_tsvector('newsdesk_simple', $22), $23, $24, $25, $27)",
            &[
                &id,
                &doc.key,
                &revision,
                &latest,
                &(doc.text_hash as i64),
                &article.url,
                &article.canonical_url,
                &doc.domain,
                &article.title,
                &article.published,
                &date,
                &article.language,
                &article.site_name,
                &group,
                &story,
                &now,
                &doc.version_at,
                &config,
                &article.text,
                &join(&entities),
                &join(&quotes),
                &join(&article.authors),
                &entity_keys,
                &entities,
                &tag_keys,
                &MAX_INDEXED_CHARS,
                &article.tags,
            ],
        )?;
        tx.execute(
            "INSERT INTO bodies (article_id, text, record) VALUES ($1, $2, $3)",
            &[&id, &article.text, &record_without_text(article)?],
        )?;
        tx.execute(
            "INSERT INTO analyses (article_id, record) VALUES ($1, $2)",
            &[&id, &serde_json::to_string(&doc.analysis)?],
        )?;
        let entities = &doc.analysis.entities;
        let kinds = entities
            .iter()
            .map(|e| {
                let kind = serde_json::to_value(e.kind)?;
                Ok(kind.as_str().unwrap_or("other").to_string())
            })
            .collect::<Result<Vec<String>, serde_json::Error>>()?;
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        let saliences: Vec<f64> = entities.iter().map(|e| e.salience).collect();
        let roles = entities
            .iter()
            .map(|e| serde_json::to_string(&e.roles))
            .collect::<Result<Vec<_>, _>>()?;
        let aliases = entities
            .iter()
            .map(|e| serde_json::to_string(&e.aliases))
            .collect::<Result<Vec<_>, _>>()?;
        tx.execute(
            "INSERT INTO entities (article_id, name, kind, salience, roles, aliases)
             SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[], $5::text[], $6::text[])",
            &[&id, &names, &kinds, &saliences, &roles, &aliases],
        )?;
        let (alias_of, alias_names): (Vec<&str>, Vec<&str>) = entities
            .iter()
            .flat_map(|e| {
                e.aliases
                    .iter()
                    .filter(move |a| **a != e.name)
                    .map(move |a| (a.as_str(), e.name.as_str()))
            })
            .unzip();
        if !alias_of.is_empty() {
            tx.execute(
                "INSERT INTO entity_aliases (article_id, alias, name)
                 SELECT $1, * FROM unnest($2::text[], $3::text[])",
                &[&id, &alias_of, &alias_names],
            )?;
        }
        let (keys, spelled): (Vec<String>, Vec<&str>) = entities
            .iter()
            .zip(&kinds)
            .filter_map(|(e, kind)| Some((spelling_key(&e.name, kind)?, e.name.as_str())))
            .unzip();
        if !keys.is_empty() {
            tx.execute(
                "INSERT INTO entity_spellings (key, name)
                 SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
                &[&keys, &spelled],
            )?;
        }
        let quotes = &doc.analysis.quotes;
        let speakers: Vec<Option<&str>> = quotes.iter().map(|q| q.speaker.as_deref()).collect();
        let texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
        tx.execute(
            "INSERT INTO quotes (article_id, speaker, text)
             SELECT $1, * FROM unnest($2::text[], $3::text[])",
            &[&id, &speakers, &texts],
        )?;
        if let Some(signature) = doc.signature.as_ref().filter(|_| latest) {
            tx.execute(
                "INSERT INTO signatures (article_id, minhash, dup_group) VALUES ($1, $2, $3)",
                &[&id, &signature.to_bytes(), &group],
            )?;
            let keys = signature.band_keys();
            tx.execute(
                "INSERT INTO bands (key, article_id) SELECT k, $2 FROM unnest($1::bigint[]) AS k ON CONFLICT DO NOTHING",
                &[&keys, &id],
            )?;
        }
        Ok(())
    }

    fn renumber_revisions(&mut self, key: &str) -> Result<(), ClusterError> {
        let tx = &mut *self.0;
        tx.execute(
            "UPDATE articles SET revision = (
                SELECT COUNT(*) FROM articles AS o WHERE o.key = articles.key
                  AND (COALESCE(o.version_at, '') < COALESCE(articles.version_at, '')
                       OR (COALESCE(o.version_at, '') = COALESCE(articles.version_at, '') AND o.id <= articles.id)))
             WHERE key = $1",
            &[&key],
        )?;
        Ok(())
    }

    fn key_weights(&mut self, doc: &Document) -> Result<(Vec<KeyWeight>, f64), ClusterError> {
        let tx = &mut *self.0;
        let total = tx
            .query_one("SELECT COALESCE(MAX(article_id), 0) FROM story_norms", &[])?
            .get::<_, i64>(0) as f64;
        let df: HashMap<String, i64> = tx
            .query(
                "SELECT key, df FROM key_df WHERE key = ANY($1)",
                &[&doc.story_keys],
            )?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let weights = weigh_keys(&doc.story_keys, total, |key| {
            Ok::<_, ClusterError>(df.get(key).copied().unwrap_or(0))
        })?;
        Ok((weights, total))
    }

    fn retire(&mut self, old: i64, new: i64, group: i64) -> Result<(), ClusterError> {
        let tx = &mut *self.0;
        tx.execute("UPDATE articles SET latest = FALSE WHERE id = $1", &[&old])?;
        tx.execute("DELETE FROM bands WHERE article_id = $1", &[&old])?;
        tx.execute("DELETE FROM signatures WHERE article_id = $1", &[&old])?;
        // Entity evidence is of latest revisions only.
        tx.execute("DELETE FROM entity_aliases WHERE article_id = $1", &[&old])?;
        tx.execute(
            "UPDATE dup_groups SET original = $1 WHERE id = $2 AND original = $3",
            &[&new, &group, &old],
        )?;
        Ok(())
    }

    /// The duplicate group of an existing copy of this text, if any.
    fn find_copy(
        &mut self,
        doc: &Document,
        settings: &LinkSettings,
    ) -> Result<Option<i64>, ClusterError> {
        let tx = &mut *self.0;
        if doc.text_hash != 0 {
            let exact = tx.query_opt(
                "SELECT dup_group FROM articles WHERE text_hash = $1 AND latest LIMIT 1",
                &[&(doc.text_hash as i64)],
            )?;
            if let Some(row) = exact {
                return Ok(Some(row.get(0)));
            }
        }
        let Some(signature) = &doc.signature else {
            return Ok(None);
        };
        // Each band's first articles, in band order.
        let postings = tx.query(
            "SELECT b.article_id FROM unnest($1::bigint[]) WITH ORDINALITY AS k(band, n)
             CROSS JOIN LATERAL (SELECT article_id FROM bands WHERE key = k.band
                                 ORDER BY article_id LIMIT $2) b
             ORDER BY k.n, b.article_id",
            &[&signature.band_keys(), &(BAND_CANDIDATES as i64)],
        )?;
        let candidates = near_candidates(postings.iter().map(|r| r.get::<_, i64>(0)));
        let mut signatures: HashMap<i64, (Vec<u8>, i64)> = tx
            .query(
                "SELECT article_id, minhash, dup_group FROM signatures WHERE article_id = ANY($1)",
                &[&candidates],
            )?
            .into_iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2))))
            .collect();
        nearest_group(signature, settings.near_threshold, &candidates, |id| {
            Ok::<_, ClusterError>(signatures.remove(&id))
        })
    }

    fn new_group(&mut self, id: i64, date: &str) -> Result<(), ClusterError> {
        self.0.execute(
            "INSERT INTO dup_groups (id, original, original_date, size) VALUES ($1, $1, $2, 1)",
            &[&id, &date],
        )?;
        Ok(())
    }

    fn join_group(&mut self, group: i64, id: i64, date: &str) -> Result<(), ClusterError> {
        self.0.execute(
            "UPDATE dup_groups SET size = size + 1,
                original = CASE WHEN original_date IS NULL OR $2 < original_date THEN $3 ELSE original END,
                original_date = CASE WHEN original_date IS NULL OR $2 < original_date THEN $2 ELSE original_date END
             WHERE id = $1",
            &[&group, &date, &id],
        )?;
        Ok(())
    }

    fn group_story(&mut self, group: i64) -> Result<Option<i64>, ClusterError> {
        Ok(self
            .0
            .query_opt(
                "SELECT story_id FROM articles WHERE dup_group = $1 AND latest LIMIT 1",
                &[&group],
            )?
            .map(|r| r.get::<_, i64>(0)))
    }

    /// The story to join, and the articles that may be this one in another
    /// language: the scoring is the embedded corpus's ([`StoryMatch`]), the
    /// reads are PostgreSQL's.
    fn find_story(
        &mut self,
        weights: &[KeyWeight],
        total: f64,
        date: &str,
        settings: &LinkSettings,
    ) -> Result<(Option<i64>, Vec<i64>), ClusterError> {
        let tx = &mut *self.0;
        let (from, to) = window(date, settings.story_window_days);
        let mut matching = StoryMatch::new(weights, total);
        let informative: Vec<&KeyWeight> = weights
            .iter()
            .filter(|w| matching.is_informative(w))
            .collect();
        let keys: Vec<&str> = informative.iter().map(|w| w.key.as_str()).collect();
        let limit = POSTINGS_PER_KEY as i64;
        // The recent postings of each key, newest first, keys in order.
        let postings = tx.query(
            "SELECT k.n, s.article_id FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
             CROSS JOIN LATERAL (SELECT article_id, date FROM story_keys
                                 WHERE key = k.key AND date BETWEEN $2 AND $3
                                 ORDER BY date DESC, article_id DESC LIMIT $4) s
             ORDER BY k.n, s.date DESC, s.article_id DESC",
            &[&keys, &from, &to, &limit],
        )?;
        for row in postings {
            let n: i64 = row.get(0);
            if let Some(weight) = usize::try_from(n - 1).ok().and_then(|i| informative.get(i)) {
                matching.add_posting(weight, row.get::<_, i64>(1));
            }
        }
        let norms: HashMap<i64, CandidateNorms> = tx
            .query(
                "SELECT n.article_id, n.all_keys, n.shared_keys, n.story_id, COALESCE(s.size, 1)::BIGINT
                 FROM story_norms n LEFT JOIN stories s ON s.id = n.story_id WHERE n.article_id = ANY($1)",
                &[&matching.candidates()],
            )?
            .into_iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3), r.get(4))))
            .collect();
        matching.story_and_copy_candidates(settings.story_threshold, |id| {
            Ok::<_, ClusterError>(norms.get(&id).copied())
        })
    }

    /// The article in another language that this one is a translated copy of,
    /// or that is a translated copy of this one: PostgreSQL's reads, the
    /// decision of [`translation::choose`].
    fn find_translation(
        &mut self,
        doc: &Document,
        date: &str,
        candidates: &[i64],
    ) -> Result<Option<Chosen>, ClusterError> {
        let tx = &mut *self.0;
        let Some(print) = doc.copy_print.as_ref().filter(|_| !candidates.is_empty()) else {
            return Ok(None);
        };
        // The first ones in another language, in the order the story match
        // ranked them: all that `read_candidates` will ask for.
        let stored: HashMap<i64, StoredCandidate> = tx
            .query(
                "SELECT p.article_id, p.print, a.date, a.story_id,
                        (SELECT t.confidence FROM translations t WHERE t.article_id = a.id)
                 FROM unnest($1::bigint[]) WITH ORDINALITY AS k(id, n)
                 JOIN copy_prints p ON p.article_id = k.id JOIN articles a ON a.id = k.id
                 WHERE p.language <> $2 AND a.latest ORDER BY k.n LIMIT $3",
                &[&candidates, &print.language, &(MAX_COPY_CANDIDATES as i64)],
            )?
            .into_iter()
            .map(|r| {
                let row = StoredCandidate {
                    print_json: r.get(1),
                    date: r.get(2),
                    story: r.get(3),
                    linked_as_copy: r.get(4),
                };
                (r.get(0), row)
            })
            .collect();
        let stored = |id| Ok::<_, ClusterError>(stored.get(&id).cloned());
        translation::find(print, date, candidates, stored, |original, language| {
            Ok::<_, ClusterError>(
                tx.query_one(
                    "SELECT MAX(t.confidence) FROM translations t
                     JOIN copy_prints p ON p.article_id = t.article_id
                     WHERE t.original_id = $1 AND p.language = $2",
                    &[&original, &language],
                )?
                .get::<_, Option<f64>>(0),
            )
        })
    }

    fn place_in_story(
        &mut self,
        story: i64,
        id: i64,
        doc: &Document,
        new_article: bool,
    ) -> Result<(), ClusterError> {
        let tx = &mut *self.0;
        let date = doc.date.as_deref();
        if story == id {
            tx.execute(
                "INSERT INTO stories (id, title, first_seen, last_seen, size) VALUES ($1, $2, $3, $3, 1)",
                &[&id, &doc.article.title, &date],
            )?;
            return Ok(());
        }
        tx.execute(
            "UPDATE stories SET size = size + $3,
                first_seen = LEAST(COALESCE(first_seen, $2), $2),
                last_seen = GREATEST(COALESCE(last_seen, $2), $2)
             WHERE id = $1",
            &[&story, &date, &(new_article as i64)],
        )?;
        Ok(())
    }

    fn insert_signals(
        &mut self,
        id: i64,
        doc: &Document,
        weights: &[KeyWeight],
        date: &str,
        story: i64,
    ) -> Result<(), ClusterError> {
        let tx = &mut *self.0;
        let (all, shared) = norms(weights);
        tx.execute(
            "INSERT INTO story_norms (article_id, all_keys, shared_keys, story_id) VALUES ($1, $2, $3, $4)",
            &[&id, &all, &shared, &story],
        )?;
        // The keys are distinct (a set), so one upsert statement touches each once.
        tx.execute(
            "INSERT INTO story_keys (key, article_id, date)
             SELECT k, $2, $3 FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING",
            &[&doc.story_keys, &id, &date],
        )?;
        tx.execute(
            "INSERT INTO key_df (key, df) SELECT k, 1 FROM unnest($1::text[]) AS k
             ON CONFLICT (key) DO UPDATE SET df = key_df.df + 1",
            &[&doc.story_keys],
        )?;
        Ok(())
    }

    /// Keeps the article's print for later comparisons, and its translation
    /// link; the original's weaker translation into the same language, if any,
    /// lets go (see [`translation::choose`]).
    fn store_translation(
        &mut self,
        id: i64,
        doc: &Document,
        found: Option<&Chosen>,
    ) -> Result<(), ClusterError> {
        let tx = &mut *self.0;
        let Some(print) = &doc.copy_print else {
            return Ok(());
        };
        tx.execute(
            "INSERT INTO copy_prints (article_id, language, print) VALUES ($1, $2, $3)
             ON CONFLICT (article_id) DO UPDATE SET language = EXCLUDED.language, print = EXCLUDED.print",
            &[&id, &print.language, &serde_json::to_string(print)?],
        )?;
        if let Some(t) = found {
            let (copy, original) = t.copy_and_original(id);
            tx.execute(
                "INSERT INTO translations (article_id, original_id, confidence) VALUES ($1, $2, $3)
                 ON CONFLICT (article_id) DO UPDATE SET original_id = EXCLUDED.original_id,
                     confidence = EXCLUDED.confidence",
                &[&copy, &original, &t.confidence],
            )?;
            if t.other_is_original {
                tx.execute(
                    "DELETE FROM translations WHERE original_id = $1 AND article_id <> $2
                     AND article_id IN (SELECT article_id FROM copy_prints WHERE language = $3)",
                    &[&original, &copy, &print.language],
                )?;
            }
        }
        Ok(())
    }

    fn log_change(&mut self, id: i64, change: Change) -> Result<(), ClusterError> {
        self.0.execute(
            "INSERT INTO changes (article_id, op) VALUES ($1, $2)",
            &[&id, &change.op()],
        )?;
        Ok(())
    }
}

fn source_id(tx: &mut CachedTx<'_, '_>, name: &str, now: &str) -> Result<i64, ClusterError> {
    Ok(tx
        .query_one(
            "INSERT INTO sources (name, first_ingested, last_ingested) VALUES ($1, $2, $2)
             ON CONFLICT (name) DO UPDATE SET last_ingested = $2 RETURNING id",
            &[&name, &now],
        )?
        .get(0))
}

fn set_capture_article(
    tx: &mut CachedTx<'_, '_>,
    capture: &CaptureFacts,
    id: i64,
) -> Result<(), ClusterError> {
    tx.execute(
        "UPDATE captures SET article_id = $1 WHERE hash = $2",
        &[&id, &(capture.hash as i64)],
    )?;
    Ok(())
}

/// What the search needs from the analysis, as the embedded index takes it:
/// the 50 most salient people, organisations, places and events, and the
/// first 100 quotes.
fn search_extras(doc: &Document) -> (Vec<String>, Vec<String>) {
    let mut entities: Vec<(f64, &str)> = doc
        .analysis
        .entities
        .iter()
        .filter(|e| {
            matches!(
                serde_json::to_value(e.kind)
                    .ok()
                    .as_ref()
                    .and_then(|v| v.as_str()),
                Some("person" | "organization" | "place" | "event")
            )
        })
        .map(|e| (e.salience, e.name.as_str()))
        .collect();
    entities.sort_by(|a, b| b.0.total_cmp(&a.0));
    let entities = entities
        .into_iter()
        .take(50)
        .map(|(_, n)| n.to_string())
        .collect();
    let quotes = doc
        .analysis
        .quotes
        .iter()
        .take(100)
        .map(|q| q.text.clone())
        .collect();
    (entities, quotes)
}
