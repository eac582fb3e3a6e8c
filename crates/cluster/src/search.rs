//! Search from PostgreSQL: newsdesk's query tree ([`newsdesk_corpus::Query`])
//! translated to SQL over the `tsvector` columns, with the embedded index's
//! filters, sorts, collapsing of copies, snippets and facets, answering with
//! the same [`SearchResults`].
//!
//! **Per-language analysis, exactly.** Every article is analysed with its
//! own language's configuration (`ts_config`), as the embedded index puts it
//! in its language's fields; a word or phrase matches when
//! `phraseto_tsquery(<the article's configuration>, text)` does (several
//! words are a phrase, as in the index). That per-row test cannot use an
//! index, so each is paired with `tsv @@ newsdesk_any_tsquery(text)` — the
//! text analysed by every configuration, a constant — which a GIN index
//! answers first and which is implied by the exact test.
//!
//! Fields: title and body (`tsv_title`, `tsv_body`), `quote:`, `author:`
//! and the words of `entity:` (`newsdesk_simple`), whole entity names and
//! tags (lower-cased arrays), `source:` (the domain), `lang:`. Relevance is
//! `ts_rank` (title twice the body), not BM25: the same articles match, in a
//! different order.

use std::collections::HashSet;

use newsdesk_corpus::index::normalize_source;
use newsdesk_corpus::query::Field;
use newsdesk_corpus::{
    lead, parse_query, Facets, Filters, Query, SearchHit, SearchRequest, SearchResults, Sort,
};
use postgres::types::ToSql;

use crate::{ClusterError, PgStore};

/// Marks around matches in `ts_headline` output (private-use characters).
const START: char = '\u{E000}';
const STOP: char = '\u{E001}';

/// A WHERE clause under construction, with its text parameters.
#[derive(Default)]
pub(crate) struct Sql {
    params: Vec<String>,
    /// Per-row tsqueries of the positive text matches, for ranking and snippets.
    rank_terms: Vec<String>,
    /// A part of the query this backend cannot run, if any.
    unsupported: Option<&'static str>,
}

impl Sql {
    /// The WHERE condition selecting the latest revisions that match
    /// `query` (the query language) and `filters`, with its parameters.
    pub(crate) fn condition(query: &str, filters: &Filters) -> Result<(Sql, String), ClusterError> {
        let query = parse_query(query).map_err(|e| ClusterError::BadInput(e.to_string()))?;
        let mut sql = Sql::default();
        let mut clauses = vec!["a.latest".to_string(), sql.translate(&query, true)];
        if let Some(what) = sql.unsupported {
            return Err(ClusterError::BadInput(format!(
                "{what} are run by the embedded corpus; this backend does not run them yet"
            )));
        }
        clauses.extend(sql.filters(filters)?);
        let condition = clauses.join(" AND ");
        Ok((sql, condition))
    }

    fn param(&mut self, value: String) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    fn translate(&mut self, query: &Query, positive: bool) -> String {
        match query {
            Query::All => "TRUE".into(),
            Query::Match { field, text, .. } => self.matching(*field, text, positive),
            Query::Prefix { field, text } => self.prefix(*field, text, positive),
            Query::Fuzzy { .. } => self.refuse("fuzzy searches (word~N)"),
            Query::Near { .. } => self.refuse("proximity searches (\"…\"~N)"),
            Query::And(parts) => {
                let parts: Vec<String> = parts
                    .iter()
                    .map(|p| format!("({})", self.translate(p, positive)))
                    .collect();
                format!("({})", parts.join(" AND "))
            }
            Query::Or(parts) => {
                let parts: Vec<String> = parts
                    .iter()
                    .map(|p| format!("({})", self.translate(p, positive)))
                    .collect();
                format!("({})", parts.join(" OR "))
            }
            Query::Not(inner) => format!("NOT ({})", self.translate(inner, !positive)),
        }
    }

    /// Notes a part of the query this backend cannot run (the condition
    /// is then refused as a whole).
    fn refuse(&mut self, what: &'static str) -> String {
        self.unsupported.get_or_insert(what);
        "FALSE".into()
    }

