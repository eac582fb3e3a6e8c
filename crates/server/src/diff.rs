//! What changed between two revisions of an article, word by word, for the
//! page of an older revision: removed words in `<del>`, added ones in
//! `<ins>`, a few words of context around each change and the rest left out.
//!
//! The common beginning and end are set aside first (revisions mostly
//! change in a few places), and the middle is compared with a longest
//! common subsequence when its table is small enough (a quarter of a
//! million cells); a larger middle is shown as removed then added, whole.

use maud::{html, Markup};

/// The largest table (words × words) the comparison of the middle builds.
const MAX_CELLS: usize = 250_000;
/// Unchanged words kept on each side of a change.
const CONTEXT: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

fn ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut out: Vec<Op> = old[..prefix].iter().map(|w| Op::Same(w)).collect();
    if (a.len() + 1).saturating_mul(b.len() + 1) <= MAX_CELLS {
        // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i] == b[j] {
                out.push(Op::Same(a[i]));
                i += 1;
                j += 1;
            } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                out.push(Op::Removed(a[i]));
                i += 1;
            } else {
                out.push(Op::Added(b[j]));
                j += 1;
            }
        }
        out.extend(a[i..].iter().map(|w| Op::Removed(w)));
        out.extend(b[j..].iter().map(|w| Op::Added(w)));
    } else {
        out.extend(a.iter().map(|w| Op::Removed(w)));
        out.extend(b.iter().map(|w| Op::Added(w)));
    }
    out.extend(old[old.len() - suffix..].iter().map(|w| Op::Same(w)));
    out
}

/// The changes from `old` to `new`, or a note that the words are the same.
pub fn words(old: &str, new: &str) -> Markup {
    let old: Vec<&str> = old.split_whitespace().collect();
    let new: Vec<&str> = new.split_whitespace().collect();
    let ops = ops(&old, &new);
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(_)))
        .map(|(i, _)| i)
        .collect();
    if changed.is_empty() {
        return html! { p.muted { "The words are the same; only spacing or layout changed." } };
    }
    let near = |i: usize| {
        let at = changed.partition_point(|&c| c < i);
        let after = changed.get(at).is_some_and(|&c| c - i <= CONTEXT);
        let before = at > 0 && i - changed[at - 1] <= CONTEXT;
        after || before
    };
    let mut pieces: Vec<Markup> = Vec::new();
    let mut skipped = false;
    for (i, op) in ops.iter().enumerate() {
        if !near(i) {
            skipped = true;
            continue;
        }
        if skipped {
            pieces.push(html! { span.muted { " … " } });
            skipped = false;
        }
        pieces.push(match op {
            Op::Same(w) => html! { (w) " " },
            Op::Removed(w) => html! { del.diff { (w) } " " },
            Op::Added(w) => html! { ins.diff { (w) } " " },
        });
    }
    if skipped {
        pieces.push(html! { span.muted { " …" } });
    }
    html! { p.diff { @for piece in pieces { (piece) } } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_with_context() {
        let old = "The council approved the plan on Monday after a long debate";
        let new = "The council rejected the plan on Tuesday after a long debate";
        let html = words(old, new).into_string();
        assert!(
            html.contains("<del class=\"diff\">approved</del>"),
            "{html}"
        );
        assert!(
            html.contains("<ins class=\"diff\">rejected</ins>"),
            "{html}"
        );
        assert!(html.contains("<del class=\"diff\">Monday</del>"), "{html}");
        assert!(html.contains("<ins class=\"diff\">Tuesday</ins>"), "{html}");
        assert!(html.contains("council"));
    }

    #[test]
    fn far_context_is_left_out_and_text_escaped() {
        let long: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let old = long.join(" ");
        let new = format!("{old} <b>added</b>");
        let html = words(&old, &new).into_string();
        assert!(!html.contains("w10 "), "{html}");
        assert!(html.contains("w99"));
        assert!(html.contains("&lt;b&gt;added&lt;/b&gt;"));
        assert!(words("same  words", "same words")
            .into_string()
            .contains("only spacing"));
    }
}
