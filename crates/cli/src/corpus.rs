//! The corpus commands: `ingest`, `search`, `article`, `story`, `stats`,
//! `export` and `reindex`, over a data directory (`--data`, else
//! `$NEWSDESK_DATA`, else `./newsdesk-data`).
//!
//! This file is the command line's edge: it turns arguments into calls on
//! `newsdesk-corpus`, sources into a stream of captures
//! ([`newsdesk_corpus::sources`]), and results into tables or JSON. A
//! progress bar goes to stderr when it is a terminal; `--quiet` silences it
//! and `--log json` turns progress and the summary into JSON lines for
//! machines. `ingest` exits 1 when any input failed, with the count
//! ([`ingest_exit`]); output into a pipe that closes early ends quietly
//! ([`to_stdout`]).

use std::io::{self, BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use indicatif::{ProgressBar, ProgressState, ProgressStyle};
use newsdesk_corpus::export::{export, ExportFormat};
use newsdesk_corpus::{
    ingest, Corpus, CorpusReader, Filters, IngestOptions, IngestReport, SearchRequest,
    SearchResults, Sort,
};

use newsdesk_corpus::sources::{self};

use crate::args::{
    CorpusArgs, DataArgs, ExportArg, ExportArgs, IngestArgs, LogFormat, PostgresArgs, SearchArgs,
    ShowArgs, SortArg, TableOrJson,
};
use crate::wording::{counted, duration, per_second};

/// The corpus to read: the cluster store if one is given, else the data directory.
fn reader(data: &DataArgs, postgres: &PostgresArgs) -> anyhow::Result<Box<dyn CorpusReader>> {
    Ok(match &postgres.postgres {
        Some(url) => Box::new(
            newsdesk_cluster::PgStore::open_existing(url)
                .with_context(|| "opening the PostgreSQL store".to_string())?,
        ),
        None => Box::new(Corpus::open_existing(&data.dir())?),
    })
}

/// Writes a command's output to standard output through `write`. When the
/// reader goes away (`newsdesk article 7 | head`), the rest is not wanted:
/// the command ends quietly instead of reporting a broken pipe.
fn to_stdout(
    write: impl FnOnce(&mut BufWriter<io::StdoutLock<'static>>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush().map_err(anyhow::Error::from)) {
        Err(error) if crate::terminal::is_broken_pipe(&error) => Ok(()),
        done => done,
    }
}

/// Where the corpus read is, for messages.
fn place(data: &DataArgs, postgres: &PostgresArgs) -> String {
    match &postgres.postgres {
        Some(_) => "the PostgreSQL store".to_string(),
        None => data.dir().display().to_string(),
    }
}

pub fn run_ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    args.require_sources()?;
    let dir = args.data.dir();
    let mut corpus = Corpus::open(&dir).with_context(|| format!("opening {}", dir.display()))?;
    let options = IngestOptions {
        jobs: args.jobs.map_or_else(default_jobs, NonZeroUsize::get),
        batch: args.batch.get(),
        link: args.link.settings(),
    };
    let source_options = args.fetch.source_options(Some(dir.join("store.db")));
    let (items, total) = sources::captures(&args.sources, args.urls.as_deref(), &source_options)?;
    let bar = progress_bar(&args, total);
    let log = args.log;
    let quiet = args.quiet;
    let mut on_progress = |report: &IngestReport| {
        if quiet {
            return;
        }
        match log {
            LogFormat::Json => {
                let line = serde_json::json!({"event": "progress", "report": report});
                eprintln!("{line}");
            }
            LogFormat::Text => {
                if let Some(bar) = &bar {
                    bar.set_position(report.pages);
                    bar.set_message(format!(
                        "{} new, {} copies, {} unchanged, {} failed",
                        report.added,
                        report.duplicates,
                        report.unchanged,
                        report.failed + report.problems
                    ));
                }
            }
        }
    };
    let report = ingest(&mut corpus, items, &options, &mut on_progress)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    summarize(&report, &args, &dir);
    let problem_log = dir.join(newsdesk_corpus::pipeline::PROBLEM_LOG);
    Ok(ingest_exit(
        &report,
        args.log,
        &problem_log.display().to_string(),
    ))
}

