//! Trains the HTML block classifier (`crates/extract/models/blocks.bin`)
//! reproducibly, and measures the HTML path by site folds.
//!
//! ```text
//! cargo run --release -p newsdesk-extract --example train_blocks -- \
//!     --data ../shared/datasets --folds 5 --out crates/extract/models/blocks.bin \
//!     --pages-out crates/extract/models/pages.bin \
//!     [--anchor trafilatura-wcxb.jsonl --anchor trafilatura-zyte.jsonl]
//! ```
//!
//! Every page with a gold main content in the shared sets (WCXB dev's pages
//! of all seven types, Zyte's article set, Readability's test pages) is cut
//! into its rendered blocks (see `newsdesk_extract::blocks`). A block whose
//! words are in the gold text (three-word runs covering most of it) is
//! content, one with few of its runs there is chrome, the rest are left out
//! of training.
//!
//! Pages are split into folds by a hash of their site, so a site's pages are
//! never both trained on and scored. Each fold's pages are read by a model
//! trained on the other folds, in every mode of `BlockMode` in the same run,
//! and scored by word F1 against the gold text (lower-cased word bags, as
//! `../shared/bench/score.py` scores WCXB). Fold 0 is the fold whose errors
//! were read while designing features (`--errors` prints them); the figure
//! for sites nobody read is over the pages of the other folds. `--anchor`
//! adds another extractor's output (`anchors.py` JSONL) scored on the same
//! pages. The final model is trained on every page; the same data, epochs
//! and seed give the same bytes.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use newsdesk_extract::blocks::{for_type, page_type, PAGE_TYPES};
use newsdesk_extract::content::{BlockMode, BlockReader};
use newsdesk_extract::lines::{LineModel, Trainer};
use newsdesk_extract::{extract_html_with, html_block_features, ExtractOptions, InputKind};
use rustc_hash::{FxHashMap, FxHashSet};

type Error = Box<dyn std::error::Error>;

struct Options {
    data: PathBuf,
    out: Option<PathBuf>,
    anchors: Vec<PathBuf>,
    folds: usize,
    epochs: usize,
    bits: u32,
    page_bits: u32,
    page_epochs: usize,
    pages_out: Option<PathBuf>,
    seed: u64,
    switch_cost: f32,
    bias: f32,
    /// More biases to score in the same run (veto and model columns each).
    biases: Vec<f32>,
    errors: bool,
    no_final: bool,
    /// Only time the committed models against the structural path.
    speed_only: bool,
    limit: usize,
}

fn options() -> Result<Options, Error> {
    let mut o = Options {
        data: PathBuf::from("../shared/datasets"),
        out: None,
        anchors: Vec::new(),
        folds: 5,
        epochs: 4,
        bits: 17,
        page_bits: 16,
        page_epochs: 10,
        pages_out: None,
        seed: 18,
        switch_cost: 2.0,
        bias: 100.0,
        biases: Vec::new(),
        errors: false,
        no_final: false,
        speed_only: false,
        limit: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--data" => o.data = PathBuf::from(value()?),
            "--out" => o.out = Some(PathBuf::from(value()?)),
            "--anchor" => o.anchors.push(PathBuf::from(value()?)),
            "--folds" => o.folds = value()?.parse()?,
            "--epochs" => o.epochs = value()?.parse()?,
            "--bits" => o.bits = value()?.parse()?,
            "--page-bits" => o.page_bits = value()?.parse()?,
            "--page-epochs" => o.page_epochs = value()?.parse()?,
            "--pages-out" => o.pages_out = Some(PathBuf::from(value()?)),
            "--seed" => o.seed = value()?.parse()?,
            "--switch-cost" => o.switch_cost = value()?.parse()?,
            "--bias" => o.bias = value()?.parse()?,
            "--biases" => {
                for b in value()?.split(',') {
                    o.biases.push(b.parse()?);
                }
            }
            "--limit" => o.limit = value()?.parse()?,
            "--errors" => o.errors = true,
            "--no-final" => o.no_final = true,
            "--speed-only" => o.speed_only = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if o.folds < 2 {
        return Err("--folds must be at least 2".into());
    }
    Ok(o)
}

/// What a rendered block is, against the gold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gold {
    Content,
    Chrome,
    /// Partly in the gold text, or no words: neither trained nor counted.
    Unsure,
}

/// One page with a gold main content.
struct Page {
    /// The dataset's page id (what `anchors.py` names the page).
    id: String,
    url: Option<String>,
    /// "zyte", "readability", or WCXB's page type.
    group: String,
    site: String,
    html: String,
    body: String,
}

