//! What keeps the server safe to run next to untrusted pages and a network.
//!
//! - **Content is untrusted.** Every page is rendered with maud, which escapes
//!   all text; no page has inline script or style, and [`headers`] sends a
//!   Content-Security-Policy that forbids them (scripts and styles only from
//!   `/static/`, no plugins, no framing, forms only to this server), plus
//!   `nosniff`, `no-referrer` and `DENY` framing.
//! - **Writes need a token** ([`Token`]): ingest, and extract/analyze when
//!   they fetch a URL. It is made at first start from the OS's randomness,
//!   stored in the data directory (mode 0600) and shown once. It travels in
//!   the `Authorization: Bearer` header, never in a cookie, so a page on
//!   another site cannot make the browser send it (no CSRF).
//! - **Fetching is rate-limited** ([`RateLimiter`], 429 with `Retry-After`)
//!   and goes through the polite fetcher, which refuses private addresses
//!   unless configured.
//! - **Bodies are bounded**: a declared length over the limit is refused
//!   before reading ([`body_limit`]), and only [`MAX_BODIES_IN_FLIGHT`]
//!   requests with a body are handled at once ([`body_slots`]).

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ServerError, SharedState, MAX_BODY_BYTES};

/// Requests that make the server fetch (ingest, extract/analyze of a URL)
/// allowed per [`FETCH_RATE_WINDOW`], across all clients.
pub const FETCH_RATE_LIMIT: u32 = 30;
/// The window of [`FETCH_RATE_LIMIT`].
pub const FETCH_RATE_WINDOW: Duration = Duration::from_secs(60);

/// The file in the data directory that holds the write token.
pub const TOKEN_FILE: &str = "server-token";

/// The policy every response carries.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The secret that write requests must present, or why there is none.
pub enum Token {
    /// Writes are on; this is the token they must carry.
    Secret(String),
    /// Writes (and fetches) are off on this server, for the reason given.
    Off(String),
}

impl Token {
    /// Reads the token from the data directory, or makes and stores a new
    /// one; the new one is also returned, to be shown once.
    pub fn load_or_create(dir: &Path) -> Result<(Token, Option<String>), ServerError> {
        let path = dir.join(TOKEN_FILE);
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let existing = existing.trim().to_string();
            if existing.len() >= 32 {
                keep_private(&path)?;
                return Ok((Token::Secret(existing), None));
            }
        }
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)
            .map_err(|e| ServerError::Internal(format!("no randomness: {e}")))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_private(&path, &token)?;
        Ok((Token::Secret(token.clone()), Some(token)))
    }

    /// No token: every request that needs one is refused with `why`. Used
    /// for a data directory on read-only media, where nothing could be
    /// written and no token file made, and for a corpus held elsewhere (a
    /// cluster store), which this server only reads.
    pub fn off(why: impl Into<String>) -> Token {
        Token::Off(why.into())
    }

    /// Whether the request carries the token (`Authorization: Bearer …`).
    pub fn check(&self, headers: &HeaderMap) -> Result<(), ServerError> {
        let secret = match self {
            Token::Secret(secret) => secret,
            Token::Off(why) => return Err(ServerError::Forbidden(why.clone())),
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(given) if constant_time_eq(given.as_bytes(), secret.as_bytes()) => Ok(()),
            Some(_) => Err(ServerError::Unauthorized("the token is wrong".into())),
            None => Err(ServerError::Unauthorized(format!(
                "this endpoint needs the server's token (Authorization: Bearer …; it is in the data directory's {TOKEN_FILE} file)"
            ))),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Writes the token to a new file created with mode 0600, then renames it
/// over `path`. Opening `path` itself would keep the mode of a file already
/// there (a too-short token left world-readable stayed so) and would follow
/// a symlink planted in its place.
#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<(), ServerError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix)
        .map_err(|e| ServerError::Internal(format!("no randomness: {e}")))?;
    let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let temporary = path.with_file_name(format!("{TOKEN_FILE}.{suffix}.tmp"));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(error.into());
    }
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<(), ServerError> {
    std::fs::write(path, text)?;
    Ok(())
}

/// Makes an existing token file readable by its owner only (it may have
/// been copied or restored with a looser mode); refuses to start when that
/// cannot be done, rather than run with a token other users can read.
#[cfg(unix)]
fn keep_private(path: &Path) -> Result<(), ServerError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            ServerError::Internal(format!(
                "{} is readable by other users and cannot be made private: {e}",
                path.display()
            ))
        })?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_private(_path: &Path) -> Result<(), ServerError> {
    Ok(())
}

