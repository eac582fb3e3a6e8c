//! What a researcher sees, over HTTP on a small corpus made for it: dates
//! (an undated page), copies folded in totals and pages, lists paged,
//! highlight offsets, unknown sources, entity lookup by any of its names,
//! time charts on a real axis, revisions, and parameters checked.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};
use newsdesk_server::{router, AppState, ServerConfig};
use serde_json::Value;

/// A page; `published` and `url` may be missing, `head` adds to `<head>`.
fn capture(
    url: Option<&str>,
    published: Option<&str>,
    head: &str,
    title: &str,
    body: &str,
) -> Capture {
    let date = published
        .map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">"))
        .unwrap_or_default();
    let canonical = url
        .map(|u| format!("<link rel=canonical href=\"{u}\">"))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title>{date}{canonical}{head}</head>\
         <body><article><h1>{title}</h1>{body}</article></body></html>"
    );
    Capture {
        source: "views-test".into(),
        location: url.unwrap_or("local/undated-page.html").into(),
        url: url.map(str::to_string),
        fetched_at: None,
        body: html.into_bytes(),
        ..Capture::default()
    }
}

const STRIKE: &str = "<p>Dock workers in Rotterdam walked off the job on Monday, union spokesman Niek Stam said, \
    closing the container terminals of the Maasvlakte for the first time in forty years.</p>\
    <p>\"We will not accept that machines replace people,\" Stam said outside the terminal, where hundreds of \
    workers gathered in the rain. The port authority said ships would be diverted to Antwerp and Hamburg \
    while the strike lasts, and that talks with the union would resume on Thursday in The Hague.</p>";

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

fn start() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("corpus");
    let mut pages = vec![
        // One text on three sites: one result when copies are folded.
        capture(
            Some("https://wire.example/strike"),
            Some("2024-03-04T08:00:00Z"),
            "<meta property=\"article:tag\" content=\"Labour\"><meta property=\"article:tag\" content=\"Ports\"><meta name=\"author\" content=\"Anna de Vries\">",
            "Rotterdam dock workers strike",
            STRIKE,
        ),
        capture(
            Some("https://copy-one.example/news/strike"),
            Some("2024-03-04T09:00:00Z"),
            "",
            "Rotterdam dock workers strike",
            STRIKE,
        ),
        capture(
            Some("https://copy-two.example/a/strike"),
            Some("2024-03-04T10:00:00Z"),
            "",
            "Rotterdam dock workers strike",
            STRIKE,
        ),
        // The same place years earlier: the chart spans the years.
        capture(
            Some("https://archive.example/2019/strike"),
            Some("2019-06-10T08:00:00Z"),
            "<meta name=\"author\" content=\"Anna de Vries\">",
            "An earlier strike in Rotterdam",
            "<p>A strike closed the port of Rotterdam for a day in June, the harbour master said after \
             the workers returned. Trade unions had asked for higher wages and shorter shifts.</p>",
        ),
        // No date anywhere: "date unknown".
        capture(
            Some("https://undated.example/strike-explainer"),
            None,
            "",
            "What the strike in Rotterdam means",
            "<p>The strike in Rotterdam affects shipping across Europe, analysts said. Dock workers \
             want guarantees that automation will not cost jobs.</p>",
        ),
        // No URL: the site is unknown.
        capture(
            None,
            Some("2024-03-06T08:00:00Z"),
            "",
            "A strike without a source",
            "<p>Another strike was announced by workers in Bremen on Wednesday, the union said, \
             a day after talks broke down.</p>",
        ),
        // Russian, for highlight offsets counted in characters.
        capture(
            Some("https://ru.example/talks"),
            Some("2024-03-07T08:00:00Z"),
            "",
            "Переговоры в Москве",
            "<p>Министр сообщил, что переговоры о новом соглашении продолжатся в Москве на следующей неделе. \
             По его словам, стороны близки к компромиссу, но переговоры ещё не закончены.</p>",
        ),
        capture(
            Some("https://ru.example/grain"),
            Some("2024-03-08T08:00:00Z"),
            "",
            "Зерновая сделка",
            "<p>Переговоры о зерновом коридоре возобновились в Стамбуле во вторник, сообщил министр \
             иностранных дел Турции Хакан Фидан.</p>",
        ),
        // An article whose text changed: two revisions.
        capture(
            Some("https://city.example/budget"),
            Some("2024-02-01T08:00:00Z"),
            "<meta property=\"article:modified_time\" content=\"2024-02-01T08:00:00Z\">",
            "Council approves budget",
            "<p>The council of Bristol approved the budget on Monday after a long debate, councillor \
             Jane Porter said. The plan adds new cycle lanes and two libraries.</p>",
        ),
        capture(
            Some("https://city.example/budget"),
            Some("2024-02-01T08:00:00Z"),
            "<meta property=\"article:modified_time\" content=\"2024-02-02T08:00:00Z\">",
            "Council approves budget",
            "<p>The council of Bristol rejected the budget on Tuesday after a long debate, councillor \
             Jane Porter said. The plan adds new cycle lanes and two libraries.</p>",
        ),
    ];
    // More entities, for a list longer than a page.
    for (i, city) in ["Lisbon", "Madrid", "Vienna", "Prague", "Warsaw"]
        .iter()
        .enumerate()
    {
        pages.push(capture(
            Some(&format!("https://travel.example/{i}")),
            Some(&format!("2024-01-1{i}T08:00:00Z")),
            "",
            &format!("Trains to {city}"),
            &format!(
                "<p>New night trains to {city} start in the spring, the operator said on Friday. \
                 Tickets for {city} go on sale next week.</p>"
            ),
        ));
    }
    ingest(
        &mut corpus,
        pages.into_iter().map(Ok),
        &IngestOptions::default(),
        &mut |_| {},
    )
    .expect("ingest");
    drop(corpus);
    let config = ServerConfig {
        data_dir: dir.path().to_path_buf(),
        external: None,
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        allow_private: true,
        fetch_delay: 0.0,
    };
    let (state, _) = AppState::new(&config).expect("state");
    let app = router(Arc::new(state));
    let address = common::serve_in_background(app);
    Server {
        base: format!("http://{address}"),
        _dir: dir,
    }
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .redirects(0)
        .build();
    let response = match agent.get(&format!("{}{path}", server.base)).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {path}: {e}"),
    };
    let status = response.status();
    (status, response.into_string().unwrap_or_default())
}

