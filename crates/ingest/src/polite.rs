//! The polite fetcher: fetching the live web the way a well-behaved crawler does.
//!
//! [`crate::fetch`] fetches one URL with bounds. Fetching *many* URLs from
//! other people's servers needs more than bounds; this module adds:
//!
//! - **robots.txt** ([`crate::robots`], RFC 9309), fetched once per site
//!   (scheme, host and port) and kept for a day, with its own short timeout.
//!   A missing file (4xx) allows everything; a server error (5xx, 429) closes
//!   the site for a while, as RFC 9309 §2.3.1.4 asks; a site that cannot be
//!   reached fails for a while without being asked again. Every redirect hop
//!   is checked against its own site's rules.
//! - **a per-site clock**: requests to one site start at least
//!   [`PoliteOptions::min_delay`] apart and at least that long after the
//!   previous one finished, whichever thread makes them; a site's
//!   `Crawl-delay` raises the gap (up to [`MAX_CRAWL_DELAY`]). Waiting is a
//!   sleep until the site's slot, never a spin, and never holds a lock another
//!   site needs, so a slow site does not hold up the others.
//! - **retries** on 408, 429, 500, 502, 503 and 504, with exponential backoff
//!   from [`PoliteOptions::backoff`], or after `Retry-After` (seconds or an
//!   HTTP date) when the server says so. The wait is pushed onto the site's
//!   clock, so other workers respect it too. A `Retry-After` longer than
//!   [`PoliteOptions::max_backoff`] ends the retries: newsdesk does not come
//!   back sooner than it was asked to, and does not stall the run either.
//! - **conditional GET**: given the [`Validators`] of an earlier fetch, the
//!   request carries `If-None-Match`/`If-Modified-Since`, and a 304 is
//!   [`Outcome::NotModified`].
//! - **refusals**: only http(s); no private, loopback or link-local addresses
//!   unless [`PoliteOptions::allow_private`]. Literal addresses are refused
//!   before any network activity; names are checked where ureq resolves
//!   them ([`crate::addr`]), so redirects and DNS rebinding to such addresses
//!   are refused too.
//! - **redirects followed here**, one hop at a time (ureq's own following is
//!   off), so that each hop gets the checks above; a chain that comes back to
//!   an address it visited is a loop and fails at once.
//! - **a breaker for dead sites**: after [`HOST_FAILURE_LIMIT`] consecutive
//!   network failures (timeouts, refused connections), a site's remaining
//!   URLs fail at once for [`HOST_PAUSE`] instead of each waiting out a timeout.
//!
//! [`PoliteFetcher::fetch_all`] runs many URLs on a few threads so that each
//! site is served by one worker at a time, the site whose slot comes first is
//! served first, and duplicate URLs are fetched once.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::io::{self};
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use url::Url;

use crate::addr::{self, AddressGuard, Lookup};
use crate::error::IngestError;
use crate::fetch::{FetchOptions, USER_AGENT};
use crate::read::{read_bounded, Page};
use crate::robots::{Robots, MAX_ROBOTS_BYTES, PRODUCT_TOKEN};
use crate::transport;

/// The longest `Crawl-delay` honoured; longer ones are cut to this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(30);
/// How long fetching robots.txt may take (or the page timeout, if shorter).
pub const ROBOTS_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a fetched robots.txt is trusted (RFC 9309 §2.4: at most 24 hours).
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a site whose robots.txt failed stays closed before it is asked again.
const ROBOTS_RETRY: Duration = Duration::from_secs(5 * 60);
/// How many redirects are followed to find a robots.txt (RFC 9309 §2.3.1.2).
const ROBOTS_MAX_REDIRECTS: u32 = 5;
/// Consecutive network failures after which a site is paused.
pub const HOST_FAILURE_LIMIT: u32 = 3;
/// How long a paused site's URLs fail without being tried.
pub const HOST_PAUSE: Duration = Duration::from_secs(5 * 60);
/// URLs [`PoliteFetcher::fetch_all`] holds before it stops reading its input.
const MAX_QUEUED: usize = 100_000;

/// How politely to fetch.
#[derive(Debug, Clone)]
pub struct PoliteOptions {
    /// The least time between two requests to one site (scheme, host, port).
    pub min_delay: Duration,
    /// Fetch private, loopback and link-local addresses too (`--allow-private`).
    pub allow_private: bool,
    /// Retries after a 408, 429 or 5xx (so at most `max_retries + 1` tries).
    pub max_retries: u32,
    /// The wait before the first retry; it doubles with each one.
    pub backoff: Duration,
    /// The longest wait before a retry; a `Retry-After` beyond it ends the retries.
    pub max_backoff: Duration,
    /// Obey robots.txt (RFC 9309) and its `Crawl-delay`.
    pub respect_robots: bool,
    /// Timeouts, the redirect cap and the body cap of each request.
    pub fetch: FetchOptions,
}

