//! A learned block classifier for HTML pages: is this rendered block of the
//! page part of its main content, or page chrome?
//!
//! Why learned: the structural extraction ([`crate::content`]) picks one
//! container and writes what is inside it. That fits an article; on other
//! kinds of page (a listing's items, a forum's posts, a product page, a
//! service page) the main content is spread over several containers, and
//! chrome sits inside the chosen one. Every page with a known main content
//! is a labelled example of both: each block of the rendered page whose words
//! are in the gold text is content, every other block is real chrome from a
//! real site. The model is trained on those (`examples/train_blocks.rs`
//! reproduces the committed model byte for byte) and reads each block with
//! what the structural extraction said about it.
//!
//! The page is cut into blocks the way it renders: one block per run of text
//! inside the innermost block element, in document order, hidden elements
//! and `<head>` left out, nothing pruned. Each block yields features of
//! - its text: length, words, how it opens and ends, digits, capitals,
//!   punctuation, sentence breaks, its first and last words (all words of a
//!   short block), and character trigrams of its opening;
//! - its links: the share of its text inside links;
//! - its place in the DOM: the tags and class/id words of its element and
//!   four ancestors by depth, and the class/id words of all ancestors up to
//!   twelve levels, as a bag;
//! - the structural extraction's verdict: how much of it was written into
//!   the structural body, whether its element was pruned, the class prior,
//!   and the line rules' verdict (`boilerplate.rs`);
//! - where it sits: relative position, and its distance before or after the
//!   densest run of prose among the page's blocks;
//! - the page as a whole: how much of its text the structural body holds and
//!   how much of it is links, crossed with the block's own verdicts, so the
//!   weights can tell an article from a listing;
//! - its neighbours' shapes and verdicts (two on each side).
//!
//! The scores go through the same switch-cost smoothing as scraped text
//! ([`crate::lines::smooth`]).
//!
//! A second model names the kind of page ([`PAGE_TYPES`]): one perceptron
//! per type over page-level features (how much of the text the structural
//! body holds, links, list items, headings, prices, the bag of the blocks'
//! DOM path features, the JSON-LD `@type`s, the words of the address's
//! path). The body extractor uses it as a gate: on a page it calls an
//! article the structural body stands (the block model, trained mostly on
//! other kinds of page, reads articles' bodies less well than the structural
//! passes do), on any other page the block model's choice is the content.
//!
//! Both models' weights and file format are those of [`LineModel`]
//! (`b"NDLINES1"`, bits, scale, `i16` weights); `models/blocks.bin` and
//! `models/pages.bin` are compiled in.

use std::sync::LazyLock;

use crate::lines::{
    bucket, capitalised_words, digits_as_zero, end_class, flags, hash, open_class, ratio_bucket,
    sentence_breaks, LineModel,
};
use crate::BlockKind;

/// The committed model (see `examples/train_blocks.rs`).
static EMBEDDED: &[u8] = include_bytes!("../models/blocks.bin");

static MODEL: LazyLock<Option<LineModel>> = LazyLock::new(|| LineModel::from_bytes(EMBEDDED).ok());

/// The block model built into the crate, if its bytes read (a test checks
/// that they do).
pub fn embedded() -> Option<&'static LineModel> {
    MODEL.as_ref()
}

/// The committed page-type model (see `examples/train_blocks.rs`).
static EMBEDDED_PAGES: &[u8] = include_bytes!("../models/pages.bin");

static PAGE_MODEL: LazyLock<Option<LineModel>> =
    LazyLock::new(|| LineModel::from_bytes(EMBEDDED_PAGES).ok());

/// The page-type model built into the crate.
pub fn embedded_pages() -> Option<&'static LineModel> {
    PAGE_MODEL.as_ref()
}

/// The kinds of page told apart, as `Article::page_type` names them.
pub const PAGE_TYPES: [&str; 7] = [
    "article",
    "listing",
    "forum",
    "product",
    "collection",
    "documentation",
    "service",
];

/// What the page says of itself besides its blocks.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageSignals<'a> {
    /// The page's JSON-LD blocks, as written.
    pub json_ld: &'a [String],
    /// The page's address, if known.
    pub url: Option<&'a str>,
}

/// A block shorter than this (in visible chars) with a currency sign counts
/// as a price; the page-type model reads no other block's text.
pub const PRICE_CHARS: u32 = 40;

/// The page-level counts the page-type model reads, gathered block by
/// block over the page's rendered blocks.
#[derive(Debug, Default, Clone, Copy)]
pub struct PageShape {
    total: u32,
    emitted: u32,
    links: u32,
    blocks: usize,
    items: usize,
    headings: usize,
    long: usize,
    prices: usize,
}

