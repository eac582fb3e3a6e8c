//! The article body: which part of the page it is, and its blocks.
//!
//! The approach, in four passes over the [`Dom`] arena:
//!
//! 1. **Prune.** Hidden elements, navigation, forms' controls, asides, figure
//!    captions, and elements whose class or id says they are boilerplate
//!    (share bars, comments, related lists, newsletter boxes, cookie banners,
//!    ads...) are marked removed — unless they hold most of the page's text, as
//!    page-wide wrappers with unlucky class names sometimes do.
//! 2. **Score.** Every block of running text (a paragraph, or a `<div>` holding
//!    text directly) scores by its length and commas — long, comma-rich text is
//!    prose, short text is chrome — and hands the score to its ancestors, fading
//!    with distance. Containers also get a prior from their tag and class. The
//!    best-scoring container, discounted by its link density, is the body's core.
//! 3. **Gather.** Siblings of the core that are also article-like (scored well,
//!    share its class, or are clean paragraphs) join it, so bodies split into
//!    several containers come back whole.
//! 4. **Emit.** The chosen subtrees are walked in document order into typed
//!    blocks; link-heavy lists, forms and widgets inside them are skipped, and the
//!    title repeated as a heading, bylines, and boilerplate lines
//!    ([`crate::boilerplate`]) are dropped or moved into their own fields.
//!
//! If the result is suspiciously short, the passes run again with the pruning
//! relaxed, and the longest plausible result wins.
//!
//! Then the learned models of [`crate::blocks`] read the whole page, cut into
//! its rendered blocks with what the passes above said of each: the
//! page-type model names the kind of page, and on a page it does not call an
//! article, the block model's choice of blocks (smoothed in reading order)
//! replaces the structural body, because listings, threads, product and
//! service pages spread their content over several containers
//! ([`BlockMode`] says which combinations exist; `examples/train_blocks.rs`
//! compares them by site folds).

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use rustc_hash::FxHasher;

use crate::blocks::{self, BlockFacts, PageSignals};
use crate::boilerplate::{bare_label, classify_line, Boilerplate, Label};
use crate::dom::{AttrName, Dom, NodeData, NodeIndex, Tag};
use crate::explain::Trace;
use crate::lexicon::{lead_prefix, LEXICON};
use crate::lines::{smooth, LineModel};
use crate::normalize::{collapse_whitespace, has_text};
use crate::{Block, BlockKind, Link};

/// What the body extractor found.
#[derive(Debug, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    /// The kind of page the page-type model recognised (see
    /// [`blocks::PAGE_TYPES`]), when it ran.
    pub page_type: Option<&'static str>,
    pub related: Vec<Link>,
    pub next: Option<Link>,
    pub tags: Vec<String>,
    pub source_language: Option<String>,
}

/// What the page's metadata tells the body extractor.
#[derive(Debug, Default, Clone, Copy)]
pub struct BodyHints<'a> {
    pub title: Option<&'a str>,
    /// The site's name: above the story it is the masthead, not text.
    pub site_name: Option<&'a str>,
    /// The page's JSON-LD blocks and address, for the page-type model.
    pub signals: PageSignals<'a>,
}

/// How strict one extraction attempt is.
#[derive(Debug, Clone, Copy)]
struct Strictness {
    prune_by_class: bool,
    clean_containers: bool,
}

const ATTEMPTS: [Strictness; 3] = [
    Strictness {
        prune_by_class: true,
        clean_containers: true,
    },
    Strictness {
        prune_by_class: false,
        clean_containers: true,
    },
    Strictness {
        prune_by_class: false,
        clean_containers: false,
    },
];

/// Body text shorter than this (in chars) makes us try again, less strictly.
const SHORT_BODY: usize = 250;

/// How the learned block model ([`crate::blocks`]) takes part in choosing
/// the body.
#[derive(Debug, Clone, Copy)]
pub struct BlockReader<'a> {
    pub model: Option<&'a LineModel>,
    /// The page-type model.
    pub pages: Option<&'a LineModel>,
    pub mode: BlockMode,
    /// The smoothing's cost of switching between content and chrome.
    pub switch_cost: f32,
    /// Added to every block's score before smoothing (above zero keeps more).
    pub bias: f32,
}

/// What the block model may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockMode {
    /// The structural extraction alone.
    Structural,
    /// The structural body, less the blocks the model calls chrome.
    Veto,
    /// The page's blocks the model calls content, the structural verdict
    /// being one of its features.
    Model,
    /// The structural body on pages the page-type model calls articles,
    /// the block model's choice on other kinds of page.
    Gated,
}

impl Default for BlockReader<'static> {
    fn default() -> Self {
        BlockReader {
            model: blocks::embedded(),
            pages: blocks::embedded_pages(),
            mode: BlockMode::Gated,
            switch_cost: 2.0,
            bias: 100.0,
        }
    }
}

/// Finds the article body in a page; when `trace` records, what was left
/// out goes to it with its reason.
pub(crate) fn extract_body(dom: &Dom, trace: &mut Trace, hints: BodyHints) -> Body {
    extract_body_with(dom, trace, hints, BlockReader::default())
}

/// One extraction attempt's state, kept for the block model.
struct Attempt {
    stats: Stats,
    chosen: Vec<NodeIndex>,
    written: Vec<bool>,
    strictness: Strictness,
}

