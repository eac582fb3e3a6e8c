//! `newsdesk-bench translation-pairs`: the features of every pair of pages
//! that the linker would compare as possible translations, as JSON Lines,
//! for `scripts/train-translation-model.py` to learn the model from.
//!
//! Each page of a folder is prepared as ingest prepares it; two pages are a
//! pair when their languages differ, they are dated within the story window
//! of each other, and they share at least two of what a translation keeps
//! (numbers, and names as entities or capitalised words: the story keys'
//! [`copy_evidence`]), which is how the linker picks its candidates. Each
//! line: `{"a", "b", "hours", "features"}` with `a` and `b` file names and
//! the features in [`newsdesk_corpus::translation::FEATURES`] order.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use newsdesk_corpus::prepare::{prepare, Capture, Document};
use newsdesk_corpus::signals::{copy_evidence, copy_kind, CopyKind};
use newsdesk_corpus::translation::{features, FEATURES};
use newsdesk_corpus::LinkSettings;

#[derive(Debug, clap::Args)]
pub struct PairsArgs {
    /// A folder of pages (e.g. ../shared/datasets/translations-dev/pages).
    #[arg(value_name = "DIR")]
    pages: PathBuf,
    /// Pairs sharing less than this (see `copy_evidence`) are not written.
    #[arg(long, default_value = "2")]
    min_keys: u32,
}

pub fn run(args: PairsArgs) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.pages)
        .with_context(|| format!("reading {}", args.pages.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut docs: Vec<(String, Box<Document>)> = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let body = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let prepared = prepare(Capture {
            source: args.pages.display().to_string(),
            location: name.clone(),
            body,
            ..Capture::default()
        });
        match prepared.outcome {
            Ok(doc) => docs.push((name, doc)),
            Err(reason) => eprintln!("{name}: {reason}"),
        }
    }
    let window_hours = LinkSettings::default().story_window_days as f64 * 24.0;
    let keys: Vec<BTreeSet<&str>> = docs
        .iter()
        .map(|(_, d)| {
            d.story_keys
                .iter()
                .map(String::as_str)
                .filter(|k| copy_kind(k).is_some())
                .collect()
        })
        .collect();
    let shared = |a: &BTreeSet<&str>, b: &BTreeSet<&str>| {
        let (mut names, mut words, mut numbers) = (0, 0, 0);
        for key in a.intersection(b) {
            match copy_kind(key) {
                Some(CopyKind::Name) => names += 1,
                Some(CopyKind::Word) => words += 1,
                Some(CopyKind::Number) => numbers += 1,
                None => {}
            }
        }
        copy_evidence(names, words, numbers)
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, (a_name, a)) in docs.iter().enumerate() {
        for (j, (b_name, b)) in docs.iter().enumerate().skip(i + 1) {
            let (Some(pa), Some(pb)) = (&a.copy_print, &b.copy_print) else {
                continue;
            };
            if pa.language == pb.language || shared(&keys[i], &keys[j]) < args.min_keys {
                continue;
            }
            let hours = hours(a.date.as_deref(), b.date.as_deref());
            if hours.abs() > window_hours {
                continue;
            }
            let f = features(pa, pb, hours);
            let line = serde_json::json!({
                "a": a_name, "b": b_name, "hours": hours,
                "features": f, "names": FEATURES,
            });
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn hours(a: Option<&str>, b: Option<&str>) -> f64 {
    let parse = |d: Option<&str>| d.and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok());
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => (b - a).num_minutes() as f64 / 60.0,
        _ => 0.0,
    }
}
