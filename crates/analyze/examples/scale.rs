//! Times the analyser on generated text of growing size, to see that the cost
//! grows linearly: `cargo run --release -p newsdesk-analyze --example scale -- PATTERN`.
fn main() {
    let pattern = std::env::args().nth(1).unwrap_or_else(|| "Aaa Bbb ".into());
    for repeats in [5_000, 10_000, 20_000, 40_000] {
        let text = pattern.repeat(repeats);
        let started = std::time::Instant::now();
        let analysis = newsdesk_analyze::analyze_text(&text, None, None);
        println!(
            "{repeats:>7} repeats, {:>8} tokens: {:.3} s",
            analysis.tokens,
            started.elapsed().as_secs_f64()
        );
    }
}
