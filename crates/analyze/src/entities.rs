//! Entities: names found in the text, typed, given roles and clustered.
//!
//! 1. Candidates: runs of capitalised words (with "of", "van", "the" after
//!    "of" inside), gazetteer names (also lowercase ones, "post-Soviet
//!    space"), split at title phrases ("President", "Secretary General").
//! 2. Kinds: gazetteer entry; else organisation or place or event cue words
//!    ("Ministry", "River", "Cup"); else a known first name or two or more
//!    capitalised words make a person; a lone unknown word is decided by the
//!    rest of the document (a known surname, an acronym of an organisation
//!    named in full) or by its context ("said X", "in X").
//! 3. Clusters: one per gazetteer entry, per person (surname and first name
//!    link "Lukashenko" to "Alexander Lukashenko"), per organisation (an
//!    acronym links to the name it abbreviates).
//! 4. Roles: titles before a person ("President of Belarus", "CSTO Secretary
//!    General", "президент Беларуси") and appositions after one ("X, the
//!    Secretary General,"). Role references ("the Head of State", "the
//!    Belarusian leader", "главы государства") resolve to the person whose
//!    role has the same class and, if the reference says so, the same country
//!    or organisation.
//!
//! Every step looks at a bounded window around a token, so the cost is
//! linear in the document.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::doc::Doc;
use crate::gazetteer::{is_acronym, Class, GAZETTEER};
use crate::lexicon::LEXICON;
use crate::quotes::FoundQuote;
use crate::{Entity, EntityKind, Mention};

/// No name is longer than this many tokens; longer runs of capitals are cut
/// (headlines in title case, hostile input), which keeps every run's work bounded.
const MAX_RUN_WORDS: usize = 12;
/// How many known names after a role reference qualify it.
const MAX_REFERENCE_MODIFIERS: usize = 4;

/// An unknown multi-word name with no sign of being a person's is "other".
const OTHER_BY_DEFAULT: bool = true;
/// Tokens after a name searched for a personal pronoun.
const PRONOUN_WINDOW: usize = 30;

/// How many positions of one name are kept for choosing the nearest holder.
const MAX_PLACES_PER_NAME: usize = 64;

/// The honorific role class: stripped from names, never a role.
const HONORIFIC: &str = "honorific";

/// A name or role reference in the text, with the cluster it belongs to.
#[derive(Debug, Clone)]
pub struct Found {
    pub tokens: Range<usize>,
    pub kind: EntityKind,
    pub cluster: usize,
    /// A role reference ("the President"), not a name.
    pub reference: bool,
    /// Part of a person's role phrase ("Belarus" in "President of Belarus").
    pub in_role: bool,
}

/// A role of a person, as the document states it.
#[derive(Debug, Clone)]
pub struct Role {
    pub text: String,
    pub class: String,
    /// Gazetteer entries in the role ("Belarus", "CSTO").
    pub entries: Vec<usize>,
    /// Clusters of organisations named in the role.
    pub organizations: Vec<usize>,
}

/// One entity of the document, before it becomes an [`Entity`].
#[derive(Debug, Clone)]
pub struct Cluster {
    pub kind: EntityKind,
    pub entry: Option<usize>,
    pub name: String,
    pub roles: Vec<Role>,
    /// Word keys of the fullest name, for surname and initials matching.
    words: Vec<String>,
}

/// What [`find`] returns: mentions and references in text order, and their clusters.
#[derive(Debug, Default)]
pub struct Entities {
    pub found: Vec<Found>,
    pub clusters: Vec<Cluster>,
    /// For each token, the index into `found` of the mention covering it.
    pub at_token: Vec<Option<usize>>,
}

/// A candidate name before clustering.
#[derive(Debug, Clone)]
struct Candidate {
    tokens: Range<usize>,
    /// `None`: a lone word whose kind the rest of the document decides.
    kind: Option<EntityKind>,
    entry: Option<usize>,
    after_title: bool,
}

/// Finds the entities of a document.
pub fn find(doc: &Doc) -> Entities {
    let mut candidates = candidates(doc);
    decide_lone_words(doc, &mut candidates);
    let mut entities = cluster(doc, &candidates);
    name_clusters(doc, &mut entities);
    attach_roles(doc, &mut entities);
    add_references(doc, &mut entities);
    entities
        .found
        .sort_by_key(|f| (f.tokens.start, f.tokens.end));
    entities.at_token = vec![None; doc.tokens.len()];
    for (index, found) in entities.found.iter().enumerate() {
        for slot in &mut entities.at_token[found.tokens.clone()] {
            *slot = Some(index);
        }
    }
    entities
}

// ---------------------------------------------------------------- candidates

fn candidates(doc: &Doc) -> Vec<Candidate> {
    let mid_capitals = mid_sentence_capitals(doc);
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let mut i = sentence.start;
        while i < sentence.end {
            if let (Some(hit), false) = (doc.gazetteer[i], doc.is_capitalised(i)) {
                if !hit.adjective && doc.is_word(i) {
                    out.push(Candidate::known(doc, i..i + hit.words, hit.entry));
                }
                i += hit.words;
                continue;
            }
            if !is_name_word(doc, i) {
                i += 1;
                continue;
            }
            let end = russian_institution_end(doc, run_end(doc, i, sentence.end), sentence.end);
            let initial = is_sentence_initial(doc, i, sentence.start);
            split_run(doc, i..end, initial, &mid_capitals, &mut out);
            i = end.max(i + 1);
        }
    }
    out
}

impl Candidate {
    fn known(doc: &Doc, tokens: Range<usize>, entry: usize) -> Self {
        let _ = doc;
        Candidate {
            tokens,
            kind: Some(GAZETTEER.entries[entry].kind()),
            entry: Some(entry),
            after_title: false,
        }
    }

    fn of(tokens: Range<usize>, kind: Option<EntityKind>, after_title: bool) -> Self {
        Candidate {
            tokens,
            kind,
            entry: None,
            after_title,
        }
    }
}

/// Keys of capitalised words seen away from the start of a sentence.
fn mid_sentence_capitals<'d>(doc: &'d Doc) -> HashSet<&'d str> {
    let mut set = HashSet::new();
    for sentence in &doc.sentences {
        for i in sentence.clone() {
            if doc.is_capitalised(i) && !is_sentence_initial(doc, i, sentence.start) {
                set.insert(doc.keys[i].as_str());
            }
        }
    }
    set
}

/// The first word of a sentence, or the first after an opening quote, colon or dash.
fn is_sentence_initial(doc: &Doc, i: usize, sentence_start: usize) -> bool {
    if i == sentence_start {
        return true;
    }
    let previous = doc.word(i - 1);
    if matches!(
        previous,
        "\"" | "“" | "«" | "„" | "‘" | ":" | "–" | "—" | "-" | "("
    ) {
        return true;
    }
    (sentence_start..i)
        .all(|k| !doc.is_word(k) && doc.tokens[k].kind != crate::token::TokenKind::Number)
}

