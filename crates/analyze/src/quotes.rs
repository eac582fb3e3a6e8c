//! Quotes: who said what.
//!
//! - Direct speech in quotation marks of every common style (“…”, "…",
//!   «…», „…“, ‘…’), nested marks inside, and English multi-paragraph quotes
//!   (a paragraph that ends inside a quote and a next one that reopens it).
//!   A mark left open at a paragraph that does not reopen it is dropped, so
//!   unbalanced marks cost one pass and produce nothing.
//! - Attribution in a bounded window after the closing mark ("…,” said X",
//!   "…», — сказал X") or before the opening one ("X said: “…", "According to
//!   X, “…"); a later quote in the same paragraph with no attribution of its
//!   own keeps the speaker of the one before.
//! - Dash dialogue (the Russian and Belarusian press convention): a paragraph
//!   opening with –, — or - is direct speech; its speaker is named in the
//!   line before it that ends with ":" ("the Head of State noted:"), or inline
//!   ("– …, – сказал он. – …").
//! - Indirect speech: "X said that …", "X заявил, что …", "according to X, …".
//!
//! Speakers are entity clusters (so "the Head of State" is Alexander
//! Lukashenko); "he"/"she"/"он"/"она" is the last person named before. A quote
//! whose speaker the text does not give has `speaker: None`.

use std::ops::Range;

use crate::doc::Doc;
use crate::entities::Entities;
use crate::lexicon::LEXICON;
use crate::token::TokenKind;
use crate::{EntityKind, Quote, QuoteKind};

/// Tokens looked at after a closing mark for the attribution.
const WINDOW_AFTER: usize = 12;
/// Tokens looked at before an opening mark.
const WINDOW_BEFORE: usize = 24;
/// Fewer words than this inside marks are names or scare quotes, not speech.
const MIN_QUOTE_WORDS: usize = 3;
/// A dash paragraph with nobody announced must be at least this long to count.
const MIN_UNATTRIBUTED_DASH_WORDS: usize = 4;

/// A quote with what the other stages need to know about it.
#[derive(Debug, Clone)]
pub struct FoundQuote {
    /// The quote as it goes into the record.
    pub quote: Quote,
    /// The tokens of the quoted words.
    pub tokens: Range<usize>,
    /// The speaker's cluster.
    pub speaker: Option<usize>,
}

/// Who said it and the word that says so.
#[derive(Debug, Clone, Default)]
struct Attribution {
    speaker: Option<usize>,
    cue: Option<String>,
}

/// Finds the quotes of a document, in reading order.
pub fn find(doc: &Doc, entities: &Entities) -> Vec<FoundQuote> {
    let context = Context::new(doc, entities);
    let mut quotes = marked_quotes(&context);
    quotes.extend(dash_quotes(&context));
    quotes.sort_by_key(|q| q.tokens.start);
    let direct: Vec<Range<usize>> = quotes.iter().map(|q| q.tokens.clone()).collect();
    quotes.extend(indirect_quotes(&context, &direct));
    quotes.sort_by_key(|q| (q.tokens.start, q.tokens.end));
    quotes
}

/// The document, its entities, and where paragraphs start.
struct Context<'d, 'a> {
    doc: &'d Doc<'a>,
    entities: &'d Entities,
    /// Index of the paragraph (line) of each token.
    paragraph_of: Vec<usize>,
    /// First token of each paragraph.
    paragraph_starts: Vec<usize>,
    /// Person mentions and references by token, in order: (token, cluster).
    persons: Vec<(usize, usize)>,
}

impl<'d, 'a> Context<'d, 'a> {
    fn new(doc: &'d Doc<'a>, entities: &'d Entities) -> Self {
        let mut paragraph_of = Vec::with_capacity(doc.tokens.len());
        let mut paragraph_starts = Vec::new();
        for (i, token) in doc.tokens.iter().enumerate() {
            if i == 0 || token.breaks_before > 0 {
                paragraph_starts.push(i);
            }
            paragraph_of.push(paragraph_starts.len().saturating_sub(1));
        }
        let persons = entities
            .found
            .iter()
            .filter(|f| f.kind == EntityKind::Person)
            .map(|f| (f.tokens.start, f.cluster))
            .collect();
        Context {
            doc,
            entities,
            paragraph_of,
            paragraph_starts,
            persons,
        }
    }

