//! The corpus end to end through its library: ingest invented pages, then
//! check idempotency, revisions, exact and near duplicates, stories (one of
//! them across a translation), search with stemming, fields, facets and
//! collapsing, export, reindex, and a damaged index.

use newsdesk_corpus::export::{export, ExportFormat};
use newsdesk_corpus::{
    ingest, Capture, Corpus, Filters, IngestOptions, IngestReport, SearchRequest, Sort,
};

fn page(url: &str, date: &str, title: &str, paragraphs: &[&str]) -> Capture {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title} | Site</title>\
         <link rel=canonical href=\"{url}\">\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><nav><a href=/>Home</a> <a href=/world>World</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <footer>© Site. All rights reserved.</footer></body></html>"
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

const STRIKE: [&str; 5] = [
    "Dock workers in Rotterdam walked off the job on Monday, halting container traffic at Europe's largest port, the union FNV Havens said.",
    "About 4,300 workers joined the strike after talks on a new collective agreement broke down over pay and automation, union spokesman Niek Stam told reporters.",
    "\"We will not accept that machines replace people without guarantees,\" Stam said outside the Maasvlakte terminal, where 28 ships were waiting to unload.",
    "The port authority said it expected delays of several days for shipping lines including Maersk and MSC, and advised shippers to divert cargo to Antwerp.",
    "Employers' association VWS called the walkout disproportionate and said it had offered a 7.5 percent raise over two years.",
];

const GRAIN_RU: [&str; 4] = [
    "Переговоры о зерновом коридоре возобновились в Стамбуле во вторник, сообщил министр иностранных дел Турции Хакан Фидан.",
    "По словам Фидана, стороны обсудили вывоз 2,5 миллиона тонн зерна из портов Одессы до конца года.",
    "«Мы близки к договорённости, но остаются технические вопросы», — заявил Фидан журналистам после встречи.",
    "Следующий раунд переговоров запланирован на 14 марта в Анкаре.",
];

const GRAIN_EN: [&str; 4] = [
    "Talks on the grain corridor resumed in Istanbul on Tuesday, Turkish Foreign Minister Hakan Fidan said.",
    "According to Fidan, the parties discussed the export of 2.5 million tons of grain from the ports of Odesa by the end of the year.",
    "\"We are close to an agreement, but technical questions remain,\" Fidan told journalists after the meeting.",
    "The next round of talks is scheduled for March 14 in Ankara.",
];

const MUSEUM: [&str; 3] = [
    "The city museum of Lyon reopened its Roman gallery on Saturday after a three-year renovation costing 12 million euros.",
    "Curator Claire Dubois said the gallery now shows 900 objects, including a mosaic found in 1962 under a parking lot.",
    "Tickets for the first weekend sold out within hours, the museum said.",
];

fn run(corpus: &mut Corpus, pages: Vec<Capture>) -> IngestReport {
    let options = IngestOptions {
        jobs: 2,
        batch: 3,
        ..IngestOptions::default()
    };
    ingest(corpus, pages.into_iter().map(Ok), &options, &mut |_| {}).expect("ingest")
}

fn pages() -> Vec<Capture> {
    let mut cut = STRIKE.to_vec();
    cut.pop();
    let mut datelined = STRIKE.to_vec();
    let first = format!("ROTTERDAM (Wire) — {}", STRIKE[0]);
    datelined[0] = &first;
    vec![
        page(
            "https://wire.example/strike",
            "2024-03-04T08:00:00Z",
            "Rotterdam dock workers strike",
            &STRIKE,
        ),
        // An exact copy (other site, other boilerplate) and a near copy (dateline, last paragraph cut).
        page(
            "https://herald.example/world/strike",
            "2024-03-04T10:00:00Z",
            "Dockers strike in Rotterdam",
            &STRIKE,
        ),
        page(
            "https://post.example/strike-rotterdam",
            "2024-03-04T12:00:00Z",
            "Port strike",
            &datelined[..4],
        ),
        page(
            "https://ru.example/grain",
            "2024-03-05T09:00:00Z",
            "Переговоры о зерновом коридоре",
            &GRAIN_RU,
        ),
        page(
            "https://translated.example/grain",
            "2024-03-05T15:00:00Z",
            "Grain corridor talks resume",
            &GRAIN_EN,
        ),
        page(
            "https://culture.example/museum",
            "2024-03-06T09:00:00Z",
            "Lyon museum reopens Roman gallery",
            &MUSEUM,
        ),
    ]
}

fn corpus() -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = Corpus::open(dir.path()).expect("open");
    (dir, corpus)
}

fn search(corpus: &Corpus, query: &str) -> Vec<String> {
    let results = corpus
        .search(&SearchRequest {
            query: query.into(),
            limit: 20,
            collapse: true,
            ..SearchRequest::default()
        })
        .expect("search");
    results.hits.into_iter().filter_map(|h| h.url).collect()
}

