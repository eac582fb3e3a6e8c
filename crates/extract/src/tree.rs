//! The HTML tokenizer and a small, forgiving tree builder that fill the
//! [`Dom`] arena directly.
//!
//! Why not a spec-complete parser: the extractor needs the page's text, its
//! block structure and a few attributes, not a browser's DOM. A full HTML5
//! tree builder (html5ever) spent a third of the extraction time on each page
//! building a tree that was then copied into our arena. This one reads the
//! page once, keeps only what later passes read, and follows the standard
//! where it changes which text lands in which block:
//!
//! - `<html>`, `<head>` and `<body>` are implied when missing; `<head>`
//!   elements (`<meta>`, `<title>`, `<link>`...) before the body go into the
//!   head, anything else opens the body;
//! - void elements (`<br>`, `<img>`, `<meta>`...) never take children;
//! - a new `<p>`, `<li>`, `<dd>`/`<dt>`, `<td>`/`<th>`, `<tr>`, `<option>` or
//!   heading closes the open one it cannot nest in, and block starts
//!   (`<div>`, `<ul>`, `<table>`...) close an open `<p>`;
//! - an end tag closes the nearest open element of its name, with everything
//!   opened inside it, but not across a table cell or table (the standard's
//!   "scope"), and an inline end tag (`</b>`, `</span>`) never closes a block;
//!   end tags with nothing to close are ignored, and so are `</body>` and
//!   `</html>` (text after them still belongs to the body);
//! - a new `<a>` closes an open one;
//! - entities are decoded in text and attribute values (the full standard
//!   table, through `htmlize`), line breaks are normalised to `\n`, and the
//!   newline right after `<pre>` is dropped;
//! - `<title>` and `<textarea>` hold text only; scripts, styles and the like
//!   are skipped (the prescan removes most of them already);
//! - nesting is bounded: start tags deeper than [`MAX_DEPTH`] are dropped
//!   (their text is kept), with a warning.
//!
//! It leaves out what does not change the extracted text: the adoption agency
//! for misnested formatting (`<b><p>x</b>y</p>` keeps `y` in the paragraph
//! either way), foster parenting of text inside tables, `<select>`/`<form>`
//! bookkeeping, quirks mode and foreign (SVG, MathML) content, which the
//! prescan removes.
//!
//! Everything is a loop over the bytes and the stack of open elements: no
//! recursion, no per-node allocation (strings go to one buffer), and work
//! linear in the page size times the (bounded) stack depth.

use std::borrow::Cow;

use crate::dom::{Dom, Element, Node, NodeData, NodeIndex, Span, Tag};
use crate::names::{name_key, AttrName, Name, NameKey, TextMode};

/// The deepest element nesting kept; deeper start tags are dropped.
pub const MAX_DEPTH: usize = 512;

/// At most this many attributes of one tag are looked at.
const MAX_ATTRS: usize = 64;

/// Parses a page into the arena.
pub fn build(html: &str) -> Dom {
    let mut builder = Builder::new(html.len());
    tokenize(html, &mut builder);
    builder.finish()
}

