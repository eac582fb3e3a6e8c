//! Line-level boilerplate rules shared by the HTML and scraped-text paths:
//! what a typo-report notice, a subscribe prompt, a tag line, a translation
//! note or a "NEXT" teaser looks like, in English and Russian (and, where the
//! phrase is cheap to list, Ukrainian, German, French, Spanish, Italian,
//! Portuguese, Polish and Turkish).
//!
//! Why line-level: sites glue the same few trailers under every article, and
//! each trailer is one short line with a recognisable opening ("Tags:",
//! «Читайте также», "Noticed a mistake? ... Ctrl+Enter"). Every rule here is
//! anchored at the start of the line (or looks for a phrase that never occurs
//! in reporting, such as "all rights reserved" or "Ctrl+Enter") and is bounded
//! by a length limit, so a sentence of prose that merely mentions "subscribe"
//! or "tags" is never taken for boilerplate, and a long paragraph never is.
//!
//! [`classify_line`] says what one line is; [`bare_label`] says whether a line
//! is only a label ("Read also:", "Next article") whose content follows on the
//! next line, which the scraped-text path uses to pick that content up.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::lexicon::LEXICON;
use crate::normalize::collapse_whitespace;

/// What a short line of boilerplate is, when it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boilerplate {
    /// Subscribe / follow / share / watch-the-video prompts, ads, cookie notices.
    Promo,
    /// "Noticed a mistake? Select it and press Ctrl+Enter".
    TypoNotice,
    /// "The article is in Russian": the ISO 639-1 code of the original.
    TranslationNote(String),
    /// "Tags: a, b, c": the tags (empty when the line is only the label).
    Tags(Vec<String>),
    /// "NEXT Some headline": the headline it points to (never empty; a bare
    /// "Next article" label is [`Boilerplate::Promo`], see [`bare_label`]).
    Next(String),
    /// "PREVIOUS Some headline" (never empty, like `Next`).
    Previous(String),
    /// "Read also: ...", "Related: ...": the headline, if the line carries one.
    Related(Option<String>),
    /// Copyright, "all rights reserved", reprint notices, image credits.
    Legal,
}

/// A line that is only a label; what it labels is on the following line(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// "Next article", «Следующая новость», "NEXT".
    Next,
    /// "Previous article", «Предыдущая новость».
    Previous,
    /// "Read also:", «Читайте также:», "Related".
    Related,
    /// "Tags:", «Теги:».
    Tags,
}

impl Boilerplate {
    /// The rule's short name: a feature of the line model and the reason
    /// [`crate::explain`] gives.
    pub fn name(&self) -> &'static str {
        match self {
            Boilerplate::Promo => "promo",
            Boilerplate::TypoNotice => "typo",
            Boilerplate::TranslationNote(_) => "translation",
            Boilerplate::Tags(_) => "tags",
            Boilerplate::Next(_) => "next",
            Boilerplate::Previous(_) => "previous",
            Boilerplate::Related(_) => "related",
            Boilerplate::Legal => "legal",
        }
    }
}

impl Label {
    /// The label's short name, as the line model and [`crate::explain`] know it.
    pub fn name(self) -> &'static str {
        match self {
            Label::Next => "label-next",
            Label::Previous => "label-previous",
            Label::Related => "label-related",
            Label::Tags => "label-tags",
        }
    }
}

/// Lines longer than this (in chars) are never boilerplate, whatever they say.
const MAX_LINE_CHARS: usize = 600;
/// Tag lines may be long; everything else is short.
const MAX_TAGS_CHARS: usize = 600;
const MAX_NOTICE_CHARS: usize = 300;
const MAX_PROMO_CHARS: usize = 140;
const MAX_TRANSLATION_CHARS: usize = 100;
const MAX_HEADLINE_CHARS: usize = 300;
const MAX_CREDIT_CHARS: usize = 160;
/// At most this many tags are kept from one line, each at most this long.
const MAX_TAGS: usize = 100;
const MAX_TAG_CHARS: usize = 100;

/// Classifies one line (a paragraph of text) as boilerplate, or `None`.
pub fn classify_line(line: &str) -> Option<Boilerplate> {
    let line = prepare(line)?;
    let chars = line.chars().count();
    typo_notice(&line, chars)
        .or_else(|| tags(&line, chars))
        .or_else(|| translation_note(&line, chars))
        .or_else(|| next_or_previous(&line, chars))
        .or_else(|| related(&line, chars))
        .or_else(|| legal(&line, chars))
        .or_else(|| promo(&line, chars))
        .or_else(|| bare_navigation(&line).then_some(Boilerplate::Promo))
}

/// Says whether `line` is only a label ("Read also:", "Next article", "Tags:")
/// whose content is on the following line(s).
pub fn bare_label(line: &str) -> Option<Label> {
    label_of(&prepare(line)?)
}

/// Labels are short: a few words and a separator.
const MAX_LABEL_CHARS: usize = 60;