fn get_json(server: &Server, path: &str) -> (u16, Value) {
    let (status, body) = get(server, path);
    let value =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path} is not JSON ({e}): {body}"));
    (status, value)
}

fn ok_json(server: &Server, path: &str) -> Value {
    let (status, value) = get_json(server, path);
    assert_eq!(status, 200, "{path}: {value}");
    value
}

fn ok_page(server: &Server, path: &str) -> String {
    let (status, body) = get(server, path);
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// The id of the one hit of `query` whose title is `title`.
fn id_of(server: &Server, query: &str, title: &str) -> i64 {
    let results = ok_json(
        server,
        &format!("/api/search?q={query}&all_copies=true&limit=100"),
    );
    results["hits"]
        .as_array()
        .and_then(|hits| hits.iter().find(|h| h["title"] == title))
        .and_then(|h| h["id"].as_i64())
        .unwrap_or_else(|| panic!("no hit titled {title:?}: {results}"))
}

#[test]
fn an_undated_article_says_date_unknown_sorts_last_and_stays_out_of_charts() {
    let server = start();
    let id = id_of(&server, "analysts", "What the strike in Rotterdam means");
    let article = ok_json(&server, &format!("/api/articles/{id}"));
    assert_eq!(article["article"]["published"], Value::Null);
    assert_eq!(
        article["date"],
        Value::Null,
        "no ingest time as a date: {article}"
    );
    let page = ok_page(&server, &format!("/articles/{id}"));
    assert!(page.contains("date unknown"), "{page}");

    // Last when sorting by date, and out of date filters.
    let by_date = ok_json(&server, "/api/search?q=strike&sort=date&limit=100");
    let hits = by_date["hits"].as_array().expect("hits");
    assert_eq!(hits.last().map(|h| h["id"].as_i64()), Some(Some(id)));
    assert!(hits[..hits.len() - 1].iter().all(|h| h["date"].is_string()));
    let recent = ok_json(&server, "/api/search?q=strike&since=2024-01-01&limit=100");
    assert!(
        recent["hits"]
            .as_array()
            .is_some_and(|h| h.iter().all(|h| h["id"] != id)),
        "{recent}"
    );
    let search = ok_page(&server, "/search?q=analysts");
    assert!(search.contains("date unknown"), "{search}");

    // Counted beside the charts, not in them.
    let stats = ok_json(&server, "/api/stats");
    assert_eq!(stats["undated"], 1, "{stats}");
    let overview = ok_page(&server, "/");
    assert!(
        overview.contains("1 article has no date"),
        "the overview counts it: {overview}"
    );
    let bars: i64 = overview
        .split("<title>")
        .skip(2)
        .filter_map(|t| {
            t.split("</title>")
                .next()?
                .rsplit(": ")
                .next()?
                .parse::<i64>()
                .ok()
        })
        .sum();
    assert_eq!(
        bars + 1,
        stats["articles"].as_i64().expect("articles"),
        "the chart counts every dated article once"
    );
}

#[test]
fn bad_parameters_answer_400_naming_the_parameter() {
    let server = start();
    for (path, named) in [
        ("/api/entities?kind=bogus", "kind"),
        (
            "/api/search?q=strike&since=2024-05-01&until=2024-01-01",
            "since",
        ),
        ("/api/search?q=strike&since=yesterday", "since"),
        ("/api/search?q=strike&until=2024-13-45", "until"),
        ("/api/search?q=foo:bar", "foo:"),
        ("/api/articles/abc", "article id"),
        ("/api/stories/abc", "story id"),
        ("/api/stories?min_size=-1", "min_size"),
        ("/api/stories?limit=0", "limit"),
        ("/api/search?q=strike&limit=1000", "limit"),
        ("/api/entities?offset=99999999", "offset"),
    ] {
        let (status, body) = get_json(&server, path);
        assert_eq!(status, 400, "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(named), "{path}: {message:?} names {named}");
        assert!(
            !message.contains("i64") && !message.contains("Cannot parse"),
            "{path}: {message:?}"
        );
    }
    let (status, body) = get(
        &server,
        "/search?q=strike&since=2024-05-01&until=2024-01-01",
    );
    assert_eq!(status, 400);
    assert!(
        body.contains("role=\"alert\"") && body.contains("since"),
        "the search box comes back with the reason: {body}"
    );
    let (status, body) = get(&server, "/entities?kind=bogus");
    assert_eq!(status, 400, "{body}");
    let (status, body) = get(&server, "/articles/abc");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("article id"), "{body}");
}

#[test]
fn totals_fold_copies_and_every_page_has_results() {
    let server = start();
    let all = ok_json(&server, "/api/search?q=strike&all_copies=true&limit=100");
    let folded = ok_json(&server, "/api/search?q=strike&limit=100");
    let matches = all["total"].as_u64().expect("total");
    let total = folded["total"].as_u64().expect("total");
    assert_eq!(folded["matches"], matches, "{folded}");
    assert_eq!(total + 2, matches, "three copies count once: {folded}");
    assert_eq!(
        folded["hits"].as_array().map(Vec::len),
        Some(total as usize)
    );
    // Page by page with limit 2: every page up to the total has hits.
    let mut seen = Vec::new();
    let mut offset = 0;
    while offset < total {
        let page = ok_json(
            &server,
            &format!("/api/search?q=strike&limit=2&offset={offset}"),
        );
        let hits = page["hits"].as_array().expect("hits");
        assert!(!hits.is_empty(), "offset {offset} of {total}: {page}");
        assert_eq!(page["limit"], 2);
        assert_eq!(page["offset"], offset);
        seen.extend(hits.iter().filter_map(|h| h["id"].as_i64()));
        offset += 2;
    }
    assert_eq!(seen.len() as u64, total);

    // The pager keeps the limit, and stops at the last page.
    let first = ok_page(&server, "/search?q=strike&limit=2");
    assert!(first.contains("limit=2&amp;offset=2"), "{first}");
    assert!(
        first.contains("lang=en&amp;limit=2\""),
        "a facet keeps the limit too: {first}"
    );
    let last_offset = (total - 1) / 2 * 2;
    let last = ok_page(
        &server,
        &format!("/search?q=strike&limit=2&offset={last_offset}"),
    );
    assert!(!last.contains("rel=\"next\""), "no Next on the last page");
    assert!(last.contains(&format!("{total} results")), "{last}");
}

#[test]
fn lists_are_paged_with_offset_and_total() {
    let server = start();
    let first = ok_json(&server, "/api/entities?limit=2");
    let second = ok_json(&server, "/api/entities?limit=2&offset=2");
    let total = first["total"].as_u64().expect("a total");
    assert!(total > 4, "{first}");
    assert_eq!(second["total"], total);
    assert_eq!(second["offset"], 2);
    assert_ne!(first["entities"][0], second["entities"][0]);
    let stories = ok_json(&server, "/api/stories?min_size=1&limit=1&offset=1");
    assert_eq!(stories["offset"], 1);
    assert_eq!(stories["limit"], 1);
    assert!(
        stories["total"].as_u64().is_some_and(|t| t > 2),
        "{stories}"
    );
    assert_eq!(stories["stories"].as_array().map(Vec::len), Some(1));

    let page = ok_page(&server, "/entities?limit=2");
    assert!(page.contains("/entities?limit=2&amp;offset=2"), "{page}");
    let page = ok_page(&server, "/entities?limit=2&offset=2");
    assert!(page.contains("rel=\"prev\""), "{page}");
    let page = ok_page(&server, "/stories?min_size=1&limit=1");
    assert!(page.contains("offset=1"), "{page}");
}

#[test]
fn highlight_offsets_count_characters_and_a_phrase_is_one_match() {
    let server = start();
    let results = ok_json(&server, "/api/search?q=переговоры");
    let hit = &results["hits"][0];
    let snippet: Vec<char> = hit["snippet"]
        .as_str()
        .expect("a snippet")
        .chars()
        .collect();
    let ranges = hit["highlights"].as_array().expect("highlights");
    assert!(!ranges.is_empty(), "{hit}");
    for range in ranges {
        let (start, end) = (
            range[0].as_u64().expect("start") as usize,
            range[1].as_u64().expect("end") as usize,
        );
        let word: String = snippet[start..end].iter().collect();
        assert!(
            word.to_lowercase().starts_with("переговор"),
            "{word:?} in {hit}"
        );
    }
    let results = ok_json(&server, "/api/search?q=%22dock+workers%22");
    let hit = &results["hits"][0];
    let snippet: Vec<char> = hit["snippet"]
        .as_str()
        .expect("a snippet")
        .chars()
        .collect();
    let marked: Vec<String> = hit["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|r| {
            snippet[r[0].as_u64().unwrap_or(0) as usize..r[1].as_u64().unwrap_or(0) as usize]
                .iter()
                .collect()
        })
        .collect();
    assert!(marked.iter().any(|m| m == "Dock workers"), "{marked:?}");
    let spec = ok_json(&server, "/api/openapi.json");
    assert!(
        spec.to_string().contains("characters"),
        "the schema says what the offsets count"
    );
}

