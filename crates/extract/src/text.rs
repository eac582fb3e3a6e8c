//! Scraped text (no markup) in, article out: the seed's case.
//!
//! A republishing site's text looks like: maybe a breadcrumb or a date line,
//! the title on the first line, the body, then trailers (promo prompts,
//! related headlines, a typo notice, a translation note, a tag line, a "NEXT"
//! teaser). The reading goes:
//!
//! 1. The text is cut into units: paragraphs when blank lines separate them
//!    (hard-wrapped lines of one paragraph are joined), else one per line.
//! 2. Breadcrumbs, date lines and promo lines before the title are dropped
//!    (a date line sets `published`); the first unit is the title when it is
//!    short enough to be one.
//! 3. Every unit is classified by `boilerplate.rs`: trailers are moved
//!    into their fields (`tags`, `next`, `related`, `source_language`) or
//!    dropped (promo, typo notices, legal lines), wherever they are.
//! 4. The tail: the last run of units that are all trailers or headline-like
//!    lines, starting at its first trailer. Headline-like lines there are
//!    related headlines, not body. Nothing before the first trailer of that
//!    run is taken from the body, so the body's last paragraph is never lost.
//!
//! 5. The learned line classifier ([`crate::lines`]) then reads every unit
//!    of the text with its neighbours and takes out of the body the lines it
//!    calls page chrome after smoothing (view counters, share rows, menus,
//!    bare related headlines the rules did not catch). It only takes out:
//!    the rules still choose the title and the trailers' fields, and texts
//!    of fewer than a dozen units (too little context for the model) are
//!    read by the rules alone. Measured by site folds on pages rendered to
//!    text, this veto cleans more texts and raises the body's word F1; the
//!    model choosing the body on its own (`TextReader::veto` off) cleans
//!    about as many but loses body lines, so it is not the default.
//!
//! Everything is linear in the input's size: each unit is looked at a bounded
//! number of times, and the boilerplate rules reject long lines up front.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::{Captures, Regex};

use crate::boilerplate::{bare_label, classify_line, split_tags, Boilerplate, Label};
use crate::explain::Trace;
use crate::language::detect_language;
use crate::lexicon::LEXICON;
use crate::lines::{smooth, LineFacts, LineModel};
use crate::normalize::collapse_whitespace;
use crate::{Article, Block, BlockKind, ExtractOptions, Link};

/// A first line longer than this is body text, not a title.
const MAX_TITLE_CHARS: usize = 200;
const MAX_TITLE_WORDS: usize = 30;
/// How many units at the top may be breadcrumbs, dates or promo lines.
const MAX_HEADER_UNITS: usize = 6;
/// A related headline: at least this many words, at most this many chars.
const MIN_HEADLINE_WORDS: usize = 4;
const MAX_HEADLINE_CHARS: usize = 200;
const MAX_HEADLINE_WORDS: usize = 30;
/// A one- or two-sentence headline that ends with a full stop.
const MAX_SHORT_SENTENCE_CHARS: usize = 160;
/// At most this many related headlines and tags are kept (each check is
/// linear in what is kept, so this also bounds the work).
const MAX_RELATED: usize = 50;
const MAX_TAGS: usize = 100;
/// The longest line a bare "Tags:" label may take as its list.
const MAX_TAG_LIST_CHARS: usize = 600;
/// How many headlines one "Read also:" label may own.
const MAX_LABELLED_HEADLINES: usize = 10;

/// How the scraped-text path decides which lines are body.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct TextReader<'m> {
    /// The learned line classifier; `None` reads with the hand-written rules only.
    pub model: Option<&'m LineModel>,
    /// What a change between body and chrome costs in [`smooth`].
    pub switch_cost: f32,
    /// Added to every line's score before smoothing (above zero keeps more).
    pub bias: f32,
    /// Whether a line the rules call boilerplate is chrome whatever the model says.
    pub hard_rules: bool,
    /// Whether the rules read the text and the model only takes out the
    /// lines of their body it calls chrome (instead of the model choosing).
    pub veto: bool,
}

impl Default for TextReader<'static> {
    fn default() -> Self {
        TextReader {
            model: LineModel::embedded(),
            switch_cost: SWITCH_COST,
            bias: BIAS,
            hard_rules: true,
            veto: VETO,
        }
    }
}

/// The switch cost the committed model is read with (see `examples/train_lines.rs`).
const SWITCH_COST: f32 = 8.0;
/// The bias the committed model is read with.
const BIAS: f32 = 1.0;
const VETO: bool = true;
/// Texts of fewer units are read by the rules alone.
const MIN_VETO_UNITS: usize = 12;

/// Extracts the article from plain scraped text.
pub fn extract_from_text(text: &str, options: &ExtractOptions) -> Article {
    extract_from_text_with(text, options, TextReader::default())
}

/// [`extract_from_text`] with a chosen reader (for the training example's
/// comparisons).
#[doc(hidden)]
pub fn extract_from_text_with(text: &str, options: &ExtractOptions, reader: TextReader) -> Article {
    extract_traced(text, options, reader, &mut Trace::off())
}

/// [`extract_from_text_with`], telling `trace` why each unit left out of
/// the body was. (The model-first reading, `veto` off, is a training
/// comparison and records nothing.)
pub(crate) fn extract_traced(
    text: &str,
    options: &ExtractOptions,
    reader: TextReader,
    trace: &mut Trace,
) -> Article {
    let mut article = Article {
        url: options.url.clone(),
        ..Article::default()
    };
    let units = split_units(text);
    match reader.model {
        Some(model) if reader.veto => {
            read_with_rules(&units, &mut article, trace);
            veto_chrome(&units, model, reader, &mut article, trace);
        }
        Some(model) if read_with_model(&units, model, reader, &mut article) => {}
        _ => read_with_rules(&units, &mut article, trace),
    }
    article.language = detect_language(&article.text, None).or_else(|| {
        article
            .title
            .as_deref()
            .and_then(|t| detect_language(t, None))
    });
    article
}

/// The units of a text with the rules' verdict on each, as the line model
/// sees them (for the training example).
#[doc(hidden)]
pub fn units_with_rules(text: &str) -> Vec<(String, &'static str)> {
    split_units(text)
        .into_iter()
        .map(|unit| {
            let rule = rule_name(&unit);
            (unit, rule)
        })
        .collect()
}

