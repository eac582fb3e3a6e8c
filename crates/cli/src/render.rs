//! Turning records into output: JSON, JSON Lines, plain text or Markdown.
//!
//! Each record (an article, or a failed input's `source` + `error`) is
//! rendered on its own, on a worker thread, into one string; the framing
//! between records (the `[`, `,` and `]` of a JSON array, the separators
//! between text or Markdown articles) is the writer's job, in
//! [`crate::extract`], so records can be streamed one at a time.

use clap::ValueEnum;
use newsdesk_analyze::Analysis;
use newsdesk_extract::{Article, Block, BlockKind};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One pretty JSON object (a JSON array of them for several inputs).
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// The title, a blank line, then the body text.
    Text,
    /// The title as `# heading`, a metadata line, then the body as Markdown.
    Markdown,
}

/// What a JSON record carries besides the article and its analysis: the
/// capture date of an archive record, and, with `--signatures`, the
/// duplicate signature. Text and Markdown leave them out.
#[derive(Debug, Default, serde::Serialize)]
pub struct Extras {
    /// When an archive record was captured (RFC 3339, UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    #[serde(flatten)]
    pub signatures: Option<Signatures>,
    /// With `--explain`: what the body left out, and the rule that did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Vec<newsdesk_extract::Dropped>>,
}

impl Extras {
    fn is_empty(&self) -> bool {
        self.fetched_at.is_none() && self.signatures.is_none() && self.dropped.is_none()
    }

    /// The dropped lines as text, one `[rule] text` line each, under a
    /// header; empty without `--explain`.
    fn dropped_lines(&self) -> String {
        let Some(dropped) = &self.dropped else {
            return String::new();
        };
        let mut out = format!("\n-- dropped ({}) --\n", dropped.len());
        for line in dropped {
            out.push_str(&format!("[{}] {}\n", line.rule, one_line(&line.text)));
        }
        out
    }
}

/// The duplicate signature of a record's `text`, exactly as the embedded
/// corpus computes it (`newsdesk_corpus::dedup`), so near-duplicate groups can
/// be computed elsewhere (the Spark job's second stage) and agree with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signatures {
    /// xxh3 of the normalised words (lower-cased letters and digits, one
    /// space apart), as a signed 64-bit integer; null for a text without words.
    pub text_hash: Option<i64>,
    /// 100 MinHash values (unsigned 32-bit) over word 5-shingles; null when
    /// the text has fewer than 25 words.
    pub minhash: Option<Vec<u32>>,
    /// 20 LSH band keys (5 MinHash rows each, the band number mixed in), as
    /// signed 64-bit integers; null when `minhash` is.
    pub lsh_bands: Option<Vec<i64>>,
}

impl Signatures {
    /// The signature of `text`.
    pub fn of(text: &str) -> Signatures {
        use newsdesk_corpus::dedup;
        let hash = dedup::text_hash(text);
        let minhash = dedup::signature(text);
        Signatures {
            // Stored the way the corpus stores it: the same 64 bits, signed.
            text_hash: (hash != 0).then_some(hash as i64),
            lsh_bands: minhash.as_ref().map(dedup::Signature::band_keys),
            minhash: minhash.map(|s| s.0),
        }
    }
}

/// An article record with its extras flattened into it.
#[derive(serde::Serialize)]
struct WithExtras<'a> {
    #[serde(flatten)]
    article: &'a Article,
    #[serde(flatten)]
    extras: &'a Extras,
}

/// Renders one article. `batch` adds what tells articles apart in a stream
/// of text or Markdown (their source).
pub fn article(article: &Article, extras: &Extras, format: Format, batch: bool) -> String {
    let json = |pretty: bool| {
        let result = match (extras.is_empty(), pretty) {
            (true, true) => serde_json::to_string_pretty(article),
            (true, false) => serde_json::to_string(article),
            (false, true) => serde_json::to_string_pretty(&WithExtras { article, extras }),
            (false, false) => serde_json::to_string(&WithExtras { article, extras }),
        };
        result.unwrap_or_default()
    };
    match format {
        Format::Json => json(true),
        Format::Jsonl => json(false),
        Format::Text => text(article, batch) + &extras.dropped_lines(),
        Format::Markdown => markdown(article, batch) + &extras.dropped_lines(),
    }
}

