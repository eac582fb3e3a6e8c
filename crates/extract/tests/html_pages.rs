//! End-to-end extraction of small HTML pages written for these tests: the
//! republisher's trailers inside HTML, CJK and Cyrillic pages, legacy
//! charsets, and hostile markup.

use newsdesk_extract::{extract_article, BlockKind, ExtractError, ExtractOptions};

fn extract(html: &str) -> newsdesk_extract::Article {
    extract_article(html.as_bytes(), &ExtractOptions::default()).expect("a page")
}

const STORY: &[&str] = &[
    "The regional parliament approved the new water budget on Tuesday, after a debate that lasted, by most counts, more than nine hours.",
    "Speaking to reporters afterwards, the committee chair said the plan would fund repairs to three reservoirs, two pumping stations and the old canal.",
    "– We have waited for this decision for a long time, and now the work can finally begin, she said, adding that tenders open next month.",
    "Opposition members, who voted against the plan, argued that the costs were underestimated and that the timeline was, in their words, unrealistic.",
];

#[test]
fn republisher_trailers_inside_html_go_to_their_fields() {
    let body: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let html = format!(
        r#"<html lang="en"><head><title>Parliament approves water budget | Daily Wire Copy</title></head><body>
        <div class="content"><h1>Parliament approves water budget</h1>{body}
        <p>Subscribe to our Telegram channel</p>
        <p>Noticed a mistake? Please select it and press Ctrl+Enter</p>
        <p>The article is in Ukrainian</p>
        <p>Tags: water, budget, parliament</p>
        <p>NEXT Festival of lights returns to the old harbour</p></div></body></html>"#
    );
    let a = extract(&html);
    assert_eq!(a.blocks.len(), STORY.len(), "{:#?}", a.blocks);
    assert!(a.text.starts_with("The regional parliament"));
    assert!(
        !a.text.contains("Subscribe") && !a.text.contains("Ctrl+Enter") && !a.text.contains("NEXT")
    );
    assert_eq!(a.source_language.as_deref(), Some("uk"));
    assert_eq!(
        a.next.map(|l| l.title).as_deref(),
        Some("Festival of lights returns to the old harbour")
    );
    assert!(a.tags.iter().any(|t| t == "water"), "{:?}", a.tags);
    assert_eq!(a.language.as_deref(), Some("en"));
}

#[test]
fn cjk_page_is_not_empty() {
    let html = "<html><head><meta charset=\"utf-8\"></head><body><div id=\"nav\"><a href=\"/\">首页</a></div><div class=\"article\">\
        <p>东京电视台周二报道，日本政府计划在明年春季之前完成新的防灾计划，其中包括加固沿海堤坝、改善疏散路线以及扩大避难所的容量。</p>\
        <p>官员表示，该计划的预算约为三千亿日元，将分三年执行。地方政府对此表示欢迎，但也提出了人员不足的问题。</p>\
        <p>专家指出，近年来台风和地震的频率有所增加，因此提前准备显得尤为重要。</p></div></body></html>";
    let a = extract(html);
    assert_eq!(a.blocks.len(), 3, "{:#?}", a.blocks);
    assert_eq!(a.language.as_deref(), Some("zh"));
}

#[test]
fn undeclared_windows_1251_page() {
    let html = "<html><body><article><h2>Новости</h2><p>Правительство области утвердило новый бюджет на водоснабжение после девятичасовых дебатов, сообщили в пресс-службе.</p>\
        <p>По словам председателя комитета, средства пойдут на ремонт трёх водохранилищ, двух насосных станций и старого канала.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
    let a = extract_article(&bytes, &ExtractOptions::default()).expect("a page");
    assert!(a.text.contains("водоснабжение"), "{}", a.text);
    assert_eq!(a.language.as_deref(), Some("ru"));
}

#[test]
fn blocks_keep_their_kinds() {
    let html = format!(
        "<html><body><article><p>{}</p><h2>What happens next</h2><p>{}</p><ul><li>Tenders open in March</li><li>Work starts in June</li></ul><blockquote>It is a good day for the region.</blockquote><p>{}</p></article></body></html>",
        STORY[0], STORY[1], STORY[3]
    );
    let a = extract(&html);
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Quote,
            BlockKind::Paragraph
        ]
    );
    assert!(a
        .text
        .contains("What happens next\n\nSpeaking to reporters"));
}

#[test]
fn hostile_input_is_bounded() {
    assert_eq!(
        extract_article(b"", &ExtractOptions::default()),
        Err(ExtractError::Empty)
    );
    assert_eq!(
        extract_article(b"  \n ", &ExtractOptions::default()),
        Err(ExtractError::Empty)
    );
    assert!(matches!(
        extract_article(
            b"\x00\x01\x02\x03\x04\x05\x06\x07\x08",
            &ExtractOptions::default()
        ),
        Err(ExtractError::Binary(_))
    ));

    let deep = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(100_000),
        STORY[0],
        "</div>".repeat(100_000)
    );
    let start = std::time::Instant::now();
    let a = extract(&deep);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert!(a.text.contains("water budget"));
    assert!(
        a.warnings.iter().any(|w| w.contains("nested")),
        "{:?}",
        a.warnings
    );

    let invalid = [
        b"<html><body><p>".as_slice(),
        &[0xff, 0xfe, 0xfd],
        STORY[0].as_bytes(),
        b"</p></body></html>",
    ]
    .concat();
    let a = extract_article(&invalid, &ExtractOptions::default()).expect("a page");
    assert!(a.text.contains("water budget"));

    let unknown = format!(
        "<html><head><meta charset=\"x-unknown-42\"></head><body><p>{}</p></body></html>",
        STORY[0]
    );
    assert!(extract(&unknown).text.contains("water budget"));

    let attrs = format!(
        "<html><body><p {}>{}</p></body></html>",
        "a=b ".repeat(200_000),
        STORY[1]
    );
    assert!(extract(&attrs).text.contains("reservoirs"));
}

#[test]
fn huge_page_is_cut_with_a_warning() {
    let para = format!("<p>{}</p>", STORY[0]);
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(50 * 1024 * 1024 / para.len())
    );
    let a = extract(&html);
    assert!(
        a.warnings.iter().any(|w| w.contains("only the first")),
        "{:?}",
        a.warnings
    );
    assert!(!a.text.is_empty());
}
