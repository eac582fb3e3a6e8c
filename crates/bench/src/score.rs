//! Scoring predictions with `../shared/bench/score.py DATASET PRED.jsonl --json`,
//! and the typed shape of the one JSON line it prints.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::anchors::tail;
use crate::datasets::Dataset;

/// `score.py`'s result; its `dataset` field says which variant it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dataset", rename_all = "lowercase")]
pub enum Score {
    Zyte(ZyteScore),
    Wcxb(WcxbScore),
    Readability(ReadabilityScore),
}

/// Zyte: body precision/recall/F1 over 4-gram shingles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZyteScore {
    pub pages: usize,
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// WCXB: word-bag body scores and metadata accuracies (None: nothing to check).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WcxbScore {
    pub pages: usize,
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of the "must contain" snippets found in the body.
    pub with: f64,
    /// Share of the "must not contain" snippets found in the body (lower is better).
    pub without: f64,
    pub title_accuracy: Option<f64>,
    pub date_accuracy: Option<f64>,
    pub author_accuracy: Option<f64>,
}

/// Readability test pages: metadata accuracies only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadabilityScore {
    pub pages: usize,
    pub predicted: usize,
    pub title_accuracy: Option<f64>,
    pub byline_accuracy: Option<f64>,
    #[serde(rename = "publishedTime_accuracy")]
    pub published_accuracy: Option<f64>,
    pub lang_accuracy: Option<f64>,
}

/// Runs `python3 score.py` on a predictions file.
pub fn score(script: &Path, dataset: &Dataset, predictions: &Path) -> Result<Score> {
    let output = Command::new("python3")
        .arg(script)
        .arg(&dataset.dir)
        .arg(predictions)
        .args(dataset.kind.score_args())
        .arg("--json")
        .output()
        .with_context(|| format!("running python3 {}", script.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!("score.py failed ({}): {}", output.status, tail(&stderr, 5));
    }
    parse(&String::from_utf8_lossy(&output.stdout))
}

/// Parses the last non-empty line of `score.py --json`'s output.
pub fn parse(stdout: &str) -> Result<Score> {
    let line = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .context("score.py printed nothing")?;
    serde_json::from_str(line).with_context(|| format!("reading score.py's JSON {line:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_zyte() {
        let s = parse(r#"{"pages": 181, "predicted": 181, "precision": 0.9, "recall": 0.8, "f1": 0.847, "dataset": "zyte"}"#)
            .unwrap();
        assert_eq!(
            s,
            Score::Zyte(ZyteScore {
                pages: 181,
                predicted: 181,
                precision: 0.9,
                recall: 0.8,
                f1: 0.847
            })
        );
    }

    #[test]
    fn parses_wcxb_with_missing_accuracies() {
        let line = r#"{"pages": 711, "predicted": 700, "precision": 0.9, "recall": 0.95, "f1": 0.92, "with": 0.97, "without": 0.1, "title_accuracy": 0.8, "date_accuracy": null, "author_accuracy": 0.5, "dataset": "wcxb"}"#;
        let Score::Wcxb(s) = parse(&format!("some warning\n{line}\n\n")).unwrap() else {
            panic!("not wcxb")
        };
        assert_eq!(s.pages, 711);
        assert_eq!(s.date_accuracy, None);
        assert_eq!(s.author_accuracy, Some(0.5));
    }

    #[test]
    fn parses_readability() {
        let line = r#"{"pages": 130, "predicted": 130, "title_accuracy": 0.9, "byline_accuracy": 0.5, "publishedTime_accuracy": 0.3, "lang_accuracy": 1.0, "dataset": "readability"}"#;
        let Score::Readability(s) = parse(line).unwrap() else {
            panic!("not readability")
        };
        assert_eq!(s.published_accuracy, Some(0.3));
        assert_eq!(s.lang_accuracy, Some(1.0));
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse("").is_err());
        assert!(parse("f1: 0.9").is_err());
        assert!(parse(r#"{"dataset": "other"}"#).is_err());
    }
}
