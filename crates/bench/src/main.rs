//! `newsdesk-bench`: newsdesk measured side by side with the Python anchors.
//!
//! `cargo run --release -p newsdesk-bench -- extract` runs, on the same pages:
//!
//! 1. **quality** ([`quality`], [`score`]): newsdesk's predictions for the Zyte,
//!    WCXB dev and Readability test pages, each page guarded against panics
//!    and timed, written in `newsdesk extract --format jsonl`'s shape and scored
//!    with `../shared/bench/score.py`, as are the anchors' predictions;
//! 2. **speed** ([`speed`], [`anchors`]): newsdesk single-threaded over the Zyte
//!    and Readability pages held in memory, against each anchor's pages/s from
//!    `anchors.py` over the same pages (its runs on the two sets summed);
//! 3. **memory** ([`memory`]): the release `newsdesk` binary over the WCXB
//!    pages with `-j 1` and `-j 2`: wall time, CPU time and peak RSS.
//!
//! The tables ([`report`]) are printed at the end (`--markdown` for the
//! README) and saved to `target/bench/extract-results.json` (all figures) and
//! `target/bench/extract-results.md` (the tables as Markdown).
//! Missing datasets, a missing anchors venv or a missing binary skip their part
//! with a message.
//!
//! `newsdesk-bench analyze` compares entity analysis with spaCy on GUM news,
//! and `newsdesk-bench corpus` ([`corpus`]) measures the corpus at scale:
//! ingest pages/s, peak memory, store and index size, search latency and
//! duplicate detection on a generated corpus with known duplicates.

mod anchors;
mod corpus;
mod datasets;
mod memory;
mod ner;
mod quality;
mod report;
mod score;
mod speed;
mod translations;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::anchors::Anchors;
use crate::datasets::{Dataset, Kind};
use crate::report::{DatasetRun, Results, ToolScore};

/// The pages the speed part reads: the speed bar is set on these.
const SPEED_SETS: [Kind; 2] = [Kind::Zyte, Kind::Readability];

#[derive(Debug, Parser)]
#[command(
    name = "newsdesk-bench",
    about = "newsdesk measured side by side with the Python anchors"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Article extraction: quality, speed, memory and scaling.
    Extract(ExtractArgs),
    /// Entity analysis against spaCy on GUM news: speed, norm F1, agreement.
    Analyze(AnalyzeArgs),
    /// The corpus at scale (issue 4): a generated corpus with known
    /// duplicates ingested by the release binary; ingest pages/s, peak
    /// memory, store and index size, search latency, duplicate precision/recall.
    Corpus(corpus::CorpusArgs),
    /// Writes the corpus generator's pages as a WARC (or several) and nothing
    /// else: an input for `newsdesk analyze` and the Spark job's tests.
    MakeWarc(corpus::MakeWarcArgs),
    /// Search latency alone on a corpus built before (`corpus --keep`):
    /// p50/p99 per query and per query form.
    Search(corpus::SearchArgs),
    /// The features of the page pairs the linker would compare as possible
    /// translations, as JSON Lines (to train the translation model).
    TranslationPairs(translations::PairsArgs),
    /// Runs a command and writes its wall time, CPU time and peak RSS as JSON
    /// (used by the memory part, so the figures are the command's own).
    #[command(hide = true)]
    Rusage {
        #[arg(long)]
        report: PathBuf,
        #[arg(last = true, required = true)]
        command: Vec<std::ffi::OsString>,
    },
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    /// The datasets folder [default: ../shared/datasets from the repository root].
    #[arg(long, value_name = "DIR")]
    datasets: Option<PathBuf>,

    /// Anchors to run (anchors.py's tool names), comma-separated; `none` for none.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "trafilatura,resiliparse,readability"
    )]
    anchors: Vec<String>,

    /// Use only the first N pages of each dataset (scores then count the rest as empty).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,

    /// Print the tables as Markdown.
    #[arg(long)]
    markdown: bool,

    /// Parts to run, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "quality,speed,memory"
    )]
    parts: Vec<Part>,

    /// Repeat the speed set until at least this many seconds have passed.
    #[arg(long, default_value = "3", value_name = "SECONDS")]
    min_seconds: f64,

    /// The anchors' virtual environment [default: ~/.cache/newsdesk-anchors].
    #[arg(long, value_name = "DIR")]
    venv: Option<PathBuf>,

    /// The folder holding anchors.py and score.py [default: ../shared/bench].
    #[arg(long, value_name = "DIR")]
    scripts: Option<PathBuf>,

    /// Runs of the binary per -j setting; the fastest is kept.
    #[arg(long, default_value = "2", value_name = "N")]
    memory_runs: usize,

    /// The newsdesk binary for the memory runs [default: target/release/newsdesk].
    #[arg(long, value_name = "PATH")]
    newsdesk_bin: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct AnalyzeArgs {
    /// The datasets folder [default: ../shared/datasets from the repository root].
    #[arg(long, value_name = "DIR")]
    datasets: Option<PathBuf>,
    /// The anchors' virtual environment [default: ~/.cache/newsdesk-anchors].
    #[arg(long, value_name = "DIR")]
    venv: Option<PathBuf>,
    /// The folder holding spacy_ner.py and score_ner.py [default: ../shared/bench].
    #[arg(long, value_name = "DIR")]
    scripts: Option<PathBuf>,
    /// Time our analysis for at least this many seconds.
    #[arg(long, default_value = "3", value_name = "SECONDS")]
    min_seconds: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Part {
    Quality,
    Speed,
    Memory,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Analyze(args) => analyze(args),
        Command::Corpus(args) => corpus::run(args),
        Command::MakeWarc(args) => corpus::make_warc(args),
        Command::Search(args) => corpus::search_only(args),
        Command::TranslationPairs(args) => translations::run(args),
        Command::Rusage { report, command } => memory::rusage_main(&report, &command),
    }
}