/// Finds the article body in a page, with the block model as `reader` says.
/// When the block model chooses, `trace` holds the blocks it left out
/// instead of the structural attempt's reasons.
pub(crate) fn extract_body_with(
    dom: &Dom,
    trace: &mut Trace,
    hints: BodyHints,
    reader: BlockReader,
) -> Body {
    let classes = PageFacts::compute(dom);
    let links = harvest_links(dom);
    let (body, attempt) = structural_body(dom, trace, hints, &classes, &links);
    let (Some(model), Some(attempt)) = (reader.model, attempt) else {
        return body;
    };
    if reader.mode == BlockMode::Structural && reader.pages.is_none() {
        return body;
    }
    let walk = |texts| {
        page_walk(
            dom,
            &attempt.stats,
            &classes,
            &attempt.written,
            attempt.strictness,
            texts,
        )
    };
    // The page type reads the blocks' counts; their texts are written only
    // when the block model reads them.
    let page_type = reader.pages.map(|pages| {
        let counted = walk(Texts::Short);
        let kind = blocks::page_type(pages, &page_type_features(dom, &counted, hints.signals));
        blocks::PAGE_TYPES[kind]
    });
    let mode = match reader.mode {
        BlockMode::Gated if page_type == Some("article") => BlockMode::Structural,
        BlockMode::Gated => BlockMode::Model,
        mode => mode,
    };
    let mut out = if mode == BlockMode::Structural {
        body
    } else {
        let page = walk(Texts::All);
        let mut facts = block_facts(dom, &attempt.stats, &page);
        read_rules(&mut facts);
        let scores: Vec<f32> = blocks::score_blocks(model, &facts)
            .into_iter()
            .map(|s| s + reader.bias)
            .collect();
        let keep = smooth(&scores, reader.switch_cost);
        if mode == BlockMode::Model {
            if trace.is_on() {
                *trace = Trace::recording();
            }
            let mut raw = Vec::new();
            for (block, &kept) in page.into_iter().zip(&keep) {
                if kept {
                    raw.push(block);
                } else {
                    trace.drop(&block.text, "block-model:chrome");
                }
            }
            finish(raw, links.0, links.1, hints, trace)
        } else {
            // A structural block goes when every page block of its element
            // is called chrome.
            let mut verdict: HashMap<NodeIndex, bool, BuildHasherDefault<FxHasher>> =
                HashMap::default();
            for (b, &k) in page.iter().zip(&keep) {
                *verdict.entry(b.node).or_insert(false) |= k;
            }
            if trace.is_on() {
                *trace = Trace::recording();
            }
            let (raw, _) = emit_blocks(
                dom,
                &attempt.stats,
                &attempt.chosen,
                attempt.strictness,
                &classes,
                trace,
            );
            let mut kept = Vec::new();
            for block in raw {
                if verdict.get(&block.node).copied().unwrap_or(true) {
                    kept.push(block);
                } else {
                    trace.drop(&block.text, "block-model:chrome");
                }
            }
            finish(kept, links.0, links.1, hints, trace)
        }
    };
    out.page_type = page_type;
    out
}

/// The structural extraction: up to three attempts, less strict each time
/// the body comes out short; the longest plausible one wins.
fn structural_body(
    dom: &Dom,
    trace: &mut Trace,
    hints: BodyHints,
    classes: &PageFacts,
    links: &(Vec<Link>, Option<Link>),
) -> (Body, Option<Attempt>) {
    let mut best: Option<(usize, Body, Attempt, Trace)> = None;
    for strictness in ATTEMPTS {
        let stats = Stats::compute(dom, classes, strictness);
        let Some(chosen) = choose_body(dom, &stats) else {
            continue;
        };
        let mut attempt_trace = if trace.is_on() {
            Trace::recording()
        } else {
            Trace::off()
        };
        let (blocks, written) = emit_blocks(
            dom,
            &stats,
            &chosen,
            strictness,
            classes,
            &mut attempt_trace,
        );
        let body = finish(
            blocks,
            links.0.clone(),
            links.1.clone(),
            hints,
            &mut attempt_trace,
        );
        let len: usize = body.blocks.iter().map(|b| b.text.chars().count()).sum();
        if best.as_ref().is_none_or(|(l, _, _, _)| len > *l * 2) {
            let attempt = Attempt {
                stats,
                chosen,
                written,
                strictness,
            };
            best = Some((len, body, attempt, attempt_trace));
        }
        if len >= SHORT_BODY {
            break;
        }
    }
    match best {
        Some((_, body, attempt, mut attempt_trace)) => {
            trace.append(&mut attempt_trace);
            (body, Some(attempt))
        }
        None => (Body::default(), None),
    }
}

/// The page's rendered blocks with their hashed features, for training the
/// block model: `(text, features)` in document order, and the page's
/// features for the page-type model.
pub fn page_block_features(dom: &Dom, hints: BodyHints) -> (Vec<(String, Vec<u32>)>, Vec<u32>) {
    let classes = PageFacts::compute(dom);
    let links = harvest_links(dom);
    let (_, attempt) = structural_body(dom, &mut Trace::off(), hints, &classes, &links);
    let Some(attempt) = attempt else {
        return (Vec::new(), Vec::new());
    };
    let page = page_walk(
        dom,
        &attempt.stats,
        &classes,
        &attempt.written,
        attempt.strictness,
        Texts::All,
    );
    let page_features = page_type_features(dom, &page, hints.signals);
    let mut facts = block_facts(dom, &attempt.stats, &page);
    read_rules(&mut facts);
    let features = blocks::block_features(&facts);
    let blocks = page.iter().map(|b| b.text.clone()).zip(features).collect();
    (blocks, page_features)
}

/// How far up the DOM path features reach.
const PATH_DEPTH: usize = 12;

/// The page-type model's features of a page: its blocks' counts and the
/// set of their DOM path features. The set is gathered element by element
/// (each element's features at each depth once), without building each
/// block's own path, which only the block model reads.
fn page_type_features(dom: &Dom, page: &[RawBlock], signals: PageSignals) -> Vec<u32> {
    let mut shape = blocks::PageShape::default();
    for b in page {
        shape.add(&b.text, b.kind, b.chars, b.link_chars, b.emitted_chars);
    }
    let mut seen: HashSet<(NodeIndex, usize), BuildHasherDefault<FxHasher>> = HashSet::default();
    let mut bag = Vec::new();
    for b in page {
        // A block element seen before had its whole path gathered then.
        if seen.contains(&(b.node, 0)) {
            continue;
        }
        let mut at = b.node;
        for depth in 0..PATH_DEPTH {
            let Some(name) = dom.name(at) else { break };
            if matches!(dom.tag(at), Some(Tag::Body | Tag::Html)) {
                break;
            }
            if seen.insert((at, depth.min(5))) {
                blocks::path_features(depth, name.variant_name(), dom.class_id(at), &mut bag);
            }
            let parent = dom.nodes[at].parent;
            if parent == at {
                break;
            }
            at = parent;
        }
    }
    blocks::page_features(&shape, &bag, signals)
}

