//! Memory and scaling: the release `newsdesk` binary over a directory of pages
//! with `-j N`, timed from spawn to exit, its peak RSS and CPU time read from
//! `wait4`'s resource usage (that child alone, not the other children this
//! harness started, such as the Python anchors).
//!
//! Linux carries a process's peak RSS across `exec`: a child spawned straight
//! from this harness (which has held whole datasets in memory) would report the
//! harness's peak as its own. So the binary is started through a small helper,
//! this same executable's hidden `rusage` subcommand, whose fresh address space
//! keeps the figure honest (as `/usr/bin/time -v` does).

use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

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
    let report_path = out.with_extension("rusage.json");
    let helper = std::env::current_exe().context("finding this executable")?;
    let status = Command::new(helper)
        .arg("rusage")
        .arg("--report")
        .arg(&report_path)
        .arg("--")
        .arg(binary)
        .args(["extract", "--format", "jsonl", "-j", &jobs.to_string()])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .status()
        .context("starting the rusage helper")?;
    if !status.success() {
        let text = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        bail!(
            "the rusage helper failed ({status}): {}",
            crate::anchors::tail(&text, 5)
        );
    }
    let usage: ChildUsage = serde_json::from_str(&std::fs::read_to_string(&report_path)?)
        .with_context(|| format!("reading {}", report_path.display()))?;

    let (records, failed) = count_records(out)?;
    if records == 0 {
        let text = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        bail!(
            "{} wrote no records (exit {:?}): {}",
            binary.display(),
            usage.exit_code,
            crate::anchors::tail(&text, 5)
        );
    }
    Ok(MemoryRun {
        jobs,
        pages,
        records,
        failed,
        seconds: usage.seconds,
        pages_per_s: records as f64 / usage.seconds,
        cpu_seconds: usage.cpu_seconds,
        peak_rss_mb: usage.peak_rss_kib as f64 * 1024.0 / 1e6,
        exit_code: usage.exit_code,
    })
}

/// What the `rusage` helper reports about the command it ran.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChildUsage {
    pub seconds: f64,
    pub cpu_seconds: f64,
    pub peak_rss_kib: libc::c_long,
    pub exit_code: Option<i32>,
}

/// The hidden `rusage` subcommand: runs `command` with this process's stdio,
/// waits for it with `wait4` and writes its [`ChildUsage`] to `report`.
pub fn rusage_main(report: &Path, command: &[OsString]) -> Result<()> {
    let (program, args) = command.split_first().context("no command to run")?;
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .spawn()
        .with_context(|| format!("starting {}", program.to_string_lossy()))?;
    let (status, usage) = wait4(child.id())?;
    let seconds = start.elapsed().as_secs_f64();
    // The child is reaped; `Child`'s drop neither waits nor kills.
    drop(child);
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let usage = ChildUsage {
        seconds,
        cpu_seconds: cpu(usage.ru_utime) + cpu(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        peak_rss_kib: usage.ru_maxrss,
        exit_code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
    };
    std::fs::write(report, serde_json::to_string(&usage)?)
        .with_context(|| format!("writing {}", report.display()))?;
    Ok(())
}

/// Waits for one child and returns its wait status and resource usage.
#[allow(unsafe_code)]
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
