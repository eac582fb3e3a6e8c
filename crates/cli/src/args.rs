//! The command line's shape: every command's arguments, as clap derives
//! them, and the examples each command's help ends with.
//!
//! Kept apart from the commands so that the modules that run them depend
//! on their arguments and not on each other; flags several commands share
//! are one struct each, flattened into the commands that take them.

use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use newsdesk_corpus::sources::SourceOptions;
use newsdesk_corpus::LinkSettings;

use crate::render::Format;

/// News pages in, clean structured articles out.
///
/// newsdesk reads news pages (HTML in any charset, or scraped text) and
/// prints each one's article: title, authors, dates, language, the body as
/// text and as typed blocks, and what was left out (related links, the "next"
/// teaser).
#[derive(Debug, Parser)]
#[command(
    name = "newsdesk",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXTRACT_EXAMPLES: &str = "\
Examples:
  newsdesk extract page.html                      one page, pretty JSON
  newsdesk extract --url https://ex.com/a a.html  tell it where the page lives
  newsdesk extract pages/ > articles.jsonl        a directory, one JSON object a line
  newsdesk extract -j 4 a.html.gz b.txt c.html    several inputs, 4 workers
  curl -s https://ex.com/a | newsdesk extract -   standard input
  zcat crawl.warc.gz | newsdesk extract -         a WARC on standard input: one record per page
  newsdesk extract --format markdown https://ex.com/news/1

Exit status: 0 if all inputs were extracted, 1 if any failed, 2 for usage errors.
With several inputs, a failing one gets a {\"source\", \"error\"} record and the
rest go on; a summary with the count of failed inputs is printed on stderr.";

const ANALYZE_EXAMPLES: &str = "\
Examples:
  newsdesk analyze story.txt                      one article, pretty JSON
  newsdesk analyze pages/ > analyses.jsonl        a directory, one JSON object a line
  newsdesk analyze --format jsonl a.html b.html   entities, quotes, keyphrases, events
  curl -s https://ex.com/a | newsdesk analyze -   standard input
  newsdesk analyze --signatures crawl.warc.gz     a web archive: one record per page,
                                                  with duplicate signatures

The record is extract's, plus language (from the text), sentences, tokens,
entities, quotes, keyphrases and events. Offsets are char offsets into text.
Exit status: 0 if all inputs were analyzed, 1 if any failed, 2 for usage errors.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the article from news pages: files, directories, stdin or URLs.
    ///
    /// Each input becomes one record: JSON (one input), JSON Lines (several
    /// inputs or a directory), plain text or Markdown. Records come out in
    /// input order, even with several workers.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Extract and analyse news pages: entities with roles and aliases,
    /// quotes with speakers, keyphrases and events.
    ///
    /// Takes the same inputs and options as `extract` and prints the same
    /// record with the analysis fields added.
    #[command(after_help = ANALYZE_EXAMPLES)]
    Analyze(ExtractArgs),
    /// Add pages to the corpus: files, directories, WARC/ARC archives, JSON
    /// Lines, feeds, sitemaps and URLs; extracted, analysed, deduplicated,
    /// grouped into stories and indexed.
    #[command(after_help = INGEST_EXAMPLES)]
    Ingest(IngestArgs),
    /// Search the corpus.
    #[command(after_help = SEARCH_EXAMPLES)]
    Search(SearchArgs),
    /// Show one article of the corpus with its analysis, copies and story.
    Article(ShowArgs),
    /// Show one story: its articles by date, sources and languages.
    Story(ShowArgs),
    /// Corpus figures: articles, duplicates, stories, languages, sources.
    Stats(CorpusArgs),
    /// Write the corpus (or the articles matching a query) as JSON Lines or CSV.
    Export(ExportArgs),
    /// Rebuild the search index from the store (after damage, or to apply a new schema).
    Reindex(CorpusArgs),
    /// Serve the HTTP API and the web UI over the corpus.
    Serve(ServeArgs),
    /// Build a small corpus from the sample pages inside newsdesk and serve it.
    Demo(DemoArgs),
    /// Cluster mode: pull fetch jobs from NATS JetStream and store the pages
    /// in PostgreSQL (run as many as you like, on any hosts).
    #[command(after_help = WORKER_EXAMPLES)]
    Worker(WorkerArgs),
    /// Cluster mode: put URLs on the NATS JetStream job stream for the workers.
    Enqueue(EnqueueArgs),
}

