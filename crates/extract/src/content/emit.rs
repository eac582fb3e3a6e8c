//! Pass 4: the chosen subtrees walked into blocks.

use crate::blocks;
use crate::dom::{AttrName, Dom, NodeData, NodeIndex, Tag};
use crate::explain::Trace;
use crate::normalize::{collapse_whitespace, has_text};
use crate::BlockKind;

use super::score::{count_text, is_block_like, PageFacts, Stats};
use super::Strictness;

/// A block with what we need to judge it after emission.
#[derive(Debug)]
pub(super) struct RawBlock {
    pub(super) kind: BlockKind,
    pub(super) text: String,
    pub(super) link_chars: u32,
    pub(super) chars: u32,
    pub(super) href: Option<String>,
    /// The heading level, for headings.
    pub(super) level: u8,
    /// The innermost block element it was written from.
    pub(super) node: NodeIndex,
    /// Of its chars, how many the structural walk wrote (page walk only).
    pub(super) emitted_chars: u32,
}

/// Walks the chosen subtrees into blocks; what is skipped inside them goes
/// to `trace` with its reason, and `written` marks each text node (and each
/// `<pre>` or table) that went into a block.
pub(super) fn emit_blocks(
    dom: &Dom,
    s: &Stats,
    roots: &[NodeIndex],
    strictness: Strictness,
    facts: &PageFacts,
    trace: &mut Trace,
) -> (Vec<RawBlock>, Vec<bool>) {
    let mut out = Emitter {
        written: vec![false; dom.nodes.len()],
        ..Emitter::default()
    };
    for &root in roots {
        out.walk(dom, s, root, strictness, Skipped { facts, trace });
    }
    (out.blocks, out.written)
}

/// Walks the whole page into blocks, nothing pruned but what never renders
/// (hidden elements, `<head>`, form controls), for the block model.
pub(super) fn page_walk(
    dom: &Dom,
    s: &Stats,
    facts: &PageFacts,
    written: &[bool],
    strictness: Strictness,
    texts: Texts,
) -> Vec<RawBlock> {
    let root = dom.find(Tag::Body).unwrap_or(0);
    let mut out = Emitter {
        page: Some(PageWalk {
            counts: &facts.counts,
            written,
            texts,
        }),
        ..Emitter::default()
    };
    let mut trace = Trace::off();
    out.walk(
        dom,
        s,
        root,
        strictness,
        Skipped {
            facts,
            trace: &mut trace,
        },
    );
    out.blocks
}

/// Where the emitter reports the subtrees it skips.
struct Skipped<'a, 'b> {
    facts: &'a PageFacts,
    trace: &'b mut Trace,
}

impl Skipped<'_, '_> {
    fn report(&mut self, dom: &Dom, i: NodeIndex, why: impl FnOnce(&PageFacts) -> &'static str) {
        let facts = self.facts;
        self.trace.drop_with(|| {
            (
                collapse_whitespace(&plain_text(dom, i)),
                format!("html:{}", why(facts)),
            )
        });
    }
}

/// Why a subtree was pruned: the first of the pruning tests it met (see
/// [`Stats::compute`]).
fn prune_reason(dom: &Dom, facts: &PageFacts, i: NodeIndex) -> &'static str {
    if facts.prunes_always[i] {
        "prune:element"
    } else if dom.element(i).is_some_and(|e| e.hidden) {
        "prune:hidden"
    } else if facts.chrome[i] {
        "prune:chrome-class"
    } else {
        "prune:inside-pruned"
    }
}

/// What the page walk reads that the structural walk does not.
#[derive(Clone, Copy)]
struct PageWalk<'a> {
    counts: &'a [(u32, u32)],
    written: &'a [bool],
    texts: Texts,
}

/// Which blocks' texts the page walk writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Texts {
    /// Every block's, for the block model.
    All,
    /// Only those of blocks shorter than [`blocks::PRICE_CHARS`], the only
    /// ones the page-type model reads (the rest come with an empty text and
    /// no link address; their counts are the same).
    Short,
}

#[derive(Default)]
struct Emitter<'a> {
    blocks: Vec<RawBlock>,
    buffer: String,
    link_chars: u32,
    chars: u32,
    emitted_chars: u32,
    first_href: Option<String>,
    /// Structural walk: the text nodes written (empty when not kept).
    written: Vec<bool>,
    /// Set for the page walk.
    page: Option<PageWalk<'a>>,
}

/// The context a run of text sits in.
#[derive(Clone, Copy)]
struct Context {
    kind: BlockKind,
    level: u8,
    end: NodeIndex,
    node: NodeIndex,
}

