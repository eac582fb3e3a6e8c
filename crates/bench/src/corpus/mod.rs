//! `newsdesk-bench corpus`: the scale figures of issue 4 on a synthetic
//! corpus of real prose.
//!
//! 1. **Generate** ([`generate`], [`pool`], [`shell`]): N pages (default
//!    100,000) made of paragraphs from the shared datasets' gold texts in
//!    realistic shells of ten invented sites (languages with at least 400
//!    paragraphs in the pool get sites; today that is English alone: the
//!    gold texts hold 23,225 English paragraphs and at most 33 of any other
//!    language), with known duplicates (10 %,
//!    each with a small edit) and revisions (2 %), as a WARC, a JSON Lines
//!    file or a directory, plus a truth file and ~30 typical queries.
//! 2. **Ingest** ([`measure::ingest`]): the release `newsdesk ingest` with
//!    `-j 2 --log json`, started through the hidden `rusage` helper so wall
//!    time, CPU time and peak RSS are the binary's own (its per-batch
//!    progress events give the rate over the run; its threads' CPU times
//!    are sampled from /proc).
//! 3. **Sizes**: the store (`store.db` + WAL) and the index per 1,000 articles.
//! 4. **Search latency**: each query run in process through
//!    `newsdesk-corpus` (`Corpus::search`, facets and collapsing on, 10
//!    results), p50/p99 over all runs and per query form (plain, phrase,
//!    prefix, fuzzy, proximity, filters; [`forms`] adds the forms a query
//!    set lacks); plus a few searches from a fresh binary for the
//!    cold-start cost. `newsdesk-bench search --data DIR` runs this part
//!    alone on a corpus kept from before.
//! 5. **Duplicates**: precision over the pairs put in one group, recall over
//!    the known (copy, original) pairs, and revisions recognised as such.
//!
//! The table is printed (`--markdown` for Markdown) and saved to
//! `target/bench/corpus-results.{json,md}`. A generated input is reused by
//! the next run when its manifest matches (same pages, seed, format and
//! generator version); the corpus itself is always rebuilt.

mod forms;
mod generate;
mod measure;
mod pool;
mod rng;
mod shell;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::report::Table;
pub use generate::InputFormat;
use generate::{BenchQuery, Manifest};
use measure::{ColdSearch, DupScore, IngestRun, SearchLatency, Sizes};

/// The targets of issue 4.
pub const TARGET_PAGES_PER_S: f64 = 300.0;
pub const TARGET_PEAK_RSS_MB: f64 = 1000.0;
pub const TARGET_SEARCH_P99_MS: f64 = 50.0;

#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    /// Pages to generate and ingest.
    #[arg(long, default_value = "100000", value_name = "N")]
    pub pages: usize,
    /// Working directory for the input and the corpus [default: target/bench/corpus].
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,
    /// Keep the generated input and the corpus (otherwise both are removed at the end).
    #[arg(long)]
    pub keep: bool,
    /// Print the table as Markdown.
    #[arg(long)]
    pub markdown: bool,
    /// How the pages are written for `newsdesk ingest`.
    #[arg(long, value_enum, default_value = "warc")]
    pub input: InputFormat,
    /// Seed of the generator.
    #[arg(long, default_value = "4")]
    pub seed: u64,
    /// Ingest workers (`newsdesk ingest -j`).
    #[arg(long, default_value = "2", value_name = "N")]
    pub jobs: usize,
    /// Timed runs of each query.
    #[arg(long, default_value = "20", value_name = "N")]
    pub runs: usize,
    /// The datasets folder [default: ../shared/datasets from the repository root].
    #[arg(long, value_name = "DIR")]
    pub datasets: Option<PathBuf>,
    /// The newsdesk binary [default: target/release/newsdesk].
    #[arg(long, value_name = "PATH")]
    pub newsdesk_bin: Option<PathBuf>,
}

