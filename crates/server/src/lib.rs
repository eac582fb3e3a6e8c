//! newsdesk-server: the HTTP API (JSON, for programs) and the web UI
//! (server-rendered HTML, for people) over one corpus.
//!
//! - `api`: `/api/...` — search with facets, articles with their analysis,
//!   duplicates and story, stories, entities, extract/analyze on demand,
//!   ingest jobs; described by [`openapi`] at `/api/openapi.json`.
//! - [`ui`]: the pages — overview, search, article, story, entity — that work
//!   without JavaScript; [`charts`] draws their SVG charts on the server
//!   (on a real time axis), `diff` the changes between revisions;
//!   `assets` holds the stylesheet and the one small script.
//! - [`security`]: the write token, security headers (a strict CSP: no
//!   inline script or style), request limits and the rate limit on endpoints
//!   that fetch URLs.
//! - `sources`: sources and authors (lists and profiles), `quoted`:
//!   who is quoted in a search or a story.
//! - `jobs`: ingest jobs started through the API, run on their own thread.
//!
//! Reads go through a small pool of read-only corpus handles
//! ([`newsdesk_corpus::CorpusReader`]), each used by one request at a time on
//! the blocking thread pool. The corpus is the data directory's (the index
//! follows ingest commits on its own, so searches see new articles within a
//! second) or one held elsewhere ([`ExternalCorpus`]: a cluster store in
//! PostgreSQL), which is served for reading only.

// The OpenAPI document is one `json!` literal, deeper than the default limit.
#![recursion_limit = "512"]

mod api;
mod assets;
mod attention;
pub mod charts;
mod diff;
mod download;
mod feed;
mod jobs;
pub mod openapi;
mod quoted;
pub mod security;
mod sources;
pub mod ui;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use newsdesk_corpus::{Corpus, CorpusError, CorpusReader};

use crate::jobs::Jobs;
use crate::security::{RateLimiter, Token};

/// The largest request body accepted (a page to extract, a list of sources).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Reads (searches, pages) run at once, each with its own corpus handle on
/// a blocking thread; the rest wait their turn. Every handle holds an index
/// reader and a database connection (memory and file descriptors), so
/// without a bound a burst of a thousand searches opened a thousand of each.
pub const MAX_READS_IN_FLIGHT: usize = 8;
/// How long a read waits for its turn before a 503 "busy" with `Retry-After`.
pub const READ_WAIT: std::time::Duration = std::time::Duration::from_secs(20);
/// Read handles kept open between requests.
const POOL_SIZE: usize = MAX_READS_IN_FLIGHT;

/// A handle for reading the corpus served, used by one request at a time.
pub type Reader = Box<dyn CorpusReader + Send>;

/// Opens a new [`Reader`].
pub type OpenReader = Arc<dyn Fn() -> Result<Reader, CorpusError> + Send + Sync>;

/// A corpus held elsewhere than a data directory (a cluster store): named
/// for messages, opened by the caller's function. This crate does not know
/// how it is stored.
#[derive(Clone)]
pub struct ExternalCorpus {
    /// What the corpus is, for people ("the PostgreSQL store at …").
    pub name: String,
    /// Opens a read handle on it; called once per pooled handle.
    pub open: OpenReader,
}

impl std::fmt::Debug for ExternalCorpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalCorpus")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The corpus served, unless `external` is given.
    pub data_dir: PathBuf,
    /// Serve this corpus (for reading only) instead of the data directory's.
    pub external: Option<ExternalCorpus>,
    /// The address to listen on; a loopback one also restricts `Host` to loopback names.
    pub bind: SocketAddr,
    /// Let `extract`/`analyze`/`ingest` fetch from private, loopback and link-local addresses.
    pub allow_private: bool,
    /// Minimum seconds between two requests to one host when ingesting URLs.
    pub fetch_delay: f64,
}

/// What every handler shares.
pub struct AppState {
    /// The data directory (for an external corpus, the one named for messages and the token).
    pub dir: PathBuf,
    /// The secret write requests must carry, or why writes are off.
    pub token: Token,
    /// See [`ServerConfig::allow_private`].
    pub allow_private: bool,
    /// See [`ServerConfig::fetch_delay`].
    pub fetch_delay: f64,
    /// The rate limit on endpoints that fetch URLs.
    pub limiter: RateLimiter,
    /// Only loopback names in `Host` when listening on loopback ([`security::host_check`]).
    pub loopback_only: bool,
    /// Why ingest and fetching are off (a data directory on read-only media,
    /// a corpus held elsewhere), if they are.
    pub writes_off: Option<String>,
    /// Slots for requests with a body ([`security::body_slots`]).
    pub bodies: tokio::sync::Semaphore,
    /// The slot kept for requests that carry the write token.
    pub holder_bodies: tokio::sync::Semaphore,
    /// The ingest jobs started through the API.
    pub jobs: Jobs,
    /// Turns for reads ([`MAX_READS_IN_FLIGHT`]).
    pub reads: tokio::sync::Semaphore,
    open_reader: OpenReader,
    readers: Mutex<Vec<Reader>>,
}