impl PageShape {
    /// Counts one rendered block.
    pub fn add(&mut self, text: &str, kind: BlockKind, chars: u32, link_chars: u32, emitted: u32) {
        self.total += chars;
        self.emitted += emitted;
        self.links += link_chars;
        self.blocks += 1;
        self.items += usize::from(kind == BlockKind::ListItem);
        self.headings += usize::from(kind == BlockKind::Heading);
        self.long += usize::from(chars >= 300);
        self.prices += usize::from(chars < PRICE_CHARS && text.contains(['$', '€', '£', '¥', '₽']));
    }
}

/// The page-level features the page-type model reads: the page's shape
/// (how much of it the structural body holds, links, lists, headings), the
/// set of its blocks' DOM path features (`path_bag`, duplicates counted
/// once), its JSON-LD types and the words of its address's path.
pub fn page_features(shape: &PageShape, path_bag: &[u32], signals: PageSignals) -> Vec<u32> {
    let mut out = Vec::with_capacity(path_bag.len() + 32);
    let mut add = |parts: &[&str]| out.push(hash(parts));
    add(&["bias"]);
    let PageShape {
        total,
        emitted,
        links,
        blocks,
        items,
        headings,
        long,
        prices,
    } = *shape;
    let share = fifths(emitted, total).to_string();
    let link_share = fifths(links, total).to_string();
    add(&["share", &share]);
    add(&["links", &link_share]);
    add(&["share-links", &share, &link_share]);
    add(&["emitted", &bucket(emitted as usize / 64).to_string()]);
    add(&["total", &bucket(total as usize / 64).to_string()]);
    add(&["blocks", &bucket(blocks).to_string()]);
    add(&["items", &fifths(items as u32, blocks as u32).to_string()]);
    add(&["headings", &bucket(headings).to_string()]);
    add(&["long", &bucket(long).to_string()]);
    add(&["prices", &bucket(prices).to_string()]);
    let mut path = path_bag.to_vec();
    path.sort_unstable();
    path.dedup();
    out.extend(
        path.iter()
            .map(|f| f.wrapping_mul(0x9e37_79b1) ^ 0x5bd1_e995),
    );
    let mut add = |parts: &[&str]| out.push(hash(parts));
    for ld in signals.json_ld {
        for kind in ld_types(ld) {
            add(&["ld", &kind]);
        }
    }
    if let Some(url) = signals.url {
        let path = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
        let words: Vec<String> = path
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(16)
            .map(|w| digits_as_zero(&w.to_lowercase()))
            .collect();
        add(&["url-depth", &path.matches('/').count().min(6).to_string()]);
        for word in &words {
            add(&["url", word]);
        }
    } else {
        add(&["url", "none"]);
    }
    out
}

/// The `@type` names written in a JSON-LD block, read without parsing it:
/// the string after each `"@type":` (the first of an array).
fn ld_types(json: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = json;
    while let Some(at) = rest.find("\"@type\"") {
        rest = &rest[at + 7..];
        let value = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '[');
        if let Some(body) = value.strip_prefix('"') {
            if let Some(end) = body.find('"') {
                if end <= 40 {
                    out.push(body[..end].to_lowercase());
                }
            }
        }
        if out.len() >= 16 {
            break;
        }
    }
    out
}

/// The page's features for one page type (each type has its own weights).
pub fn for_type(features: &[u32], kind: usize) -> Vec<u32> {
    let salt = hash(&["type", PAGE_TYPES.get(kind).copied().unwrap_or("")]);
    features
        .iter()
        .map(|f| (f ^ salt).wrapping_mul(0x0100_0193))
        .collect()
}

/// The page type the model rates highest, as an index into [`PAGE_TYPES`].
pub fn page_type(model: &LineModel, features: &[u32]) -> usize {
    let mut best = (0usize, f32::MIN);
    for kind in 0..PAGE_TYPES.len() {
        let score = model.score(&for_type(features, kind));
        if score > best.1 {
            best = (kind, score);
        }
    }
    best.0
}

/// A block of prose at least this long counts for the densest run.
const PROSE_CHARS: u32 = 80;

/// One rendered block of a page and what the structural extraction said
/// about it.
#[derive(Debug, Clone)]
pub struct BlockFacts<'a> {
    /// The block's text.
    pub text: &'a str,
    /// What the block is.
    pub kind: BlockKind,
    /// The heading level, for headings.
    pub level: u8,
    /// Visible chars (no whitespace).
    pub chars: u32,
    /// Of `chars`, those inside links.
    pub link_chars: u32,
    /// Of its chars, how many the structural extraction wrote into the body.
    pub emitted_chars: u32,
    /// Its element was pruned (by class, role or tag) in the structural pass.
    pub removed: bool,
    /// Inside a section labelled as other articles.
    pub labelled: bool,
    /// The class/id prior of its element.
    pub weight: i16,
    /// The hashed DOM path features (tags and class/id words).
    pub path: Vec<u32>,
    /// The line rules' verdict, as a short name.
    pub rule: &'static str,
}

