//! newsdesk-server: the HTTP API (JSON, for programs) and the web UI
//! (server-rendered HTML, for people) over one corpus.
//!
//! - [`api`]: `/api/...` — search with facets, articles with their analysis,
//!   duplicates and story, stories, entities, extract/analyze on demand,
//!   ingest jobs; described by [`openapi`] at `/api/openapi.json`.
//! - [`ui`]: the pages — overview, search, article, story, entity — that work
//!   without JavaScript; [`charts`] draws their SVG charts on the server;
//!   [`assets`] holds the stylesheet and the one small script.
//! - [`security`]: the write token, security headers (a strict CSP: no
//!   inline script or style), request limits and the rate limit on endpoints
//!   that fetch URLs.
//! - [`jobs`]: ingest jobs started through the API, run on their own thread.
//!
//! Reads go through a small pool of read-only corpus handles, each used by
//! one request at a time on the blocking thread pool; the index follows
//! ingest commits on its own, so searches see new articles within a second.

pub mod api;
pub mod assets;
pub mod charts;
pub mod jobs;
pub mod openapi;
pub mod security;
pub mod ui;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use newsdesk_corpus::{Corpus, CorpusError};

use crate::jobs::Jobs;
use crate::security::{RateLimiter, Token};

/// The largest request body accepted (a page to extract, a list of sources).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Read handles kept open between requests.
const POOL_SIZE: usize = 8;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub data_dir: PathBuf,
    pub bind: SocketAddr,
    /// Let `extract`/`analyze`/`ingest` fetch from private, loopback and link-local addresses.
    pub allow_private: bool,
    /// Minimum seconds between two requests to one host when ingesting URLs.
    pub fetch_delay: f64,
}

/// What every handler shares.
pub struct AppState {
    pub dir: PathBuf,
    pub token: Token,
    pub allow_private: bool,
    pub fetch_delay: f64,
    pub limiter: RateLimiter,
    pub jobs: Jobs,
    readers: Mutex<Vec<Corpus>>,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    /// Prepares the state for the corpus in `dir`, creating the corpus (and
    /// the write token) when they do not exist. Returns the state and, when
    /// the token was just created, the token (to be shown once).
    pub fn new(config: &ServerConfig) -> Result<(AppState, Option<String>), ServerError> {
        Corpus::open(&config.data_dir)?;
        let (token, created) = Token::load_or_create(&config.data_dir)?;
        let state = AppState {
            dir: config.data_dir.clone(),
            token,
            allow_private: config.allow_private,
            fetch_delay: config.fetch_delay,
            limiter: RateLimiter::new(30, std::time::Duration::from_secs(60)),
            jobs: Jobs::default(),
            readers: Mutex::new(Vec::new()),
        };
        Ok((state, created))
    }

    /// Runs `work` with a read-only corpus handle on the blocking pool.
    pub async fn read<R, F>(self: &Arc<Self>, work: F) -> Result<R, ServerError>
    where
        R: Send + 'static,
        F: FnOnce(&Corpus) -> Result<R, ServerError> + Send + 'static,
    {
        let state = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let corpus = state.checkout()?;
            let result = work(&corpus);
            state.checkin(corpus);
            result
        })
        .await
        .map_err(|e| ServerError::Internal(format!("a worker stopped: {e}")))?
    }

    fn checkout(&self) -> Result<Corpus, ServerError> {
        let pooled = self.readers.lock().ok().and_then(|mut pool| pool.pop());
        match pooled {
            Some(corpus) => Ok(corpus),
            None => Ok(Corpus::open_reader(&self.dir)?),
        }
    }

    fn checkin(&self, corpus: Corpus) {
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < POOL_SIZE {
                pool.push(corpus);
            }
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }
}

/// Why a request failed; rendered as JSON for the API and as a page for the UI.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("too many requests; try again in a minute")]
    TooManyRequests,
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Conflict(_) => StatusCode::CONFLICT,
            ServerError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ServerError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<CorpusError> for ServerError {
    fn from(error: CorpusError) -> Self {
        match error {
            CorpusError::BadInput(message) => ServerError::BadRequest(message),
            CorpusError::NoCorpus(message) => ServerError::NotFound(message),
            CorpusError::Busy => ServerError::Conflict(error.to_string()),
            other => ServerError::Unavailable(other.to_string()),
        }
    }
}

impl From<std::io::Error> for ServerError {
    fn from(error: std::io::Error) -> Self {
        ServerError::Internal(error.to_string())
    }
}

/// API errors: `{"error": {"status": 404, "message": "..."}}`.
impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body =
            serde_json::json!({"error": {"status": status.as_u16(), "message": self.to_string()}});
        (status, Json(body)).into_response()
    }
}

/// The whole application: API, UI and static files, with security headers
/// and body limits on every response.
pub fn router(state: SharedState) -> Router {
    let api = Router::new()
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/stats", get(api::stats))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{name}", get(api::entity))
        .route("/api/extract", post(api::extract))
        .route("/api/analyze", post(api::analyze))
        .route("/api/ingest", post(api::ingest))
        .route("/api/jobs/{id}", get(api::job))
        .route("/api", any(api::not_found))
        .route("/api/{*rest}", any(api::not_found));
    let pages = Router::new()
        .route("/", get(ui::overview))
        .route("/search", get(ui::search))
        .route("/articles/{id}", get(ui::article))
        .route("/stories", get(ui::stories))
        .route("/stories/{id}", get(ui::story))
        .route("/entities", get(ui::entities))
        .route("/entities/{name}", get(ui::entity))
        .route("/static/style.css", get(assets::style))
        .route("/static/app.js", get(assets::script))
        .route("/favicon.ico", get(assets::favicon));
    pages
        .merge(api)
        .fallback(ui::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Serves until Ctrl-C. `on_ready` is called with the bound address (the
/// port may have been 0) and the newly created token, if any.
pub async fn serve(
    config: ServerConfig,
    on_ready: impl FnOnce(SocketAddr, Option<String>),
) -> Result<(), ServerError> {
    let (state, created) = AppState::new(&config)?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| ServerError::Unavailable(format!("cannot listen on {}: {e}", config.bind)))?;
    let address = listener.local_addr()?;
    on_ready(address, created);
    let app = router(Arc::new(state));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
