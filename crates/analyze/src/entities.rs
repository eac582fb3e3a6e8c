//! Entities: names found in the text, typed, given roles and clustered.
//!
//! 1. Names: the learned tagger ([`crate::tagger`]) marks the spans and kinds
//!    of people, organisations and places; the gazetteer, titles and word
//!    lists are its features, not its verdict. A name exactly equal to a
//!    gazetteer entry of the same kind takes that entry (its English name,
//!    its country). Pronouns, contractions and lone title words are never
//!    names. Two limits of the name's form hold whatever the tagger says: a
//!    name opens with a capitalised word (a person's also ends with one), and
//!    a person's name does not open with a whole place name followed by a
//!    first name. Named events are capitalised runs that end in an event word.
//! 2. Kinds, per document: a lone word that is part of a person's fuller
//!    name is that person; otherwise a spelling takes the kind most of its
//!    mentions were tagged with.
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
use crate::gazetteer::{Class, GAZETTEER};
use crate::lexicon::LEXICON;
use crate::tagger;
use crate::EntityKind;

/// No name is longer than this many tokens; longer runs of capitals are cut
/// (headlines in title case, hostile input), which keeps every run's work bounded.
const MAX_RUN_WORDS: usize = 12;
/// How many known names after a role reference qualify it.
const MAX_REFERENCE_MODIFIERS: usize = 4;

/// How many positions of one name are kept for choosing the nearest holder.
const MAX_PLACES_PER_NAME: usize = 64;

/// The honorific role class: stripped from names, never a role.
const HONORIFIC: &str = "honorific";

/// A name or role reference in the text, with the cluster it belongs to.
#[derive(Debug, Clone)]
pub struct Found {
    /// The tokens it covers.
    pub tokens: Range<usize>,
    /// The kind of entity it names or refers to.
    pub kind: EntityKind,
    /// Index into [`Entities::clusters`] of the entity it is.
    pub cluster: usize,
    /// A role reference ("the President"), not a name.
    pub reference: bool,
    /// Part of a person's role phrase ("Belarus" in "President of Belarus").
    pub in_role: bool,
}

/// A role of a person, as the document states it.
#[derive(Debug, Clone)]
pub struct Role {
    /// The role as written ("President of Belarus").
    pub text: String,
    /// The lexicon's role class of its title ("head_of_state").
    pub class: String,
    /// Gazetteer entries in the role ("Belarus", "CSTO").
    pub entries: Vec<usize>,
    /// Clusters of organisations named in the role.
    pub organizations: Vec<usize>,
}

/// One entity of the document, before it becomes an [`crate::Entity`].
#[derive(Debug, Clone)]
pub struct Cluster {
    /// What the entity is.
    pub kind: EntityKind,
    /// Its gazetteer entry, for a known place or organisation.
    pub entry: Option<usize>,
    /// Its canonical name.
    pub name: String,
    /// For a person: the roles the document gives them.
    pub roles: Vec<Role>,
    /// Word keys of the fullest name, for surname and initials matching.
    pub(crate) words: Vec<String>,
}

/// What [`find`] returns: mentions and references in text order, and their clusters.
#[derive(Debug, Default)]
pub struct Entities {
    /// Names and role references, in text order.
    pub found: Vec<Found>,
    /// The entities they belong to.
    pub clusters: Vec<Cluster>,
    /// For each token, the index into `found` of the mention covering it.
    pub at_token: Vec<Option<usize>>,
}

/// A candidate name before clustering.
#[derive(Debug, Clone)]
struct Candidate {
    tokens: Range<usize>,
    kind: EntityKind,
    entry: Option<usize>,
}

