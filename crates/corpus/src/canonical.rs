//! One entity across the corpus, however its articles name it.
//!
//! Analysis works one article at a time: an article that says "Donald Trump"
//! and then "Trump" gives one entity, "Donald Trump", with the alias "Trump";
//! an article that only ever says "Trump" gives an entity "Trump". And a
//! Russian report names "Мехмет Кая" whom an English one calls "Mehmet Kaya".
//! This module decides, from what the whole corpus says, when such names are
//! one entity, so that its page, its count and its quotes are one.
//!
//! Two kinds of evidence, both kept by the store as articles are linked:
//! - **aliases**: the articles in which a short name was an alias of a fuller
//!   one. A short name joins the fuller name it is most often an alias of,
//!   when that name has at least two thirds of the short name's alias
//!   evidence (so "Kaya", alias of two different Kayas, joins neither), when
//!   the kinds agree, and when the evidence is not dwarfed by the short
//!   name's own use (so one article's "Paris" for Paris Hilton does not
//!   swallow the city);
//! - **spellings across scripts**: a person named by two or more words whose
//!   transliterated consonant skeletons ([`crate::signals::skeleton`]) are
//!   the same, one spelling Cyrillic and the other Latin. Within one script
//!   two spellings stay two people.
//!
//! The decisions here are pure; each backend answers the few questions of
//! [`NameEvidence`] from its tables, and [`Resolver`] asks them, so both
//! backends merge alike.

use std::collections::HashMap;

use crate::signals::{skeleton, strip_ending, transliterate};
use crate::store::EntityCount;

/// Mentions or aliases read per name when deciding which names are one
/// entity: enough for the shares the decisions compare, and a bound on the
/// work for the most mentioned names.
pub const EVIDENCE_ROWS: i64 = 500;

/// What a backend knows about how names are used, each answer read from at
/// most [`EVIDENCE_ROWS`] rows.
pub trait NameEvidence {
    /// The backend's error.
    type Error;
    /// How articles use `name` as an entity of its own: its most common kind
    /// (ties to the first in sort order) and its mentions; `None` if none.
    fn name_use(&self, name: &str) -> Result<Option<NameUse>, Self::Error>;
    /// The names `alias` was an alias of in latest revisions, with the
    /// articles for each, most first (ties by name), at most 8.
    fn alias_of(&self, alias: &str) -> Result<Vec<(String, i64)>, Self::Error>;
    /// The aliases latest revisions gave `name`, most used first (ties by
    /// alias), at most 20.
    fn aliases_of(&self, name: &str) -> Result<Vec<String>, Self::Error>;
    /// The other names filed under `name`'s spelling key, at most 8.
    fn same_spelling_key(&self, name: &str) -> Result<Vec<String>, Self::Error>;
}

/// Answers "which entity is this name" over one backend's evidence,
/// remembering what it learnt for the rest of one read.
pub struct Resolver<'e, E: NameEvidence> {
    evidence: &'e E,
    uses: HashMap<String, Option<NameUse>>,
    fuller: HashMap<String, Option<String>>,
}

impl<'e, E: NameEvidence> Resolver<'e, E> {
    /// A resolver over `evidence`, remembering nothing yet.
    pub fn new(evidence: &'e E) -> Self {
        Resolver {
            evidence,
            uses: HashMap::new(),
            fuller: HashMap::new(),
        }
    }

    fn name_use(&mut self, name: &str) -> Result<Option<NameUse>, E::Error> {
        if let Some(known) = self.uses.get(name) {
            return Ok(known.clone());
        }
        let used = self.evidence.name_use(name)?;
        self.uses.insert(name.to_string(), used.clone());
        Ok(used)
    }

    /// The fuller name `short` stands for, if the evidence is clear.
    fn fuller(&mut self, short: &str) -> Result<Option<String>, E::Error> {
        if let Some(known) = self.fuller.get(short) {
            return Ok(known.clone());
        }
        let mut fuller = Vec::new();
        for (name, articles) in self.evidence.alias_of(short)? {
            let kind = self.name_use(&name)?.map(|u| u.kind).unwrap_or_default();
            fuller.push(NameUse {
                name,
                kind,
                articles,
            });
        }
        let found = if fuller.is_empty() {
            None
        } else {
            let own = self.name_use(short)?;
            fuller_name(short, own.as_ref(), &fuller).map(str::to_string)
        };
        self.fuller.insert(short.to_string(), found.clone());
        Ok(found)
    }

    /// The spellings of `name` in other scripts that are the same person.
    fn other_spellings(&mut self, name: &str) -> Result<Vec<NameUse>, E::Error> {
        let mut uses = Vec::new();
        for other in self.evidence.same_spelling_key(name)? {
            if let Some(used) = self.name_use(&other)? {
                uses.push(used);
            }
        }
        Ok(other_script_spellings(name, &uses)
            .into_iter()
            .filter(|u| u.kind == "person")
            .cloned()
            .collect())
    }