fn label_of(line: &str) -> Option<Label> {
    if line.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    let label = line.trim_end_matches(is_label_separator).trim_end();
    if NEXT_BARE.is_match(label) {
        Some(Label::Next)
    } else if PREVIOUS_BARE.is_match(label) {
        Some(Label::Previous)
    } else if TAGS_BARE.is_match(label) {
        Some(Label::Tags)
    } else if related(label, label.chars().count()) == Some(Boilerplate::Related(None)) {
        Some(Label::Related)
    } else {
        None
    }
}

/// "Next article", «Предыдущая новость» on their own: navigation chrome.
fn bare_navigation(line: &str) -> bool {
    matches!(label_of(line), Some(Label::Next | Label::Previous))
}

/// Splits the text of a tag line into tags: on commas, semicolons, bullets,
/// bars or `#` when the line has them, otherwise on whitespace.
pub fn split_tags(text: &str) -> Vec<String> {
    const SEPARATORS: &[char] = &[',', ';', '|', '•', '·', '#', '，', '、'];
    let pieces: Vec<&str> = if text.contains(SEPARATORS) {
        text.split(SEPARATORS).collect()
    } else {
        text.split_whitespace().collect()
    };
    let mut tags: Vec<String> = Vec::new();
    for piece in pieces {
        let tag = piece
            .trim()
            .trim_matches(|c: char| matches!(c, '.' | ':' | '"' | '«' | '»'));
        let tag = tag.trim();
        if tag.is_empty() || tag.chars().count() > MAX_TAG_CHARS {
            continue;
        }
        if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            tags.push(tag.to_string());
        }
        if tags.len() == MAX_TAGS {
            break;
        }
    }
    tags
}

/// Maps a language name (English, Russian, Ukrainian, German, French, Spanish,
/// Italian, Portuguese, Polish or Turkish word, any case ending) to its
/// ISO 639-1 code.
pub fn language_code(word: &str) -> Option<&'static str> {
    // Turkish capital İ lowercases to "i" plus a combining dot; drop the dot.
    let word: String = word
        .to_lowercase()
        .chars()
        .filter(|&c| c != '\u{307}')
        .collect();
    LANGUAGE_NAMES
        .iter()
        .find(|(prefix, _)| word.starts_with(prefix))
        .map(|&(_, code)| code)
}

/// Prefixes of language names in every language (`language_names` in
/// [`crate::lexicon`]), longest first, so the first match is the longest
/// ("turkmen" before "turk").
static LANGUAGE_NAMES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut names: Vec<(&'static str, &'static str)> = LEXICON
        .languages
        .iter()
        .flat_map(|(_, l)| l.language_names.iter())
        .map(|(prefix, code)| (prefix.as_str(), code.as_str()))
        .collect();
    names.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.chars().count()));
    names
});

/// Collapses whitespace and strips leading bullets, arrows and emoji; `None`
/// when the line is empty or far too long to be boilerplate.
fn prepare(line: &str) -> Option<String> {
    // Bytes bound chars from above by 4x; reject monsters before any per-char work.
    if line.len() > MAX_LINE_CHARS * 4 {
        return None;
    }
    let line = collapse_whitespace(line);
    let line = line.trim_start_matches(is_decoration).trim_start();
    if line.is_empty() || line.chars().count() > MAX_LINE_CHARS {
        return None;
    }
    Some(line.to_string())
}

/// Bullets, arrows, emoji and the like that sites put before a promo line.
/// Dashes and quotes are not decoration: a line opening with one is speech.
fn is_decoration(c: char) -> bool {
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !matches!(
            c,
            '#' | '©' | '(' | '«' | '"' | '“' | '„' | '\'' | '–' | '—' | '-' | '¿' | '¡'
        )
}

fn is_label_separator(c: char) -> bool {
    matches!(c, ':' | '：' | '»' | '>' | '→' | '›' | '|' | '.' | '…') || c.is_whitespace()
}

/// "Ctrl+Enter", «Strg + Enter» (`ctrl_keys` in [`crate::lexicon`]).
static CTRL_ENTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)\b(?:{})\s*[+\-]?\s*enter\b",
        LEXICON.alternation(|l| &l.ctrl_keys)
    ))
});

/// "Found a typo?": the opening of a question asking readers to report
/// errors (`typo_questions` in [`crate::lexicon`]).
static TYPO_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\b[^.!?]*\?",
        LEXICON.alternation(|l| &l.typo_questions)
    ))
});

/// "If you find a mistake, let us know": conditional openings, which count
/// only together with a request to report ([`TYPO_REQUEST`]).
static TYPO_CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\b",
        LEXICON.alternation(|l| &l.typo_conditionals)
    ))
});

/// A request to report a typo, anywhere in the line (`typo_requests`).
static TYPO_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i){}",
        LEXICON.alternation(|l| &l.typo_requests)
    ))
});

