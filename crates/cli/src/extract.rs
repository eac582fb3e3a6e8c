//! `newsdesk extract`: pages in, article records out; and `newsdesk analyze`,
//! the same with each record's analysis (`newsdesk-analyze`) added.
//!
//! This is where the pieces meet: `newsdesk-ingest` expands the inputs and
//! reads each page's bytes with bounds, `newsdesk-extract` turns them into an
//! [`Article`], and [`crate::render`] prints it. Pages are worked on in
//! parallel, but records are printed in input order as soon as they are ready
//! ([`crate::ordered`]), so memory does not grow with the number of inputs.
//!
//! Web archives (WARC, ARC, JSON Lines captures; also a WARC on stdin) are
//! expanded into one record per page by [`crate::archive`]; `--signatures`
//! adds each record's duplicate signature ([`render::Signatures`]).
//!
//! One input (a file, `-` or a URL) is a *single* run: the record goes to
//! stdout, or, if the page cannot be read, a message to stderr and exit code 1.
//! Several inputs or a directory is a *batch*: a failing input gets a record
//! with its `source` and `error` and the rest go on, a summary goes to stderr
//! at the end, and the exit code is 1 if any input failed.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use newsdesk_extract::{
    extract_article, extract_article_explained, Article, Dropped, ExtractError, ExtractOptions,
    InputKind,
};
use newsdesk_ingest::{inputs, FetchOptions, Fetcher, Page, PageKind, Source, MAX_INPUT_BYTES};

use crate::archive::{self, Job, ReadyPage, StdinHead};
use crate::args::ExtractArgs;
use crate::ordered::run_ordered;
use crate::render::{self, Extras, Format, Signatures};

/// Stack for each worker: generous, so that no page's structure can overflow it.
const WORKER_STACK_BYTES: usize = 32 * 1024 * 1024;
/// How many inputs each worker may have in flight (being read, or waiting to be printed).
const WINDOW_PER_WORKER: usize = 4;

/// Which command runs: `extract` prints the article, `analyze` adds its analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Extract,
    Analyze,
}

impl Mode {
    /// The past participle for the summary line ("extracted 3 pages").
    fn done(self) -> &'static str {
        match self {
            Mode::Extract => "extracted",
            Mode::Analyze => "analyzed",
        }
    }
}

/// What was asked for, once the defaults are filled in and checked.
struct Plan {
    inputs: Vec<String>,
    format: Format,
    batch: bool,
}

/// The inputs, with standard input standing in when none is named.
fn inputs_of(args: &ExtractArgs) -> Result<Vec<String>, String> {
    let mut inputs = args.inputs.clone();
    if inputs.is_empty() {
        if io::stdin().is_terminal() {
            return Err(
                "no INPUT given: name files, directories or URLs, or - for standard input".into(),
            );
        }
        inputs.push("-".into());
    }
    Ok(inputs)
}

/// Checks the arguments; a conflict is a usage error (exit code 2). `stdin`
/// is the head of standard input when `-` is an input.
fn plan(
    args: &ExtractArgs,
    inputs: Vec<String>,
    stdin: Option<&StdinHead>,
) -> Result<Plan, String> {
    let batch = inputs.len() > 1
        || inputs
            .iter()
            .any(|i| inputs::is_directory(i) || archive::is_archive_arg(i))
        || stdin.is_some_and(StdinHead::is_archive);
    if args.url.is_some() && (batch || inputs.iter().any(|i| inputs::is_url(i))) {
        return Err(
            "--url is for one file or standard input, not for several inputs, a directory or a URL"
                .into(),
        );
    }
    let format = args
        .format
        .unwrap_or(if batch { Format::Jsonl } else { Format::Json });
    if args.signatures && !matches!(format, Format::Json | Format::Jsonl) {
        return Err("--signatures needs --format json or jsonl".into());
    }
    Ok(Plan {
        inputs,
        format,
        batch,
    })
}