    /// The name the entity that articles call `name` is shown under, when it
    /// is not `name` itself: the fuller name it stands for, then the most
    /// used of its spellings across scripts.
    pub fn shown(&mut self, name: &str) -> Result<Option<String>, E::Error> {
        let base = self.fuller(name)?.unwrap_or_else(|| name.to_string());
        let others = self.other_spellings(&base)?;
        let shown = match self.name_use(&base)? {
            Some(own) if !others.is_empty() => {
                let mut group: Vec<&NameUse> = others.iter().collect();
                group.push(&own);
                shown_name(&group).unwrap_or_else(|| base.clone())
            }
            _ => base,
        };
        Ok((shown != name).then_some(shown))
    }

    /// Every name merged into the entity shown as `shown`: itself, its
    /// spellings in other scripts, and the short names that stand for any
    /// of them.
    pub fn names_of(&mut self, shown: &str) -> Result<Vec<String>, E::Error> {
        let mut names = vec![shown.to_string()];
        for other in self.other_spellings(shown)? {
            if !names.contains(&other.name) {
                names.push(other.name);
            }
        }
        for full in names.clone() {
            for alias in self.evidence.aliases_of(&full)? {
                if !names.contains(&alias) && self.fuller(&alias)?.as_deref() == Some(full.as_str())
                {
                    names.push(alias);
                }
            }
        }
        Ok(names)
    }

    /// A top list with merged names listed once, under the name shown.
    /// `rows` are the most mentioned names, more than `offset + limit` of
    /// them (names merge); `count` counts the articles naming any of a
    /// merged entity's names.
    pub fn merge_top(
        &mut self,
        rows: Vec<EntityCount>,
        offset: usize,
        limit: usize,
        mut count: impl FnMut(&[String]) -> Result<i64, E::Error>,
    ) -> Result<Vec<EntityCount>, E::Error> {
        let mut listed: Vec<EntityCount> = Vec::with_capacity(rows.len());
        let mut merged: Vec<String> = Vec::new();
        for row in rows {
            let Some(shown) = self.shown(&row.name)? else {
                if !listed.iter().any(|e| e.name == row.name) {
                    listed.push(row);
                }
                continue;
            };
            if !merged.contains(&shown) {
                merged.push(shown.clone());
            }
            if !listed.iter().any(|e| e.name == shown) {
                let kind = self.name_use(&shown)?.map_or(row.kind, |u| u.kind);
                listed.push(EntityCount {
                    name: shown,
                    kind,
                    articles: 0,
                });
            }
        }
        for entry in listed.iter_mut().filter(|e| merged.contains(&e.name)) {
            let names = self.names_of(&entry.name)?;
            entry.articles = count(&names)?;
        }
        listed.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(listed.into_iter().skip(offset).take(limit).collect())
    }
}

/// How a name is used across the corpus's latest articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
    /// The name.
    pub name: String,
    /// The kind most of its mentions have ("person", "organization", …).
    pub kind: String,
    /// Articles that use it.
    pub articles: i64,
}

/// The fuller name that `short` stands for, if the evidence is clear.
///
/// `own` is how `short` is used as an entity of its own (`None` when no
/// article has it as an entity); `fuller` lists the names `short` is an
/// alias of, each with the articles in which it was. A short name without
/// a capital letter is a role word an article referred to it by
/// ("министра", "the minister"), not a name, and stands for nothing.
pub fn fuller_name<'a>(
    short: &str,
    own: Option<&NameUse>,
    fuller: &'a [NameUse],
) -> Option<&'a str> {
    if !short.chars().any(char::is_uppercase) {
        return None;
    }
    let total: i64 = fuller.iter().map(|u| u.articles).sum();
    let best = fuller.iter().filter(|u| u.name != short).max_by(|a, b| {
        a.articles
            .cmp(&b.articles)
            .then_with(|| b.name.cmp(&a.name))
    })?;
    if best.articles * 3 < total * 2 {
        return None;
    }
    if let Some(own) = own {
        let kinds_agree = own.kind == best.kind || own.kind == "other";
        if !kinds_agree || best.articles * 4 < own.articles {
            return None;
        }
    }
    Some(best.name.as_str())
}

/// The writing system of a name, as far as spellings across scripts care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Any other script, or none.
    Other,
}

/// The script of a name's letters: Cyrillic if any letter is, Latin if all
/// letters are Latin (accented ones included), else other.
pub fn script_of(name: &str) -> Script {
    let letters = || name.chars().filter(|c| c.is_alphabetic());
    if letters().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
        Script::Cyrillic
    } else if letters().all(|c| c <= '\u{024F}') {
        Script::Latin
    } else {
        Script::Other
    }
}

