//! `newsdesk serve` (the API and web UI over a corpus) and `newsdesk demo`
//! (a corpus built from the sample pages that ship inside the binary, then
//! served).
//!
//! `demo` checks its address before it builds anything, so a busy port costs
//! nothing, and a corpus it builds in a temporary directory is removed
//! however it ends: the server stopped with Ctrl-C, Ctrl-C while the corpus
//! is being built (exit code 130), or an error.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use newsdesk_corpus::{ingest, Capture, Corpus, CorpusError, IngestOptions, IngestReport};
use newsdesk_server::{serve, ExternalCorpus, Reader, ServerConfig};

use crate::args::{DemoArgs, ServeArgs};
use crate::wording::counted;

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

pub fn run_serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let config = ServerConfig {
        data_dir: args.data.dir(),
        external: args.postgres.postgres.as_deref().map(cluster_store),
        bind: args.bind,
        allow_private: args.allow_private,
        fetch_delay: args.delay,
    };
    run_server(config)
}

/// The cluster store at `url`, each reader on its own connection.
fn cluster_store(url: &str) -> ExternalCorpus {
    let owned = url.to_string();
    ExternalCorpus {
        name: newsdesk_cluster::describe_postgres_url(url),
        open: std::sync::Arc::new(move || {
            let store =
                newsdesk_cluster::PgStore::open_existing(&owned).map_err(CorpusError::from)?;
            Ok(Box::new(store) as Reader)
        }),
    }
}

fn run_server(config: ServerConfig) -> anyhow::Result<ExitCode> {
    serve_on(&runtime()?, config)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")
}

/// Serves `config` on `runtime` until Ctrl-C.
fn serve_on(runtime: &tokio::runtime::Runtime, config: ServerConfig) -> anyhow::Result<ExitCode> {
    let dir = config.data_dir.clone();
    let served = match &config.external {
        Some(external) => external.name.clone(),
        None => dir.display().to_string(),
    };
    runtime.block_on(serve(config, |address, token| {
        eprintln!(
            "newsdesk: serving {served} at http://{address}/ (API: http://{address}/api/openapi.json)"
        );
        if let Some(token) = token {
            eprintln!(
                "newsdesk: write token (shown once; also in {}): {token}",
                dir.join(newsdesk_server::security::TOKEN_FILE).display()
            );
        }
        eprintln!("newsdesk: press Ctrl-C to stop");
    }))?;
    Ok(ExitCode::SUCCESS)
}

/// The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it.
const INTERRUPTED: u8 = 130;

pub fn run_demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    // The address first: a busy port is found before any work is done.
    let bind = if args.no_serve {
        None
    } else {
        Some(match args.bind {
            Some(bind) => {
                std::net::TcpListener::bind(bind)
                    .with_context(|| format!("cannot listen on {bind}"))?;
                bind
            }
            None => free_address(),
        })
    };
    let (dir, cleanup) = match args.data {
        Some(dir) => (dir, None),
        None => {
            let dir = std::env::temp_dir().join(format!("newsdesk-demo-{}", std::process::id()));
            (dir.clone(), Some(RemoveOnDrop(dir)))
        }
    };
    let runtime = runtime()?;
    // Ctrl-C while the corpus is built: remove a temporary directory, then stop.
    let temporary = cleanup.as_ref().map(|c| c.0.clone());
    let interrupted = {
        let _inside = runtime.enter();
        newsdesk_server::interrupt().context("listening for Ctrl-C")?
    };
    let watcher = runtime.spawn(async move {
        interrupted.await;
        if let Some(dir) = temporary {
            let _ = std::fs::remove_dir_all(dir);
        }
        eprintln!("newsdesk: interrupted");
        std::process::exit(i32::from(INTERRUPTED));
    });
    let built = build_demo(&dir);
    watcher.abort();
    let report = built?;
    eprintln!(
        "newsdesk: demo corpus in {}: {} ({} of others, {}) from {}",
        dir.display(),
        counted(report.added, "article", "articles"),
        counted(report.duplicates, "copy", "copies"),
        counted(report.revisions, "revision", "revisions"),
        counted(report.pages, "sample page", "sample pages")
    );
    let Some(bind) = bind else {
        return Ok(ExitCode::SUCCESS);
    };
    // From here the server stops on Ctrl-C, and `cleanup` removes a
    // temporary directory however serving ends.
    serve_on(
        &runtime,
        ServerConfig {
            data_dir: dir,
            external: None,
            bind,
            allow_private: false,
            fetch_delay: 1.0,
        },
    )
}

/// Builds the demo corpus in `dir` from the embedded sample pages.
fn build_demo(dir: &Path) -> anyhow::Result<IngestReport> {
    let mut corpus = Corpus::open(dir)
        .with_context(|| format!("creating the demo corpus in {}", dir.display()))?;
    Ok(ingest(
        &mut corpus,
        sample_captures().into_iter().map(Ok),
        &IngestOptions::default(),
        &mut |_| {},
    )?)
}

/// A temporary directory, removed with everything in it when this is dropped.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// 127.0.0.1:8080 if it is free, else any free loopback port.
fn free_address() -> SocketAddr {
    let preferred = SocketAddr::from(([127, 0, 0, 1], 8080));
    if std::net::TcpListener::bind(preferred).is_ok() {
        return preferred;
    }
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The embedded sample pages as captures, with the URL and fetch time the
/// manifest gives each.
pub fn sample_captures() -> Vec<Capture> {
    let manifest = SAMPLES
        .iter()
        .find(|(name, _)| *name == "manifest.tsv")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    let facts: std::collections::HashMap<&str, (&str, &str)> = manifest
        .lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            (f.len() >= 3).then(|| (f[0], (f[1], f[2])))
        })
        .collect();
    SAMPLES
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| {
            let (url, fetched_at) = facts.get(name).copied().unwrap_or(("", ""));
            Capture {
                source: "newsdesk demo".into(),
                location: format!("samples/news/{name}"),
                url: (!url.is_empty()).then(|| url.to_string()),
                fetched_at: (!fetched_at.is_empty()).then(|| fetched_at.to_string()),
                body: bytes.to_vec(),
                ..Capture::default()
            }
        })
        .collect()
}
