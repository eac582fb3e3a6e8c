//! The HTML path: prescan, parse, metadata, body, language — one page in, one
//! [`Article`] out.

use url::Url;

use crate::blocks::PageSignals;
use crate::content::{extract_body_with, BlockReader, BodyHints};
use crate::dom::Dom;
use crate::explain::Trace;
use crate::language::detect_language;
use crate::metadata::page_metadata;
use crate::prescan::prescan;
use crate::{Article, ExtractOptions};

pub(crate) fn extract_from_html(
    page: &str,
    options: &ExtractOptions,
    trace: &mut Trace,
) -> Article {
    extract_from_html_with(page, options, trace, BlockReader::default())
}

/// [`extract_from_html`] with the block model as `reader` says.
pub(crate) fn extract_from_html_with(
    page: &str,
    options: &ExtractOptions,
    trace: &mut Trace,
    reader: BlockReader,
) -> Article {
    let mut scanned = prescan(page);
    let dom = Dom::parse(&scanned.html);
    scanned.warnings.extend_from_slice(dom.warnings());
    let page_url = options.url.as_deref().and_then(|u| Url::parse(u).ok());
    let meta = page_metadata(&dom, &scanned.json_ld, page_url.as_ref());
    let body = extract_body_with(
        &dom,
        trace,
        BodyHints {
            title: meta.title.as_deref(),
            site_name: meta.site_name.as_deref(),
            signals: PageSignals {
                json_ld: &scanned.json_ld,
                url: options.url.as_deref(),
            },
        },
        reader,
    );

    let mut article = Article {
        url: options.url.clone().or(meta.url),
        canonical_url: meta.canonical_url,
        title: meta.title,
        authors: meta.authors,
        published: meta.published,
        modified: meta.modified,
        site_name: meta.site_name,
        description: meta.description,
        image: meta.image,
        tags: meta.tags,
        source_language: body.source_language,
        next: body.next,
        related: body.related,
        page_type: body.page_type.map(str::to_string),
        warnings: scanned.warnings,
        ..Article::default()
    };
    if article.tags.is_empty() {
        article.tags = body.tags;
    }
    article.set_blocks(body.blocks);
    let sample = if article.text.is_empty() {
        article.title.as_deref().unwrap_or("")
    } else {
        &article.text
    };
    article.language = detect_language(sample, meta.language.as_deref());
    article
}