/// What the block model reads about each page block.
fn block_facts<'a>(dom: &Dom, s: &Stats, page: &'a [RawBlock]) -> Vec<BlockFacts<'a>> {
    type Map<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
    // An element's features depend only on its depth (up to five), so
    // blocks that share ancestors share the work.
    let mut parts: Map<(NodeIndex, usize), Vec<u32>> = Map::default();
    let mut paths: Map<NodeIndex, Vec<u32>> = Map::default();
    page.iter()
        .map(|b| {
            let path = paths
                .entry(b.node)
                .or_insert_with(|| {
                    let mut out = Vec::new();
                    let mut at = b.node;
                    for depth in 0..PATH_DEPTH {
                        let Some(name) = dom.name(at) else { break };
                        if matches!(dom.tag(at), Some(Tag::Body | Tag::Html)) {
                            break;
                        }
                        let own = parts.entry((at, depth.min(5))).or_insert_with(|| {
                            let mut own = Vec::new();
                            blocks::path_features(
                                depth,
                                name.variant_name(),
                                dom.class_id(at),
                                &mut own,
                            );
                            own
                        });
                        out.extend_from_slice(own);
                        let parent = dom.nodes[at].parent;
                        if parent == at {
                            break;
                        }
                        at = parent;
                    }
                    out
                })
                .clone();
            BlockFacts {
                text: &b.text,
                kind: b.kind,
                level: b.level,
                chars: b.chars,
                link_chars: b.link_chars,
                emitted_chars: b.emitted_chars,
                removed: s.removed[b.node],
                labelled: s.labelled[b.node],
                weight: s.weight[b.node],
                path,
                rule: "unread",
            }
        })
        .collect()
}

/// Fills in the line rules' verdict of each block (left out of
/// [`block_facts`] because the page-type model does not read it).
fn read_rules(facts: &mut [BlockFacts]) {
    for fact in facts {
        fact.rule = if fact.chars >= 300 {
            "long"
        } else {
            match classify_line(fact.text) {
                Some(Boilerplate::Promo) => "promo",
                Some(Boilerplate::TypoNotice) => "typo",
                Some(Boilerplate::TranslationNote(_)) => "translation",
                Some(Boilerplate::Tags(_)) => "tags",
                Some(Boilerplate::Next(_) | Boilerplate::Previous(_)) => "next",
                Some(Boilerplate::Related(_)) => "related",
                Some(Boilerplate::Legal) => "legal",
                None if is_byline_or_dateline(fact.text) => "byline",
                None => "none",
            }
        };
    }
}

// ---------------------------------------------------------------------------
// Pass 1 and 2: per-node statistics, pruning and scores.

/// Per-node facts, indexed like [`Dom::nodes`].
struct Stats {
    removed: Vec<bool>,
    /// Chars of visible text in the subtree (whitespace not counted).
    text: Vec<u32>,
    /// Of which inside links.
    link_text: Vec<u32>,
    /// Text written directly in this block (not in a nested block).
    own_text: Vec<u32>,
    own_link_text: Vec<u32>,
    own_commas: Vec<u32>,
    /// Whether a block-level element is somewhere below.
    has_block: Vec<bool>,
    score: Vec<f32>,
    /// Chars of prose (sentences, not links) in the subtree.
    good: Vec<f32>,
    /// Chars of chrome (links, short fragments) in the subtree.
    bad: Vec<f32>,
    /// Class/id prior of each element.
    weight: Vec<i16>,
    /// Inside a section labelled as other articles: never the body's core
    /// or one of its parts, and left out when the body is written (not
    /// pruned: their links still tell a container's link density).
    labelled: Vec<bool>,
}

impl Stats {
    fn compute(dom: &Dom, classes: &PageFacts, strictness: Strictness) -> Stats {
        let n = dom.nodes.len();
        let mut s = Stats {
            removed: vec![false; n],
            text: vec![0; n],
            link_text: vec![0; n],
            own_text: vec![0; n],
            own_link_text: vec![0; n],
            own_commas: vec![0; n],
            has_block: classes.has_block.clone(),
            score: vec![0.0; n],
            good: vec![0.0; n],
            bad: vec![0.0; n],
            weight: vec![0; n],
            labelled: classes.labelled.clone(),
        };
        let raw_text = &classes.raw_text;
        let page_text = classes.page_text;
        let mut in_link = vec![false; n];
        let mut block_of: Vec<NodeIndex> = (0..n).collect();
        for i in 0..n {
            let parent = dom.nodes[i].parent;
            let parent_removed = parent != i && s.removed[parent];
            in_link[i] = parent != i && (in_link[parent] || dom.tag(parent) == Some(Tag::A));
            block_of[i] = if parent == i || is_block_like(dom, &s.has_block, parent) {
                parent
            } else {
                block_of[parent]
            };
            if let Some(e) = dom.element(i) {
                s.weight[i] = classes.weight[i];
                let minor = raw_text[i] * 2 < page_text;
                let prune = parent_removed
                    || (classes.prunes_always[i]
                        && (minor || matches!(e.tag, Tag::Head | Tag::Title)))
                    || (e.hidden && (minor || strictness.prune_by_class))
                    || (strictness.prune_by_class && classes.chrome[i] && minor);
                s.removed[i] = prune;
            } else {
                s.removed[i] = parent_removed;
            }
        }
        for i in (0..n).rev() {
            if s.removed[i] {
                continue;
            }
            if dom.text(i).is_some() {
                let (chars, commas) = classes.counts[i];
                s.text[i] = chars;
                if in_link[i] {
                    s.link_text[i] = chars;
                }
                let b = block_of[i];
                s.own_text[b] += chars;
                s.own_commas[b] += commas;
                if in_link[i] {
                    s.own_link_text[b] += chars;
                }
            }
            let parent = dom.nodes[i].parent;
            if parent != i {
                s.text[parent] += s.text[i];
                s.link_text[parent] += s.link_text[i];
            }
        }
        score_paragraphs(dom, &mut s);
        weigh_prose(dom, &mut s);
        s
    }