impl Emitter<'_> {
    /// Whether the walk leaves out element `i` with its subtree.
    fn skips(
        &self,
        dom: &Dom,
        s: &Stats,
        i: NodeIndex,
        root: NodeIndex,
        strictness: Strictness,
    ) -> bool {
        if i == root {
            return false;
        }
        if self.page.is_some() {
            return dom.element(i).is_some_and(|e| {
                e.hidden || matches!(e.tag, Tag::Head | Tag::Title | Tag::Control)
            });
        }
        if s.removed[i] {
            return true;
        }
        dom.element(i).is_some()
            && (s.labelled[i] || (strictness.clean_containers && is_clutter(dom, s, i)))
    }

    fn walk(
        &mut self,
        dom: &Dom,
        s: &Stats,
        root: NodeIndex,
        strictness: Strictness,
        mut skipped: Skipped,
    ) {
        let mut stack: Vec<Context> = vec![Context {
            kind: BlockKind::Paragraph,
            level: 0,
            end: dom.nodes[root].end,
            node: root,
        }];
        let mut links: Vec<NodeIndex> = Vec::new();
        let mut i = root;
        while i < dom.nodes[root].end {
            while stack.len() > 1 && stack.last().is_some_and(|c| c.end <= i) {
                self.flush(stack.last().copied());
                stack.pop();
            }
            while links.last().is_some_and(|&a| dom.nodes[a].end <= i) {
                links.pop();
            }
            if self.skips(dom, s, i, root, strictness) {
                if self.page.is_none() {
                    skipped.report(dom, i, |facts| {
                        if s.removed[i] {
                            prune_reason(dom, facts, i)
                        } else if s.labelled[i] {
                            "labelled"
                        } else {
                            "clutter"
                        }
                    });
                }
                i = dom.nodes[i].end.max(i + 1);
                continue;
            }
            match &dom.nodes[i].data {
                NodeData::Text(t) => {
                    let chars = match self.page {
                        Some(page) => {
                            let chars = page.counts[i].0;
                            if page.written.get(i).copied().unwrap_or(false) {
                                self.emitted_chars += chars;
                            }
                            chars
                        }
                        None => {
                            if let Some(mark) = self.written.get_mut(i) {
                                *mark = true;
                            }
                            s.text[i]
                        }
                    };
                    self.push_text(dom.str(*t), chars, !links.is_empty());
                    i += 1;
                }
                NodeData::Element(e) => {
                    match e.tag {
                        Tag::Br | Tag::Hr => self.flush(stack.last().copied()),
                        Tag::A => {
                            links.push(i);
                            if self.first_href.is_none() && self.writes_texts() {
                                self.first_href = dom.attr(i, AttrName::Href).map(str::to_string);
                            }
                        }
                        Tag::Pre => {
                            self.flush(stack.last().copied());
                            self.push_block(
                                BlockKind::Code,
                                raw_subtree_text(dom, s, i).trim_matches('\n').to_string(),
                                i,
                            );
                            i = dom.nodes[i].end;
                            continue;
                        }
                        Tag::Table if is_data_table(dom, s, i) => {
                            self.flush(stack.last().copied());
                            self.push_block(BlockKind::Table, table_text(dom, s, i), i);
                            i = dom.nodes[i].end;
                            continue;
                        }
                        tag if is_block_like(dom, &s.has_block, i) => {
                            self.flush(stack.last().copied());
                            let parent_ctx = stack.last().copied();
                            let (kind, level) = match tag {
                                Tag::H(level) => (BlockKind::Heading, level),
                                Tag::Li | Tag::Dd | Tag::Dt => (BlockKind::ListItem, 0),
                                Tag::Blockquote => (BlockKind::Quote, 0),
                                _ => parent_ctx
                                    .map_or((BlockKind::Paragraph, 0), |c| (c.kind, c.level)),
                            };
                            stack.push(Context {
                                kind,
                                level,
                                end: dom.nodes[i].end,
                                node: i,
                            });
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
        }
        while let Some(ctx) = stack.pop() {
            self.flush(Some(ctx));
        }
    }

    fn push_text(&mut self, text: &str, chars: u32, in_link: bool) {
        self.chars += chars;
        if in_link {
            self.link_chars += chars;
        }
        self.buffer.push_str(text);
    }

    /// Whether every block's text is written (not so in a page walk for
    /// the page type).
    fn writes_texts(&self) -> bool {
        self.page.is_none_or(|p| p.texts == Texts::All)
    }

    fn flush(&mut self, ctx: Option<Context>) {
        if self.buffer.is_empty() {
            return;
        }
        let (text, visible) = if self.writes_texts() || self.chars < blocks::PRICE_CHARS {
            let text = collapse_whitespace(&self.buffer);
            let visible = !text.is_empty();
            (text, visible)
        } else {
            (String::new(), has_text(&self.buffer))
        };
        self.buffer.clear();
        let (kind, level, node) =
            ctx.map_or((BlockKind::Paragraph, 0, 0), |c| (c.kind, c.level, c.node));
        if visible {
            self.blocks.push(RawBlock {
                kind,
                text,
                link_chars: self.link_chars,
                chars: self.chars,
                href: self.first_href.take(),
                level,
                node,
                emitted_chars: self.emitted_chars.min(self.chars),
            });
        }
        self.link_chars = 0;
        self.chars = 0;
        self.emitted_chars = 0;
        self.first_href = None;
    }

    /// A `<pre>` or a data table at element `i`, as one block.
    fn push_block(&mut self, kind: BlockKind, text: String, i: NodeIndex) {
        let written = match self.page {
            Some(page) => page.written.get(i).copied().unwrap_or(false),
            None => {
                if let Some(mark) = self.written.get_mut(i) {
                    *mark = true;
                }
                true
            }
        };
        if text.trim().is_empty() {
            return;
        }
        let chars = count_text(&text).0;
        self.blocks.push(RawBlock {
            kind,
            text,
            link_chars: 0,
            chars,
            href: None,
            level: 0,
            node: i,
            emitted_chars: if written { chars } else { 0 },
        });
    }
}

/// Containers inside the body that are widgets, not prose: link lists,
/// forms, image galleries, chrome-classed boxes.
fn is_clutter(dom: &Dom, s: &Stats, i: NodeIndex) -> bool {
    let Some(e) = dom.element(i) else {
        return false;
    };
    if !matches!(
        e.tag,
        Tag::Div
            | Tag::Section
            | Tag::Ul
            | Tag::Ol
            | Tag::Dl
            | Tag::Table
            | Tag::Form
            | Tag::Figure
            | Tag::Other
            | Tag::Header
            | Tag::Center
            | Tag::Aside
    ) {
        return false;
    }
    let text = s.text[i];
    let density = s.link_density(i);
    let weight = s.weight[i];
    if text == 0 {
        return false;
    }
    if weight < 0 && text < 1000 {
        return true;
    }
    if density > 0.5 && weight < 50 {
        return true;
    }
    if density > 0.33 && text < 400 && weight < 25 {
        return true;
    }
    e.tag == Tag::Header && text < 400
}

/// A table of data (rows of cells) rather than a layout table.
fn is_data_table(dom: &Dom, s: &Stats, table: NodeIndex) -> bool {
    let end = dom.nodes[table].end;
    let mut cells = 0;
    for i in table + 1..end {
        match dom.tag(i) {
            Some(Tag::Table) | Some(Tag::P) | Some(Tag::Div) if s.text[i] > 200 => return false,
            Some(Tag::Td | Tag::Th) => cells += 1,
            _ => {}
        }
    }
    cells >= 2
}

/// A data table as text: one row a line, cells separated by " | ".
fn table_text(dom: &Dom, s: &Stats, table: NodeIndex) -> String {
    let mut rows: Vec<String> = Vec::new();
    for row in
        (table + 1..dom.nodes[table].end).filter(|&i| dom.tag(i) == Some(Tag::Tr) && !s.removed[i])
    {
        let cells: Vec<String> = dom
            .children(row)
            .filter(|&c| matches!(dom.tag(c), Some(Tag::Td | Tag::Th)))
            .map(|c| collapse_whitespace(&subtree_text(dom, s, c)))
            .collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(cells.join(" | "));
        }
    }
    rows.join("\n")
}

/// The visible text of a subtree, blocks separated by spaces.
pub(super) fn subtree_text(dom: &Dom, s: &Stats, root: NodeIndex) -> String {
    let mut out = String::new();
    let mut i = root;
    while i < dom.nodes[root].end {
        if s.removed[i] && i != root {
            i = dom.nodes[i].end.max(i + 1);
            continue;
        }
        match &dom.nodes[i].data {
            NodeData::Text(t) => out.push_str(dom.str(*t)),
            NodeData::Element(e) if e.tag.is_block() || e.tag == Tag::Br => out.push(' '),
            NodeData::Element(_) => {}
        }
        i += 1;
    }
    out
}

/// All text of a subtree, pruned or not.
pub(super) fn plain_text(dom: &Dom, root: NodeIndex) -> String {
    let mut out = String::new();
    for node in &dom.nodes[root..dom.nodes[root].end] {
        if let NodeData::Text(t) = &node.data {
            out.push_str(dom.str(*t));
        }
    }
    out
}

/// The text of a subtree with its whitespace as written (for `<pre>`).
fn raw_subtree_text(dom: &Dom, s: &Stats, root: NodeIndex) -> String {
    let mut out = String::new();
    for i in root..dom.nodes[root].end {
        if s.removed[i] {
            continue;
        }
        match &dom.nodes[i].data {
            NodeData::Text(t) => out.push_str(dom.str(*t)),
            NodeData::Element(e) if e.tag == Tag::Br => out.push('\n'),
            NodeData::Element(_) => {}
        }
    }
    out
}
