//! Final clean-up of the emitted blocks.

use std::sync::LazyLock;

use crate::boilerplate::{classify_line, Boilerplate};
use crate::explain::Trace;
use crate::lexicon::{lead_prefix, LEXICON};
use crate::{Block, BlockKind, Link};

use super::emit::RawBlock;
use super::gather::ends_sentence;
use super::links::is_headline;
use super::{Body, BodyHints};

pub(super) fn finish(
    raw: Vec<RawBlock>,
    mut related: Vec<Link>,
    mut next: Option<Link>,
    hints: BodyHints,
    trace: &mut Trace,
) -> Body {
    let mut body = Body::default();
    let title_key = hints.title.map(key);
    let site_key = hints.site_name.map(key);
    let mut blocks: Vec<Block> = Vec::with_capacity(raw.len());
    let mut seen_prose = false;
    // After a bare "You may also like" label: the excerpts of other
    // articles, cut off with an ellipsis, or their linked headlines, until
    // a block that is neither.
    let mut teasers_follow = false;
    for b in raw {
        let short = b.chars < 300;
        let linked_headline = short && b.link_chars * 4 >= b.chars * 3;
        if teasers_follow && (is_excerpt(&b.text) || linked_headline) {
            trace.drop(&b.text, "html:teaser-after-label");
            continue;
        }
        teasers_follow = false;
        // The headline or the site's name repeated above the story, as a
        // heading or as a paragraph styled like one.
        if !seen_prose
            && short
            && matches!(b.kind, BlockKind::Heading | BlockKind::Paragraph)
            && (title_key.is_some() || site_key.is_some())
        {
            let block_key = key(&b.text);
            let repeats = |k: &Option<String>| k.as_deref().is_some_and(|k| k == block_key);
            if !block_key.is_empty() && (repeats(&title_key) || repeats(&site_key)) {
                let rule = if repeats(&title_key) {
                    "html:repeats-title"
                } else {
                    "html:repeats-site-name"
                };
                trace.drop(&b.text, rule);
                continue;
            }
        }
        if short && b.kind != BlockKind::Code && b.kind != BlockKind::Table {
            if let Some(found) = classify_line(&b.text) {
                trace.drop_with(|| (b.text.clone(), format!("boilerplate:{}", found.name())));
                match found {
                    Boilerplate::Tags(tags) => body.tags.extend(tags),
                    Boilerplate::Next(title) if next.is_none() => {
                        next = Some(Link {
                            title,
                            url: b.href.clone(),
                        })
                    }
                    Boilerplate::Related(Some(title)) => related.push(Link {
                        title,
                        url: b.href.clone(),
                    }),
                    Boilerplate::TranslationNote(code) => body.source_language = Some(code),
                    Boilerplate::Related(None) => teasers_follow = seen_prose,
                    _ => {}
                }
                continue;
            }
            if !seen_prose && is_byline_or_dateline(&b.text) {
                trace.drop(&b.text, "html:byline-or-dateline");
                continue;
            }
        }
        // A paragraph that is all link is a pointer to another page.
        if b.chars > 0 && b.link_chars * 10 >= b.chars * 9 && b.kind != BlockKind::Heading {
            if is_headline(&b.text) && related.len() < 20 {
                related.push(Link {
                    title: b.text.clone(),
                    url: b.href.clone(),
                });
            }
            trace.drop(&b.text, "html:all-link");
            continue;
        }
        if blocks
            .last()
            .is_some_and(|last: &Block| last.text == b.text)
        {
            trace.drop(&b.text, "html:duplicate");
            continue;
        }
        if b.kind == BlockKind::Paragraph && b.chars >= 80 {
            seen_prose = true;
        }
        blocks.push(Block::new(b.kind, b.text));
    }
    trim_trailing_chrome(&mut blocks, trace);
    body.blocks = blocks;
    body.related = related;
    body.next = next;
    body
}

/// A teaser's excerpt: text cut off with an ellipsis ("… esperando mais à
/// frente por …").
fn is_excerpt(text: &str) -> bool {
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ']' | ')'));
    text.ends_with('…') || text.ends_with("...")
}

/// Short headings or one-liners left dangling at the end (a "Related" heading
/// whose list was removed, "Share this"): dropped.
fn trim_trailing_chrome(blocks: &mut Vec<Block>, trace: &mut Trace) {
    while let Some(last) = blocks.last() {
        let dangling_heading = last.kind == BlockKind::Heading;
        let tiny = last.text.split_whitespace().count() <= 3 && !ends_sentence(&last.text);
        if dangling_heading || tiny {
            trace.drop(&last.text, "html:trailing-chrome");
            blocks.pop();
        } else {
            break;
        }
    }
}

/// "By Jane Doe", "Jane Doe | 4 May 2023", "Updated 10:32 AM EST": metadata
/// lines at the top of a body.
pub(super) fn is_byline_or_dateline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words > MAX_DATELINE_WORDS {
        return false;
    }
    let lower = text.to_lowercase();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if words <= 14
        && DATELINE_OPENERS
            .iter()
            .any(|o| lower.starts_with(o.as_str()))
    {
        return true;
    }
    // "05/10/2018 - Publicado por: Ana Lima - Categoria: Saúde": a credit
    // label and a date anywhere in a short line.
    if digits >= 4 && CREDIT_LABELS.iter().any(|l| lower.contains(l.as_str())) {
        return true;
    }
    digits >= 4 && words <= 8 && !ends_sentence(text) && has_date_shape(&lower)
}

/// A dateline with a credit label may run to this many words (the
/// category and tags after the name).
const MAX_DATELINE_WORDS: usize = 20;

/// How bylines and datelines open, in the languages we read
/// (`dateline_leads` in [`crate::lexicon`]).
static DATELINE_OPENERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.dateline_leads)
        .map(lead_prefix)
        .collect()
});

/// Credit labels that make a short line with a date a dateline wherever
/// they stand in it (`credit_labels`).
static CREDIT_LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.credit_labels)
        .map(str::to_string)
        .collect()
});

/// The languages whose month names make a line look dated.
const DATE_SHAPE_LANGUAGES: [&str; 2] = ["en", "ru"];

/// The first three letters of the form each month is written with in
/// dates, in [`DATE_SHAPE_LANGUAGES`] ("jan", «мая»): found anywhere in
/// the line.
static MONTH_STEMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    DATE_SHAPE_LANGUAGES
        .iter()
        .filter_map(|code| LEXICON.language(code))
        .flat_map(|language| language.date_forms())
        .map(|(form, _)| form.chars().take(3).collect())
        .collect()
});

fn has_date_shape(lower: &str) -> bool {
    MONTH_STEMS.iter().any(|m| lower.contains(m.as_str()))
        || lower.contains(':')
        || lower.matches(['.', '/', '-']).count() >= 2
}

/// A comparison key: lower-case letters and digits only.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
