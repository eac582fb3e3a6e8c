//! Passes 1 and 2: per-node statistics, pruning and scores.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use rustc_hash::FxHasher;

use crate::boilerplate::{bare_label, Label};
use crate::dom::{AttrName, Dom, NodeIndex, Tag};
use crate::normalize::collapse_whitespace;

use super::emit::plain_text;
use super::Strictness;

/// Per-node facts, indexed like [`Dom::nodes`].
pub(super) struct Stats {
    pub(super) removed: Vec<bool>,
    /// Chars of visible text in the subtree (whitespace not counted).
    pub(super) text: Vec<u32>,
    /// Of which inside links.
    link_text: Vec<u32>,
    /// Text written directly in this block (not in a nested block).
    own_text: Vec<u32>,
    own_link_text: Vec<u32>,
    own_commas: Vec<u32>,
    /// Whether a block-level element is somewhere below.
    pub(super) has_block: Vec<bool>,
    pub(super) score: Vec<f32>,
    /// Chars of prose (sentences, not links) in the subtree.
    good: Vec<f32>,
    /// Chars of chrome (links, short fragments) in the subtree.
    bad: Vec<f32>,
    /// Class/id prior of each element.
    pub(super) weight: Vec<i16>,
    /// Inside a section labelled as other articles: never the body's core
    /// or one of its parts, and left out when the body is written (not
    /// pruned: their links still tell a container's link density).
    pub(super) labelled: Vec<bool>,
}

impl Stats {
    pub(super) fn compute(dom: &Dom, classes: &PageFacts, strictness: Strictness) -> Stats {
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

    pub(super) fn link_density(&self, i: NodeIndex) -> f32 {
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
pub(super) fn count_text(text: &str) -> (u32, u32) {
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
pub(super) fn is_block_like(dom: &Dom, has_block: &[bool], i: NodeIndex) -> bool {
    match dom.tag(i) {
        Some(Tag::Other) => has_block[i],
        Some(t) => t.is_block(),
        None => false,
    }
}

/// Elements that never hold article text, whatever their class says.
/// `role` is the element's, lower-cased.
pub(super) fn prunes_always(dom: &Dom, i: NodeIndex, role: Option<&str>) -> bool {
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
pub(super) fn class_words(class_id: &str) -> impl Iterator<Item = &str> {
    class_id
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ':')
        .filter(|w| !w.is_empty())
}

/// What each element's class, id, role and itemprop say, worked out once per page.
/// What does not change between extraction attempts, worked out once per
/// page: each element's class, id, role and itemprop verdicts, and each
/// node's text counts.
pub(super) struct PageFacts {
    /// The element looks like page chrome (and not like the article).
    pub(super) chrome: Vec<bool>,
    /// The class/id prior.
    weight: Vec<i16>,
    /// Inside a section labelled as other articles ("Related", "You may
    /// also like").
    labelled: Vec<bool>,
    /// [`prunes_always`] of each element.
    pub(super) prunes_always: Vec<bool>,
    /// Visible chars and commas of each text node (zero for elements).
    pub(super) counts: Vec<(u32, u32)>,
    /// Subtree text length before any pruning.
    raw_text: Vec<u32>,
    /// Whether a block-level element is somewhere below.
    has_block: Vec<bool>,
    /// The body's raw text length (at least 1).
    page_text: u32,
}

impl PageFacts {
    pub(super) fn compute(dom: &Dom) -> PageFacts {
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
pub(super) struct ClassSignals {
    pub(super) chrome: bool,
    pub(super) articleish: bool,
    pub(super) bio: bool,
}

pub(super) fn class_signals(class_id: &str) -> ClassSignals {
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

pub(super) fn looks_like_chrome(signals: ClassSignals, class_id: &str, role: Option<&str>) -> bool {
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
pub(super) fn mass(s: &Stats, i: NodeIndex) -> f32 {
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
