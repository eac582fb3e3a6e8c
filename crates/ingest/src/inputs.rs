//! Command-line inputs to a stream of page sources.
//!
//! An input is `-` (stdin), an http(s) URL, a file, or a directory. A
//! directory is walked recursively in sorted order, keeping only page files
//! (`.html`, `.htm`, `.xhtml`, `.txt`, each optionally `.gz`) and skipping
//! hidden files and folders. Symlinks are never followed out of the directory
//! (a link to a file inside it is kept; links to folders are not walked, which
//! also rules out loops). The stream is lazy, so a directory of a million
//! pages costs no memory up front, and its order is stable, so output order
//! is reproducible.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::error::{IngestError, SourceError};

/// Where one page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
    Url(String),
}

impl Source {
    /// The source as the user gave or would recognise it: a path, a URL or `-`.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "-".to_string(),
            Source::Url(url) => url.clone(),
        }
    }
}

/// What a file's name says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Html,
    Text,
    Unknown,
}

const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// What a file's name says it holds, looking through a `.gz` suffix.
pub fn page_kind(path: &Path) -> PageKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("txt") => PageKind::Text,
        Some(ext) if HTML_EXTENSIONS.contains(&ext) => PageKind::Html,
        _ => PageKind::Unknown,
    }
}

/// Whether a directory walk should pick up this file.
fn is_page_file(path: &Path) -> bool {
    page_kind(path) != PageKind::Unknown
}

/// Whether `arg` names an http(s) URL rather than a path.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Whether `arg` is a directory (and so stands for many pages).
pub fn is_directory(arg: &str) -> bool {
    arg != "-" && !is_url(arg) && Path::new(arg).is_dir()
}

/// Expands command-line inputs, in order, into a lazy stream of sources. An
/// input that cannot be used (a missing file, an invalid URL, an unreadable
/// or page-less directory) becomes an `Err` in its place; the rest go on.
pub fn expand(args: Vec<String>) -> impl Iterator<Item = Result<Source, SourceError>> {
    args.into_iter().flat_map(expand_one)
}

fn expand_one(arg: String) -> Box<dyn Iterator<Item = Result<Source, SourceError>>> {
    if arg == "-" {
        return Box::new(std::iter::once(Ok(Source::Stdin)));
    }
    if is_url(&arg) {
        return Box::new(std::iter::once(check_url(arg)));
    }
    let path = PathBuf::from(&arg);
    match fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Box::new(DirPages::new(path)),
        // A named non-directory is read as given, even a pipe or a device
        // (`/dev/stdin`): reads are bounded, so even `/dev/zero` is harmless.
        Ok(_) => Box::new(std::iter::once(Ok(Source::File(path)))),
        Err(e) => Box::new(std::iter::once(Err(SourceError {
            name: arg,
            error: io_error(e),
        }))),
    }
}

fn io_error(e: std::io::Error) -> IngestError {
    if e.kind() == std::io::ErrorKind::NotFound {
        IngestError::NotFound
    } else {
        IngestError::Io(e)
    }
}

fn check_url(arg: String) -> Result<Source, SourceError> {
    match url::Url::parse(&arg) {
        Ok(parsed) if parsed.host_str().is_some_and(|h| !h.is_empty()) => Ok(Source::Url(arg)),
        Ok(_) => Err(SourceError {
            name: arg,
            error: IngestError::InvalidUrl("no host".into()),
        }),
        Err(e) => Err(SourceError {
            name: arg,
            error: IngestError::InvalidUrl(e.to_string()),
        }),
    }
}

/// The page files under one directory, walked lazily in sorted order.
struct DirPages {
    root: PathBuf,
    /// The root's real location, to tell links inside it from links out of it.
    real_root: Option<PathBuf>,
    walker: walkdir::FilterEntry<walkdir::IntoIter, fn(&DirEntry) -> bool>,
    found: usize,
    finished: bool,
}

impl DirPages {
    fn new(root: PathBuf) -> Self {
        let walker = WalkDir::new(&root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(not_hidden as fn(&DirEntry) -> bool);
        let real_root = fs::canonicalize(&root).ok();
        DirPages {
            root,
            real_root,
            walker,
            found: 0,
            finished: false,
        }
    }

    /// What to make of one walk entry: a page, an error, or nothing.
    fn visit(&self, entry: walkdir::Result<DirEntry>) -> Option<Result<Source, SourceError>> {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return Some(Err(self.walk_error(e))),
        };
        let path = entry.path();
        let wanted = if entry.file_type().is_symlink() {
            self.is_link_to_page_inside(path)
        } else {
            entry.file_type().is_file() && is_page_file(path)
        };
        wanted.then(|| Ok(Source::File(path.to_path_buf())))
    }

    fn is_link_to_page_inside(&self, link: &Path) -> bool {
        let (Some(real_root), Ok(target)) = (&self.real_root, fs::canonicalize(link)) else {
            return false;
        };
        target.starts_with(real_root) && target.is_file() && is_page_file(link)
    }

    fn walk_error(&self, e: walkdir::Error) -> SourceError {
        let name = e.path().unwrap_or(&self.root).display().to_string();
        SourceError {
            name,
            error: IngestError::Walk(e.to_string()),
        }
    }
}

impl Iterator for DirPages {
    type Item = Result<Source, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            let Some(entry) = self.walker.next() else {
                self.finished = true;
                if self.found == 0 {
                    let name = self.root.display().to_string();
                    return Some(Err(SourceError {
                        name,
                        error: IngestError::NoPages,
                    }));
                }
                return None;
            };
            if let Some(item) = self.visit(entry) {
                self.found += 1;
                return Some(item);
            }
        }
        None
    }
}

/// Hidden files and folders (`.git`, `.DS_Store`...) are skipped; the root
/// itself is always walked, even when it is `.` or `..`.
fn not_hidden(entry: &DirEntry) -> bool {
    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_extensions_through_gz() {
        assert_eq!(page_kind(Path::new("a/b.HTML")), PageKind::Html);
        assert_eq!(page_kind(Path::new("b.htm.gz")), PageKind::Html);
        assert_eq!(page_kind(Path::new("b.xhtml")), PageKind::Html);
        assert_eq!(page_kind(Path::new("b.txt.gz")), PageKind::Text);
        assert_eq!(page_kind(Path::new("b.gz")), PageKind::Unknown);
        assert_eq!(page_kind(Path::new("b.json")), PageKind::Unknown);
        assert_eq!(page_kind(Path::new("README")), PageKind::Unknown);
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.com/a"));
        assert!(is_url("HTTP://example.com"));
        assert!(!is_url("ftp://example.com"));
        assert!(!is_url("page.html"));
        assert!(!is_url("-"));
    }

    #[test]
    fn bad_inputs_become_errors_in_place() {
        let items: Vec<_> = expand(vec![
            "-".into(),
            "/no/such/file.html".into(),
            "http://".into(),
        ])
        .collect();
        assert!(matches!(items[0], Ok(Source::Stdin)));
        assert!(matches!(
            &items[1],
            Err(SourceError {
                error: IngestError::NotFound,
                ..
            })
        ));
        assert!(matches!(
            &items[2],
            Err(SourceError {
                error: IngestError::InvalidUrl(_),
                ..
            })
        ));
    }
}
