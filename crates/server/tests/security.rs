//! The server's security review (issue 6), as tests that fail when a defence
//! is missing: hostile content on every page, the security headers on every
//! kind of response, the write token, path traversal, request size and rate
//! limits, server-side request forgery and open redirects.
//!
//! Requests go over a raw TCP connection ([`send`]) rather than an HTTP
//! client, so that paths reach the server exactly as written (`..`, `%2f`,
//! `%00` are not normalised away) and oversized or half-sent bodies can be
//! staged. The corpus pattern is the one of `tests/api.rs`: pages are
//! ingested into a temporary data directory, then the router is served on a
//! loopback port.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};
use newsdesk_server::security::RateLimiter;
use newsdesk_server::{router, AppState, ServerConfig};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// The server under test

struct Server {
    address: SocketAddr,
    token: String,
    dir: tempfile::TempDir,
    state: Arc<AppState>,
}

/// Serves a corpus of `pages` with private addresses refused (the default),
/// unless `allow_private`.
fn start(pages: Vec<Capture>, allow_private: bool) -> Server {
    start_with(pages, allow_private, None)
}

/// [`start`], with the fetch rate limit raised to `fetch_limit` requests a
/// minute (for tests that send many refused fetches and test the refusal,
/// not the limit).
fn start_with(pages: Vec<Capture>, allow_private: bool, fetch_limit: Option<u32>) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("corpus");
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
        allow_private,
        fetch_delay: 0.0,
    };
    let (mut state, token) = AppState::new(&config).expect("state");
    if let Some(limit) = fetch_limit {
        state.limiter = RateLimiter::new(limit, Duration::from_secs(60));
    }
    let token = token.expect("a new token");
    let state = Arc::new(state);
    let app = router(Arc::clone(&state));
    let address = common::serve_in_background(app);
    Server {
        address,
        token,
        dir,
        state,
    }
}

// ---------------------------------------------------------------------------
// A raw HTTP/1.1 client

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }
}

/// Parses a whole response (the connection was closed after it).
fn parse_reply(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&rest[..line_end])
                    .split(';')
                    .next()
                    .unwrap_or("0")
                    .trim(),
                16,
            )
            .ok()?;
            rest = &rest[line_end + 2..];
            if size == 0 || rest.len() < size {
                break;
            }
            decoded.extend_from_slice(&rest[..size]);
            rest = rest.get(size + 2..).unwrap_or(&[]);
        }
        body = decoded;
    }
    Some(Reply {
        status,
        headers,
        body,
    })
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    stream
}

fn read_reply(mut stream: TcpStream, what: &str) -> Reply {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_reply(&raw).unwrap_or_else(|| {
        panic!(
            "{what}: no HTTP response ({:?})",
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        )
    })
}

/// Sends one request exactly as written; `target` goes on the request line
/// untouched.
fn send(
    server: &Server,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = connect(server);
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        server.address
    );
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body).expect("write body");
    read_reply(stream, &format!("{method} {target}"))
}

fn get(server: &Server, target: &str) -> Reply {
    send(server, "GET", target, &[], b"")
}

fn post_json(server: &Server, path: &str, token: Option<&str>, body: &Value) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(auth) = &auth {
        headers.push(("Authorization", auth.as_str()));
    }
    send(server, "POST", path, &headers, body.to_string().as_bytes())
}

/// A query string value, percent-encoded.
fn enc(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A path segment, percent-encoded (everything but unreserved characters).
fn enc_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Hostile content

/// What an attacker writes into pages, queries and names. Each is shown as
/// text when it comes back; none may become markup.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "</title><script>alert(4)</script>",
    "javascript:alert(5)",
    "` onmouseover=alert(6) x=`",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "\u{202e}fdp.exe<iframe src=javascript:alert(8)>",
    "<a href=\"javascript:alert(9)\">click</a>",
    "\" style=\"x:expression(alert(10))",
    "<math><mtext></p><script>alert(11)</script>",
    "--><!--<script>alert(12)</script>",
];

/// `text` as HTML source that reads back as `text` (so the extracted
/// article holds the payload itself).
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn capture(url: &str, date: &str, html: String) -> Capture {
    Capture {
        source: "test".into(),
        location: url.into(),
        url: Some(url.into()),
        fetched_at: Some(date.into()),
        body: html.into_bytes(),
        ..Capture::default()
    }
}

/// A page with a payload in every field the extractor reads: title, author,
/// site name, tags, description, date, canonical URL, body and a quote.
fn hostile_page(url: &str, canonical: &str) -> Capture {
    let all = PAYLOADS.join(" ");
    let mut body = String::new();
    for p in PAYLOADS {
        body.push_str(&format!(
            "<p>Council leader O'Brien of Bristol said on Monday that the city would study {} before the vote on the new cycle lanes.</p>",
            esc(p)
        ));
    }
    body.push_str(&format!(
        "<p>\u{201c}We will {} fight on for the lanes,\u{201d} O'Brien said outside the council of Bristol.</p>",
        esc(PAYLOADS[0])
    ));
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title>\
         <meta name=author content=\"{author}\">\
         <meta property=\"og:site_name\" content=\"{site}\">\
         <meta name=keywords content=\"{tag1}, {tag2}\">\
         <meta property=\"article:tag\" content=\"{tag1}\">\
         <meta name=description content=\"{all}\">\
         <meta property=\"article:published_time\" content=\"2024-03-05T08:00:00Z\">\
         <link rel=canonical href=\"{canonical}\"></head>\
         <body><article><h1>{title}</h1><p class=byline>By {author}</p>{body}</article></body></html>",
        title = esc(&format!("Cycle lanes {} approved", PAYLOADS[0])),
        author = esc(PAYLOADS[1]),
        site = esc(PAYLOADS[2]),
        tag1 = esc(PAYLOADS[3]),
        tag2 = esc(PAYLOADS[6]),
        all = esc(&all),
        canonical = esc(canonical),
    );
    capture(url, "2024-03-05T08:00:00Z", html)
}

/// A page whose address is not http(s): its "original page" must not be a link.
fn script_url_page(url: &str, title: &str) -> Capture {
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title}</title>\
         <link rel=canonical href=\"{url}\"><meta property=\"og:url\" content=\"{url}\"></head>\
         <body><article><h1>{title}</h1><p>The harbour of Rotterdam reopened on Tuesday after the storm, the port authority said in a statement.</p>\
         <p>Ships queued outside the Maasvlakte terminal for most of the day.</p></article></body></html>",
        url = esc(url),
    );
    capture(url, "2024-03-06T08:00:00Z", html)
}

fn plain_page() -> Capture {
    script_url_page("https://port.example/reopened", "Rotterdam harbour reopens")
}

fn hostile_corpus() -> Vec<Capture> {
    vec![
        hostile_page("https://city.example/lanes", "https://city.example/lanes"),
        // A copy on another site: the two make a story, whose title is the payload's.
        hostile_page(
            "https://mirror.example/lanes",
            "https://mirror.example/lanes",
        ),
        script_url_page("javascript:alert(20)", "Script address one"),
        script_url_page(" JaVaScRiPt:alert(21)", "Script address two"),
        script_url_page("data:text/html,<script>alert(22)</script>", "Data address"),
        plain_page(),
    ]
}

// ---------------------------------------------------------------------------
// An HTML checker: what the server's pages may contain