impl Default for PoliteOptions {
    fn default() -> Self {
        PoliteOptions {
            min_delay: Duration::from_secs(1),
            allow_private: false,
            max_retries: 3,
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            respect_robots: true,
            fetch: FetchOptions::default(),
        }
    }
}

/// What a server said that lets the next fetch of the same URL be conditional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, as sent.
    pub etag: Option<String>,
    /// The `Last-Modified` header, as sent.
    pub last_modified: Option<String>,
}

impl Validators {
    fn of(response: &ureq::Response) -> Self {
        Validators {
            etag: response.header("etag").map(str::to_string),
            last_modified: response.header("last-modified").map(str::to_string),
        }
    }

    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Why a URL was not fetched at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not http or https.
    #[error("only http and https URLs are fetched, not {0}")]
    Scheme(String),
    #[error("the address of {host} is private, loopback or link-local ({addresses}); --allow-private allows it")]
    /// The host resolves to an address that is not public.
    PrivateAddress {
        /// The URL's host.
        host: String,
        /// The addresses it resolved to.
        addresses: String,
    },
    /// robots.txt disallows the URL.
    #[error("robots.txt disallows it")]
    Robots,
    /// robots.txt could not be had; why.
    #[error("robots.txt is unavailable ({0}), so the site is treated as closed for now")]
    RobotsUnavailable(String),
}

impl From<addr::NonPublic> for Refusal {
    fn from(refused: addr::NonPublic) -> Self {
        Refusal::PrivateAddress {
            host: refused.host,
            addresses: refused.addresses,
        }
    }
}

/// What became of one URL.
#[derive(Debug)]
pub enum Outcome {
    /// The page (its `url` is the final address, after redirects).
    Fetched {
        /// The page as read.
        page: Page,
        /// To make the next fetch of this URL conditional.
        validators: Validators,
        /// The HTTP status of the answer.
        status: u16,
        /// Requests sent for this URL: retries and redirect hops included,
        /// robots.txt not.
        attempts: u32,
    },
    /// The server says the page has not changed since `previous`.
    NotModified,
    /// Not fetched, by rule.
    Refused(Refusal),
    /// Tried, and failed.
    Failed {
        /// The last attempt's error.
        error: IngestError,
        /// Requests sent for this URL.
        attempts: u32,
    },
}

/// Fetches URLs politely; one per run, shared by all workers (it is `Send +
/// Sync`, pools connections and keeps each site's clock and robots.txt).
#[derive(Debug)]
pub struct PoliteFetcher {
    agent: ureq::Agent,
    options: PoliteOptions,
    allowed: fn(IpAddr) -> bool,
    sites: Mutex<HashMap<String, Arc<Site>>>,
}

/// What is known about one site (scheme, host and port).
#[derive(Debug)]
struct Site {
    clock: Mutex<Clock>,
    robots: Mutex<Option<RobotsEntry>>,
}

#[derive(Debug)]
struct Clock {
    /// The earliest start of the next request.
    next: Instant,
    /// The gap kept between requests: `min_delay`, or the Crawl-delay if longer.
    gap: Duration,
    /// Network failures in a row, and the last one's message.
    failures: u32,
    last_failure: String,
    paused_until: Option<Instant>,
}

#[derive(Debug)]
struct RobotsEntry {
    verdict: Verdict,
    expires: Instant,
}

/// What robots.txt makes of a site.
#[derive(Debug, Clone)]
enum Verdict {
    Rules(Arc<Robots>),
    Refused(Refusal),
    /// The site could not be reached: the error, replayed for later URLs.
    Failed(Arc<IngestError>),
}

/// One request's result: done, or a redirect to follow.
enum Step {
    Done(Outcome),
    Redirect(String),
}

impl PoliteFetcher {
    /// A fetcher with these options; nothing is fetched yet.
    pub fn new(options: PoliteOptions) -> Self {
        let allowed = if options.allow_private {
            addr::any_address
        } else {
            addr::is_public
        };
        PoliteFetcher::with_guard(options, allowed, addr::system_lookup)
    }

    /// A fetcher whose address rule and name lookup are given (tests use it
    /// to stage DNS rebinding on loopback addresses).
    pub(crate) fn with_guard(
        options: PoliteOptions,
        allowed: fn(IpAddr) -> bool,
        lookup: Lookup,
    ) -> Self {
        let guard = AddressGuard {
            allowed,
            lookup,
            timeout: options.fetch.connect_timeout,
        };
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(options.fetch.connect_timeout)
            .timeout(options.fetch.timeout)
            .redirects(0)
            .user_agent(USER_AGENT)
            .resolver(guard)
            .build();
        PoliteFetcher {
            agent,
            options,
            allowed,
            sites: Mutex::new(HashMap::new()),
        }
    }

