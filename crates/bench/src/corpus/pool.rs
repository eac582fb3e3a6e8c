//! The pool of real paragraphs the synthetic corpus is written with: the gold
//! texts of the shared datasets (Zyte's `articleBody`, WCXB dev's article
//! `main_content`), split into paragraphs, filtered to prose, de-duplicated
//! and grouped by language (newsdesk's own detector, so the languages are
//! the ones the corpus will see).
//!
//! Real prose matters here: extraction, analysis, stemming, story signals
//! and MinHash all behave differently on lorem ipsum than on news text.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use flate2::read::GzDecoder;
use newsdesk_extract::language::detect_language;

/// Paragraphs of one language, in a stable order.
#[derive(Debug, Default)]
pub struct LanguagePool {
    pub lang: String,
    pub paragraphs: Vec<String>,
}

/// All paragraphs, by language, most paragraphs first.
#[derive(Debug, Default)]
pub struct Pool {
    pub languages: Vec<LanguagePool>,
    /// Gold texts read (documents), for the report.
    pub documents: usize,
}

/// Paragraph bounds: shorter ones are headings, captions or chrome; longer
/// ones are usually several paragraphs run together.
const MIN_CHARS: usize = 120;
const MAX_CHARS: usize = 1500;
const MIN_WORDS: usize = 20;
/// A language needs this many paragraphs to get sites of its own.
const MIN_LANGUAGE_PARAGRAPHS: usize = 400;

/// Reads the gold texts under `datasets` into a pool of at most `languages` languages.
pub fn load(datasets: &Path, max_languages: usize) -> Result<Pool> {
    let mut texts: Vec<String> = Vec::new();
    let zyte = datasets.join("zyte-article-extraction/ground-truth.json");
    if zyte.is_file() {
        let raw = std::fs::read_to_string(&zyte)
            .with_context(|| format!("reading {}", zyte.display()))?;
        let value: serde_json::Value =
            serde_json::from_str(&raw).with_context(|| format!("parsing {}", zyte.display()))?;
        if let Some(map) = value.as_object() {
            texts.extend(
                map.values()
                    .filter_map(|v| v.get("articleBody")?.as_str())
                    .map(str::to_string),
            );
        }
    }
    texts.extend(wcxb_articles(&datasets.join("wcxb-dev"))?);
    anyhow::ensure!(
        !texts.is_empty(),
        "no gold texts found under {} (zyte-article-extraction/ground-truth.json, wcxb-dev/ground-truth/)",
        datasets.display()
    );

    let mut seen = HashSet::new();
    let mut by_lang: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for text in &texts {
        for paragraph in text.split('\n').map(str::trim) {
            if !is_prose(paragraph) || !seen.insert(paragraph.to_string()) {
                continue;
            }
            if let Some(lang) = detect_language(paragraph, None) {
                by_lang.entry(lang).or_default().push(paragraph.to_string());
            }
        }
    }
    let mut languages: Vec<LanguagePool> = by_lang
        .into_iter()
        .filter(|(_, p)| p.len() >= MIN_LANGUAGE_PARAGRAPHS)
        .map(|(lang, paragraphs)| LanguagePool { lang, paragraphs })
        .collect();
    languages.sort_by(|a, b| {
        b.paragraphs
            .len()
            .cmp(&a.paragraphs.len())
            .then(a.lang.cmp(&b.lang))
    });
    languages.truncate(max_languages.max(1));
    Ok(Pool {
        languages,
        documents: texts.len(),
    })
}

/// The texts of WCXB dev's article pages (`ground_truth.main_content`).
fn wcxb_articles(dir: &Path) -> Result<Vec<String>> {
    let gold = dir.join("ground-truth");
    if !gold.is_dir() {
        return Ok(Vec::new());
    }
    // Page types, when the metadata says: only articles are news-like prose.
    let types: Option<serde_json::Value> = std::fs::read_to_string(dir.join("metadata.json"))
        .ok()
        .and_then(|raw| serde_json::from_str(&raw).ok());
    let is_article = |id: &str| {
        types
            .as_ref()
            .and_then(|m| m.get("files")?.get(id)?.get("page_type")?.as_str())
            .is_none_or(|t| t == "article")
    };
    let mut names: Vec<_> = std::fs::read_dir(&gold)
        .with_context(|| format!("listing {}", gold.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    names.sort();
    let mut texts = Vec::new();
    for path in names {
        let id = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or_default()
            .to_string();
        if !is_article(&id) {
            continue;
        }
        let mut raw = String::new();
        let read = std::fs::File::open(&path)
            .map(GzDecoder::new)
            .and_then(|mut d| d.read_to_string(&mut raw));
        if read.is_err() {
            continue; // One unreadable gold file does not matter for a pool.
        }
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        if let Some(text) = value
            .get("ground_truth")
            .and_then(|g| g.get("main_content"))
            .and_then(|t| t.as_str())
        {
            texts.push(text.to_string());
        }
    }
    Ok(texts)
}

/// Whether a line reads like a paragraph of prose.
fn is_prose(line: &str) -> bool {
    let chars = line.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&chars) {
        return false;
    }
    if line.split_whitespace().count() < MIN_WORDS {
        return false;
    }
    let ends_like_prose = line
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '»' | '’' | ')'));
    let starts_like_prose = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '«' | '„'));
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    ends_like_prose && starts_like_prose && letters * 10 >= chars * 7 && !line.contains("http")
}

impl Pool {
    /// All paragraphs, over all languages.
    pub fn len(&self) -> usize {
        self.languages.iter().map(|l| l.paragraphs.len()).sum()
    }
}
