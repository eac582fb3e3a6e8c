//! English story clustering on a small set written for this test: several
//! reports of each of three events by different invented outlets, worded
//! differently, among reports of other events in the same week that share
//! only what many stories share (the country, a date, a small number, the
//! weekday). Each event must be one story, and nothing else may join it;
//! and the stories must be the same whatever the number of workers and the
//! order the pages come in.

use std::collections::{BTreeMap, BTreeSet};

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};

/// (file, event or "" for a report of its own, site, date, title, paragraphs)
type Report = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const REPORTS: &[Report] = &[
    (
        "bridge-1", "bridge", "tagus-post.example", "2025-03-03T09:10:00Z",
        "Footbridge collapses in Porto, injuring 14",
        &[
            "A pedestrian footbridge over the Douro collapsed in Porto on Monday morning, injuring 14 people, two of them seriously, the city's civil protection service said.",
            "The Ribeira footbridge, opened in 1998, had been closed for inspection twice last year. Engineer Rui Tavares, who led the 2024 inspection, told reporters the steel cables had shown corrosion.",
            "Mayor Helena Quintela said the city would pay for an independent review by the Lisbon engineering firm Calvete & Moura.",
        ],
    ),
    (
        "bridge-2", "bridge", "iberia-wire.example", "2025-03-03T13:40:00Z",
        "Porto mayor orders review after Ribeira footbridge collapse",
        &[
            "Helena Quintela, the mayor of Porto, has ordered an independent review after the Ribeira footbridge fell into the Douro, leaving 14 people injured.",
            "Calvete & Moura, a Lisbon firm, will examine the remains of the structure. Rui Tavares, the engineer who inspected the bridge in 2024, had reported corroded cables.",
            "Two of the injured remain in intensive care at São João hospital.",
        ],
    ),
    (
        "bridge-3", "bridge", "southern-ledger.example", "2025-03-04T08:00:00Z",
        "Corroded cables blamed as Porto counts cost of bridge fall",
        &[
            "Investigators in Porto are focusing on corroded steel cables after the Ribeira footbridge collapse that injured 14 people on Monday.",
            "Rui Tavares said his 2024 report to the city had recommended replacing the cables within eighteen months. Mayor Helena Quintela said she had not seen the report.",
            "The review by Calvete & Moura is expected to take six weeks.",
        ],
    ),
    (
        "tender-1", "tender", "tagus-post.example", "2025-03-04T11:00:00Z",
        "Marinhal Energia wins 450 MW offshore wind tender",
        &[
            "Marinhal Energia has won Portugal's first offshore wind tender, a 450 MW floating farm off Viana do Castelo, the energy ministry said on Tuesday.",
            "The company's chief executive, Duarte Salgueiro, said construction of the Atlântida farm would begin in 2027 and cost about 1.9 billion euros.",
            "Energy minister Beatriz Lobo called the award a turning point for the northern coast.",
        ],
    ),
    (
        "tender-2", "tender", "iberia-wire.example", "2025-03-04T15:30:00Z",
        "Floating wind farm off Viana do Castelo goes to Marinhal",
        &[
            "The Atlântida floating wind farm off Viana do Castelo will be built by Marinhal Energia, which won the 450 MW tender ahead of two Spanish bidders.",
            "Duarte Salgueiro, Marinhal's chief executive, put the cost at 1.9 billion euros. Beatriz Lobo, the energy minister, said the grid connection would be ready by 2028.",
        ],
    ),
    (
        "tender-3", "tender", "southern-ledger.example", "2025-03-05T07:45:00Z",
        "Fishermen wary of Atlântida wind farm",
        &[
            "Fishing associations in Viana do Castelo said they had not been consulted on the Atlântida wind farm that Marinhal Energia will build offshore.",
            "Duarte Salgueiro promised talks before the 450 MW project's routes are fixed, and minister Beatriz Lobo said compensation was possible.",
        ],
    ),
    (
        "chess-1", "chess", "tagus-post.example", "2025-03-05T20:00:00Z",
        "Vrba wins Prague Open on tiebreak",
        &[
            "Czech grandmaster Tomáš Vrba won the Prague Open on Wednesday, beating Ukraine's Oksana Melnyk on tiebreak after both finished on 7.5 points.",
            "Vrba, 23, drew his last game against Hungary's Levente Szabó in 41 moves.",
        ],
    ),
    (
        "chess-2", "chess", "iberia-wire.example", "2025-03-06T09:00:00Z",
        "Melnyk second as Vrba takes Prague Open",
        &[
            "Oksana Melnyk finished second at the Prague Open, level on 7.5 points with the winner, Tomáš Vrba, who took the title on tiebreak.",
            "Levente Szabó was third. Vrba said the draw with Szabó had been the hardest game of the week.",
        ],
    ),
    (
        "other-1", "", "tagus-post.example", "2025-03-03T16:00:00Z",
        "Portugal's inflation eases to 2.1% in February",
        &[
            "Inflation in Portugal eased to 2.1 percent in February from 2.5 percent in January, the national statistics institute INE said on Monday.",
            "Food prices rose 14 percent over the year, while energy prices fell. Economist Marta Figueira of Banco Atlântico said the central bank would welcome the figures.",
        ],
    ),
    (
        "other-2", "", "iberia-wire.example", "2025-03-04T10:00:00Z",
        "Lisbon metro strike halts trains for 24 hours",
        &[
            "Lisbon's metro was shut for 24 hours on Tuesday as workers struck over pay, the operator said.",
            "Union leader Paulo Reis said 2024 wage talks had failed and that another strike was planned for March. Commuters crowded buses across the city.",
        ],
    ),
    (
        "other-3", "", "southern-ledger.example", "2025-03-05T12:00:00Z",
        "Porto football club appoints new coach",
        &[
            "Porto appointed Spanish coach Íñigo Arrieta on Wednesday after a run of 14 games without a win in Portugal's top league.",
            "Arrieta, 51, signed a contract until 2027. The club's president, Nuno Serrão, said the board had been unanimous.",
        ],
    ),
];

