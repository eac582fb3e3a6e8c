//! A check that a crate's code holds no language words of a given script:
//! per-language words live in data files, and a test over the source tree
//! keeps it so (as ripgrep's tests keep its type table sorted).
//!
//! [`letters_in_code`] reads Rust source with a small lexer that knows
//! comments (`//`, nested `/* */`), string literals (plain, byte and raw,
//! `r#"…"#`), character literals and lifetimes, and stops at the first
//! `#[cfg(test)]` line (the test module, by the workspace's convention at the
//! end of the file). What it reports is code: identifiers, string and
//! character literals.

use std::path::{Path, PathBuf};

/// Each line of code in `source` (outside comments, before the test
/// module) that holds a char `is_word_letter` accepts: its line number
/// (from 1) and the line, trimmed.
pub fn letters_in_code(
    source: &str,
    is_word_letter: impl Fn(char) -> bool,
) -> Vec<(usize, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let end = lines
        .iter()
        .position(|l| l.trim() == "#[cfg(test)]")
        .unwrap_or(lines.len());
    let code = code_chars(&lines[..end].join("\n"));
    let mut found: Vec<(usize, String)> = Vec::new();
    for (line, c) in code {
        if is_word_letter(c) && found.last().is_none_or(|(l, _)| *l != line) {
            found.push((line, lines[line - 1].trim().to_string()));
        }
    }
    found
}

/// The chars of `source` that are code, each with its line number.
fn code_chars(source: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut line = 1;
    let mut i = 0;
    // Advances over chars[i..to], keeping them as code or not.
    let mut take = |from: usize, to: usize, keep: bool, line: &mut usize| {
        for &c in &chars[from..to.min(chars.len())] {
            if keep {
                out.push((*line, c));
            }
            if c == '\n' {
                *line += 1;
            }
        }
    };
    while i < chars.len() {
        let at = |k: usize| chars.get(i + k).copied();
        let end = match (chars[i], at(1)) {
            ('/', Some('/')) => {
                let end = (i..chars.len())
                    .find(|&k| chars[k] == '\n')
                    .unwrap_or(chars.len());
                take(i, end, false, &mut line);
                i = end;
                continue;
            }
            ('/', Some('*')) => {
                let end = block_comment_end(&chars, i);
                take(i, end, false, &mut line);
                i = end;
                continue;
            }
            ('r', Some('"' | '#')) | ('b', Some('r')) if !ident_before(&chars, i) => {
                raw_string_end(&chars, i)
            }
            ('"', _) => string_end(&chars, i),
            ('\'', _) => char_literal_end(&chars, i),
            _ => i + 1,
        };
        take(i, end, true, &mut line);
        i = end;
    }
    out
}

fn ident_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

fn block_comment_end(chars: &[char], start: usize) -> usize {
    let (mut depth, mut i) = (0usize, start);
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => {
                depth += 1;
                i += 2;
            }
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// The end of `r"…"`, `r#"…"#`, `br"…"` at `start` (or just past `r` when
/// it is not one).
fn raw_string_end(chars: &[char], start: usize) -> usize {
    let mut i = start + if chars[start] == 'b' { 2 } else { 1 };
    let hashes = chars[i..].iter().take_while(|&&c| c == '#').count();
    i += hashes;
    if chars.get(i) != Some(&'"') {
        return start + 1;
    }
    i += 1;
    while i < chars.len() {
        if chars[i] == '"'
            && chars[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return i + 1 + hashes;
        }
        i += 1;
    }
    chars.len()
}

fn string_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// The end of a char literal (`'a'`, `'\n'`, `'\u{301}'`) at `start`, or
/// just past the quote of a lifetime (`'a`).
fn char_literal_end(chars: &[char], start: usize) -> usize {
    match chars.get(start + 1) {
        Some('\\') => (start + 3..chars.len())
            .find(|&k| chars[k] == '\'')
            .map_or(chars.len(), |k| k + 1),
        Some(_) if chars.get(start + 2) == Some(&'\'') => start + 3,
        _ => start + 1,
    }
}

/// The `.rs` files under `dir`, sorted, leaving out test modules kept in
/// their own file (`tests.rs`).
pub fn rust_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Cyrillic letters (U+0400..U+04FF): the script whose words most often
/// crept into code.
pub fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// `path:line: text` for every line of code in `files` holding a char
/// `is_word_letter` accepts.
pub fn report(files: &[PathBuf], is_word_letter: impl Fn(char) -> bool + Copy) -> Vec<String> {
    let mut out = Vec::new();
    for path in files {
        match std::fs::read_to_string(path) {
            Ok(source) => out.extend(
                letters_in_code(&source, is_word_letter)
                    .into_iter()
                    .map(|(line, text)| format!("{}:{line}: {text}", path.display())),
            ),
            Err(e) => out.push(format!("{}: {e}", path.display())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_not_code_but_literals_are() {
        let source = "// «Привет»\nfn a() { let x = \"да\"; } /* нет */\nlet c = 'ы'; let r = r#\"мир\"#;\nfn b<'a>(s: &'a str) {} // ok\n/// Докум.\n#[cfg(test)]\nmod tests { \"тест\" }\n";
        let found: Vec<usize> = letters_in_code(source, is_cyrillic)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(found, [2, 3]);
        assert!(letters_in_code("let url = \"https://x\"; // заметка\n", is_cyrillic).is_empty());
        assert!(letters_in_code("let s = \"a\\\"б\";\n", is_cyrillic).len() == 1);
    }
}
