//! Translation links in both directions, through the library's ingest.
//!
//! The development set only has English originals with Russian
//! translations; news also goes the other way. So one invented report is
//! written twice, in Russian and in English (the English one a close
//! translation), beside a second English report of the same event in other
//! words and an unrelated one, and ingested twice: once with the Russian
//! page first (Russian original, English translation) and once with the
//! English page first. Either way the later page must be linked to the
//! earlier as its translation, the other report of the event must not be
//! linked to either, and the original must list its translation.
//!
//! A column names almost nothing: its translation shares with it only a
//! brand written in Latin letters in both and a year. It is still found.

use newsdesk_corpus::{ingest, Capture, Corpus, IngestOptions};

fn page(url: &str, date: &str, title: &str, paragraphs: &[&str]) -> Capture {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    let html = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title} | Site</title>\
         <link rel=canonical href=\"{url}\">\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
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

const FLOOD_RU_TITLE: &str = "Паводок в Хабаровском крае: эвакуированы 1 240 человек";
const FLOOD_RU: [&str; 5] = [
    "Уровень воды в Амуре у Хабаровска поднялся до 642 сантиметров, сообщили в среду в региональном управлении МЧС.",
    "Из подтопленных сёл Казакевичево и Бычиха эвакуированы 1 240 человек, в том числе 310 детей, сказал губернатор края Михаил Дегтярёв.",
    "«Вода продолжает прибывать, пик ожидается в пятницу», — заявил Дегтярёв на заседании оперативного штаба.",
    "По данным Росгидромета, за последние 48 часов в бассейне реки выпало 85 миллиметров осадков.",
    "В Хабаровске развернуты 14 пунктов временного размещения, добавили в администрации города.",
];

const FLOOD_EN_TITLE: &str = "Flood in Khabarovsk Territory: 1,240 people evacuated";
const FLOOD_EN: [&str; 5] = [
    "The water level of the Amur near Khabarovsk rose to 642 centimetres, the regional office of the Emergencies Ministry said on Wednesday.",
    "A total of 1,240 people, including 310 children, were evacuated from the flooded villages of Kazakevichevo and Bychikha, Governor Mikhail Degtyarev said.",
    "\"The water keeps rising, the peak is expected on Friday,\" Degtyarev told a meeting of the emergency headquarters.",
    "According to Roshydromet, 85 millimetres of rain fell in the river basin over the past 48 hours.",
    "Fourteen temporary shelters have been opened in Khabarovsk, the city administration added.",
];

/// Another report of the same flood: the same place and governor, some of
/// the same figures, but its own sentences and order.
const FLOOD_OTHER_EN: [&str; 4] = [
    "Rescuers in Russia's Far East kept moving residents out of riverside villages as the Amur swelled after days of heavy rain.",
    "Governor Mikhail Degtyarev visited Kazakevichevo by boat and promised compensation of 10,000 roubles to every family whose house was flooded.",
    "Local volunteers in Khabarovsk collected food and blankets for the 1,240 evacuees, and the regional hospital cancelled planned operations.",
    "Forecasters warned that a second wave of rain could reach the region next week.",
];

const UNRELATED_EN: [&str; 3] = [
    "A bakery in Cork won the national bread award on Saturday for a sourdough made with local barley.",
    "Owner Siobhan Kelly said the shop sells about 600 loaves a day and plans to hire 4 more bakers.",
    "The judges tasted 212 entries from across Ireland before choosing the winner.",
];

const RU_URL: &str = "https://vesti-region.example/news/pavodok";
const EN_URL: &str = "https://far-east-wire.example/flood-evacuated";
const OTHER_URL: &str = "https://pacific-herald.example/amur-rescuers";
const UNRELATED_URL: &str = "https://irish-daily.example/bread-award";

/// The four pages, the Russian report dated `ru_date` and its English
/// version `en_date`.
fn pages(ru_date: &str, en_date: &str) -> Vec<Capture> {
    vec![
        page(RU_URL, ru_date, FLOOD_RU_TITLE, &FLOOD_RU),
        page(EN_URL, en_date, FLOOD_EN_TITLE, &FLOOD_EN),
        page(
            OTHER_URL,
            "2024-05-15T12:00:00Z",
            "Amur flood: rescuers move villagers to safety",
            &FLOOD_OTHER_EN,
        ),
        page(
            UNRELATED_URL,
            "2024-05-15T11:00:00Z",
            "Cork bakery wins bread award",
            &UNRELATED_EN,
        ),
    ]
}

/// Ingests `pages`, in their order, into a fresh corpus.
fn ingested(pages: Vec<Capture>) -> (tempfile::TempDir, Corpus) {
    let count = pages.len() as u64;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut corpus = Corpus::open(dir.path()).expect("open");
    let options = IngestOptions {
        jobs: 2,
        batch: 2,
        ..IngestOptions::default()
    };
    let report = ingest(
        &mut corpus,
        pages.into_iter().map(Ok),
        &options,
        &mut |_| {},
    )
    .expect("ingest");
    assert_eq!(report.added, count, "{report:?}");
    (dir, corpus)
}

fn id_of(corpus: &Corpus, url: &str) -> i64 {
    let batch = corpus.store().latest_after(0, 100).expect("read articles");
    batch
        .iter()
        .find(|a| a.article.url.as_deref() == Some(url))
        .map(|a| a.id)
        .unwrap_or_else(|| panic!("{url} not in the corpus"))
}