/// The exit code of an ingest, the same rule as `extract`'s: 0 when every
/// input became an article or was already there, 1 when any input failed
/// (unreadable, not fetched, or without an article), with the count on
/// stderr and where each failure is listed.
pub fn ingest_exit(report: &IngestReport, log: LogFormat, listed_in: &str) -> ExitCode {
    let failed = report.failed + report.problems;
    if failed == 0 {
        return ExitCode::SUCCESS;
    }
    if log == LogFormat::Text {
        eprintln!(
            "newsdesk: {failed} of {} failed ({} without an article, {} unreadable); each is listed in {listed_in}",
            counted(report.pages + report.problems, "input", "inputs"),
            report.failed,
            report.problems,
        );
    }
    ExitCode::FAILURE
}

/// The one-line summary of an ingest into `place`.
pub fn ingest_summary(report: &IngestReport, place: &str) -> String {
    format!(
        "ingested {} in {:.1} s ({} pages/s) into {place}: {} ({} of others), {}, {} unchanged, {} without an article, {} unreadable",
        counted(report.pages, "page", "pages"),
        report.seconds,
        per_second(report.pages as f64 / report.seconds.max(1e-3)),
        counted(report.added, "new article", "new articles"),
        counted(report.duplicates, "copy", "copies"),
        counted(report.revisions, "revision", "revisions"),
        report.unchanged,
        report.failed,
        report.problems
    )
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

fn progress_bar(args: &IngestArgs, total: Option<u64>) -> Option<ProgressBar> {
    if args.quiet || args.log == LogFormat::Json || !io::stderr().is_terminal() {
        return None;
    }
    let bar = match total {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} pages  {rate}{eta}  {msg}")
                .map(with_rate_keys)
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} pages  {rate}  {elapsed}  {msg}")
                .map(with_rate_keys)
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// The bar's `{rate}` (pages a second over the whole run so far) and
/// `{eta}` (the time left at that rate); both say nothing until the first
/// pages are in, rather than "0/s" and "ETA 0s".
fn with_rate_keys(style: ProgressStyle) -> ProgressStyle {
    fn rate(state: &ProgressState) -> f64 {
        state.pos() as f64 / state.elapsed().as_secs_f64().max(1e-3)
    }
    style
        .with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                if state.pos() > 0 {
                    let _ = write!(w, "{} pages/s", per_second(rate(state)));
                }
            },
        )
        .with_key(
            "eta",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                if let (true, Some(len)) = (state.pos() > 0, state.len()) {
                    let left = len.saturating_sub(state.pos()) as f64 / rate(state);
                    let _ = write!(w, "  ETA {}", duration(left.round() as u64));
                }
            },
        )
}

fn summarize(report: &IngestReport, args: &IngestArgs, dir: &std::path::Path) {
    match args.log {
        LogFormat::Json => {
            let line = serde_json::json!({"event": "done", "data": dir, "report": report});
            eprintln!("{line}");
        }
        LogFormat::Text => {
            for problem in &report.first_problems {
                eprintln!(
                    "newsdesk: {}",
                    crate::terminal::printable(&format!(
                        "{}: {}",
                        problem.location, problem.message
                    ))
                );
            }
            let hidden = (report.failed + report.problems)
                .saturating_sub(report.first_problems.len() as u64);
            if hidden > 0 {
                eprintln!(
                    "newsdesk: … and {} more",
                    counted(hidden, "problem", "problems")
                );
            }
            if !args.quiet {
                eprintln!("{}", ingest_summary(report, &dir.display().to_string()));
            }
        }
    }
}