#[test]
fn an_unknown_source_is_shown_one_way_and_sites_agree_with_stats() {
    let server = start();
    let stats = ok_json(&server, "/api/stats");
    assert_eq!(stats["without_site"], 1, "{stats}");
    let sites = stats["sites"].as_u64().expect("sites");
    assert!(
        stats["top_sources"]
            .as_array()
            .is_some_and(|s| s.iter().all(|p| p[0] != "?" && p[0].is_string())),
        "{stats}"
    );
    let overview = ok_page(&server, "/");
    assert!(
        overview.contains(&format!("from {sites} sites")),
        "{overview}"
    );
    assert!(!overview.contains(">?<"), "no \"?\" source: {overview}");
    assert!(!overview.contains("source=%3F"), "no link for \"?\"");
    let id = id_of(&server, "bremen", "A strike without a source");
    let page = ok_page(&server, &format!("/articles/{id}"));
    assert!(page.contains("unknown source"));
    let search = ok_page(&server, "/search?q=bremen");
    assert!(search.contains("unknown source"), "{search}");
}

#[test]
fn entities_are_found_by_any_case_or_name_and_copies_count_once() {
    let server = start();
    let exact = ok_json(&server, "/api/entities/Rotterdam");
    for asked in ["rotterdam", "ROTTERDAM"] {
        let found = ok_json(&server, &format!("/api/entities/{asked}"));
        assert_eq!(found["name"], "Rotterdam", "{asked}");
        let (status, _) = get(&server, &format!("/entities/{asked}"));
        assert_eq!(status, 200, "/entities/{asked}");
    }
    // By a shorter name the articles use.
    let stam = ok_json(&server, "/api/entities/stam");
    assert_eq!(stam["name"], "Niek Stam", "{stam}");
    // By the word as the text inflects it.
    let city = ok_json(
        &server,
        "/api/entities/%D0%A1%D1%82%D0%B0%D0%BC%D0%B1%D1%83%D0%BB",
    );
    let grain = id_of(&server, "коридор", "Зерновая сделка");
    let article = ok_json(&server, &format!("/api/articles/{grain}"));
    assert!(
        article["analysis"]["entities"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["name"] == city["name"])),
        "{city} is an entity of {article}"
    );
    let (status, _) = get_json(&server, "/api/entities/Nobody%20Here");
    assert_eq!(status, 404);

    // Three copies of the strike report: one latest article, one quote.
    let recent = exact["recent"].as_array().expect("recent");
    let mut groups: Vec<i64> = recent
        .iter()
        .filter_map(|a| a["dup_group"].as_i64())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    assert_eq!(groups.len(), recent.len(), "{exact}");
    let quotes = stam["quotes"].as_array().expect("quotes");
    assert_eq!(quotes.len(), 1, "{stam}");
    let page = ok_page(&server, "/entities/Niek%20Stam");
    assert_eq!(page.matches("<blockquote>").count(), 1, "{page}");
    // Its articles are searched under every name merged into it.
    assert_eq!(
        stam["names"],
        serde_json::json!(["Niek Stam", "Stam"]),
        "{stam}"
    );
    assert!(
        page.contains("/search?q=entity%3A%22Niek+Stam%22+OR+entity%3A%22Stam%22"),
        "{page}"
    );
}

