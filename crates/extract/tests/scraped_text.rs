//! End to end on the founding example: the seed text a republishing site
//! scraped, read through the public API. The seed lives outside the repository
//! (`../shared`); without it the test is skipped visibly, or fails under
//! `NEWSDESK_REQUIRE_DATASETS=1`.

use std::path::PathBuf;

use newsdesk_extract::{extract_article, BlockKind, ExtractOptions, InputKind, Link};

fn seed_path() -> Option<PathBuf> {
    newsdesk_testkit::shared("seed/000_572c40b2d049dd2d.txt")
}

#[test]
fn seed_text_is_split_into_body_and_trailer_fields() {
    let Some(path) = seed_path() else {
        return;
    };
    let bytes = std::fs::read(&path).expect("the seed text reads");
    let options = ExtractOptions {
        input_kind: InputKind::Text,
        ..ExtractOptions::default()
    };
    let article = extract_article(&bytes, &options).expect("the seed is not empty");

    assert_eq!(
        article.title.as_deref(),
        Some("The CSTO summit in Minsk will contribute to increasing efforts on defense and security")
    );

    // Nine body paragraphs: the opening, the four lead-ins ending in a colon
    // ("noted:", "drew attention ...:", "concluded:", "asked ...:") and the
    // four paragraphs of direct speech opening with an en dash.
    assert_eq!(article.blocks.len(), 9, "blocks: {:#?}", article.blocks);
    assert!(article
        .blocks
        .iter()
        .all(|b| b.kind == BlockKind::Paragraph));
    let dash_paragraphs = article
        .blocks
        .iter()
        .filter(|b| b.text.starts_with("– "))
        .count();
    assert_eq!(dash_paragraphs, 4);
    assert!(article
        .blocks
        .iter()
        .any(|b| b.text == "Addressing the guest, the Head of State noted:"));
    assert!(article
        .blocks
        .iter()
        .any(|b| b.text == "The President concluded:"));
    assert!(article.blocks[0]
        .text
        .starts_with("The CSTO summit in Minsk will help increase efforts"));
    let last = article
        .blocks
        .last()
        .map(|b| b.text.as_str())
        .unwrap_or_default();
    assert!(
        last.starts_with("– You are probably more immersed"),
        "last block: {last}"
    );
    assert!(
        last.ends_with("your point of view on this issue."),
        "last block: {last}"
    );

    for trailer in [
        "Subscribe",
        "Youtube",
        "Watch the video",
        "personnel appointments",
        "Almost all planned activities",
        "Ctrl+Enter",
        "The article is in Russian",
        "Tags:",
        "NEXT",
        "giant sea predator",
    ] {
        assert!(
            !article.text.contains(trailer),
            "trailer {trailer:?} left in the body"
        );
    }

    assert_eq!(article.source_language.as_deref(), Some("ru"));
    assert_eq!(
        article.tags,
        [
            "CSTO",
            "summit",
            "Minsk",
            "contribute",
            "increasing",
            "efforts",
            "defense",
            "security"
        ]
    );
    assert_eq!(
        article.next,
        Some(Link {
            title: "A giant sea predator, a contemporary of dinosaurs, was discovered in Mexico"
                .to_string(),
            url: None
        })
    );
    let related: Vec<&str> = article.related.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(
        related,
        [
            "Lukashenko will meet with the CSTO Secretary General and make personnel appointments",
            "The CSTO Secretary General spoke about the results of the year’s work. Almost all planned activities have been completed",
        ]
    );
    assert!(article.related.iter().all(|l| l.url.is_none()));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert!(
        article.warnings.is_empty(),
        "warnings: {:?}",
        article.warnings
    );
}