/// How many tokens one step of a run takes: a whole gazetteer name or title phrase.
/// A word that can be part of a name: capitalised and no stop word ("I",
/// "The"), or a known name, or a particle name ("al-Amr").
fn is_name_word(doc: &Doc, i: usize) -> bool {
    if doc.gazetteer[i].is_some() && doc.is_capitalised(i) {
        return true;
    }
    if doc.is_capitalised(i) {
        return !LEXICON.is_stopword(&doc.lowers[i]) || doc.titles[i].is_some();
    }
    let lowered = doc.lowers[i].as_str();
    ["al-", "el-", "ad-", "as-", "ash-", "bin-", "abu-"]
        .iter()
        .any(|p| {
            lowered.starts_with(p)
                && doc
                    .word(i)
                    .chars()
                    .nth(p.len())
                    .is_some_and(char::is_uppercase)
        })
}

fn step(doc: &Doc, i: usize) -> usize {
    let gazetteer = doc.gazetteer[i].map_or(0, |h| h.words);
    let title = doc.titles[i].as_ref().map_or(0, |t| t.words);
    gazetteer.max(title).max(1)
}

/// The end of the run of capitalised words starting at `start`.
fn run_end(doc: &Doc, start: usize, limit: usize) -> usize {
    let limit = limit.min(start + MAX_RUN_WORDS);
    let mut end = start + step(doc, start);
    while end < limit && doc.tokens[end].breaks_before == 0 {
        if is_name_word(doc, end) {
            end += step(doc, end);
            continue;
        }
        let mut k = end;
        while k < limit && k - end < 2 && is_connector(doc, k, start..end) {
            k += 1;
        }
        if k > end && k < limit && doc.tokens[k].breaks_before == 0 && is_name_word(doc, k) {
            end = k + step(doc, k);
            continue;
        }
        break;
    }
    end.min(limit)
}

/// «Зенит», «Газпром»: a short capitalised name in guillemets, the Russian
/// convention for companies, clubs, parties and media.
fn in_guillemets(doc: &Doc, run: Range<usize>) -> bool {
    run.start > 0 && run.len() <= 4 && doc.word(run.start - 1) == "«" && doc.word(run.end) == "»"
}

/// "Московский государственный университет": a capitalised Russian adjective
/// run continued by lowercase adjectives up to an institution word.
fn russian_institution_end(doc: &Doc, end: usize, limit: usize) -> usize {
    const ADJECTIVE_ENDINGS: &[&str] = &[
        "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым",
        "им", "ую", "юю", "ых", "их",
    ];
    let adjective = |k: usize| {
        let word = doc.lowers[k].as_str();
        word.chars().all(crate::normalize::is_cyrillic)
            && ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e))
    };
    if end == 0 || !adjective(end - 1) {
        return end;
    }
    let mut k = end;
    while k < limit && k < end + 3 && doc.tokens[k].breaks_before == 0 && !doc.is_capitalised(k) {
        if LEXICON.org_cues.contains(&doc.keys[k])
            && doc.lowers[k].chars().all(crate::normalize::is_cyrillic)
        {
            return k + 1;
        }
        if !adjective(k) {
            break;
        }
        k += 1;
    }
    end
}

fn is_connector(doc: &Doc, k: usize, run: Range<usize>) -> bool {
    let word = doc.lowers[k].as_str();
    if LEXICON.connectors.contains(word) {
        return true;
    }
    match word {
        "the" => k > 0 && matches!(doc.lowers[k - 1].as_str(), "of" | "for"),
        // "Ministry of Trade and Industry", but not "Labour Party and Frederick Fung".
        "and" | "&" => {
            let complete = run.end > run.start && LEXICON.org_cues.contains(&doc.keys[run.end - 1]);
            let person_next = doc
                .keys
                .get(k + 1)
                .is_some_and(|key| LEXICON.given_names.contains(key));
            has_org_cue(doc, run) && !complete && !person_next
        }
        _ => false,
    }
}

/// A cue word ("Ministry", "Council") among the words, not counting one-word
/// known names ("МИД", "Kremlin"), which are entities of their own.
fn has_org_cue(doc: &Doc, range: Range<usize>) -> bool {
    range.into_iter().any(|k| {
        let own_name = doc.gazetteer[k].is_some_and(|h| h.words == 1);
        !own_name
            && LEXICON.org_cues.contains(&doc.keys[k])
            && (doc.is_capitalised(k) || doc.lowers[k].chars().all(crate::normalize::is_cyrillic))
    })
}

fn split_run(
    doc: &Doc,
    run: Range<usize>,
    initial: bool,
    mid_capitals: &HashSet<&str>,
    out: &mut Vec<Candidate>,
) {
    if in_guillemets(doc, run.clone()) {
        let kind = match doc.gazetteer[run.start] {
            Some(hit) if hit.words == run.len() => {
                out.push(Candidate::known(doc, run, hit.entry));
                return;
            }
            _ => EntityKind::Organization,
        };
        out.push(Candidate::of(run, Some(kind), false));
        return;
    }
    let mut start = run.start;
    if initial && drop_initial_word(doc, start, run.len(), mid_capitals) {
        start += 1;
        while start < run.end && !doc.is_capitalised(start) {
            start += 1;
        }
    }
    let mut after_title = false;
    while start < run.end {
        let Some(title_start) = doc.in_title[start].filter(|&t| t < start) else {
            break;
        };
        start = title_start + doc.titles[title_start].as_ref().map_or(1, |t| t.words);
        after_title = true;
    }
    let mut piece_start = start;
    let mut k = start;
    while k < run.end {
        if let Some(title) = doc.titles[k].as_ref() {
            let title_end = (k + title.words).min(run.end);
            let rest = title_end..next_title(doc, title_end, run.end);
            if rest.is_empty() || !names_institution(doc, rest) {
                classify_piece(doc, piece_start..k, after_title, out);
                after_title = title.class != "leader" || title_end < run.end;
                k = title_end;
                piece_start = k;
                continue;
            }
        }
        k += doc.gazetteer[k].map_or(1, |h| h.words);
    }
    classify_piece(doc, piece_start..run.end, after_title, out);
}

/// Whether the words after a title name an institution rather than a person
/// ("General Motors", "Министерство ..."): an English name ending in a cue
/// word, or a Russian one starting with one. Known names do not count.
fn names_institution(doc: &Doc, rest: Range<usize>) -> bool {
    let cue = |k: usize| doc.in_gazetteer[k].is_none() && LEXICON.org_cues.contains(&doc.keys[k]);
    cue(rest.end - 1) || cue(rest.start)
}

fn next_title(doc: &Doc, from: usize, end: usize) -> usize {
    (from..end)
        .find(|&k| doc.titles[k].is_some())
        .unwrap_or(end)
}

