//! Analysis speed on one core over real article bodies (the Zyte benchmark's
//! ground truth): tokens/s by our tokenizer, whitespace words/s, chars/s.
//!
//! ```text
//! cargo run --release -p newsdesk-analyze --example speed -- ../shared/datasets/zyte-article-extraction/ground-truth.json
//! ```

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: speed ground-truth.json [ROUNDS]")?;
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let bodies: Vec<String> = truth
        .as_object()
        .ok_or("not an object")?
        .values()
        .filter_map(|v| v["articleBody"].as_str().map(str::to_string))
        .collect();
    let words: usize = bodies.iter().map(|b| b.split_whitespace().count()).sum();
    let chars: usize = bodies.iter().map(|b| b.chars().count()).sum();
    // One warm-up round builds the lexicons.
    let mut tokens = 0;
    for body in &bodies {
        tokens += newsdesk_analyze::analyze_text(body, None, None).tokens;
    }
    let started = Instant::now();
    let mut entities = 0;
    for _ in 0..rounds {
        for body in &bodies {
            entities += newsdesk_analyze::analyze_text(body, None, None)
                .entities
                .len();
        }
    }
    let seconds = started.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "{} articles, {tokens} tokens ({words} words, {chars} chars), {} entities/round\n\
         {:.0} tokens/s, {:.0} words/s, {:.0} chars/s on one core; {:.3} ms per 1,000 tokens",
        bodies.len(),
        entities / rounds.max(1),
        tokens as f64 / seconds,
        words as f64 / seconds,
        chars as f64 / seconds,
        seconds * 1000.0 / (tokens as f64 / 1000.0),
    );
    Ok(())
}
