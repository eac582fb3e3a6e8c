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

/// A small page in each language the lexicons know best, for the warm-up.
const WARM_UP: [&str; 2] = [
    "<html><head><title>Council votes</title></head><body><nav><a href=/>Home</a></nav>\
     <article><h1>Council votes on the new bridge</h1><p>The council voted on Monday \
     to build a bridge over the river, the mayor said.</p><p>Work starts in May.</p>\
     </article><footer>Share this story</footer></body></html>",
    "<html><body><div><p>Совет проголосовал в понедельник за новый мост через реку, \
     сообщил мэр.</p><ul><li><a href=/a>Новости</a></li><li><a href=/b>Спорт</a></li>\
     </ul></div></body></html>",
];

fuzz_target!(
    // The page-type and block models, the lexicons and their patterns are
    // built on first use; build them here, once, so no input is charged
    // for it (an unoptimised build on a busy machine takes seconds).
    init: {
        for page in WARM_UP {
            let _ = extract_article(page.as_bytes(), &ExtractOptions::default());
        }
    },
    |data: &[u8]| {
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
    }
);

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