    fn paragraph(&self, index: usize) -> Range<usize> {
        let start = self.paragraph_starts[index];
        let end = self
            .paragraph_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.doc.tokens.len());
        start..end
    }

    /// The speaker entity at token `k`: a person or organisation named or referred to there.
    fn speaker_at(&self, k: usize) -> Option<(usize, Range<usize>)> {
        let found = &self.entities.found[self.entities.at_token[k]?];
        matches!(found.kind, EntityKind::Person | EntityKind::Organization)
            .then(|| (found.cluster, found.tokens.clone()))
            .filter(|_| !found.in_role)
    }

    /// The last person named or referred to before token `k`.
    fn person_before(&self, k: usize) -> Option<usize> {
        let index = self.persons.partition_point(|(at, _)| *at < k);
        index.checked_sub(1).map(|i| self.persons[i].1)
    }

    fn is_pronoun(&self, k: usize) -> bool {
        LEXICON.person_pronouns.contains(&self.doc.lowers[k])
    }

    fn name(&self, cluster: usize) -> String {
        self.entities.clusters[cluster].name.clone()
    }

    fn quote(
        &self,
        tokens: Range<usize>,
        kind: QuoteKind,
        attribution: Attribution,
    ) -> Option<FoundQuote> {
        let tokens = trim_punctuation(self.doc, tokens);
        if tokens.is_empty() {
            return None;
        }
        let (start, end) = self.doc.char_span(tokens.clone());
        Some(FoundQuote {
            quote: Quote {
                text: self.doc.span_text(tokens.clone()).to_string(),
                speaker: attribution.speaker.map(|c| self.name(c)),
                cue: attribution.cue,
                kind,
                start,
                end,
                in_title: false,
            },
            tokens,
            speaker: attribution.speaker,
        })
    }

    /// Finds a speaker and a cue in `window`: the first entity (or pronoun) and
    /// the first speech verb or reporting phrase. Both are needed unless
    /// `colon_suffices` and the window ends in ":".
    fn attribution_in(&self, window: Range<usize>, colon_suffices: bool) -> Option<Attribution> {
        let mut speaker = None;
        let mut cue = None;
        let mut k = window.start;
        while k < window.end {
            if speaker.is_none() {
                if let Some((cluster, tokens)) = self.speaker_at(k) {
                    speaker = Some(cluster);
                    k = tokens.end.max(k + 1);
                    continue;
                }
                if self.is_pronoun(k) {
                    speaker = self.person_before(k);
                }
            }
            if cue.is_none() {
                cue = self.cue_at(k);
            }
            k += 1;
        }
        let colon =
            colon_suffices && window.end > window.start && self.doc.word(window.end - 1) == ":";
        (speaker.is_some() && (cue.is_some() || colon)).then_some(Attribution { speaker, cue })
    }

    /// A speech verb or a reporting phrase ("according to") at token `k`.
    fn cue_at(&self, k: usize) -> Option<String> {
        let doc = self.doc;
        if LEXICON.speech_verbs.contains(&doc.keys[k]) {
            return Some(doc.lowers[k].clone());
        }
        LEXICON.reporting_phrases.iter().find_map(|phrase| {
            let end = k + phrase.len();
            (end <= doc.keys.len() && doc.keys[k..end] == phrase[..])
                .then(|| doc.lowers[k..end].join(" "))
        })
    }
}

