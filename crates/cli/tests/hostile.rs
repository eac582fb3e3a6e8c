//! End-to-end: pathological input, each case in a batch with an ordinary
//! page after it. Every case asserts bounded time, bounded memory (the
//! child's peak RSS, read from /proc and printed so that a run with
//! `--nocapture` shows the figures), a clear warning or error for the bad
//! input, and a record for the ordinary page: one bad page never costs the
//! rest of the batch.
//!
//! Inputs built here: 1,000,000 nested elements, a 100 MB page, 1 MB lines of
//! text and of HTML, a million attributes, 1.8 million entities, a gzip bomb
//! sent as `Content-Encoding`, a slowloris server, a server that never stops
//! sending, redirect loops, a feed of billion-laughs entities, sitemaps that
//! point to each other, and a WARC whose lengths lie. (The `.gz` file bomb,
//! 100,000 nested `<div>`s and invalid charsets are in `extract_limits.rs`;
//! socket-level faults are in `faults.rs`.)

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::thread;
use std::time::Duration;

use common::http::{answer, serve};
use common::{newsdesk_in, put, scratch, Run};

const MIB: u64 = 1024 * 1024;

/// A page any extractor should read, to prove the batch went on.
const ORDINARY: &str = "<html><head><title>Bridge repairs approved</title></head><body><article>\
    <p>The council met on Tuesday and voted to repair the old bridge over the river before winter.</p>\
    <p>Work starts in March and should take four months, the mayor's office said.</p>\
    </article></body></html>";

/// Runs `newsdesk` with a time limit and checks the process ended by itself.
fn run(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let run = newsdesk_in(dir, args, None, limit);
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?} panicked: {}",
        run.stderr
    );
    assert!(
        matches!(run.code(), Some(0 | 1)),
        "{args:?} ended with {:?}: {}",
        run.status,
        run.stderr
    );
    run
}

/// Asserts the memory bound (when /proc tells) and prints the measure.
fn within_memory(case: &str, run: &Run, bound_mib: u64) {
    eprintln!(
        "{case}: {:.2} s, peak RSS {} MiB (bound {bound_mib} MiB)",
        run.elapsed.as_secs_f64(),
        run.peak_rss_kib / 1024
    );
    if run.peak_rss_kib > 0 {
        assert!(
            run.peak_rss_kib < bound_mib * 1024,
            "{case}: peak RSS {} KiB over {bound_mib} MiB",
            run.peak_rss_kib
        );
    }
}

/// Extracts `name` then an ordinary page in one batch; returns the hostile
/// page's record after checking the ordinary one came through.
fn extract_with_ordinary(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    bound_mib: u64,
) -> serde_json::Value {
    put(dir, name, bytes);
    put(dir, "z-ordinary.html", ORDINARY);
    let run = run(
        dir,
        &["extract", "--format", "jsonl", name, "z-ordinary.html"],
        Duration::from_secs(120),
    );
    within_memory(name, &run, bound_mib);
    let records = run.records();
    assert_eq!(records.len(), 2, "one record per input: {}", run.stderr);
    let ordinary = &records[1];
    assert!(
        ordinary["text"]
            .as_str()
            .is_some_and(|t| t.contains("repair the old bridge")),
        "the ordinary page after {name} lost its text: {ordinary}"
    );
    let _ = std::fs::remove_file(dir.join(name));
    records[0].clone()
}

fn warnings(record: &serde_json::Value) -> String {
    record["warnings"].to_string()
}

#[test]
fn a_million_nested_elements_are_flattened_with_a_warning() {
    let dir = scratch("hostile_nesting");
    let depth = 1_000_000;
    let mut html = String::with_capacity(depth * 12);
    html.push_str("<html><body>");
    for i in 0..depth {
        html.push_str(if i % 2 == 0 { "<div>" } else { "<span>" });
    }
    html.push_str("<p>Deep inside the page there is a sentence about the harbour strike.</p>");
    html.push_str("</body></html>");
    let record = extract_with_ordinary(&dir, "deep.html", html.as_bytes(), 400);
    assert!(
        warnings(&record).contains("nested deeper"),
        "no warning: {record}"
    );
    assert!(record["text"]
        .as_str()
        .is_some_and(|t| t.contains("harbour strike")));
}