const INGEST_EXAMPLES: &str = "\
Examples:
  newsdesk ingest pages/                          a directory of pages
  newsdesk ingest crawl.warc.gz --data ./corpus   a WARC archive into ./corpus
  newsdesk ingest https://ex.com/feed.xml         a feed: its articles are fetched
  newsdesk ingest --urls list.txt --delay 2       URLs, 2 s apart per host

Ingesting the same source again adds nothing; a changed page becomes a new
revision. Safe to interrupt: run the same command again to resume.

Exit status: 0 if every input became an article (or was already there), 1 if
any failed (unreadable, not fetched, or without an article; the rest go on,
the count is printed on stderr and each is listed in DATA/problems.jsonl),
2 for usage errors.";

const SEARCH_EXAMPLES: &str = "\
Examples:
  newsdesk search 'port strike'                   both words, stemmed
  newsdesk search '\"grain corridor\" OR ceasefire' --lang en --sort date
  newsdesk search 'entity:Putin -sport' --since 2024-05-01 --format json
  newsdesk search 'source:reuters.com title:talks'";

/// Options of `newsdesk extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Pages to read: files (.html, .htm, .xhtml, .txt, each optionally .gz),
    /// web archives (.warc, .arc, .jsonl, each optionally .gz: one record per
    /// page, named ARCHIVE#INDEX), directories (walked recursively, in sorted
    /// order, for page files), - for standard input (a page, or a WARC/ARC),
    /// or http(s) URLs. With none, standard input is read.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// The page's address, when the one input is a file or stdin: used for
    /// relative links, dates in URLs and the site's name.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Output format [default: json for one input, jsonl for several or a directory].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Parallel workers for many inputs [default: all cores].
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    /// Add each record's duplicate signature, as the corpus computes it:
    /// text_hash (normalised text, signed 64-bit), minhash (100 values over
    /// word 5-shingles) and lsh_bands (20 band keys of 5 rows). JSON formats only.
    #[arg(long)]
    pub signatures: bool,

    /// Say what was left out of each body and why: JSON records get a
    /// `dropped` list of {text, rule} (the boilerplate rule, HTML clean-up
    /// step or line-model decision that removed each line); text and
    /// Markdown end with one `[rule] text` line per dropped line.
    #[arg(long)]
    pub explain: bool,

    /// Whole-request timeout for URLs, in seconds (the connect timeout is at
    /// most 10 s). Hidden: mainly for tests.
    #[arg(long, value_name = "SECONDS", hide = true, default_value = "30", value_parser = parse_seconds)]
    pub timeout: Duration,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if seconds.is_finite() && seconds > 0.0 && seconds <= 86_400.0 {
        Ok(Duration::from_secs_f64(seconds))
    } else {
        Err(format!("`{text}` is not between 0 and 86400 seconds"))
    }
}

/// Where the corpus lives.
#[derive(Debug, Args, Clone)]
pub struct DataArgs {
    /// The data directory [default: $NEWSDESK_DATA, else ./newsdesk-data].
    #[arg(long, value_name = "DIR", env = "NEWSDESK_DATA", global = true)]
    pub data: Option<PathBuf>,
}

impl DataArgs {
    pub fn dir(&self) -> PathBuf {
        self.data
            .clone()
            .unwrap_or_else(|| PathBuf::from(newsdesk_corpus::DEFAULT_DATA_DIR))
    }
}

/// A cluster store instead of the data directory.
#[derive(Debug, Args, Clone)]
pub struct PostgresArgs {
    /// Use the cluster store in PostgreSQL (`postgres://user@host:port/db`)
    /// instead of a data directory.
    #[arg(long, value_name = "URL", env = "NEWSDESK_POSTGRES")]
    pub postgres: Option<String>,
}

