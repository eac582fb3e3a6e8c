//! End-to-end: `newsdesk ingest`, `search`, `article`, `story`, `stats`,
//! `export` and `reindex` through the binary, including a `kill -9` in the
//! middle of an ingest and the resume after it.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{newsdesk, newsdesk_in, put, scratch};

const WORDS: [&str; 40] = [
    "harbour",
    "minister",
    "budget",
    "railway",
    "election",
    "festival",
    "drought",
    "vaccine",
    "tariff",
    "satellite",
    "museum",
    "strike",
    "bridge",
    "council",
    "refinery",
    "orchestra",
    "glacier",
    "court",
    "pension",
    "wildfire",
    "airline",
    "harvest",
    "reactor",
    "stadium",
    "library",
    "ferry",
    "senate",
    "mine",
    "hospital",
    "copper",
    "summit",
    "theatre",
    "canal",
    "tunnel",
    "bakery",
    "garrison",
    "vineyard",
    "observatory",
    "parliament",
    "shipyard",
];

/// A distinct invented article: its words are chosen by `n`, so no two share a text.
fn article(n: usize) -> String {
    let word = |k: usize| WORDS[(n * 7 + k * 13 + n / 40) % WORDS.len()];
    let paragraphs: Vec<String> = (0..4)
        .map(|p| {
            format!(
                "<p>Report {n} part {p}: the {} near the {} was discussed by the {} on day {} while the {} waited, officials said in statement number {}.</p>",
                word(p),
                word(p + 1),
                word(p + 2),
                n % 28 + 1,
                word(p + 3),
                n * 10 + p
            )
        })
        .collect();
    format!(
        "<html><head><title>Story {n} | Site</title><link rel=canonical href=\"https://site{}.example/news/{n}\">\
         <meta property=\"article:published_time\" content=\"2024-04-{:02}T10:00:00Z\"></head>\
         <body><nav><a href=/>Home</a></nav><article><h1>Story {n} about the {}</h1>{}</article></body></html>",
        n % 5,
        n % 28 + 1,
        word(0),
        paragraphs.join("")
    )
}

