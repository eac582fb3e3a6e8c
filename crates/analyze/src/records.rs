//! Entity records: the clusters [`crate::entities::find`] built, with their
//! mentions, aliases and salience, as the analysis reports them.
//!
//! Kept apart from the entity finder because it reads the quotes too: the
//! finder runs before quotes are attributed, the records after.

use std::collections::{HashMap, HashSet};

use crate::doc::Doc;
use crate::entities::{normalize_space, Cluster, Entities, Found};
use crate::gazetteer::GAZETTEER;
use crate::quotes::FoundQuote;
use crate::{Entity, EntityKind, Mention};

/// The entity records: clusters with their mentions, aliases and salience, most salient first.
pub fn entity_records(
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
                in_title: false,
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