/// Where things are, resolved from the arguments and the repository layout.
struct Paths {
    datasets: PathBuf,
    scripts: PathBuf,
    venv: PathBuf,
    binary: PathBuf,
    out: PathBuf,
}

impl Paths {
    fn resolve(args: &ExtractArgs) -> Paths {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let repo = repo.canonicalize().unwrap_or(repo);
        let shared = repo.join("../shared");
        let shared = shared.canonicalize().unwrap_or(shared);
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        Paths {
            datasets: args
                .datasets
                .clone()
                .unwrap_or_else(|| shared.join("datasets")),
            scripts: args.scripts.clone().unwrap_or_else(|| shared.join("bench")),
            venv: args
                .venv
                .clone()
                .unwrap_or_else(|| home.join(".cache/newsdesk-anchors")),
            binary: args
                .newsdesk_bin
                .clone()
                .unwrap_or_else(|| repo.join("target/release/newsdesk")),
            out: repo.join("target/bench"),
        }
    }
}

/// Entity analysis against spaCy on GUM news.
fn analyze(args: AnalyzeArgs) -> Result<()> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = repo.canonicalize().unwrap_or(repo);
    let shared = repo.join("../shared");
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let datasets = args.datasets.unwrap_or_else(|| shared.join("datasets"));
    let venv = args
        .venv
        .unwrap_or_else(|| home.join(".cache/newsdesk-anchors"));
    let paths = ner::NerPaths {
        gold: datasets.join("gum-news-ner/gum-news-ner.jsonl"),
        scripts: args.scripts.unwrap_or_else(|| shared.join("bench")),
        python: venv.join("bin/python"),
        out: repo.join("target/bench"),
    };
    ner::run(&paths, args.min_seconds)
}

