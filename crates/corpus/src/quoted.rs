//! Who is quoted on a topic: the speakers of the quotes in a set of
//! articles (a search's matches, a story's articles), ranked by how many
//! different things they said there.
//!
//! Copies of a text carry the same quotes, and one person's words are
//! often repeated by several outlets, so a quote counts once per speaker
//! however many articles carry it (its text compared with runs of white
//! space folded and case ignored); a speaker's `articles` counts duplicate
//! groups, not copies. Speakers are told apart by their name in any case
//! (the form written most often is shown). Pure: rows in, ranking out.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::store::QuoteRow;

/// One speaker and what they said.
#[derive(Debug, Clone, Serialize)]
pub struct QuotedSpeaker {
    /// The speaker's entity name.
    pub speaker: String,
    /// Different quotes (copies and repeats counted once).
    pub quotes: usize,
    /// Articles quoting them, copies of one text counted once.
    pub articles: usize,
    /// Their quotes in the order given (callers give them newest first),
    /// each once (its first occurrence), at most the number asked.
    pub said: Vec<QuoteRow>,
}

/// Who is quoted in a set of articles.
#[derive(Debug, Clone, Serialize)]
pub struct Quoted {
    /// Every speaker, ranked ([`rank_speakers`]).
    pub speakers: Vec<QuotedSpeaker>,
    /// How many speakers there are in all.
    pub speakers_total: usize,
    /// Articles whose quotes were read.
    pub articles_read: usize,
    /// Whether those were all the matching articles (else the newest).
    pub complete: bool,
}

/// The speakers of `rows` (quotes with their article's duplicate group,
/// in the order their quotes are to be listed), most quotes first (then most articles, then by name), with at most
/// `per_speaker` quotes each; and how many speakers there are in all.
pub fn rank_speakers(
    rows: Vec<(QuoteRow, i64)>,
    per_speaker: usize,
) -> (Vec<QuotedSpeaker>, usize) {
    struct Tally {
        forms: HashMap<String, usize>,
        seen: HashSet<String>,
        groups: HashSet<i64>,
        said: Vec<QuoteRow>,
    }
    let mut by_key: HashMap<String, Tally> = HashMap::new();
    for (row, group) in rows {
        let Some(speaker) = row
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let speaker = speaker.to_string();
        let tally = by_key
            .entry(speaker.to_lowercase())
            .or_insert_with(|| Tally {
                forms: HashMap::new(),
                seen: HashSet::new(),
                groups: HashSet::new(),
                said: Vec::new(),
            });
        *tally.forms.entry(speaker).or_default() += 1;
        tally.groups.insert(group);
        let folded = row
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if tally.seen.insert(folded) {
            tally.said.push(row);
        }
    }
    let total = by_key.len();
    let mut speakers: Vec<QuotedSpeaker> = by_key
        .into_values()
        .map(|mut t| {
            let speaker = t
                .forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(form, _)| form.clone())
                .unwrap_or_default();
            let quotes = t.said.len();
            t.said.truncate(per_speaker);
            QuotedSpeaker {
                speaker,
                quotes,
                articles: t.groups.len(),
                said: t.said,
            }
        })
        .collect();
    speakers.sort_by(|a, b| {
        b.quotes
            .cmp(&a.quotes)
            .then_with(|| b.articles.cmp(&a.articles))
            .then_with(|| a.speaker.cmp(&b.speaker))
    });
    (speakers, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(article: i64, speaker: Option<&str>, text: &str, date: Option<&str>) -> QuoteRow {
        QuoteRow {
            article_id: article,
            speaker: speaker.map(str::to_string),
            text: text.into(),
            title: None,
            date: date.map(str::to_string),
        }
    }

    #[test]
    fn copies_and_repeats_count_once_and_speakers_rank_by_quotes() {
        let rows = vec![
            // One quote in an article and its two copies (group 1).
            (
                quote(
                    1,
                    Some("Niek Stam"),
                    "We will not accept it.",
                    Some("2024-03-04"),
                ),
                1,
            ),
            (
                quote(
                    2,
                    Some("Niek Stam"),
                    "We will  not accept it.",
                    Some("2024-03-04"),
                ),
                1,
            ),
            (
                quote(
                    3,
                    Some("niek stam"),
                    "We will not accept it.",
                    Some("2024-03-04"),
                ),
                1,
            ),
            // Another outlet (group 2) repeats it and adds a second one.
            (
                quote(
                    4,
                    Some("Niek Stam"),
                    "we will not accept it.",
                    Some("2024-03-05"),
                ),
                2,
            ),
            (
                quote(
                    4,
                    Some("Niek Stam"),
                    "Talks resume Thursday.",
                    Some("2024-03-05"),
                ),
                2,
            ),
            // Someone else, three different quotes in one article.
            (
                quote(5, Some("Jane Porter"), "Three.", Some("2024-01-02")),
                3,
            ),
            (quote(5, Some("Jane Porter"), "Two.", Some("2024-01-01")), 3),
            (quote(5, Some("Jane Porter"), "One.", None), 3),
            // Unattributed: no speaker.
            (quote(6, None, "Nobody said this.", None), 4),
            (quote(6, Some("  "), "Nor this.", None), 4),
        ];
        let (speakers, total) = rank_speakers(rows, 2);
        assert_eq!(total, 2);
        assert_eq!(speakers[0].speaker, "Jane Porter");
        assert_eq!((speakers[0].quotes, speakers[0].articles), (3, 1));
        // At most two shown, in the order given.
        let texts: Vec<&str> = speakers[0].said.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["Three.", "Two."]);
        assert_eq!(speakers[1].speaker, "Niek Stam");
        assert_eq!((speakers[1].quotes, speakers[1].articles), (2, 2));
    }
}
