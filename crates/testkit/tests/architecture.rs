//! ARCHITECTURE.md is a map, and a map that names a file which moved misleads.
//! Every path it names in backticks must exist: a path from the repository's
//! root (`crates/…`, `docs/…`) exactly, and a bare file name (`scan.rs`)
//! somewhere in the repository. The crates also depend on each other only
//! the way the map says (the pure stages on no I/O crate at all).

use std::collections::HashSet;
use std::path::Path;

use newsdesk_testkit::workspace_root;

/// The repository's top-level entries a rooted path starts with.
const ROOTS: &[&str] = &[
    "crates/", "docs/", "samples/", "fuzz/", "scripts/", "spark/", ".ci/",
];

/// File endings that mark a bare name as a file of the repository.
const FILE_ENDINGS: &[&str] = &[".rs", ".md", ".toml", ".tsv", ".lex", ".txt", ".py", ".sh"];

/// The text inside each pair of backticks.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Every file and directory name under `dir`, leaving out build output and Git.
fn names_under(dir: &Path, names: &mut HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            names_under(&path, names);
        }
        names.insert(name);
    }
}

#[test]
fn every_path_the_architecture_map_names_exists() {
    let root = workspace_root();
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md reads");
    let mut names = HashSet::new();
    names_under(&root, &mut names);
    let mut checked = 0;
    let mut missing = Vec::new();
    for token in quoted(&map) {
        if token.contains(char::is_whitespace) {
            continue;
        }
        if ROOTS.iter().any(|r| token.starts_with(r)) {
            checked += 1;
            if !root.join(token).exists() {
                missing.push(token.to_string());
            }
        } else if !token.contains('/') && FILE_ENDINGS.iter().any(|e| token.ends_with(e)) {
            checked += 1;
            if !names.contains(token) {
                missing.push(token.to_string());
            }
        }
    }
    assert!(
        checked >= 50,
        "only {checked} paths found: is the map still a map?"
    );
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn the_architecture_map_stays_short() {
    let map = std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md reads");
    assert!(map.len() <= 15_000, "{} bytes", map.len());
}

#[test]
fn backticks_are_read_in_pairs() {
    assert_eq!(quoted("a `b` c `d/e.rs` f"), vec!["b", "d/e.rs"]);
    assert_eq!(quoted("no code"), Vec::<&str>::new());
}

/// The names under `[dependencies]` in `crates/<name>/Cargo.toml`.
fn dependencies(name: &str) -> Vec<String> {
    let path = workspace_root()
        .join("crates")
        .join(name)
        .join("Cargo.toml");
    let manifest = std::fs::read_to_string(&path).expect("the crate's Cargo.toml reads");
    let mut in_section = false;
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_section = line == "[dependencies]";
        } else if in_section && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            names.push(name.to_string());
        }
    }
    names
}

/// What the map says each crate may not depend on.
#[test]
fn crates_depend_only_the_way_the_map_says() {
    // The pure stages: no I/O, storage, network or thread-pool crates.
    let edge = [
        "newsdesk-ingest",
        "newsdesk-corpus",
        "newsdesk-server",
        "newsdesk-cluster",
        "ureq",
        "rusqlite",
        "tantivy",
        "tokio",
        "postgres",
        "async-nats",
        "axum",
        "walkdir",
        "rayon",
    ];
    let rules: &[(&str, &[&str])] = &[
        ("extract", &edge),
        ("analyze", &edge),
        (
            "ingest",
            &["newsdesk-extract", "newsdesk-analyze", "newsdesk-corpus"],
        ),
        ("corpus", &["newsdesk-server", "newsdesk-cluster"]),
        ("server", &["newsdesk-cluster"]),
        ("cluster", &["newsdesk-server"]),
    ];
    let mut wrong = Vec::new();
    for (krate, forbidden) in rules {
        let found = dependencies(krate);
        assert!(!found.is_empty(), "{krate}: no dependencies read");
        for dependency in found {
            if forbidden.contains(&dependency.as_str()) {
                wrong.push(format!("{krate} depends on {dependency}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
    assert!(dependencies("analyze").contains(&"newsdesk-extract".to_string()));
}