/// Runs `newsdesk extract` or, with [`Mode::Analyze`], `newsdesk analyze`.
/// `usage_error` reports a bad combination of arguments the clap way (and
/// exits with code 2).
pub fn run(
    args: ExtractArgs,
    mode: Mode,
    usage_error: impl Fn(String) -> anyhow::Error,
) -> anyhow::Result<ExitCode> {
    let inputs = inputs_of(&args).map_err(&usage_error)?;
    // Standard input is sniffed first: a WARC on it makes a batch.
    let stdin = inputs.iter().any(|i| i == "-").then(StdinHead::read);
    let plan = plan(&args, inputs, stdin.as_ref()).map_err(&usage_error)?;
    let threads = args.jobs.map_or_else(default_jobs, NonZeroUsize::get);
    let pool = worker_pool(threads)?;
    let worker = Worker {
        mode,
        fetcher: Fetcher::new(FetchOptions::with_timeout(args.timeout)),
        url: args.url,
        format: plan.format,
        batch: plan.batch,
        signatures: args.signatures,
        explain: args.explain,
    };
    let started = Instant::now();
    let mut writer = Writer::new(plan.format, plan.batch, mode);
    let sources = archive::jobs(plan.inputs, stdin);
    let window = threads * WINDOW_PER_WORKER;
    let outcome = writer
        .begin()
        .and_then(|()| {
            let work = move |item| worker.entry(item);
            run_ordered(&pool, sources, window, work, |entry| writer.write(entry))
        })
        .and_then(|()| writer.finish());
    match outcome {
        Ok(()) => Ok(writer.report(started.elapsed())),
        // The reader went away (`| head`): nothing more to say to anyone.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write the output"),
    }
}

fn worker_pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(WORKER_STACK_BYTES)
        .thread_name(|i| format!("newsdesk-worker-{i}"))
        .build()
        .context("cannot start the worker threads")
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// One input's outcome, rendered and ready to print.
struct Entry {
    source: String,
    rendered: String,
    /// Why the input could not be extracted, if it could not.
    error: Option<String>,
    warnings: Vec<String>,
}

/// What every worker thread needs to turn a source into an [`Entry`].
struct Worker {
    mode: Mode,
    fetcher: Fetcher,
    url: Option<String>,
    format: Format,
    batch: bool,
    /// Whether records carry their duplicate signatures.
    signatures: bool,
    /// Whether records say what was dropped from the body and why.
    explain: bool,
}

/// An extracted article and, when asked for, what its body left out.
type Extracted = (Article, Option<Vec<Dropped>>);

impl Worker {
    /// Reads, extracts and renders one job; never panics.
    fn entry(&self, job: Job) -> Entry {
        let guarded = |f: &dyn Fn() -> Result<(Extracted, Option<String>), String>| {
            catch_unwind(AssertUnwindSafe(f))
                .unwrap_or_else(|panic| Err(format!("internal error: {}", panic_message(&*panic))))
        };
        let (source, result) = match job {
            Job::Input(Err(failed)) => (failed.name, Err(failed.error.to_string())),
            Job::Input(Ok(source)) => {
                let result = guarded(&|| self.extract(&source).map(|a| (a, None)));
                (source.name(), result)
            }
            Job::Page(page) => {
                let result = guarded(&|| self.extract_ready(&page));
                (page.source, result)
            }
            Job::Failed { source, error } => (source, Err(error)),
        };
        match result {
            Ok(((mut article, dropped), fetched_at)) => {
                article.source.clone_from(&source);
                let mut extras = Extras {
                    fetched_at,
                    signatures: None,
                    dropped,
                };
                let rendered = match self.mode {
                    Mode::Extract => {
                        extras.signatures = self.signatures.then(|| Signatures::of(&article.text));
                        render::article(&article, &extras, self.format, self.batch)
                    }
                    Mode::Analyze => match analyze(&mut article) {
                        Ok(analysis) => {
                            extras.signatures =
                                self.signatures.then(|| Signatures::of(&article.text));
                            render::analyzed(&article, &analysis, &extras, self.format, self.batch)
                        }
                        Err(error) => {
                            let rendered = render::failure(&source, &error, self.format);
                            return Entry {
                                source,
                                rendered,
                                error: Some(error),
                                warnings: Vec::new(),
                            };
                        }
                    },
                };
                Entry {
                    source,
                    rendered,
                    error: None,
                    warnings: article.warnings,
                }
            }
            Err(error) => {
                let rendered = render::failure(&source, &error, self.format);
                Entry {
                    source,
                    rendered,
                    error: Some(error),
                    warnings: Vec::new(),
                }
            }
        }
    }

