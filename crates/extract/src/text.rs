//! Scraped text (no markup) in, article out: the seed's case. The first line is
//! the title; trailing promo lines, related headlines, typo notices, tag lines,
//! translation notes and "NEXT" teasers are recognised by [`crate::boilerplate`]
//! and moved into their fields or dropped.
// STUB: to be written.

use crate::{Article, ExtractOptions};

/// Extracts the article from plain scraped text.
pub fn extract_from_text(text: &str, options: &ExtractOptions) -> Article {
    let _ = options;
    let mut article = Article::default();
    article.text = text.trim().to_string();
    article
}