fn trim_punctuation(doc: &Doc, mut tokens: Range<usize>) -> Range<usize> {
    let edge = |k: usize| {
        doc.tokens[k].kind == TokenKind::Punct
            && matches!(doc.word(k), "," | "–" | "—" | "-" | ":" | ";")
    };
    while tokens.start < tokens.end && edge(tokens.start) {
        tokens.start += 1;
    }
    while tokens.end > tokens.start && edge(tokens.end - 1) {
        tokens.end -= 1;
    }
    tokens
}

fn word_count(doc: &Doc, tokens: Range<usize>) -> usize {
    tokens.filter(|&k| doc.is_word(k)).count()
}

// ------------------------------------------------------------ marked quotes

/// The closing marks that end a quote opened with `open`.
fn closes(open: &str, mark: &str) -> bool {
    match open {
        "“" => mark == "”",
        "„" => matches!(mark, "“" | "”"),
        "«" => mark == "»",
        "\"" => mark == "\"",
        "‘" => mark == "’",
        _ => false,
    }
}

fn is_opening_mark(mark: &str) -> bool {
    matches!(mark, "“" | "„" | "«" | "\"" | "‘")
}

/// Pairs of (opening mark, closing mark) tokens, one pass, nesting bounded.
fn quote_mark_spans(doc: &Doc) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (opening token, nesting depth)
    for k in 0..doc.tokens.len() {
        let mark = doc.word(k);
        let is_mark = doc.tokens[k].kind == TokenKind::Punct;
        if let Some((start, depth)) = open {
            let opener = doc.word(start);
            if doc.tokens[k].breaks_before > 0 {
                if is_mark && mark == opener {
                    continue; // the quote goes on in this paragraph
                }
                open = None; // left open: dropped
            } else {
                if is_mark && closes(opener, mark) {
                    open = match depth {
                        0 => {
                            spans.push((start, k));
                            None
                        }
                        _ => Some((start, depth - 1)),
                    };
                } else if is_mark && mark == opener && opener == "«" {
                    open = Some((start, (depth + 1).min(8)));
                }
                continue;
            }
        }
        if is_mark && is_opening_mark(mark) {
            open = Some((k, 0));
        }
    }
    spans
}

fn marked_quotes(context: &Context) -> Vec<FoundQuote> {
    let doc = context.doc;
    let spans = quote_mark_spans(doc);
    let mut quotes: Vec<FoundQuote> = Vec::new();
    for (start, end) in spans {
        if word_count(doc, start + 1..end) < MIN_QUOTE_WORDS {
            continue;
        }
        let mut attribution = attribution_after(context, end)
            .or_else(|| attribution_before(context, start))
            .unwrap_or_default();
        if attribution.speaker.is_none() {
            if let Some(previous) = quotes
                .last()
                .filter(|q| context.paragraph_of[q.tokens.end - 1] == context.paragraph_of[start])
            {
                attribution = Attribution {
                    speaker: previous.speaker,
                    cue: previous.quote.cue.clone(),
                };
            }
        }
        quotes.extend(context.quote(start + 1..end, QuoteKind::Direct, attribution));
    }
    quotes
}

/// "…,” said X." / "…,” X said." / "…», — сказал X."
fn attribution_after(context: &Context, close: usize) -> Option<Attribution> {
    let doc = context.doc;
    let paragraph = context.paragraph(context.paragraph_of[close]);
    let mut end = close + 1;
    while end < paragraph.end && end - close <= WINDOW_AFTER {
        let word = doc.word(end);
        if (matches!(word, "." | "!" | "?") && end > close + 1) || is_opening_mark(word) {
            break;
        }
        end += 1;
    }
    context.attribution_in(close + 1..end, false)
}

/// "X said: “…" / "According to X, “…"
fn attribution_before(context: &Context, open: usize) -> Option<Attribution> {
    let doc = context.doc;
    let paragraph = context.paragraph(context.paragraph_of[open]);
    let mut start = open;
    while start > paragraph.start && open - start < WINDOW_BEFORE {
        let word = doc.word(start - 1);
        if matches!(word, "." | "!" | "?") || closes("“", word) || word == "»" {
            break;
        }
        start -= 1;
    }
    context.attribution_in(start..open, true)
}

