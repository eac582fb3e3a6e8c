//! Golden outputs of extraction: the proof that a change to the extractor
//! changes no output except where its author meant it to.
//!
//! For every input the test writes a record: the fields (title, authors,
//! dates, language, site, tags, next, related, warnings), a hash of the body
//! text and its block count, and every line the body left out with the rule
//! or model decision that left it out ([`extract_article_explained`]). The
//! records are compared with expectation files committed beside this test:
//!
//! - `tests/golden/pages/`: small pages written for this test (articles,
//!   a page with navigation, related links and comments, scraped text with
//!   promo lines, Russian pages). Their `.expect` files hold the records in
//!   full, text included, so a diff reads as what changed.
//! - `tests/golden/shared/<set>.expect`: the shared evaluation sets
//!   (`../shared/datasets`, and the seed text), when present (skipped
//!   visibly otherwise, see `newsdesk_testkit`). Their text is third-party
//!   and never committed: these records hold only hashes, counts, language
//!   codes and rule names, one page a line (each rule with how many lines
//!   it dropped, and one hash of all dropped lines with their rules).
//!
//! After an intended change, `UPDATE_EXPECT=1 cargo test -p newsdesk-extract
//! --test golden` rewrites the expectation files; review their diff and
//! commit it with the change.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use newsdesk_extract::{
    extract_article, extract_article_explained, Article, ExtractOptions, InputKind,
};

/// Whether the run rewrites expectations instead of comparing with them.
fn updating() -> bool {
    std::env::var("UPDATE_EXPECT").is_ok_and(|v| v == "1")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with the file at `path`, or writes it under
/// `UPDATE_EXPECT=1`. On a mismatch the failure lists the differing lines.
fn check(path: &Path, actual: &str) -> Result<(), String> {
    if updating() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs (rerun with UPDATE_EXPECT=1 to accept):\n{}",
        path.display(),
        line_diff(&expected, actual)
    ))
}

/// The lines only in `expected` (`-`) and only in `actual` (`+`), at most
/// 40 of them: enough to see what moved.
fn line_diff(expected: &str, actual: &str) -> String {
    let old: std::collections::HashSet<&str> = expected.lines().collect();
    let new: std::collections::HashSet<&str> = actual.lines().collect();
    let mut out = String::new();
    let gone = expected
        .lines()
        .filter(|l| !new.contains(l))
        .map(|l| ("-", l));
    let came = actual
        .lines()
        .filter(|l| !old.contains(l))
        .map(|l| ("+", l));
    for (sign, line) in gone.chain(came).take(40) {
        let _ = writeln!(out, "{sign} {line}");
    }
    out
}

/// FNV-1a, 64 bits: a hash that stays the same on every machine and
/// toolchain, as a committed expectation must.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A short hash for one field of a shared page (`-` when empty).
fn short(text: &str) -> String {
    if text.is_empty() {
        "-".to_string()
    } else {
        format!("{:08x}", fnv(text) >> 32)
    }
}

// ---------------------------------------------------------------------------
// The committed pages.

/// The full record of one committed page.
fn full_record(article: &Article, dropped: &[newsdesk_extract::Dropped]) -> String {
    let mut out = String::new();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let _ = writeln!(out, "title: {}", opt(&article.title));
    let _ = writeln!(out, "authors: {}", article.authors.join(" | "));
    let _ = writeln!(out, "published: {}", opt(&article.published));
    let _ = writeln!(out, "modified: {}", opt(&article.modified));
    let _ = writeln!(out, "language: {}", opt(&article.language));
    let _ = writeln!(out, "source_language: {}", opt(&article.source_language));
    let _ = writeln!(out, "site_name: {}", opt(&article.site_name));
    let _ = writeln!(out, "description: {}", opt(&article.description));
    let _ = writeln!(out, "canonical_url: {}", opt(&article.canonical_url));
    let _ = writeln!(out, "tags: {}", article.tags.join(" | "));
    let next = article.next.as_ref().map(|l| l.title.as_str());
    let _ = writeln!(out, "next: {}", next.unwrap_or_default());
    for link in &article.related {
        let _ = writeln!(out, "related: {}", link.title);
    }
    for warning in &article.warnings {
        let _ = writeln!(out, "warning: {warning}");
    }
    let _ = writeln!(
        out,
        "text: {:016x} ({} blocks, {} chars)",
        fnv(&article.text),
        article.blocks.len(),
        article.text.chars().count()
    );
    for block in &article.blocks {
        let _ = writeln!(out, "  {:?}: {}", block.kind, one_line(&block.text));
    }
    let _ = writeln!(out, "dropped: {}", dropped.len());
    for line in dropped {
        let _ = writeln!(out, "  [{}] {}", line.rule, one_line(&line.text));
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_of(path: &Path) -> InputKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => InputKind::Text,
        _ => InputKind::Html,
    }
}

