//! Which story a new article belongs to: the arithmetic, without the store.
//!
//! Both stores (the embedded SQLite one in `link.rs`, PostgreSQL in
//! `newsdesk-cluster`) decide stories the same way; they differ only in how
//! they read postings and norms. So the decision lives here, pure, and each
//! store feeds it:
//!
//! 1. [`key_weight`] weighs each story key by rarity (idf over the articles
//!    seen so far);
//! 2. [`StoryMatch::add_posting`] is called for every recent article holding
//!    one of the informative keys ([`StoryMatch::is_informative`]), read in
//!    the date [`window`];
//! 3. [`StoryMatch::candidates`] ranks those articles, and
//!    [`StoryMatch::best_story`] scores each one (and each story's members
//!    taken together) by cosine, given their norms, and picks the story
//!    among those where enough members agree on their own (so that a story
//!    does not chain unrelated reports through one member each). A member
//!    agrees only on specific evidence ([`is_specific_evidence`]: an entity
//!    central to both reports, a keyphrase of both, a specific number),
//!    never on the names each report mentions in passing alone;
//! 4. [`StoryMatch::copy_candidates`] lists the articles that may be this
//!    one in another language, for [`crate::translation`].

use std::collections::HashMap;

use chrono::{DateTime, Duration as Days, SecondsFormat, Utc};

use crate::signals::{
    copy_evidence, copy_kind, is_language_independent, is_specific_evidence, is_story_evidence,
    CopyKind,
};

/// An article shares at least this many keys with another to join its story.
pub const MIN_SHARED_KEYS: u32 = 3;
/// At most this many recent articles are read per key.
pub const POSTINGS_PER_KEY: usize = 200;
/// At most this many candidate articles are scored.
const MAX_CANDIDATES: usize = 100;

/// A story key with its weight.
#[derive(Debug, Clone)]
pub struct KeyWeight {
    /// The key.
    pub key: String,
    /// Its weight: `ln(1 + (total + 1) / (df + 1))`, rarer keys weigh more.
    pub idf: f64,
    /// How many articles hold the key.
    pub df: i64,
}

/// The weight of `key`, held by `df` of about `total` articles (rarer keys
/// weigh more).
pub fn key_weight(key: &str, df: i64, total: f64) -> KeyWeight {
    KeyWeight {
        key: key.to_string(),
        idf: (1.0 + (total + 1.0) / (df as f64 + 1.0)).ln(),
        df,
    }
}

/// The weights of an article's story `keys`, counted over about `total`
/// articles; `df(key)` reads how many articles hold a key (0 for none).
pub fn weigh_keys<E>(
    keys: &[String],
    total: f64,
    mut df: impl FnMut(&str) -> Result<i64, E>,
) -> Result<Vec<KeyWeight>, E> {
    keys.iter()
        .map(|key| Ok(key_weight(key, df(key)?, total)))
        .collect()
}

/// The date range `days` around `date` (RFC 3339), as strings that sort like
/// times; everything when the date cannot be read.
pub fn window(date: &str, days: i64) -> (String, String) {
    let Ok(t) = DateTime::parse_from_rfc3339(date) else {
        return (String::new(), "~".to_string());
    };
    let t = t.with_timezone(&Utc);
    let fmt = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    (fmt(t - Days::days(days)), fmt(t + Days::days(days)))
}

/// The squared norms of an article's key vector: over all keys, and over the
/// language-independent ones (stored with the article for later matches).
pub fn norms(weights: &[KeyWeight]) -> (f64, f64) {
    let evidence = weights.iter().filter(|k| is_story_evidence(&k.key));
    let all = evidence.clone().map(|k| k.idf * k.idf).sum();
    let shared = evidence
        .filter(|k| is_language_independent(&k.key))
        .map(|k| k.idf * k.idf)
        .sum();
    (all, shared)
}

/// What one candidate article shares with the new one.
#[derive(Debug, Default, Clone, Copy)]
struct Overlap {
    dot_all: f64,
    dot_shared: f64,
    /// Shared keys that are story evidence.
    keys: u32,
    /// Shared keys that are evidence of one event, not only of one topic.
    specific: u32,
    /// Shared language-independent keys, story evidence or not: entity
    /// names, capitalised words, numbers.
    copy_names: u32,
    copy_words: u32,
    copy_numbers: u32,
}

impl Overlap {
    fn copy_evidence(&self) -> u32 {
        copy_evidence(self.copy_names, self.copy_words, self.copy_numbers)
    }
}