/// The features of every block of a page, as hashes.
pub fn block_features(blocks: &[BlockFacts]) -> Vec<Vec<u32>> {
    let context = Context::of(blocks);
    (0..blocks.len())
        .map(|i| {
            let mut out = Vec::with_capacity(128);
            context.features(blocks, i, &mut out);
            out
        })
        .collect()
}

/// Scores every block of a page: above zero is content.
pub fn score_blocks(model: &LineModel, blocks: &[BlockFacts]) -> Vec<f32> {
    let context = Context::of(blocks);
    let mut features = Vec::with_capacity(128);
    (0..blocks.len())
        .map(|i| {
            features.clear();
            context.features(blocks, i, &mut features);
            model.score(&features)
        })
        .collect()
}

/// Hashed DOM path features of one element on the path: `depth` 0 is the
/// block's own element. Class/id words have their digits folded.
pub(crate) fn path_features(depth: usize, tag: &str, class_id: &str, out: &mut Vec<u32>) {
    const DEPTHS: [&str; 5] = ["0", "1", "2", "3", "4"];
    let d = DEPTHS[depth.min(4)];
    if depth <= 4 {
        out.push(hash(&["tag", d, tag]));
    }
    for word in class_id
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ':')
        .filter(|w| w.len() >= 2)
        .take(12)
    {
        let folded;
        let word = if word.chars().any(char::is_numeric) {
            folded = digits_as_zero(word);
            folded.as_str()
        } else {
            word
        };
        if depth <= 4 {
            out.push(hash(&["cls", d, word]));
        }
        out.push(hash(&["anc", word]));
    }
}

/// Per-page facts each block's features read.
struct Context {
    /// The densest run of prose: first and one-past-last block.
    run: (usize, usize),
    /// The page's verdicts, bucketed: the structural body's share of the
    /// text, the share of text in links, and the number of blocks.
    page: [String; 3],
    shapes: Vec<Shape>,
}

#[derive(Clone, Copy)]
struct Shape {
    length: u8,
    ending: char,
    links: u8,
    emitted: u8,
}

fn fifths(part: u32, whole: u32) -> u8 {
    if whole == 0 {
        return 0;
    }
    ((u64::from(part) * 5) / u64::from(whole)).min(5) as u8
}

impl Context {
    fn of(blocks: &[BlockFacts]) -> Context {
        let shapes: Vec<Shape> = blocks
            .iter()
            .map(|b| Shape {
                length: bucket(b.chars as usize),
                ending: end_class(b.text),
                links: fifths(b.link_chars, b.chars),
                emitted: fifths(b.emitted_chars, b.chars),
            })
            .collect();
        let mut best = (0i64, 0usize, 0usize);
        let (mut sum, mut start) = (0i64, 0usize);
        for (i, b) in blocks.iter().enumerate() {
            if sum <= 0 {
                sum = 0;
                start = i;
            }
            let prose = b.chars.saturating_sub(b.link_chars.saturating_mul(2));
            sum += i64::from(prose.min(600)) / 6 - i64::from(PROSE_CHARS / 8);
            if sum > best.0 {
                best = (sum, start, i + 1);
            }
        }
        let total: u32 = blocks.iter().map(|b| b.chars).sum();
        let emitted: u32 = blocks.iter().map(|b| b.emitted_chars).sum();
        let links: u32 = blocks.iter().map(|b| b.link_chars).sum();
        Context {
            run: (best.1, best.2),
            page: [
                fifths(emitted, total).to_string(),
                fifths(links, total).to_string(),
                bucket(blocks.len()).to_string(),
            ],
            shapes,
        }
    }

