//! Acceptance: the seed article (`../shared/seed/000_572c40b2d049dd2d.txt`),
//! extracted as scraped text and analysed, gives what issue 3 asks for.
//! Skipped visibly where the shared data is absent, and failed instead under
//! `NEWSDESK_REQUIRE_DATASETS=1`.

use newsdesk_analyze::{analyze_article, Analysis, Entity, EntityKind, EventKind, QuoteKind};
use newsdesk_extract::{extract_article, ExtractOptions, InputKind};

fn seed() -> Option<Analysis> {
    let path = newsdesk_testkit::shared("seed/000_572c40b2d049dd2d.txt")?;
    let bytes = std::fs::read(&path).expect("the seed reads");
    let options = ExtractOptions {
        input_kind: InputKind::Text,
        ..ExtractOptions::default()
    };
    let article = extract_article(&bytes, &options).expect("the seed extracts");
    let analysis = analyze_article(&article);
    if std::env::var_os("SEED_PRINT").is_some() {
        println!(
            "{}",
            serde_json::to_string_pretty(&analysis).unwrap_or_default()
        );
    }
    Some(analysis)
}

fn entity<'a>(analysis: &'a Analysis, name: &str, kind: EntityKind) -> &'a Entity {
    analysis
        .entities
        .iter()
        .find(|e| e.name == name && e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} {name}; entities: {:#?}", names(analysis)))
}

fn names(analysis: &Analysis) -> Vec<(String, EntityKind)> {
    analysis
        .entities
        .iter()
        .map(|e| (e.name.clone(), e.kind))
        .collect()
}

fn has_alias(entity: &Entity, alias: &str) -> bool {
    entity.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias))
}

#[test]
fn persons_with_roles_and_aliases() {
    let Some(analysis) = seed() else { return };
    let lukashenko = entity(&analysis, "Alexander Lukashenko", EntityKind::Person);
    assert!(
        lukashenko
            .roles
            .contains(&"President of Belarus".to_string()),
        "{:?}",
        lukashenko.roles
    );
    for alias in ["the Head of State", "The President", "Lukashenko"] {
        assert!(
            has_alias(lukashenko, alias),
            "{alias} not in {:?}",
            lukashenko.aliases
        );
    }
    let tasmaganbetov = entity(&analysis, "Imangali Tasmaganbetov", EntityKind::Person);
    assert!(
        tasmaganbetov
            .roles
            .contains(&"CSTO Secretary General".to_string()),
        "{:?}",
        tasmaganbetov.roles
    );
    let persons = analysis
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .count();
    assert_eq!(persons, 2, "{:#?}", names(&analysis));
}

#[test]
fn organisations_and_places() {
    let Some(analysis) = seed() else { return };
    let csto = entity(
        &analysis,
        "Collective Security Treaty Organization",
        EntityKind::Organization,
    );
    assert!(has_alias(csto, "CSTO"), "{:?}", csto.aliases);
    entity(
        &analysis,
        "Ministry of Foreign Affairs",
        EntityKind::Organization,
    );
    entity(
        &analysis,
        "CSTO Collective Security Council",
        EntityKind::Organization,
    );
    let minsk = entity(&analysis, "Minsk", EntityKind::Place);
    assert_eq!(minsk.country.as_deref(), Some("Belarus"));
    for place in [
        "Belarus",
        "Central Asia",
        "Tajikistan",
        "Kyrgyzstan",
        "Armenia",
        "Azerbaijan",
    ] {
        entity(&analysis, place, EntityKind::Place);
    }
}

#[test]
fn four_dash_quotes_all_by_lukashenko() {
    let Some(analysis) = seed() else { return };
    let direct: Vec<_> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .collect();
    assert_eq!(direct.len(), 4, "{direct:#?}");
    for quote in &direct {
        assert_eq!(
            quote.speaker.as_deref(),
            Some("Alexander Lukashenko"),
            "{quote:#?}"
        );
    }
    assert!(direct[0]
        .text
        .starts_with("You and I are in a crucial period."));
    assert!(direct[3]
        .text
        .ends_with("your point of view on this issue."));
}

#[test]
fn meeting_and_conflicts() {
    let Some(analysis) = seed() else { return };
    let has = |kind: EventKind, a: &str, b: &str| {
        analysis.events.iter().any(|e| {
            e.kind == kind && e.actors.iter().any(|x| x == a) && e.actors.iter().any(|x| x == b)
        })
    };
    assert!(
        has(
            EventKind::Meeting,
            "Alexander Lukashenko",
            "Imangali Tasmaganbetov"
        ),
        "{:#?}",
        analysis.events
    );
    assert!(
        has(EventKind::Conflict, "Tajikistan", "Kyrgyzstan"),
        "{:#?}",
        analysis.events
    );
    assert!(
        has(EventKind::Conflict, "Armenia", "Azerbaijan"),
        "{:#?}",
        analysis.events
    );
}

#[test]
fn boilerplate_contributes_nothing() {
    let Some(analysis) = seed() else { return };
    for word in ["Youtube", "Mexico", "Ctrl", "personnel appointments"] {
        let found = analysis
            .entities
            .iter()
            .any(|e| e.mentions.iter().any(|m| m.text.contains(word)));
        assert!(!found, "{word} should not be an entity");
        assert!(
            !analysis.keyphrases.iter().any(|k| k.phrase.contains(word)),
            "{word} in keyphrases"
        );
    }
    assert!(analysis.keyphrases.len() >= 5 && analysis.keyphrases.len() <= 15);
    assert_eq!(analysis.language.as_deref(), Some("en"));
}