    /// The options it was made with.
    pub fn options(&self) -> &PoliteOptions {
        &self.options
    }

    /// Fetches `url`, politely: waits for its site's slot, checks robots.txt,
    /// follows redirects (each hop checked the same way), retries with
    /// backoff, and sends `previous`'s validators so that an unchanged page
    /// costs a 304.
    pub fn fetch(&self, url: &str, previous: Option<&Validators>) -> Outcome {
        let mut current = match Url::parse(url) {
            Ok(parsed) => parsed,
            Err(e) => {
                return Outcome::Failed {
                    error: IngestError::InvalidUrl(e.to_string()),
                    attempts: 0,
                }
            }
        };
        current.set_fragment(None);
        let mut visited = HashSet::from([current.to_string()]);
        let mut attempts = 0;
        let mut retries = 0;
        loop {
            if let Some(outcome) = self.admit(&current, attempts) {
                return outcome;
            }
            let location = match self.request(&current, previous, &mut attempts, &mut retries) {
                Step::Done(outcome) => return outcome,
                Step::Redirect(location) => location,
            };
            let mut next = match current.join(&location) {
                Ok(next) => next,
                Err(e) => {
                    return Outcome::Failed {
                        error: IngestError::Network(format!(
                            "a redirect to an invalid address ({e})"
                        )),
                        attempts,
                    }
                }
            };
            next.set_fragment(None);
            let max = self.options.fetch.max_redirects;
            if visited.len() > usize::try_from(max).unwrap_or(usize::MAX) {
                return Outcome::Failed {
                    error: IngestError::TooManyRedirects { max },
                    attempts,
                };
            }
            if !visited.insert(next.to_string()) {
                return Outcome::Failed {
                    error: IngestError::Network(format!(
                        "redirect loop: {next} was already visited"
                    )),
                    attempts,
                };
            }
            current = next;
        }
    }

    /// Why `url` may not be requested now, as the outcome to return; `None`
    /// if it may.
    fn admit(&self, url: &Url, attempts: u32) -> Option<Outcome> {
        if !matches!(url.scheme(), "http" | "https") {
            return Some(Outcome::Refused(Refusal::Scheme(url.scheme().to_string())));
        }
        if !matches!(url.host_str(), Some(host) if !host.is_empty()) {
            return Some(Outcome::Failed {
                error: IngestError::InvalidUrl("no host".to_string()),
                attempts,
            });
        }
        if let Some(refused) = addr::url_host_refusal(url, self.allowed) {
            return Some(Outcome::Refused(refused.into()));
        }
        let site = self.site(url);
        if let Some(error) = site.paused() {
            return Some(Outcome::Failed { error, attempts });
        }
        if !self.options.respect_robots {
            return None;
        }
        match self.robots(url, &site) {
            Verdict::Rules(robots) => {
                let mut path = url.path().to_string();
                if let Some(query) = url.query() {
                    path.push('?');
                    path.push_str(query);
                }
                (!robots.allows(&path)).then_some(Outcome::Refused(Refusal::Robots))
            }
            Verdict::Refused(refusal) => Some(Outcome::Refused(refusal)),
            Verdict::Failed(error) => Some(Outcome::Failed {
                error: replay(&error),
                attempts,
            }),
        }
    }

    /// Requests `url` once per try until it answers something final or the
    /// retries run out.
    fn request(
        &self,
        url: &Url,
        previous: Option<&Validators>,
        attempts: &mut u32,
        retries: &mut u32,
    ) -> Step {
        let site = self.site(url);
        loop {
            site.wait_turn();
            *attempts += 1;
            let mut request = self.agent.request_url("GET", url);
            if let Some(previous) = previous {
                if let Some(etag) = &previous.etag {
                    request = request.set("If-None-Match", etag);
                }
                if let Some(date) = &previous.last_modified {
                    request = request.set("If-Modified-Since", date);
                }
            }
            let result = request.call();
            let step = match result {
                Ok(response) => {
                    site.succeeded();
                    self.answer(response, *attempts)
                }
                Err(ureq::Error::Status(status, response)) => {
                    site.succeeded();
                    if is_retryable(status) {
                        match self.retry_wait(&response, *retries) {
                            Some(wait) if *retries < self.options.max_retries => {
                                *retries += 1;
                                drop(response);
                                site.finished();
                                site.defer(wait);
                                continue;
                            }
                            Some(_) => {}
                            // Asked to stay away longer than we wait: no retry,
                            // and the site's other URLs keep away as long as we can.
                            None => site.defer(self.options.max_backoff),
                        }
                    }
                    Step::Done(Outcome::Failed {
                        error: IngestError::HttpStatus {
                            status,
                            reason: response.status_text().to_string(),
                        },
                        attempts: *attempts,
                    })
                }
                Err(ureq::Error::Transport(transport)) => {
                    if let Some(refused) = addr::non_public_cause(&transport) {
                        Step::Done(Outcome::Refused(refused.into()))
                    } else if transport::is_dropped_connection(&transport)
                        && *retries < self.options.max_retries
                    {
                        // A reset or a connection closed before the answer is
                        // usually a busy server or a proxy: tried again after
                        // the backoff, like a 503.
                        site.finished();
                        site.defer(self.backoff(*retries));
                        *retries += 1;
                        continue;
                    } else {
                        let error = self.transport_error(&transport);
                        site.failed(&error);
                        Step::Done(Outcome::Failed {
                            error,
                            attempts: *attempts,
                        })
                    }
                }
            };
            site.finished();
            return step;
        }
    }