/// Options of `newsdesk-bench search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The corpus's data directory (as `newsdesk --data`; a copy: opening an
    /// older corpus migrates it).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// The query set [default: queries.json next to the data directory, as
    /// `corpus --keep` leaves it].
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Timed runs of each query.
    #[arg(long, default_value = "20", value_name = "N")]
    pub runs: usize,
    /// Print the tables as Markdown.
    #[arg(long)]
    pub markdown: bool,
    /// Search without counting facets (what the facets cost is the difference).
    #[arg(long)]
    pub no_facets: bool,
}

/// `newsdesk-bench search`: the search latency part of `corpus` alone, on a
/// corpus built before (`corpus --keep`), per query and per query form.
pub fn search_only(args: SearchArgs) -> Result<()> {
    anyhow::ensure!(args.runs > 0, "--runs must be at least 1");
    let queries_path = match &args.queries {
        Some(path) => path.clone(),
        None => args
            .data
            .parent()
            .map(|dir| dir.join("queries.json"))
            .context("--data has no parent folder; give --queries")?,
    };
    let queries: Vec<BenchQuery> = serde_json::from_str(
        &std::fs::read_to_string(&queries_path)
            .with_context(|| format!("reading {}", queries_path.display()))?,
    )
    .with_context(|| format!("parsing {}", queries_path.display()))?;
    let queries = forms::with_forms(queries);
    progress(&format!(
        "search: {} queries × {} runs in process on {}",
        queries.len(),
        args.runs,
        args.data.display()
    ));
    let mut load_average: Vec<String> = crate::load_average().into_iter().collect();
    let search = measure::search_latency(&args.data, &queries, args.runs, !args.no_facets)?;
    load_average.extend(crate::load_average());
    let mut forms = form_table(&search);
    forms.footer.push(format!(
        "machine: {} cores; load average (1, 5, 15 min) at start / end: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average.join(" / ")
    ));
    let tables = [forms, query_table(&search)];
    let text: Vec<String> = tables.iter().map(|t| t.render(args.markdown)).collect();
    println!("\n{}", text.join("\n"));
    Ok(())
}

/// Options of `newsdesk-bench make-warc`.
#[derive(Debug, clap::Args)]
pub struct MakeWarcArgs {
    /// Pages to generate.
    #[arg(long, default_value = "10000", value_name = "N")]
    pub pages: usize,
    /// The WARC to write (gzip per record). With `--files N` above 1, the
    /// pages are dealt round-robin into N files named after it: `x.warc.gz`
    /// becomes `x-000.warc.gz`, `x-001.warc.gz`...
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Files to split the pages into.
    #[arg(long, default_value = "1", value_name = "N")]
    pub files: usize,
    /// Seed of the generator.
    #[arg(long, default_value = "4")]
    pub seed: u64,
    /// The datasets folder [default: ../shared/datasets from the repository root].
    #[arg(long, value_name = "DIR")]
    pub datasets: Option<PathBuf>,
}