#[test]
fn a_100_mb_page_is_cut_at_the_limits_with_warnings() {
    let dir = scratch("hostile_100mb");
    let mut html = String::with_capacity(101 * MIB as usize);
    html.push_str("<html><head><title>Long report</title></head><body><article>");
    let mut n = 0u64;
    while html.len() < 100 * MIB as usize {
        n += 1;
        // Paragraphs differ, so that no repeated-text rule can shortcut the work.
        html.push_str(&format!(
            "<p>Paragraph {n} of the report says the harbour strike entered day {} as talks on wages resumed.</p>\n",
            n % 97
        ));
    }
    html.push_str("</article></body></html>");
    let record = extract_with_ordinary(&dir, "huge.html", html.as_bytes(), 700);
    assert!(
        warnings(&record).contains("only the first"),
        "the cut is not reported: {}",
        warnings(&record)
    );
    let text = record["text"].as_str().unwrap_or_default();
    assert!(
        text.len() > MIB as usize,
        "the part that was read is kept: {} bytes",
        text.len()
    );
}

#[test]
fn one_megabyte_lines_of_text_and_html_are_read() {
    let dir = scratch("hostile_lines");
    let line = "word ".repeat(220_000);
    let text =
        format!("A title for the scraped text\n\n{line}\n\nA last paragraph that ends properly.\n");
    let record = extract_with_ordinary(&dir, "line.txt", text.as_bytes(), 300);
    assert!(record["text"]
        .as_str()
        .is_some_and(|t| t.len() > MIB as usize));
    let html = format!("<html><body><p>{line}</p></body></html>");
    let record = extract_with_ordinary(&dir, "line.html", html.as_bytes(), 300);
    assert!(record["text"]
        .as_str()
        .is_some_and(|t| t.len() > MIB as usize));
}

#[test]
fn a_million_attributes_and_millions_of_entities_are_read() {
    let dir = scratch("hostile_attributes");
    let mut html = String::from("<html><body><div");
    for i in 0..1_000_000 {
        html.push_str(&format!(" a{i}=\"v\""));
    }
    html.push_str("><p>Text after a million attributes, long enough to count as a paragraph of the story.</p></div></body></html>");
    let record = extract_with_ordinary(&dir, "attributes.html", html.as_bytes(), 400);
    assert!(record["text"]
        .as_str()
        .is_some_and(|t| t.contains("a million attributes")));

    let html = format!(
        "<html><body><p>Entities: {}</p></body></html>",
        "&amp; &#x41; &eacute; ".repeat(600_000)
    );
    let record = extract_with_ordinary(&dir, "entities.html", html.as_bytes(), 400);
    let text = record["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("& A é & A é"),
        "entities decoded: {}",
        &text[..text.len().min(80)]
    );
}

/// A gzip stream of a page followed by `total` bytes of spaces (a bomb:
/// about 1000:1).
fn gzip_bomb(total: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(b"<html><body><p>A page whose body inflates to gigabytes of spaces.</p>")
        .expect("compressing");
    let chunk = vec![b' '; MIB as usize];
    for _ in 0..total / MIB as usize {
        encoder.write_all(&chunk).expect("compressing");
    }
    encoder.finish().expect("compressing")
}

#[test]
fn a_content_encoding_bomb_is_inflated_only_up_to_the_cap() {
    let bomb = gzip_bomb(512 * MIB as usize);
    eprintln!("bomb: {} KiB of gzip for 512 MiB", bomb.len() / 1024);
    let base = serve(move |request, stream| match request.path.as_str() {
        "/bomb" => {
            answer(
                stream,
                "200 OK",
                &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                &bomb,
            );
        }
        _ => answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            ORDINARY.as_bytes(),
        ),
    });
    let dir = scratch("hostile_encoding_bomb");
    let bomb_url = format!("{base}/bomb");
    let ok_url = format!("{base}/ordinary");
    let run = run(
        &dir,
        &["extract", "--format", "jsonl", &bomb_url, &ok_url],
        Duration::from_secs(180),
    );
    within_memory("content-encoding bomb", &run, 400);
    let records = run.records();
    assert_eq!(records.len(), 2, "{}", run.stderr);
    let all = format!("{} {}", records[0], run.stderr);
    assert!(
        all.contains("only the first") || all.contains("cap") || all.contains("limit"),
        "the cut is not reported: {all}"
    );
    assert!(records[1]["text"]
        .as_str()
        .is_some_and(|t| t.contains("repair the old bridge")));
}