#[test]
fn ingesting_twice_adds_nothing() {
    let (_dir, mut corpus) = corpus();
    let first = run(&mut corpus, pages());
    assert_eq!(first.added, 6, "{first:?}");
    let second = run(&mut corpus, pages());
    assert_eq!(
        (second.added, second.revisions, second.unchanged),
        (0, 0, 6),
        "{second:?}"
    );
    let stats = corpus.store().stats().unwrap();
    assert_eq!(stats.articles, 6);
    assert_eq!(corpus.index().len(), 6);
}

#[test]
fn copies_share_a_group_whose_original_is_the_earliest() {
    let (_dir, mut corpus) = corpus();
    let report = run(&mut corpus, pages());
    assert_eq!(report.duplicates, 2, "{report:?}");
    let wire = corpus
        .store()
        .article(id_of(&corpus, "https://wire.example/strike"))
        .unwrap()
        .unwrap();
    let group = corpus.store().dup_group(wire.dup_group).unwrap().unwrap();
    assert_eq!(group.members.len(), 3);
    assert_eq!(group.original, wire.id);
    // Search shows one of the three, with the other two counted.
    let results = corpus
        .search(&SearchRequest {
            query: "rotterdam".into(),
            limit: 10,
            collapse: true,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(results.total, 3);
    assert_eq!(results.hits.len(), 1);
    assert_eq!(results.hits[0].copies, 2);
}

#[test]
fn a_translation_lands_in_its_originals_story_and_unrelated_news_does_not() {
    let (_dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    let story = |url: &str| {
        corpus
            .store()
            .article(id_of(&corpus, url))
            .unwrap()
            .unwrap()
            .story_id
    };
    assert_eq!(
        story("https://ru.example/grain"),
        story("https://translated.example/grain")
    );
    assert_eq!(
        story("https://wire.example/strike"),
        story("https://post.example/strike-rotterdam")
    );
    assert_ne!(
        story("https://wire.example/strike"),
        story("https://ru.example/grain")
    );
    assert_ne!(
        story("https://culture.example/museum"),
        story("https://ru.example/grain")
    );
    let grain = corpus
        .store()
        .story(story("https://ru.example/grain"))
        .unwrap()
        .unwrap();
    assert_eq!(grain.languages, vec!["en", "ru"]);
    assert_eq!(grain.size, 2);
}

#[test]
fn a_changed_page_is_a_new_revision_not_a_duplicate() {
    let (_dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    let mut updated = MUSEUM.to_vec();
    updated.push(
        "Update: the museum extended its opening hours to 9 pm on Fridays until the end of April.",
    );
    let report = run(
        &mut corpus,
        vec![page(
            "https://culture.example/museum",
            "2024-03-06T09:00:00Z",
            "Lyon museum reopens Roman gallery",
            &updated,
        )],
    );
    assert_eq!((report.added, report.revisions), (0, 1), "{report:?}");
    let id = id_of(&corpus, "https://culture.example/museum");
    let latest = corpus.store().article(id).unwrap().unwrap();
    assert_eq!(latest.revision, 2);
    assert_eq!(corpus.store().revisions(&latest.key).unwrap().len(), 2);
    assert_eq!(corpus.store().stats().unwrap().articles, 6);
    assert_eq!(
        corpus.store().story(latest.story_id).unwrap().unwrap().size,
        1,
        "a revision adds no article to its story"
    );
    // Search finds the new text, once.
    assert_eq!(
        search(&corpus, "\"opening hours\""),
        vec!["https://culture.example/museum"]
    );
    assert_eq!(search(&corpus, "mosaic").len(), 1);
}

#[test]
fn search_stems_filters_and_counts_facets() {
    let (_dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    // English stemming: "waiting" ~ "wait"; Russian: "переговоров" ~ "переговоры".
    assert!(!search(&corpus, "wait").is_empty());
    assert_eq!(
        search(&corpus, "переговоры"),
        vec!["https://ru.example/grain"]
    );
    assert_eq!(
        search(&corpus, "title:museum"),
        vec!["https://culture.example/museum"]
    );
    assert!(search(&corpus, "museum -lyon").is_empty());
    assert_eq!(
        search(&corpus, "source:culture.example"),
        vec!["https://culture.example/museum"]
    );
    let results = corpus
        .search(&SearchRequest {
            query: "grain OR зерна OR museum".into(),
            filters: Filters {
                lang: Some("en".into()),
                since: Some("2024-03-05".into()),
                ..Filters::default()
            },
            sort: Sort::Date,
            limit: 10,
            collapse: true,
            facets: true,
            ..SearchRequest::default()
        })
        .unwrap();
    let urls: Vec<_> = results
        .hits
        .iter()
        .filter_map(|h| h.url.as_deref())
        .collect();
    assert_eq!(
        urls,
        vec![
            "https://culture.example/museum",
            "https://translated.example/grain"
        ]
    );
    assert_eq!(results.facets.lang, vec![("en".to_string(), 2)]);
    assert!(results.facets.month.contains(&("2024-03".to_string(), 2)));
    assert!(
        !results.hits[1].highlights.is_empty(),
        "{:?}",
        results.hits[1]
    );
    let bad = corpus.search(&SearchRequest {
        query: "(unbalanced".into(),
        limit: 10,
        ..SearchRequest::default()
    });
    assert!(bad.is_err());
}

#[test]
fn export_writes_every_latest_article() {
    let (_dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    let mut jsonl = Vec::new();
    assert_eq!(
        export(&corpus, ExportFormat::Jsonl, None, &mut jsonl).unwrap(),
        6
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    assert!(lines
        .iter()
        .all(|l| l["article"]["text"].as_str().is_some_and(|t| !t.is_empty())));
    let mut csv = Vec::new();
    assert_eq!(
        export(&corpus, ExportFormat::Csv, Some("rotterdam"), &mut csv).unwrap(),
        3
    );
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("id,url,"));
}

#[test]
fn a_damaged_index_is_reported_and_reindex_repairs_it() {
    let (dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    drop(corpus);
    std::fs::write(dir.path().join("index").join("meta.json"), b"{ not json").unwrap();
    let error = Corpus::open(dir.path())
        .err()
        .expect("a damaged index is an error")
        .to_string();
    assert!(error.contains("reindex"), "{error}");
    assert_eq!(Corpus::reindex(dir.path()).unwrap(), 6);
    let corpus = Corpus::open(dir.path()).unwrap();
    assert_eq!(
        search(&corpus, "mosaic"),
        vec!["https://culture.example/museum"]
    );
}

fn id_of(corpus: &Corpus, url: &str) -> i64 {
    let mut after = 0;
    loop {
        let batch = corpus.store().latest_after(after, 100).unwrap();
        let Some(last) = batch.last() else {
            panic!("{url} not in the corpus")
        };
        after = last.id;
        if let Some(found) = batch.iter().find(|a| a.article.url.as_deref() == Some(url)) {
            return found.id;
        }
    }
}

#[test]
fn revisions_are_ordered_by_when_they_were_written_not_by_arrival() {
    let (_dir, mut corpus) = corpus();
    let url = "https://culture.example/museum";
    let mut second = page(
        url,
        "2024-03-06T09:00:00Z",
        "Lyon museum reopens Roman gallery",
        &{
            let mut p = MUSEUM.to_vec();
            p.push("Update: the museum extended its opening hours to 9 pm on Fridays until the end of April.");
            p
        },
    );
    let html = String::from_utf8(second.body.clone()).unwrap().replace(
        "</head>",
        "<meta property=\"article:modified_time\" content=\"2024-03-07T10:00:00Z\"></head>",
    );
    second.body = html.into_bytes();
    let first = page(
        url,
        "2024-03-06T09:00:00Z",
        "Lyon museum reopens Roman gallery",
        &MUSEUM,
    );
    // The update arrives first, the original after it.
    run(&mut corpus, vec![second]);
    let report = run(&mut corpus, vec![first]);
    assert_eq!(report.revisions, 1, "{report:?}");
    let latest = corpus
        .store()
        .article(id_of(&corpus, url))
        .unwrap()
        .unwrap();
    assert!(
        latest.article.text.contains("Update:"),
        "the later text stays the searchable one"
    );
    assert_eq!(latest.revision, 2);
    let revisions = corpus.store().revisions(&latest.key).unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.1).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(search(&corpus, "\"opening hours\""), vec![url]);
    assert_eq!(corpus.index().len(), 1);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_reads_back_row_for_row() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let (dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    let path = dir.path().join("out.parquet");
    let mut file = std::fs::File::create(&path).unwrap();
    assert_eq!(
        export(&corpus, ExportFormat::Parquet, None, &mut file).unwrap(),
        6
    );
    drop(file);
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows(), 6);
    let columns: Vec<String> = meta
        .file_metadata()
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert!(columns.contains(&"text".to_string()) && columns.contains(&"dup_group".to_string()));
    let titles: Vec<String> = reader
        .get_row_iter(None)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|row| {
            row.get_column_iter()
                .find(|(name, _)| *name == "title")
                .map(|(_, v)| v.to_string())
        })
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("Lyon museum")),
        "{titles:?}"
    );
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_export_without_the_feature_is_a_clear_error() {
    let (_dir, mut corpus) = corpus();
    run(&mut corpus, pages());
    let mut out = Vec::new();
    let error = export(&corpus, ExportFormat::Parquet, None, &mut out)
        .unwrap_err()
        .to_string();
    assert!(error.contains("--features parquet"), "{error}");
}