    fn matching(&mut self, field: Field, text: &str, positive: bool) -> String {
        let text_match = |sql: &mut Sql, columns: &[&str]| {
            let p = sql.param(text.to_string());
            if positive {
                sql.rank_terms
                    .push(format!("phraseto_tsquery(a.ts_config, {p})"));
            }
            let tests: Vec<String> = columns
                .iter()
                .map(|c| {
                    format!(
                        "(a.{c} @@ newsdesk_any_tsquery({p}) AND a.{c} @@ phraseto_tsquery(a.ts_config, {p}))"
                    )
                })
                .collect();
            format!("({})", tests.join(" OR "))
        };
        match field {
            Field::Any => text_match(self, &["tsv_title", "tsv_body"]),
            Field::Title => text_match(self, &["tsv_title"]),
            Field::Body => text_match(self, &["tsv_body"]),
            Field::Quote => {
                let p = self.param(text.to_string());
                format!("a.tsv_quotes @@ phraseto_tsquery('newsdesk_simple', {p})")
            }
            Field::Author => {
                let p = self.param(text.to_string());
                format!("a.tsv_authors @@ phraseto_tsquery('newsdesk_simple', {p})")
            }
            Field::Entity => self.entity(text),
            Field::Source => {
                let p = self.param(normalize_source(text));
                format!("COALESCE(a.domain, '') = {p}")
            }
            Field::Tag => {
                let p = self.param(text.to_lowercase());
                format!("a.tag_keys @> ARRAY[{p}::text]")
            }
            Field::Lang => {
                let p = self.param(text.to_lowercase());
                format!("lower(COALESCE(a.language, '')) = {p}")
            }
        }
    }

    /// A prefix (`strik*`): the words of the field starting with it, as
    /// typed (lower-cased) or as the article's configuration stems it, as
    /// the embedded index looks for both ("approved*" finds "approved",
    /// held as "approv"); a keyword field's whole value starting with it.
    /// Each text test is paired with the prefix under every configuration,
    /// a constant the GIN indexes answer first. Unlike the index, PostgreSQL
    /// does not stop at the first [`newsdesk_corpus::index::MAX_PREFIX_WORDS`]
    /// words of a prefix, so a very short prefix may find more here.
    fn prefix(&mut self, field: Field, text: &str, positive: bool) -> String {
        let text_match = |sql: &mut Sql, columns: &[&str]| {
            let p = sql.param(prefix_lexeme(text));
            let exact = format!("(to_tsquery(a.ts_config, {p}) || to_tsquery('simple', {p}))");
            if positive {
                sql.rank_terms.push(exact.clone());
            }
            let any = any_config_prefix(&p);
            let tests: Vec<String> = columns
                .iter()
                .map(|c| format!("(a.{c} @@ {any} AND a.{c} @@ {exact})"))
                .collect();
            format!("({})", tests.join(" OR "))
        };
        let simple = |sql: &mut Sql, column: &str| {
            let p = sql.param(prefix_lexeme(text));
            format!(
                "a.{column} @@ (to_tsquery('newsdesk_simple', {p}) || to_tsquery('simple', {p}))"
            )
        };
        let value = text.trim().to_lowercase();
        match field {
            Field::Any => text_match(self, &["tsv_title", "tsv_body"]),
            Field::Title => text_match(self, &["tsv_title"]),
            Field::Body => text_match(self, &["tsv_body"]),
            Field::Quote => simple(self, "tsv_quotes"),
            Field::Author => simple(self, "tsv_authors"),
            // A name starting with the prefix has a first word starting
            // with it, so the words of the names answer for both.
            Field::Entity => simple(self, "tsv_entities"),
            Field::Source => {
                let p = self.param(like_prefix(&normalize_source(&value)));
                format!("COALESCE(a.domain, '') LIKE {p}")
            }
            Field::Tag => {
                let p = self.param(like_prefix(&value));
                format!("EXISTS (SELECT 1 FROM unnest(a.tag_keys) k WHERE k LIKE {p})")
            }
            Field::Lang => {
                let p = self.param(like_prefix(&value));
                format!("lower(COALESCE(a.language, '')) LIKE {p}")
            }
        }
    }