/// How progress and the summary are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Options of `newsdesk ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// What to ingest: files, directories, WARC/ARC archives (.warc, .warc.gz,
    /// .arc, .arc.gz), JSON Lines ({url, html|text, fetched_at}), RSS/Atom/JSON
    /// feeds and sitemaps (files or URLs), and http(s) URLs.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,

    /// A file of URLs to fetch, one per line.
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,

    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub postgres: PostgresArgs,

    /// Parallel workers for extraction and analysis [default: all cores].
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    #[command(flatten)]
    pub fetch: FetchArgs,

    #[command(flatten)]
    pub link: LinkArgs,

    /// Pages per store transaction (smaller commits more often).
    #[arg(long, value_name = "N", default_value = "500", hide = true)]
    pub batch: NonZeroUsize,

    /// No progress bar and no summary (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    /// Progress and summary as text or as JSON lines (on stderr).
    #[arg(long, value_enum, default_value = "text")]
    pub log: LogFormat,
}

impl IngestArgs {
    /// Fails when there is nothing to ingest: no sources and no `--urls`.
    pub fn require_sources(&self) -> anyhow::Result<()> {
        if self.sources.is_empty() && self.urls.is_none() {
            anyhow::bail!("nothing to ingest: give sources (files, directories, archives, feeds, URLs) or --urls FILE");
        }
        Ok(())
    }
}

/// How pages are fetched: `ingest` and `worker`.
#[derive(Debug, Args, Clone)]
pub struct FetchArgs {
    /// Minimum time between two requests to one host, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "1")]
    pub delay: f64,
    /// Allow fetching from private, loopback and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Do not read robots.txt (only for hosts you own).
    #[arg(long, hide = true)]
    pub ignore_robots: bool,
}

impl FetchArgs {
    /// The delay as a duration (a negative one is none).
    pub fn min_delay(&self) -> Duration {
        Duration::from_secs_f64(self.delay.max(0.0))
    }

    /// The options for reading sources, with the corpus's store if any.
    pub fn source_options(&self, store: Option<PathBuf>) -> SourceOptions {
        SourceOptions {
            min_delay: self.min_delay(),
            allow_private: self.allow_private,
            respect_robots: !self.ignore_robots,
            store,
        }
    }
}

/// How articles are linked to duplicates and stories: `ingest` and `worker`.
#[derive(Debug, Args, Clone)]
pub struct LinkArgs {
    /// Similarity (estimated Jaccard of word 5-shingles) above which two
    /// texts are near duplicates.
    #[arg(long, value_name = "0..1", default_value = "0.5")]
    pub near_threshold: f64,
    /// Similarity of story signals above which an article joins a story.
    #[arg(long, value_name = "0..1", default_value = "0.3")]
    pub story_threshold: f64,
}

impl LinkArgs {
    /// The linking settings, thresholds clamped to 0..1.
    pub fn settings(&self) -> LinkSettings {
        LinkSettings {
            near_threshold: self.near_threshold.clamp(0.0, 1.0),
            story_threshold: self.story_threshold.clamp(0.0, 1.0),
            ..LinkSettings::default()
        }
    }
}

/// The job queue: `worker` and `enqueue`.
#[derive(Debug, Args, Clone)]
pub struct NatsArgs {
    /// The NATS server (with JetStream enabled).
    #[arg(long = "nats", value_name = "URL", env = "NEWSDESK_NATS")]
    pub url: String,
}

/// Options of `newsdesk search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "phrases", "words near"~3,
    /// prefix* (2 letters at least), fuzzy~1 (up to 2 edits), OR, NOT/-word,
    /// parentheses, and fields title:, entity:, quote:, source:, tag:, lang:, author:.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub postgres: PostgresArgs,
    /// Only articles in this language (ISO 639-1).
    #[arg(long)]
    pub lang: Option<String>,
    /// Only articles from this site (domain).
    #[arg(long, value_name = "DOMAIN")]
    pub source: Option<String>,
    /// Only articles mentioning this entity.
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: SortArg,
    #[arg(long, default_value = "10")]
    pub limit: usize,
    #[arg(long, default_value = "0")]
    pub offset: usize,
    /// Show every copy instead of one per duplicate group.
    #[arg(long)]
    pub all_copies: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