/// A page's blocks, features and labels.
struct Example {
    features: Vec<Vec<u32>>,
    gold: Vec<Gold>,
    /// The page's features and its type (an index into `PAGE_TYPES`;
    /// `None` when the set does not say).
    page: Vec<u32>,
    kind: Option<usize>,
}

const MODES: [(BlockMode, &str); 4] = [
    (BlockMode::Structural, "structural"),
    (BlockMode::Veto, "veto"),
    (BlockMode::Model, "model"),
    (BlockMode::Gated, "gated"),
];

fn main() -> Result<(), Error> {
    let o = options()?;
    let mut pages = load_pages(&o.data)?;
    if o.limit > 0 {
        pages.truncate(o.limit);
    }
    if o.speed_only {
        let blocks = newsdesk_extract::blocks::embedded().ok_or("no block model")?;
        let pages_model = newsdesk_extract::blocks::embedded_pages().ok_or("no page model")?;
        let articles: Vec<&Page> = pages
            .iter()
            .filter(|p| matches!(p.group.as_str(), "zyte" | "readability"))
            .collect();
        let all: Vec<&Page> = pages.iter().collect();
        for (set, subset) in [("zyte+readability", &articles), ("all", &all)] {
            for (mode, name) in [
                (BlockMode::Structural, "structural"),
                (BlockMode::Gated, "gated"),
            ] {
                let mut best = f64::MAX;
                for _ in 0..3 {
                    let started = Instant::now();
                    for page in subset.iter() {
                        let _ = extract(page, blocks, pages_model, mode, o.bias, &o);
                    }
                    best = best.min(started.elapsed().as_secs_f64());
                }
                println!(
                    "speed {set} {name} (committed models, best of 3): {} pages in {best:.2} s, {:.0} pages/s",
                    subset.len(),
                    subset.len() as f64 / best
                );
            }
        }
        return Ok(());
    }
    let anchors = load_anchors(&o.anchors)?;
    eprintln!("{} pages", pages.len());
    let examples: Vec<Example> = pages
        .iter()
        .map(|page| {
            let (blocks, page_features) = html_block_features(&page.html, page.url.as_deref());
            let texts: Vec<&str> = blocks.iter().map(|(t, _)| t.as_str()).collect();
            let gold = label(&texts, &page.body);
            let kind = match page.group.as_str() {
                "zyte" | "readability" => Some(0),
                group => PAGE_TYPES.iter().position(|t| *t == group),
            };
            Example {
                features: blocks.into_iter().map(|(_, f)| f).collect(),
                gold,
                page: page_features,
                kind,
            }
        })
        .collect();
    let fold_of = |page: &Page| (fnv(page.site.as_bytes()) % o.folds as u64) as usize;
    let mut sites: Vec<FxHashSet<&str>> = vec![FxHashSet::default(); o.folds];
    for page in &pages {
        sites[fold_of(page)].insert(&page.site);
    }
    eprintln!(
        "sites per fold: {:?}",
        sites.iter().map(|s| s.len()).collect::<Vec<_>>()
    );

    // f1[group][read or unread][column] = (sum, pages)
    let mut variants: Vec<(BlockMode, f32, String)> = MODES
        .iter()
        .map(|&(mode, name)| (mode, o.bias, name.to_string()))
        .collect();
    for &bias in &o.biases {
        variants.push((BlockMode::Veto, bias, format!("veto{bias}")));
        variants.push((BlockMode::Model, bias, format!("model{bias}")));
    }
    let columns = variants.len() + usize::from(!anchors.is_empty());
    let mut f1: BTreeMap<String, [Vec<(f64, usize)>; 2]> = BTreeMap::new();
    for fold in 0..o.folds {
        let train: Vec<&Example> = pages
            .iter()
            .zip(&examples)
            .filter(|(p, _)| fold_of(p) != fold)
            .map(|(_, e)| e)
            .collect();
        let model = train_model(&train, &o);
        let pages_model = train_pages(&train, &o);
        let read = usize::from(fold != 0);
        let (mut right, mut typed) = (0usize, 0usize);
        for (page, example) in pages.iter().zip(&examples) {
            if fold_of(page) != fold {
                continue;
            }
            if let Some(kind) = example.kind {
                typed += 1;
                right += usize::from(page_type(&pages_model, &example.page) == kind);
            }
            let mut row = Vec::with_capacity(columns);
            for (mode, bias, name) in &variants {
                let (mode, bias) = (*mode, *bias);
                let text = extract(page, &model, &pages_model, mode, bias, &o);
                let score = word_f1(&text, &page.body);
                if o.errors && fold == 0 && mode == BlockMode::Model {
                    print_errors(page, name, example, &model, &o);
                }
                row.push(Some(score));
            }
            let (structural, learned) = (row[0].unwrap_or(0.0), row[2].unwrap_or(0.0));
            if o.errors && fold == 0 && learned + 0.05 < structural {
                eprintln!(
                    "## {} {} structural {:.3} model {:.3}\n-- model: {}\n-- structural: {}",
                    page.group,
                    page.id,
                    structural,
                    learned,
                    clip(
                        &extract(page, &model, &pages_model, BlockMode::Model, o.bias, &o),
                        600
                    ),
                    clip(
                        &extract(
                            page,
                            &model,
                            &pages_model,
                            BlockMode::Structural,
                            o.bias,
                            &o
                        ),
                        600
                    )
                );
            }
            if !anchors.is_empty() {
                // A page the anchor's output does not hold is left out of
                // its column (not scored as empty).
                let text = anchors.get(&format!("{}/{}", source_of(&page.group), page.id));
                row.push(text.map(|t| word_f1(t, &page.body)));
            }
            for group in [page.group.as_str(), group_total(&page.group)] {
                let entry = f1
                    .entry(group.to_string())
                    .or_insert_with(|| [vec![(0.0, 0); columns], vec![(0.0, 0); columns]]);
                for (cell, score) in entry[read].iter_mut().zip(&row) {
                    if let Some(score) = score {
                        cell.0 += score;
                        cell.1 += 1;
                    }
                }
            }
        }
        println!(
            "fold {fold}: page type right on {right} of {typed} pages ({:.3})",
            right as f64 / typed.max(1) as f64
        );
    }
    let mut header = format!("{:<16}{:>6}", "group", "pages");
    for side in ["fold 0 (read)", "folds 1-4 (unread)"] {
        for (_, _, name) in &variants {
            header.push_str(&format!("{name:>12}"));
        }
        if !anchors.is_empty() {
            header.push_str(&format!("{:>12}", "anchor"));
        }
        header.push_str(&format!("  | {side}"));
    }
    println!("word F1, per page, mean");
    println!("{header}");
    for (group, sides) in &f1 {
        let pages: usize = sides.iter().map(|s| s[0].1).sum();
        // Columns count the pages they scored; the anchor's may be fewer.
        let mut line = format!("{group:<16}{pages:>6}");
        for side in sides {
            for (sum, n) in side {
                if *n == 0 {
                    line.push_str(&format!("{:>12}", "-"));
                } else {
                    line.push_str(&format!("{:>12.3}", sum / *n as f64));
                }
            }
            let anchored = side.last().map_or(0, |c| c.1);
            if anchored != side[0].1 && !anchors.is_empty() {
                line.push_str(&format!("  | n={} (anchor {anchored})", side[0].1));
            } else {
                line.push_str(&format!("  | n={}", side[0].1));
            }
        }
        println!("{line}");
    }

    // Speed: the default reading against the model's, on every page.
    let all: Vec<&Example> = examples.iter().collect();
    let model = train_model(&all, &o);
    let pages_model = train_pages(&all, &o);
    for (mode, name) in MODES {
        let started = Instant::now();
        for page in &pages {
            let _ = extract(page, &model, &pages_model, mode, o.bias, &o);
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "speed {name}: {} pages in {seconds:.2} s, {:.0} pages/s",
            pages.len(),
            pages.len() as f64 / seconds
        );
    }
    if o.no_final {
        return Ok(());
    }
    let bytes = model.to_bytes();
    println!(
        "final model: {} bytes, FNV-1a {:016x}",
        bytes.len(),
        fnv(&bytes)
    );
    if let Some(out) = &o.out {
        std::fs::write(out, &bytes)?;
        println!("written to {}", out.display());
    }
    let bytes = pages_model.to_bytes();
    println!(
        "final page-type model: {} bytes, FNV-1a {:016x}",
        bytes.len(),
        fnv(&bytes)
    );
    if let Some(out) = &o.pages_out {
        std::fs::write(out, &bytes)?;
        println!("written to {}", out.display());
    }
    Ok(())
}

