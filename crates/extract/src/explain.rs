//! Why text was left out of the body: for each line (or pruned element) the
//! extractor read and did not keep in [`crate::Article::text`], the rule or
//! model decision that took it out.
//!
//! The reasons are gathered only when asked for
//! ([`crate::extract_article_explained`]): an ordinary extraction carries a
//! switched-off `Trace`, whose every call is one branch and no allocation,
//! so explaining costs nothing when it is not wanted.
//!
//! Rule names are stable, short and grouped by the stage that applies them:
//!
//! - `boilerplate:<kind>`: a line rule of `boilerplate.rs`
//!   (`promo`, `typo`, `translation`, `tags`, `next`, `previous`, `related`,
//!   `legal`); what the line carried went to its field.
//! - `label-<kind>` and `label-<kind>:content`: a bare label ("Read also:")
//!   and the lines it owns (`next`, `previous`, `related`, `tags`).
//! - `html:<rule>`: the HTML body's clean-up (`prune:<why>`, `labelled`,
//!   `clutter`, `repeats-title`, `repeats-site-name`, `byline-or-dateline`,
//!   `all-link`, `teaser-after-label`, `duplicate`, `trailing-chrome`).
//! - `text:<rule>`: the scraped-text path's rules (`header:<what>`,
//!   `date-under-title`, `tail-headline`).
//! - `line-model:chrome (score S)`: the learned line classifier's veto
//!   ([`crate::lines`]), with the line's own score (smoothing over its
//!   neighbours decided).

use serde::{Deserialize, Serialize};

/// One piece of the input left out of the body, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    /// The text as the extractor saw it (whitespace collapsed).
    pub text: String,
    /// The rule or model decision that left it out (see the module docs).
    pub rule: String,
}

/// Where the reasons go while a page is read: nowhere unless switched on.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    on: bool,
    dropped: Vec<Dropped>,
}

impl Trace {
    /// A trace that records.
    pub(crate) fn recording() -> Trace {
        Trace {
            on: true,
            dropped: Vec::new(),
        }
    }

    /// A trace that records nothing (the ordinary extraction).
    pub(crate) fn off() -> Trace {
        Trace::default()
    }

    /// Whether reasons are being recorded.
    pub(crate) fn is_on(&self) -> bool {
        self.on
    }

    /// Records that `text` was dropped by `rule`.
    pub(crate) fn drop(&mut self, text: &str, rule: &str) {
        if self.on {
            self.push(text.to_string(), rule.to_string());
        }
    }

    /// Records a drop whose text or rule costs something to build: the
    /// closure runs only when recording.
    pub(crate) fn drop_with(&mut self, make: impl FnOnce() -> (String, String)) {
        if self.on {
            let (text, rule) = make();
            self.push(text, rule);
        }
    }

    fn push(&mut self, text: String, rule: String) {
        if !text.trim().is_empty() {
            self.dropped.push(Dropped { text, rule });
        }
    }

    /// Appends another trace's records (an attempt that was chosen).
    pub(crate) fn append(&mut self, other: &mut Trace) {
        self.dropped.append(&mut other.dropped);
    }

    /// The records, in the order they were made.
    pub(crate) fn into_dropped(self) -> Vec<Dropped> {
        self.dropped
    }
}
