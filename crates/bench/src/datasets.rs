//! The benchmark datasets in `../shared/datasets`: where they are, which pages
//! they hold (in the same order as `anchors.py` walks them) and reading those
//! pages into memory.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::read::GzDecoder;

/// The datasets the harness knows, each with its own layout and scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 181 news pages, `html/<id>.html.gz`, body F1 over 4-gram shingles.
    Zyte,
    /// WCXB dev split, `html/NNNN.html.gz`, scored on its article pages.
    Wcxb,
    /// Mozilla Readability's test pages, `<name>/source.html.gz`, metadata only.
    Readability,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Zyte, Kind::Wcxb, Kind::Readability];

    /// The folder name under the datasets directory.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Zyte => "zyte-article-extraction",
            Kind::Wcxb => "wcxb-dev",
            Kind::Readability => "readability-test-pages",
        }
    }

    /// A short name for file names and JSON keys.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Zyte => "zyte",
            Kind::Wcxb => "wcxb",
            Kind::Readability => "readability-pages",
        }
    }

    /// Extra arguments `score.py` needs for this dataset.
    pub fn score_args(self) -> &'static [&'static str] {
        match self {
            Kind::Wcxb => &["--page-type", "article"],
            _ => &[],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.folder())
    }
}

/// One dataset found on disk, with its page files.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub kind: Kind,
    pub dir: PathBuf,
    /// Page files, sorted as `anchors.py` sorts them, cut to `--limit`.
    pub pages: Vec<PathBuf>,
}

/// One page read into memory and decompressed.
pub struct Page {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Finds a dataset under `root`; `Ok(None)` when its folder is absent or empty.
pub fn find(root: &Path, kind: Kind, limit: Option<usize>) -> Result<Option<Dataset>> {
    let dir = root.join(kind.folder());
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut pages = match kind {
        Kind::Zyte | Kind::Wcxb => files_in(&dir.join("html"), |name| name.ends_with(".html.gz"))?,
        Kind::Readability => {
            let mut found = Vec::new();
            for entry in
                std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?
            {
                let source = entry?.path().join("source.html.gz");
                if source.is_file() {
                    found.push(source);
                }
            }
            found
        }
    };
    pages.sort();
    if let Some(limit) = limit {
        pages.truncate(limit);
    }
    Ok((!pages.is_empty()).then_some(Dataset { kind, dir, pages }))
}

fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(&keep) {
            found.push(path);
        }
    }
    Ok(found)
}

impl Dataset {
    /// Reads and gunzips every page into memory.
    pub fn load(&self) -> Result<Vec<Page>> {
        self.pages
            .iter()
            .map(|path| {
                let bytes = read_page(path)?;
                Ok(Page {
                    path: path.clone(),
                    bytes,
                })
            })
            .collect()
    }
}

/// Reads one page file, decompressing it when its name ends in `.gz`.
pub fn read_page(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::with_capacity(raw.len() * 4);
        GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .with_context(|| format!("gunzipping {}", path.display()))?;
        Ok(out)
    } else {
        Ok(raw)
    }
}