/// An article record with its analysis flattened into it (`language` is the
/// article's, which the caller has already set from the analysis).
#[derive(serde::Serialize)]
struct Analyzed<'a> {
    #[serde(flatten)]
    article: &'a Article,
    sentences: usize,
    tokens: usize,
    entities: &'a [newsdesk_analyze::Entity],
    quotes: &'a [newsdesk_analyze::Quote],
    keyphrases: &'a [newsdesk_analyze::Keyphrase],
    events: &'a [newsdesk_analyze::Event],
    #[serde(flatten)]
    extras: &'a Extras,
}

/// Renders one analysed article: the article's record plus the analysis
/// fields; text and Markdown get the article followed by a summary.
pub fn analyzed(
    article: &Article,
    analysis: &Analysis,
    extras: &Extras,
    format: Format,
    batch: bool,
) -> String {
    let record = Analyzed {
        article,
        sentences: analysis.sentences,
        tokens: analysis.tokens,
        entities: &analysis.entities,
        quotes: &analysis.quotes,
        keyphrases: &analysis.keyphrases,
        events: &analysis.events,
        extras,
    };
    match format {
        Format::Json => serde_json::to_string_pretty(&record).unwrap_or_default(),
        Format::Jsonl => serde_json::to_string(&record).unwrap_or_default(),
        Format::Text => format!(
            "{}
{}{}",
            text(article, batch).trim_end(),
            summary(analysis, ""),
            extras.dropped_lines()
        ),
        Format::Markdown => format!(
            "{}
{}{}",
            markdown(article, batch).trim_end(),
            summary(analysis, "- "),
            extras.dropped_lines()
        ),
    }
}

/// Entities, quotes, keyphrases and events as short lines, each prefixed with
/// `bullet` (also under `newsdesk article --format table`).
pub fn summary(analysis: &Analysis, bullet: &str) -> String {
    let mut out = String::from("\n");
    if !analysis.entities.is_empty() {
        out.push_str("Entities:\n");
        for e in &analysis.entities {
            let kind = serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let roles = if e.roles.is_empty() {
                String::new()
            } else {
                format!(" — {}", e.roles.join("; "))
            };
            out.push_str(&format!(
                "{bullet}{} ({kind}, {}){roles}\n",
                e.name,
                e.mentions.len() + e.references.len()
            ));
        }
    }
    if !analysis.quotes.is_empty() {
        out.push_str("Quotes:\n");
        for q in &analysis.quotes {
            let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
            out.push_str(&format!("{bullet}{speaker}: {}\n", one_line(&q.text)));
        }
    }
    if !analysis.keyphrases.is_empty() {
        let phrases: Vec<&str> = analysis
            .keyphrases
            .iter()
            .map(|k| k.phrase.as_str())
            .collect();
        out.push_str(&format!("Keyphrases: {}\n", phrases.join(", ")));
    }
    if !analysis.events.is_empty() {
        out.push_str("Events:\n");
        for e in &analysis.events {
            let kind = serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            out.push_str(&format!("{bullet}{kind}: {}\n", e.actors.join(", ")));
        }
    }
    out
}

/// The record for an input that could not be extracted.
#[derive(serde::Serialize)]
struct Failure<'a> {
    source: &'a str,
    error: &'a str,
}

/// Renders the entry for an input that could not be extracted.
pub fn failure(source: &str, error: &str, format: Format) -> String {
    let record = Failure { source, error };
    match format {
        Format::Json => serde_json::to_string_pretty(&record).unwrap_or_default(),
        Format::Jsonl => serde_json::to_string(&record).unwrap_or_default(),
        Format::Text => format!("==> {source} <==\nerror: {error}\n"),
        Format::Markdown => format!("<!-- source: {source} -->\n\n> **Error:** {error}\n"),
    }
}

