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
//! - **Fetching is rate-limited** ([`RateLimiter`]) and goes through the
//!   polite fetcher, which refuses private addresses unless configured.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::ServerError;

/// The file in the data directory that holds the write token.
pub const TOKEN_FILE: &str = "server-token";

/// The policy every response carries.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The secret that write requests must present.
pub struct Token(String);

impl Token {
    /// Reads the token from the data directory, or makes and stores a new
    /// one; the new one is also returned, to be shown once.
    pub fn load_or_create(dir: &Path) -> Result<(Token, Option<String>), ServerError> {
        let path = dir.join(TOKEN_FILE);
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let existing = existing.trim().to_string();
            if existing.len() >= 32 {
                return Ok((Token(existing), None));
            }
        }
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)
            .map_err(|e| ServerError::Internal(format!("no randomness: {e}")))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_private(&path, &token)?;
        Ok((Token(token.clone()), Some(token)))
    }

    /// Whether the request carries the token (`Authorization: Bearer …`).
    pub fn check(&self, headers: &HeaderMap) -> Result<(), ServerError> {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(given) if constant_time_eq(given.as_bytes(), self.0.as_bytes()) => Ok(()),
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

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> Result<(), ServerError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> Result<(), ServerError> {
    std::fs::write(path, text)?;
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
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            state: Mutex::new((Instant::now(), 0)),
        }
    }

    /// Counts one request; an error when the window's budget is spent.
    pub fn take(&self) -> Result<(), ServerError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| ServerError::Internal("rate limiter poisoned".into()))?;
        if state.0.elapsed() >= self.window {
            *state = (Instant::now(), 0);
        }
        if state.1 >= self.limit {
            return Err(ServerError::TooManyRequests);
        }
        state.1 += 1;
        Ok(())
    }
}

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
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
        assert!(matches!(limiter.take(), Err(ServerError::TooManyRequests)));
    }
}
