//! Ingest: STUB
