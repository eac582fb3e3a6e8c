//! Cluster mode for real: a PostgreSQL server and a NATS server (JetStream)
//! started by each test on loopback, and the `newsdesk` binary as ingester,
//! workers and searcher.
//!
//! - `embedded_and_postgres_agree`: the sample corpus ingested into a
//!   data directory and into PostgreSQL gives the same articles for queries
//!   using every feature of the query language (same ids, same order when
//!   sorted by date; the same set by relevance), and the same figures; the
//!   same records from `article`, `story` and `export`; and the same answers
//!   from `serve` over HTTP, API and pages (sources, source and author
//!   profiles with their time charts, who is quoted, attention over time
//!   included), with writes refused on the cluster store. The records include the translation links, so both
//!   stores must mark the samples' translated copy alike.
//! - `translation_links_agree_whichever_page_arrives_first`: the samples'
//!   pages of one event in two languages (a Russian report, its English
//!   translation, an English report drawing on it, a Russian follow-up),
//!   ingested one page per run in date order and in reverse, into both
//!   stores: the same links in both, and the same whichever came first.
//! - `three_workers_ingest_a_site`: three workers share the jobs of a local site.
//! - `a_killed_worker_loses_and_duplicates_nothing`: `kill -9` of a worker
//!   mid-run; its jobs are redelivered; every page is stored exactly once.
//! - `a_late_worker_takes_its_share`.
//!
//! The servers come from Debian's `postgresql` and `nats-server` packages.
//! When they are missing the tests say so and pass, unless
//! `NEWSDESK_REQUIRE_CLUSTER=1` (CI), when they fail. PostgreSQL refuses to
//! run as root: as root, `initdb` and `pg_ctl` run as the `postgres` user
//! through `runuser`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use common::http::{answer, read_request};

/// Says why a test cannot run; fails it when the cluster is required.
fn skip(why: &str) {
    newsdesk_testkit::skip(
        newsdesk_testkit::Need::Cluster,
        format!("{why}; install postgresql and nats-server to run it"),
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, limit: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        thread::sleep(Duration::from_millis(50));
    }
    false
}

fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
        .collect();
    found.sort();
    found.pop()
}

#[allow(unsafe_code)]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A command run as the `postgres` user when we are root.
fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// A throwaway PostgreSQL server; stopped (immediately) when dropped.
struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    url: String,
    _dir: tempfile::TempDir,
}