/// Whether a sentence's first word is an ordinary capitalised word, not a name.
fn drop_initial_word(doc: &Doc, i: usize, run_words: usize, mid_capitals: &HashSet<&str>) -> bool {
    if doc.gazetteer[i].is_some() || doc.titles[i].is_some() {
        return false;
    }
    let lowered = doc.lowers[i].as_str();
    if LEXICON.openers.contains(lowered) || LEXICON.is_stopword(lowered) {
        return true;
    }
    let known = LEXICON.given_names.contains(&doc.keys[i])
        || is_acronym(doc.word(i))
        || mid_capitals.contains(doc.keys[i].as_str());
    run_words == 1 && !known
}

fn trim(doc: &Doc, mut range: Range<usize>) -> Range<usize> {
    // Runs end on name words; what a split leaves at the edges is "of", "the",
    // "and" or punctuation. Lowercase words of Russian institutions stay.
    let ordinary = |k: usize| {
        !is_name_word(doc, k)
            && doc.in_gazetteer[k].is_none()
            && (!doc.is_word(k)
                || LEXICON.connectors.contains(&doc.lowers[k])
                || matches!(doc.lowers[k].as_str(), "the" | "and" | "&"))
    };
    while range.start < range.end && ordinary(range.start) {
        range.start += 1;
    }
    while range.end > range.start && ordinary(range.end - 1) {
        range.end -= 1;
    }
    range
}

fn classify_piece(doc: &Doc, piece: Range<usize>, after_title: bool, out: &mut Vec<Candidate>) {
    let piece = trim(doc, piece);
    if piece.is_empty() {
        return;
    }
    if let Some(hit) = doc.gazetteer[piece.start] {
        if hit.words == piece.len() {
            if !hit.adjective {
                out.push(Candidate::known(doc, piece, hit.entry));
            }
            return;
        }
    }
    if let Some((left, right)) = split_at_of(doc, piece.clone()) {
        classify_piece(doc, left, after_title, out);
        classify_piece(doc, right, false, out);
        return;
    }
    if let Some(kind) = cue_kind(doc, piece.clone()) {
        out.push(Candidate::of(piece, Some(kind), false));
        return;
    }
    let has_gazetteer = piece.clone().any(|k| doc.in_gazetteer[k].is_some());
    if !has_gazetteer {
        classify_name(doc, piece, after_title, out);
        return;
    }
    let first_is_given = LEXICON.given_names.contains(&doc.keys[piece.start]);
    let rest_has_gazetteer = (piece.start + 1..piece.end).any(|k| doc.in_gazetteer[k].is_some());
    if piece.len() >= 2 && first_is_given && !rest_has_gazetteer {
        out.push(Candidate::of(piece, Some(EntityKind::Person), after_title));
        return;
    }
    split_at_gazetteer(doc, piece, after_title, out);
}

fn split_at_gazetteer(doc: &Doc, piece: Range<usize>, after_title: bool, out: &mut Vec<Candidate>) {
    let mut k = piece.start;
    let mut name_start = k;
    while k < piece.end {
        match doc.gazetteer[k] {
            Some(hit) => {
                classify_name(doc, trim(doc, name_start..k), false, out);
                if !hit.adjective {
                    out.push(Candidate::known(
                        doc,
                        k..(k + hit.words).min(piece.end),
                        hit.entry,
                    ));
                }
                k += hit.words;
                name_start = k;
            }
            None => k += 1,
        }
    }
    classify_name(doc, trim(doc, name_start..piece.end), after_title, out);
}

/// "Wu Chi-wai of the Democratic Party", "Leung of NWSC": a name, "of", and
/// an institution, when the part before "of" has no cue word of its own
/// (unlike "University of Sheffield" or "Bank of England").
fn split_at_of(doc: &Doc, piece: Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let of = piece.clone().find(|&k| {
        doc.lowers[k] == "of" && doc.in_gazetteer[k].is_none() && doc.in_title[k].is_none()
    })?;
    let left = piece.start..of;
    let right = of + 1..piece.end;
    let cue = |range: Range<usize>| {
        range.into_iter().any(|k| {
            LEXICON.org_cues.contains(&doc.keys[k])
                || LEXICON.place_cues.contains(&doc.keys[k])
                || LEXICON.event_cues.contains(&doc.keys[k])
        })
    };
    let institution = |range: Range<usize>| {
        let range = trim(doc, range);
        cue(range.clone())
            || range
                .clone()
                .all(|k| !doc.is_word(k) || is_acronym(doc.word(k)))
            || doc.gazetteer[range.start].is_some_and(|h| {
                h.words == range.len() && GAZETTEER.entries[h.entry].class == Class::Organization
            })
    };
    let person_left = !left.is_empty() && LEXICON.given_names.contains(&doc.keys[left.start]);
    (!left.is_empty()
        && !cue(left.clone())
        && !right.is_empty()
        && (person_left || institution(right.clone())))
    .then_some((left, right))
}

/// Organisation, place or event by cue words ("Ministry", "River", "Cup").
fn cue_kind(doc: &Doc, piece: Range<usize>) -> Option<EntityKind> {
    if piece.len() < 2 {
        return None;
    }
    let last = &doc.keys[piece.end - 1];
    let first = &doc.keys[piece.start];
    if LEXICON.place_cues.contains(last)
        || (LEXICON.place_prefixes.contains(first) && doc.gazetteer[piece.start].is_none())
    {
        return Some(EntityKind::Place);
    }
    if has_org_cue(doc, piece.clone()) {
        return Some(EntityKind::Organization);
    }
    if LEXICON.event_cues.contains(last) {
        return Some(EntityKind::Event);
    }
    None
}

fn classify_name(doc: &Doc, piece: Range<usize>, after_title: bool, out: &mut Vec<Candidate>) {
    let piece = trim(doc, piece);
    if piece.is_empty() || !is_name_word(doc, piece.start) {
        return;
    }
    if piece.len() == 1 {
        if !LEXICON.is_stopword(&doc.lowers[piece.start]) {
            out.push(Candidate::of(piece, None, after_title));
        }
        return;
    }
    let kind = if LEXICON.given_names.contains(&doc.keys[piece.start]) || after_title {
        EntityKind::Person
    } else if piece
        .clone()
        .all(|k| !doc.is_word(k) || is_acronym(doc.word(k)))
    {
        EntityKind::Organization
    } else if piece.start > 0 && doc.lowers[piece.start - 1] == "the" {
        EntityKind::Other
    } else {
        // Undecided: the rest of the document tells (see `decide_lone_words`).
        out.push(Candidate::of(piece, None, after_title));
        return;
    };
    out.push(Candidate::of(piece, Some(kind), after_title));
}

// ---------------------------------------------------------- lone words

