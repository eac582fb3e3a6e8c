//! Events: meetings, statements and conflicts, with their actors.
//!
//! - A meeting is a sentence with a meeting word ("meeting", "met", "talks",
//!   "встреча") and two or more persons in it (names or role references);
//!   its place is the first
//!   place named there outside a role, its time a weekday, date or
//!   "yesterday"-like word if the sentence has one.
//! - A statement is each speaker's quotes, linked by index.
//! - A conflict is a conflict word ("conflict", "confrontation", "war",
//!   "конфликт") with "between A and B" / "между A и B" after it, or "A … war
//!   with/against B" around it; A and B are named entities.
//!
//! Each event is found within one sentence, so the cost is linear. The
//! words these rules look for are the lexicon's (`meeting_cues`,
//! `conflict_cues`, `between_words`, `and_words`, `against_words`,
//! `time_words`...), one file per language.

use std::collections::HashSet;
use std::ops::Range;

use crate::doc::Doc;
use crate::entities::{is_region, Entities};
use crate::lexicon::LEXICON;
use crate::quotes::FoundQuote;
use crate::{EntityKind, Event, EventKind};

/// Finds the events of a document, in reading order.
pub fn find(doc: &Doc, entities: &Entities, quotes: &[FoundQuote]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut seen: HashSet<(u8, Vec<usize>)> = HashSet::new();
    for sentence in &doc.sentences {
        if let Some(event) = meeting(doc, entities, sentence.clone(), &mut seen) {
            events.push(event);
        }
        conflicts(doc, entities, sentence.clone(), &mut seen, &mut events);
    }
    events.extend(statements(quotes));
    events.sort_by_key(|e| (e.start, e.kind as u8));
    events
}

/// Whether this kind of event with these actors is new (one event per actor set).
fn is_new(seen: &mut HashSet<(u8, Vec<usize>)>, kind: EventKind, actors: &[usize]) -> bool {
    let mut key = actors.to_vec();
    key.sort_unstable();
    seen.insert((kind as u8, key))
}

/// The sentence around token `at`, at most [`MAX_CONTEXT`] tokens each side
/// (a "sentence" of unpunctuated text can be the whole document).
fn around(sentence: Range<usize>, at: usize) -> Range<usize> {
    at.saturating_sub(MAX_CONTEXT).max(sentence.start)..(at + MAX_CONTEXT).min(sentence.end)
}

/// Tokens of context kept each side of an event's cue word.
const MAX_CONTEXT: usize = 60;

fn sentence_event(
    doc: &Doc,
    kind: EventKind,
    sentence: Range<usize>,
    actors: Vec<String>,
    place: Option<String>,
) -> Event {
    let (start, end) = doc.char_span(sentence.clone());
    Event {
        kind,
        actors,
        place,
        when: when(doc, sentence.clone()),
        sentence: doc.span_text(sentence).to_string(),
        start,
        end,
        in_title: false,
        quotes: Vec::new(),
    }
}

/// Distinct entities found in `range`, of the given kinds, not inside a role, in order.
fn entities_in(entities: &Entities, range: Range<usize>, kinds: &[EntityKind]) -> Vec<usize> {
    let mut clusters = Vec::new();
    let mut k = range.start;
    while k < range.end {
        let Some(index) = entities.at_token.get(k).copied().flatten() else {
            k += 1;
            continue;
        };
        let found = &entities.found[index];
        let cluster = &entities.clusters[found.cluster];
        if kinds.contains(&cluster.kind) && !found.in_role && !clusters.contains(&found.cluster) {
            clusters.push(found.cluster);
        }
        k = found.tokens.end.max(k + 1);
    }
    clusters
}

fn meeting(
    doc: &Doc,
    entities: &Entities,
    sentence: Range<usize>,
    seen: &mut HashSet<(u8, Vec<usize>)>,
) -> Option<Event> {
    let cue = sentence
        .clone()
        .find(|&k| LEXICON.meeting_cues.contains(&doc.keys[k]))?;
    let sentence = around(sentence, cue);
    let actors = entities_in(entities, sentence.clone(), &[EntityKind::Person]);
    if actors.len() < 2 || !is_new(seen, EventKind::Meeting, &actors) {
        return None;
    }
    let place = entities_in(entities, sentence.clone(), &[EntityKind::Place])
        .into_iter()
        .find(|&c| entities.clusters[c].entry.is_none() || !is_region(entities.clusters[c].entry))
        .map(|c| entities.clusters[c].name.clone());
    let names = actors
        .iter()
        .map(|&c| entities.clusters[c].name.clone())
        .collect();
    Some(sentence_event(
        doc,
        EventKind::Meeting,
        sentence,
        names,
        place,
    ))
}

