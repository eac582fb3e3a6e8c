//! Pass 3: the core container and its article-like siblings.

use crate::dom::{Dom, NodeIndex, Tag};

use super::emit::subtree_text;
use super::score::{mass, Stats};

/// The subtrees that make up the body, in document order.
pub(super) fn choose_body(dom: &Dom, s: &Stats) -> Option<Vec<NodeIndex>> {
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

pub(super) fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', '…', '。', '！', '？', '"', '»', '”'])
}