    /// A response ureq did not call an error (below 400): the page, a 304 or a redirect.
    fn answer(&self, response: ureq::Response, attempts: u32) -> Step {
        let status = response.status();
        match status {
            200..=299 => {
                let validators = Validators::of(&response);
                match self.read_body(response) {
                    Ok(page) => Step::Done(Outcome::Fetched {
                        page,
                        validators,
                        status,
                        attempts,
                    }),
                    Err(error) => Step::Done(Outcome::Failed { error, attempts }),
                }
            }
            304 => Step::Done(Outcome::NotModified),
            301 | 302 | 303 | 307 | 308 => match response.header("location") {
                Some(location) if !location.trim().is_empty() => {
                    Step::Redirect(location.trim().to_string())
                }
                _ => Step::Done(Outcome::Failed {
                    error: IngestError::Network(format!(
                        "HTTP {status} {} redirect without a Location header",
                        response.status_text()
                    )),
                    attempts,
                }),
            },
            _ => Step::Done(Outcome::Failed {
                error: IngestError::HttpStatus {
                    status,
                    reason: response.status_text().to_string(),
                },
                attempts,
            }),
        }
    }

    /// How long to wait before retry number `retries + 1`; `None` if the
    /// server asks for longer than `max_backoff`.
    fn retry_wait(&self, response: &ureq::Response, retries: u32) -> Option<Duration> {
        let max = self.options.max_backoff;
        let backoff = 2u32
            .checked_pow(retries)
            .and_then(|factor| self.options.backoff.checked_mul(factor))
            .map_or(max, |wait| wait.min(max));
        match response
            .header("retry-after")
            .and_then(|value| parse_retry_after(value, SystemTime::now()))
        {
            Some(asked) if asked > max => None,
            Some(asked) => Some(asked.max(backoff)),
            None => Some(backoff),
        }
    }

    /// The body, at most `max_body` bytes of it (what came before a deadline
    /// is kept, with a warning), gunzipped if it is itself gzip.
    fn read_body(&self, response: ureq::Response) -> Result<Page, IngestError> {
        let url = response.get_url().to_string();
        let content_type = response.header("content-type").map(str::to_string);
        let mut page = transport::read_body(response.into_reader(), &self.options.fetch)?;
        page.url = Some(url);
        page.content_type = content_type;
        Ok(page)
    }

    /// The site `url` belongs to, created on first sight.
    fn site(&self, url: &Url) -> Arc<Site> {
        let key = site_key(url);
        let mut sites = lock(&self.sites);
        Arc::clone(
            sites
                .entry(key)
                .or_insert_with(|| Arc::new(Site::new(self.options.min_delay))),
        )
    }

    /// When the site of `key` (as [`site_key`] makes it) may next be asked.
    fn ready_at(&self, key: &str) -> Instant {
        let site = lock(&self.sites).get(key).cloned();
        site.map_or_else(Instant::now, |site| lock(&site.clock).next)
    }

    /// robots.txt's verdict on `url`'s site, fetched if not known or stale.
    /// Holding the site's robots lock while fetching means concurrent callers
    /// for the same site wait for one fetch instead of making their own.
    fn robots(&self, url: &Url, site: &Site) -> Verdict {
        let mut entry = lock(&site.robots);
        let now = Instant::now();
        if let Some(known) = entry.as_ref().filter(|e| e.expires > now) {
            return known.verdict.clone();
        }
        let (verdict, ttl) = self.fetch_robots(url);
        if let Verdict::Rules(robots) = &verdict {
            let crawl_delay = robots.crawl_delay().unwrap_or_default();
            site.set_gap(self.options.min_delay.max(crawl_delay.min(MAX_CRAWL_DELAY)));
        }
        *entry = Some(RobotsEntry {
            verdict: verdict.clone(),
            expires: later(Instant::now(), ttl),
        });
        verdict
    }

