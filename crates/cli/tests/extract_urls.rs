//! End-to-end: `newsdesk extract` on http URLs, against a tiny HTTP server on
//! 127.0.0.1 run by each test: a page with a charset header, redirects, 404
//! and 500 answers, a server that never answers (a timeout), and an endless
//! body (capped). Every server loop here is bounded in count and time.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::http::{answer, serve};
use common::{gzip, newsdesk, page, scratch, sources};

/// Russian text in windows-1251 (Cyrillic letters only, plus ASCII).
fn windows_1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 0x410 + 0xC0) as u8,
            'ё' => 0xB8,
            'Ё' => 0xA8,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

#[test]
fn a_page_with_a_charset_header_is_fetched_and_decoded() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let base = serve(move |request, stream| {
        log.lock().expect("request log").push(request.head.clone());
        let body = windows_1251(
            "<html><head><title>Новости</title></head><body><article>\
             <p>Привет, мир. Сегодня в городе прошло заседание совета, и депутаты приняли бюджет на следующий год.</p>\
             <p>Жители города сказали, что довольны решением совета и ждут новых встреч.</p>\
             </article></body></html>",
        );
        answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html; charset=windows-1251")],
            &body,
        );
    });
    let url = format!("{base}/news/1");
    let run = newsdesk(&scratch("url_charset"), &["extract", &url]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let article = run.json();
    assert_eq!(article["source"], url.as_str());
    assert_eq!(article["url"], url.as_str());
    let head = seen.lock().expect("request log").join("");
    assert!(
        head.to_lowercase().contains("user-agent: newsdesk/"),
        "request: {head}"
    );
    // relies on the extractor (charset decoding)
    assert!(
        article["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Привет, мир."),
        "{article}"
    );
}

