//! A compact, read-only view of the parsed page for the body extractor.
//!
//! The html5ever tree (through `scraper`) is converted once into a flat arena in
//! document (pre-)order, where each node knows its parent and where its subtree
//! ends. Every later pass is then a loop over a slice — forwards for document
//! order, backwards to sum children into parents — with no recursion (deep pages
//! cannot overflow the stack) and no hashing of node ids.

use ego_tree::iter::Edge;
use scraper::{Html, Node as HtmlNode};

/// Index of a node in [`Dom::nodes`].
pub type NodeIndex = usize;

/// The page as a flat arena of elements and text.
#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
}

#[derive(Debug)]
pub struct Node {
    /// The parent's index; the root's parent is itself.
    pub parent: NodeIndex,
    /// One past the last node of this node's subtree.
    pub end: NodeIndex,
    pub data: NodeData,
}

#[derive(Debug)]
pub enum NodeData {
    Element(Element),
    Text(String),
}

#[derive(Debug)]
pub struct Element {
    pub tag: Tag,
    /// `class` and `id` attribute values, lower-cased, space-separated.
    pub class_id: String,
    pub href: Option<String>,
    /// `hidden`, `aria-hidden=true`, `display:none`, `visibility:hidden`.
    pub hidden: bool,
    /// The `itemprop` attribute, lower-cased.
    pub itemprop: Option<String>,
    /// The `role` attribute, lower-cased.
    pub role: Option<String>,
}

/// The element kinds the extractor tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Html,
    Head,
    Title,
    Body,
    Main,
    Article,
    Section,
    Div,
    P,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    Tr,
    Td,
    Th,
    Caption,
    Figure,
    Figcaption,
    Br,
    Hr,
    A,
    Img,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    Control,
    Address,
    Time,
    Center,
    /// Inline markup (span, b, em, code...).
    Inline,
    /// Anything else, custom elements included.
    Other,
}

impl Tag {
    fn from_name(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "head" => Tag::Head,
            "title" => Tag::Title,
            "body" => Tag::Body,
            "main" => Tag::Main,
            "article" => Tag::Article,
            "section" => Tag::Section,
            "div" => Tag::Div,
            "p" => Tag::P,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "ul" | "menu" | "dir" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "caption" => Tag::Caption,
            "figure" | "picture" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "a" => Tag::A,
            "img" | "video" | "audio" | "canvas" | "embed" => Tag::Img,
            "nav" => Tag::Nav,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "button" | "input" | "select" | "textarea" | "option" | "label" | "dialog"
            | "fieldset" | "output" | "meter" | "progress" => Tag::Control,
            "address" => Tag::Address,
            "time" => Tag::Time,
            "center" => Tag::Center,
            "span" | "b" | "strong" | "i" | "em" | "u" | "s" | "small" | "big" | "sub" | "sup"
            | "mark" | "abbr" | "cite" | "q" | "font" | "code" | "kbd" | "samp" | "var" | "tt"
            | "del" | "ins" | "dfn" | "bdi" | "bdo" | "wbr" | "nobr" | "data" | "strike" => {
                Tag::Inline
            }
            _ => Tag::Other,
        }
    }

    /// Elements that start a new block of text.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Inline | Tag::A | Tag::Img | Tag::Time | Tag::Br | Tag::Other | Tag::Control
        )
    }
}

