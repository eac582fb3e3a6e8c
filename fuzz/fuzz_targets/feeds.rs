//! Feeds and sitemaps (RSS, Atom, JSON Feed, urlset, sitemap index, Google
//! News) and robots.txt: parsers of XML and text written by any site.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::robots::Robots;
use newsdesk_ingest::{parse_feed, sniff_feed};

fuzz_target!(|data: &[u8]| {
    let base = url::Url::parse("https://news.example.com/feeds/").ok();
    let _ = sniff_feed(data);
    if let Ok(feed) = parse_feed(data, base.as_ref()) {
        for entry in &feed.entries {
            assert!(
                entry.url.starts_with("http://") || entry.url.starts_with("https://"),
                "a feed entry that is not a web address: {:?}",
                entry.url
            );
        }
    }
    let robots = Robots::parse(data, "newsdesk");
    let _ = robots.allows("/2024/05/story.html");
    let _ = robots.crawl_delay();
});
