//! JSON-LD: the structured data most news sites embed for search engines, and
//! the most reliable source of headline, authors and dates when present.
//!
//! Pages get it wrong in every way: trailing commas, raw newlines inside
//! strings, HTML comments or CDATA around it, several objects concatenated,
//! `@graph` arrays, authors as strings, objects, arrays or `@id` references. The
//! parser here is lenient (it repairs what it can and keeps whatever parses) and
//! bounded (block count, size and nesting are capped), and never panics.

use serde_json::{Map, Value};

/// At most this many JSON-LD blocks are read per page.
const MAX_BLOCKS: usize = 32;
/// Blocks larger than this (bytes) are skipped.
const MAX_BLOCK_BYTES: usize = 2 * 1024 * 1024;
/// Nodes deeper than this are not looked at.
const MAX_DEPTH: usize = 8;
/// At most this many typed nodes are collected per page.
const MAX_NODES: usize = 500;

/// What the JSON-LD says about the page; raw values, cleaned by the caller.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LdFacts {
    pub headline: Option<String>,
    pub name: Option<String>,
    /// Person authors, in order.
    pub authors: Vec<String>,
    /// Organisation authors: used only when no person is named.
    pub org_authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// Publisher or `WebSite` name.
    pub site_name: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub keywords: Vec<String>,
    pub body: Option<String>,
    /// Whether an article-like node (not just a `WebPage`) was found.
    pub is_article: bool,
}

/// Reads every block and gathers the facts of the best article-like node.
pub fn read(blocks: &[String]) -> LdFacts {
    let values: Vec<Value> = blocks
        .iter()
        .take(MAX_BLOCKS)
        .filter(|b| b.len() <= MAX_BLOCK_BYTES)
        .flat_map(|b| parse_lenient(b))
        .collect();
    let mut nodes = Vec::new();
    for value in &values {
        collect_nodes(value, 0, &mut nodes);
    }
    facts_from_nodes(&nodes)
}

/// Parses one block, repairing common breakage; returns every value that parsed.
pub fn parse_lenient(block: &str) -> Vec<Value> {
    let cleaned = strip_wrappers(block);
    if let Ok(v) = serde_json::from_str::<Value>(cleaned) {
        return vec![v];
    }
    let repaired = repair(cleaned);
    if let Ok(v) = serde_json::from_str::<Value>(&repaired) {
        return vec![v];
    }
    // Several values one after another, or garbage after a good value.
    serde_json::Deserializer::from_str(&repaired)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect()
}

/// Drops HTML comment markers, CDATA markers and a trailing semicolon.
fn strip_wrappers(block: &str) -> &str {
    let mut s = block.trim();
    for prefix in ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
        s = s.strip_prefix(prefix).unwrap_or(s).trim_start();
    }
    for suffix in ["-->", "//]]>", "/*]]>*/", "]]>"] {
        s = s.strip_suffix(suffix).unwrap_or(s).trim_end();
    }
    s.strip_suffix(';').unwrap_or(s).trim_end()
}

/// Escapes raw control characters inside strings and removes trailing commas
/// before `}` or `]`.
fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' | '\r' | '\t' => {
                    out.push(' ');
                    continue;
                }
                c if c.is_control() => continue,
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '"' => in_string = true,
            '}' | ']' => drop_trailing_comma(&mut out),
            _ => {}
        }
        out.push(c);
    }
    out
}

fn drop_trailing_comma(out: &mut String) {
    let trimmed = out.trim_end().len();
    if out[..trimmed].ends_with(',') {
        out.truncate(trimmed - 1);
    }
}

/// Collects every object with an `@type`, walking arrays, `@graph` and the
/// usual nesting (`mainEntity`, `itemListElement` are not followed).
fn collect_nodes<'a>(value: &'a Value, depth: usize, nodes: &mut Vec<&'a Map<String, Value>>) {
    if depth > MAX_DEPTH || nodes.len() >= MAX_NODES {
        return;
    }
    match value {
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_nodes(v, depth + 1, nodes)),
        Value::Object(map) => {
            if map.contains_key("@type") {
                nodes.push(map);
            }
            if let Some(graph) = map.get("@graph") {
                collect_nodes(graph, depth + 1, nodes);
            }
            if let Some(main) = map.get("mainEntity") {
                collect_nodes(main, depth + 1, nodes);
            }
        }
        _ => {}
    }
}

/// The `@type` names of a node (a string or an array of strings).
fn types(node: &Map<String, Value>) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn short_type(t: &str) -> &str {
    t.rsplit(['/', ':']).next().unwrap_or(t)
}

/// How article-like a node is: 2 for articles and posts, 1 for web pages.
fn article_rank(node: &Map<String, Value>) -> u8 {
    let ts = types(node);
    let is = |f: &dyn Fn(&str) -> bool| ts.iter().map(|t| short_type(t)).any(f);
    if is(&|t| {
        t.ends_with("Article")
            || t.ends_with("Posting")
            || matches!(t, "Report" | "Review" | "Recipe")
    }) {
        return 2;
    }
    if is(&|t| t.ends_with("Page")) {
        return 1;
    }
    0
}