/// The total row a group counts in.
fn group_total(group: &str) -> &'static str {
    match group {
        "zyte" | "readability" => "~articles",
        _ => "~wcxb all",
    }
}

/// The dataset a group's pages come from, as anchor keys name it.
fn source_of(group: &str) -> &'static str {
    match group {
        "zyte" => "zyte",
        "readability" => "readability",
        _ => "wcxb",
    }
}

fn extract(
    page: &Page,
    model: &LineModel,
    pages_model: &LineModel,
    mode: BlockMode,
    bias: f32,
    o: &Options,
) -> String {
    let reader = BlockReader {
        model: Some(model),
        pages: (mode == BlockMode::Gated).then_some(pages_model),
        mode,
        switch_cost: o.switch_cost,
        bias,
    };
    let options = ExtractOptions {
        input_kind: InputKind::Html,
        url: page.url.clone(),
        ..ExtractOptions::default()
    };
    extract_html_with(&page.html, &options, reader).text
}

fn train_model(examples: &[&Example], o: &Options) -> LineModel {
    let mut trainer = Trainer::new(o.bits);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = o.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for _ in 0..o.epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let example = examples[e];
            for (f, g) in example.features.iter().zip(&example.gold) {
                match g {
                    Gold::Content => trainer.learn(f, true, 0.0),
                    Gold::Chrome => trainer.learn(f, false, 0.0),
                    Gold::Unsure => {}
                }
            }
        }
    }
    trainer.finish()
}

