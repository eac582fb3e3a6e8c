//! Development helper: how long the first page takes (one-time pattern
//! compilation included) versus a warm one.
fn main() {
    let page = b"<html><body><article><p>Short page with a paragraph, written for timing only, with commas, and words.</p><p>Subscribe to our channel</p></article></body></html>";
    let options = newsdesk_extract::ExtractOptions::default();
    for round in 0..3 {
        let start = std::time::Instant::now();
        let _ = newsdesk_extract::extract_article(page, &options);
        println!("round {round}: {:?}", start.elapsed());
    }
}