/// At most `limit` requests per `window`, across all clients (the endpoints
/// it guards make the server fetch from the network).
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    state: Mutex<(Instant, u32)>,
}

impl RateLimiter {
    /// A limiter letting `limit` requests through per `window`, starting now.
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            state: Mutex::new((Instant::now(), 0)),
        }
    }

    /// Counts one request; an error when the window's budget is spent,
    /// saying in how many seconds the window ends (for `Retry-After`, so a
    /// well-behaved client waits instead of hammering).
    pub fn take(&self) -> Result<(), ServerError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| ServerError::Internal("rate limiter poisoned".into()))?;
        let elapsed = state.0.elapsed();
        if elapsed >= self.window {
            *state = (Instant::now(), 0);
        }
        if state.1 >= self.limit {
            let left = self.window.saturating_sub(elapsed);
            let retry_after = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Err(ServerError::TooManyRequests {
                retry_after: retry_after.max(1),
            });
        }
        state.1 += 1;
        Ok(())
    }
}

/// Refuses a request whose declared `Content-Length` is over
/// [`MAX_BODY_BYTES`] at once, with 413, before any of its body is read.
/// Axum's own limit ([`axum::extract::DefaultBodyLimit`]) only trips once
/// that much has arrived, so a client that declares gigabytes and sends
/// nothing would hold the request open until it gave up; chunked bodies
/// (no declared length) are still cut by axum's limit.
pub async fn body_limit(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return ServerError::PayloadTooLarge.into_response();
    }
    next.run(request).await
}

/// Requests with a body handled at once. Each body may be up to
/// [`MAX_BODY_BYTES`], buffered and then decoded into strings and an
/// article, so without a cap a few hundred concurrent uploads to
/// `/api/extract` (which needs no token) would hold gigabytes. With it, at
/// most this many bodies are in memory; the others wait, unread, in their
/// sockets.
pub const MAX_BODIES_IN_FLIGHT: usize = 8;
/// Slots kept, besides those, for requests that carry the write token, so
/// that anonymous uploads cannot shut its holder out.
pub const TOKEN_HOLDER_SLOTS: usize = 1;
/// How long a request with a body waits for a slot before a 503.
pub const BODY_SLOT_WAIT: Duration = Duration::from_secs(10);
/// The time a body has to arrive: this, plus [`BODY_TIME_PER_128_KIB`] for
/// each 128 KiB of its declared length (or of the limit, for a chunked body).
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// See [`BODY_READ_TIMEOUT`]: the slowest upload allowed is 128 KiB/s.
pub const BODY_TIME_PER_128_KIB: Duration = Duration::from_secs(1);

/// Guards the handling of requests with a body (declared length above zero,
/// or chunked):
/// - the token is checked first, before anything waits or is read: a wrong
///   token, or none on `/api/ingest`, is answered at once;
/// - the request then takes one of [`crate::AppState::bodies`]' permits (see
///   [`MAX_BODIES_IN_FLIGHT`]), or, when it carries the token, the slot kept
///   for its holder; one that waits longer than [`BODY_SLOT_WAIT`] gets 503
///   with `Retry-After`;
/// - its body must then arrive within [`BODY_READ_TIMEOUT`] (more for a
///   long one) or the request gets 408, so that slow senders free their slot.
pub async fn body_slots(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let has_body =
        headers.contains_key(header::TRANSFER_ENCODING) || declared.is_some_and(|n| n > 0);
    if !has_body {
        return next.run(request).await;
    }
    let holder = match token_holder(&state, headers, request.uri().path()) {
        Ok(holder) => holder,
        Err(refused) => return refused.into_response(),
    };
    let permit = {
        let general = state.bodies.acquire();
        let kept = async {
            if holder {
                state.holder_bodies.acquire().await
            } else {
                std::future::pending().await
            }
        };
        let either = async {
            tokio::select! {
                permit = general => permit,
                permit = kept => permit,
            }
        };
        match tokio::time::timeout(BODY_SLOT_WAIT, either).await {
            Ok(Ok(permit)) => permit,
            _ => {
                return busy(
                    "the server is busy with other uploads; try again shortly",
                    BODY_SLOT_WAIT,
                )
            }
        }
    };
    let limit = declared.map_or(MAX_BODY_BYTES as u64, |n| n.min(MAX_BODY_BYTES as u64));
    let allowed = BODY_READ_TIMEOUT + BODY_TIME_PER_128_KIB * (limit / (128 * 1024)) as u32;
    let (parts, body) = request.into_parts();
    let bytes =
        match tokio::time::timeout(allowed, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
            Ok(Ok(bytes)) => bytes,
            // Over the limit (a chunked body), or cut off by the client.
            Ok(Err(e)) if e.to_string().contains("length limit") => {
                return ServerError::PayloadTooLarge.into_response()
            }
            Ok(Err(e)) => {
                return ServerError::BadRequest(format!("the request body could not be read: {e}"))
                    .into_response()
            }
            Err(_) => {
                return ServerError::RequestTimeout(format!(
                    "the request body did not arrive within {} s",
                    allowed.as_secs()
                ))
                .into_response()
            }
        };
    let response = next
        .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await;
    drop(permit);
    response
}