// ---------------------------------------------------------------------------
// Tokenizer: bytes → start tags, end tags and text, pushed to the builder.

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn tokenize(html: &str, b: &mut Builder) {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut attrs: Vec<(AttrName, &str)> = Vec::with_capacity(8);
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(rel) = memchr::memchr(b'<', &bytes[pos..]) {
        let lt = pos + rel;
        let next = bytes.get(lt + 1).copied();
        let after = match next {
            Some(b'!') | Some(b'?') => skip_declaration(bytes, lt),
            Some(b'/') => match bytes.get(lt + 2).copied() {
                Some(c) if c.is_ascii_alphabetic() => {
                    attrs.clear();
                    match read_tag(html, lt + 2, &mut attrs) {
                        Some(tag) => {
                            b.text(slice(html, text_start, lt));
                            b.end(tag.name, tag.key);
                            text_start = tag.end;
                            pos = tag.end;
                            continue;
                        }
                        // A tag cut off by the end of the page: dropped.
                        None => len,
                    }
                }
                Some(b'>') => lt + 3,
                // `</` at the very end is text.
                None => {
                    pos = lt + 2;
                    continue;
                }
                // `</3`, `</ x>`: a bogus comment up to `>`.
                Some(_) => skip_declaration(bytes, lt),
            },
            Some(c) if c.is_ascii_alphabetic() => {
                attrs.clear();
                let Some(tag) = read_tag(html, lt + 1, &mut attrs) else {
                    b.text(slice(html, text_start, lt));
                    text_start = len;
                    break;
                };
                b.text(slice(html, text_start, lt));
                let raw_name = &bytes[lt + 1..tag.name_end];
                pos = match tag.name.text_mode() {
                    TextMode::Markup => {
                        b.start(tag.name, tag.key, &attrs);
                        tag.end
                    }
                    TextMode::Skip => match find_end_tag(bytes, tag.end, raw_name) {
                        Some((_, after)) => after,
                        // No end tag: only the start tag goes.
                        None => tag.end,
                    },
                    mode @ (TextMode::Escapable | TextMode::Raw) => {
                        match find_end_tag(bytes, tag.end, raw_name) {
                            Some((content_end, after)) => {
                                b.start(tag.name, tag.key, &attrs);
                                b.raw_text(
                                    slice(html, tag.end, content_end),
                                    mode == TextMode::Escapable,
                                );
                                b.end(tag.name, tag.key);
                                after
                            }
                            // Unclosed: read what follows as markup rather
                            // than lose the rest of the page to a title.
                            None => {
                                b.start(tag.name, tag.key, &attrs);
                                b.end(tag.name, tag.key);
                                tag.end
                            }
                        }
                    }
                    TextMode::ToEnd => {
                        b.start(tag.name, tag.key, &attrs);
                        b.raw_text(slice(html, tag.end, len), false);
                        len
                    }
                };
                text_start = pos;
                continue;
            }
            // `<` followed by anything else is text.
            _ => {
                pos = lt + 1;
                continue;
            }
        };
        b.text(slice(html, text_start, lt));
        text_start = after;
        pos = after;
    }
    b.text(slice(html, text_start, len));
}

/// `html[from..to]`, or empty if that is not a valid slice (it always is: the
/// tokenizer cuts only at ASCII bytes).
fn slice(html: &str, from: usize, to: usize) -> &str {
    html.get(from..to).unwrap_or("")
}

/// Skips a comment (`<!-- -->`), doctype, CDATA section or processing
/// instruction starting at `lt`; returns the offset just past it.
fn skip_declaration(bytes: &[u8], lt: usize) -> usize {
    let len = bytes.len();
    if bytes[lt..].starts_with(b"<!--") {
        let body = lt + 4;
        if bytes.get(body) == Some(&b'>') {
            return body + 1;
        }
        if bytes[body..].starts_with(b"->") {
            return body + 2;
        }
        return memchr::memmem::find(&bytes[body..], b"-->").map_or(len, |p| body + p + 3);
    }
    memchr::memchr(b'>', &bytes[lt..]).map_or(len, |p| lt + p + 1)
}

/// A tag as read.
struct RawTag {
    name: Name,
    key: NameKey,
    /// Offset just past the name.
    name_end: usize,
    /// Offset just past the tag's `>`.
    end: usize,
}

/// Reads a tag whose name starts at `name_start`; fills `attrs` with the
/// attributes the extractor reads (values still escaped). `None` when the
/// page ends inside the tag.
fn read_tag<'a>(
    html: &'a str,
    name_start: usize,
    attrs: &mut Vec<(AttrName, &'a str)>,
) -> Option<RawTag> {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut i = name_start;
    while i < len && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let name_end = i;
    let key = name_key(&bytes[name_start..name_end]);
    let name = Name::from_key(key);
    let done = |end| {
        Some(RawTag {
            name,
            key,
            name_end,
            end,
        })
    };
    loop {
        while i < len && is_space(bytes[i]) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return done(i + 1),
            b'/' => {
                if bytes.get(i + 1) == Some(&b'>') {
                    return done(i + 2);
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // An attribute name (its first character may be `=`).
        let name_at = i;
        i += 1;
        while i < len && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr_name = &bytes[name_at..i];
        while i < len && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < len && is_space(bytes[i]) {
                i += 1;
            }
            match *bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let close = memchr::memchr(quote, &bytes[i + 1..])?;
                    value = slice(html, i + 1, i + 1 + close);
                    i += close + 2;
                }
                b'>' => {}
                _ => {
                    let from = i;
                    while i < len && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = slice(html, from, i);
                }
            }
        }
        if attrs.len() < MAX_ATTRS {
            if let Some(kind) = AttrName::from_raw(attr_name) {
                attrs.push((kind, value));
            }
        }
    }
}