    /// Extracts one page, with the reasons for what was dropped when asked.
    fn extract_page(
        &self,
        bytes: &[u8],
        options: &ExtractOptions,
    ) -> Result<Extracted, ExtractError> {
        if self.explain {
            let explained = extract_article_explained(bytes, options)?;
            Ok((explained.article, Some(explained.dropped)))
        } else {
            Ok((extract_article(bytes, options)?, None))
        }
    }

    fn extract(&self, source: &Source) -> Result<Extracted, String> {
        let page = self.read(source).map_err(|e| e.to_string())?;
        let options = ExtractOptions {
            url: self.url.clone().or(page.url),
            content_type: page.content_type,
            input_kind: input_kind(source),
        };
        let (mut article, dropped) = self
            .extract_page(&page.bytes, &options)
            .map_err(|e| e.to_string())?;
        if article.url.is_none() {
            article.url = options.url;
        }
        let mut warnings = page.warnings;
        warnings.append(&mut article.warnings);
        article.warnings = warnings;
        Ok((article, dropped))
    }

    /// Extracts a page already read (an archive record, standard input);
    /// returns the article and the page's capture date.
    fn extract_ready(&self, page: &ReadyPage) -> Result<(Extracted, Option<String>), String> {
        let options = ExtractOptions {
            url: self.url.clone().or_else(|| page.url.clone()),
            content_type: page.content_type.clone(),
            input_kind: page.kind,
        };
        let (mut article, dropped) = self
            .extract_page(&page.bytes, &options)
            .map_err(|e| e.to_string())?;
        if article.url.is_none() {
            article.url = options.url;
        }
        let mut warnings = page.warnings.clone();
        warnings.append(&mut article.warnings);
        article.warnings = warnings;
        Ok(((article, dropped), page.fetched_at.clone()))
    }

    fn read(&self, source: &Source) -> Result<Page, newsdesk_ingest::IngestError> {
        match source {
            Source::File(path) => newsdesk_ingest::read_file(path, MAX_INPUT_BYTES),
            // Standard input is read up front, by `archive::jobs`; this is a fallback.
            Source::Stdin => newsdesk_ingest::read_stdin(MAX_INPUT_BYTES),
            Source::Url(url) => self.fetcher.fetch(url),
        }
    }
}

/// Analyses an extracted article; the language found in the text replaces
/// the one extraction reported. A panic is an error for this input only.
fn analyze(article: &mut Article) -> Result<newsdesk_analyze::Analysis, String> {
    let analysis = catch_unwind(AssertUnwindSafe(|| {
        newsdesk_analyze::analyze_article(article)
    }))
    .map_err(|panic| {
        format!(
            "internal error: {}",
            panic_message(&*panic).replace("extractor", "analyzer")
        )
    })?;
    if analysis.language.is_some() {
        article.language.clone_from(&analysis.language);
    }
    Ok(analysis)
}

