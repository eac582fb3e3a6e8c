//! Line-level boilerplate rules shared by the HTML and scraped-text paths:
//! what a typo-report notice, a subscribe prompt, a tag line, a translation
//! note or a "NEXT" teaser looks like, in English and Russian (and more).
// STUB: to be written.

/// What a short line of boilerplate is, when it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boilerplate {
    /// Subscribe / follow / share / watch-the-video prompts, ads, cookie notices.
    Promo,
    /// "Noticed a mistake? Select it and press Ctrl+Enter".
    TypoNotice,
    /// "The article is in Russian": the ISO 639-1 code of the original.
    TranslationNote(String),
    /// "Tags: a, b, c": the tags.
    Tags(Vec<String>),
    /// "NEXT Some headline": the headline it points to.
    Next(String),
    /// "PREVIOUS Some headline".
    Previous(String),
    /// "Read also: ...", "Related: ...": the headline, if the line carries one.
    Related(Option<String>),
    /// Copyright, "all rights reserved", reprint notices, image credits.
    Legal,
}

/// Classifies one line (a paragraph of text) as boilerplate, or `None`.
pub fn classify_line(line: &str) -> Option<Boilerplate> {
    let _ = line;
    None
}
