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
//! The decisions here are pure; `store.rs` gathers the evidence.

use crate::signals::{skeleton, strip_ending, transliterate};

/// How a name is used across the corpus's latest articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
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
/// alias of, each with the articles in which it was.
pub fn fuller_name<'a>(
    short: &str,
    own: Option<&NameUse>,
    fuller: &'a [NameUse],
) -> Option<&'a str> {
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
    Latin,
    Cyrillic,
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
