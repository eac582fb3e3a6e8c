//! Text from outside (file names, URLs, messages quoting input) made safe
//! to print on a terminal.
//!
//! A file name or a `WARC-Target-URI` may hold any character: a line feed
//! would forge a `newsdesk:` line of its own in the log, and escape
//! sequences would move the cursor, recolour or retitle the terminal. Every
//! line written to stderr that carries such text goes through [`printable`],
//! which writes control characters as escapes (`\n`, `\u{1b}`).
//!
//! Also here: telling a reader that went away ([`is_broken_pipe`]) from a
//! failure.

use std::borrow::Cow;

/// `text` with its control characters (C0, DEL and C1) written as escapes.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether the error is only that standard output's reader went away
/// (`newsdesk article 7 | head`): the rest of the output was not wanted,
/// which is not a failure worth a message.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
            .or_else(|| {
                cause
                    .downcast_ref::<newsdesk_corpus::CorpusError>()
                    .and_then(newsdesk_corpus::CorpusError::io_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(printable("plain näme.html"), "plain näme.html");
        assert_eq!(
            printable("a\nnewsdesk: forged\x1b[31m\u{9b}2J\x07.html"),
            "a\\nnewsdesk: forged\\u{1b}[31m\\u{9b}2J\\u{7}.html"
        );
    }
}