/// Finds `</name` (any case) followed by a space, `/`, `>` or the end, from
/// `from`: returns (start of the end tag, offset past its `>`).
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let len = bytes.len();
    let mut at = from;
    while let Some(rel) = memchr::memmem::find(&bytes[at..], b"</") {
        let lt = at + rel;
        let start = lt + 2;
        let end = start + name.len();
        if end <= len && bytes[start..end].eq_ignore_ascii_case(name) {
            let after = bytes.get(end).copied();
            if after.is_none_or(|c| is_space(c) || c == b'/' || c == b'>') {
                let close = memchr::memchr(b'>', &bytes[end..]).map_or(len, |p| end + p + 1);
                return Some((lt, close));
            }
        }
        at = start;
    }
    None
}

// ---------------------------------------------------------------------------
// Tree builder: tokens → arena.

/// An element on the stack of open elements.
#[derive(Clone, Copy)]
struct Open {
    node: NodeIndex,
    name: Name,
    /// The raw name's key, to match end tags of unknown elements.
    key: NameKey,
}

struct Builder {
    dom: Dom,
    /// Open elements, outermost first (the document root is not on it).
    stack: Vec<Open>,
    html: Option<NodeIndex>,
    head: Option<NodeIndex>,
    body: Option<NodeIndex>,
    /// Drop one newline at the start of the next text (after `<pre>`).
    skip_newline: bool,
    flattened: bool,
    /// Scratch space for reading `style` attributes.
    scratch: Vec<u8>,
}

impl Builder {
    fn new(page_len: usize) -> Builder {
        let mut dom = Dom {
            nodes: Vec::with_capacity(page_len / 40 + 16),
            strings: String::with_capacity(page_len / 2 + 16),
            attrs: Vec::with_capacity(page_len / 200 + 16),
            warnings: Vec::new(),
        };
        // The document root: an element with no name, its own parent.
        dom.nodes.push(Node {
            parent: 0,
            end: 1,
            data: NodeData::Element(Element {
                tag: Tag::Other,
                name: Name::Unknown,
                hidden: false,
                class_id: Span::default(),
                attrs: (0, 0),
            }),
        });
        Builder {
            dom,
            stack: Vec::with_capacity(64),
            html: None,
            head: None,
            body: None,
            skip_newline: false,
            flattened: false,
            scratch: Vec::new(),
        }
    }

    fn finish(mut self) -> Dom {
        while !self.stack.is_empty() {
            self.pop();
        }
        let total = self.dom.nodes.len();
        self.dom.nodes[0].end = total;
        if self.flattened {
            self.dom.warnings.push(format!(
                "markup nested deeper than {MAX_DEPTH} levels was flattened"
            ));
        }
        self.dom
    }

    fn current(&self) -> NodeIndex {
        self.stack.last().map_or(0, |o| o.node)
    }

    fn top_name(&self) -> Option<Name> {
        self.stack.last().map(|o| o.name)
    }

    /// Closes the innermost open element.
    fn pop(&mut self) {
        if let Some(open) = self.stack.pop() {
            let end = self.dom.nodes.len();
            self.dom.nodes[open.node].end = end;
        }
    }

    /// Closes the open element at `pos` on the stack and all inside it.
    fn pop_through(&mut self, pos: usize) {
        while self.stack.len() > pos {
            self.pop();
        }
    }

    /// The stack position of the nearest open element that `wanted` accepts,
    /// looking no further than an element `stop` accepts.
    fn find_open(
        &self,
        wanted: impl Fn(Name) -> bool,
        stop: impl Fn(Name) -> bool,
    ) -> Option<usize> {
        for (pos, open) in self.stack.iter().enumerate().rev() {
            if wanted(open.name) {
                return Some(pos);
            }
            if stop(open.name) {
                return None;
            }
        }
        None
    }

    /// Closes the nearest open `name` if it is in scope.
    fn close_in_scope(&mut self, wanted: impl Fn(Name) -> bool, stop: impl Fn(Name) -> bool) {
        if let Some(pos) = self.find_open(wanted, stop) {
            self.pop_through(pos);
        }
    }

    fn close_p(&mut self) {
        self.close_in_scope(
            |n| n == Name::P,
            |n| n.is_scope_boundary() || n == Name::Button,
        );
    }

