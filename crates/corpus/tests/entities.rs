//! One entity across the corpus: a short name that articles give as an
//! alias of a fuller one, and a person's spellings in two scripts, are one
//! entity page, one count and one list of quotes.

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};

fn page(url: &str, date: &str, title: &str, paragraphs: &[&str]) -> Capture {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><article><h1>{title}</h1>{body}</article></body></html>"
    );
    Capture {
        source: "test".into(),
        location: url.into(),
        url: Some(url.into()),
        fetched_at: Some(date.into()),
        body: html.into_bytes(),
        ..Capture::default()
    }
}

fn reports() -> Vec<Capture> {
    vec![
        page(
            "https://a.example/budget",
            "2024-05-06T08:00:00Z",
            "Budget presented",
            &[
                "Finance Minister Maria Keller presented the budget for next year in parliament on Monday.",
                "Keller said the deficit would fall to 2 percent of output by 2026, helped by higher tax receipts.",
                "\"This is a budget for growth,\" Keller told lawmakers in Vienna.",
            ],
        ),
        page(
            "https://b.example/tax",
            "2024-05-09T08:00:00Z",
            "Tax plan defended",
            &[
                "Keller defended the planned tax on bank profits during a heated debate on Thursday.",
                "\"The banks can carry it,\" Keller said, adding that the levy would raise 400 million euros.",
                "Opposition leaders called the levy a risk for lending to small firms.",
            ],
        ),
        page(
            "https://c.example/rating",
            "2024-05-12T08:00:00Z",
            "Rating agency keeps outlook",
            &[
                "A rating agency kept the country's outlook stable on Friday, citing the plans of Finance Minister Maria Keller.",
                "Keller welcomed the decision and said reforms of the pension system would follow in autumn.",
            ],
        ),
        page(
            "https://d.example/ru/budget",
            "2024-05-07T08:00:00Z",
            "Бюджет представлен",
            &[
                "Министр финансов Мария Келлер представила в парламенте бюджет на следующий год.",
                "По словам министра, дефицит сократится до двух процентов к 2026 году.",
                "«Это бюджет для роста», — заявила Мария Келлер депутатам в Вене.",
            ],
        ),
    ]
}

fn add(corpus: &mut Corpus, pages: Vec<Capture>) {
    let options = IngestOptions {
        jobs: 1,
        ..IngestOptions::default()
    };
    ingest(corpus, pages.into_iter().map(Ok), &options, &mut |_| {}).expect("ingest");
}

fn corpus() -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus = Corpus::open(dir.path()).expect("corpus");
    add(&mut corpus, reports());
    (dir, corpus)
}

#[test]
fn a_short_name_and_a_spelling_in_another_script_are_one_entity() {
    let (_dir, corpus) = corpus();
    let store = corpus.store();
    let by_short = store.entity("Keller").expect("query").expect("a profile");
    assert_eq!(by_short.name, "Maria Keller", "{by_short:?}");
    assert_eq!(by_short.articles, 4, "all four reports: {by_short:?}");
    assert!(
        by_short.aliases.iter().any(|a| a == "Keller"),
        "{:?}",
        by_short.aliases
    );
    assert!(
        by_short.aliases.iter().any(|a| a == "Мария Келлер"),
        "{:?}",
        by_short.aliases
    );
    assert_eq!(by_short.names[0], "Maria Keller");
    for name in ["Keller", "Мария Келлер"] {
        assert!(
            by_short.names.iter().any(|n| n == name),
            "{:?}",
            by_short.names
        );
    }
    assert!(
        by_short
            .aliases
            .iter()
            .all(|a| a.chars().any(char::is_uppercase)),
        "a bare role word (\"министра\") is not a name: {:?}",
        by_short.aliases
    );
    // A search for any of its names finds every report, as its page counts them.
    let any_name: Vec<String> = by_short
        .names
        .iter()
        .map(|n| format!("entity:{}", newsdesk_corpus::query::quote_phrase(n)))
        .collect();
    let found = corpus
        .search(&newsdesk_corpus::SearchRequest {
            query: any_name.join(" OR "),
            limit: 10,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(found.total, 4, "{:?}", found.hits);
    let by_russian = store
        .entity("Мария Келлер")
        .expect("query")
        .expect("a profile");
    assert_eq!(by_russian.name, "Maria Keller");
    assert_eq!(by_russian.articles, 4);
    let quoted: Vec<&str> = by_short.quotes.iter().map(|q| q.text.as_str()).collect();
    assert!(
        quoted.iter().any(|q| q.contains("banks can carry it")),
        "a quote credited to the short name is the entity's: {quoted:?}"
    );
    assert!(
        !by_short
            .co_occurring
            .iter()
            .any(|e| e.name == "Keller" || e.name == "Мария Келлер"),
        "its own names are not among the entities it appears with"
    );
}

#[test]
fn the_top_list_names_a_merged_entity_once_with_all_its_articles() {
    let (_dir, corpus) = corpus();
    let top = corpus.store().top_entities(None, 10, 0).expect("query");
    let names: Vec<&str> = top.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.contains(&"Keller"), "{names:?}");
    assert!(!names.contains(&"Мария Келлер"), "{names:?}");
    let keller = top
        .iter()
        .find(|e| e.name == "Maria Keller")
        .expect("listed");
    assert_eq!(keller.articles, 4, "{top:?}");
    assert_eq!(top[0].name, "Maria Keller", "the most mentioned: {top:?}");
}

#[test]
fn a_new_revision_moves_the_counts_to_what_it_names() {
    let (_dir, mut corpus) = corpus();
    let before = corpus.store().count_entities(None).expect("count");
    add(
        &mut corpus,
        vec![page(
            "https://b.example/tax",
            "2024-05-09T09:30:00Z",
            "Tax plan defended",
            &[
                "The finance ministry defended the planned tax on bank profits during a heated debate on Thursday.",
                "Opposition leaders in Salzburg called the levy a risk for lending to small firms.",
            ],
        )],
    );
    let store = corpus.store();
    let keller = store
        .entity("Maria Keller")
        .expect("query")
        .expect("a profile");
    assert_eq!(keller.articles, 3, "the revision no longer names her");
    let top = store.top_entities(None, 10, 0).expect("query");
    let listed = top
        .iter()
        .find(|e| e.name == "Maria Keller")
        .expect("listed");
    assert_eq!(listed.articles, 3, "{top:?}");
    let places = store.top_entities(Some("place"), 10, 0).expect("query");
    assert!(places.iter().any(|e| e.name == "Salzburg"), "{places:?}");
    assert!(places.iter().all(|e| e.kind == "place"), "{places:?}");
    assert_eq!(
        store.count_entities(None).expect("count"),
        before,
        "Salzburg is new; the bare \"Keller\" was named only by the replaced revision"
    );
}
