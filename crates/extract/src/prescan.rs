//! Prescan: a fast byte-level pass over the page before the HTML parser sees it.
//!
//! It does three things, all to make the rest of the pipeline cheaper and safer:
//! - removes scripts, styles, comments, `<noscript>`, `<template>`, `<svg>` and
//!   `<iframe>` contents, which often make up half of a news page's bytes and
//!   never hold the article text;
//! - removes well-formed `<nav>` menus (a fifth of a typical page's markup);
//! - keeps the contents of `<script type="application/ld+json">` aside for the
//!   metadata reader;
//! - bounds nesting: start tags deeper than [`MAX_DEPTH`] (and their end tags)
//!   are dropped, so pathological pages (100,000 nested `<div>`s) cost linear
//!   time in the parser and in every later pass.
//!
//! The scan is approximate HTML tokenisation (it does not build a tree), tuned to
//! fail safe: when unsure, text is kept.

/// The deepest element nesting passed on to the parser.
pub const MAX_DEPTH: usize = 400;

/// The page after the prescan.
#[derive(Debug, Default)]
pub struct Prescanned {
    /// The page without scripts, styles and comments.
    pub html: String,
    /// The raw contents of each JSON-LD script, in page order.
    pub json_ld: Vec<String>,
    /// What was cut or bounded on the way.
    pub warnings: Vec<String>,
}

/// Elements whose whole content is dropped.
fn is_dropped(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"noscript" | b"template" | b"svg" | b"iframe" | b"object" | b"math"
    )
}

/// Elements whose content is text (RCDATA in the HTML standard): no tag
/// inside them is one.
fn is_text_only(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"title") || name.eq_ignore_ascii_case(b"textarea")
}

/// Elements that never have content or end tags, or whose end tags are
/// optional: they do not count towards nesting depth.
fn skips_depth(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rp"
            | b"rt"
            | b"html"
            | b"head"
            | b"body"
            | b"basefont"
            | b"frame"
            | b"keygen"
    )
}

/// Runs the prescan over a decoded page.
pub fn prescan(page: &str) -> Prescanned {
    let bytes = page.as_bytes();
    let mut out = Prescanned {
        html: String::with_capacity(page.len() / 2),
        ..Default::default()
    };
    let mut depth = 0usize;
    let mut dropped_depth = 0usize;
    let mut flattened = false;
    let mut copied_to = 0usize;
    let mut at = 0usize;
    while let Some(rel) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + rel;
        let tag = read_tag(bytes, lt);
        let Some(tag) = tag else {
            at = lt + 1;
            continue;
        };
        match tag.kind {
            TagKind::Comment | TagKind::Other => {
                out.html.push_str(&page[copied_to..lt]);
                copied_to = tag.end;
                at = tag.end;
            }
            TagKind::Start if is_dropped(tag.name.as_bytes()) && !tag.self_closing => {
                out.html.push_str(&page[copied_to..lt]);
                let close = find_end_tag(bytes, tag.end, tag.name.as_bytes());
                if tag.name.as_bytes() == b"script" && is_json_ld(&page[lt..tag.end]) {
                    let body = &page[tag.end..close.0];
                    if out.json_ld.len() < 64 && body.len() < 4 * 1024 * 1024 {
                        out.json_ld.push(body.to_string());
                    }
                }
                copied_to = close.1;
                at = close.1;
            }
            TagKind::Start if is_text_only(tag.name.as_bytes()) && !tag.self_closing => {
                // Its content is text, whatever it looks like: `<title>The
                // <script> tag</title>` names a tag, it does not open one.
                // Unclosed, what follows is read as markup (as the parser does).
                let close = find_end_tag(bytes, tag.end, tag.name.as_bytes());
                at = if close.0 < bytes.len() {
                    close.1
                } else {
                    tag.end
                };
            }
            TagKind::Start if tag.name.as_bytes() == b"nav" && !tag.self_closing => {
                // Menus never hold the article; dropping a well-formed one here
                // saves the parser a fifth of a typical page. An unclosed or
                // page-sized `<nav>` is left to the body extractor's guards.
                let close = find_end_tag(bytes, tag.end, b"nav");
                let inner = &bytes[tag.end..close.0];
                let closed = close.0 < bytes.len();
                if closed
                    && inner.len() * 4 < bytes.len()
                    && memchr::memmem::find(inner, b"<nav").is_none()
                {
                    out.html.push_str(&page[copied_to..lt]);
                    copied_to = close.1;
                    at = close.1;
                } else {
                    depth += 1;
                    at = tag.end;
                }
            }
            TagKind::Start => {
                let counts = !tag.self_closing && !skips_depth(tag.name.as_bytes());
                if counts && depth >= MAX_DEPTH {
                    out.html.push_str(&page[copied_to..lt]);
                    copied_to = tag.end;
                    dropped_depth += 1;
                    flattened = true;
                } else if counts {
                    depth += 1;
                }
                at = tag.end;
            }
            TagKind::End => {
                let counts = !skips_depth(tag.name.as_bytes());
                if counts && dropped_depth > 0 {
                    out.html.push_str(&page[copied_to..lt]);
                    copied_to = tag.end;
                    dropped_depth -= 1;
                } else if counts {
                    depth = depth.saturating_sub(1);
                }
                at = tag.end;
            }
        }
    }
    out.html.push_str(&page[copied_to..]);
    if flattened {
        out.warnings.push(format!(
            "markup nested deeper than {MAX_DEPTH} levels was flattened"
        ));
    }
    out
}

