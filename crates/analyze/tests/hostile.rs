//! Bad input: nothing to read, 5 MB of one word, runs of capitals, unbalanced
//! and nested quotation marks, mixed scripts, a dash paragraph nobody
//! announces. No panic, bounded time, offsets that point at what they say.

use std::time::{Duration, Instant};

use newsdesk_analyze::{analyze_text, Analysis};

/// Generous for unoptimised test builds on a shared 2-core machine.
const BOUND: Duration = Duration::from_secs(20);

fn analyse(text: &str) -> Analysis {
    let started = Instant::now();
    let analysis = analyze_text(text, Some(text), None);
    assert!(
        started.elapsed() < BOUND,
        "took {:?} on {} bytes",
        started.elapsed(),
        text.len()
    );
    offsets_hold(text, &analysis);
    analysis
}

/// Every mention's and quote's offsets select exactly its text.
fn offsets_hold(text: &str, analysis: &Analysis) {
    let chars: Vec<char> = text.chars().collect();
    let slice =
        |start: usize, end: usize| chars.get(start..end).map(|c| c.iter().collect::<String>());
    for entity in &analysis.entities {
        for m in entity.mentions.iter().chain(&entity.references) {
            assert_eq!(slice(m.start, m.end).as_deref(), Some(m.text.as_str()));
        }
    }
    for q in &analysis.quotes {
        assert_eq!(slice(q.start, q.end).as_deref(), Some(q.text.as_str()));
    }
}

#[test]
fn nothing_gives_nothing() {
    for text in ["", " \n\n ", "...", "«»“”\"\"", "– ", "-\n-\n-"] {
        let analysis = analyse(text);
        assert!(
            analysis.entities.is_empty() && analysis.quotes.is_empty(),
            "{text:?}: {analysis:?}"
        );
    }
}

#[test]
fn five_megabytes_of_one_word() {
    let word = "Lukashenko".repeat(500_000);
    let analysis = analyse(&word);
    assert_eq!(analysis.tokens, 1);
}

#[test]
fn a_million_capitalised_words_and_ofs() {
    let text = "Bank of Minsk of Council of ".repeat(40_000);
    analyse(&text);
    let text = "Aaa Bbb ".repeat(100_000);
    analyse(&text);
}

#[test]
fn unbalanced_and_nested_quotes() {
    let text = format!(
        "{}Then he said «one «two «three» and», more».",
        "“open ".repeat(50_000)
    );
    analyse(&text);
    let text = "He said: «Мы „не“ уйдём отсюда никогда», – заявил Иван Петров.".to_string();
    let analysis = analyse(&text);
    assert_eq!(analysis.quotes.len(), 1, "{:?}", analysis.quotes);
    let text = "\"A quote that never closes.\n\nA new paragraph that is not a quote at all.";
    assert!(analyse(text).quotes.is_empty());
}

#[test]
fn mixed_scripts_and_odd_characters() {
    let text = "Президент Emmanuel Macron встретился с 習近平 в Париже.\u{200D}\u{0301} ‘Quoted’ – 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 NATO-ОДКБ.";
    analyse(text);
}

#[test]
fn a_dash_paragraph_nobody_announces_has_no_speaker() {
    let text = "Residents of Brest met at the square.\n\n– We have waited for the new bridge for ten years and nothing happened.";
    let analysis = analyse(text);
    assert_eq!(analysis.quotes.len(), 1);
    assert_eq!(analysis.quotes[0].speaker, None);
}

#[test]
fn many_dash_lines_and_colons() {
    let text = "Ivan Petrov said:\n".to_string() + &"– yes, said he, – no.\n".repeat(50_000);
    analyse(&text);
}
