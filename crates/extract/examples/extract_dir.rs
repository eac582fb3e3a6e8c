//! Development helper: extracts every `.html`/`.html.gz` page under a folder
//! and prints one JSON line per page (the `newsdesk extract --format jsonl`
//! shape), for quick scoring with `../shared/bench/score.py` without the CLI.
//!
//! usage: cargo run --release -p newsdesk-extract --example extract_dir -- DIR > out.jsonl

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: extract_dir DIR")?;
    let mut pages = Vec::new();
    collect(Path::new(&dir), &mut pages)?;
    pages.sort();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let options = newsdesk_extract::ExtractOptions::default();
    let mut spent = std::time::Duration::ZERO;
    for path in &pages {
        let raw = std::fs::read(path)?;
        let bytes = if path.extension().is_some_and(|e| e == "gz") {
            let mut buf = Vec::new();
            flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut buf)?;
            buf
        } else {
            raw
        };
        let start = std::time::Instant::now();
        let result = newsdesk_extract::extract_article(&bytes, &options);
        spent += start.elapsed();
        let line = match result {
            Ok(mut article) => {
                article.source = path.display().to_string();
                serde_json::to_string(&article)?
            }
            Err(e) => {
                serde_json::json!({"source": path.display().to_string(), "error": e.to_string()})
                    .to_string()
            }
        };
        writeln!(out, "{line}")?;
    }
    eprintln!(
        "{} pages, {:.2} s in extractor, {:.1} pages/s",
        pages.len(),
        spent.as_secs_f64(),
        pages.len() as f64 / spent.as_secs_f64()
    );
    Ok(())
}

fn collect(dir: &Path, pages: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, pages)?;
        } else if path.to_string_lossy().contains("source.html")
            || (path.to_string_lossy().ends_with(".html.gz")
                && !path.to_string_lossy().contains("expected"))
        {
            pages.push(path);
        }
    }
    Ok(())
}