#[derive(Debug, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
    Comment,
    /// `<!doctype>`, `<?xml ?>`, CDATA: dropped.
    Other,
}

/// The longest element name kept, in bytes.
const NAME_CAP: usize = 12;

/// A short, lower-cased ASCII element name, kept without allocating (the
/// prescan reads every tag of the page).
#[derive(Default, Clone, Copy)]
struct TagName {
    bytes: [u8; NAME_CAP],
    len: u8,
}

impl TagName {
    fn new(raw: &[u8]) -> TagName {
        let mut name = TagName::default();
        if raw.len() > NAME_CAP || !raw.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
            return name;
        }
        for (slot, b) in name.bytes.iter_mut().zip(raw) {
            *slot = b.to_ascii_lowercase();
        }
        name.len = raw.len() as u8;
        name
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

struct Tag {
    kind: TagKind,
    /// Lower-cased element name (empty for names longer than [`NAME_CAP`]
    /// bytes: none of the elements the prescan cares about is that long).
    name: TagName,
    self_closing: bool,
    /// Byte offset just past the tag.
    end: usize,
}

/// Reads the tag that starts at `lt` (a `<`), or `None` if this `<` is text.
fn read_tag(bytes: &[u8], lt: usize) -> Option<Tag> {
    let next = *bytes.get(lt + 1)?;
    if next == b'!' {
        if bytes[lt..].starts_with(b"<!--") {
            let end = memchr::memmem::find(&bytes[lt + 4..], b"-->")
                .map_or(bytes.len(), |p| lt + 4 + p + 3);
            return Some(Tag {
                kind: TagKind::Comment,
                name: TagName::default(),
                self_closing: false,
                end,
            });
        }
        let end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |p| lt + p + 1);
        let is_doctype =
            bytes[lt..].len() > 9 && bytes[lt + 2..lt + 9].eq_ignore_ascii_case(b"doctype");
        // Keep the doctype (it decides quirks mode); drop CDATA and other declarations.
        if is_doctype {
            return Some(Tag {
                kind: TagKind::Start,
                name: TagName::default(),
                self_closing: true,
                end,
            });
        }
        return Some(Tag {
            kind: TagKind::Other,
            name: TagName::default(),
            self_closing: false,
            end,
        });
    }
    if next == b'?' {
        let end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |p| lt + p + 1);
        return Some(Tag {
            kind: TagKind::Other,
            name: TagName::default(),
            self_closing: false,
            end,
        });
    }
    let (kind, name_start) = if next == b'/' {
        (TagKind::End, lt + 2)
    } else {
        (TagKind::Start, lt + 1)
    };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = bytes[name_start..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .map_or(bytes.len(), |p| name_start + p);
    let name = TagName::new(&bytes[name_start..name_end]);
    let end = tag_end(bytes, name_end);
    let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
    Some(Tag {
        kind,
        name,
        self_closing,
        end,
    })
}

/// How far past the tag's start an open quote is followed before it is taken
/// for a runaway and given up.
const MAX_QUOTED: usize = 64 * 1024;