/// Decides the kind of lone unknown words from the rest of the document.
fn decide_lone_words(doc: &Doc, candidates: &mut [Candidate]) {
    let mut name_parts: HashSet<&str> = HashSet::new();
    let mut initials: HashSet<String> = HashSet::new();
    let mut known: HashMap<&str, EntityKind> = HashMap::new();
    for c in candidates.iter() {
        match c.kind {
            Some(EntityKind::Person) if c.tokens.len() >= 2 => {
                name_parts.insert(doc.keys[c.tokens.start].as_str());
                name_parts.insert(doc.keys[c.tokens.end - 1].as_str());
            }
            Some(EntityKind::Organization) if c.tokens.len() >= 2 => {
                initials.insert(initials_of(doc, c.tokens.clone()));
            }
            Some(kind) if c.tokens.len() == 1 => {
                known.insert(doc.keys[c.tokens.start].as_str(), kind);
            }
            _ => {}
        }
    }
    let lone: HashSet<&str> = candidates
        .iter()
        .filter(|c| c.tokens.len() == 1 && c.kind.is_none())
        .map(|c| doc.keys[c.tokens.start].as_str())
        .collect();
    for c in candidates
        .iter_mut()
        .filter(|c| c.kind.is_none() && c.tokens.len() >= 2)
    {
        let last = c.tokens.end - 1;
        let person = near_speech_verb(doc, c.tokens.start)
            || near_speech_verb(doc, last)
            || lone.contains(doc.keys[last].as_str())
            || personal_pronoun_follows(doc, c.tokens.end)
            || looks_like_surname(&doc.keys[last])
            || role_noun_before(doc, c.tokens.start);
        c.kind = Some(if person || !OTHER_BY_DEFAULT {
            EntityKind::Person
        } else {
            EntityKind::Other
        });
    }
    // Each lone word is judged where it stands, then all its occurrences take
    // the kind most of them point to (a name is one thing in one article).
    let mut votes: HashMap<&str, [usize; 5]> = HashMap::new();
    let undecided: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].kind.is_none())
        .collect();
    for &index in &undecided {
        let c = &mut candidates[index];
        let i = c.tokens.start;
        let key = doc.keys[i].as_str();
        let word = doc.word(i);
        let kind = if name_parts.contains(key) {
            EntityKind::Person
        } else if initials.contains(word) {
            EntityKind::Organization
        } else if let Some(kind) = known.get(key) {
            *kind
        } else if is_acronym(word) {
            EntityKind::Organization
        } else if LEXICON.given_names.contains(key) || c.after_title || near_speech_verb(doc, i) {
            EntityKind::Person
        } else if after_place_preposition(doc, i) {
            EntityKind::Place
        } else {
            EntityKind::Other
        };
        c.kind = Some(kind);
        votes.entry(key).or_default()[kind as usize] += 1;
    }
    for &index in &undecided {
        let key = doc.keys[candidates[index].tokens.start].as_str();
        let Some(counts) = votes.get(key) else {
            continue;
        };
        // The most votes; a tie goes to the more specific kind (person first, other last).
        let best = [
            EntityKind::Person,
            EntityKind::Organization,
            EntityKind::Place,
            EntityKind::Event,
            EntityKind::Other,
        ]
        .into_iter()
        .max_by_key(|k| (counts[*k as usize], std::cmp::Reverse(*k as usize)));
        candidates[index].kind = Some(best.unwrap_or(EntityKind::Other));
    }
}

/// "CSTO" from "Collective Security Treaty Organization": capitals of the capitalised words.
fn initials_of(doc: &Doc, range: Range<usize>) -> String {
    range
        .filter(|&k| doc.is_capitalised(k))
        .filter_map(|k| doc.word(k).chars().next())
        .collect()
}

fn near_speech_verb(doc: &Doc, i: usize) -> bool {
    let verb = |k: usize| {
        doc.keys
            .get(k)
            .is_some_and(|key| LEXICON.speech_verbs.contains(key))
    };
    verb(i + 1) || (i > 0 && verb(i - 1))
}

/// Common surname endings of the region's languages ("-ов", "-енко", "-вич", "-ян", "-дзе").
fn looks_like_surname(key: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ов",
        "ев",
        "ин",
        "ск",
        "вич",
        "енк",
        "ук",
        "юк",
        "ян",
        "дзе",
        "швили",
        "ovich",
        "evich",
        "enko",
        "shvili",
        "dze",
        "yan",
        "ov",
        "ev",
        "sky",
        "ski",
        "skiy",
    ];
    key.chars().count() >= 5 && ENDINGS.iter().any(|e| key.ends_with(e))
}

/// "he", "she", "his", "her" within the next few tokens: the name is a person's.
fn personal_pronoun_follows(doc: &Doc, end: usize) -> bool {
    const PRONOUNS: &[&str] = &[
        "he", "she", "his", "her", "him", "он", "она", "его", "её", "ее", "ему", "ей",
    ];
    (end..(end + PRONOUN_WINDOW).min(doc.tokens.len()))
        .any(|k| PRONOUNS.contains(&doc.lowers[k].as_str()))
}

/// "student Ahmed Mohamed", "spokesperson Julie Smith": a lowercase person noun before.
fn role_noun_before(doc: &Doc, start: usize) -> bool {
    const NOUNS: &[&str] = &[
        "student",
        "teacher",
        "actor",
        "actress",
        "singer",
        "artist",
        "writer",
        "author",
        "player",
        "musician",
        "director",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "businessman",
        "businesswoman",
        "activist",
        "lawyer",
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "colleague",
        "candidate",
        "photographer",
        "reporter",
        "founder",
        "pilot",
        "astronaut",
        "engineer",
        "scientist",
        "professor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "by",
        "named",
    ];
    start > 0
        && (NOUNS.contains(&doc.lowers[start - 1].as_str()) || doc.in_title[start - 1].is_some())
}

fn after_place_preposition(doc: &Doc, i: usize) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "in",
        "at",
        "from",
        "near",
        "into",
        "across",
        "throughout",
        "to",
        "в",
        "во",
        "из",
        "под",
    ];
    let mut k = i;
    if k > 0 && doc.lowers[k - 1] == "the" {
        k -= 1;
    }
    k > 0 && PREPOSITIONS.contains(&doc.lowers[k - 1].as_str())
}

// ---------------------------------------------------------------- clusters

fn cluster(doc: &Doc, candidates: &[Candidate]) -> Entities {
    let mut entities = Entities::default();
    let mut index = NameIndex::default();
    // Full names first, so lone surnames and acronyms can find them wherever they are.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| {
        (
            candidates[i].entry.is_none() && candidates[i].tokens.len() < 2,
            candidates[i].tokens.start,
        )
    });
    for i in order {
        let c = &candidates[i];
        let kind = c.kind.unwrap_or(EntityKind::Other);
        let cluster = match c.entry {
            Some(entry) => index.known(&mut entities, entry, kind),
            None => match index.link(doc, &entities, c, kind) {
                Some(cluster) => cluster,
                None => index.new_name(doc, &mut entities, c, kind),
            },
        };
        index.note(doc, &entities, cluster, c);
        entities.found.push(Found {
            tokens: c.tokens.clone(),
            kind: entities.clusters[cluster].kind,
            cluster,
            reference: false,
            in_role: false,
        });
    }
    entities
}

