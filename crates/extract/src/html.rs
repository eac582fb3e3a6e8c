//! The HTML path. STUB
use crate::{Article, ExtractOptions};
pub(crate) fn extract_from_html(html: &str, options: &ExtractOptions) -> Article {
    let _ = (html, options);
    Article::default()
}
