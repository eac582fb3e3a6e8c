//! End-to-end: `newsdesk analyze` takes what `extract` takes and prints the
//! same record plus `sentences`, `tokens`, `entities`, `quotes`,
//! `keyphrases` and `events`; batches, formats, failures and exit codes as
//! `extract` has them.

mod common;

use common::{newsdesk, newsdesk_in, page, put, scratch, sources};
use std::time::Duration;

const STORY: &str = "President of Belarus Alexander Lukashenko met CSTO Secretary General Imangali Tasmaganbetov in Minsk.\n\n\
The Head of State noted:\n\n\
– We are going through a difficult period in the post-Soviet space, and we are ready for it.\n\n\
\"The summit will be held at a solid level,\" Tasmaganbetov told reporters.";

const ANALYSIS_FIELDS: [&str; 6] = [
    "sentences",
    "tokens",
    "entities",
    "quotes",
    "keyphrases",
    "events",
];

fn entity<'a>(record: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    record["entities"]
        .as_array()
        .and_then(|list| list.iter().find(|e| e["name"] == name))
        .unwrap_or_else(|| panic!("no entity {name} in {}", record["entities"]))
}

#[test]
fn one_text_file_gives_the_extract_record_plus_the_analysis() {
    let dir = scratch("analyze_one");
    put(
        &dir,
        "story.txt",
        format!("Lukashenko meets the CSTO chief\n\n{STORY}\n"),
    );
    let extract = newsdesk(&dir, &["extract", "story.txt"]);
    let analyze = newsdesk(&dir, &["analyze", "story.txt"]);
    assert_eq!(analyze.code(), Some(0), "stderr: {}", analyze.stderr);
    let (extracted, record) = (extract.json(), analyze.json());
    for (field, value) in extracted.as_object().expect("an object") {
        if field != "language" {
            assert_eq!(
                &record[field], value,
                "field {field} differs from extract's"
            );
        }
    }
    for field in ANALYSIS_FIELDS {
        assert!(record.get(field).is_some(), "no {field}");
    }
    assert_eq!(record["language"], "en");
    let lukashenko = entity(&record, "Alexander Lukashenko");
    assert_eq!(lukashenko["kind"], "person");
    assert_eq!(lukashenko["roles"][0], "President of Belarus");
    assert_eq!(entity(&record, "Minsk")["country"], "Belarus");
    let quotes = record["quotes"].as_array().expect("quotes");
    let speakers: Vec<&str> = quotes
        .iter()
        .filter_map(|q| q["speaker"].as_str())
        .collect();
    assert_eq!(
        speakers,
        vec!["Alexander Lukashenko", "Imangali Tasmaganbetov"],
        "{quotes:?}"
    );
}

#[test]
fn offsets_are_char_offsets_into_text() {
    let dir = scratch("analyze_offsets");
    put(
        &dir,
        "ru.txt",
        "Встреча в Минске\n\nПрезидент Беларуси Александр Лукашенко встретился в Минске с генсеком ОДКБ. \
         Стороны обсудили подготовку к саммиту организации, который пройдет в белорусской столице осенью.\n",
    );
    let run = newsdesk(&dir, &["analyze", "ru.txt"]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let record = run.json();
    let text: Vec<char> = record["text"].as_str().expect("text").chars().collect();
    let title: Vec<char> = record["title"].as_str().expect("title").chars().collect();
    let (mut checked, mut in_title) = (0, 0);
    for entity in record["entities"].as_array().expect("entities") {
        for m in entity["mentions"].as_array().expect("mentions") {
            let (start, end) = (
                m["start"].as_u64().unwrap_or(0) as usize,
                m["end"].as_u64().unwrap_or(0) as usize,
            );
            // A mention in the headline counts in the title's chars.
            let source = if m["in_title"] == true {
                in_title += 1;
                &title
            } else {
                &text
            };
            let slice: String = source[start..end].iter().collect();
            assert_eq!(slice, m["text"].as_str().unwrap_or_default());
            checked += 1;
        }
    }
    assert!(checked >= 3);
    assert_eq!(in_title, 1, "«Минске» of the title is a mention in it");
    assert_eq!(record["language"], "ru");
}

#[test]
fn a_directory_is_a_batch_of_jsonl_in_order_with_failures_reported() {
    let dir = scratch("analyze_batch");
    put(
        &dir,
        "in/a.html",
        page(
            "Talks in Minsk",
            "Prime Minister Keir Starmer met Emmanuel Macron in Paris.",
        ),
    );
    put(&dir, "in/b.txt", format!("Second\n\n{STORY}\n"));
    put(&dir, "in/c.html", "");
    let run = newsdesk(&dir, &["analyze", "in"]);
    assert_eq!(
        run.code(),
        Some(1),
        "an empty page fails the batch: {}",
        run.stderr
    );
    let records = run.records();
    assert_eq!(
        sources(&records),
        vec!["in/a.html", "in/b.txt", "in/c.html"]
    );
    assert!(records[0]["entities"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    assert!(records[2]["error"].is_string());
    assert!(
        run.stderr.contains("analyzed 2 pages, 1 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn stdin_and_text_format() {
    let dir = scratch("analyze_stdin");
    let run = newsdesk_in(
        &dir,
        &["analyze", "--format", "text", "-"],
        Some(STORY.as_bytes()),
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert!(run.stdout.contains("Entities:"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Alexander Lukashenko (person"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Quotes:"), "{}", run.stdout);
}

#[test]
fn usage_errors_exit_with_two() {
    let dir = scratch("analyze_usage");
    put(&dir, "a.txt", "Some text here.");
    put(&dir, "b.txt", "More text here.");
    let run = newsdesk(
        &dir,
        &["analyze", "--url", "https://ex.com/", "a.txt", "b.txt"],
    );
    assert_eq!(run.code(), Some(2), "stderr: {}", run.stderr);
}