    /// An entity: its whole name, or its words as a phrase.
    fn entity(&mut self, name: &str) -> String {
        let key = self.param(name.to_lowercase());
        let words = self.param(name.to_string());
        format!(
            "(a.entity_keys @> ARRAY[{key}::text] OR a.tsv_entities @@ phraseto_tsquery('newsdesk_simple', {words}))"
        )
    }

    fn filters(&mut self, filters: &Filters) -> Result<Vec<String>, ClusterError> {
        let mut clauses = Vec::new();
        if let Some(lang) = &filters.lang {
            let p = self.param(lang.to_lowercase());
            clauses.push(format!("lower(COALESCE(a.language, '')) = {p}"));
        }
        if let Some(source) = &filters.source {
            let p = self.param(normalize_source(source));
            clauses.push(format!("COALESCE(a.domain, '') = {p}"));
        }
        if let Some(entity) = &filters.entity {
            clauses.push(self.entity(entity));
        }
        if let Some(since) = &filters.since {
            let p = self.param(date_bound(since, false)?);
            clauses.push(format!("a.date >= {p}"));
        }
        if let Some(until) = &filters.until {
            let p = self.param(date_bound(until, true)?);
            clauses.push(format!("a.date <= {p}"));
        }
        Ok(clauses)
    }

    pub(crate) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| p as &(dyn ToSql + Sync))
            .collect()
    }
}

/// A prefix as `to_tsquery` input: the text quoted (so no character of it
/// is an operator) and marked as a prefix.
fn prefix_lexeme(text: &str) -> String {
    let quoted = text.trim().replace('\\', "\\\\").replace('\'', "''");
    format!("'{quoted}':*")
}

/// A `LIKE` pattern matching values that start with `prefix`.
fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The prefix in parameter `p` under every configuration an article may
/// have, and lower-cased as typed: a constant tsquery implied by the
/// per-row test, for the GIN indexes.
fn any_config_prefix(p: &str) -> String {
    let mut parts: Vec<String> = crate::schema::STEMMED
        .iter()
        .map(|(_, name)| format!("to_tsquery('newsdesk_{name}', {p})"))
        .collect();
    parts.push(format!("to_tsquery('newsdesk_simple', {p})"));
    parts.push(format!("to_tsquery('simple', {p})"));
    format!("({})", parts.join(" || "))
}