/// A short name of what the rules make of one unit: a feature of the model.
fn rule_name(text: &str) -> &'static str {
    if let Some(label) = bare_label(text) {
        return label.name();
    }
    if let Some(boilerplate) = classify_line(text) {
        return boilerplate.name();
    }
    if date_line(text).is_some() {
        "date"
    } else if is_breadcrumb(text) {
        "breadcrumb"
    } else if is_headline(text) {
        "headline"
    } else if is_short_sentence(text) {
        "short-sentence"
    } else {
        "body"
    }
}

/// Whether a rule name says the unit is boilerplate outright.
fn rule_is_chrome(rule: &str) -> bool {
    !matches!(rule, "body" | "headline" | "short-sentence")
}

/// How far before the body's first line the title may sit.
const MAX_TITLE_DISTANCE: usize = 5;

/// Reads the units with the line model: scores, smoothing, then the title
/// right before the body and the trailers' fields from the chrome. Returns
/// `false` (leaving `article` alone) when the model finds no body at all.
fn read_with_model(
    units: &[String],
    model: &LineModel,
    reader: TextReader,
    article: &mut Article,
) -> bool {
    let rules: Vec<&'static str> = units.iter().map(|u| rule_name(u)).collect();
    let facts: Vec<LineFacts> = units
        .iter()
        .zip(&rules)
        .map(|(text, &rule)| LineFacts {
            text: text.as_str(),
            rule,
        })
        .collect();
    let scores: Vec<f32> = model
        .score_lines(&facts)
        .into_iter()
        .zip(&rules)
        .map(|(score, rule)| {
            if reader.hard_rules && rule_is_chrome(rule) {
                f32::MIN / 4.0
            } else {
                score + reader.bias
            }
        })
        .collect();
    let mut body = smooth(&scores, reader.switch_cost);
    // A lone line the rules call chrome is not pulled into the body.
    if reader.hard_rules {
        for (keep, rule) in body.iter_mut().zip(&rules) {
            *keep &= !rule_is_chrome(rule);
        }
    }
    let Some(first) = body.iter().position(|&b| b) else {
        return false;
    };
    let title = (first.saturating_sub(MAX_TITLE_DISTANCE)..first)
        .rev()
        .find(|&i| is_title_like(&units[i]) && date_line(&units[i]).is_none());
    if let Some(index) = title {
        article.title = Some(units[index].clone());
    }
    article.published = units
        .iter()
        .take(first)
        .find_map(|u| date_line(u))
        .flatten();
    let last = body.iter().rposition(|&b| b).unwrap_or(first);
    let start = title.map_or(first, |t| t + 1);
    let all: Vec<Unit> = units.iter().map(|text| Unit::new(text)).collect();
    let mut blocks = Vec::new();
    let mut index = start;
    while let Some(unit) = all.get(index) {
        if body[index] {
            blocks.push(Block::new(BlockKind::Paragraph, unit.text));
            index += 1;
            continue;
        }
        let chrome_end = body
            .iter()
            .skip(index)
            .position(|&b| b)
            .map_or(all.len(), |offset| index + offset);
        index += 1;
        match &unit.kind {
            Kind::Trailer(boilerplate) => apply_boilerplate(boilerplate, article),
            Kind::Label(label) => {
                index += apply_label(
                    *label,
                    all.get(index..chrome_end).unwrap_or_default(),
                    article,
                )
            }
            Kind::Headline | Kind::ShortSentence if index > last => {
                add_related(article, link(unit.text))
            }
            _ => {}
        }
    }
    article.set_blocks(blocks);
    true
}

/// Takes out of the body the lines the model calls chrome, after smoothing.
fn veto_chrome(
    units: &[String],
    model: &LineModel,
    reader: TextReader,
    article: &mut Article,
    trace: &mut Trace,
) {
    // The model learned from whole page dumps; a text of a few lines gives
    // it no context to judge by, and the rules alone read it.
    if article.blocks.is_empty() || units.len() < MIN_VETO_UNITS {
        return;
    }
    let facts: Vec<LineFacts> = units
        .iter()
        .map(|text| LineFacts {
            text: text.as_str(),
            rule: rule_name(text),
        })
        .collect();
    let scores: Vec<f32> = model
        .score_lines(&facts)
        .into_iter()
        .map(|score| score + reader.bias)
        .collect();
    let body = smooth(&scores, reader.switch_cost);
    let chrome: rustc_hash::FxHashSet<&str> = units
        .iter()
        .zip(&body)
        .filter(|(_, &keep)| !keep)
        .map(|(text, _)| text.as_str())
        .collect();
    let kept: Vec<Block> = article
        .blocks
        .iter()
        .filter(|block| !chrome.contains(block.text.as_str()))
        .cloned()
        .collect();
    if !kept.is_empty() {
        if trace.is_on() {
            explain_veto(units, &scores, &chrome, &article.blocks, trace);
        }
        article.set_blocks(kept);
    }
}

/// Records the body's blocks the line model took out, each with the score
/// of its line (before smoothing, which may overrule a line's own score).
fn explain_veto(
    units: &[String],
    scores: &[f32],
    chrome: &rustc_hash::FxHashSet<&str>,
    blocks: &[Block],
    trace: &mut Trace,
) {
    for block in blocks {
        if !chrome.contains(block.text.as_str()) {
            continue;
        }
        let score = units
            .iter()
            .position(|u| *u == block.text)
            .and_then(|i| scores.get(i));
        let rule = match score {
            Some(score) => format!("line-model:chrome (score {score:.2})"),
            None => "line-model:chrome".to_string(),
        };
        trace.drop(&block.text, &rule);
    }
}

/// Reads the units with the hand-written rules only.
fn read_with_rules(units: &[String], article: &mut Article, trace: &mut Trace) {
    let header = read_header(units);
    if trace.is_on() {
        for unit in units.iter().take(header.end) {
            trace.drop(unit, header_rule(unit));
        }
    }
    article.published = header.published;
    let mut rest = units.get(header.end..).unwrap_or_default();
    if let Some((title, after)) = rest
        .split_first()
        .filter(|(t, after)| !after.is_empty() && is_title_like(t))
    {
        article.title = Some(title.clone());
        let (published, rest_after) = take_date_line(after);
        if rest_after.len() < after.len() {
            if let Some(line) = after.first() {
                trace.drop(line, "text:date-under-title");
            }
        }
        article.published = article.published.take().or(published);
        rest = rest_after;
    }
    let units: Vec<Unit> = rest.iter().map(|text| Unit::new(text)).collect();
    let mut blocks = Vec::new();
    sort_units(&units, article, &mut blocks, trace);
    article.set_blocks(blocks);
}