/// Whether a request carries the write token; `Err` with the answer when it
/// carries a wrong one, or none on a path that always needs it.
fn token_holder(state: &SharedState, headers: &HeaderMap, path: &str) -> Result<bool, ServerError> {
    let needs_token = path == "/api/ingest";
    if !needs_token && !headers.contains_key(header::AUTHORIZATION) {
        return Ok(false);
    }
    match state.token.check(headers) {
        Ok(()) => Ok(true),
        // A server without a token (read-only) answers writes itself.
        Err(ServerError::Forbidden(_)) if !needs_token => Ok(false),
        Err(refused) => Err(refused),
    }
}

/// 503 with `Retry-After`.
pub fn busy(message: &str, retry_after: Duration) -> Response {
    let mut response = ServerError::Unavailable(message.into()).into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(retry_after.as_secs().max(1)),
    );
    response
}

/// Refuses, with 421, a request whose `Host` is not a loopback name when the
/// server listens on loopback. Without it, a page on another site could
/// rebind its own name to 127.0.0.1 (DNS rebinding) and read the local
/// corpus through the visitor's browser under its own origin. A request
/// without `Host` (HTTP/1.0 tools) is let through: browsers always send one.
pub async fn host_check(
    axum::extract::State(state): axum::extract::State<crate::SharedState>,
    request: Request,
    next: Next,
) -> Response {
    if state.loopback_only {
        if let Some(host) = request.headers().get(header::HOST) {
            let host = host.to_str().unwrap_or("");
            if !is_loopback_host(host) {
                return ServerError::MisdirectedHost(host.chars().take(100).collect())
                    .into_response();
            }
        }
    }
    next.run(request).await
}

/// Whether `Host` (with or without a port) names this machine's loopback.
pub fn is_loopback_host(host: &str) -> bool {
    // `name` or `name:port`, the port only digits (`localhost:80@evil.example`
    // is no loopback name, whatever a lenient parser makes of it).
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, after)) => (name, after.strip_prefix(':').unwrap_or(after)),
            None => return false,
        },
        None => host.rsplit_once(':').unwrap_or((host, "")),
    };
    let name_chars = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':');
    if !port.bytes().all(|b| b.is_ascii_digit()) || !name.bytes().all(name_chars) {
        return false;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    name.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// Adds the security headers to every response, and `Retry-After` to a 503
/// that does not say when to come back.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let unavailable = response.status() == axum::http::StatusCode::SERVICE_UNAVAILABLE;
    let h = response.headers_mut();
    if unavailable && !h.contains_key(header::RETRY_AFTER) {
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_loopback_names_are_loopback_hosts() {
        for host in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.",
            "app.localhost:3000",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:8080",
        ] {
            assert!(super::is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "[::2]:80",
            "",
            "0.0.0.0:8080",
            "localhost:80@evil.example",
            "127.0.0.1:80@evil.example",
            "[::1]:80@evil.example",
            "[::1]evil",
            "evil@localhost",
            "x@app.localhost",
            "localhost:8o",
        ] {
            assert!(!super::is_loopback_host(host), "{host}");
        }
    }

    use super::*;

    #[test]
    fn the_token_is_made_once_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let (token, shown) = Token::load_or_create(dir.path()).unwrap();
        let shown = shown.expect("a new token is shown");
        assert_eq!(shown.len(), 48);
        let (again, none) = Token::load_or_create(dir.path()).unwrap();
        assert!(none.is_none(), "an existing token is not shown again");
        let mut headers = HeaderMap::new();
        assert!(token.check(&headers).is_err());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {shown}")).unwrap(),
        );
        assert!(token.check(&headers).is_ok());
        assert!(again.check(&headers).is_ok());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer nope"),
        );
        assert!(token.check(&headers).is_err());
    }

    #[test]
    fn the_rate_limit_holds_within_a_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        assert!(limiter.take().is_ok());
        assert!(limiter.take().is_ok());
        assert!(matches!(
            limiter.take(),
            Err(ServerError::TooManyRequests { retry_after }) if (1..=60).contains(&retry_after)
        ));
    }
}
