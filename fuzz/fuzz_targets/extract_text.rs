//! Scraped text: line classification (promos, typo notices, tag lines,
//! next/previous teasers, language notes) and paragraph assembly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};

fn text_options() -> ExtractOptions {
    ExtractOptions {
        input_kind: InputKind::Text,
        ..ExtractOptions::default()
    }
}

fuzz_target!(
    // The line rules' lexicons and patterns are built on first use; build
    // them here, once, so no input is charged for it.
    init: {
        let warm_up = "Council votes on the new bridge\n\nThe council voted on Monday, \
                       the mayor said.\nShare: Facebook Twitter\n\nСовет проголосовал \
                       за новый мост.\nЧитайте также\n";
        let _ = extract_article(warm_up.as_bytes(), &text_options());
    },
    |data: &[u8]| {
        let options = text_options();
        let Ok(article) = extract_article(data, &options) else {
            return;
        };
        // Nothing the cleanup keeps may be invented: the title's first word is in
        // the input. Compared on letters and digits only, because cleanup drops
        // control and zero-width characters and normalises spaces and dashes.
        if let Ok(input) = std::str::from_utf8(data) {
            if let Some(title) = &article.title {
                let first_word = alphanumeric(title.split_whitespace().next().unwrap_or(""));
                assert!(
                    alphanumeric(input).contains(&first_word),
                    "title word {first_word:?} not in the input"
                );
            }
        }
        for block in &article.blocks {
            assert!(!block.text.trim().is_empty(), "empty block: {block:?}");
        }
    }
);

fn alphanumeric(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}