/// One paragraph of the text and what it looks like.
struct Unit<'a> {
    text: &'a str,
    kind: Kind,
}

enum Kind {
    /// Recognised boilerplate.
    Trailer(Boilerplate),
    /// A label whose content is on the following unit(s).
    Label(Label),
    /// Short, no final punctuation: a headline if it comes after the body.
    Headline,
    /// One or two short sentences: a headline if it sits among trailers.
    ShortSentence,
    Body,
}

impl<'a> Unit<'a> {
    fn new(text: &'a str) -> Self {
        let kind = if let Some(label) = bare_label(text) {
            Kind::Label(label)
        } else if let Some(boilerplate) = classify_line(text) {
            Kind::Trailer(boilerplate)
        } else if is_headline(text) {
            Kind::Headline
        } else if is_short_sentence(text) {
            Kind::ShortSentence
        } else {
            Kind::Body
        };
        Unit { text, kind }
    }

    fn is_trailer(&self) -> bool {
        matches!(self.kind, Kind::Trailer(_) | Kind::Label(_))
    }

    fn is_headline_shaped(&self) -> bool {
        matches!(self.kind, Kind::Headline | Kind::ShortSentence)
    }
}

/// Walks the units: body paragraphs into `blocks`, trailers into their fields.
fn sort_units(units: &[Unit], article: &mut Article, blocks: &mut Vec<Block>, trace: &mut Trace) {
    let tail = tail_start(units);
    let mut index = 0;
    while let Some(unit) = units.get(index) {
        index += 1;
        match &unit.kind {
            Kind::Trailer(boilerplate) => {
                trace.drop_with(|| {
                    (
                        unit.text.to_string(),
                        format!("boilerplate:{}", boilerplate.name()),
                    )
                });
                apply_boilerplate(boilerplate, article)
            }
            Kind::Label(label) => {
                let following = units.get(index..).unwrap_or_default();
                let taken = apply_label(*label, following, article);
                trace.drop(unit.text, label.name());
                if trace.is_on() {
                    let content = format!("{}:content", label.name());
                    for owned in following.iter().take(taken) {
                        trace.drop(owned.text, &content);
                    }
                }
                index += taken;
            }
            Kind::Headline | Kind::ShortSentence if index > tail => {
                trace.drop(unit.text, "text:tail-headline");
                add_related(article, link(unit.text))
            }
            _ => blocks.push(Block::new(BlockKind::Paragraph, unit.text)),
        }
    }
}

/// Where the tail starts: the last run of units made only of trailers and
/// headline-like units, from its first trailer on (`units.len()` if none).
/// Headline-like units before that first trailer stay in the body.
fn tail_start(units: &[Unit]) -> usize {
    let mut start = units.len();
    for (index, unit) in units.iter().enumerate().rev() {
        // A full-stopped headline needs tail material after it: at the very
        // end of the text it is the body's last sentence.
        let next_belongs = start == index + 1 && start < units.len();
        let belongs = match unit.kind {
            Kind::Trailer(_) | Kind::Label(_) | Kind::Headline => true,
            Kind::ShortSentence => next_belongs,
            Kind::Body => false,
        };
        if !belongs {
            break;
        }
        start = index;
    }
    let first_trailer = units.iter().skip(start).position(Unit::is_trailer);
    first_trailer.map_or(units.len(), |offset| start + offset)
}

fn apply_boilerplate(boilerplate: &Boilerplate, article: &mut Article) {
    match boilerplate {
        Boilerplate::Promo | Boilerplate::TypoNotice | Boilerplate::Legal => {}
        Boilerplate::TranslationNote(code) => {
            article.source_language.get_or_insert_with(|| code.clone());
        }
        Boilerplate::Tags(tags) => add_tags(article, tags),
        Boilerplate::Next(title) => set_next(article, link(title)),
        Boilerplate::Previous(title) => add_related(article, link(title)),
        Boilerplate::Related(Some(title)) => add_related(article, link(title)),
        Boilerplate::Related(None) => {}
    }
}

/// Takes what a bare label owns from the units that follow it; returns how
/// many units it took.
fn apply_label(label: Label, following: &[Unit], article: &mut Article) -> usize {
    let first = following.first().filter(|unit| !unit.is_trailer());
    match label {
        Label::Related => {
            let headlines = following
                .iter()
                .take(MAX_LABELLED_HEADLINES)
                .take_while(|unit| matches!(unit.kind, Kind::Headline))
                .count();
            for unit in following.iter().take(headlines) {
                add_related(article, link(unit.text));
            }
            headlines
        }
        Label::Next | Label::Previous => match first.filter(|unit| unit.is_headline_shaped()) {
            Some(unit) if label == Label::Next => {
                set_next(article, link(unit.text));
                1
            }
            Some(unit) => {
                add_related(article, link(unit.text));
                1
            }
            None => 0,
        },
        Label::Tags => match first.filter(|unit| is_tag_list(unit.text)) {
            Some(unit) => {
                add_tags(article, &split_tags(unit.text));
                1
            }
            None => 0,
        },
    }
}

/// What may follow a bare "Tags:" label: a short list, not a sentence.
fn is_tag_list(text: &str) -> bool {
    text.chars().count() <= MAX_TAG_LIST_CHARS && !ends_with_terminal(text)
}

fn add_tags(article: &mut Article, tags: &[String]) {
    for tag in tags {
        let known = article
            .tags
            .iter()
            .any(|t| t.to_lowercase() == tag.to_lowercase());
        if known {
            continue;
        }
        if article.tags.len() == MAX_TAGS {
            warn_once(
                article,
                format!("more than {MAX_TAGS} tags; the rest were dropped"),
            );
            return;
        }
        article.tags.push(tag.clone());
    }
}

/// The first "next" teaser wins; any further one is kept as related.
fn set_next(article: &mut Article, next: Link) {
    if article.next.is_none() {
        article.next = Some(next);
    } else {
        add_related(article, next);
    }
}