#[test]
fn committed_pages_match_their_golden_records() {
    let dir = golden_dir().join("pages");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden/pages exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("html" | "txt")))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 6, "the committed pages are there");
    let mut failures = Vec::new();
    for input in &inputs {
        let bytes = std::fs::read(input).expect("page reads");
        let options = ExtractOptions {
            input_kind: kind_of(input),
            ..ExtractOptions::default()
        };
        let explained = extract_article_explained(&bytes, &options).expect("page extracts");
        let plain = extract_article(&bytes, &options).expect("page extracts");
        assert_eq!(
            explained.article,
            plain,
            "explaining changes nothing: {}",
            input.display()
        );
        let record = full_record(&explained.article, &explained.dropped);
        if let Err(e) = check(&input.with_extension("expect"), &record) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_committed_pages_cover_the_main_paths() {
    // The records themselves say which rules the committed pages exercise:
    // every stage that drops lines must show up in at least one of them.
    if updating() {
        return;
    }
    let dir = golden_dir().join("pages");
    let mut all = String::new();
    for entry in std::fs::read_dir(&dir).expect("tests/golden/pages exists") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("expect") {
            all.push_str(&std::fs::read_to_string(&path).expect("expect file reads"));
        }
    }
    for stage in [
        "[html:prune:",
        "[boilerplate:promo]",
        "[boilerplate:tags]",
        "[boilerplate:typo]",
        "[label-related]",
        "[text:header:",
        "[line-model:chrome",
        "language: ru",
        "language: en",
    ] {
        assert!(all.contains(stage), "no committed page exercises {stage}");
    }
}

// ---------------------------------------------------------------------------
// The shared sets.

/// One input of a shared set: its name in the record and its bytes.
struct SharedPage {
    name: String,
    path: PathBuf,
    kind: InputKind,
}

impl SharedPage {
    fn bytes(&self) -> Vec<u8> {
        let raw = std::fs::read(&self.path).expect("shared page reads");
        if self.path.extension().and_then(|e| e.to_str()) != Some("gz") {
            return raw;
        }
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .expect("shared page is gzip");
        out
    }
}

/// The files under `dir` whose names end in `suffix`, sorted, named by
/// their path below `dir` without the suffix.
fn files(dir: &Path, suffix: &str, kind: InputKind) -> Vec<SharedPage> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if let Some(name) = relative.strip_suffix(suffix) {
                out.push(SharedPage {
                    name: name.to_string(),
                    path: path.clone(),
                    kind,
                });
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// One page's line: hashes, counts, a language code and rule names only.
fn hashed_record(page: &SharedPage) -> String {
    let options = ExtractOptions {
        input_kind: page.kind,
        ..ExtractOptions::default()
    };
    let explained = match extract_article_explained(&page.bytes(), &options) {
        Ok(explained) => explained,
        Err(error) => return format!("{} error={}", page.name, short(&error.to_string())),
    };
    let a = &explained.article;
    let opt = |v: &Option<String>| short(v.as_deref().unwrap_or_default());
    let list = |v: &[String]| short(&v.join("\u{1f}"));
    let related: Vec<String> = a
        .related
        .iter()
        .map(|l| format!("{}\u{1f}{}", l.title, l.url.as_deref().unwrap_or_default()))
        .collect();
    let next = a
        .next
        .as_ref()
        .map(|l| format!("{}\u{1f}{}", l.title, l.url.as_deref().unwrap_or_default()));
    let addresses = [&a.url, &a.canonical_url, &a.image, &a.description]
        .map(|v| v.as_deref().unwrap_or_default())
        .join("\u{1f}");
    // The body's shape, or a hash of it when it is long.
    let mut kinds = run_lengths(a.blocks.iter().map(|b| kind_letter(b.kind)));
    if kinds.len() > 40 {
        kinds = format!("{}b:{}", a.blocks.len(), short(&kinds));
    }
    let mut line = format!(
        "{} title={} authors={} published={} modified={} lang={} src_lang={} site={} meta={} tags={} next={} related={}/{} warnings={} text={:016x}/{}",
        page.name,
        opt(&a.title),
        list(&a.authors),
        opt(&a.published),
        opt(&a.modified),
        a.language.as_deref().unwrap_or("-"),
        a.source_language.as_deref().unwrap_or("-"),
        opt(&a.site_name),
        short(&addresses),
        list(&a.tags),
        opt(&next),
        related.len(),
        list(&related),
        a.warnings.len(),
        fnv(&a.text),
        kinds,
    );
    line.push_str(" dropped=");
    if explained.dropped.is_empty() {
        line.push('-');
    }
    // Each rule once, with how many lines it dropped, in order of first
    // use; then one hash of every dropped line with its rule, in order.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut all = String::new();
    for d in &explained.dropped {
        match counts.iter_mut().find(|(rule, _)| *rule == d.rule.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.rule.as_str(), 1)),
        }
        let _ = write!(all, "{}\u{1f}{}\u{1e}", d.rule, one_line(&d.text));
    }
    for (i, (rule, count)) in counts.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let _ = write!(line, "{}*{count}", rule.replace(' ', "_"));
    }
    if !all.is_empty() {
        let _ = write!(line, "/{}", short(&all));
    }
    line
}

