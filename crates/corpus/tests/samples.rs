//! The sample corpus that ships with newsdesk (`samples/news`, invented pages
//! with a manifest of which pages are copies of one text and which cover one
//! story) ingested end to end: duplicate groups and stories are compared
//! pair by pair with the manifest.

use std::collections::HashMap;
use std::path::PathBuf;

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};

struct Expected {
    story: String,
    dup_group: String,
    note: String,
}

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/news")
}

fn manifest() -> HashMap<String, Expected> {
    let text = std::fs::read_to_string(samples().join("manifest.tsv")).expect("the manifest");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f.len() >= 7).then(|| {
                (
                    f[0].to_string(),
                    Expected {
                        story: f[4].to_string(),
                        dup_group: f[5].to_string(),
                        note: f[6].to_string(),
                    },
                )
            })
        })
        .collect()
}

/// Precision and recall of "these two are together" against the truth.
fn pair_scores(
    files: &[String],
    truth: impl Fn(&str, &str) -> bool,
    found: impl Fn(&str, &str) -> bool,
) -> (f64, f64, Vec<String>) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut misses = Vec::new();
    for (i, a) in files.iter().enumerate() {
        for b in &files[i + 1..] {
            match (truth(a, b), found(a, b)) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    misses.push(format!("wrongly together: {a} {b}"));
                }
                (true, false) => {
                    fn_ += 1;
                    misses.push(format!("wrongly apart: {a} {b}"));
                }
                (false, false) => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    (precision, recall, misses)
}

#[test]
fn the_sample_corpus_links_copies_revisions_translations_and_stories() {
    let manifest = manifest();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("open");
    let mut files: Vec<String> = manifest.keys().cloned().collect();
    files.sort();
    let captures = files.iter().map(|f| {
        Ok(Capture {
            source: "samples".into(),
            location: f.clone(),
            body: std::fs::read(samples().join(f)).expect("a sample page"),
            ..Capture::default()
        })
    });
    let report = ingest(
        &mut corpus,
        captures,
        &IngestOptions {
            jobs: 2,
            batch: 7,
            ..IngestOptions::default()
        },
        &mut |_| {},
    )
    .expect("ingest");
    assert_eq!(report.failed + report.problems, 0, "{report:?}");
    assert_eq!(
        report.revisions, 1,
        "the two versions of one URL are one article: {report:?}"
    );

    // Where each file ended up (the latest revision of its article).
    let mut placed: HashMap<String, (i64, i64, i64)> = HashMap::new();
    let mut after = 0;
    loop {
        let batch = corpus.store().latest_after(after, 100).unwrap();
        let Some(last) = batch.last() else { break };
        after = last.id;
        for a in batch {
            placed.insert(a.article.source.clone(), (a.id, a.dup_group, a.story_id));
        }
    }
    // A revision's older file is represented by its article's latest revision.
    let revision_files: Vec<&String> = files
        .iter()
        .filter(|f| manifest[*f].note.contains("revision"))
        .collect();
    assert_eq!(revision_files.len(), 2);
    let latest_of_revisions: Vec<_> = revision_files
        .iter()
        .filter_map(|f| placed.get(*f))
        .collect();
    assert_eq!(
        latest_of_revisions.len(),
        1,
        "one of the two versions is the latest"
    );
    assert!(
        placed.keys().any(|f| f.ends_with("_v2.html")),
        "the later version (it has the later modified date) is the searchable one"
    );
    let compared: Vec<String> = files
        .iter()
        .filter(|f| placed.contains_key(*f))
        .cloned()
        .collect();

    let (p, r, misses) = pair_scores(
        &compared,
        |a, b| manifest[a].dup_group != "-" && manifest[a].dup_group == manifest[b].dup_group,
        |a, b| placed[a].1 == placed[b].1,
    );
    assert!(
        (p, r) == (1.0, 1.0),
        "duplicates P {p:.2} R {r:.2}: {misses:#?}"
    );

    // Copies of one text are one story too, whatever the manifest's story column says.
    let same_story = |a: &str, b: &str| {
        let (x, y) = (&manifest[a], &manifest[b]);
        (x.story != "-" && x.story == y.story) || (x.dup_group != "-" && x.dup_group == y.dup_group)
    };
    let (p, r, misses) = pair_scores(&compared, same_story, |a, b| placed[a].2 == placed[b].2);
    println!(
        "stories: precision {p:.3} recall {r:.3}\n{}",
        misses.join("\n")
    );
    assert!(
        p >= 0.95 && r >= 0.85,
        "stories P {p:.2} R {r:.2}: {misses:#?}"
    );

    // The translation is in its original's story.
    let translation = files
        .iter()
        .find(|f| manifest[*f].story != "-" && manifest[*f].note.contains("translation"))
        .expect("a translation");
    let original = files
        .iter()
        .find(|f| manifest[*f].story == manifest[translation].story && f.starts_with("novosti"))
        .expect("its original");
    assert_eq!(placed[translation].2, placed[original].2);
    // ... and marked as its translated copy, which the original lists.
    let copy = corpus
        .store()
        .article(placed[translation].0)
        .unwrap()
        .unwrap();
    assert_eq!(
        copy.translation_of.as_ref().map(|t| t.id),
        Some(placed[original].0),
        "{translation} is a translation of {original}"
    );
    let shown = corpus.store().article(placed[original].0).unwrap().unwrap();
    assert!(shown
        .translations
        .iter()
        .any(|t| t.id == placed[translation].0));
    // A report drawing on the original in the translation's language, and a
    // republished translation whose original is not in the set, are no translations.
    for (file, (id, _, _)) in &placed {
        let note = &manifest[file].note;
        if note.contains("market report") || note.contains("original is not in the set") {
            let a = corpus.store().article(*id).unwrap().unwrap();
            assert_eq!(
                a.translation_of, None,
                "{file} is no translation in this set"
            );
        }
    }
}