fn add_related(article: &mut Article, related: Link) {
    let known = article
        .related
        .iter()
        .chain(&article.next)
        .any(|l| l.title == related.title);
    if known || related.title.is_empty() {
        return;
    }
    if article.related.len() == MAX_RELATED {
        let warning = format!("more than {MAX_RELATED} related headlines; the rest were dropped");
        warn_once(article, warning);
        return;
    }
    article.related.push(related);
}

fn warn_once(article: &mut Article, warning: String) {
    if !article.warnings.contains(&warning) {
        article.warnings.push(warning);
    }
}

static TRAILING_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[(\[]?(?P<url>https?://\S+?)[)\]]?$").expect("valid URL pattern")
});

/// A headline, with the address that follows it when the line has one.
fn link(text: &str) -> Link {
    let Some(found) = TRAILING_URL.captures(text) else {
        return Link {
            title: text.trim().to_string(),
            url: None,
        };
    };
    let start = found.get(0).map_or(text.len(), |m| m.start());
    let title = text
        .get(..start)
        .unwrap_or(text)
        .trim()
        .trim_end_matches([':', '-', '–', '—', '|']);
    let url = found.name("url").map(|m| m.as_str().to_string());
    // A bare address is its own title.
    let title = Some(title.trim())
        .filter(|t| !t.is_empty())
        .unwrap_or(text.trim());
    Link {
        title: title.to_string(),
        url,
    }
}

/// Cuts the text into units: blank-line-separated paragraphs (hard-wrapped
/// lines joined), or one unit per line when the text has no blank lines.
fn split_units(text: &str) -> Vec<String> {
    let text = unify_line_endings(text);
    let blocks = blocks_of_lines(&text);
    if blocks.len() == 1 {
        return blocks.into_iter().flatten().collect();
    }
    blocks.into_iter().flat_map(join_block).collect()
}

/// `\r\n` and lone `\r` become `\n`.
fn unify_line_endings(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Groups normalised, non-empty lines into blank-line-separated blocks.
fn blocks_of_lines(text: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for line in text.split('\n') {
        let line = collapse_whitespace(line);
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The units of one block: the whole block when it is one hard-wrapped
/// paragraph, else its lines, joining a line to the previous one only when the
/// previous one stops mid-sentence and this one goes on in lower case.
fn join_block(lines: Vec<String>) -> Vec<String> {
    if lines.len() < 2 {
        return lines;
    }
    if is_hard_wrapped(&lines) {
        return vec![lines.join(" ")];
    }
    let mut units: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        match units.last_mut() {
            Some(previous) if continues(previous, &line) => {
                previous.push(' ');
                previous.push_str(&line);
            }
            _ => units.push(line),
        }
    }
    units
}

/// Lines of similar, moderate length, at least one broken mid-sentence, and
/// none of them boilerplate: one paragraph wrapped at a fixed width.
fn is_hard_wrapped(lines: &[String]) -> bool {
    let Some((_, all_but_last)) = lines.split_last() else {
        return false;
    };
    all_but_last
        .iter()
        .all(|line| (40..=120).contains(&line.chars().count()))
        && all_but_last.iter().any(|line| !ends_with_terminal(line))
        && lines.iter().all(|line| !is_boilerplate(line))
}

fn continues(previous: &str, line: &str) -> bool {
    !ends_with_terminal(previous)
        && line.chars().next().is_some_and(|c| c.is_lowercase())
        && !is_boilerplate(previous)
        && !is_boilerplate(line)
}

fn is_boilerplate(line: &str) -> bool {
    bare_label(line).is_some() || classify_line(line).is_some()
}

/// Where the header (breadcrumbs, date lines, promo lines) ends, and the date it gave.
struct Header {
    end: usize,
    published: Option<String>,
}

fn read_header(units: &[String]) -> Header {
    let mut header = Header {
        end: 0,
        published: None,
    };
    for unit in units.iter().take(MAX_HEADER_UNITS) {
        if let Some(date) = date_line(unit) {
            header.published = header.published.or(date);
        } else if !is_breadcrumb(unit)
            && !matches!(
                classify_line(unit),
                Some(Boilerplate::Promo | Boilerplate::Legal)
            )
        {
            break;
        }
        header.end += 1;
    }
    header
}

/// Why [`read_header`] passed over a unit (for [`crate::explain`]).
fn header_rule(unit: &str) -> &'static str {
    if date_line(unit).is_some() {
        "text:header:date"
    } else if is_breadcrumb(unit) {
        "text:header:breadcrumb"
    } else if let Some(Boilerplate::Legal) = classify_line(unit) {
        "text:header:legal"
    } else {
        "text:header:promo"
    }
}

/// Drops a date line right after the title, returning its date.
fn take_date_line(units: &[String]) -> (Option<String>, &[String]) {
    match units.split_first() {
        Some((first, rest)) if !rest.is_empty() => match date_line(first) {
            Some(date) => (date, rest),
            None => (None, units),
        },
        _ => (None, units),
    }
}

fn is_title_like(text: &str) -> bool {
    let chars = text.chars().count();
    let words = text.split_whitespace().count();
    chars <= MAX_TITLE_CHARS
        && words <= MAX_TITLE_WORDS
        && !text.ends_with([':', ';', ','])
        && !ends_with_full_stop(text)
        && !starts_with_dash(text)
        && sentence_breaks(text) <= 1
        && !is_boilerplate(text)
}

/// Short, several words, no final punctuation, opens like a headline.
fn is_headline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.chars().count() <= MAX_HEADLINE_CHARS
        && (MIN_HEADLINE_WORDS..=MAX_HEADLINE_WORDS).contains(&words)
        && !ends_with_terminal(text)
        && opens_like_headline(text)
}

/// One or two short sentences ending in . ! or ?, opening like a headline.
fn is_short_sentence(text: &str) -> bool {
    text.chars().count() <= MAX_SHORT_SENTENCE_CHARS
        && text.split_whitespace().count() >= MIN_HEADLINE_WORDS
        && ends_with_terminal(text)
        && !text.ends_with(':')
        && sentence_breaks(text) <= 1
        && opens_like_headline(text)
}

fn opens_like_headline(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '«' | '"' | '“'))
}

/// Headlines do not end with a full stop; sentences do ("..." is no full stop).
fn ends_with_full_stop(text: &str) -> bool {
    text.ends_with('.') && !text.ends_with("..")
}