fn typo_notice(line: &str, chars: usize) -> Option<Boilerplate> {
    let is_notice = chars <= MAX_NOTICE_CHARS && CTRL_ENTER.is_match(line)
        || chars <= MAX_PROMO_CHARS
            && (TYPO_QUESTION.is_match(line)
                || TYPO_CONDITIONAL.is_match(line) && TYPO_REQUEST.is_match(line));
    is_notice.then_some(Boilerplate::TypoNotice)
}

/// The words that open a tag line (`tag_labels`), as one alternation.
static TAG_LABELS: LazyLock<String> = LazyLock::new(|| LEXICON.alternation(|l| &l.tag_labels));

static TAGS: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\s*[:：]\s*(?P<tags>.*)$",
        *TAG_LABELS
    ))
});
static TAGS_BARE: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"(?i)^(?:{})$", *TAG_LABELS)));

/// "Tags: a, b", or a line made only of two or more hashtags.
fn tags(line: &str, chars: usize) -> Option<Boilerplate> {
    if chars > MAX_TAGS_CHARS {
        return None;
    }
    if let Some(caps) = captures(&TAGS, line) {
        return Some(Boilerplate::Tags(split_tags(
            caps.name("tags").map_or("", |m| m.as_str()),
        )));
    }
    if !line.starts_with('#') {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let all_hashtags = words.len() >= 2
        && words.iter().all(|w| {
            w.strip_prefix('#')
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('#'))
        });
    all_hashtags.then(|| Boilerplate::Tags(split_tags(line)))
}

/// Openings of "the article is in X" / "translated from X" notes; each has a
/// `lang` group holding the language's name (`translation_notes` in
/// [`crate::lexicon`], in order: the first that matches wins).
static TRANSLATION_PATTERNS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.translation_notes).collect());

static TRANSLATION: LazyLock<Vec<Regex>> =
    LazyLock::new(|| TRANSLATION_PATTERNS.iter().map(|p| regex(p)).collect());

/// All of [`TRANSLATION`] at once: one pass tells most lines apart.
static TRANSLATION_ANY: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(TRANSLATION_PATTERNS.iter()).expect("boilerplate patterns are valid (see tests)")
});

fn translation_note(line: &str, chars: usize) -> Option<Boilerplate> {
    if chars > MAX_TRANSLATION_CHARS {
        return None;
    }
    if !TRANSLATION_ANY.is_match(line) {
        return None;
    }
    TRANSLATION.iter().find_map(|re| {
        let caps = captures(re, line)?;
        let code = language_code(caps.name("lang")?.as_str())?;
        Some(Boilerplate::TranslationNote(code.to_string()))
    })
}

/// "Next article" labels (`next_phrases` in [`crate::lexicon`]).
static NEXT_PHRASES: LazyLock<String> = LazyLock::new(|| LEXICON.alternation(|l| &l.next_phrases));

/// "Previous article" labels (`previous_phrases`).
static PREVIOUS_PHRASES: LazyLock<String> =
    LazyLock::new(|| LEXICON.alternation(|l| &l.previous_phrases));

/// The lone words for "next" (`next_words`), as one alternation.
static NEXT_WORDS: LazyLock<String> = LazyLock::new(|| word_alternation(|l| &l.next_words));

/// The lone words for "previous" (`previous_words`).
static PREVIOUS_WORDS: LazyLock<String> = LazyLock::new(|| word_alternation(|l| &l.previous_words));

/// The words of a plain-word section as one regular-expression alternation.
fn word_alternation(
    section: impl Fn(&'static crate::lexicon::Language) -> &'static [String] + 'static,
) -> String {
    LEXICON
        .all(section)
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("|")
}

/// "NEXT Headline" (capitals, as sites print the teaser), "Next: Headline",
/// "Next article: Headline".
static NEXT: LazyLock<Vec<Regex>> = LazyLock::new(|| nav_regexes(&NEXT_WORDS, &NEXT_PHRASES));
static PREVIOUS: LazyLock<Vec<Regex>> =
    LazyLock::new(|| nav_regexes(&PREVIOUS_WORDS, &PREVIOUS_PHRASES));
static NEXT_BARE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?i)^(?:{}|{})$", *NEXT_WORDS, *NEXT_PHRASES)));
static PREVIOUS_BARE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{}|{})$",
        *PREVIOUS_WORDS, *PREVIOUS_PHRASES
    ))
});

/// The teaser patterns of one direction: its lone word in capitals (case
/// matters), the word with a separator, a longer phrase.
fn nav_regexes(words: &str, phrases: &str) -> Vec<Regex> {
    let capitals = words.to_uppercase();
    vec![
        regex(&format!(r"^(?:{capitals})\s*[:»>→›|\-–—]*\s+(?P<t>\S.*)$")),
        regex(&format!(r"(?i)^(?:{words})\s*[:»>→›|]\s*(?P<t>\S.*)$")),
        regex(&format!(
            r"(?i)^(?:{phrases})\s*[:»>→›|.\-–—]*\s*(?P<t>\S.*)$"
        )),
    ]
}

