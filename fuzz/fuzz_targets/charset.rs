//! Charset handling: BOMs, HTTP and `<meta>` declarations, detection, and the
//! binary/HTML sniffers that run before any parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::charset;

fuzz_target!(|data: &[u8]| {
    // The input is `content-type header \n body`, so declarations are fuzzed too.
    let (header, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) if i < 200 => (std::str::from_utf8(&data[..i]).ok(), &data[i + 1..]),
        _ => (None, data),
    };
    let _ = charset::binary_signature(body);
    if let Some(header) = header {
        let _ = charset::charset_from_content_type(header);
    }
    let decoded = charset::decode(body, header);
    let _ = charset::looks_like_html(&decoded.text);
    // Plain ASCII without a BOM or declaration decodes to itself under every
    // ASCII-compatible charset detection can pick.
    let declares = body.windows(7).any(|w| w.eq_ignore_ascii_case(b"charset"));
    if header.is_none() && !declares && body.is_ascii() && !body.contains(&0) && !body.is_empty() {
        let plain = std::str::from_utf8(body).unwrap_or_default();
        if !plain.starts_with("+/v") && !plain.contains("~{") && !plain.contains("\x1b") {
            assert_eq!(decoded.text, plain, "ASCII changed in decoding");
        }
    }
});