    /// The standard's "any other end tag": the nearest open element of this
    /// name, unless a block ("special" element) comes first.
    fn close_inline(&mut self, name: Name, key: NameKey) {
        for pos in (0..self.stack.len()).rev() {
            let open = self.stack[pos];
            if open.name == name && (name != Name::Unknown || open.key == key) {
                self.pop_through(pos);
                return;
            }
            if open.name.is_special() {
                return;
            }
        }
    }

    /// Closes the formatting element (`<a>`, `<b>`, `<font>`...) at `pos` on
    /// the stack, a simplified form of the standard's "adoption agency": when
    /// a block was opened inside it and is still open, the formatting element
    /// ends where that block starts, and the block (with what it already
    /// holds) moves up to the formatting element's parent and stays open. So
    /// an unclosed link does not swallow the blocks after it.
    fn adopt(&mut self, pos: usize) {
        let Some(block_pos) =
            (pos + 1..self.stack.len()).find(|&p| self.stack[p].name.is_special())
        else {
            self.pop_through(pos);
            return;
        };
        let block = self.stack[block_pos].node;
        let new_parent = self.dom.nodes[self.stack[pos].node].parent;
        for open in &self.stack[pos..block_pos] {
            self.dom.nodes[open.node].end = block;
        }
        self.dom.nodes[block].parent = new_parent;
        self.stack.drain(pos..block_pos);
    }

    /// The end tag of a formatting element: the nearest open one of its
    /// name, not looking past a table or cell.
    fn close_formatting(&mut self, name: Name) {
        if let Some(pos) = self.find_open(|n| n == name, Name::is_scope_boundary) {
            self.adopt(pos);
        }
    }

    // -- document structure --------------------------------------------------

    fn ensure_html(&mut self) {
        if self.html.is_none() {
            self.open_html(&[]);
        }
    }

    fn open_html(&mut self, attrs: &[(AttrName, &str)]) {
        let node = self.push_element(Name::Html, attrs);
        self.stack.push(Open {
            node,
            name: Name::Html,
            key: 0,
        });
        self.html = Some(node);
    }

    fn open_head(&mut self, attrs: &[(AttrName, &str)]) {
        self.ensure_html();
        let node = self.push_element(Name::Head, attrs);
        self.stack.push(Open {
            node,
            name: Name::Head,
            key: 0,
        });
        self.head = Some(node);
    }

    fn close_head(&mut self) {
        if let Some(pos) = self.find_open(|n| n == Name::Head, |_| false) {
            self.pop_through(pos);
        }
    }

    fn open_body(&mut self, attrs: &[(AttrName, &str)]) {
        self.ensure_html();
        if self.head.is_none() {
            self.open_head(&[]);
        }
        self.close_head();
        let node = self.push_element(Name::Body, attrs);
        self.stack.push(Open {
            node,
            name: Name::Body,
            key: 0,
        });
        self.body = Some(node);
    }

    // -- tokens --------------------------------------------------------------

    fn start(&mut self, name: Name, key: NameKey, attrs: &[(AttrName, &str)]) {
        self.skip_newline = false;
        match name {
            Name::Html => {
                if self.html.is_none() {
                    self.open_html(attrs);
                }
                return;
            }
            Name::Head => {
                if self.head.is_none() && self.body.is_none() {
                    self.open_head(attrs);
                }
                return;
            }
            Name::Body => {
                if self.body.is_none() {
                    self.open_body(attrs);
                }
                return;
            }
            Name::Frameset => return,
            _ => {}
        }
        if self.body.is_none() {
            if name.is_head_content() {
                if self.head.is_none() {
                    self.open_head(&[]);
                }
                // Into the head while it is open, else beside it.
                self.insert(name, key, attrs);
                return;
            }
            self.open_body(&[]);
        }
        self.start_in_body(name, key, attrs);
    }