    /// Fetches and reads `url`'s site's robots.txt: the verdict, and how long it holds.
    fn fetch_robots(&self, url: &Url) -> (Verdict, Duration) {
        let allow_all = || (Verdict::Rules(Arc::new(Robots::allow_all())), ROBOTS_TTL);
        let closed = |why: String| {
            (
                Verdict::Refused(Refusal::RobotsUnavailable(why)),
                ROBOTS_RETRY,
            )
        };
        let Ok(mut target) = url.join("/robots.txt") else {
            return allow_all();
        };
        let timeout = ROBOTS_TIMEOUT.min(self.options.fetch.timeout);
        for _ in 0..=ROBOTS_MAX_REDIRECTS {
            if !matches!(target.scheme(), "http" | "https") {
                return allow_all();
            }
            if let Some(refused) = addr::url_host_refusal(&target, self.allowed) {
                return (Verdict::Refused(refused.into()), ROBOTS_RETRY);
            }
            let site = self.site(&target);
            let mut drops = 0;
            let result = loop {
                site.wait_turn();
                let result = self
                    .agent
                    .request_url("GET", &target)
                    .timeout(timeout)
                    .call();
                site.finished();
                match &result {
                    // A dropped connection is tried again, as for pages.
                    Err(ureq::Error::Transport(transport))
                        if transport::is_dropped_connection(transport)
                            && drops < self.options.max_retries =>
                    {
                        site.defer(self.backoff(drops));
                        drops += 1;
                    }
                    _ => break result,
                }
            };
            match result {
                Ok(response) if (300..400).contains(&response.status()) => {
                    let next = response
                        .header("location")
                        .and_then(|location| target.join(location.trim()).ok());
                    match next {
                        Some(next) => target = next,
                        None => return allow_all(),
                    }
                }
                Ok(response) if (200..300).contains(&response.status()) => {
                    site.succeeded();
                    let mut bytes = Vec::new();
                    // Extra bytes are not an error: Robots::parse drops the cut line.
                    let read =
                        read_bounded(response.into_reader(), MAX_ROBOTS_BYTES + 1, &mut bytes);
                    if let Err(e) = read {
                        if bytes.is_empty() {
                            let error = self.io_error(e);
                            return (Verdict::Failed(Arc::new(error)), ROBOTS_RETRY);
                        }
                    }
                    let robots = Robots::parse(&bytes, PRODUCT_TOKEN);
                    return (Verdict::Rules(Arc::new(robots)), ROBOTS_TTL);
                }
                Ok(_) => return allow_all(),
                Err(ureq::Error::Status(status, response)) => {
                    site.succeeded();
                    return if status == 429 || status >= 500 {
                        closed(format!("HTTP {status} {}", response.status_text()))
                    } else {
                        allow_all()
                    };
                }
                Err(ureq::Error::Transport(transport)) => {
                    if let Some(refused) = addr::non_public_cause(&transport) {
                        return (Verdict::Refused(refused.into()), ROBOTS_RETRY);
                    }
                    let error = self.transport_error(&transport);
                    site.failed(&error);
                    return (Verdict::Failed(Arc::new(error)), ROBOTS_RETRY);
                }
            }
        }
        // RFC 9309 §2.3.1.2: past five redirects, robots.txt counts as unavailable.
        allow_all()
    }

    /// The wait before retry number `retries + 1` when the server said
    /// nothing about it: doubling from `backoff`, at most `max_backoff`.
    fn backoff(&self, retries: u32) -> Duration {
        self.options
            .backoff
            .saturating_mul(1 << retries.min(16))
            .min(self.options.max_backoff)
    }

    fn transport_error(&self, transport: &ureq::Transport) -> IngestError {
        transport::transport_error(transport, &self.options.fetch)
    }

    fn io_error(&self, error: io::Error) -> IngestError {
        transport::io_error(error, &self.options.fetch)
    }

    /// Fetches every URL of `urls` on `workers` threads and hands each
    /// outcome to `on_result` as it comes (not in input order). Each site is
    /// served by one worker at a time, its requests `min_delay` (or its
    /// Crawl-delay) apart, while other sites go on; the site whose slot comes
    /// first is served first. A URL given twice (fragments aside) is fetched,
    /// and reported, once. `urls` is read lazily, at most 100 000 URLs ahead
    /// of the workers.
    pub fn fetch_all<I, F>(&self, urls: I, workers: usize, on_result: F)
    where
        I: IntoIterator<Item = String>,
        F: Fn(String, Outcome) + Sync,
    {
        self.refetch_all(urls, workers, |_| None, on_result);
    }

