//! The server end to end over HTTP on a loopback port: the API's answers and
//! errors, every OpenAPI path, the pages, escaping of hostile content, the
//! security headers, and the token on write endpoints.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};
use newsdesk_server::{router, AppState, ServerConfig};
use serde_json::Value;

const HOSTILE_TITLE: &str = "Cycle lanes <script>alert('title')</script> approved";

fn page(url: &str, date: &str, title: &str, body: &str) -> Capture {
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title>\
         <meta property=\"article:published_time\" content=\"{date}\"><link rel=canonical href=\"{url}\"></head>\
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

struct Server {
    base: String,
    token: String,
    _dir: tempfile::TempDir,
}

fn start() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("corpus");
    let pages = vec![
        page(
            "https://wire.example/strike",
            "2024-03-04T08:00:00Z",
            "Rotterdam dock workers strike",
            "<p>Dock workers in Rotterdam walked off the job on Monday, union spokesman Niek Stam said.</p>\
             <p>\"We will not accept that machines replace people,\" Stam said outside the Maasvlakte terminal.</p>",
        ),
        page(
            "https://city.example/lanes",
            "2024-03-05T08:00:00Z",
            // Entities in the page are escaped by the HTML parser; the title
            // text keeps a literal "<script>" after extraction.
            "Cycle lanes &lt;script&gt;alert('title')&lt;/script&gt; approved",
            "<p>The council of Bristol approved new cycle lanes on Tuesday &lt;img src=x onerror=alert(1)&gt; after a long debate.</p>\
             <p>Councillor Jane Porter said the lanes would open in May.</p>",
        ),
    ];
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
    let (state, token) = AppState::new(&config).expect("state");
    let token = token.expect("a new token");
    let app = router(Arc::new(state));
    let address = common::serve_in_background(app);
    Server {
        base: format!("http://{address}"),
        token,
        _dir: dir,
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build()
}

fn get(server: &Server, path: &str) -> (u16, String, Option<String>) {
    let response = match agent().get(&format!("{}{path}", server.base)).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {path}: {e}"),
    };
    let status = response.status();
    let csp = response
        .header("content-security-policy")
        .map(str::to_string);
    (status, response.into_string().unwrap_or_default(), csp)
}

fn get_json(server: &Server, path: &str) -> (u16, Value) {
    let (status, body, _) = get(server, path);
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path} is not JSON ({e}): {body}")),
    )
}