impl Dom {
    /// Converts a parsed page into the arena.
    pub fn from_html(doc: &Html) -> Dom {
        let mut nodes: Vec<Node> = Vec::with_capacity(1024);
        let mut open: Vec<NodeIndex> = Vec::with_capacity(64);
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let data = match node.value() {
                        HtmlNode::Element(e) => NodeData::Element(element(e)),
                        HtmlNode::Text(t) => NodeData::Text(t.text.to_string()),
                        HtmlNode::Document | HtmlNode::Fragment => {
                            NodeData::Element(root_element())
                        }
                        _ => continue,
                    };
                    let index = nodes.len();
                    let parent = open.last().copied().unwrap_or(index);
                    nodes.push(Node {
                        parent,
                        end: index + 1,
                        data,
                    });
                    if node.has_children() {
                        open.push(index);
                    }
                }
                Edge::Close(node) => {
                    if !node.has_children() {
                        continue;
                    }
                    if !matches!(
                        node.value(),
                        HtmlNode::Element(_) | HtmlNode::Document | HtmlNode::Fragment
                    ) {
                        continue;
                    }
                    if let Some(index) = open.pop() {
                        nodes[index].end = nodes.len();
                    }
                }
            }
        }
        Dom { nodes }
    }

    pub fn element(&self, i: NodeIndex) -> Option<&Element> {
        match &self.nodes[i].data {
            NodeData::Element(e) => Some(e),
            NodeData::Text(_) => None,
        }
    }

    pub fn tag(&self, i: NodeIndex) -> Option<Tag> {
        self.element(i).map(|e| e.tag)
    }

    /// The direct children of `i`, in order.
    pub fn children(&self, i: NodeIndex) -> Children<'_> {
        Children {
            dom: self,
            next: i + 1,
            end: self.nodes[i].end,
        }
    }

    /// The first element with this tag, in document order.
    pub fn find(&self, tag: Tag) -> Option<NodeIndex> {
        (0..self.nodes.len()).find(|&i| self.tag(i) == Some(tag))
    }
}

/// Iterator over a node's children: jumps over each child's subtree.
pub struct Children<'a> {
    dom: &'a Dom,
    next: NodeIndex,
    end: NodeIndex,
}

impl Iterator for Children<'_> {
    type Item = NodeIndex;
    fn next(&mut self) -> Option<NodeIndex> {
        if self.next >= self.end {
            return None;
        }
        let current = self.next;
        self.next = self.dom.nodes[current].end.max(current + 1);
        Some(current)
    }
}

fn root_element() -> Element {
    Element {
        tag: Tag::Other,
        class_id: String::new(),
        href: None,
        hidden: false,
        itemprop: None,
        role: None,
    }
}

fn element(e: &scraper::node::Element) -> Element {
    let mut class_id = String::new();
    let mut hidden = false;
    let mut href = None;
    let mut itemprop = None;
    let mut role = None;
    for (name, value) in e.attrs() {
        match name {
            "class" | "id" => {
                if !class_id.is_empty() {
                    class_id.push(' ');
                }
                class_id.push_str(&value.to_ascii_lowercase());
            }
            "hidden" => hidden = true,
            "aria-hidden" => hidden |= value.eq_ignore_ascii_case("true"),
            "style" => hidden |= style_hides(value),
            "href" => href = Some(value.to_string()),
            "itemprop" => itemprop = Some(value.to_ascii_lowercase()),
            "role" => role = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    Element {
        tag: Tag::from_name(e.name()),
        class_id,
        href,
        hidden,
        itemprop,
        role,
    }
}

fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_keeps_order_and_subtrees() {
        let doc = Html::parse_document(
            "<html><body><div class=A id=b><p>one <b>two</b></p></div><p>three</p></body></html>",
        );
        let dom = Dom::from_html(&doc);
        let div = dom.find(Tag::Div).expect("div");
        let class_id = dom
            .element(div)
            .map(|e| e.class_id.clone())
            .unwrap_or_default();
        let mut words: Vec<&str> = class_id.split(' ').collect();
        words.sort_unstable();
        assert_eq!(words, vec!["a", "b"]);
        let kids: Vec<_> = dom.children(div).collect();
        assert_eq!(kids.len(), 1);
        assert_eq!(dom.tag(kids[0]), Some(Tag::P));
        let body = dom.find(Tag::Body).expect("body");
        assert_eq!(dom.children(body).count(), 2);
        let texts: Vec<&str> = dom
            .nodes
            .iter()
            .filter_map(|n| match &n.data {
                NodeData::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, vec!["one ", "two", "three"]);
    }
}