#[test]
fn time_charts_have_a_real_axis_and_bars_that_link_to_their_period() {
    let server = start();
    let page = ok_page(&server, "/entities/Rotterdam");
    // 2019-06 to 2024-03, by month: every month has its bar.
    let links = page
        .matches("<a href=\"/search?entity=Rotterdam&amp;since=")
        .count();
    assert_eq!(links, 58, "{page}");
    assert!(
        page.contains("since=2019-06-01&amp;until=2019-06-30"),
        "{page}"
    );
    assert!(page.contains("per month"), "the period is said");
    assert!(page.contains("class=\"tick\""), "the axis is labelled");
    let overview = ok_page(&server, "/");
    assert!(overview.contains("<a href=\"/search?since="), "{overview}");
    assert!(overview.contains("class=\"tick\""));
}

#[test]
fn an_older_revision_says_so_and_shows_what_changed() {
    let server = start();
    let latest = id_of(&server, "bristol", "Council approves budget");
    let article = ok_json(&server, &format!("/api/articles/{latest}"));
    let revisions = article["revisions"].as_array().expect("revisions");
    assert_eq!(revisions.len(), 2, "{article}");
    let old = revisions
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .find(|id| *id != latest)
        .expect("the older revision");
    let page = ok_page(&server, &format!("/articles/{old}"));
    assert!(
        page.contains("A newer revision of this article exists"),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"/articles/{latest}\"")));
    assert!(!page.contains("Probable original"), "{page}");
    assert!(
        page.contains("<del class=\"diff\">approved</del>"),
        "{page}"
    );
    assert!(
        page.contains("<ins class=\"diff\">rejected</ins>"),
        "{page}"
    );
    let page = ok_page(&server, &format!("/articles/{latest}"));
    assert!(!page.contains("A newer revision"));
}

#[test]
fn small_things_legend_tags_and_copies_link() {
    let server = start();
    let id = id_of(&server, "strike", "Rotterdam dock workers strike");
    let page = ok_page(&server, &format!("/articles/{id}"));
    assert!(
        page.contains("class=\"legend\""),
        "entity colours have a legend"
    );
    assert!(page.contains("places"), "{page}");
    assert!(
        page.contains("<ul class=\"tags\">"),
        "tags are a list: {page}"
    );
    let search = ok_page(&server, "/search?q=%22dock+workers%22");
    assert!(search.contains("#copies\">2 more copies</a>"), "{search}");
    assert!(search.contains("<mark>Dock workers</mark>"), "{search}");
}

