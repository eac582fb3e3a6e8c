//! Keyphrases: the phrases that best say what an article is about.
//!
//! Candidates are runs of up to four content words between stop words and
//! punctuation inside a sentence ("post-Soviet space", "CSTO summit"), in any
//! language the lexicon has stop words for. Each is scored by how often it and
//! its words occur, how early it first appears, whether the title shares its
//! words, and (mildly) its length; the best are kept after dropping any phrase
//! whose words are all inside a better one, or that holds all of a better
//! one's words. No corpus is needed; document frequencies from a corpus can
//! later divide the word weights.

use std::collections::HashMap;

use crate::doc::Doc;
use crate::lexicon::LEXICON;
use crate::token::TokenKind;
use crate::Keyphrase;

const MAX_WORDS: usize = 4;
const MAX_PHRASES: usize = 15;
const MIN_PHRASES: usize = 5;

/// One candidate phrase, counted over the document.
struct Candidate {
    surface: String,
    words: Vec<String>,
    count: usize,
    first_sentence: usize,
    capitalised_mid_sentence: bool,
}

/// The 5–15 best phrases, best first.
/// `names` gives, for each token, the name it is part of (if any) and whether
/// it is a person's: a phrase never runs from one name into another
/// ("Belarus Alexander Lukashenko") nor into or out of a person's name
/// ("Alexander Lukashenko said"); "CSTO summit" stays.
pub fn rank(doc: &Doc, names: &[Option<(usize, bool)>], title: Option<&str>) -> Vec<Keyphrase> {
    let candidates = candidates(doc, names);
    if candidates.is_empty() {
        return Vec::new();
    }
    let word_counts = word_counts(&candidates);
    let title_words: Vec<String> = title
        .map(|t| {
            crate::gazetteer::key_of(t)
                .split(' ')
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut scored: Vec<(f64, &Candidate)> = candidates
        .values()
        .map(|c| (score(c, &word_counts, &title_words, doc.sentences.len()), c))
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.surface.cmp(&b.1.surface))
    });
    select(scored)
}

fn candidates(doc: &Doc, names: &[Option<(usize, bool)>]) -> HashMap<String, Candidate> {
    let mut out: HashMap<String, Candidate> = HashMap::new();
    for (index, sentence) in doc.sentences.iter().enumerate() {
        let mut run: Vec<usize> = Vec::new();
        for k in sentence.clone().chain(std::iter::once(usize::MAX)) {
            let joins = |k: usize| match run.last() {
                None => true,
                Some(&previous) => {
                    let name = |t: usize| names.get(t).copied().flatten();
                    let crosses_names =
                        name(k).is_some() && name(previous).is_some() && name(k) != name(previous);
                    doc.tokens[k].breaks_before == 0 && !crosses_names
                }
            };
            let named =
                |k: usize| names.get(k).copied().flatten().is_some() && doc.is_capitalised(k);
            if k != usize::MAX && (is_content_word(doc, k) || named(k)) && joins(k) {
                run.push(k);
                continue;
            }
            if (1..=MAX_WORDS).contains(&run.len()) {
                add(doc, &run, index, &mut out);
            }
            run.clear();
            if k != usize::MAX && (is_content_word(doc, k) || named(k)) {
                run.push(k);
            }
        }
    }
    out
}

fn is_content_word(doc: &Doc, k: usize) -> bool {
    let token = &doc.tokens[k];
    token.kind == TokenKind::Word
        && doc.word(k).chars().count() >= 2
        && !LEXICON.is_stopword(&doc.lowers[k])
        && !LEXICON.speech_verbs.contains(&doc.keys[k])
        && !doc.lowers[k].chars().any(|c| c.is_numeric())
        && !is_verb_form(&doc.lowers[k])
}

/// Whether a lowered word of more than four letters ends in one of the
/// lexicon's `verb_endings` (Russian past-tense, infinitive and common
/// present-tense endings) and is written wholly in that ending's script:
/// verbs make poor keyphrases ("провел", "удалось урегулировать").
fn is_verb_form(word: &str) -> bool {
    use crate::normalize::is_cyrillic;
    if word.chars().count() <= 4 {
        return false;
    }
    let Some(ending) = LEXICON
        .verb_endings
        .iter()
        .find(|e| word.ends_with(e.as_str()))
    else {
        return false;
    };
    let cyrillic = ending.chars().next().is_some_and(is_cyrillic);
    word.chars().all(|c| is_cyrillic(c) == cyrillic)
}