#[test]
fn slowloris_and_endless_servers_are_cut_off() {
    let base = serve(|request, stream| match request.path.as_str() {
        // Headers one byte at a time, a second apart: never a full response.
        "/slowloris" => {
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Filler: "
                .iter()
                .chain(std::iter::repeat_n(&b'a', 10_000))
            {
                if stream.write_all(&[*byte]).is_err() {
                    return;
                }
                thread::sleep(Duration::from_secs(1));
            }
        }
        // A body that never ends, sent as fast as the client reads.
        "/endless" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Start of a page that never ends.</p>",
            );
            let chunk = b"<p>more words about the endless story of the harbour.</p>".repeat(1000);
            while stream.write_all(&chunk).is_ok() {}
        }
        _ => answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            ORDINARY.as_bytes(),
        ),
    });
    let dir = scratch("hostile_slow_servers");
    let urls = [
        format!("{base}/slowloris"),
        format!("{base}/endless"),
        format!("{base}/ordinary"),
    ];
    let args: Vec<&str> = ["extract", "--format", "jsonl", "-j", "1"]
        .into_iter()
        .chain(urls.iter().map(String::as_str))
        .collect();
    let run = run(&dir, &args, Duration::from_secs(240));
    within_memory("slowloris + endless body", &run, 300);
    let records = run.records();
    assert_eq!(records.len(), 3, "{}", run.stderr);
    let slow = format!("{}", records[0]);
    assert!(
        slow.contains("time") || slow.contains("error"),
        "slowloris not reported: {slow}"
    );
    let endless = format!("{}", records[1]);
    assert!(
        endless.contains("only the first") || endless.contains("cut") || endless.contains("limit"),
        "endless body not reported: {endless}"
    );
    assert!(records[2]["text"]
        .as_str()
        .is_some_and(|t| t.contains("repair the old bridge")));
}

#[test]
fn feeds_with_entity_bombs_and_sitemaps_in_loops_end_and_the_rest_is_ingested() {
    let base_cell = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let cell = std::sync::Arc::clone(&base_cell);
    let base = serve(move |request, stream| {
        let base = cell.lock().map(|b| b.clone()).unwrap_or_default();
        let xml = |body: String| body.into_bytes();
        let (kind, body): (&str, Vec<u8>) = match request.path.as_str() {
            "/robots.txt" => ("text/plain", b"User-agent: *\nAllow: /\n".to_vec()),
            "/laughs.xml" => (
                "application/rss+xml",
                xml(format!(
                    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">\
                     <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\
                     <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\
                     <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\
                     <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\
                     <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\
                     <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\
                     <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\
                     <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>\
                     <rss version=\"2.0\"><channel><title>&lol9;</title>\
                     <item><title>&lol9;</title><link>{base}/news/laughs</link></item></channel></rss>"
                )),
            ),
            "/a.xml" => (
                "application/xml",
                xml(format!(
                    "<sitemapindex><sitemap><loc>{base}/a.xml</loc></sitemap>\
                     <sitemap><loc>{base}/b.xml</loc></sitemap></sitemapindex>"
                )),
            ),
            "/b.xml" => (
                "application/xml",
                xml(format!(
                    "<sitemapindex><sitemap><loc>{base}/a.xml</loc></sitemap>\
                     <sitemap><loc>{base}/c.xml</loc></sitemap></sitemapindex>"
                )),
            ),
            "/c.xml" => (
                "application/xml",
                xml(format!(
                    "<urlset><url><loc>{base}/news/loop</loc></url>\
                     <url><loc>{base}/c.xml</loc></url></urlset>"
                )),
            ),
            path if path.starts_with("/news/") => {
                let topic = &path["/news/".len()..];
                (
                    "text/html",
                    format!(
                        "<html><head><title>The {topic} story</title></head><body><article>\
                         <p>The {topic} story was the subject of a long meeting of the council on Tuesday.</p>\
                         <p>Members voted to continue the work on the {topic} plan next year.</p>\
                         </article></body></html>"
                    )
                    .into_bytes(),
                )
            }
            _ => ("text/plain", b"not here".to_vec()),
        };
        answer(stream, "200 OK", &[("Content-Type", kind)], &body);
    });
    if let Ok(mut b) = base_cell.lock() {
        *b = base.clone();
    }
    let dir = scratch("hostile_feeds");
    let laughs = format!("{base}/laughs.xml");
    let sitemap = format!("{base}/a.xml");
    let run = run(
        &dir,
        &[
            "ingest",
            &laughs,
            &sitemap,
            "--data",
            "data",
            "--allow-private",
            "--delay",
            "0",
        ],
        Duration::from_secs(180),
    );
    within_memory("billion laughs + sitemap loop", &run, 400);
    let stats = run_json(&dir, &["stats", "--data", "data", "--format", "json"]);
    // The sitemap loop yields its one page once; the entity bomb either
    // gives its item (entities left unexpanded) or a clear error.
    let articles = stats["articles"].as_i64().unwrap_or(0);
    assert!(
        (1..=2).contains(&articles),
        "articles {articles}: {}",
        run.stderr
    );
    let search = run_json(
        &dir,
        &["search", "loop", "--data", "data", "--format", "json"],
    );
    assert_eq!(search["total"], 1, "the looped page once: {search}");
    if articles == 1 {
        assert!(
            run.stderr.contains("laughs.xml"),
            "the feed's failure is reported: {}",
            run.stderr
        );
    }
}

