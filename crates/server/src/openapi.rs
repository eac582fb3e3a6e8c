//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.
//! Written by hand next to the handlers in `api.rs`; the server's
//! tests check that every path listed here answers.

use axum::Json;
use serde_json::{json, Value};

/// Every path the document describes (for the tests).
pub const PATHS: [&str; 18] = [
    "/api/openapi.json",
    "/api/stats",
    "/api/search",
    "/api/export",
    "/api/attention",
    "/api/articles/{id}",
    "/api/stories",
    "/api/stories/{id}",
    "/api/entities",
    "/api/entities/{name}",
    "/api/extract",
    "/api/analyze",
    "/api/ingest",
    "/api/jobs/{id}",
    "/api/sources",
    "/api/sources/{site}",
    "/api/authors/{name}",
    "/api/quoted",
];

pub(crate) async fn document() -> Json<Value> {
    Json(spec())
}

fn param(name: &str, location: &str, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": location, "required": location == "path", "schema": {"type": kind}, "description": description})
}

/// The filters every search-shaped endpoint takes (search, export, attention).
fn filter_params() -> Vec<Value> {
    vec![
        param("lang", "query", "string", "ISO 639-1 language"),
        param("source", "query", "string", "site domain"),
        param("entity", "query", "string", "entity name"),
        param("since", "query", "string", "YYYY-MM-DD or RFC 3339, inclusive; articles without a date never match a date filter; 400 when unreadable or after until"),
        param("until", "query", "string", "YYYY-MM-DD (the whole day) or RFC 3339, inclusive"),
    ]
}