    fn start_in_body(&mut self, name: Name, key: NameKey, attrs: &[(AttrName, &str)]) {
        match name {
            Name::Li => self.close_list_item(|n| n == Name::Li),
            Name::Dd | Name::Dt => self.close_list_item(|n| matches!(n, Name::Dd | Name::Dt)),
            _ => {}
        }
        if name.closes_p() {
            self.close_p();
        }
        match name {
            n if n.is_heading() && self.top_name().is_some_and(Name::is_heading) => self.pop(),
            Name::Tr => self.close_in_scope(|n| n == Name::Tr, is_table_boundary),
            Name::Td | Name::Th => self.close_in_scope(
                |n| matches!(n, Name::Td | Name::Th),
                |n| n == Name::Tr || is_table_boundary(n),
            ),
            Name::Tbody | Name::Thead | Name::Tfoot => {
                let section = |n| matches!(n, Name::Tbody | Name::Thead | Name::Tfoot);
                match self.find_open(section, is_table_boundary) {
                    Some(pos) => self.pop_through(pos),
                    None => self.close_in_scope(|n| n == Name::Tr, is_table_boundary),
                }
            }
            Name::Option if self.top_name() == Some(Name::Option) => self.pop(),
            Name::Optgroup => {
                if self.top_name() == Some(Name::Option) {
                    self.pop();
                }
                if self.top_name() == Some(Name::Optgroup) {
                    self.pop();
                }
            }
            // A link inside a link closes the first.
            Name::A => self.close_formatting(Name::A),
            Name::Button => self.close_in_scope(|n| n == Name::Button, Name::is_scope_boundary),
            _ => {}
        }
        self.insert(name, key, attrs);
        if matches!(name, Name::Pre | Name::Listing | Name::Textarea) {
            self.skip_newline = true;
        }
    }

    /// A new `<li>` (or `<dd>`/`<dt>`) closes the open one, unless a block
    /// other than `<div>`, `<p>` or `<address>` is in between (a nested list).
    fn close_list_item(&mut self, item: impl Fn(Name) -> bool) {
        for pos in (0..self.stack.len()).rev() {
            let name = self.stack[pos].name;
            if item(name) {
                self.pop_through(pos);
                return;
            }
            if name.is_special() && !matches!(name, Name::Address | Name::Div | Name::P) {
                return;
            }
        }
    }

    fn end(&mut self, name: Name, key: NameKey) {
        self.skip_newline = false;
        if self.body.is_none() {
            if name == Name::Head {
                self.close_head();
            } else if self.top_name() == Some(name) && name != Name::Html {
                // `</title>` and the like inside the head.
                self.pop();
            }
            return;
        }
        match name {
            // The rest of the page still belongs to the body.
            Name::Html | Name::Body | Name::Head => {}
            Name::Br => self.start(Name::Br, key, &[]),
            Name::P => self.close_p(),
            Name::Li => self.close_in_scope(
                |n| n == Name::Li,
                |n| n.is_scope_boundary() || matches!(n, Name::Ol | Name::Ul),
            ),
            n if n.is_heading() => self.close_in_scope(Name::is_heading, Name::is_scope_boundary),
            Name::Table => self.close_in_scope(|n| n == Name::Table, |n| n == Name::Html),
            Name::Tr | Name::Td | Name::Th | Name::Tbody | Name::Thead | Name::Tfoot => {
                self.close_in_scope(|n| n == name, is_table_boundary)
            }
            n if n.is_special() => self.close_in_scope(|n| n == name, Name::is_scope_boundary),
            n if n.is_formatting() => self.close_formatting(n),
            _ => self.close_inline(name, key),
        }
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        if self.body.is_none() {
            if raw.bytes().all(is_space) {
                return;
            }
            self.open_body(&[]);
        }
        self.insert_text(raw, true);
    }

    /// The text of a `<title>`, `<textarea>`, `<xmp>` or `<plaintext>`.
    fn raw_text(&mut self, raw: &str, decode: bool) {
        self.insert_text(raw, decode);
    }

    // -- insertion -----------------------------------------------------------

