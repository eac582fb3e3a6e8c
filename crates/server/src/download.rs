//! A search's articles as a file (`GET /api/export?q=…&format=jsonl|csv`,
//! with the search page's filters): the records the CLI's `export` writes,
//! for what a researcher found in the UI.
//!
//! The result ids are gathered first, page by page, so a bad query or filter
//! is an ordinary 400 before anything is sent. The records are then written
//! on the blocking pool into a bounded channel that the response body drains:
//! memory stays at a few chunks whatever the export's size, and a client that
//! goes away stops the writing. A failure after the first byte cuts the
//! transfer short, so a partial file never looks complete.

use std::io::{self, Write};

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use newsdesk_corpus::export::{export_ids, ExportFormat};
use newsdesk_corpus::CorpusReader;
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::api::{SearchParams, MAX_LIMIT};
use crate::{ServerError, SharedState};

/// At most this many results are exported from the server (the CLI's
/// `export --query` has no such cap).
pub const MAX_EXPORT_RESULTS: usize = 10_000;
/// Bytes written per chunk of the response.
const CHUNK: usize = 64 * 1024;
/// Chunks waiting for the client at most.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The export's own parameter; the search's are [`SearchParams`].
#[derive(Debug, Deserialize)]
pub struct FormatParam {
    format: Option<String>,
}

pub async fn export_search(
    State(state): State<SharedState>,
    Query(search): Query<SearchParams>,
    Query(wanted): Query<FormatParam>,
) -> Result<Response, ServerError> {
    let (format, media_type, extension) = match wanted.format.as_deref().unwrap_or("jsonl") {
        "jsonl" => (ExportFormat::Jsonl, "application/x-ndjson", "jsonl"),
        "csv" => (ExportFormat::Csv, "text/csv; charset=utf-8", "csv"),
        other => {
            return Err(ServerError::BadRequest(format!(
                "format must be jsonl or csv, not {other:?}"
            )))
        }
    };
    let mut request = search.request(false)?;
    request.limit = MAX_LIMIT;
    let ids = state
        .read(move |corpus| result_ids(corpus, request))
        .await?;

    let (sender, mut receiver) = mpsc::channel::<io::Result<Vec<u8>>>(CHUNKS_IN_FLIGHT);
    let writer_state = state.clone();
    tokio::spawn(async move {
        let errors = sender.clone();
        let written = writer_state
            .read(move |corpus| {
                let mut out = ChannelWriter::new(sender);
                export_ids(corpus, format, &mut ids.into_iter(), &mut out)?;
                out.flush()
                    .map_err(|e| ServerError::Internal(e.to_string()))?;
                Ok(())
            })
            .await;
        if let Err(error) = written {
            let _ = errors.send(Err(io::Error::other(error.to_string()))).await;
        }
    });
    let chunks = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let disposition = format!("attachment; filename=\"newsdesk-search.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

/// The ids of the search's results, in its order, up to [`MAX_EXPORT_RESULTS`].
fn result_ids(
    corpus: &dyn CorpusReader,
    mut request: newsdesk_corpus::SearchRequest,
) -> Result<Vec<i64>, ServerError> {
    let mut ids = Vec::new();
    request.offset = 0;
    while ids.len() < MAX_EXPORT_RESULTS {
        let page = corpus.search(&request)?;
        if page.hits.is_empty() {
            break;
        }
        request.offset += page.hits.len();
        ids.extend(page.hits.iter().map(|hit| hit.id));
    }
    ids.truncate(MAX_EXPORT_RESULTS);
    Ok(ids)
}

/// Hands what is written to the response body in chunks, waiting while the
/// client is behind; fails once the client has gone.
struct ChannelWriter {
    sender: mpsc::Sender<io::Result<Vec<u8>>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn new(sender: mpsc::Sender<io::Result<Vec<u8>>>) -> Self {
        ChannelWriter {
            sender,
            buffer: Vec::with_capacity(CHUNK),
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}