// ------------------------------------------------------------ dash dialogue

fn is_dash(word: &str) -> bool {
    matches!(word, "–" | "—" | "-" | "―")
}

fn dash_quotes(context: &Context) -> Vec<FoundQuote> {
    let doc = context.doc;
    let mut quotes = Vec::new();
    let mut announced: Option<Attribution> = None;
    for index in 0..context.paragraph_starts.len() {
        let paragraph = context.paragraph(index);
        let first = paragraph.start;
        let opens_with_dash = is_dash(doc.word(first))
            && doc
                .tokens
                .get(first + 1)
                .is_some_and(|t| t.kind != TokenKind::Number);
        if !opens_with_dash {
            announced = announcing(context, paragraph);
            continue;
        }
        let body = first + 1..paragraph.end;
        if let Some(parts) = inline_attribution(context, body.clone()) {
            quotes.extend(parts);
            continue;
        }
        match &announced {
            Some(attribution) => {
                quotes.extend(context.quote(body, QuoteKind::Direct, attribution.clone()))
            }
            None if word_count(doc, body.clone()) >= MIN_UNATTRIBUTED_DASH_WORDS => {
                quotes.extend(context.quote(body, QuoteKind::Direct, Attribution::default()))
            }
            None => {}
        }
    }
    quotes
}

/// The speaker a line ending in ":" announces: the first person or
/// organisation of its last sentence, and its speech verb if it has one.
fn announcing(context: &Context, paragraph: Range<usize>) -> Option<Attribution> {
    let doc = context.doc;
    let last = paragraph.end.checked_sub(1)?;
    if doc.word(last) != ":" {
        return None;
    }
    let sentence = doc.sentences.get(doc.sentence_of[last])?.clone();
    let start = sentence.start.max(paragraph.start);
    let mut speaker = None;
    let mut cue = None;
    let mut k = start;
    while k < last {
        if speaker.is_none() {
            if let Some((cluster, tokens)) = context.speaker_at(k) {
                speaker = Some(cluster);
                if cue.is_none() && doc.is_word(tokens.end) && !doc.is_capitalised(tokens.end) {
                    cue = Some(doc.lowers[tokens.end].clone());
                }
                k = tokens.end.max(k + 1);
                continue;
            }
            if context.is_pronoun(k) {
                speaker = context.person_before(k);
            }
        }
        if let Some(verb) = context.cue_at(k) {
            cue = Some(verb);
        }
        k += 1;
    }
    speaker?;
    Some(Attribution { speaker, cue })
}

/// "– Мы готовы, – сказал он. – Это важно." : the speech before and after
/// the inline attribution, both by its speaker.
fn inline_attribution(context: &Context, body: Range<usize>) -> Option<Vec<FoundQuote>> {
    let doc = context.doc;
    let dash = body.clone().skip(1).find(|&k| {
        is_dash(doc.word(k))
            && matches!(doc.word(k - 1), "," | "!" | "?" | "…")
            && (k + 1..(k + 3).min(body.end)).any(|v| context.cue_at(v).is_some())
    })?;
    let mut end = dash + 1;
    while end < body.end && !matches!(doc.word(end), "." | "!" | "?") {
        end += 1;
    }
    let attribution = context.attribution_in(dash + 1..end, false)?;
    let mut quotes = Vec::new();
    quotes.extend(context.quote(body.start..dash, QuoteKind::Direct, attribution.clone()));
    let rest = end + 1;
    if rest < body.end && is_dash(doc.word(rest)) {
        quotes.extend(context.quote(rest + 1..body.end, QuoteKind::Direct, attribution));
    }
    Some(quotes)
}

// ------------------------------------------------------------ indirect speech

