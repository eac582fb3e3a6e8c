//! The WARC readers on the shared sample files from warcio and resiliparse
//! (`../shared/datasets/warc-samples`): every file is read to the end without
//! a panic, the pages found are counted, and the malformed files yield Bad
//! items while the good records around them are still read.
//!
//! Skips visibly when `../shared` is absent, and fails instead under
//! `NEWSDESK_REQUIRE_DATASETS=1`.

use std::fs::File;
use std::path::PathBuf;

use newsdesk_ingest::{ArchiveItem, WarcReader};

fn samples() -> Option<PathBuf> {
    newsdesk_testkit::shared("datasets/warc-samples")
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    pages: usize,
    skipped: usize,
    bad: usize,
}

fn read(path: &str) -> Option<(Tally, Vec<ArchiveItem>)> {
    let dir = samples()?;
    let file = File::open(dir.join(path)).expect("a sample file");
    let items: Vec<ArchiveItem> = WarcReader::new(file).collect();
    let mut tally = Tally::default();
    for item in &items {
        match item {
            ArchiveItem::Page(_) => tally.pages += 1,
            ArchiveItem::Skipped { .. } => tally.skipped += 1,
            ArchiveItem::Bad { .. } => tally.bad += 1,
        }
    }
    Some((tally, items))
}

fn tally(pages: usize, skipped: usize, bad: usize) -> Tally {
    Tally {
        pages,
        skipped,
        bad,
    }
}