fn post(server: &Server, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut request = agent().post(&format!("{}{path}", server.base));
    if let Some(token) = token {
        request = request.set("Authorization", &format!("Bearer {token}"));
    }
    let response = match request
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
    {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("POST {path}: {e}"),
    };
    let status = response.status();
    let text = response.into_string().unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[test]
fn the_api_answers_searches_articles_stories_and_entities() {
    let server = start();
    let (status, results) = get_json(&server, "/api/search?q=rotterdam&limit=5");
    assert_eq!(status, 200);
    assert_eq!(results["total"], 1);
    let id = results["hits"][0]["id"].as_i64().expect("an id");
    assert!(results["facets"]["lang"].is_array());

    let (status, article) = get_json(&server, &format!("/api/articles/{id}"));
    assert_eq!(status, 200);
    assert_eq!(article["article"]["title"], "Rotterdam dock workers strike");
    assert!(article["analysis"]["entities"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    let story = article["story"]["id"].as_i64().expect("a story");
    let (status, story) = get_json(&server, &format!("/api/stories/{story}"));
    assert_eq!(status, 200);
    assert!(story["timeline"].as_array().is_some_and(|t| !t.is_empty()));

    let (status, entities) = get_json(&server, "/api/entities?limit=5");
    assert_eq!(status, 200);
    let name = entities["entities"][0]["name"]
        .as_str()
        .expect("an entity")
        .to_string();
    let (status, entity) = get_json(
        &server,
        &format!(
            "/api/entities/{}",
            newsdesk_server::ui::entity_href(&name).trim_start_matches("/entities/")
        ),
    );
    assert_eq!(status, 200, "{entity}");
    assert_eq!(entity["name"], name);

    // Errors are JSON with a status.
    let (status, error) = get_json(&server, "/api/articles/999");
    assert_eq!(status, 404);
    assert_eq!(error["error"]["status"], 404);
    let (status, error) = get_json(&server, "/api/search?q=(unbalanced");
    assert_eq!(status, 400);
    assert!(error["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("parenthesis")));
    let (status, _) = get_json(&server, "/api/search?q=x&sort=sideways");
    assert_eq!(status, 400);
    let (status, _) = get_json(&server, "/api/nothing-here");
    assert_eq!(status, 404);
}

#[test]
fn every_openapi_path_answers() {
    let server = start();
    let (status, spec) = get_json(&server, "/api/openapi.json");
    assert_eq!(status, 200);
    let paths = spec["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), newsdesk_server::openapi::PATHS.len());
    for path in newsdesk_server::openapi::PATHS {
        assert!(paths.contains_key(path), "{path} is documented");
        let concrete = path
            .replace("{id}", "1")
            .replace("{name}", "Rotterdam")
            .replace("{site}", "example.com");
        if paths[path].get("get").is_some() {
            let (status, _, _) = get(&server, &concrete);
            assert!(status == 200 || status == 404, "GET {concrete}: {status}");
        } else {
            let (status, _) = post(&server, &concrete, None, serde_json::json!({}));
            assert_ne!(status, 404, "POST {concrete} exists");
            assert_ne!(status, 500, "POST {concrete} fails cleanly");
        }
    }
}

#[test]
fn extract_and_analyze_take_a_page_and_write_endpoints_need_the_token() {
    let server = start();
    let html = "<html><head><title>Budget passed</title></head><body><article><h1>Budget passed</h1><p>The parliament of Estonia passed the budget on Wednesday after a long debate, minister Kaja Tamm said.</p></article></body></html>";
    let (status, article) = post(
        &server,
        "/api/extract",
        None,
        serde_json::json!({"html": html}),
    );
    assert_eq!(status, 200, "{article}");
    assert_eq!(article["title"], "Budget passed");
    let (status, analysed) = post(
        &server,
        "/api/analyze",
        None,
        serde_json::json!({"html": html}),
    );
    assert_eq!(status, 200);
    assert!(analysed["analysis"]["entities"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    let (status, _) = post(&server, "/api/extract", None, serde_json::json!({}));
    assert_eq!(status, 400);

    // Fetching a URL or ingesting needs the token.
    let (status, error) = post(
        &server,
        "/api/extract",
        None,
        serde_json::json!({"url": "http://127.0.0.1:9/"}),
    );
    assert_eq!(status, 401, "{error}");
    let (status, _) = post(
        &server,
        "/api/ingest",
        None,
        serde_json::json!({"urls": ["http://127.0.0.1:9/"]}),
    );
    assert_eq!(status, 401);
    let (status, _) = post(
        &server,
        "/api/ingest",
        Some("wrong"),
        serde_json::json!({"urls": ["http://127.0.0.1:9/"]}),
    );
    assert_eq!(status, 401);
    // Server-side paths are never ingested through the API.
    let (status, error) = post(
        &server,
        "/api/ingest",
        Some(&server.token),
        serde_json::json!({"urls": ["/etc/passwd"]}),
    );
    assert_eq!(status, 400, "{error}");
    let (status, job) = post(
        &server,
        "/api/ingest",
        Some(&server.token),
        serde_json::json!({"urls": ["http://127.0.0.1:9/nothing"]}),
    );
    assert_eq!(status, 202, "{job}");
    let id = job["job"].as_u64().expect("a job id");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (status, job) = get_json(&server, &format!("/api/jobs/{id}"));
        assert_eq!(status, 200);
        if job["state"] != "running" {
            assert_eq!(job["state"], "done", "{job}");
            assert_eq!(
                job["report"]["problems"], 1,
                "the unreachable URL is reported: {job}"
            );
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the job ends");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn pages_escape_hostile_content_and_carry_a_strict_policy() {
    let server = start();
    for path in [
        "/",
        "/search?q=lanes",
        "/stories",
        "/entities",
        "/search?q=%3Cscript%3E",
    ] {
        let (status, body, csp) = get(&server, path);
        assert_eq!(status, 200, "{path}");
        let csp = csp.expect("a CSP header");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(!body.contains("<script>alert"), "{path} has a live script");
        assert!(!body.contains("<img src=x"), "{path} has a live image");
    }
    let (_, results) = get_json(&server, "/api/search?q=lanes");
    let id = results["hits"][0]["id"]
        .as_i64()
        .expect("the hostile article");
    assert_eq!(results["hits"][0]["title"], HOSTILE_TITLE);
    let (status, body, _) = get(&server, &format!("/articles/{id}"));
    assert_eq!(status, 200);
    assert!(
        body.contains("&lt;script&gt;alert('title')&lt;/script&gt;")
            || body.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"),
        "the title is shown, escaped"
    );
    assert!(!body.contains("<script>alert"));
    assert!(!body.contains("onerror=alert(1)>"), "no live attribute");
    // No inline script or style anywhere.
    assert!(
        !body.contains("<script>") && !body.contains("style="),
        "inline script or style"
    );
    let (status, _, _) = get(&server, "/articles/999");
    assert_eq!(status, 404);
    let (status, _, _) = get(&server, "/no/such/page");
    assert_eq!(status, 404);
}
