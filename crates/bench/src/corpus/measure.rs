//! The measurements over a generated corpus: the ingest (through the
//! `rusage` helper, so time and peak memory are the binary's own), the
//! store's and index's sizes, search latency in process and from a cold
//! binary, and duplicate detection scored against the truth file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsdesk_corpus::{Corpus, Filters, SearchRequest, Sort};
use serde::Serialize;

use super::generate::{size_of, BenchQuery, Kind, TruthPage};
use crate::memory::ChildUsage;

/// The ingest run.
#[derive(Debug, Clone, Serialize)]
pub struct IngestRun {
    pub command: String,
    pub pages: u64,
    pub seconds: f64,
    pub pages_per_s: f64,
    pub cpu_seconds: f64,
    /// CPU seconds per wall second (2.0 = both cores busy throughout).
    pub cores_used: f64,
    pub peak_rss_mb: f64,
    pub exit_code: Option<i32>,
    /// The binary's own summary (`--log json`'s `done` event).
    pub report: serde_json::Value,
    /// Pages/s over each tenth of the pages (from the progress events), to
    /// see whether ingesting slows down as the corpus grows.
    pub rate_by_tenth: Vec<f64>,
    /// CPU seconds per thread of the binary (sampled from /proc every
    /// 250 ms, so the last quarter second is missing), busiest first.
    pub threads: Vec<ThreadCpu>,
}

/// Pages/s over each tenth of `pages`, from (pages done, seconds) points.
fn rate_by_tenth(points: &[(u64, f64)], pages: u64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut last = (0u64, 0.0f64);
    for tenth in 1..=10u64 {
        let goal = pages * tenth / 10;
        // The first point at or past this tenth.
        let Some(&point) = points.iter().find(|p| p.0 >= goal && p.0 > last.0) else {
            break;
        };
        let seconds = point.1 - last.1;
        if seconds > 0.0 {
            out.push((point.0 - last.0) as f64 / seconds);
        }
        last = point;
    }
    out
}

/// One thread of the ingesting binary.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadCpu {
    pub tid: u32,
    /// The thread's name; `main` is the process's first thread (the
    /// pipeline's writer: linking, SQLite, index commits).
    pub name: String,
    pub cpu_seconds: f64,
}

/// Per-thread CPU times of the rusage helper's child, as last seen.
#[derive(Default)]
struct ThreadSampler {
    pid: Option<u32>,
    seen: std::collections::BTreeMap<u32, ThreadCpu>,
}