impl Postgres {
    fn start() -> Option<Postgres> {
        let Some(bin) = postgres_bin() else {
            skip("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
            return None;
        };
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("pg");
        std::fs::create_dir(&data).expect("the data directory");
        if is_root() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            let chown = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&data)
                .status()
                .expect("chown runs");
            assert!(chown.success(), "chown postgres {}", data.display());
        }
        let init = as_postgres(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "newsdesk",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ])
            .stdout(Stdio::null())
            .output()
            .expect("initdb runs");
        assert!(
            init.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        let port = free_port();
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=50",
            data.display()
        );
        let start = as_postgres(&bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(data.join("log"))
            .args(["-w", "-t", "60", "start"])
            .stdout(Stdio::null())
            .output()
            .expect("pg_ctl runs");
        assert!(
            start.status.success(),
            "pg_ctl start failed: {} {}",
            String::from_utf8_lossy(&start.stderr),
            std::fs::read_to_string(data.join("log")).unwrap_or_default()
        );
        Some(Postgres {
            bin,
            data,
            url: format!("postgres://newsdesk@127.0.0.1:{port}/postgres"),
            _dir: dir,
        })
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect to the test server")
    }

    fn count(&self, sql: &str) -> i64 {
        self.client().query_one(sql, &[]).expect(sql).get(0)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A throwaway NATS server with JetStream; killed when dropped.
struct Nats {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Nats {
    fn start() -> Option<Nats> {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let port = free_port();
        let child = Command::new("nats-server")
            .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(child) = child else {
            skip("no nats-server on the PATH");
            return None;
        };
        let nats = Nats {
            child,
            url: format!("nats://127.0.0.1:{port}"),
            _dir: dir,
        };
        assert!(
            wait_for_port(port, Duration::from_secs(20)),
            "nats-server did not start"
        );
        Some(nats)
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn newsdesk(args: &[&str]) -> common::Run {
    let dir = std::env::temp_dir();
    common::newsdesk_in(&dir, args, None, Duration::from_secs(240))
}

fn samples() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/news")
        .display()
        .to_string()
}

/// (ids in order, dates in order, total) of a search.
fn search(backend: &[&str], query: &str, extra: &[&str]) -> (Vec<i64>, Vec<String>, u64) {
    let mut args = vec!["search", "--format", "json", "--limit", "200"];
    args.extend_from_slice(extra);
    args.extend_from_slice(backend);
    args.extend_from_slice(&["--", query]);
    let run = newsdesk(&args);
    assert_eq!(
        run.code(),
        Some(0),
        "search {query:?} {backend:?}: {}",
        run.stderr
    );
    let value = run.json();
    let hits = value["hits"].as_array().expect("hits").clone();
    let ids = hits.iter().map(|h| h["id"].as_i64().expect("id")).collect();
    let dates = hits
        .iter()
        .map(|h| h["date"].as_str().unwrap_or("").to_string())
        .collect();
    (ids, dates, value["total"].as_u64().expect("total"))
}

#[test]
fn embedded_and_postgres_agree() {
    let Some(pg) = Postgres::start() else { return };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("corpus");
    let data = data.to_str().expect("a UTF-8 path");
    let embedded = newsdesk(&["ingest", &samples(), "--data", data, "-j", "1", "--quiet"]);
    assert_eq!(embedded.code(), Some(0), "{}", embedded.stderr);
    let cluster = newsdesk(&[
        "ingest",
        &samples(),
        "--postgres",
        &pg.url,
        "-j",
        "2",
        "--quiet",
    ]);
    assert_eq!(cluster.code(), Some(0), "{}", cluster.stderr);

    // The same corpus: the same articles, copies and stories.
    let stats = |backend: &[&str]| {
        let mut args = vec!["stats", "--format", "json"];
        args.extend_from_slice(backend);
        let run = newsdesk(&args);
        assert_eq!(run.code(), Some(0), "{}", run.stderr);
        run.json()
    };
    let (a, b) = (stats(&["--data", data]), stats(&["--postgres", &pg.url]));
    for figure in [
        "captures",
        "failed_captures",
        "articles",
        "revisions",
        "duplicate_groups",
        "articles_in_duplicate_groups",
        "stories",
        "stories_with_several_articles",
        "first_date",
        "last_date",
        "indexed",
    ] {
        assert_eq!(a[figure], b[figure], "{figure}: embedded {a} cluster {b}");
    }
    assert!(a["articles"].as_i64().unwrap_or(0) >= 30, "{a}");

    let queries = [
        "",
        "strike",
        "strikes",
        "port strike",
        "\"port strike\"",
        "rotterdam OR tallinn",
        "(rotterdam OR tallinn) AND strike",
        "rotterdam -strike",
        "rotterdam NOT mediator",
        "-rotterdam",
        "title:strike",
        "body:museum",
        "lang:ru",
        "lang:en museum",
        "source:dailywire-agency.example",
        "source:https://www.baltic-times.example/x",
        "entity:Rotterdam",
        "quote:said",
        "author:smith",
        "tag:economy",
        "забастовка",
        "порт OR порту",
        "marathon OR \"glass museum\" OR riksbank",
        "covid-19",
        "nothingmatchesthisword",
        // Prefixes: as typed and as stemmed, in every field.
        "strik*",
        "approv*",
        "rotter* OR tallin*",
        "title:strik* -rotterd*",
        "забаст*",
        "entity:rotter*",
        "quote:sai*",
        "author:smi*",
        "source:northsea*",
        "tag:econ*",
        "lang:ru*",
    ];
    let mut compared = 0;
    let mut nonempty = 0;
    for query in queries {
        for extra in [
            &["--sort", "date", "--all-copies"][..],
            &["--all-copies"][..],
            &[][..],
        ] {
            let (ids_a, dates_a, total_a) = search(&["--data", data], query, extra);
            let (ids_b, dates_b, total_b) = search(&["--postgres", &pg.url], query, extra);
            assert_eq!(
                total_a, total_b,
                "total of {query:?} {extra:?}: {ids_a:?} vs {ids_b:?}"
            );
            if extra.contains(&"date") {
                assert_eq!(dates_a, dates_b, "dates of {query:?}");
                // Articles of the same second may come in either order.
                let group = |ids: &[i64], dates: &[String]| {
                    let mut by_date: Vec<(String, BTreeSet<i64>)> = Vec::new();
                    for (id, date) in ids.iter().zip(dates) {
                        match by_date.last_mut() {
                            Some((d, set)) if d == date => {
                                set.insert(*id);
                            }
                            _ => by_date.push((date.clone(), BTreeSet::from([*id]))),
                        }
                    }
                    by_date
                };
                assert_eq!(
                    group(&ids_a, &dates_a),
                    group(&ids_b, &dates_b),
                    "order of {query:?}"
                );
            } else if extra.contains(&"--all-copies") {
                let (set_a, set_b): (BTreeSet<_>, BTreeSet<_>) =
                    (ids_a.iter().collect(), ids_b.iter().collect());
                assert_eq!(set_a, set_b, "articles of {query:?}");
            } else {
                // One per duplicate group: as many, whichever copy stands for it.
                assert_eq!(ids_a.len(), ids_b.len(), "collapsed {query:?}");
            }
            compared += 1;
            nonempty += usize::from(total_a > 0);
        }
    }
    // Filters.
    for extra in [
        &["--lang", "en"][..],
        &["--source", "northsea-herald.example"][..],
        &["--since", "2024-10-15", "--until", "2024-12-31"][..],
        &["--entity", "Rotterdam"][..],
    ] {
        let mut extra = extra.to_vec();
        extra.extend(["--sort", "date", "--all-copies"]);
        let (ids_a, _, total_a) = search(&["--data", data], "", &extra);
        let (ids_b, _, total_b) = search(&["--postgres", &pg.url], "", &extra);
        assert_eq!(total_a, total_b, "{extra:?}");
        let (set_a, set_b): (BTreeSet<_>, BTreeSet<_>) =
            (ids_a.iter().collect(), ids_b.iter().collect());
        assert_eq!(set_a, set_b, "{extra:?}");
        assert!(total_a > 0, "{extra:?} finds something");
    }
    assert!(
        nonempty >= compared * 2 / 3,
        "{nonempty} of {compared} searches found something"
    );

    // Fuzzy and proximity searches are refused by name on PostgreSQL.
    for (query, named) in [("Roterdam~1", "fuzzy"), ("\"port strike\"~3", "proximity")] {
        let run = newsdesk(&["search", "--postgres", &pg.url, "--", query]);
        assert_ne!(run.code(), Some(0), "{query}");
        assert!(run.stderr.contains(named), "{query}: {}", run.stderr);
    }

    let articles = a["articles"].as_i64().unwrap_or(0);
    assert_same_records(data, &pg.url, articles);
    assert_served_alike(dir.path(), data, &pg.url);

    // Ingesting again adds nothing.
    let again = newsdesk(&["ingest", &samples(), "--postgres", &pg.url, "--quiet"]);
    assert_eq!(again.code(), Some(0), "{}", again.stderr);
    assert_eq!(
        pg.count("SELECT COUNT(*) FROM captures"),
        a["captures"].as_i64().unwrap_or(-1)
    );
}

/// A record without the times of ingest, which differ between two ingests
/// of the same pages.
fn without_ingest_times(mut value: serde_json::Value) -> serde_json::Value {
    match &mut value {
        serde_json::Value::Object(object) => {
            object.remove("ingested_at");
            for item in object.values_mut() {
                *item = without_ingest_times(item.take());
            }
        }
        serde_json::Value::Array(items) => {
            // A revision is [id, revision, ingested_at] on the command line.
            if items.len() == 3 && items[2].as_str().is_some_and(|t| t.contains('T')) {
                items.pop();
            }
            for item in items.iter_mut() {
                *item = without_ingest_times(item.take());
            }
        }
        _ => {}
    }
    value
}

/// `article`, `story` and `export` give the same records from both stores.
fn assert_same_records(data: &str, pg: &str, articles: i64) {
    let show = |what: &str, id: i64, backend: &[&str]| {
        let id = id.to_string();
        let mut args = vec![what, id.as_str(), "--format", "json"];
        args.extend_from_slice(backend);
        let run = newsdesk(&args);
        (
            run.code(),
            without_ingest_times(serde_json::from_str(&run.stdout).unwrap_or_default()),
        )
    };
    let mut stories = BTreeSet::new();
    let mut found = 0;
    // Every stored id (revisions included), and some past the end.
    for id in 1..=articles + 5 {
        let (code_a, a) = show("article", id, &["--data", data]);
        let (code_b, b) = show("article", id, &["--postgres", pg]);
        assert_eq!(code_a, code_b, "article {id}: exit codes");
        assert_eq!(a, b, "article {id}");
        found += i64::from(a["article"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        if let Some(story) = a["story"]["id"].as_i64() {
            stories.insert(story);
        }
    }
    assert!(found >= articles, "{found} articles shown of {articles}");
    assert!(stories.len() >= 5, "stories seen: {stories:?}");
    for id in stories {
        let (code_a, a) = show("story", id, &["--data", data]);
        let (code_b, b) = show("story", id, &["--postgres", pg]);
        assert_eq!((code_a, code_b), (Some(0), Some(0)), "story {id}");
        assert_eq!(a, b, "story {id}");
    }
    for query in [None, Some("strike OR museum")] {
        let export = |backend: &[&str]| {
            let mut args = vec!["export", "--format", "jsonl"];
            if let Some(query) = query {
                args.extend(["--query", query]);
            }
            args.extend_from_slice(backend);
            let run = newsdesk(&args);
            assert_eq!(run.code(), Some(0), "export {backend:?}: {}", run.stderr);
            run.records()
                .into_iter()
                .map(without_ingest_times)
                .collect::<Vec<_>>()
        };
        let (a, b) = (export(&["--data", data]), export(&["--postgres", pg]));
        assert!(!a.is_empty(), "export {query:?} writes something");
        if query.is_none() {
            assert_eq!(a, b, "export of everything");
            // The samples hold a translated copy: the comparison covers links.
            let linked = a.iter().filter(|r| r["translation_of"]["id"].is_i64());
            assert!(linked.count() >= 1, "no translation link in the samples");
        } else {
            // Newest first; articles of the same second may come in either order.
            let ids = |records: &[serde_json::Value]| -> BTreeSet<i64> {
                records.iter().filter_map(|r| r["id"].as_i64()).collect()
            };
            assert_eq!(ids(&a), ids(&b), "export of {query:?}");
        }
    }
}

/// Articles' translation links, by key: (the key of its original, the keys
/// of its translations).
type Links = BTreeMap<String, (Option<String>, Vec<String>)>;

/// Each article's translation links in a store.
fn translation_links(backend: &[&str]) -> Links {
    let mut args = vec!["export", "--format", "jsonl"];
    args.extend_from_slice(backend);
    let run = newsdesk(&args);
    assert_eq!(run.code(), Some(0), "export {backend:?}: {}", run.stderr);
    let key = |link: &serde_json::Value| link["key"].as_str().map(str::to_string);
    run.records()
        .iter()
        .filter_map(|record| {
            let translations = record["translations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(key)
                .collect();
            Some((key(record)?, (key(&record["translation_of"]), translations)))
        })
        .collect()
}

#[test]
fn translation_links_agree_whichever_page_arrives_first() {
    let Some(pg) = Postgres::start() else { return };
    let samples = samples();
    // One event in the samples: a Russian report, its English translation,
    // an English report two days later and a Russian follow-up.
    let original = "novosti_20250610_zernovoj-koridor.html";
    let translated = "eurasia_20250610_grain-corridor.html";
    let in_date_order = [
        original,
        translated,
        "gorod_20250611_zernovaya-sdelka.html",
        "ledger_20250612_wheat-istanbul-talks.html",
    ];
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (base, _) = pg.url.rsplit_once('/').expect("a database in the URL");
    let mut seen = Vec::new();
    for (n, reversed) in [false, true].into_iter().enumerate() {
        let mut order = in_date_order.to_vec();
        if reversed {
            order.reverse();
        }
        let data = dir.path().join(format!("corpus-{n}"));
        let data = data.to_str().expect("a UTF-8 path");
        let database = format!("arrival_{n}");
        pg.client()
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .expect("create a database");
        let url = format!("{base}/{database}");
        // One run per page, so each arrives after the ones before it.
        for file in &order {
            let page = format!("{samples}/{file}");
            for backend in [["--data", data], ["--postgres", url.as_str()]] {
                let mut args = vec!["ingest", page.as_str(), "--quiet"];
                args.extend_from_slice(&backend);
                let run = newsdesk(&args);
                assert_eq!(
                    run.code(),
                    Some(0),
                    "ingest {file} {backend:?}: {}",
                    run.stderr
                );
            }
        }
        let embedded = translation_links(&["--data", data]);
        let cluster = translation_links(&["--postgres", &url]);
        assert_eq!(embedded.len(), order.len(), "{embedded:?}");
        assert_eq!(embedded, cluster, "pages in the order {order:?}");
        seen.push(embedded);
    }
    assert_eq!(seen[0], seen[1], "links depend on which page arrived first");
    // The translation is linked to its original and to nothing else.
    let manifest = std::fs::read_to_string(format!("{samples}/manifest.tsv")).expect("manifest");
    let key_of = |file: &str| -> String {
        manifest
            .lines()
            .find_map(|line| {
                let mut fields = line.split('\t');
                (fields.next() == Some(file)).then(|| fields.next().unwrap_or("").to_string())
            })
            .unwrap_or_else(|| panic!("{file} not in the manifest"))
    };
    let (original, translated) = (key_of(original), key_of(translated));
    let linked: Links = seen[0]
        .iter()
        .filter(|(_, (of, list))| of.is_some() || !list.is_empty())
        .map(|(key, link)| (key.clone(), link.clone()))
        .collect();
    let expected: Links = [
        (translated.clone(), (Some(original.clone()), Vec::new())),
        (original, (None, vec![translated])),
    ]
    .into_iter()
    .collect();
    assert_eq!(linked, expected, "{:#?}", seen[0]);
}

/// `serve --postgres` answers as `serve --data` on the same corpus, and
/// refuses writes, saying why.
fn assert_served_alike(dir: &Path, data: &str, pg: &str) {
    use common::served::Served;
    let embedded = Served::start(dir, &["--data", data])
        .unwrap_or_else(|said| panic!("serve --data did not start: {said:?}"));
    let cluster = Served::start(dir, &["--postgres", pg])
        .unwrap_or_else(|said| panic!("serve --postgres did not start: {said:?}"));
    assert!(
        cluster.said.iter().any(|line| line.contains("PostgreSQL")),
        "{:?}",
        cluster.said
    );
    // Each backend numbers its own schema; everything else must agree.
    let stats = |served: &Served| {
        let mut stats = served.get_json("/api/stats");
        if let Some(object) = stats.as_object_mut() {
            object.remove("pending_index_changes");
            object.remove("schema_version");
        }
        stats
    };
    assert_eq!(stats(&embedded), stats(&cluster), "/api/stats");
    let entities = embedded.get_json("/api/entities?limit=5");
    let first_entity = entities["entities"][0]["name"]
        .as_str()
        .expect("an entity")
        .to_string();
    let stories = embedded.get_json("/api/stories?limit=3");
    let first_story = stories["stories"][0]["id"].as_i64().expect("a story");
    let entity_page = newsdesk_server::ui::entity_href(&first_entity);
    let entity_path = format!("/api{entity_page}");
    let story_path = format!("/api/stories/{first_story}");
    for path in [
        "/api/articles/1",
        "/api/articles/7",
        "/api/articles/99999",
        "/api/stories?limit=50",
        "/api/entities?limit=100",
        "/api/entities?kind=place&limit=20",
        entity_path.as_str(),
        story_path.as_str(),
        "/api/search?q=strike&sort=date&all_copies=true&limit=50",
        // Copies folded: the same total (groups) and full pages on both.
        "/api/search?q=strike&sort=date&limit=2&offset=2",
        "/api/search?q=strike&limit=100",
        "/api/search?q=(&limit=5",
    ] {
        let (status_a, a) = embedded.get(path);
        let (status_b, b) = cluster.get(path);
        assert_eq!(status_a, status_b, "GET {path}: {a} / {b}");
        let json =
            |body: &str| without_ingest_times(serde_json::from_str(body).unwrap_or_default());
        if path.starts_with("/api/search") {
            let ids = |v: serde_json::Value| -> Vec<i64> {
                v["hits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|h| h["id"].as_i64())
                    .collect()
            };
            let (a, b) = (json(&a), json(&b));
            assert_eq!(a["total"], b["total"], "GET {path}");
            assert_eq!(a["matches"], b["matches"], "GET {path}");
            assert_eq!(ids(a).len(), ids(b).len(), "GET {path}");
        } else {
            assert_eq!(json(&a), json(&b), "GET {path}");
        }
    }
    assert_counted_alike(&embedded, &cluster);
    let story_page = format!("/stories/{first_story}");
    for path in [
        "/",
        "/search?q=strike",
        "/articles/1",
        "/stories",
        story_page.as_str(),
        "/entities",
        entity_page.as_str(),
    ] {
        let (status, page) = cluster.get(path);
        assert_eq!(status, 200, "GET {path} from the cluster store: {page}");
        assert!(page.contains("</html>"), "GET {path}: a whole page");
        assert_eq!(embedded.get(path).0, 200, "GET {path}");
    }
    let (status, body) = cluster.post_json("/api/ingest", r#"{"urls":["https://example.com/"]}"#);
    assert_eq!(
        status, 403,
        "ingest into the cluster store through serve: {body}"
    );
    assert!(
        body.contains("newsdesk enqueue"),
        "says how pages get in: {body}"
    );
}

/// Sources, source and author profiles, who is quoted and attention over
/// time: the same answers from both backends (the same counts, periods,
/// facets and speakers with their quotes; the latest articles of a profile
/// on the same dates, each backend choosing which copy of a text stands
/// for it and how ties of one second are ordered).
fn assert_counted_alike(embedded: &common::served::Served, cluster: &common::served::Served) {
    let sources = embedded.get_json("/api/sources?limit=100");
    let listed = sources["sources"].as_array().cloned().unwrap_or_default();
    assert!(listed.len() >= 3, "{sources}");
    assert!(sources["without_source"].as_u64().is_some(), "{sources}");
    let site = |i: usize| listed[i]["name"].as_str().expect("a site").to_string();
    // A byline of the samples: the first author of the first article with one.
    let author = (1..=200)
        .find_map(|id| {
            let (status, body) = embedded.get(&format!("/api/articles/{id}"));
            let article: serde_json::Value = serde_json::from_str(&body).ok()?;
            (status == 200).then(|| find_authors(&article).into_iter().next())?
        })
        .expect("an article of the samples with a byline");
    let mut paths = vec![
        "/api/sources".to_string(),
        "/api/sources?limit=2&offset=1".to_string(),
        format!("/api{}", newsdesk_server::ui::source_href(&site(0))),
        format!(
            "/api{}",
            newsdesk_server::ui::source_href(&site(listed.len() - 1))
        ),
        "/api/sources/https%3A%2F%2Fwww.nowhere-at-all.example%2F".to_string(),
        format!("/api{}", newsdesk_server::ui::author_href(&author)),
        "/api/authors/Nobody%20Wrote%20This".to_string(),
        "/api/attention?q=strike&q=rotterdam".to_string(),
    ];
    for query in [
        "q=",
        "q=strike",
        "q=rotterdam%20OR%20tallinn&quotes=50",
        "q=strike&lang=en&limit=3&offset=1",
        "q=&since=2024-10-15&until=2024-12-31",
        "q=nothingmatchesthisword",
        "q=(",
    ] {
        paths.push(format!("/api/quoted?{query}"));
    }
    paths.push(format!("/api/quoted?q=&source={}", site(0)));
    let mut speakers = 0;
    for path in &paths {
        let (status_a, a) = embedded.get(path);
        let (status_b, b) = cluster.get(path);
        assert_eq!(status_a, status_b, "GET {path}: {a} / {b}");
        let mut a: serde_json::Value = serde_json::from_str(&a).unwrap_or_default();
        let mut b: serde_json::Value = serde_json::from_str(&b).unwrap_or_default();
        if status_a == 200 && path.starts_with("/api/quoted") {
            speakers += a["speakers"].as_array().map_or(0, Vec::len);
        }
        if let (Some(latest_a), Some(latest_b)) = (a.get("latest"), b.get("latest")) {
            let dates = |v: &serde_json::Value| -> Vec<String> {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .map(|h| h["date"].as_str().unwrap_or("").to_string())
                    .collect()
            };
            assert_eq!(dates(latest_a), dates(latest_b), "latest of GET {path}");
            for value in [&mut a, &mut b] {
                if let Some(object) = value.as_object_mut() {
                    object.remove("latest");
                }
            }
        }
        assert_eq!(a, b, "GET {path}");
    }
    assert!(speakers > 0, "some quoted search has speakers");
    let pages = [
        "/sources".to_string(),
        newsdesk_server::ui::source_href(&site(0)),
        newsdesk_server::ui::author_href(&author),
        "/quoted?q=strike".to_string(),
        "/search?q=strike".to_string(),
    ];
    for path in &pages {
        let (status, page) = cluster.get(path);
        assert_eq!(status, 200, "GET {path} from the cluster store: {page}");
        assert!(
            !page.contains("does not count"),
            "GET {path}: the cluster store counts it: {page}"
        );
        assert_eq!(embedded.get(path).0, 200, "GET {path}");
    }
}

/// Every string in an `authors` array anywhere in `value`.
fn find_authors(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Object(object) => object
            .iter()
            .flat_map(|(key, item)| match (key.as_str(), item) {
                ("authors", serde_json::Value::Array(names)) => names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect(),
                _ => find_authors(item),
            })
            .collect(),
        serde_json::Value::Array(items) => items.iter().flat_map(find_authors).collect(),
        _ => Vec::new(),
    }
}

/// A distinct invented article for page `n`.
fn page(n: usize) -> String {
    const WORDS: [&str; 12] = [
        "harbour",
        "minister",
        "budget",
        "railway",
        "election",
        "festival",
        "drought",
        "vaccine",
        "tariff",
        "satellite",
        "museum",
        "bridge",
    ];
    let word = |k: usize| WORDS[(n * 7 + k * 5 + n / 12) % WORDS.len()];
    let paragraphs: String = (0..4)
        .map(|p| {
            format!(
                "<p>Report {n} part {p}: the {} near the {} was discussed by the {} on day {} while officials waited for statement number {}.</p>",
                word(p),
                word(p + 1),
                word(p + 2),
                n % 28 + 1,
                n * 10 + p
            )
        })
        .collect();
    format!(
        "<html><head><title>Story {n}</title><meta property=\"article:published_time\" content=\"2024-04-{:02}T10:00:00Z\"></head>\
         <body><article><h1>Story {n} about the {}</h1>{paragraphs}</article></body></html>",
        n % 28 + 1,
        word(0)
    )
}

/// A local news site of `pages` pages, each answered after `latency`;
/// counts the page requests.
fn site(latency: Duration) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = Arc::clone(&counter);
            thread::spawn(move || {
                let Some(request) = read_request(&stream) else {
                    return;
                };
                if let Some(n) = request
                    .path
                    .strip_prefix("/news/")
                    .and_then(|n| n.parse().ok())
                {
                    counter.fetch_add(1, Ordering::Relaxed);
                    thread::sleep(latency);
                    let body = page(n);
                    answer(
                        &mut stream,
                        "200 OK",
                        &[("Content-Type", "text/html; charset=utf-8")],
                        body.as_bytes(),
                    );
                } else {
                    answer(&mut stream, "404 Not Found", &[], b"");
                }
                let _ = stream.flush();
            });
        }
    });
    (base, requests)
}

fn enqueue(nats: &Nats, base: &str, pages: usize) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let list = dir.path().join("urls.txt");
    let urls: Vec<String> = (0..pages).map(|n| format!("{base}/news/{n}")).collect();
    std::fs::write(&list, urls.join("\n")).expect("the URL list");
    let run = newsdesk(&[
        "enqueue",
        "--nats",
        &nats.url,
        "--urls",
        list.to_str().expect("path"),
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("enqueued {pages} jobs")),
        "{}",
        run.stderr
    );
}

fn worker(nats: &Nats, pg: &Postgres, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["worker", "--nats", &nats.url, "--postgres", &pg.url])
        .args(["--allow-private", "--delay", "0", "--ack-wait", "3"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the worker starts")
}

/// Waits for a worker to exit (failing after `limit`); returns its report.
fn finish(mut child: Child, limit: Duration) -> serde_json::Value {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
            }
            assert!(status.success(), "worker failed: {stderr}");
            let line = stderr
                .lines()
                .find(|l| l.contains("worker done"))
                .unwrap_or_else(|| panic!("no report in {stderr}"));
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON report");
            return value["report"].clone();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("a worker did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// Every page stored exactly once.
fn assert_exactly_once(pg: &Postgres, pages: i64) {
    assert_eq!(pg.count("SELECT COUNT(*) FROM captures"), pages, "captures");
    assert_eq!(
        pg.count("SELECT COUNT(DISTINCT url) FROM captures"),
        pages,
        "distinct URLs"
    );
    assert_eq!(pg.count("SELECT COUNT(*) FROM articles"), pages, "articles");
    assert_eq!(
        pg.count("SELECT COUNT(*) FROM articles WHERE latest"),
        pages,
        "latest"
    );
    assert_eq!(pg.count("SELECT COUNT(*) FROM problems"), 0, "problems");
}

#[test]
fn three_workers_ingest_a_site() {
    let Some(pg) = Postgres::start() else { return };
    let Some(nats) = Nats::start() else { return };
    let (base, requests) = site(Duration::from_millis(20));
    let pages = 60;
    enqueue(&nats, &base, pages);
    let started = Instant::now();
    let workers: Vec<Child> = (0..3)
        .map(|_| worker(&nats, &pg, &["-j", "1", "--exit-when-idle", "3"]))
        .collect();
    let reports: Vec<_> = workers
        .into_iter()
        .map(|w| finish(w, Duration::from_secs(180)))
        .collect();
    eprintln!(
        "three workers: {pages} pages in {:.1} s (idle wait included), reports {reports:?}",
        started.elapsed().as_secs_f64()
    );
    assert_exactly_once(&pg, pages as i64);
    assert_eq!(
        requests.load(Ordering::Relaxed),
        pages,
        "each page fetched once"
    );
    for report in &reports {
        assert!(
            report["jobs"].as_u64().unwrap_or(0) >= 5,
            "each worker took a share: {reports:?}"
        );
    }
    // What the workers stored is searchable.
    let run = newsdesk(&[
        "search",
        "harbour",
        "--postgres",
        &pg.url,
        "--format",
        "json",
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert!(run.json()["total"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn a_killed_worker_loses_and_duplicates_nothing() {
    let Some(pg) = Postgres::start() else { return };
    let Some(nats) = Nats::start() else { return };
    let (base, requests) = site(Duration::from_millis(250));
    let pages = 40;
    enqueue(&nats, &base, pages);
    let mut victim = worker(&nats, &pg, &["-j", "2"]);
    let others: Vec<Child> = (0..2)
        .map(|_| worker(&nats, &pg, &["-j", "1", "--exit-when-idle", "8"]))
        .collect();
    let started = Instant::now();
    while pg_count_or_zero(&pg, "SELECT COUNT(*) FROM captures") < 10 {
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        thread::sleep(Duration::from_millis(50));
    }
    // SIGKILL: no cleanup, no ack, in the middle of its two jobs.
    victim.kill().expect("kill -9");
    let _ = victim.wait();
    let killed_at = pg.count("SELECT COUNT(*) FROM captures");
    for other in others {
        finish(other, Duration::from_secs(180));
    }
    eprintln!(
        "killed at {killed_at} captures; {} page requests for {pages} pages",
        requests.load(Ordering::Relaxed)
    );
    assert_exactly_once(&pg, pages as i64);
    assert_eq!(
        pg.count(
            "SELECT COUNT(*) FROM (SELECT key FROM articles GROUP BY key HAVING COUNT(*) > 1) d"
        ),
        0
    );
}

fn pg_count_or_zero(pg: &Postgres, sql: &str) -> i64 {
    postgres::Client::connect(&pg.url, postgres::NoTls)
        .ok()
        .and_then(|mut c| c.query_one(sql, &[]).ok())
        .map_or(0, |r| r.get(0))
}

#[test]
fn a_late_worker_takes_its_share() {
    let Some(pg) = Postgres::start() else { return };
    let Some(nats) = Nats::start() else { return };
    let (base, _) = site(Duration::from_millis(150));
    let pages = 50;
    enqueue(&nats, &base, pages);
    let first = worker(&nats, &pg, &["-j", "1", "--exit-when-idle", "4"]);
    let started = Instant::now();
    while pg_count_or_zero(&pg, "SELECT COUNT(*) FROM captures") < 10 {
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        thread::sleep(Duration::from_millis(50));
    }
    let late = worker(&nats, &pg, &["-j", "1", "--exit-when-idle", "4"]);
    let (first, late) = (
        finish(first, Duration::from_secs(180)),
        finish(late, Duration::from_secs(180)),
    );
    eprintln!("first {first}, late {late}");
    assert_exactly_once(&pg, pages as i64);
    let late_jobs = late["jobs"].as_u64().unwrap_or(0);
    assert!(
        late_jobs >= 10,
        "the late worker took {late_jobs} of {pages} jobs"
    );
}
