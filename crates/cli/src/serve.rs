//! `newsdesk serve` (the API and web UI over a corpus) and `newsdesk demo`
//! (a corpus built from the sample pages that ship inside the binary, then
//! served).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use newsdesk_corpus::{ingest, Capture, Corpus, CorpusError, IngestOptions};
use newsdesk_server::{serve, ExternalCorpus, Reader, ServerConfig};

use crate::corpus::{DataArgs, PostgresArgs};

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// Options of `newsdesk serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// A cluster store is served for reading only (ingest through the
    /// server is off; its pages get in through the workers).
    #[command(flatten)]
    pub postgres: PostgresArgs,
    /// Address to listen on (loopback by default; use 0.0.0.0:PORT to expose it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Let the API fetch from private, loopback and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Minimum time between two requests to one host for API ingest jobs, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "1")]
    pub delay: f64,
}

/// Options of `newsdesk demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the demo corpus [default: a new temporary directory].
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080, or a free port if that is taken].
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Build the corpus and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
}

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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
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

pub fn run_demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = match args.data {
        Some(dir) => dir,
        None => std::env::temp_dir().join(format!("newsdesk-demo-{}", std::process::id())),
    };
    let mut corpus = Corpus::open(&dir)
        .with_context(|| format!("creating the demo corpus in {}", dir.display()))?;
    let report = ingest(
        &mut corpus,
        sample_captures().into_iter().map(Ok),
        &IngestOptions::default(),
        &mut |_| {},
    )?;
    drop(corpus);
    eprintln!(
        "newsdesk: demo corpus in {}: {} articles ({} copies of others, {} revisions) from {} sample pages",
        dir.display(),
        report.added,
        report.duplicates,
        report.revisions,
        report.pages
    );
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    let bind = match args.bind {
        Some(bind) => bind,
        None => free_address(),
    };
    run_server(ServerConfig {
        data_dir: dir,
        external: None,
        bind,
        allow_private: false,
        fetch_delay: 1.0,
    })
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
