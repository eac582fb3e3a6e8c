//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.
//! Written by hand next to the handlers in [`crate::api`]; the server's
//! tests check that every path listed here answers.

use axum::Json;
use serde_json::{json, Value};

/// Every path the document describes (for the tests).
pub const PATHS: [&str; 12] = [
    "/api/openapi.json",
    "/api/stats",
    "/api/search",
    "/api/articles/{id}",
    "/api/stories",
    "/api/stories/{id}",
    "/api/entities",
    "/api/entities/{name}",
    "/api/extract",
    "/api/analyze",
    "/api/ingest",
    "/api/jobs/{id}",
];

pub async fn document() -> Json<Value> {
    Json(spec())
}

fn param(name: &str, location: &str, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": location, "required": location == "path", "schema": {"type": kind}, "description": description})
}

fn ok(description: &str) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": {"type": "object"}}}},
        "default": {"$ref": "#/components/responses/Error"}
    })
}

/// The document.
pub fn spec() -> Value {
    let page_input = json!({
        "required": true,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PageInput"}}}
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "newsdesk",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "News articles extracted, analysed, deduplicated, grouped into stories and searchable. Write endpoints (ingest; extract/analyze with a url) need the server's token: `Authorization: Bearer TOKEN`; they answer 403 when writes are off on this server."
        },
        "paths": {
            "/api/openapi.json": {"get": {"summary": "This document", "responses": ok("The OpenAPI document")}},
            "/api/stats": {"get": {"summary": "Corpus figures", "responses": ok("Articles, duplicates, stories, languages, sources")}},
            "/api/search": {"get": {
                "summary": "Search articles",
                "description": "Query language: words (all must match, stemmed per language), \"phrases\", OR, NOT or -word, parentheses, fields title: entity: quote: source: tag: lang: author:. One result per duplicate group unless all_copies=true. Facets by lang, source, entity, tag, month.",
                "parameters": [
                    param("q", "query", "string", "the query"),
                    param("lang", "query", "string", "ISO 639-1 language"),
                    param("source", "query", "string", "site domain"),
                    param("entity", "query", "string", "entity name"),
                    param("since", "query", "string", "YYYY-MM-DD, inclusive"),
                    param("until", "query", "string", "YYYY-MM-DD, inclusive"),
                    param("sort", "query", "string", "relevance (default) or date"),
                    param("limit", "query", "integer", "1..100, default 10"),
                    param("offset", "query", "integer", "0..10000"),
                    param("all_copies", "query", "boolean", "list every copy")
                ],
                "responses": ok("{total, limit, offset, hits: [{id, score, title, url, source, date, language, snippet, highlights, dup_group, copies, story}], facets}")
            }},
            "/api/articles/{id}": {"get": {
                "summary": "One article with its analysis, duplicates, story and revisions",
                "parameters": [param("id", "path", "integer", "article id")],
                "responses": ok("{id, key, revision, latest, date, source_domain, article, analysis, duplicates, story, revisions}")
            }},
            "/api/stories": {"get": {
                "summary": "Stories, most recent first",
                "parameters": [param("limit", "query", "integer", "1..100"), param("min_size", "query", "integer", "fewest articles, default 2")],
                "responses": ok("{stories: [{id, title, last_seen, size}]}")
            }},
            "/api/stories/{id}": {"get": {
                "summary": "One story: its articles, sources, languages and timeline by day",
                "parameters": [param("id", "path", "integer", "story id")],
                "responses": ok("{id, title, first_seen, last_seen, size, sources, languages, articles, timeline}")
            }},
            "/api/entities": {"get": {
                "summary": "Entities by number of articles",
                "parameters": [param("kind", "query", "string", "person, organization, place, event, other"), param("limit", "query", "integer", "1..100"), param("offset", "query", "integer", "0..10000")],
                "responses": ok("{entities: [{name, kind, articles}]}")
            }},
            "/api/entities/{name}": {"get": {
                "summary": "One entity: roles, aliases, mentions per day, co-occurring entities, quotes, recent articles",
                "parameters": [param("name", "path", "string", "entity name as listed")],
                "responses": ok("{name, kinds, articles, roles, aliases, per_day, co_occurring, quotes, recent}")
            }},
            "/api/extract": {"post": {
                "summary": "Extract the article from a page given as html or text, or fetched from url (token needed for url)",
                "requestBody": page_input,
                "responses": ok("The article record, as `newsdesk extract` prints it")
            }},
            "/api/analyze": {"post": {
                "summary": "Extract and analyse a page (token needed for url)",
                "requestBody": page_input,
                "responses": ok("{article, analysis}")
            }},
            "/api/ingest": {"post": {
                "summary": "Start ingesting page, feed or sitemap URLs (token needed)",
                "security": [{"token": []}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["urls"],
                    "properties": {"urls": {"type": "array", "items": {"type": "string", "format": "uri"}, "maxItems": 10000}}
                }}}},
                "responses": {
                    "202": {"description": "{job, status}: the job's id and where to follow it"},
                    "403": {"description": "Writes are off on this server (a read-only data directory, or a cluster store, whose pages get in through its workers); the message says which"},
                    "default": {"$ref": "#/components/responses/Error"}
                }
            }},
            "/api/jobs/{id}": {"get": {
                "summary": "An ingest job's progress",
                "parameters": [param("id", "path", "integer", "job id")],
                "responses": ok("{id, state: running|done|failed, sources, report, error}")
            }}
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "PageInput": {
                    "type": "object",
                    "description": "Exactly one of html, text or url; url alone means fetch it.",
                    "properties": {"html": {"type": "string"}, "text": {"type": "string"}, "url": {"type": "string", "format": "uri"}}
                },
                "Error": {
                    "type": "object",
                    "properties": {"error": {"type": "object", "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}
                }
            },
            "responses": {
                "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        }
    })
}