/// What a story's candidate members share with the new article, summed.
#[derive(Debug, Default)]
struct StoryEvidence {
    dot_all: f64,
    dot_shared: f64,
    norm_all: f64,
    norm_shared: f64,
    keys: u32,
    members: u32,
    /// Members that agree with the new article on their own.
    agreeing: u32,
    /// The best score of one member.
    best: f64,
    /// How many articles the story holds.
    size: i64,
}

/// A candidate's stored norms (all keys, language-independent keys), story
/// and the story's size.
pub type CandidateNorms = (f64, f64, i64, i64);

/// How many of a story's members must agree with a new article on their
/// own for it to join: half of a small story, at most [`MAX_AGREEING`], so
/// that a story cannot grow by a chain of reports each like only the last.
fn agreeing_needed(size: i64) -> u32 {
    (((size.max(1) + 1) / 2) as u32).min(MAX_AGREEING)
}

/// Agreeing members needed for a story of any size.
const MAX_AGREEING: u32 = 3;

/// The running match of one new article against recent ones.
#[derive(Debug)]
pub struct StoryMatch {
    common: i64,
    norm_all: f64,
    norm_shared: f64,
    overlaps: HashMap<i64, Overlap>,
}

impl StoryMatch {
    /// Starts a match for an article with these key `weights`, among about
    /// `total` articles.
    pub fn new(weights: &[KeyWeight], total: f64) -> StoryMatch {
        let (norm_all, norm_shared) = norms(weights);
        StoryMatch {
            // Keys that most articles have cannot tell stories apart.
            common: (total / 20.0).max(50.0) as i64,
            norm_all,
            norm_shared,
            overlaps: HashMap::new(),
        }
    }

    /// Whether the key's postings are worth reading.
    pub fn is_informative(&self, weight: &KeyWeight) -> bool {
        weight.df <= self.common
    }

    /// Records that recent article `article` holds `weight`'s key.
    pub fn add_posting(&mut self, weight: &KeyWeight, article: i64) {
        let entry = self.overlaps.entry(article).or_default();
        match copy_kind(&weight.key) {
            Some(CopyKind::Name) => entry.copy_names += 1,
            Some(CopyKind::Word) => entry.copy_words += 1,
            Some(CopyKind::Number) => entry.copy_numbers += 1,
            None => {}
        }
        if is_specific_evidence(&weight.key) {
            entry.specific += 1;
        }
        if !is_story_evidence(&weight.key) {
            return;
        }
        let w2 = weight.idf * weight.idf;
        entry.dot_all += w2;
        if is_language_independent(&weight.key) {
            entry.dot_shared += w2;
        }
        entry.keys += 1;
    }

    /// The articles worth scoring, most overlapping first (ties by id).
    pub fn candidates(&self) -> Vec<i64> {
        let mut ranked: Vec<(&i64, &Overlap)> =
            self.overlaps.iter().filter(|(_, o)| o.keys > 0).collect();
        ranked.sort_by(|a, b| b.1.dot_all.total_cmp(&a.1.dot_all).then(a.0.cmp(b.0)));
        ranked
            .into_iter()
            .take(MAX_CANDIDATES)
            .map(|(id, _)| *id)
            .collect()
    }

    /// Articles that may be this one in another language: sharing at least
    /// `min_keys` of what a translation keeps (numbers, and names as
    /// entities or capitalised words, see [`copy_evidence`]), most first
    /// (ties by id), at most `limit`. The caller drops those in the same
    /// language.
    pub fn copy_candidates(&self, min_keys: u32, limit: usize) -> Vec<i64> {
        let mut ranked: Vec<(&i64, u32)> = self
            .overlaps
            .iter()
            .map(|(id, o)| (id, o.copy_evidence()))
            .filter(|(_, evidence)| *evidence >= min_keys)
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ranked.into_iter().take(limit).map(|(id, _)| *id).collect()
    }

    /// What the linking flow's story step returns: the story to join
    /// ([`StoryMatch::best_story`]) and the articles that may be this one in
    /// another language ([`StoryMatch::copy_candidates`], bounded as
    /// [`crate::translation`] says).
    pub fn story_and_copy_candidates<E>(
        &self,
        threshold: f64,
        norms: impl FnMut(i64) -> Result<Option<CandidateNorms>, E>,
    ) -> Result<(Option<i64>, Vec<i64>), E> {
        use crate::translation::{COPY_CANDIDATES_SEEN, MIN_COPY_KEYS};
        let story = self.best_story(threshold, norms)?;
        Ok((
            story,
            self.copy_candidates(MIN_COPY_KEYS, COPY_CANDIDATES_SEEN),
        ))
    }