/// The state as handlers receive it.
pub type SharedState = Arc<AppState>;

impl AppState {
    /// Prepares the state for the corpus in `dir`, creating the corpus (and
    /// the write token) when they do not exist. Returns the state and, when
    /// the token was just created, the token (to be shown once).
    pub fn new(config: &ServerConfig) -> Result<(AppState, Option<String>), ServerError> {
        let access = match &config.external {
            Some(external) => Access::external(external)?,
            None => Access::directory(&config.data_dir)?,
        };
        let state = AppState {
            dir: config.data_dir.clone(),
            token: access.token,
            allow_private: config.allow_private,
            fetch_delay: config.fetch_delay,
            limiter: RateLimiter::new(security::FETCH_RATE_LIMIT, security::FETCH_RATE_WINDOW),
            loopback_only: config.bind.ip().is_loopback(),
            writes_off: access.writes_off,
            bodies: tokio::sync::Semaphore::new(security::MAX_BODIES_IN_FLIGHT),
            holder_bodies: tokio::sync::Semaphore::new(security::TOKEN_HOLDER_SLOTS),
            jobs: Jobs::default(),
            reads: tokio::sync::Semaphore::new(MAX_READS_IN_FLIGHT),
            open_reader: access.open_reader,
            readers: Mutex::new(vec![access.first_reader]),
        };
        Ok((state, access.new_token))
    }

    /// Runs `work` with a read-only corpus handle on the blocking pool.
    pub async fn read<R, F>(self: &Arc<Self>, work: F) -> Result<R, ServerError>
    where
        R: Send + 'static,
        F: FnOnce(&dyn CorpusReader) -> Result<R, ServerError> + Send + 'static,
    {
        let turn = match tokio::time::timeout(READ_WAIT, self.reads.acquire()).await {
            Ok(Ok(turn)) => turn,
            _ => {
                return Err(ServerError::Busy(
                    "the server is busy with other searches; try again shortly".into(),
                ))
            }
        };
        let state = Arc::clone(self);
        let result = tokio::task::spawn_blocking(move || {
            let reader = state.checkout()?;
            let result = work(reader.as_ref());
            state.checkin(reader);
            result
        })
        .await
        .map_err(|e| ServerError::Internal(format!("a worker stopped: {e}")))?;
        drop(turn);
        result
    }

    fn checkout(&self) -> Result<Reader, ServerError> {
        let pooled = self.readers.lock().ok().and_then(|mut pool| pool.pop());
        match pooled {
            Some(reader) => Ok(reader),
            None => Ok((self.open_reader)()?),
        }
    }

    fn checkin(&self, reader: Reader) {
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < POOL_SIZE {
                pool.push(reader);
            }
        }
    }

    /// The data directory the server was started on.
    pub fn data_dir(&self) -> &Path {
        &self.dir
    }
}

/// How the server reaches the corpus it serves, and what it may do to it.
struct Access {
    token: Token,
    /// The token when it was just made (to be shown once).
    new_token: Option<String>,
    writes_off: Option<String>,
    open_reader: OpenReader,
    /// Opened at start, so that a corpus that cannot be read is an error
    /// before the server listens.
    first_reader: Reader,
}

impl Access {
    /// The corpus in `dir`, created with its write token when it does not
    /// exist. On read-only media it is served for reading, writes off.
    fn directory(dir: &Path) -> Result<Access, ServerError> {
        // Opening for writing creates the corpus and catches its index up;
        // a corpus another process is writing to is served all the same.
        let opened = match Corpus::open(dir) {
            Err(CorpusError::Busy) if dir.join("store.db").exists() => Ok(()),
            other => other.map(drop),
        };
        let (token, new_token, writes_off) = match opened {
            Ok(()) => {
                let (token, created) = Token::load_or_create(dir)?;
                (token, created, None)
            }
            Err(CorpusError::ReadOnly(_)) => {
                let why = format!(
                    "{} is read-only: this server serves it for reading; ingest and fetching are off",
                    dir.display()
                );
                (Token::off(why.clone()), None, Some(why))
            }
            Err(e) => return Err(e.into()),
        };
        let owned = dir.to_path_buf();
        let open_reader: OpenReader =
            Arc::new(move || Ok(Box::new(Corpus::open_reader(&owned)?) as Reader));
        let first_reader = open_reader()?;
        Ok(Access {
            token,
            new_token,
            writes_off,
            open_reader,
            first_reader,
        })
    }

