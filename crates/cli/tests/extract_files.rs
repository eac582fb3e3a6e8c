//! End-to-end: `newsdesk extract` on files, directories and stdin, in every
//! output format, with error entries and exit codes for inputs that fail.

mod common;

use std::time::Duration;

use common::{gzip, newsdesk, newsdesk_in, page, put, scratch, sources};

const FIELDS: [&str; 19] = [
    "source",
    "url",
    "canonical_url",
    "title",
    "authors",
    "published",
    "modified",
    "language",
    "site_name",
    "description",
    "image",
    "tags",
    "text",
    "blocks",
    "source_language",
    "next",
    "related",
    "warnings",
    "error",
];

#[test]
fn one_page_file_gives_one_json_object_with_all_fields() {
    let dir = scratch("one_page");
    put(
        &dir,
        "story.html",
        page("Budget agreed", "Zebras crossed the square."),
    );
    let run = newsdesk(
        &dir,
        &[
            "extract",
            "--url",
            "https://news.example/2024/05/01/budget",
            "story.html",
        ],
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert!(
        run.stdout.starts_with("{\n"),
        "pretty JSON expected: {}",
        run.stdout
    );
    let article = run.json();
    for field in &FIELDS[..18] {
        assert!(
            article.get(field).is_some(),
            "missing field {field}: {article}"
        );
    }
    assert!(article.get("error").is_none());
    assert_eq!(article["source"], "story.html");
    assert_eq!(article["url"], "https://news.example/2024/05/01/budget");
    // relies on the extractor
    assert!(
        article["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Zebras crossed the square."),
        "{article}"
    );
}

#[test]
fn a_directory_gives_json_lines_in_sorted_order_with_paths_inside_it() {
    let dir = scratch("directory");
    put(&dir, "pages/b.html", page("B", "Bravo words."));
    put(
        &dir,
        "pages/sub/page.html.gz",
        gzip(page("Gz", "Gzipped words.").as_bytes()),
    );
    put(&dir, "pages/sub/a.htm", page("A", "Alpha words."));
    put(
        &dir,
        "pages/z.txt",
        "Scraped title\n\nA scraped paragraph of plain text about the harbour.\n",
    );
    put(&dir, "pages/.hidden.html", page("Hidden", "Never read."));
    put(
        &dir,
        "pages/.git/config.html",
        page("Hidden dir", "Never read."),
    );
    put(&dir, "pages/notes.json", "{}");
    put(&dir, "pages/image.png", [0x89, b'P', b'N', b'G']);
    let run = newsdesk(&dir, &["extract", "pages"]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let records = run.records();
    assert_eq!(
        sources(&records),
        [
            "pages/b.html",
            "pages/sub/a.htm",
            "pages/sub/page.html.gz",
            "pages/z.txt"
        ]
    );
    assert!(
        run.stderr.contains("extracted 4 pages, 0 failed"),
        "summary: {}",
        run.stderr
    );
    // relies on the extractor
    assert!(
        records[2]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Gzipped words."),
        "{}",
        records[2]
    );
    assert!(
        records[3]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("harbour"),
        "{}",
        records[3]
    );
}

#[test]
fn many_inputs_keep_their_order_with_many_workers() {
    let dir = scratch("order");
    let mut args = vec!["extract".to_string(), "-j".into(), "4".into()];
    for i in 0..60 {
        // Uneven sizes, so that workers finish out of order.
        let filler = "More words to read. ".repeat((i * 37) % 500);
        put(
            &dir,
            &format!("p{i}.html"),
            page(&format!("Page {i}"), &filler),
        );
        args.push(format!("p{i}.html"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = newsdesk(&dir, &args);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let expected: Vec<String> = (0..60).map(|i| format!("p{i}.html")).collect();
    assert_eq!(sources(&run.records()), expected);
}

#[test]
fn stdin_is_read_for_dash_and_for_no_input() {
    let dir = scratch("stdin");
    let html = page("From stdin", "Piped words arrive.");
    for args in [&["extract", "-"][..], &["extract"][..]] {
        let run = newsdesk_in(&dir, args, Some(html.as_bytes()), Duration::from_secs(60));
        assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
        let article = run.json();
        assert_eq!(article["source"], "-");
        // relies on the extractor
        assert!(article["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Piped words arrive."));
    }
}

#[test]
fn gzipped_stdin_is_unpacked() {
    let dir = scratch("stdin_gz");
    let packed = gzip(page("Packed", "Compressed words arrive.").as_bytes());
    let run = newsdesk_in(
        &dir,
        &["extract", "-"],
        Some(&packed),
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    // relies on the extractor
    assert!(run.json()["text"]
        .as_str()
        .unwrap_or_default()
        .contains("Compressed words arrive."));
}

#[cfg(unix)]
#[test]
fn a_named_device_is_read_with_bounds() {
    let run = newsdesk(&scratch("device"), &["extract", "/dev/zero"]);
    assert_eq!(run.code(), Some(1), "stdout: {}", run.stdout);
    assert!(run.stderr.contains("binary"), "stderr: {}", run.stderr);
}

#[test]
fn text_format_is_title_blank_line_text() {
    let dir = scratch("text_format");
    put(
        &dir,
        "a.html",
        page("Harbour reopens", "Boats returned to the harbour."),
    );
    let run = newsdesk(&dir, &["extract", "--format", "text", "a.html"]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert!(
        !run.stdout.trim_start().starts_with('{'),
        "not JSON: {}",
        run.stdout
    );
    // relies on the extractor
    assert!(
        run.stdout.contains("Boats returned to the harbour."),
        "{}",
        run.stdout
    );
}

#[test]
fn explain_lists_each_dropped_line_with_its_rule() {
    let dir = scratch("explain");
    put(
        &dir,
        "story.txt",
        "Harbour reopens after the storm\n\n\
         Boats returned to the harbour on Monday, a week after the storm closed it, \
         and the first ferry left on time.\n\n\
         Subscribe to our channel\n\n\
         Tags: harbour, weather\n",
    );
    let run = newsdesk(&dir, &["extract", "--explain", "story.txt"]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let article = run.json();
    let dropped = article["dropped"].as_array().cloned().unwrap_or_default();
    let rules: Vec<(&str, &str)> = dropped
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default(),
                d["text"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("boilerplate:promo", "Subscribe to our channel"),
            ("boilerplate:tags", "Tags: harbour, weather"),
        ],
        "{article}"
    );

    let text = newsdesk(
        &dir,
        &["extract", "--explain", "--format", "text", "story.txt"],
    );
    assert_eq!(text.code(), Some(0), "stderr: {}", text.stderr);
    assert!(
        text.stdout
            .ends_with("[boilerplate:promo] Subscribe to our channel\n[boilerplate:tags] Tags: harbour, weather\n"),
        "{}",
        text.stdout
    );

    let plain = newsdesk(&dir, &["extract", "story.txt"]);
    assert!(plain.json().get("dropped").is_none(), "{}", plain.stdout);
}

#[test]
fn markdown_format_renders_blocks() {
    let dir = scratch("markdown_format");
    let html = "<html><head><title>Vote count</title></head><body><article>\
        <p>The count went on through the night, officials in the town hall said today.</p>\
        <h2>What comes next</h2>\
        <p>A second round of counting is planned for Friday, with observers from all parties present.</p>\
        </article></body></html>";
    put(&dir, "a.html", html);
    let run = newsdesk(
        &dir,
        &[
            "extract",
            "--format",
            "markdown",
            "--url",
            "https://news.example/a",
            "a.html",
        ],
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains("<https://news.example/a>"),
        "metadata line: {}",
        run.stdout
    );
    // relies on the extractor
    assert!(
        run.stdout.contains("The count went on through the night"),
        "{}",
        run.stdout
    );
}

#[test]
fn several_inputs_with_format_json_give_one_array() {
    let dir = scratch("json_array");
    put(&dir, "a.html", page("A", "Alpha."));
    put(&dir, "empty.html", "");
    put(
        &dir,
        "b.txt",
        "Beta title\n\nA paragraph of plain scraped text.\n",
    );
    let run = newsdesk(
        &dir,
        &[
            "extract",
            "--format",
            "json",
            "a.html",
            "empty.html",
            "b.txt",
        ],
    );
    assert_eq!(run.code(), Some(1), "stderr: {}", run.stderr);
    let array = run.json();
    let items = array.as_array().expect("a JSON array");
    assert_eq!(sources(items), ["a.html", "empty.html", "b.txt"]);
    assert!(items[1]["error"].is_string());
}

#[test]
fn bad_inputs_in_a_batch_get_error_entries_and_the_rest_go_on() {
    let dir = scratch("bad_batch");
    put(&dir, "good.html", page("Good", "Good words."));
    put(&dir, "empty.html", "");
    put(
        &dir,
        "binary.html",
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    );
    put(
        &dir,
        "corrupt.html.gz",
        b"\x1f\x8b\x08\x00garbage that is not deflate",
    );
    put(
        &dir,
        "last.txt",
        "Last title\n\nThe last input is still read after the failures.\n",
    );
    let args = [
        "extract",
        "good.html",
        "empty.html",
        "binary.html",
        "missing.html",
        "corrupt.html.gz",
        "last.txt",
    ];
    let run = newsdesk(&dir, &args);
    assert_eq!(run.code(), Some(1), "stderr: {}", run.stderr);
    let records = run.records();
    assert_eq!(sources(&records), &args[1..]);
    for (line, failed) in run.stdout.lines().zip(&records).skip(1).take(4) {
        assert!(line.starts_with("{\"source\":"), "source first: {line}");
        assert_eq!(
            failed.as_object().map(|o| o.len()),
            Some(2),
            "only source and error: {line}"
        );
    }
    assert!(records[1]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("empty"));
    assert!(records[2]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("binary"));
    assert!(records[3]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("no such file"));
    assert!(records[4]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("gzip"));
    assert!(records[0].get("error").is_none() && records[5].get("error").is_none());
    assert!(
        run.stderr.contains("extracted 2 pages, 4 failed"),
        "summary: {}",
        run.stderr
    );
}

#[test]
fn one_bad_input_is_a_message_on_stderr_and_exit_code_1() {
    let dir = scratch("bad_single");
    put(&dir, "empty.html", "");
    put(&dir, "zeros.bin", vec![0u8; 10_000]);
    for (file, words) in [
        ("empty.html", "empty"),
        ("zeros.bin", "binary"),
        ("nope.html", "no such file"),
    ] {
        let run = newsdesk(&dir, &["extract", file]);
        assert_eq!(run.code(), Some(1), "{file}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{file}: {}", run.stdout);
        assert!(
            run.stderr.contains(file) && run.stderr.contains(words),
            "{file}: {}",
            run.stderr
        );
    }
}

#[test]
fn usage_errors_exit_with_code_2() {
    let dir = scratch("usage");
    put(&dir, "a.html", page("A", "Alpha."));
    put(&dir, "b.html", page("B", "Bravo."));
    for args in [
        &["extract", "--format", "yaml", "a.html"][..],
        &["extract", "-j", "0", "a.html"][..],
        &["extract", "--url", "https://x.example/", "a.html", "b.html"][..],
        &["extract", "--url", "https://x.example/", "."][..],
        &["frobnicate"][..],
    ] {
        let run = newsdesk(&dir, args);
        assert_eq!(run.code(), Some(2), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty());
    }
}

#[test]
fn version_and_help_are_there() {
    let dir = scratch("version");
    let run = newsdesk(&dir, &["--version"]);
    assert_eq!(run.code(), Some(0));
    assert!(run.stdout.starts_with("newsdesk "), "{}", run.stdout);
    let run = newsdesk(&dir, &["extract", "--help"]);
    assert_eq!(run.code(), Some(0));
    for word in ["--format", "--url", "--jobs", "INPUT", "Exit status"] {
        assert!(
            run.stdout.contains(word),
            "help lacks {word}: {}",
            run.stdout
        );
    }
}

#[test]
fn an_empty_directory_is_an_error_entry() {
    let dir = scratch("empty_dir");
    put(&dir, "pages/readme.md", "nothing here");
    let run = newsdesk(&dir, &["extract", "pages"]);
    assert_eq!(run.code(), Some(1), "stderr: {}", run.stderr);
    let records = run.records();
    assert_eq!(sources(&records), ["pages"]);
    assert!(records[0]["error"]
        .as_str()
        .unwrap_or_default()
        .contains("no page files"));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_a_directory_are_not_followed() {
    let dir = scratch("symlinks");
    put(
        &dir,
        "outside/secret.html",
        page("Secret", "Outside words."),
    );
    put(&dir, "pages/in.html", page("In", "Inside words."));
    std::os::unix::fs::symlink(
        dir.join("outside/secret.html"),
        dir.join("pages/link-out.html"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(dir.join("outside"), dir.join("pages/dir-out")).expect("symlink");
    std::os::unix::fs::symlink(dir.join("pages/in.html"), dir.join("pages/link-in.html"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.join("pages"), dir.join("pages/loop")).expect("symlink");
    let run = newsdesk(&dir, &["extract", "pages"]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert_eq!(
        sources(&run.records()),
        ["pages/in.html", "pages/link-in.html"]
    );
}
