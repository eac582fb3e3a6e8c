//! HTML pages: the tokenizer, tree builder, metadata readers and content
//! scorer, through the public entry point. The first byte picks the charset
//! hint and whether a page address is given, so both paths get covered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};

const CONTENT_TYPES: [Option<&str>; 4] = [
    None,
    Some("text/html; charset=windows-1251"),
    Some("text/html; charset=utf-8"),
    Some("text/html; charset=x-unknown"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, page)) = data.split_first() else {
        return;
    };
    let options = ExtractOptions {
        url: (selector & 4 != 0).then(|| "https://news.example.com/2024/05/01/story.html".into()),
        content_type: CONTENT_TYPES[usize::from(selector & 3)].map(String::from),
        input_kind: InputKind::Html,
    };
    if let Ok(article) = extract_article(page, &options) {
        check(&article);
    }
});

/// What every record must satisfy, whatever the page.
fn check(article: &newsdesk_extract::Article) {
    assert!(
        article.text.len() <= 16 * 1024 * 1024 * 4,
        "body larger than the page could ever decode to"
    );
    for block in &article.blocks {
        assert!(!block.text.is_empty(), "empty block: {block:?}");
    }
    if let Some(language) = &article.language {
        assert!(language.len() <= 3, "not an ISO 639 code: {language}");
    }
}