fn pages(items: &[ArchiveItem]) -> Vec<&newsdesk_ingest::Capture> {
    items
        .iter()
        .filter_map(|i| match i {
            ArchiveItem::Page(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn every_sample_reads_as_expected() {
    let expected = [
        ("warcio/example.warc", tally(1, 5, 0)),
        ("warcio/example.warc.gz", tally(1, 5, 0)),
        ("warcio/example-bad-non-chunked.warc.gz", tally(1, 5, 0)),
        ("warcio/example-iana.org-chunked.warc", tally(1, 2, 0)),
        ("warcio/example-resource.warc.gz", tally(1, 2, 0)),
        ("warcio/example-space-in-target-uri.warc.gz", tally(0, 2, 0)),
        ("warcio/example-trunc.warc", tally(0, 3, 1)),
        ("warcio/example-wrong-chunks.warc.gz", tally(1, 1, 0)),
        ("resiliparse/block-sized-records.warc.gz", tally(0, 3, 0)),
        ("resiliparse/clipped.warc.gz", tally(0, 0, 1)),
        ("resiliparse/clueweb-quirk.warc.gz", tally(29, 1, 0)),
        ("resiliparse/warcfile.warc.gz", tally(16, 34, 0)),
    ];
    let mut table = String::new();
    let mut wrong = Vec::new();
    for (path, want) in expected {
        let Some((got, items)) = read(path) else {
            return;
        };
        table.push_str(&format!(
            "{path:45} pages {:3} skipped {:3} bad {}\n",
            got.pages, got.skipped, got.bad
        ));
        for item in &items {
            if let ArchiveItem::Bad { offset, error } = item {
                table.push_str(&format!("    bad at {offset}: {error}\n"));
            }
        }
        if got != want {
            wrong.push(format!("{path}: got {got:?}, want {want:?}"));
        }
    }
    eprintln!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn sample_pages_have_their_fields() {
    let Some((_, items)) = read("warcio/example.warc.gz") else {
        return;
    };
    let page = pages(&items)[0];
    assert_eq!(page.url, "http://example.com/");
    assert_eq!(page.fetched_at.as_deref(), Some("2017-03-06T04:02:06Z"));
    // The body was gzip on the wire; the capture holds the HTML.
    assert!(
        page.body.starts_with(b"<!doctype html>"),
        "{:?}",
        &page.body[..20]
    );

    let Some((_, items)) = read("warcio/example-iana.org-chunked.warc") else {
        return;
    };
    let page = pages(&items)[0];
    assert!(page.body.starts_with(b"<!doctype html>"));
    assert!(page.body.trim_ascii_end().ends_with(b"</html>"));
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=UTF-8")
    );

    let Some((_, items)) = read("warcio/example-wrong-chunks.warc.gz") else {
        return;
    };
    assert!(pages(&items)[0].body.trim_ascii_end().ends_with(b"</html>"));

    let Some((_, items)) = read("warcio/example-resource.warc.gz") else {
        return;
    };
    assert_eq!(
        pages(&items)[0].content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );

    let Some((_, items)) = read("warcio/example-space-in-target-uri.warc.gz") else {
        return;
    };
    assert!(
        matches!(&items[1], ArchiveItem::Skipped { reason, .. } if reason.contains("image/png"))
    );

    // ClueWeb09: headers end in bare LF, the body is marked gzip but stored
    // plain, and the WARC-Date is not a date (kept as written, with a warning).
    let Some((_, items)) = read("resiliparse/clueweb-quirk.warc.gz") else {
        return;
    };
    let page = pages(&items)[0];
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=EUC-JP")
    );
    assert!(page.body.starts_with(b"<html>"));
    assert_eq!(
        page.fetched_at.as_deref(),
        Some("2008-10-294T05:21:46-0700")
    );
    assert_eq!(page.warnings.len(), 2, "{:?}", page.warnings);

    let Some((_, items)) = read("resiliparse/warcfile.warc.gz") else {
        return;
    };
    let ru = pages(&items)
        .into_iter()
        .find(|p| p.url == "http://01spb.ru/company/")
        .expect("the 01spb.ru page");
    assert_eq!(
        ru.content_type.as_deref(),
        Some("text/html; charset=windows-1251")
    );
    // Two Content-Type headers: the one with the charset is kept.
    let doubled = pages(&items)
        .into_iter()
        .find(|p| p.url.contains("psb556"))
        .expect("the psb556 page");
    assert_eq!(
        doubled.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn malformed_samples_are_bad_and_their_neighbours_are_read() {
    // The response's Content-Length is two bytes short: it is Bad, and the
    // request record after it is still read.
    let Some((_, items)) = read("warcio/example-trunc.warc") else {
        return;
    };
    let bad = items
        .iter()
        .position(|i| matches!(i, ArchiveItem::Bad { .. }))
        .expect("a Bad item");
    assert_eq!(bad, 2);
    assert!(matches!(&items[3], ArchiveItem::Skipped { reason, .. } if reason.contains("request")));

    // The file ends inside a gzip member, mid-record.
    let Some((_, items)) = read("resiliparse/clipped.warc.gz") else {
        return;
    };
    assert!(matches!(&items[..], [ArchiveItem::Bad { offset: 0, .. }]));
}

/// Every sample, uncompressed and recompressed whole, with bytes flipped and
/// tails cut: the reader ends, without a panic, having yielded no more items
/// than there are lines.
#[test]
fn damaged_samples_never_panic_or_hang() {
    use flate2::read::MultiGzDecoder;
    use std::io::{Read, Write};
    let Some(dir) = samples() else { return };
    let mut seed = 11u64;
    for sub in ["warcio", "resiliparse"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir.join(sub))
            .expect("a sample folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".warc"))
            .collect();
        paths.sort();
        for path in paths {
            let packed = std::fs::read(&path).expect("a sample file");
            let mut plain = Vec::new();
            let _ = MultiGzDecoder::new(&packed[..]).read_to_end(&mut plain);
            if plain.is_empty() {
                plain = packed.clone();
            }
            for round in 0..20 {
                let mut bytes = if round % 2 == 0 {
                    plain.clone()
                } else {
                    packed.clone()
                };
                for _ in 0..(round % 5 + 1) {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let at = (seed >> 33) as usize % bytes.len();
                    bytes[at] = (seed >> 13) as u8;
                }
                let cut = (seed >> 40) as usize % (bytes.len() / 4 + 1);
                bytes.truncate(bytes.len() - cut);
                let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 2;
                assert!(
                    WarcReader::new(&bytes[..]).count() <= lines,
                    "{}",
                    path.display()
                );
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                encoder.write_all(&bytes).expect("in memory");
                let regzipped = encoder.finish().expect("in memory");
                assert!(WarcReader::new(&regzipped[..]).count() <= lines);
            }
        }
    }
}