/// The page-type model: a perceptron per type over the same page features
/// (each type's weights salted into one table); a page whose type the model
/// ranks wrong moves its type's weights up and the chosen type's down.
fn train_pages(examples: &[&Example], o: &Options) -> LineModel {
    let mut trainer = Trainer::new(o.page_bits);
    let typed: Vec<(&[u32], usize)> = examples
        .iter()
        .filter_map(|e| e.kind.map(|k| (e.page.as_slice(), k)))
        .collect();
    let mut order: Vec<usize> = (0..typed.len()).collect();
    let mut rng = o.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1;
    for _ in 0..o.page_epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let (features, kind) = typed[e];
            let guess = (0..PAGE_TYPES.len())
                .map(|k| (k, trainer.current_score(&for_type(features, k))))
                .fold(
                    (0, f32::MIN),
                    |best, (k, s)| if s > best.1 { (k, s) } else { best },
                )
                .0;
            if guess != kind {
                trainer.learn(&for_type(features, kind), true, f32::INFINITY);
                trainer.learn(&for_type(features, guess), false, f32::INFINITY);
            }
        }
    }
    trainer.finish()
}

/// The fold-0 page's blocks the model got wrong, to read.
fn print_errors(page: &Page, mode: &str, example: &Example, model: &LineModel, o: &Options) {
    let (blocks, _) = html_block_features(&page.html, page.url.as_deref());
    let mut out = String::new();
    for ((text, features), gold) in blocks.iter().zip(&example.gold) {
        let score = model.score(features) + o.bias;
        let wrong = match gold {
            Gold::Content => score <= 0.0,
            Gold::Chrome => score > 0.0,
            Gold::Unsure => false,
        };
        if wrong {
            let clipped: String = text.chars().take(100).collect();
            out.push_str(&format!("  {gold:?} {score:+.2} {clipped}\n"));
        }
    }
    if !out.is_empty() {
        eprint!(
            "== {} {} {} ({mode})\n{out}",
            page.group, page.id, page.site
        );
    }
}

fn clip(text: &str, chars: usize) -> String {
    text.chars()
        .take(chars)
        .collect::<String>()
        .replace('\n', " / ")
}

/// Labels rendered blocks against the gold text.
fn label(blocks: &[&str], body: &str) -> Vec<Gold> {
    let body_tokens = words(body);
    let joined = format!(" {} ", body_tokens.join(" "));
    let trigrams: FxHashSet<u64> = body_tokens
        .windows(3)
        .map(|w| fnv(w.join(" ").as_bytes()))
        .collect();
    blocks
        .iter()
        .map(|block| {
            let t = words(block);
            if t.is_empty() {
                Gold::Unsure
            } else if t.len() >= 3 {
                let hits = t
                    .windows(3)
                    .filter(|w| trigrams.contains(&fnv(w.join(" ").as_bytes())))
                    .count();
                let cover = hits as f64 / (t.len() - 2) as f64;
                if cover >= 0.6 {
                    Gold::Content
                } else if cover <= 0.2 {
                    Gold::Chrome
                } else {
                    Gold::Unsure
                }
            } else if joined.contains(&format!(" {} ", t.join(" "))) {
                // A short block found in the gold text may be a repeat of
                // a menu word: not trusted either way.
                Gold::Unsure
            } else {
                Gold::Chrome
            }
        })
        .collect()
}