fn indirect_quotes(context: &Context, direct: &[Range<usize>]) -> Vec<FoundQuote> {
    let doc = context.doc;
    let mut quotes = Vec::new();
    let mut next_direct = 0;
    for sentence in &doc.sentences {
        while next_direct < direct.len() && direct[next_direct].end <= sentence.start {
            next_direct += 1;
        }
        let overlaps = direct
            .get(next_direct)
            .is_some_and(|d| d.start < sentence.end);
        if overlaps || sentence.len() < 4 {
            continue;
        }
        quotes.extend(indirect_in(context, sentence.clone()));
    }
    quotes
}

/// "X said (…) that …", "X заявил, что …", "According to X, …".
fn indirect_in(context: &Context, sentence: Range<usize>) -> Option<FoundQuote> {
    let doc = context.doc;
    let end = if matches!(doc.word(sentence.end - 1), "." | "!" | "?") {
        sentence.end - 1
    } else {
        sentence.end
    };
    if let Some(cue) = context
        .cue_at(sentence.start)
        .filter(|_| !LEXICON.speech_verbs.contains(&doc.keys[sentence.start]))
    {
        let (speaker, tokens) = (sentence.start..end).find_map(|k| context.speaker_at(k))?;
        let comma = (tokens.end..end).find(|&k| doc.word(k) == ",")?;
        let attribution = Attribution {
            speaker: Some(speaker),
            cue: Some(cue),
        };
        return context.quote(comma + 1..end, QuoteKind::Indirect, attribution);
    }
    for v in sentence.clone() {
        if !LEXICON.speech_verbs.contains(&doc.keys[v]) {
            continue;
        }
        let that = (v + 1..(v + 5).min(end)).find(|&k| LEXICON.that_words.contains(&doc.lowers[k]));
        let speaker = (v.saturating_sub(6).max(sentence.start)..v)
            .rev()
            .find_map(|k| {
                context.speaker_at(k).map(|(c, _)| c).or_else(|| {
                    context
                        .is_pronoun(k)
                        .then(|| context.person_before(k))
                        .flatten()
                })
            });
        let (Some(that), Some(speaker)) = (that, speaker) else {
            continue;
        };
        let attribution = Attribution {
            speaker: Some(speaker),
            cue: Some(doc.lowers[v].clone()),
        };
        return context.quote(that + 1..end, QuoteKind::Indirect, attribution);
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::analyze_text;

    fn quotes(text: &str) -> Vec<(Option<String>, String)> {
        analyze_text(text, None, None)
            .quotes
            .into_iter()
            .filter(|q| q.kind == crate::QuoteKind::Direct)
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    #[test]
    fn marks_of_every_style_with_speakers_either_side() {
        let found = quotes(
            "“We will win this,” said John Smith. Anna Lee told reporters: «We are not afraid of anything.» \
             „Das ist gut so“ – Hans Weber said. \"Nothing to add here,\" he said.",
        );
        let speakers: Vec<Option<&str>> = found.iter().map(|(s, _)| s.as_deref()).collect();
        assert_eq!(
            speakers,
            vec![
                Some("John Smith"),
                Some("Anna Lee"),
                Some("Hans Weber"),
                Some("Hans Weber")
            ]
        );
    }

    #[test]
    fn a_quote_across_paragraphs_is_one_quote() {
        let found = quotes("Maria Lopez described it.\n\n\"The power went out at night.\n\n\"Nobody panicked at all,\" she said.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.as_deref(), Some("Maria Lopez"));
        assert!(found[0].1.ends_with("Nobody panicked at all"), "{found:?}");
    }

    #[test]
    fn dash_dialogue_with_announcing_line_and_inline_attribution() {
        let found = quotes("Иван Петров сказал:\n\n– Мы готовы к работе.\n\n– Все идет по плану, – добавил Петров. – Спасибо всем.");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(s, _)| s.as_deref() == Some("Иван Петров")),
            "{found:?}"
        );
    }

    #[test]
    fn short_marked_names_are_not_quotes() {
        assert!(quotes("He works for «Газпром» and reads “The Times”.").is_empty());
    }
}
