//! End-to-end: `newsdesk ingest` from the live web, against a local server:
//! a feed whose articles are fetched, a sitemap that points to itself,
//! robots.txt, conditional re-fetch (ETag), private addresses refused
//! without `--allow-private`, and WARC/JSONL archives from files.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::http::{answer, serve};
use common::{gzip, newsdesk, put, scratch};

fn article(title: &str, topic: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>The {topic} was the subject of a long meeting of the regional council on Tuesday, officials said.</p>\
         <p>Members voted 31 to 12 to continue the work on the {topic} next year, after a debate of four hours.</p>\
         </article></body></html>"
    )
}

#[test]
fn a_feed_is_followed_politely_and_refetched_conditionally() {
    let requests = Arc::new(Mutex::new(Vec::<String>::new()));
    let not_modified = Arc::new(AtomicUsize::new(0));
    let base = Arc::new(Mutex::new(String::new()));
    let (log, nm, b) = (
        Arc::clone(&requests),
        Arc::clone(&not_modified),
        Arc::clone(&base),
    );
    let url = serve(move |request, stream| {
        log.lock().unwrap().push(request.path.clone());
        let base = b.lock().unwrap().clone();
        match request.path.as_str() {
            "/robots.txt" => answer(
                stream,
                "200 OK",
                &[],
                b"User-agent: *\nDisallow: /private/\n",
            ),
            "/feed.xml" => {
                let feed = format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>\
                     <item><title>Bridge</title><link>{base}/news/bridge</link></item>\
                     <item><title>Library</title><link>{base}/news/library</link></item>\
                     <item><title>Secret</title><link>{base}/private/memo</link></item>\
                     <item><title>Map</title><link>{base}/sitemap.xml</link></item>\
                     </channel></rss>"
                );
                answer(
                    stream,
                    "200 OK",
                    &[("Content-Type", "application/rss+xml")],
                    feed.as_bytes(),
                );
            }
            // A sitemap that lists itself and one more page.
            "/sitemap.xml" => {
                let map = format!(
                    "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                     <url><loc>{base}/sitemap.xml</loc></url><url><loc>{base}/news/ferry</loc></url></urlset>"
                );
                answer(
                    stream,
                    "200 OK",
                    &[("Content-Type", "application/xml")],
                    map.as_bytes(),
                );
            }
            path if path.starts_with("/news/") => {
                let topic = path.trim_start_matches("/news/");
                let etag = format!("\"{topic}-v1\"");
                if request.head.contains(&format!("If-None-Match: {etag}"))
                    || request.head.contains(&format!("if-none-match: {etag}"))
                {
                    nm.fetch_add(1, Ordering::SeqCst);
                    answer(stream, "304 Not Modified", &[("ETag", &etag)], b"");
                } else {
                    let page = article(&format!("The {topic} story"), topic);
                    answer(
                        stream,
                        "200 OK",
                        &[
                            ("Content-Type", "text/html; charset=utf-8"),
                            ("ETag", &etag),
                        ],
                        page.as_bytes(),
                    );
                }
            }
            _ => answer(stream, "404 Not Found", &[], b"no"),
        }
    });
    *base.lock().unwrap() = url.clone();
    let dir = scratch("ingest_feed");
    let feed = format!("{url}/feed.xml");

    // Without --allow-private, a loopback address is refused.
    let refused = newsdesk(&dir, &["ingest", &feed, "--data", "data"]);
    assert!(refused.stderr.contains("not fetched"), "{}", refused.stderr);
    assert!(
        requests.lock().unwrap().is_empty(),
        "nothing may reach a private address"
    );

    let run = newsdesk(
        &dir,
        &[
            "ingest",
            &feed,
            "--data",
            "data",
            "--allow-private",
            "--delay",
            "0.05",
        ],
    );
    // The page robots.txt disallows is a failed input; the rest came in.
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 of 4 inputs failed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 new articles"), "{}", run.stderr);
    assert!(
        run.stderr.contains("robots"),
        "the disallowed URL is reported: {}",
        run.stderr
    );
    let seen = requests.lock().unwrap().clone();
    assert_eq!(
        seen.iter().filter(|p| *p == "/sitemap.xml").count(),
        1,
        "{seen:?}"
    );
    assert!(!seen.iter().any(|p| p.starts_with("/private/")), "{seen:?}");

    // Again: every page is asked for with its ETag and nothing new is stored.
    let again = newsdesk(
        &dir,
        &[
            "ingest",
            &feed,
            "--data",
            "data",
            "--allow-private",
            "--delay",
            "0.05",
        ],
    );
    assert!(again.stderr.contains("0 new articles"), "{}", again.stderr);
    assert_eq!(not_modified.load(Ordering::SeqCst), 3);
}

fn warc_record(url: &str, body: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    let head = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-05-02T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        url.len(),
        http.len()
    );
    gzip(format!("{head}{http}\r\n\r\n").as_bytes())
}

#[test]
fn warc_and_jsonl_archives_are_ingested_with_their_urls_and_dates() {
    let dir = scratch("ingest_archives");
    let mut warc = warc_record("https://a.example/1", &article("Harbour plan", "harbour"));
    warc.extend(warc_record(
        "https://a.example/2",
        &article("Tram line", "tram line"),
    ));
    warc.extend(gzip(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\ncut short",
    ));
    put(&dir, "in/crawl.warc.gz", warc);
    let line = serde_json::json!({"url": "https://b.example/x", "html": article("Stadium vote", "stadium"), "fetched_at": "2024-05-03T08:00:00Z"});
    put(&dir, "in/pages.jsonl", format!("{line}\nnot json\n"));
    let run = newsdesk(&dir, &["ingest", "in", "--data", "data"]);
    // The truncated record and the bad line are failed inputs; the rest came in.
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("2 of 5 inputs failed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 new articles"), "{}", run.stderr);
    assert!(
        run.stderr.contains("line 2"),
        "the bad JSONL line is reported: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("crawl.warc.gz at byte"),
        "the bad record is reported: {}",
        run.stderr
    );
    let search = newsdesk(
        &dir,
        &["search", "stadium", "--data", "data", "--format", "json"],
    );
    let hit = &search.json()["hits"][0];
    assert_eq!(hit["url"], "https://b.example/x");
    assert_eq!(hit["date"], "2024-05-03T08:00:00Z");
}
