//! Parquet export (cargo feature `parquet`): one row per article (latest
//! revision), the main fields as typed columns and the analysis as a JSON
//! string, Snappy-compressed, in row groups of [`ROW_GROUP`] articles (so
//! memory stays bounded whatever the corpus size). Columns: `id`, `url`,
//! `canonical_url`, `title`, `authors`, `published`, `date`, `language`,
//! `source`, `site_name`, `tags`, `dup_group`, `story`, `entities`, `text`,
//! `analysis`, `translation_of` (JSON `{"id", "confidence"}` of the original
//! when the article is a translated copy). Lists (authors, tags, entities)
//! are joined with "; ".

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::error::CorpusError;
use crate::store::StoredArticle;

/// Articles per row group.
pub const ROW_GROUP: usize = 5_000;

const SCHEMA: &str = "message article {
    REQUIRED INT64 id;
    OPTIONAL BYTE_ARRAY url (UTF8);
    OPTIONAL BYTE_ARRAY canonical_url (UTF8);
    OPTIONAL BYTE_ARRAY title (UTF8);
    OPTIONAL BYTE_ARRAY authors (UTF8);
    OPTIONAL BYTE_ARRAY published (UTF8);
    OPTIONAL BYTE_ARRAY date (UTF8);
    OPTIONAL BYTE_ARRAY language (UTF8);
    OPTIONAL BYTE_ARRAY source (UTF8);
    OPTIONAL BYTE_ARRAY site_name (UTF8);
    OPTIONAL BYTE_ARRAY tags (UTF8);
    REQUIRED INT64 dup_group;
    REQUIRED INT64 story;
    OPTIONAL BYTE_ARRAY entities (UTF8);
    REQUIRED BYTE_ARRAY text (UTF8);
    OPTIONAL BYTE_ARRAY analysis (UTF8);
    OPTIONAL BYTE_ARRAY translation_of (UTF8);
}";

/// Reads one optional text column's value from a row.
type TextField = Box<dyn Fn(&Row) -> Option<String>>;

/// One article's row.
pub struct Row {
    pub article: StoredArticle,
    pub analysis_json: Option<String>,
    pub entities: Option<String>,
}

/// Writes rows to `out` as Parquet, a row group at a time.
pub struct ParquetWriter<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    pending: Vec<Row>,
}

fn parquet_error(e: parquet::errors::ParquetError) -> CorpusError {
    CorpusError::Io(std::io::Error::other(format!("parquet: {e}")))
}

impl<W: Write + Send> ParquetWriter<W> {
    pub fn new(out: W) -> Result<Self, CorpusError> {
        let schema = Arc::new(parse_message_type(SCHEMA).map_err(parquet_error)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build(),
        );
        let writer = SerializedFileWriter::new(out, schema, props).map_err(parquet_error)?;
        Ok(ParquetWriter {
            writer,
            pending: Vec::with_capacity(ROW_GROUP),
        })
    }

    pub fn push(&mut self, row: Row) -> Result<(), CorpusError> {
        self.pending.push(row);
        if self.pending.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), CorpusError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.pending);
        let text_columns: Vec<TextField> = vec![
            Box::new(|r| r.article.article.url.clone()),
            Box::new(|r| r.article.article.canonical_url.clone()),
            Box::new(|r| r.article.article.title.clone()),
            Box::new(|r| joined(&r.article.article.authors)),
            Box::new(|r| r.article.article.published.clone()),
            Box::new(|r| r.article.date.clone()),
            Box::new(|r| r.article.article.language.clone()),
            Box::new(|r| r.article.domain.clone()),
            Box::new(|r| r.article.article.site_name.clone()),
            Box::new(|r| joined(&r.article.article.tags)),
        ];
        let mut group = self.writer.next_row_group().map_err(parquet_error)?;
        let mut index = 0;
        while let Some(mut column) = group.next_column().map_err(parquet_error)? {
            match index {
                0 => int_column(&mut column, rows.iter().map(|r| r.article.id))?,
                1..=10 => text_column(
                    &mut column,
                    rows.iter().map(|r| text_columns[index - 1](r)),
                    true,
                )?,
                11 => int_column(&mut column, rows.iter().map(|r| r.article.dup_group))?,
                12 => int_column(&mut column, rows.iter().map(|r| r.article.story_id))?,
                13 => text_column(&mut column, rows.iter().map(|r| r.entities.clone()), true)?,
                14 => text_column(
                    &mut column,
                    rows.iter().map(|r| Some(r.article.article.text.clone())),
                    false,
                )?,
                15 => text_column(
                    &mut column,
                    rows.iter().map(|r| r.analysis_json.clone()),
                    true,
                )?,
                _ => text_column(
                    &mut column,
                    rows.iter().map(|r| {
                        r.article.translation_of.as_ref().map(|t| {
                            serde_json::json!({"id": t.id, "confidence": t.confidence}).to_string()
                        })
                    }),
                    true,
                )?,
            }
            column.close().map_err(parquet_error)?;
            index += 1;
        }
        group.close().map_err(parquet_error)?;
        Ok(())
    }

    /// Writes what is pending and the file's footer.
    pub fn finish(mut self) -> Result<(), CorpusError> {
        self.flush()?;
        self.writer.close().map_err(parquet_error)?;
        Ok(())
    }
}

fn joined(list: &[String]) -> Option<String> {
    (!list.is_empty()).then(|| list.join("; "))
}

fn int_column(
    column: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    values: impl Iterator<Item = i64>,
) -> Result<(), CorpusError> {
    let values: Vec<i64> = values.collect();
    column
        .typed::<Int64Type>()
        .write_batch(&values, None, None)
        .map_err(parquet_error)?;
    Ok(())
}

fn text_column(
    column: &mut parquet::file::writer::SerializedColumnWriter<'_>,
    values: impl Iterator<Item = Option<String>>,
    optional: bool,
) -> Result<(), CorpusError> {
    let mut present: Vec<ByteArray> = Vec::new();
    let mut levels: Vec<i16> = Vec::new();
    for value in values {
        match value {
            Some(v) => {
                present.push(ByteArray::from(v.into_bytes()));
                levels.push(1);
            }
            None => levels.push(0),
        }
    }
    let levels = optional.then_some(levels.as_slice());
    column
        .typed::<ByteArrayType>()
        .write_batch(&present, levels, None)
        .map_err(parquet_error)?;
    Ok(())
}
