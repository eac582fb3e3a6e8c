//! The query forms of the latency set that are made from its other
//! queries: prefixes (`thro*`), fuzzy words (`thorugh~1`) and proximity
//! searches (`"a b c"~3`), so that every form of the query language is
//! timed, also on a corpus generated before they existed.
//!
//! A prefix keeps the first four letters of a frequent word (the widest
//! case the index bounds: many words share them) and five of a rare one; a
//! fuzzy word swaps two letters in the middle (one edit); a proximity
//! search is a phrase of the set, or two co-occurring words, with room
//! between the words.

use super::generate::BenchQuery;

/// Labels of the forms made here.
pub const PREFIX: &str = "prefix";
pub const FUZZY: &str = "fuzzy";
pub const PROXIMITY: &str = "proximity";

/// `queries` with the forms they lack added at the end.
pub fn with_forms(mut queries: Vec<BenchQuery>) -> Vec<BenchQuery> {
    let has = |queries: &[BenchQuery], label: &str| queries.iter().any(|q| q.label == label);
    let derived = |label: &str, query: String| BenchQuery {
        label: label.to_string(),
        query,
        lang: None,
        since: None,
        until: None,
        sort_date: false,
    };
    let single_words: Vec<(String, bool)> = queries
        .iter()
        .filter(|q| q.lang.is_none() && !q.sort_date && q.since.is_none())
        .filter(|q| q.label == "frequent word" || q.label == "rare word")
        .filter(|q| q.query.chars().all(char::is_alphanumeric) && q.query.chars().count() >= 6)
        .map(|q| (q.query.clone(), q.label == "frequent word"))
        .collect();
    let mut added = Vec::new();
    if !has(&queries, PREFIX) {
        for (word, frequent) in single_words.iter().take(6) {
            let keep = if *frequent { 4 } else { 5 };
            let stem: String = word.chars().take(keep).collect();
            added.push(derived(PREFIX, format!("{stem}*")));
        }
    }
    if !has(&queries, FUZZY) {
        for (word, _) in single_words.iter().take(6) {
            added.push(derived(FUZZY, format!("{}~1", swap_middle(word))));
        }
    }
    if !has(&queries, PROXIMITY) {
        for q in &queries {
            if q.label == "phrase" {
                added.push(derived(PROXIMITY, format!("{}~3", q.query)));
            } else if q.label == "two words (AND)"
                && added.iter().filter(|a| a.label == PROXIMITY).count() < 5
            {
                added.push(derived(PROXIMITY, format!("\"{}\"~5", q.query)));
            }
        }
    }
    queries.extend(added);
    queries
}

/// `word` with the two letters at its middle swapped (one edit away).
fn swap_middle(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let middle = chars.len() / 2;
    if middle >= 1 && middle < chars.len() {
        chars.swap(middle - 1, middle);
    }
    chars.into_iter().collect()
}

/// The form a query of the set is timed under: plain words (and fields),
/// phrases, prefixes, fuzzy words, proximity, or filters (language, dates,
/// date order).
pub fn form_of(q: &BenchQuery) -> &'static str {
    match q.label.as_str() {
        PREFIX => PREFIX,
        FUZZY => FUZZY,
        PROXIMITY => PROXIMITY,
        "phrase" => "phrase",
        _ if q.lang.is_some() || q.since.is_some() || q.until.is_some() || q.sort_date => "filters",
        _ => "plain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(label: &str, query: &str) -> BenchQuery {
        BenchQuery {
            label: label.into(),
            query: query.into(),
            lang: None,
            since: None,
            until: None,
            sort_date: false,
        }
    }

    #[test]
    fn every_form_is_made_once() {
        let queries = vec![
            plain("frequent word", "through"),
            plain("rare word", "macbook"),
            plain("phrase", "\"the port was\""),
            plain("two words (AND)", "growth percent"),
        ];
        let all = with_forms(queries);
        let of = |label: &str| -> Vec<&str> {
            all.iter()
                .filter(|q| q.label == label)
                .map(|q| q.query.as_str())
                .collect()
        };
        assert_eq!(of(PREFIX), ["thro*", "macbo*"]);
        assert_eq!(of(FUZZY), ["thorugh~1", "mabcook~1"]);
        assert_eq!(
            of(PROXIMITY),
            ["\"the port was\"~3", "\"growth percent\"~5"]
        );
        // A set that has them already is left alone.
        assert_eq!(with_forms(all.clone()).len(), all.len());
        assert_eq!(form_of(&all[0]), "plain");
        assert_eq!(form_of(&all[2]), "phrase");
    }
}
