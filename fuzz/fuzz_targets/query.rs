//! The query language: parsing, then translation and execution against a
//! real (empty) index with facets, as the server does for every request.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdesk_corpus::query::{MAX_CLAUSES, MAX_QUERY_CHARS};
use newsdesk_corpus::{parse_query, Filters, Index, Query, Sort};

struct Fixture {
    _dir: tempfile::TempDir,
    index: Index,
}

fn index() -> &'static Index {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    &FIXTURE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let index = Index::open(dir.path()).expect("a new index");
            Fixture { _dir: dir, index }
        })
        .index
}

fn clauses(query: &Query) -> usize {
    match query {
        Query::All => 0,
        Query::Match { .. } | Query::Prefix { .. } | Query::Fuzzy { .. } | Query::Near { .. } => 1,
        Query::Not(inner) => clauses(inner),
        Query::And(parts) | Query::Or(parts) => parts.iter().map(clauses).sum(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (query_text, filter) = text.split_once('\u{1}').unwrap_or((text, ""));
    let Ok(query) = parse_query(query_text) else {
        return;
    };
    assert!(query_text.chars().count() <= MAX_QUERY_CHARS);
    assert!(clauses(&query) <= MAX_CLAUSES, "{query:?}");
    let filters = Filters {
        lang: (!filter.is_empty()).then(|| filter.to_string()),
        since: (!filter.is_empty()).then(|| filter.to_string()),
        ..Filters::default()
    };
    let _ = index().search(&query, &filters, Sort::Relevance, 10, true);
});
