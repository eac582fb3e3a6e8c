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
//!    (`boilerplate.rs`) are dropped or moved into their own fields.
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
//!
//! One file a stage: `score.rs` (passes 1 and 2), `gather.rs` (pass 3),
//! `emit.rs` (pass 4), `links.rs` (related and next links from the pruned
//! boxes) and `finish.rs` (the clean-up of the emitted blocks); this file
//! runs the attempts and the block models over them.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use crate::blocks::{self, BlockFacts, PageSignals};
use crate::boilerplate::{classify_line, Boilerplate};
use crate::dom::{Dom, NodeIndex, Tag};
use crate::explain::Trace;
use crate::lines::{smooth, LineModel};
use crate::{Block, Link};

mod emit;
mod finish;
mod gather;
mod links;
mod score;
#[cfg(test)]
mod tests;

use emit::{emit_blocks, page_walk, RawBlock, Texts};
use finish::{finish, is_byline_or_dateline};
use gather::choose_body;
use links::harvest_links;
use score::{PageFacts, Stats};

/// What the body extractor found.
#[derive(Debug, Default)]
pub struct Body {
    /// The body's blocks, in reading order.
    pub blocks: Vec<Block>,
    /// The kind of page the page-type model recognised (see
    /// [`blocks::PAGE_TYPES`]), when it ran.
    pub page_type: Option<&'static str>,
    /// Links to other articles ("read also"), kept out of the body.
    pub related: Vec<Link>,
    /// The "next article" teaser, kept out of the body.
    pub next: Option<Link>,
    /// Tags the page lists next to the body ("Tags: ...").
    pub tags: Vec<String>,
    /// The language a translation note in the body names as the original's.
    pub source_language: Option<String>,
}

/// What the page's metadata tells the body extractor.
#[derive(Debug, Default, Clone, Copy)]
pub struct BodyHints<'a> {
    /// The headline: a block repeating it is not body text.
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
    /// The block model, when one is embedded.
    pub model: Option<&'a LineModel>,
    /// The page-type model.
    pub pages: Option<&'a LineModel>,
    /// How the model's verdicts are used.
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