/// Lookups that keep clustering linear: by gazetteer entry, by name key,
/// by a person's first or last word, by an organisation's acronym.
#[derive(Default)]
struct NameIndex {
    by_entry: HashMap<usize, usize>,
    by_key: HashMap<(EntityKind, String), usize>,
    /// Word key → (cluster, token of a mention) for multi-word person names.
    person_words: HashMap<String, Vec<(usize, usize, String)>>,
    /// Acronym → organisation cluster.
    acronyms: HashMap<String, usize>,
}

impl NameIndex {
    fn known(&mut self, entities: &mut Entities, entry: usize, kind: EntityKind) -> usize {
        *self.by_entry.entry(entry).or_insert_with(|| {
            let e = &GAZETTEER.entries[entry];
            entities.clusters.push(Cluster {
                kind,
                entry: Some(entry),
                name: e.name.clone(),
                roles: Vec::new(),
                words: crate::gazetteer::key_of(&e.name)
                    .split(' ')
                    .map(str::to_string)
                    .collect(),
            });
            if let Some(acronym) = &e.acronym {
                self.acronyms
                    .insert(acronym.clone(), entities.clusters.len() - 1);
            }
            entities.clusters.len() - 1
        })
    }

    fn new_name(
        &mut self,
        doc: &Doc,
        entities: &mut Entities,
        c: &Candidate,
        kind: EntityKind,
    ) -> usize {
        let key = (kind, doc.key(c.tokens.clone()));
        *self.by_key.entry(key).or_insert_with(|| {
            entities.clusters.push(Cluster {
                kind,
                entry: None,
                name: normalize_space(doc.span_text(c.tokens.clone())),
                roles: Vec::new(),
                words: doc.keys[c.tokens.clone()].to_vec(),
            });
            entities.clusters.len() - 1
        })
    }

    /// Records what later candidates may link to.
    fn note(&mut self, doc: &Doc, entities: &Entities, cluster: usize, c: &Candidate) {
        let kind = entities.clusters[cluster].kind;
        if kind == EntityKind::Person && c.tokens.len() >= 2 {
            for k in [c.tokens.start, c.tokens.end - 1] {
                let places = self.person_words.entry(doc.keys[k].clone()).or_default();
                if places.len() < MAX_PLACES_PER_NAME {
                    places.push((cluster, c.tokens.start, doc.lowers[k].clone()));
                }
            }
        }
        if kind == EntityKind::Organization && c.tokens.len() >= 2 {
            let initials = initials_of(doc, c.tokens.clone());
            if initials.chars().count() >= 2 {
                self.acronyms.entry(initials).or_insert(cluster);
            }
        }
    }

    /// An existing cluster this candidate names in another way: a surname, a
    /// first name, a fuller form, or an acronym.
    fn link(
        &self,
        doc: &Doc,
        entities: &Entities,
        c: &Candidate,
        kind: EntityKind,
    ) -> Option<usize> {
        let words = &doc.keys[c.tokens.clone()];
        let single = words.len() == 1;
        if kind == EntityKind::Organization && single {
            return self.acronyms.get(doc.word(c.tokens.start)).copied();
        }
        let person_like = kind == EntityKind::Person
            || (single && matches!(kind, EntityKind::Other | EntityKind::Place));
        if !person_like {
            return None;
        }
        // The same spelling first ("Иванова" is Анна Иванова, not Сергей Иванов), then the nearest.
        let surface = &doc.lowers[c.tokens.end - 1];
        self.person_words
            .get(words.last()?)?
            .iter()
            .filter(|(cluster, _, _)| same_person(words, &entities.clusters[*cluster].words))
            .min_by_key(|(_, at, spelling)| (spelling != surface, c.tokens.start.abs_diff(*at)))
            .map(|(cluster, _, _)| *cluster)
    }
}

/// "Lukashenko" or "Alexander Lukashenko" for "Alexander Grigoryevich Lukashenko".
fn same_person(words: &[String], full: &[String]) -> bool {
    match (words, full) {
        ([one], [first, .., last]) => one == last || one == first,
        ([first, .., last], [full_first, .., full_last]) => {
            last == full_last && (first == full_first || initial_of(first, full_first))
        }
        _ => false,
    }
}