/// Whether `value` follows `schema` (the subset of JSON Schema the API's
/// document uses: `$ref`, `type` (one or several), `required`,
/// `properties`, `items`, `prefixItems`); the problems found, by path.
fn schema_problems(spec: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return schema_problems(spec, &spec["components"]["schemas"][name], value, at);
    }
    let mut problems = Vec::new();
    let kinds: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let is = |kind: &str| match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    };
    if !kinds.is_empty() && !kinds.iter().any(|k| is(k)) {
        problems.push(format!("{at}: {value} is not {kinds:?}"));
        return problems;
    }
    if let Some(object) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            let name = name.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                problems.push(format!("{at}: {name} is missing"));
            }
        }
        if let Some(properties) = schema["properties"].as_object() {
            for (name, property) in properties {
                if let Some(field) = object.get(name) {
                    problems.extend(schema_problems(
                        spec,
                        property,
                        field,
                        &format!("{at}.{name}"),
                    ));
                }
            }
        }
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            let item_schema = schema["prefixItems"].get(i).unwrap_or(&schema["items"]);
            if !item_schema.is_null() {
                problems.extend(schema_problems(
                    spec,
                    item_schema,
                    item,
                    &format!("{at}[{i}]"),
                ));
            }
        }
    }
    problems
}

#[test]
fn openapi_schemas_describe_the_real_responses() {
    let server = start();
    let spec = ok_json(&server, "/api/openapi.json");
    assert_eq!(spec["openapi"], "3.1.0");
    let id = id_of(&server, "bristol", "Council approves budget");
    let story = ok_json(&server, &format!("/api/articles/{id}"))["story"]["id"]
        .as_i64()
        .expect("a story");
    for (path, documented) in [
        ("/api/search?q=strike&limit=3".to_string(), "/api/search"),
        ("/api/stats".to_string(), "/api/stats"),
        (format!("/api/articles/{id}"), "/api/articles/{id}"),
        (
            "/api/stories?min_size=1&limit=3".to_string(),
            "/api/stories",
        ),
        (format!("/api/stories/{story}"), "/api/stories/{id}"),
        ("/api/entities?limit=3".to_string(), "/api/entities"),
        (
            "/api/entities/Rotterdam".to_string(),
            "/api/entities/{name}",
        ),
        ("/api/sources?limit=3".to_string(), "/api/sources"),
        (
            "/api/sources/wire.example".to_string(),
            "/api/sources/{site}",
        ),
        (
            "/api/authors/Anna%20de%20Vries".to_string(),
            "/api/authors/{name}",
        ),
        ("/api/quoted?q=strike".to_string(), "/api/quoted"),
    ] {
        let schema = &spec["paths"][documented]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"];
        assert!(
            schema["$ref"].is_string(),
            "{documented} has a schema of its own"
        );
        let value = ok_json(&server, &path);
        let problems = schema_problems(&spec, schema, &value, documented);
        assert_eq!(problems, Vec::<String>::new(), "{path}");
    }
    // The schema catches a wrong answer.
    let wrong = serde_json::json!({"total": "many", "hits": []});
    let schema = &spec["paths"]["/api/search"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    assert!(!schema_problems(&spec, schema, &wrong, "wrong").is_empty());
}

#[test]
fn a_search_is_an_atom_feed_newest_first_with_copies_folded() {
    let server = start();
    let (status, feed) = get(&server, "/feed?q=strike");
    assert_eq!(status, 200, "{feed}");
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    // The same results as the search, newest first, one per text, dated ones only.
    let hits = ok_json(&server, "/api/search?q=strike&sort=date");
    let dated: Vec<i64> = hits["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|h| !h["date"].is_null())
        .filter_map(|h| h["id"].as_i64())
        .collect();
    assert!(!dated.is_empty());
    let entries: Vec<i64> = feed
        .split("<id>urn:newsdesk:article:")
        .skip(1)
        .filter_map(|rest| rest.split('<').next()?.parse().ok())
        .collect();
    assert_eq!(entries, dated, "{feed}");
    // The search page links to it; a bad parameter is a 400 here too.
    let page = ok_page(&server, "/search?q=strike");
    assert!(page.contains("href=\"/feed?q=strike\""), "{page}");
    let (status, body) = get(&server, "/feed?q=strike&since=2024-05-01&until=2024-01-01");
    assert_eq!(status, 400, "{body}");
}

#[test]
fn a_search_exports_its_articles_as_json_lines_or_csv() {
    let server = start();
    let search = ok_json(&server, "/api/search?q=strike&limit=100");
    let folded: Vec<i64> = search["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect();
    assert!(!folded.is_empty());
    let (status, lines) = get(&server, "/api/export?q=strike");
    assert_eq!(status, 200, "{lines}");
    let exported: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record per line"))
        .collect();
    let ids: Vec<i64> = exported.iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(
        ids, folded,
        "the search's results, copies folded, in its order"
    );
    assert!(
        exported[0]["analysis"]["entities"].is_array(),
        "{}",
        exported[0]
    );
    // Every copy when asked, and CSV with a header row.
    let all = ok_json(&server, "/api/search?q=strike&all_copies=true&limit=100");
    let (status, csv) = get(&server, "/api/export?q=strike&all_copies=true&format=csv");
    assert_eq!(status, 200, "{csv}");
    assert!(csv.starts_with("id,url,"), "{csv}");
    let rows = csv
        .lines()
        .filter(|l| {
            l.split(',')
                .next()
                .is_some_and(|f| f.parse::<i64>().is_ok())
        })
        .count();
    assert_eq!(rows as u64, all["total"].as_u64().unwrap_or(0), "{csv}");
    // Bad input is refused before anything is sent.
    for bad in [
        "/api/export?q=strike&format=xml",
        "/api/export?q=foo:bar",
        "/api/export?q=strike&lang=en&since=2025-01-01&until=2024-01-01",
    ] {
        let (status, body) = get(&server, bad);
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

#[test]
fn attention_over_time_counts_searches_per_period_beside_all_articles() {
    let server = start();
    let body = ok_json(&server, "/api/attention?q=strike&q=Rotterdam");
    let periods = body["periods"].as_array().expect("periods");
    let all: Vec<i64> = body["all"]
        .as_array()
        .expect("all")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(periods.len(), all.len());
    assert!(!all.is_empty(), "{body}");
    // Every dated matching article (copies count each) is in one period.
    let search = ok_json(&server, "/api/search?q=strike&all_copies=true&limit=100");
    let dated = search["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|h| !h["date"].is_null())
        .count() as i64;
    let series = body["series"].as_array().expect("series");
    assert_eq!(series.len(), 2);
    assert_eq!(series[0]["q"], "strike");
    assert_eq!(series[0]["total"].as_i64(), Some(dated), "{body}");
    for s in series {
        let counts: Vec<i64> = s["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        let share: Vec<f64> = s["share"]
            .as_array()
            .expect("share")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        assert_eq!(counts.len(), all.len());
        for ((n, of), sh) in counts.iter().zip(&all).zip(&share) {
            assert!(n <= of, "{body}");
            assert!((0.0..=1.0).contains(sh));
        }
    }
    // A period with nothing is still drawn: the axis has no gaps.
    let firsts: Vec<&str> = periods.iter().filter_map(|p| p["first"].as_str()).collect();
    let lasts: Vec<&str> = periods.iter().filter_map(|p| p["last"].as_str()).collect();
    for (last, next_first) in lasts.iter().zip(firsts.iter().skip(1)) {
        let last = chrono::NaiveDate::parse_from_str(last, "%Y-%m-%d").expect("a day");
        let next = chrono::NaiveDate::parse_from_str(next_first, "%Y-%m-%d").expect("a day");
        assert_eq!(last.succ_opt(), Some(next), "{body}");
    }
    // CSV: a header and one row per period.
    let (status, csv) = get(&server, "/api/attention?q=strike&format=csv&by=month");
    assert_eq!(status, 200, "{csv}");
    assert!(
        csv.starts_with("period,first,last,all,strike,strike share\n"),
        "{csv}"
    );
    let by_month = ok_json(&server, "/api/attention?q=strike&by=month");
    assert_eq!(by_month["by"], "month");
    assert_eq!(
        csv.lines().count(),
        1 + by_month["periods"].as_array().map_or(0, Vec::len)
    );
    // Without a search, the baseline alone.
    let baseline = ok_json(&server, "/api/attention");
    assert_eq!(baseline["all"], body["all"]);
    assert_eq!(baseline["series"].as_array().map(Vec::len), Some(0));
    // The search page shows the chart and links the CSV.
    let page = ok_page(&server, "/search?q=strike");
    assert!(page.contains("Attention over time"), "{page}");
    assert!(
        page.contains("/api/attention?q=strike&amp;format=csv"),
        "{page}"
    );
    // Unusable parameters are 400s naming them.
    for (bad, named) in [
        ("/api/attention?q=a&by=fortnight", "by"),
        ("/api/attention?q=a&q=b&q=c&q=d&q=e&q=f", "q"),
        ("/api/attention?q=a&colour=red", "colour"),
        (
            "/api/attention?q=a&since=2024-05-01&until=2024-01-01",
            "since",
        ),
        ("/api/attention?q=foo:bar", "foo"),
    ] {
        let (status, body) = get(&server, bad);
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains(named), "{bad}: {body}");
    }
}

/// The `name` of every `{name, articles}` entry of a list.
fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str().map(str::to_string))
        .collect()
}

/// The periods of a profile: gapless, and their counts.
fn period_counts(profile: &Value) -> Vec<i64> {
    let periods = profile["periods"].as_array().expect("periods");
    for pair in periods.windows(2) {
        let last =
            chrono::NaiveDate::parse_from_str(pair[0]["last"].as_str().unwrap_or(""), "%Y-%m-%d")
                .expect("a day");
        let next =
            chrono::NaiveDate::parse_from_str(pair[1]["first"].as_str().unwrap_or(""), "%Y-%m-%d")
                .expect("a day");
        assert_eq!(last.succ_opt(), Some(next), "{profile}");
    }
    periods.iter().filter_map(|p| p["count"].as_i64()).collect()
}

#[test]
fn sources_are_listed_by_articles_and_each_has_its_page() {
    let server = start();
    let list = ok_json(&server, "/api/sources?limit=100");
    let all = names(&list["sources"]);
    let mut expected = vec![
        "travel.example",
        "ru.example",
        "archive.example",
        "city.example",
        "copy-one.example",
        "copy-two.example",
        "undated.example",
        "wire.example",
    ];
    assert_eq!(
        all.first().map(String::as_str),
        Some("travel.example"),
        "{list}"
    );
    assert_eq!(all[1], "ru.example", "{list}");
    expected.sort();
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "{list}");
    assert_eq!(list["total"], 8);
    assert_eq!(list["without_source"], 1, "{list}");
    // Every latest article is from a source or counted without one.
    let stats = ok_json(&server, "/api/stats");
    let counted: i64 = list["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["articles"].as_i64())
        .sum();
    assert_eq!(Some(counted + 1), stats["articles"].as_i64(), "{stats}");
    // Paged: two pages of three do not overlap and follow the order.
    let first = names(&ok_json(&server, "/api/sources?limit=3")["sources"]);
    let second = names(&ok_json(&server, "/api/sources?limit=3&offset=3")["sources"]);
    assert_eq!(first, all[..3].to_vec());
    assert_eq!(second, all[3..6].to_vec());
    let (status, body) = get(&server, "/api/sources?limit=0");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("limit"), "{body}");

    // One source: its articles over a gapless axis, languages, latest first.
    let ru = ok_json(&server, "/api/sources/ru.example");
    assert_eq!(ru["source"], "ru.example");
    assert_eq!(ru["articles"], 2);
    assert_eq!(ru["undated"], 0);
    assert_eq!(period_counts(&ru).iter().sum::<i64>(), 2, "{ru}");
    assert_eq!(ru["languages"][0]["name"], "ru", "{ru}");
    assert_eq!(ru["languages"][0]["articles"], 2, "{ru}");
    let latest: Vec<&str> = ru["latest"]
        .as_array()
        .expect("latest")
        .iter()
        .filter_map(|h| h["title"].as_str())
        .collect();
    assert_eq!(latest, ["Зерновая сделка", "Переговоры в Москве"]);
    // Its entities are the index's, counted over its articles.
    assert!(!names(&ru["entities"]).is_empty(), "{ru}");
    let wire = ok_json(&server, "/api/sources/WWW.Wire.Example");
    assert_eq!(wire["source"], "wire.example");
    assert!(
        names(&wire["entities"])
            .iter()
            .any(|e| e.contains("Rotterdam")),
        "{wire}"
    );
    // An undated source has no period, and says so.
    let undated = ok_json(&server, "/api/sources/undated.example");
    assert_eq!(undated["undated"], 1);
    assert_eq!(period_counts(&undated), Vec::<i64>::new());
    let (status, body) = get(&server, "/api/sources/nowhere.example");
    assert_eq!(status, 404, "{body}");

    // The pages: the list links each source; a source's page draws its
    // chart with bars that search its period.
    let page = ok_page(&server, "/sources");
    assert!(page.contains("href=\"/sources/travel.example\""), "{page}");
    // The listed sources compared over time: one `source:` search each on
    // the attention API, each counting its dated articles.
    let start_at = page
        .find("/api/attention?q=source")
        .expect("a comparison link");
    let href = page[start_at..]
        .split('"')
        .next()
        .expect("href")
        .replace("&amp;", "&");
    let compared = ok_json(&server, &href);
    let series = compared["series"].as_array().expect("series");
    assert!(series.len() > 1 && series.len() <= 5, "{compared}");
    let first = series[0]["q"].as_str().expect("q").to_string();
    let site = first
        .trim_start_matches("source:")
        .trim_matches('"')
        .to_string();
    let profile = ok_json(&server, &format!("/api/sources/{site}"));
    assert_eq!(
        series[0]["total"].as_i64(),
        Some(period_counts(&profile).iter().sum::<i64>()),
        "{first}: {compared}"
    );
    assert!(page.contains("1 article from an unknown source"), "{page}");
    let page = ok_page(&server, "/sources/travel.example");
    assert!(
        page.contains("Articles over time") && page.contains("<svg"),
        "{page}"
    );
    assert!(page.contains("source=travel.example&amp;since="), "{page}");
    assert!(page.contains("Trains to Warsaw"), "{page}");
    assert!(page.contains("href=\"/entities/"), "{page}");
    let (status, _) = get(&server, "/sources/nowhere.example");
    assert_eq!(status, 404);

    // Source names link to their page wherever they are shown.
    let search = ok_page(&server, "/search?q=strike");
    assert!(
        search.contains("href=\"/sources/wire.example\""),
        "{search}"
    );
    let id = id_of(&server, "rotterdam", "An earlier strike in Rotterdam");
    let article = ok_page(&server, &format!("/articles/{id}"));
    assert!(
        article.contains("href=\"/sources/archive.example\""),
        "{article}"
    );
    let overview = ok_page(&server, "/");
    assert!(
        overview.contains("href=\"/sources/travel.example\""),
        "{overview}"
    );
}

#[test]
fn a_byline_links_to_its_authors_page() {
    let server = start();
    let id = id_of(&server, "rotterdam", "An earlier strike in Rotterdam");
    let article = ok_page(&server, &format!("/articles/{id}"));
    assert!(
        article.contains("href=\"/authors/Anna%20de%20Vries\""),
        "{article}"
    );
    let author = ok_json(&server, "/api/authors/Anna%20de%20Vries");
    assert_eq!(author["author"], "Anna de Vries");
    assert_eq!(author["articles"], 2, "{author}");
    let mut sources = names(&author["sources"]);
    sources.sort();
    assert_eq!(sources, ["archive.example", "wire.example"]);
    // Two dated articles five years apart: one gapless axis between them.
    let counts = period_counts(&author);
    assert_eq!(counts.iter().sum::<i64>(), 2);
    assert!(counts.len() > 2, "{author}");
    let page = ok_page(&server, "/authors/Anna%20de%20Vries");
    assert!(page.contains("Articles by Anna de Vries"), "{page}");
    assert!(page.contains("href=\"/sources/wire.example\""), "{page}");
    let (status, body) = get(&server, "/api/authors/Nobody%20Atall");
    assert_eq!(status, 404, "{body}");
}

#[test]
fn who_is_quoted_ranks_speakers_and_copies_count_once() {
    let server = start();
    let quoted = ok_json(&server, "/api/quoted?q=strike");
    let speakers = quoted["speakers"].as_array().expect("speakers");
    let stam = speakers
        .iter()
        .find(|s| s["speaker"].as_str().is_some_and(|n| n.contains("Stam")))
        .unwrap_or_else(|| panic!("Stam is quoted: {quoted}"));
    // The quote is in three copies of one text: once, in one article.
    assert_eq!(stam["quotes"], 1, "{quoted}");
    assert_eq!(stam["articles"], 1, "{quoted}");
    assert!(
        stam["said"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("machines replace people")),
        "{quoted}"
    );
    assert_eq!(quoted["complete"], true);
    assert_eq!(quoted["total"].as_u64(), Some(speakers.len() as u64));
    // Ranked: quotes never grow down the list.
    let counts: Vec<i64> = speakers
        .iter()
        .filter_map(|s| s["quotes"].as_i64())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{quoted}");
    // The search's filters apply.
    let elsewhere = ok_json(&server, "/api/quoted?q=strike&source=travel.example");
    assert_eq!(elsewhere["total"], 0, "{elsewhere}");
    for (bad, named) in [
        ("/api/quoted?q=strike&quotes=0", "quotes"),
        ("/api/quoted?q=strike&limit=1000", "limit"),
        ("/api/quoted?q=foo:bar", "foo"),
        ("/api/quoted?q=a&since=2024-05-01&until=2024-01-01", "since"),
    ] {
        let (status, body) = get(&server, bad);
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains(named), "{bad}: {body}");
    }
    // The search page has the section and links every speaker.
    let page = ok_page(&server, "/search?q=strike");
    assert!(page.contains("Who is quoted"), "{page}");
    assert!(page.contains("href=\"/quoted?q=strike"), "{page}");
    let all = ok_page(&server, "/quoted?q=strike");
    assert!(all.contains("machines replace people"), "{all}");
    // A story's page and API say who is quoted in it.
    let id = id_of(&server, "strike", "Rotterdam dock workers strike");
    let story = ok_json(&server, &format!("/api/articles/{id}"))["story"]["id"]
        .as_i64()
        .expect("a story");
    let api = ok_json(&server, &format!("/api/stories/{story}"));
    let names: Vec<&str> = api["quoted"]["speakers"]
        .as_array()
        .expect("quoted speakers")
        .iter()
        .filter_map(|s| s["speaker"].as_str())
        .collect();
    assert!(names.iter().any(|n| n.contains("Stam")), "{api}");
    let page = ok_page(&server, &format!("/stories/{story}"));
    assert!(
        page.contains("Who is quoted") && page.contains("machines replace people"),
        "{page}"
    );
}

/// The titles a search finds (every copy), sorted.
fn titles(server: &Server, query: &str) -> Vec<String> {
    let mut query_string = url::form_urlencoded::Serializer::new(String::new());
    query_string.append_pair("q", query);
    let found = ok_json(
        server,
        &format!(
            "/api/search?{}&all_copies=true&limit=100",
            query_string.finish()
        ),
    );
    let mut titles: Vec<String> = found["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["title"].as_str().map(str::to_string))
        .collect();
    titles.sort();
    titles
}

#[test]
fn prefix_fuzzy_and_proximity_searches_find_what_they_should() {
    let server = start();
    // A prefix finds the words it starts, in every language.
    let strike = titles(&server, "strike");
    assert!(!strike.is_empty());
    assert_eq!(titles(&server, "strik*"), strike);
    assert_eq!(titles(&server, "Rotterd*"), titles(&server, "Rotterdam"));
    assert_eq!(
        titles(&server, "переговор*"),
        ["Зерновая сделка", "Переговоры в Москве"]
    );
    // ... also where the index holds stems: "approved" is held as "approv"
    // (only the latest revision of the article is searched).
    assert_eq!(titles(&server, "approved*"), ["Council approves budget"]);
    assert_eq!(titles(&server, "title:Counc*"), ["Council approves budget"]);
    // Fuzzy: one edit away, and not found without it.
    assert_eq!(titles(&server, "Roterdam"), Vec::<String>::new());
    assert_eq!(titles(&server, "Roterdam~1"), titles(&server, "Rotterdam"));
    assert_eq!(
        titles(&server, "Rtoterdam~1"),
        titles(&server, "Rotterdam"),
        "a swap is one edit"
    );
    assert_eq!(titles(&server, "Rottrdmm~1"), Vec::<String>::new());
    // Proximity: "dock workers in Rotterdam" has two words between.
    assert_eq!(titles(&server, "\"dock rotterdam\""), Vec::<String>::new());
    assert_eq!(
        titles(&server, "\"dock rotterdam\"~1"),
        Vec::<String>::new()
    );
    assert_eq!(
        titles(&server, "\"dock rotterdam\"~2"),
        ["Rotterdam dock workers strike"; 3]
    );
    // Each combines with the rest of the language.
    assert_eq!(
        titles(&server, "strik* -Rotterd* source:undated.example"),
        Vec::<String>::new()
    );
    assert_eq!(
        titles(&server, "Roterdam~1 AND \"dock rotterdam\"~2"),
        ["Rotterdam dock workers strike"; 3]
    );
    // Too wide asks are 400s saying why.
    for (bad, says) in [
        ("/api/search?q=s*", "prefix"),
        ("/api/search?q=Roterdam~3", "edits"),
        ("/api/search?q=%22a%20b%22~99", "apart"),
    ] {
        let (status, body) = get(&server, bad);
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains(says), "{bad}: {body}");
    }
    // The search page documents them.
    let page = ok_page(&server, "/search");
    for form in ["strik*", "\"port strike\"~3", "Roterdam~1"] {
        assert!(
            page.contains(&maud::html! { (form) }.into_string()),
            "{form}: {page}"
        );
    }
}
