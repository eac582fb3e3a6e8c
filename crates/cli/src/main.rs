//! The `newsdesk` command: news pages in, clean structured articles out.
//!
//! This file is only the command line's shape (clap derive) and the exit
//! codes, the same for every command:
//!
//! - 0: everything asked for was done (for `extract`, `analyze` and
//!   `ingest`: every input came through);
//! - 1: something failed. With several inputs the rest still go on, and
//!   the count of the failed ones is on stderr at the end (`extract` and
//!   `analyze`: "…, 2 failed"; `ingest`: "2 of 40 inputs failed …", each
//!   also listed in `DATA/problems.jsonl`);
//! - 2: the command line itself is wrong (usage errors);
//! - 130: `demo` stopped with Ctrl-C while it was building its corpus.
//!
//! A reader that goes away (`newsdesk article 7 | head`) ends the command
//! quietly with 0: the output was not wanted any more, nothing failed.
//!
//! The work is in [`extract`] (both `extract` and
//! `analyze`, which share inputs, workers, ordering and formats) and in
//! [`corpus`] (the commands over a data directory: `ingest`, `search`,
//! `article`, `story`, `stats`, `export`, `reindex`) and [`serve`] (`serve`
//! and `demo`).

mod archive;
mod cluster;
mod corpus;
mod extract;
mod memory;
mod ordered;
mod render;
mod serve;
mod terminal;
mod wording;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: memory::Reporting = memory::Reporting;

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
struct Cli {
    #[command(subcommand)]
    command: Command,
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
enum Command {
    /// Extract the article from news pages: files, directories, stdin or URLs.
    ///
    /// Each input becomes one record: JSON (one input), JSON Lines (several
    /// inputs or a directory), plain text or Markdown. Records come out in
    /// input order, even with several workers.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(extract::ExtractArgs),
    /// Extract and analyse news pages: entities with roles and aliases,
    /// quotes with speakers, keyphrases and events.
    ///
    /// Takes the same inputs and options as `extract` and prints the same
    /// record with the analysis fields added.
    #[command(after_help = ANALYZE_EXAMPLES)]
    Analyze(extract::ExtractArgs),
    /// Add pages to the corpus: files, directories, WARC/ARC archives, JSON
    /// Lines, feeds, sitemaps and URLs; extracted, analysed, deduplicated,
    /// grouped into stories and indexed.
    #[command(after_help = INGEST_EXAMPLES)]
    Ingest(corpus::IngestArgs),
    /// Search the corpus.
    #[command(after_help = SEARCH_EXAMPLES)]
    Search(corpus::SearchArgs),
    /// Show one article of the corpus with its analysis, copies and story.
    Article(corpus::ShowArgs),
    /// Show one story: its articles by date, sources and languages.
    Story(corpus::ShowArgs),
    /// Corpus figures: articles, duplicates, stories, languages, sources.
    Stats(corpus::CorpusArgs),
    /// Write the corpus (or the articles matching a query) as JSON Lines or CSV.
    Export(corpus::ExportArgs),
    /// Rebuild the search index from the store (after damage, or to apply a new schema).
    Reindex(corpus::CorpusArgs),
    /// Serve the HTTP API and the web UI over the corpus.
    Serve(serve::ServeArgs),
    /// Build a small corpus from the sample pages inside newsdesk and serve it.
    Demo(serve::DemoArgs),
    /// Cluster mode: pull fetch jobs from NATS JetStream and store the pages
    /// in PostgreSQL (run as many as you like, on any hosts).
    #[command(after_help = cluster::WORKER_EXAMPLES)]
    Worker(cluster::WorkerArgs),
    /// Cluster mode: put URLs on the NATS JetStream job stream for the workers.
    Enqueue(cluster::EnqueueArgs),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args, extract::Mode::Extract, |message| {
            usage_error("extract", message)
        }),
        Command::Analyze(args) => extract::run(args, extract::Mode::Analyze, |message| {
            usage_error("analyze", message)
        }),
        Command::Ingest(args) => corpus::run_ingest(args),
        Command::Search(args) => corpus::run_search(args),
        Command::Article(args) => corpus::run_article(args),
        Command::Story(args) => corpus::run_story(args),
        Command::Stats(args) => corpus::run_stats(args),
        Command::Export(args) => corpus::run_export(args),
        Command::Reindex(args) => corpus::run_reindex(args),
        Command::Serve(args) => serve::run_serve(args),
        Command::Demo(args) => serve::run_demo(args),
        Command::Worker(args) => cluster::run_worker(args),
        Command::Enqueue(args) => cluster::run_enqueue(args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("newsdesk: {}", terminal::printable(&format!("{error:#}")));
        ExitCode::FAILURE
    })
}

/// Whether the error is only that standard output's reader went away
/// (`newsdesk article 7 | head`): the rest of the output was not wanted,
/// which is not a failure worth a message.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            .or_else(|| {
                cause
                    .downcast_ref::<newsdesk_corpus::CorpusError>()
                    .and_then(newsdesk_corpus::CorpusError::io_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Reports a bad combination of arguments the way clap reports its own, and
/// exits with code 2.
fn usage_error(subcommand: &str, message: String) -> anyhow::Error {
    let mut root = Cli::command();
    root.build();
    let mut command = root
        .find_subcommand_mut(subcommand)
        .cloned()
        .unwrap_or(root);
    command
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}
