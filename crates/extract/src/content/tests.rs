//! Tests of the body extractor's passes.

use super::score::{class_signals, looks_like_chrome};
use super::*;
use crate::BlockKind;

#[test]
fn every_html_page_gets_a_page_type_and_structural_mode_is_untouched() {
    let story: String = (1..=4)
        .map(|n| {
            format!(
                "<p>The council voted on Tuesday, in its meeting number {n}, to extend \
                 the tram line to the harbour, after hearings, a public inquiry and \
                 revised budgets, the mayor said.</p>"
            )
        })
        .collect();
    let html = format!(
        "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
         <article>{story}</article><footer>Contact us</footer></body></html>"
    );
    let dom = Dom::parse(&html);
    let gated = extract_body(&dom, &mut Trace::off(), BodyHints::default());
    let kind = gated.page_type.expect("a page type");
    assert!(blocks::PAGE_TYPES.contains(&kind));
    let structural = extract_body_with(
        &dom,
        &mut Trace::off(),
        BodyHints::default(),
        BlockReader {
            mode: BlockMode::Structural,
            pages: None,
            ..BlockReader::default()
        },
    );
    assert_eq!(structural.page_type, None);
    assert_eq!(structural.blocks.len(), 4);
    assert!(structural
        .blocks
        .iter()
        .all(|b| b.text.starts_with("The council")));
}

fn body_of(html: &str, title: Option<&str>) -> Body {
    let dom = Dom::parse(html);
    extract_body(
        &dom,
        &mut Trace::off(),
        BodyHints {
            title,
            ..BodyHints::default()
        },
    )
}

fn prose(n: usize, topic: &str) -> String {
    (0..n).map(|i| format!("<p>Paragraph {i} about {topic}, with enough words, commas, and detail to read like real reporting from the scene.</p>")).collect()
}

#[test]
fn finds_the_article_among_chrome() {
    let html = format!(
        r##"<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="sidebar"><p>Popular: something else entirely, with commas, and more words here.</p></div>
        <div class="article-body"><h1>The Title</h1><p>By Jane Roe</p>{}<ul class="share"><li><a href="#">Share on Facebook</a></li></ul>
        <h2>A subheading</h2>{}</div>
        <div class="related"><a href="/x">Another story about the budget vote this week</a></div>
        <footer><p>Copyright 2024 Example News, all rights reserved, and more text.</p></footer></body></html>"##,
        prose(4, "the budget"),
        prose(2, "the vote")
    );
    let body = body_of(&html, Some("The Title"));
    let kinds: Vec<BlockKind> = body.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds.len(), 7, "{:#?}", body.blocks);
    assert_eq!(kinds[4], BlockKind::Heading);
    assert!(body.blocks.iter().all(|b| !b.text.contains("Share")
        && !b.text.contains("Popular")
        && !b.text.contains("Copyright")));
    assert_eq!(body.related.len(), 1);
    assert_eq!(body.related[0].url.as_deref(), Some("/x"));
}