fn starts_with_dash(text: &str) -> bool {
    text.starts_with(['–', '—', '-', '―'])
}

/// Whether the text ends like a sentence (closing quotes and brackets aside).
fn ends_with_terminal(text: &str) -> bool {
    let text = text.trim_end_matches(['»', '”', '"', '\'', ')', ']', '’', ' ']);
    text.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// How many sentence breaks (". ", "! ", "? ") the text has inside it.
fn sentence_breaks(text: &str) -> usize {
    text.as_bytes()
        .windows(2)
        .filter(|pair| matches!(pair, [b'.' | b'!' | b'?', b' ']))
        .count()
}

/// A line of navigation: "Home > News > Politics", «Главная / Новости».
fn is_breadcrumb(line: &str) -> bool {
    const SEPARATORS: &[&str] = &[" > ", " » ", " › ", " / ", " → ", " | ", " \\ "];
    if line.chars().count() > MAX_TITLE_CHARS || ends_with_terminal(line) {
        return false;
    }
    SEPARATORS.iter().any(|separator| {
        let parts: Vec<&str> = line.split(separator).map(str::trim).collect();
        let starts_at_home = parts.first().is_some_and(|p| is_home(&p.to_lowercase()));
        (parts.len() >= 3 || parts.len() == 2 && starts_at_home)
            && parts
                .iter()
                .all(|p| (1..=40).contains(&p.chars().count()) && p.split_whitespace().count() <= 5)
    })
}

/// The first step of a breadcrumb ("Home", «Главная»): `home_words` in
/// [`crate::lexicon`].
fn is_home(lowered: &str) -> bool {
    static HOME: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| LEXICON.all(|l| &l.home_words).collect());
    HOME.contains(&lowered)
}

/// The label before a date line's date ("Published:", «Опубликовано»):
/// `date_labels`.
static DATE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:{})\s*(?:on|:)?\s*",
        LEXICON.alternation(|l| &l.date_labels)
    ))
    .expect("valid date prefix pattern")
});

/// "12.03.2024", maybe with a year abbreviation after it
/// (`year_abbreviations`).
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\p{{L}}+,?\s+)?(?P<d>\d{{1,2}})(?P<sep>[./])(?P<m>\d{{1,2}})[./](?P<y>\d{{4}})(?:\s*(?:{})\.?)?(?P<rest>.*)$",
        LEXICON.alternation(|l| &l.year_abbreviations)
    ))
    .expect("valid numeric date pattern")
});

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::\d{2})?\S*)?(?P<rest>.*)$")
        .expect("valid ISO date pattern")
});

/// "12 March 2024", maybe with the year's abbreviation or word after it
/// (`year_abbreviations`, `year_words`).
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let abbreviations = LEXICON.alternation(|l| &l.year_abbreviations);
    Regex::new(&format!(
        r"^(?:\p{{L}}+,?\s+)?(?P<d>\d{{1,2}})\s+(?P<mon>\p{{L}}+)\.?,?\s+(?P<y>\d{{4}})(?:\s*(?:(?:{abbreviations})\.|{}|(?:{abbreviations})\b))?(?P<rest>.*)$",
        LEXICON.alternation(|l| &l.year_words)
    ))
    .expect("valid day-month-year pattern")
});

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\p{L}+,?\s+)?(?P<mon>\p{L}+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?P<rest>.*)$",
    )
    .expect("valid month-day-year pattern")
});

/// What may follow a date on a date line: a time (maybe after one of
/// `time_leads`), a zone name (`time_zones`) or offset, nothing else.
static TIME_REST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        concat!(
            r"(?i)^\s*(?:,|{}|-|–|—|\|)?\s*(?:(?P<H>\d{{1,2}}):(?P<M>\d{{2}})\s*(?P<ampm>[ap]\.?m\.?)?)?",
            r"\s*(?:{}|[+-]\d{{2}}:?\d{{2}})?\s*$"
        ),
        LEXICON.alternation(|l| &l.time_leads),
        LEXICON.alternation(|l| &l.time_zones)
    ))
    .expect("valid time pattern")
});

static LEADING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<H>\d{1,2}):(?P<M>\d{2}),?\s+(?P<date>.+)$")
        .expect("valid leading time pattern")
});

/// `Some(date)` when the whole line is a date (maybe with a time), as ISO
/// 8601; `Some(None)` when it is a date line whose date is ambiguous
/// (03/04/2024); `None` when it is not a date line.
fn date_line(line: &str) -> Option<Option<String>> {
    if line.chars().count() > 80 {
        return None;
    }
    let line = DATE_PREFIX
        .find(line)
        .map_or(line, |m| line.get(m.end()..).unwrap_or(line))
        .trim();
    let found = match LEADING_TIME.captures(line) {
        Some(caps) => {
            let time = time_of(group(&caps, "H"), group(&caps, "M"), None);
            match parse_date(group(&caps, "date"))? {
                Found::Date(date, _) => Found::Date(date, time),
                Found::Ambiguous => Found::Ambiguous,
            }
        }
        None => parse_date(line)?,
    };
    Some(match found {
        Found::Date(date, time) => Some(with_time(date, time)),
        Found::Ambiguous => None,
    })
}

/// A date line's reading.
enum Found {
    Date(NaiveDate, Option<NaiveTime>),
    /// 03/04/2024: March or April.
    Ambiguous,
}