    fn link_density(&self, i: NodeIndex) -> f32 {
        if self.text[i] == 0 {
            return 0.0;
        }
        self.link_text[i] as f32 / self.text[i] as f32
    }
}

/// Subtree text length before any pruning, and which nodes hold blocks.
fn raw_text_lengths(dom: &Dom, counts: &[(u32, u32)], has_block: &mut [bool]) -> Vec<u32> {
    let n = dom.nodes.len();
    let mut raw = vec![0u32; n];
    for i in (0..n).rev() {
        raw[i] += counts[i].0;
        let parent = dom.nodes[i].parent;
        if parent == i {
            continue;
        }
        raw[parent] += raw[i];
        let block_here = dom.tag(i).is_some_and(|t| t.is_block());
        if block_here || has_block[i] {
            has_block[parent] = true;
        }
    }
    raw
}

/// Visible chars (no whitespace) and commas of a text node.
fn count_text(text: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    if text.is_ascii() {
        for &b in text.as_bytes() {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                chars += 1;
                commas += u32::from(b == b',' || b == b';');
            }
        }
        return (chars, commas);
    }
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        if matches!(c, ',' | '，' | '、' | '،' | ';') {
            commas += 1;
        }
    }
    (chars, commas)
}

/// Whether text directly inside `i` forms its own block.
fn is_block_like(dom: &Dom, has_block: &[bool], i: NodeIndex) -> bool {
    match dom.tag(i) {
        Some(Tag::Other) => has_block[i],
        Some(t) => t.is_block(),
        None => false,
    }
}

/// Elements that never hold article text, whatever their class says.
/// `role` is the element's, lower-cased.
fn prunes_always(dom: &Dom, i: NodeIndex, role: Option<&str>) -> bool {
    let Some(e) = dom.element(i) else {
        return false;
    };
    if matches!(
        role,
        Some(
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "alertdialog"
                | "menu"
                | "menubar"
                | "search"
        )
    ) {
        return true;
    }
    matches!(
        e.tag,
        Tag::Nav
            | Tag::Control
            | Tag::Aside
            | Tag::Figcaption
            | Tag::Head
            | Tag::Title
            | Tag::Footer
    )
}

/// Words in a class or id that mark page chrome rather than the article,
/// matched against the parts of each class (`article-comments` → comments).
const CHROME: &[&str] = &[
    "comment",
    "comments",
    "disqus",
    "share",
    "sharing",
    "social",
    "sociallinks",
    "related",
    "recommend",
    "recommended",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "promo",
    "advert",
    "advertisement",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "banner",
    "sidebar",
    "widget",
    "popup",
    "modal",
    "breadcrumb",
    "breadcrumbs",
    "pagination",
    "pager",
    "footer",
    "masthead",
    "navbar",
    "navigation",
    "menu",
    "toolbar",
    "outbrain",
    "taboola",
    "recirc",
    "trending",
    "popular",
    "mostread",
    "byline",
    "authorbio",
    "caption",
    "credit",
    "copyright",
    "rating",
    "poll",
    "login",
    "teaser",
    "readmore",
    "donate",
    "survey",
    "tooltip",
    "header",
    "dateline",
    "timestamp",
    "adsbygoogle",
    "infobox",
    "feedback",
];

/// Whole class tokens that mark chrome but are too short or common to match
/// as parts of longer names.
const CHROME_TOKENS: &[&str] = &[
    "ad",
    "ads",
    "nav",
    "meta",
    "tags",
    "tag-list",
    "taglist",
    "keywords",
    "hidden",
    "print",
    "toc",
    "alert",
    "more-stories",
    "read-more",
    "next",
    "prev",
    "previous",
    "also",
    "vote",
    "follow",
    "follow-us",
    "dfp",
    "embed",
    "skip-link",
    "sr-only",
    "visually-hidden",
    "offscreen",
];

/// Words in a class or id that mark the article itself.
const ARTICLE: &[&str] = &[
    "article",
    "articlebody",
    "article-body",
    "article-content",
    "articletext",
    "body",
    "content",
    "entry",
    "entry-content",
    "main",
    "post",
    "post-content",
    "post-body",
    "story",
    "story-body",
    "storycontent",
    "text",
    "blog",
    "news",
    "column",
    "page-content",
    "prose",
    "rich-text",
    "richtext",
    "td-post-content",
    "field-body",
    "node-content",
];

/// Splits a class/id string into its words: `article-sidebar__link` → article, sidebar, link.
fn class_words(class_id: &str) -> impl Iterator<Item = &str> {
    class_id
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ':')
        .filter(|w| !w.is_empty())
}

/// What each element's class, id, role and itemprop say, worked out once per page.
/// What does not change between extraction attempts, worked out once per
/// page: each element's class, id, role and itemprop verdicts, and each
/// node's text counts.
struct PageFacts {
    /// The element looks like page chrome (and not like the article).
    chrome: Vec<bool>,
    /// The class/id prior.
    weight: Vec<i16>,
    /// Inside a section labelled as other articles ("Related", "You may
    /// also like").
    labelled: Vec<bool>,
    /// [`prunes_always`] of each element.
    prunes_always: Vec<bool>,
    /// Visible chars and commas of each text node (zero for elements).
    counts: Vec<(u32, u32)>,
    /// Subtree text length before any pruning.
    raw_text: Vec<u32>,
    /// Whether a block-level element is somewhere below.
    has_block: Vec<bool>,
    /// The body's raw text length (at least 1).
    page_text: u32,
}