    /// The story to join, if any: one whose best member (sharing at least
    /// [`MIN_SHARED_KEYS`], one of them specific evidence), or whose
    /// candidate members taken together,
    /// score at least `threshold`, and of which enough members agree with
    /// this article on their own (score at least half the threshold; see
    /// [`agreeing_needed`]): the story as a whole, not its closest member,
    /// decides. `norms` reads a candidate's norms, story and story size
    /// (`None`: gone). Ties go to the smaller story id.
    pub fn best_story<E>(
        &self,
        threshold: f64,
        mut norms: impl FnMut(i64) -> Result<Option<CandidateNorms>, E>,
    ) -> Result<Option<i64>, E> {
        let mut stories: HashMap<i64, StoryEvidence> = HashMap::new();
        for id in self.candidates() {
            let Some((other_all, other_shared, story, size)) = norms(id)? else {
                continue;
            };
            let o = self.overlaps.get(&id).copied().unwrap_or_default();
            let e = stories.entry(story).or_default();
            e.dot_all += o.dot_all;
            e.dot_shared += o.dot_shared;
            e.norm_all += other_all;
            e.norm_shared += other_shared;
            e.keys += o.keys;
            e.members += 1;
            e.size = size;
            // A member agrees on enough shared keys of which at least one
            // is specific; names both mention in passing are not enough.
            if o.keys >= MIN_SHARED_KEYS && o.specific > 0 {
                let score = self.score(o.dot_all, o.dot_shared, other_all, other_shared);
                if score >= threshold / 2.0 {
                    e.agreeing += 1;
                }
                e.best = e.best.max(score);
            }
        }
        let mut stories: Vec<(i64, StoryEvidence)> = stories.into_iter().collect();
        stories.sort_by_key(|(story, _)| *story);
        let mut best: Option<(f64, i64)> = None;
        for (story, e) in stories {
            if e.agreeing < agreeing_needed(e.size) {
                continue;
            }
            let together = if e.members >= 2 && e.keys > MIN_SHARED_KEYS {
                self.score(e.dot_all, e.dot_shared, e.norm_all, e.norm_shared)
            } else {
                0.0
            };
            let score = e.best.max(together);
            if score >= threshold && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, story));
            }
        }
        Ok(best.map(|(_, story)| story))
    }

    /// The better of the cosine over all keys and over language-independent keys.
    fn score(&self, dot_all: f64, dot_shared: f64, other_all: f64, other_shared: f64) -> f64 {
        cosine(dot_all, self.norm_all, other_all).max(cosine(
            dot_shared,
            self.norm_shared,
            other_shared,
        ))
    }
}