/// Finds the `>` that closes a tag, skipping quoted attribute values. Jumps
/// from one `>` or quote to the next (memchr) rather than reading every byte.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let len = bytes.len();
    let mut i = from;
    while let Some(rel) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) {
        let at = i + rel;
        if bytes[at] == b'>' {
            return at + 1;
        }
        // Only a quote right after `=` (and spaces) opens a value.
        let before = bytes[from..at]
            .iter()
            .rev()
            .find(|c| !c.is_ascii_whitespace());
        if before != Some(&b'=') {
            i = at + 1;
            continue;
        }
        // A runaway quote is given up once the scan is this far past the tag's
        // start, and the scan goes on after that point.
        let give_up = (from + MAX_QUOTED + 1).max(at);
        if give_up == at {
            i = at + 1;
            continue;
        }
        let close = memchr::memchr(bytes[at], &bytes[at + 1..]).map(|p| at + 1 + p);
        i = match close {
            Some(c) if c <= give_up => c + 1,
            _ => give_up + 1,
        };
        if i >= len {
            break;
        }
    }
    len
}

/// Finds `</name ...>` from `from`: returns (start of the end tag, offset past it).
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let mut at = from;
    while let Some(rel) = memchr::memmem::find(&bytes[at..], b"</") {
        let lt = at + rel;
        let start = lt + 2;
        let end = start + name.len();
        if end <= bytes.len() && bytes[start..end].eq_ignore_ascii_case(name) {
            let after = bytes.get(end).copied();
            if matches!(
                after,
                None | Some(b'>') | Some(b' ' | b'\t' | b'\n' | b'\r' | b'/')
            ) {
                let close =
                    memchr::memchr(b'>', &bytes[end..]).map_or(bytes.len(), |p| end + p + 1);
                return (lt, close);
            }
        }
        at = lt + 2;
    }
    (bytes.len(), bytes.len())
}

fn is_json_ld(start_tag: &str) -> bool {
    let lower = start_tag.to_ascii_lowercase();
    lower.contains("ld+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_styles_comments_keeps_json_ld() {
        let page = r#"<html><head><style>p{}</style><script>if (a<b) {document.write("</p>")}</script>
<script type="application/ld+json">{"headline":"H"}</script></head>
<body><!-- a <p>comment</p> --><p title="x>y">Text <b>bold</b></p><noscript><p>no</p></noscript></body></html>"#;
        let out = prescan(page);
        assert_eq!(out.json_ld, vec![r#"{"headline":"H"}"#.to_string()]);
        assert!(
            out.html.contains(r#"<p title="x>y">Text <b>bold</b></p>"#),
            "{}",
            out.html
        );
        assert!(!out.html.contains("comment"));
        assert!(!out.html.contains("document.write"));
        assert!(!out.html.contains("no</p>"));
        assert!(!out.html.contains("p{}"));
    }

    #[test]
    fn a_title_naming_a_dropped_element_is_text() {
        for name in ["script", "svg", "math", "style", "noscript", "template"] {
            let page = format!(
                "<html><head><title>The <{name}> tag</title><textarea><{name}></textarea></head>\
                 <body><p>The body survives.</p></body></html>"
            );
            let out = prescan(&page);
            assert!(
                out.html
                    .contains(&format!("<title>The <{name}> tag</title>")),
                "{}",
                out.html
            );
            assert!(out.html.contains("The body survives."), "{}", out.html);
        }
        // An unclosed title does not swallow the page either.
        let out = prescan("<title>Open <p>Body text.</p>");
        assert!(out.html.contains("Body text."), "{}", out.html);
    }

    #[test]
    fn bounds_nesting() {
        let n = 100_000;
        let page = format!(
            "<html><body>{}<p>deep</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let out = prescan(&page);
        assert_eq!(out.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.html.matches("</div>").count(), MAX_DEPTH);
        assert!(out.html.contains("<p>deep</p>"));
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn unterminated_constructs_do_not_panic() {
        for page in [
            "<",
            "<!--",
            "<script>",
            "<a href='",
            "</",
            "<!",
            "<?",
            "<svg><svg>",
            "<div\u{0}>é<",
        ] {
            let _ = prescan(page);
        }
        assert_eq!(prescan("a < b and c<d").html, "a < b and c<d");
    }

    #[test]
    fn tag_ends_skip_quoted_values_only() {
        let end = |s: &str| tag_end(s.as_bytes(), 0);
        assert_eq!(end(r#"a title="x>y" b>rest"#), 16);
        assert_eq!(end(r#"a title = 'x>y'>rest"#), 16);
        // A quote not after `=` is text, not a value.
        assert_eq!(end(r#"a it"s>rest"#), 7);
        assert_eq!(end(r#"a b="unclosed"#), 13);
        // A runaway quote is given up 64 KiB on.
        let long = format!("a b=\"{}>tail", "x".repeat(70_000));
        assert_eq!(end(&long), 70_006);
    }
}