fn is_person(node: &Map<String, Value>) -> bool {
    types(node).iter().any(|t| short_type(t) == "Person")
}

fn is_organization(node: &Map<String, Value>) -> bool {
    types(node).iter().any(|t| {
        let t = short_type(t);
        t.ends_with("Organization")
            || matches!(
                t,
                "Corporation" | "NewsMediaOrganization" | "WebSite" | "Brand"
            )
    })
}

fn facts_from_nodes(nodes: &[&Map<String, Value>]) -> LdFacts {
    let mut facts = LdFacts::default();
    // The first node of the highest rank: pages that embed several article
    // nodes put the page's own first; later ones are stale copies or teasers
    // (`max_by_key` would return the last).
    let top = nodes.iter().map(|n| article_rank(n)).max().unwrap_or(0);
    let best = nodes
        .iter()
        .copied()
        .find(|n| top > 0 && article_rank(n) == top);
    let by_id = |id: &str| {
        nodes
            .iter()
            .copied()
            .find(|n| n.get("@id").and_then(Value::as_str) == Some(id))
    };
    if let Some(node) = best {
        facts.is_article = article_rank(node) == 2;
        fill_from_article(&mut facts, node, &by_id);
    }
    // A secondary page node often carries the dates or authors the article node lacks.
    for node in nodes.iter().copied().filter(|n| article_rank(n) > 0) {
        if facts.published.is_none() {
            facts.published = text(node.get("datePublished"));
        }
        if facts.authors.is_empty() && facts.org_authors.is_empty() {
            read_people(node.get("author"), &by_id, &mut facts);
        }
    }
    if facts.site_name.is_none() {
        facts.site_name = nodes
            .iter()
            .copied()
            .filter(|n| types(n).iter().any(|t| short_type(t) == "WebSite"))
            .find_map(|n| text(n.get("name")));
    }
    facts
}

fn fill_from_article<'a>(
    facts: &mut LdFacts,
    node: &'a Map<String, Value>,
    by_id: &dyn Fn(&str) -> Option<&'a Map<String, Value>>,
) {
    facts.headline = text(node.get("headline"));
    facts.name = text(node.get("name"));
    facts.published = text(node.get("datePublished"))
        .or_else(|| text(node.get("dateCreated")))
        .or_else(|| text(node.get("uploadDate")));
    facts.modified = text(node.get("dateModified"));
    facts.description = text(node.get("description"));
    facts.image = image(node.get("image")).or_else(|| image(node.get("thumbnailUrl")));
    facts.url = text(node.get("url")).or_else(|| id_url(node.get("mainEntityOfPage")));
    facts.language = language(node.get("inLanguage"));
    facts.keywords = keywords(node.get("keywords"));
    facts.body = text(node.get("articleBody"));
    facts.site_name = node
        .get("publisher")
        .and_then(|p| resolve(p, by_id))
        .and_then(|p| text(p.get("name")));
    read_people(node.get("author"), by_id, facts);
    if facts.authors.is_empty() && facts.org_authors.is_empty() {
        read_people(node.get("creator"), by_id, facts);
    }
}

/// An object, or the node an `{"@id": ...}` reference points to.
fn resolve<'a>(
    value: &'a Value,
    by_id: &dyn Fn(&str) -> Option<&'a Map<String, Value>>,
) -> Option<&'a Map<String, Value>> {
    let map = value.as_object()?;
    if map.len() == 1 {
        if let Some(target) = map.get("@id").and_then(Value::as_str).and_then(by_id) {
            return Some(target);
        }
    }
    Some(map)
}

/// Authors as a string, an object, an array of either, or references.
fn read_people<'a>(
    value: Option<&'a Value>,
    by_id: &dyn Fn(&str) -> Option<&'a Map<String, Value>>,
    facts: &mut LdFacts,
) {
    let Some(value) = value else { return };
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().take(20).collect(),
        other => vec![other],
    };
    for item in items {
        match item {
            Value::String(s) => facts.authors.push(s.clone()),
            Value::Object(_) => {
                let Some(node) = resolve(item, by_id) else {
                    continue;
                };
                let Some(name) = text(node.get("name")).or_else(|| given_family(node)) else {
                    continue;
                };
                if is_organization(node) && !is_person(node) {
                    facts.org_authors.push(name);
                } else {
                    facts.authors.push(name);
                }
            }
            _ => {}
        }
    }
}

fn given_family(node: &Map<String, Value>) -> Option<String> {
    let given = text(node.get("givenName"))?;
    let family = text(node.get("familyName")).unwrap_or_default();
    Some(format!("{given} {family}").trim().to_string())
}

