//! Whole-reader tests on small pages: which source wins, and what is cleaned.

use super::*;

fn read(html: &str, json_ld: &[&str], url: Option<&str>) -> PageMetadata {
    let doc = Html::parse_document(html);
    let ld: Vec<String> = json_ld.iter().map(|s| s.to_string()).collect();
    let url = url.and_then(|u| Url::parse(u).ok());
    page_metadata(&doc, &ld, url.as_ref())
}

#[test]
fn json_ld_wins_and_is_normalised() {
    let m = read(
        r#"<html lang="en-US"><head><title>Storm hits coast | Bugle</title>
        <meta property="og:site_name" content="Bugle"><link rel="canonical" href="/news/storm"></head>
        <body><h1>Storm hits coast</h1></body></html>"#,
        &[
            r#"{"@type":"NewsArticle","headline":"Storm hits coast","author":{"@type":"Person","name":"Ann Lee"},
            "datePublished":"2023-05-04T10:00:00+02:00","keywords":["storm","coast"]}"#,
        ],
        Some("https://bugle.example/news/storm?ref=x"),
    );
    assert_eq!(m.title.as_deref(), Some("Storm hits coast"));
    assert_eq!(m.authors, vec!["Ann Lee"]);
    assert_eq!(m.published.as_deref(), Some("2023-05-04T10:00:00+02:00"));
    assert_eq!(m.language.as_deref(), Some("en"));
    assert_eq!(m.site_name.as_deref(), Some("Bugle"));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://bugle.example/news/storm")
    );
    assert_eq!(m.tags, vec!["storm", "coast"]);
}

#[test]
fn opengraph_and_meta_fallbacks() {
    let m = read(
        r#"<html><head><title>X</title>
        <meta property="og:title" content="Bridge reopens after repairs">
        <meta property="og:locale" content="de_DE">
        <meta property="article:published_time" content="2022-11-30">
        <meta property="article:author" content="https://facebook.com/someone">
        <meta name="author" content="Max Muster">
        <meta property="article:tag" content="Verkehr"><meta property="article:tag" content="Brücke">
        <meta name="keywords" content="Brücke, Stadt">
        <meta property="og:image" content="/img/bridge.jpg"><base href="https://zeitung.example/a/"></head><body></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Bridge reopens after repairs"));
    assert_eq!(m.authors, vec!["Max Muster"]);
    assert_eq!(m.published.as_deref(), Some("2022-11-30"));
    assert_eq!(m.language.as_deref(), Some("de"));
    assert_eq!(m.tags, vec!["Verkehr", "Brücke", "Stadt"]);
    assert_eq!(
        m.image.as_deref(),
        Some("https://zeitung.example/img/bridge.jpg")
    );
}

#[test]
fn byline_and_time_in_the_page() {
    let m = read(
        r#"<html><head><title>Council votes on budget - City Times</title><meta property="og:site_name" content="City Times"></head>
        <body><nav><time datetime="2020-01-01">old</time></nav><article><h1>Council votes on budget</h1>
        <div class="article-byline">By Jane Doe and John Roe | City Times</div>
        <time datetime="2023-03-02T08:15:00Z">2 March</time><p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Council votes on budget"));
    assert_eq!(m.authors, vec!["Jane Doe", "John Roe"]);
    assert_eq!(m.published.as_deref(), Some("2023-03-02T08:15:00+00:00"));
}

#[test]
fn russian_byline_and_date_text() {
    let m = read(
        r#"<html lang="ru"><body><article><h1>Новости дня</h1><span class="avtor">Автор: Иван Петров</span>
        <div class="post-date">4 мая 2023, 12:30</div></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Иван Петров"]);
    assert_eq!(m.published.as_deref(), Some("2023-05-04"));
    assert_eq!(m.language.as_deref(), Some("ru"));
}

#[test]
fn microdata_author_and_url_date() {
    let m = read(
        r#"<html><body><div itemprop="author" itemscope><span itemprop="name">Lee Chan</span></div></body></html>"#,
        &[],
        Some("https://site.example/2021/07/09/some-story/"),
    );
    assert_eq!(m.authors, vec!["Lee Chan"]);
    assert_eq!(m.published.as_deref(), Some("2021-07-09"));
}

#[test]
fn nothing_is_invented() {
    let m = read(
        "<html><body><p>Just text.</p></body></html>",
        &["{broken"],
        None,
    );
    assert_eq!(m, PageMetadata::default());
}

#[test]
fn site_name_is_never_the_author_or_title() {
    let m = read(
        r#"<html><head><title>Bugle</title><meta property="og:site_name" content="Bugle"><meta name="author" content="Bugle"></head><body><h1>Bugle</h1></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.title, None);
    assert!(m.authors.is_empty());
}
