//! Writing the corpus out: JSON Lines (the full record: article, analysis,
//! duplicate group, story) or CSV (one row per article, the main fields),
//! for all articles or those matching a query. Streams in batches, so memory
//! does not grow with the corpus.

use std::io::Write;

use serde_json::json;

use crate::error::CorpusError;
use crate::{Corpus, SearchRequest};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

/// At most this many articles are exported for a query (all are exported without one).
pub const MAX_QUERY_EXPORT: usize = 100_000;

const CSV_HEADER: [&str; 14] = [
    "id",
    "url",
    "canonical_url",
    "title",
    "authors",
    "published",
    "date",
    "language",
    "source",
    "tags",
    "dup_group",
    "story",
    "entities",
    "text",
];

/// Writes the latest revision of each article (or of those matching
/// `query`) to `out`; returns how many were written.
pub fn export(
    corpus: &Corpus,
    format: ExportFormat,
    query: Option<&str>,
    out: &mut dyn Write,
) -> Result<u64, CorpusError> {
    let csv = format == ExportFormat::Csv;
    if csv {
        out.write_all(&csv_row(CSV_HEADER.iter().map(|s| s.to_string()))?)?;
    }
    let mut count = 0;
    let mut emit = |id: i64, out: &mut dyn Write| -> Result<(), CorpusError> {
        let Some(stored) = corpus.store.article(id)? else {
            return Ok(());
        };
        let analysis = corpus.store.analysis(id)?;
        match csv {
            false => {
                let record = json!({
                    "id": stored.id,
                    "key": stored.key,
                    "revision": stored.revision,
                    "date": stored.date,
                    "source_domain": stored.domain,
                    "dup_group": stored.dup_group,
                    "story": stored.story_id,
                    "article": stored.article,
                    "analysis": analysis,
                });
                serde_json::to_writer(&mut *out, &record)?;
                out.write_all(b"\n")?;
            }
            true => {
                let a = &stored.article;
                let entities = analysis
                    .map(|an| {
                        an.entities
                            .iter()
                            .map(|e| e.name.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default();
                let row = csv_row([
                    stored.id.to_string(),
                    a.url.clone().unwrap_or_default(),
                    a.canonical_url.clone().unwrap_or_default(),
                    a.title.clone().unwrap_or_default(),
                    a.authors.join("; "),
                    a.published.clone().unwrap_or_default(),
                    stored.date.clone().unwrap_or_default(),
                    a.language.clone().unwrap_or_default(),
                    stored.domain.clone().unwrap_or_default(),
                    a.tags.join("; "),
                    stored.dup_group.to_string(),
                    stored.story_id.to_string(),
                    entities,
                    a.text.clone(),
                ])?;
                out.write_all(&row)?;
            }
        }
        count += 1;
        Ok(())
    };
    match query {
        Some(q) => {
            let results = corpus.search(&SearchRequest {
                query: q.to_string(),
                limit: MAX_QUERY_EXPORT,
                ..SearchRequest::default()
            })?;
            for hit in results.hits {
                emit(hit.id, out)?;
            }
        }
        None => {
            let mut after = 0;
            loop {
                let batch = corpus.store.latest_after(after, 500)?;
                let Some(last) = batch.last() else { break };
                after = last.id;
                for article in batch {
                    emit(article.id, out)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(count)
}

/// One CSV row, quoted as needed.
fn csv_row(fields: impl IntoIterator<Item = String>) -> Result<Vec<u8>, CorpusError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(fields)?;
    writer
        .into_inner()
        .map_err(|e| CorpusError::Io(std::io::Error::other(e.to_string())))
}
