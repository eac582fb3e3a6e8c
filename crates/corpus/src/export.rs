//! Writing the corpus out: JSON Lines (the full record: article, analysis,
//! duplicate group, story, `translation_of` and `translations`), CSV (one row per article, the main fields) or
//! Parquet (with the `parquet` feature; see `parquet_export.rs`), for
//! all articles or those matching a query. Streams in batches, so memory
//! does not grow with the corpus.

use std::io::Write;

use newsdesk_analyze::Analysis;
use serde_json::json;

use crate::error::CorpusError;
use crate::reader::CorpusReader;
use crate::store::StoredArticle;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON record a line.
    Jsonl,
    /// One row an article, with a header row.
    Csv,
    /// Needs the `parquet` cargo feature.
    Parquet,
}

impl ExportFormat {
    /// Whether this build can write the format: an error saying what to do
    /// instead when it cannot (checked before anything is written).
    pub fn available(self) -> Result<(), CorpusError> {
        if self == ExportFormat::Parquet && !cfg!(feature = "parquet") {
            return Err(parquet_missing());
        }
        Ok(())
    }
}

fn parquet_missing() -> CorpusError {
    CorpusError::BadInput(
        "this newsdesk was built without Parquet export (build with `--features parquet`, or export JSON Lines)".into(),
    )
}

/// At most this many articles are exported for a query (all are exported without one).
pub const MAX_QUERY_EXPORT: usize = 1_000_000;

const CSV_HEADER: [&str; 16] = [
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
    "translation_of",
    "translation_confidence",
];

/// Writes the latest revision of each article (or of those matching
/// `query`, copies included) to `out`; returns how many were written.
pub fn export(
    corpus: &dyn CorpusReader,
    format: ExportFormat,
    query: Option<&str>,
    out: &mut (dyn Write + Send),
) -> Result<u64, CorpusError> {
    let mut sink = Sink::new(format, out)?;
    let mut count = 0;
    let mut write = |stored: StoredArticle, sink: &mut Sink<'_>| -> Result<(), CorpusError> {
        let analysis = corpus.analysis(stored.id)?;
        sink.write(stored, analysis)?;
        count += 1;
        Ok(())
    };
    match query {
        Some(q) => {
            for id in corpus.matching_ids(q, MAX_QUERY_EXPORT)? {
                if let Some(stored) = corpus.article(id)? {
                    write(stored, &mut sink)?;
                }
            }
        }
        None => {
            let mut after = 0;
            loop {
                let batch = corpus.latest_after(after, 500)?;
                let Some(last) = batch.last() else { break };
                after = last.id;
                for stored in batch {
                    write(stored, &mut sink)?;
                }
            }
        }
    }
    sink.finish()?;
    Ok(count)
}

/// Writes the articles `ids` names (in that order; ids no longer stored are
/// skipped) to `out`; returns how many were written. For exports of a
/// search, whose ids come from its result pages.
pub fn export_ids(
    corpus: &dyn CorpusReader,
    format: ExportFormat,
    ids: &mut dyn Iterator<Item = i64>,
    out: &mut (dyn Write + Send),
) -> Result<u64, CorpusError> {
    let mut sink = Sink::new(format, out)?;
    let mut count = 0;
    for id in ids {
        if let Some(stored) = corpus.article(id)? {
            let analysis = corpus.analysis(stored.id)?;
            sink.write(stored, analysis)?;
            count += 1;
        }
    }
    sink.finish()?;
    Ok(count)
}

/// Where records go, by format.
enum Sink<'a> {
    Jsonl(&'a mut (dyn Write + Send)),
    Csv(&'a mut (dyn Write + Send)),
    #[cfg(feature = "parquet")]
    Parquet(Box<crate::parquet_export::ParquetWriter<&'a mut (dyn Write + Send)>>),
}

impl<'a> Sink<'a> {
    fn new(format: ExportFormat, out: &'a mut (dyn Write + Send)) -> Result<Self, CorpusError> {
        Ok(match format {
            ExportFormat::Jsonl => Sink::Jsonl(out),
            ExportFormat::Csv => {
                out.write_all(&csv_row(CSV_HEADER.iter().map(|s| s.to_string()))?)?;
                Sink::Csv(out)
            }
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => {
                Sink::Parquet(Box::new(crate::parquet_export::ParquetWriter::new(out)?))
            }
            #[cfg(not(feature = "parquet"))]
            ExportFormat::Parquet => return Err(parquet_missing()),
        })
    }

    fn write(
        &mut self,
        stored: StoredArticle,
        analysis: Option<Analysis>,
    ) -> Result<(), CorpusError> {
        let entities = analysis.as_ref().map(|an| {
            an.entities
                .iter()
                .map(|e| e.name.clone())
                .collect::<Vec<_>>()
                .join("; ")
        });
        match self {
            Sink::Jsonl(out) => {
                let record = json!({
                    "id": stored.id,
                    "key": stored.key,
                    "revision": stored.revision,
                    "date": stored.date,
                    "source_domain": stored.domain,
                    "dup_group": stored.dup_group,
                    "story": stored.story_id,
                    "translation_of": stored.translation_of,
                    "translations": stored.translations,
                    "article": stored.article,
                    "analysis": analysis,
                });
                serde_json::to_writer(&mut **out, &record)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(out) => {
                let a = &stored.article;
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
                    entities.unwrap_or_default(),
                    a.text.clone(),
                    stored
                        .translation_of
                        .as_ref()
                        .map(|t| t.id.to_string())
                        .unwrap_or_default(),
                    stored
                        .translation_of
                        .as_ref()
                        .map(|t| format!("{:.3}", t.confidence))
                        .unwrap_or_default(),
                ])?;
                out.write_all(&row)?;
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => {
                let analysis_json = analysis.as_ref().map(serde_json::to_string).transpose()?;
                writer.push(crate::parquet_export::Row {
                    article: stored,
                    analysis_json,
                    entities: entities.filter(|e| !e.is_empty()),
                })?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), CorpusError> {
        match self {
            Sink::Jsonl(out) | Sink::Csv(out) => out.flush()?,
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => writer.finish()?,
        }
        Ok(())
    }
}

/// One CSV row, quoted as needed.
fn csv_row(fields: impl IntoIterator<Item = String>) -> Result<Vec<u8>, CorpusError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(fields)?;
    writer
        .into_inner()
        .map_err(|e| CorpusError::Io(std::io::Error::other(e.to_string())))
}
