//! What the plain fetcher ([`crate::fetch`]) and the polite one
//! ([`crate::polite`]) share: reading a response body within its limits,
//! and one mapping of transport failures (ureq's, and the body's read
//! errors) to [`IngestError`]s: a timeout anywhere in the causes
//! is [`IngestError::Timeout`], a bad address [`IngestError::InvalidUrl`],
//! the rest [`IngestError::Network`] with a message that says each thing
//! once.

use std::io::{self, BufReader};

use crate::error::IngestError;
use crate::fetch::FetchOptions;
use crate::read::{read_bounded, read_page, truncation_warning, Page, MAX_INPUT_BYTES};

/// The error a failed request's transport stands for, under `options`'s limits.
pub(crate) fn transport_error(transport: &ureq::Transport, options: &FetchOptions) -> IngestError {
    if is_timeout(transport) {
        return timeout(options);
    }
    match transport.kind() {
        ureq::ErrorKind::TooManyRedirects => IngestError::TooManyRedirects {
            max: options.max_redirects,
        },
        ureq::ErrorKind::InvalidUrl | ureq::ErrorKind::UnknownScheme => {
            IngestError::InvalidUrl(describe(transport))
        }
        _ => IngestError::Network(describe(transport)),
    }
}

/// The error a failed read of a response body stands for.
pub(crate) fn io_error(error: io::Error, options: &FetchOptions) -> IngestError {
    if matches!(
        error.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    ) {
        timeout(options)
    } else {
        IngestError::Network(error.to_string())
    }
}

/// A response body: at most `max_body` bytes of it (what came before a
/// deadline is kept, with a warning), gunzipped if it is itself gzip.
pub(crate) fn read_body(body: impl io::Read, options: &FetchOptions) -> Result<Page, IngestError> {
    let mut raw = Vec::new();
    let mut warnings = Vec::new();
    match read_bounded(body, options.max_body, &mut raw) {
        Ok(true) => warnings.push(truncation_warning("the response body", options.max_body)),
        Ok(false) => {}
        Err(e) if raw.is_empty() => return Err(io_error(e, options)),
        Err(e) => warnings.push(format!(
            "the response body was cut off: {}",
            io_error(e, options)
        )),
    }
    let mut page = read_page(BufReader::new(&raw[..]), false, MAX_INPUT_BYTES)?;
    warnings.append(&mut page.warnings);
    page.warnings = warnings;
    Ok(page)
}

fn timeout(options: &FetchOptions) -> IngestError {
    IngestError::Timeout {
        seconds: options.timeout.as_secs_f64(),
    }
}

/// A transport error's kind, message and cause, without the URL, and
/// without saying the same thing twice ("Network Error: Network Error: …").
fn describe(transport: &ureq::Transport) -> String {
    // "network error" is what IngestError::Network already says.
    let kind = transport.kind().to_string();
    let mut parts: Vec<String> = Vec::new();
    if !kind.eq_ignore_ascii_case("network error") {
        parts.push(kind);
    }
    parts.extend(transport.message().map(str::to_string));
    parts.extend(std::error::Error::source(transport).map(|cause| cause.to_string()));
    let mut kept: Vec<String> = Vec::new();
    for part in parts {
        let mut part = part.as_str();
        while let Some(rest) = kept
            .last()
            .and_then(|last| strip_prefix_ignoring_case(part, last))
        {
            part = rest.trim_start_matches([':', ' ']);
        }
        if !part.is_empty() && !kept.iter().any(|k| k.eq_ignore_ascii_case(part)) {
            kept.push(part.to_string());
        }
    }
    kept.join(": ")
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Whether the connection was reset or closed before a full answer: worth
/// another try, unlike a refused connection or a name that does not resolve.
pub(crate) fn is_dropped_connection(transport: &ureq::Transport) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> =
        std::error::Error::source(transport);
    while let Some(error) = cause {
        if let Some(io_error) = error.downcast_ref::<io::Error>() {
            if matches!(
                io_error.kind(),
                io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::UnexpectedEof
            ) {
                return true;
            }
        }
        cause = error.source();
    }
    let text = transport.to_string();
    text.contains("reset by peer") || text.contains("connection closed")
}

/// Whether a transport error is a timeout, looking through its causes.
fn is_timeout(transport: &ureq::Transport) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> =
        std::error::Error::source(transport);
    while let Some(error) = cause {
        if let Some(io_error) = error.downcast_ref::<io::Error>() {
            if matches!(
                io_error.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) {
                return true;
            }
        }
        cause = error.source();
    }
    transport.to_string().contains("timed out")
}
