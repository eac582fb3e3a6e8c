//! The parsed page as a compact, read-only arena, shared by the metadata
//! reader and the body extractor.
//!
//! [`Dom::parse`] builds it straight from the page's text (see `tree.rs`
//! for the tokenizer and tree builder). Nodes sit in document (pre-)order,
//! and each knows its parent and where its subtree ends, so every pass is a
//! loop over a slice — forwards for document order, backwards to sum children
//! into parents — with no recursion (deep pages cannot overflow the stack) and
//! no hashing of node ids.
//!
//! Strings are not stored per node: all text and the attribute values the
//! extractor reads live in one buffer, and nodes hold [`Span`]s into it, so
//! building the arena costs a handful of allocations per page, not one per
//! node. Attributes the extractor never reads (`src`, `data-*`, event
//! handlers...) are not kept at all.

pub use crate::names::{AttrName, Name, Tag};

/// Index of a node in [`Dom::nodes`].
pub type NodeIndex = usize;

/// A piece of [`Dom`]'s string buffer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// The page as a flat arena of elements and text.
#[derive(Debug, Default)]
pub struct Dom {
    /// Every node in document order; node 0 is the root.
    pub nodes: Vec<Node>,
    /// Every text and kept attribute value, back to back.
    pub(crate) strings: String,
    /// Kept attributes; each element owns a contiguous run.
    pub(crate) attrs: Vec<(AttrName, Span)>,
    /// Warnings from parsing (nesting flattened).
    pub(crate) warnings: Vec<String>,
}

/// One element or run of text, with where its subtree ends.
#[derive(Debug)]
pub struct Node {
    /// The parent's index; the root's parent is itself.
    pub parent: NodeIndex,
    /// One past the last node of this node's subtree.
    pub end: NodeIndex,
    /// What the node is.
    pub data: NodeData,
}

/// An element or text.
#[derive(Debug)]
pub enum NodeData {
    /// An element.
    Element(Element),
    /// A run of text, entities decoded, line breaks normalised to `\n`.
    Text(Span),
}

/// An element: its name and what the extractor keeps of its attributes.
#[derive(Debug)]
pub struct Element {
    /// The coarse kind the body extractor works with.
    pub tag: Tag,
    /// Its element name.
    pub name: Name,
    /// `hidden`, `aria-hidden=true`, `display:none`, `visibility:hidden`.
    pub hidden: bool,
    /// `class` and `id` attribute values, lower-cased, space-separated, trimmed.
    pub(crate) class_id: Span,
    /// This element's run of [`Dom::attrs`].
    pub(crate) attrs: (u32, u32),
}

impl Dom {
    /// Parses a page (after the prescan) into the arena.
    pub fn parse(html: &str) -> Dom {
        crate::tree::build(html)
    }

    /// The string a span points to.
    pub fn str(&self, span: Span) -> &str {
        self.strings
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// Node `i`'s element, if it is one (`i` must be a node of this tree).
    pub fn element(&self, i: NodeIndex) -> Option<&Element> {
        match &self.nodes[i].data {
            NodeData::Element(e) => Some(e),
            NodeData::Text(_) => None,
        }
    }

    /// Node `i`'s [`Tag`], if it is an element.
    pub fn tag(&self, i: NodeIndex) -> Option<Tag> {
        self.element(i).map(|e| e.tag)
    }

    /// Node `i`'s element [`Name`], if it is an element.
    pub fn name(&self, i: NodeIndex) -> Option<Name> {
        self.element(i).map(|e| e.name)
    }

    /// The text of a text node.
    pub fn text(&self, i: NodeIndex) -> Option<&str> {
        match &self.nodes[i].data {
            NodeData::Text(span) => Some(self.str(*span)),
            NodeData::Element(_) => None,
        }
    }

    /// An element's lower-cased `class` and `id` (empty for text nodes).
    pub fn class_id(&self, i: NodeIndex) -> &str {
        self.element(i).map_or("", |e| self.str(e.class_id))
    }

    /// The value of an attribute the tree builder kept (see [`AttrName`]),
    /// entities decoded. The first of repeated attributes wins.
    pub fn attr(&self, i: NodeIndex, name: AttrName) -> Option<&str> {
        let e = self.element(i)?;
        let run = self.attrs.get(e.attrs.0 as usize..e.attrs.1 as usize)?;
        run.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, span)| self.str(*span))
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

    /// The `<html>` element, if the page has any content.
    pub fn html_element(&self) -> Option<NodeIndex> {
        self.children(0).find(|&i| self.name(i) == Some(Name::Html))
    }

    /// Warnings from parsing (nesting flattened).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
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