/// Word F1 as `../shared/bench/score.py` counts it for WCXB: lower-cased
/// runs of word characters, as bags.
fn word_f1(predicted: &str, reference: &str) -> f64 {
    let p = words(predicted);
    let r = words(reference);
    if r.is_empty() {
        return if p.is_empty() { 1.0 } else { 0.0 };
    }
    if p.is_empty() {
        return 0.0;
    }
    let mut bag: FxHashMap<&str, i64> = FxHashMap::default();
    for w in &r {
        *bag.entry(w).or_default() += 1;
    }
    let mut overlap = 0usize;
    for w in &p {
        if let Some(n) = bag.get_mut(w.as_str()) {
            if *n > 0 {
                *n -= 1;
                overlap += 1;
            }
        }
    }
    let precision = overlap as f64 / p.len() as f64;
    let recall = overlap as f64 / r.len() as f64;
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Another extractor's output per page: `source/id` → text.
fn load_anchors(paths: &[PathBuf]) -> Result<FxHashMap<String, String>, Error> {
    let mut out = FxHashMap::default();
    for path in paths {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for line in std::io::BufReader::new(file).lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let record: serde_json::Value = serde_json::from_str(&line)?;
            let source = record["source"].as_str().unwrap_or_default();
            let source_path = Path::new(source);
            let file_name = source_path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let (set, id) = if source.contains("zyte-article-extraction") {
                ("zyte", file_name.split('.').next().unwrap_or_default())
            } else if source.contains("readability-test-pages") {
                let dir = source_path
                    .parent()
                    .and_then(|p| p.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                ("readability", dir)
            } else {
                ("wcxb", file_name.split('.').next().unwrap_or_default())
            };
            let text = record["text"].as_str().unwrap_or_default().to_string();
            out.insert(format!("{set}/{id}"), text);
        }
    }
    Ok(out)
}

fn load_pages(data: &Path) -> Result<Vec<Page>, Error> {
    let mut pages = Vec::new();
    let zyte = data.join("zyte-article-extraction");
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(zyte.join("ground-truth.json"))?)?;
    let truth = truth
        .as_object()
        .ok_or("zyte ground truth is not an object")?;
    for (id, entry) in truth {
        let url = entry["url"].as_str().unwrap_or_default();
        let body = entry["articleBody"].as_str().unwrap_or_default();
        let html = decode(&read_gz(&zyte.join("html").join(format!("{id}.html.gz")))?);
        pages.push(Page {
            id: id.clone(),
            url: Some(url.to_string()),
            group: "zyte".to_string(),
            site: site_of_url(url),
            html,
            body: body.to_string(),
        });
    }
    let readability = data.join("readability-test-pages");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&readability)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html.gz").exists())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let html = decode(&read_gz(&dir.join("source.html.gz"))?);
        let expected = decode(&read_gz(&dir.join("expected.html.gz"))?);
        let site = name
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('-')
            .to_string();
        pages.push(Page {
            id: name.clone(),
            url: None,
            group: "readability".to_string(),
            site,
            html,
            body: visible_text(&expected),
        });
    }
    let wcxb = data.join("wcxb-dev");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(wcxb.join("metadata.json"))?)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(wcxb.join("ground-truth"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for file in files {
        let stem = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let id = stem.split('.').next().unwrap_or_default().to_string();
        let truth: serde_json::Value = serde_json::from_slice(&read_gz(&file)?)?;
        let info = &meta["files"][id.as_str()];
        let group = info["page_type"]
            .as_str()
            .or_else(|| truth["_internal"]["page_type"]["primary"].as_str())
            .unwrap_or("unknown")
            .to_string();
        let site = info["domain"]
            .as_str()
            .map(|d| d.trim_start_matches("www.").to_string())
            .unwrap_or_else(|| site_of_url(truth["url"].as_str().unwrap_or_default()));
        let html = decode(&read_gz(&wcxb.join("html").join(format!("{id}.html.gz")))?);
        pages.push(Page {
            id,
            url: truth["url"].as_str().map(str::to_string),
            group,
            site,
            html,
            body: truth["ground_truth"]["main_content"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        });
    }
    Ok(pages)
}

/// The text of a small HTML fragment (Readability's expected output).
fn visible_text(html: &str) -> String {
    let dom = newsdesk_extract::dom::Dom::parse(html);
    let mut out = String::new();
    for i in 0..dom.nodes.len() {
        if let Some(text) = dom.text(i) {
            out.push_str(text);
            out.push(' ');
        }
    }
    out
}

fn read_gz(path: &Path) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn decode(bytes: &[u8]) -> String {
    newsdesk_extract::charset::decode(bytes, None).text
}

fn site_of_url(url: &str) -> String {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    host.trim_start_matches("www.").to_string()
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
