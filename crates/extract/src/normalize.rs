//! Whitespace and character normalisation for extracted text: collapse runs of
//! spaces (including NBSP and other Unicode spaces), drop zero-width and
//! control characters, trim.

/// Collapses all whitespace runs (ASCII and Unicode, NBSP included) to one
/// space, removes zero-width and control characters, and trims.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
            continue;
        }
        if is_invisible(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Characters that carry no text: zero-width spaces and joiners, soft hyphens,
/// BOMs, and C0/C1 controls.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    ) || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

/// Normalises each line of `text` and keeps paragraph breaks (blank lines) as
/// exactly one blank line.
pub fn normalize_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = collapse_whitespace(line);
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
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
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        assert_eq!(
            normalize_paragraphs("a\nb\n\n\n c \n"),
            vec!["a b".to_string(), "c".to_string()]
        );
    }
}