/// `newsdesk-bench make-warc`: the generator's pages (real paragraphs from the
/// shared datasets in the shells of invented sites, 10 % near duplicates, 2 %
/// revisions) as WARC files, printed one path a line on stdout.
pub fn make_warc(args: MakeWarcArgs) -> Result<()> {
    anyhow::ensure!(args.pages > 0, "--pages must be at least 1");
    anyhow::ensure!(args.files > 0, "--files must be at least 1");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let datasets = args
        .datasets
        .clone()
        .unwrap_or_else(|| repo.join("../shared/datasets"));
    let out_dir = match args.out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = args
        .out
        .file_name()
        .and_then(|n| n.to_str())
        .context("--out must name a file")?;
    let stem = file_name
        .strip_suffix(".warc.gz")
        .or_else(|| file_name.strip_suffix(".gz"))
        .unwrap_or(file_name);
    // The generator also writes its truth and queries; they go to a scratch
    // folder next to the output, removed at the end.
    let work = out_dir.join(format!(".{file_name}.work"));
    progress(&format!(
        "reading the paragraph pool from {}",
        datasets.display()
    ));
    let pool = pool::load(&datasets, 3)?;
    let manifest = generate::generate_parts(
        &pool,
        args.pages,
        args.seed,
        InputFormat::Warc,
        &work,
        args.files,
    )?;
    let mut written = Vec::new();
    for (i, part) in generate::warc_parts(&work, args.files)
        .into_iter()
        .enumerate()
    {
        let target = if args.files == 1 {
            args.out.clone()
        } else {
            out_dir.join(format!("{stem}-{i:03}.warc.gz"))
        };
        std::fs::rename(&part, &target)
            .with_context(|| format!("moving {} to {}", part.display(), target.display()))?;
        written.push(target);
    }
    std::fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    progress(&format!(
        "{} pages ({} originals, {} duplicates, {} revisions) in {} file(s), {:.0} s",
        manifest.pages,
        manifest.originals,
        manifest.duplicates,
        manifest.revisions,
        written.len(),
        manifest.seconds
    ));
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

/// Everything one run measured.
#[derive(Debug, Serialize)]
pub struct CorpusResults {
    pub manifest: Manifest,
    pub ingest: IngestRun,
    pub sizes: Sizes,
    pub search: SearchLatency,
    pub cold_searches: Vec<ColdSearch>,
    pub duplicates: DupScore,
    pub load_average: Vec<String>,
    pub cores: usize,
}

pub fn run(args: CorpusArgs) -> Result<()> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = repo.canonicalize().unwrap_or(repo);
    let shared = repo.join("../shared");
    let shared = shared.canonicalize().unwrap_or(shared);
    let datasets = args
        .datasets
        .clone()
        .unwrap_or_else(|| shared.join("datasets"));
    let binary = args
        .newsdesk_bin
        .clone()
        .unwrap_or_else(|| repo.join("target/release/newsdesk"));
    let out = repo.join("target/bench");
    let work = args.work.clone().unwrap_or_else(|| out.join("corpus"));
    anyhow::ensure!(
        binary.is_file(),
        "no binary at {} (build it with `cargo build --release -p newsdesk`)",
        binary.display()
    );
    anyhow::ensure!(args.pages > 0, "--pages must be at least 1");
    let mut load_average = Vec::new();
    load_average.extend(crate::load_average());

    // 1. Generate, unless a matching input is there.
    let manifest = match reusable(&work, &args) {
        Some(manifest) => {
            progress(&format!(
                "reusing {} ({} pages, generated earlier)",
                manifest.input.display(),
                manifest.pages
            ));
            manifest
        }
        None => {
            progress(&format!(
                "reading the paragraph pool from {}",
                datasets.display()
            ));
            let pool = pool::load(&datasets, 3)?;
            progress(&format!(
                "pool: {} paragraphs from {} texts ({}); generating {} pages as {:?}",
                pool.len(),
                pool.documents,
                pool.languages
                    .iter()
                    .map(|l| format!("{} {}", l.lang, l.paragraphs.len()))
                    .collect::<Vec<_>>()
                    .join(", "),
                args.pages,
                args.input
            ));
            let manifest = generate::generate(&pool, args.pages, args.seed, args.input, &work)?;
            progress(&format!(
                "generated {} pages ({} originals, {} duplicates, {} revisions), {:.0} MB of HTML, {:.0} MB input, in {:.0} s",
                manifest.pages,
                manifest.originals,
                manifest.duplicates,
                manifest.revisions,
                manifest.html_bytes as f64 / 1e6,
                manifest.input_bytes as f64 / 1e6,
                manifest.seconds
            ));
            manifest
        }
    };

    // 2. Ingest into a fresh corpus.
    let data = work.join("data");
    if data.exists() {
        std::fs::remove_dir_all(&data).with_context(|| format!("removing {}", data.display()))?;
    }
    progress(&format!(
        "newsdesk ingest -j {} of {} pages",
        args.jobs, manifest.pages
    ));
    let ingest = measure::ingest(&binary, &manifest.input, &data, args.jobs, &work)?;
    progress(&format!(
        "{:.1} s, {:.0} pages/s, {:.0} MB peak RSS, {:.2} cores",
        ingest.seconds, ingest.pages_per_s, ingest.peak_rss_mb, ingest.cores_used
    ));

    // 3. Sizes.
    let sizes = measure::sizes(&binary, &data)?;

    // 4. Search latency.
    let queries: Vec<BenchQuery> = serde_json::from_str(
        &std::fs::read_to_string(work.join("queries.json")).context("reading queries.json")?,
    )?;
    let queries = forms::with_forms(queries);
    progress(&format!(
        "search: {} queries × {} runs in process",
        queries.len(),
        args.runs
    ));
    let search = measure::search_latency(&data, &queries, args.runs, true)?;
    let mut cold_searches = Vec::new();
    for q in pick_cold(&queries) {
        cold_searches.push(measure::cold_search(&binary, &data, q)?);
    }

    // 5. Duplicates.
    progress("scoring duplicate groups against the truth");
    let truth = measure::read_truth(&work.join("truth.jsonl"))?;
    let duplicates = measure::duplicates(&data, &truth)?;

    load_average.extend(crate::load_average());
    let results = CorpusResults {
        manifest,
        ingest,
        sizes,
        search,
        cold_searches,
        duplicates,
        load_average,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let tables = results.tables();
    let text: Vec<String> = tables.iter().map(|t| t.render(args.markdown)).collect();
    println!("\n{}", text.join("\n"));
    std::fs::create_dir_all(&out)?;
    let markdown: Vec<String> = tables.iter().map(|t| t.render(true)).collect();
    let md_path = out.join("corpus-results.md");
    std::fs::write(&md_path, markdown.join("\n"))
        .with_context(|| format!("writing {}", md_path.display()))?;
    let json_path = out.join("corpus-results.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(&results)?)
        .with_context(|| format!("writing {}", json_path.display()))?;
    println!(
        "results written to {} (tables as Markdown: {})",
        json_path.display(),
        md_path.display()
    );
    if !args.keep {
        std::fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    }
    Ok(())
}

/// The manifest of a previous generation in `work` that this run can reuse.
fn reusable(work: &Path, args: &CorpusArgs) -> Option<Manifest> {
    let raw = std::fs::read_to_string(work.join("manifest.json")).ok()?;
    let manifest: Manifest = serde_json::from_str(&raw).ok()?;
    let same = manifest.version == generate::GENERATOR_VERSION
        && manifest.pages == args.pages
        && manifest.seed == args.seed
        && manifest.format == args.input
        && manifest.input.exists()
        && work.join("truth.jsonl").is_file()
        && work.join("queries.json").is_file()
        && generate::size_of(&manifest.input) == manifest.input_bytes;
    same.then_some(manifest)
}

/// Three queries for the cold-start runs: a frequent word, a phrase, the
/// latest articles.
fn pick_cold(queries: &[BenchQuery]) -> Vec<&BenchQuery> {
    [
        "frequent word",
        "phrase",
        "--sort date, empty query (latest)",
    ]
    .iter()
    .filter_map(|label| queries.iter().find(|q| q.label == *label))
    .collect()
}

fn progress(message: &str) {
    eprintln!("[bench] {message}");
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

fn pass(ok: bool) -> String {
    if ok { "yes" } else { "NO" }.to_string()
}

impl CorpusResults {
    pub fn tables(&self) -> Vec<Table> {
        vec![
            self.summary_table(),
            form_table(&self.search),
            query_table(&self.search),
        ]
    }

    fn summary_table(&self) -> Table {
        let m = &self.manifest;
        let i = &self.ingest;
        let s = &self.sizes;
        let q = &self.search;
        let d = &self.duplicates;
        let mut t = Table::new(
            &format!(
                "Corpus at scale: {} pages ({} originals, {} known duplicates, {} revisions), {:?} input, -j {}",
                m.pages,
                m.originals,
                m.duplicates,
                m.revisions,
                m.format,
                i.command.split(" -j ").nth(1).unwrap_or("?")
            ),
            &["measure", "value", "target", "met"],
        );
        let row = |t: &mut Table, name: &str, value: String, target: &str, met: String| {
            t.rows
                .push(vec![name.to_string(), value, target.to_string(), met]);
        };
        row(
            &mut t,
            "ingest, end to end",
            format!("{:.0} pages/s ({:.1} s)", i.pages_per_s, i.seconds),
            &format!("≥ {TARGET_PAGES_PER_S:.0} pages/s"),
            pass(i.pages_per_s >= TARGET_PAGES_PER_S),
        );
        row(
            &mut t,
            "CPU used during ingest",
            format!("{:.2} cores ({:.0} CPU s)", i.cores_used, i.cpu_seconds),
            "",
            String::new(),
        );
        row(
            &mut t,
            "peak memory (RSS)",
            format!("{:.0} MB", i.peak_rss_mb),
            &format!("< {TARGET_PEAK_RSS_MB:.0} MB"),
            pass(i.peak_rss_mb < TARGET_PEAK_RSS_MB),
        );
        row(
            &mut t,
            "store per 1,000 articles",
            format!(
                "{} (store.db {} + WAL {})",
                mb(s.store_per_1000),
                mb(s.store_bytes as f64),
                mb(s.store_wal_bytes as f64)
            ),
            "",
            String::new(),
        );
        row(
            &mut t,
            "index per 1,000 articles",
            format!(
                "{} (index/ {})",
                mb(s.index_per_1000),
                mb(s.index_bytes as f64)
            ),
            "",
            String::new(),
        );
        row(
            &mut t,
            "search p50 / p99 (in process)",
            format!("{:.2} / {:.2} ms", q.p50_ms, q.p99_ms),
            &format!("p99 < {TARGET_SEARCH_P99_MS:.0} ms"),
            pass(q.p99_ms < TARGET_SEARCH_P99_MS),
        );
        let cold: Vec<String> = self
            .cold_searches
            .iter()
            .map(|c| format!("{:.0}", c.ms))
            .collect();
        row(
            &mut t,
            "search from a fresh binary (frequent word / phrase / latest)",
            format!("{} ms", cold.join(" / ")),
            "",
            String::new(),
        );
        row(
            &mut t,
            "duplicates: precision",
            format!(
                "{:.4} ({} of {} grouped pairs)",
                d.precision, d.correct_pairs, d.grouped_pairs
            ),
            "",
            String::new(),
        );
        row(
            &mut t,
            "duplicates: recall",
            format!(
                "{:.4} ({} of {} known pairs)",
                d.recall, d.found_pairs, d.known_pairs
            ),
            "",
            String::new(),
        );
        row(
            &mut t,
            "revisions recognised",
            format!("{} of {}", d.revisions_recognised, d.revisions_known),
            "all",
            pass(d.revisions_recognised == d.revisions_known),
        );
        let report = &i.report;
        let field = |name: &str| report.get(name).and_then(|v| v.as_u64()).unwrap_or(0);
        t.footer.push(format!(
            "ingest summary: {} pages, {} new articles ({} copies), {} revisions, {} unchanged, {} without an article, {} unreadable",
            field("pages"),
            field("added"),
            field("duplicates"),
            field("revisions"),
            field("unchanged"),
            field("failed"),
            field("problems")
        ));
        t.footer.push(format!(
            "store: {} articles ({} rows with revisions); input {} ({} of HTML); pool {} paragraphs from {} gold texts; languages {}",
            s.articles,
            s.revisions,
            mb(m.input_bytes as f64),
            mb(m.html_bytes as f64),
            m.pool_paragraphs,
            m.pool_documents,
            m.languages
                .iter()
                .map(|(l, n)| format!("{l} ({n} paragraphs)"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if !i.rate_by_tenth.is_empty() {
            let rates: Vec<String> = i.rate_by_tenth.iter().map(|r| format!("{r:.0}")).collect();
            t.footer.push(format!(
                "ingest pages/s by tenth of the pages (pipeline clock, batches of 500): {}",
                rates.join(", ")
            ));
        }
        if !i.threads.is_empty() {
            let busiest: Vec<String> = i
                .threads
                .iter()
                .take(8)
                .map(|th| format!("{} {:.1} s", th.name, th.cpu_seconds))
                .collect();
            t.footer.push(format!(
                "ingest CPU by thread (main = the writer: linking, SQLite, index commits): {}",
                busiest.join(", ")
            ));
        }
        if !s.store_tables.is_empty() {
            let top: Vec<String> = s
                .store_tables
                .iter()
                .take(6)
                .map(|(name, bytes)| format!("{name} {}", mb(*bytes as f64)))
                .collect();
            t.footer
                .push(format!("largest store tables: {}", top.join(", ")));
        }
        let edits: Vec<String> = d
            .recall_by_edit
            .iter()
            .map(|(e, f, k)| format!("{e} {f}/{k}"))
            .collect();
        t.footer.push(format!(
            "recall by edit: {}; group original right in {} of {} groups",
            edits.join(", "),
            d.originals_right,
            d.groups_with_known_original
        ));
        t.footer.push(format!(
            "search: {} queries × {} runs after one first run each; corpus opened in {:.0} ms; max {:.1} ms",
            q.queries, q.runs_per_query, q.open_ms, q.max_ms
        ));
        t.footer.push(format!(
            "machine: {} cores; load average (1, 5, 15 min) at start / end: {}",
            self.cores,
            self.load_average.join(" / ")
        ));
        t
    }
}

/// Latency per query form, with the target.
fn form_table(search: &SearchLatency) -> Table {
    let mut t = Table::new(
        &format!(
            "Search latency per query form (in process, 10 results, {}, collapsed copies)",
            facets_text(search)
        ),
        &[
            "form",
            "queries",
            "samples",
            "p50 ms",
            "p99 ms",
            "max ms",
            "p99 < 50 ms",
        ],
    );
    for f in &search.per_form {
        t.rows.push(vec![
            f.form.clone(),
            f.queries.to_string(),
            f.samples.to_string(),
            format!("{:.2}", f.p50_ms),
            format!("{:.2}", f.p99_ms),
            format!("{:.2}", f.max_ms),
            pass(f.p99_ms < TARGET_SEARCH_P99_MS),
        ]);
    }
    t.rows.push(vec![
        "all".into(),
        search.queries.to_string(),
        search.samples.to_string(),
        format!("{:.2}", search.p50_ms),
        format!("{:.2}", search.p99_ms),
        format!("{:.2}", search.max_ms),
        pass(search.p99_ms < TARGET_SEARCH_P99_MS),
    ]);
    t.footer.push(format!(
        "{} runs of each query after one first run; corpus opened in {:.0} ms",
        search.runs_per_query, search.open_ms
    ));
    t
}

/// Latency per query.
fn query_table(search: &SearchLatency) -> Table {
    let mut t = Table::new(
        &format!(
            "Search latency per query (in process, 10 results, {}, collapsed copies)",
            facets_text(search)
        ),
        &[
            "query", "kind", "matches", "first ms", "p50 ms", "p99 ms", "max ms",
        ],
    );
    for q in &search.per_query {
        let text = if q.filters.is_empty() {
            q.query.clone()
        } else {
            format!("{} {}", q.query, q.filters)
        };
        t.rows.push(vec![
            format!("`{}`", text.trim()).replace('|', "\\|"),
            q.label.clone(),
            q.total.to_string(),
            format!("{:.2}", q.first_ms),
            format!("{:.2}", q.p50_ms),
            format!("{:.2}", q.p99_ms),
            format!("{:.2}", q.max_ms),
        ]);
    }
    t
}

fn facets_text(search: &SearchLatency) -> &'static str {
    if search.facets {
        "facets"
    } else {
        "no facets"
    }
}
