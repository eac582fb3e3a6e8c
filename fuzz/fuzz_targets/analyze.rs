//! Analysis: sentence splitting, entities, quotes and speakers, keyphrases and
//! events over any text. Every offset must select exactly what it names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_analyze::analyze_text;

fuzz_target!(
    // The name tagger's models and word tables load on first use; load them
    // here, once, so no input is charged for it.
    init: {
        analyze_text("Путин прибыл в Минск.", None, None);
        analyze_text("Putin arrived in Minsk.", None, None);
    },
    |data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let (title, body) = text.split_once('\n').unwrap_or(("", text));
        let analysis = analyze_text(body, Some(title), None);
        let chars: Vec<char> = body.chars().collect();
        let title_chars: Vec<char> = title.chars().collect();
        // Offsets count in the title for what was found there, else in the body.
        let slice = |in_title: bool, start: usize, end: usize| {
            let source = if in_title { &title_chars } else { &chars };
            source.get(start..end).map(|c| c.iter().collect::<String>())
        };
        for entity in &analysis.entities {
            for mention in entity.mentions.iter().chain(&entity.references) {
                assert_eq!(slice(mention.in_title, mention.start, mention.end).as_deref(), Some(mention.text.as_str()));
            }
        }
        for quote in &analysis.quotes {
            assert_eq!(slice(quote.in_title, quote.start, quote.end).as_deref(), Some(quote.text.as_str()));
        }
    }
);