impl PageFacts {
    fn compute(dom: &Dom) -> PageFacts {
        let n = dom.nodes.len();
        let mut v = PageFacts {
            chrome: vec![false; n],
            weight: vec![0; n],
            labelled: vec![false; n],
            prunes_always: vec![false; n],
            counts: vec![(0, 0); n],
            raw_text: Vec::new(),
            has_block: vec![false; n],
            page_text: 1,
        };
        // Pages repeat the same class strings many times over (menu items,
        // cards): each distinct one is read once.
        let mut seen: HashMap<&str, ClassSignals, BuildHasherDefault<FxHasher>> =
            HashMap::default();
        for i in 0..n {
            if let Some(t) = dom.text(i) {
                v.counts[i] = count_text(t);
                continue;
            }
            let class_id = dom.class_id(i);
            let signals = if class_id.is_empty() {
                ClassSignals::default()
            } else {
                *seen
                    .entry(class_id)
                    .or_insert_with(|| class_signals(class_id))
            };
            let role = dom.attr(i, AttrName::Role).map(str::to_ascii_lowercase);
            let itemprop = dom.attr(i, AttrName::Itemprop).map(str::to_ascii_lowercase);
            v.chrome[i] = looks_like_chrome(signals, class_id, role.as_deref());
            v.weight[i] = class_weight(signals, itemprop.as_deref());
            v.prunes_always[i] = prunes_always(dom, i, role.as_deref());
        }
        v.raw_text = raw_text_lengths(dom, &v.counts, &mut v.has_block);
        v.page_text = dom
            .find(Tag::Body)
            .map_or(v.raw_text[0], |b| v.raw_text[b])
            .max(1);
        v.mark_labelled_sections(dom);
        v.keep_embedded_posts(dom);
        v
    }

    /// A post embedded in the story (a tweet, an Instagram or TikTok post)
    /// comes as a `<blockquote>` with its platform's class, inside a
    /// wrapper whose class often says "social" or "embed". The post is
    /// quoted evidence, part of the report: a wrapper that holds little
    /// besides it is not chrome. (Other block quotes are left as they are:
    /// comments and pull quotes come as block quotes too.)
    fn keep_embedded_posts(&mut self, dom: &Dom) {
        for q in 0..dom.nodes.len() {
            if dom.tag(q) != Some(Tag::Blockquote) || self.raw_text[q] == 0 {
                continue;
            }
            let class = dom.class_id(q);
            if !EMBEDDED_POST.iter().any(|p| class.contains(p)) {
                continue;
            }
            let quoted = self.raw_text[q];
            let mut at = q;
            for _ in 0..EMBED_WRAPPERS {
                if self.raw_text[at] > quoted + quoted / 2 {
                    break;
                }
                self.chrome[at] = false;
                self.weight[at] = self.weight[at].max(0);
                let parent = dom.nodes[at].parent;
                if parent == at {
                    break;
                }
                at = parent;
            }
        }
    }

    /// A section that opens with a heading saying "Related" or "You may
    /// also like" holds other articles, whatever its class says: the
    /// heading's smallest enclosing element with more text than the
    /// heading, when the heading is the first text in it, is marked, and so
    /// is everything inside it.
    fn mark_labelled_sections(&mut self, dom: &Dom) {
        for h in 0..dom.nodes.len() {
            let text = self.raw_text[h];
            if text == 0 || text > MAX_LABEL_TEXT || !matches!(dom.tag(h), Some(Tag::H(_))) {
                continue;
            }
            let mut section = h;
            while dom.nodes[section].parent != section && self.raw_text[section] <= text {
                section = dom.nodes[section].parent;
            }
            let opens = section != h && (section..h).all(|d| self.counts[d].0 == 0);
            if !opens {
                continue;
            }
            let label = collapse_whitespace(&plain_text(dom, h));
            if bare_label(&label) != Some(Label::Related) {
                continue;
            }
            let holds_headline = (section..dom.nodes[section].end)
                .any(|d| matches!(dom.tag(d), Some(Tag::H(1) | Tag::Body)));
            if !holds_headline {
                self.labelled[section] = true;
            }
        }
        // Parents come before their children in the arena.
        for i in 0..dom.nodes.len() {
            let parent = dom.nodes[i].parent;
            self.labelled[i] |= parent != i && self.labelled[parent];
        }
    }
}

/// Class words of the `<blockquote>` each platform's embed code writes.
const EMBEDDED_POST: &[&str] = &[
    "twitter-tweet",
    "twitter-video",
    "instagram-media",
    "tiktok-embed",
    "bluesky-embed",
    "mastodon-embed",
    "reddit-embed",
    "reddit-card",
    "text-post-media",
];

/// How many wrappers around an embedded post are let off being chrome.
const EMBED_WRAPPERS: usize = 4;

/// Headings with more visible chars than this are not labels.
const MAX_LABEL_TEXT: u32 = 60;

