//! The Spark job end to end (`spark/test_spark.py`): a standalone
//! Spark master and two workers on loopback run `newsdesk analyze` over the
//! shared WARC samples (streamed from a loopback HTTP server) and a generated
//! WARC of 500 pages, and the Parquet output must equal the single-machine
//! output record for record, and the near-duplicate groups those computed in
//! plain Python.
//!
//! Needs `python3` with `pyspark` and `java`; skips with a message when they
//! are missing, unless `NEWSDESK_REQUIRE_SPARK=1` (CI), when it fails. The
//! generated WARC needs `newsdesk-bench` next to the `newsdesk` binary under
//! test (`cargo test --workspace` builds it) and `../shared/datasets`; the
//! script skips the parts whose inputs are absent.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Why the test cannot run here, if it cannot.
fn missing_tools() -> Option<String> {
    let python = Command::new("python3")
        .args(["-c", "import pyspark"])
        .output();
    match python {
        Ok(out) if out.status.success() => {}
        Ok(_) => return Some("pyspark is not installed (pip install pyspark)".into()),
        Err(e) => return Some(format!("python3 cannot be run: {e}")),
    }
    match Command::new("java").arg("-version").output() {
        Ok(out) if out.status.success() => None,
        Ok(_) => Some("`java -version` failed".into()),
        Err(e) => Some(format!("java cannot be run: {e}")),
    }
}

fn required() -> bool {
    newsdesk_testkit::Need::Spark.required()
}

#[test]
fn spark_job_output_equals_the_single_machine_output() {
    if let Some(why) = missing_tools() {
        newsdesk_testkit::skip(newsdesk_testkit::Need::Spark, why);
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let newsdesk = PathBuf::from(env!("CARGO_BIN_EXE_newsdesk"));
    let bench = newsdesk.with_file_name("newsdesk-bench");
    let mut command = Command::new("python3");
    command
        .arg(repo.join("spark/test_spark.py"))
        .env("NEWSDESK_BIN", &newsdesk);
    if bench.is_file() {
        command
            .env("NEWSDESK_BENCH_BIN", &bench)
            .args(["--pages", "500"]);
    } else {
        assert!(
            !required(),
            "NEWSDESK_REQUIRE_SPARK=1 but {} is missing (cargo build -p newsdesk-bench)",
            bench.display()
        );
        eprintln!(
            "no {}: the generated WARC is left out (cargo build -p newsdesk-bench to include it)",
            bench.display()
        );
        command.args(["--pages", "0"]);
    }
    let started = Instant::now();
    let status = command.status().expect("python3 runs");
    eprintln!(
        "test_spark.py took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    assert!(status.success(), "spark/test_spark.py failed");
}
