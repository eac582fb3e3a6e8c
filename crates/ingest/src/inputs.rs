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
//!
//! `newsdesk ingest` reads more than pages: WARC and ARC archives, JSONL
//! corpora, feeds and sitemaps, and files listing URLs. [`expand_corpus`]
//! walks the same way but keeps those files too, and tells each source's
//! [`CorpusKind`] by its name ([`corpus_kind`]) or, when the name says
//! nothing, by its first bytes ([`sniff_corpus_kind`], [`detect_kind`]).
//! [`expand`] and [`page_kind`], which `newsdesk extract` uses, are unchanged:
//! a directory walk for `extract` still picks up pages only.

use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

use walkdir::{DirEntry, WalkDir};

use crate::error::{IngestError, SourceError};

/// Where one page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// An http(s) URL.
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
    /// HTML (`.html`, `.htm`, `.xhtml`).
    Html,
    /// Scraped text (`.txt`).
    Text,
    /// The name does not say: the first bytes will.
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
    expand_with(arg, is_page_file, IngestError::NoPages)
}

fn expand_with(
    arg: String,
    wanted: fn(&Path) -> bool,
    empty_dir: IngestError,
) -> Box<dyn Iterator<Item = Result<Source, SourceError>>> {
    if arg == "-" {
        return Box::new(std::iter::once(Ok(Source::Stdin)));
    }
    if is_url(&arg) {
        return Box::new(std::iter::once(check_url(arg)));
    }
    let path = PathBuf::from(&arg);
    match fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Box::new(DirPages::new(path, wanted, empty_dir)),
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
    /// Which files the walk keeps.
    wanted: fn(&Path) -> bool,
    /// The error for a directory with none of them.
    empty: Option<IngestError>,
}

impl DirPages {
    fn new(root: PathBuf, wanted: fn(&Path) -> bool, empty: IngestError) -> Self {
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
            wanted,
            empty: Some(empty),
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
            entry.file_type().is_file() && (self.wanted)(path)
        };
        wanted.then(|| Ok(Source::File(path.to_path_buf())))
    }

    fn is_link_to_page_inside(&self, link: &Path) -> bool {
        let (Some(real_root), Ok(target)) = (&self.real_root, fs::canonicalize(link)) else {
            return false;
        };
        target.starts_with(real_root) && target.is_file() && (self.wanted)(link)
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
                    let error = self.empty.take().unwrap_or(IngestError::NoPages);
                    return Some(Err(SourceError { name, error }));
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

/// What an input of `newsdesk ingest` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusKind {
    /// One page (HTML, text, or to be sniffed).
    Page(PageKind),
    /// A WARC file (`.warc`, `.warc.gz`): read with [`crate::WarcReader`].
    Warc,
    /// An ARC file (`.arc`, `.arc.gz`): read with [`crate::ArcReader`].
    Arc,
    /// JSON Lines of pages (`.jsonl`, `.ndjson`, optionally `.gz`): [`crate::JsonlReader`].
    Jsonl,
    /// An RSS/Atom/JSON feed or a sitemap (`.rss`, `.atom`, `.xml`, optionally
    /// `.gz`): [`crate::parse_feed`].
    Feed,
    /// A file of URLs, one per line (`#` comments and blank lines allowed).
    UrlList,
}

/// One source of `newsdesk ingest` and what it holds, as far as its name tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusSource {
    /// Where it is.
    pub source: Source,
    /// By name; `Page(PageKind::Unknown)` when the name says nothing (stdin,
    /// most URLs, `.dat` files): sniff the first bytes with
    /// [`sniff_corpus_kind`] (a fetched URL may turn out to be a feed).
    pub kind: CorpusKind,
}

/// What a file's (or URL path's) name says it holds, looking through `.gz`.
/// `Page(PageKind::Unknown)` when the name says nothing.
pub fn corpus_kind(path: &Path) -> CorpusKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    corpus_kind_of_name(&name)
}

fn corpus_kind_of_name(name: &str) -> CorpusKind {
    let bare = name.strip_suffix(".gz").unwrap_or(name);
    match bare.rsplit_once('.').map(|(_, ext)| ext) {
        Some("warc") => CorpusKind::Warc,
        Some("arc") => CorpusKind::Arc,
        Some("jsonl" | "ndjson") => CorpusKind::Jsonl,
        Some("xml" | "rss" | "atom" | "rdf") => CorpusKind::Feed,
        Some("urls") => CorpusKind::UrlList,
        _ => CorpusKind::Page(page_kind(Path::new(name))),
    }
}

/// Whether a corpus walk should pick up this file.
fn is_corpus_file(path: &Path) -> bool {
    corpus_kind(path) != CorpusKind::Page(PageKind::Unknown)
}