    /// A corpus held elsewhere: read only, so no token is made and writes
    /// are off (its pages get in through its own workers).
    fn external(external: &ExternalCorpus) -> Result<Access, ServerError> {
        let why = format!(
            "this server shows {} for reading; ingest and fetching are off (pages get in through `newsdesk enqueue` and `newsdesk worker`)",
            external.name
        );
        let first_reader = (external.open)()?;
        Ok(Access {
            token: Token::off(why.clone()),
            new_token: None,
            writes_off: Some(why),
            open_reader: Arc::clone(&external.open),
            first_reader,
        })
    }
}

/// Why a request failed; rendered as JSON for the API and as a page for the UI.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The request is malformed (a parameter out of range, a bad date, an unknown kind).
    #[error("{0}")]
    BadRequest(String),
    /// A write request without the right token.
    #[error("{0}")]
    Unauthorized(String),
    /// Writes are off on this server (see [`AppState::writes_off`]).
    #[error("{0}")]
    Forbidden(String),
    /// No such article, story, entity, job or route.
    #[error("{0}")]
    NotFound(String),
    /// The corpus is held by another writer, or a job is running already.
    #[error("{0}")]
    Conflict(String),
    /// The fetch budget is spent; the client may come back after `retry_after` seconds
    /// (sent as `Retry-After`).
    #[error("too many requests; try again in {retry_after} s")]
    TooManyRequests {
        /// Seconds until the budget is renewed.
        retry_after: u64,
    },
    /// The declared body is over [`MAX_BODY_BYTES`]; refused before it is read.
    #[error("the request body is over the limit of {MAX_BODY_BYTES} bytes")]
    PayloadTooLarge,
    /// A request axum could not read (a path, query or body of the wrong
    /// shape, type or size, a method a route does not take), with the status
    /// axum chose; see [`uniform_errors`].
    #[error("{message}")]
    Rejected {
        /// The status axum chose for the rejection.
        status: StatusCode,
        /// axum's account of what was wrong.
        message: String,
    },
    /// A `Host` this server does not answer to ([`security::host_check`]).
    #[error("this server answers only to loopback names (localhost, 127.0.0.1, [::1]), not to {0:?}; bind to another address to serve other names")]
    MisdirectedHost(String),
    /// What the request needs is not there now: a page that could not be
    /// fetched, a corpus that could not be read, an address not listened on.
    #[error("{0}")]
    Unavailable(String),
    /// Too much at once (reads waiting too long, the system out of file
    /// descriptors); the client should come back shortly (`Retry-After`).
    #[error("{0}")]
    Busy(String),
    /// A request that did not arrive in time ([`security::body_slots`]).
    #[error("{0}")]
    RequestTimeout(String),
    /// A fault of the server's own (a poisoned lock, a failed read or write).
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServerError {
    /// The HTTP status the error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Conflict(_) => StatusCode::CONFLICT,
            ServerError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ServerError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ServerError::Rejected { status, .. } => *status,
            ServerError::MisdirectedHost(_) => StatusCode::MISDIRECTED_REQUEST,
            ServerError::Unavailable(_) | ServerError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
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
            CorpusError::Exhausted(_) => {
                ServerError::Busy(format!("the server is busy ({error}); try again shortly"))
            }
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
        let mut response = (status, Json(body)).into_response();
        if let ServerError::TooManyRequests { retry_after } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

/// Makes the errors axum writes itself look like ours. Its rejections (a
/// path, query or JSON body it cannot read, a body over the limit) are plain
/// text, and a 405 has no body at all; API clients expect JSON everywhere
/// and people expect a page. Any error response that is neither JSON nor HTML
/// is rewritten: under `/api` into the JSON error, elsewhere into the error
/// page (whose text goes through maud's escaping like any other page). The
/// status and an `Allow` header are kept.
pub async fn uniform_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/api" || path.starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Rejection messages are one line; anything longer is cut, not buffered.
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let mut message = String::from_utf8_lossy(&text).trim().to_string();
    if message.is_empty() {
        message = status.canonical_reason().unwrap_or("error").to_string();
    }
    let mut rewritten = if api {
        ServerError::Rejected { status, message }.into_response()
    } else {
        ui::error_page(status, &message)
    };
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        rewritten.headers_mut().insert(header::ALLOW, allow.clone());
    }
    rewritten
}

