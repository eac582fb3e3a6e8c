//! End-to-end: inputs built to hurt. A gzip bomb, pages larger than the read
//! limit, 100,000 nested `<div>`s, invalid UTF-8, an unknown charset, and a
//! 1,500-page directory: each must end with a record or a clear message,
//! within bounded time and memory, never a panic or a hang.

mod common;

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use common::{newsdesk, newsdesk_in, page, put, scratch, sources, Run};

const MIB: usize = 1024 * 1024;

/// Writes `head`, then `total` bytes of `filler`, gzipped, to `path`, in chunks.
fn write_gzip_bomb(path: &Path, head: &[u8], filler: u8, total: usize) {
    let file = File::create(path).expect("creating the bomb");
    let mut encoder = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    encoder.write_all(head).expect("writing the bomb");
    let chunk = vec![filler; MIB];
    for _ in 0..total / MIB {
        encoder.write_all(&chunk).expect("writing the bomb");
    }
    encoder.finish().expect("writing the bomb");
}

/// No crash: the process ended by itself with an exit code, not a signal.
fn assert_clean_exit(run: &Run) {
    assert!(
        matches!(run.code(), Some(0 | 1)),
        "exit {:?}, stderr: {}",
        run.status,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "stderr: {}", run.stderr);
}

#[test]
fn a_gzip_bomb_is_read_only_up_to_the_limit() {
    let dir = scratch("gzip_bomb");
    write_gzip_bomb(&dir.join("zeros.html.gz"), b"", 0, 200 * MIB);
    write_gzip_bomb(
        &dir.join("spaces.html.gz"),
        b"<html><body><article><p>A bomb of spaces.</p>",
        b' ',
        200 * MIB,
    );
    put(
        &dir,
        "after.html",
        page("After", "Still read after the bombs."),
    );
    let limit = Duration::from_secs(120);
    let run = newsdesk_in(
        &dir,
        &[
            "extract",
            "-j",
            "1",
            "zeros.html.gz",
            "spaces.html.gz",
            "after.html",
        ],
        None,
        limit,
    );
    assert_clean_exit(&run);
    let records = run.records();
    assert_eq!(
        sources(&records),
        ["zeros.html.gz", "spaces.html.gz", "after.html"]
    );
    assert!(
        records[0]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("binary"),
        "{}",
        records[0]
    );
    let warnings = records[1]["warnings"].to_string();
    assert!(
        warnings.contains("decompressed input is larger than 64 MiB"),
        "{warnings}"
    );
    assert!(records[2].get("error").is_none());
    assert!(
        run.peak_rss_kib < 400 * 1024,
        "peak RSS {} KiB",
        run.peak_rss_kib
    );
}

#[test]
fn a_file_over_the_read_limit_is_cut_with_a_warning() {
    let dir = scratch("huge_file");
    let mut bytes = b"<html><body><article><p>A very large page starts here.</p>".to_vec();
    bytes.resize(65 * MIB, b'\n');
    put(&dir, "huge.html", bytes);
    let run = newsdesk_in(
        &dir,
        &["extract", "huge.html"],
        None,
        Duration::from_secs(120),
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let warnings = run.json()["warnings"].to_string();
    assert!(
        warnings.contains("input is larger than 64 MiB"),
        "{warnings}"
    );
}

#[test]
fn a_50_mb_page_is_extracted_within_bounds() {
    let dir = scratch("fifty_mb");
    let mut html = String::from("<html><head><title>Long</title></head><body><article>");
    let mut i = 0;
    while html.len() < 50 * MIB {
        html.push_str(&format!(
            "<p>Paragraph {i} of a very long page, written to be read in full.</p>\n"
        ));
        i += 1;
    }
    html.push_str("</article></body></html>");
    put(&dir, "long.html", html);
    let run = newsdesk_in(
        &dir,
        &["extract", "long.html"],
        None,
        Duration::from_secs(180),
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let warnings = run.json()["warnings"].to_string();
    assert!(
        warnings.contains("only the first"),
        "a cut page should say so: {warnings}"
    );
}

#[test]
fn deeply_nested_markup_does_not_crash() {
    let dir = scratch("nested");
    let html = format!(
        "<html><body>{}<p>Deep inside the page there is a sentence.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    put(&dir, "deep.html", html);
    let run = newsdesk(&dir, &["extract", "deep.html"]);
    assert_clean_exit(&run);
}

#[test]
fn invalid_utf8_and_unknown_charsets_still_give_records() {
    let dir = scratch("charsets");
    let mut invalid = b"<html><head><meta charset=\"utf-8\"></head><body><article><p>Broken bytes \xff\xfe\xc3 here, \
        in an otherwise ordinary paragraph about the weather in the mountains.</p></article></body></html>"
        .to_vec();
    invalid.extend_from_slice(b"\x80\x81");
    put(&dir, "invalid.html", invalid);
    put(
        &dir,
        "unknown.html",
        b"<html><head><meta charset=\"x-no-such-charset\"></head><body><article><p>Caf\xe9 au lait, \
        said the waiter, and the morning went on as usual in the small town.</p></article></body></html>",
    );
    let run = newsdesk(&dir, &["extract", "invalid.html", "unknown.html"]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert_eq!(sources(&run.records()), ["invalid.html", "unknown.html"]);
}

#[test]
fn binary_garbage_from_stdin_is_a_clear_error() {
    let dir = scratch("garbage_stdin");
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let run = newsdesk_in(
        &dir,
        &["extract", "-"],
        Some(&garbage),
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(1), "stdout: {}", run.stdout);
    assert!(
        run.stderr.starts_with("newsdesk: -: "),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn a_1500_page_directory_streams_in_bounded_memory() {
    let dir = scratch("many_pages");
    for i in 0..1500 {
        let filler =
            "Another sentence of the story, to give the page some weight. ".repeat(20 + i % 80);
        put(
            &dir,
            &format!("pages/{:02}/page-{i:04}.html", i % 15),
            page(&format!("Story {i}"), &filler),
        );
    }
    let run = newsdesk_in(&dir, &["extract", "pages"], None, Duration::from_secs(300));
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let records = run.records();
    assert_eq!(records.len(), 1500);
    let found = sources(&records);
    let mut sorted = found.clone();
    sorted.sort();
    assert_eq!(found, sorted, "directory order is sorted");
    assert!(
        run.stderr.contains("extracted 1500 pages, 0 failed"),
        "summary: {}",
        run.stderr
    );
    if run.peak_rss_kib > 0 {
        assert!(
            run.peak_rss_kib < 200 * 1024,
            "peak RSS {} KiB",
            run.peak_rss_kib
        );
    }
}
