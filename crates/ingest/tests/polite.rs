//! The polite fetcher against local HTTP servers: robots.txt, delays, retries,
//! conditional GET, redirects, refusals and bounds.
//!
//! Each test starts its own tiny server (std `TcpListener`, one thread per
//! connection, `Connection: close`) that records what it was asked and when,
//! and fetches from it with `allow_private` (it is on 127.0.0.1) and short
//! delays, so the whole file runs in a few seconds.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use newsdesk_ingest::{
    FetchOptions, IngestError, Outcome, PoliteFetcher, PoliteOptions, Refusal, Validators,
};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
    at: Instant,
}

/// What the server does with a request.
enum Reply {
    Send {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Reads the request and never answers.
    Silent,
    /// Sends a body that never ends.
    Endless,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply::Send {
        status,
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
    }
}

fn reply_with(status: u16, headers: &[(&'static str, &str)], body: &str) -> Reply {
    Reply::Send {
        status,
        headers: headers.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        body: body.as_bytes().to_vec(),
    }
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
    /// The most requests that were being answered at once.
    most_at_once: Arc<AtomicUsize>,
}

impl Server {
    /// Starts a server; `handler` gets the request and how many earlier
    /// requests had the same path.
    fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().expect("an address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let server = Server {
            port,
            seen: Arc::clone(&seen),
            connections: Arc::clone(&connections),
            most_at_once: Arc::clone(&most_at_once),
        };
        let at_once = Arc::new(AtomicUsize::new(0));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                connections.fetch_add(1, Ordering::SeqCst);
                let (handler, seen) = (Arc::clone(&handler), Arc::clone(&seen));
                let (at_once, most) = (Arc::clone(&at_once), Arc::clone(&most_at_once));
                thread::spawn(move || {
                    let now = at_once.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    answer(stream, &*handler, &seen);
                    at_once.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self, path: &str) -> Vec<Seen> {
        let seen = self.seen.lock().expect("the log");
        seen.iter().filter(|s| s.path == path).cloned().collect()
    }
}

fn answer(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = header.split_once(':') {
                    headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
                }
            }
        }
    }
    let request = Seen {
        path,
        headers,
        at: Instant::now(),
    };
    let earlier = {
        let mut log = seen.lock().expect("the log");
        let earlier = log.iter().filter(|s| s.path == request.path).count();
        log.push(request.clone());
        earlier
    };
    let mut stream = stream;
    match handler(&request, earlier) {
        Reply::Send {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Status {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Silent => thread::sleep(Duration::from_secs(10)),
        Reply::Endless => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n",
            );
            let chunk = vec![b'a'; 16 * 1024];
            while stream.write_all(&chunk).is_ok() {}
        }
    }
}

/// Options for tests: private addresses allowed, short delays and timeouts.
fn options() -> PoliteOptions {
    PoliteOptions {
        min_delay: Duration::from_millis(50),
        allow_private: true,
        max_retries: 3,
        backoff: Duration::from_millis(50),
        max_backoff: Duration::from_secs(2),
        respect_robots: true,
        fetch: FetchOptions::with_timeout(Duration::from_secs(5)),
    }
}

fn page(outcome: &Outcome) -> &newsdesk_ingest::Page {
    match outcome {
        Outcome::Fetched { page, .. } => page,
        other => panic!("expected a page, got {other:?}"),
    }
}

fn gap(earlier: &Seen, later: &Seen) -> Duration {
    later.at.saturating_duration_since(earlier.at)
}

#[test]
fn robots_txt_disallow_is_a_refusal_and_robots_is_fetched_once() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(
            200,
            "User-agent: *\nDisallow: /\n\nUser-agent: newsdesk\nDisallow: /private\n",
        ),
        _ => reply(200, "<p>hello</p>"),
    });
    let fetcher = PoliteFetcher::new(options());
    let refused = fetcher.fetch(&server.url("/private/1"), None);
    assert!(
        matches!(refused, Outcome::Refused(Refusal::Robots)),
        "{refused:?}"
    );
    let fetched = fetcher.fetch(&server.url("/news/1"), None);
    assert_eq!(page(&fetched).bytes, b"<p>hello</p>");
    assert!(server.requests("/private/1").is_empty());
    assert_eq!(server.requests("/robots.txt").len(), 1);
    let ua = &server.requests("/news/1")[0].headers["user-agent"];
    assert!(ua.starts_with("newsdesk/"), "{ua}");
}

