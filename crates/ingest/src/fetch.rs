//! Fetching a page over http(s), with bounds on everything.
//!
//! A live page can fail in more ways than a file: it can answer 404 or 500,
//! redirect forever, never answer, or send an endless body. Each of these
//! becomes a clear [`IngestError`] or a warning, within fixed limits: a
//! connect timeout, a deadline for the whole request (body included), at most
//! [`FetchOptions::max_redirects`] redirects, and a body read through
//! [`std::io::Read::take`] so that at most [`FetchOptions::max_body`] bytes
//! are ever held. Uses `ureq` (blocking, rustls) with a clear User-Agent.

use std::io::{self};
use std::time::Duration;

use crate::error::IngestError;
use crate::read::Page;
use crate::transport;

/// How newsdesk introduces itself to servers.
pub const USER_AGENT: &str = concat!(
    "newsdesk/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/newsdesk)"
);

/// The limits of one fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request, from connecting to the body's last byte.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// The most body bytes (as sent, before decompression) that are read.
    pub max_body: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_body: 32 * 1024 * 1024,
        }
    }
}

impl FetchOptions {
    /// The defaults, with the whole-request deadline set to `timeout` (and the
    /// connect timeout no longer than that).
    pub fn with_timeout(timeout: Duration) -> Self {
        let defaults = FetchOptions::default();
        FetchOptions {
            connect_timeout: defaults.connect_timeout.min(timeout),
            timeout,
            ..defaults
        }
    }
}

/// Fetches pages; one per run, shared by all workers (it pools connections).
#[derive(Debug, Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl Fetcher {
    /// A fetcher with these limits.
    pub fn new(options: FetchOptions) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(options.connect_timeout)
            .timeout(options.timeout)
            // ureq counts the request that would follow the last redirect.
            .redirects(options.max_redirects.saturating_add(1))
            .user_agent(USER_AGENT)
            .build();
        Fetcher { agent, options }
    }

    /// Fetches `url`: its final address, content type and (bounded) body.
    pub fn fetch(&self, url: &str) -> Result<Page, IngestError> {
        let response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| self.request_error(e))?;
        let status = response.status();
        if !(200..300).contains(&status) {
            return Err(self.unexpected_status(status, response.status_text()));
        }
        let final_url = response.get_url().to_string();
        let content_type = response.header("content-type").map(str::to_string);
        let mut page = self.read_body(response.into_reader())?;
        page.url = Some(final_url);
        page.content_type = content_type;
        Ok(page)
    }

    /// Reads at most `max_body` bytes of the body, keeping what came if the
    /// deadline passes mid-body, then gunzips it if it is itself gzip.
    fn read_body(&self, body: impl io::Read) -> Result<Page, IngestError> {
        transport::read_body(body, &self.options)
    }

    fn request_error(&self, error: ureq::Error) -> IngestError {
        match error {
            ureq::Error::Status(status, response) => IngestError::HttpStatus {
                status,
                reason: response.status_text().to_string(),
            },
            ureq::Error::Transport(transport) => self.transport_error(&transport),
        }
    }

    fn transport_error(&self, transport: &ureq::Transport) -> IngestError {
        transport::transport_error(transport, &self.options)
    }

    /// A status ureq let through that is not a page: a redirect that could
    /// not be followed (no `Location`), or a 1xx.
    fn unexpected_status(&self, status: u16, reason: &str) -> IngestError {
        if (300..400).contains(&status) {
            IngestError::Network(format!(
                "HTTP {status} {reason} redirect without a usable Location header"
            ))
        } else {
            IngestError::HttpStatus {
                status,
                reason: reason.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_newsdesk_and_its_version() {
        assert!(USER_AGENT.starts_with("newsdesk/"));
        assert!(USER_AGENT.contains(env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn a_short_timeout_shortens_the_connect_timeout() {
        let options = FetchOptions::with_timeout(Duration::from_secs(2));
        assert_eq!(options.connect_timeout, Duration::from_secs(2));
        assert_eq!(options.timeout, Duration::from_secs(2));
    }
}
