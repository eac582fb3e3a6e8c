//! Speed check for the WARC reader (not a test): writes a per-record gzip
//! WARC of about 100 MB (compressed) to a temporary file, then times reading
//! it with `WarcReader` and reports MB/s.
//!
//! `cargo run --release -p newsdesk-ingest --example warc_speed [MB]`

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::time::Instant;

use flate2::write::GzEncoder;
use flate2::Compression;
use newsdesk_ingest::{ArchiveItem, WarcReader};

const WORDS: [&str; 24] = [
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "talks",
    "with",
    "officials",
    "in",
    "Brussels",
    "would",
    "resume",
    "after",
    "a",
    "pause",
    "over",
    "budget",
    "rules",
    "and",
    "trade",
    "quotas",
    "agreed",
    "yesterday",
];

fn main() -> std::io::Result<()> {
    let target_mb: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let path = std::env::temp_dir().join(format!("newsdesk-speed-{}.warc.gz", std::process::id()));
    let mut out = BufWriter::new(File::create(&path)?);
    let mut seed = 1u64;
    let mut written = 0u64;
    let mut raw = 0u64;
    let mut records = 0u64;
    while written < target_mb * 1_000_000 {
        let mut html =
            String::from("<!doctype html><html><head><title>Story</title></head><body><article>");
        for _ in 0..40 {
            html.push_str("<p>");
            for _ in 0..120 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                html.push_str(WORDS[(seed >> 33) as usize % WORDS.len()]);
                html.push(' ');
            }
            html.push_str("</p>\n");
        }
        html.push_str("</article></body></html>");
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let request = "GET /story HTTP/1.1\r\nHost: news.example\r\n\r\n";
        for (kind, block, ctype) in [
            ("request", request, "application/http; msgtype=request"),
            (
                "response",
                http.as_str(),
                "application/http; msgtype=response",
            ),
        ] {
            let record = format!(
                "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://news.example/story/{records}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            );
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(record.as_bytes())?;
            let packed = encoder.finish()?;
            out.write_all(&packed)?;
            written += packed.len() as u64;
            raw += record.len() as u64;
        }
        records += 1;
    }
    out.flush()?;
    drop(out);

    let started = Instant::now();
    let (mut pages, mut other, mut body_bytes) = (0u64, 0u64, 0u64);
    for item in WarcReader::new(BufReader::new(File::open(&path)?)) {
        match item {
            ArchiveItem::Page(capture) => {
                pages += 1;
                body_bytes += capture.body.len() as u64;
            }
            _ => other += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    std::fs::remove_file(&path)?;
    println!(
        "{:.1} MB gzip ({:.1} MB uncompressed, {pages} pages, {other} other records, {:.1} MB of bodies) in {seconds:.2} s: {:.1} MB/s compressed, {:.1} MB/s uncompressed",
        written as f64 / 1e6,
        raw as f64 / 1e6,
        body_bytes as f64 / 1e6,
        written as f64 / 1e6 / seconds,
        raw as f64 / 1e6 / seconds
    );
    Ok(())
}