/// The elements the UI writes; anything else in a page came from content.
const TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "link",
    "script",
    "body",
    "a",
    "header",
    "nav",
    "form",
    "label",
    "input",
    "button",
    "main",
    "h1",
    "h2",
    "h3",
    "p",
    "ul",
    "ol",
    "li",
    "span",
    "strong",
    "section",
    "div",
    "aside",
    "article",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "select",
    "option",
    "svg",
    "rect",
    "line",
    "text",
    "figure",
    "figcaption",
    "blockquote",
    "br",
    "mark",
    "time",
    "code",
    "details",
    "summary",
    "kbd",
];

/// Decodes the character references a browser would decode in an attribute.
fn decode_attribute(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a link target stays on this server or goes to an http(s) page.
fn is_safe_target(value: &str) -> bool {
    // Browsers drop tabs and newlines anywhere and spaces/controls at the ends.
    let cleaned: String = decode_attribute(value)
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    if cleaned.starts_with("//") || cleaned.starts_with("/\\") {
        return false; // another origin
    }
    cleaned.starts_with('/')
        || cleaned.starts_with('#')
        || cleaned.starts_with('?')
        || cleaned.starts_with("http://")
        || cleaned.starts_with("https://")
}

/// Everything wrong with a page: elements the UI does not write, event
/// handlers, inline style, script other than `/static/app.js`, links or
/// form targets to other schemes, comments.
fn html_problems(html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut scripts = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        let rest = &html[start + 1..];
        if rest.starts_with('!') {
            let end = rest.find('>').map_or(html.len(), |e| start + 1 + e + 1);
            let decl = &html[start..end];
            if !decl.eq_ignore_ascii_case("<!DOCTYPE html>") {
                problems.push(format!("a declaration or comment: {decl}"));
            }
            i = end;
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = html[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(html.len() - name_start);
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty() {
            problems.push(format!("a raw '<' in text at {start}"));
            i = start + 1;
            continue;
        }
        if !TAGS.contains(&name.as_str()) {
            problems.push(format!("an element the UI does not write: <{name}>"));
        }
        // Attributes, quote-aware, up to the tag's end.
        let mut j = name_start + name_len;
        let mut attributes: Vec<(String, String)> = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            while j < bytes.len() && !matches!(bytes[j], b'=' | b'>' | b' ' | b'\t' | b'\n' | b'/')
            {
                j += 1;
            }
            let attr = html[attr_start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let value_end = bytes[j + 1..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(bytes.len(), |e| j + 1 + e);
                    value = html[j + 1..value_end].to_string();
                    j = value_end + 1;
                } else {
                    let value_start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = html[value_start..j].to_string();
                }
            }
            attributes.push((attr, value));
        }
        for (attr, value) in &attributes {
            if attr.starts_with("on") {
                problems.push(format!("an event handler on <{name}>: {attr}={value:?}"));
            }
            if matches!(
                attr.as_str(),
                "style" | "srcdoc" | "formaction" | "xlink:href"
            ) {
                problems.push(format!("a {attr} attribute on <{name}>: {value:?}"));
            }
            if matches!(attr.as_str(), "href" | "action" | "src") && !is_safe_target(value) {
                problems.push(format!("<{name} {attr}={value:?}> leaves http(s)"));
            }
            if attr == "src" && !(name == "script" && value == "/static/app.js") {
                problems.push(format!("a src on <{name}>: {value:?}"));
            }
        }
        if name == "script" && !closing {
            scripts += 1;
            let body_end = html[j.min(html.len())..].find("</script>");
            if body_end != Some(0) {
                problems.push("a script element with content".to_string());
            }
        }
        i = j.min(html.len());
    }
    if scripts != 1 {
        problems.push(format!(
            "{scripts} script elements, not the one /static/app.js"
        ));
    }
    problems
}

fn assert_safe_page(what: &str, reply: &Reply) {
    let html = reply.text();
    assert!(
        reply.content_type().starts_with("text/html"),
        "{what}: a page is text/html, not {:?}",
        reply.content_type()
    );
    let problems = html_problems(&html);
    assert!(
        problems.is_empty(),
        "{what} (status {}): {problems:#?}",
        reply.status
    );
}

#[test]
fn the_html_checker_catches_what_it_should() {
    let good = "<!DOCTYPE html><html><head><title>&lt;script&gt;</title><script src=\"/static/app.js\" defer></script></head>\
                <body><a href=\"/search?q=%3Cx%3E\" title=\"O'Brien &quot;x&quot;\">x</a><a href=\"https://e.example/\">o</a></body></html>";
    assert_eq!(html_problems(good), Vec::<String>::new());
    let shell = |inner: &str| {
        format!("<!DOCTYPE html><html><head><script src=\"/static/app.js\" defer></script></head><body>{inner}</body></html>")
    };
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVa&#115;cript&colon;alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\"//evil.example/\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<p title=\"\" onmouseover=alert(1) x=\"\">x</p>",
        "<p style=\"x:expression(alert(1))\">x</p>",
        "<iframe src=\"https://e.example/\"></iframe>",
        "<!--<script>-->",
        "<form action=\"javascript:alert(1)\"></form>",
    ] {
        assert!(!html_problems(&shell(bad)).is_empty(), "not caught: {bad}");
    }
}

/// The SVG charts escape their title and labels like any text (a chart's
/// title is an entity's name; its labels are days, but need not be).
#[test]
fn charts_escape_their_text() {
    for p in PAYLOADS {
        let points = vec![
            (p.to_string(), 3),
            ("2024-05-01".to_string(), 1),
            ("2024-05-03".to_string(), 2),
        ];
        let href = |first: &str, last: &str| format!("/search?q={p}&since={first}&until={last}");
        let svg = newsdesk_server::charts::time_chart(p, &points, &href, p).into_string();
        let page = format!(
            "<!DOCTYPE html><html><head><script src=\"/static/app.js\" defer></script></head><body>{svg}</body></html>"
        );
        assert_eq!(html_problems(&page), Vec::<String>::new(), "{p}: {svg}");
        assert!(svg.contains("<title>"), "the chart has its title");
        assert!(
            !svg.contains(p) || !p.contains('<'),
            "{p} is escaped: {svg}"
        );
    }
}