fn next_or_previous(line: &str, chars: usize) -> Option<Boilerplate> {
    if chars > MAX_HEADLINE_CHARS {
        return None;
    }
    if let Some(title) = nav_title(&NEXT, line) {
        return Some(Boilerplate::Next(title));
    }
    if let Some(title) = nav_title(&PREVIOUS, line) {
        return Some(Boilerplate::Previous(title));
    }
    None
}

fn nav_title(regexes: &[Regex], line: &str) -> Option<String> {
    regexes.iter().find_map(|re| {
        let title = clean_headline(captures(re, line)?.name("t")?.as_str());
        // "NEXT STEPS FOR THE PORT" is a headline in capitals, not a teaser.
        let all_capitals =
            !title.chars().any(char::is_lowercase) && title.chars().any(char::is_uppercase);
        (!all_capitals && !title.is_empty()).then_some(title)
    })
}

/// Labels that open a related link even without a colon: «Читайте также
/// Заголовок» (`related_strong`).
static RELATED_STRONG: LazyLock<String> =
    LazyLock::new(|| LEXICON.alternation(|l| &l.related_strong));

/// Labels that open a related link only with a separator, or as the whole
/// line (`related_weak`).
static RELATED_WEAK: LazyLock<String> = LazyLock::new(|| LEXICON.alternation(|l| &l.related_weak));

static RELATED_STRONG_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\b\s*[:：.!—–\-»>→|]*\s*(?P<t>.*)$",
        *RELATED_STRONG
    ))
});
static RELATED_WEAK_RE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\s*(?:\.\.\.|…)?\s*(?:[:：—–\-»>→|]+\s*(?P<t>.*))?$",
        *RELATED_WEAK
    ))
});

fn related(line: &str, chars: usize) -> Option<Boilerplate> {
    if chars > MAX_HEADLINE_CHARS {
        return None;
    }
    let caps = captures(&RELATED_STRONG_RE, line).or_else(|| captures(&RELATED_WEAK_RE, line))?;
    let title = caps
        .name("t")
        .map(|t| clean_headline(t.as_str()))
        .unwrap_or_default();
    if title.chars().next().is_some_and(char::is_lowercase) {
        // «Читайте также в нашем Telegram»: a prompt, not a headline.
        return Some(Boilerplate::Promo);
    }
    Some(Boilerplate::Related((!title.is_empty()).then_some(title)))
}

/// Trims a teaser's headline of surrounding quotes and trailing arrows.
fn clean_headline(text: &str) -> String {
    let text = text.trim();
    let quoted = |open: char, close: char| {
        text.strip_prefix(open)
            .and_then(|t| t.strip_suffix(close))
            .filter(|t| !t.contains(open))
    };
    let unquoted = quoted('«', '»')
        .or_else(|| quoted('"', '"'))
        .or_else(|| quoted('“', '”'));
    let text = match unquoted {
        Some(inner) => inner,
        None if text.contains('«') => text,
        None => text.trim_end_matches(['»', '›', '→', '>']),
    };
    text.trim().to_string()
}

/// "©", "(c) ", "Copyright 2024" (`copyright_words`).
static COPYRIGHT_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:©|\(c\)\s|℗|(?:{})\s*(?:©|\(c\)|\d{{4}}\b|:))",
        LEXICON.alternation(|l| &l.copyright_words)
    ))
});

/// "All rights reserved" in any language (`rights_reserved` in [`crate::lexicon`]).
static RIGHTS_RESERVED: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i){}",
        LEXICON.alternation(|l| &l.rights_reserved)
    ))
});

/// "Reproduction ... without permission is prohibited", a link required
/// when reprinting (`reprint_notices`).
static REPRINT_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})",
        LEXICON.alternation(|l| &l.reprint_notices)
    ))
});

/// "Photo: Reuters", "Photo by X on Unsplash" (`photo_credits`, then `:` or
/// one of `credit_joins`).
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\s*(?:[:：©]|\s(?:{})\b)",
        LEXICON.alternation(|l| &l.photo_credits),
        LEXICON.alternation(|l| &l.credit_joins)
    ))
});

/// A bare photo credit: "Jane Roe/Reuters", "Getty Images" (`photo_agencies`,
/// maybe after names and slashes, maybe with one of `agency_joins` and a
/// name after), or an `archive_credits` phrase and up to four words.
static AGENCY_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        concat!(
            r"(?i)^(?:[\p{{L}}.'’\- ]*\s*[/|]\s*)*(?:{})",
            r"(?:\s*(?:{}|/)\s*[\p{{L}}.'’\- ]*)?$",
            r"|^(?:{})(?:\s+[\p{{L}}.\-]+){{0,4}}$"
        ),
        LEXICON.alternation(|l| &l.photo_agencies),
        LEXICON.alternation(|l| &l.agency_joins),
        LEXICON.alternation(|l| &l.archive_credits)
    ))
});

