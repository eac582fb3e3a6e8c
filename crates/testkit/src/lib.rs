//! Test support shared by the workspace's test binaries.
//!
//! Some tests need what a fresh clone does not have: the shared evaluation
//! data beside the repository (`../shared`), Chromium, PostgreSQL with
//! nats-server, Spark, or root (to mount a small file system). Without it
//! they *skip*, and a skip must not look like a pass: [`skip`] writes one
//! line per skipped test straight to standard error (past the test
//! harness's output capture, so it shows in an ordinary `cargo test` run),
//! naming the test binary, the test, what is missing and the switch that
//! would make it a failure. Each [`Need`] has such a switch
//! (`NEWSDESK_REQUIRE_DATASETS=1`, …); CI (`.ci/run`) sets them, so there a
//! missing prerequisite fails the run instead of passing quietly.
//!
//! The shared data is `../shared` beside the workspace, or wherever
//! `NEWSDESK_SHARED` points ([`shared`]).

pub mod code_words;

use std::fmt::Display;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Something from outside the repository that some tests need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The shared evaluation data (`../shared`: datasets, the seed text).
    Datasets,
    /// Chromium and chromedriver.
    Browser,
    /// PostgreSQL server binaries and nats-server.
    Cluster,
    /// python3 with pyspark, and Java.
    Spark,
    /// Root, to mount the small file systems the fault tests fill up.
    Root,
}

impl Need {
    /// The environment variable that, set to `1`, turns a skip into a failure.
    pub fn switch(self) -> &'static str {
        match self {
            Need::Datasets => "NEWSDESK_REQUIRE_DATASETS",
            Need::Browser => "NEWSDESK_REQUIRE_BROWSER",
            Need::Cluster => "NEWSDESK_REQUIRE_CLUSTER",
            Need::Spark => "NEWSDESK_REQUIRE_SPARK",
            Need::Root => "NEWSDESK_REQUIRE_ROOT",
        }
    }

    /// Whether this run must not skip for want of it.
    pub fn required(self) -> bool {
        std::env::var(self.switch()).is_ok_and(|v| v == "1")
    }
}

/// Skips the calling test, visibly: panics (fails the test) when `need` is
/// required, else writes the skip line and returns, and the test should then
/// return at once.
pub fn skip(need: Need, why: impl Display) {
    let line = skip_line(&binary_name(), &test_name(), need, &why.to_string());
    if need.required() {
        panic!("{}=1 but {why}", need.switch());
    }
    // Straight to the stream: the harness captures only `eprint!` and `print!`.
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
}

/// The text of one skip line.
fn skip_line(binary: &str, test: &str, need: Need, why: &str) -> String {
    format!(
        "SKIPPED {binary}::{test}: {why} (set {}=1 to make this a failure)",
        need.switch()
    )
}

/// The running test's name: the harness names each test's thread after it.
fn test_name() -> String {
    std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("(this test)")
        .to_string()
}

/// The test binary's name without Cargo's hash suffix (`datasets-1a2b…` → `datasets`).
fn binary_name() -> String {
    let exe = std::env::current_exe().ok();
    let stem = exe
        .as_deref()
        .and_then(Path::file_stem)
        .and_then(|s| s.to_str())
        .unwrap_or("tests");
    strip_hash(stem).to_string()
}

fn strip_hash(stem: &str) -> &str {
    match stem.rsplit_once('-') {
        Some((name, hash)) if hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            name
        }
        _ => stem,
    }
}

/// The shared data directory: `$NEWSDESK_SHARED` (a relative path is taken
/// from the workspace's root, as `.ci/run` takes it), else `../shared`
/// beside the workspace.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("NEWSDESK_SHARED") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("../shared"),
    }
}

/// The workspace's root directory (where the top `Cargo.toml` is).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `relative` inside the shared data, when it exists; otherwise the test is
/// skipped (see [`skip`]) and `None` comes back.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        Some(path)
    } else {
        skip(
            Need::Datasets,
            format!("{} is absent (the shared evaluation data)", path.display()),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_suffixes_are_stripped_from_binary_names() {
        assert_eq!(strip_hash("datasets-0123456789abcdef"), "datasets");
        assert_eq!(strip_hash("warc_samples-89abcdef01234567"), "warc_samples");
        assert_eq!(strip_hash("newsdesk-testkit"), "newsdesk-testkit");
        assert_eq!(strip_hash("plain"), "plain");
    }

    #[test]
    fn a_skip_line_names_binary_test_reason_and_switch() {
        let line = skip_line("seed", "acceptance", Need::Datasets, "the seed is absent");
        assert_eq!(
            line,
            "SKIPPED seed::acceptance: the seed is absent (set NEWSDESK_REQUIRE_DATASETS=1 to make this a failure)"
        );
    }

    #[test]
    fn each_need_has_its_own_switch() {
        let switches = [
            Need::Datasets,
            Need::Browser,
            Need::Cluster,
            Need::Spark,
            Need::Root,
        ]
        .map(Need::switch);
        for (i, a) in switches.iter().enumerate() {
            assert!(a.starts_with("NEWSDESK_REQUIRE_"));
            assert!(switches[i + 1..].iter().all(|b| a != b));
        }
    }
}