/// A `--since`/`--until` value as a stored date string (RFC 3339 UTC,
/// seconds): a day's start (or end, for `until`) or a time.
fn date_bound(raw: &str, end_of_day: bool) -> Result<String, ClusterError> {
    use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| ClusterError::BadInput(format!("not a date (want YYYY-MM-DD): {raw:?}")))?;
    let time = if end_of_day {
        day.and_hms_opt(23, 59, 59)
    } else {
        day.and_hms_opt(0, 0, 0)
    };
    let t = time.ok_or_else(|| ClusterError::BadInput(format!("not a date: {raw:?}")))?;
    Ok(t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// The most matches a folded search reads to fill its page.
const MAX_FOLDED_READ: usize = 200_000;

impl PgStore {
    /// Searches the corpus, as [`newsdesk_corpus::Corpus::search`] does.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, ClusterError> {
        let limit = request.limit.clamp(1, 1000);
        let want = (request.offset + limit) * if request.collapse { 4 } else { 1 } + 10;
        let (sql, condition) = Sql::condition(&request.query, &request.filters)?;
        let rank_query = if sql.rank_terms.is_empty() {
            None
        } else {
            Some(format!("({})", sql.rank_terms.join(" || ")))
        };
        let score = match &rank_query {
            Some(q) => {
                format!("(2 * ts_rank(a.tsv_title, {q}) + ts_rank(a.tsv_body, {q}))::float4")
            }
            None => "1::float4".to_string(),
        };
        let order = match request.sort {
            Sort::Relevance => "score DESC, a.id",
            Sort::Date => "a.date DESC NULLS LAST, a.id",
        };
        let mut client = self.client();
        let params = sql.refs();
        let total: i64 = client
            .query_one(
                &format!("SELECT COUNT(*) FROM articles a WHERE {condition}"),
                &params,
            )?
            .get(0);
        let groups: i64 = client
            .query_one(
                &format!("SELECT COUNT(DISTINCT a.dup_group) FROM articles a WHERE {condition}"),
                &params,
            )?
            .get(0);
        // Folding copies can leave fewer groups among the top rows than the
        // page needs; read deeper then, as the embedded corpus does.
        let needed = request.offset + limit;
        let mut want = want;
        let rows = loop {
            let rows = client.query(
                &format!(
                    "SELECT a.id, a.dup_group, {score} AS score FROM articles a WHERE {condition}
                     ORDER BY {order} LIMIT {want}"
                ),
                &params,
            )?;
            if !request.collapse || rows.len() < want || want >= MAX_FOLDED_READ {
                break rows;
            }
            let folded = rows
                .iter()
                .map(|r| r.get::<_, i64>(1))
                .collect::<HashSet<_>>()
                .len();
            if folded >= needed.min(groups.max(0) as usize) {
                break rows;
            }
            want = (want * 4).min(MAX_FOLDED_READ);
        };
        let mut seen_groups = HashSet::new();
        let chosen: Vec<(i64, f32)> = rows
            .iter()
            .map(|r| (r.get::<_, i64>(0), r.get::<_, i64>(1), r.get::<_, f32>(2)))
            .filter(|(_, group, _)| !request.collapse || seen_groups.insert(*group))
            .skip(request.offset)
            .take(limit)
            .map(|(id, _, score)| (id, score))
            .collect();
        let headline_query = rank_query.unwrap_or_else(|| "''::tsquery".to_string());
        let id_param = format!("${}", sql.params.len() + 1);
        // Typed, because the detail query does not use every parameter.
        let mut types = vec![postgres::types::Type::TEXT; sql.params.len()];
        types.push(postgres::types::Type::INT8);
        let detail = client.prepare_typed(
            &format!(
                "SELECT a.title, a.url, a.domain, a.date, a.language, a.dup_group, a.story_id,
                (SELECT COUNT(*) FROM articles c WHERE c.dup_group = a.dup_group AND c.latest) - 1,
                ts_headline(a.ts_config, b.text, {headline_query},
                    'StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=20, MaxFragments=1'),
                b.text
             FROM articles a JOIN bodies b ON b.article_id = a.id WHERE a.id = {id_param}"
            ),
            &types,
        )?;
        let mut hits = Vec::with_capacity(chosen.len());
        for (id, score) in chosen {
            let mut with_id = sql.refs();
            with_id.push(&id);
            let Some(row) = client.query_opt(&detail, &with_id)? else {
                continue;
            };
            let headline: String = row.get(8);
            let (snippet, byte_ranges) = unmark(&headline);
            let highlights = newsdesk_corpus::highlight_ranges(&snippet, &byte_ranges);
            let snippet = if highlights.is_empty() {
                lead(&row.get::<_, String>(9), 240)
            } else {
                snippet
            };
            hits.push(SearchHit {
                id,
                score,
                title: row.get(0),
                url: row.get(1),
                source: row.get(2),
                date: row.get(3),
                language: row.get(4),
                snippet,
                highlights: if highlights.is_empty() {
                    Vec::new()
                } else {
                    highlights
                },
                dup_group: row.get(5),
                copies: row.get::<_, i64>(7).max(0),
                story: row.get(6),
            });
        }
        let facets = if request.facets {
            facets(&mut client, &condition, &params)?
        } else {
            Facets::default()
        };
        Ok(SearchResults {
            total: total as usize,
            groups: groups as usize,
            hits,
            facets,
        })
    }
}

