//! Whole-reader tests on small pages: which source wins, and what is cleaned.

use super::*;

fn read(html: &str, json_ld: &[&str], url: Option<&str>) -> PageMetadata {
    let doc = Dom::parse(html);
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
fn site_name_is_never_the_title_nor_a_byline() {
    let m = read(
        r#"<html><head><title>Bugle</title><meta property="og:site_name" content="Bugle"></head>
        <body><h1>Bugle</h1><div class="byline">By Bugle</div></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.title, None);
    assert!(m.authors.is_empty());
}

#[test]
fn declared_site_author_is_a_last_resort() {
    let page = r#"<html><head><meta property="og:site_name" content="Bugle"><meta name="author" content="Bugle"></head>
        <body><article><h1>Rain expected in the north</h1>BODY</article></body></html>"#;
    let m = read(page, &[], None);
    assert_eq!(m.authors, vec!["Bugle"]);
    let m = read(
        &page.replace("BODY", r#"<p class="byline">By Ann Lee</p>"#),
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ann Lee"]);
}

#[test]
fn local_time_zone_is_preferred_for_the_same_instant() {
    let m = read(
        r#"<html><head><meta property="article:published_time" content="2023-05-03T21:30:00-05:00"></head><body></body></html>"#,
        &[r#"{"@type":"NewsArticle","datePublished":"2023-05-04T02:30:00Z"}"#],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2023-05-03T21:30:00-05:00"));
}

#[test]
fn labelled_bylines_near_the_headline() {
    let m = read(
        r#"<html><body><div><h1>Inflation slows for a third month</h1><p>Written by</p><p>Ana Ruiz</p>
        <p>Last updated: Dec 12, 2025</p><p>Prices rose less than expected.</p></div></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ana Ruiz"]);
    assert_eq!(m.published.as_deref(), Some("2025-12-12"));
    let m = read(
        r#"<html><body><h1>Inflation slows for a third month</h1><p>by: Ana Ruiz, Dec 17, 2025</p></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ana Ruiz"]);
}

#[test]
fn twitter_label_data_pairs_name_the_author() {
    let m = read(
        r#"<html><head><meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ana Ruiz">
        <meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes"></head><body></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ana Ruiz"]);
}

#[test]
fn chrome_is_ignored_but_article_footers_are_not() {
    let m = read(
        r#"<html><body><aside><div class="byline">By Side Bar</div><time datetime="2019-01-01">x</time></aside>
        <article><h1>Harbour reopens after the storm</h1><footer><a rel="author" href="/a">Kim Park</a></footer></article>
        <footer><time datetime="2018-01-01">y</time></footer></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Kim Park"]);
    assert_eq!(m.published, None);
}

#[test]
fn entities_in_metadata_are_decoded() {
    let m = read(
        r#"<html><head><meta property="og:title" content="Salt &amp;amp; pepper: a history &#8230;"></head><body></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.title.as_deref(), Some("Salt & pepper: a history …"));
}

#[test]
fn ambiguous_numeric_date_follows_the_shown_one() {
    let m = read(
        r#"<html><head><meta name="article:published_time" content="03-09-2026"></head>
        <body><article><h1>Nuevas rutas de tren</h1><p>Publicado March 9, 2026</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2026-03-09"));
}

#[test]
fn restamped_declared_date_yields_to_the_shown_one() {
    let ld = r#"{"@type":"BlogPosting","headline":"Zehn Tipps für den Garten",
        "datePublished":"2025-06-24","dateModified":"2025-06-24"}"#;
    let html = r#"<html><body><article><h1>Zehn Tipps für den Garten</h1>
        <div class="meta">Anna Berg</div><div>25. August 2024</div><p>Text.</p></article></body></html>"#;
    let m = read(html, &[ld], None);
    assert_eq!(m.published.as_deref(), Some("2024-08-25"));
    // A shown date only a day earlier is a neighbour's or a time zone's.
    let html = html.replace("25. August 2024", "23. Juni 2025");
    let m = read(&html, &[ld], None);
    assert_eq!(m.published.as_deref(), Some("2025-06-24"));
}

#[test]
fn utc_stamp_takes_the_local_date_from_the_url() {
    let m = read(
        r#"<html><head><meta property="article:published_time" content="2025-12-19T02:41:41+00:00"></head>
        <body><h1>Late night post</h1></body></html>"#,
        &[],
        Some("https://blog.example/2025/12/18/late-night-post"),
    );
    assert_eq!(m.published.as_deref(), Some("2025-12-18"));
    let m = read(
        r#"<html><head><meta property="article:published_time" content="2025-12-19T02:41:41+00:00"></head>
        <body><article><h1>Late night post</h1><time datetime="2025-12-18T21:41:41-05:00">Dec 18</time></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2025-12-18T21:41:41-05:00"));
}

#[test]
fn author_page_links_name_the_author() {
    let m = read(
        r#"<html><body><article><h1>Como plantar tomates</h1>
        <a href="/blog/autores/lucia-mendez" aria-label="Lucía Méndez"><img src="a.jpg"></a>
        <a href="/blog/autores/lucia-mendez">Lucia Mendez</a> y <a href="/blog/autores/pablo-ruiz">Pablo Ruiz</a>
        <p>Texto.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Lucia Mendez", "Pablo Ruiz"]);
}

#[test]
fn a_person_beats_a_desk_credit() {
    let m = read(
        r#"<html><head><meta name="author" content="Redaktion Nordkurier"></head>
        <body><article><h1>Neue Brücke eröffnet</h1><p>Von Jana Vogel</p><p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Jana Vogel"]);
    let m = read(
        r#"<html><head><meta name="author" content="Podium Staff"></head><body><h1>Tips</h1></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Podium Staff"]);
}

#[test]
fn layout_classes_are_not_chrome() {
    // A page template "with a sidebar" names the layout, not a sidebar.
    let m = read(
        r#"<html><body><main><div class="page story-template-sidebar">
        <h1>Harbour bridge reopens after two years</h1>
        <div class="story-byline">By Ana Gil</div><div class="story-date">May 31, 2024</div>
        <p>Text.</p></div></main></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ana Gil"]);
    assert_eq!(m.published.as_deref(), Some("2024-05-31"));
}

#[test]
fn page_builder_widgets_are_not_chrome() {
    let m = read(
        r#"<html><body><div class="builder-widget builder-widget-heading"><h1>Nine ways to fix a bike</h1></div>
        <div class="builder-widget"><h3>Written by Karl Berg</h3><p>Karl Berg rides a lot.</p></div>
        <aside class="widget"><div class="byline">By Someone Else</div></aside></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Karl Berg"]);
}

#[test]
fn a_cell_holding_the_article_is_not_chrome() {
    let m = read(
        r#"<html><body><div class="widget-span cell blog-content">
        <h1>Nine ways to fix a bike</h1><span class="meta-date">May 18, 2023</span>
        <p>Text.</p></div></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2023-05-18"));
}

#[test]
fn a_long_date_box_yields_its_first_piece() {
    let tags = "<a>one</a> <a>two</a> <a>three</a> ".repeat(12);
    let html = format!(
        r#"<html><body><article><h1>Nine ways to fix a bike</h1><p>Text.</p>
        <div class="meta date-header"><span>Posted on April 13, 2023</span><div>Tags: {tags}</div></div>
        </article></body></html>"#
    );
    let m = read(&html, &[], None);
    assert_eq!(m.published.as_deref(), Some("2023-04-13"));
}

#[test]
fn contributors_label_names_the_authors() {
    let m = read(
        r#"<html><body><article><h1>Nine ways to fix a bike</h1>
        <div><strong>Contributors:</strong> Ana Gil</div><p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ana Gil"]);
}

#[test]
fn an_author_box_is_headed_by_the_name() {
    let blurb = "Mira writes about gardens, tools and the weather. ".repeat(5);
    let html = format!(
        r#"<html><body><article><h1>Nine ways to fix a bike</h1><p>Text.</p>
        <div class="post-author-box"><h4>About the author</h4><h5>Mira Holm</h5><p>{blurb}</p></div>
        </article></body></html>"#
    );
    let m = read(&html, &[], None);
    assert_eq!(m.authors, vec!["Mira Holm"]);
    // A box that opens with a blurb names no one.
    let html = html.replace("<h5>Mira Holm</h5>", "");
    assert!(read(&html, &[], None).authors.is_empty());
}

#[test]
fn a_page_whose_class_names_a_writer_is_no_author_box() {
    let blurb = "Text about gardens, tools and the weather. ".repeat(5);
    let html = format!(
        r#"<html><body class="layout writer-theme"><div><p>Garden Notes</p></div>
        <h1>Nine ways to fix a bike</h1><p>{blurb}</p></body></html>"#
    );
    assert!(read(&html, &[], None).authors.is_empty());
}

#[test]
fn far_author_links_count_when_they_name_one_person() {
    let filler: String = (0..150).map(|i| format!("<p>Point {i}.</p>")).collect();
    let credit = r#"<a href="/people/author/ola-berg">Ola Berg</a> <a href="/people/author/ola-berg">More by her</a>"#;
    let html = format!(
        r#"<html><body><h1>Nine ways to fix a bike</h1>{filler}<div>{credit}</div></body></html>"#
    );
    assert_eq!(read(&html, &[], None).authors, vec!["Ola Berg"]);
    // Links to several people far from the headline are teasers.
    let teasers = r#"<a href="/people/author/ivo-lind">Ivo Lind</a>"#;
    let html = html.replace(
        "</body>",
        &format!("{filler}<ul><li>{teasers}</li></ul></body>"),
    );
    assert!(read(&html, &[], None).authors.is_empty());
}

#[test]
fn a_login_name_yields_to_the_byline() {
    let html = r#"<html><head><meta name="author" content="ola.berg"></head><body><article>
        <h1>Nine ways to fix a bike</h1><p class="byline">By Ola Berg</p><p>Text.</p></article></body></html>"#;
    assert_eq!(read(html, &[], None).authors, vec!["Ola Berg"]);
    let html = html.replace("By Ola Berg", "Text");
    assert_eq!(read(&html, &[], None).authors, vec!["ola.berg"]);
}

#[test]
fn an_updates_date_is_not_the_publication_date() {
    let m = read(
        r#"<html><body><article><div>12 May 2022</div><div><span>Last updated:</span> <span>4 June 2024</span></div>
        <h1>Nine ways to fix a bike</h1><p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2022-05-12"));
    // The only date shown is better than none.
    let m = read(
        r#"<html><body><article><h1>Nine ways to fix a bike</h1><p>Updated 4 June 2024</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2024-06-04"));
}

#[test]
fn the_dateline_next_to_the_headline_beats_dates_further_off() {
    // Above the headline, right next to it; the body's dates come later.
    let m = read(
        r#"<html><body><div class="header-article"><div>OCTOBER 13, 2025</div><h1>Biggest tech events</h1></div>
        <p>The year ahead.</p><p>More.</p><h2>1. CES</h2><p><b>Date</b>: January 6-9, 2026</p></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2025-10-13"));
    // A fact-check: the statement's date stands above the headline, the
    // article's own dateline a few lines below it.
    let m = read(
        r#"<html><body><div><p>"Drugs worth $53 million cross every week."</p>
        <p>David McKinley</p><p>on Sunday, October 13th, 2019 in an article</p><p>Rating: false</p></div>
        <h1>What is the value of drugs at the border?</h1><p>By</p><p>Ana Ruiz</p>
        <p>on Monday, November 18th, 2019 at 11:08 a.m.</p><p>Text.</p></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2019-11-18"));
}

#[test]
fn the_sites_clock_is_no_date_of_the_article() {
    let html = r#"<html><body><div class="masthead"><p id="todays-date">Friday, December 19, 2025</p></div>
        <h1>Nine ways to fix a bike</h1><p>Text.</p></body></html>"#;
    assert_eq!(read(html, &[], None).published, None);
    let html = html.replace("todays-date", "dateline");
    assert_eq!(
        read(&html, &[], None).published.as_deref(),
        Some("2025-12-19")
    );
}

#[test]
fn a_date_beside_a_far_byline_is_the_publication_date() {
    let filler: String = (0..150).map(|i| format!("<p>Point {i}.</p>")).collect();
    let html = format!(
        r#"<html><body><h1>Nine ways to fix a bike</h1>{filler}
        <p>Written by Ola Berg</p><p>March 3, 2021</p></body></html>"#
    );
    let m = read(&html, &[], None);
    assert_eq!(m.authors, vec!["Ola Berg"]);
    assert_eq!(m.published.as_deref(), Some("2021-03-03"));
}

#[test]
fn the_byline_adds_co_authors_the_metadata_leaves_out() {
    let m = read(
        r#"<html><head><meta name="author" content="Ola Berg"></head><body><article>
        <h1>Nine ways to fix a bike</h1><p>Written by Dr Ola Berg, Ivo Lind and Kai Moe</p>
        <p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Dr Ola Berg", "Ivo Lind", "Kai Moe"]);
    // A byline that does not name the declared author adds no one.
    let m = read(
        r#"<html><head><meta name="author" content="Ola Berg"></head><body><article>
        <h1>Nine ways to fix a bike</h1><p>By Ivo Lind and Kai Moe</p>
        <p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ola Berg"]);
    // What follows a comma may be an employer, not a co-author.
    let m = read(
        r#"<html><head><meta name="author" content="Ola Berg"></head><body><article>
        <h1>Nine ways to fix a bike</h1><p>By Ola Berg, Cycling Weekly</p>
        <p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ola Berg"]);
}

#[test]
fn co_author_links_may_spell_part_of_the_name() {
    let m = read(
        r#"<html><body><article><h1>Nine ways to fix a bike</h1>
        <a href="/blog/author/olaberg/">Ola Berg</a>, <a href="/blog/author/ivo/">Ivo Lind</a>
        <p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ola Berg", "Ivo Lind"]);
}

#[test]
fn a_reviewers_link_is_not_the_author() {
    let m = read(
        r#"<html><head><meta name="author" content="Ivo Lind"></head><body><article><h1>Nine ways to fix a bike</h1>
        <span>Reviewed by</span> <a href="/team/author/ola-berg/">Ola Berg</a>
        <a href="/team/author/ivo-lind/">Ivo Lind</a><p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ivo Lind"]);
}

#[test]
fn citation_authors_one_per_tag() {
    let m = read(
        r#"<html><head><meta name="citation_authors" content="Berg, Ola">
        <meta name="citation_authors" content="Ivo Lind"></head><body><h1>A study</h1></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, vec!["Ola Berg", "Ivo Lind"]);
}

#[test]
fn a_sidebar_named_after_the_post_is_its_own() {
    let page = |class: &str| {
        format!(
            r#"<html><body><div class="post-body"><h1>Nine ways to fix a bike</h1><p>Text.</p></div>
            <div class="{class}"><h4>Published</h4><div>March 3, 2024</div><p>By Ola Berg</p></div></body></html>"#
        )
    };
    let own = read(&page("single-post-sidebar"), &[], None);
    assert_eq!(own.published.as_deref(), Some("2024-03-03"));
    assert_eq!(own.authors, vec!["Ola Berg"]);
    let site = read(&page("site-sidebar"), &[], None);
    assert_eq!(site.published, None);
    assert!(site.authors.is_empty());
}

#[test]
fn an_authors_label_lists_the_names() {
    for byline in [
        "<p>Author(s): Ola Berg, Ivo Lind</p>",
        "<p>Authors: Ola Berg and Ivo Lind</p>",
        "<p>Author(s):</p><p>Ola Berg, Ivo Lind</p>",
    ] {
        let html = format!(
            "<html><body><article><h1>Nine ways to fix a bike</h1>{byline}<p>Text.</p></article></body></html>"
        );
        assert_eq!(
            read(&html, &[], None).authors,
            vec!["Ola Berg", "Ivo Lind"],
            "{byline}"
        );
    }
}

#[test]
fn json_ld_written_into_a_meta_is_read() {
    let m = read(
        r#"<html><head><meta name="script:ld+json" content="{&quot;@type&quot;:&quot;Article&quot;,&quot;datePublished&quot;:&quot;2025-11-17T09:00:00-05:00&quot;}">
        </head><body><h1>Full EV cars</h1><p>Text.</p></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2025-11-17T09:00:00-05:00"));
}

#[test]
fn a_vendor_prefixed_publication_date_is_read() {
    let html = r#"<html><head><meta name="w-published-date" content="2025-05-27T06:03:43.274Z">
        </head><body><h1>Moving legal work in-house</h1><p>Text.</p></body></html>"#;
    assert_eq!(
        read(html, &[], None).published.as_deref(),
        Some("2025-05-27T06:03:43+00:00")
    );
    // A word that merely ends the same way is no such key.
    let html = html.replace("w-published-date", "unpublished-date");
    assert_eq!(read(&html, &[], None).published, None);
}

#[test]
fn an_organisation_is_no_person_to_prefer_over_a_desk() {
    let html = r#"<html><body><h1>Full EV cars</h1><p class="byline">By Recharged Editorial Team</p>
        <p>Text.</p></body></html>"#;
    let ld = [r#"{"@type":"Article","author":{"@type":"Organization","name":"Recharged"}}"#];
    assert_eq!(
        read(html, &ld, None).authors,
        vec!["Recharged Editorial Team"]
    );
}

#[test]
fn a_magazine_credited_as_creator_is_the_last_resort() {
    let html = r#"<html><head><meta property="og:site_name" content="Mac &amp; i">
        <meta name="DC.creator" content="Mac &amp; i">
        <link rel="author" href="mailto:desk@example.com" title="Kontakt"></head>
        <body><h1>Passwords for the Mac</h1><p>Text.</p></body></html>"#;
    assert_eq!(read(html, &[], None).authors, vec!["Mac & i"]);
}

#[test]
fn a_personal_site_s_owner_is_the_author_of_last_resort() {
    let body = "<body><article><h1>Self-hosting Postgres</h1><p>It is easier than you think.</p></article>";
    let named = |head: &str, foot: &str| {
        read(
            &format!("<html><head>{head}</head>{body}<footer>{foot}</footer></body></html>"),
            &[],
            None,
        )
        .authors
    };
    // The site's name, the tail of the title, the feed's title, the copyright.
    assert_eq!(
        named(r#"<meta property="og:site_name" content="Erin Spain">"#, ""),
        ["Erin Spain"]
    );
    assert_eq!(
        named("<title>Self-hosting Postgres | Pierce Freeman</title>", ""),
        ["Pierce Freeman"]
    );
    assert_eq!(
        named(
            r#"<link rel="alternate" type="application/rss+xml" href="/feed/" title="Colin Watson's blog » Feed">"#,
            ""
        ),
        ["Colin Watson"]
    );
    assert_eq!(
        named(
            "",
            "<p>Copyright 2025 © David Bau. All Rights Reserved.</p>"
        ),
        ["David Bau"]
    );
    // The brand its header links home with.
    let linked_home = |brand: &str| {
        read(
            &format!(
                r#"<html><body><header><a href="/">{brand}</a><a href="/about">About</a></header>{}</body></html>"#,
                &body["<body>".len()..]
            ),
            &[],
            None,
        )
        .authors
    };
    assert_eq!(linked_home("Chris Artman"), ["Chris Artman"]);
    assert!(linked_home("Data Notes").is_empty());
    // A business, a topic, a photo credit: nobody.
    assert!(named(
        r#"<meta property="og:site_name" content="West Bell Dental Care">"#,
        ""
    )
    .is_empty());
    assert!(named("<title>Self-hosting Postgres | Data Notes</title>", "").is_empty());
    assert!(named("", "<p>© Victor Sailer</p>").is_empty());
    // A byline beats the owner.
    let m = read(
        r#"<html><head><meta property="og:site_name" content="Erin Spain"></head><body><article>
        <h1>Twelve projects</h1><p class="byline">By Ann Lee</p><p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.authors, ["Ann Lee"]);
}

#[test]
fn a_name_after_its_portrait_is_the_author() {
    let page = |before_name: &str, far: bool| {
        let filler = if far {
            "<p>More.</p>".repeat(60)
        } else {
            String::new()
        };
        read(
            &format!(
                r#"<html><body><article><h1>Espresso machines under $500</h1>{filler}
                <div>{before_name}</div><p class="name">Anna Christensen</p>
                <p>Licensed Q Arabica grader.</p></article></body></html>"#
            ),
            &[],
            None,
        )
        .authors
    };
    let expected = ["Anna Christensen"];
    // An avatar's class, or an alt that describes a portrait, anywhere.
    assert_eq!(
        page(r#"<img class="avatar" alt="Photo of author">"#, true),
        expected
    );
    assert_eq!(
        page(r#"<img alt="Anna Christensen headshot">"#, true),
        expected
    );
    // An alt that is only the name counts by the headline...
    assert_eq!(page(r#"<img alt="Anna Christensen">"#, false), expected);
    // ...not further down, where a painting is captioned with its painter.
    assert!(page(r#"<img alt="Anna Christensen">"#, true).is_empty());
    // A figure's picture, captioned with a name, shows the story's subject.
    assert!(page(r#"<figure><img alt="Anna Christensen"></figure>"#, false).is_empty());
    // No portrait, no author; nor is a product pictured above its name.
    assert!(page(r#"<img alt="Espresso machine">"#, false).is_empty());
}

#[test]
fn a_credit_label_before_a_linked_name_names_the_author() {
    let m = read(
        &format!(
            r#"<html><head><title>Managing workloads</title></head><body><article><h1>Managing workloads</h1>
        {}<p>Written by <a href="https://example.org/paulogio">Paulinho Giovannini</a></p>
        </article></body></html>"#,
            "<p>Long body text.</p>".repeat(150)
        ),
        &[],
        None,
    );
    assert_eq!(m.authors, ["Paulinho Giovannini"]);
    // The label in capitals, the name in an element of its own.
    let m = read(
        &format!(
            r#"<html><body><article><h1>Managing workloads</h1>{}
        <div><div class="label">WRITTEN BY</div><div class="name">Jack Shepherd</div></div></article></body></html>"#,
            "<p>Long body text.</p>".repeat(150)
        ),
        &[],
        None,
    );
    assert_eq!(m.authors, ["Jack Shepherd"]);
    // Mid-sentence or after a book's title, "written by" credits someone
    // else's work.
    let m = read(
        &format!(
            r#"<html><body><article><h1>Churuli</h1>{}
        <p>Based on a story from <i>Kuttavalikal</i> written by <a href="/wiki/Vinoy_Thomas">Vinoy Thomas</a>.</p>
        <ul><li><i>Kuttavalikal</i> Written by <a href="/wiki/Vinoy_Thomas">Vinoy Thomas</a></li></ul>
        </article></body></html>"#,
            "<p>Long body text.</p>".repeat(150)
        ),
        &[],
        None,
    );
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    // In a table, "Written by" heads a column of other works' writers.
    let m = read(
        &format!(
            r#"<html><body><article><h1>Episodes</h1>{}<table><tr><th>Title</th><th>Written by</th></tr>
        <tr><td>Pilot</td><td>Jane Roe</td></tr></table></article></body></html>"#,
            "<p>Season one.</p>".repeat(150)
        ),
        &[],
        None,
    );
    assert!(m.authors.is_empty(), "{:?}", m.authors);
}

#[test]
fn a_tag_inside_the_byline_block_is_no_author() {
    let m = read(
        r#"<html><body><article><h1>Filing taxes</h1><div class="meta">
        <span class="byline__tag"><a href="/tag/lifestyle">Lifestyle</a></span></div>
        <p>Text.</p></article></body></html>"#,
        &[],
        None,
    );
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    // Nor is it when the byline block itself holds the tag.
    let page = |names: &str| {
        read(
            &format!(
                r#"<html><body><article><h1>Filing taxes</h1><div class="byline">
                <span class="byline__tag"><a href="/tag/lifestyle">Lifestyle</a></span>{names}</div>
                <p>Text.</p></article></body></html>"#
            ),
            &[],
            None,
        )
        .authors
    };
    assert!(page("").is_empty(), "{:?}", page(""));
    assert_eq!(page("<span>Ann Lee</span>"), ["Ann Lee"]);
}

#[test]
fn a_slash_date_is_read_in_the_page_s_order() {
    let page = |lang: &str| {
        read(
            &format!(
                r#"<html lang="{lang}"><body><article><h1>How many wine styles are there?</h1>
                <div class="blog-date"><span>03/10/2023</span></div><p>Text.</p></article></body></html>"#
            ),
            &[],
            None,
        )
        .published
    };
    assert_eq!(page("en-US").as_deref(), Some("2023-03-10"));
    assert_eq!(page("en-GB").as_deref(), Some("2023-10-03"));
    assert_eq!(page("fr").as_deref(), Some("2023-10-03"));
}

#[test]
fn a_page_builder_s_grid_cell_is_no_chrome() {
    let m = read(
        r#"<html><body><div class="span12 widget-span widget-type-blog_content"><div class="post-header">
        <h1>My secret tip for writing a college essay</h1><div class="post-meta"><span class="meta-date">
        <a href="/blog/topic/">May 18, 2023</a></span></div></div><p>Text.</p></div>
        <div class="span4 widget-span widget-type-related_blog_posts"><p>Other post</p><p>June 2, 2023</p></div>
        </body></html>"#,
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2023-05-18"));
}

#[test]
fn a_last_updated_line_anywhere_dates_a_page_that_says_nothing_else() {
    let m = read(
        &format!(
            r#"<html><body><main><h1>Webcams</h1>{}<p style="text-align:right">Last updated: November 13, 2025</p>
            </main></body></html>"#,
            "<p>View the falls from the lodge.</p>".repeat(150)
        ),
        &[],
        None,
    );
    assert_eq!(m.published.as_deref(), Some("2025-11-13"));
}
