//! End-to-end faults: `kill -9` at 50 random points of an ingest, a full disk,
//! a read-only data directory, and network faults in the fetcher (resets,
//! silence, truncated bodies, a wrong charset, a flaky 503). After each, the
//! store passes its integrity check, every page is stored exactly once, the
//! index matches the store, and every input is either stored or reported.
//!
//! The disk tests mount small tmpfs file systems, which needs root; without
//! it they skip visibly, and fail instead under `NEWSDESK_REQUIRE_ROOT=1`
//! (`.ci/run` sets it when it runs as root).

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::http::{answer, serve};
use common::{newsdesk, newsdesk_in, put, scratch};

fn article(n: usize) -> String {
    format!(
        "<html><head><title>Report {n} from the valley</title>\
         <link rel=canonical href=\"https://valley{}.example/news/{n}\"></head><body><article>\
         <h1>Report {n} from the valley</h1>\
         <p>Report {n} begins: the council of district {n} met on day {} and approved plan {}.</p>\
         <p>Residents of district {n} asked for the road to be finished before token{n}x is spent.</p>\
         <p>The vote in district {n} was {} to {}, the clerk said after the meeting.</p>\
         </article></body></html>",
        n % 7,
        n % 28 + 1,
        n * 3,
        n % 50,
        50 - n % 50
    )
}

/// An article with twenty paragraphs of its own, to fill a disk quickly.
fn long_article(n: usize) -> String {
    let paragraphs: String = (0..20)
        .map(|p| format!("<p>Paragraph {p} of report {n}: item {} of the budget of district {n} was read aloud and debated for {} minutes.</p>", n * 20 + p, p + n % 9))
        .collect();
    article(n).replace("</article>", &format!("{paragraphs}</article>"))
}

fn stats(dir: &Path, data: &str) -> serde_json::Value {
    let run = newsdesk(
        dir,
        &["stats", "--data", data, "--format", "json", "--check"],
    );
    assert_eq!(run.code(), Some(0), "stats: {}", run.stderr);
    run.json()
}

/// Asserts the store is whole and holds exactly `pages` pages, indexed.
fn assert_exactly(dir: &Path, data: &str, pages: i64) {
    let s = stats(dir, data);
    assert_eq!(s["store_integrity"], "ok", "{s}");
    assert_eq!(s["captures"], pages, "every page stored exactly once: {s}");
    assert_eq!(s["articles"], pages, "{s}");
    assert_eq!(s["indexed"], pages, "the index matches the store: {s}");
}

/// A small, seedable random sequence (xorshift), so a failing run can be
/// repeated with `NEWSDESK_FAULT_SEED`.
struct Random(u64);