impl PgStore {
    /// The ids of the latest revisions matching `query`, newest first (as
    /// the embedded index's date order), at most `limit`.
    pub fn matching_ids(&self, query: &str, limit: usize) -> Result<Vec<i64>, ClusterError> {
        let (sql, condition) = Sql::condition(query, &Filters::default())?;
        let limit = limit.min(i64::MAX as usize);
        let rows = self.client().query(
            &format!(
                "SELECT a.id FROM articles a WHERE {condition}
                 ORDER BY a.date DESC NULLS LAST, a.id LIMIT {limit}"
            ),
            &sql.refs(),
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

/// The snippet without its marks, and the byte ranges they enclosed.
fn unmark(marked: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(marked.len());
    let mut ranges = Vec::new();
    let mut start = None;
    for c in marked.chars() {
        match c {
            START => start = Some(text.len()),
            STOP => {
                if let Some(s) = start.take() {
                    ranges.push((s, text.len()));
                }
            }
            c => text.push(c),
        }
    }
    (text, ranges)
}

fn facets(
    client: &mut postgres::Client,
    condition: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Facets, ClusterError> {
    let mut counts =
        |value: &str, order: &str, size: i64| -> Result<Vec<(String, u64)>, ClusterError> {
            let rows = client.query(
                &format!(
                "SELECT v, COUNT(*) FROM (SELECT {value} AS v FROM articles a WHERE {condition}) m
                 WHERE v IS NOT NULL AND v <> '' GROUP BY v ORDER BY {order} LIMIT {size}"
            ),
                params,
            )?;
            Ok(rows
                .iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u64))
                .collect())
        };
    Ok(Facets {
        lang: counts("lower(a.language)", "2 DESC, 1", 20)?,
        source: counts("a.domain", "2 DESC, 1", 20)?,
        // An article counts once per name, as in the index, even when its
        // analysis has the name twice (two kinds).
        entity: counts(
            "unnest(ARRAY(SELECT DISTINCT n FROM unnest(a.entity_names) n))",
            "2 DESC, 1",
            20,
        )?,
        tag: counts(
            "unnest(ARRAY(SELECT DISTINCT n FROM unnest(a.tag_names) n))",
            "2 DESC, 1",
            20,
        )?,
        month: counts("left(a.date, 7)", "1 DESC", 24)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_ranges() {
        let (text, ranges) = unmark("the \u{E000}port\u{E001} reopened \u{E000}é\u{E001}");
        assert_eq!(text, "the port reopened é");
        assert_eq!(ranges, vec![(4, 8), (18, 20)]);
    }

    #[test]
    fn queries_become_parameterised_sql() {
        let query = parse_query("port -strike source:www.Example.com").unwrap();
        let mut sql = Sql::default();
        let clause = sql.translate(&query, true);
        assert!(clause.contains("NOT ("));
        assert_eq!(sql.params, vec!["port", "strike", "example.com"]);
        assert_eq!(sql.rank_terms.len(), 1);
        assert!(!clause.contains("example.com"));
    }

    #[test]
    fn prefixes_are_parameterised_and_escaped() {
        let (sql, condition) =
            Sql::condition("strik* source:port* tag:50%* lang:en*", &Filters::default()).unwrap();
        assert_eq!(sql.params, vec!["'strik':*", "port%", "50\\%%", "en%"]);
        assert!(condition.contains("to_tsquery(a.ts_config, $1)"));
        assert!(condition.contains("to_tsquery('newsdesk_russian', $1)"));
        assert_eq!(sql.rank_terms.len(), 1);
        assert_eq!(prefix_lexeme("o'brie"), "'o''brie':*");
        assert_eq!(prefix_lexeme("a\\b"), "'a\\\\b':*");
        assert_eq!(like_prefix("a_b"), "a\\_b%");
    }

    #[test]
    fn fuzzy_and_proximity_are_refused_clearly() {
        for (query, named) in [
            ("Roterdam~1", "fuzzy"),
            ("\"port strike\"~3", "proximity"),
            ("strik* Roterdam~1", "fuzzy"),
        ] {
            let error = match Sql::condition(query, &Filters::default()) {
                Err(ClusterError::BadInput(message)) => message,
                Err(other) => panic!("{query}: {other}"),
                Ok(_) => panic!("{query} was accepted"),
            };
            assert!(error.contains(named), "{query}: {error}");
        }
        assert!(Sql::condition("port strike", &Filters::default()).is_ok());
    }

    #[test]
    fn date_bounds_cover_whole_days() {
        assert_eq!(
            date_bound("2024-05-01", false).unwrap(),
            "2024-05-01T00:00:00Z"
        );
        assert_eq!(
            date_bound("2024-05-01", true).unwrap(),
            "2024-05-01T23:59:59Z"
        );
        assert!(date_bound("May", false).is_err());
    }
}