fn initial_of(short: &str, long: &str) -> bool {
    let short = short.trim_end_matches('.');
    short.chars().count() == 1 && long.starts_with(short)
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- roles

/// Role material around a person: titles, known names, organisations, "of".
struct RoleScan {
    range: Range<usize>,
    class: Option<String>,
    entries: Vec<usize>,
    organizations: Vec<usize>,
}

fn attach_roles(doc: &Doc, entities: &mut Entities) {
    let mut org_at: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    for (index, found) in entities.found.iter().enumerate() {
        if found.kind != EntityKind::Person {
            for slot in &mut org_at[found.tokens.clone()] {
                *slot = Some(index);
            }
        }
    }
    let persons: Vec<usize> = (0..entities.found.len())
        .filter(|&i| entities.found[i].kind == EntityKind::Person)
        .collect();
    for person in persons {
        let tokens = entities.found[person].tokens.clone();
        let scans = [
            role_before(doc, &entities.found, &org_at, tokens.start),
            role_after(doc, &entities.found, &org_at, tokens.end),
        ];
        for scan in scans.into_iter().flatten() {
            add_role(doc, entities, &org_at, person, scan);
        }
    }
}

fn add_role(
    doc: &Doc,
    entities: &mut Entities,
    org_at: &[Option<usize>],
    person: usize,
    scan: RoleScan,
) {
    let Some(class) = scan.class else { return };
    for k in scan.range.clone() {
        if let Some(f) = org_at[k] {
            entities.found[f].in_role = true;
        }
    }
    let text = normalize_space(doc.span_text(scan.range));
    let cluster = entities.found[person].cluster;
    let roles = &mut entities.clusters[cluster].roles;
    if !roles
        .iter()
        .any(|r| r.text.to_lowercase() == text.to_lowercase())
        && !text.is_empty()
    {
        roles.push(Role {
            text,
            class,
            entries: scan.entries,
            organizations: scan.organizations,
        });
    }
}

/// Walks left from `end` over role material within the sentence.
fn role_before(
    doc: &Doc,
    found: &[Found],
    org_at: &[Option<usize>],
    end: usize,
) -> Option<RoleScan> {
    let sentence_start = doc.sentences.get(*doc.sentence_of.get(end)?)?.start;
    let mut scan = RoleScan {
        range: end..end,
        class: None,
        entries: Vec::new(),
        organizations: Vec::new(),
    };
    let mut l = end;
    while l > sentence_start && end - l < 16 {
        let k = l - 1;
        if let Some(start) = doc.in_title[k] {
            let title = doc.titles[start].as_ref()?;
            if title.class == HONORIFIC {
                if scan.class.is_none() {
                    l = start;
                    scan.range.end = start;
                    scan.range.start = start;
                    continue;
                }
                break;
            }
            scan.class.get_or_insert_with(|| title.class.clone());
            l = start;
        } else if let Some(start) = doc.in_gazetteer[k] {
            scan.entries.push(doc.gazetteer[start]?.entry);
            l = start;
        } else if let Some(f) = org_at[k] {
            scan.organizations.push(found[f].cluster);
            l = found[f].tokens.start;
        } else if matches!(doc.lowers[k].as_str(), "of" | "'s") && l < scan.range.end {
            l = k;
        } else {
            break;
        }
        scan.range.start = l;
    }
    while scan.range.start < scan.range.end
        && matches!(doc.lowers[scan.range.start].as_str(), "of" | "'s" | "the")
    {
        scan.range.start += 1;
    }
    scan.class.as_ref()?;
    Some(scan)
}

/// "X, the Secretary General, ..." and "X, президент Беларуси, ...".
fn role_after(
    doc: &Doc,
    found: &[Found],
    org_at: &[Option<usize>],
    start: usize,
) -> Option<RoleScan> {
    if doc.word(start) != "," {
        return None;
    }
    let sentence_end = doc.sentences.get(*doc.sentence_of.get(start)?)?.end;
    let mut k = start + 1;
    while k < sentence_end && matches!(doc.lowers[k].as_str(), "the" | "a" | "an") {
        k += 1;
    }
    let mut scan = RoleScan {
        range: k..k,
        class: None,
        entries: Vec::new(),
        organizations: Vec::new(),
    };
    while k < sentence_end && k - start < 16 {
        if let Some(title) = doc.titles[k].as_ref() {
            if title.class == HONORIFIC {
                return None;
            }
            scan.class = Some(title.class.clone());
            k += title.words;
        } else if let Some(hit) = doc.gazetteer[k] {
            scan.entries.push(hit.entry);
            k += hit.words;
        } else if let Some(f) = org_at[k] {
            scan.organizations.push(found[f].cluster);
            k = found[f].tokens.end.max(k + 1);
        } else if matches!(doc.lowers[k].as_str(), "of" | "the" | "'s") {
            k += 1;
        } else {
            break;
        }
        scan.range.end = k;
    }
    let closes = k >= sentence_end
        || matches!(doc.word(k), "," | "." | ";" | ")" | "–" | "—")
        || LEXICON.speech_verbs.contains(&doc.keys[k]);
    if !closes {
        return None;
    }
    while scan.range.end > scan.range.start
        && matches!(doc.lowers[scan.range.end - 1].as_str(), "of" | "the" | "'s")
    {
        scan.range.end -= 1;
    }
    scan.class.as_ref()?;
    Some(scan)
}

// ---------------------------------------------------------------- references

fn add_references(doc: &Doc, entities: &mut Entities) {
    let mut used = vec![false; doc.tokens.len()];
    // A title right before a person's name is that person's role, not a reference.
    let mut name_at = vec![false; doc.tokens.len()];
    for found in entities
        .found
        .iter()
        .filter(|f| f.kind == EntityKind::Person)
    {
        name_at[found.tokens.clone()]
            .iter_mut()
            .for_each(|s| *s = true);
    }
    mark_role_tokens(doc, entities, &mut used);
    let mut org_at: Vec<Option<usize>> = vec![None; doc.tokens.len()];
    for found in entities
        .found
        .iter()
        .filter(|f| f.kind == EntityKind::Organization)
    {
        for slot in &mut org_at[found.tokens.clone()] {
            *slot = Some(found.cluster);
        }
    }
    let holders = role_holders(entities);
    let mut references = Vec::new();
    for (t, title) in doc.titles.iter().enumerate() {
        let Some(title) = title.as_ref() else {
            continue;
        };
        let end = t + title.words;
        if used[t] || title.class == HONORIFIC || name_at.get(end).copied().unwrap_or(false) {
            continue;
        }
        let Some((start, mut entries, mut organizations)) = reference_start(doc, &org_at, t) else {
            continue;
        };
        let end = reference_end(doc, &org_at, end, &mut entries, &mut organizations);
        let classes = reference_classes(doc, t..end, &title.class);
        if let Some(cluster) = holder(entities, &holders, &classes, &entries, &organizations, t) {
            references.push(Found {
                tokens: start..end,
                kind: EntityKind::Person,
                cluster,
                reference: true,
                in_role: false,
            });
        }
    }
    entities.found.extend(references);
}

/// Marks the tokens of role phrases next to person names, so they are not read as references.
fn mark_role_tokens(doc: &Doc, entities: &Entities, used: &mut [bool]) {
    for found in entities
        .found
        .iter()
        .filter(|f| f.kind == EntityKind::Person)
    {
        let mut k = found.tokens.start;
        while k > 0 && found.tokens.start - k < 16 {
            let prev = k - 1;
            let material = doc.in_title[prev].is_some()
                || doc.in_gazetteer[prev].is_some()
                || matches!(doc.lowers[prev].as_str(), "of" | "'s");
            if !material || doc.tokens[k].breaks_before > 0 {
                break;
            }
            used[prev] = true;
            k = prev;
        }
        let after = found.tokens.end;
        if doc.word(after) == "," {
            let mut k = after + 1;
            while k < doc.tokens.len() && k - after < 16 {
                let material = doc.in_title[k].is_some()
                    || doc.in_gazetteer[k].is_some()
                    || matches!(doc.lowers[k].as_str(), "of" | "the" | "'s");
                if !material || doc.tokens[k].breaks_before > 0 {
                    break;
                }
                used[k] = true;
                k += 1;
            }
        }
    }
}

type Modifiers = (usize, Vec<usize>, Vec<usize>);

/// Where a role reference starts ("the" in English; the title itself in
/// languages without articles), with the places and organisations that
/// qualify it ("the Belarusian leader", "the CSTO Secretary General").
fn reference_start(doc: &Doc, org_at: &[Option<usize>], title: usize) -> Option<Modifiers> {
    let cyrillic = doc
        .word(title)
        .chars()
        .next()
        .is_some_and(crate::normalize::is_cyrillic);
    let mut entries = Vec::new();
    let mut organizations = Vec::new();
    let mut l = title;
    while l > 0 && title - l < 8 {
        let k = l - 1;
        if let Some(start) = doc.in_gazetteer[k] {
            entries.push(doc.gazetteer[start]?.entry);
            l = start;
        } else if let Some(cluster) = org_at[k] {
            organizations.push(cluster);
            l = k;
        } else {
            break;
        }
    }
    if l > 0 && matches!(doc.lowers[l - 1].as_str(), "the") {
        return Some((l - 1, entries, organizations));
    }
    if cyrillic {
        return Some((l, entries, organizations));
    }
    None
}

/// Places and organisations after a role reference: "the Secretary General of
/// the CSTO", "генсек ОДКБ", "главы государства Беларуси". Returns the new end.
fn reference_end(
    doc: &Doc,
    org_at: &[Option<usize>],
    end: usize,
    entries: &mut Vec<usize>,
    organizations: &mut Vec<usize>,
) -> usize {
    let mut k = end;
    if doc.lowers.get(k).is_some_and(|w| w == "of") {
        k += 1;
        if doc.lowers.get(k).is_some_and(|w| w == "the") {
            k += 1;
        }
    }
    let mut found_any = false;
    let mut steps = 0;
    while k < doc.tokens.len()
        && doc.tokens[k].breaks_before == 0
        && steps < MAX_REFERENCE_MODIFIERS
    {
        steps += 1;
        if let Some(hit) = doc.gazetteer[k].filter(|h| !h.adjective) {
            entries.push(hit.entry);
            k += hit.words;
        } else if let Some(cluster) = org_at[k] {
            organizations.push(cluster);
            k += 1;
            while k < doc.tokens.len() && org_at[k] == Some(cluster) {
                k += 1;
            }
        } else {
            break;
        }
        found_any = true;
    }
    if found_any {
        k
    } else {
        end
    }
}

fn reference_classes(doc: &Doc, title: Range<usize>, class: &str) -> Vec<String> {
    let mut classes = vec![class.to_string()];
    let last = doc.keys[title.end - 1].as_str();
    if let Some(more) = LEXICON
        .leader_words
        .get(last)
        .or_else(|| LEXICON.leader_words.get(&doc.key(title)))
    {
        classes.extend(more.iter().cloned());
    }
    classes
}

/// Persons with roles, each with the token positions of their names (in order).
fn role_holders(entities: &Entities) -> Vec<(usize, Vec<usize>)> {
    let mut holders: HashMap<usize, Vec<usize>> = HashMap::new();
    for found in &entities.found {
        let cluster = &entities.clusters[found.cluster];
        if cluster.kind == EntityKind::Person && !cluster.roles.is_empty() {
            holders
                .entry(found.cluster)
                .or_default()
                .push(found.tokens.start);
        }
    }
    let mut holders: Vec<(usize, Vec<usize>)> = holders.into_iter().collect();
    for (_, positions) in &mut holders {
        positions.sort_unstable();
    }
    holders.sort_by_key(|(cluster, _)| *cluster);
    holders
}

/// The person whose role fits: the latest one named before `at`, else the first after.
fn holder(
    entities: &Entities,
    holders: &[(usize, Vec<usize>)],
    classes: &[String],
    entries: &[usize],
    organizations: &[usize],
    at: usize,
) -> Option<usize> {
    let fits = |cluster: &Cluster| {
        cluster.roles.iter().any(|role| {
            classes
                .iter()
                .any(|c| role.class == *c || role.class.ends_with(&format!("_{c}")))
                && entries.iter().all(|e| role.entries.contains(e))
                && organizations.iter().all(|o| role.organizations.contains(o))
        })
    };
    let mut before: Option<(usize, usize)> = None;
    let mut after: Option<(usize, usize)> = None;
    for (cluster, positions) in holders {
        if !fits(&entities.clusters[*cluster]) {
            continue;
        }
        let earlier = positions.partition_point(|&p| p < at);
        if earlier > 0 {
            let p = positions[earlier - 1];
            if before.is_none_or(|(_, q)| p > q) {
                before = Some((*cluster, p));
            }
        } else if let Some(&p) = positions.first() {
            if after.is_none_or(|(_, q)| p < q) {
                after = Some((*cluster, p));
            }
        }
    }
    before.or(after).map(|(cluster, _)| cluster)
}

// ---------------------------------------------------------------- records

/// The entity records: clusters with their mentions, aliases and salience, most salient first.
pub fn records(
    doc: &Doc,
    entities: &Entities,
    quotes: &[FoundQuote],
    title: Option<&str>,
) -> Vec<Entity> {
    let title_key = title.map(crate::gazetteer::key_of).unwrap_or_default();
    let title_words: HashSet<&str> = title_key.split(' ').collect();
    let mut out: Vec<(usize, Entity)> = Vec::new();
    let mut by_cluster: Vec<Vec<&Found>> = vec![Vec::new(); entities.clusters.len()];
    for found in &entities.found {
        by_cluster[found.cluster].push(found);
    }
    let mut spoken_by: HashMap<&str, usize> = HashMap::new();
    for quote in quotes {
        if let Some(speaker) = quote.quote.speaker.as_deref() {
            *spoken_by.entry(speaker).or_default() += 1;
        }
    }
    for (cluster, members) in entities.clusters.iter().zip(by_cluster) {
        let Some(first) = members.iter().map(|f| f.tokens.start).min() else {
            continue;
        };
        let mention = |f: &&Found| {
            let (start, end) = doc.char_span(f.tokens.clone());
            Mention {
                start,
                end,
                text: doc.span_text(f.tokens.clone()).to_string(),
            }
        };
        let mentions: Vec<Mention> = members
            .iter()
            .filter(|f| !f.reference)
            .map(mention)
            .collect();
        let references: Vec<Mention> = members
            .iter()
            .filter(|f| f.reference)
            .map(mention)
            .collect();
        let name = cluster.name.clone();
        let spoken = spoken_by.get(name.as_str()).copied().unwrap_or(0);
        let in_title = cluster
            .words
            .iter()
            .any(|w| title_words.contains(w.as_str()));
        let score = salience_score(doc, &members, spoken, in_title);
        let entity = Entity {
            aliases: aliases(cluster, &name, &mentions, &references),
            country: cluster
                .entry
                .and_then(|e| GAZETTEER.entries[e].country.clone()),
            roles: cluster.roles.iter().map(|r| r.text.clone()).collect(),
            kind: cluster.kind,
            name,
            mentions,
            references,
            salience: score,
        };
        out.push((first, entity));
    }
    let top = out.iter().map(|(_, e)| e.salience).fold(0.0f64, f64::max);
    for (_, entity) in &mut out {
        entity.salience = if top > 0.0 {
            (entity.salience / top * 1000.0).round() / 1000.0
        } else {
            0.0
        };
    }
    out.sort_by(|a, b| b.1.salience.total_cmp(&a.1.salience).then(a.0.cmp(&b.0)));
    out.into_iter().map(|(_, e)| e).collect()
}

/// Names each cluster: the gazetteer's name, else the fullest (then most
/// frequent, then first) form in the text.
fn name_clusters(doc: &Doc, entities: &mut Entities) {
    let mut forms: Vec<Vec<String>> = vec![Vec::new(); entities.clusters.len()];
    for found in &entities.found {
        forms[found.cluster].push(doc.span_text(found.tokens.clone()).to_string());
    }
    for (cluster, forms) in entities.clusters.iter_mut().zip(forms) {
        if cluster.entry.is_none() && !forms.is_empty() {
            let forms: Vec<String> = if cluster.kind == EntityKind::Person {
                forms.iter().map(|f| russian_nominative(f)).collect()
            } else {
                forms
            };
            cluster.name = fullest_form(&forms, &cluster.name);
        }
    }
}

/// A Russian name in the nominative, as far as endings tell: known first names
/// from the lexicon, surnames in -ов/-ев/-ин/-ский from their other cases
/// ("Имангали Тасмаганбетовым" → "Имангали Тасмаганбетов"). Other text is kept.
pub fn russian_nominative(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            if !word.chars().any(crate::normalize::is_cyrillic) {
                return word.to_string();
            }
            if let Some(given) = LEXICON
                .given_name_forms
                .get(&crate::normalize::word_key(word))
            {
                return given.clone();
            }
            if i == last && words.len() > 1 {
                return surname_nominative(word);
            }
            word.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn surname_nominative(word: &str) -> String {
    const RULES: &[(&str, &str)] = &[
        ("овым", "ов"),
        ("евым", "ев"),
        ("ёвым", "ёв"),
        ("иным", "ин"),
        ("ыным", "ын"),
        ("ову", "ов"),
        ("еву", "ев"),
        ("ину", "ин"),
        ("ове", "ов"),
        ("еве", "ев"),
        ("ине", "ин"),
        ("ского", "ский"),
        ("скому", "ский"),
        ("ским", "ский"),
        ("ском", "ский"),
        ("цкого", "цкий"),
        ("цкому", "цкий"),
        ("цким", "цкий"),
    ];
    for (ending, nominative) in RULES {
        if let Some(stem) = word.strip_suffix(ending) {
            if stem.chars().count() >= 2 {
                return format!("{stem}{nominative}");
            }
        }
    }
    word.to_string()
}

fn fullest_form(forms: &[String], fallback: &str) -> String {
    // (words, count, first seen) per distinct form; the most words, then the
    // most frequent, then the first seen wins.
    let mut counts: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for (order, form) in forms.iter().enumerate() {
        let text = normalize_space(form);
        let words = text.split_whitespace().count();
        counts.entry(text).or_insert((words, 0, order)).1 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            (a.1 .0, a.1 .1)
                .cmp(&(b.1 .0, b.1 .1))
                .then(b.1 .2.cmp(&a.1 .2))
        })
        .map_or_else(|| fallback.to_string(), |c| c.0)
}

fn aliases(
    cluster: &Cluster,
    name: &str,
    mentions: &[Mention],
    references: &[Mention],
) -> Vec<String> {
    let mut aliases: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |text: &str| {
        let text = normalize_space(text);
        if !text.is_empty() && text != name && seen.insert(text.clone()) {
            aliases.push(text);
        }
    };
    if let Some(acronym) = cluster
        .entry
        .and_then(|e| GAZETTEER.entries[e].acronym.as_deref())
    {
        push(acronym);
    }
    if cluster.kind == EntityKind::Person {
        if let Some(surname) = name
            .split_whitespace()
            .nth(1)
            .and(name.split_whitespace().last())
        {
            push(surname);
        }
    }
    for m in mentions.iter().chain(references) {
        push(&m.text);
    }
    aliases
}

/// Mentions count, more in the first sentences; speaking and being in the title count too.
fn salience_score(doc: &Doc, members: &[&Found], spoken: usize, in_title: bool) -> f64 {
    let mut score = 0.0;
    for f in members {
        let sentence = doc.sentence_of.get(f.tokens.start).copied().unwrap_or(0);
        let weight = if f.in_role { 0.3 } else { 1.0 };
        score += weight * (1.0 + 1.0 / (1.0 + sentence as f64));
    }
    score += 0.5 * spoken.min(10) as f64;
    if in_title {
        score += 2.0;
    }
    score
}

/// Whether a gazetteer entry is a region (not a country or city).
pub fn is_region(entry: Option<usize>) -> bool {
    entry.is_some_and(|e| GAZETTEER.entries[e].class == Class::Region)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> (Doc<'_>, Entities) {
        let doc = Doc::new(text);
        let entities = find(&doc);
        (doc, entities)
    }

    fn cluster<'a>(entities: &'a Entities, name: &str) -> &'a Cluster {
        entities
            .clusters
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| {
                panic!(
                    "no {name} in {:?}",
                    entities
                        .clusters
                        .iter()
                        .map(|c| &c.name)
                        .collect::<Vec<_>>()
                )
            })
    }

    #[test]
    fn roles_before_and_after_names() {
        let (_, e) = analyse("Antonio Guterres, the Secretary-General of the United Nations, spoke. Chinese Foreign Minister Wang Yi listened.");
        assert_eq!(
            cluster(&e, "Antonio Guterres").roles[0].text,
            "Secretary-General of the United Nations"
        );
        assert_eq!(
            cluster(&e, "Wang Yi").roles[0].text,
            "Chinese Foreign Minister"
        );
        assert_eq!(cluster(&e, "United Nations").kind, EntityKind::Organization);
    }

    #[test]
    fn surnames_and_role_references_join_their_person() {
        let (doc, e) = analyse("Georgian Prime Minister Irakli Kobakhidze arrived. Kobakhidze smiled. The Georgian leader left.");
        let person = e.found.iter().find(|f| f.reference).map(|f| f.cluster);
        let surname = e
            .found
            .iter()
            .find(|f| doc.span_text(f.tokens.clone()) == "Kobakhidze")
            .map(|f| f.cluster);
        let full = Some(
            e.clusters
                .iter()
                .position(|c| c.name == "Irakli Kobakhidze")
                .unwrap_or(usize::MAX),
        );
        assert_eq!(person, full);
        assert_eq!(surname, full);
    }

    #[test]
    fn acronyms_link_to_their_expansion() {
        let (_, e) = analyse("The Democratic Alliance for Reform (DAR) met. DAR leaders spoke.");
        let org = cluster(&e, "Democratic Alliance for Reform");
        assert_eq!(org.kind, EntityKind::Organization);
        assert_eq!(
            e.found
                .iter()
                .filter(|f| e.clusters[f.cluster].name == org.name)
                .count(),
            3
        );
    }

    #[test]
    fn russian_names_are_given_in_the_nominative() {
        assert_eq!(
            russian_nominative("Имангали Тасмаганбетовым"),
            "Имангали Тасмаганбетов"
        );
        assert_eq!(
            russian_nominative("Александром Лукашенко"),
            "Александр Лукашенко"
        );
        let (_, e) = analyse(
            "Футболисты «Зенита» обыграли команду. Министерство иностранных дел промолчало.",
        );
        assert_eq!(e.clusters[0].kind, EntityKind::Organization);
    }

    #[test]
    fn sentence_openers_and_pronouns_are_not_names() {
        let (_, e) = analyse("Addressing the crowd, I said nothing. However, Minsk was calm.");
        let names: Vec<&str> = e.clusters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["Minsk"]);
    }
}
