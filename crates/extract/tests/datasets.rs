//! Extraction over the shared evaluation sets (`../shared/datasets`), as a
//! regression gate: every page extracts without a panic and within a time
//! bound, article pages never come back empty, and body quality stays above
//! floors set just under the issue's bars (the Python scorer in
//! `../shared/bench/score.py` is the reference; the scoring here re-implements
//! its two body metrics). Skips visibly when the datasets are absent
//! (`newsdesk_testkit::shared`), and fails instead under
//! `NEWSDESK_REQUIRE_DATASETS=1`.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use newsdesk_extract::{extract_article, ExtractOptions};
use regex::Regex;

fn datasets() -> Option<PathBuf> {
    newsdesk_testkit::shared("datasets")
}

fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    let file = std::fs::File::open(path).expect("dataset file opens");
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .expect("dataset file is gzip");
    out
}

/// Extracts one page, asserting it neither panics nor takes long.
fn extract_timed(path: &Path) -> String {
    let bytes = gunzip(path);
    let start = Instant::now();
    let article = extract_article(&bytes, &ExtractOptions::default());
    let spent = start.elapsed();
    // Generous: debug builds are ~10x slower than release.
    assert!(
        spent < Duration::from_secs(5),
        "{} took {spent:?}",
        path.display()
    );
    article.map(|a| a.text).unwrap_or_default()
}

fn words(text: &str) -> Vec<String> {
    static WORD: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let re = WORD.get_or_init(|| Regex::new(r"\w+").expect("valid pattern"));
    re.find_iter(text).map(|m| m.as_str().to_string()).collect()
}

fn counts<T: std::hash::Hash + Eq>(items: impl IntoIterator<Item = T>) -> HashMap<T, usize> {
    let mut map = HashMap::new();
    for item in items {
        *map.entry(item).or_insert(0) += 1;
    }
    map
}

fn overlap<T: std::hash::Hash + Eq>(a: &HashMap<T, usize>, b: &HashMap<T, usize>) -> usize {
    a.iter()
        .map(|(k, n)| (*n).min(b.get(k).copied().unwrap_or(0)))
        .sum()
}

/// Zyte's body metric: 4-gram shingles, P and R averaged over pages, F1 of the averages.
#[test]
fn zyte_body_f1_stays_above_floor() {
    let Some(root) = datasets() else { return };
    let root = root.join("zyte-article-extraction");
    let truth: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root.join("ground-truth.json")).expect("ground truth"),
    )
    .expect("json");
    let Some(truth) = truth.as_object() else {
        panic!("ground truth is an object")
    };
    let shingles = |text: &str| {
        let w = words(text);
        counts(
            (0..w.len().saturating_sub(3).max(1))
                .filter(|&i| i + 4 <= w.len())
                .map(|i| w[i..i + 4].join(" ")),
        )
    };
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (id, page) in truth {
        let ours = extract_timed(&root.join(format!("html/{id}.html.gz")));
        let gold = page["articleBody"].as_str().unwrap_or("");
        assert!(!ours.trim().is_empty(), "{id}: empty body");
        let (t, p) = (shingles(gold), shingles(&ours));
        let tp = overlap(&t, &p) as f64;
        let fp = p.values().sum::<usize>() as f64 - tp;
        let fn_ = t.values().sum::<usize>() as f64 - tp;
        if tp + fp > 0.0 {
            ps.push(tp / (tp + fp));
        }
        if tp + fn_ > 0.0 {
            rs.push(tp / (tp + fn_));
        }
    }
    let p = ps.iter().sum::<f64>() / ps.len() as f64;
    let r = rs.iter().sum::<f64>() / rs.len() as f64;
    let f1 = 2.0 * p * r / (p + r);
    eprintln!("zyte: P {p:.4} R {r:.4} F1 {f1:.4}");
    assert!(f1 >= 0.970, "Zyte body F1 {f1:.4} fell under 0.970");
}

/// WCXB's body metric on article pages: bag-of-words F1 averaged over pages.
#[test]
fn wcxb_article_word_f1_stays_above_floor() {
    let Some(root) = datasets() else { return };
    let root = root.join("wcxb-dev");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("metadata.json")).expect("metadata"))
            .expect("json");
    let mut total = 0.0;
    let mut pages = 0;
    let mut empty = Vec::new();
    let mut gt_files: Vec<PathBuf> = std::fs::read_dir(root.join("ground-truth"))
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    gt_files.sort();
    for gt_path in gt_files {
        let name = gt_path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let id = name.split('.').next().unwrap_or("").to_string();
        let is_article = meta["files"][&id]["page_type"].as_str() == Some("article");
        let ours = extract_timed(&root.join(format!("html/{id}.html.gz")));
        if !is_article {
            continue;
        }
        let gt: serde_json::Value = serde_json::from_slice(&gunzip(&gt_path)).expect("json");
        let gold = gt["ground_truth"]["main_content"].as_str().unwrap_or("");
        let lower = |t: &str| {
            words(t)
                .into_iter()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
        };
        let (g, o) = (lower(gold), lower(&ours));
        if !g.is_empty() && o.is_empty() {
            empty.push(id.clone());
        }
        let f1 = match (g.is_empty(), o.is_empty()) {
            (true, true) => 1.0,
            (true, false) | (false, true) => 0.0,
            _ => {
                let common = overlap(&counts(g.iter().cloned()), &counts(o.iter().cloned())) as f64;
                let (p, r) = (common / o.len() as f64, common / g.len() as f64);
                if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                }
            }
        };
        total += f1;
        pages += 1;
    }
    let f1 = total / pages as f64;
    eprintln!("wcxb articles: {pages} pages, word F1 {f1:.4}, empty: {empty:?}");
    assert!(f1 >= 0.937, "WCXB article word F1 {f1:.4} fell under 0.937");
    assert!(
        empty.len() <= 3,
        "article pages with an empty body: {empty:?}"
    );
}

/// Every Readability test page extracts, quickly, without a panic.
#[test]
fn readability_pages_extract() {
    let Some(root) = datasets() else { return };
    let mut n = 0;
    for entry in std::fs::read_dir(root.join("readability-test-pages"))
        .expect("dir")
        .flatten()
    {
        let page = entry.path().join("source.html.gz");
        if page.is_file() {
            extract_timed(&page);
            n += 1;
        }
    }
    assert!(n > 100, "only {n} pages found");
}