/// Options of `newsdesk article` and `newsdesk story`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: i64,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub postgres: PostgresArgs,
    #[arg(long, value_enum, default_value = "json")]
    pub format: TableOrJson,
}

/// Options of `newsdesk stats` and `newsdesk reindex`.
#[derive(Debug, Args)]
pub struct CorpusArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub postgres: PostgresArgs,
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableOrJson,
    /// Also run the store's integrity check (reads the whole database).
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportArg {
    Jsonl,
    Csv,
    Parquet,
}

/// Options of `newsdesk export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportArg,
    /// Only the articles matching this query.
    #[arg(long, value_name = "Q")]
    pub query: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub postgres: PostgresArgs,
}

/// Options of `newsdesk serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// A cluster store is served for reading only (ingest through the
    /// server is off; its pages get in through the workers).
    #[command(flatten)]
    pub postgres: PostgresArgs,
    /// Address to listen on (loopback by default; use 0.0.0.0:PORT to expose it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Let the API fetch from private, loopback and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Minimum time between two requests to one host for API ingest jobs, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "1")]
    pub delay: f64,
}

/// Options of `newsdesk demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the demo corpus [default: a new temporary directory].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080, or a free port if that is taken].
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Build the corpus and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
}

const WORKER_EXAMPLES: &str = "\
Examples:
  newsdesk worker --nats nats://127.0.0.1:4222 --postgres postgres://newsdesk@127.0.0.1/newsdesk
  newsdesk enqueue --nats nats://127.0.0.1:4222 --urls list.txt
  newsdesk search --postgres postgres://newsdesk@127.0.0.1/newsdesk 'port strike'

Jobs are acknowledged after the page is committed; a worker killed mid-job
loses nothing (its jobs are redelivered after --ack-wait) and duplicates
nothing (captures are unique). Requests to one host are --delay apart across
all workers. Jobs that cannot be done are in the `problems` table.";

/// Options of `newsdesk worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub nats: NatsArgs,
    /// The PostgreSQL store (`postgres://user@host:port/db`).
    #[arg(long, value_name = "URL", env = "NEWSDESK_POSTGRES")]
    pub postgres: String,
    /// Jobs in progress at once in this worker.
    #[arg(short = 'j', long, value_name = "N", default_value = "2")]
    pub jobs: NonZeroUsize,
    // Its --delay holds across all workers (see WORKER_EXAMPLES).
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Seconds a job may go without news from its worker before it is
    /// redelivered to another (set when the shared consumer is created).
    #[arg(long, value_name = "SECONDS", default_value = "60")]
    pub ack_wait: f64,
    /// Deliveries of one job before it is given up and recorded as a problem.
    #[arg(long, value_name = "N", default_value = "5")]
    pub max_deliver: i64,
    /// Stop after this many seconds without a job (default: run until stopped).
    #[arg(long, value_name = "SECONDS")]
    pub exit_when_idle: Option<f64>,
    #[command(flatten)]
    pub link: LinkArgs,
    /// This worker's name in the problems table [default: host and process id].
    #[arg(long)]
    pub name: Option<String>,
}

/// Options of `newsdesk enqueue`.
#[derive(Debug, Args)]
pub struct EnqueueArgs {
    #[command(flatten)]
    pub nats: NatsArgs,
    /// URLs to fetch (pages, feeds or sitemaps).
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// A file of URLs, one per line (as for `ingest --urls`).
    #[arg(long = "urls", value_name = "FILE")]
    pub urls_file: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_must_be_positive_numbers() {
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-3").is_err());
        assert!(parse_seconds("soon").is_err());
        assert!(parse_seconds("inf").is_err());
    }
}