impl Random {
    fn from_env() -> Random {
        let seed = std::env::var("NEWSDESK_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("NEWSDESK_FAULT_SEED={seed}");
        Random(seed.max(1))
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn kill_9_at_50_random_points_loses_and_duplicates_nothing() {
    const PAGES: usize = 4000;
    const ROUNDS: usize = 50;
    let dir = scratch("faults_kill_50");
    for n in 0..PAGES {
        put(
            &dir,
            &format!("pages/{:02}/{n:05}.html", n % 20),
            article(n),
        );
    }
    let mut random = Random::from_env();
    let mut mid_ingest = 0;
    for round in 0..ROUNDS {
        // Each restart first finds the pages already stored, then goes on;
        // the kill lands anywhere from the start-up to a few batches in.
        let delay = Duration::from_millis(10 + random.below(400));
        let batch = (5 + random.below(60)).to_string();
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args([
                "ingest", "pages", "--data", "data", "--quiet", "-j", "2", "--batch", &batch,
            ])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("newsdesk runs");
        thread::sleep(delay);
        let finished = matches!(child.try_wait(), Ok(Some(_)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !dir.join("data/store.db").exists() {
            continue;
        }
        let s = stats(&dir, "data");
        assert_eq!(s["store_integrity"], "ok", "round {round}: {s}");
        assert_eq!(s["articles"], s["captures"], "round {round}: {s}");
        assert_eq!(s["indexed"], s["articles"], "round {round}: {s}");
        if !finished {
            mid_ingest += 1;
        }
    }
    let stored = stats(&dir, "data")["captures"].as_i64().unwrap_or(0);
    eprintln!("{mid_ingest} of {ROUNDS} kills landed before the ingest ended; {stored} pages stored by then");
    assert!(
        mid_ingest >= ROUNDS * 4 / 5,
        "too few kills landed mid-ingest ({mid_ingest}) for the test to mean anything"
    );
    let run = newsdesk_in(
        &dir,
        &["ingest", "pages", "--data", "data", "--quiet"],
        None,
        Duration::from_secs(600),
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert_exactly(&dir, "data", PAGES as i64);
    // Every page is found exactly once by its own word.
    for n in (0..PAGES).step_by(97) {
        let run = newsdesk(
            &dir,
            &[
                "search",
                &format!("token{n}x"),
                "--data",
                "data",
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code(), Some(0), "{}", run.stderr);
        assert_eq!(run.json()["total"], 1, "page {n}: {}", run.stdout);
    }
}

/// A tmpfs mounted for one test, unmounted when dropped (even on panic).
struct Mount(PathBuf);

impl Mount {
    /// Mounts a tmpfs of `size` at `path`; `None` (with a message) without root.
    fn tmpfs(path: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(path).ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(Stdio::null())
            .status();
        if !matches!(status, Ok(s) if s.success()) {
            newsdesk_testkit::skip(
                newsdesk_testkit::Need::Root,
                format!("cannot mount a tmpfs at {} (needs root)", path.display()),
            );
            return None;
        }
        Some(Mount(path.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .expect("mount runs");
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_same_command_resumes() {
    const PAGES: usize = 300;
    let dir = scratch("faults_disk_full");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:04}.html"), long_article(n));
    }
    let Some(mount) = Mount::tmpfs(&dir.join("data"), "2m") else {
        return;
    };
    let full = newsdesk_in(
        &dir,
        &[
            "ingest", "pages", "--data", "data", "--quiet", "--batch", "20",
        ],
        None,
        Duration::from_secs(300),
    );
    assert_eq!(full.code(), Some(1), "a full disk fails: {}", full.stderr);
    assert!(
        full.stderr.contains("disk is full"),
        "the message names the cause: {}",
        full.stderr
    );
    assert!(!full.stderr.contains("panicked"), "{}", full.stderr);
    mount.remount("size=256m");
    let s = stats(&dir, "data");
    assert_eq!(s["store_integrity"], "ok", "no corruption: {s}");
    let stored_before = s["captures"].as_i64().unwrap_or(0);
    assert!(
        stored_before < PAGES as i64,
        "the disk filled before the end: {s}"
    );
    let resumed = newsdesk_in(
        &dir,
        &["ingest", "pages", "--data", "data"],
        None,
        Duration::from_secs(300),
    );
    assert_eq!(resumed.code(), Some(0), "{}", resumed.stderr);
    eprintln!("disk full after {stored_before} pages; resumed to {PAGES}");
    assert_exactly(&dir, "data", PAGES as i64);
}

#[test]
fn a_read_only_data_directory_is_a_clear_error_and_still_searchable() {
    let dir = scratch("faults_read_only");
    for n in 0..40 {
        put(&dir, &format!("first/{n:04}.html"), article(n));
        put(&dir, &format!("second/{n:04}.html"), article(100 + n));
    }
    let Some(mount) = Mount::tmpfs(&dir.join("data"), "64m") else {
        return;
    };
    let first = newsdesk(&dir, &["ingest", "first", "--data", "data", "--quiet"]);
    assert_eq!(first.code(), Some(0), "{}", first.stderr);
    mount.remount("ro");
    let refused = newsdesk(&dir, &["ingest", "second", "--data", "data", "--quiet"]);
    assert_eq!(refused.code(), Some(1), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("read-only"),
        "the message names the cause: {}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("panicked"), "{}", refused.stderr);
    let search = newsdesk(
        &dir,
        &["search", "token7x", "--data", "data", "--format", "json"],
    );
    assert_eq!(
        search.code(),
        Some(0),
        "search works read-only: {}",
        search.stderr
    );
    assert_eq!(search.json()["total"], 1, "{}", search.stdout);
    assert_served_read_only(&dir);
    mount.remount("rw");
    let resumed = newsdesk(&dir, &["ingest", "second", "--data", "data", "--quiet"]);
    assert_eq!(resumed.code(), Some(0), "{}", resumed.stderr);
    assert_exactly(&dir, "data", 80);
}

/// A listener whose first two connections are closed without reading the
/// request (the kernel answers with a TCP reset), and which answers after
/// that: robots.txt with a 404, anything else with a page.
fn resetting_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("the local address");
    thread::spawn(move || {
        for (n, mut stream) in listener.incoming().take(50).flatten().enumerate() {
            if n < 2 {
                thread::sleep(Duration::from_millis(50));
                drop(stream);
                continue;
            }
            let Some(request) = common::http::read_request(&stream) else {
                continue;
            };
            if request.path == "/robots.txt" {
                answer(&mut stream, "404 Not Found", &[], b"");
            } else {
                answer(
                    &mut stream,
                    "200 OK",
                    &[("Content-Type", "text/html")],
                    article(9005).as_bytes(),
                );
            }
        }
    });
    format!("http://{address}")
}

#[test]
fn network_faults_are_retried_or_reported_never_lost() {
    let flaky = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let tries = std::sync::Arc::clone(&flaky);
    let base = serve(move |request, stream| match request.path.as_str() {
        "/robots.txt" => answer(stream, "404 Not Found", &[], b""),
        // Silence past the fetch deadline.
        "/silent" => thread::sleep(Duration::from_secs(45)),
        // Promises 20,000 bytes, sends a page's start, then hangs up.
        "/truncated" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20000\r\n\r\n\
                  <html><head><title>Cut short</title></head><body><article><p>The first paragraph of a page \
                  cut short by its server arrives whole, and token9001x is in it.</p>",
            );
        }
        // Says UTF-8, sends windows-1251 (Cyrillic).
        "/charset" => {
            let (body, _, _) = encoding_rs::WINDOWS_1251.encode(
                "<html><head><title>Новости города</title></head><body><article>\
                 <p>Городской совет во вторник утвердил план ремонта моста через реку, сообщили в мэрии.</p>\
                 <p>Работы начнутся в марте и продлятся четыре месяца, token9002x.</p></article></body></html>",
            );
            answer(
                stream,
                "200 OK",
                &[("Content-Type", "text/html; charset=utf-8")],
                &body,
            );
        }
        // Fails twice with 503, then answers.
        "/flaky" => {
            if tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst) < 2 {
                answer(
                    stream,
                    "503 Service Unavailable",
                    &[("Retry-After", "1")],
                    b"busy",
                );
            } else {
                answer(
                    stream,
                    "200 OK",
                    &[("Content-Type", "text/html")],
                    article(9003).as_bytes(),
                );
            }
        }
        _ => answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            article(9004).as_bytes(),
        ),
    });
    let reset = resetting_server();
    let dir = scratch("faults_network");
    let urls = [
        format!("{reset}/reset"),
        format!("{base}/silent"),
        format!("{base}/truncated"),
        format!("{base}/charset"),
        format!("{base}/flaky"),
        format!("{base}/fine"),
    ];
    put(&dir, "urls.txt", urls.join("\n"));
    let started = Instant::now();
    let run = newsdesk_in(
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
        None,
        Duration::from_secs(240),
    );
    eprintln!(
        "network faults: {:.1} s; stderr:\n{}",
        started.elapsed().as_secs_f64(),
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    // Some pages came in; the ones that failed for good are counted.
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 of 6 inputs failed"),
        "{}",
        run.stderr
    );
    let found = |word: &str| {
        let run = newsdesk(
            &dir,
            &["search", word, "--data", "data", "--format", "json"],
        );
        run.json()["total"].as_i64().unwrap_or(0)
    };
    // Stored: the fine page, the flaky one after its retries, the page
    // behind two resets, the mislabelled Cyrillic page decoded right, and the
    // part of the truncated page that came, each saying what happened.
    assert_eq!(found("token9004x"), 1, "the fine page");
    assert_eq!(found("token9003x"), 1, "the flaky page, retried");
    assert_eq!(
        found("token9005x"),
        1,
        "the page behind two resets, retried"
    );
    assert_eq!(found("token9002x"), 1, "the mislabelled page");
    assert_eq!(
        found("моста"),
        1,
        "the Cyrillic text decoded despite the label"
    );
    assert_eq!(found("token9001x"), 1, "what came of the truncated page");
    let export = newsdesk(&dir, &["export", "--data", "data", "--format", "jsonl"]);
    let warnings_of = |path: &str| {
        export
            .records()
            .iter()
            .find(|r| {
                r["article"]["url"]
                    .as_str()
                    .is_some_and(|u| u.ends_with(path))
            })
            .map(|r| r["article"]["warnings"].to_string())
            .unwrap_or_default()
    };
    assert!(
        warnings_of("/truncated").contains("cut off"),
        "{}",
        export.stdout
    );
    assert!(
        warnings_of("/charset").contains("windows-1251"),
        "{}",
        export.stdout
    );
    // The silent one is reported with its URL, on stderr and in the log.
    let silent = &urls[1];
    assert!(run.stderr.contains(silent.as_str()), "{}", run.stderr);
    let log = std::fs::read_to_string(dir.join("data/problems.jsonl")).unwrap_or_default();
    assert!(
        log.contains(silent.as_str()),
        "{silent} is not in problems.jsonl: {log}"
    );
    assert_eq!(log.lines().count(), 1, "only the silent page failed: {log}");
}

/// `serve` on the read-only corpus: it starts, says writes are off, and
/// answers a search over HTTP.
fn assert_served_read_only(dir: &Path) {
    let served = common::served::Served::start(dir, &["--data", "data"])
        .unwrap_or_else(|said| panic!("serve did not start: {said:?}"));
    assert!(
        served.said.iter().any(|line| line.contains("read-only")),
        "serve says the corpus is read-only: {:?}",
        served.said
    );
    let (status, body) = served.get("/api/search?q=token7x");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"total\":1"), "{body}");
    let (status, body) = served.post_json("/api/ingest", r#"{"urls":["https://example.com/"]}"#);
    assert_eq!(status, 403, "ingest is refused, saying why: {body}");
    assert!(body.contains("read-only"), "{body}");
}

/// Starts `newsdesk ARGS` in `dir` with its output discarded.
fn spawn(dir: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsdesk runs")
}

/// The stderr of a finished child.
fn stderr_of(child: std::process::Child) -> (Option<i32>, String) {
    let output = child.wait_with_output().expect("waiting for newsdesk");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const BUSY: &str = "another newsdesk process is writing";

#[test]
fn reindex_during_an_ingest_is_refused_and_the_ingest_goes_on() {
    const PAGES: usize = 1500;
    let dir = scratch("faults_reindex_lock");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:05}.html"), article(n));
    }
    let ingest = spawn(
        &dir,
        &[
            "ingest", "pages", "--data", "data", "--quiet", "--batch", "50",
        ],
    );
    let started = Instant::now();
    while !dir.join("data/store.db").exists() && started.elapsed() < Duration::from_secs(60) {
        thread::sleep(Duration::from_millis(20));
    }
    thread::sleep(Duration::from_millis(500));
    let mut refusals = 0;
    for _ in 0..3 {
        let reindex = newsdesk(&dir, &["reindex", "--data", "data"]);
        assert!(!reindex.stderr.contains("panicked"), "{}", reindex.stderr);
        if reindex.code() == Some(1) && reindex.stderr.contains(BUSY) {
            refusals += 1;
        }
        thread::sleep(Duration::from_millis(200));
    }
    let (code, stderr) = stderr_of(ingest);
    assert_eq!(code, Some(0), "the ingest is not disturbed: {stderr}");
    assert_eq!(refusals, 3, "each reindex during the ingest is refused");
    assert_exactly(&dir, "data", PAGES as i64);
}

#[test]
fn two_ingests_into_a_new_directory_one_says_the_other_is_writing() {
    let dir = scratch("faults_two_ingests");
    for n in 0..200 {
        put(&dir, &format!("pages/{n:04}.html"), article(n));
    }
    for round in 0..5 {
        let data = format!("data{round}");
        let args = ["ingest", "pages", "--data", &data, "--quiet"];
        let first = spawn(&dir, &args);
        let second = spawn(&dir, &args);
        let (a, b) = (stderr_of(first), stderr_of(second));
        for (code, stderr) in [&a, &b] {
            assert!(
                *code == Some(0) || (*code == Some(1) && stderr.contains(BUSY)),
                "round {round}: either stores the pages or says another process is writing: {stderr}"
            );
        }
        assert!(
            a.0 == Some(0) || b.0 == Some(0),
            "round {round}: one of them stores the pages: {} / {}",
            a.1,
            b.1
        );
        assert_exactly(&dir, &data, 200);
    }
}

#[test]
fn kill_9_at_20_random_points_of_reindex_leaves_every_article_searchable() {
    const PAGES: usize = 1500;
    const ROUNDS: usize = 20;
    let dir = scratch("faults_reindex_kill");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:05}.html"), article(n));
    }
    let run = newsdesk_in(
        &dir,
        &["ingest", "pages", "--data", "data", "--quiet"],
        None,
        Duration::from_secs(600),
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    // The shortest of three rebuilds: the first runs on a cold page cache,
    // and a kill drawn within a slow run's span would often land after a
    // fast one had finished.
    let span = (0..3)
        .map(|_| {
            let timed = newsdesk(&dir, &["reindex", "--data", "data"]);
            assert_eq!(timed.code(), Some(0), "{}", timed.stderr);
            timed.elapsed.as_millis() as u64
        })
        .min()
        .unwrap_or(1);
    let mut random = Random::from_env();
    let mut mid_reindex = 0;
    let searches = |round: usize| {
        let found = newsdesk(
            &dir,
            &["search", "valley", "--data", "data", "--format", "json"],
        );
        assert_eq!(found.code(), Some(0), "round {round}: {}", found.stderr);
        assert_eq!(
            found.json()["total"],
            PAGES,
            "round {round}: every article is found"
        );
    };
    // Kills that land after the rebuild finished test nothing new, so the
    // rounds go on until ROUNDS kills landed mid-reindex (or 3 × ROUNDS tries).
    let mut round = 0;
    while mid_reindex < ROUNDS && round < 3 * ROUNDS {
        round += 1;
        let mut child = spawn(&dir, &["reindex", "--data", "data"]);
        thread::sleep(Duration::from_millis(random.below((span * 3 / 4).max(1))));
        if matches!(child.try_wait(), Ok(None)) {
            mid_reindex += 1;
            // A search while the index is being rebuilt sees the old one.
            if round % 4 == 0 {
                searches(round);
            }
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let s = stats(&dir, "data");
        assert_eq!(s["store_integrity"], "ok", "round {round}: {s}");
        assert_eq!(s["indexed"], PAGES, "round {round}: {s}");
        searches(round);
    }
    eprintln!("{mid_reindex} of {round} kills landed mid-reindex (a reindex took {span} ms)");
    assert!(
        mid_reindex >= ROUNDS / 2,
        "too few kills landed mid-reindex ({mid_reindex}) for the test to mean anything"
    );
}

#[test]
fn stats_flags_an_index_short_of_the_store_and_ingest_repairs_it() {
    const PAGES: usize = 120;
    let dir = scratch("faults_index_gap");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:04}.html"), article(n));
    }
    let run = newsdesk(&dir, &["ingest", "pages", "--data", "data", "--quiet"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    // What an interrupted rebuild of an older newsdesk left: no index, and
    // the change log already pruned.
    std::fs::remove_dir_all(dir.join("data/index")).expect("removing the index");
    let flagged = newsdesk(&dir, &["stats", "--data", "data", "--format", "json"]);
    assert_eq!(flagged.code(), Some(0), "{}", flagged.stderr);
    assert_eq!(flagged.json()["unindexed"], PAGES, "{}", flagged.stdout);
    assert!(
        flagged.stderr.contains("not in the search index"),
        "{}",
        flagged.stderr
    );
    let repaired = newsdesk(&dir, &["ingest", "pages", "--data", "data", "--quiet"]);
    assert_eq!(repaired.code(), Some(0), "{}", repaired.stderr);
    assert_exactly(&dir, "data", PAGES as i64);
    let clean = newsdesk(&dir, &["stats", "--data", "data", "--format", "json"]);
    assert_eq!(clean.json()["unindexed"], 0, "{}", clean.stdout);
    assert!(clean.stderr.is_empty(), "{}", clean.stderr);
}

const FORMER: &str = "the former export, which must survive\n";

#[test]
fn a_bad_export_argument_leaves_the_out_file_as_it_was() {
    let dir = scratch("faults_export_arguments");
    for n in 0..20 {
        put(&dir, &format!("pages/{n:03}.html"), article(n));
    }
    let run = newsdesk(&dir, &["ingest", "pages", "--data", "data", "--quiet"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    put(&dir, "out.jsonl", FORMER);
    let bad = newsdesk(
        &dir,
        &[
            "export",
            "--data",
            "data",
            "--query",
            "(valley",
            "--out",
            "out.jsonl",
        ],
    );
    assert_eq!(bad.code(), Some(1), "{}", bad.stderr);
    assert!(bad.stderr.contains("unbalanced"), "{}", bad.stderr);
    let kept = std::fs::read_to_string(dir.join("out.jsonl")).expect("out.jsonl is still there");
    assert_eq!(kept, FORMER, "a bad query does not touch the file");
    let good = newsdesk(&dir, &["export", "--data", "data", "--out", "out.jsonl"]);
    assert_eq!(good.code(), Some(0), "{}", good.stderr);
    let written = std::fs::read_to_string(dir.join("out.jsonl")).expect("the export");
    assert_eq!(written.lines().count(), 20, "{written}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("the scratch directory")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file is left: {leftovers:?}"
    );
}

#[test]
fn kill_9_at_20_random_points_of_export_never_leaves_a_partial_file() {
    const PAGES: usize = 1500;
    let dir = scratch("faults_export_kill");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:05}.html"), long_article(n));
    }
    let run = newsdesk_in(
        &dir,
        &["ingest", "pages", "--data", "data", "--quiet"],
        None,
        Duration::from_secs(600),
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    // The shortest of three exports, and rounds until 20 kills landed
    // mid-export: see the reindex kill test.
    let span = (0..3)
        .map(|_| {
            let timed = newsdesk(&dir, &["export", "--data", "data", "--out", "timed.jsonl"]);
            assert_eq!(timed.code(), Some(0), "{}", timed.stderr);
            timed.elapsed.as_millis() as u64
        })
        .min()
        .unwrap_or(1);
    let mut random = Random::from_env();
    let mut mid_export = 0;
    let mut round = 0;
    while mid_export < 20 && round < 60 {
        round += 1;
        put(&dir, "out.jsonl", FORMER);
        let mut child = spawn(&dir, &["export", "--data", "data", "--out", "out.jsonl"]);
        thread::sleep(Duration::from_millis(random.below((span * 3 / 4).max(1))));
        if matches!(child.try_wait(), Ok(None)) {
            mid_export += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let text = std::fs::read_to_string(dir.join("out.jsonl")).expect("out.jsonl exists");
        if text != FORMER {
            assert_eq!(text.lines().count(), PAGES, "round {round}: a whole export");
            assert!(
                text.lines()
                    .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()),
                "round {round}: every line is a record"
            );
        }
    }
    eprintln!("{mid_export} of {round} kills landed mid-export (an export took {span} ms)");
    assert!(
        mid_export >= 10,
        "too few kills landed mid-export ({mid_export}) for the test to mean anything"
    );
}

#[test]
fn an_export_onto_a_full_disk_says_so_once_and_keeps_the_former_file() {
    const PAGES: usize = 300;
    let dir = scratch("faults_export_disk_full");
    for n in 0..PAGES {
        put(&dir, &format!("pages/{n:04}.html"), long_article(n));
    }
    let run = newsdesk_in(
        &dir,
        &["ingest", "pages", "--data", "data", "--quiet"],
        None,
        Duration::from_secs(300),
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let Some(_mount) = Mount::tmpfs(&dir.join("small"), "256k") else {
        return;
    };
    put(&dir, "small/out.jsonl", FORMER);
    let full = newsdesk(
        &dir,
        &["export", "--data", "data", "--out", "small/out.jsonl"],
    );
    assert_eq!(full.code(), Some(1), "{}", full.stderr);
    assert!(full.stderr.contains("disk is full"), "{}", full.stderr);
    assert!(
        full.stderr.matches("os error 28").count() + full.stderr.matches("No space left").count()
            <= 1,
        "the cause is given once: {}",
        full.stderr
    );
    let kept = std::fs::read_to_string(dir.join("small/out.jsonl")).expect("out.jsonl");
    assert_eq!(kept, FORMER);
    let names: Vec<_> = std::fs::read_dir(dir.join("small"))
        .expect("the mount")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
}
