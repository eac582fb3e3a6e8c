//! Links to other articles, from the boxes pruned as "related" or "next".

use crate::dom::{AttrName, Dom, Tag};
use crate::normalize::collapse_whitespace;
use crate::Link;

use super::emit::plain_text;
use super::score::class_words;

pub(super) fn harvest_links(dom: &Dom) -> (Vec<Link>, Option<Link>) {
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

pub(super) fn is_headline(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (4..=30).contains(&words) && text.chars().count() <= 250
}