#[test]
fn robots_txt_missing_allows_and_failing_closes_the_site() {
    let missing = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, "not here"),
        _ => reply(200, "ok"),
    });
    let broken = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(503, "down"),
        _ => reply(200, "ok"),
    });
    let fetcher = PoliteFetcher::new(options());
    assert!(matches!(
        fetcher.fetch(&missing.url("/a"), None),
        Outcome::Fetched { .. }
    ));
    let closed = fetcher.fetch(&broken.url("/a"), None);
    assert!(
        matches!(&closed, Outcome::Refused(Refusal::RobotsUnavailable(why)) if why.contains("503")),
        "{closed:?}"
    );
    assert!(broken.requests("/a").is_empty());
}

#[test]
fn crawl_delay_raises_the_gap_between_requests() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(200, "User-agent: *\nCrawl-delay: 0.4\n"),
        _ => reply(200, "ok"),
    });
    let fetcher = PoliteFetcher::new(options());
    fetcher.fetch(&server.url("/a"), None);
    fetcher.fetch(&server.url("/b"), None);
    let (a, b) = (&server.requests("/a")[0], &server.requests("/b")[0]);
    assert!(gap(a, b) >= Duration::from_millis(390), "{:?}", gap(a, b));
}

#[test]
fn a_429_with_retry_after_is_retried_after_the_wait() {
    let server = Server::start(|req, earlier| match (req.path.as_str(), earlier) {
        ("/robots.txt", _) => reply(404, ""),
        (_, 0) => reply_with(429, &[("Retry-After", "1")], "slow down"),
        _ => reply(200, "ok"),
    });
    let fetcher = PoliteFetcher::new(options());
    let outcome = fetcher.fetch(&server.url("/page"), None);
    assert!(
        matches!(
            outcome,
            Outcome::Fetched {
                attempts: 2,
                status: 200,
                ..
            }
        ),
        "{outcome:?}"
    );
    let tries = server.requests("/page");
    assert!(gap(&tries[0], &tries[1]) >= Duration::from_millis(990));
}

#[test]
fn a_503_forever_fails_after_the_retries_with_bounded_backoff() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        _ => reply(503, "down"),
    });
    let fetcher = PoliteFetcher::new(PoliteOptions {
        max_retries: 3,
        backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(150),
        ..options()
    });
    let start = Instant::now();
    let outcome = fetcher.fetch(&server.url("/page"), None);
    let elapsed = start.elapsed();
    assert!(
        matches!(
            outcome,
            Outcome::Failed {
                error: IngestError::HttpStatus { status: 503, .. },
                attempts: 4
            }
        ),
        "{outcome:?}"
    );
    let tries = server.requests("/page");
    let waits: Vec<Duration> = tries.windows(2).map(|w| gap(&w[0], &w[1])).collect();
    // Waits of 100, 150 (capped), 150 ms.
    assert!(waits[0] >= Duration::from_millis(95), "{waits:?}");
    assert!(waits[1] >= Duration::from_millis(145), "{waits:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[test]
fn a_retry_after_beyond_the_cap_ends_the_retries() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        _ => reply_with(503, &[("Retry-After", "3600")], "come back in an hour"),
    });
    let fetcher = PoliteFetcher::new(PoliteOptions {
        max_backoff: Duration::from_millis(300),
        ..options()
    });
    let start = Instant::now();
    let outcome = fetcher.fetch(&server.url("/page"), None);
    assert!(
        matches!(outcome, Outcome::Failed { attempts: 1, .. }),
        "{outcome:?}"
    );
    assert!(start.elapsed() < Duration::from_millis(250));
    // The site's next request keeps away for as long as newsdesk waits at most.
    fetcher.fetch(&server.url("/other"), None);
    let (first, next) = (&server.requests("/page")[0], &server.requests("/other")[0]);
    assert!(
        gap(first, next) >= Duration::from_millis(295),
        "{:?}",
        gap(first, next)
    );
}