fn text(article: &Article, batch: bool) -> String {
    let mut out = String::new();
    if batch {
        out.push_str(&format!("==> {} <==\n", article.source));
    }
    if let Some(title) = article.title.as_deref().filter(|t| !t.is_empty()) {
        out.push_str(title);
        out.push_str("\n\n");
    }
    out.push_str(&article.text);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn markdown(article: &Article, batch: bool) -> String {
    let mut parts = Vec::new();
    if let Some(title) = article.title.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("# {}", one_line(title)));
    }
    let meta = metadata_line(article, batch);
    if !meta.is_empty() {
        parts.push(meta);
    }
    parts.push(markdown_blocks(&article.blocks));
    parts.retain(|p| !p.is_empty());
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// `By A, B · Published 2024-05-01 · <https://...>`, from what is known.
fn metadata_line(article: &Article, batch: bool) -> String {
    let mut items = Vec::new();
    if !article.authors.is_empty() {
        items.push(format!("By {}", article.authors.join(", ")));
    }
    if let Some(published) = &article.published {
        items.push(format!("Published {published}"));
    }
    if let Some(url) = article.canonical_url.as_ref().or(article.url.as_ref()) {
        items.push(format!("<{url}>"));
    }
    if batch {
        items.push(format!("Source: `{}`", article.source));
    }
    if items.is_empty() {
        return String::new();
    }
    format!("*{}*", items.join(" · "))
}

/// The body as Markdown: blocks apart by a blank line, list items together.
fn markdown_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous: Option<BlockKind> = None;
    for block in blocks {
        if let Some(kind) = previous {
            let list_run = kind == BlockKind::ListItem && block.kind == BlockKind::ListItem;
            out.push_str(if list_run { "\n" } else { "\n\n" });
        }
        out.push_str(&markdown_block(block));
        previous = Some(block.kind);
    }
    out
}

