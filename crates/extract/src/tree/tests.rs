//! Tree builder tests: the shapes real pages get wrong, and hostile input.

use super::*;
use crate::dom::NodeData;

/// The tree as a compact outline: `tag(children)`, text in quotes,
/// whitespace-only text left out. Built with an explicit stack.
fn outline(dom: &Dom) -> String {
    let mut out = String::new();
    let mut open: Vec<NodeIndex> = Vec::new();
    for i in 1..dom.nodes.len() {
        while open.last().is_some_and(|&o| dom.nodes[o].end <= i) {
            open.pop();
            out.push(')');
        }
        match &dom.nodes[i].data {
            NodeData::Text(_) => {
                let t = dom.text(i).unwrap_or("");
                if !t.trim().is_empty() {
                    out.push_str(&format!("{t:?}"));
                }
            }
            NodeData::Element(e) => {
                out.push_str(&format!("{:?}", e.name).to_lowercase());
                out.push('(');
                open.push(i);
            }
        }
    }
    for _ in open {
        out.push(')');
    }
    out
}

/// The outline of the body only.
fn body(html: &str) -> String {
    let full = outline(&build(html));
    let start = full.find("body(").map_or(0, |i| i + 5);
    full[start..full.len().saturating_sub(2)].to_string()
}

/// Checks the arena's invariants: parents come first, and each subtree is
/// exactly the run of nodes below it.
fn assert_well_formed(dom: &Dom) {
    let n = dom.nodes.len();
    let mut depth = vec![0usize; n];
    for i in 1..n {
        let p = dom.nodes[i].parent;
        assert!(p < i, "node {i} has parent {p}");
        depth[i] = depth[p] + 1;
    }
    for i in 0..n {
        let expected = (i + 1..n).find(|&j| depth[j] <= depth[i]).unwrap_or(n);
        assert_eq!(dom.nodes[i].end, expected, "end of node {i}");
    }
}

