//! Page metadata: title, authors, dates, site name, description, image, tags,
//! canonical URL and the markup's language, from JSON-LD, OpenGraph, Twitter
//! cards, `<meta>`, microdata, `<time>`, bylines in the page and dates in URLs.
// STUB: to be written.

use scraper::Html;
use url::Url;

/// What the page says about itself, before the body is looked at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMetadata {
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// The language the markup declares (`<html lang>`, `og:locale`, `inLanguage`), as ISO 639-1.
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub tags: Vec<String>,
    /// JSON-LD `articleBody`, when present: a hint for the body, not the truth.
    pub article_body: Option<String>,
}

/// Reads the page's metadata. `json_ld` holds the raw contents of every
/// `<script type="application/ld+json">` (the prescan removed them from `doc`).
pub fn page_metadata(doc: &Html, json_ld: &[String], page_url: Option<&Url>) -> PageMetadata {
    let _ = (doc, json_ld, page_url);
    PageMetadata::default()
}
