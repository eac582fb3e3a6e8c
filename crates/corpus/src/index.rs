//! The full-text index: a tantivy index over the latest revision of every
//! article, rebuilt from the store at will (the store is the truth).
//!
//! **Per-language analysis.** Each language with a Snowball stemmer gets its
//! own pair of fields (`title_en`/`body_en`, `title_ru`/`body_ru`, …) with
//! its stemmer; other languages go to `title_other`/`body_other`, which only
//! lower-case and fold accents. A query word is analysed once per field
//! family, so "talks" finds "talk" in English and "переговоры" finds
//! "переговорах" in Russian, and one query searches every language.
//!
//! **Facets and filters** live in keyword fields (`lang`, `source`, `entity`,
//! `tag`, `month`) that are also columnar (fast) for counting; `group` (the
//! duplicate group) collapses copies in results; `date` sorts and filters.
//!
//! **Keeping up with the store.** Every commit carries, as its payload, the
//! sequence number of the last store change it applied; [`Index::catch_up`]
//! applies whatever came after (a crash between the store's commit and the
//! index's loses nothing).

use std::ops::Bound;
use std::path::Path;

use serde::Serialize;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as TantivyQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::{
    DateTime, DocAddress, Index as TantivyIndex, IndexReader, IndexWriter, Order, ReloadPolicy,
    TantivyDocument, Term,
};

use crate::error::CorpusError;
use crate::query::{Field as QueryField, Query};
use crate::store::StoredArticle;

/// Languages with their own stemmed fields: ISO 639-1 code and stemmer.
const STEMMED: [(&str, Language); 10] = [
    ("en", Language::English),
    ("ru", Language::Russian),
    ("de", Language::German),
    ("fr", Language::French),
    ("es", Language::Spanish),
    ("pt", Language::Portuguese),
    ("it", Language::Italian),
    ("tr", Language::Turkish),
    ("nl", Language::Dutch),
    ("sv", Language::Swedish),
];
const OTHER: &str = "other";
const KEYWORD: &str = "nd_keyword";
const MAX_TOKEN_LEN: usize = 40;
/// Memory the index writer may use before flushing a segment.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// The index's fields.
#[derive(Clone)]
struct Fields {
    id: Field,
    group: Field,
    story: Field,
    date: Field,
    /// (language, title field, body field); the last one is [`OTHER`].
    text: Vec<(String, Field, Field)>,
    entity: Field,
    entity_words: Field,
    quote: Field,
    author: Field,
    source: Field,
    tag: Field,
    lang: Field,
    month: Field,
}

/// The search index.
pub struct Index {
    index: TantivyIndex,
    reader: IndexReader,
    fields: Fields,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (the index's relevance score).
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// Filters applied besides the query.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only articles in this language (an ISO 639-1 code).
    pub lang: Option<String>,
    /// Only articles from this site.
    pub source: Option<String>,
    /// Only articles naming this entity among their main ones.
    pub entity: Option<String>,
    /// RFC 3339 or a date (`2024-05-01`); inclusive.
    pub since: Option<String>,
    /// RFC 3339 or a date; inclusive.
    pub until: Option<String>,
}

/// One matching article, before the store fills in its record.
#[derive(Debug, Clone, Serialize)]
pub struct IndexHit {
    /// The article's id.
    pub id: i64,
    /// Its relevance score.
    pub score: f32,
    /// Its duplicate group.
    pub group: i64,
}

/// Counts per value of a facet field, most frequent first.
pub type FacetCounts = Vec<(String, u64)>;

/// The facets of a result set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// Per language.
    pub lang: FacetCounts,
    /// Per site.
    pub source: FacetCounts,
    /// Per main entity.
    pub entity: FacetCounts,
    /// Per tag.
    pub tag: FacetCounts,
    /// Per month of the article's date (`YYYY-MM`).
    pub month: FacetCounts,
}

/// What a search found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexResults {
    /// Matching articles (duplicates included).
    pub total: usize,
    /// Duplicate groups among the matches: the results there are when
    /// copies are folded into one.
    pub groups: usize,
    /// The page of hits asked for.
    pub hits: Vec<IndexHit>,
    /// The match counts per facet value (empty unless asked for).
    pub facets: Facets,
}

impl Index {
    /// Opens the index in `dir`, creating it if the directory is empty.
    pub fn open(dir: &Path) -> Result<Index, CorpusError> {
        Index::open_with(dir, ReloadPolicy::Manual)
    }