/// Parses a date followed by nothing but an optional time and zone.
fn parse_date(line: &str) -> Option<Found> {
    let (year, month, day, rest) = if let Some(c) = ISO_DATE.captures(line) {
        let time = time_of(group(&c, "H"), group(&c, "M"), None);
        let rest = group(&c, "rest");
        let date = ymd(group(&c, "y"), group(&c, "m"), group(&c, "d"))?;
        return TIME_REST
            .is_match(rest)
            .then(|| Found::Date(date, time.or_else(|| rest_time(rest))));
    } else if let Some(c) = NUMERIC_DATE.captures(line) {
        let (day, month) = (group(&c, "d"), group(&c, "m"));
        let (day, month) = match (
            group(&c, "sep"),
            day.parse::<u32>().ok()?,
            month.parse::<u32>().ok()?,
        ) {
            ("/", d, m) if d <= 12 && m <= 12 => {
                return TIME_REST
                    .is_match(group(&c, "rest"))
                    .then_some(Found::Ambiguous);
            }
            // 03/25/2024: the second number cannot be a month, so it is the day (US order).
            ("/", d, _) if d <= 12 => (month, day),
            _ => (day, month),
        };
        (group(&c, "y"), month, day, group(&c, "rest"))
    } else if let Some(c) = DAY_MONTH_YEAR
        .captures(line)
        .or_else(|| MONTH_DAY_YEAR.captures(line))
    {
        let month = month_number(group(&c, "mon"))?;
        let date = ymd_numbers(group(&c, "y"), month, group(&c, "d"))?;
        let rest = group(&c, "rest");
        return TIME_REST
            .is_match(rest)
            .then(|| Found::Date(date, rest_time(rest)));
    } else {
        return None;
    };
    let date = ymd(year, month, day)?;
    TIME_REST
        .is_match(rest)
        .then(|| Found::Date(date, rest_time(rest)))
}

fn ymd_numbers(year: &str, month: u32, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}

fn ymd(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn rest_time(rest: &str) -> Option<NaiveTime> {
    let caps = TIME_REST.captures(rest)?;
    time_of(
        caps.name("H")?.as_str(),
        caps.name("M")?.as_str(),
        caps.name("ampm").map(|m| m.as_str()),
    )
}

fn time_of(hour: &str, minute: &str, am_pm: Option<&str>) -> Option<NaiveTime> {
    let mut hour: u32 = hour.parse().ok()?;
    match am_pm.map(|s| s.to_ascii_lowercase().starts_with('p')) {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    NaiveTime::from_hms_opt(hour, minute.parse().ok()?, 0)
}

fn with_time(date: NaiveDate, time: Option<NaiveTime>) -> String {
    match time {
        Some(time) => date.and_time(time).format("%Y-%m-%dT%H:%M:%S").to_string(),
        None => date.format("%Y-%m-%d").to_string(),
    }
}

/// English, Russian and Ukrainian month names (any case ending) → 1..=12:
/// a word that starts with one of the month's forms in those languages'
/// `months` ([`crate::lexicon`]).
fn month_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    DATE_LINE_MONTHS
        .iter()
        .find(|(prefix, _)| name.starts_with(prefix.as_str()))
        .map(|&(_, number)| number)
}

/// The languages whose month names the date lines of scraped text are read in.
const DATE_LINE_LANGUAGES: [&str; 3] = ["en", "ru", "uk"];

/// Their month forms, each with its number.
static DATE_LINE_MONTHS: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    DATE_LINE_LANGUAGES
        .iter()
        .filter_map(|code| LEXICON.language(code))
        .flat_map(|language| language.month_forms())
        .map(|(form, n)| (form.to_string(), n))
        .collect()
});