    fn features(&self, blocks: &[BlockFacts], i: usize, out: &mut Vec<u32>) {
        let b = &blocks[i];
        let shape = self.shapes[i];
        out.extend_from_slice(&b.path);
        let mut add = |parts: &[&str]| out.push(hash(parts));
        add(&["bias"]);
        let len = shape.length.to_string();
        let words = bucket(b.text.split_whitespace().count()).to_string();
        let ending = shape.ending.to_string();
        let opening = open_class(b.text).to_string();
        let links = shape.links.to_string();
        let emitted = shape.emitted.to_string();
        let kind = match b.kind {
            BlockKind::Heading => format!("h{}", b.level),
            other => format!("{other:?}"),
        };
        add(&["len", &len]);
        add(&["words", &words]);
        add(&["end", &ending]);
        add(&["open", &opening]);
        add(&["len-end", &len, &ending]);
        add(&["kind", &kind]);
        add(&["kind-len", &kind, &len]);
        add(&["links", &links]);
        add(&["links-len", &links, &len]);
        add(&["rule", b.rule]);
        add(&["emitted", &emitted]);
        add(&["emitted-len", &emitted, &len]);
        add(&["emitted-links", &emitted, &links]);
        add(&["emitted-kind", &emitted, &kind]);
        add(&["removed", if b.removed { "y" } else { "n" }]);
        add(&["labelled", if b.labelled { "y" } else { "n" }]);
        add(&["weight", &b.weight.signum().to_string()]);
        // The page's kind, crossed with the block's verdicts.
        let [share, page_links, count] = &self.page;
        add(&["page", share, page_links]);
        add(&["page-emitted", share, page_links, &emitted]);
        add(&["page-links", page_links, &links, &len]);
        add(&["page-count", count, &emitted]);
        for flag in flags(b.text) {
            add(&["flag", flag]);
        }
        add(&["digits", &ratio_bucket(b.text, |c| c.is_numeric())]);
        add(&["upper", &ratio_bucket(b.text, |c| c.is_uppercase())]);
        add(&["punct", &ratio_bucket(b.text, |c| c.is_ascii_punctuation())]);
        add(&["breaks", &sentence_breaks(b.text).min(4).to_string()]);
        add(&["caps", &capitalised_words(b.text)]);

        let head: String = b.text.chars().take(200).collect::<String>().to_lowercase();
        let tokens: Vec<&str> = head
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(first) = tokens.first() {
            add(&["w0", &digits_as_zero(first)]);
        }
        if let Some(last) = tokens.last() {
            add(&["wlast", &digits_as_zero(last)]);
        }
        if tokens.len() <= 8 {
            for token in &tokens {
                add(&["w", &digits_as_zero(token)]);
            }
        }
        let opening_chars: Vec<char> = head.chars().take(16).collect();
        let mut gram = String::new();
        for window in opening_chars.windows(3) {
            gram.clear();
            gram.extend(window.iter().map(|&c| if c.is_numeric() { '0' } else { c }));
            add(&["c3", &gram]);
        }

        let n = blocks.len().max(1);
        add(&["pos", &((i * 10) / n).to_string()]);
        let (start, end) = self.run;
        let place = if i < start {
            format!("before{}", bucket(start - i))
        } else if i >= end {
            format!("after{}", bucket(i + 1 - end))
        } else {
            "in".to_string()
        };
        add(&["run", &place]);
        add(&["run-len", &place, &len]);
        add(&["run-emitted", &place, &emitted]);
        add(&["run-links", &place, &links]);

        for (offset, name) in [(-2i64, "p2"), (-1, "p1"), (1, "n1"), (2, "n2")] {
            let j = i as i64 + offset;
            let Some(other) = usize::try_from(j).ok().and_then(|j| self.shapes.get(j)) else {
                add(&[name, "none"]);
                continue;
            };
            let other_len = other.length.to_string();
            add(&[name, "len", &other_len]);
            add(&[name, "end", &other.ending.to_string()]);
            add(&[name, "links", &other.links.to_string()]);
            add(&[name, "emitted", &other.emitted.to_string(), &emitted]);
            add(&[name, "my-len", &other_len, &len]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str, emitted: bool) -> BlockFacts<'_> {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
        BlockFacts {
            text,
            kind: BlockKind::Paragraph,
            level: 0,
            chars,
            link_chars: 0,
            emitted_chars: if emitted { chars } else { 0 },
            removed: false,
            labelled: false,
            weight: 0,
            path: Vec::new(),
            rule: "body",
        }
    }

    #[test]
    fn embedded_model_reads() {
        assert!(embedded().is_some());
    }

    #[test]
    fn json_ld_types_are_read_without_parsing() {
        let ld = r#"{"@context":"https://schema.org","@graph":[{"@type": "Product","name":"x"},{"@type":["DiscussionForumPosting","Thing"]}]}"#;
        assert_eq!(ld_types(ld), ["product", "discussionforumposting"]);
        assert!(ld_types("{\"@type\":").is_empty());
    }

    #[test]
    fn features_are_stable_and_see_the_structure() {
        let blocks = [
            facts("Home", false),
            facts(
                "A long paragraph of prose that tells the story, with several clauses.",
                true,
            ),
        ];
        let first = block_features(&blocks);
        assert_eq!(first, block_features(&blocks));
        assert!(first[0].len() > 30);
        let mut path = Vec::new();
        path_features(0, "Div", "post-body main", &mut path);
        assert_eq!(path.len(), 1 + 3 * 2);
    }
}