fn markdown_block(block: &Block) -> String {
    let text = block.text.trim_end();
    match block.kind {
        BlockKind::Heading => format!("## {}", one_line(text)),
        BlockKind::Paragraph => text.to_string(),
        BlockKind::ListItem => format!("- {}", text.replace('\n', "\n  ")),
        BlockKind::Quote => text
            .lines()
            .map(|l| format!("> {l}").trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        BlockKind::Code => code_fence(text),
        BlockKind::Table => table(text),
    }
}

/// A fenced code block whose fence is longer than any backtick run inside.
fn code_fence(code: &str) -> String {
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    format!("{fence}\n{code}\n{fence}")
}

/// A table block (`cell | cell` rows, one a line) as a Markdown table, the
/// first row as its header.
fn table(text: &str) -> String {
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(split_cells)
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<&str> = row.clone();
        cells.resize(width, "");
        lines.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    lines.join("\n")
}

fn split_cells(row: &str) -> Vec<&str> {
    let separator = if row.contains('\t') { "\t" } else { " | " };
    row.split(separator).map(str::trim).collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        let mut article = Article {
            source: "a.html".into(),
            title: Some("The  Title".into()),
            authors: vec!["Ann Lee".into(), "Bo Chen".into()],
            published: Some("2024-05-01".into()),
            url: Some("https://example.com/a".into()),
            ..Article::default()
        };
        article.set_blocks(vec![
            Block::new(BlockKind::Paragraph, "First paragraph."),
            Block::new(BlockKind::Heading, "Section"),
            Block::new(BlockKind::ListItem, "one"),
            Block::new(BlockKind::ListItem, "two"),
            Block::new(BlockKind::Quote, "Said this.\nAnd that."),
            Block::new(BlockKind::Code, "let x = 1;"),
            Block::new(BlockKind::Table, "Year | Votes\n2023 | 41"),
        ]);
        article
    }

    #[test]
    fn markdown_has_title_metadata_and_blocks() {
        let md = article(&sample(), &Extras::default(), Format::Markdown, false);
        let expected = "# The Title\n\n*By Ann Lee, Bo Chen · Published 2024-05-01 · <https://example.com/a>*\n\n\
            First paragraph.\n\n## Section\n\n- one\n- two\n\n> Said this.\n> And that.\n\n\
            ```\nlet x = 1;\n```\n\n| Year | Votes |\n| --- | --- |\n| 2023 | 41 |\n";
        assert_eq!(md, expected);
    }

    #[test]
    fn text_is_title_blank_line_text() {
        let mut a = sample();
        a.set_blocks(vec![Block::new(BlockKind::Paragraph, "Body.")]);
        assert_eq!(
            article(&a, &Extras::default(), Format::Text, false),
            "The  Title\n\nBody.\n"
        );
        assert_eq!(
            article(&a, &Extras::default(), Format::Text, true),
            "==> a.html <==\nThe  Title\n\nBody.\n"
        );
    }

    #[test]
    fn failures_carry_source_and_error() {
        let line = failure("x.html", "the input is empty", Format::Jsonl);
        assert_eq!(line, r#"{"source":"x.html","error":"the input is empty"}"#);
    }

    #[test]
    fn extras_are_flattened_into_json_records() {
        let extras = Extras {
            fetched_at: Some("2024-05-01T10:00:00Z".into()),
            signatures: Some(Signatures::of("Short text.")),
            dropped: None,
        };
        let line = article(&sample(), &extras, Format::Jsonl, true);
        let value: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        assert_eq!(value["fetched_at"], "2024-05-01T10:00:00Z");
        assert!(value["text_hash"].is_i64());
        assert!(value["minhash"].is_null() && value["lsh_bands"].is_null());
        let plain = article(&sample(), &Extras::default(), Format::Jsonl, true);
        assert!(!plain.contains("fetched_at") && !plain.contains("text_hash"));
        assert!(!plain.contains("dropped"));
    }

    #[test]
    fn dropped_lines_are_listed_in_json_and_text() {
        let extras = Extras {
            dropped: Some(vec![newsdesk_extract::Dropped {
                text: "Subscribe to our\nchannel".into(),
                rule: "boilerplate:promo".into(),
            }]),
            ..Extras::default()
        };
        let line = article(&sample(), &extras, Format::Jsonl, true);
        let value: serde_json::Value = serde_json::from_str(&line).expect("JSON");
        assert_eq!(value["dropped"][0]["rule"], "boilerplate:promo");
        let text = article(&sample(), &extras, Format::Text, false);
        assert!(
            text.ends_with("-- dropped (1) --\n[boilerplate:promo] Subscribe to our channel\n"),
            "{text}"
        );
    }

    #[test]
    fn signatures_are_the_corpus_signatures() {
        let text = (0..60)
            .map(|i| format!("word{}", i % 37))
            .collect::<Vec<_>>()
            .join(" ");
        let s = Signatures::of(&text);
        let corpus = newsdesk_corpus::dedup::signature(&text).expect("long enough");
        assert_eq!(s.minhash.as_deref(), Some(&corpus.0[..]));
        assert_eq!(s.lsh_bands, Some(corpus.band_keys()));
        assert_eq!(s.lsh_bands.as_ref().map(Vec::len), Some(20));
        assert_eq!(s.minhash.as_ref().map(Vec::len), Some(100));
        assert_eq!(
            s.text_hash,
            Some(newsdesk_corpus::dedup::text_hash(&text) as i64)
        );
        assert_eq!(Signatures::of(" .. ").text_hash, None);
    }

    #[test]
    fn code_fences_outgrow_backticks_inside() {
        assert_eq!(code_fence("a ```` b"), "`````\na ```` b\n`````");
    }
}