fn run_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let run = run(dir, args, Duration::from_secs(60));
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {} {}", run.stdout, run.stderr))
}

#[test]
fn redirect_loops_are_errors_for_their_url_only() {
    let base = serve(|request, stream| match request.path.as_str() {
        "/loop-a" => answer(stream, "302 Found", &[("Location", "/loop-b")], b""),
        "/loop-b" => answer(stream, "302 Found", &[("Location", "/loop-a")], b""),
        "/self" => answer(
            stream,
            "301 Moved Permanently",
            &[("Location", "/self")],
            b"",
        ),
        _ => answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            ORDINARY.as_bytes(),
        ),
    });
    let dir = scratch("hostile_redirects");
    let urls = format!("{base}/loop-a\n{base}/self\n{base}/ordinary\n");
    put(&dir, "urls.txt", urls);
    let run = run(
        &dir,
        &[
            "ingest",
            "--urls",
            "urls.txt",
            "--data",
            "data",
            "--allow-private",
            "--delay",
            "0",
        ],
        Duration::from_secs(120),
    );
    within_memory("redirect loops", &run, 300);
    assert!(
        run.stderr.contains("/loop-a") && run.stderr.contains("/self"),
        "both loops are reported with their URL: {}",
        run.stderr
    );
    let stats = run_json(&dir, &["stats", "--data", "data", "--format", "json"]);
    assert_eq!(stats["articles"], 1, "{stats}");
}

/// One WARC record holding an HTTP response with `html`.
fn warc_record(url: &str, html: &str, claimed: Option<&str>) -> Vec<u8> {
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
    let length = claimed.map_or(block.len().to_string(), str::to_string);
    format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n\
         WARC-Date: 2024-05-06T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {length}\r\n\r\n{block}\r\n\r\n"
    )
    .into_bytes()
}

fn story(n: usize) -> String {
    format!(
        "<html><head><title>Story {n} of the archive</title></head><body><article>\
         <p>Story number {n} tells how the council of town {n} voted on its budget this week.</p>\
         <p>The vote in town {n} was close, and the mayor promised a second reading.</p>\
         </article></body></html>"
    )
}

#[test]
fn a_warc_whose_lengths_lie_keeps_its_honest_records() {
    let dir = scratch("hostile_warc");
    let mut warc = Vec::new();
    warc.extend(warc_record("https://a.example/1", &story(1), None));
    // Claims far more than the file holds: must not be allocated.
    warc.extend(warc_record(
        "https://a.example/2",
        &story(2),
        Some("999999999999"),
    ));
    warc.extend(warc_record("https://a.example/3", &story(3), None));
    // Short by real bytes: its tail spills into the next header.
    warc.extend(warc_record("https://a.example/4", &story(4), Some("40")));
    warc.extend(warc_record("https://a.example/5", &story(5), None));
    // Not a number at all.
    warc.extend(warc_record("https://a.example/6", &story(6), Some("-12")));
    warc.extend(warc_record("https://a.example/7", &story(7), None));
    put(&dir, "liar.warc", &warc);
    let run = run(
        &dir,
        &["ingest", "liar.warc", "--data", "data"],
        Duration::from_secs(120),
    );
    within_memory("lying WARC", &run, 300);
    assert!(
        run.stderr.contains("liar.warc"),
        "bad records are reported: {}",
        run.stderr
    );
    for n in [1, 7] {
        let found = run_json(
            &dir,
            &[
                "search",
                &format!("\"town {n}\""),
                "--data",
                "data",
                "--format",
                "json",
            ],
        );
        assert_eq!(found["total"], 1, "honest record {n} kept: {found}");
    }
    let stats = run_json(&dir, &["stats", "--data", "data", "--format", "json"]);
    let articles = stats["articles"].as_i64().unwrap_or(0);
    assert!(
        articles >= 3,
        "honest records after the liars are found again: {stats}"
    );
}

