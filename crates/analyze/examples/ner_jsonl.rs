//! Runs the analyser over a JSONL file of `{"id", "text"}` records (such as
//! `../shared/datasets/gum-news-ner/gum-news-ner.jsonl`) and prints one
//! `{"id", "entities"}` line per record in `newsdesk analyze`'s entity shape,
//! for `../shared/bench/score_ner.py`. The text is analysed verbatim, so the
//! offsets are comparable with the gold ones. With `--all`, each line holds
//! the whole analysis (entities, quotes, keyphrases, events): two builds'
//! outputs compared byte for byte show that a change kept every result.
//!
//! ```text
//! cargo run --release -p newsdesk-analyze --example ner_jsonl -- GOLD.jsonl > pred.jsonl
//! python3 ../shared/bench/score_ner.py GOLD.jsonl pred.jsonl
//! ```

use std::io::{BufRead, BufReader, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut path = None;
    let mut all = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--all" => all = true,
            _ => path = Some(arg),
        }
    }
    let path = path.ok_or("usage: ner_jsonl [--all] FILE.jsonl")?;
    let reader = BufReader::new(std::fs::File::open(path)?);
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut tokens = 0usize;
    let started = std::time::Instant::now();
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)?;
        let text = record["text"].as_str().unwrap_or_default();
        let analysis = newsdesk_analyze::analyze_text(text, None, None);
        tokens += analysis.tokens;
        let line = if all {
            serde_json::json!({"id": record["id"], "analysis": analysis})
        } else {
            serde_json::json!({"id": record["id"], "entities": analysis.entities})
        };
        writeln!(out, "{line}")?;
    }
    eprintln!(
        "{tokens} tokens in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
