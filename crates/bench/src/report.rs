//! Everything one run measured, printed as tables (plain or Markdown) and
//! saved as JSON.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::anchors::AnchorRun;
use crate::memory::MemoryRun;
use crate::quality::{OurRun, PageTime};
use crate::score::Score;
use crate::speed::OurSpeed;

/// The speed bars newsdesk must clear: (anchor, minimum newsdesk/anchor ratio).
pub const SPEED_BARS: [(&str, f64); 2] = [("resiliparse", 1.5), ("trafilatura", 15.0)];
/// The peak RSS bar for the memory runs, in MB.
pub const RSS_BAR_MB: f64 = 200.0;

/// All results of one `extract` run.
#[derive(Debug, Default, Serialize)]
pub struct Results {
    pub datasets_dir: PathBuf,
    pub limit: Option<usize>,
    /// newsdesk over the speed sets' pages, in memory, single thread.
    pub speed: Option<OurSpeed>,
    /// The datasets (keys) the speed part read.
    pub speed_sets: Vec<String>,
    /// Every anchors.py run, per dataset (those on the speed sets give the
    /// speed table).
    pub anchor_runs: Vec<DatasetRun>,
    /// score.py's results, per tool and dataset.
    pub scores: Vec<ToolScore>,
    /// newsdesk's guarded pass over each dataset.
    pub newsdesk_runs: Vec<OurRun>,
    pub slowest_pages: Vec<PageTime>,
    pub memory: Vec<MemoryRun>,
    /// Parts or datasets skipped, and why.
    pub notes: Vec<String>,
    /// `/proc/loadavg` at the start and the end: other work skews the timings.
    pub load_average: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DatasetRun {
    pub dataset: String,
    #[serde(flatten)]
    pub run: AnchorRun,
}

#[derive(Debug, Serialize)]
pub struct ToolScore {
    pub tool: String,
    pub score: Score,
}

/// A table rendered either with aligned columns or as Markdown.
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Lines printed under the table.
    pub footer: Vec<String>,
}

impl Table {
    pub(crate) fn new(title: &str, headers: &[&str]) -> Table {
        Table {
            title: title.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            footer: Vec::new(),
        }
    }