fn cosine(dot: f64, a: f64, b: f64) -> f64 {
    if a <= 0.0 || b <= 0.0 {
        return 0.0;
    }
    dot / (a * b).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights(keys: &[&str]) -> Vec<KeyWeight> {
        keys.iter().map(|k| key_weight(k, 1, 1000.0)).collect()
    }

    #[test]
    fn an_article_sharing_its_keys_gives_its_story_and_one_sharing_too_few_does_not() {
        let w = weights(&["k:harbour strike", "k:wage claim", "e:rtrdm", "e:mrsk"]);
        let mut m = StoryMatch::new(&w, 1000.0);
        for k in &w {
            m.add_posting(k, 7);
        }
        m.add_posting(&w[0], 9);
        m.add_posting(&w[1], 9);
        let norms = |id: i64| -> Result<Option<CandidateNorms>, ()> {
            let n = norms(&w).0;
            Ok(Some((n, 0.0, if id == 7 { 70 } else { 90 }, 1)))
        };
        assert_eq!(m.candidates(), vec![7, 9]);
        assert_eq!(m.best_story(0.3, norms), Ok(Some(70)));
        let mut weak = StoryMatch::new(&w, 1000.0);
        weak.add_posting(&w[0], 9);
        weak.add_posting(&w[1], 9);
        assert_eq!(
            weak.best_story(0.3, norms),
            Ok(None),
            "two keys are too few"
        );
    }

    #[test]
    fn a_story_is_joined_only_when_enough_of_its_members_agree() {
        let w = weights(&["e:ptrsn", "e:dnsk", "k:harbour strike", "n:1500"]);
        let mut m = StoryMatch::new(&w, 1000.0);
        for k in &w {
            m.add_posting(k, 7);
        }
        let n = norms(&w).0;
        // Article 7 is the one member of a three-article story that it is like.
        let of_three = |_: i64| -> Result<Option<CandidateNorms>, ()> { Ok(Some((n, 0.0, 70, 3))) };
        assert_eq!(m.best_story(0.3, of_three), Ok(None), "a chain");
        let of_two = |_: i64| -> Result<Option<CandidateNorms>, ()> { Ok(Some((n, 0.0, 70, 2))) };
        assert_eq!(m.best_story(0.3, of_two), Ok(Some(70)));
        for k in &w {
            m.add_posting(k, 8);
        }
        assert_eq!(
            m.best_story(0.3, of_three),
            Ok(Some(70)),
            "two of three agree"
        );
    }

    /// What article 5 shares with a new one holding `keys`, scored as a
    /// story of one.
    fn joins(keys: &[&str], shared: &[&str]) -> Option<i64> {
        let w = weights(keys);
        let mut m = StoryMatch::new(&w, 1000.0);
        for k in w.iter().filter(|k| shared.contains(&k.key.as_str())) {
            m.add_posting(k, 5);
        }
        let n = norms(&w);
        let one = |_: i64| -> Result<Option<CandidateNorms>, ()> { Ok(Some((n.0, n.1, 50, 1))) };
        m.best_story(0.3, one).ok().flatten()
    }

    #[test]
    fn a_story_is_joined_on_specific_evidence_not_on_names_in_passing() {
        // Two reports naming the same places and people in passing, one
        // of them in two forms: however many, and however rare, such names
        // say two reports are of one time and place, not of one event.
        let passing = [
            "e:mnpls",
            "e:prtlnd",
            "e:rgn",
            "e:prtlnd-rgn",
            "e:vld",
            "e:trmp",
        ];
        assert_eq!(joins(&passing, &passing), None, "names in passing");
        let with_capitals = [&passing[..], &["c:prtlnd", "c:rgn", "m:26"]].concat();
        assert_eq!(
            joins(&with_capitals, &with_capitals),
            None,
            "capitalised words and dates add no evidence"
        );
        // The same reports, sharing what one of them is about, are one story.
        let central = [&passing[..], &["s:knss-kt", "e:knss-kt"]].concat();
        assert_eq!(joins(&central, &central), Some(50), "a central entity");
        // Or a specific figure, or a keyphrase of both.
        let figure = [&passing[..], &["n:4200"]].concat();
        assert_eq!(joins(&figure, &figure), Some(50), "a specific number");
        let phrase = [&passing[..], &["k:courthouse fire"]].concat();
        assert_eq!(joins(&phrase, &phrase), Some(50), "a phrase");
        // A name central to one report only is not shared as central.
        let one_sided = [&passing[..], &["s:knss-kt", "e:knss-kt"]].concat();
        let shared = [&passing[..], &["e:knss-kt"]].concat();
        assert_eq!(joins(&one_sided, &shared), None, "central to one only");
    }

    #[test]
    fn bare_numbers_find_copies_but_are_no_story_evidence() {
        let w = weights(&["m:19", "m:24", "m:2020", "e:rss"]);
        let mut m = StoryMatch::new(&w, 1000.0);
        for k in &w {
            m.add_posting(k, 5);
        }
        assert_eq!(m.copy_candidates(2, 10), vec![5]);
        let n = |_: i64| -> Result<Option<CandidateNorms>, ()> { Ok(Some((1.0, 1.0, 50, 1))) };
        assert_eq!(
            m.best_story(0.3, n),
            Ok(None),
            "one shared name is too little"
        );
    }

    #[test]
    fn frequent_keys_are_not_informative_and_bad_dates_open_the_window() {
        let m = StoryMatch::new(&[], 10_000.0);
        assert!(m.is_informative(&key_weight("a", 500, 10_000.0)));
        assert!(!m.is_informative(&key_weight("b", 501, 10_000.0)));
        assert_eq!(window("not a date", 4), (String::new(), "~".to_string()));
        let (from, to) = window("2024-05-10T12:00:00Z", 4);
        assert_eq!(
            (from.as_str(), to.as_str()),
            ("2024-05-06T12:00:00Z", "2024-05-14T12:00:00Z")
        );
    }
}