/// The key under which spellings of one person's name in different scripts
/// meet: the first consonant of the first name's skeleton and the whole
/// skeleton of the last name (first names transliterate least reliably,
/// "Mehmet" and "Мехмет", and a patronymic may stand between). Only for
/// persons named by at least two words: one word is too little to tell
/// people apart.
pub fn spelling_key(name: &str, kind: &str) -> Option<String> {
    if kind != "person" || script_of(name) == Script::Other {
        return None;
    }
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let of = |w: &str| skeleton(&transliterate(&strip_ending(w)));
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return None;
    };
    let initial = of(first).chars().next()?;
    let last = of(last);
    if last.is_empty() {
        return None;
    }
    Some(format!("{initial}-{last}"))
}

/// Of the spellings that share a key, those in another script than `name`'s
/// (the only ones that may be the same person).
pub fn other_script_spellings<'a>(name: &str, spellings: &'a [NameUse]) -> Vec<&'a NameUse> {
    let script = script_of(name);
    spellings
        .iter()
        .filter(|u| u.name != name && script_of(&u.name) != script)
        .collect()
}

/// The name a group of spellings of one entity is shown under: the one most
/// articles use, ties to the first in sort order.
pub fn shown_name(spellings: &[&NameUse]) -> Option<String> {
    spellings
        .iter()
        .max_by(|a, b| {
            a.articles
                .cmp(&b.articles)
                .then_with(|| b.name.cmp(&a.name))
        })
        .map(|u| u.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(name: &str, kind: &str, articles: i64) -> NameUse {
        NameUse {
            name: name.into(),
            kind: kind.into(),
            articles,
        }
    }

    #[test]
    fn a_short_name_joins_the_fuller_name_it_is_an_alias_of() {
        let fuller = [used("Donald Trump", "person", 16)];
        let own = used("Trump", "other", 14);
        assert_eq!(
            fuller_name("Trump", Some(&own), &fuller),
            Some("Donald Trump")
        );
        assert_eq!(fuller_name("Trump", None, &fuller), Some("Donald Trump"));
        assert_eq!(fuller_name("президента", None, &fuller), None);
    }

    #[test]
    fn an_alias_of_two_people_joins_neither() {
        let fuller = [
            used("Mehmet Kaya", "person", 3),
            used("Ali Kaya", "person", 2),
        ];
        assert_eq!(fuller_name("Kaya", None, &fuller), None);
        let clear = [
            used("Mehmet Kaya", "person", 4),
            used("Ali Kaya", "person", 1),
        ];
        assert_eq!(fuller_name("Kaya", None, &clear), Some("Mehmet Kaya"));
    }

    #[test]
    fn a_name_used_far_more_on_its_own_or_of_another_kind_stays_itself() {
        let fuller = [used("Paris Hilton", "person", 1)];
        assert_eq!(
            fuller_name("Paris", Some(&used("Paris", "place", 3)), &fuller),
            None
        );
        assert_eq!(
            fuller_name("Paris", Some(&used("Paris", "person", 500)), &fuller),
            None
        );
    }

    #[test]
    fn spellings_of_a_person_meet_across_scripts_only() {
        let latin = spelling_key("Mehmet Kaya", "person");
        assert!(latin.is_some());
        assert_eq!(latin, spelling_key("Мехмет Кая", "person"));
        assert_eq!(
            spelling_key("Vladimir Putin", "person"),
            spelling_key("Владимир Владимирович Путин", "person"),
            "a patronymic between"
        );
        assert_eq!(
            spelling_key("Kaya", "person"),
            None,
            "one word is too little"
        );
        assert_eq!(spelling_key("Mehmet Kaya", "place"), None);
        let spellings = [
            used("Mehmet Kaya", "person", 3),
            used("Mehmet Kaja", "person", 1),
        ];
        assert!(
            other_script_spellings("Mehmet Kaya", &spellings).is_empty(),
            "two Latin spellings stay two people"
        );
        let across = [
            used("Mehmet Kaya", "person", 3),
            used("Мехмет Кая", "person", 1),
        ];
        let others = other_script_spellings("Mehmet Kaya", &across);
        assert_eq!(others.len(), 1);
        assert_eq!(others[0].name, "Мехмет Кая");
    }

    #[test]
    fn a_group_is_shown_under_its_most_used_spelling() {
        let a = used("Мехмет Кая", "person", 5);
        let b = used("Mehmet Kaya", "person", 2);
        assert_eq!(shown_name(&[&a, &b]).as_deref(), Some("Мехмет Кая"));
        assert_eq!(script_of("Мехмет Кая"), Script::Cyrillic);
        assert_eq!(script_of("Mehmet Kaya"), Script::Latin);
        assert_eq!(script_of("Jürgen Müller"), Script::Latin);
        assert_eq!(script_of("王毅"), Script::Other);
    }
}
