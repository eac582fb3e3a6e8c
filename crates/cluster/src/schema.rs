//! The PostgreSQL schema of cluster mode: the embedded store's tables
//! (sources, captures, articles with revisions, analyses, entities, quotes,
//! signatures and LSH bands, duplicate groups, stories and their signals,
//! copy prints and translation links, a change log) plus what stands in for the tantivy index — per-article
//! `tsvector` columns built with newsdesk's own text search configurations,
//! GIN indexes — and what the workers share (problems, per-host slots).
//!
//! Migrations are numbered and applied in order, each in its own
//! transaction, under a session advisory lock so that workers starting
//! together do not race; a database written by a newer newsdesk is refused.
//!
//! **Text search configurations.** PostgreSQL's `english`, `russian`, …
//! drop stop words and the embedded index does not, so the same query would
//! find different articles. Each `newsdesk_<language>` configuration uses the
//! same Snowball stemmer as the embedded index, without a stop-word list;
//! `newsdesk_simple` lower-cases and strips accents (`unaccent`), like the
//! index's `other` fields.

use postgres::Client;

use crate::ClusterError;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = 3;

/// Languages with a stemmed configuration: ISO 639-1 code and Snowball name.
pub const STEMMED: [(&str, &str); 10] = [
    ("en", "english"),
    ("ru", "russian"),
    ("de", "german"),
    ("fr", "french"),
    ("es", "spanish"),
    ("pt", "portuguese"),
    ("it", "italian"),
    ("tr", "turkish"),
    ("nl", "dutch"),
    ("sv", "swedish"),
];

/// The configuration that analyses an article of language `lang`.
pub fn ts_config(lang: Option<&str>) -> String {
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    STEMMED.iter().find(|(code, _)| *code == lang).map_or_else(
        || "newsdesk_simple".to_string(),
        |(_, name)| format!("newsdesk_{name}"),
    )
}

/// Arbitrary key of the advisory lock held while migrating.
const MIGRATION_LOCK: i64 = 0x6e65_7773_6d69_6772;

fn migration_1() -> String {
    let word_types = "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart";
    let mut sql = String::from(
        "CREATE EXTENSION IF NOT EXISTS unaccent;\n\
         CREATE TEXT SEARCH CONFIGURATION newsdesk_simple (COPY = simple);\n",
    );
    sql.push_str(&format!(
        "ALTER TEXT SEARCH CONFIGURATION newsdesk_simple ALTER MAPPING FOR {word_types} WITH unaccent, simple;\n"
    ));
    let mut any = Vec::new();
    for (_, name) in STEMMED {
        sql.push_str(&format!(
            "CREATE TEXT SEARCH DICTIONARY newsdesk_{name}_stem (TEMPLATE = snowball, Language = {name});\n\
             CREATE TEXT SEARCH CONFIGURATION newsdesk_{name} (COPY = simple);\n\
             ALTER TEXT SEARCH CONFIGURATION newsdesk_{name} ALTER MAPPING FOR {word_types} WITH newsdesk_{name}_stem;\n"
        ));
        any.push(format!("phraseto_tsquery('newsdesk_{name}', q)"));
    }
    any.push("phraseto_tsquery('newsdesk_simple', q)".into());
    // A query matching the text as analysed by any configuration: true
    // whenever the article's own configuration matches, and a constant, so
    // that a GIN index can narrow the rows before the exact per-row check.
    sql.push_str(&format!(
        "CREATE FUNCTION newsdesk_any_tsquery(q text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $f$ SELECT {} $f$;\n",
        any.join(" || ")
    ));
    sql.push_str(SCHEMA_1);
    sql
}