pub fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let corpus = reader(&args.data, &args.postgres)?;
    let request = SearchRequest {
        query: args.query.clone(),
        filters: Filters {
            lang: args.lang.clone(),
            source: args.source.clone(),
            entity: args.entity.clone(),
            since: args.since.clone(),
            until: args.until.clone(),
        },
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        limit: args.limit,
        offset: args.offset,
        collapse: !args.all_copies,
        facets: args.format == TableOrJson::Json,
    };
    let results = corpus.search(&request)?;
    to_stdout(|out| {
        match args.format {
            TableOrJson::Json => {
                serde_json::to_writer_pretty(&mut *out, &results)?;
                writeln!(out)?;
            }
            TableOrJson::Table => print_results(out, &results)?,
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn print_results(out: &mut dyn Write, results: &SearchResults) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        counted(
            results.total as u64,
            "matching article",
            "matching articles"
        )
    )?;
    for hit in &results.hits {
        let date = hit.date.as_deref().and_then(|d| d.get(..10)).unwrap_or("");
        writeln!(
            out,
            "\n#{}  {}  {}  {}{}",
            hit.id,
            date,
            hit.source.as_deref().unwrap_or("?"),
            hit.language.as_deref().unwrap_or("?"),
            if hit.copies > 0 {
                format!("  (+{})", counted(hit.copies as u64, "copy", "copies"))
            } else {
                String::new()
            }
        )?;
        writeln!(out, "  {}", hit.title.as_deref().unwrap_or("(no title)"))?;
        writeln!(
            out,
            "  {}",
            mark(&hit.snippet, &hit.highlights).replace('\n', " ")
        )?;
    }
    Ok(())
}

/// The snippet with matches in [brackets] (plain text, for a terminal).
fn mark(snippet: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 2);
    let mut at = 0;
    for &(start, end) in highlights {
        if start < at
            || end > snippet.len()
            || !snippet.is_char_boundary(start)
            || !snippet.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&snippet[at..start]);
        out.push('[');
        out.push_str(&snippet[start..end]);
        out.push(']');
        at = end;
    }
    out.push_str(&snippet[at..]);
    out
}