/// A string value; the first string of an array; `@value` of an object.
fn text(value: Option<&Value>) -> Option<String> {
    let s = match value? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => return items.iter().find_map(|v| text(Some(v))),
        Value::Object(map) => return text(map.get("@value")).or_else(|| text(map.get("name"))),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn image(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => items.iter().find_map(|v| image(Some(v))),
        Value::Object(map) => text(map.get("url")).or_else(|| text(map.get("contentUrl"))),
        _ => None,
    }
}

fn id_url(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => text(map.get("@id")).or_else(|| text(map.get("url"))),
        _ => None,
    }
}

fn language(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Object(map) => text(map.get("alternateName")).or_else(|| text(map.get("name"))),
        other => text(Some(other)),
    }
}

fn keywords(value: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    match value {
        Some(Value::String(s)) => out.extend(s.split(',').map(str::to_string)),
        Some(Value::Array(items)) => {
            for item in items.iter().take(100) {
                if let Some(s) = item.as_str() {
                    out.extend(s.split(',').map(str::to_string));
                }
            }
        }
        _ => {}
    }
    out.retain(|k| !k.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(block: &str) -> LdFacts {
        read(&[block.to_string()])
    }

    #[test]
    fn news_article_with_person_array_and_publisher() {
        let f = one(
            r#"{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rain expected",
            "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Kim"}],
            "publisher":{"@type":"Organization","name":"Daily Bugle"},"datePublished":"2023-05-04T10:00:00Z",
            "keywords":"weather, rain ,forecast","image":{"@type":"ImageObject","url":"/i.jpg"},"inLanguage":"en-GB"}"#,
        );
        assert_eq!(f.headline.as_deref(), Some("Rain expected"));
        assert_eq!(f.authors, vec!["Ann Lee", "Bo Kim"]);
        assert_eq!(f.site_name.as_deref(), Some("Daily Bugle"));
        assert_eq!(f.published.as_deref(), Some("2023-05-04T10:00:00Z"));
        assert_eq!(f.keywords, vec!["weather", " rain ", "forecast"]);
        assert_eq!(f.image.as_deref(), Some("/i.jpg"));
        assert_eq!(f.language.as_deref(), Some("en-GB"));
        assert!(f.is_article);
    }

    #[test]
    fn graph_with_id_references() {
        let f = one(r##"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","@id":"#site","name":"The Site"},
            {"@type":"Person","@id":"#p1","name":"Jane Roe"},
            {"@type":["BlogPosting"],"headline":"Hello","author":{"@id":"#p1"},"datePublished":"2022-01-02"}]}"##);
        assert_eq!(f.authors, vec!["Jane Roe"]);
        assert_eq!(f.site_name.as_deref(), Some("The Site"));
        assert_eq!(f.headline.as_deref(), Some("Hello"));
    }

    #[test]
    fn organisation_authors_are_kept_apart() {
        let f = one(
            r#"{"@type":"Article","author":{"@type":"Organization","name":"Newsroom"},"name":"X"}"#,
        );
        assert!(f.authors.is_empty());
        assert_eq!(f.org_authors, vec!["Newsroom"]);
        assert_eq!(f.name.as_deref(), Some("X"));
    }

    #[test]
    fn broken_json_is_repaired() {
        let f = one("<!-- {\"@type\":\"NewsArticle\",\"headline\":\"Line one\nline two\",\"author\":\"Sam Poe\",} -->");
        assert_eq!(f.headline.as_deref(), Some("Line one line two"));
        assert_eq!(f.authors, vec!["Sam Poe"]);
    }

    #[test]
    fn concatenated_objects_and_nested_arrays() {
        let f = one(
            r#"{"@type":"Organization","name":"Org"} [[{"@type":"ReportageNewsArticle","headline":"Deep","datePublished":"2021-03-04"}]]"#,
        );
        assert_eq!(f.headline.as_deref(), Some("Deep"));
        assert_eq!(f.published.as_deref(), Some("2021-03-04"));
    }

    #[test]
    fn first_of_several_articles_wins() {
        let f = read(&[
            r#"{"@type":"Article","headline":"Neue Züge ab Mai","datePublished":"2025-12-18"}"#
                .to_string(),
            r#"{"@type":"Article","headline":"Alte Fassung","datePublished":"2025-03-01"}"#
                .to_string(),
        ]);
        assert_eq!(f.headline.as_deref(), Some("Neue Züge ab Mai"));
        assert_eq!(f.published.as_deref(), Some("2025-12-18"));
    }

    #[test]
    fn garbage_does_not_panic() {
        for s in [
            "",
            "{",
            "]]]",
            "{\"@type\":",
            "\"\\",
            "null",
            "[1,2,",
            "{\"@graph\":[{\"@type\":\"Article\",\"author\":[[[[]]]]}]}",
        ] {
            let _ = one(s);
        }
        let deep = "[".repeat(10_000);
        let _ = one(&deep);
    }
}