#[test]
fn implied_html_head_and_body() {
    let dom = build("<title>T</title><meta name=a content=b><p>Text");
    assert_eq!(
        outline(&dom),
        r#"html(head(title("T")meta())body(p("Text")))"#
    );
    assert_well_formed(&dom);
    let dom = build("Just text");
    assert_eq!(outline(&dom), r#"html(head()body("Just text"))"#);
}

#[test]
fn unclosed_paragraphs_list_items_and_cells() {
    assert_eq!(
        body("<p>one<p>two<div>three</div>"),
        r#"p("one")p("two")div("three")"#
    );
    assert_eq!(
        body("<ul><li>a<li>b<ul><li>c<li>d</ul><li>e</ul>"),
        r#"ul(li("a")li("b"ul(li("c")li("d")))li("e"))"#
    );
    assert_eq!(
        body("<table><tr><td>a<td>b<tr><td>c</table>after"),
        r#"table(tr(td("a")td("b"))tr(td("c")))"after""#
    );
    assert_eq!(
        body("<dl><dt>t<dd>d<dt>u</dl>"),
        r#"dl(dt("t")dd("d")dt("u"))"#
    );
    assert_eq!(
        body("<select><option>a<option>b</select>"),
        r#"select(option("a")option("b"))"#
    );
    assert_eq!(body("<h1>a<h2>b</h2>c"), r#"h1("a")h2("b")"c""#);
}

#[test]
fn table_inside_paragraph_closes_it() {
    assert_eq!(
        body("<p>intro<table><tr><td>cell</td></tr></table>rest</p>"),
        r#"p("intro")table(tr(td("cell")))"rest""#
    );
}

#[test]
fn stray_and_misnested_end_tags() {
    // Nothing to close: ignored.
    assert_eq!(body("a</div></span>b"), r#""ab""#);
    // An inline end tag does not close a block.
    assert_eq!(body("<div><span>a</div>b</span>"), r#"div(span("a"))"b""#);
    // A block end tag closes what was opened inside it.
    assert_eq!(body("<div><b><i>a</div>b"), r#"div(b(i("a")))"b""#);
    // But not across a table cell.
    assert_eq!(
        body("<div><table><tr><td>x</div>y</td></tr></table>z</div>"),
        r#"div(table(tr(td("xy")))"z")"#
    );
    // `</body>` and `</html>` do not end the body.
    assert_eq!(body("<p>a</p></body></html><p>b"), r#"p("a")p("b")"#);
    // `</br>` is a line break.
    assert_eq!(body("a</br>b"), r#""a"br()"b""#);
    // `</p>` with no paragraph open is ignored.
    assert_eq!(body("a</p>b"), r#""ab""#);
}

#[test]
fn formatting_elements_end_where_a_block_starts() {
    // A new link closes an unclosed one; the block stays, outside the link.
    assert_eq!(
        body("<li><a href=1>x<div><a href=2>y</a></div></li>"),
        r#"li(a("x")div(a("y")))"#
    );
    assert_eq!(body("<p><b>bold</p>after"), r#"p(b("bold"))"after""#);
    assert_eq!(body("<b>x<p>y</b>z</p>"), r#"b("x")p("yz")"#);
    let dom = build("<b>x<p>y</b>z</p>");
    assert_well_formed(&dom);
}

#[test]
fn void_elements_take_no_children() {
    assert_eq!(
        body("<p>a<br>b<img src=x>c<hr>d"),
        r#"p("a"br()"b"img()"c")hr()"d""#
    );
    assert_eq!(body("<div/>text"), r#"div("text")"#);
}

#[test]
fn entities_in_text_and_attributes() {
    let dom = build(
        r#"<body><a href="/a?x=1&amp;y=2&copy=3" class="Big&#x20;Box" title='&quot;q&quot;'>Tom &amp; Jerry &mdash; &#8220;x&#8221; &zzz; &notit; &lt;tag&gt;&nbsp;</a>"#,
    );
    let a = (0..dom.nodes.len())
        .find(|&i| dom.name(i) == Some(Name::A))
        .expect("a link");
    assert_eq!(dom.attr(a, AttrName::Href), Some("/a?x=1&y=2&copy=3"));
    assert_eq!(dom.attr(a, AttrName::Title), Some("\"q\""));
    assert_eq!(dom.class_id(a), "big box");
    assert_eq!(
        dom.text(a + 1),
        Some("Tom & Jerry — “x” &zzz; ¬it; <tag>\u{a0}")
    );
}

#[test]
fn repeated_attributes_keep_the_first() {
    let dom = build(r#"<a href="/one" HREF="/two" Class=A class=B id=C>x</a>"#);
    let a = (0..dom.nodes.len())
        .find(|&i| dom.name(i) == Some(Name::A))
        .expect("a link");
    assert_eq!(dom.attr(a, AttrName::Href), Some("/one"));
    assert_eq!(dom.class_id(a), "a c");
}

#[test]
fn hidden_elements_are_marked() {
    let dom = build(
        r#"<div hidden>a</div><div aria-hidden="TRUE">b</div><div style="color:red; DISPLAY : none">c</div><div style="visibility: visible">d</div>"#,
    );
    let hidden: Vec<bool> = (0..dom.nodes.len())
        .filter(|&i| dom.name(i) == Some(Name::Div))
        .filter_map(|i| dom.element(i).map(|e| e.hidden))
        .collect();
    assert_eq!(hidden, vec![true, true, true, false]);
}

#[test]
fn comments_cdata_and_doctype_are_skipped() {
    assert_eq!(
        body("<!DOCTYPE html>a<!-- <p>no</p> -->b<![CDATA[x]]>c<?php echo 1 ?>d<!---->e<!-->f"),
        r#""abcdef""#
    );
    assert_eq!(body("a<!-- unterminated <p>no"), r#""a""#);
}

#[test]
fn raw_text_elements() {
    let dom = build(
        "<title>A &amp; <b>B</b></title><body><textarea>\n<p>x</p></textarea><xmp><i>y</i></xmp>",
    );
    assert_eq!(
        outline(&dom),
        r#"html(head(title("A & <b>B</b>"))body(textarea("<p>x</p>")xmp("<i>y</i>")))"#
    );
    // Scripts and styles the prescan left (self-closing syntax) are skipped.
    assert_eq!(
        body("a<script/>if (x<y) {}</script>b<style>p{}</style>c"),
        r#""abc""#
    );
    // An unclosed title does not swallow the page.
    assert_eq!(body("<p>a<title>x<p>b"), r#"p("a"title()"x")p("b")"#);
}

#[test]
fn pre_drops_its_first_newline_and_line_breaks_are_normalised() {
    assert_eq!(
        body("<pre>\nline1\r\nline2\rline3</pre>"),
        "pre(\"line1\\nline2\\nline3\")"
    );
}

#[test]
fn text_split_by_comments_is_one_node() {
    let dom = build("<p>one <!-- x --> two</p>");
    let texts = (0..dom.nodes.len())
        .filter(|&i| dom.text(i).is_some())
        .count();
    assert_eq!(texts, 1);
}

#[test]
fn deep_nesting_is_bounded() {
    let n = 100_000;
    let html = format!("{}<p>deep</p>{}", "<div>".repeat(n), "</div>".repeat(n));
    let dom = build(&html);
    assert_well_formed(&dom);
    assert!(dom.warnings().iter().any(|w| w.contains("flattened")));
    let deep = (0..dom.nodes.len())
        .find(|&i| dom.text(i) == Some("deep"))
        .expect("the text survives");
    let mut depth = 0;
    let mut at = deep;
    while dom.nodes[at].parent != at {
        at = dom.nodes[at].parent;
        depth += 1;
    }
    assert!(depth <= MAX_DEPTH + 1, "depth {depth}");
    // Unclosed inline elements too.
    let dom = build(&"<span>x".repeat(n));
    assert_well_formed(&dom);
}

#[test]
fn decoded_replacement_characters_are_plain_text() {
    // Invalid UTF-8 is decoded upstream (charset.rs) to U+FFFD.
    let page = crate::charset::decode(b"<p>caf\xe9 \xff\xfe ok</p>", None).text;
    let dom = build(&page);
    assert!(outline(&dom).contains("ok"));
}

#[test]
fn truncated_and_hostile_input_does_not_panic() {
    let page = r#"<!DOCTYPE html><html lang="en"><head><title>T &amp; U</title><meta property="og:title" content="x"></head><body class="a"><div id=main><p>Hello <a href='/x?a=1&b=2'>link</a> &eacute;t&eacute; <b><i>nested</b></i></p><table><tr><td>1<td>2</table><pre>
code</pre><ul><li>one<li>two</ul><textarea>t</textarea></div></body></html>"#;
    for cut in 0..=page.len() {
        if let Some(prefix) = page.get(..cut) {
            assert_well_formed(&build(prefix));
        }
    }
    for hostile in [
        "<",
        "</",
        "<a",
        "<a href",
        "<a href=",
        "<a href='",
        "<a b c d e=f g='h",
        "<!",
        "<!-",
        "<!--",
        "<?",
        "</>",
        "</ x>",
        "<\u{0}>",
        "<a\u{0}b>x</a\u{0}b>",
        "&",
        "&#",
        "&#x",
        "&#xFFFFFFFF;",
        "&#0;",
        "<p\u{e9}>x",
        "<title>",
        "<textarea>",
        "<plaintext>a<b>",
        "<table><td>x",
        "</table></tr></td>",
        "<frameset><frame>",
        "<html><html><body><body>",
        "<a><a><a><a>",
        "<svg><p>",
        "\u{0}\r\n\r",
    ] {
        assert_well_formed(&build(hostile));
    }
}
