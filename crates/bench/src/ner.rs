//! `newsdesk-bench analyze`: our entity analysis against spaCy's small English
//! pipeline, side by side on the GUM news texts (`../shared/datasets/gum-news-ner`):
//! speed (tokens/s on one thread, counted in GUM's own tokens so both tools
//! share a denominator), quality (`score_ner.py`, norm F1) and agreement (which
//! mentions both find, which only one does, and on whose side the gold is).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// One GUM document.
struct Doc {
    id: String,
    text: String,
    gum_tokens: usize,
    gold: HashSet<Span>,
}

/// A mention as compared: char offsets (a leading "the " dropped) and kind.
type Span = (usize, usize, String);

/// Where the inputs and outputs are.
pub struct NerPaths {
    pub gold: PathBuf,
    pub scripts: PathBuf,
    pub python: PathBuf,
    pub out: PathBuf,
}

/// Runs the comparison and prints its tables.
pub fn run(paths: &NerPaths, min_seconds: f64) -> Result<()> {
    if !paths.gold.is_file() {
        println!("skipping: {} not found", paths.gold.display());
        return Ok(());
    }
    let docs = load(&paths.gold)?;
    std::fs::create_dir_all(&paths.out)?;
    let ours_path = paths.out.join("gum-newsdesk.jsonl");
    let ours = predict(&docs, &ours_path)?;
    let (rounds, seconds) = time_ours(&docs, min_seconds);
    let gum_tokens: usize = docs.iter().map(|d| d.gum_tokens).sum();
    let our_rate = (rounds * gum_tokens) as f64 / seconds;
    println!(
        "== Entities on GUM news ({} docs, {gum_tokens} GUM tokens), one thread ==",
        docs.len()
    );
    let our_f1 = score(&paths.scripts, &paths.gold, &ours_path)?;
    let spacy_path = paths.out.join("gum-spacy.jsonl");
    let spacy = run_spacy(paths, &spacy_path);
    println!("| tool | GUM tokens/s | norm F1 | newsdesk × |\n|---|---:|---:|---:|");
    println!("| newsdesk | {our_rate:.0} | {our_f1:.3} | 1.0 |");
    let Ok(spacy_rate) = spacy else {
        println!(
            "\nspaCy not run: {:#}",
            spacy.err().map(|e| e.to_string()).unwrap_or_default()
        );
        return Ok(());
    };
    let spacy_f1 = score(&paths.scripts, &paths.gold, &spacy_path)?;
    println!(
        "| spaCy en_core_web_sm | {spacy_rate:.0} | {spacy_f1:.3} | {:.1} |",
        our_rate / spacy_rate
    );
    println!(
        "\nbar: ≥ 50× spaCy's NER: {:.1}× {}",
        our_rate / spacy_rate,
        if our_rate >= 50.0 * spacy_rate {
            "PASS"
        } else {
            "FAIL"
        }
    );
    let theirs = read_predictions(&spacy_path, &docs)?;
    print_agreement(&docs, &ours, &theirs);
    Ok(())
}

fn load(path: &Path) -> Result<Vec<Doc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)?;
        let body = v["text"].as_str().unwrap_or_default().to_string();
        let gold = spans(
            &body,
            v["entities"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default(),
        );
        docs.push(Doc {
            id: v["id"].as_str().unwrap_or_default().to_string(),
            gum_tokens: v["tokens"].as_u64().unwrap_or(0) as usize,
            text: body,
            gold,
        });
    }
    Ok(docs)
}