/// Wire-copy staff credits: "(Reporting by A; Editing by B)" (`wire_credits`).
static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let credit = LEXICON.alternation(|l| &l.wire_credits);
    regex(&format!(
        r"(?i)^[(\[]?\s*(?:{credit})\s+[^.!?]*(?:[;,]\s*(?:{credit})\s+[^.!?]*)*[)\]]?\.?$"
    ))
});

fn legal(line: &str, chars: usize) -> Option<Boilerplate> {
    if chars <= 300 && WIRE_CREDIT.is_match(line) {
        return Some(Boilerplate::Legal);
    }
    if chars <= 100 && AGENCY_CREDIT.is_match(line) {
        return Some(Boilerplate::Legal);
    }
    let is_legal = chars <= MAX_NOTICE_CHARS
        && (COPYRIGHT_OPENING.is_match(line)
            || RIGHTS_RESERVED.is_match(line)
            || REPRINT_NOTICE.is_match(line))
        || chars <= MAX_CREDIT_CHARS && CREDIT.is_match(line);
    is_legal.then_some(Boilerplate::Legal)
}

/// Imperative openings of promo lines ("Subscribe to our channel"):
/// `promo_openings`, maybe after one of `promo_courtesies` ("Please").
static PROMO_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:(?:{})\s+)?(?:{})\b",
        LEXICON.alternation(|l| &l.promo_courtesies),
        LEXICON.alternation(|l| &l.promo_openings)
    ))
});

/// Lines that are a promo label and nothing else ("Advertisement",
/// «Реклама», widget labels left behind by share bars and galleries):
/// `promo_whole`.
static PROMO_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})\s*[:.!]?$",
        LEXICON.alternation(|l| &l.promo_whole)
    ))
});

/// Names of social networks and share buttons (`social_networks`).
static SOCIAL_NETWORKS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| LEXICON.all(|l| &l.social_networks).collect());

/// A row of share buttons: "Facebook | Twitter | Telegram".
fn is_social_row(line: &str) -> bool {
    let mut words = 0;
    let mut lower = String::new();
    for word in line
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | ',' | '•' | '·' | '/'))
        .filter(|w| !w.is_empty())
    {
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if !SOCIAL_NETWORKS.contains(&lower.as_str()) {
            return false;
        }
        words += 1;
    }
    words >= 2
}

fn promo(line: &str, chars: usize) -> Option<Boilerplate> {
    let is_promo = chars <= MAX_PROMO_CHARS
        && (PROMO_OPENING.is_match(line) || PROMO_WHOLE.is_match(line) || is_social_row(line));
    // The notices below are searched anywhere in the line, where Unicode
    // word boundaries keep the regex engine off its fast path: a literal
    // search for their key word comes first, and most lines stop there.
    let is_notice = || {
        chars <= MAX_NOTICE_CHARS
            && ((CONTACT_KEY.is_match(line) && CONTACT.is_match(line))
                || (COMMENT_KEY.is_match(line) && COMMENT_POLICY.is_match(line))
                || (COOKIE_KEY.is_match(line) && COOKIE_BANNER.is_match(line))
                || (line.ends_with(']') && LEFTOVER_MARKUP.is_match(line)))
    };
    (is_promo || is_notice()).then_some(Boilerplate::Promo)
}

/// Newsletter and contact lines: "Get the latest … in your inbox", "Ann
/// Lee may be reached at alee@example.com" (`contact_notices`).
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^(?:{})",
        LEXICON.alternation(|l| &l.contact_notices)
    ))
});
/// Words [`CONTACT`] needs one of (`contact_stems`).
static CONTACT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        "(?i){}",
        LEXICON.alternation(|l| &l.contact_stems)
    ))
});

/// Stems [`COMMENT_POLICY`] needs one of (a literal set: no boundaries).
static COMMENT_KEY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        "(?i){}",
        LEXICON.alternation(|l| &l.comment_stems)
    ))
});
/// Words [`COOKIE_BANNER`] needs one of.
static COOKIE_KEY: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!("(?i){}", LEXICON.alternation(|l| &l.cookie_stems))));

/// A cookie banner's sentence: the site, or "we", using cookies, or
/// cookies to allow, accept or set (an article about cookies names neither).
static COOKIE_BANNER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        concat!(
            r"(?i)\b(?:{})\b.{{0,40}}?\b(?:{})\b.{{0,60}}?(?:{})",
            r"|{}"
        ),
        LEXICON.alternation(|l| &l.cookie_subjects),
        LEXICON.alternation(|l| &l.cookie_verbs),
        LEXICON.alternation(|l| &l.cookie_words),
        LEXICON.alternation(|l| &l.cookie_buttons)
    ))
});