/// Finds the entities of a document.
pub fn find(doc: &Doc) -> Entities {
    let candidates = candidates(doc);
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

/// Names from the learned tagger, with their gazetteer entry where the name is
/// exactly a known one of the same kind, plus named events (a capitalised run
/// ending in an event word: "World Cup", "Олимпиада"), which the tagger does not learn.
fn candidates(doc: &Doc) -> Vec<Candidate> {
    let names = tagger::words::table(tagger::Language::of(doc));
    let mut out: Vec<Candidate> = tagger::tag(doc)
        .into_iter()
        .filter_map(|name| trim_lower_case_edges(doc, name))
        .filter_map(|name| trim_leading_title(doc, name))
        .flat_map(|name| split_place_before_person(doc, names, name))
        .filter(|name| !is_generic(doc, name.tokens.clone()))
        .map(|name| Candidate::tagged(doc, name))
        .collect();
    harmonise_kinds(doc, &mut out);
    let mut taken = vec![false; doc.tokens.len()];
    for c in &out {
        taken[c.tokens.clone()].iter_mut().for_each(|t| *t = true);
    }
    out.extend(event_names(doc, &taken));
    out.sort_by_key(|c| c.tokens.start);
    out
}

impl Candidate {
    fn tagged(doc: &Doc, name: tagger::Name) -> Self {
        let entry = doc.gazetteer[name.tokens.start]
            .filter(|hit| hit.words == name.tokens.len() && !hit.adjective)
            .map(|hit| hit.entry)
            .filter(|&entry| GAZETTEER.entries[entry].kind() == name.kind);
        Candidate {
            tokens: name.tokens,
            kind: name.kind,
            entry,
        }
    }
}

/// Names begin with a capitalised word, an acronym or a number, and a
/// person's name also ends with one: lower-case words and punctuation there
/// ("сербского МИД") are not part of the name. (An organisation's or a
/// place's name may end in a lower-case word: "Московский государственный
/// университет", "Красная площадь".)
fn trim_lower_case_edges(doc: &Doc, name: tagger::Name) -> Option<tagger::Name> {
    let edge = |k: usize| {
        doc.is_capitalised(k)
            || doc
                .word(k)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
    };
    let mut tokens = name.tokens;
    while tokens.start < tokens.end && !edge(tokens.start) {
        tokens.start += 1;
    }
    while name.kind == EntityKind::Person && tokens.end > tokens.start && !edge(tokens.end - 1) {
        tokens.end -= 1;
    }
    (!tokens.is_empty()).then_some(tagger::Name {
        tokens,
        kind: name.kind,
    })
}

/// A role title is not part of a person's name: "Foreign Minister Wang Yi"
/// is the person Wang Yi, with the title as the role. A span that is only a
/// title names nobody.
fn trim_leading_title(doc: &Doc, name: tagger::Name) -> Option<tagger::Name> {
    if name.kind != EntityKind::Person {
        return Some(name);
    }
    let mut tokens = name.tokens;
    while tokens.start < tokens.end {
        // The span may begin inside a title ("Minister Karl Huber" cut from
        // "Prime Minister Karl Huber"): the whole title is dropped.
        let Some(title_start) = doc.in_title[tokens.start] else {
            break;
        };
        let Some(title) = doc.titles[title_start].as_ref() else {
            break;
        };
        tokens.start = (title_start + title.words).clamp(tokens.start + 1, tokens.end);
    }
    (!tokens.is_empty()).then_some(tagger::Name {
        tokens,
        kind: name.kind,
    })
}

/// A person's name does not begin with a whole country, region or city name
/// followed by a first name: "President of Belarus Alexander Lukashenko" names
/// a place and then a person, however the tagger joined them.
fn split_place_before_person(
    doc: &Doc,
    names: &tagger::words::WordTable,
    name: tagger::Name,
) -> Vec<tagger::Name> {
    let tokens = name.tokens.clone();
    let place = doc.gazetteer[tokens.start]
        .filter(|hit| !hit.adjective && GAZETTEER.entries[hit.entry].kind() == EntityKind::Place);
    let Some(place) = place.filter(|_| name.kind == EntityKind::Person) else {
        return vec![name];
    };
    let rest = tokens.start + place.words..tokens.end;
    let first_name = |k: usize| {
        LEXICON.given_names.contains(&doc.keys[k])
            || names
                .get_inflected(&doc.lowers[k])
                .is_some_and(|w| w.first_name)
    };
    if rest.len() < 2 || !first_name(rest.start) {
        return vec![name];
    }
    vec![
        tagger::Name {
            tokens: tokens.start..rest.start,
            kind: EntityKind::Place,
        },
        tagger::Name {
            tokens: rest,
            kind: EntityKind::Person,
        },
    ]
}

/// A span that is a pronoun, a contraction or a lone title word ("I'm",
/// "The President") names nobody, whatever the tagger says.
fn is_generic(doc: &Doc, range: Range<usize>) -> bool {
    let words: Vec<usize> = range.clone().filter(|&k| doc.is_word(k)).collect();
    if words.is_empty() {
        return true;
    }
    words.iter().all(|&k| {
        LEXICON.is_stopword(&doc.lowers[k])
            || doc.in_title[k].is_some()
            || LEXICON.honorifics.contains(&doc.keys[k])
    })
}

/// One kind per name in a document: a lone word that is the first or last
/// word of a person's fuller name is that person; otherwise each spelling
/// takes the kind most of its mentions were given (ties: the first mention's).
fn harmonise_kinds(doc: &Doc, candidates: &mut [Candidate]) {
    let mut person_words: HashSet<&str> = HashSet::new();
    for c in candidates
        .iter()
        .filter(|c| c.kind == EntityKind::Person && c.tokens.len() >= 2)
    {
        person_words.insert(doc.keys[c.tokens.start].as_str());
        person_words.insert(doc.keys[c.tokens.end - 1].as_str());
    }
    let mut votes: HashMap<String, Vec<EntityKind>> = HashMap::new();
    for c in candidates.iter() {
        votes
            .entry(doc.key(c.tokens.clone()))
            .or_default()
            .push(c.kind);
    }
    for c in candidates.iter_mut() {
        if c.entry.is_some() {
            continue;
        }
        if c.tokens.len() == 1 && person_words.contains(doc.keys[c.tokens.start].as_str()) {
            c.kind = EntityKind::Person;
            continue;
        }
        let Some(kinds) = votes.get(&doc.key(c.tokens.clone())) else {
            continue;
        };
        let count = |k: EntityKind| kinds.iter().filter(|&&x| x == k).count();
        if let Some(best) = kinds
            .iter()
            .copied()
            .max_by_key(|&k| (count(k), k == kinds[0]))
        {
            c.kind = best;
        }
    }
}

/// Capitalised runs that end in an event word, outside the tagged names.
fn event_names(doc: &Doc, taken: &[bool]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let mut i = sentence.start;
        while i < sentence.end {
            if taken[i] || !doc.is_capitalised(i) {
                i += 1;
                continue;
            }
            let mut end = i;
            while end < sentence.end
                && end - i < MAX_RUN_WORDS
                && !taken[end]
                && doc.is_capitalised(end)
            {
                end += 1;
            }
            let last = &doc.keys[end - 1];
            if end - i >= 2 && LEXICON.event_cues.contains(last) {
                out.push(Candidate {
                    tokens: i..end,
                    kind: EntityKind::Event,
                    entry: None,
                });
            }
            i = end;
        }
    }
    out
}