/// A 200 answer whose body follows the schema `name` of the components.
fn ok_with(description: &str, name: &str) -> Value {
    json!({
        "200": {"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}},
        "default": {"$ref": "#/components/responses/Error"}
    })
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
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "newsdesk",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "News articles extracted, analysed, deduplicated, grouped into stories and searchable. Write endpoints (ingest; extract/analyze with a url) need the server's token: `Authorization: Bearer TOKEN`; they answer 403 when writes are off on this server."
        },
        "paths": {
            "/api/openapi.json": {"get": {"summary": "This document", "responses": ok("The OpenAPI document")}},
            "/api/stats": {"get": {"summary": "Corpus figures", "responses": ok_with("Articles, sites, duplicates, stories, languages", "Stats")}},
            "/api/search": {"get": {
                "summary": "Search articles",
                "description": "Query language: words (all must match, stemmed per language), \"phrases\", \"phrases\"~N (the words at most N apart, N up to 50), prefixes (strik*, 2 letters at least, the first 300 words alphabetically), fuzzy words (Roterdam~1: up to 2 edits; ~ alone is 2), OR, NOT or -word, parentheses, fields title: entity: quote: source: tag: lang: author:. Fuzzy and proximity searches are run by the embedded corpus; the PostgreSQL backend answers 400 for them (it runs prefixes without the 300-word bound). One result per duplicate group unless all_copies=true. Facets by lang, source, entity, tag, month.",
                "parameters": ([
                    vec![
                        param("q", "query", "string", "the query"),
                    ],
                    filter_params(),
                    vec![
                        param("sort", "query", "string", "relevance (default) or date (newest first, articles without a date last)"),
                        param("limit", "query", "integer", "results per page, 1..100, default 10; 400 outside"),
                        param("offset", "query", "integer", "results to skip (counted as `total` counts them), 0..10000; 400 past"),
                        param("all_copies", "query", "boolean", "list every copy instead of one result per duplicate group")
                    ],
                ].concat()),
                "responses": ok_with("One page of results, with facets over all matches", "SearchResults")
            }},
            "/api/export": {"get": {
                "summary": "A search's articles as a file",
                "description": "The records `newsdesk export` writes (JSON Lines: article, analysis, duplicate group, story, translation links; CSV: one row per article), for the results of the search the parameters describe, in its order, copies folded unless all_copies=true, at most 10000. Streamed; a bad parameter is a 400 before anything is sent.",
                "parameters": ([
                    vec![
                        param("q", "query", "string", "the query"),
                    ],
                    filter_params(),
                    vec![
                        param("sort", "query", "string", "relevance (default) or date"),
                        param("all_copies", "query", "boolean", "every copy instead of one per duplicate group"),
                        param("format", "query", "string", "jsonl (default) or csv")
                    ],
                ].concat()),
                "responses": {
                    "200": {"description": "The records", "content": {
                        "application/x-ndjson": {"schema": {"type": "string"}},
                        "text/csv": {"schema": {"type": "string"}}
                    }},
                    "default": {"$ref": "#/components/responses/Error"}
                }
            }},
            "/api/attention": {"get": {
                "summary": "Attention over time: articles matching each search per period, beside all articles",
                "description": "Each q (repeat it, up to 5) is counted per day by the index, then per day, week (from Monday), month or year on one axis: every period of the range of all articles with the same filters, empty ones included. Copies count each; undated articles are in no period. share = count / all for the period.",
                "parameters": ([
                    vec![
                        param("q", "query", "string", "a search (the query language); repeat to compare; none gives the baseline alone"),
                    ],
                    filter_params(),
                    vec![
                        param("by", "query", "string", "day, week, month or year (default: by the range)"),
                        param("format", "query", "string", "json (default) or csv")
                    ],
                ].concat()),
                "responses": {
                    "200": {"description": "{by, periods: [{label, first, last}], all: [count], series: [{q, total, counts, share}]}, or CSV: period, first, last, all, then each search's count and share", "content": {
                        "application/json": {"schema": {"type": "object", "required": ["by", "periods", "all", "series"], "properties": {
                            "by": {"type": "string"},
                            "periods": {"type": "array", "items": {"type": "object"}},
                            "all": {"type": "array", "items": {"type": "integer"}},
                            "series": {"type": "array", "items": {"type": "object"}}
                        }}},
                        "text/csv": {"schema": {"type": "string"}}
                    }},
                    "default": {"$ref": "#/components/responses/Error"}
                }
            }},
            "/api/articles/{id}": {"get": {
                "summary": "One article with its analysis, duplicates, story and revisions",
                "parameters": [param("id", "path", "integer", "article id")],
                "responses": ok_with("The article", "Article")
            }},
            "/api/stories": {"get": {
                "summary": "Stories, most recent first",
                "parameters": [param("limit", "query", "integer", "1..100, default 20"), param("offset", "query", "integer", "stories to skip, 0..10000"), param("min_size", "query", "integer", "fewest articles, at least 1, default 2")],
                "responses": ok_with("One page of stories", "StoryList")
            }},
            "/api/stories/{id}": {"get": {
                "summary": "One story: its articles, sources, languages and timeline by day",
                "parameters": [param("id", "path", "integer", "story id")],
                "responses": ok_with("The story", "Story")
            }},
            "/api/entities": {"get": {
                "summary": "Entities by number of articles",
                "parameters": [param("kind", "query", "string", "person, organization, place, event or other; 400 for anything else"), param("limit", "query", "integer", "1..100, default 50"), param("offset", "query", "integer", "names to skip, 0..10000")],
                "responses": ok_with("One page of entity names, most mentioned first", "EntityList")
            }},
            "/api/entities/{name}": {"get": {
                "summary": "One entity: roles, aliases, mentions per day, co-occurring entities, quotes, recent articles",
                "parameters": [param("name", "path", "string", "an entity's name as listed, or another name articles give it (any case, an alias, the words as written)")],
                "responses": ok_with("The entity (under its listed name); copies of one text count once in `recent` and `quotes`", "EntityProfile")
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
                "Facets": {
                    "type": "object",
                    "description": "Counts over all matches (copies included), most frequent first (month: newest first); each entry is [value, count].",
                    "required": ["lang", "source", "entity", "tag", "month"],
                    "properties": {
                        "lang": {"$ref": "#/components/schemas/Counts"},
                        "source": {"$ref": "#/components/schemas/Counts"},
                        "entity": {"$ref": "#/components/schemas/Counts"},
                        "tag": {"$ref": "#/components/schemas/Counts"},
                        "month": {"$ref": "#/components/schemas/Counts"}
                    }
                },
                "Counts": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "minItems": 2, "maxItems": 2}},
                "SearchHit": {
                    "type": "object",
                    "required": ["id", "score", "title", "url", "source", "date", "language", "snippet", "highlights", "dup_group", "copies", "story"],
                    "properties": {
                        "id": {"type": "integer"},
                        "score": {"type": "number", "description": "relevance; 0 when sorted by date"},
                        "title": {"type": ["string", "null"]},
                        "url": {"type": ["string", "null"]},
                        "source": {"type": ["string", "null"], "description": "the site's domain; null when the site is unknown (no URL)"},
                        "date": {"type": ["string", "null"], "description": "RFC 3339: published, else captured; null when unknown (never the ingest time)"},
                        "language": {"type": ["string", "null"]},
                        "snippet": {"type": "string"},
                        "highlights": {"type": "array", "description": "the matches in `snippet` as [start, end) offsets counted in characters (Unicode scalar values), not bytes; the words of a phrase are one range", "items": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "integer"}], "minItems": 2, "maxItems": 2}},
                        "dup_group": {"type": "integer"},
                        "copies": {"type": "integer", "description": "other copies of this text in the corpus"},
                        "story": {"type": "integer"}
                    }
                },
                "SearchResults": {
                    "type": "object",
                    "required": ["total", "matches", "all_copies", "limit", "offset", "hits", "facets"],
                    "properties": {
                        "total": {"type": "integer", "description": "the results the pages walk through: duplicate groups among the matches (copies folded), or every matching article with all_copies=true"},
                        "matches": {"type": "integer", "description": "matching articles, copies included"},
                        "all_copies": {"type": "boolean"},
                        "limit": {"type": "integer", "description": "as applied"},
                        "offset": {"type": "integer", "description": "as applied, in results (as `total` counts them)"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                        "facets": {"$ref": "#/components/schemas/Facets"}
                    }
                },
                "Stats": {
                    "type": "object",
                    "required": ["articles", "sources", "sites", "without_site", "undated", "revisions", "duplicate_groups", "stories", "languages", "top_sources"],
                    "properties": {
                        "schema_version": {"type": "integer"},
                        "articles": {"type": "integer", "description": "latest revisions"},
                        "sources": {"type": "integer", "description": "ingest inputs (files, archives, feeds, URLs), not sites"},
                        "sites": {"type": "integer", "description": "distinct sites (domains) of the articles"},
                        "without_site": {"type": "integer", "description": "articles whose site is unknown"},
                        "undated": {"type": "integer", "description": "articles without a date (left out of time charts)"},
                        "captures": {"type": "integer"},
                        "failed_captures": {"type": "integer"},
                        "revisions": {"type": "integer"},
                        "duplicate_groups": {"type": "integer"},
                        "articles_in_duplicate_groups": {"type": "integer"},
                        "stories": {"type": "integer"},
                        "stories_with_several_articles": {"type": "integer"},
                        "languages": {"$ref": "#/components/schemas/Counts"},
                        "top_sources": {"$ref": "#/components/schemas/Counts", "description": "sites with the most articles (unknown sites left out)"},
                        "first_date": {"type": ["string", "null"]},
                        "last_date": {"type": ["string", "null"]},
                        "pending_index_changes": {"type": "integer"},
                        "indexed": {"type": "integer"}
                    }
                },
                "StorySummary": {
                    "type": "object",
                    "required": ["id", "title", "last_seen", "size"],
                    "properties": {"id": {"type": "integer"}, "title": {"type": ["string", "null"]}, "last_seen": {"type": ["string", "null"]}, "size": {"type": "integer"}}
                },
                "StoryList": {
                    "type": "object",
                    "required": ["stories", "total", "limit", "offset", "min_size"],
                    "properties": {
                        "stories": {"type": "array", "items": {"$ref": "#/components/schemas/StorySummary"}},
                        "total": {"type": "integer", "description": "stories with at least min_size articles"},
                        "limit": {"type": "integer"}, "offset": {"type": "integer"}, "min_size": {"type": "integer"}
                    }
                },
                "StoryArticle": {
                    "type": "object",
                    "required": ["id", "date", "domain", "language", "title", "dup_group"],
                    "properties": {"id": {"type": "integer"}, "date": {"type": ["string", "null"]}, "domain": {"type": ["string", "null"]}, "language": {"type": ["string", "null"]}, "title": {"type": ["string", "null"]}, "dup_group": {"type": "integer"}}
                },
                "Story": {
                    "type": "object",
                    "required": ["id", "title", "first_seen", "last_seen", "size", "sources", "languages", "articles", "timeline"],
                    "properties": {
                        "id": {"type": "integer"}, "title": {"type": ["string", "null"]},
                        "first_seen": {"type": ["string", "null"]}, "last_seen": {"type": ["string", "null"]},
                        "size": {"type": "integer"},
                        "sources": {"type": "array", "items": {"type": "string"}},
                        "languages": {"type": "array", "items": {"type": "string"}},
                        "articles": {"type": "array", "items": {"$ref": "#/components/schemas/StoryArticle"}},
                        "timeline": {"type": "array", "items": {"type": "object", "required": ["day", "articles"], "properties": {"day": {"type": "string", "description": "YYYY-MM-DD, or \"unknown\" for articles without a date"}, "articles": {"type": "array", "items": {"type": "integer"}}}}}
                    }
                },
                "EntityCount": {
                    "type": "object",
                    "required": ["name", "kind", "articles"],
                    "properties": {"name": {"type": "string"}, "kind": {"type": "string"}, "articles": {"type": "integer"}}
                },
                "EntityList": {
                    "type": "object",
                    "required": ["entities", "total", "limit", "offset", "kind"],
                    "properties": {
                        "entities": {"type": "array", "items": {"$ref": "#/components/schemas/EntityCount"}},
                        "total": {"type": "integer", "description": "entity names (of the kind, if given)"},
                        "limit": {"type": "integer"}, "offset": {"type": "integer"},
                        "kind": {"type": ["string", "null"]}
                    }
                },
                "Quote": {
                    "type": "object",
                    "required": ["article_id", "speaker", "text", "title", "date"],
                    "properties": {"article_id": {"type": "integer"}, "speaker": {"type": ["string", "null"]}, "text": {"type": "string"}, "title": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]}}
                },
                "EntityProfile": {
                    "type": "object",
                    "required": ["name", "names", "kinds", "articles", "roles", "aliases", "per_day", "co_occurring", "quotes", "recent"],
                    "properties": {
                        "name": {"type": "string"},
                        "kinds": {"type": "array", "items": {"type": "string"}},
                        "articles": {"type": "integer"},
                        "roles": {"type": "array", "items": {"type": "string"}},
                        "names": {"type": "array", "items": {"type": "string"}, "description": "Every name the entity is stored under across the corpus, its shown name first, then the short names and other-script spellings merged into it: a search for its articles asks for all of them (entity:\"A\" OR entity:\"B\")."},
                        "aliases": {"type": "array", "items": {"type": "string"}},
                        "per_day": {"$ref": "#/components/schemas/Counts", "description": "[YYYY-MM-DD, articles] for dated articles, oldest first"},
                        "co_occurring": {"type": "array", "items": {"$ref": "#/components/schemas/EntityCount"}},
                        "quotes": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}},
                        "recent": {"type": "array", "items": {"$ref": "#/components/schemas/StoryArticle"}}
                    }
                },
                "Article": {
                    "type": "object",
                    "required": ["id", "key", "revision", "latest", "date", "source_domain", "article", "analysis", "duplicates", "story", "revisions"],
                    "properties": {
                        "id": {"type": "integer"}, "key": {"type": "string"}, "revision": {"type": "integer"}, "latest": {"type": "boolean"},
                        "date": {"type": ["string", "null"], "description": "published, else captured; null when unknown"},
                        "source_domain": {"type": ["string", "null"]},
                        "article": {"type": "object", "description": "the extracted record (title, text, authors, published, language, tags, …)"},
                        "analysis": {"type": ["object", "null"], "description": "entities (mentions as character offsets into the text), quotes, keyphrases, …"},
                        "duplicates": {"type": ["object", "null"], "properties": {"id": {"type": "integer"}, "original": {"type": "integer"}, "members": {"type": "array"}}},
                        "story": {"type": ["object", "null"]},
                        "revisions": {"type": "array", "items": {"type": "object", "required": ["id", "revision", "ingested_at"], "properties": {"id": {"type": "integer"}, "revision": {"type": "integer"}, "ingested_at": {"type": "string"}}}},
                        "translation_of": {"type": ["object", "null"]},
                        "translations": {"type": ["array", "null"]}
                    }
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
    });
    add_who(&mut document);
    document
}

