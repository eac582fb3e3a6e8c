//! Development helper: time spent in each stage of the HTML path over a
//! folder of `.html.gz` pages (single thread).
//!
//! Pages are read and gunzipped first, then run once to warm up (compiling
//! the regexes and other one-time tables), then once more measured. Each
//! stage is its own non-inlined function, so under callgrind
//! (`valgrind --tool=callgrind --toggle-collect='stage_times::measured'`)
//! `callgrind_annotate --inclusive=yes` gives per-stage instruction counts.
//!
//! usage: cargo run --release -p newsdesk-extract --example stage_times -- DIR
use std::io::Read;
use std::time::{Duration, Instant};

use newsdesk_extract::dom::Dom;
use newsdesk_extract::prescan::Prescanned;

#[inline(never)]
fn stage_decode(bytes: &[u8]) -> String {
    newsdesk_extract::charset::decode(bytes, None).text
}

#[inline(never)]
fn stage_prescan(text: &str) -> Prescanned {
    newsdesk_extract::prescan::prescan(text)
}

#[inline(never)]
fn stage_parse(scanned: &Prescanned) -> Dom {
    Dom::parse(&scanned.html)
}

#[inline(never)]
fn stage_metadata(doc: &Dom, scanned: &Prescanned) -> newsdesk_extract::metadata::PageMetadata {
    newsdesk_extract::metadata::page_metadata(doc, &scanned.json_ld, None)
}

#[inline(never)]
fn stage_body(doc: &Dom, title: Option<&str>) -> String {
    newsdesk_extract::debug_body_text(doc, title)
}

#[inline(never)]
fn stage_language(text: &str, declared: Option<&str>) -> Option<String> {
    newsdesk_extract::language::detect_language(text, declared)
}

#[inline(never)]
fn warm_up(pages: &[Vec<u8>], t: &mut [Duration; 6]) {
    // Not the same body as `measured`, so the linker cannot fold the two.
    for _ in 0..std::hint::black_box(1) {
        run(pages, t)
    }
}

#[inline(never)]
fn measured(pages: &[Vec<u8>], t: &mut [Duration; 6]) {
    run(pages, t)
}

#[inline(never)]
fn run(pages: &[Vec<u8>], t: &mut [Duration; 6]) {
    for bytes in pages {
        let s = Instant::now();
        let decoded = stage_decode(bytes);
        t[0] += s.elapsed();
        let s = Instant::now();
        let scanned = stage_prescan(&decoded);
        t[1] += s.elapsed();
        let s = Instant::now();
        let doc = stage_parse(&scanned);
        t[2] += s.elapsed();
        let s = Instant::now();
        let meta = stage_metadata(&doc, &scanned);
        t[3] += s.elapsed();
        let s = Instant::now();
        let text = stage_body(&doc, meta.title.as_deref());
        t[4] += s.elapsed();
        let s = Instant::now();
        let _ = std::hint::black_box(stage_language(&text, meta.language.as_deref()));
        t[5] += s.elapsed();
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: stage_times DIR")?;
    let mut pages = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths {
        let mut buf = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut buf)?;
        pages.push(buf);
    }
    let mut warm = [Duration::ZERO; 6];
    warm_up(&pages, &mut warm);
    let mut t = [Duration::ZERO; 6];
    measured(&pages, &mut t);
    let names = ["decode", "prescan", "parse", "metadata", "body", "language"];
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
