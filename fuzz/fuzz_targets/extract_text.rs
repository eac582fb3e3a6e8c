//! Scraped text: line classification (promos, typo notices, tag lines,
//! next/previous teasers, language notes) and paragraph assembly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};

fuzz_target!(|data: &[u8]| {
    let options = ExtractOptions {
        input_kind: InputKind::Text,
        ..ExtractOptions::default()
    };
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
});

fn alphanumeric(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}
