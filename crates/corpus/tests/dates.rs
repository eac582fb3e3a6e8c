//! Articles without a date: stored without one (never the ingest time),
//! last when sorting by date, outside date filters, counted in the stats;
//! and a store written by an older build, which dated them by their ingest,
//! is corrected when opened.

use newsdesk_corpus::{
    ingest, Capture, Corpus, CorpusReader, Filters, IngestOptions, SearchRequest, Sort,
};

fn page(url: &str, published: Option<&str>, title: &str) -> Capture {
    let date = published
        .map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">"))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title>{date}\
         <link rel=canonical href=\"{url}\"></head><body><article><h1>{title}</h1>\
         <p>Dock workers in Rotterdam walked off the job, the union said on the day {title} \
         was written, and the port authority expected delays for shipping lines.</p></article></body></html>"
    );
    Capture {
        source: "test".into(),
        location: url.into(),
        url: Some(url.into()),
        fetched_at: None,
        body: html.into_bytes(),
        ..Capture::default()
    }
}

fn by_date(corpus: &Corpus, since: Option<&str>) -> Vec<(i64, Option<String>)> {
    let results = corpus
        .search(&SearchRequest {
            query: "rotterdam".into(),
            filters: Filters {
                since: since.map(str::to_string),
                ..Filters::default()
            },
            sort: Sort::Date,
            limit: 10,
            collapse: false,
            ..SearchRequest::default()
        })
        .expect("search");
    results.hits.into_iter().map(|h| (h.id, h.date)).collect()
}

#[test]
fn an_undated_article_keeps_no_date_and_an_older_store_is_corrected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("corpus");
    let pages = vec![
        page("https://a.example/1", Some("2024-03-04T08:00:00Z"), "one"),
        page("https://b.example/2", None, "two"),
        page("https://c.example/3", Some("2024-03-05T08:00:00Z"), "three"),
    ];
    ingest(
        &mut corpus,
        pages.into_iter().map(Ok),
        &IngestOptions::default(),
        &mut |_| {},
    )
    .expect("ingest");
    let check = |corpus: &Corpus| {
        let hits = by_date(corpus, None);
        assert_eq!(hits.len(), 3, "{hits:?}");
        assert_eq!(hits[0].1.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert_eq!(hits[2].1, None, "the undated article is last: {hits:?}");
        assert_eq!(by_date(corpus, Some("2000-01-01")).len(), 2);
        assert_eq!(corpus.stats().expect("stats").undated, 1);
    };
    check(&corpus);
    drop(corpus);

    // As an older build left it: the ingest time as the date, in the store
    // and in the index.
    let db = rusqlite::Connection::open(dir.path().join("store.db")).expect("store");
    db.execute(
        "UPDATE articles SET date = ingested_at WHERE date IS NULL",
        [],
    )
    .expect("update");
    db.execute("DELETE FROM meta", []).expect("meta");
    drop(db);
    Corpus::reindex(dir.path()).expect("reindex");
    let corpus = Corpus::open(dir.path()).expect("corpus");
    check(&corpus);
}
