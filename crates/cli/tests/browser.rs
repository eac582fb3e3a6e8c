//! End-to-end tests of the web UI in a real browser: headless Chromium driven
//! through chromedriver (WebDriver), against `newsdesk demo` (the sample
//! corpus, one page of which carries a live `<script>` and an `<img onerror>`).
//!
//! Why a browser and not only HTTP assertions (`crates/server/tests/api.rs`):
//! whether a planted script runs, whether the CSP blocks anything of our own,
//! whether the keyboard shortcut works, whether the layout fits a phone — only
//! a browser can tell. Each step saves a screenshot under
//! `target/browser-screenshots/` so a person can look at what it showed.
//!
//! One test runs every scenario in order on one server and one browser
//! (starting Chromium is the slow part). The scenarios return errors instead
//! of panicking, so the browser session is always closed; the guards kill the
//! server and chromedriver (with the browser it started) even on a panic.
//!
//! When Chromium or chromedriver is missing the test prints why and passes,
//! unless `NEWSDESK_REQUIRE_BROWSER=1` (CI sets it), which makes it fail.
//! `NEWSDESK_CHROMIUM` and `NEWSDESK_CHROMEDRIVER` name other binaries.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context as _};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Desktop window size for the screenshots and most steps.
const DESKTOP: (u32, u32) = (1280, 900);
/// A phone's viewport (CSS pixels).
const PHONE: (u32, u32) = (390, 844);