/// A word list hashed once: pages with utility-class CSS ask it about
/// thousands of class words each.
struct WordList(HashSet<&'static str, BuildHasherDefault<FxHasher>>);

impl WordList {
    fn new(words: &[&'static str]) -> WordList {
        WordList(words.iter().copied().collect())
    }

    fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

static CHROME_SET: LazyLock<WordList> = LazyLock::new(|| WordList::new(CHROME));
static CHROME_TOKEN_SET: LazyLock<WordList> = LazyLock::new(|| WordList::new(CHROME_TOKENS));
static ARTICLE_SET: LazyLock<WordList> = LazyLock::new(|| WordList::new(ARTICLE));

fn is_chrome_word(word: &str) -> bool {
    CHROME_SET.contains(word)
}

/// What a class/id string says, read in one pass over its tokens and words.
#[derive(Debug, Default, Clone, Copy)]
struct ClassSignals {
    chrome: bool,
    articleish: bool,
    bio: bool,
}

fn class_signals(class_id: &str) -> ClassSignals {
    let mut signals = ClassSignals::default();
    for token in class_id.split_whitespace() {
        signals.chrome |= CHROME_TOKEN_SET.contains(token);
        signals.articleish |= ARTICLE_SET.contains(token);
        // An author's bio is never the story, whatever it is inside
        // ("entry-author-bio", "post-author-bio").
        let names_bio = class_words(token).last().is_some_and(|w| w == "bio");
        signals.chrome |= names_bio;
        signals.bio |= names_bio;
        for word in class_words(token) {
            // Class names written in camel case reach us lower-cased
            // ("newsCaption" → "newscaption"): a caption is one whatever
            // comes before the word.
            signals.chrome |= is_chrome_word(word) || word.ends_with("caption");
            signals.articleish |= matches!(
                word,
                "article"
                    | "articlebody"
                    | "content"
                    | "entry"
                    | "story"
                    | "body"
                    | "main"
                    | "post"
                    | "text"
                    | "prose"
            );
        }
    }
    signals
}

fn looks_like_chrome(signals: ClassSignals, class_id: &str, role: Option<&str>) -> bool {
    if class_id.is_empty() {
        return matches!(role, Some("note" | "status" | "toolbar"));
    }
    signals.bio || (signals.chrome && !signals.articleish)
}

/// The class/id prior: +25 article-like, −25 chrome-like, +50 for
/// `itemprop=articleBody`.
fn class_weight(signals: ClassSignals, itemprop: Option<&str>) -> i16 {
    let mut weight = 0;
    if matches!(itemprop, Some("articlebody" | "text" | "reviewbody")) {
        weight += 50;
    }
    if signals.articleish {
        weight += 25;
    }
    if signals.chrome {
        weight -= 25;
    }
    weight
}

fn tag_prior(tag: Tag) -> f32 {
    match tag {
        Tag::Div | Tag::Article | Tag::Main => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H(_) | Tag::Th => -5.0,
        _ => 0.0,
    }
}

/// Splits each block's own text into prose and chrome, and sums both up the tree.
fn weigh_prose(dom: &Dom, s: &mut Stats) {
    for i in 0..dom.nodes.len() {
        if s.removed[i] || s.own_text[i] == 0 {
            continue;
        }
        let links = s.own_link_text[i] as f32;
        let plain = (s.own_text[i] - s.own_link_text[i].min(s.own_text[i])) as f32;
        s.bad[i] += links;
        match dom.tag(i) {
            Some(Tag::H(_)) => {}
            Some(Tag::Li | Tag::Dt | Tag::Dd) if plain < 40.0 => {}
            _ if plain >= 40.0 && links < plain => s.good[i] += plain,
            _ => s.bad[i] += plain,
        }
    }
    for i in (0..dom.nodes.len()).rev() {
        let parent = dom.nodes[i].parent;
        if parent != i && !s.removed[i] {
            s.good[parent] += s.good[i];
            s.bad[parent] += s.bad[i];
        }
    }
}

/// How much article a subtree holds: its prose less its chrome.
fn mass(s: &Stats, i: NodeIndex) -> f32 {
    s.good[i] - 5.0 * s.bad[i]
}

/// Visible chars of loose text that make a paragraph of its container.
const MIN_LOOSE_PARAGRAPH: u32 = 150;

/// Scores each paragraph and hands the score up to five ancestors.
fn score_paragraphs(dom: &Dom, s: &mut Stats) {
    let n = dom.nodes.len();
    let mut primed = vec![false; n];
    for i in 0..n {
        if s.removed[i] || s.own_text[i] < 25 {
            continue;
        }
        let Some(tag) = dom.tag(i) else { continue };
        if matches!(
            tag,
            Tag::H(_) | Tag::Li | Tag::Dt | Tag::Th | Tag::Caption | Tag::A
        ) {
            continue;
        }
        if s.own_link_text[i] * 2 > s.own_text[i] {
            continue;
        }
        let score = 1.0 + s.own_commas[i] as f32 + (s.own_text[i] as f32 / 100.0).min(3.0);
        // Text set loose in a container (`<div>text<br>text</div>`) is a
        // paragraph inside it: the container is its first ancestor.
        // Only prose-length text: a short loose line is a label or a teaser.
        let loose = matches!(
            tag,
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Td
        ) && s.own_text[i] >= MIN_LOOSE_PARAGRAPH;
        let first = if loose {
            Some(i)
        } else {
            Some(dom.nodes[i].parent).filter(|&p| p != i)
        };
        let ancestors =
            std::iter::successors(first, |&n| Some(dom.nodes[n].parent).filter(|&p| p != n));
        for (level, parent) in ancestors.take(5).enumerate() {
            if dom.element(parent).is_none() {
                break;
            }
            if !primed[parent] {
                primed[parent] = true;
                let prior = dom.tag(parent).map_or(0.0, tag_prior);
                s.score[parent] += prior + s.weight[parent] as f32;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            s.score[parent] += score / divider;
        }
    }
    for (i, _) in primed.iter().enumerate().filter(|(_, &p)| p) {
        s.score[i] *= 1.0 - s.link_density(i);
    }
}

// ---------------------------------------------------------------------------
// Pass 3: the core container and its article-like siblings.

/// The subtrees that make up the body, in document order.
fn choose_body(dom: &Dom, s: &Stats) -> Option<Vec<NodeIndex>> {
    let mut ranked: Vec<NodeIndex> = (0..dom.nodes.len())
        .filter(|&i| s.score[i] > 0.0 && !s.removed[i] && !s.labelled[i])
        .collect();
    if ranked.is_empty() {
        return dom.find(Tag::Body).map(|b| vec![b]);
    }
    ranked.sort_by(|&a, &b| s.score[b].total_cmp(&s.score[a]));
    let mut top = ranked[0];
    let top_score = s.score[top];

    // Several strong candidates under one ancestor: the ancestor is the body.
    let rivals: Vec<NodeIndex> = ranked
        .iter()
        .skip(1)
        .take(5)
        .copied()
        .filter(|&c| s.score[c] >= 0.75 * top_score)
        .collect();
    if rivals.len() >= 2 {
        let mut ancestor = dom.nodes[top].parent;
        while ancestor != dom.nodes[ancestor].parent && dom.tag(ancestor) != Some(Tag::Body) {
            let inside = rivals
                .iter()
                .filter(|&&r| r > ancestor && r < dom.nodes[ancestor].end)
                .count();
            if inside >= 2 {
                top = ancestor;
                break;
            }
            ancestor = dom.nodes[ancestor].parent;
        }
    }
    // Bodies split into sections: climb while the ancestor holds more article.
    let mut best = top;
    let mut ancestor = dom.nodes[top].parent;
    while ancestor != dom.nodes[ancestor].parent
        && dom.tag(ancestor).is_some_and(|t| t != Tag::Html)
    {
        if mass(s, ancestor) > mass(s, best) + 1.0 {
            best = ancestor;
        }
        if dom.tag(ancestor) == Some(Tag::Body) {
            break;
        }
        ancestor = dom.nodes[ancestor].parent;
    }
    top = best;
    // An only child stands for its parent.
    loop {
        let parent = dom.nodes[top].parent;
        if parent == top || matches!(dom.tag(parent), Some(Tag::Body | Tag::Html) | None) {
            break;
        }
        let elements = dom
            .children(parent)
            .filter(|&c| dom.element(c).is_some() && !s.removed[c])
            .count();
        let stray_text = dom
            .children(parent)
            .any(|c| !s.removed[c] && dom.element(c).is_none() && s.text[c] > 0);
        if elements != 1 || stray_text {
            break;
        }
        top = parent;
    }
    let chosen = with_siblings(dom, s, top);
    Some(chosen)
}

fn with_siblings(dom: &Dom, s: &Stats, top: NodeIndex) -> Vec<NodeIndex> {
    let parent = dom.nodes[top].parent;
    if parent == top {
        return vec![top];
    }
    let top_score = s.score[top];
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.class_id(top);
    dom.children(parent)
        .filter(|&c| {
            c == top
                || (!s.removed[c]
                    && !s.labelled[c]
                    && sibling_belongs(dom, s, c, top_class, top_score, threshold))
        })
        .collect()
}

fn sibling_belongs(
    dom: &Dom,
    s: &Stats,
    c: NodeIndex,
    top_class: &str,
    top_score: f32,
    threshold: f32,
) -> bool {
    let Some(e) = dom.element(c) else {
        return false;
    };
    let mut bonus = 0.0;
    if !top_class.is_empty() && dom.class_id(c) == top_class {
        bonus = top_score * 0.2;
    }
    if s.score[c] + bonus >= threshold {
        return true;
    }
    if !matches!(
        e.tag,
        Tag::P | Tag::Blockquote | Tag::Pre | Tag::Ul | Tag::Ol
    ) && s.has_block[c]
    {
        return false;
    }
    let len = s.text[c];
    let density = s.link_density(c);
    if len > 80 && density < 0.25 {
        return true;
    }
    len > 0 && density == 0.0 && e.tag == Tag::P && ends_sentence(&subtree_text(dom, s, c))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '…', '。', '！', '？', '"', '»', '”'])
}

// ---------------------------------------------------------------------------
// Pass 4: blocks.

/// A block with what we need to judge it after emission.
#[derive(Debug)]
struct RawBlock {
    kind: BlockKind,
    text: String,
    link_chars: u32,
    chars: u32,
    href: Option<String>,
    /// The heading level, for headings.
    level: u8,
    /// The innermost block element it was written from.
    node: NodeIndex,
    /// Of its chars, how many the structural walk wrote (page walk only).
    emitted_chars: u32,
}

/// Walks the chosen subtrees into blocks; what is skipped inside them goes
/// to `trace` with its reason, and `written` marks each text node (and each
/// `<pre>` or table) that went into a block.
fn emit_blocks(
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
fn page_walk(
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
enum Texts {
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
fn subtree_text(dom: &Dom, s: &Stats, root: NodeIndex) -> String {
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
fn plain_text(dom: &Dom, root: NodeIndex) -> String {
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

// ---------------------------------------------------------------------------
// Links to other articles, from the boxes pruned as "related" or "next".

fn harvest_links(dom: &Dom) -> (Vec<Link>, Option<Link>) {
    let mut related: Vec<Link> = Vec::new();
    let mut next = None;
    let mut i = 0;
    while i < dom.nodes.len() {
        let Some(e) = dom.element(i) else {
            i += 1;
            continue;
        };
        let class_id = dom.class_id(i);
        if class_id.is_empty() {
            i += 1;
            continue;
        }
        let words = || class_words(class_id);
        let is_related = words().any(|w| {
            matches!(
                w,
                "related" | "recommended" | "recommend" | "readmore" | "more" | "also"
            )
        });
        let is_next = next.is_none()
            && words().any(|w| w == "next")
            && !words().any(|w| matches!(w, "prev" | "previous" | "pagination" | "pager"));
        if !(is_related || is_next) || e.hidden {
            i += 1;
            continue;
        }
        for a in (i..dom.nodes[i].end).filter(|&a| dom.tag(a) == Some(Tag::A)) {
            let title = collapse_whitespace(&plain_text(dom, a));
            if !is_headline(&title) {
                continue;
            }
            let link = Link {
                title,
                url: dom.attr(a, AttrName::Href).map(str::to_string),
            };
            if is_next && next.is_none() && !is_related {
                next = Some(link);
                break;
            }
            if related.len() < 20 && !related.iter().any(|r| r.title == link.title) {
                related.push(link);
            }
        }
        i = dom.nodes[i].end.max(i + 1);
    }
    (related, next)
}

fn is_headline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (4..=30).contains(&words) && text.chars().count() <= 250
}

// ---------------------------------------------------------------------------
// Final clean-up of the emitted blocks.

fn finish(
    raw: Vec<RawBlock>,
    mut related: Vec<Link>,
    mut next: Option<Link>,
    hints: BodyHints,
    trace: &mut Trace,
) -> Body {
    let mut body = Body::default();
    let title_key = hints.title.map(key);
    let site_key = hints.site_name.map(key);
    let mut blocks: Vec<Block> = Vec::with_capacity(raw.len());
    let mut seen_prose = false;
    // After a bare "You may also like" label: the excerpts of other
    // articles, cut off with an ellipsis, or their linked headlines, until
    // a block that is neither.
    let mut teasers_follow = false;
    for b in raw {
        let short = b.chars < 300;
        let linked_headline = short && b.link_chars * 4 >= b.chars * 3;
        if teasers_follow && (is_excerpt(&b.text) || linked_headline) {
            trace.drop(&b.text, "html:teaser-after-label");
            continue;
        }
        teasers_follow = false;
        // The headline or the site's name repeated above the story, as a
        // heading or as a paragraph styled like one.
        if !seen_prose
            && short
            && matches!(b.kind, BlockKind::Heading | BlockKind::Paragraph)
            && (title_key.is_some() || site_key.is_some())
        {
            let block_key = key(&b.text);
            let repeats = |k: &Option<String>| k.as_deref().is_some_and(|k| k == block_key);
            if !block_key.is_empty() && (repeats(&title_key) || repeats(&site_key)) {
                let rule = if repeats(&title_key) {
                    "html:repeats-title"
                } else {
                    "html:repeats-site-name"
                };
                trace.drop(&b.text, rule);
                continue;
            }
        }
        if short && b.kind != BlockKind::Code && b.kind != BlockKind::Table {
            if let Some(found) = classify_line(&b.text) {
                trace.drop_with(|| (b.text.clone(), format!("boilerplate:{}", found.name())));
                match found {
                    Boilerplate::Tags(tags) => body.tags.extend(tags),
                    Boilerplate::Next(title) if next.is_none() => {
                        next = Some(Link {
                            title,
                            url: b.href.clone(),
                        })
                    }
                    Boilerplate::Related(Some(title)) => related.push(Link {
                        title,
                        url: b.href.clone(),
                    }),
                    Boilerplate::TranslationNote(code) => body.source_language = Some(code),
                    Boilerplate::Related(None) => teasers_follow = seen_prose,
                    _ => {}
                }
                continue;
            }
            if !seen_prose && is_byline_or_dateline(&b.text) {
                trace.drop(&b.text, "html:byline-or-dateline");
                continue;
            }
        }
        // A paragraph that is all link is a pointer to another page.
        if b.chars > 0 && b.link_chars * 10 >= b.chars * 9 && b.kind != BlockKind::Heading {
            if is_headline(&b.text) && related.len() < 20 {
                related.push(Link {
                    title: b.text.clone(),
                    url: b.href.clone(),
                });
            }
            trace.drop(&b.text, "html:all-link");
            continue;
        }
        if blocks
            .last()
            .is_some_and(|last: &Block| last.text == b.text)
        {
            trace.drop(&b.text, "html:duplicate");
            continue;
        }
        if b.kind == BlockKind::Paragraph && b.chars >= 80 {
            seen_prose = true;
        }
        blocks.push(Block::new(b.kind, b.text));
    }
    trim_trailing_chrome(&mut blocks, trace);
    body.blocks = blocks;
    body.related = related;
    body.next = next;
    body
}

/// A teaser's excerpt: text cut off with an ellipsis ("… esperando mais à
/// frente por …").
fn is_excerpt(text: &str) -> bool {
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ']' | ')'));
    text.ends_with('…') || text.ends_with("...")
}

/// Short headings or one-liners left dangling at the end (a "Related" heading
/// whose list was removed, "Share this"): dropped.
fn trim_trailing_chrome(blocks: &mut Vec<Block>, trace: &mut Trace) {
    while let Some(last) = blocks.last() {
        let dangling_heading = last.kind == BlockKind::Heading;
        let tiny = last.text.split_whitespace().count() <= 3 && !ends_sentence(&last.text);
        if dangling_heading || tiny {
            trace.drop(&last.text, "html:trailing-chrome");
            blocks.pop();
        } else {
            break;
        }
    }
}

/// "By Jane Doe", "Jane Doe | 4 May 2023", "Updated 10:32 AM EST": metadata
/// lines at the top of a body.
fn is_byline_or_dateline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words > MAX_DATELINE_WORDS {
        return false;
    }
    let lower = text.to_lowercase();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if words <= 14
        && DATELINE_OPENERS
            .iter()
            .any(|o| lower.starts_with(o.as_str()))
    {
        return true;
    }
    // "05/10/2018 - Publicado por: Ana Lima - Categoria: Saúde": a credit
    // label and a date anywhere in a short line.
    if digits >= 4 && CREDIT_LABELS.iter().any(|l| lower.contains(l.as_str())) {
        return true;
    }
    digits >= 4 && words <= 8 && !ends_sentence(text) && has_date_shape(&lower)
}

/// A dateline with a credit label may run to this many words (the
/// category and tags after the name).
const MAX_DATELINE_WORDS: usize = 20;

/// How bylines and datelines open, in the languages we read
/// (`dateline_leads` in [`crate::lexicon`]).
static DATELINE_OPENERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.dateline_leads)
        .map(lead_prefix)
        .collect()
});

/// Credit labels that make a short line with a date a dateline wherever
/// they stand in it (`credit_labels`).
static CREDIT_LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    LEXICON
        .all(|l| &l.credit_labels)
        .map(str::to_string)
        .collect()
});

/// The languages whose month names make a line look dated.
const DATE_SHAPE_LANGUAGES: [&str; 2] = ["en", "ru"];

/// The first three letters of the form each month is written with in
/// dates, in [`DATE_SHAPE_LANGUAGES`] ("jan", «мая»): found anywhere in
/// the line.
static MONTH_STEMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    DATE_SHAPE_LANGUAGES
        .iter()
        .filter_map(|code| LEXICON.language(code))
        .flat_map(|language| language.date_forms())
        .map(|(form, _)| form.chars().take(3).collect())
        .collect()
});

fn has_date_shape(lower: &str) -> bool {
    MONTH_STEMS.iter().any(|m| lower.contains(m.as_str()))
        || lower.contains(':')
        || lower.matches(['.', '/', '-']).count() >= 2
}

/// A comparison key: lower-case letters and digits only.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