fn extract(args: ExtractArgs) -> Result<()> {
    let paths = Paths::resolve(&args);
    let predictions = paths.out.join("extract");
    std::fs::create_dir_all(&predictions)
        .with_context(|| format!("creating {}", predictions.display()))?;
    let mut results = Results {
        datasets_dir: paths.datasets.clone(),
        limit: args.limit,
        ..Results::default()
    };
    let want = |part| args.parts.contains(&part);
    results.load_average.extend(load_average());

    let mut found = Vec::new();
    for kind in Kind::ALL {
        match datasets::find(&paths.datasets, kind, args.limit)? {
            Some(dataset) => found.push(dataset),
            None => note(
                &mut results,
                format!(
                    "dataset {kind} absent from {}: skipped",
                    paths.datasets.display()
                ),
            ),
        }
    }
    let speed_sets: Vec<&Dataset> = found
        .iter()
        .filter(|d| SPEED_SETS.contains(&d.kind))
        .collect();
    if args.limit.is_some() && want(Part::Quality) {
        note(
            &mut results,
            "--limit: score.py counts every page not predicted as empty, so scores are low".into(),
        );
    }

    if want(Part::Quality) {
        for dataset in &found {
            progress(&format!(
                "newsdesk on {} ({} pages)",
                dataset.kind,
                dataset.pages.len()
            ));
            let out = predictions.join(format!("newsdesk-{}.jsonl", dataset.kind.key()));
            let run = quality::run_newsdesk(dataset, &out)?;
            for panic in &run.panics {
                eprintln!("  PANIC {}: {}", panic.path.display(), panic.message);
            }
            score_into(&mut results, &paths, "newsdesk", dataset, &out);
            results.newsdesk_runs.push(run);
        }
        results.slowest_pages = quality::slowest(&results.newsdesk_runs, 10);
    }

    if want(Part::Speed) {
        if speed_sets.is_empty() {
            note(
                &mut results,
                "speed: no Zyte or Readability pages, skipped".into(),
            );
        } else {
            let mut pages = Vec::new();
            for dataset in &speed_sets {
                pages.extend(dataset.load()?);
                results.speed_sets.push(dataset.kind.key().into());
            }
            progress(&format!(
                "newsdesk speed on {} pages, ≥ {} s",
                pages.len(),
                args.min_seconds
            ));
            results.speed = Some(speed::measure(&pages, args.min_seconds));
        }
    }

    if want(Part::Quality) || want(Part::Speed) {
        run_anchors(&args, &paths, &found, &predictions, &mut results);
    }

    if want(Part::Memory) {
        run_memory(&paths, &found, args.memory_runs, &mut results);
    }

    results.load_average.extend(load_average());
    let tables: Vec<String> = results
        .tables()
        .iter()
        .map(|t| t.render(args.markdown))
        .collect();
    println!("\n{}", tables.join("\n"));
    for line in &results.notes {
        println!("note: {line}");
    }
    if !results.load_average.is_empty() {
        println!(
            "load average (1, 5, 15 min) at start / end: {}",
            results.load_average.join(" / ")
        );
    }
    let markdown: Vec<String> = results.tables().iter().map(|t| t.render(true)).collect();
    let md_path = paths.out.join("extract-results.md");
    std::fs::write(&md_path, markdown.join("\n"))
        .with_context(|| format!("writing {}", md_path.display()))?;
    let json_path = paths.out.join("extract-results.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(&results)?)
        .with_context(|| format!("writing {}", json_path.display()))?;
    println!(
        "results written to {} (tables as Markdown: {})",
        json_path.display(),
        md_path.display()
    );
    Ok(())
}

/// Runs each anchor over the speed sets (speed and quality) and, for quality,
/// the other datasets too, scoring their predictions.
fn run_anchors(
    args: &ExtractArgs,
    paths: &Paths,
    found: &[Dataset],
    predictions: &Path,
    results: &mut Results,
) {
    let tools: Vec<&String> = args
        .anchors
        .iter()
        .filter(|t| !t.is_empty() && *t != "none")
        .collect();
    if tools.is_empty() {
        return;
    }
    let anchors = match Anchors::find(&paths.venv, &paths.scripts) {
        Ok(anchors) => anchors,
        Err(error) => {
            note(
                results,
                format!("ANCHORS NOT RUN: {error:#}; newsdesk's figures are shown alone"),
            );
            return;
        }
    };
    let quality = args.parts.contains(&Part::Quality);
    for tool in tools {
        for dataset in found
            .iter()
            .filter(|d| quality || SPEED_SETS.contains(&d.kind))
        {
            progress(&format!(
                "{tool} on {} ({} pages)",
                dataset.kind,
                dataset.pages.len()
            ));
            let out = predictions.join(format!("{tool}-{}.jsonl", dataset.kind.key()));
            match anchors.run(tool, &dataset.dir, &out, args.limit) {
                Ok(run) => {
                    eprintln!("  {:.1} pages/s, {} failed", run.pages_per_s, run.failed);
                    results.anchor_runs.push(DatasetRun {
                        dataset: dataset.kind.key().into(),
                        run,
                    });
                    if quality {
                        score_into(results, paths, tool, dataset, &out);
                    }
                }
                Err(error) => note(results, format!("{tool} on {}: {error:#}", dataset.kind)),
            }
        }
    }
}

/// Scores one predictions file and keeps the result, or notes why it could not.
fn score_into(
    results: &mut Results,
    paths: &Paths,
    tool: &str,
    dataset: &Dataset,
    predictions: &Path,
) {
    match score::score(&paths.scripts.join("score.py"), dataset, predictions) {
        Ok(score) => results.scores.push(ToolScore {
            tool: tool.to_string(),
            score,
        }),
        Err(error) => note(
            results,
            format!("scoring {tool} on {}: {error:#}", dataset.kind),
        ),
    }
}

/// Runs the release binary over the WCXB pages with -j 1 and -j 2, each
/// `repeats` times, keeping the fastest time and the highest peak RSS.
fn run_memory(paths: &Paths, found: &[Dataset], repeats: usize, results: &mut Results) {
    let Some(wcxb) = found.iter().find(|d| d.kind == Kind::Wcxb) else {
        return note(results, "memory: no WCXB pages, skipped".into());
    };
    if !paths.binary.is_file() {
        return note(
            results,
            format!(
                "memory: no binary at {} (build it with `cargo build --release -p newsdesk`), skipped",
                paths.binary.display()
            ),
        );
    }
    // The binary reads the whole folder, so --limit does not apply here.
    let dir = wcxb.dir.join("html");
    let pages = match datasets::find(&paths.datasets, Kind::Wcxb, None) {
        Ok(Some(all)) => all.pages.len(),
        _ => wcxb.pages.len(),
    };
    for jobs in [1, 2] {
        let mut best: Option<memory::MemoryRun> = None;
        for attempt in 1..=repeats.max(1) {
            progress(&format!(
                "{} extract -j {jobs} on {} ({pages} pages), run {attempt}/{repeats}",
                paths.binary.display(),
                dir.display()
            ));
            let out = paths
                .out
                .join(format!("extract/newsdesk-cli-j{jobs}.jsonl"));
            match memory::run(&paths.binary, &dir, pages, jobs, &out) {
                Ok(run) => {
                    eprintln!("  {:.2} s, {:.1} MB peak RSS", run.seconds, run.peak_rss_mb);
                    best = Some(match best {
                        // Keep the fastest run's time and the highest peak seen.
                        Some(b) if b.seconds <= run.seconds => memory::MemoryRun {
                            peak_rss_mb: b.peak_rss_mb.max(run.peak_rss_mb),
                            ..b
                        },
                        Some(b) => memory::MemoryRun {
                            peak_rss_mb: b.peak_rss_mb.max(run.peak_rss_mb),
                            ..run
                        },
                        None => run,
                    });
                }
                Err(error) => {
                    note(results, format!("memory -j {jobs}: {error:#}"));
                    break;
                }
            }
        }
        results.memory.extend(best);
    }
}

/// The 1, 5 and 15 minute load averages, where the system reports them.
pub(crate) fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn progress(message: &str) {
    eprintln!("[bench] {message}");
}

fn note(results: &mut Results, message: String) {
    eprintln!("[bench] {message}");
    results.notes.push(message);
}
