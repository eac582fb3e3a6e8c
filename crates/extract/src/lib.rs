//! newsdesk-extract: a news page (HTML bytes in any charset) or scraped text in,
//! one clean [`Article`] out.
//!
//! This crate is pure: bytes in, a record out, no I/O, no global state. The
//! pipeline for one page reads top to bottom:
//!
//! 1. [`charset`] turns bytes into text (BOM, HTTP header, `<meta>`, detection).
//! 2. [`prescan`] strips scripts, styles and comments, keeps JSON-LD, and bounds
//!    pathological nesting, so the parser sees a small, sane document.
//! 3. [`dom`]: the page is tokenized and built into a flat arena by a small,
//!    forgiving tree builder.
//! 4. [`metadata`] reads title, authors, dates, tags... from JSON-LD, OpenGraph,
//!    `<meta>`, microdata, `<time>` and bylines.
//! 5. [`content`] finds the article body and turns it into typed blocks, leaving
//!    out navigation, teasers, share prompts, comments and the like;
//!    [`blocks`] holds the learned models that name the kind of page and,
//!    on pages other than articles, choose the page's content blocks.
//! 6. `boilerplate` holds the line-level rules (typo notices, subscribe
//!    prompts, tag lines, "NEXT" teasers, translation notes) shared by the HTML
//!    path and the scraped-text path ([`text`]).
//!    For scraped text, [`lines`] is a learned line classifier that tells
//!    body lines from page chrome, trained on pages rendered to text.
//! 7. [`language`] names the body's language from markup and from the text.
//!
//! The words those rules know in each language (months, byline openings,
//! promo, tag and "read also" labels, …) are data, one file per language
//! under `data/`, read by `lexicon`. [`extract_article_explained`] also
//! says which rule or model decision left each line out of the body
//! ([`explain`]); `tests/golden.rs` holds the golden outputs that prove a
//! change to the rules changes no output unintentionally.

pub mod article;
pub mod blocks;
mod boilerplate;
pub mod charset;
pub mod content;
pub mod dom;
pub mod explain;
pub mod language;
mod lexicon;
pub mod lines;
pub mod metadata;
mod normalize;
pub mod prescan;
pub mod text;

use explain::Trace;
use text::TextReader;

mod html;
mod names;
mod tree;

pub use article::{Article, Block, BlockKind, Link};
pub use explain::Dropped;

/// How the caller wants a page read.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's address, for relative links, dates in URLs and the site name.
    pub url: Option<String>,
    /// The HTTP `Content-Type` header the page came with, if any (charset hint).
    pub content_type: Option<String>,
    /// What the input is; `Auto` sniffs it.
    pub input_kind: InputKind,
}

/// Whether the input is an HTML page or plain scraped text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputKind {
    /// Told from the text: HTML if it looks like markup, else scraped text.
    #[default]
    Auto,
    /// An HTML page.
    Html,
    /// Plain text scraped from a page.
    Text,
}

/// Why a page could not be turned into an article at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// No bytes, or only whitespace.
    #[error("the input is empty")]
    Empty,
    /// Bytes that are no text, or decode to garbage; the string names what
    /// they look like.
    #[error("the input looks like binary data ({0}), not a page or text")]
    Binary(&'static str),
}

/// The most bytes of one page that are read; the rest is dropped with a warning.
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Extracts the article from one page or scraped text.
///
/// Never panics on any input; returns an error only when there is nothing to
/// read (empty or binary input). Everything else that went wrong is in
/// [`Article::warnings`].
pub fn extract_article(input: &[u8], options: &ExtractOptions) -> Result<Article, ExtractError> {
    extract_traced(input, options, &mut Trace::off())
}

/// An article and what was left out of its body, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    /// The article, as [`extract_article`] returns it.
    pub article: Article,
    /// Every line or pruned element read and kept out of `text`, in the
    /// order the extractor decided on them, with the rule that decided.
    pub dropped: Vec<Dropped>,
}

/// [`extract_article`], also saying which rule or model decision removed
/// each line that is not in the body (see [`explain`]). The article is the
/// same as [`extract_article`]'s.
pub fn extract_article_explained(
    input: &[u8],
    options: &ExtractOptions,
) -> Result<Explained, ExtractError> {
    let mut trace = Trace::recording();
    let article = extract_traced(input, options, &mut trace)?;
    Ok(Explained {
        article,
        dropped: trace.into_dropped(),
    })
}

fn extract_traced(
    input: &[u8],
    options: &ExtractOptions,
    trace: &mut Trace,
) -> Result<Article, ExtractError> {
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    if let Some(kind) = charset::binary_signature(input) {
        return Err(ExtractError::Binary(kind));
    }
    let mut warnings = Vec::new();
    let input = if input.len() > MAX_PAGE_BYTES {
        warnings.push(format!(
            "page is {} bytes; only the first {} were read",
            input.len(),
            MAX_PAGE_BYTES
        ));
        &input[..MAX_PAGE_BYTES]
    } else {
        input
    };
    let decoded = charset::decode(input, options.content_type.as_deref());
    if let Some(kind) = charset::garbled(&decoded.text) {
        return Err(ExtractError::Binary(kind));
    }
    warnings.extend(decoded.warnings);
    let is_html = match options.input_kind {
        InputKind::Html => true,
        InputKind::Text => false,
        InputKind::Auto => charset::looks_like_html(&decoded.text),
    };
    let mut article = if is_html {
        html::extract_from_html(&decoded.text, options, trace)
    } else {
        text::extract_traced(&decoded.text, options, TextReader::default(), trace)
    };
    warnings.append(&mut article.warnings);
    article.warnings = warnings;
    if article.text.is_empty() {
        article.warnings.push("no article body found".to_string());
    }
    Ok(article)
}

/// Development hook for the block model's training example: an HTML page
/// (already decoded) read with the block model as `reader` says, and the
/// page's rendered blocks with their features.
#[doc(hidden)]
pub fn extract_html_with(
    page: &str,
    options: &ExtractOptions,
    reader: content::BlockReader,
) -> Article {
    html::extract_from_html_with(page, options, &mut Trace::off(), reader)
}

/// Development hook for the block model's training example: the page's
/// rendered blocks and their features, `(text, features)` in order, and
/// the page's features for the page-type model.
#[doc(hidden)]
pub fn html_block_features(page: &str, url: Option<&str>) -> (Vec<(String, Vec<u32>)>, Vec<u32>) {
    let scanned = prescan::prescan(page);
    let dom = dom::Dom::parse(&scanned.html);
    let meta = metadata::page_metadata(&dom, &scanned.json_ld, None);
    content::page_block_features(
        &dom,
        content::BodyHints {
            title: meta.title.as_deref(),
            site_name: meta.site_name.as_deref(),
            signals: blocks::PageSignals {
                json_ld: &scanned.json_ld,
                url,
            },
        },
    )
}

/// Development hook for the stage-timing example: the body of a parsed page as
/// text.
#[doc(hidden)]
pub fn debug_body_text(dom: &dom::Dom, title: Option<&str>) -> String {
    let body = content::extract_body(
        dom,
        &mut Trace::off(),
        content::BodyHints {
            title,
            site_name: None,
            signals: blocks::PageSignals::default(),
        },
    );
    body.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}