#[test]
fn loose_text_beside_a_link_heavy_column_is_the_article() {
    // A municipal news page: the story is bare text in a column, beside
    // an archive of hundreds of links, above an address footer.
    let archive: String = (0..120)
        .map(|i| format!(r#"<li><a href="/news?m={i}">Month {i} <span>({i})</span></a></li>"#))
        .collect();
    let story = "The home-care team of the Friendship district found this morning that two of \
        its five cars had been broken into. The vehicles were left without their batteries and \
        with signs of vandalism. A police report was filed, and officers came to inspect the \
        damage. Patients booked for this morning are being rescheduled.";
    let html = format!(
        r#"<html><body><div class="container"><div class="row"><div class="col-md-3"><ul>{archive}</ul></div>
        <div class="col-md-9"><p class="title">Home-care cars broken into</p><small><b>05/10/2018</b></small>
        <br><br><img src="/a.jpg">{story}<br><br><br></div></div></div>
        <div class="footer"><div>City Hall - Walter Street, 1111 - Phone: (047) 2106-8000, open on weekdays</div></div>
        </body></html>"#
    );
    let body = body_of(&html, Some("Home-care cars broken into"));
    let text: Vec<&str> = body.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(
        text.iter().any(|t| t.starts_with("The home-care team")),
        "{text:#?}"
    );
    assert!(!text.iter().any(|t| t.contains("City Hall")), "{text:#?}");
}

#[test]
fn excerpts_after_a_related_label_are_not_the_article() {
    let excerpt = |topic: &str| {
        format!("<p>Another piece on {topic}, with its opening lines shown as a teaser, cut off where the reader must click to go on …</p>")
    };
    let html = format!(
        "<html><body><article>{}<h3>You may also like...</h3>{}{}</article></body></html>",
        prose(4, "love"),
        excerpt("hope"),
        excerpt("family")
    );
    let body = body_of(&html, None);
    assert_eq!(body.blocks.len(), 4, "{:#?}", body.blocks);
    // Without the label, such paragraphs stay: the rule needs both.
    let html = html.replace("<h3>You may also like...</h3>", "");
    assert_eq!(body_of(&html, None).blocks.len(), 6);
    // Linked headlines after the label are teasers too.
    let html = format!(
        "<html><body><article>{}<p><strong>DON'T MISS</strong></p>\
         <p><a href=\"/a\">China furious at Macron over protest jibe</a> [INSIGHT]<br>\
         <a href=\"/b\">League makes final decision on game amid turmoil</a> [VIDEO]</p>{}</article></body></html>",
        prose(3, "the protests"),
        prose(2, "the talks")
    );
    let text: Vec<String> = body_of(&html, None)
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect();
    assert_eq!(text.len(), 5, "{text:#?}");
    assert!(!text.iter().any(|t| t.contains("Macron")), "{text:#?}");
}

#[test]
fn a_section_opened_by_a_related_label_is_not_the_article() {
    // Whole teasers, not cut off, in a section of their own whose
    // class says nothing.
    let html = format!(
        "<html><body><div id=\"primary\"><article><h1>On love</h1>{}</article>\
         <article class=\"postbox\"><h3>Você pode gostar...</h3>\
         <article>{}</article><article>{}</article><article>{}</article></article></div></body></html>",
        prose(1, "love"),
        prose(1, "hope"),
        prose(1, "family"),
        prose(1, "faith")
    );
    let text = |html: &str| -> String {
        let blocks = body_of(html, None).blocks;
        blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let body = text(&html);
    assert!(body.contains("love") && !body.contains("hope"), "{body}");
    // Without the label, or with it further down, the same section
    // is the article's.
    let unlabelled = html.replace("Você pode gostar...", "Nossa família");
    assert!(text(&unlabelled).contains("hope"), "{}", text(&unlabelled));
    let further_down = html.replace(
        "<h3>Você pode gostar...</h3>",
        &format!("{}<h3>Você pode gostar...</h3>", prose(1, "trust")),
    );
    assert!(
        text(&further_down).contains("trust"),
        "{}",
        text(&further_down)
    );
}

#[test]
fn an_embedded_post_is_part_of_the_story() {
    let page = |quote_class: &str| {
        let html = format!(
            "<html><body><article>{}<div class=\"social-media-embed\"><blockquote class=\"{quote_class}\">\
             <p>The slogan is real and cost the state half a million dollars</p>\
             — A reader (@reader) <a href=\"https://x.example/1\">November 18, 2019</a></blockquote></div>{}</article></body></html>",
            prose(3, "the campaign"),
            prose(3, "the reaction")
        );
        let blocks = body_of(&html, None).blocks;
        blocks.iter().any(|b| b.text.contains("half a million"))
    };
    assert!(page("twitter-tweet"));
    // A plain quotation in a social box is still the box's.
    assert!(!page("note"));
}

#[test]
fn captions_and_author_bios_are_chrome_whatever_their_class_says_first() {
    for class in ["newsCaption", "imageCaption", "wp-caption-text"] {
        assert!(class_signals(&class.to_lowercase()).chrome, "{class}");
    }
    assert!(!class_signals("newscontent").chrome);
    // An author's bio, whatever it sits inside.
    for class in ["entry-author-bio", "post-author-bio"] {
        assert!(
            looks_like_chrome(class_signals(class), class, None),
            "{class}"
        );
    }
    assert!(!looks_like_chrome(
        class_signals("entry-content"),
        "entry-content",
        None
    ));
    let html = format!(
        "<html><body><article>{}<div><img src=\"a.jpg\"><span class=\"newsCaption\">Protesters wore masks</span></div>{}</article></body></html>",
        prose(3, "the protests"),
        prose(3, "the talks")
    );
    let body = body_of(&html, None);
    assert!(
        !body.blocks.iter().any(|b| b.text.contains("masks")),
        "{:#?}",
        body.blocks
    );
}

#[test]
fn the_headline_and_dateline_above_the_story_are_not_its_text() {
    let html = format!(
        "<html><body><article><p class=\"titulo\">Atendimento registra arrombamento</p>\
         <p>05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: sad arrombamento veiculo</p>{}</article></body></html>",
        prose(3, "o caso")
    );
    let text: Vec<String> = body_of(&html, Some("Atendimento registra arrombamento"))
        .blocks
        .into_iter()
        .map(|b| b.text)
        .collect();
    assert_eq!(text.len(), 3, "{text:#?}");
    assert!(text[0].starts_with("Paragraph 0"), "{text:#?}");
    // So is the site's name, a masthead set above the story.
    let html = format!(
        "<html><body><article><p>The GiveWell Blog</p>{}</article></body></html>",
        prose(3, "the thread")
    );
    let hints = BodyHints {
        site_name: Some("The GiveWell Blog"),
        ..BodyHints::default()
    };
    let blocks = extract_body(&Dom::parse(&html), &mut Trace::off(), hints).blocks;
    assert_eq!(blocks.len(), 3, "{blocks:#?}");
}

#[test]
fn the_part_behind_a_paywall_class_is_still_the_article() {
    // Publishers mark the gated part of a story they still send whole.
    let html = format!(
        r#"<html><body><article>{}<div class="paywall">{}</div>
        <div class="paywall-prompt"><p>Subscribe to continue reading.</p></div></article>
        <div class="related"><a href="/x">Another story</a></div></body></html>"#,
        prose(4, "earnings"),
        prose(2, "guidance")
    );
    let body = body_of(&html, None);
    // Its prompt is still a promo line.
    assert_eq!(body.blocks.len(), 6, "{:#?}", body.blocks);
}

#[test]
fn lists_quotes_tables_and_code_keep_their_kind() {
    let html = format!(
        "<html><body><article>{}<ul><li>First point of the list</li><li>Second point</li></ul><blockquote><p>A quoted passage.</p></blockquote><table><tr><th>Year</th><th>Votes</th></tr><tr><td>2023</td><td>41</td></tr></table><pre>let x = 1;\nlet y = 2;</pre>{}</article></body></html>",
        prose(3, "lists"),
        prose(1, "the end")
    );
    let body = body_of(&html, None);
    let find = |k: BlockKind| {
        body.blocks
            .iter()
            .filter(|b| b.kind == k)
            .map(|b| b.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find(BlockKind::ListItem),
        vec!["First point of the list", "Second point"]
    );
    assert_eq!(find(BlockKind::Quote), vec!["A quoted passage."]);
    assert_eq!(find(BlockKind::Table), vec!["Year | Votes\n2023 | 41"]);
    assert_eq!(find(BlockKind::Code), vec!["let x = 1;\nlet y = 2;"]);
}

#[test]
fn text_split_by_breaks_in_a_div() {
    let html = "<html><body><div id=main>First paragraph of the story, told with commas, clauses, and detail.<br><br>Second paragraph continues the story, with more commas, and more detail.<br>Third line, also with text, enough to count.</div></body></html>";
    let body = body_of(html, None);
    assert_eq!(body.blocks.len(), 3, "{:#?}", body.blocks);
}

#[test]
fn empty_and_textless_pages() {
    assert!(body_of("", None).blocks.is_empty());
    assert!(body_of("<html><body><img src=x></body></html>", None)
        .blocks
        .is_empty());
}