fn page(r: &Report) -> String {
    let (_, _, site, date, title, paragraphs) = r;
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>\
         <meta property=\"og:site_name\" content=\"{site}\">\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )
}

/// The stories of one ingest, as sets of file names, with the given order and workers.
fn stories(order: &[usize], jobs: usize) -> BTreeSet<BTreeSet<String>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("open");
    let captures = order.iter().map(|&i| {
        let r = &REPORTS[i];
        Ok(Capture {
            source: "stories-en".into(),
            location: r.0.to_string(),
            url: Some(format!("https://{}/news/{}", r.2, r.0)),
            body: page(r).into_bytes(),
            ..Capture::default()
        })
    });
    let report = ingest(
        &mut corpus,
        captures,
        &IngestOptions {
            jobs,
            ..IngestOptions::default()
        },
        &mut |_| {},
    )
    .expect("ingest");
    assert_eq!(report.failed + report.problems, 0, "{report:?}");
    let mut by_story: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for a in corpus.store().latest_after(0, 1000).expect("articles") {
        by_story
            .entry(a.story_id)
            .or_default()
            .insert(a.article.source.clone());
    }
    by_story.into_values().collect()
}

#[test]
fn each_event_is_one_story_and_nothing_else_joins_it() {
    let order: Vec<usize> = (0..REPORTS.len()).collect();
    let found = stories(&order, 2);
    let mut expected: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for r in REPORTS {
        let event = if r.1.is_empty() { r.0 } else { r.1 };
        expected.entry(event).or_default().insert(r.0.to_string());
    }
    let expected: BTreeSet<BTreeSet<String>> = expected.into_values().collect();
    assert_eq!(found, expected);
}

#[test]
fn the_stories_do_not_depend_on_workers_or_arrival_order() {
    let forward: Vec<usize> = (0..REPORTS.len()).collect();
    let backward: Vec<usize> = forward.iter().rev().copied().collect();
    let shuffled: Vec<usize> = (0..REPORTS.len())
        .map(|i| (i * 7) % REPORTS.len())
        .collect();
    let first = stories(&forward, 1);
    assert_eq!(stories(&backward, 2), first);
    assert_eq!(stories(&shuffled, 3), first);
}