    pub fn render(&self, markdown: bool) -> String {
        let mut out = String::new();
        if markdown {
            let _ = writeln!(out, "### {}\n", self.title);
            let _ = writeln!(out, "| {} |", self.headers.join(" | "));
            let rule: Vec<&str> = self
                .headers
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { "---" } else { "---:" })
                .collect();
            let _ = writeln!(out, "|{}|", rule.join("|"));
            for row in &self.rows {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            }
            if !self.footer.is_empty() {
                out.push('\n');
                for line in &self.footer {
                    let _ = writeln!(out, "{line}  ");
                }
            }
        } else {
            let _ = writeln!(out, "== {} ==", self.title);
            let widths: Vec<usize> = (0..self.headers.len())
                .map(|i| {
                    let cells = self
                        .rows
                        .iter()
                        .filter_map(|r| r.get(i))
                        .map(|c| c.chars().count());
                    cells
                        .chain([self.headers[i].chars().count()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: &[String]| {
                let padded: Vec<String> = cells
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        if i == 0 {
                            format!("{c:<w$}")
                        } else {
                            format!("{c:>w$}")
                        }
                    })
                    .collect();
                padded.join("  ").trim_end().to_string()
            };
            let _ = writeln!(out, "{}", line(&self.headers));
            for row in &self.rows {
                let _ = writeln!(out, "{}", line(row));
            }
            for footer in &self.footer {
                let _ = writeln!(out, "{footer}");
            }
        }
        out
    }
}

fn num(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

fn opt(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| num(v, 3))
}

impl Results {
    /// The tables to print, in order; empty parts give no table.
    pub fn tables(&self) -> Vec<Table> {
        [
            self.speed_table(),
            self.quality_table(),
            self.robustness_table(),
            self.memory_table(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn speed_table(&self) -> Option<Table> {
        let ours = self.speed.as_ref()?;
        let mut table = Table::new(
            &format!(
                "Speed: {} ({} pages), in memory, one thread",
                self.speed_sets.join(" + "),
                ours.pages
            ),
            &["tool", "pages/s", "MB/s", "newsdesk ×"],
        );
        table.rows.push(vec![
            "newsdesk".into(),
            num(ours.pages_per_s, 1),
            num(ours.mb_per_s, 2),
            "1.0".into(),
        ]);
        // Each tool's runs over the speed sets, summed into one.
        let mut anchors: Vec<AnchorRun> = Vec::new();
        for r in self
            .anchor_runs
            .iter()
            .filter(|r| self.speed_sets.contains(&r.dataset))
        {
            match anchors.iter_mut().find(|a| a.tool == r.run.tool) {
                Some(sum) => {
                    sum.pages += r.run.pages;
                    sum.failed += r.run.failed;
                    sum.seconds += r.run.seconds;
                    sum.pages_per_s = if sum.seconds > 0.0 {
                        sum.pages as f64 / sum.seconds
                    } else {
                        0.0
                    };
                }
                None => anchors.push(r.run.clone()),
            }
        }
        // A tool that did not run on every speed set is not comparable.
        anchors.retain(|a| {
            self.anchor_runs
                .iter()
                .filter(|r| r.run.tool == a.tool && self.speed_sets.contains(&r.dataset))
                .count()
                == self.speed_sets.len()
        });
        for run in &anchors {
            let mb_per_s = if run.pages == ours.pages && run.seconds > 0.0 {
                num(ours.bytes as f64 / 1e6 / run.seconds, 2)
            } else {
                "–".into()
            };
            table.rows.push(vec![
                run.tool.clone(),
                num(run.pages_per_s, 1),
                mb_per_s,
                ratio(ours.pages_per_s, run.pages_per_s),
            ]);
        }
        table.footer.push(format!(
            "newsdesk: {} rounds in {:.2} s; best round {:.1} pages/s; {:.1} MB per round; {} panics",
            ours.rounds,
            ours.seconds,
            ours.best_round_pages_per_s,
            ours.bytes as f64 / 1e6,
            ours.panics
        ));
        for (tool, bar) in SPEED_BARS {
            match anchors.iter().find(|r| r.tool == tool) {
                Some(run) if run.pages_per_s > 0.0 => {
                    let got = ours.pages_per_s / run.pages_per_s;
                    let verdict = if got >= bar { "PASS" } else { "FAIL" };
                    table.footer.push(format!(
                        "bar: newsdesk ≥ {bar}× {tool}: {got:.2}× {verdict}"
                    ));
                }
                _ => table
                    .footer
                    .push(format!("bar: newsdesk ≥ {bar}× {tool}: not measured")),
            }
        }
        Some(table)
    }

    fn quality_table(&self) -> Option<Table> {
        if self.scores.is_empty() {
            return None;
        }
        let mut table = Table::new(
            "Quality (score.py)",
            &[
                "tool",
                "Zyte F1",
                "WCXB art. F1",
                "WCXB title",
                "WCXB date",
                "WCXB author",
                "Rdb title",
                "Rdb byline",
                "Rdb date",
                "Rdb lang",
            ],
        );
        let mut tools: Vec<&str> = Vec::new();
        for s in &self.scores {
            if !tools.contains(&s.tool.as_str()) {
                tools.push(&s.tool);
            }
        }
        for tool in tools {
            let mut row = vec!["–".to_string(); 10];
            row[0] = tool.to_string();
            for s in self.scores.iter().filter(|s| s.tool == tool) {
                match &s.score {
                    Score::Zyte(z) => row[1] = num(z.f1, 3),
                    Score::Wcxb(w) => {
                        row[2] = num(w.f1, 3);
                        row[3] = opt(w.title_accuracy);
                        row[4] = opt(w.date_accuracy);
                        row[5] = opt(w.author_accuracy);
                    }
                    Score::Readability(r) => {
                        row[6] = opt(r.title_accuracy);
                        row[7] = opt(r.byline_accuracy);
                        row[8] = opt(r.published_accuracy);
                        row[9] = opt(r.lang_accuracy);
                    }
                }
            }
            table.rows.push(row);
        }
        table.footer.push(
            "Zyte F1: 4-gram shingles; WCXB: word F1 on article pages, metadata accuracy; Rdb: Readability test pages"
                .into(),
        );
        for s in &self.scores {
            let (pages, predicted, detail) = match &s.score {
                Score::Zyte(z) => (
                    "zyte",
                    z.predicted,
                    format!("P {:.3} R {:.3}", z.precision, z.recall),
                ),
                Score::Wcxb(w) => (
                    "wcxb articles",
                    w.predicted,
                    format!(
                        "P {:.3} R {:.3}, with {:.3}, without {:.3}",
                        w.precision, w.recall, w.with, w.without
                    ),
                ),
                Score::Readability(r) => ("readability pages", r.predicted, String::new()),
            };
            let total = match &s.score {
                Score::Zyte(z) => z.pages,
                Score::Wcxb(w) => w.pages,
                Score::Readability(r) => r.pages,
            };
            table.footer.push(
                format!(
                    "{} on {pages}: {predicted}/{total} predicted {detail}",
                    s.tool
                )
                .trim_end()
                .into(),
            );
        }
        Some(table)
    }

    fn robustness_table(&self) -> Option<Table> {
        if self.newsdesk_runs.is_empty() {
            return None;
        }
        let mut table = Table::new("newsdesk robustness: slowest pages", &["page", "ms", "KB"]);
        for page in &self.slowest_pages {
            let path = page
                .path
                .strip_prefix(&self.datasets_dir)
                .unwrap_or(&page.path);
            table.rows.push(vec![
                path.display().to_string(),
                num(page.ms, 1),
                num(page.bytes as f64 / 1e3, 0),
            ]);
        }
        for run in &self.newsdesk_runs {
            table.footer.push(format!(
                "{}: {} pages in {:.2} s ({:.1} pages/s), {} refused, {} empty bodies, {} panics",
                run.dataset,
                run.pages,
                run.seconds,
                run.pages as f64 / run.seconds.max(1e-9),
                run.errors,
                run.empty,
                run.panics.len()
            ));
            for panic in &run.panics {
                table.footer.push(format!(
                    "  PANIC {}: {}",
                    panic.path.display(),
                    panic.message
                ));
            }
        }
        Some(table)
    }

    fn memory_table(&self) -> Option<Table> {
        let first = self.memory.first()?;
        let mut table = Table::new(
            &format!(
                "Memory and scaling: newsdesk binary on WCXB dev ({} pages), best of runs",
                first.pages
            ),
            &[
                "-j",
                "records",
                "failed",
                "seconds",
                "pages/s",
                "CPU s",
                "peak RSS MB",
            ],
        );
        for run in &self.memory {
            table.rows.push(vec![
                run.jobs.to_string(),
                run.records.to_string(),
                run.failed.to_string(),
                num(run.seconds, 2),
                num(run.pages_per_s, 1),
                num(run.cpu_seconds, 2),
                num(run.peak_rss_mb, 1),
            ]);
        }
        if let (Some(one), Some(two)) = (
            self.memory.iter().find(|r| r.jobs == 1),
            self.memory.iter().find(|r| r.jobs == 2),
        ) {
            table.footer.push(format!(
                "speed-up -j 2 / -j 1: {:.2}×",
                two.pages_per_s / one.pages_per_s
            ));
        }
        let peak = self
            .memory
            .iter()
            .map(|r| r.peak_rss_mb)
            .fold(0.0, f64::max);
        let verdict = if peak < RSS_BAR_MB { "PASS" } else { "FAIL" };
        table.footer.push(format!(
            "bar: peak RSS < {RSS_BAR_MB} MB: {peak:.1} MB {verdict}"
        ));
        Some(table)
    }
}

fn ratio(ours: f64, theirs: f64) -> String {
    if theirs > 0.0 {
        format!("{:.2}", ours / theirs)
    } else {
        "–".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_and_text() {
        let mut table = Table::new("T", &["tool", "x"]);
        table.rows.push(vec!["newsdesk".into(), "1.0".into()]);
        assert!(table.render(true).contains("| newsdesk | 1.0 |"));
        assert!(table.render(false).contains("newsdesk  1.0"));
    }

    fn anchor(dataset: &str, tool: &str, pages: usize, seconds: f64) -> DatasetRun {
        DatasetRun {
            dataset: dataset.into(),
            run: AnchorRun {
                tool: tool.into(),
                pages,
                failed: 0,
                seconds,
                pages_per_s: pages as f64 / seconds,
            },
        }
    }

    #[test]
    fn speed_table_sums_each_anchor_over_the_speed_sets() {
        let results = Results {
            speed: Some(OurSpeed {
                pages: 150,
                bytes: 1_000_000,
                rounds: 1,
                seconds: 1.0,
                pages_per_s: 150.0,
                mb_per_s: 1.0,
                best_round_pages_per_s: 150.0,
                panics: 0,
            }),
            speed_sets: vec!["zyte".into(), "readability-pages".into()],
            anchor_runs: vec![
                anchor("zyte", "resiliparse", 100, 1.0),
                anchor("readability-pages", "resiliparse", 50, 1.0),
                anchor("wcxb", "resiliparse", 1000, 1.0),
                anchor("zyte", "trafilatura", 100, 10.0),
            ],
            ..Results::default()
        };
        let table = results.speed_table().expect("a speed table").render(true);
        assert!(table.contains("| resiliparse | 75.0 |"), "{table}");
        assert!(table.contains("1.5× resiliparse: 2.00× PASS"), "{table}");
        // Not run on every speed set: not comparable.
        assert!(!table.contains("| trafilatura |"), "{table}");
    }
}
