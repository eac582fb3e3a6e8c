//! Helpers for the end-to-end tests: run the built `newsdesk` binary with a
//! time limit (a hang fails the test instead of stalling the suite), watch its
//! peak memory, and lay out page fixtures in a scratch directory.

#![allow(dead_code)]

pub mod http;
pub mod served;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What one run of the binary did.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// The highest resident memory seen while it ran (Linux only; 0 elsewhere).
    pub peak_rss_kib: u64,
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// The stdout as JSON Lines.
    pub fn records(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
            })
            .collect()
    }

    /// The stdout as one JSON value.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// Runs `newsdesk` with `args` in `dir`, `stdin` fed in, failing the test
/// after `limit`.
pub fn newsdesk_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the newsdesk binary runs");
    let feeder = child.stdin.take().map(|mut pipe| {
        let data = stdin.unwrap_or_default().to_vec();
        thread::spawn(move || {
            let _ = pipe.write_all(&data);
        })
    });
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let mut peak_rss_kib = 0;
    let status = loop {
        peak_rss_kib = peak_rss_kib.max(peak_rss(child.id()));
        if let Some(status) = child.try_wait().expect("waiting for newsdesk") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("newsdesk {args:?} did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    Run {
        status,
        stdout,
        stderr,
        elapsed: started.elapsed(),
        peak_rss_kib,
    }
}

/// Runs `newsdesk` with `args` in `dir`, no stdin, with a one-minute limit.
pub fn newsdesk(dir: &Path, args: &[&str]) -> Run {
    newsdesk_in(dir, args, None, Duration::from_secs(60))
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The process's resident-memory high-water mark, in KiB (0 if unknown).
fn peak_rss(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("newsdesk-e2e")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("creating a scratch directory");
    dir
}

/// Writes `bytes` to `dir/relative`, creating folders on the way.
pub fn put(dir: &Path, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("creating fixture folders");
    }
    fs::write(&path, bytes).expect("writing a fixture");
    path
}

/// Gzips `bytes`.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

/// A small news page with a title, a heading and a paragraph built from `words`.
pub fn page(title: &str, words: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\
         <p>{words} The council met on Monday to discuss the budget for the coming year, \
         and members agreed to publish the full figures next week.</p>\
         <p>Residents who attended said they welcomed the decision and hoped for more \
         meetings of this kind in the future.</p></article></body></html>"
    )
}

/// The `source` fields of some records, in order.
pub fn sources(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["source"].as_str().unwrap_or("<none>").to_string())
        .collect()
}