fn conflicts(
    doc: &Doc,
    entities: &Entities,
    sentence: Range<usize>,
    seen: &mut HashSet<(u8, Vec<usize>)>,
    events: &mut Vec<Event>,
) {
    for cue in sentence
        .clone()
        .filter(|&k| LEXICON.conflict_cues.contains(&doc.keys[k]))
    {
        let parties = between(doc, entities, cue, sentence.end)
            .or_else(|| against(doc, entities, cue, sentence.clone()));
        let Some((a, b)) = parties else { continue };
        if !is_new(seen, EventKind::Conflict, &[a, b]) {
            continue;
        }
        let names = vec![
            entities.clusters[a].name.clone(),
            entities.clusters[b].name.clone(),
        ];
        events.push(sentence_event(
            doc,
            EventKind::Conflict,
            around(sentence.clone(), cue),
            names,
            None,
        ));
    }
}

/// The named entity starting at token `k`, if any, and where it ends.
fn party_at(entities: &Entities, k: usize) -> Option<(usize, usize)> {
    let found = &entities.found[entities.at_token.get(k).copied().flatten()?];
    let cluster = &entities.clusters[found.cluster];
    let named = matches!(
        cluster.kind,
        EntityKind::Person | EntityKind::Organization | EntityKind::Place
    );
    (named && !is_region(cluster.entry) && found.tokens.start == k)
        .then_some((found.cluster, found.tokens.end))
}

/// "conflict between A and B", "конфликт между A и B".
fn between(doc: &Doc, entities: &Entities, cue: usize, end: usize) -> Option<(usize, usize)> {
    let at =
        (cue + 1..(cue + 3).min(end)).find(|&k| LEXICON.between_words.contains(&doc.lowers[k]))?;
    let (a, after_a) = party_at(entities, skip_the(doc, at + 1))?;
    if !LEXICON.and_words.contains(doc.lowers.get(after_a)?) {
        return None;
    }
    let (b, _) = party_at(entities, skip_the(doc, after_a + 1))?;
    (a != b).then_some((a, b))
}

/// "A's war against B", "A … war with B".
fn against(
    doc: &Doc,
    entities: &Entities,
    cue: usize,
    sentence: Range<usize>,
) -> Option<(usize, usize)> {
    let at = (cue + 1..(cue + 3).min(sentence.end))
        .find(|&k| LEXICON.against_words.contains(&doc.lowers[k]))?;
    let (b, _) = party_at(entities, skip_the(doc, at + 1))?;
    let a = (cue.saturating_sub(4).max(sentence.start)..cue)
        .rev()
        .find_map(|k| party_at(entities, k).map(|(c, _)| c))?;
    (a != b).then_some((a, b))
}

fn skip_the(doc: &Doc, k: usize) -> usize {
    if doc
        .lowers
        .get(k)
        .is_some_and(|w| LEXICON.definite_articles.contains(w))
    {
        k + 1
    } else {
        k
    }
}

/// What says when, if the sentence has it: its first time word ("Monday",
/// «вчера»: the lexicon's `time_words`) with the preposition before it
/// (`time_prepositions`) and a number beside it ("March 4", «4 марта»).
fn when(doc: &Doc, sentence: Range<usize>) -> Option<String> {
    let k = sentence
        .clone()
        .find(|&k| LEXICON.time_words.contains(&doc.lowers[k]))?;
    let mut range = k..k + 1;
    if range.start > sentence.start && LEXICON.time_prepositions.contains(&doc.lowers[k - 1]) {
        range.start -= 1;
    }
    if doc
        .tokens
        .get(k + 1)
        .is_some_and(|t| t.kind == crate::token::TokenKind::Number)
        && k + 1 < sentence.end
    {
        range.end += 1;
    } else if k > sentence.start && doc.tokens[k - 1].kind == crate::token::TokenKind::Number {
        range.start = k - 1;
    }
    Some(doc.span_text(range).to_string())
}

/// One statement per speaker, linking all of their quotes.
fn statements(quotes: &[FoundQuote]) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let mut by_speaker: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (index, quote) in quotes.iter().enumerate() {
        let Some(speaker) = quote.quote.speaker.as_deref() else {
            continue;
        };
        if let Some(&event) = by_speaker.get(speaker) {
            events[event].quotes.push(index);
            continue;
        }
        by_speaker.insert(speaker, events.len());
        events.push(Event {
            kind: EventKind::Statement,
            actors: vec![speaker.to_string()],
            place: None,
            when: None,
            sentence: quote.quote.text.clone(),
            start: quote.quote.start,
            end: quote.quote.end,
            in_title: false,
            quotes: vec![index],
        });
    }
    events
}
