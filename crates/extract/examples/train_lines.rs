//! Trains the scraped-text line classifier (`crates/extract/models/lines.bin`)
//! reproducibly, and measures the scraped-text path by site folds.
//!
//! ```text
//! cargo run --release -p newsdesk-extract --example train_lines -- \
//!     --data ../shared/datasets --folds 5 --out crates/extract/models/lines.bin
//! ```
//!
//! Every page with a gold body in the shared sets (Zyte's article set,
//! Readability's test pages, WCXB dev's article pages; `--all-types` adds
//! WCXB's other page types) is rendered to text the way a scraper dumps it:
//! the rendered lines in order, tags dropped, hidden elements and `<head>`
//! left out. Each line is labelled: body when its words are in the gold body,
//! title when it is the page's title, chrome otherwise (lines half in the
//! gold body are left out of training). Each page gives two texts: the whole
//! page, and a crop like the seed (from just before the title to some lines
//! after the body's end; the margins come from a hash of the page's name).
//!
//! Pages are split into folds by a hash of their site, so a site's pages are
//! never both trained on and scored. Each fold is read by a model trained on
//! the others and by the rules-only path, in the same run: the share of
//! texts with no chrome line left in the body ("clean") and the body's word
//! F1 against the rendered body lines. Fold 0 is the fold whose errors were
//! read while designing features (`--errors` prints them); the mean of the
//! other folds is the figure for unseen sites. The final model is trained on
//! every page. Same data, epochs and seed give the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use newsdesk_extract::dom::{Dom, NodeData, Tag};
use newsdesk_extract::lines::{line_features, LineFacts, LineModel, Trainer};
use newsdesk_extract::text::{extract_from_text_with, units_with_rules, TextReader};
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};
use rustc_hash::FxHashSet;

type Error = Box<dyn std::error::Error>;

struct Options {
    data: PathBuf,
    out: Option<PathBuf>,
    folds: usize,
    epochs: usize,
    bits: u32,
    seed: u64,
    all_types: bool,
    errors: bool,
    switch_cost: f32,
    bias: f32,
    no_final: bool,
    veto: bool,
}

fn options() -> Result<Options, Error> {
    let mut o = Options {
        data: PathBuf::from("../shared/datasets"),
        out: None,
        folds: 5,
        epochs: 6,
        bits: 17,
        seed: 18,
        all_types: false,
        errors: false,
        switch_cost: 1.0,
        bias: 0.0,
        no_final: false,
        veto: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--data" => o.data = PathBuf::from(value()?),
            "--out" => o.out = Some(PathBuf::from(value()?)),
            "--folds" => o.folds = value()?.parse()?,
            "--epochs" => o.epochs = value()?.parse()?,
            "--bits" => o.bits = value()?.parse()?,
            "--seed" => o.seed = value()?.parse()?,
            "--switch-cost" => o.switch_cost = value()?.parse()?,
            "--bias" => o.bias = value()?.parse()?,
            "--all-types" => o.all_types = true,
            "--errors" => o.errors = true,
            "--no-final" => o.no_final = true,
            "--veto" => o.veto = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if o.folds < 2 {
        return Err("--folds must be at least 2".into());
    }
    Ok(o)
}

/// What a rendered line is, against the gold body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gold {
    Body,
    Chrome,
    Title,
    /// Partly in the body, or no words at all: neither trained nor counted.
    Unsure,
}