fn stats(dir: &std::path::Path, data: &str) -> serde_json::Value {
    let run = newsdesk(
        dir,
        &["stats", "--data", data, "--format", "json", "--check"],
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    run.json()
}

#[test]
fn ingest_then_search_show_and_export() {
    let dir = scratch("corpus_basic");
    for n in 0..12 {
        put(&dir, &format!("pages/{n}.html"), article(n));
    }
    let run = newsdesk(&dir, &["ingest", "pages", "--data", "data", "-j", "2"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("12 new articles"), "{}", run.stderr);

    let again = newsdesk(&dir, &["ingest", "pages", "--data", "data"]);
    assert!(
        again.stderr.contains("0 new articles") && again.stderr.contains("12 unchanged"),
        "{}",
        again.stderr
    );

    let search = newsdesk(
        &dir,
        &[
            "search",
            "\"report 3 part\"",
            "--data",
            "data",
            "--format",
            "json",
        ],
    );
    assert_eq!(search.code(), Some(0), "{}", search.stderr);
    let results = search.json();
    assert_eq!(results["total"], 1);
    let id = results["hits"][0]["id"].as_i64().expect("an id");
    assert_eq!(results["hits"][0]["url"], "https://site3.example/news/3");

    let table = newsdesk(
        &dir,
        &["search", "report", "--data", "data", "--limit", "3"],
    );
    assert!(
        table.stdout.starts_with("12 matching articles"),
        "{}",
        table.stdout
    );

    let shown = newsdesk(&dir, &["article", &id.to_string(), "--data", "data"]);
    assert_eq!(
        shown.json()["article"]["title"],
        "Story 3 about the harvest"
    );
    let story_id = shown.json()["story"]["id"].as_i64().expect("a story");
    let story = newsdesk(&dir, &["story", &story_id.to_string(), "--data", "data"]);
    assert_eq!(story.code(), Some(0), "{}", story.stderr);

    let export = newsdesk(&dir, &["export", "--format", "csv", "--data", "data"]);
    assert_eq!(
        export
            .stdout
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count(),
        12
    );

    let missing = newsdesk(&dir, &["article", "999", "--data", "data"]);
    assert_eq!(missing.code(), Some(1));
    let no_corpus = newsdesk(&dir, &["search", "x", "--data", "nowhere"]);
    assert_eq!(no_corpus.code(), Some(1));
    assert!(
        no_corpus.stderr.contains("no corpus"),
        "{}",
        no_corpus.stderr
    );
    let bad_query = newsdesk(&dir, &["search", "(x", "--data", "data"]);
    assert_eq!(bad_query.code(), Some(1));
    assert!(
        bad_query.stderr.contains("parenthesis"),
        "{}",
        bad_query.stderr
    );
}

#[test]
fn kill_9_during_ingest_loses_and_duplicates_nothing() {
    const PAGES: usize = 300;
    let dir = scratch("corpus_kill");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:04}.html"), article(n));
    }
    // Kill the ingest at different points, then let a last run finish. The
    // first kill comes after 300 ms; while nothing has been stored yet (a
    // slow or busy machine is still starting), each next kill comes later.
    let mut partial = Vec::new();
    let mut delay = Duration::from_millis(300);
    for _attempt in 0..12 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args([
                "ingest", "pages", "--data", "data", "--quiet", "-j", "2", "--batch", "10",
            ])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("newsdesk runs");
        std::thread::sleep(delay);
        let finished = matches!(child.try_wait(), Ok(Some(_)));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        if !dir.join("data/store.db").exists() {
            delay = delay * 3 / 2;
            continue;
        }
        let s = stats(&dir, "data");
        assert_eq!(s["store_integrity"], "ok");
        assert_eq!(s["articles"], s["captures"], "{s}");
        let stored = s["articles"].as_i64().unwrap_or(0);
        partial.push(stored);
        let landed = partial
            .iter()
            .filter(|&&n| n > 0 && n < PAGES as i64)
            .count();
        if finished || stored >= PAGES as i64 || landed >= 3 {
            break;
        }
        if stored == 0 {
            delay = delay * 3 / 2;
        }
    }
    // The kills must have landed mid-ingest for this test to mean anything.
    assert!(
        partial.iter().any(|&n| n > 0 && n < PAGES as i64),
        "no kill landed mid-ingest: {partial:?}"
    );
    let started = Instant::now();
    let last = newsdesk_in(
        &dir,
        &["ingest", "pages", "--data", "data"],
        None,
        Duration::from_secs(300),
    );
    assert_eq!(last.code(), Some(0), "{}", last.stderr);
    let s = stats(&dir, "data");
    assert_eq!(s["store_integrity"], "ok");
    assert_eq!(
        s["captures"], PAGES as i64,
        "every page stored exactly once: {s}"
    );
    assert_eq!(s["articles"], PAGES as i64, "{s}");
    assert_eq!(
        s["indexed"], PAGES as i64,
        "the index matches the store: {s}"
    );
    assert!(started.elapsed() < Duration::from_secs(300));
}

#[test]
fn a_damaged_index_is_detected_and_reindex_repairs_it() {
    let dir = scratch("corpus_reindex");
    for n in 0..5 {
        put(&dir, &format!("pages/{n}.html"), article(n));
    }
    assert_eq!(
        newsdesk(&dir, &["ingest", "pages", "--data", "data"]).code(),
        Some(0)
    );
    std::fs::write(dir.join("data/index/meta.json"), b"garbage").expect("damage the index");
    let broken = newsdesk(&dir, &["search", "report", "--data", "data"]);
    assert_eq!(broken.code(), Some(1));
    assert!(
        broken.stderr.contains("newsdesk reindex"),
        "{}",
        broken.stderr
    );
    let fixed = newsdesk(&dir, &["reindex", "--data", "data"]);
    assert_eq!(fixed.code(), Some(0), "{}", fixed.stderr);
    assert!(
        fixed.stderr.contains("reindexed 5 articles"),
        "{}",
        fixed.stderr
    );
    let search = newsdesk(
        &dir,
        &["search", "report", "--data", "data", "--format", "json"],
    );
    assert_eq!(search.json()["total"], 5);
}

#[test]
fn a_data_directory_from_a_newer_version_is_refused() {
    let dir = scratch("corpus_newer");
    put(&dir, "pages/0.html", article(0));
    assert_eq!(
        newsdesk(&dir, &["ingest", "pages", "--data", "data"]).code(),
        Some(0)
    );
    // Bump the schema version the way a future newsdesk would (PRAGMA user_version
    // lives in the database header, bytes 60..64, big-endian).
    let path = dir.join("data/store.db");
    let mut bytes = std::fs::read(&path).expect("the store");
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(&path, bytes).expect("write the store");
    let run = newsdesk(&dir, &["stats", "--data", "data"]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr.contains("newer newsdesk"), "{}", run.stderr);
}