    /// [`PoliteFetcher::fetch_all`], asking `previous` for the validators of
    /// each URL fetched before, so that unchanged pages come back as
    /// [`Outcome::NotModified`] without their bodies.
    pub fn refetch_all<I, V, F>(&self, urls: I, workers: usize, previous: V, on_result: F)
    where
        I: IntoIterator<Item = String>,
        V: Fn(&str) -> Option<Validators> + Sync,
        F: Fn(String, Outcome) + Sync,
    {
        let queue = Queue::default();
        let workers = workers.max(1);
        lock(&queue.state).workers = workers;
        thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| self.work(&queue, &previous, &on_result));
            }
            let mut seen = HashSet::new();
            for url in urls {
                let parsed = Url::parse(&url).ok().map(|mut parsed| {
                    parsed.set_fragment(None);
                    parsed
                });
                let key = parsed.as_ref().map_or_else(|| url.clone(), Url::to_string);
                if !seen.insert(key) {
                    continue;
                }
                match parsed.filter(|p| p.host_str().is_some()) {
                    Some(parsed) => {
                        if !queue.push(site_key(&parsed), url) {
                            break; // every worker is gone
                        }
                    }
                    // Fails at once, without the network.
                    None => {
                        let outcome = self.fetch(&url, None);
                        on_result(url, outcome);
                    }
                }
            }
            queue.close();
        });
    }

    /// One worker of [`PoliteFetcher::fetch_all`].
    fn work<V, F>(&self, queue: &Queue, previous: &V, on_result: &F)
    where
        V: Fn(&str) -> Option<Validators> + Sync,
        F: Fn(String, Outcome) + Sync,
    {
        let _leaving = Leaving(queue);
        while let Some((site, url)) = queue.take() {
            let validators = previous(&url);
            let outcome = self.fetch(&url, validators.as_ref());
            queue.release(&site, self.ready_at(&site));
            on_result(url, outcome);
        }
    }
}

impl Site {
    fn new(gap: Duration) -> Self {
        Site {
            clock: Mutex::new(Clock {
                next: Instant::now(),
                gap,
                failures: 0,
                last_failure: String::new(),
                paused_until: None,
            }),
            robots: Mutex::new(None),
        }
    }

    /// Sleeps until this site's next slot, and books the one after it.
    fn wait_turn(&self) {
        let slot = {
            let mut clock = lock(&self.clock);
            let slot = clock.next.max(Instant::now());
            clock.next = later(slot, clock.gap);
            slot
        };
        let wait = slot.saturating_duration_since(Instant::now());
        if !wait.is_zero() {
            thread::sleep(wait);
        }
    }

    /// A request ended: the next may not start until a gap from now.
    fn finished(&self) {
        let mut clock = lock(&self.clock);
        let earliest = later(Instant::now(), clock.gap);
        clock.next = clock.next.max(earliest);
    }

    /// The server asked for (or earned) a pause of `wait`.
    fn defer(&self, wait: Duration) {
        let mut clock = lock(&self.clock);
        let earliest = later(Instant::now(), wait);
        clock.next = clock.next.max(earliest);
    }

    fn set_gap(&self, gap: Duration) {
        lock(&self.clock).gap = gap;
    }

    /// The server answered (whatever it said): it is alive.
    fn succeeded(&self) {
        let mut clock = lock(&self.clock);
        clock.failures = 0;
        clock.paused_until = None;
    }

    /// A request failed at the network level; enough in a row pause the site.
    fn failed(&self, error: &IngestError) {
        let mut clock = lock(&self.clock);
        clock.failures = clock.failures.saturating_add(1);
        clock.last_failure = error.to_string();
        if clock.failures >= HOST_FAILURE_LIMIT {
            clock.paused_until = Some(later(Instant::now(), HOST_PAUSE));
        }
    }

    /// The error to fail with if the site is paused.
    fn paused(&self) -> Option<IngestError> {
        let clock = lock(&self.clock);
        let until = clock.paused_until?;
        (until > Instant::now()).then(|| {
            IngestError::Network(format!(
                "not tried: the last {} requests to this site failed (the last with: {})",
                clock.failures, clock.last_failure
            ))
        })
    }
}

/// The work of [`PoliteFetcher::fetch_all`]: URLs waiting per site, and the
/// sites no worker holds, by when they may next be asked.
#[derive(Default)]
struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

#[derive(Default)]
struct QueueState {
    /// Sites that are queued or held by a worker, with their waiting URLs.
    /// A site is here exactly when it is in `ready` or held.
    waiting: HashMap<String, VecDeque<String>>,
    /// Sites with waiting URLs that no worker holds, soonest first
    /// (ties in arrival order).
    ready: BinaryHeap<Reverse<(Instant, u64, String)>>,
    arrivals: u64,
    queued: usize,
    closed: bool,
    /// Workers still running.
    workers: usize,
}