pub fn run_article(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = reader(&args.data, &args.postgres)?;
    let Some(stored) = store.article(args.id)? else {
        bail!(
            "no article {} in {}",
            args.id,
            place(&args.data, &args.postgres)
        );
    };
    let analysis = store.analysis(args.id)?;
    let group = store.dup_group(stored.dup_group)?;
    let revisions = store.revisions(&stored.key)?;
    let story = store.story(stored.story_id)?;
    to_stdout(|out| {
        match args.format {
            TableOrJson::Json => {
                let record = serde_json::json!({
                    "id": stored.id,
                    "key": stored.key,
                    "revision": stored.revision,
                    "latest": stored.latest,
                    "date": stored.date,
                    "source_domain": stored.domain,
                    "article": stored.article,
                    "analysis": analysis,
                    "duplicates": group,
                    "revisions": revisions,
                    "story": story.map(|s| serde_json::json!({"id": s.id, "title": s.title, "size": s.size})),
                    "translation_of": stored.translation_of,
                    "translations": stored.translations,
                });
                serde_json::to_writer_pretty(&mut *out, &record)?;
                writeln!(out)?;
            }
            TableOrJson::Table => {
                let a = &stored.article;
                writeln!(
                    out,
                    "#{} {}",
                    stored.id,
                    a.title.as_deref().unwrap_or("(no title)")
                )?;
                writeln!(
                    out,
                    "{} · {} · {}",
                    stored.date.as_deref().unwrap_or("?"),
                    stored.domain.as_deref().unwrap_or("?"),
                    a.language.as_deref().unwrap_or("?")
                )?;
                if let Some(g) = &group {
                    if g.members.len() > 1 {
                        writeln!(
                            out,
                            "duplicate group {}: {} copies, original #{}",
                            g.id,
                            g.members.len(),
                            g.original
                        )?;
                    }
                }
                if let Some(t) = &stored.translation_of {
                    writeln!(
                        out,
                        "translated from #{} ({}, {}), confidence {:.2}",
                        t.id,
                        t.language.as_deref().unwrap_or("?"),
                        t.key,
                        t.confidence
                    )?;
                }
                for t in &stored.translations {
                    writeln!(
                        out,
                        "translated as #{} ({}, {}), confidence {:.2}",
                        t.id,
                        t.language.as_deref().unwrap_or("?"),
                        t.key,
                        t.confidence
                    )?;
                }
                writeln!(out, "story {}\n\n{}", stored.story_id, a.text)?;
                if let Some(analysis) = &analysis {
                    write!(out, "{}", crate::render::summary(analysis, "  "))?;
                }
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_story(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = reader(&args.data, &args.postgres)?;
    let Some(story) = store.story(args.id)? else {
        bail!(
            "no story {} in {}",
            args.id,
            place(&args.data, &args.postgres)
        );
    };
    to_stdout(|out| {
        match args.format {
            TableOrJson::Json => {
                serde_json::to_writer_pretty(&mut *out, &story)?;
                writeln!(out)?;
            }
            TableOrJson::Table => {
                writeln!(
                    out,
                    "story {}: {}",
                    story.id,
                    story.title.as_deref().unwrap_or("(no title)")
                )?;
                writeln!(
                    out,
                    "{} articles, {} → {}, sources: {}, languages: {}",
                    story.size,
                    story.first_seen.as_deref().unwrap_or("?"),
                    story.last_seen.as_deref().unwrap_or("?"),
                    story.sources.join(", "),
                    story.languages.join(", ")
                )?;
                for a in &story.articles {
                    writeln!(
                        out,
                        "  #{}  {}  {}  {}  {}",
                        a.id,
                        a.date.as_deref().and_then(|d| d.get(..10)).unwrap_or(""),
                        a.domain.as_deref().unwrap_or("?"),
                        a.language.as_deref().unwrap_or("?"),
                        a.title.as_deref().unwrap_or("")
                    )?;
                }
            }
        }
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_stats(args: CorpusArgs) -> anyhow::Result<ExitCode> {
    let corpus = reader(&args.data, &args.postgres)?;
    let stats = corpus.stats()?;
    let indexed = corpus.indexed()?;
    let integrity = args.check.then(|| {
        if args.postgres.postgres.is_some() {
            return "not checked (PostgreSQL checks its own pages)".to_string();
        }
        match Corpus::open_existing(&args.data.dir()).and_then(|c| c.store().integrity_check()) {
            Ok(()) => "ok".to_string(),
            Err(e) => e.to_string(),
        }
    });
    let place = match &args.postgres.postgres {
        Some(_) => "PostgreSQL".to_string(),
        None => args.data.dir().display().to_string(),
    };
    // Articles the index lacks: pending changes (an ingest running), or an
    // interrupted rebuild, which the next `ingest` or `reindex` repairs.
    let unindexed = (stats.articles.max(0) as u64).saturating_sub(indexed);
    let gap = (unindexed > 0).then(|| {
        format!(
            "{unindexed} articles are not in the search index, so searches miss them; \
             run `newsdesk ingest` (any source) or `newsdesk reindex` to index them"
        )
    });
    to_stdout(|out| {
        match args.format {
            TableOrJson::Json => {
                let mut value = serde_json::to_value(&stats)?;
                value["indexed"] = indexed.into();
                value["unindexed"] = unindexed.into();
                if let Some(integrity) = &integrity {
                    value["store_integrity"] = integrity.as_str().into();
                }
                serde_json::to_writer_pretty(&mut *out, &value)?;
                writeln!(out)?;
            }
            TableOrJson::Table => {
                writeln!(out, "data directory   {place}")?;
                writeln!(
                    out,
                    "articles         {} ({}, {} indexed)",
                    stats.articles,
                    counted(stats.revisions as u64, "revision", "revisions"),
                    indexed
                )?;
                writeln!(
                    out,
                    "captures         {} ({} without an article)",
                    stats.captures, stats.failed_captures
                )?;
                // `sources` are what was given to `ingest`; sites are domains.
                writeln!(out, "ingest inputs    {}", stats.sources)?;
                writeln!(
                    out,
                    "duplicate groups {} ({} articles)",
                    stats.duplicate_groups, stats.articles_in_duplicate_groups
                )?;
                writeln!(
                    out,
                    "stories          {} ({} with several articles)",
                    stats.stories, stats.stories_with_several_articles
                )?;
                writeln!(
                    out,
                    "dates            {} → {}",
                    stats.first_date.as_deref().unwrap_or("?"),
                    stats.last_date.as_deref().unwrap_or("?")
                )?;
                let pairs = |v: &[(String, i64)]| {
                    v.iter()
                        .map(|(k, n)| format!("{k} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                writeln!(out, "languages        {}", pairs(&stats.languages))?;
                writeln!(out, "top sites        {}", pairs(&stats.top_sources))?;
                if let Some(integrity) = &integrity {
                    writeln!(out, "store integrity  {integrity}")?;
                }
            }
        }
        Ok(())
    })?;
    if let Some(gap) = gap {
        eprintln!("newsdesk: warning: {gap}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        ExportArg::Jsonl => ExportFormat::Jsonl,
        ExportArg::Csv => ExportFormat::Csv,
        ExportArg::Parquet => ExportFormat::Parquet,
    };
    // Every argument is checked before anything is written, so a mistake
    // never costs the file `--out` names.
    format.available()?;
    if let Some(query) = &args.query {
        newsdesk_corpus::parse_query(query).with_context(|| format!("--query {query:?}"))?;
    }
    if format == ExportFormat::Parquet && args.out.is_none() && io::stdout().is_terminal() {
        bail!("Parquet is binary: give --out FILE (or redirect standard output)");
    }
    let corpus = reader(&args.data, &args.postgres)?;
    let count = match &args.out {
        Some(path) => export_to_file(corpus.as_ref(), format, args.query.as_deref(), path)?,
        None => {
            let mut out = BufWriter::new(io::stdout());
            let exported = export(corpus.as_ref(), format, args.query.as_deref(), &mut out)
                .map_err(anyhow::Error::from)
                .and_then(|count| Ok(out.flush().map(|()| count)?));
            match exported {
                Ok(count) => count,
                // The reader went away (`| head`): nothing more to say.
                Err(error) if crate::terminal::is_broken_pipe(&error) => {
                    return Ok(ExitCode::SUCCESS)
                }
                Err(error) => return Err(error),
            }
        }
    };
    eprintln!("exported {}", counted(count as u64, "article", "articles"));
    Ok(ExitCode::SUCCESS)
}

/// Exports into a temporary file beside `path` and renames it to `path`
/// once it is complete and on disk: an export that fails or is killed
/// leaves `path` as it was, never a partial file under its name.
fn export_to_file(
    corpus: &dyn CorpusReader,
    format: ExportFormat,
    query: Option<&str>,
    path: &std::path::Path,
) -> anyhow::Result<u64> {
    if path.is_dir() {
        bail!("--out {} is a directory: give a file name", path.display());
    }
    let name = path
        .file_name()
        .with_context(|| format!("--out {} names no file", path.display()))?;
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".{}.partial", std::process::id()));
    let partial = parent.join(partial_name);
    let written = (|| -> anyhow::Result<u64> {
        let file = std::fs::File::create(&partial)
            .with_context(|| format!("creating {}", partial.display()))?;
        let mut out = BufWriter::new(file);
        let count = export(corpus, format, query, &mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
            .with_context(|| format!("renaming {} to {}", partial.display(), path.display()))?;
        Ok(count)
    })();
    written.map_err(|error| {
        let _ = std::fs::remove_file(&partial);
        let full = error.chain().any(|cause| {
            cause
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.raw_os_error() == Some(28))
                || match cause.downcast_ref::<newsdesk_corpus::CorpusError>() {
                    Some(newsdesk_corpus::CorpusError::DiskFull(_)) => true,
                    Some(newsdesk_corpus::CorpusError::Io(e)) => e.raw_os_error() == Some(28),
                    _ => false,
                }
        });
        if full {
            anyhow::anyhow!(
                "the disk is full: the export did not fit; {} is unchanged (free space and run the same command again)",
                path.display()
            )
        } else {
            error.context(format!(
                "exporting to {} (left unchanged)",
                path.display()
            ))
        }
    })
}

pub fn run_reindex(args: CorpusArgs) -> anyhow::Result<ExitCode> {
    if args.postgres.postgres.is_some() {
        bail!("a PostgreSQL store has no separate index to rebuild (its tsvector columns are written with each article)");
    }
    let dir = args.data.dir();
    if !dir.join("store.db").exists() {
        bail!(
            "no corpus at {} (run `newsdesk ingest` first)",
            dir.display()
        );
    }
    let started = std::time::Instant::now();
    let count = Corpus::reindex(&dir)?;
    eprintln!(
        "reindexed {} in {:.1} s",
        counted(count, "article", "articles"),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