impl ThreadSampler {
    fn sample(&mut self, helper: u32) {
        if self.pid.is_none() {
            let children =
                std::fs::read_to_string(format!("/proc/{helper}/task/{helper}/children"))
                    .unwrap_or_default();
            self.pid = children
                .split_whitespace()
                .next()
                .and_then(|p| p.parse().ok());
        }
        let Some(pid) = self.pid else { return };
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
            return;
        };
        // Clock ticks per second; 100 on Linux unless configured otherwise.
        // SAFETY: sysconf has no preconditions.
        #[allow(unsafe_code)]
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
        for task in tasks.filter_map(|t| t.ok()) {
            let Some(tid) = task
                .file_name()
                .to_str()
                .and_then(|t| t.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ...`: comm may hold spaces, so split at the last ')'.
            let Some((head, rest)) = stat.rsplit_once(')') else {
                continue;
            };
            let name = head.split_once('(').map_or("", |(_, n)| n);
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // utime and stime are fields 14 and 15 of stat, 12 and 13 after the comm.
            let cpu = |i: usize| {
                fields
                    .get(i)
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            let cpu_seconds = (cpu(11) + cpu(12)) / ticks;
            self.seen.insert(
                tid,
                ThreadCpu {
                    tid,
                    name: if tid == pid {
                        "main".to_string()
                    } else {
                        name.to_string()
                    },
                    cpu_seconds,
                },
            );
        }
    }

    fn busiest(self) -> Vec<ThreadCpu> {
        let mut threads: Vec<ThreadCpu> = self.seen.into_values().collect();
        threads.sort_by(|a, b| b.cpu_seconds.total_cmp(&a.cpu_seconds));
        threads
    }
}

/// Runs `newsdesk ingest` over `input` into `data` with `-j jobs`.
pub fn ingest(
    binary: &Path,
    input: &Path,
    data: &Path,
    jobs: usize,
    work: &Path,
) -> Result<IngestRun> {
    let report_path = work.join("ingest.rusage.json");
    let stderr_path = work.join("ingest.stderr");
    let helper = std::env::current_exe().context("finding this executable")?;
    let args: Vec<String> = vec![
        "ingest".into(),
        input.display().to_string(),
        "--data".into(),
        data.display().to_string(),
        "--log".into(),
        "json".into(),
        "-j".into(),
        jobs.to_string(),
    ];
    let command = format!("{} {}", binary.display(), args.join(" "));
    let mut helper = Command::new(helper)
        .arg("rusage")
        .arg("--report")
        .arg(&report_path)
        .arg("--")
        .arg(binary)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(&stderr_path)?)
        .spawn()
        .context("starting the rusage helper")?;
    // While it runs, read the binary's threads' CPU times from /proc.
    let mut threads = ThreadSampler::default();
    let status = loop {
        if let Some(status) = helper.try_wait()? {
            break status;
        }
        threads.sample(helper.id());
        std::thread::sleep(std::time::Duration::from_millis(250));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    if !status.success() {
        bail!(
            "the rusage helper failed ({status}): {}",
            crate::anchors::tail(&stderr, 5)
        );
    }
    let usage: ChildUsage = serde_json::from_str(&std::fs::read_to_string(&report_path)?)
        .with_context(|| format!("reading {}", report_path.display()))?;
    // The last `done` event is the summary.
    let report = stderr
        .lines()
        .rev()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v.get("event").and_then(|e| e.as_str()) == Some("done"))
        .and_then(|v| v.get("report").cloned());
    let Some(report) = report else {
        bail!(
            "{command} gave no summary (exit {:?}): {}",
            usage.exit_code,
            crate::anchors::tail(&stderr, 5)
        );
    };
    let pages = report.get("pages").and_then(|p| p.as_u64()).unwrap_or(0);
    // Progress events (one per batch): pages done against the pipeline's clock.
    let progress: Vec<(u64, f64)> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("event").and_then(|e| e.as_str()) == Some("progress"))
        .filter_map(|v| {
            let r = v.get("report")?;
            Some((r.get("pages")?.as_u64()?, r.get("seconds")?.as_f64()?))
        })
        .collect();
    Ok(IngestRun {
        command,
        pages,
        seconds: usage.seconds,
        pages_per_s: pages as f64 / usage.seconds.max(1e-9),
        cpu_seconds: usage.cpu_seconds,
        cores_used: usage.cpu_seconds / usage.seconds.max(1e-9),
        peak_rss_mb: usage.peak_rss_kib as f64 * 1024.0 / 1e6,
        exit_code: usage.exit_code,
        report,
        threads: threads.busiest(),
        rate_by_tenth: rate_by_tenth(&progress, pages),
    })
}

/// What the corpus takes on disk.
#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    /// Latest revisions (`stats.articles`).
    pub articles: i64,
    /// All revisions.
    pub revisions: i64,
    pub store_bytes: u64,
    pub store_wal_bytes: u64,
    pub index_bytes: u64,
    pub store_per_1000: f64,
    pub index_per_1000: f64,
    /// Bytes per table and index of the store (SQLite's `dbstat`, when the
    /// `sqlite3` shell has it), largest first.
    pub store_tables: Vec<(String, u64)>,
    /// `newsdesk stats --format json`.
    pub stats: serde_json::Value,
}

pub fn sizes(binary: &Path, data: &Path) -> Result<Sizes> {
    let output = Command::new(binary)
        .args(["stats", "--format", "json", "--data"])
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .context("running newsdesk stats")?;
    if !output.status.success() {
        bail!(
            "newsdesk stats failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stats: serde_json::Value =
        serde_json::from_slice(&output.stdout).context("parsing newsdesk stats")?;
    let articles = stats.get("articles").and_then(|v| v.as_i64()).unwrap_or(0);
    let revisions = stats.get("revisions").and_then(|v| v.as_i64()).unwrap_or(0);
    let store = size_of(&data.join("store.db"));
    let wal = size_of(&data.join("store.db-wal")) + size_of(&data.join("store.db-shm"));
    let index = size_of(&data.join("index"));
    let per = |bytes: u64| bytes as f64 * 1000.0 / articles.max(1) as f64;
    Ok(Sizes {
        articles,
        revisions,
        store_bytes: store,
        store_wal_bytes: wal,
        index_bytes: index,
        store_per_1000: per(store + wal),
        index_per_1000: per(index),
        store_tables: store_tables(&data.join("store.db")),
        stats,
    })
}

/// Bytes per table/index, through the `sqlite3` shell's `dbstat` (read only).
fn store_tables(db: &Path) -> Vec<(String, u64)> {
    let output = Command::new("sqlite3")
        .arg("-readonly")
        .arg(db)
        .arg("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC;")
        .stdin(Stdio::null())
        .output();
    let Ok(output) = output else {
        return Vec::new();
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (name, bytes) = line.rsplit_once('|')?;
            Some((name.to_string(), bytes.trim().parse().ok()?))
        })
        .collect()
}

/// Latency of one query over its runs.
#[derive(Debug, Clone, Serialize)]
pub struct QueryLatency {
    pub label: String,
    pub query: String,
    pub filters: String,
    /// Matching articles (`total`).
    pub total: usize,
    pub hits: usize,
    pub first_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Latency of one query form ([`super::forms::form_of`]) over all its
/// queries' runs.
#[derive(Debug, Clone, Serialize)]
pub struct FormLatency {
    pub form: String,
    pub queries: usize,
    pub samples: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Search latency in process.
#[derive(Debug, Clone, Serialize)]
pub struct SearchLatency {
    pub open_ms: f64,
    pub queries: usize,
    pub runs_per_query: usize,
    /// Whether each search counted its facets.
    pub facets: bool,
    pub samples: usize,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub per_form: Vec<FormLatency>,
    pub per_query: Vec<QueryLatency>,
}

fn request(q: &BenchQuery, facets: bool) -> SearchRequest {
    SearchRequest {
        query: q.query.clone(),
        filters: Filters {
            lang: q.lang.clone(),
            since: q.since.clone(),
            until: q.until.clone(),
            ..Filters::default()
        },
        sort: if q.sort_date {
            Sort::Date
        } else {
            Sort::Relevance
        },
        limit: 10,
        offset: 0,
        collapse: true,
        facets,
    }
}

fn filters_text(q: &BenchQuery) -> String {
    let mut parts = Vec::new();
    if let Some(lang) = &q.lang {
        parts.push(format!("--lang {lang}"));
    }
    if let Some(since) = &q.since {
        parts.push(format!("--since {since}"));
    }
    if let Some(until) = &q.until {
        parts.push(format!("--until {until}"));
    }
    if q.sort_date {
        parts.push("--sort date".into());
    }
    parts.join(" ")
}

/// The value at quantile `q` (nearest rank) of sorted samples.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Runs every query once (the first run, reported apart), then `runs` rounds
/// over the whole set, timing each `Corpus::search` call (with its facets
/// counted or not).
pub fn search_latency(
    data: &Path,
    queries: &[BenchQuery],
    runs: usize,
    facets: bool,
) -> Result<SearchLatency> {
    let started = Instant::now();
    let corpus =
        Corpus::open_existing(data).with_context(|| format!("opening {}", data.display()))?;
    let open_ms = started.elapsed().as_secs_f64() * 1e3;
    let requests: Vec<SearchRequest> = queries.iter().map(|q| request(q, facets)).collect();
    let mut per: Vec<QueryLatency> = Vec::new();
    for (q, r) in queries.iter().zip(&requests) {
        let t = Instant::now();
        let results = corpus
            .search(r)
            .with_context(|| format!("searching {:?}", q.query))?;
        per.push(QueryLatency {
            label: q.label.clone(),
            query: q.query.clone(),
            filters: filters_text(q),
            total: results.total,
            hits: results.hits.len(),
            first_ms: t.elapsed().as_secs_f64() * 1e3,
            p50_ms: 0.0,
            p99_ms: 0.0,
            max_ms: 0.0,
        });
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(runs); queries.len()];
    for _ in 0..runs {
        for (i, r) in requests.iter().enumerate() {
            let t = Instant::now();
            let results = corpus.search(r)?;
            samples[i].push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(results);
        }
    }
    let mut all: Vec<f64> = Vec::new();
    // Samples by form, forms in the order first met.
    let mut by_form: Vec<(&'static str, usize, Vec<f64>)> = Vec::new();
    for ((latency, mut times), q) in per.iter_mut().zip(samples).zip(queries) {
        times.sort_by(f64::total_cmp);
        latency.p50_ms = quantile(&times, 0.5);
        latency.p99_ms = quantile(&times, 0.99);
        latency.max_ms = times.last().copied().unwrap_or(0.0);
        let form = super::forms::form_of(q);
        match by_form.iter_mut().find(|(f, _, _)| *f == form) {
            Some((_, n, samples)) => {
                *n += 1;
                samples.extend(&times);
            }
            None => by_form.push((form, 1, times.clone())),
        }
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    let per_form = by_form
        .into_iter()
        .map(|(form, queries, mut times)| {
            times.sort_by(f64::total_cmp);
            FormLatency {
                form: form.to_string(),
                queries,
                samples: times.len(),
                p50_ms: quantile(&times, 0.5),
                p99_ms: quantile(&times, 0.99),
                max_ms: times.last().copied().unwrap_or(0.0),
            }
        })
        .collect();
    Ok(SearchLatency {
        open_ms,
        queries: queries.len(),
        runs_per_query: runs,
        facets,
        samples: all.len(),
        p50_ms: quantile(&all, 0.5),
        p90_ms: quantile(&all, 0.9),
        p99_ms: quantile(&all, 0.99),
        max_ms: all.last().copied().unwrap_or(0.0),
        per_form,
        per_query: per,
    })
}

/// One `newsdesk search` from a fresh process (opening the store and index).
#[derive(Debug, Clone, Serialize)]
pub struct ColdSearch {
    pub command: String,
    pub ms: f64,
}

pub fn cold_search(binary: &Path, data: &Path, q: &BenchQuery) -> Result<ColdSearch> {
    let mut args: Vec<String> = vec!["search".into(), q.query.clone()];
    args.extend(filters_text(q).split_whitespace().map(str::to_string));
    args.extend([
        "--format".into(),
        "json".into(),
        "--data".into(),
        data.display().to_string(),
    ]);
    let t = Instant::now();
    let output = Command::new(binary)
        .args(&args)
        .stdin(Stdio::null())
        .output()
        .context("running newsdesk search")?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    if !output.status.success() {
        bail!(
            "newsdesk search failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(ColdSearch {
        command: format!(
            "newsdesk {}",
            args.iter()
                .map(|a| if a.contains(' ') || a.is_empty() {
                    format!("'{a}'")
                } else {
                    a.clone()
                })
                .collect::<Vec<_>>()
                .join(" ")
        ),
        ms,
    })
}

/// Duplicate detection scored against the truth.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DupScore {
    /// Known (copy, original) pairs.
    pub known_pairs: usize,
    /// Of those, pairs in one duplicate group.
    pub found_pairs: usize,
    /// Known pairs with a page missing from the store.
    pub missing_pairs: usize,
    pub recall: f64,
    /// Pairs of articles the corpus put in one group.
    pub grouped_pairs: u64,
    /// Of those, pairs that are copies of one text in truth.
    pub correct_pairs: u64,
    pub precision: f64,
    /// Recall by the kind of edit made to the copy: (edit, found, known).
    pub recall_by_edit: Vec<(String, usize, usize)>,
    /// Groups holding a known original whose original is that one (or its revision).
    pub originals_right: usize,
    pub groups_with_known_original: usize,
    /// Revision pages stored as revision 2+ of their original's key.
    pub revisions_known: usize,
    pub revisions_recognised: usize,
    /// Up to ten wrongly grouped pairs, for reading.
    pub false_pair_examples: Vec<(String, String)>,
    /// Up to ten missed copies: (copy, original, edit).
    pub missed_examples: Vec<(String, String, String)>,
    pub articles_read: usize,
}

/// Reads the truth file.
pub fn read_truth(path: &Path) -> Result<Vec<TruthPage>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .with_context(|| format!("{} line {}", path.display(), n + 1))?,
        );
    }
    Ok(out)
}

/// Scores duplicate groups by reading every latest article through the library.
pub fn duplicates(data: &Path, truth: &[TruthPage]) -> Result<DupScore> {
    let corpus =
        Corpus::open_existing(data).with_context(|| format!("opening {}", data.display()))?;
    let store = corpus.store();
    // key → (id, group, revision)
    let mut by_key: HashMap<String, (i64, i64, i64)> = HashMap::new();
    let mut after = 0;
    loop {
        let batch = store.latest_after(after, 500)?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for a in batch {
            by_key.insert(a.key.clone(), (a.id, a.dup_group, a.revision));
        }
    }
    let mut score = DupScore {
        articles_read: by_key.len(),
        ..DupScore::default()
    };
    // The text each article is a copy of, in truth: its original's URL.
    let mut cluster_of: HashMap<&str, &str> = HashMap::new();
    let mut edit_counts: HashMap<String, (usize, usize)> = HashMap::new();
    let mut truth_original_of_group: HashMap<i64, &str> = HashMap::new();
    for page in truth {
        match page.kind {
            Kind::Original => {
                cluster_of.insert(&page.url, &page.url);
            }
            Kind::Duplicate => {
                let original = page.original.as_deref().unwrap_or(&page.url);
                cluster_of.insert(&page.url, original);
                score.known_pairs += 1;
                let edit = page.edit.clone().unwrap_or_default();
                let counts = edit_counts.entry(edit.clone()).or_default();
                counts.1 += 1;
                match (by_key.get(&page.url), by_key.get(original)) {
                    (Some(copy), Some(orig)) => {
                        truth_original_of_group.insert(orig.1, original);
                        if copy.1 == orig.1 {
                            score.found_pairs += 1;
                            counts.0 += 1;
                        } else if score.missed_examples.len() < 10 {
                            score.missed_examples.push((
                                page.url.clone(),
                                original.to_string(),
                                edit,
                            ));
                        }
                    }
                    _ => score.missing_pairs += 1,
                }
            }
            Kind::Revision => {
                score.revisions_known += 1;
                if by_key.get(&page.url).is_some_and(|a| a.2 >= 2) {
                    score.revisions_recognised += 1;
                }
            }
        }
    }
    // Pairs in each group: all pairs, and those of one truth cluster.
    let mut groups: HashMap<i64, Vec<(&str, &str)>> = HashMap::new();
    for (key, (_, group, _)) in &by_key {
        let cluster = cluster_of
            .get(key.as_str())
            .copied()
            .unwrap_or(key.as_str());
        groups
            .entry(*group)
            .or_default()
            .push((key.as_str(), cluster));
    }
    for members in groups.values() {
        let n = members.len() as u64;
        score.grouped_pairs += n * n.saturating_sub(1) / 2;
        let mut per_cluster: HashMap<&str, u64> = HashMap::new();
        for (_, cluster) in members {
            *per_cluster.entry(cluster).or_default() += 1;
        }
        score.correct_pairs += per_cluster
            .values()
            .map(|k| k * k.saturating_sub(1) / 2)
            .sum::<u64>();
        if per_cluster.len() > 1 && score.false_pair_examples.len() < 10 {
            let a = members[0];
            if let Some(b) = members.iter().find(|m| m.1 != a.1) {
                score
                    .false_pair_examples
                    .push((a.0.to_string(), b.0.to_string()));
            }
        }
    }
    // Is each group's original the true original (or its revision)?
    for (group, original_url) in &truth_original_of_group {
        score.groups_with_known_original += 1;
        if let (Some(g), Some(orig)) = (store.dup_group(*group)?, by_key.get(*original_url)) {
            if g.original == orig.0 {
                score.originals_right += 1;
            }
        }
    }
    let mut edits: Vec<(String, usize, usize)> = edit_counts
        .into_iter()
        .map(|(e, (f, k))| (e, f, k))
        .collect();
    edits.sort();
    score.recall_by_edit = edits;
    score.recall = score.found_pairs as f64 / score.known_pairs.max(1) as f64;
    score.precision = if score.grouped_pairs == 0 {
        1.0
    } else {
        score.correct_pairs as f64 / score.grouped_pairs as f64
    };
    Ok(score)
}