/// Expands the inputs of `newsdesk ingest`, in order, into a lazy stream of
/// sources with their kinds. Directories are walked as by [`expand`], keeping
/// archives, JSONL and feeds as well as pages.
pub fn expand_corpus(args: Vec<String>) -> impl Iterator<Item = Result<CorpusSource, SourceError>> {
    args.into_iter()
        .flat_map(|arg| expand_with(arg, is_corpus_file, IngestError::NoCorpusFiles))
        .map(|item| {
            item.map(|source| {
                let kind = match &source {
                    Source::File(path) => corpus_kind(path),
                    Source::Stdin => CorpusKind::Page(PageKind::Unknown),
                    Source::Url(url) => url_kind(url),
                };
                CorpusSource { source, kind }
            })
        })
}

/// A URL's kind by the last segment of its path: feeds and archives are
/// named like files; anything else is a page to sniff once fetched.
fn url_kind(url: &str) -> CorpusKind {
    let Ok(parsed) = url::Url::parse(url) else {
        return CorpusKind::Page(PageKind::Unknown);
    };
    let last = parsed
        .path_segments()
        .and_then(|mut segments| segments.next_back())
        .unwrap_or("")
        .to_lowercase();
    match corpus_kind_of_name(&last) {
        // A URL ending `.html` or `.txt` is still a page; one ending `.xml` a feed.
        CorpusKind::Page(_) => CorpusKind::Page(PageKind::Unknown),
        kind => kind,
    }
}

/// What the first bytes of a source (decompressed) say it holds: `WARC/1.x`,
/// an ARC `filedesc://` line, a feed or sitemap, JSON objects with a `url`,
/// HTML, or lines that are all http(s) URLs; `Page(PageKind::Unknown)`
/// otherwise.
pub fn sniff_corpus_kind(head: &[u8]) -> CorpusKind {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let trimmed = &head[start..];
    let trimmed = trimmed.strip_prefix(b"\xef\xbb\xbf").unwrap_or(trimmed);
    if trimmed.starts_with(b"WARC/") {
        return CorpusKind::Warc;
    }
    if trimmed.starts_with(b"filedesc://") {
        return CorpusKind::Arc;
    }
    if crate::feed::sniff_feed(trimmed) {
        return CorpusKind::Feed;
    }
    if trimmed.starts_with(b"{") && memchr::memmem::find(trimmed, b"\"url\"").is_some() {
        return CorpusKind::Jsonl;
    }
    if crate::capture::sniff_html(trimmed) {
        return CorpusKind::Page(PageKind::Html);
    }
    if looks_like_url_list(trimmed) {
        return CorpusKind::UrlList;
    }
    CorpusKind::Page(PageKind::Unknown)
}

/// Whether every complete, non-blank, non-comment line is one http(s) URL.
fn looks_like_url_list(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The head may end inside a character: judge the part before it.
        Err(e) if e.valid_up_to() > 0 => return looks_like_url_list(&head[..e.valid_up_to()]),
        Err(_) => return false,
    };
    // The last line may be cut short by the head's end: leave it out.
    let complete = match text.rfind('\n') {
        Some(end) if text.len() >= 8 * 1024 => &text[..end],
        _ => text,
    };
    let mut urls = 0;
    for line in complete.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !is_url(line) || line.contains(char::is_whitespace) {
            return false;
        }
        urls += 1;
    }
    urls > 0
}

/// A file's kind: by its name, or else by its first 8 KiB (gunzipped if
/// gzip). A `.txt` file is sniffed too, since lists of URLs are often named so.
pub fn detect_kind(path: &Path) -> io::Result<CorpusKind> {
    let by_name = corpus_kind(path);
    if !matches!(
        by_name,
        CorpusKind::Page(PageKind::Unknown | PageKind::Text)
    ) {
        return Ok(by_name);
    }
    let mut file = BufReader::new(File::open(path)?);
    let mut raw = Vec::new();
    (&mut file).take(8 * 1024).read_to_end(&mut raw)?;
    let head = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut head = Vec::new();
        let chained = io::Cursor::new(raw).chain(file);
        let decoder = MultiGzDecoder::new(BufReader::new(chained));
        // A broken stream still gives its first bytes.
        let _ = decoder.take(8 * 1024).read_to_end(&mut head);
        head
    } else {
        raw
    };
    let sniffed = sniff_corpus_kind(&head);
    Ok(match (by_name, sniffed) {
        (CorpusKind::Page(PageKind::Text), CorpusKind::UrlList) => CorpusKind::UrlList,
        (CorpusKind::Page(PageKind::Text), _) => by_name,
        (_, sniffed) => sniffed,
    })
}

/// The pages of an archive or JSONL file, streamed: a [`crate::WarcReader`],
/// [`crate::ArcReader`] or [`crate::JsonlReader`] over the opened file, by
/// `kind`. Errs for other kinds and for files that cannot be opened.
pub fn open_archive(
    path: &Path,
    kind: CorpusKind,
) -> Result<Box<dyn Iterator<Item = crate::ArchiveItem> + Send>, IngestError> {
    let file = File::open(path).map_err(io_error)?;
    Ok(match kind {
        CorpusKind::Warc => Box::new(crate::WarcReader::new(file)),
        CorpusKind::Arc => Box::new(crate::ArcReader::new(file)),
        CorpusKind::Jsonl => Box::new(crate::JsonlReader::new(file)),
        other => {
            return Err(IngestError::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not an archive: {other:?}"),
            )))
        }
    })
}