    /// Opens the index for a long-running reader (the server): searches see
    /// other processes' commits shortly after they happen.
    pub fn open_for_reading(dir: &Path) -> Result<Index, CorpusError> {
        Index::open_with(dir, ReloadPolicy::OnCommitWithDelay)
    }

    /// Opens an existing index on read-only media: no lock files, no writes.
    pub fn open_on_read_only_media(dir: &Path) -> Result<Index, CorpusError> {
        let directory = crate::read_only_dir::ReadOnlyDirectory::open(dir)
            .map_err(crate::error::index_open_error)?;
        let index = TantivyIndex::open(directory).map_err(crate::error::index_open_error)?;
        Index::with_reader(index, ReloadPolicy::Manual)
    }

    fn open_with(dir: &Path, reload: ReloadPolicy) -> Result<Index, CorpusError> {
        std::fs::create_dir_all(dir)?;
        let index = if dir.join("meta.json").exists() {
            TantivyIndex::open_in_dir(dir).map_err(crate::error::index_open_error)?
        } else {
            TantivyIndex::create_in_dir(dir, schema().0).map_err(crate::error::index_open_error)?
        };
        Index::with_reader(index, reload)
    }

    /// Checks the schema, registers the analysers and makes the reader.
    fn with_reader(index: TantivyIndex, reload: ReloadPolicy) -> Result<Index, CorpusError> {
        let (schema, fields) = schema();
        if index.schema() != schema {
            return Err(CorpusError::IndexCorrupt(
                "the index was built with another schema".into(),
            ));
        }
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(reload)
            .try_into()
            .map_err(|e: tantivy::TantivyError| crate::error::index_open_error(e))?;
        Ok(Index {
            index,
            reader,
            fields,
        })
    }

    /// A writer; only one may exist at a time (tantivy holds a lock file).
    pub fn writer(&self) -> Result<IndexWriter, CorpusError> {
        Ok(self.index.writer_with_num_threads(1, WRITER_MEMORY)?)
    }