/// The text of a named group, or "" when it did not take part in the match.
fn group<'t>(caps: &Captures<'t>, name: &str) -> &'t str {
    caps.name(name).map_or("", |m| m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(text: &str) -> Article {
        extract_from_text(text, &ExtractOptions::default())
    }

    fn paragraphs(article: &Article) -> Vec<&str> {
        article.blocks.iter().map(|b| b.text.as_str()).collect()
    }

    fn titles(links: &[Link]) -> Vec<&str> {
        links.iter().map(|l| l.title.as_str()).collect()
    }

    fn headline(title: &str) -> Option<Link> {
        Some(Link {
            title: title.to_string(),
            url: None,
        })
    }

    #[test]
    fn english_site_with_share_related_copyright_tags_and_next() {
        let article = extract(
            "Harbour authority approves second ferry terminal\n\n\
             The harbour authority on Tuesday approved plans for a second ferry terminal on the east \
             bank, ending a two-year dispute with local residents.\n\n\
             The new terminal will handle up to twelve sailings a day, according to the approved plan.\n\n\
             \"We listened to every objection,\" the authority's chair, Maria Olsen, told reporters.\n\n\
             Share this article\n\n\
             Related: City council backs tram extension\n\
             Read also: Port strike ends after three days https://example.com/news/port-strike\n\n\
             © 2024 Coastline Daily. All rights reserved.\n\n\
             Tags: ports, ferries, east bank\n\n\
             Next article: Lighthouse reopens to visitors\n",
        );
        assert_eq!(
            article.title.as_deref(),
            Some("Harbour authority approves second ferry terminal")
        );
        assert_eq!(article.blocks.len(), 3);
        assert!(paragraphs(&article)[2].ends_with("told reporters."));
        assert_eq!(
            titles(&article.related),
            [
                "City council backs tram extension",
                "Port strike ends after three days"
            ]
        );
        assert_eq!(
            article.related[1].url.as_deref(),
            Some("https://example.com/news/port-strike")
        );
        assert_eq!(article.tags, ["ports", "ferries", "east bank"]);
        assert_eq!(article.next, headline("Lighthouse reopens to visitors"));
        assert_eq!(article.source_language, None);
        assert_eq!(article.language.as_deref(), Some("en"));
        assert!(!article.text.contains("Coastline Daily") && !article.text.contains("Share"));
        assert!(article.warnings.is_empty());
    }

    #[test]
    fn russian_site_with_inline_read_also_and_labelled_trailers() {
        let article = extract(
            "В Новосибирске открыли новый мост через Обь\n\n\
             Движение по новому мосту через Обь открыли в субботу утром, сообщили в мэрии Новосибирска.\n\n\
             Строительство моста длилось четыре года и обошлось бюджету в 38 миллиардов рублей.\n\n\
             Читайте также: Мэрия Новосибирска утвердила новый план развития транспорта\n\n\
             По словам мэра, мост разгрузит центральные улицы города и сократит время в пути для жителей \
             левого берега.\n\n\
             – Мы ждали этого много лет, – сказал один из водителей.\n\n\
             Подписывайтесь на наш канал в Telegram\n\n\
             Читайте также:\n\
             Жители Бердска пожаловались на пробки\n\
             В Оби начался ледоход\n\n\
             Нашли ошибку? Выделите её и нажмите Ctrl+Enter\n\n\
             Теги: Новосибирск, мосты, транспорт\n\n\
             Следующая новость\n\
             Синоптики пообещали морозы до минус тридцати\n",
        );
        assert_eq!(
            article.title.as_deref(),
            Some("В Новосибирске открыли новый мост через Обь")
        );
        assert_eq!(article.blocks.len(), 4);
        assert_eq!(
            paragraphs(&article)[3],
            "– Мы ждали этого много лет, – сказал один из водителей."
        );
        assert_eq!(
            titles(&article.related),
            [
                "Мэрия Новосибирска утвердила новый план развития транспорта",
                "Жители Бердска пожаловались на пробки",
                "В Оби начался ледоход",
            ]
        );
        assert_eq!(article.tags, ["Новосибирск", "мосты", "транспорт"]);
        assert_eq!(
            article.next,
            headline("Синоптики пообещали морозы до минус тридцати")
        );
        assert_eq!(article.language.as_deref(), Some("ru"));
        assert!(!article.text.contains("Читайте") && !article.text.contains("Telegram"));
    }

    #[test]
    fn russian_republisher_with_headlines_between_promo_and_typo_notice() {
        let article = extract(
            "Мэрия Томска закупит новые трамваи\n\n\
             Мэрия Томска закупит двадцать новых трамваев до конца года, сообщил глава города на \
             брифинге во вторник.\n\n\
             Глава города отметил:\n\n\
             – Старые вагоны отработали больше сорока лет. Пора их менять.\n\n\
             Смотрите видео\n\n\
             Подписывайтесь на наш Дзен\n\n\
             В Томске отремонтируют мост через Ушайку\n\n\
             Трамвайное депо переедет на окраину. Работы начнутся весной\n\n\
             Заметили ошибку? Выделите её и нажмите Ctrl+Enter\n\n\
             Перевод с белорусского\n\n\
             Теги: трамваи Томск мэрия\n\n\
             Следующая новость: Зима в Сибири будет тёплой\n",
        );
        assert_eq!(
            article.title.as_deref(),
            Some("Мэрия Томска закупит новые трамваи")
        );
        assert_eq!(article.blocks.len(), 3);
        assert_eq!(
            paragraphs(&article)[2],
            "– Старые вагоны отработали больше сорока лет. Пора их менять."
        );
        assert_eq!(
            titles(&article.related),
            [
                "В Томске отремонтируют мост через Ушайку",
                "Трамвайное депо переедет на окраину. Работы начнутся весной",
            ]
        );
        assert_eq!(article.source_language.as_deref(), Some("be"));
        assert_eq!(article.tags, ["трамваи", "Томск", "мэрия"]);
        assert_eq!(article.next, headline("Зима в Сибири будет тёплой"));
        assert_eq!(article.language.as_deref(), Some("ru"));
        assert!(article.warnings.is_empty());
    }

    #[test]
    fn text_without_trailers_keeps_every_paragraph() {
        let article = extract(
            "Local library extends opening hours\n\n\
             The city library will stay open until 9pm on weekdays from next month, the council said on Friday.\n\n\
             The change follows a survey in which most readers asked for evening hours.\n\n\
             Staff will be added to cover the late shifts\n",
        );
        assert_eq!(
            article.title.as_deref(),
            Some("Local library extends opening hours")
        );
        assert_eq!(
            paragraphs(&article).last(),
            Some(&"Staff will be added to cover the late shifts")
        );
        assert_eq!(article.blocks.len(), 3);
        assert!(article.related.is_empty() && article.next.is_none() && article.tags.is_empty());
    }

    #[test]
    fn breadcrumbs_and_date_above_the_title() {
        let article = extract(
            "Home > News > Politics\n\n\
             March 12, 2024, 2:35 pm\n\n\
             Senate passes water bill after long debate\n\n\
             The Senate passed the water infrastructure bill by 61 votes to 38 on Tuesday.\n\n\
             Supporters said the bill would fund repairs to ageing pipes in more than 200 towns.\n\n\
             Photo: State Senate press office\n\n\
             Translated from Spanish\n\n\
             Previous story: Governor signs school budget\n",
        );
        assert_eq!(
            article.title.as_deref(),
            Some("Senate passes water bill after long debate")
        );
        assert_eq!(article.published.as_deref(), Some("2024-03-12T14:35:00"));
        assert_eq!(article.blocks.len(), 2);
        assert!(paragraphs(&article)[0].starts_with("The Senate passed"));
        assert_eq!(article.source_language.as_deref(), Some("es"));
        assert_eq!(titles(&article.related), ["Governor signs school budget"]);
        assert!(!article.text.contains("Home") && !article.text.contains("Photo"));
    }

    #[test]
    fn windows_line_endings_without_blank_lines_and_a_date_under_the_title() {
        let article = extract(
            "\r\n\r\nРосстат: инфляция в марте замедлилась\r\n12 марта 2024, 10:15\r\n\
             Инфляция в России в марте замедлилась до 7,7% в годовом выражении, сообщил Росстат.\r\n\
             Аналитики ожидали более медленного снижения цен.\r\n\
             Смотрите видео\r\n\
             При перепечатке ссылка на источник обязательна\r\n\r\n",
        );
        assert_eq!(
            article.title.as_deref(),
            Some("Росстат: инфляция в марте замедлилась")
        );
        assert_eq!(article.published.as_deref(), Some("2024-03-12T10:15:00"));
        assert_eq!(
            paragraphs(&article),
            [
                "Инфляция в России в марте замедлилась до 7,7% в годовом выражении, сообщил Росстат.",
                "Аналитики ожидали более медленного снижения цен.",
            ]
        );
        assert!(!article.text.contains('\r'));
    }

    #[test]
    fn short_lines_between_trailers_are_related_but_the_last_paragraph_stays() {
        let article = extract(
            "Coastal towns brace for storm\n\n\
             Forecasters issued a storm warning for the whole coast on Sunday and urged residents to \
             stay indoors until Tuesday morning.\n\n\
             – We will be ready.\n\n\
             The storm is expected to reach land overnight.\n\n\
             Follow us on Facebook\n\n\
             Bridge repairs will start in May.\n\n\
             Ferry timetable changes for winter\n\n\
             Spotted a typo? Select it and press Ctrl+Enter\n",
        );
        assert_eq!(article.blocks.len(), 3);
        assert_eq!(
            paragraphs(&article)[2],
            "The storm is expected to reach land overnight."
        );
        assert_eq!(
            titles(&article.related),
            [
                "Bridge repairs will start in May.",
                "Ferry timetable changes for winter"
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let article = extract(
            "Court postpones hearing in mayor case\n\n\
             The regional court on Monday postponed the hearing in the case\n\
             of the former mayor until the end of the month, citing the\n\
             illness of one of the defence lawyers.\n\n\
             The prosecution did not object.\n",
        );
        assert_eq!(
            paragraphs(&article),
            [
                "The regional court on Monday postponed the hearing in the case of the former mayor until \
                 the end of the month, citing the illness of one of the defence lawyers.",
                "The prosecution did not object.",
            ]
        );
    }

    #[test]
    fn a_long_first_line_is_body_not_title() {
        let first = "The regional government announced on Wednesday that it would spend an additional \
                     two billion on road repairs over the next three years, after a winter in which \
                     hundreds of potholes appeared on the main highways and drivers filed record claims.";
        let article = extract(&format!(
            "{first}\n\nThe plan still needs the assembly's approval.\n"
        ));
        assert_eq!(article.title, None);
        assert_eq!(
            paragraphs(&article),
            [first, "The plan still needs the assembly's approval."]
        );
    }

    #[test]
    fn only_boilerplate_gives_an_empty_body_but_keeps_the_fields() {
        let article = extract(
            "Subscribe to our newsletter\n\nFound a typo? Press Ctrl+Enter\n\nTags: weather\n\n\
             NEXT Snow closes mountain pass\n",
        );
        assert_eq!(article.title, None);
        assert!(article.text.is_empty() && article.blocks.is_empty());
        assert_eq!(article.tags, ["weather"]);
        assert_eq!(article.next, headline("Snow closes mountain pass"));
    }

    #[test]
    fn empty_and_blank_input() {
        assert_eq!(extract(""), Article::default());
        assert_eq!(extract(" \r\n\n\t \u{a0}\n"), Article::default());
    }

    #[test]
    fn a_single_line_is_body() {
        let article = extract("Just one line of text here");
        assert_eq!(article.title, None);
        assert_eq!(article.text, "Just one line of text here");
    }

    #[test]
    fn five_megabytes_on_one_line_is_read_in_linear_time() {
        let text = "word ".repeat(1_000_000);
        let started = std::time::Instant::now();
        let article = extract(&text);
        assert_eq!(article.blocks.len(), 1);
        assert_eq!(article.text.len(), text.len() - 1);
        assert_eq!(article.title, None);
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_first_line_ending_in_a_full_stop_is_body() {
        let article = extract("The minister resigned on Friday.\nHe cited health reasons.\n");
        assert_eq!(article.title, None);
        assert_eq!(article.blocks.len(), 2);
    }

    #[test]
    fn related_headlines_are_capped_with_a_warning() {
        let headlines: String = (0..80)
            .map(|i| format!("Headline number {i} about the port\n\n"))
            .collect();
        let text = format!(
            "Port news roundup for the week\n\nThe port handled a record number of ships this week.\n\n\
             Read also:\n\n{headlines}"
        );
        let article = extract(&text);
        assert_eq!(article.blocks.len(), 1);
        assert_eq!(article.related.len(), MAX_RELATED);
        assert_eq!(
            article.warnings,
            ["more than 50 related headlines; the rest were dropped"]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "\u{feff}NEXT",
            "Tags:",
            "#",
            "©",
            "–",
            "\r",
            "\r\r\r",
            "Читайте также:",
            "Next article",
            "a\u{200b}\n\n\u{a0}\n\nb",
            "12:30, ",
            "31/31/2024",
            "Home > ",
            "Теги:\n\n",
            "Следующая новость\n\nTags: x\n\nNEXT",
            "İ",
            "ß\u{301}\u{301}\u{301}",
        ] {
            let _ = extract(text);
            let _ = extract(&format!("Title line here\n\n{text}\n\n{text}"));
        }
    }

    #[test]
    fn a_short_sentence_after_an_inline_promo_at_the_very_end_stays_body() {
        let article = extract(
            "Talks between the unions and the airline broke down\n\n\
             Negotiations between the pilots' union and the airline broke down late on Thursday \
             after twelve hours of talks.\n\n\
             Subscribe to our newsletter\n\n\
             The talks will resume next week.\n",
        );
        assert_eq!(article.blocks.len(), 2);
        assert_eq!(paragraphs(&article)[1], "The talks will resume next week.");
        assert!(article.related.is_empty());
    }

    #[test]
    fn labels_on_their_own_line_take_the_next_line() {
        let article = extract(
            "Tram line to the airport approved\n\n\
             The city assembly approved the tram line to the airport by a large majority.\n\n\
             Tags:\n\ntransport, airport, trams\n\n\
             Previous article\n\nBus fares frozen for another year\n",
        );
        assert_eq!(article.blocks.len(), 1);
        assert_eq!(article.tags, ["transport", "airport", "trams"]);
        assert_eq!(
            titles(&article.related),
            ["Bus fares frozen for another year"]
        );
    }

    #[test]
    fn date_lines() {
        assert_eq!(
            date_line("12.03.2024"),
            Some(Some("2024-03-12".to_string()))
        );
        assert_eq!(
            date_line("Published: 2024-03-12T08:05:00Z"),
            Some(Some("2024-03-12T08:05:00".to_string()))
        );
        assert_eq!(
            date_line("12 марта 2024 г., 10:15"),
            Some(Some("2024-03-12T10:15:00".to_string()))
        );
        assert_eq!(
            date_line("14:20, 5 січня 2024"),
            Some(Some("2024-01-05T14:20:00".to_string()))
        );
        assert_eq!(
            date_line("Monday, 4 March 2024"),
            Some(Some("2024-03-04".to_string()))
        );
        assert_eq!(date_line("03/04/2024"), Some(None));
        assert_eq!(date_line("31.02.2024"), None);
        assert_eq!(date_line("12 March 2024 the council met"), None);
        assert_eq!(date_line("Senate passes water bill"), None);
    }

    #[test]
    fn breadcrumbs() {
        assert!(is_breadcrumb("Home > News > Politics"));
        assert!(is_breadcrumb("Главная / Новости"));
        assert!(is_breadcrumb("News » World » Europe"));
        assert!(!is_breadcrumb("Prices rose 5% / 7% in two years"));
        assert!(!is_breadcrumb("Senate passes water bill after long debate"));
    }
}
