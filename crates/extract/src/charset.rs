//! Bytes to text. The order of trust: a byte-order mark, then the HTTP
//! `Content-Type` charset, then a `<meta charset>` / `http-equiv` declaration in
//! the first 4 KiB, then detection (chardetng) when nothing is declared or the
//! declaration does not fit the bytes (a page that says UTF-8 but is not valid
//! UTF-8, a page that says ISO-8859-1 but reads as windows-1251...).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// A page's text and what was noticed while decoding it.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page as text.
    pub text: String,
    /// The encoding that was used, by its WHATWG name.
    pub encoding: &'static str,
    /// What went wrong: a declared charset that did not fit, bytes replaced with U+FFFD.
    pub warnings: Vec<String>,
}

/// Decodes `bytes` to text, never failing: undecodable bytes become U+FFFD
/// and a warning says so.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let mut warnings = Vec::new();
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return finish(encoding, &bytes[bom_len..], warnings);
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| charset_from_meta(&bytes[..bytes.len().min(4096)]));
    if let Some(encoding) = declared {
        if fits(encoding, bytes) {
            return finish(encoding, bytes, warnings);
        }
        let guessed = guess(bytes);
        warnings.push(format!(
            "declared charset {} does not fit the bytes; decoded as {}",
            encoding.name(),
            guessed.name()
        ));
        return finish(guessed, bytes, warnings);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(UTF_8, bytes, warnings);
    }
    finish(guess(bytes), bytes, warnings)
}

fn finish(encoding: &'static Encoding, bytes: &[u8], mut warnings: Vec<String>) -> Decoded {
    // UTF-16 declared in a meta tag of an ASCII-compatible page is a lie (per WHATWG).
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        if bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0) {
            encoding
        } else {
            UTF_8
        }
    } else {
        encoding
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!(
            "some bytes are not valid {}; replaced with U+FFFD",
            encoding.name()
        ));
    }
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        warnings,
    }
}

/// Whether `bytes` decode cleanly as `encoding`. Single-byte encodings always
/// "decode", so for those we also ask the detector whether they are plausible.
fn fits(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes);
    }
    let (_, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        return false;
    }
    if bytes.is_ascii() {
        return true;
    }
    // A single-byte Latin declaration on a page full of Cyrillic or CJK bytes is a lie.
    let guessed = guess(bytes);
    let latin = [
        WINDOWS_1252,
        encoding_rs::ISO_8859_2,
        encoding_rs::WINDOWS_1250,
        encoding_rs::ISO_8859_15,
    ];
    !(latin.contains(&encoding) && !latin.contains(&guessed) && guessed != encoding)
}

/// Pages declared UTF-8 with a few stray bytes are still UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut bad = 0usize;
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        bad += 1;
        if bad > 16 {
            return false;
        }
        let skip = e.valid_up_to() + e.error_len().unwrap_or(1);
        rest = &rest[skip.min(rest.len())..];
    }
    true
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, true)
}

/// The `charset=` parameter of a `Content-Type` header.
pub fn charset_from_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let rest = lower[at + 8..].trim_start_matches(['"', '\'']);
    let name: String = rest
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'' | ' ' | ','))
        .collect();
    Encoding::for_label(name.as_bytes())
}

/// `<meta charset=...>` or `<meta http-equiv=Content-Type content="...charset=...">`.
fn charset_from_meta(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = memchr::memmem::find(&lower[from..], b"charset") {
        let start = from + pos + 7;
        from = start;
        let mut i = start;
        while i < lower.len() && matches!(lower[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= lower.len() || lower[i] != b'=' {
            continue;
        }
        i += 1;
        while i < lower.len() && matches!(lower[i], b' ' | b'"' | b'\'') {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b' ' | b';' | b'>' | b'/'))
            .map_or(lower.len(), |p| i + p);
        if let Some(enc) = Encoding::for_label(&lower[i..end]) {
            return Some(enc);
        }
    }
    None
}

/// Names the kind of binary file `bytes` is, when its magic number says so or
/// it is full of control bytes.
pub fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x1f\x8b", "gzip"),
        (b"PK\x03\x04", "zip"),
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"\x7fELF", "executable"),
        (b"BZh", "bzip2"),
        (b"\xfd7zXZ", "xz"),
        (b"(\xb5/\xfd", "zstd"),
    ];
    if let Some((_, name)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(name);
    }
    if Encoding::for_bom(bytes).is_some() {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b))
        .count();
    (control * 10 > sample.len()).then_some("control bytes")
}

/// Characters of decoded text that [`garbled`] looks at.
const GARBLE_SAMPLE: usize = 32 * 1024;