#[test]
fn a_connection_that_sends_nothing_does_not_hold_the_batch() {
    let base = serve(
        |request, stream: &mut TcpStream| match request.path.as_str() {
            "/silent" => thread::sleep(Duration::from_secs(120)),
            _ => answer(
                stream,
                "200 OK",
                &[("Content-Type", "text/html")],
                ORDINARY.as_bytes(),
            ),
        },
    );
    let dir = scratch("hostile_silent");
    let silent = format!("{base}/silent");
    let ok = format!("{base}/ordinary");
    let run = run(
        &dir,
        &["extract", "--format", "jsonl", &silent, &ok],
        Duration::from_secs(100),
    );
    within_memory("silent server", &run, 200);
    let records = run.records();
    assert_eq!(records.len(), 2, "{}", run.stderr);
    assert!(records[1]["text"]
        .as_str()
        .is_some_and(|t| t.contains("repair the old bridge")));
}

#[cfg(unix)]
#[test]
fn ingest_does_not_follow_symlinks_out_of_the_directory() {
    let dir = scratch("hostile_symlinks");
    put(&dir, "outside/secret.html", story(1));
    put(&dir, "pages/inside.html", story(2));
    std::os::unix::fs::symlink(dir.join("outside/secret.html"), dir.join("pages/out.html"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.join("outside"), dir.join("pages/out-dir")).expect("symlink");
    std::os::unix::fs::symlink("/etc", dir.join("pages/etc")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("pages"), dir.join("pages/loop")).expect("symlink");
    let run = run(
        &dir,
        &["ingest", "pages", "--data", "data", "--quiet"],
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let stats = run_json(&dir, &["stats", "--data", "data", "--format", "json"]);
    assert_eq!(stats["captures"], 1, "only the page inside: {stats}");
    let found = run_json(
        &dir,
        &["search", "\"town 1\"", "--data", "data", "--format", "json"],
    );
    assert_eq!(
        found["total"], 0,
        "the page behind the link stays out: {found}"
    );
}

/// Bytes from a seeded xorshift generator: what random or compressed data
/// looks like to a reader.
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.max(1);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

/// Text compressed with raw deflate: no gzip header to recognise it by.
fn deflated(n: usize) -> Vec<u8> {
    let text: String = (0..2000)
        .map(|i| {
            format!(
                "line {i} of report {n}: the council voted {} to {}.\n",
                i % 9,
                n % 7
            )
        })
        .collect();
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(text.as_bytes())
        .expect("deflate into memory");
    encoder.finish().expect("deflate into memory")
}

#[test]
fn random_and_compressed_bytes_are_refused_every_time() {
    let dir = scratch("hostile_random_bytes");
    let mut names = Vec::new();
    for seed in 1..=24u64 {
        let len = [2_000, 20_000, 300_000][seed as usize % 3];
        let name = format!("random-{seed:02}.bin");
        put(&dir, &name, random_bytes(seed, len));
        names.push(name);
    }
    for n in 0..4 {
        let name = format!("deflated-{n}.bin");
        put(&dir, &name, deflated(n));
        names.push(name);
    }
    put(&dir, "z-ordinary.html", ORDINARY);
    let mut args = vec!["extract", "--format", "jsonl"];
    args.extend(names.iter().map(String::as_str));
    args.push("z-ordinary.html");
    let extracted = run(&dir, &args, Duration::from_secs(120));
    within_memory("random bytes, extract", &extracted, 300);
    let records = extracted.records();
    assert_eq!(records.len(), names.len() + 1, "{}", extracted.stderr);
    for (name, record) in names.iter().zip(&records) {
        let error = record["error"].as_str().unwrap_or("");
        assert!(
            error.contains("binary"),
            "{name} was read as a page: {record}"
        );
    }
    assert!(records[names.len()]["text"]
        .as_str()
        .is_some_and(|t| t.contains("repair the old bridge")));
    // One big file alone: the case that took 36 s and 2.7 GB to store.
    put(&dir, "big/random.bin", random_bytes(99, 3 * 1024 * 1024));
    let alone = run(
        &dir,
        &["extract", "big/random.bin"],
        Duration::from_secs(60),
    );
    assert_eq!(alone.code(), Some(1), "{}", alone.stderr);
    assert!(
        alone.stdout.trim().is_empty(),
        "no record printed: {} bytes",
        alone.stdout.len()
    );
    assert!(alone.stderr.contains("binary"), "{}", alone.stderr);
    for name in &names {
        std::fs::rename(dir.join(name), dir.join("big").join(name)).expect("moving a fixture");
    }
    put(&dir, "big/z-ordinary.html", ORDINARY);
    let ingested = run(
        &dir,
        &["ingest", "big", "--data", "data", "--quiet"],
        Duration::from_secs(120),
    );
    within_memory("random bytes, ingest", &ingested, 500);
    let stats = run_json(&dir, &["stats", "--data", "data", "--format", "json"]);
    assert_eq!(
        stats["articles"], 1,
        "only the ordinary page is stored: {stats}"
    );
}

#[test]
fn a_title_that_names_an_element_keeps_the_page() {
    let dir = scratch("hostile_title_rcdata");
    for name in ["script", "svg", "math", "style", "noscript"] {
        let page = ORDINARY.replace(
            "<title>Bridge repairs approved</title>",
            &format!("<title>The <{name}> tag and the bridge</title>"),
        );
        put(&dir, "page.html", page);
        let extracted = run(&dir, &["extract", "page.html"], Duration::from_secs(30));
        assert_eq!(extracted.code(), Some(0), "{}", extracted.stderr);
        let record = extracted.json();
        assert_eq!(
            record["title"],
            format!("The <{name}> tag and the bridge"),
            "{record}"
        );
        assert!(
            record["text"]
                .as_str()
                .is_some_and(|t| t.contains("repair the old bridge")),
            "<{name}> in the title swallowed the page: {record}"
        );
    }
}

#[test]
fn names_and_urls_cannot_write_to_the_terminal() {
    let dir = scratch("hostile_terminal");
    // A file name that would forge a line and clear the screen, holding
    // something that fails (so that its name is printed).
    let forged = "a\nnewsdesk: all good\x1b[2J\x1b]0;owned\x07.html";
    put(&dir, &format!("pages/{forged}"), random_bytes(5, 4000));
    let warc = warc_record(
        "https://a.example/x\x1b[31mred\x7f\u{9b}2J",
        &story(1),
        None,
    );
    put(&dir, "pages/crawl.warc", &warc);
    for args in [
        vec!["extract", "--format", "jsonl", "pages"],
        vec!["ingest", "pages", "--data", "data"],
    ] {
        let ran = run(&dir, &args, Duration::from_secs(60));
        assert!(
            !ran.stderr.contains('\x1b')
                && !ran.stderr.contains('\x07')
                && !ran.stderr.contains('\u{9b}'),
            "{args:?}: control characters reach the terminal: {:?}",
            ran.stderr
        );
        assert!(
            !ran.stderr
                .lines()
                .any(|line| line.starts_with("newsdesk: all good")),
            "{args:?}: a forged line: {:?}",
            ran.stderr
        );
    }
    let exported = run(&dir, &["export", "--data", "data"], Duration::from_secs(30));
    let record: serde_json::Value = exported
        .stdout
        .lines()
        .find_map(|line| serde_json::from_str(line).ok())
        .expect("the WARC's page is stored");
    let url = record["article"]["url"].as_str().unwrap_or("");
    assert!(!url.chars().any(char::is_control), "stored raw: {url:?}");
    assert!(url.starts_with("https://a.example/x"), "{record}");
}

#[test]
fn an_address_space_limit_is_an_out_of_memory_message_not_an_abort() {
    use std::os::unix::process::ExitStatusExt;
    let dir = scratch("hostile_ulimit_v");
    for n in 0..200 {
        put(&dir, &format!("pages/{n:03}.html"), story(n));
    }
    let mut refused = 0;
    for limit_kib in [400_000, 600_000] {
        let _ = std::fs::remove_dir_all(dir.join("data"));
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {limit_kib} && exec \"$0\" ingest pages --data data --quiet"
            ))
            .arg(env!("CARGO_BIN_EXE_newsdesk"))
            .current_dir(&dir)
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.signal(),
            None,
            "ulimit -v {limit_kib}: killed by a signal: {stderr}"
        );
        match output.status.code() {
            Some(0) => {}
            Some(1) => {
                assert!(
                    stderr.contains("out of memory"),
                    "ulimit -v {limit_kib}: {stderr}"
                );
                refused += 1;
            }
            other => panic!("ulimit -v {limit_kib}: exit {other:?}: {stderr}"),
        }
    }
    eprintln!("{refused} of 2 limits too small for the ingest");
}