/// Sources, authors and who is quoted: their paths and schemas.
fn add_who(document: &mut Value) {
    let paths = json!({
        "/api/sources": {"get": {
            "summary": "Sources (sites) by number of articles",
            "description": "Counted by the index (copies on several sites count on each).",
            "parameters": [param("limit", "query", "integer", "1..100, default 50"), param("offset", "query", "integer", "sources to skip, 0..10000")],
            "responses": ok_with("One page of sources, most articles first", "SourceList")
        }},
        "/api/sources/{site}": {"get": {
            "summary": "One source: articles per period (every period of its range), languages, top entities, latest articles",
            "parameters": [param("site", "path", "string", "the site's domain (a URL or www. is read as its domain)")],
            "responses": ok_with("The source; 404 when no article comes from it", "SourceProfile")
        }},
        "/api/authors/{name}": {"get": {
            "summary": "One byline: its articles per period, sources, languages, top entities, latest articles",
            "parameters": [param("name", "path", "string", "the author's name; articles whose byline has these words (as author:\"…\" finds them)")],
            "responses": ok_with("The author; 404 when no byline has the name", "AuthorProfile")
        }},
        "/api/quoted": {"get": {
            "summary": "Who is quoted on a topic: the speakers of a search's matches, most quotes first",
            "description": "The attributed quotes of the newest matching articles (at most 20000; `complete` says whether that was all), a quote counted once per speaker however many copies or outlets carry it; `articles` counts duplicate groups.",
            "parameters": ([
                vec![param("q", "query", "string", "the query (as for search)")],
                filter_params(),
                vec![
                    param("limit", "query", "integer", "speakers per page, 1..100, default 10"),
                    param("offset", "query", "integer", "speakers to skip, 0..10000"),
                    param("quotes", "query", "integer", "quotes listed per speaker, 1..50, default 5"),
                ],
            ].concat()),
            "responses": ok_with("One page of speakers", "Quoted")
        }}
    });
    let period = json!({
        "type": "object", "required": ["label", "first", "last", "count"],
        "properties": {"label": {"type": "string"}, "first": {"type": "string", "description": "YYYY-MM-DD"}, "last": {"type": "string"}, "count": {"type": "integer"}}
    });
    let named_counts = json!({
        "type": "array",
        "items": {"type": "object", "required": ["name", "articles"], "properties": {"name": {"type": "string"}, "articles": {"type": "integer"}}}
    });
    let profile = |who: &str| {
        let mut required = vec![
            who,
            "articles",
            "results",
            "undated",
            "by",
            "periods",
            "languages",
            "entities",
            "latest",
        ];
        if who == "author" {
            required.push("sources");
        }
        json!({
            "type": "object",
            "required": required,
            "properties": {
                who: {"type": "string"},
                "articles": {"type": "integer", "description": "its articles, copies counted each"},
                "results": {"type": "integer", "description": "the same with copies folded"},
                "undated": {"type": "integer", "description": "articles without a date (in no period)"},
                "by": {"type": "string", "description": "day, week, month or year, chosen by the range"},
                "periods": {"type": "array", "items": period, "description": "every period from the first to the last dated article, empty ones included"},
                "languages": named_counts,
                "entities": named_counts,
                "sources": named_counts,
                "latest": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}, "description": "newest first, copies folded"}
            }
        })
    };
    let schemas = json!({
        "SourceList": {
            "type": "object",
            "required": ["sources", "total", "limit", "offset", "without_source"],
            "properties": {
                "sources": named_counts,
                "total": {"type": "integer", "description": "sources (sites) in all"},
                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                "without_source": {"type": "integer", "description": "articles whose site is unknown"}
            }
        },
        "SourceProfile": profile("source"),
        "AuthorProfile": profile("author"),
        "QuotedSpeaker": {
            "type": "object",
            "required": ["speaker", "quotes", "articles", "said"],
            "properties": {
                "speaker": {"type": "string"},
                "quotes": {"type": "integer", "description": "different quotes (copies and repeats count once)"},
                "articles": {"type": "integer", "description": "articles quoting them, copies of a text counted once"},
                "said": {"type": "array", "items": {"$ref": "#/components/schemas/Quote"}, "description": "newest first"}
            }
        },
        "Quoted": {
            "type": "object",
            "required": ["q", "speakers", "total", "limit", "offset", "articles_read", "complete"],
            "properties": {
                "q": {"type": "string"},
                "speakers": {"type": "array", "items": {"$ref": "#/components/schemas/QuotedSpeaker"}},
                "total": {"type": "integer", "description": "speakers in all"},
                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                "articles_read": {"type": "integer"},
                "complete": {"type": "boolean", "description": "false when more articles matched than were read (the newest were)"}
            }
        }
    });
    for (section, extra) in [("paths", paths), ("schemas", schemas)] {
        let target = if section == "paths" {
            &mut document["paths"]
        } else {
            &mut document["components"]["schemas"]
        };
        if let (Some(target), Value::Object(extra)) = (target.as_object_mut(), extra) {
            target.extend(extra);
        }
    }
    if let Some(story) = document["components"]["schemas"]["Story"]["properties"].as_object_mut() {
        story.insert(
            "quoted".into(),
            json!({"type": "object", "description": "who is quoted in the story (copies count once): the first 20 speakers and how many there are", "required": ["speakers", "total"], "properties": {
                "speakers": {"type": "array", "items": {"$ref": "#/components/schemas/QuotedSpeaker"}},
                "total": {"type": "integer"}
            }}),
        );
    }
}
