//! Whitespace and character normalisation for extracted text: collapse runs of
//! spaces (including NBSP and other Unicode spaces), drop zero-width and
//! control characters, trim.

/// Collapses all whitespace runs (ASCII and Unicode, NBSP included) to one
/// space, removes zero-width and control characters, and trims.
///
/// Runs of kept characters are copied as slices, and ASCII bytes are judged
/// without decoding: this is called on most texts of a page.
pub fn collapse_whitespace(text: &str) -> String {
    #[derive(PartialEq)]
    enum Kind {
        Keep,
        Space,
        Invisible,
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // Start of the run of kept characters being read, if in one.
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b > 0x20 && b < 0x7f {
            // Printable ASCII, the common case: read on to the end of the run,
            // single spaces between words included.
            if run.is_none() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                run = Some(i);
            }
            i += 1;
            while i < bytes.len() {
                let b = bytes[i];
                if b > 0x20 && b < 0x7f {
                    i += 1;
                } else if b == b' ' && bytes.get(i + 1).is_some_and(|&n| n > 0x20 && n < 0x7f) {
                    i += 2;
                } else {
                    break;
                }
            }
            continue;
        }
        let (kind, len) = if b < 0x80 {
            let kind = match b {
                b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => Kind::Space,
                0..=0x1f | 0x7f => Kind::Invisible,
                _ => Kind::Keep,
            };
            (kind, 1)
        } else {
            let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                break;
            };
            let kind = if c.is_whitespace() || c == '\u{a0}' {
                Kind::Space
            } else if is_invisible(c) {
                Kind::Invisible
            } else {
                Kind::Keep
            };
            (kind, c.len_utf8())
        };
        if kind == Kind::Keep {
            if run.is_none() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                run = Some(i);
            }
        } else {
            if let Some(start) = run.take() {
                out.push_str(text.get(start..i).unwrap_or(""));
            }
            if kind == Kind::Space {
                pending_space = !out.is_empty();
            }
        }
        i += len;
    }
    if let Some(start) = run {
        out.push_str(text.get(start..).unwrap_or(""));
    }
    out
}

/// Whether [`collapse_whitespace`] would leave any text, without writing it.
pub fn has_text(text: &str) -> bool {
    text.chars()
        .any(|c| !(c.is_whitespace() || c == '\u{a0}' || is_invisible(c)))
}

/// Characters that carry no text: zero-width spaces and joiners, soft hyphens,
/// BOMs, and C0/C1 controls.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    ) || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_odd_whitespace() {
        assert_eq!(
            collapse_whitespace("  a\u{a0}\u{a0}b\u{200b}c \t\n d  "),
            "a bc d"
        );
        assert_eq!(collapse_whitespace("\u{2003}"), "");
        assert_eq!(
            collapse_whitespace("\u{1}x\u{200b} \u{7f} y\u{3000}z é\r\n"),
            "x y z é"
        );
        assert_eq!(collapse_whitespace(" \u{ad} a"), "a");
    }

    #[test]
    fn has_text_agrees_with_collapse() {
        for text in [
            "",
            " \t\n",
            "\u{a0}\u{200b}\u{ad}\u{3000}",
            "\u{1}\u{7f}\u{b}\u{c}",
            " x ",
            "\u{200b}é",
            "\u{85}\u{2028}",
        ] {
            assert_eq!(
                has_text(text),
                !collapse_whitespace(text).is_empty(),
                "{text:?}"
            );
        }
    }
}