/// One rendered text of one page.
struct Case {
    name: String,
    site: String,
    text: String,
    units: Vec<(String, &'static str)>,
    gold: Vec<Gold>,
}

fn main() -> Result<(), Error> {
    let o = options()?;
    let pages = load_pages(&o)?;
    eprintln!("{} pages", pages.len());
    let mut cases = Vec::new();
    for page in &pages {
        cases.extend(cases_of(page));
    }
    let fold_of = |case: &Case| (fnv(case.site.as_bytes()) % o.folds as u64) as usize;
    let mut per_fold = vec![0usize; o.folds];
    let mut sites: Vec<FxHashSet<&str>> = vec![FxHashSet::default(); o.folds];
    for case in &cases {
        per_fold[fold_of(case)] += 1;
        sites[fold_of(case)].insert(&case.site);
    }
    eprintln!(
        "{} texts; per fold: {:?}; sites per fold: {:?}",
        cases.len(),
        per_fold,
        sites.iter().map(|s| s.len()).collect::<Vec<_>>()
    );

    println!("fold  read  variant  texts  clean(rules)  clean(model)  F1(rules)  F1(model)");
    let mut unseen: BTreeMap<&str, Vec<[f64; 4]>> = BTreeMap::new();
    for fold in 0..o.folds {
        let train: Vec<&Case> = cases.iter().filter(|c| fold_of(c) != fold).collect();
        let model = train_model(&train, &o);
        let test: Vec<&Case> = cases.iter().filter(|c| fold_of(c) == fold).collect();
        let mut confusion = [0usize; 4];
        for case in &test {
            let facts: Vec<LineFacts> = case
                .units
                .iter()
                .map(|(text, rule)| LineFacts {
                    text: text.as_str(),
                    rule,
                })
                .collect();
            for (s, g) in model.score_lines(&facts).iter().zip(&case.gold) {
                let said = *s > 0.0;
                match g {
                    Gold::Body => confusion[usize::from(!said)] += 1,
                    Gold::Chrome | Gold::Title => confusion[2 + usize::from(!said)] += 1,
                    Gold::Unsure => {}
                }
            }
        }
        eprintln!(
            "fold {fold} lines: body kept {} dropped {}, chrome kept {} dropped {}",
            confusion[0], confusion[1], confusion[2], confusion[3]
        );
        for variant in ["crop", "page"] {
            let mut sums = [0.0f64; 4];
            let mut count = 0usize;
            for case in test.iter().filter(|c| c.name.ends_with(variant)) {
                let rules = score(case, None, &o);
                let learned = score(case, Some(&model), &o);
                sums[0] += f64::from(u8::from(rules.clean));
                sums[1] += f64::from(u8::from(learned.clean));
                sums[2] += rules.f1;
                sums[3] += learned.f1;
                count += 1;
                if o.errors && fold == 0 && variant == "crop" {
                    print_errors(case, &learned);
                }
            }
            let mean = sums.map(|s| s / count.max(1) as f64);
            println!(
                "{fold:>4}  {:>4}  {variant:>7}  {count:>5}  {:>12.3}  {:>12.3}  {:>9.3}  {:>9.3}",
                if fold == 0 { "yes" } else { "no" },
                mean[0],
                mean[1],
                mean[2],
                mean[3]
            );
            if fold != 0 {
                unseen.entry(variant).or_default().push(mean);
            }
        }
    }
    for (variant, means) in &unseen {
        let n = means.len() as f64;
        let avg = |k: usize| means.iter().map(|m| m[k]).sum::<f64>() / n;
        println!(
            "mean of unread folds, {variant}: clean {:.3} -> {:.3}, F1 {:.3} -> {:.3}",
            avg(0),
            avg(1),
            avg(2),
            avg(3)
        );
    }
    if o.no_final {
        return Ok(());
    }
    let all: Vec<&Case> = cases.iter().collect();
    let model = train_model(&all, &o);
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
    Ok(())
}

fn train_model(cases: &[&Case], o: &Options) -> LineModel {
    let mut trainer = Trainer::new(o.bits);
    let examples: Vec<(Vec<Vec<u32>>, &[Gold])> = cases
        .iter()
        .map(|case| {
            let facts: Vec<LineFacts> = case
                .units
                .iter()
                .map(|(text, rule)| LineFacts {
                    text: text.as_str(),
                    rule,
                })
                .collect();
            (line_features(&facts), case.gold.as_slice())
        })
        .collect();
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
            let (features, gold) = &examples[e];
            for (f, g) in features.iter().zip(gold.iter()) {
                match g {
                    Gold::Body => trainer.learn(f, true, 0.0),
                    Gold::Chrome | Gold::Title => trainer.learn(f, false, 0.0),
                    Gold::Unsure => {}
                }
            }
        }
    }
    trainer.finish()
}

struct Scored {
    clean: bool,
    f1: f64,
    /// The chrome lines left in the body and the body lines dropped.
    leaked: Vec<String>,
    dropped: Vec<String>,
}