/// "CSTO" from "Collective Security Treaty Organization": capitals of the capitalised words.
fn initials_of(doc: &Doc, range: Range<usize>) -> String {
    range
        .filter(|&k| doc.is_capitalised(k))
        .filter_map(|k| doc.word(k).chars().next())
        .collect()
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
        let kind = c.kind;
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

/// The text with each run of white space made one space.
pub(crate) fn normalize_space(text: &str) -> String {
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
            scan.entries.extend(&title.places);
            l = start;
        } else if let Some(start) = doc.in_gazetteer[k] {
            scan.entries.push(doc.gazetteer[start]?.entry);
            l = start;
        } else if let Some(f) = org_at[k] {
            scan.organizations.push(found[f].cluster);
            l = found[f].tokens.start;
        } else if is_genitive_link(&doc.lowers[k]) && l < scan.range.end {
            l = k;
        } else {
            break;
        }
        scan.range.start = l;
    }
    while scan.range.start < scan.range.end && is_link_or_article(&doc.lowers[scan.range.start]) {
        scan.range.start += 1;
    }
    scan.class.as_ref()?;
    Some(scan)
}

/// A lowered word that ties a title to what it heads: "of" or "'s"
/// (`genitive_prepositions`, `possessive_endings` in the lexicon).
fn is_genitive_link(lowered: &str) -> bool {
    LEXICON.genitive_prepositions.contains(lowered) || LEXICON.possessive_endings.contains(lowered)
}