#[test]
fn redirects_are_followed_and_the_final_url_is_kept() {
    let base = serve(|request, stream| match request.path.as_str() {
        "/old" => answer(
            stream,
            "301 Moved Permanently",
            &[("Location", "/new")],
            b"",
        ),
        "/loop" => answer(stream, "302 Found", &[("Location", "/loop")], b""),
        _ => answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            page("Moved", "Moved words.").as_bytes(),
        ),
    });
    let dir = scratch("url_redirects");
    let run = newsdesk(&dir, &["extract", &format!("{base}/old")]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert_eq!(run.json()["source"], format!("{base}/old"));
    assert_eq!(run.json()["url"], format!("{base}/new"));
    let run = newsdesk(&dir, &["extract", &format!("{base}/loop")]);
    assert_eq!(run.code(), Some(1), "stdout: {}", run.stdout);
    assert!(
        run.stderr.contains("too many redirects"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn five_redirects_are_followed_and_a_sixth_is_not() {
    let base = serve(|request, stream| {
        let hops: u32 = request.path.trim_start_matches("/r/").parse().unwrap_or(0);
        if hops == 0 {
            answer(
                stream,
                "200 OK",
                &[("Content-Type", "text/html")],
                page("End", "End words.").as_bytes(),
            );
        } else {
            answer(
                stream,
                "302 Found",
                &[("Location", &format!("/r/{}", hops - 1))],
                b"",
            );
        }
    });
    let dir = scratch("url_redirect_cap");
    let run = newsdesk(&dir, &["extract", &format!("{base}/r/5")]);
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    assert_eq!(run.json()["url"], format!("{base}/r/0"));
    let run = newsdesk(&dir, &["extract", &format!("{base}/r/6")]);
    assert_eq!(run.code(), Some(1), "stdout: {}", run.stdout);
    assert!(
        run.stderr.contains("too many redirects"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn https_to_a_server_that_speaks_no_tls_is_a_clear_error() {
    let base = serve(|_, stream| answer(stream, "200 OK", &[], b"plain http"));
    let url = base.replacen("http://", "https://", 1);
    let run = newsdesk(&scratch("url_tls"), &["extract", "--timeout", "5", &url]);
    assert_eq!(run.code(), Some(1), "stdout: {}", run.stdout);
    assert!(
        run.stderr.contains(&url) && !run.stderr.contains("panicked"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn a_404_is_a_clear_error() {
    let base = serve(|_, stream| answer(stream, "404 Not Found", &[], b"<h1>Not found</h1>"));
    let url = format!("{base}/gone");
    let run = newsdesk(&scratch("url_404"), &["extract", &url]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains(&url) && run.stderr.contains("HTTP 404 Not Found"),
        "stderr: {}",
        run.stderr
    );
}

#[test]
fn a_500_and_a_refused_connection_are_error_entries_in_a_batch() {
    let base = serve(|request, stream| match request.path.as_str() {
        "/broken" => answer(stream, "500 Internal Server Error", &[], b"oops"),
        _ => answer(
            stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            page("Fine", "Fine words.").as_bytes(),
        ),
    });
    let closed = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let refused = format!("http://{closed}/nobody-home");
    let (broken, fine) = (format!("{base}/broken"), format!("{base}/fine"));
    let run = newsdesk(&scratch("url_500"), &["extract", &broken, &refused, &fine]);
    assert_eq!(run.code(), Some(1), "stderr: {}", run.stderr);
    let records = run.records();
    assert_eq!(
        sources(&records),
        [broken.clone(), refused.clone(), fine.clone()]
    );
    assert!(
        records[0]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("HTTP 500"),
        "{}",
        records[0]
    );
    assert!(
        records[1]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("network error"),
        "{}",
        records[1]
    );
    assert!(records[2].get("error").is_none(), "{}", records[2]);
    assert!(
        run.stderr.contains("extracted 1 page, 2 failed"),
        "summary: {}",
        run.stderr
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let base = serve(|_, _stream| thread::sleep(Duration::from_secs(8)));
    let started = Instant::now();
    let run = newsdesk(
        &scratch("url_timeout"),
        &["extract", "--timeout", "1", &format!("{base}/slow")],
    );
    assert_eq!(run.code(), Some(1), "stdout: {}", run.stdout);
    assert!(
        run.stderr.contains("timed out after 1 s"),
        "stderr: {}",
        run.stderr
    );
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn an_endless_body_is_capped() {
    let base = serve(|_, stream| {
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2000000000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(b"<html><body><article><p>The endless page begins here.</p>");
        let chunk = vec![b' '; 64 * 1024];
        let started = Instant::now();
        // Bounded: at most 256 MiB or 60 s, and it stops when the client hangs up.
        for _ in 0..4096 {
            if started.elapsed() > Duration::from_secs(60) || stream.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let run = newsdesk(
        &scratch("url_endless"),
        &["extract", &format!("{base}/endless")],
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let article = run.json();
    let warnings = article["warnings"].to_string();
    assert!(
        warnings.contains("larger than 32 MiB"),
        "warnings: {warnings}"
    );
    assert!(
        run.peak_rss_kib < 400 * 1024,
        "peak RSS {} KiB",
        run.peak_rss_kib
    );
}

#[test]
fn a_trickling_body_is_cut_at_the_deadline_and_kept() {
    let base = serve(|_, stream| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(page("Slow", "Slowly sent words.").as_bytes());
        // Bounded: one byte every 100 ms, for at most 20 s.
        for _ in 0..200 {
            thread::sleep(Duration::from_millis(100));
            if stream
                .write_all(b" ")
                .and_then(|()| stream.flush())
                .is_err()
            {
                break;
            }
        }
    });
    let started = Instant::now();
    let run = newsdesk(
        &scratch("url_trickle"),
        &["extract", "--timeout", "1", &format!("{base}/slow")],
    );
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    let warnings = run.json()["warnings"].to_string();
    assert!(
        warnings.contains("cut off: timed out"),
        "warnings: {warnings}"
    );
}

#[test]
fn a_gzip_encoded_response_is_decoded() {
    let base = serve(|_, stream| {
        let body = gzip(page("Zipped", "Transfer-encoded words.").as_bytes());
        answer(
            stream,
            "200 OK",
            &[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
            ],
            &body,
        );
    });
    let run = newsdesk(
        &scratch("url_gzip"),
        &["extract", &format!("{base}/zipped")],
    );
    assert_eq!(run.code(), Some(0), "stderr: {}", run.stderr);
    // relies on the extractor
    assert!(run.json()["text"]
        .as_str()
        .unwrap_or_default()
        .contains("Transfer-encoded words."));
}