    /// The store change sequence number the last commit applied.
    pub fn applied_seq(&self) -> Result<i64, CorpusError> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
    }

    /// Adds an article (the latest revision) to the writer's pending batch.
    pub fn add(
        &self,
        writer: &IndexWriter,
        stored: &StoredArticle,
        extra: &IndexExtras,
    ) -> Result<(), CorpusError> {
        let f = &self.fields;
        let a = &stored.article;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, stored.id as u64);
        doc.add_u64(f.group, stored.dup_group as u64);
        doc.add_u64(f.story, stored.story_id as u64);
        if let Some(date) = stored.date.as_deref().and_then(parse_date) {
            doc.add_date(f.date, date);
        }
        let lang = a.language.as_deref().unwrap_or("");
        let (_, title_field, body_field) = self.text_fields(lang);
        if let Some(title) = &a.title {
            doc.add_text(title_field, title);
        }
        doc.add_text(body_field, &a.text);
        for entity in &extra.entities {
            doc.add_text(f.entity, entity);
            doc.add_text(f.entity_words, entity);
        }
        for quote in &extra.quotes {
            doc.add_text(f.quote, quote);
        }
        for author in &a.authors {
            doc.add_text(f.author, author);
        }
        if let Some(domain) = &stored.domain {
            doc.add_text(f.source, domain);
        }
        for tag in &a.tags {
            doc.add_text(f.tag, tag);
        }
        if !lang.is_empty() {
            doc.add_text(f.lang, lang);
        }
        if let Some(month) = stored.date.as_deref().and_then(|d| d.get(..7)) {
            doc.add_text(f.month, month);
        }
        writer.add_document(doc)?;
        Ok(())
    }

    /// Removes an article from the index (on the writer's next commit).
    pub fn delete(&self, writer: &IndexWriter, id: i64) {
        writer.delete_term(Term::from_field_u64(self.fields.id, id as u64));
    }

    /// Commits the writer's batch, recording the store sequence it reached,
    /// and makes it visible to searches.
    pub fn commit(&self, writer: &mut IndexWriter, seq: i64) -> Result<(), CorpusError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Reloads the searcher (after another process committed).
    pub fn reload(&self) -> Result<(), CorpusError> {
        Ok(self.reader.reload()?)
    }

    /// Documents in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The article id of every document in the index (an id held twice
    /// appears twice).
    pub fn ids(&self) -> Vec<i64> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let Ok(column) = segment.fast_fields().u64("id") else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                if let Some(id) = column.first(doc) {
                    ids.push(id as i64);
                }
            }
        }
        ids
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn text_fields(&self, lang: &str) -> (String, Field, Field) {
        self.fields
            .text
            .iter()
            .find(|(l, _, _)| l == lang)
            .or(self.fields.text.last())
            .cloned()
            .expect("the schema always has the `other` text fields")
    }

    /// Runs a query: the top `want` matches (by relevance or date) and, if
    /// asked, the facets of all matches.
    pub fn search(
        &self,
        query: &Query,
        filters: &Filters,
        sort: Sort,
        want: usize,
        facets: bool,
    ) -> Result<IndexResults, CorpusError> {
        let searcher = self.reader.searcher();
        let compiled = self.compile(query, filters)?;
        // The top matches, their number and their duplicate groups in one
        // pass over the matches.
        let (addresses, total, groups): (Vec<(f32, DocAddress)>, _, _) = match sort {
            Sort::Relevance => searcher.search(
                &compiled,
                &(
                    TopDocs::with_limit(want.max(1)).order_by_score(),
                    Count,
                    DistinctGroups,
                ),
            )?,
            Sort::Date => {
                let (top, total, groups) = searcher.search(
                    &compiled,
                    &(
                        TopDocs::with_limit(want.max(1))
                            .order_by_fast_field::<DateTime>("date", Order::Desc),
                        Count,
                        DistinctGroups,
                    ),
                )?;
                let top = top.into_iter().map(|(_, a)| (0.0, a)).collect();
                (top, total, groups)
            }
        };
        let columns = id_and_group_columns(&searcher)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let Some((ids, groups)) = columns.get(address.segment_ord as usize) else {
                continue;
            };
            let id = ids.first(address.doc_id).unwrap_or(0);
            let group = groups.first(address.doc_id).unwrap_or(id);
            hits.push(IndexHit {
                id: id as i64,
                score,
                group: group as i64,
            });
        }
        let facets = if facets {
            self.facets(&searcher, &compiled)?
        } else {
            Facets::default()
        };
        Ok(IndexResults {
            total,
            groups: groups.len(),
            hits,
            facets,
        })
    }

    /// Matching articles per day (UTC, `YYYY-MM-DD`), oldest first, days
    /// without any left out; undated articles are in no day. Copies count
    /// each: this is attention, how often a thing was published.
    pub fn per_day(
        &self,
        query: &Query,
        filters: &Filters,
    ) -> Result<Vec<(String, u64)>, CorpusError> {
        let searcher = self.reader.searcher();
        let compiled = self.compile(query, filters)?;
        let request = serde_json::json!({
            "days": {"date_histogram": {"field": "date", "fixed_interval": "1d", "min_doc_count": 1}},
        });
        let aggregations: Aggregations = serde_json::from_value(request)?;
        let collector = AggregationCollector::from_aggs(aggregations, Default::default());
        let value = serde_json::to_value(searcher.search(&compiled, &collector)?)?;
        let days = value["days"]["buckets"]
            .as_array()
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|b| {
                        let count = b["doc_count"].as_u64().filter(|&n| n > 0)?;
                        let millis = b["key"].as_f64()? as i64;
                        let day = chrono::DateTime::from_timestamp_millis(millis)?;
                        Some((day.format("%Y-%m-%d").to_string(), count))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(days)
    }

    /// Every source (site) with its number of articles, most first (ties
    /// by name), at most `max`: a terms count over the `source` column, no
    /// stored field read. Articles without a site are in no source.
    pub fn source_counts(&self, max: usize) -> Result<Vec<(String, u64)>, CorpusError> {
        let searcher = self.reader.searcher();
        let request = serde_json::json!({
            "source": {"terms": {"field": "source", "size": max.max(1), "segment_size": max.max(1)}},
        });
        let aggregations: Aggregations = serde_json::from_value(request)?;
        let collector = AggregationCollector::from_aggs(aggregations, Default::default());
        let value = serde_json::to_value(searcher.search(&AllQuery, &collector)?)?;
        let mut counts: Vec<(String, u64)> = value["source"]["buckets"]
            .as_array()
            .map(|buckets| {
                buckets
                    .iter()
                    .filter_map(|b| {
                        Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts)
    }

    /// The newest `limit` matches (undated ones last) as (article id,
    /// duplicate group), read from the columns alone.
    pub fn matching_groups(
        &self,
        query: &Query,
        filters: &Filters,
        limit: usize,
    ) -> Result<Vec<(i64, i64)>, CorpusError> {
        let searcher = self.reader.searcher();
        let compiled = self.compile(query, filters)?;
        let found = searcher.search(
            &compiled,
            &TopDocs::with_limit(limit.max(1)).order_by_fast_field::<DateTime>("date", Order::Desc),
        )?;
        let columns = id_and_group_columns(&searcher)?;
        let mut out = Vec::with_capacity(found.len());
        for (_, address) in found {
            let Some((ids, groups)) = columns.get(address.segment_ord as usize) else {
                continue;
            };
            let id = ids.first(address.doc_id).unwrap_or(0);
            let group = groups.first(address.doc_id).unwrap_or(id);
            out.push((id as i64, group as i64));
        }
        Ok(out)
    }

    fn facets(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn TantivyQuery,
    ) -> Result<Facets, CorpusError> {
        let request = serde_json::json!({
            "lang": {"terms": {"field": "lang", "size": 20}},
            "source": {"terms": {"field": "source", "size": 20}},
            "entity": {"terms": {"field": "entity", "size": 20}},
            "tag": {"terms": {"field": "tag", "size": 20}},
            "month": {"terms": {"field": "month", "size": 24, "order": {"_key": "desc"}}},
        });
        let aggregations: Aggregations = serde_json::from_value(request)?;
        let collector = AggregationCollector::from_aggs(aggregations, Default::default());
        let results = searcher.search(query, &collector)?;
        let value = serde_json::to_value(results)?;
        let counts = |name: &str| -> FacetCounts {
            value[name]["buckets"]
                .as_array()
                .map(|buckets| {
                    buckets
                        .iter()
                        .filter_map(|b| {
                            Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(Facets {
            lang: counts("lang"),
            source: counts("source"),
            entity: counts("entity"),
            tag: counts("tag"),
            month: counts("month"),
        })
    }

    /// A highlighted snippet of `text` (an article of language `lang`) for
    /// the query, with matches wrapped in `<b>`…`</b>` (the rest escaped).
    pub fn snippet(
        &self,
        query: &Query,
        lang: Option<&str>,
        text: &str,
    ) -> Result<(String, Vec<(usize, usize)>), CorpusError> {
        let searcher = self.reader.searcher();
        let compiled = self.compile(query, &Filters::default())?;
        let (_, _, body) = self.text_fields(lang.unwrap_or(""));
        let mut generator = SnippetGenerator::create(&searcher, &*compiled, body)?;
        generator.set_max_num_chars(240);
        let snippet = generator.snippet(text);
        let fragment = snippet.fragment().to_string();
        let ranges = snippet
            .highlighted()
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        Ok((fragment, ranges))
    }

    fn compile(
        &self,
        query: &Query,
        filters: &Filters,
    ) -> Result<Box<dyn TantivyQuery>, CorpusError> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> =
            vec![(Occur::Must, self.translate(query))];
        let f = &self.fields;
        if let Some(lang) = &filters.lang {
            clauses.push((Occur::Must, keyword(f.lang, &lang.to_lowercase())));
        }
        if let Some(source) = &filters.source {
            clauses.push((Occur::Must, keyword(f.source, &normalize_source(source))));
        }
        if let Some(entity) = &filters.entity {
            clauses.push((Occur::Must, self.entity_query(entity)));
        }
        let since = filters
            .since
            .as_deref()
            .map(|d| date_bound(d, false))
            .transpose()?;
        let until = filters
            .until
            .as_deref()
            .map(|d| date_bound(d, true))
            .transpose()?;
        if since.is_some() || until.is_some() {
            let lower = since.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date_for_search(f.date, d))
            });
            let upper = until.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date_for_search(f.date, d))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn translate(&self, query: &Query) -> Box<dyn TantivyQuery> {
        match query {
            Query::All => Box::new(AllQuery),
            Query::Match {
                field,
                text,
                phrase,
            } => self.match_query(*field, text, *phrase),
            Query::Prefix { field, text } => self.widened(*field, text, Widen::Prefix),
            Query::Fuzzy {
                field,
                text,
                distance,
            } => self.widened(*field, text, Widen::Fuzzy(*distance)),
            Query::Near { field, text, slop } => self.widened(*field, text, Widen::Near(*slop)),
            Query::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = parts
                    .iter()
                    .map(|p| match p {
                        Query::Not(inner) => (Occur::MustNot, self.translate(inner)),
                        other => (Occur::Must, self.translate(other)),
                    })
                    .collect();
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Query::Or(parts) => Box::new(BooleanQuery::new(
                parts
                    .iter()
                    .map(|p| (Occur::Should, self.translate(p)))
                    .collect(),
            )),
            Query::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, self.translate(inner)),
            ])),
        }
    }

    fn match_query(&self, field: QueryField, text: &str, phrase: bool) -> Box<dyn TantivyQuery> {
        let f = &self.fields;
        let mut fields: Vec<(Field, f32)> = Vec::new();
        match field {
            QueryField::Any => {
                for (_, title, body) in &f.text {
                    fields.push((*title, 2.0));
                    fields.push((*body, 1.0));
                }
            }
            QueryField::Title => fields.extend(f.text.iter().map(|(_, t, _)| (*t, 1.0))),
            QueryField::Body => fields.extend(f.text.iter().map(|(_, _, b)| (*b, 1.0))),
            QueryField::Quote => fields.push((f.quote, 1.0)),
            QueryField::Author => fields.push((f.author, 1.0)),
            QueryField::Entity => return self.entity_query(text),
            QueryField::Source => return keyword(f.source, &normalize_source(text)),
            QueryField::Tag => return keyword(f.tag, &text.to_lowercase()),
            QueryField::Lang => return keyword(f.lang, &text.to_lowercase()),
        }
        let _ = phrase; // several words are a phrase whether quoted or joined ("covid-19")
        let clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = fields
            .into_iter()
            .filter_map(|(field, boost)| {
                let q = self.analyzed(field, text)?;
                Some((
                    Occur::Should,
                    Box::new(BoostQuery::new(q, boost)) as Box<dyn TantivyQuery>,
                ))
            })
            .collect();
        if clauses.is_empty() {
            return Box::new(BooleanQuery::new(Vec::new()));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The fields a word of `field` is looked for in, with their boosts
    /// (keyword fields are matched whole, lower-cased).
    fn text_fields_of(&self, field: QueryField) -> (Vec<(Field, f32)>, Option<Field>) {
        let f = &self.fields;
        let mut fields = Vec::new();
        let mut keyword = None;
        match field {
            QueryField::Any => {
                for (_, title, body) in &f.text {
                    fields.push((*title, 2.0));
                    fields.push((*body, 1.0));
                }
            }
            QueryField::Title => fields.extend(f.text.iter().map(|(_, t, _)| (*t, 1.0))),
            QueryField::Body => fields.extend(f.text.iter().map(|(_, _, b)| (*b, 1.0))),
            QueryField::Quote => fields.push((f.quote, 1.0)),
            QueryField::Author => fields.push((f.author, 1.0)),
            QueryField::Entity => {
                fields.push((f.entity_words, 1.0));
                keyword = Some(f.entity);
            }
            QueryField::Source => keyword = Some(f.source),
            QueryField::Tag => keyword = Some(f.tag),
            QueryField::Lang => keyword = Some(f.lang),
        }
        (fields, keyword)
    }

    /// A prefix, fuzzy or proximity search of `text` in `field`: in each
    /// text field, the text as that field's analyser reads it (stemmed in
    /// the stemmed fields), widened; in a keyword field, the whole value
    /// lower-cased. A prefix is looked for both as typed (lower-cased) and
    /// stemmed, since the stemmed fields hold stems ("approved*" finds
    /// "approved", held as "approv").
    fn widened(&self, field: QueryField, text: &str, how: Widen) -> Box<dyn TantivyQuery> {
        let (fields, keyword_field) = self.text_fields_of(field);
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for (field, boost) in fields {
            let terms = self.analyzed_terms(field, text);
            let query: Option<Box<dyn TantivyQuery>> = match how {
                Widen::Prefix => {
                    let mut forms: Vec<String> = vec![text.to_lowercase()];
                    forms.extend(
                        terms
                            .iter()
                            .map(|t| t.value().as_str().unwrap_or("").to_string()),
                    );
                    forms.retain(|f| !f.is_empty());
                    forms.dedup();
                    let prefixes: Vec<(Occur, Box<dyn TantivyQuery>)> = forms
                        .into_iter()
                        .map(|form| (Occur::Should, prefix_query(field, &form)))
                        .collect();
                    (!prefixes.is_empty())
                        .then(|| Box::new(BooleanQuery::new(prefixes)) as Box<dyn TantivyQuery>)
                }
                Widen::Fuzzy(distance) => match terms.len() {
                    0 => None,
                    _ => Some(Box::new(BooleanQuery::new(
                        terms
                            .into_iter()
                            .map(|t| {
                                (
                                    Occur::Must,
                                    Box::new(FuzzyTermQuery::new(t, distance, true))
                                        as Box<dyn TantivyQuery>,
                                )
                            })
                            .collect(),
                    ))),
                },
                Widen::Near(slop) => match terms.len() {
                    0 => None,
                    1 => Some(Box::new(TermQuery::new(
                        terms[0].clone(),
                        IndexRecordOption::WithFreqs,
                    ))),
                    _ => {
                        let mut phrase = PhraseQuery::new(terms);
                        phrase.set_slop(slop);
                        Some(Box::new(phrase))
                    }
                },
            };
            if let Some(query) = query {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
            }
        }
        if let Some(field) = keyword_field {
            let value = text.trim().to_lowercase();
            let value = if field == self.fields.source {
                normalize_source(&value)
            } else {
                value
            };
            let term = Term::from_field_text(field, &value);
            let query: Box<dyn TantivyQuery> = match how {
                Widen::Prefix => prefix_query(field, &value),
                Widen::Fuzzy(distance) => Box::new(FuzzyTermQuery::new(term, distance, true)),
                Widen::Near(_) => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            };
            clauses.push((Occur::Should, query));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The terms the field's analyser makes of `text`.
    fn analyzed_terms(&self, field: Field, text: &str) -> Vec<Term> {
        let Ok(mut analyzer) = self.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(Term::from_field_text(field, &stream.token().text));
        }
        terms
    }

    /// The text analysed with the field's analyzer: a term, or a phrase of terms.
    fn analyzed(&self, field: Field, text: &str) -> Option<Box<dyn TantivyQuery>> {
        let mut analyzer = self.index.tokenizer_for_field(field).ok()?;
        let mut stream = analyzer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(Term::from_field_text(field, &stream.token().text));
        }
        match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                terms.remove(0),
                IndexRecordOption::WithFreqs,
            ))),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    fn entity_query(&self, name: &str) -> Box<dyn TantivyQuery> {
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = vec![(
            Occur::Should,
            keyword(self.fields.entity, &name.to_lowercase()),
        )];
        if let Some(words) = self.analyzed(self.fields.entity_words, name) {
            clauses.push((Occur::Should, words));
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The `id` and `group` columns of every segment, by segment ordinal:
/// opened once per search rather than once per hit.
type IdColumns = Vec<(
    tantivy::columnar::Column<u64>,
    tantivy::columnar::Column<u64>,
)>;

fn id_and_group_columns(searcher: &tantivy::Searcher) -> Result<IdColumns, CorpusError> {
    let mut columns = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        columns.push((fast.u64("id")?, fast.u64("group")?));
    }
    Ok(columns)
}

/// How a word or phrase is widened.
#[derive(Debug, Clone, Copy)]
enum Widen {
    Prefix,
    Fuzzy(u8),
    Near(u32),
}

/// Words a prefix expands to, at most, per field (the first in
/// alphabetical order), so that a short prefix stays a bounded search.
pub const MAX_PREFIX_WORDS: u32 = 300;

/// The words of `field` starting with `prefix`.
fn prefix_query(field: Field, prefix: &str) -> Box<dyn TantivyQuery> {
    let mut query = PhrasePrefixQuery::new(vec![Term::from_field_text(field, prefix)]);
    query.set_max_expansions(MAX_PREFIX_WORDS);
    Box::new(query)
}

/// Collects the duplicate groups of the matching documents, for the
/// number of results once copies are folded (one pass over the `group`
/// column of the matches, no stored fields read).
struct DistinctGroups;

struct SegmentGroups {
    column: tantivy::columnar::Column<u64>,
    groups: std::collections::HashSet<u64>,
}

impl Collector for DistinctGroups {
    type Fruit = std::collections::HashSet<u64>;
    type Child = SegmentGroups;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentGroups> {
        Ok(SegmentGroups {
            column: reader.fast_fields().u64("group")?,
            groups: std::collections::HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<std::collections::HashSet<u64>>,
    ) -> tantivy::Result<std::collections::HashSet<u64>> {
        let mut all = std::collections::HashSet::new();
        for fruit in fruits {
            all.extend(fruit);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentGroups {
    type Fruit = std::collections::HashSet<u64>;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(group) = self.column.first(doc) {
            self.groups.insert(group);
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.groups
    }
}

/// What the index needs beyond the article record: from the analysis.
#[derive(Debug, Clone, Default)]
pub struct IndexExtras {
    /// Names of its main entities, searched and faceted as `entity`.
    pub entities: Vec<String>,
    /// Its quotes, searched as `quote`.
    pub quotes: Vec<String>,
}

fn keyword(field: Field, value: &str) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// A `source:` value or `--source` filter as the domain it names
/// (`https://www.Reuters.com/x` → `reuters.com`).
pub fn normalize_source(source: &str) -> String {
    let s = source.trim().to_lowercase();
    let s = s
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let s = s.split('/').next().unwrap_or("");
    s.strip_prefix("www.").unwrap_or(s).to_string()
}

fn parse_date(rfc3339: &str) -> Option<DateTime> {
    let t = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    Some(DateTime::from_timestamp_secs(t.timestamp()))
}

/// A `--since`/`--until` value: a date (the day's start, or its end for
/// `until`) or an RFC 3339 time.
fn date_bound(raw: &str, end_of_day: bool) -> Result<DateTime, CorpusError> {
    if let Some(t) = parse_date(raw.trim()) {
        return Ok(t);
    }
    let day = chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| CorpusError::BadInput(format!("not a date (want YYYY-MM-DD): {raw:?}")))?;
    let time = if end_of_day {
        day.and_hms_opt(23, 59, 59)
    } else {
        day.and_hms_opt(0, 0, 0)
    };
    let t = time.ok_or_else(|| CorpusError::BadInput(format!("not a date: {raw:?}")))?;
    Ok(DateTime::from_timestamp_secs(t.and_utc().timestamp()))
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let id = builder.add_u64_field("id", INDEXED | STORED | FAST);
    let group = builder.add_u64_field("group", FAST);
    let story = builder.add_u64_field("story", INDEXED | FAST);
    let date = builder.add_date_field("date", DateOptions::default().set_indexed().set_fast());
    let text_options = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut text = Vec::new();
    for lang in STEMMED.iter().map(|(l, _)| *l).chain([OTHER]) {
        let analyzer = format!("nd_{lang}");
        let title = builder.add_text_field(&format!("title_{lang}"), text_options(&analyzer));
        let body = builder.add_text_field(&format!("body_{lang}"), text_options(&analyzer));
        text.push((lang.to_string(), title, body));
    }
    let keyword_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast(KEYWORD);
    // Entities and tags are matched case-insensitively but counted (and
    // shown in facets) as written.
    let display_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(KEYWORD)
                .set_index_option(IndexRecordOption::Basic),
        )
        .set_fast("raw");
    let plain = format!("nd_{OTHER}");
    let fields = Fields {
        id,
        group,
        story,
        date,
        entity: builder.add_text_field("entity", display_options.clone()),
        entity_words: builder.add_text_field("entity_words", text_options(&plain)),
        quote: builder.add_text_field("quote", text_options(&plain)),
        author: builder.add_text_field("author", text_options(&plain)),
        source: builder.add_text_field("source", keyword_options.clone()),
        tag: builder.add_text_field("tag", display_options),
        lang: builder.add_text_field("lang", keyword_options.clone()),
        month: builder.add_text_field("month", keyword_options),
        text,
    };
    (builder.build(), fields)
}

fn register_tokenizers(index: &TantivyIndex) {
    let manager = index.tokenizers();
    for (lang, stemmer) in STEMMED {
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(Stemmer::new(stemmer))
            .build();
        manager.register(&format!("nd_{lang}"), analyzer);
    }
    let plain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    manager.register(&format!("nd_{OTHER}"), plain);
    let keyword = TextAnalyzer::builder(RawTokenizer::default())
        .filter(RemoveLongFilter::limit(200))
        .filter(LowerCaser)
        .build();
    manager.register(KEYWORD, keyword.clone());
    index.fast_field_tokenizer().register(KEYWORD, keyword);
}