#[test]
fn validators_make_the_next_fetch_conditional() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        _ if req.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") => {
            reply(304, "")
        }
        _ => reply_with(
            200,
            &[
                ("ETag", "\"v1\""),
                ("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
            ],
            "<p>news</p>",
        ),
    });
    let fetcher = PoliteFetcher::new(options());
    let Outcome::Fetched { validators, .. } = fetcher.fetch(&server.url("/a"), None) else {
        panic!("the first fetch should fetch");
    };
    assert_eq!(
        validators,
        Validators {
            etag: Some("\"v1\"".to_string()),
            last_modified: Some("Sun, 06 Nov 1994 08:49:37 GMT".to_string()),
        }
    );
    let again = fetcher.fetch(&server.url("/a"), Some(&validators));
    assert!(matches!(again, Outcome::NotModified), "{again:?}");
    let second = &server.requests("/a")[1];
    assert_eq!(
        second.headers.get("if-modified-since").map(String::as_str),
        Some("Sun, 06 Nov 1994 08:49:37 GMT")
    );
}

#[test]
fn one_site_is_paced_while_two_sites_go_in_parallel() {
    let handler = |req: &Seen, _: usize| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        _ => reply(200, "ok"),
    };
    let (one, two) = (Server::start(handler), Server::start(handler));
    let fetcher = PoliteFetcher::new(PoliteOptions {
        min_delay: Duration::from_millis(250),
        ..options()
    });
    let urls: Vec<String> = ["/a", "/b", "/c"]
        .iter()
        .flat_map(|path| [one.url(path), two.url(path)])
        .collect();
    let results = Mutex::new(Vec::new());
    let start = Instant::now();
    fetcher.fetch_all(urls, 4, |url, outcome| {
        results.lock().expect("results").push((url, outcome));
    });
    let elapsed = start.elapsed();
    let results = results.into_inner().expect("results");
    assert_eq!(results.len(), 6);
    assert!(results
        .iter()
        .all(|(_, o)| matches!(o, Outcome::Fetched { .. })));
    for server in [&one, &two] {
        let mut times: Vec<Instant> = server
            .seen
            .lock()
            .expect("the log")
            .iter()
            .map(|s| s.at)
            .collect();
        times.sort();
        assert_eq!(times.len(), 4, "robots.txt and three pages");
        for pair in times.windows(2) {
            let between = pair[1].saturating_duration_since(pair[0]);
            assert!(between >= Duration::from_millis(245), "{between:?}");
        }
        assert_eq!(server.most_at_once.load(Ordering::SeqCst), 1);
    }
    // Four requests 250 ms apart per site take at least 750 ms; done one site
    // after the other they would take 1.5 s or more.
    assert!(elapsed >= Duration::from_millis(740), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1400), "{elapsed:?}");
}

#[test]
fn fetch_all_fetches_each_url_once() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        _ => reply(200, "ok"),
    });
    let fetcher = PoliteFetcher::new(options());
    let urls = vec![
        server.url("/a"),
        server.url("/a"),
        server.url("/a#comments"),
        server.url("/b"),
        "not a url".to_string(),
        "not a url".to_string(),
    ];
    let results = Mutex::new(Vec::new());
    fetcher.fetch_all(urls, 2, |url, outcome| {
        results.lock().expect("results").push((url, outcome));
    });
    let results = results.into_inner().expect("results");
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(server.requests("/a").len(), 1);
    assert!(results.iter().any(|(url, outcome)| url == "not a url"
        && matches!(
            outcome,
            Outcome::Failed {
                error: IngestError::InvalidUrl(_),
                ..
            }
        )));
}

#[test]
fn redirect_loops_and_long_chains_fail() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        "/a" => reply_with(302, &[("Location", "/b")], ""),
        // Absolute this time, through the Host header.
        "/b" => {
            let host = req.headers.get("host").cloned().unwrap_or_default();
            reply_with(301, &[("Location", &format!("http://{host}/a"))], "")
        }
        path => {
            let n: u32 = path.trim_start_matches("/chain/").parse().unwrap_or(0);
            reply_with(307, &[("Location", &format!("/chain/{}", n + 1))], "")
        }
    });
    let fetcher = PoliteFetcher::new(PoliteOptions {
        min_delay: Duration::from_millis(10),
        fetch: FetchOptions {
            max_redirects: 3,
            ..options().fetch
        },
        ..options()
    });
    let looped = fetcher.fetch(&server.url("/a"), None);
    assert!(
        matches!(&looped, Outcome::Failed { error: IngestError::Network(m), attempts: 2 } if m.contains("loop")),
        "{looped:?}"
    );
    let long = fetcher.fetch(&server.url("/chain/0"), None);
    assert!(
        matches!(
            long,
            Outcome::Failed {
                error: IngestError::TooManyRedirects { max: 3 },
                attempts: 4
            }
        ),
        "{long:?}"
    );
}

