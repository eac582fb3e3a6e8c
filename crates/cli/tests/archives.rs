//! `newsdesk extract` and `analyze` over web archives: a WARC (gzip per
//! record) as a file and on stdin, a JSON Lines capture file, bad records in
//! the middle, and `--signatures`.

mod common;

use std::time::Duration;

use common::{gzip, newsdesk, newsdesk_in, page, put, scratch, sources};

fn warc_record(kind: &str, uri: &str, date: &str, block: &str) -> Vec<u8> {
    let record = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n\
         Content-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    );
    gzip(record.as_bytes())
}

fn response(html: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    )
}

/// A WARC: warcinfo, a request, two pages, a broken record, a third page.
fn sample_warc() -> Vec<u8> {
    let mut warc = Vec::new();
    warc.extend(warc_record(
        "warcinfo",
        "",
        "2024-05-01T00:00:00Z",
        "software: test\r\n",
    ));
    warc.extend(warc_record(
        "request",
        "https://news.example/a",
        "2024-05-01T10:00:00Z",
        "GET /a HTTP/1.1\r\n\r\n",
    ));
    for (i, (uri, title)) in [
        ("https://news.example/a", "Council backs budget"),
        ("https://news.example/b", "Port strike ends"),
    ]
    .iter()
    .enumerate()
    {
        let html = page(title, &format!("Story number {i}."));
        warc.extend(warc_record(
            "response",
            uri,
            "2024-05-01T10:00:00Z",
            &response(&html),
        ));
    }
    warc.extend(gzip(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nxx\r\n\r\n",
    ));
    let html = page("Rail link opens", "Story number 3.");
    warc.extend(warc_record(
        "response",
        "https://news.example/c",
        "2024-05-02T08:30:00Z",
        &response(&html),
    ));
    warc
}

#[test]
fn a_warc_file_gives_one_record_per_page_named_by_index() {
    let dir = scratch("archives-warc-file");
    put(&dir, "crawl.warc.gz", sample_warc());
    let run = newsdesk(&dir, &["analyze", "crawl.warc.gz"]);
    assert_eq!(
        run.code(),
        Some(1),
        "a bad record fails the batch: {}",
        run.stderr
    );
    let records = run.records();
    assert_eq!(
        sources(&records),
        [
            "crawl.warc.gz#2",
            "crawl.warc.gz#3",
            "crawl.warc.gz#4",
            "crawl.warc.gz#5"
        ]
    );
    assert_eq!(records[0]["url"], "https://news.example/a");
    assert_eq!(records[0]["title"], "Council backs budget");
    assert_eq!(records[0]["fetched_at"], "2024-05-01T10:00:00Z");
    assert!(records[0]["entities"].is_array(), "analysed");
    assert!(records[2]["error"]
        .as_str()
        .is_some_and(|e| e.contains("bad record")));
    assert_eq!(records[3]["url"], "https://news.example/c");
    assert!(
        records[0].get("text_hash").is_none(),
        "no signatures unless asked"
    );
    assert!(run.stderr.contains("3 pages, 1 failed"), "{}", run.stderr);
}

#[test]
fn a_warc_on_stdin_is_sniffed_and_signatures_are_added() {
    let dir = scratch("archives-warc-stdin");
    let run = newsdesk_in(
        &dir,
        &["extract", "--signatures", "-"],
        Some(&sample_warc()),
        Duration::from_secs(60),
    );
    let records = run.records();
    assert_eq!(
        sources(&records),
        ["-#2", "-#3", "-#4", "-#5"],
        "{}",
        run.stderr
    );
    for record in [&records[0], &records[1], &records[3]] {
        assert!(record["text_hash"].is_i64(), "{record}");
        assert_eq!(record["minhash"].as_array().map(Vec::len), Some(100));
        assert_eq!(record["lsh_bands"].as_array().map(Vec::len), Some(20));
    }
    assert_ne!(records[0]["text_hash"], records[1]["text_hash"]);
}

#[test]
fn jsonl_captures_are_archives_too() {
    let dir = scratch("archives-jsonl");
    let lines = [
        serde_json::json!({"url": "https://a.example/1", "html": page("One", "First."), "fetched_at": "2024-01-02T03:04:05Z"}),
        serde_json::json!({"nope": true}),
        serde_json::json!({"url": "https://a.example/2", "text": "Two\n\nA scraped body of text.", "fetched_at": "2024-01-03"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    put(&dir, "pages.jsonl", body);
    let run = newsdesk(&dir, &["extract", "pages.jsonl"]);
    let records = run.records();
    assert_eq!(
        sources(&records),
        ["pages.jsonl#0", "pages.jsonl#1", "pages.jsonl#2"]
    );
    assert_eq!(records[0]["title"], "One");
    assert!(records[1]["error"].is_string());
    assert_eq!(records[2]["title"], "Two");
    assert_eq!(records[2]["fetched_at"], "2024-01-03");
}

#[test]
fn signatures_need_a_json_format() {
    let dir = scratch("archives-signatures-format");
    put(&dir, "a.html", page("A", "Words."));
    let run = newsdesk(
        &dir,
        &["extract", "--signatures", "--format", "text", "a.html"],
    );
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
}