/// Checks that `copy` is linked as the translation of `original` and that
/// neither of the other two pages is linked to anything.
fn assert_linked(corpus: &Corpus, original: &str, copy: &str) {
    let read = |url: &str| {
        corpus
            .store()
            .article(id_of(corpus, url))
            .expect("read article")
            .expect("article stored")
    };
    let (orig, translated) = (read(original), read(copy));
    let link = translated
        .translation_of
        .as_ref()
        .unwrap_or_else(|| panic!("{copy} is not marked as a translation of {original}"));
    assert_eq!(link.id, orig.id, "{link:?}");
    assert!(link.confidence > 0.5 && link.confidence <= 1.0, "{link:?}");
    assert!(orig.translation_of.is_none(), "{:?}", orig.translation_of);
    assert_eq!(
        orig.translations.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![translated.id]
    );
    assert_eq!(orig.story_id, translated.story_id);
    for url in [OTHER_URL, UNRELATED_URL] {
        let other = read(url);
        assert!(
            other.translation_of.is_none() && other.translations.is_empty(),
            "{url}: {:?} {:?}",
            other.translation_of,
            other.translations
        );
    }
}

#[test]
fn a_russian_original_is_the_source_of_its_later_english_translation() {
    let (_dir, corpus) = ingested(pages("2024-05-15T06:00:00Z", "2024-05-15T14:00:00Z"));
    assert_linked(&corpus, RU_URL, EN_URL);
}

#[test]
fn an_english_original_is_the_source_of_its_later_russian_translation() {
    let (_dir, corpus) = ingested(pages("2024-05-15T14:00:00Z", "2024-05-15T06:00:00Z"));
    assert_linked(&corpus, EN_URL, RU_URL);
}

#[test]
fn the_link_does_not_depend_on_which_page_arrives_first() {
    let mut reversed = pages("2024-05-15T06:00:00Z", "2024-05-15T14:00:00Z");
    reversed.reverse();
    let (_dir, corpus) = ingested(reversed);
    assert_linked(&corpus, RU_URL, EN_URL);
}

const COLUMN_EN_TITLE: &str = "Why I stopped buying miracle seeds";
const COLUMN_EN: [&str; 5] = [
    "For years I bought every packet that promised giant tomatoes, and most of them reached me through adverts on Pinterest.",
    "The seeds came in bright envelopes with photos that had clearly been edited, some showing fruit the size of a melon.",
    "A grower I trust told me that the same varieties have been sold since the 1930s under other names.",
    "Now I keep a notebook of what really grows in my beds and share it with the neighbours every spring.",
    "If a picture looks too perfect, it usually is, and the money is better spent on compost.",
];
const COLUMN_RU_TITLE: &str = "Почему я перестал покупать чудо-семена";
const COLUMN_RU: [&str; 5] = [
    "Много лет я покупал каждый пакетик, обещавший гигантские помидоры, и большинство из них попадались мне в рекламе на Pinterest.",
    "Семена приходили в ярких конвертах с фотографиями, которые явно были отредактированы, на некоторых плоды были размером с дыню.",
    "Садовод, которому я доверяю, сказал мне, что те же сорта продаются с 1930-х годов под другими названиями.",
    "Теперь я веду тетрадь о том, что действительно растёт на моих грядках, и каждой весной делюсь ею с соседями.",
    "Если картинка выглядит слишком идеальной, обычно так и есть, и деньги лучше потратить на компост.",
];
const COLUMN_OTHER_EN: [&str; 3] = [
    "Allotment waiting lists have grown again this summer, and some councils now ask applicants to wait four years.",
    "Several readers wrote to say they found their plots through Pinterest groups rather than the council.",
    "Shared gardens are one answer; a street in my town turned its verges into vegetable beds.",
];

#[test]
fn a_column_that_names_almost_nothing_is_found_by_its_capitalised_words() {
    let en_url = "https://garden-weekly.example/miracle-seeds";
    let ru_url = "https://sad-i-ogorod.example/chudo-semena";
    let other_url = "https://garden-weekly.example/allotments";
    let pages = vec![
        page(en_url, "2024-05-15T06:00:00Z", COLUMN_EN_TITLE, &COLUMN_EN),
        page(ru_url, "2024-05-15T18:00:00Z", COLUMN_RU_TITLE, &COLUMN_RU),
        page(
            other_url,
            "2024-05-15T09:00:00Z",
            "Allotment lists grow",
            &COLUMN_OTHER_EN,
        ),
    ];
    for reversed in [false, true] {
        let mut pages = pages.clone();
        if reversed {
            pages.reverse();
        }
        let (_dir, corpus) = ingested(pages);
        let read = |url: &str| {
            corpus
                .store()
                .article(id_of(&corpus, url))
                .expect("read article")
                .expect("article stored")
        };
        let (original, copy, other) = (read(en_url), read(ru_url), read(other_url));
        assert_eq!(
            copy.translation_of.as_ref().map(|t| t.id),
            Some(original.id),
            "reversed: {reversed}"
        );
        assert_eq!(
            original
                .translations
                .iter()
                .map(|t| t.id)
                .collect::<Vec<_>>(),
            vec![copy.id]
        );
        assert!(other.translation_of.is_none() && other.translations.is_empty());
    }
}