/// [`is_genitive_link`], or a definite article ("the").
fn is_link_or_article(lowered: &str) -> bool {
    is_genitive_link(lowered) || LEXICON.definite_articles.contains(lowered)
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
    while k < sentence_end
        && (LEXICON.definite_articles.contains(&doc.lowers[k])
            || LEXICON.indefinite_articles.contains(&doc.lowers[k]))
    {
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
            scan.entries.extend(&title.places);
            k += title.words;
        } else if let Some(hit) = doc.gazetteer[k] {
            scan.entries.push(hit.entry);
            k += hit.words;
        } else if let Some(f) = org_at[k] {
            scan.organizations.push(found[f].cluster);
            k = found[f].tokens.end.max(k + 1);
        } else if is_link_or_article(&doc.lowers[k]) {
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
    while scan.range.end > scan.range.start && is_link_or_article(&doc.lowers[scan.range.end - 1]) {
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
        entries.extend(&title.places);
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
                || is_genitive_link(&doc.lowers[prev]);
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
                    || is_link_or_article(&doc.lowers[k]);
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
    if l > 0 && LEXICON.definite_articles.contains(&doc.lowers[l - 1]) {
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
    if doc
        .lowers
        .get(k)
        .is_some_and(|w| LEXICON.genitive_prepositions.contains(w))
    {
        k += 1;
        if doc
            .lowers
            .get(k)
            .is_some_and(|w| LEXICON.definite_articles.contains(w))
        {
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
/// from the lexicon and the word table, surnames in -ов/-ев/-ин/-ский from
/// their other cases ("Имангали Тасмаганбетовым" → "Имангали Тасмаганбетов").
/// A surname that reads as a woman's nominative ("Лаврова") is a man's
/// genitive when the first name is a man's ("Сергея Лаврова" → "Сергей
/// Лавров"). Other text is kept.
pub fn russian_nominative(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.len().saturating_sub(1);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let nominative = if !word.chars().any(crate::normalize::is_cyrillic) {
            word.to_string()
        } else if let Some(given) = LEXICON
            .given_name_forms
            .get(&crate::normalize::word_key(word))
        {
            given.clone()
        } else if i == last && words.len() > 1 {
            let masculine = out
                .first()
                .is_some_and(|first| is_masculine_first_name(first));
            surname_nominative(word, masculine)
        } else {
            first_name_nominative(word).unwrap_or_else(|| word.to_string())
        };
        out.push(nominative);
    }
    out.join(" ")
}

/// A first name in the nominative that is a man's: one not ending in -а or
/// -я, or one of the lexicon's men's names that do.
fn is_masculine_first_name(name: &str) -> bool {
    if !name.chars().any(crate::normalize::is_cyrillic) {
        return false;
    }
    let lower = name.to_lowercase();
    !lower.ends_with(LEXICON.feminine_name_endings.as_slice())
        || LEXICON.masculine_names_in_a.contains(&lower)
}

/// A first name's dictionary form from the Russian word table's first-name
/// list: of the word as written and the spellings made by swapping a case
/// ending for its nominative one (the lexicon's `name_case_endings`), the
/// most frequent known first name ("Петером" → "Петер", "Абдуллой" →
/// "Абдулла", "Игоря" → "Игорь"; "Марко" has no case ending and stays).
fn first_name_nominative(word: &str) -> Option<String> {
    let table = crate::tagger::words::table(crate::tagger::Language::Russian);
    let lower = word.to_lowercase();
    let as_written = std::iter::once(lower.clone());
    let declined = LEXICON
        .name_case_endings
        .iter()
        .filter_map(|(oblique, nominative)| {
            let stem = lower.strip_suffix(oblique.as_str())?;
            (stem.chars().count() >= 2).then(|| format!("{stem}{nominative}"))
        });
    let mut best: Option<(i16, String)> = None;
    for candidate in as_written.chain(declined) {
        let Some(info) = table.get(&candidate).filter(|w| w.first_name) else {
            continue;
        };
        // A log-probability of 0 means the table has no count for the word.
        let frequency = if info.log_prob == 0 {
            i16::MIN
        } else {
            info.log_prob
        };
        if best.as_ref().is_none_or(|(f, _)| frequency > *f) {
            best = Some((frequency, candidate));
        }
    }
    best.map(|(_, name)| capitalise_first(&name))
}

fn capitalise_first(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A surname's nominative: the first of the lexicon's `surname_case_endings`
/// it ends in (leaving a stem of two letters or more) swapped for its
/// nominative ending; after a man's first name, a genitive that reads as a
/// woman's nominative (`masculine_genitive_endings`: "Лаврова") made a man's.
fn surname_nominative(word: &str, masculine: bool) -> String {
    for (ending, nominative) in &LEXICON.surname_case_endings {
        if let Some(stem) = word.strip_suffix(ending.as_str()) {
            if stem.chars().count() >= 2 {
                return format!("{stem}{nominative}");
            }
        }
    }
    if masculine {
        for (ending, nominative) in &LEXICON.masculine_genitive_endings {
            if let Some(stem) = word.strip_suffix(ending.as_str()) {
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
        // The clustering step alone, on names given as the tagger would give them.
        let doc = Doc::new("The Democratic Alliance for Reform (DAR) met. DAR leaders spoke.");
        let at = |word: &str, nth: usize| {
            (0..doc.tokens.len())
                .filter(|&i| doc.word(i) == word)
                .nth(nth)
                .unwrap_or(usize::MAX)
        };
        let organisation = |tokens: Range<usize>| Candidate {
            tokens,
            kind: EntityKind::Organization,
            entry: None,
        };
        let names = [
            organisation(at("Democratic", 0)..at("Reform", 0) + 1),
            organisation(at("DAR", 0)..at("DAR", 0) + 1),
            organisation(at("DAR", 1)..at("DAR", 1) + 1),
        ];
        let e = super::cluster(&doc, &names);
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
        assert_eq!(russian_nominative("Петером Сийярто"), "Петер Сийярто");
        assert_eq!(russian_nominative("Абдуллой Ариповым"), "Абдулла Арипов");
        assert_eq!(russian_nominative("Анной Ивановой"), "Анна Иванова");
        assert_eq!(russian_nominative("Марко Джурич"), "Марко Джурич");
        assert_eq!(russian_nominative("Сергея Лаврова"), "Сергей Лавров");
        assert_eq!(russian_nominative("Игорю Петрову"), "Игорь Петров");
        assert_eq!(russian_nominative("Марии Захаровой"), "Мария Захарова");
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