/// Text for `.txt`, HTML for `.html`/`.htm`/`.xhtml` (each maybe `.gz`), sniffed otherwise.
fn input_kind(source: &Source) -> InputKind {
    match source {
        Source::File(path) => match newsdesk_ingest::page_kind(path) {
            PageKind::Html => InputKind::Html,
            PageKind::Text => InputKind::Text,
            PageKind::Unknown => InputKind::Auto,
        },
        Source::Stdin | Source::Url(_) => InputKind::Auto,
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("the extractor panicked ({message}); please report this page")
}

/// Prints entries as they come, frames them, and counts them for the summary.
struct Writer {
    out: BufWriter<Stdout>,
    format: Format,
    batch: bool,
    written: usize,
    extracted: usize,
    failed: usize,
    warned: usize,
    /// In a single run: why the one input failed.
    single_error: Option<String>,
    mode: Mode,
}

impl Writer {
    fn new(format: Format, batch: bool, mode: Mode) -> Self {
        let out = BufWriter::new(io::stdout());
        Writer {
            out,
            format,
            batch,
            written: 0,
            extracted: 0,
            failed: 0,
            warned: 0,
            single_error: None,
            mode,
        }
    }

    fn begin(&mut self) -> io::Result<()> {
        if self.batch && self.format == Format::Json {
            self.out.write_all(b"[")?;
        }
        Ok(())
    }

    fn write(&mut self, entry: Entry) -> io::Result<()> {
        self.count(&entry);
        if let (false, Some(error)) = (self.batch, &entry.error) {
            self.single_error = Some(format!("{}: {error}", entry.source));
            return Ok(());
        }
        if matches!(self.format, Format::Text | Format::Markdown) {
            warn(&entry.source, &entry.warnings);
        }
        self.write_separator()?;
        self.write_record(&entry.rendered)?;
        self.written += 1;
        self.out.flush()
    }

    fn count(&mut self, entry: &Entry) {
        match (&entry.error, entry.warnings.is_empty()) {
            (Some(_), _) => self.failed += 1,
            (None, true) => self.extracted += 1,
            (None, false) => {
                self.extracted += 1;
                self.warned += 1;
            }
        }
    }

    fn write_separator(&mut self) -> io::Result<()> {
        let separator = match self.format {
            Format::Json if self.batch => {
                if self.written == 0 {
                    "\n"
                } else {
                    ",\n"
                }
            }
            Format::Text if self.written > 0 => "\n",
            Format::Markdown if self.written > 0 => "\n---\n\n",
            _ => "",
        };
        self.out.write_all(separator.as_bytes())
    }

    fn write_record(&mut self, rendered: &str) -> io::Result<()> {
        if self.batch && self.format == Format::Json {
            // Indented one level, as an element of the array.
            for (i, line) in rendered.lines().enumerate() {
                if i > 0 {
                    self.out.write_all(b"\n")?;
                }
                write!(self.out, "  {line}")?;
            }
            return Ok(());
        }
        self.out.write_all(rendered.as_bytes())?;
        if !rendered.ends_with('\n') {
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.batch && self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }

    /// Tells stderr how it went; returns the exit code.
    fn report(&self, elapsed: Duration) -> ExitCode {
        if let Some(error) = &self.single_error {
            eprintln!(
                "newsdesk: {}",
                crate::terminal::printable(&error.to_string())
            );
            return ExitCode::FAILURE;
        }
        if self.batch {
            let pages = if self.extracted == 1 { "page" } else { "pages" };
            eprintln!(
                "{} {} {pages}, {} failed, {} with warnings in {:.2} s",
                self.mode.done(),
                self.extracted,
                self.failed,
                self.warned,
                elapsed.as_secs_f64()
            );
        }
        if self.failed > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Warnings go to stderr for formats whose output does not carry them.
fn warn(source: &str, warnings: &[String]) {
    for warning in warnings {
        eprintln!(
            "warning: {}",
            crate::terminal::printable(&format!("{source}: {warning}"))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_choose_the_input_kind() {
        assert_eq!(
            input_kind(&Source::File("a/b.txt.gz".into())),
            InputKind::Text
        );
        assert_eq!(input_kind(&Source::File("b.HTM".into())), InputKind::Html);
        assert_eq!(input_kind(&Source::File("b.dat".into())), InputKind::Auto);
        assert_eq!(input_kind(&Source::Stdin), InputKind::Auto);
    }
}