/// Every page of the UI, with hostile content in the corpus and payloads in
/// queries, filters, names and paths: no payload becomes markup, and the
/// payloads are shown (escaped) where they belong.
#[test]
fn no_payload_becomes_markup_on_any_page() {
    let server = start(hostile_corpus(), false);

    // The corpus took the hostile pages.
    let listing = get(&server, "/api/search?q=lanes&all_copies=true&limit=100").json();
    let ids: Vec<i64> = listing["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect();
    assert_eq!(
        ids.len(),
        2,
        "both hostile copies are searchable: {listing}"
    );
    let all = get(&server, "/api/search?q=&all_copies=true&limit=100").json();
    let every_id: Vec<i64> = all["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["id"].as_i64())
        .collect();
    assert_eq!(every_id.len(), hostile_corpus().len(), "{all}");

    let mut targets: Vec<String> = vec![
        "/".into(),
        "/stories".into(),
        "/entities".into(),
        "/search".into(),
        "/search?q=lanes".into(),
        "/search?q=lanes&all_copies=true".into(),
        "/sources".into(),
        "/quoted?q=lanes".into(),
    ];
    for p in PAYLOADS {
        let e = enc(p);
        targets.extend([
            format!("/search?q={e}"),
            format!("/search?q=tag%3A%22{}%22", enc(&p.replace('"', ""))),
            format!("/search?q=lanes&lang={e}&source={e}&entity={e}&since={e}&until={e}"),
            format!("/search?q=lanes&sort={e}"),
            format!("/search?q=lanes&limit={e}&offset={e}"),
            format!("/entities?kind={e}"),
            format!("/stories?limit={e}"),
            format!("/entities/{}", enc_segment(p)),
            format!("/articles/{}", enc_segment(p)),
            format!("/stories/{}", enc_segment(p)),
            format!("/sources/{}", enc_segment(p)),
            format!("/authors/{}", enc_segment(p)),
            format!("/quoted?q={e}&source={e}&since={e}&quotes={e}"),
            format!("/sources?limit={e}"),
            format!("/no-such-page/{}", enc_segment(p)),
            format!("/{}", enc_segment(p)),
        ]);
    }
    for id in &every_id {
        targets.push(format!("/articles/{id}"));
    }
    // Every source and byline of the hostile pages has its page.
    let sources = get(&server, "/api/sources?limit=100").json();
    for source in sources["sources"].as_array().expect("sources") {
        if let Some(site) = source["name"].as_str() {
            targets.push(format!("/sources/{}", enc_segment(site)));
        }
    }
    for id in &every_id {
        let article = get(&server, &format!("/api/articles/{id}")).json();
        for author in article["article"]["authors"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(name) = author.as_str() {
                targets.push(format!("/authors/{}", enc_segment(name)));
            }
        }
    }
    let stories = get(&server, "/api/stories?min_size=1&limit=100").json();
    let story_ids: Vec<i64> = stories["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .filter_map(|s| s["id"].as_i64())
        .collect();
    assert!(!story_ids.is_empty(), "{stories}");
    for id in &story_ids {
        targets.push(format!("/stories/{id}"));
    }
    let entities = get(&server, "/api/entities?limit=100").json();
    let names: Vec<String> = entities["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["name"].as_str().map(str::to_string))
        .collect();
    assert!(names.iter().any(|n| n.contains("O'Brien")), "{entities}");
    for name in &names {
        targets.push(format!("/entities/{}", enc_segment(name)));
        targets.push(format!("/search?entity={}", enc(name)));
    }

    let mut statuses = std::collections::BTreeMap::new();
    for target in &targets {
        let reply = get(&server, target);
        assert!(reply.status < 500, "{target}: {}", reply.status);
        assert_safe_page(target, &reply);
        *statuses.entry(reply.status).or_insert(0) += 1;
    }
    assert!(
        statuses.contains_key(&200) && statuses.contains_key(&404) && statuses.contains_key(&400),
        "pages, errors and bad requests were all checked: {statuses:?}"
    );

    // The payloads are there, as text: the check above was not vacuous.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    let article = get(&server, &format!("/articles/{}", ids[0])).text();
    assert!(
        article.contains(escaped),
        "the title and body show the payload as text"
    );
    assert!(article.contains("&lt;svg onload=alert(3)&gt;"));
    assert!(
        article.contains("{{7*7}}"),
        "template syntax is shown, not evaluated"
    );
    assert!(article.contains("O&#39;Brien") || article.contains("O'Brien"));
    let search = get(&server, &format!("/search?q={}", enc(PAYLOADS[1]))).text();
    assert!(
        search.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"),
        "the query is echoed, escaped"
    );
    let story = get(&server, &format!("/stories/{}", story_ids[0])).text();
    assert!(
        story.contains(escaped) || get(&server, "/stories").text().contains(escaped),
        "the story title carries the payload, escaped"
    );
    let missing = get(&server, &format!("/entities/{}", enc_segment(PAYLOADS[0])));
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains(escaped),
        "the 404 names what was asked, escaped"
    );
}

/// An article whose address is `javascript:` or `data:` is shown without a
/// link to its "original page"; an http(s) one gets the link.
#[test]
fn only_http_addresses_become_links_to_the_original_page() {
    let server = start(hostile_corpus(), false);
    let all = get(&server, "/api/search?q=&all_copies=true&limit=100").json();
    let mut checked = 0;
    for hit in all["hits"].as_array().expect("hits") {
        let id = hit["id"].as_i64().expect("an id");
        let title = hit["title"].as_str().unwrap_or_default().to_string();
        let page = get(&server, &format!("/articles/{id}"));
        assert_safe_page(&title, &page);
        let html = page.text();
        let linked = html.contains("original page");
        if title.contains("address") {
            assert!(!linked, "{title}: a non-http address is not a link");
            assert!(
                !html.to_ascii_lowercase().contains("href=\"javascript"),
                "{title}"
            );
            assert!(
                !html.to_ascii_lowercase().contains("href=\"data:"),
                "{title}"
            );
            checked += 1;
        } else {
            assert!(linked, "{title}: an https address is a link");
            assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
        }
    }
    assert_eq!(
        checked, 3,
        "the three pages with script and data addresses were checked"
    );
}

/// The API answers JSON, always: successes, errors, and requests the
/// server could not read (bad paths, queries and bodies).
#[test]
fn the_api_always_answers_json() {
    let server = start(hostile_corpus(), false);
    let p = enc(PAYLOADS[0]);
    let s = enc_segment(PAYLOADS[0]);
    let gets = [
        "/api/stats".to_string(),
        "/api/openapi.json".into(),
        format!("/api/search?q={p}"),
        format!("/api/search?q=lanes&source={p}&entity={p}&lang={p}"),
        format!("/api/search?q=x&limit={p}"),
        format!("/api/search?q=x&sort={p}"),
        format!("/api/articles/{s}"),
        "/api/articles/999999".into(),
        "/api/articles/99999999999999999999999".into(),
        format!("/api/stories/{s}"),
        "/api/stories".into(),
        format!("/api/stories?limit={p}"),
        "/api/entities".into(),
        format!("/api/entities/{s}"),
        format!("/api/jobs/{s}"),
        "/api/jobs/1".into(),
        format!("/api/{s}"),
        "/api/ingest".into(), // GET on a POST route
    ];
    for target in &gets {
        let reply = get(&server, target);
        assert!(reply.status < 500, "{target}: {}", reply.status);
        assert!(
            reply.content_type().starts_with("application/json"),
            "{target} ({}): {:?} {}",
            reply.status,
            reply.content_type(),
            reply.text()
        );
        assert!(
            reply.json() != Value::Null,
            "{target}: the body is JSON: {}",
            reply.text()
        );
        if reply.status >= 400 {
            assert_eq!(reply.json()["error"]["status"], reply.status, "{target}");
        }
    }
    // Bodies that cannot be read.
    for (content_type, body) in [
        ("application/json", "{not json".as_bytes()),
        ("application/json", br#"{"urls": "not a list"}"#),
        ("text/plain", br#"{"html": "<p>x</p>"}"#),
        ("application/x-www-form-urlencoded", b"html=%3Cp%3Ex"),
    ] {
        for path in ["/api/extract", "/api/analyze", "/api/ingest"] {
            let reply = send(
                &server,
                "POST",
                path,
                &[("Content-Type", content_type)],
                body,
            );
            assert!(
                (400..500).contains(&reply.status),
                "{path} {content_type}: {}",
                reply.status
            );
            assert!(
                reply.content_type().starts_with("application/json"),
                "{path} {content_type} ({}): {:?} {}",
                reply.status,
                reply.content_type(),
                reply.text()
            );
        }
    }
    // Extraction of a hostile page answers JSON, with the payload as data.
    let html = String::from_utf8(hostile_corpus().remove(0).body).expect("utf-8");
    let reply = post_json(&server, "/api/extract", None, &json!({"html": html}));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.content_type().starts_with("application/json"));
    assert!(reply.json()["title"]
        .as_str()
        .is_some_and(|t| t.contains(PAYLOADS[0])));
}

// ---------------------------------------------------------------------------
// Headers

/// The security headers are on every kind of response: pages, JSON, static
/// files, errors of both kinds, rejections, limits.
#[test]
fn every_response_carries_the_security_headers() {
    let server = start(vec![plain_page()], false);
    let token = server.token.clone();
    let mut replies: Vec<(String, Reply)> = Vec::new();
    for target in [
        "/",
        "/search?q=harbour",
        "/stories",
        "/entities",
        "/articles/1",
        "/no/such/page",
        "/articles/not-a-number",
        "/static/style.css",
        "/static/app.js",
        "/favicon.ico",
        "/api/stats",
        "/api/search?q=(",
        "/api/articles/x",
        "/api/nothing",
        "/api/ingest",
    ] {
        replies.push((target.to_string(), get(&server, target)));
    }
    replies.push((
        "POST /api/ingest without token".into(),
        post_json(
            &server,
            "/api/ingest",
            None,
            &json!({"urls": ["https://e.example/"]}),
        ),
    ));
    replies.push((
        "POST /api/extract as text/plain".into(),
        send(
            &server,
            "POST",
            "/api/extract",
            &[("Content-Type", "text/plain")],
            b"x",
        ),
    ));
    replies.push(("HEAD /".into(), send(&server, "HEAD", "/", &[], b"")));
    replies.push((
        "OPTIONS /api/ingest".into(),
        send(
            &server,
            "OPTIONS",
            "/api/ingest",
            &[
                ("Origin", "https://evil.example"),
                ("Access-Control-Request-Method", "POST"),
            ],
            b"",
        ),
    ));
    // Spend the fetch budget to see a 429.
    let mut limited = None;
    for _ in 0..=newsdesk_server::security::FETCH_RATE_LIMIT {
        let reply = post_json(
            &server,
            "/api/ingest",
            Some(&token),
            &json!({"urls": ["not a url"]}),
        );
        if reply.status == 429 {
            limited = Some(reply);
            break;
        }
    }
    replies.push(("429".into(), limited.expect("the limit is reached")));
    let mut statuses = std::collections::BTreeSet::new();
    for (what, reply) in &replies {
        statuses.insert(reply.status);
        let csp = reply
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{what} ({}): no CSP", reply.status));
        let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
        assert!(directives.contains(&"default-src 'none'"), "{what}: {csp}");
        assert!(directives.contains(&"script-src 'self'"), "{what}: {csp}");
        assert!(
            directives.contains(&"frame-ancestors 'none'"),
            "{what}: {csp}"
        );
        assert!(directives.contains(&"base-uri 'none'"), "{what}: {csp}");
        assert!(directives.contains(&"form-action 'self'"), "{what}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval") && !csp.contains('*'),
            "{what}: {csp}"
        );
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{what}");
        assert_eq!(
            reply.header("referrer-policy"),
            Some("no-referrer"),
            "{what}"
        );
        // No CORS: another origin's script cannot read answers or send JSON writes.
        assert!(
            reply.header("access-control-allow-origin").is_none(),
            "{what}"
        );
        assert!(
            reply.header("access-control-allow-headers").is_none(),
            "{what}"
        );
        assert!(
            reply.header("set-cookie").is_none(),
            "{what}: the server sets no cookie"
        );
    }
    for status in [200, 400, 401, 404, 405, 415, 429] {
        assert!(
            statuses.contains(&status),
            "a {status} was checked: {statuses:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// The token

/// Requests that fetch or write, with their token-free bodies.
fn write_requests() -> Vec<(&'static str, Value)> {
    vec![
        ("/api/ingest", json!({"urls": ["https://news.example/a"]})),
        ("/api/extract", json!({"url": "https://news.example/a"})),
        ("/api/analyze", json!({"url": "https://news.example/a"})),
    ]
}

#[test]
fn writes_need_the_token_in_the_authorization_header_and_nowhere_else() {
    let server = start(vec![plain_page()], false);
    let token = server.token.clone();
    assert_eq!(token.len(), 48);
    let cookie = format!("token={token}; server-token={token}; newsdesk_token={token}");
    let basic = format!("Basic {token}");
    let lower = format!("bearer{token}");
    let prefix = format!("Bearer {}", &token[..47]);
    let longer = format!("Bearer {token}0");
    let twice = format!("Bearer {token}, Bearer {token}");
    let other_case = format!("Bearer {}", token.to_ascii_uppercase());
    // What is tried, its headers, and a query string.
    type Attempt<'a> = (&'a str, Vec<(&'a str, &'a str)>, String);
    let attempts: Vec<Attempt> = vec![
        ("no token", vec![], String::new()),
        (
            "a wrong token",
            vec![(
                "Authorization",
                "Bearer 0123456789abcdef0123456789abcdef0123456789abcdef",
            )],
            String::new(),
        ),
        (
            "an empty bearer",
            vec![("Authorization", "Bearer ")],
            String::new(),
        ),
        (
            "the token in a cookie",
            vec![("Cookie", cookie.as_str())],
            String::new(),
        ),
        (
            "the token in the query",
            vec![],
            format!("?token={token}&access_token={token}"),
        ),
        (
            "the token in another header",
            vec![("X-Token", token.as_str()), ("X-Api-Key", token.as_str())],
            String::new(),
        ),
        (
            "the token as Basic credentials",
            vec![("Authorization", basic.as_str())],
            String::new(),
        ),
        (
            "the token glued to the scheme",
            vec![("Authorization", lower.as_str())],
            String::new(),
        ),
        (
            "a prefix of the token",
            vec![("Authorization", prefix.as_str())],
            String::new(),
        ),
        (
            "the token and more",
            vec![("Authorization", longer.as_str())],
            String::new(),
        ),
        (
            "the token twice",
            vec![("Authorization", twice.as_str())],
            String::new(),
        ),
        (
            "the token in upper case",
            vec![("Authorization", other_case.as_str())],
            String::new(),
        ),
    ];
    for (path, body) in write_requests() {
        for (what, headers, query) in &attempts {
            let mut all = headers.clone();
            all.push(("Content-Type", "application/json"));
            let target = format!("{path}{query}");
            let reply = send(&server, "POST", &target, &all, body.to_string().as_bytes());
            assert_eq!(reply.status, 401, "{target} with {what}: {}", reply.text());
            assert!(
                reply.json()["error"]["message"].is_string(),
                "{target}: {}",
                reply.text()
            );
        }
        // The token in the body is not a token either.
        let mut with_token = body.clone();
        with_token["token"] = json!(token);
        let reply = post_json(&server, path, None, &with_token);
        assert!(
            matches!(reply.status, 401 | 422),
            "{path}: {}",
            reply.status
        );
    }
    // Nothing was started, and refused requests did not spend the fetch budget.
    assert_eq!(get(&server, "/api/jobs/1").status, 404);
    // The right token passes (the fetch itself is then refused: the address
    // does not resolve, or it is not public; either way not a 401).
    let reply = post_json(
        &server,
        "/api/extract",
        Some(&token),
        &json!({"url": "http://127.0.0.1:9/"}),
    );
    assert_eq!(reply.status, 400, "{}", reply.text());
    let reply = post_json(
        &server,
        "/api/ingest",
        Some(&token),
        &json!({"urls": ["http://127.0.0.1:9/"]}),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
}

/// What an HTML form on another site can send (form-encoded, multipart,
/// text/plain, with or without the browser's cookies) never reaches a
/// write, even when its body carries the token.
#[test]
fn cross_site_form_posts_are_refused() {
    let server = start(vec![plain_page()], false);
    let token = server.token.clone();
    let json_body = json!({"urls": ["https://news.example/a"], "token": token}).to_string();
    let form_body = format!(
        "urls=https%3A%2F%2Fnews.example%2Fa&token={token}&url=https%3A%2F%2Fnews.example%2Fa"
    );
    let multipart = format!(
        "--x\r\nContent-Disposition: form-data; name=\"urls\"\r\n\r\nhttps://news.example/a\r\n--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n--x--\r\n"
    );
    let cookie = format!("token={token}");
    for path in ["/api/ingest", "/api/extract", "/api/analyze"] {
        for (content_type, body) in [
            ("application/x-www-form-urlencoded", form_body.as_str()),
            ("text/plain", json_body.as_str()),
            ("text/plain;charset=UTF-8", json_body.as_str()),
            ("multipart/form-data; boundary=x", multipart.as_str()),
        ] {
            let reply = send(
                &server,
                "POST",
                &format!("{path}?token={token}"),
                &[
                    ("Content-Type", content_type),
                    ("Origin", "https://evil.example"),
                    ("Referer", "https://evil.example/form"),
                    ("Cookie", cookie.as_str()),
                ],
                body.as_bytes(),
            );
            assert!(
                (400..500).contains(&reply.status) && reply.status != 404,
                "{path} as {content_type}: {} {}",
                reply.status,
                reply.text()
            );
        }
    }
    assert_eq!(
        get(&server, "/api/jobs/1").status,
        404,
        "no job was started"
    );
}

#[cfg(unix)]
#[test]
fn the_token_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let server = start(vec![], false);
    let path = server
        .dir
        .path()
        .join(newsdesk_server::security::TOKEN_FILE);
    let mode = std::fs::metadata(&path)
        .expect("the token file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "a new token file: {mode:o}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("token").trim(),
        server.token
    );

    // A token file left readable by others (copied, restored from a backup,
    // or too short to keep) ends up private too.
    for content in ["short", "0123456789abcdef0123456789abcdef0123456789abcdef"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(newsdesk_server::security::TOKEN_FILE);
        std::fs::write(&path, content).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let config = ServerConfig {
            data_dir: dir.path().to_path_buf(),
            external: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            allow_private: false,
            fetch_delay: 0.0,
        };
        AppState::new(&config).expect("state");
        let mode = std::fs::metadata(&path)
            .expect("the token file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{content}: {mode:o}");
    }
}

// ---------------------------------------------------------------------------
// Paths

#[test]
fn no_path_reaches_a_file() {
    let server = start(vec![plain_page()], false);
    let secret_store = std::fs::read(server.dir.path().join("store.db")).expect("the store");
    assert!(secret_store.starts_with(b"SQLite format 3"));
    let targets = [
        "/static/../../../../../../etc/passwd",
        "/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/style.css/../../../etc/passwd",
        "/static/..%5c..%5c..%5cetc%5cpasswd",
        "/static/server-token",
        "/static/..%2fserver-token",
        "/static/%00",
        "/static/style.css%00.js",
        "/entities/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/entities/..%2F..%2Fserver-token",
        "/entities/%2e%2e%2f%2e%2e%2fstore.db",
        "/entities/..",
        "/entities/%00",
        "/entities/a%00b",
        "/entities/%ff%fe",
        "/api/entities/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/entities/%00",
        "/articles/../../",
        "/articles/..%2f..%2fetc%2fpasswd",
        "/articles/1%00",
        "/articles/1/../../server-token",
        "/stories/..%2f1",
        "/api/jobs/..%2f..%2f1",
        "/api/../server-token",
        "/api/..%2fserver-token",
        "/server-token",
        "/store.db",
        "/index/meta.json",
        "//etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/favicon.ico/..%2f..%2fetc%2fpasswd",
        "/%00",
    ];
    for target in targets {
        let reply = get(&server, target);
        assert!(
            (400..500).contains(&reply.status),
            "{target}: {} {}",
            reply.status,
            reply.text()
        );
        let body = reply.text();
        assert!(!body.contains("root:"), "{target} shows /etc/passwd");
        assert!(!body.contains(&server.token), "{target} shows the token");
        assert!(
            !reply.body.starts_with(b"SQLite"),
            "{target} shows the store"
        );
        assert!(!body.contains("\"segments\""), "{target} shows the index");
    }
    // The server is still up.
    assert_eq!(get(&server, "/api/stats").status, 200);
}

// ---------------------------------------------------------------------------
// Sizes and rates

/// Sends `declared` as the Content-Length and `sent` bytes of body while
/// reading the answer in parallel (the server may answer before the body is
/// all sent, and close).
fn post_big(
    server: &Server,
    path: &str,
    declared: Option<usize>,
    sent: usize,
    chunked: bool,
) -> (Reply, Duration) {
    let stream = connect(server);
    let mut writer = stream.try_clone().expect("clone");
    // With the token, so that the body is what is refused, not the caller.
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nAuthorization: Bearer {}\r\n",
        server.address, server.token
    );
    if let Some(length) = declared {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    if chunked {
        head.push_str("Transfer-Encoding: chunked\r\n");
    }
    head.push_str("\r\n");
    let started = Instant::now();
    let sender = std::thread::spawn(move || {
        if writer.write_all(head.as_bytes()).is_err() {
            return;
        }
        let piece = vec![b' '; 64 * 1024];
        let mut left = sent;
        while left > 0 {
            let n = left.min(piece.len());
            let ok = if chunked {
                writer
                    .write_all(format!("{n:x}\r\n").as_bytes())
                    .and_then(|()| writer.write_all(&piece[..n]))
                    .and_then(|()| writer.write_all(b"\r\n"))
            } else {
                writer.write_all(&piece[..n])
            };
            if ok.is_err() {
                return;
            }
            left -= n;
        }
        if chunked {
            let _ = writer.write_all(b"0\r\n\r\n");
        }
    });
    let reply = read_reply(stream, path);
    let elapsed = started.elapsed();
    let _ = sender.join();
    (reply, elapsed)
}

#[test]
fn oversized_bodies_get_413_without_being_read() {
    let server = start(vec![], false);
    let limit = newsdesk_server::MAX_BODY_BYTES;
    for path in ["/api/extract", "/api/analyze", "/api/ingest"] {
        // A declared length over the limit is refused at once, before any of
        // the body arrives (nothing is sent: a server that waited for it
        // would hang here until the read timeout).
        let (reply, elapsed) = post_big(&server, path, Some(10 * 1024 * 1024 * 1024), 0, false);
        assert_eq!(reply.status, 413, "{path}: {}", reply.text());
        assert!(
            elapsed < Duration::from_secs(10),
            "{path}: answered in {elapsed:?}"
        );
        assert!(
            reply.content_type().starts_with("application/json"),
            "{path}"
        );
        assert!(reply.header("content-security-policy").is_some());
        // A body over the limit, declared or chunked, stops at the limit.
        let (reply, _) = post_big(
            &server,
            path,
            Some(limit + 1024 * 1024),
            limit + 1024 * 1024,
            false,
        );
        assert_eq!(reply.status, 413, "{path}: {}", reply.text());
        let (reply, _) = post_big(&server, path, None, limit + 1024 * 1024, true);
        assert_eq!(reply.status, 413, "{path} chunked: {}", reply.text());
    }
    // A body just under the limit is read (and refused for what it is).
    let (reply, _) = post_big(&server, "/api/extract", Some(limit - 10), limit - 10, false);
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(
        get(&server, "/api/stats").status,
        200,
        "the server is still up"
    );
}

/// Only a few bodies are in memory at once: with every slot held by a
/// request whose body is still arriving, the next upload waits (unread)
/// until a slot frees, and requests without a body are not held up.
#[test]
fn uploads_wait_for_a_slot() {
    let slots = newsdesk_server::security::MAX_BODIES_IN_FLIGHT;
    let server = start(vec![plain_page()], false);
    let body =
        json!({"html": "<title>Slow</title><p>A page that arrives slowly, in two parts.</p>"})
            .to_string();
    let (first, second) = body.split_at(10);
    // Every slot taken by a request that has sent part of its body.
    let mut slow: Vec<TcpStream> = (0..slots)
        .map(|_| {
            let mut stream = connect(&server);
            let head = format!(
                "POST /api/extract HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{first}",
                body.len()
            );
            stream.write_all(head.as_bytes()).expect("write");
            stream
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.state.bodies.available_permits() > 0 {
        assert!(
            Instant::now() < deadline,
            "the slow uploads hold every slot"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // One more upload waits; a read does not.
    let waiting = {
        let address = server.address;
        let body = body.clone();
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(address).expect("connect");
            let request = format!(
                "POST /api/extract HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(request.as_bytes()).expect("write");
            let reply = read_reply(stream, "the waiting upload");
            (reply, Instant::now())
        })
    };
    std::thread::sleep(Duration::from_millis(1000));
    assert!(!waiting.is_finished(), "the upload past the slots waited");
    assert_eq!(
        get(&server, "/api/stats").status,
        200,
        "reads are not held up"
    );
    // One slow upload finishes: its slot goes to the waiting one.
    let mut done = slow.remove(0);
    let released = Instant::now();
    done.write_all(second.as_bytes()).expect("write");
    let reply = read_reply(done, "the slow upload");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let (reply, answered) = waiting.join().expect("the waiting upload");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(answered > released, "it was answered once a slot was free");
    for mut stream in slow {
        stream.write_all(second.as_bytes()).expect("write");
        assert_eq!(read_reply(stream, "a slow upload").status, 200);
    }
}

#[test]
fn huge_queries_get_a_clear_4xx_or_bounded_pages() {
    let server = start(hostile_corpus(), false);
    let long_q = "lanes ".repeat(1000); // 6,000 characters, over the query limit
    let reply = get(&server, &format!("/api/search?q={}", enc(&long_q)));
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("too long")));
    let reply = get(&server, &format!("/search?q={}", enc(&long_q)));
    assert_eq!(reply.status, 400, "the page says the query cannot be read");
    assert!(reply.text().contains("too long"));
    assert_safe_page("long q", &reply);
    assert!(reply.body.len() < 64 * 1024, "{} bytes", reply.body.len());

    // Filters are not queries, but they are bounded too.
    let long = "x".repeat(200_000);
    for target in [
        format!("/search?q=lanes&entity={long}"),
        format!("/search?q=lanes&source={long}&lang={long}"),
        format!("/api/search?q=lanes&entity={long}"),
        format!("/entities?kind={long}"),
        format!("/api/entities?kind={long}"),
        format!("/entities/{long}"),
        format!("/api/entities/{long}"),
    ] {
        let started = Instant::now();
        let reply = get(&server, &target);
        assert!(reply.status < 500, "{}...: {}", &target[..30], reply.status);
        assert!(started.elapsed() < Duration::from_secs(20));
        assert!(
            reply.body.len() < 64 * 1024,
            "{}...: {} bytes for {} sent",
            &target[..30],
            reply.body.len(),
            target.len()
        );
    }
    // A request line past what the server reads at all: refused, not read.
    let huge = format!("/search?q={}", "a".repeat(2 * 1024 * 1024));
    let mut stream = connect(&server);
    let request = format!("GET {huge} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let _ = stream.write_all(request.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let reply = parse_reply(&raw).expect("an answer to an oversized request line");
    assert!((400..500).contains(&reply.status), "{}", reply.status);
    assert_eq!(
        get(&server, "/api/stats").status,
        200,
        "the server is still up"
    );
}

#[test]
fn the_fetch_rate_limit_holds_and_says_when_to_come_back() {
    let server = start(vec![], false);
    let limit = newsdesk_server::security::FETCH_RATE_LIMIT;
    // Requests without the token do not spend the budget (a stranger cannot
    // lock the owner out).
    for _ in 0..limit + 5 {
        let reply = post_json(
            &server,
            "/api/ingest",
            None,
            &json!({"urls": ["https://news.example/"]}),
        );
        assert_eq!(reply.status, 401);
    }
    let bodies = [
        ("/api/ingest", json!({"urls": ["not a url"]})),
        ("/api/extract", json!({"url": "not a url"})),
        ("/api/analyze", json!({"url": "file:///etc/passwd"})),
    ];
    for n in 0..limit {
        let (path, body) = &bodies[n as usize % bodies.len()];
        let reply = post_json(&server, path, Some(&server.token), body);
        assert_eq!(reply.status, 400, "request {n} to {path}: {}", reply.text());
    }
    for (path, body) in &bodies {
        let reply = post_json(&server, path, Some(&server.token), body);
        assert_eq!(reply.status, 429, "{path} after {limit}: {}", reply.text());
        let retry: u64 = reply
            .header("retry-after")
            .unwrap_or_else(|| panic!("{path}: a 429 says when to retry"))
            .parse()
            .expect("Retry-After in seconds");
        let window = newsdesk_server::security::FETCH_RATE_WINDOW.as_secs();
        assert!((1..=window).contains(&retry), "Retry-After {retry}");
        assert!(reply.content_type().starts_with("application/json"));
    }
    // Reading is not limited by it.
    assert_eq!(get(&server, "/api/stats").status, 200);
    // Extracting a page given in the body fetches nothing and is not limited.
    let reply = post_json(
        &server,
        "/api/extract",
        None,
        &json!({"html": "<title>T</title><p>Some words here.</p>"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
}

// ---------------------------------------------------------------------------
// Server-side request forgery

/// A listener that counts connections: nothing may reach it.
fn canary() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (port, hits)
}

fn private_urls(port: u16) -> Vec<String> {
    let mut urls: Vec<String> = [
        "http://127.0.0.1:{port}/",
        "http://127.0.0.1:{port}/robots.txt",
        "https://127.0.0.1:{port}/",
        "http://localhost:{port}/",
        "http://LOCALHOST.:{port}/",
        "http://news.localhost:{port}/",
        "http://[::1]:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[0:0:0:0:0:ffff:7f00:1]:{port}/",
        "http://[::]:{port}/",
        "http://0.0.0.0:{port}/",
        "http://0:{port}/",
        "http://127.1:{port}/",
        "http://2130706433:{port}/",
        "http://0x7f.1:{port}/",
        "http://0x7f000001:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://017700000001:{port}/",
        "http://user:pass@127.0.0.1:{port}/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.0.1/",
        "http://100.64.0.1/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "HTTP://127.0.0.1:{port}/",
    ]
    .iter()
    .map(|u| u.replace("{port}", &port.to_string()))
    .collect();
    // Names the machine resolves to loopback (from /etc/hosts), when it has them.
    for name in ["localhost.localdomain", "ip6-localhost", "ip6-loopback"] {
        use std::net::ToSocketAddrs;
        let loopback = (name, port)
            .to_socket_addrs()
            .map(|mut a| a.next().is_some_and(|a| a.ip().is_loopback()))
            .unwrap_or(false);
        if loopback {
            urls.push(format!("http://{name}:{port}/"));
        }
    }
    urls
}

fn other_scheme_urls(port: u16) -> Vec<String> {
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "gopher://127.0.0.1:{port}/_GET%20/",
        "ftp://127.0.0.1:{port}/",
        "dict://127.0.0.1:{port}/",
        "ldap://127.0.0.1:{port}/",
        "jar:http://127.0.0.1:{port}/x!/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "//127.0.0.1:{port}/",
        "/etc/passwd",
        "../server-token",
        "http:/127.0.0.1:{port}/",
        "http:\\\\127.0.0.1:{port}\\",
        " http://127.0.0.1:{port}/",
        "http://",
        "http://:80/",
        "",
    ]
    .iter()
    .map(|u| u.replace("{port}", &port.to_string()))
    .collect()
}

#[test]
fn fetching_private_addresses_is_refused_with_a_clear_error() {
    let (port, hits) = canary();
    let server = start_with(vec![], false, Some(10_000));
    for url in private_urls(port) {
        for path in ["/api/extract", "/api/analyze"] {
            let reply = post_json(&server, path, Some(&server.token), &json!({"url": url}));
            assert_eq!(reply.status, 400, "{path} {url}: {}", reply.text());
            let message = reply.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                message.contains("private, loopback or link-local"),
                "{path} {url}: {message}"
            );
        }
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "nothing reached the loopback listener"
    );
}

#[test]
fn fetching_other_schemes_and_non_urls_is_refused_with_a_clear_error() {
    let (port, hits) = canary();
    let server = start_with(vec![], false, Some(10_000));
    for url in other_scheme_urls(port) {
        for path in ["/api/extract", "/api/analyze"] {
            let reply = post_json(&server, path, Some(&server.token), &json!({"url": url}));
            assert_eq!(reply.status, 400, "{path} {url:?}: {}", reply.text());
            let message = reply.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(message.contains("http(s) URL"), "{path} {url:?}: {message}");
        }
        let reply = post_json(
            &server,
            "/api/ingest",
            Some(&server.token),
            &json!({"urls": [url]}),
        );
        assert_eq!(reply.status, 400, "ingest {url:?}: {}", reply.text());
        assert!(
            reply.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("http(s) URL")),
            "ingest {url:?}: {}",
            reply.text()
        );
    }
    assert_eq!(
        get(&server, "/api/jobs/1").status,
        404,
        "no job was started"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "nothing reached the loopback listener"
    );
}

#[test]
fn ingest_jobs_refuse_private_addresses() {
    let (port, hits) = canary();
    let server = start(vec![], false);
    let urls = private_urls(port);
    let reply = post_json(
        &server,
        "/api/ingest",
        Some(&server.token),
        &json!({"urls": urls}),
    );
    // Refused at once, or accepted and then refused URL by URL, with the reason.
    if reply.status == 400 {
        let message = reply.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            message.contains("private, loopback or link-local"),
            "{message}"
        );
    } else {
        assert_eq!(reply.status, 202, "{}", reply.text());
        let id = reply.json()["job"].as_u64().expect("a job id");
        let deadline = Instant::now() + Duration::from_secs(120);
        let job = loop {
            let job = get(&server, &format!("/api/jobs/{id}")).json();
            if job["state"] != "running" {
                break job;
            }
            assert!(Instant::now() < deadline, "the job ends: {job}");
            std::thread::sleep(Duration::from_millis(100));
        };
        assert_eq!(job["report"]["pages"], 0, "{job}");
        // The job fetches each URL once: forms of one address count once.
        let distinct: std::collections::BTreeSet<String> = urls
            .iter()
            .map(|u| url::Url::parse(u).map_or(u.clone(), |u| u.to_string()))
            .collect();
        assert_eq!(job["report"]["problems"], distinct.len(), "{job}");
        for problem in job["report"]["first_problems"]
            .as_array()
            .expect("problems")
        {
            let message = problem["message"].as_str().unwrap_or_default();
            assert!(
                message.contains("private, loopback or link-local"),
                "{problem}"
            );
        }
    }
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "nothing reached the loopback listener"
    );
}

/// With `allow_private` (an operator's explicit choice) the same loopback
/// address is fetched: the refusals above come from the setting, and the
/// canary would have seen a connection had they failed.
#[test]
fn allow_private_lets_loopback_through() {
    let (port, hits) = canary();
    let server = start(vec![], true);
    let reply = post_json(
        &server,
        "/api/extract",
        Some(&server.token),
        &json!({"url": format!("http://127.0.0.1:{port}/")}),
    );
    assert_ne!(reply.status, 401);
    assert!(
        hits.load(Ordering::SeqCst) > 0,
        "the listener was reached: {}",
        reply.text()
    );
}

// ---------------------------------------------------------------------------
// Redirects

#[test]
fn no_response_redirects_to_another_origin() {
    let server = start(vec![plain_page()], false);
    let evil = enc("https://evil.example/");
    let targets = [
        format!("/search?next={evil}"),
        format!("/search?q=x&redirect={evil}&return_to={evil}&url={evil}"),
        format!("/?next={evil}"),
        format!("/articles/1?next={evil}"),
        "//evil.example/".to_string(),
        "///evil.example/".to_string(),
        "/\\evil.example/".to_string(),
        "/%2f%2fevil.example/".to_string(),
        "/%5cevil.example".to_string(),
        "/static//evil.example/".to_string(),
        "/static/style.css/".to_string(),
        "/stories/".to_string(),
        "/search/".to_string(),
        "/entities/https:%2F%2Fevil.example".to_string(),
        "/api/".to_string(),
        format!("/api/search?q=x&next={evil}"),
        "/login".to_string(),
        "/logout".to_string(),
    ];
    let mut replies: Vec<(String, Reply)> = targets
        .iter()
        .map(|t| (t.clone(), get(&server, t)))
        .collect();
    replies.push((
        "POST /search".into(),
        send(
            &server,
            "POST",
            &format!("/search?next={evil}"),
            &[("Content-Type", "application/x-www-form-urlencoded")],
            b"q=x",
        ),
    ));
    for (what, reply) in &replies {
        assert!(
            !(300..400).contains(&reply.status),
            "{what}: a redirect ({})",
            reply.status
        );
        if let Some(location) = reply.header("location") {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\"),
                "{what}: Location {location}"
            );
        }
        assert!(
            !reply.text().contains("http-equiv"),
            "{what}: no meta refresh"
        );
    }
}

/// Sends a GET with `host` as the `Host` header.
fn get_with_host(server: &Server, target: &str, host: &str) -> Reply {
    let mut stream = connect(server);
    let head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).expect("write head");
    read_reply(stream, &format!("GET {target} (Host: {host})"))
}

#[test]
fn a_rebound_name_cannot_read_a_loopback_server() {
    let server = start(vec![plain_page()], false);
    let port = server.address.port().to_string();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "localhost:80@evil.example".to_string(),
        format!("127.0.0.1:{port}@evil.example"),
    ] {
        for target in [
            "/",
            "/api/stats",
            "/api/search?q=bridge",
            "/static/style.css",
        ] {
            let reply = get_with_host(&server, target, &host);
            assert_eq!(reply.status, 421, "{target} with Host {host}");
            assert!(
                !reply.text().contains("bridge") || target.contains("bridge"),
                "no corpus content under a foreign name"
            );
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".to_string(),
    ] {
        let reply = get_with_host(&server, "/api/stats", &host);
        assert_eq!(reply.status, 200, "Host {host}");
    }
}

/// Starts a POST to `path` that declares a body of 1,000 bytes and sends one.
fn stalled_upload(server: &Server, path: &str) -> TcpStream {
    let mut stream = connect(server);
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{"
    );
    stream.write_all(head.as_bytes()).expect("write");
    stream
}

#[test]
fn stalled_uploads_shut_out_neither_the_token_holder_nor_anyone_for_long() {
    use newsdesk_server::security::{BODY_READ_TIMEOUT, MAX_BODIES_IN_FLIGHT};
    let server = start(vec![plain_page()], false);
    let started = Instant::now();
    let stalled: Vec<TcpStream> = (0..MAX_BODIES_IN_FLIGHT)
        .map(|_| stalled_upload(&server, "/api/extract"))
        .collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.state.bodies.available_permits() > 0 {
        assert!(
            Instant::now() < deadline,
            "the stalled uploads hold every slot"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // No token, or a wrong one, on a write: answered at once, not queued.
    let asked = Instant::now();
    let urls = json!({"urls": ["http://127.0.0.1:9/"]});
    let reply = post_json(&server, "/api/ingest", None, &urls);
    assert_eq!(reply.status, 401, "{}", reply.text());
    let reply = post_json(&server, "/api/extract", Some("0123456789"), &urls);
    assert_eq!(reply.status, 401, "{}", reply.text());
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
    // The token holder has a slot of its own.
    let asked = Instant::now();
    let reply = post_json(&server, "/api/ingest", Some(&server.token), &urls);
    assert_eq!(reply.status, 202, "{}", reply.text());
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
    // The stalled uploads are cut off with 408 once their time is up...
    for stream in stalled {
        let reply = read_reply(stream, "a stalled upload");
        assert_eq!(reply.status, 408, "{}", reply.text());
    }
    assert!(
        started.elapsed() < BODY_READ_TIMEOUT + Duration::from_secs(15),
        "cut off after {:?}",
        started.elapsed()
    );
    // ...and anyone's uploads are served again.
    let page = json!({"html": "<title>Back</title><p>The server takes uploads again after the stalled ones.</p>"});
    let reply = post_json(&server, "/api/extract", None, &page);
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use newsdesk_server::HEADER_READ_TIMEOUT;
    let server = start(vec![], false);
    // One sends half its headers and stops; one sends a byte a second.
    let mut silent = connect(&server);
    silent
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n")
        .expect("write");
    let trickle = connect(&server);
    let mut writer = trickle.try_clone().expect("clone");
    std::thread::spawn(move || {
        let line = b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        for byte in line {
            if writer.write_all(&[*byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
    let started = Instant::now();
    for (what, mut stream) in [("silent", silent), ("trickling", trickle)] {
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        assert!(
            started.elapsed() < HEADER_READ_TIMEOUT + Duration::from_secs(5),
            "the {what} client was disconnected after {:?}",
            started.elapsed()
        );
    }
    assert_eq!(get(&server, "/api/stats").status, 200);
}

/// Open file descriptors of this process (the server runs in it) that lie
/// in `dir`: the corpus handles' database files.
fn descriptors_in(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .filter(|target| target.starts_with(dir))
        .count()
}

#[test]
fn a_thousand_concurrent_searches_are_served_or_told_to_retry() {
    const CLIENTS: usize = 1000;
    let server = start(hostile_corpus(), false);
    let data = server
        .dir
        .path()
        .canonicalize()
        .expect("the data directory");
    let baseline = descriptors_in(&data);
    let done = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let done = Arc::clone(&done);
        let data = data.clone();
        std::thread::spawn(move || {
            let mut most = 0;
            while done.load(Ordering::Relaxed) < CLIENTS {
                most = most.max(descriptors_in(&data));
                std::thread::sleep(Duration::from_millis(5));
            }
            most
        })
    };
    let address = server.address;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let reply = TcpStream::connect(address).ok().map(|mut stream| {
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(120)));
                    let request = format!(
                        "GET /api/search?q=council+{n}&facets=true HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    );
                    let _ = stream.write_all(request.as_bytes());
                    let mut raw = Vec::new();
                    let _ = stream.read_to_end(&mut raw);
                    parse_reply(&raw)
                });
                done.fetch_add(1, Ordering::Relaxed);
                reply.flatten()
            })
        })
        .collect();
    let mut served = 0;
    let mut retry = 0;
    for client in clients {
        let reply = client
            .join()
            .expect("a client")
            .expect("every client gets an answer");
        match reply.status {
            200 => served += 1,
            503 => {
                assert!(reply.header("retry-after").is_some(), "{}", reply.text());
                assert!(!reply.text().contains("damaged"), "{}", reply.text());
                retry += 1;
            }
            other => panic!("status {other}: {}", reply.text()),
        }
    }
    let most = watcher.join().expect("the watcher");
    eprintln!("{served} served, {retry} told to retry; at most {most} descriptors in the data directory (baseline {baseline})");
    assert!(served > 0);
    // Each handle holds the database and its WAL and shared-memory files.
    let bound = baseline + 3 * newsdesk_server::MAX_READS_IN_FLIGHT + 8;
    assert!(
        most <= bound,
        "{most} descriptors open in the data directory, over {bound}"
    );
}

#[test]
fn a_tag_with_quotes_links_to_its_articles() {
    let html = "<html><head><title>Harbour cranes return</title>\
        <meta property=\"article:tag\" content=\"Say &quot;cheese&quot; \\ now\">\
        <meta property=\"article:tag\" content=\"Ports\"></head><body><article>\
        <h1>Harbour cranes return</h1>\
        <p>The cranes of the old harbour were lifted back into place on Monday after a year of repairs.</p>\
        <p>Dock workers said the work had been finished ahead of time and under budget.</p>\
        </article></body></html>"
        .to_string();
    let server = start(
        vec![capture(
            "https://dock.example/cranes",
            "2024-03-06T08:00:00Z",
            html,
        )],
        false,
    );
    let found = get(&server, "/api/search?q=cranes");
    let id = found.json()["hits"][0]["id"]
        .as_i64()
        .expect("the article is found");
    let page = get(&server, &format!("/articles/{id}")).text();
    let links: Vec<String> = page
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/search?q=tag"))
        .map(|href| href.replace("&amp;", "&"))
        .collect();
    assert_eq!(links.len(), 2, "a link per tag: {links:?}");
    for link in &links {
        let reply = get(&server, link);
        assert_eq!(reply.status, 200, "{link}: {}", reply.text());
        assert!(reply.text().contains("Harbour cranes return"), "{link}");
    }
}