impl Queue {
    /// Adds `url` of `site`, waiting while the queue is full. False if no
    /// worker is left to take it.
    fn push(&self, site: String, url: String) -> bool {
        let mut state = lock(&self.state);
        while state.queued >= MAX_QUEUED && state.workers > 0 {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        if state.workers == 0 {
            return false;
        }
        state.queued += 1;
        let state = &mut *state;
        match state.waiting.get_mut(&site) {
            Some(urls) => urls.push_back(url),
            None => {
                state.waiting.insert(site.clone(), VecDeque::from([url]));
                state.arrivals += 1;
                state
                    .ready
                    .push(Reverse((Instant::now(), state.arrivals, site)));
            }
        }
        self.changed.notify_all();
        true
    }

    /// No more URLs will come.
    fn close(&self) {
        lock(&self.state).closed = true;
        self.changed.notify_all();
    }

    /// The next URL of the site whose slot comes first, once that slot is
    /// near; `None` when there is no more work for this worker.
    fn take(&self) -> Option<(String, String)> {
        let mut state = lock(&self.state);
        loop {
            let soonest = state.ready.peek().map(|Reverse((at, _, _))| *at);
            match soonest {
                Some(at) if at <= Instant::now() => {
                    let Reverse((_, _, site)) = state.ready.pop()?;
                    let url = state.waiting.get_mut(&site).and_then(VecDeque::pop_front);
                    if let Some(url) = url {
                        state.queued -= 1;
                        self.changed.notify_all();
                        return Some((site, url));
                    }
                    state.waiting.remove(&site);
                }
                Some(at) => {
                    let wait = at.saturating_duration_since(Instant::now());
                    state = self
                        .changed
                        .wait_timeout(state, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
                // Sites held by other workers go back to those workers, so
                // with nothing ready and nothing coming, this one is done.
                None if state.closed => return None,
                None => {
                    state = self
                        .changed
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
    }

    /// A worker is done with a URL of `site`: requeue the site if it has
    /// more, for when it may next be asked.
    fn release(&self, site: &str, ready_at: Instant) {
        let mut state = lock(&self.state);
        let state = &mut *state;
        if state.waiting.get(site).is_some_and(|urls| !urls.is_empty()) {
            state.arrivals += 1;
            state
                .ready
                .push(Reverse((ready_at, state.arrivals, site.to_string())));
        } else {
            state.waiting.remove(site);
        }
        self.changed.notify_all();
    }
}

/// Counts a worker out when it ends, however it ends (a panicking callback
/// included), so that the feeder never waits for workers that are gone.
struct Leaving<'a>(&'a Queue);

impl Drop for Leaving<'_> {
    fn drop(&mut self) {
        let mut state = lock(&self.0.state);
        state.workers = state.workers.saturating_sub(1);
        self.0.changed.notify_all();
    }
}

/// A site: scheme, host and port, as in `https://example.com:8443`.
fn site_key(url: &Url) -> String {
    url.origin().ascii_serialization()
}

fn is_retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// `t + d`, or `t` if that cannot be represented.
fn later(t: Instant, d: Duration) -> Instant {
    t.checked_add(d).unwrap_or(t)
}

/// A stored error, given again for a later URL of the same site.
fn replay(error: &IngestError) -> IngestError {
    match error {
        IngestError::Timeout { seconds } => IngestError::Timeout { seconds: *seconds },
        IngestError::HttpStatus { status, reason } => IngestError::HttpStatus {
            status: *status,
            reason: reason.clone(),
        },
        IngestError::InvalidUrl(message) => IngestError::InvalidUrl(message.clone()),
        IngestError::Network(message) => IngestError::Network(message.clone()),
        other => IngestError::Network(other.to_string()),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A `Retry-After` value as a wait from `now`: delay-seconds, or an HTTP date
/// (a date in the past means no wait).
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP date in any of the three forms RFC 9110 §5.6.7 accepts:
/// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` and
/// `Sun Nov  6 08:49:37 1994`. In all three the day comes before the year.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    let mut numbers = Vec::new();
    let mut month = None;
    let mut time = None;
    for token in value
        .split([' ', ',', '-'])
        .filter(|token| !token.is_empty())
    {
        if token.contains(':') {
            let mut parts = token.split(':').map(|p| p.parse::<u64>().ok());
            let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
            if parts.next().is_some() || h > 23 || m > 59 || s > 60 {
                return None;
            }
            time = Some(h * 3600 + m * 60 + s);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(token.parse::<i64>().ok()?);
        } else if let Some(index) = MONTHS
            .iter()
            .position(|name| name.eq_ignore_ascii_case(token))
        {
            month = Some(i64::try_from(index).ok()? + 1);
        }
        // Weekday names and "GMT" say nothing more.
    }
    let [day, year] = numbers[..] else {
        return None;
    };
    let year = match year {
        0..=69 => year + 2000,
        70..=99 => year + 1900,
        _ => year,
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month?, day);
    let seconds = u64::try_from(days.checked_mul(86_400)?).ok()? + time?;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar,
/// counting in 400-year eras of 146 097 days with years starting in March
/// (so the leap day falls at a year's end).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_all_three_date_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
        let thirty = Some(Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            thirty
        );
        assert_eq!(
            parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now),
            thirty
        );
        assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994", now), thirty);
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        for nonsense in [
            "",
            "soon",
            "-5",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "1.5",
            "06 Nov 1994",
        ] {
            assert_eq!(parse_retry_after(nonsense, now), None, "{nonsense:?}");
        }
    }

    #[test]
    fn civil_days_agree_with_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
    }

    #[test]
    fn sites_are_scheme_host_and_port() {
        let key = |u: &str| site_key(&Url::parse(u).expect("a URL"));
        assert_eq!(key("http://Example.com/a?b"), "http://example.com");
        assert_eq!(key("http://example.com:80/"), "http://example.com");
        assert_ne!(key("https://example.com/"), key("http://example.com/"));
        assert_ne!(key("http://example.com:8080/"), key("http://example.com/"));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let fetcher = PoliteFetcher::new(PoliteOptions {
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            ..PoliteOptions::default()
        });
        let response = ureq::Response::new(503, "Service Unavailable", "").expect("a response");
        let waits: Vec<_> = (0..4).map(|n| fetcher.retry_wait(&response, n)).collect();
        let ms = Duration::from_millis;
        assert_eq!(
            waits,
            [Some(ms(100)), Some(ms(200)), Some(ms(350)), Some(ms(350))]
        );
    }

    /// Pretends 127.0.0.2 is a private address and 127.0.0.1 a public one.
    fn only_127_0_0_2_is_private(ip: IpAddr) -> bool {
        ip != IpAddr::from([127, 0, 0, 2])
    }

    /// Staged DNS: `public.test` resolves to 127.0.0.1, `rebound.test` to 127.0.0.2.
    fn staged_dns(netloc: &str, timeout: Duration) -> io::Result<Vec<std::net::SocketAddr>> {
        let (host, port) = netloc.rsplit_once(':').unwrap_or((netloc, "80"));
        let port: u16 = port.parse().unwrap_or(80);
        match host {
            "public.test" => Ok(vec![(IpAddr::from([127, 0, 0, 1]), port).into()]),
            "rebound.test" => Ok(vec![(IpAddr::from([127, 0, 0, 2]), port).into()]),
            _ => addr::system_lookup(netloc, timeout),
        }
    }

    /// A server on 127.0.0.1 whose pages redirect to the "private" address,
    /// by name and literally; it returns its port and the paths it was asked.
    fn redirecting_server() -> (u16, Arc<Mutex<Vec<String>>>) {
        use std::io::{BufRead, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().expect("an address").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut line = String::new();
                let mut reader = io::BufReader::new(&stream);
                let _ = reader.read_line(&mut line);
                let mut header = String::new();
                while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                    header.clear();
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                lock(&log).push(path.clone());
                let head = match path.as_str() {
                    "/by-name" => {
                        format!("302 Found\r\nLocation: http://rebound.test:{port}/secret")
                    }
                    "/literal" => format!("302 Found\r\nLocation: http://127.0.0.2:{port}/secret"),
                    _ => "404 Not Found".to_string(),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {head}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        (port, seen)
    }

    #[test]
    fn redirects_and_names_that_lead_to_private_addresses_are_refused() {
        let (port, seen) = redirecting_server();
        for respect_robots in [true, false] {
            let fetcher = PoliteFetcher::with_guard(
                PoliteOptions {
                    min_delay: Duration::from_millis(10),
                    respect_robots,
                    ..PoliteOptions::default()
                },
                only_127_0_0_2_is_private,
                staged_dns,
            );
            for url in [
                format!("http://public.test:{port}/by-name"),
                format!("http://public.test:{port}/literal"),
                format!("http://rebound.test:{port}/direct"),
            ] {
                let outcome = fetcher.fetch(&url, None);
                assert!(
                    matches!(&outcome, Outcome::Refused(Refusal::PrivateAddress { addresses, .. }) if addresses == "127.0.0.2"),
                    "{url} (robots: {respect_robots}): {outcome:?}"
                );
            }
        }
        let seen = lock(&seen);
        assert!(seen.iter().any(|p| p == "/by-name"), "{seen:?}");
        assert!(
            !seen.iter().any(|p| p == "/secret" || p == "/direct"),
            "{seen:?}"
        );
    }

    #[test]
    fn the_fetcher_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<PoliteFetcher>();
        shared::<Outcome>();
    }
}