fn add(doc: &Doc, run: &[usize], sentence: usize, out: &mut HashMap<String, Candidate>) {
    if run.iter().all(|&k| doc.in_title[k].is_some()) {
        return; // "President", "Head of State": roles, not topics
    }
    let words: Vec<String> = run.iter().map(|&k| light_stem(&doc.keys[k])).collect();
    let key = words.join(" ");
    let first = run[0];
    let initial = doc
        .sentences
        .get(sentence)
        .is_some_and(|s| s.start == first);
    let capitalised_mid_sentence = run
        .iter()
        .any(|&k| doc.is_capitalised(k) && !(k == first && initial));
    let surface = run
        .iter()
        .map(|&k| display_word(doc, k, k == first && initial))
        .collect::<Vec<_>>()
        .join(" ");
    let entry = out.entry(key).or_insert_with(|| Candidate {
        surface: surface.clone(),
        words,
        count: 0,
        first_sentence: sentence,
        capitalised_mid_sentence,
    });
    entry.count += 1;
    if !entry.capitalised_mid_sentence && capitalised_mid_sentence {
        entry.surface = surface;
        entry.capitalised_mid_sentence = true;
    }
}

/// A word as shown: lowercased at the start of a sentence unless it is a name or acronym.
fn display_word(doc: &Doc, k: usize, initial: bool) -> String {
    let word = doc.word(k);
    if initial && !crate::gazetteer::is_acronym(word) && doc.in_gazetteer[k].is_none() {
        doc.lowers[k].clone()
    } else {
        word.to_string()
    }
}

/// English plurals folded for counting ("summits" and "summit").
fn light_stem(key: &str) -> String {
    let latin = key
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'');
    if latin && key.len() > 4 && key.ends_with('s') && !key.ends_with("ss") && !key.ends_with("us")
    {
        return key[..key.len() - 1].to_string();
    }
    key.to_string()
}

fn word_counts(candidates: &HashMap<String, Candidate>) -> HashMap<&str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in candidates.values() {
        for w in &c.words {
            *counts.entry(w.as_str()).or_default() += c.count;
        }
    }
    counts
}

fn score(
    c: &Candidate,
    word_counts: &HashMap<&str, usize>,
    title: &[String],
    sentences: usize,
) -> f64 {
    let words = c.words.len() as f64;
    let word_weight: f64 = c
        .words
        .iter()
        .map(|w| (word_counts.get(w.as_str()).copied().unwrap_or(1) as f64).ln_1p())
        .sum::<f64>()
        / words;
    let in_title = c.words.iter().filter(|w| title.contains(w)).count() as f64 / words;
    let position =
        1.0 + 1.0 / (1.0 + c.first_sentence as f64 / (sentences.max(1) as f64 / 10.0).max(1.0));
    let length = 1.0 + 0.35 * (words - 1.0).min(2.0);
    let repeated = (c.count as f64).ln_1p() + 0.5;
    (repeated * (1.0 + word_weight) * position * length * (1.0 + 0.5 * in_title) * 1000.0).round()
        / 1000.0
}

/// The best phrases, none of whose words all sit inside a better one's.
fn select(scored: Vec<(f64, &Candidate)>) -> Vec<Keyphrase> {
    let mut kept: Vec<(f64, &Candidate)> = Vec::new();
    for (score, c) in scored {
        if kept.len() >= MAX_PHRASES {
            break;
        }
        let overlaps = kept
            .iter()
            .any(|(_, k)| contains_all(&k.words, &c.words) || contains_all(&c.words, &k.words));
        if overlaps {
            continue;
        }
        if kept.len() >= MIN_PHRASES && c.count < 2 && c.words.len() < 2 {
            continue;
        }
        kept.push((score, c));
    }
    kept.into_iter()
        .map(|(score, c)| Keyphrase {
            phrase: c.surface.clone(),
            score,
        })
        .collect()
}

fn contains_all(outer: &[String], inner: &[String]) -> bool {
    inner.iter().all(|w| outer.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiword_phrases_rank_and_do_not_repeat() {
        let text = "The CSTO summit in Minsk opened. Leaders of the post-Soviet space came to the CSTO summit. \
                    The post-Soviet space is calm, the summit said. Security in the post-Soviet space matters.";
        let doc = Doc::new(text);
        let phrases: Vec<String> = rank(&doc, &[], Some("CSTO summit in Minsk"))
            .into_iter()
            .map(|k| k.phrase)
            .collect();
        assert!(phrases.contains(&"CSTO summit".to_string()), "{phrases:?}");
        assert!(
            phrases.contains(&"post-Soviet space".to_string()),
            "{phrases:?}"
        );
        assert!(!phrases.contains(&"summit".to_string()), "{phrases:?}");
    }

    #[test]
    fn nothing_from_nothing() {
        assert!(rank(&Doc::new(""), &[], None).is_empty());
        assert!(rank(&Doc::new("... !!! ,,,"), &[], None).is_empty());
    }
}