/// A line that is only what a publishing system failed to render: a
/// WordPress shortcode ("[button link=…]Send us your review[/button]") or
/// the placeholder an e-mail obfuscator leaves ("[email protected]").
static LEFTOVER_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        // The opening bracket may already be gone: `prepare` trims it as
        // decoration.
        r"(?i)^\[?(?:[a-z][\w-]*(?:\s[^\]]*)?\].*\[/[a-z][\w-]*\]",
        r"|email(?:\s+address)?\s+protected\]|javascript\s+protected\s+email\s+address\])$"
    ))
});

/// A comment section's house rules: a short line that speaks of comments
/// and of their moderation or approval ("Comments are moderated",
/// «Комментарии проходят модерацию», "Comentários … não serão aprovados pelo
/// moderador").
static COMMENT_POLICY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)\b(?:{})\b.{{0,160}}\b(?:{})",
        LEXICON.alternation(|l| &l.comment_words),
        LEXICON.alternation(|l| &l.moderation_words)
    ))
});

/// Captures of `re` in `line`. A plain match test first: it runs on the
/// lazy DFA, and most lines fail it, so they never pay for the capture
/// engine (whose set-up costs more than the match on short lines).
fn captures<'a>(re: &Regex, line: &'a str) -> Option<regex::Captures<'a>> {
    if !re.is_match(line) {
        return None;
    }
    re.captures(line)
}

