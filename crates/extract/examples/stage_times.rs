//! Development helper: time spent in each stage of the HTML path over a
//! folder of `.html.gz` pages (single thread).
//!
//! usage: cargo run --release -p newsdesk-extract --example stage_times -- DIR
use std::io::Read;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: stage_times DIR")?;
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let mut buf = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut buf)?;
        pages.push(buf);
    }
    let mut t = [Duration::ZERO; 7];
    let names = [
        "decode", "prescan", "parse", "metadata", "dom", "body", "language",
    ];
    for bytes in &pages {
        let s = Instant::now();
        let decoded = newsdesk_extract::charset::decode(bytes, None);
        t[0] += s.elapsed();
        let s = Instant::now();
        let scanned = newsdesk_extract::prescan::prescan(&decoded.text);
        t[1] += s.elapsed();
        let s = Instant::now();
        let doc = scraper::Html::parse_document(&scanned.html);
        t[2] += s.elapsed();
        let s = Instant::now();
        let meta = newsdesk_extract::metadata::page_metadata(&doc, &scanned.json_ld, None);
        t[3] += s.elapsed();
        let s = Instant::now();
        let text = newsdesk_extract::debug_body_text(&doc, meta.title.as_deref(), &mut t[4]);
        t[5] += s.elapsed();
        let s = Instant::now();
        let _ = newsdesk_extract::language::detect_language(&text, meta.language.as_deref());
        t[6] += s.elapsed();
    }
    let total: Duration = t.iter().sum();
    for (n, d) in names.iter().zip(t) {
        println!(
            "{n:>10}: {:>8.2} ms/page {:>5.1}%",
            d.as_secs_f64() * 1000.0 / pages.len() as f64,
            100.0 * d.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "{:>10}: {:.1} pages/s",
        "total",
        pages.len() as f64 / total.as_secs_f64()
    );
    Ok(())
}