/// The URLs of a URL list, in order: trimmed, blank lines and `#` comments
/// left out, at most `limit` bytes of the list read.
pub fn read_url_list(path: &Path, limit: u64) -> Result<Vec<String>, IngestError> {
    let page = crate::read::read_file(path, limit)?;
    let text = String::from_utf8_lossy(&page.bytes);
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
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

    #[test]
    fn corpus_kinds_follow_names() {
        assert_eq!(corpus_kind(Path::new("a/b.warc")), CorpusKind::Warc);
        assert_eq!(corpus_kind(Path::new("b.WARC.gz")), CorpusKind::Warc);
        assert_eq!(corpus_kind(Path::new("b.arc.gz")), CorpusKind::Arc);
        assert_eq!(corpus_kind(Path::new("b.arc")), CorpusKind::Arc);
        assert_eq!(corpus_kind(Path::new("b.jsonl")), CorpusKind::Jsonl);
        assert_eq!(corpus_kind(Path::new("b.jsonl.gz")), CorpusKind::Jsonl);
        for feed in ["s.xml", "s.rss", "s.atom", "sitemap.xml.gz"] {
            assert_eq!(corpus_kind(Path::new(feed)), CorpusKind::Feed, "{feed}");
        }
        assert_eq!(
            corpus_kind(Path::new("b.html.gz")),
            CorpusKind::Page(PageKind::Html)
        );
        assert_eq!(
            corpus_kind(Path::new("b.dat")),
            CorpusKind::Page(PageKind::Unknown)
        );
        // `newsdesk extract` still sees archives as unknown, not as pages.
        assert_eq!(page_kind(Path::new("b.warc.gz")), PageKind::Unknown);
        assert_eq!(
            url_kind("https://a.example/sitemap.xml?x=1"),
            CorpusKind::Feed
        );
        assert_eq!(
            url_kind("https://a.example/story.html"),
            CorpusKind::Page(PageKind::Unknown)
        );
    }

    #[test]
    fn corpus_kinds_are_sniffed_from_first_bytes() {
        assert_eq!(
            sniff_corpus_kind(b"WARC/1.0\r\nWARC-Type: warcinfo"),
            CorpusKind::Warc
        );
        assert_eq!(
            sniff_corpus_kind(b"filedesc://x.arc 0.0.0.0 2005 text/plain 10\n"),
            CorpusKind::Arc
        );
        assert_eq!(
            sniff_corpus_kind(b"<?xml version='1.0'?><rss>"),
            CorpusKind::Feed
        );
        assert_eq!(
            sniff_corpus_kind(b"{\"url\": \"https://a/\", \"html\": \"\"}\n"),
            CorpusKind::Jsonl
        );
        assert_eq!(
            sniff_corpus_kind(b"<!doctype html><p>"),
            CorpusKind::Page(PageKind::Html)
        );
        assert_eq!(
            sniff_corpus_kind(b"# mine\nhttps://a.example/1\n\nhttp://b.example/\n"),
            CorpusKind::UrlList
        );
        assert_eq!(
            sniff_corpus_kind(b"https://a.example/1 is a link\n"),
            CorpusKind::Page(PageKind::Unknown)
        );
        assert_eq!(
            sniff_corpus_kind(b"Plain text."),
            CorpusKind::Page(PageKind::Unknown)
        );
    }

    #[test]
    fn corpus_walks_keep_archives_and_extract_walks_do_not() {
        let dir = std::env::temp_dir().join(format!("newsdesk-corpus-walk-{}", std::process::id()));
        fs::create_dir_all(dir.join("sub")).expect("a temp dir");
        for name in [
            "a.html",
            "b.warc.gz",
            "sub/c.jsonl",
            "sub/feed.xml",
            "notes.md",
            ".hidden.warc",
        ] {
            fs::write(dir.join(name), b"x").expect("a temp file");
        }
        let arg = dir.display().to_string();
        let corpus: Vec<_> = expand_corpus(vec![arg.clone()])
            .map(|s| s.expect("a source"))
            .map(|s| {
                (
                    s.source.name().rsplit('/').next().unwrap_or("").to_string(),
                    s.kind,
                )
            })
            .collect();
        assert_eq!(
            corpus,
            [
                ("a.html".to_string(), CorpusKind::Page(PageKind::Html)),
                ("b.warc.gz".to_string(), CorpusKind::Warc),
                ("c.jsonl".to_string(), CorpusKind::Jsonl),
                ("feed.xml".to_string(), CorpusKind::Feed),
            ]
        );
        let pages: Vec<_> = expand(vec![arg]).collect();
        assert_eq!(pages.len(), 1);
        let list = dir.join("urls.txt");
        fs::write(&list, b"https://a.example/1\nhttps://a.example/2\n").expect("a temp file");
        assert_eq!(detect_kind(&list).expect("readable"), CorpusKind::UrlList);
        assert_eq!(read_url_list(&list, 1000).expect("readable").len(), 2);
        let _ = fs::remove_dir_all(&dir);
    }
}