/// Mentions as comparable spans, from gold/spaCy records (`start`, `end`,
/// `kind`) or our entities (each with `mentions`).
fn spans(text: &str, entities: &[Value]) -> HashSet<Span> {
    let mut out = HashSet::new();
    for entity in entities {
        let kind = entity["kind"].as_str().unwrap_or_default();
        if !matches!(kind, "person" | "organization" | "place") {
            continue;
        }
        let single = [entity.clone()];
        let mentions = entity["mentions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&single);
        for m in mentions {
            let (Some(start), Some(end)) = (m["start"].as_u64(), m["end"].as_u64()) else {
                continue;
            };
            out.insert(normalized(text, start as usize, end as usize, kind));
        }
    }
    out
}

fn normalized(text: &str, start: usize, end: usize, kind: &str) -> Span {
    let head: String = text.chars().skip(start).take(4).collect();
    let start = if head.eq_ignore_ascii_case("the ") {
        start + 4
    } else {
        start
    };
    (start, end, kind.to_string())
}

fn predict(docs: &[Doc], out: &Path) -> Result<Vec<HashSet<Span>>> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut all = Vec::new();
    for doc in docs {
        let analysis = newsdesk_analyze::analyze_text(&doc.text, None, None);
        let entities = serde_json::to_value(&analysis.entities)?;
        writeln!(
            file,
            "{}",
            serde_json::json!({"id": doc.id, "entities": entities})
        )?;
        all.push(spans(
            &doc.text,
            entities.as_array().map(Vec::as_slice).unwrap_or_default(),
        ));
    }
    Ok(all)
}

/// Rounds over all documents until `min_seconds` have passed (one warm-up first).
fn time_ours(docs: &[Doc], min_seconds: f64) -> (usize, f64) {
    for doc in docs {
        let _ = newsdesk_analyze::analyze_text(&doc.text, None, None);
    }
    let start = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || start.elapsed().as_secs_f64() < min_seconds {
        for doc in docs {
            let _ = newsdesk_analyze::analyze_text(&doc.text, None, None);
        }
        rounds += 1;
    }
    (rounds, start.elapsed().as_secs_f64())
}

/// Runs `spacy_ner.py` and returns its GUM tokens per second.
fn run_spacy(paths: &NerPaths, out: &Path) -> Result<f64> {
    if !paths.python.is_file() {
        bail!("no anchors venv python at {}", paths.python.display());
    }
    let output = Command::new(&paths.python)
        .arg(paths.scripts.join("spacy_ner.py"))
        .arg(&paths.gold)
        .arg(out)
        .output()
        .context("running spacy_ner.py")?;
    if !output.status.success() {
        bail!(
            "spacy_ner.py failed: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or_default()
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary: Value = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .context("no JSON summary from spacy_ner.py")?;
    summary["gum_tokens_per_s"]
        .as_f64()
        .context("no gum_tokens_per_s in spacy_ner.py's summary")
}

fn read_predictions(path: &Path, docs: &[Doc]) -> Result<Vec<HashSet<Span>>> {
    let text = std::fs::read_to_string(path)?;
    let mut by_id = std::collections::HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)?;
        by_id.insert(v["id"].as_str().unwrap_or_default().to_string(), v);
    }
    Ok(docs
        .iter()
        .map(|d| {
            by_id
                .get(&d.id)
                .map(|v| {
                    spans(
                        &d.text,
                        v["entities"]
                            .as_array()
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    )
                })
                .unwrap_or_default()
        })
        .collect())
}

/// `score_ner.py --json`'s overall norm F1.
fn score(scripts: &Path, gold: &Path, pred: &Path) -> Result<f64> {
    let output = Command::new("python3")
        .arg(scripts.join("score_ner.py"))
        .arg(gold)
        .arg(pred)
        .arg("--json")
        .output()
        .context("running score_ner.py")?;
    let v: Value = serde_json::from_slice(&output.stdout).context("score_ner.py --json output")?;
    v["norm_f1"]
        .as_f64()
        .context("no norm_f1 in score_ner.py's output")
}

fn print_agreement(docs: &[Doc], ours: &[HashSet<Span>], theirs: &[HashSet<Span>]) {
    let (mut both, mut only_ours, mut only_theirs, mut ours_right, mut theirs_right) =
        (0, 0, 0, 0, 0);
    for ((doc, o), t) in docs.iter().zip(ours).zip(theirs) {
        both += o.intersection(t).count();
        for s in o.difference(t) {
            only_ours += 1;
            ours_right += usize::from(doc.gold.contains(s));
        }
        for s in t.difference(o) {
            only_theirs += 1;
            theirs_right += usize::from(doc.gold.contains(s));
        }
    }
    let union = (both + only_ours + only_theirs).max(1);
    println!("\nagreement (same span and kind): {both} mentions; newsdesk only {only_ours} (gold agrees with {ours_right}); spaCy only {only_theirs} (gold agrees with {theirs_right}); Jaccard {:.3}", both as f64 / union as f64);
}