#[test]
fn redirects_are_followed_to_the_page() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        "/old" => reply_with(301, &[("Location", "/new?x=1#top")], ""),
        _ => reply(200, "moved here"),
    });
    let fetcher = PoliteFetcher::new(options());
    let outcome = fetcher.fetch(&server.url("/old"), None);
    assert_eq!(
        page(&outcome).url.as_deref(),
        Some(&*server.url("/new?x=1"))
    );
    assert!(matches!(outcome, Outcome::Fetched { attempts: 2, .. }));
}

#[test]
fn private_addresses_are_refused_by_default_without_connecting() {
    let server = Server::start(|_, _| reply(200, "secret"));
    let fetcher = PoliteFetcher::new(PoliteOptions::default());
    let start = Instant::now();
    for url in [
        "http://localhost/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        &server.url("/"),
    ] {
        let outcome = fetcher.fetch(url, None);
        assert!(
            matches!(outcome, Outcome::Refused(Refusal::PrivateAddress { .. })),
            "{url}: {outcome:?}"
        );
    }
    for url in ["ftp://example.com/", "file:///etc/passwd"] {
        let outcome = fetcher.fetch(url, None);
        assert!(
            matches!(outcome, Outcome::Refused(Refusal::Scheme(_))),
            "{url}: {outcome:?}"
        );
    }
    assert!(start.elapsed() < Duration::from_millis(500));
    assert_eq!(server.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn a_server_that_never_answers_fails_within_the_timeout() {
    let server = Server::start(|_, _| Reply::Silent);
    let fetcher = PoliteFetcher::new(PoliteOptions {
        fetch: FetchOptions::with_timeout(Duration::from_millis(700)),
        ..options()
    });
    let start = Instant::now();
    let outcome = fetcher.fetch(&server.url("/a"), None);
    assert!(
        matches!(
            outcome,
            Outcome::Failed {
                error: IngestError::Timeout { .. },
                ..
            }
        ),
        "{outcome:?}"
    );
    assert!(
        start.elapsed() < Duration::from_millis(1500),
        "{:?}",
        start.elapsed()
    );
    // The site is known to be down now: its next URL fails at once.
    let start = Instant::now();
    let next = fetcher.fetch(&server.url("/b"), None);
    assert!(matches!(next, Outcome::Failed { .. }), "{next:?}");
    assert!(start.elapsed() < Duration::from_millis(200));
}

#[test]
fn a_dead_site_is_paused_after_repeated_failures_without_robots() {
    let server = Server::start(|_, _| Reply::Silent);
    let fetcher = PoliteFetcher::new(PoliteOptions {
        respect_robots: false,
        min_delay: Duration::from_millis(10),
        fetch: FetchOptions::with_timeout(Duration::from_millis(300)),
        ..options()
    });
    for path in ["/1", "/2", "/3"] {
        let outcome = fetcher.fetch(&server.url(path), None);
        assert!(
            matches!(
                outcome,
                Outcome::Failed {
                    error: IngestError::Timeout { .. },
                    attempts: 1
                }
            ),
            "{outcome:?}"
        );
    }
    let start = Instant::now();
    let paused = fetcher.fetch(&server.url("/4"), None);
    assert!(
        matches!(&paused, Outcome::Failed { error: IngestError::Network(m), attempts: 0 } if m.contains("not tried")),
        "{paused:?}"
    );
    assert!(start.elapsed() < Duration::from_millis(100));
    assert!(server.requests("/4").is_empty());
}

#[test]
fn an_endless_body_is_cut_at_the_cap_with_a_warning() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/robots.txt" => reply(404, ""),
        _ => Reply::Endless,
    });
    let fetcher = PoliteFetcher::new(PoliteOptions {
        fetch: FetchOptions {
            max_body: 64 * 1024,
            ..options().fetch
        },
        ..options()
    });
    let outcome = fetcher.fetch(&server.url("/endless"), None);
    let page = page(&outcome);
    assert_eq!(page.bytes.len(), 64 * 1024);
    assert!(
        page.warnings.iter().any(|w| w.contains("larger than")),
        "{:?}",
        page.warnings
    );
}