#[tokio::test]
async fn browser_end_to_end() {
    let started = Instant::now();
    let Some(tools) = browser_tools() else {
        return;
    };
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("newsdesk-browser");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    let shots = screenshot_dir();

    let server = Server::start(&scratch.join("data")).expect("newsdesk demo starts");
    let driver = Driver::start(&tools.chromedriver).expect("chromedriver starts");
    let client = driver
        .connect(&tools.chromium, &scratch.join("profile"))
        .await
        .expect("a Chromium session");
    eprintln!(
        "browser: server at {}, session ready after {:.1} s",
        server.base,
        started.elapsed().as_secs_f64()
    );

    let mut run = Run {
        client: &client,
        base: &server.base,
        shots: &shots,
        driver_port: driver.port,
        timings: Vec::new(),
    };
    let outcome = run.all().await;
    let timings = std::mem::take(&mut run.timings);
    let _ = client.close().await;
    drop(driver);
    drop(server);
    for (name, took) in &timings {
        eprintln!("browser: {name:<32} {:>6.2} s", took.as_secs_f64());
    }
    eprintln!(
        "browser: all steps {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
    if let Err(error) = outcome {
        panic!("{error:#}");
    }
}

/// The binaries the test needs.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

/// Finds Chromium and chromedriver; `None` (after saying why) when the test
/// should be skipped; panics when they are missing but required.
fn browser_tools() -> Option<Tools> {
    let chromium = std::env::var_os("NEWSDESK_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["chromium", "chromium-browser", "google-chrome"]
                .iter()
                .find_map(|n| on_path(n))
        });
    let chromedriver = std::env::var_os("NEWSDESK_CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| on_path("chromedriver"));
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) if chromium.is_file() && chromedriver.is_file() => {
            Some(Tools {
                chromium,
                chromedriver,
            })
        }
        (chromium, chromedriver) => {
            let message = format!(
                "browser tests need Chromium and chromedriver (Debian: apt-get install chromium chromium-driver); found chromium: {chromium:?}, chromedriver: {chromedriver:?}"
            );
            newsdesk_testkit::skip(newsdesk_testkit::Need::Browser, message);
            None
        }
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// `target/browser-screenshots/`, emptied.
fn screenshot_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .to_path_buf();
    let dir = target.join("browser-screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    dir
}

/// A free loopback port (it could be taken between this and its use; the
/// window is small and the start fails loudly if it is).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Kills a child process (and, for a process-group leader, its group) when dropped.
struct Killer {
    child: Child,
    group: bool,
}

#[allow(unsafe_code)]
impl Drop for Killer {
    fn drop(&mut self) {
        if self.group {
            // chromedriver leads its own group; the browser it started is in it.
            // SAFETY: kill(2) with a negative pid signals that process group only.
            unsafe {
                libc::kill(-(self.child.id() as i32), libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `newsdesk demo` on a free port.
struct Server {
    base: String,
    _process: Killer,
}

impl Server {
    fn start(data: &Path) -> anyhow::Result<Server> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .arg("demo")
            .arg("--data")
            .arg(data)
            .args(["--bind", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("running newsdesk demo")?;
        let stderr = child.stderr.take().context("piped stderr")?;
        let process = Killer {
            child,
            group: false,
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Reads every line (so the server never blocks on a full pipe),
            // sending the address once it is announced.
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(address) = line
                    .split(" at http://")
                    .nth(1)
                    .and_then(|rest| rest.split('/').next())
                    .filter(|_| line.starts_with("newsdesk: serving "))
                {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(address.to_string());
                    }
                }
            }
        });
        let address = rx
            .recv_timeout(Duration::from_secs(30))
            .context("newsdesk demo did not announce its address within 30 s")?;
        let address: SocketAddr = address.parse().context("the announced address")?;
        Ok(Server {
            base: format!("http://{address}"),
            _process: process,
        })
    }
}

/// chromedriver on a free port, in its own process group.
struct Driver {
    port: u16,
    _process: Killer,
}

impl Driver {
    fn start(binary: &Path) -> anyhow::Result<Driver> {
        use std::os::unix::process::CommandExt as _;
        let port = free_port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .with_context(|| format!("running {}", binary.display()))?;
        let driver = Driver {
            port,
            _process: Killer { child, group: true },
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(status) = driver_request(port, "GET", "/status", None) {
                if status["value"]["ready"] == json!(true) {
                    return Ok(driver);
                }
            }
            ensure!(
                Instant::now() < deadline,
                "chromedriver did not get ready within 15 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A new session in a headless Chromium with a fresh profile.
    async fn connect(&self, chromium: &Path, profile: &Path) -> anyhow::Result<Client> {
        let _ = std::fs::remove_dir_all(profile);
        let capabilities = json!({
            "browserName": "chrome",
            // Leave an alert open, so a script that ran is seen (the default
            // would dismiss it silently on the next command).
            "unhandledPromptBehavior": "ignore",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                ],
            },
        });
        let Value::Object(capabilities) = capabilities else {
            bail!("capabilities are an object");
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = tokio::time::timeout(
            Duration::from_secs(30),
            ClientBuilder::new(connector)
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{}", self.port)),
        )
        .await
        .context("Chromium did not start within 30 s")?
        .context("starting a WebDriver session")?;
        Ok(client)
    }
}

/// One plain HTTP/1.1 request to chromedriver (for what the WebDriver client
/// does not offer: the status probe and Chromium's console log).
fn driver_request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> anyhow::Result<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver keeps the connection open: read the head, then exactly
    // Content-Length bytes.
    let mut reader = BufReader::new(stream);
    let mut length = None;
    loop {
        let mut line = String::new();
        ensure!(
            reader.read_line(&mut line)? > 0,
            "chromedriver closed the connection"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.context("no Content-Length from chromedriver")?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(serde_json::from_slice(&body)?)
}

/// The state shared by the scenarios.
struct Run<'a> {
    client: &'a Client,
    base: &'a str,
    shots: &'a Path,
    driver_port: u16,
    timings: Vec<(String, Duration)>,
}

/// Names of `input`, `select` and `button` elements that have no accessible
/// name (a label, `aria-label`, `aria-labelledby`, a title, or text).
const UNNAMED_CONTROLS: &str = r#"
const out = [];
for (const el of document.querySelectorAll('input, select, button')) {
  if (el.type === 'hidden') continue;
  const labelled = (el.labels && Array.from(el.labels).some(l => l.textContent.trim() !== ''))
    || (el.getAttribute('aria-label') || '').trim() !== ''
    || (el.getAttribute('aria-labelledby') || '').split(/\s+/).some(id => id && document.getElementById(id) && document.getElementById(id).textContent.trim() !== '')
    || (el.getAttribute('title') || '').trim() !== ''
    || (el.tagName === 'BUTTON' && el.textContent.trim() !== '')
    || (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type) && (el.value || '').trim() !== '');
  if (!labelled) out.push(el.outerHTML.slice(0, 120));
}
return out;
"#;

impl Run<'_> {
    async fn all(&mut self) -> anyhow::Result<()> {
        self.step("1 overview", Self::overview).await?;
        self.step("2 search by keyboard, facet", Self::search)
            .await?;
        self.step("3 article", Self::article).await?;
        self.step("4 entity", Self::entity).await?;
        self.step("5 planted script does not run", Self::xss)
            .await?;
        self.step("6 phone viewport", Self::phone).await?;
        self.step("6b time axis, pager, legend", Self::axis_pager_legend)
            .await?;
        self.step("6c results by j/k and Enter", Self::results_by_keyboard)
            .await?;
        self.step("6d source page, both sizes", Self::source_page)
            .await?;
        self.step("7 console: no CSP violation", Self::console)
            .await?;
        Ok(())
    }

    async fn step<F>(&mut self, name: &str, scenario: F) -> anyhow::Result<()>
    where
        F: for<'r> AsyncFnOnce(&'r mut Self) -> anyhow::Result<()>,
    {
        let started = Instant::now();
        let result = scenario(self).await;
        self.timings.push((name.to_string(), started.elapsed()));
        let at = self.url().await;
        result.with_context(|| format!("browser step {name:?} (at {at})"))
    }

    async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_else(|e| format!("unknown URL: {e}"))
    }

    async fn goto(&self, path: &str) -> anyhow::Result<()> {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .with_context(|| format!("opening {path}"))
    }

    async fn js(&self, script: &str) -> anyhow::Result<Value> {
        self.client
            .execute(script, Vec::new())
            .await
            .with_context(|| format!("running {script:?}"))
    }

    async fn find(&self, css: &str) -> anyhow::Result<Element> {
        self.client
            .find(Locator::Css(css))
            .await
            .with_context(|| format!("finding {css:?}"))
    }

    async fn find_all(&self, css: &str) -> anyhow::Result<Vec<Element>> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .with_context(|| format!("finding all {css:?}"))
    }

    async fn texts(&self, css: &str) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for element in self.find_all(css).await? {
            out.push(element.text().await?);
        }
        Ok(out)
    }

    /// Clicks a link and waits for the page it leads to.
    async fn follow(&self, link: &Element) -> anyhow::Result<()> {
        let href = link.attr("href").await?.unwrap_or_default();
        link.click()
            .await
            .with_context(|| format!("clicking {href}"))?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let wanted = href.split('#').next().unwrap_or_default().to_string();
        loop {
            let now = self.url().await;
            let ready = self.js("return document.readyState").await? == json!("complete");
            if ready && (wanted.is_empty() || now.contains(&wanted) || now.ends_with(&wanted)) {
                return Ok(());
            }
            ensure!(
                Instant::now() < deadline,
                "{href} did not load within 10 s (at {now})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot of the whole page (the window is stretched to the
    /// page's height for it, up to 4000 px) as `name.png`.
    async fn shot(&self, name: &str) -> anyhow::Result<()> {
        let (width, height) = self.client.get_window_size().await?;
        let page_height = self
            .js("return document.documentElement.scrollHeight")
            .await?
            .as_u64()
            .unwrap_or(height)
            .clamp(300, 4000);
        self.client
            .set_window_size(width as u32, page_height as u32)
            .await?;
        let png = self.client.screenshot().await?;
        self.client
            .set_window_size(width as u32, height as u32)
            .await?;
        std::fs::write(self.shots.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Every control on the current page has an accessible name.
    async fn controls_are_named(&self) -> anyhow::Result<()> {
        let unnamed = self.js(UNNAMED_CONTROLS).await?;
        ensure!(
            unnamed.as_array().is_some_and(Vec::is_empty),
            "controls without an accessible name: {unnamed}"
        );
        Ok(())
    }

    /// No alert is open (WebDriver answers "no such alert").
    async fn no_alert(&self) -> anyhow::Result<()> {
        match self.client.get_alert_text().await {
            Err(error) if error.is_no_such_alert() => Ok(()),
            Ok(text) => bail!("an alert is open: {text:?} (a planted script ran)"),
            Err(error) => Err(error).context("asking for an open alert"),
        }
    }

    // ---- the scenarios ----

    /// (1) The overview: its chart and the top entities.
    async fn overview(&mut self) -> anyhow::Result<()> {
        self.goto("/").await?;
        ensure!(self.client.title().await?.starts_with("Overview"));
        let chart = self.find("svg.chart").await?;
        ensure!(
            chart.attr("role").await?.as_deref() == Some("img"),
            "the chart is an image for screen readers"
        );
        let bars = self.find_all("svg.chart rect").await?;
        ensure!(!bars.is_empty(), "the chart has bars");
        let headings = self.texts("h2").await?;
        ensure!(
            headings.iter().any(|h| h == "Top entities"),
            "headings: {headings:?}"
        );
        let entities = self
            .find_all("section:has(> h2) ul li a[href^='/entities/']")
            .await?;
        ensure!(
            entities.len() >= 5,
            "expected at least 5 top entities, found {}",
            entities.len()
        );
        self.controls_are_named().await?;
        self.shot("1-overview").await
    }

    /// (2) "/" focuses the search box, a query typed by keyboard and Enter
    /// give highlighted results; a facet filters them.
    async fn search(&mut self) -> anyhow::Result<()> {
        self.find("h1").await?.click().await?; // focus on the page, not a field
        self.keys("/").await?;
        let active = self.client.active_element().await?;
        ensure!(
            active.attr("id").await?.as_deref() == Some("q"),
            "the \"/\" key did not focus the search box"
        );
        self.keys("dock strike").await?;
        self.keys(&Key::Enter.to_string()).await?;
        self.wait_for(|url| url.contains("/search?q=dock+strike"))
            .await?;
        let hits = self.find_all("ol.results > li").await?;
        ensure!(!hits.is_empty(), "no results for \"dock strike\"");
        let marks = self.texts("ol.results mark").await?;
        ensure!(
            marks
                .iter()
                .any(|m| m.eq_ignore_ascii_case("dock") || m.eq_ignore_ascii_case("strike")),
            "no <mark> on the query words: {marks:?}"
        );
        self.controls_are_named().await?;
        self.shot("2a-search").await?;

        // A source facet: the results narrow to that source.
        let facet = self
            .find("aside.facets a[href*='source=']")
            .await
            .context("a source facet")?;
        let source = facet.text().await?;
        let before = self
            .find("section[aria-label=Results] p[role=status]")
            .await?
            .text()
            .await?;
        self.follow(&facet).await?;
        let selected = self.find("aside.facets a[aria-current=true]").await?;
        ensure!(
            selected.text().await?.contains(&source),
            "the chosen facet {source:?} is not marked as current"
        );
        let metas = self.texts("ol.results > li p.meta").await?;
        ensure!(!metas.is_empty(), "no results after choosing {source:?}");
        ensure!(
            metas.iter().all(|m| m.contains(&source)),
            "results outside {source:?}: {metas:?}"
        );
        let after = self
            .find("section[aria-label=Results] p[role=status]")
            .await?
            .text()
            .await?;
        eprintln!("browser: facet {source:?}: {before:?} → {after:?}");
        self.shot("2b-search-facet").await?;
        // Back to all sources: the count is the first one again.
        let chosen = self.find("aside.facets a[aria-current=true]").await?;
        self.follow(&chosen).await?;
        let again = self
            .find("section[aria-label=Results] p[role=status]")
            .await?
            .text()
            .await?;
        ensure!(
            again == before,
            "unselecting the facet: {again:?}, not {before:?}"
        );

        // A tag facet adds a tag:"…" term to the query.
        let tag = self
            .find("aside.facets h2 + ul a[href*='tag%3A']")
            .await
            .context("a tag facet")?;
        let name = tag.text().await?;
        self.follow(&tag).await?;
        let query = self
            .find("#q")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        ensure!(
            query.contains(&format!("tag:\"{name}\"")),
            "the tag facet {name:?} gave the query {query:?}"
        );
        ensure!(
            !self.find_all("ol.results > li").await?.is_empty(),
            "no results for the tag {name:?}"
        );
        self.shot("2c-search-tag").await?;

        // A "Next" link, when there is one, leads to more results.
        self.goto("/search?q=the").await?;
        if let Ok(next) = self.find("a[rel=next]").await {
            self.follow(&next).await?;
            ensure!(
                !self.find_all("ol.results > li").await?.is_empty(),
                "the next page is empty"
            );
        }
        Ok(())
    }

    /// (3) An article from the results: its text, entity links, its story.
    async fn article(&mut self) -> anyhow::Result<()> {
        // The port strike has a story with several articles; pick a hit in it.
        self.goto("/search?q=Rotterdam+strike").await?;
        let links = self.find_all("ol.results h3 a").await?;
        ensure!(!links.is_empty(), "no results for Rotterdam strike");
        self.follow(&links[0]).await?;
        let paragraphs = self.texts("article.reading p:not(.meta)").await?;
        let words: usize = paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        ensure!(words >= 80, "the article has only {words} words");
        let entities = self.find_all("article.reading a.entity").await?;
        ensure!(!entities.is_empty(), "no entity links in the text");
        let story = self
            .find("aside a[href^='/stories/']")
            .await
            .context("a link to the article's story")?;
        ensure!(!story.text().await?.trim().is_empty());
        self.controls_are_named().await?;
        self.shot("3a-article").await?;
        // The story page lists several articles by day.
        self.follow(&story).await?;
        let items = self
            .find_all("ol.results ul li a[href^='/articles/']")
            .await?;
        ensure!(items.len() >= 2, "the story lists {} articles", items.len());
        self.shot("3b-story").await?;
        self.client.back().await?;
        Ok(())
    }

    /// (4) An entity link in the text leads to the entity's page.
    async fn entity(&mut self) -> anyhow::Result<()> {
        let link = self.find("article.reading a.entity").await?;
        let name = link.attr("title").await?.unwrap_or_default();
        self.follow(&link).await?;
        let h1 = self.find("h1").await?.text().await?;
        ensure!(name.starts_with(&h1), "followed {name:?}, landed on {h1:?}");
        self.find("svg.chart rect")
            .await
            .context("the entity's chart")?;
        let headings = self.texts("h2").await?;
        ensure!(
            headings.iter().any(|h| h == "Appears with"),
            "headings: {headings:?}"
        );
        let co = self
            .find_all(".grid section:first-child li a[href^='/entities/']")
            .await?;
        ensure!(!co.is_empty(), "no co-occurring entities for {h1:?}");
        self.controls_are_named().await?;
        self.shot("4-entity").await
    }

    /// (5) The page with a planted `<script>` and `<img onerror>`: nothing runs.
    async fn xss(&mut self) -> anyhow::Result<()> {
        self.goto("/search?q=hackers+bristol+cycle").await?;
        self.no_alert().await?;
        let mut target = None;
        for link in self.find_all("ol.results h3 a").await? {
            if link.text().await?.contains("<script>") {
                target = Some(link);
                break;
            }
        }
        let link = target.context("the result whose title shows <script>")?;
        self.shot("5a-xss-search").await?;
        self.follow(&link).await?;
        // Give a planted script (or an image error handler) time to fire.
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.no_alert().await?;
        let scripts = self
            .js("return Array.from(document.querySelectorAll('script')).map(s => s.getAttribute('src'))")
            .await?;
        ensure!(
            scripts == json!(["/static/app.js"]),
            "scripts on the page: {scripts}"
        );
        let handlers = self
            .js("return document.querySelectorAll('img[onerror], [onerror], [onload], [onclick]').length")
            .await?;
        ensure!(
            handlers == json!(0),
            "{handlers} elements with event handlers"
        );
        let h1 = self.find("article.reading h1").await?.text().await?;
        ensure!(
            h1.contains("<script>"),
            "the title is not shown as text: {h1:?}"
        );
        ensure!(
            self.client.title().await?.contains("<script>"),
            "the document title lost the <script> text"
        );
        let body = self.find("article.reading").await?.text().await?;
        ensure!(
            body.contains("<script>alert('xss')</script>"),
            "the planted code is not shown as text"
        );
        let globals = self.js("return typeof window.__mp_ads").await?;
        ensure!(globals == json!("undefined"), "the page's own script ran");
        self.shot("5b-xss-article").await
    }

    /// (6) A phone: no horizontal scrolling on the main pages.
    async fn phone(&mut self) -> anyhow::Result<()> {
        let original = self.client.get_window_size().await?;
        let result = self.phone_pages().await;
        self.client
            .set_window_size(original.0 as u32, original.1 as u32)
            .await?;
        result
    }

    async fn phone_pages(&mut self) -> anyhow::Result<()> {
        self.client.set_window_size(PHONE.0, PHONE.1).await?;
        let article = self
            .find_all_hrefs("/search?q=strike", "ol.results h3 a")
            .await?
            .into_iter()
            .next()
            .context("a result for strike")?;
        let pages = [
            ("/".to_string(), "6a-phone-overview"),
            ("/search?q=strike".to_string(), "6b-phone-search"),
            (article, "6c-phone-article"),
            ("/entities/Rotterdam".to_string(), "6d-phone-entity"),
            ("/stories".to_string(), "6e-phone-stories"),
        ];
        for (path, shot) in pages {
            self.goto(&path).await?;
            let sizes = self
                .js("return [document.documentElement.scrollWidth, window.innerWidth]")
                .await?;
            let (scroll, inner) = (sizes[0].as_u64(), sizes[1].as_u64());
            ensure!(
                inner.is_some() && scroll <= inner,
                "{path} scrolls sideways on a phone: scrollWidth {scroll:?} > innerWidth {inner:?}"
            );
            self.controls_are_named().await?;
            self.shot(shot).await?;
        }
        Ok(())
    }

    /// (6c) On a list of results, "j" and "k" move the focus from result to
    /// result (the current one marked), Enter opens it, and in the search
    /// box the letters are typed as letters.
    async fn results_by_keyboard(&mut self) -> anyhow::Result<()> {
        let links = self
            .find_all_hrefs("/search?q=strike", "ol.results > li h3 a")
            .await?;
        ensure!(links.len() >= 2, "two results for strike: {links:?}");
        self.find("h1").await?.click().await?;
        let focused = async |run: &Self| -> anyhow::Result<Option<String>> {
            Ok(run.client.active_element().await?.attr("href").await?)
        };
        self.keys("j").await?;
        ensure!(
            focused(self).await?.as_deref() == Some(links[0].as_str()),
            "j: the first result"
        );
        self.keys("j").await?;
        ensure!(
            focused(self).await?.as_deref() == Some(links[1].as_str()),
            "j: the second result"
        );
        self.keys("k").await?;
        ensure!(
            focused(self).await?.as_deref() == Some(links[0].as_str()),
            "k: back to the first"
        );
        let current = self
            .js("return Array.from(document.querySelectorAll('ol.results > li.current h3 a')).map(a => a.getAttribute('href'))")
            .await?;
        ensure!(
            current == json!([links[0]]),
            "one result marked current: {current}"
        );
        self.shot("9a-search-keyboard").await?;
        self.keys(&Key::Enter.to_string()).await?;
        let wanted = links[0].clone();
        self.wait_for(|url| url.ends_with(&wanted)).await?;
        // In the search box, j and k are letters.
        self.goto("/search?q=strike").await?;
        self.find("#q").await?.click().await?;
        self.keys("jk").await?;
        let value = self.js("return document.getElementById('q').value").await?;
        ensure!(
            value.as_str().is_some_and(|v| v.ends_with("jk")),
            "the search box got {value}"
        );
        Ok(())
    }

    /// (6d) The list of sources leads to a source's page: its chart on a time
    /// axis, its languages and entities, at desktop and phone sizes.
    async fn source_page(&mut self) -> anyhow::Result<()> {
        let sources = self
            .find_all_hrefs("/sources", "table.sources a[href^='/sources/']")
            .await?;
        let first = sources.first().context("a source listed")?.clone();
        let link = self
            .find(&format!("table.sources a[href='{first}']"))
            .await?;
        self.follow(&link).await?;
        self.find("svg.chart").await.context("the source's chart")?;
        let ticks = self.texts("figure.timeline ol.ticks li.tick span").await?;
        ensure!(!ticks.is_empty(), "the source's chart has an axis");
        let headings = self.texts("h2").await?;
        for wanted in ["Languages", "Top entities", "Latest articles"] {
            ensure!(
                headings.iter().any(|h| h == wanted),
                "{wanted} in {headings:?}"
            );
        }
        self.controls_are_named().await?;
        self.shot("9b-source").await?;
        let original = self.client.get_window_size().await?;
        self.client.set_window_size(PHONE.0, PHONE.1).await?;
        let sizes = self
            .js("return [document.documentElement.scrollWidth, window.innerWidth]")
            .await;
        let shot = self.shot("9c-phone-source").await;
        self.client
            .set_window_size(original.0 as u32, original.1 as u32)
            .await?;
        let sizes = sizes?;
        ensure!(
            sizes[0].as_u64() <= sizes[1].as_u64(),
            "the source page scrolls sideways on a phone: {sizes}"
        );
        shot
    }

    /// (6b) The overview's chart has a labelled time axis whose labels are
    /// shown inside the chart's width, and its bars are links to their
    /// period's search; the pager keeps the page size; an article's entity
    /// underlines have a legend.
    async fn axis_pager_legend(&mut self) -> anyhow::Result<()> {
        self.goto("/").await?;
        let ticks = self.texts("figure.timeline ol.ticks li.tick span").await?;
        ensure!(
            ticks.len() >= 2 && ticks.iter().all(|t| t.len() >= 4),
            "axis labels: {ticks:?}"
        );
        let shown = self
            .js("const f = document.querySelector('figure.timeline').getBoundingClientRect(); \
                 return [...document.querySelectorAll('figure.timeline li.tick span')].every(s => { \
                   const b = s.getBoundingClientRect(); \
                   return b.width > 0 && b.height > 0 && b.left >= f.left - 1 && b.left < f.right; })")
            .await?;
        ensure!(shown == json!(true), "an axis label is outside the chart");
        let periods = self.find_all("figure.timeline svg a").await?;
        ensure!(periods.len() >= 2, "{} bars", periods.len());
        let href = periods[0].attr("href").await?.unwrap_or_default();
        ensure!(
            href.contains("since=") && href.contains("until="),
            "the first bar links to {href:?}"
        );
        self.shot("8a-overview-axis").await?;
        self.goto(&href).await?;
        ensure!(
            !self.find_all("ol.results > li").await?.is_empty(),
            "the first bar's period ({href}) has no results"
        );

        self.goto("/search?q=strike&limit=2").await?;
        let next = self.find("a[rel=next]").await.context("a Next link")?;
        self.follow(&next).await?;
        let url = self.url().await;
        ensure!(
            url.contains("limit=2"),
            "the next page dropped the limit: {url}"
        );
        let hits = self.find_all("ol.results > li").await?.len();
        ensure!((1..=2).contains(&hits), "{hits} results on a page of 2");
        self.shot("8b-search-page-2").await?;

        self.goto("/search?q=Rotterdam+strike").await?;
        let first = self
            .find("ol.results h3 a")
            .await
            .context("a result for Rotterdam strike")?;
        self.follow(&first).await?;
        let legend = self.texts("article.reading p.legend span").await?;
        ensure!(!legend.is_empty(), "no legend for the underlines");
        let colour = self
            .js(
                "const s = document.querySelector('article.reading p.legend span'); \
                 return getComputedStyle(s).borderBottomStyle",
            )
            .await?;
        ensure!(
            colour == json!("solid"),
            "the legend's swatch is not drawn: {colour}"
        );
        self.shot("8c-article-legend").await
    }

    /// (7) The console shows no CSP violation or script error on our pages
    /// (the planted content is text, so there is nothing to block); an inline
    /// script injected on purpose is blocked and reported.
    async fn console(&mut self) -> anyhow::Result<()> {
        // A line of our own first: if it does not come back, the log is not
        // being captured and nothing can be said.
        self.js("console.info('newsdesk-console-probe'); return null")
            .await?;
        let session = self.client.session_id().await?.context("a session id")?;
        let logs = driver_request(
            self.driver_port,
            "POST",
            &format!("/session/{session}/se/log"),
            Some(&json!({"type": "browser"})),
        )?;
        let Some(entries) = logs["value"].as_array() else {
            eprintln!("browser: chromedriver gave no console log ({logs}); not checked");
            return Ok(());
        };
        if !entries.iter().any(|e| {
            e["message"]
                .as_str()
                .unwrap_or_default()
                .contains("newsdesk-console-probe")
        }) {
            eprintln!("browser: the console log is not captured; not checked");
            return Ok(());
        }
        let bad: Vec<&Value> = entries
            .iter()
            .filter(|e| {
                let message = e["message"].as_str().unwrap_or_default();
                message.contains("Content Security Policy")
                    || (e["level"] == json!("SEVERE") && !message.contains("favicon"))
            })
            .collect();
        eprintln!("browser: {} console entries", entries.len());
        ensure!(bad.is_empty(), "console errors: {bad:#?}");

        // The control: an inline script added now is refused by the CSP,
        // and the console says so (so the check above could have failed).
        let ran = self
            .js("const s = document.createElement('script'); s.textContent = 'window.__newsdeskInjected = 1'; document.body.appendChild(s); return typeof window.__newsdeskInjected")
            .await?;
        ensure!(
            ran == json!("undefined"),
            "an injected inline script ran: the CSP is not enforced"
        );
        let logs = driver_request(
            self.driver_port,
            "POST",
            &format!("/session/{session}/se/log"),
            Some(&json!({"type": "browser"})),
        )?;
        let refused = logs["value"].as_array().is_some_and(|entries| {
            entries.iter().any(|e| {
                e["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("Content Security Policy")
            })
        });
        ensure!(refused, "the CSP refusal is not in the console log: {logs}");
        Ok(())
    }

    // ---- helpers used by the scenarios ----

    /// Types `text` into whatever has the focus, by key events.
    async fn keys(&self, text: &str) -> anyhow::Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for c in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Waits until the current URL passes `test` and the page has loaded.
    async fn wait_for(&self, test: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.url().await;
            if test(&now) && self.js("return document.readyState").await? == json!("complete") {
                return Ok(());
            }
            ensure!(Instant::now() < deadline, "still at {now} after 10 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The `href`s of the elements matching `css` on the page at `path`.
    async fn find_all_hrefs(&self, path: &str, css: &str) -> anyhow::Result<Vec<String>> {
        self.goto(path).await?;
        let mut out = Vec::new();
        for link in self.find_all(css).await? {
            if let Some(href) = link.attr("href").await? {
                out.push(href);
            }
        }
        Ok(out)
    }
}
