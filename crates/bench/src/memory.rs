//! Memory and scaling: the release `newsdesk` binary over a directory of pages
//! with `-j N`, timed from spawn to exit, its peak RSS and CPU time read from
//! `wait4`'s resource usage (that child alone, not the other children this
//! harness started, such as the Python anchors).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::Serialize;

/// One run of `newsdesk extract --format jsonl -j N DIR`.
#[derive(Debug, Clone, Serialize)]
pub struct MemoryRun {
    pub jobs: usize,
    /// Input pages (files in the directory).
    pub pages: usize,
    /// JSON lines the binary wrote.
    pub records: usize,
    /// Records with an `error` field.
    pub failed: usize,
    pub seconds: f64,
    pub pages_per_s: f64,
    /// User + system CPU seconds.
    pub cpu_seconds: f64,
    pub peak_rss_mb: f64,
    pub exit_code: Option<i32>,
}

/// Runs the binary once, writing its JSON lines to `out` and stderr to `out.stderr`.
pub fn run(binary: &Path, dir: &Path, pages: usize, jobs: usize, out: &Path) -> Result<MemoryRun> {
    let stdout = File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let stderr_path = out.with_extension("stderr");
    let stderr = File::create(&stderr_path)?;
    let start = Instant::now();
    let child = Command::new(binary)
        .args(["extract", "--format", "jsonl", "-j", &jobs.to_string()])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let (status, usage) = wait4(child.id())?;
    let seconds = start.elapsed().as_secs_f64();
    // The child is reaped; `Child`'s drop neither waits nor kills.
    drop(child);

    let (records, failed) = count_records(out)?;
    let exit_code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    if records == 0 {
        let text = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        bail!(
            "{} wrote no records (exit {exit_code:?}): {}",
            binary.display(),
            crate::anchors::tail(&text, 5)
        );
    }
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(MemoryRun {
        jobs,
        pages,
        records,
        failed,
        seconds,
        pages_per_s: records as f64 / seconds,
        cpu_seconds: cpu(usage.ru_utime) + cpu(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        peak_rss_mb: usage.ru_maxrss as f64 * 1024.0 / 1e6,
        exit_code,
    })
}

/// Waits for one child and returns its wait status and resource usage.
fn wait4(pid: u32) -> Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: rusage is plain old data; all-zero is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to locals; `pid` is our own unreaped child.
        let got = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
        if got == pid as libc::pid_t {
            return Ok((status, usage));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error).context("wait4");
        }
    }
}

/// Counts the JSON lines in `path` and those that carry an `error`.
fn count_records(path: &Path) -> Result<(usize, usize)> {
    let (mut records, mut failed) = (0, 0);
    for line in BufReader::new(File::open(path)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        records += 1;
        let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        failed += usize::from(value.get("error").is_some());
    }
    Ok((records, failed))
}
