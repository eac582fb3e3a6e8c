//! The command line behaves the same across commands: exit codes with the
//! count of failed inputs, every failure listed in `DATA/problems.jsonl`,
//! messages whose counts agree with their nouns, a quiet end when the reader
//! of standard output goes away, and `demo` that checks its port first and
//! leaves no temporary directory behind.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{newsdesk, newsdesk_in, put, scratch};

/// A page from the sample corpus in the repository.
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/news")
        .join(name)
}

const GOOD: &str = "herald_20240919_orkney-silver-hoard.html";

fn good_page(dir: &Path) -> String {
    let bytes = std::fs::read(sample(GOOD)).expect("the sample page reads");
    put(dir, "good.html", bytes);
    "good.html".to_string()
}

#[test]
fn ingest_and_extract_both_fail_when_one_input_fails_and_say_how_many() {
    let dir = scratch("behaviour_exit_codes");
    let good = good_page(&dir);

    let extract = newsdesk(&dir, &["extract", &good, "missing.html"]);
    assert_eq!(extract.code(), Some(1), "{}", extract.stderr);
    assert!(
        extract.stderr.contains("extracted 1 page, 1 failed"),
        "{}",
        extract.stderr
    );

    let ingest = newsdesk(&dir, &["ingest", &good, "missing.html", "--data", "data"]);
    assert_eq!(ingest.code(), Some(1), "{}", ingest.stderr);
    assert!(
        ingest.stderr.contains("newsdesk: 1 of 2 inputs failed"),
        "{}",
        ingest.stderr
    );

    // All well: both exit 0.
    assert_eq!(newsdesk(&dir, &["extract", &good]).code(), Some(0));
    let again = newsdesk(&dir, &["ingest", &good, "--data", "data"]);
    assert_eq!(again.code(), Some(0), "{}", again.stderr);
}

#[test]
fn a_page_without_an_article_is_listed_in_the_problem_log() {
    let dir = scratch("behaviour_problem_log");
    put(
        &dir,
        "pages/empty.html",
        "<html><head><title>Nothing here</title></head><body><nav><a href=/>Home</a></nav></body></html>",
    );
    let run = newsdesk(&dir, &["ingest", "pages", "--data", "data"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 without an article"),
        "{}",
        run.stderr
    );
    let log = std::fs::read_to_string(dir.join("data/problems.jsonl"))
        .expect("the problem log is written");
    let entries: Vec<serde_json::Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(entries.len(), 1, "{log}");
    assert!(
        entries[0]["location"]
            .as_str()
            .is_some_and(|l| l.ends_with("empty.html")),
        "{log}"
    );
    assert!(entries[0]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

#[test]
fn one_of_a_thing_is_said_in_the_singular() {
    let dir = scratch("behaviour_plurals");
    let good = good_page(&dir);
    let run = newsdesk(&dir, &["ingest", &good, "--data", "data"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("ingested 1 page in"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 new article (0 copies of others), 0 revisions"),
        "{}",
        run.stderr
    );
    let export = newsdesk(&dir, &["export", "--data", "data"]);
    assert!(
        export.stderr.contains("exported 1 article\n"),
        "{}",
        export.stderr
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = scratch("behaviour_broken_pipe");
    let good = good_page(&dir);
    let run = newsdesk(&dir, &["ingest", &good, "--data", "data"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    for args in [
        &["article", "1", "--data", "data"][..],
        &["story", "1", "--data", "data"][..],
        &["search", "", "--data", "data", "--format", "json"][..],
        &["stats", "--data", "data", "--format", "json"][..],
        &["export", "--data", "data"][..],
    ] {
        // Standard output is a pipe whose reading end is already closed.
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("newsdesk runs");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("newsdesk ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

/// The `newsdesk-demo-*` directories under `tmp`.
fn demo_dirs(tmp: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(tmp)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("newsdesk-demo-"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn demo_on_a_busy_port_fails_before_building_and_leaves_nothing() {
    let dir = scratch("behaviour_demo_busy");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("a temporary directory");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let address = busy.local_addr().expect("its address").to_string();
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    command
        .args(["demo", "--bind", &address])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let output = command.output().expect("newsdesk runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(!stderr.contains("demo corpus in"), "built first: {stderr}");
    assert_eq!(demo_dirs(&tmp), Vec::<PathBuf>::new());
}

#[test]
fn demo_stopped_with_ctrl_c_removes_its_temporary_directory() {
    let dir = scratch("behaviour_demo_interrupt");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("a temporary directory");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["demo", "--bind", "127.0.0.1:0"])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsdesk runs");
    let stderr = child.stderr.take().expect("piped stderr");
    let (lines, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut said = Vec::new();
    while !said.iter().any(|l: &String| l.contains("press Ctrl-C")) {
        match seen.recv_timeout(Duration::from_secs(120)) {
            Ok(line) => said.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("demo did not start serving: {said:?}");
            }
        }
    }
    assert_eq!(demo_dirs(&tmp).len(), 1, "the corpus is in TMPDIR");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let signalled = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for demo") {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("demo did not stop on Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{said:?}");
    assert_eq!(demo_dirs(&tmp), Vec::<PathBuf>::new(), "{said:?}");
}

#[test]
fn exit_codes_are_documented_in_the_help() {
    let dir = scratch("behaviour_help");
    for command in ["extract", "analyze", "ingest"] {
        let run = newsdesk_in(&dir, &[command, "--help"], None, Duration::from_secs(30));
        assert_eq!(run.code(), Some(0));
        let help = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            help.contains("Exit status: 0 if") && help.contains("1 if any failed"),
            "{command}: {help}"
        );
    }
}

#[test]
fn an_article_as_a_table_shows_its_entities_and_quotes() {
    let dir = scratch("behaviour_article_table");
    let good = good_page(&dir);
    let run = newsdesk(&dir, &["ingest", &good, "--data", "data"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let table = newsdesk(
        &dir,
        &["article", "1", "--data", "data", "--format", "table"],
    );
    assert_eq!(table.code(), Some(0), "{}", table.stderr);
    assert!(table.stdout.contains("\nEntities:\n"), "{}", table.stdout);
    assert!(table.stdout.contains("\nQuotes:\n"), "{}", table.stdout);
    let stats = newsdesk(&dir, &["stats", "--data", "data"]);
    assert!(
        stats
            .stdout
            .contains("top sites        northsea-herald.example 1"),
        "{}",
        stats.stdout
    );
}