/// Letters with each run written once with its length: "pppph" → "p4h".
fn run_lengths(letters: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut run: Option<(char, usize)> = None;
    for letter in letters {
        match run.as_mut() {
            Some((current, n)) if *current == letter => *n += 1,
            _ => {
                if let Some((current, n)) = run.take() {
                    let _ = write!(
                        out,
                        "{current}{}",
                        if n > 1 { n.to_string() } else { String::new() }
                    );
                }
                run = Some((letter, 1));
            }
        }
    }
    if let Some((current, n)) = run {
        let _ = write!(
            out,
            "{current}{}",
            if n > 1 { n.to_string() } else { String::new() }
        );
    }
    out
}

/// One letter per block kind: the body's shape in a few characters.
fn kind_letter(kind: newsdesk_extract::BlockKind) -> char {
    use newsdesk_extract::BlockKind;
    match kind {
        BlockKind::Heading => 'h',
        BlockKind::Paragraph => 'p',
        BlockKind::ListItem => 'l',
        BlockKind::Quote => 'q',
        BlockKind::Table => 't',
        BlockKind::Code => 'c',
    }
}

/// Records of every page, in order, read on all cores.
fn hashed_records(pages: &[SharedPage]) -> String {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = pages.len().div_ceil(threads).max(1);
    let lines: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = pages
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(hashed_record).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("no extraction panics"))
            .collect()
    });
    let mut out = String::new();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The shared sets: each one's expectation file and its pages.
fn shared_sets(shared: &Path) -> Vec<(&'static str, Vec<SharedPage>)> {
    let data = shared.join("datasets");
    let mut scraped = files(&shared.join("seed"), ".txt", InputKind::Text);
    for (dir, prefix) in [
        ("factru-dev/texts", "factru/"),
        ("gum-news-ner/texts", "gum-news/"),
    ] {
        for mut page in files(&data.join(dir), ".txt", InputKind::Text) {
            page.name = format!("{prefix}{}", page.name);
            scraped.push(page);
        }
    }
    vec![
        (
            "zyte",
            files(
                &data.join("zyte-article-extraction/html"),
                ".html.gz",
                InputKind::Auto,
            ),
        ),
        (
            "readability",
            files(
                &data.join("readability-test-pages"),
                "/source.html.gz",
                InputKind::Auto,
            ),
        ),
        (
            "wcxb-dev",
            files(&data.join("wcxb-dev/html"), ".html.gz", InputKind::Auto),
        ),
        (
            "translations-dev",
            files(
                &data.join("translations-dev/pages"),
                ".html",
                InputKind::Auto,
            ),
        ),
        ("scraped-text", scraped),
    ]
}

#[test]
fn shared_sets_match_their_golden_records() {
    let Some(shared) =
        newsdesk_testkit::shared("datasets").and_then(|d| d.parent().map(Path::to_path_buf))
    else {
        return;
    };
    let mut failures = Vec::new();
    for (name, pages) in shared_sets(&shared) {
        assert!(!pages.is_empty(), "the shared set {name} has pages");
        let records = hashed_records(&pages);
        let path = golden_dir().join("shared").join(format!("{name}.expect"));
        if let Err(e) = check(&path, &records) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