const SCHEMA_1: &str = r#"
CREATE TABLE sources (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    first_ingested TEXT NOT NULL,
    last_ingested TEXT NOT NULL
);
-- Every page seen, once: a redelivered job finds its capture here and stops.
CREATE TABLE captures (
    id BIGSERIAL PRIMARY KEY,
    hash BIGINT NOT NULL UNIQUE,
    source_id BIGINT NOT NULL REFERENCES sources(id),
    location TEXT NOT NULL,
    url TEXT,
    fetched_at TEXT,
    ingested_at TEXT NOT NULL,
    article_id BIGINT,
    error TEXT,
    etag TEXT,
    last_modified TEXT
);
CREATE INDEX captures_url ON captures (url);
-- One row per revision; `key` is the article's identity (canonical URL).
CREATE TABLE articles (
    id BIGINT PRIMARY KEY,
    key TEXT NOT NULL,
    revision BIGINT NOT NULL,
    latest BOOLEAN NOT NULL,
    text_hash BIGINT NOT NULL,
    url TEXT,
    canonical_url TEXT,
    domain TEXT,
    title TEXT,
    published TEXT,
    date TEXT,
    version_at TEXT,
    language TEXT,
    site_name TEXT,
    dup_group BIGINT NOT NULL,
    story_id BIGINT NOT NULL,
    ingested_at TEXT NOT NULL,
    -- Search (latest revisions only are searched).
    ts_config REGCONFIG NOT NULL,
    tsv_title TSVECTOR NOT NULL,
    tsv_body TSVECTOR NOT NULL,
    tsv_entities TSVECTOR NOT NULL,
    tsv_quotes TSVECTOR NOT NULL,
    tsv_authors TSVECTOR NOT NULL,
    entity_keys TEXT[] NOT NULL,
    entity_names TEXT[] NOT NULL,
    tag_keys TEXT[] NOT NULL,
    tag_names TEXT[] NOT NULL,
    UNIQUE (key, text_hash)
);
-- At most one searchable revision per article, whatever two workers do.
CREATE UNIQUE INDEX articles_one_latest ON articles (key) WHERE latest;
CREATE INDEX articles_key ON articles (key, revision);
CREATE INDEX articles_text_hash ON articles (text_hash) WHERE latest;
CREATE INDEX articles_group ON articles (dup_group);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_date ON articles (date) WHERE latest;
CREATE INDEX articles_domain ON articles (domain) WHERE latest;
CREATE INDEX articles_tsv_title ON articles USING GIN (tsv_title) WHERE latest;
CREATE INDEX articles_tsv_body ON articles USING GIN (tsv_body) WHERE latest;
CREATE INDEX articles_tsv_entities ON articles USING GIN (tsv_entities) WHERE latest;
CREATE INDEX articles_tsv_quotes ON articles USING GIN (tsv_quotes) WHERE latest;
CREATE INDEX articles_tsv_authors ON articles USING GIN (tsv_authors) WHERE latest;
CREATE INDEX articles_entity_keys ON articles USING GIN (entity_keys) WHERE latest;
CREATE INDEX articles_tag_keys ON articles USING GIN (tag_keys) WHERE latest;
CREATE TABLE bodies (article_id BIGINT PRIMARY KEY REFERENCES articles(id), text TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE analyses (article_id BIGINT PRIMARY KEY REFERENCES articles(id), record TEXT NOT NULL);
CREATE TABLE entities (
    article_id BIGINT NOT NULL REFERENCES articles(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    salience DOUBLE PRECISION NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]',
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_name ON entities (name);
CREATE INDEX entities_article ON entities (article_id);
CREATE TABLE quotes (article_id BIGINT NOT NULL REFERENCES articles(id), speaker TEXT, text TEXT NOT NULL);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE TABLE signatures (article_id BIGINT PRIMARY KEY REFERENCES articles(id), minhash BYTEA NOT NULL, dup_group BIGINT NOT NULL);
CREATE TABLE bands (key BIGINT NOT NULL, article_id BIGINT NOT NULL, PRIMARY KEY (key, article_id));
CREATE TABLE dup_groups (id BIGINT PRIMARY KEY, original BIGINT NOT NULL, original_date TEXT, size BIGINT NOT NULL);
CREATE TABLE stories (id BIGINT PRIMARY KEY, title TEXT, first_seen TEXT, last_seen TEXT, size BIGINT NOT NULL);
CREATE TABLE story_keys (key TEXT NOT NULL, date TEXT NOT NULL, article_id BIGINT NOT NULL, PRIMARY KEY (key, date, article_id));
CREATE TABLE story_norms (article_id BIGINT PRIMARY KEY, all_keys DOUBLE PRECISION NOT NULL, shared_keys DOUBLE PRECISION NOT NULL, story_id BIGINT NOT NULL);
CREATE TABLE key_df (key TEXT PRIMARY KEY, df BIGINT NOT NULL);
-- Every article insert or replacement, in order: what an external index
-- (OpenSearch) would follow.
CREATE TABLE changes (seq BIGSERIAL PRIMARY KEY, article_id BIGINT NOT NULL, op TEXT NOT NULL);
-- Jobs that could not be done (fetch refused or failed, delivered too often).
CREATE TABLE problems (
    id BIGSERIAL PRIMARY KEY,
    time TIMESTAMPTZ NOT NULL DEFAULT now(),
    location TEXT NOT NULL,
    message TEXT NOT NULL,
    worker TEXT
);
-- The per-host clock shared by every worker: the next time a request may start.
CREATE TABLE host_slots (host TEXT PRIMARY KEY, next_at TIMESTAMPTZ NOT NULL);
"#;

/// Translation links, as the embedded store keeps them: what a translation
/// of each article would keep (`newsdesk_corpus::translation::CopyPrint`,
/// as JSON), and which article is a translated copy of which.
const SCHEMA_2: &str = r#"
CREATE TABLE copy_prints (article_id BIGINT PRIMARY KEY REFERENCES articles(id), language TEXT NOT NULL, print TEXT NOT NULL);
CREATE TABLE translations (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id),
    original_id BIGINT NOT NULL REFERENCES articles(id),
    confidence DOUBLE PRECISION NOT NULL
);
CREATE INDEX translations_original ON translations (original_id);
"#;

/// The evidence for one entity across articles, as the embedded store keeps
/// it (`newsdesk_corpus::canonical`): each alias a latest revision gave an
/// entity, and each person's spelling key (filled by `fill_spellings`).
const SCHEMA_3: &str = r#"
CREATE TABLE entity_aliases (article_id BIGINT NOT NULL, alias TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX entity_aliases_alias ON entity_aliases (alias, name);
CREATE INDEX entity_aliases_name ON entity_aliases (name, alias);
INSERT INTO entity_aliases (article_id, alias, name)
    SELECT e.article_id, j.alias, e.name
    FROM entities e JOIN articles a ON a.id = e.article_id AND a.latest,
        jsonb_array_elements_text(CASE WHEN left(e.aliases, 1) = '[' THEN e.aliases::jsonb ELSE '[]'::jsonb END) AS j(alias)
    WHERE j.alias <> e.name;
CREATE TABLE entity_spellings (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name));
CREATE INDEX entity_spellings_name ON entity_spellings (name);
"#;

/// Files every stored person's name under its spelling key.
fn fill_spellings(tx: &mut postgres::Transaction<'_>) -> Result<(), ClusterError> {
    let rows = tx.query(
        "SELECT DISTINCT name FROM entities WHERE kind = 'person'",
        &[],
    )?;
    for row in rows {
        let name: String = row.get(0);
        add_spelling(tx, &name, "person")?;
    }
    Ok(())
}

/// Files a name under its spelling key, if it has one.
pub(crate) fn add_spelling(
    tx: &mut impl postgres::GenericClient,
    name: &str,
    kind: &str,
) -> Result<(), ClusterError> {
    if let Some(key) = newsdesk_corpus::canonical::spelling_key(name, kind) {
        tx.execute(
            "INSERT INTO entity_spellings (key, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&key, &name],
        )?;
    }
    Ok(())
}

/// Brings the schema up to date (creating it in an empty database).
pub fn migrate(client: &mut Client) -> Result<(), ClusterError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = migrate_locked(client);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    result?;
    unlocked?;
    Ok(())
}

fn migrate_locked(client: &mut Client) -> Result<(), ClusterError> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS newsdesk_schema (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )?;
    let current = schema_version(client)?;
    if current > SCHEMA_VERSION {
        return Err(ClusterError::NewerSchema(current, SCHEMA_VERSION));
    }
    let migrations = [migration_1(), SCHEMA_2.to_string(), SCHEMA_3.to_string()];
    for (number, sql) in migrations.iter().enumerate() {
        let version = number as i32 + 1;
        if version <= current {
            continue;
        }
        let mut tx = client.transaction()?;
        tx.batch_execute(sql)?;
        if version == 3 {
            fill_spellings(&mut tx)?;
        }
        tx.execute(
            "INSERT INTO newsdesk_schema (version) VALUES ($1)",
            &[&version],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// The version of the schema in the database (0 when empty).
pub fn schema_version(client: &mut Client) -> Result<i32, ClusterError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('newsdesk_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one("SELECT COALESCE(MAX(version), 0) FROM newsdesk_schema", &[])?
        .get(0))
}