/// The whole application: API, UI and static files, with security headers
/// on every response, body limits on every request (a declared length over
/// the limit is refused before reading, a body that grows past it is cut,
/// and only a few bodies are handled at once),
/// and errors in one shape per side (JSON for the API, a page for the UI).
pub fn router(state: SharedState) -> Router {
    let api = Router::new()
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/stats", get(api::stats))
        .route("/api/search", get(api::search))
        .route("/api/export", get(download::export_search))
        .route("/api/attention", get(attention::attention))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{name}", get(api::entity))
        .route("/api/extract", post(api::extract))
        .route("/api/analyze", post(api::analyze))
        .route("/api/ingest", post(api::ingest))
        .route("/api/jobs/{id}", get(api::job))
        .route("/api/sources", get(sources::api_sources))
        .route("/api/sources/{site}", get(sources::api_source))
        .route("/api/authors/{name}", get(sources::api_author))
        .route("/api/quoted", get(quoted::api_quoted))
        .route("/api", any(api::not_found))
        .route("/api/{*rest}", any(api::not_found));
    let pages = Router::new()
        .route("/", get(ui::overview))
        .route("/search", get(ui::search))
        .route("/feed", get(feed::search_feed))
        .route("/articles/{id}", get(ui::article))
        .route("/stories", get(ui::stories))
        .route("/stories/{id}", get(ui::story))
        .route("/entities", get(ui::entities))
        .route("/entities/{name}", get(ui::entity))
        .route("/sources", get(sources::sources))
        .route("/sources/{site}", get(sources::source))
        .route("/authors/{name}", get(sources::author))
        .route("/quoted", get(quoted::quoted_page))
        .route("/static/style.css", get(assets::style))
        .route("/static/app.js", get(assets::script))
        .route("/favicon.ico", get(assets::favicon));
    pages
        .merge(api)
        .fallback(ui::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            security::body_slots,
        ))
        .layer(axum::middleware::from_fn(security::body_limit))
        .layer(axum::middleware::from_fn(uniform_errors))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            security::host_check,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Serves until Ctrl-C. `on_ready` is called with the bound address (the
/// port may have been 0) and the newly created token, if any.
pub async fn serve(
    config: ServerConfig,
    on_ready: impl FnOnce(SocketAddr, Option<String>),
) -> Result<(), ServerError> {
    // Opening a corpus blocks (files, a database connection): off the runtime.
    let opening = config.clone();
    let (state, created) = tokio::task::spawn_blocking(move || AppState::new(&opening))
        .await
        .map_err(|e| ServerError::Internal(format!("opening the corpus stopped: {e}")))??;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| ServerError::Unavailable(format!("cannot listen on {}: {e}", config.bind)))?;
    let address = listener.local_addr()?;
    // Listen for Ctrl-C before saying so: a signal sent the moment the
    // message appears must not be missed.
    let interrupted = interrupt()?;
    on_ready(address, created);
    if let Some(why) = &state.writes_off {
        eprintln!("newsdesk: {why}");
    }
    let app = router(Arc::new(state));
    tokio::select! {
        result = serve_on(listener, app) => result?,
        () = interrupted => {}
    }
    Ok(())
}

/// A future that completes on the next Ctrl-C (SIGINT). The listener is
/// registered when this returns, not when the future is first polled, so a
/// signal that arrives in between is not lost. Must be called inside a
/// tokio runtime.
pub fn interrupt() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupts = signal(SignalKind::interrupt())?;
        Ok(async move {
            interrupts.recv().await;
        })
    }
    #[cfg(not(unix))]
    {
        let mut interrupts = tokio::signal::windows::ctrl_c()?;
        Ok(async move {
            interrupts.recv().await;
        })
    }
}

/// How long a client has to send a request's line and headers.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `app` on `listener` over HTTP/1.1 until the listener fails. Each
/// connection gets [`HEADER_READ_TIMEOUT`] to send each request's headers
/// (axum's own `serve` waits for them for ever, so a client that sends a
/// header a minute holds a connection and its task without end); bodies
/// have their own deadline ([`security::body_slots`]).
pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> Result<(), ServerError> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors or a connection reset before it was
            // accepted: that connection is lost, the server goes on.
            Err(e) if is_transient_accept_error(&e) => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn is_transient_accept_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset | ErrorKind::Interrupted
    ) || matches!(error.raw_os_error(), Some(23 | 24))
}