    fn insert_text(&mut self, raw: &str, decode: bool) {
        let mut raw = raw;
        if std::mem::take(&mut self.skip_newline) {
            raw = raw
                .strip_prefix("\r\n")
                .or_else(|| raw.strip_prefix('\n'))
                .or_else(|| raw.strip_prefix('\r'))
                .unwrap_or(raw);
        }
        if raw.is_empty() {
            return;
        }
        let start = self.dom.strings.len();
        push_decoded(&mut self.dom.strings, raw, decode, false);
        let end = self.dom.strings.len();
        if end == start {
            return;
        }
        let parent = self.current();
        // Text next to text (a comment or stray tag between): one node.
        if let Some(last) = self.dom.nodes.last_mut() {
            if let NodeData::Text(span) = &mut last.data {
                if last.parent == parent && span.end as usize == start {
                    span.end = end as u32;
                    return;
                }
            }
        }
        let index = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            parent,
            end: index + 1,
            data: NodeData::Text(Span {
                start: start as u32,
                end: end as u32,
            }),
        });
    }

    /// Inserts an element at the current position; opens it unless it is void.
    fn insert(&mut self, name: Name, key: NameKey, attrs: &[(AttrName, &str)]) {
        let void = name.is_void();
        if !void && self.stack.len() >= MAX_DEPTH {
            self.flattened = true;
            return;
        }
        let node = self.push_element(name, attrs);
        if !void {
            self.stack.push(Open { node, name, key });
        }
    }

    /// Adds an element node under the current one (not opened).
    fn push_element(&mut self, name: Name, attrs: &[(AttrName, &str)]) -> NodeIndex {
        let strings = &mut self.dom.strings;
        let mut hidden = false;
        // `class`, then `id`, lower-cased.
        let class_start = strings.len();
        for wanted in [AttrName::Class, AttrName::Id] {
            if let Some((_, value)) = attrs.iter().find(|(n, _)| *n == wanted) {
                let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
                if value.is_empty() {
                    continue;
                }
                if strings.len() > class_start {
                    strings.push(' ');
                }
                let from = strings.len();
                push_decoded(strings, value, true, true);
                lowercase_from(strings, from);
            }
        }
        let class_id = Span {
            start: class_start as u32,
            end: strings.len() as u32,
        };
        let attrs_start = self.dom.attrs.len();
        for (i, &(attr, value)) in attrs.iter().enumerate() {
            // The first of repeated attributes wins.
            if attrs[..i].iter().any(|(n, _)| *n == attr) {
                continue;
            }
            match attr {
                AttrName::Class | AttrName::Id => {}
                AttrName::Hidden => hidden = true,
                AttrName::AriaHidden => hidden |= value.trim().eq_ignore_ascii_case("true"),
                AttrName::Style => hidden |= style_hides(value, &mut self.scratch),
                _ => {
                    let start = strings.len();
                    push_decoded(strings, value, true, true);
                    self.dom.attrs.push((
                        attr,
                        Span {
                            start: start as u32,
                            end: strings.len() as u32,
                        },
                    ));
                }
            }
        }
        let attrs_end = self.dom.attrs.len();
        let index = self.dom.nodes.len();
        self.dom.nodes.push(Node {
            parent: self.current(),
            end: index + 1,
            data: NodeData::Element(Element {
                tag: name.tag(),
                name,
                hidden,
                class_id,
                attrs: (attrs_start as u32, attrs_end as u32),
            }),
        });
        index
    }
}

/// Where a table row or cell search stops.
fn is_table_boundary(name: Name) -> bool {
    matches!(name, Name::Table | Name::Html | Name::Template)
}

/// Appends `raw` to `out`, entities decoded (when `decode`), `\r\n` and `\r`
/// turned into `\n`, NULs dropped.
fn push_decoded(out: &mut String, raw: &str, decode: bool, attribute: bool) {
    let bytes = raw.as_bytes();
    if memchr::memchr3(b'&', b'\r', b'\0', bytes).is_none() {
        out.push_str(raw);
        return;
    }
    let decoded: Cow<str> = match (decode, attribute) {
        (true, true) => htmlize::unescape_attribute(raw),
        (true, false) => htmlize::unescape(raw),
        (false, _) => Cow::Borrowed(raw),
    };
    if memchr::memchr2(b'\r', b'\0', decoded.as_bytes()).is_none() {
        out.push_str(&decoded);
        return;
    }
    let mut chars = decoded.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c => out.push(c),
        }
    }
}

/// Lower-cases `s[from..]` in place (ASCII), or by Unicode rules when it is
/// not ASCII.
fn lowercase_from(s: &mut String, from: usize) {
    let Some(tail) = s.get_mut(from..) else {
        return;
    };
    if tail.is_ascii() {
        tail.make_ascii_lowercase();
    } else {
        let lower = tail.to_lowercase();
        s.truncate(from);
        s.push_str(&lower);
    }
}

/// Whether an inline style hides the element (`display:none`,
/// `visibility:hidden`, any spacing or case).
fn style_hides(style: &str, scratch: &mut Vec<u8>) -> bool {
    scratch.clear();
    scratch.extend(
        style
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .map(|b| b.to_ascii_lowercase()),
    );
    memchr::memmem::find(scratch, b"display:none").is_some()
        || memchr::memmem::find(scratch, b"visibility:hidden").is_some()
}

#[cfg(test)]
mod tests;