/// Compiles one of this module's patterns. They are constants, not input, and
/// the tests compile every one of them.
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("boilerplate patterns are valid (see tests)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<Boilerplate> {
        classify_line(line)
    }

    #[test]
    fn every_pattern_compiles() {
        let lazy: [&LazyLock<Regex>; 16] = [
            &CTRL_ENTER,
            &TYPO_QUESTION,
            &TYPO_CONDITIONAL,
            &TYPO_REQUEST,
            &TAGS,
            &TAGS_BARE,
            &NEXT_BARE,
            &PREVIOUS_BARE,
            &RELATED_STRONG_RE,
            &RELATED_WEAK_RE,
            &COPYRIGHT_OPENING,
            &RIGHTS_RESERVED,
            &REPRINT_NOTICE,
            &CREDIT,
            &PROMO_OPENING,
            &PROMO_WHOLE,
        ];
        assert!(lazy.iter().all(|re| !re.as_str().is_empty()));
        assert_eq!(TRANSLATION.len(), 25);
        assert_eq!(NEXT.len() + PREVIOUS.len(), 6);
    }

    #[test]
    fn promo_lines() {
        for line in [
            "Subscribe to our Telegram channel",
            "Follow us on Twitter and Facebook",
            "► Join our WhatsApp community!",
            "Watch the full video",
            "Advertisement",
            "Share this article",
            "Facebook | Twitter | Telegram",
            "Подписывайтесь на наш канал в Дзене",
            "👉 Подпишитесь на нашу рассылку",
            "Смотрите видео",
            "Поделиться",
            "Реклама",
            "Мы в Telegram",
            "Читайте также в нашем Telegram-канале",
            "Підписуйтесь на наш Telegram-канал",
            "Folgen Sie uns auf Instagram",
            "Abonnez-vous à notre newsletter",
            "Síguenos en Twitter",
            "Iscriviti al canale",
            "Inscreva-se no canal",
            "Obserwuj nas na Facebooku",
            "Bizi takip edin",
            "Get the latest updates right in your inbox. Subscribe to our newsletters.",
            "Have a tip? Ann Lee may be reached at alee@example.com. Follow her on Twitter.",
            "Ann Lee can be reached at alee@example.com.",
        ] {
            assert_eq!(kind(line), Some(Boilerplate::Promo), "{line}");
        }
    }

    #[test]
    fn comment_policies() {
        for line in [
            "ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador.",
            "Comments are moderated and will appear after approval.",
            "Комментарии проходят предварительную модерацию",
            "Kommentare werden vor der Veröffentlichung moderiert.",
        ] {
            assert_eq!(kind(line), Some(Boilerplate::Promo), "{line}");
        }
        // A sentence of the story about comments is not a policy.
        assert_eq!(
            kind("The senator's comments drew criticism from the moderate wing of the party, which said they went too far and asked for an apology."),
            None
        );
    }

    #[test]
    fn cookie_notices() {
        for line in [
            "The cookie settings on this website are set to \"allow cookies\" to give you the best browsing experience.",
            "Diese Webseite verwendet Cookies.",
            "Мы используем файлы cookie, чтобы сайт работал лучше",
        ] {
            assert_eq!(kind(line), Some(Boilerplate::Promo), "{line}");
        }
        assert_eq!(
            kind("Bake the cookies for twelve minutes, until golden at the edges."),
            None
        );
    }

    #[test]
    fn markup_left_unrendered() {
        for line in [
            "[button link=”http://example.com/submit/” type=”big”] Send us YOUR kit review[/button]",
            "[javascript protected email address]",
            "[email protected]",
        ] {
            assert_eq!(kind(line), Some(Boilerplate::Promo), "{line}");
        }
        assert_eq!(
            kind("Write to us at [email protected] with your tips on the story."),
            None
        );
    }

    #[test]
    fn typo_notices() {
        for line in [
            "Spotted a typo? Highlight it and press Ctrl+Enter.",
            "If you find an error, please let us know",
            "Нашли ошибку? Выделите её и нажмите Ctrl+Enter",
            "Заметили опечатку? Сообщите нам",
            "Знайшли помилку? Виділіть її та натисніть Ctrl + Enter",
            "Fehler gefunden? Markieren und Strg+Enter drücken... or Ctrl-Enter",
            "¿Has encontrado un error? Selecciónalo",
            "Выделите фрагмент с ошибкой и нажмите Ctrl+Enter",
        ] {
            assert_eq!(kind(line), Some(Boilerplate::TypoNotice), "{line}");
        }
    }

    #[test]
    fn translation_notes_name_the_original_language() {
        for (line, code) in [
            ("The article is in Ukrainian", "uk"),
            ("Original in German.", "de"),
            ("Translated from Polish by our newsroom", "pl"),
            ("This story was originally published in French", "fr"),
            ("Статья на белорусском языке", "be"),
            ("Оригинал на английском языке", "en"),
            ("Перевод с испанского", "es"),
            ("Читать на английском", "en"),
            ("Стаття українською мовою", "uk"),
            ("Переклад з російської", "ru"),
            ("Aus dem Englischen übersetzt", "en"),
            ("Traduit de l'italien", "it"),
            ("Traducido del portugués", "pt"),
            ("Tradotto dall'inglese", "en"),
            ("Tłumaczenie z języka rosyjskiego", "ru"),
            ("İngilizceden çevrilmiştir", "en"),
        ] {
            assert_eq!(
                kind(line),
                Some(Boilerplate::TranslationNote(code.to_string())),
                "{line}"
            );
        }
        // An unknown language name is no note.
        assert_eq!(kind("The article is in brief"), None);
    }

    #[test]
    fn tag_lines_split_sensibly() {
        let tags = |line: &str| match kind(line) {
            Some(Boilerplate::Tags(tags)) => tags,
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(
            tags("Tags: oil prices, OPEC, Saudi Arabia"),
            ["oil prices", "OPEC", "Saudi Arabia"]
        );
        assert_eq!(
            tags("Теги: экономика; инфляция; ЦБ"),
            ["экономика", "инфляция", "ЦБ"]
        );
        assert_eq!(tags("Метки: #выборы #Казань"), ["выборы", "Казань"]);
        assert_eq!(tags("Schlagwörter: Bahn | Streik"), ["Bahn", "Streik"]);
        assert_eq!(tags("Etiquetas: fútbol Madrid"), ["fútbol", "Madrid"]);
        assert_eq!(tags("#flood #rescue #Texas"), ["flood", "rescue", "Texas"]);
        assert_eq!(
            tags("Keywords: budget, Budget, deficit."),
            ["budget", "deficit"]
        );
        assert_eq!(tags("Tags:"), Vec::<String>::new());
    }

    #[test]
    fn next_and_previous_teasers() {
        let next = |t: &str| Some(Boilerplate::Next(t.to_string()));
        assert_eq!(
            kind("NEXT Storm cuts power to thousands"),
            next("Storm cuts power to thousands")
        );
        assert_eq!(
            kind("Next article: City opens new bridge"),
            next("City opens new bridge")
        );
        assert_eq!(
            kind("Next » Ferry service resumes"),
            next("Ferry service resumes")
        );
        assert_eq!(
            kind("Следующая новость: «В Омске открыли мост»"),
            next("В Омске открыли мост")
        );
        assert_eq!(
            kind("PREVIOUS Council votes on parking fees"),
            Some(Boilerplate::Previous(
                "Council votes on parking fees".to_string()
            ))
        );
        assert_eq!(
            kind("Предыдущая статья — Пожар на складе потушен"),
            Some(Boilerplate::Previous("Пожар на складе потушен".to_string()))
        );
        // A bare label is chrome; its headline is on the next line.
        assert_eq!(kind("Next article"), Some(Boilerplate::Promo));
        assert_eq!(bare_label("Next article"), Some(Label::Next));
        assert_eq!(bare_label("Следующая новость:"), Some(Label::Next));
        assert_eq!(bare_label("Предыдущая новость"), Some(Label::Previous));
    }

    #[test]
    fn related_lines() {
        let related = |t: &str| Some(Boilerplate::Related(Some(t.to_string())));
        assert_eq!(
            kind("Read also: Wildfires spread north"),
            related("Wildfires spread north")
        );
        assert_eq!(
            kind("Читайте также: Цены на бензин выросли"),
            related("Цены на бензин выросли")
        );
        assert_eq!(
            kind("Читайте также «Мэр уходит в отставку»"),
            related("Мэр уходит в отставку")
        );
        assert_eq!(
            kind("Related: Court delays verdict"),
            related("Court delays verdict")
        );
        assert_eq!(
            kind("По теме: Суд отложил заседание"),
            related("Суд отложил заседание")
        );
        assert_eq!(
            kind("Lesen Sie auch: Streik bei der Bahn"),
            related("Streik bei der Bahn")
        );
        assert_eq!(kind("Read also:"), Some(Boilerplate::Related(None)));
        assert_eq!(
            kind("SEE MORE: Students under siege in university"),
            related("Students under siege in university")
        );
        assert_eq!(kind("DON'T MISS"), Some(Boilerplate::Related(None)));
        for label in [
            "Você pode gostar...",
            "You might also enjoy",
            "Вам может понравиться…",
            "More from The Verge",
            "Popular posts",
            "Weitere Artikel",
            "Les plus lus",
            "Más noticias",
            "Самое читаемое",
            "Самые популярные диеты",
            "Diğer haberler",
        ] {
            assert_eq!(kind(label), Some(Boilerplate::Related(None)), "{label}");
        }
        assert_eq!(bare_label("Читайте также:"), Some(Label::Related));
        assert_eq!(bare_label("Related stories"), Some(Label::Related));
    }

    #[test]
    fn legal_lines() {
        for line in [
            "© 2024 Example Media Group",
            "Copyright 2023 Northern Herald. All rights reserved.",
            "All rights reserved",
            "Все права защищены",
            "При перепечатке ссылка на источник обязательна",
            "При полном или частичном использовании материалов гиперссылка обязательна",
            "Reproduction of materials without permission is prohibited",
            "Photo: Reuters/Jane Doe",
            "Photo by Sam Lee on Unsplash",
            "Фото: РИА Новости",
            "Фото из открытых источников",
            "Foto: dpa",
        ] {
            assert_eq!(kind(line), Some(Boilerplate::Legal), "{line}");
        }
    }

    #[test]
    fn prose_is_never_boilerplate() {
        for line in [
            "Subscribers to the service will pay more from March, the company said.",
            "Copyright law will change next year, the minister said.",
            "Поделиться опытом приехали специалисты из Москвы.",
            "Подписаться под обращением решили сорок депутатов.",
            "Нашли ошибку в расчётах — сообщили в ведомстве.",
            "If you find a mistake on your credit report, contact the bureau.",
            "NEXT STEPS FOR THE PORT AUTHORITY",
            "Abbonati in calo per il terzo anno.",
            "Photographers gathered outside the court.",
            "The company asked users to subscribe to a new plan before the deadline.",
            "Customs officers checked the tags on every container in the port.",
            "Next year the plant will double its output, the director said.",
            "Related companies were also fined by the regulator.",
            "The photo shows the mayor at the opening of the bridge.",
            "Реклама алкоголя в метро будет запрещена с первого января.",
            "Он предложил подписаться под обращением всем депутатам.",
            "Далее выступил министр финансов.",
            "Читатели нашли ошибку в расчётах министерства, и ведомство её признало.",
            "Copyrighted works were at the centre of the dispute.",
            "The article was written in haste, critics said.",
            "Share prices fell by 3% on Monday.",
            "Follow-up talks are planned for May.",
            "Tags on luggage will become electronic.",
            "– Подписывайтесь на нашу петицию, – призвал он.",
            "",
        ] {
            assert_eq!(kind(line), None, "{line}");
        }
        let long = format!("Subscribe {}", "word ".repeat(200));
        assert_eq!(kind(&long), None);
        let huge = "Tags: x ".repeat(1_000_000);
        assert_eq!(kind(&huge), None);
    }

    #[test]
    fn language_names_map_to_codes() {
        assert_eq!(language_code("Russian"), Some("ru"));
        assert_eq!(language_code("русском"), Some("ru"));
        assert_eq!(language_code("Belarusian"), Some("be"));
        assert_eq!(language_code("weißrussischen"), Some("be"));
        assert_eq!(language_code("англійською"), Some("en"));
        assert_eq!(language_code("Klingon"), None);
    }
}

#[cfg(test)]
mod credit_tests {
    use super::*;

    #[test]
    fn bare_photo_credits_are_legal() {
        for line in [
            "(Reporting by Jane Roe and John Doe; Editing by Max Mustermann)",
            "Sakib Ali/Hindustan Times/Getty Images",
            "Getty Images",
            "Jane Roe | Bloomberg | Getty Images",
            "личный архив Анны Ивановой",
            "REUTERS/John Smith",
            "Фото: ТАСС",
        ] {
            assert_eq!(classify_line(line), Some(Boilerplate::Legal), "{line}");
        }
        for line in [
            "Reuters reported that the deal was off.",
            "The photographer sold the image to Getty Images for a small fee, she said.",
            "Reporting by local outlets suggested the mayor would resign. Officials denied it.",
        ] {
            assert_eq!(classify_line(line), None, "{line}");
        }
    }
}