fn score(case: &Case, model: Option<&LineModel>, o: &Options) -> Scored {
    let reader = TextReader {
        model,
        switch_cost: o.switch_cost,
        bias: o.bias,
        hard_rules: true,
        veto: o.veto,
    };
    let options = ExtractOptions {
        input_kind: InputKind::Text,
        ..ExtractOptions::default()
    };
    let article = extract_from_text_with(&case.text, &options, reader);
    let mut gold_of: BTreeMap<&str, Gold> = BTreeMap::new();
    for ((text, _), &g) in case.units.iter().zip(&case.gold) {
        let entry = gold_of.entry(text.as_str()).or_insert(g);
        if g == Gold::Body {
            *entry = g;
        }
    }
    let mut leaked = Vec::new();
    let kept: FxHashSet<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    for block in &article.blocks {
        if gold_of.get(block.text.as_str()) == Some(&Gold::Chrome) {
            leaked.push(block.text.clone());
        }
    }
    let mut reference = String::new();
    let mut dropped = Vec::new();
    for ((text, _), g) in case.units.iter().zip(&case.gold) {
        if matches!(g, Gold::Body | Gold::Unsure) {
            reference.push_str(text);
            reference.push('\n');
            if *g == Gold::Body && !kept.contains(text.as_str()) {
                dropped.push(text.clone());
            }
        }
    }
    Scored {
        clean: leaked.is_empty(),
        f1: word_f1(&article.text, &reference),
        leaked,
        dropped,
    }
}

fn print_errors(case: &Case, scored: &Scored) {
    if scored.leaked.is_empty() && scored.dropped.is_empty() {
        return;
    }
    let mut out = format!("== {} (F1 {:.3})\n", case.name, scored.f1);
    for line in &scored.leaked {
        let _ = writeln!(out, "  LEAK {}", clip(line));
    }
    for line in &scored.dropped {
        let _ = writeln!(out, "  DROP {}", clip(line));
    }
    eprint!("{out}");
}

fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(120).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// Word F1 as `../shared/bench/score.py` counts it: lower-cased runs of
/// word characters, as bags.
fn word_f1(predicted: &str, reference: &str) -> f64 {
    let p = words(predicted);
    let r = words(reference);
    if r.is_empty() {
        return if p.is_empty() { 1.0 } else { 0.0 };
    }
    if p.is_empty() {
        return 0.0;
    }
    let mut bag: BTreeMap<&str, i64> = BTreeMap::new();
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

/// One page with a gold body.
struct Page {
    name: String,
    site: String,
    html: String,
    body: String,
    title: Option<String>,
}

fn load_pages(o: &Options) -> Result<Vec<Page>, Error> {
    let mut pages = Vec::new();
    let zyte = o.data.join("zyte-article-extraction");
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
            name: format!("zyte/{}", &id[..id.len().min(12)]),
            site: site_of_url(url),
            html,
            body: body.to_string(),
            title: None,
        });
    }
    let readability = o.data.join("readability-test-pages");
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
        let body = render(&expected).join("\n");
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("expected-metadata.json"))?)?;
        let site = name
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('-')
            .to_string();
        pages.push(Page {
            name: format!("readability/{name}"),
            site,
            html,
            body,
            title: meta["title"].as_str().map(str::to_string),
        });
    }
    let wcxb = o.data.join("wcxb-dev");
    let mut files: Vec<PathBuf> = std::fs::read_dir(wcxb.join("ground-truth"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for file in files {
        let truth: serde_json::Value = serde_json::from_slice(&read_gz(&file)?)?;
        let kind = truth["_internal"]["page_type"]["primary"]
            .as_str()
            .unwrap_or_default();
        if kind != "article" && !o.all_types {
            continue;
        }
        let stem = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let id = stem.split('.').next().unwrap_or_default();
        let gold = &truth["ground_truth"];
        let html = decode(&read_gz(&wcxb.join("html").join(format!("{id}.html.gz")))?);
        pages.push(Page {
            name: format!("wcxb/{id}"),
            site: site_of_url(truth["url"].as_str().unwrap_or_default()),
            html,
            body: gold["main_content"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            title: gold["title"].as_str().map(str::to_string),
        });
    }
    Ok(pages)
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

/// The page's text as a scraper dumps it: one line per block of rendered
/// text, in document order.
fn render(html: &str) -> Vec<String> {
    let scanned = newsdesk_extract::prescan::prescan(html);
    let dom = Dom::parse(&scanned.html);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut open: Vec<usize> = Vec::new();
    let flush = |current: &mut String, lines: &mut Vec<String>| {
        let line = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            lines.push(line);
        }
        current.clear();
    };
    let mut i = 1;
    while i < dom.nodes.len() {
        while open.last().is_some_and(|&end| end <= i) {
            open.pop();
            flush(&mut current, &mut lines);
        }
        let node = &dom.nodes[i];
        match &node.data {
            NodeData::Text(_) => {
                current.push_str(dom.text(i).unwrap_or_default());
            }
            NodeData::Element(element) => {
                if element.hidden || matches!(element.tag, Tag::Head | Tag::Title) {
                    i = node.end.max(i + 1);
                    continue;
                }
                if element.tag == Tag::Br {
                    flush(&mut current, &mut lines);
                } else if element.tag.is_block() {
                    flush(&mut current, &mut lines);
                    open.push(node.end);
                } else {
                    current.push(' ');
                }
            }
        }
        i += 1;
    }
    flush(&mut current, &mut lines);
    lines
}

fn tokens(text: &str) -> Vec<String> {
    words(text)
}

/// Labels rendered lines against the gold body and title.
fn label(lines: &[String], body: &str, title: Option<&str>) -> Vec<Gold> {
    let body_tokens = tokens(body);
    let joined = format!(" {} ", body_tokens.join(" "));
    let trigrams: FxHashSet<u64> = body_tokens
        .windows(3)
        .map(|w| fnv(w.join(" ").as_bytes()))
        .collect();
    let title_tokens = title.map(tokens).unwrap_or_default();
    let mut gold: Vec<Gold> = Vec::with_capacity(lines.len());
    let mut short_hits = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = tokens(line);
        let g = if t.is_empty() {
            Gold::Unsure
        } else if !title_tokens.is_empty()
            && t.len() <= title_tokens.len() + 3
            && format!(" {} ", t.join(" ")).contains(&format!(" {} ", title_tokens.join(" ")))
        {
            Gold::Title
        } else if t.len() >= 3 {
            let hits = t
                .windows(3)
                .filter(|w| trigrams.contains(&fnv(w.join(" ").as_bytes())))
                .count();
            let cover = hits as f64 / (t.len() - 2) as f64;
            if cover >= 0.6 {
                Gold::Body
            } else if cover <= 0.2 {
                Gold::Chrome
            } else {
                Gold::Unsure
            }
        } else if joined.contains(&format!(" {} ", t.join(" "))) {
            short_hits.push(i);
            Gold::Chrome
        } else {
            Gold::Chrome
        };
        gold.push(g);
    }
    // A short line found in the body is body only inside the body's span.
    let first = gold.iter().position(|&g| g == Gold::Body);
    let last = gold.iter().rposition(|&g| g == Gold::Body);
    if let (Some(first), Some(last)) = (first, last) {
        for i in short_hits {
            if (first..=last).contains(&i) {
                gold[i] = Gold::Body;
            }
        }
    }
    gold
}

/// The two texts of one page: the crop like the seed and the whole page.
fn cases_of(page: &Page) -> Vec<Case> {
    let lines = render(&page.html);
    if lines.is_empty() {
        return Vec::new();
    }
    let title = page.title.clone().or_else(|| {
        let options = ExtractOptions {
            input_kind: InputKind::Html,
            ..ExtractOptions::default()
        };
        extract_article(page.html.as_bytes(), &options)
            .ok()
            .and_then(|a| a.title)
    });
    let gold = label(&lines, &page.body, title.as_deref());
    let Some(first) = gold.iter().position(|&g| g == Gold::Body) else {
        return Vec::new();
    };
    let last = gold.iter().rposition(|&g| g == Gold::Body).unwrap_or(first);
    let h = fnv(page.name.as_bytes());
    let title_at = (first.saturating_sub(8)..first)
        .rev()
        .find(|&i| gold[i] == Gold::Title);
    let start = title_at.unwrap_or(first).saturating_sub((h % 3) as usize);
    let end = (last + 1 + 3 + ((h >> 8) % 30) as usize).min(lines.len());
    let separator = if (h >> 16).is_multiple_of(2) {
        "\n"
    } else {
        "\n\n"
    };
    let mut cases = Vec::new();
    for (variant, range) in [("crop", start..end), ("page", 0..lines.len())] {
        let text = lines[range].join(separator);
        let units = units_with_rules(&text);
        let unit_texts: Vec<String> = units.iter().map(|(t, _)| t.clone()).collect();
        let gold = label(&unit_texts, &page.body, title.as_deref());
        cases.push(Case {
            name: format!("{}#{variant}", page.name),
            site: page.site.clone(),
            text,
            units,
            gold,
        });
    }
    cases
}

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
