//! The article record: what `extract` returns for one page.
//!
//! Every field is either found in the input or left empty (`None`, `[]`):
//! nothing here is ever invented. Serialises to the JSON shape the CLI prints.

use serde::{Deserialize, Serialize};

/// One news article, as extracted from a page or from scraped text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Where the record came from: a file path, a URL, or `-` for stdin. Set by the caller.
    pub source: String,
    /// The page's address, as given by the caller or found in the page.
    pub url: Option<String>,
    /// `<link rel=canonical>` or `og:url`, made absolute.
    pub canonical_url: Option<String>,
    /// The headline, without the site's name.
    pub title: Option<String>,
    /// People who wrote the article, without "By", dates or the site's name.
    pub authors: Vec<String>,
    /// ISO 8601 date or date-time.
    pub published: Option<String>,
    /// ISO 8601 date or date-time of the last change, if the page gives one.
    pub modified: Option<String>,
    /// ISO 639-1 code of the body's language.
    pub language: Option<String>,
    /// The publication's name, as the page gives it.
    pub site_name: Option<String>,
    /// The page's own summary of the article.
    pub description: Option<String>,
    /// The address of the article's lead image.
    pub image: Option<String>,
    /// The publisher's own tags or keywords.
    pub tags: Vec<String>,
    /// The body as plain text: blocks separated by one blank line.
    pub text: String,
    /// The body as typed blocks, in reading order.
    pub blocks: Vec<Block>,
    /// ISO 639-1 code of the language the page says it was translated from.
    pub source_language: Option<String>,
    /// The "next article" teaser the page points to, kept out of `text`.
    pub next: Option<Link>,
    /// Other articles the page points to ("related", "read also"), kept out of `text`.
    pub related: Vec<Link>,
    /// The kind of page recognised (article, listing, forum, product,
    /// collection, documentation, service); `None` for scraped text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// Anything the user should know about how this record was made.
    pub warnings: Vec<String>,
}

/// A block of the article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its text: one line, except in code and tables, which keep their lines.
    pub text: String,
}

impl Block {
    /// A block of `kind` holding `text` as given.
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Block {
            kind,
            text: text.into(),
        }
    }
}

/// What a block of the body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A subheading inside the body.
    Heading,
    /// A paragraph.
    Paragraph,
    /// One item of a list.
    ListItem,
    /// A block quotation (`<blockquote>`).
    Quote,
    /// A table, one row a line, cells separated by " | ".
    Table,
    /// Preformatted text or code (`<pre>`).
    Code,
}

/// A pointer to another article: its title and, when known, its address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The linked article's title, as the link shows it.
    pub title: String,
    /// Its address, when the page gives one.
    pub url: Option<String>,
}

impl Article {
    /// Rebuilds `text` from `blocks`: one blank line between blocks.
    pub fn set_blocks(&mut self, blocks: Vec<Block>) {
        self.text = blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        self.blocks = blocks;
    }
}