/// Names what is wrong with decoded text that is not text at all: random
/// or compressed bytes that slipped past [`binary_signature`] (whose control
/// byte count is a coin toss on such data) and were decoded anyway.
///
/// Decoded text tells more than bytes. Among the first 32 K characters:
/// - undecodable sequences (U+FFFD) and control characters (other than the
///   line and space controls, and escape, which colours terminal text)
///   together over 3%: written
///   text has next to none, while random bytes give 10% or more whatever
///   the charset they are decoded in;
/// - symbols beyond ASCII (not letters, digits or spaces: `¤`, `¶`, `‰`,
///   `†`…) over 12% of the characters that are not spaces: text uses a few
///   typographic quotes and dashes, random bytes in a single-byte charset
///   give about a fifth. The punctuation of scripts written without spaces
///   (`，`, `。`, `「`: CJK symbols and full-width forms) is text, not a
///   symbol: Chinese prose has one such mark in six characters, and no
///   single-byte charset decodes to them.
pub fn garbled(text: &str) -> Option<&'static str> {
    let mut chars = 0usize;
    let mut bad = 0usize;
    let mut spaces = 0usize;
    let mut wide_symbols = 0usize;
    for c in text.chars().take(GARBLE_SAMPLE) {
        chars += 1;
        if c == char::REPLACEMENT_CHARACTER
            || (c.is_control() && !matches!(c, '\t'..='\r' | '\x1b'))
        {
            bad += 1;
        } else if c.is_whitespace() {
            spaces += 1;
        } else if !c.is_ascii() && !c.is_alphanumeric() && !is_cjk_punctuation(c) {
            wide_symbols += 1;
        }
    }
    // Too little to judge: a short snippet with a stray byte is still text.
    if chars < 64 {
        return None;
    }
    let visible = chars - spaces;
    if bad * 100 > chars * 3 {
        Some("undecodable and control characters")
    } else if wide_symbols * 100 > visible * 12 {
        Some("symbols instead of letters")
    } else {
        None
    }
}

/// CJK symbols and punctuation, and the full-width and half-width forms.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Whether decoded text is an HTML page rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.starts_with("<!--")
        || [
            "<head", "<body", "<div", "<p>", "<p ", "<meta", "<title", "<article",
        ]
        .iter()
        .any(|t| head.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_prose_with_its_punctuation_is_text() {
        let text = "第001期：四三各配七六码，三四组合中头彩，送：声色十中金。\n\n第002期：盼望而却步贵人，黄金难把欲海填，送：下旨大围剿。\n\n第003期：损人利己排头名，今期二九猜一猜，送：回报一生忙。";
        assert_eq!(garbled(text), None);
    }

    #[test]
    fn undeclared_windows_1251_is_detected() {
        let text = "<html><body><p>Президент Беларуси Александр Лукашенко провёл встречу с генеральным секретарём организации и обсудил предстоящий саммит в Минске.</p></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.contains("Лукашенко"));
    }

    #[test]
    fn wrong_latin_declaration_is_overruled() {
        let text = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Президент Беларуси Александр Лукашенко провёл встречу с генеральным секретарём организации в Минске и обсудил саммит.</p></body></html>";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(text);
        let d = decode(&bytes, None);
        assert!(d.text.contains("Лукашенко"), "{}", d.encoding);
        assert!(!d.warnings.is_empty());
    }

    #[test]
    fn header_and_meta_and_bom() {
        assert_eq!(
            charset_from_content_type("text/html; charset=\"Shift_JIS\"").map(|e| e.name()),
            Some("Shift_JIS")
        );
        assert_eq!(
            charset_from_meta(
                b"<meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            )
            .map(|e| e.name()),
            Some("GBK")
        );
        let d = decode(
            b"\xef\xbb\xbfhello",
            Some("text/html; charset=windows-1251"),
        );
        assert_eq!(d.text, "hello");
    }

    /// Bytes from a seeded xorshift generator (uniform, like compressed data).
    fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed.max(1);
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn random_bytes_decoded_in_any_charset_are_garbled_every_time() {
        for seed in 1..=200u64 {
            for len in [100, 1000, 20_000] {
                let bytes = random_bytes(seed, len);
                let decoded = decode(&bytes, None);
                assert!(
                    garbled(&decoded.text).is_some(),
                    "seed {seed}, {len} bytes, decoded as {}",
                    decoded.encoding
                );
            }
        }
        for charset in ["windows-1251", "koi8-r", "shift_jis", "gbk", "utf-8"] {
            let bytes = random_bytes(7, 4096);
            let decoded = decode(&bytes, Some(&format!("text/html; charset={charset}")));
            assert!(garbled(&decoded.text).is_some(), "{charset}");
        }
    }

    #[test]
    fn text_in_any_script_and_markup_are_not_garbled() {
        let samples = [
            "The council met on Monday. “We’re ready,” the mayor said — twice…\n".repeat(20),
            "Президент провёл встречу с генеральным секретарём организации.\n".repeat(20),
            "東京都は月曜日、新しい予算案を発表した。市民の反応は様々だ。\n".repeat(20),
            "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรในภาคเหนือ\n".repeat(20),
            "<script>var a={b:[1,2,3],c:function(d){return d*2}};if(a.b.length>2){a.c(4)}</script>"
                .repeat(20),
            "body{margin:0;padding:0}.nav>li{display:inline-block;color:#333}@media(max-width:600px){.nav{display:none}}"
                .repeat(20),
            "Le président a déclaré: « Nous sommes prêts ». Ça coûte 5 €.\n".repeat(20),
            "1,234.56 | 7,890.12 | 3.45% | 2024-05-01 | 12:30\n".repeat(20),
        ];
        for text in &samples {
            assert_eq!(garbled(text), None, "{text}");
        }
    }

    #[test]
    fn binary_is_named() {
        assert_eq!(binary_signature(b"\x1f\x8b\x08rest"), Some("gzip"));
        assert_eq!(
            binary_signature(&[0u8, 1, 2, 3, 4, 5, 6, 7, 0, 0]),
            Some("control bytes")
        );
        assert_eq!(binary_signature(b"<html></html>"), None);
    }
}
