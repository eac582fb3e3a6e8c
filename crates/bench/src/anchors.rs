//! The Python anchors: running `../shared/bench/anchors.py` for one tool over
//! one dataset, and reading the pages/s it prints on its last line.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Serialize;

/// The anchors' virtual environment and script.
pub struct Anchors {
    pub python: PathBuf,
    pub script: PathBuf,
}

impl Anchors {
    /// Finds the venv's python and `anchors.py`; the error says what is missing.
    pub fn find(venv: &Path, bench_dir: &Path) -> Result<Anchors> {
        let python = venv.join("bin/python");
        let script = bench_dir.join("anchors.py");
        if !python.is_file() {
            bail!(
                "no anchors venv at {} (install it with `bash {}`)",
                venv.display(),
                bench_dir.join("setup.sh").display()
            );
        }
        if !script.is_file() {
            bail!("no {}", script.display());
        }
        Ok(Anchors { python, script })
    }

    /// Runs `anchors.py TOOL DATASET OUT [--limit N]` and parses its summary.
    pub fn run(
        &self,
        tool: &str,
        dataset: &Path,
        out: &Path,
        limit: Option<usize>,
    ) -> Result<AnchorRun> {
        let mut command = Command::new(&self.python);
        command.arg(&self.script).arg(tool).arg(dataset).arg(out);
        if let Some(limit) = limit {
            command.arg("--limit").arg(limit.to_string());
        }
        let output = command
            .output()
            .with_context(|| format!("running {}", self.script.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            bail!(
                "anchors.py {tool} failed ({}): {}",
                output.status,
                tail(&stderr, 5)
            );
        }
        let last = stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        parse_summary(last).with_context(|| format!("reading anchors.py's last line {last:?}"))
    }
}

/// What `anchors.py` reports for one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnchorRun {
    pub tool: String,
    pub pages: usize,
    pub failed: usize,
    /// Seconds inside the extractor, reading and decompressing excluded.
    pub seconds: f64,
    pub pages_per_s: f64,
}

/// Parses `anchors.py`'s last line:
/// `trafilatura: 181 pages, 0 failed, 6.01 s in extractor, 30.1 pages/s`.
pub fn parse_summary(line: &str) -> Result<AnchorRun> {
    let (tool, rest) = line.trim().split_once(": ").context("no `tool:` prefix")?;
    let mut run = AnchorRun {
        tool: tool.to_string(),
        pages: 0,
        failed: 0,
        seconds: 0.0,
        pages_per_s: 0.0,
    };
    let mut seen = 0;
    for part in rest.split(", ") {
        let (number, unit) = part
            .split_once(' ')
            .with_context(|| format!("no unit in {part:?}"))?;
        let bad = || format!("bad number in {part:?}");
        match unit {
            "pages" => run.pages = number.parse().with_context(bad)?,
            "failed" => run.failed = number.parse().with_context(bad)?,
            "s in extractor" => run.seconds = number.parse().with_context(bad)?,
            "pages/s" => run.pages_per_s = number.parse().with_context(bad)?,
            _ => bail!("unknown field {part:?}"),
        }
        seen += 1;
    }
    if seen != 4 {
        bail!("expected 4 fields, found {seen}");
    }
    Ok(run)
}

/// The last `n` non-empty lines of a program's output, for error messages.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_summary_line() {
        let run =
            parse_summary("trafilatura: 181 pages, 2 failed, 6.01 s in extractor, 30.1 pages/s")
                .unwrap();
        assert_eq!(
            run,
            AnchorRun {
                tool: "trafilatura".into(),
                pages: 181,
                failed: 2,
                seconds: 6.01,
                pages_per_s: 30.1
            }
        );
    }

    #[test]
    fn parses_a_run_with_no_time() {
        let run = parse_summary("resiliparse: 0 pages, 0 failed, 0.00 s in extractor, 0 pages/s\n")
            .unwrap();
        assert_eq!(run.pages, 0);
        assert_eq!(run.pages_per_s, 0.0);
    }

    #[test]
    fn rejects_other_lines() {
        assert!(parse_summary("").is_err());
        assert!(parse_summary("Traceback (most recent call last):").is_err());
        assert!(parse_summary("readability: 181 pages, 6.01 s in extractor").is_err());
        assert!(
            parse_summary("readability: many pages, 0 failed, 1 s in extractor, 3 pages/s")
                .is_err()
        );
    }
}
