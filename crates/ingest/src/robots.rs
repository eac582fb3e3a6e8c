//! robots.txt: what a site lets newsdesk fetch, per RFC 9309 (the Robots
//! Exclusion Protocol).
//!
//! This is the parser and matcher only, with no I/O: [`crate::polite`] fetches
//! the file once per site and asks [`Robots::allows`] about each path. The
//! format is small, and written by hand on millions of sites, so the parser
//! forgives what it can and never fails:
//!
//! - Lines are `key: value`, keys case-insensitive, `#` starts a comment;
//!   unknown keys and malformed lines are skipped.
//! - A group is one or more consecutive `user-agent` lines followed by rules.
//!   Groups naming our product token (`newsdesk`, case-insensitive) apply, all
//!   of them merged; if there are none, the `*` groups apply; if there are
//!   none of those either, everything is allowed (RFC 9309 §2.2.1).
//! - `Allow`/`Disallow` patterns match the start of the path (with its query),
//!   `*` matches any run of characters and a final `$` anchors the end. The
//!   longest matching pattern wins; between an `Allow` and a `Disallow` of the
//!   same length, `Allow` wins (§2.2.2). An empty `Disallow` matches nothing.
//! - Paths and patterns are compared percent-encoded, with the encoding
//!   normalised (§2.2.2): non-ASCII is encoded as UTF-8, hex digits are upper
//!   case, and encoded unreserved characters (`%7E`, `%41`) are decoded.
//! - `Crawl-delay` (not in the RFC, but widely used) is read from the groups
//!   that apply; `Sitemap` lines are kept whatever group they are in.
//! - `/robots.txt` itself is always allowed (§2.2.2).
//!
//! Only the first [`MAX_ROBOTS_BYTES`] (500 KiB, the least RFC 9309 asks a
//! crawler to parse) are read; a line cut at that limit is dropped, so that a
//! truncated pattern never turns into a broader one.

use std::time::Duration;

/// The most bytes of a robots.txt that are read (RFC 9309 §2.5: at least 500 KiB).
pub const MAX_ROBOTS_BYTES: u64 = 500 * 1024;

/// The product token newsdesk answers to in `User-agent` lines.
pub const PRODUCT_TOKEN: &str = "newsdesk";

/// One `Allow` or `Disallow` line, its pattern normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

/// The rules of one site that apply to one crawler.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
    sitemaps: Vec<String>,
}

/// What a group's `User-agent` lines say about us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    None,
    Star,
    Product,
}

/// A group being read: who it is for, and its rules.
#[derive(Debug, Default)]
struct Group {
    agents: Vec<String>,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl Group {
    fn applies(&self, product: &str) -> Match {
        let mut best = Match::None;
        for agent in &self.agents {
            if agent == "*" {
                best = best.max(Match::Star);
            } else if product_token(agent).eq_ignore_ascii_case(product) {
                best = Match::Product;
            }
        }
        best
    }
}

impl Robots {
    /// No rules: everything may be fetched (the file is missing, or says nothing to us).
    pub fn allow_all() -> Self {
        Robots::default()
    }

    /// Parses a robots.txt for the crawler named `product` (newsdesk uses
    /// [`PRODUCT_TOKEN`]). Bytes past [`MAX_ROBOTS_BYTES`] are ignored.
    pub fn parse(bytes: &[u8], product: &str) -> Self {
        let cap = usize::try_from(MAX_ROBOTS_BYTES).unwrap_or(usize::MAX);
        let bytes = if bytes.len() > cap {
            // Drop the line the cap cut through.
            let head = &bytes[..cap];
            match head.iter().rposition(|&b| b == b'\n' || b == b'\r') {
                Some(end) => &head[..end],
                None => &[][..],
            }
        } else {
            bytes
        };
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);

        let mut groups: Vec<Group> = Vec::new();
        let mut sitemaps = Vec::new();
        // Whether the last line that mattered was a user-agent line, so that
        // the next one joins the same group.
        let mut in_agent_lines = false;
        for line in text.split(['\n', '\r']) {
            let line = line.split('#').next().unwrap_or("");
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agent_lines {
                        groups.push(Group::default());
                    }
                    if let Some(group) = groups.last_mut() {
                        group.agents.push(value.to_string());
                    }
                    in_agent_lines = true;
                }
                "allow" | "disallow" => {
                    in_agent_lines = false;
                    let Some(group) = groups.last_mut() else {
                        continue; // a rule before any user-agent line
                    };
                    if value.is_empty() {
                        continue; // "Disallow:" allows everything; "Allow:" says nothing
                    }
                    group.rules.push(Rule {
                        allow: key == "allow",
                        pattern: normalize(value),
                    });
                }
                "crawl-delay" => {
                    in_agent_lines = false;
                    if let (Some(group), Some(delay)) = (groups.last_mut(), parse_delay(value)) {
                        group.crawl_delay = Some(delay);
                    }
                }
                "sitemap" => {
                    // Not part of any group (RFC 9309 §2.2.4), so it does not end one.
                    if !value.is_empty() {
                        sitemaps.push(value.to_string());
                    }
                }
                _ => in_agent_lines = false,
            }
        }

        let best = groups
            .iter()
            .map(|g| g.applies(product))
            .max()
            .unwrap_or(Match::None);
        let mut robots = Robots {
            sitemaps,
            ..Robots::default()
        };
        if best == Match::None {
            return robots;
        }
        for group in groups.into_iter().filter(|g| g.applies(product) == best) {
            robots.rules.extend(group.rules);
            robots.crawl_delay = match (robots.crawl_delay, group.crawl_delay) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        robots
    }

    /// Whether `path` (the URL's path and query, e.g. `/news/1?page=2`) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let path = if path.is_empty() { "/" } else { path };
        let path = normalize(path);
        if path == "/robots.txt" {
            return true;
        }
        // (pattern length, allow): the longest wins, and Allow wins a tie.
        let mut best: Option<(usize, bool)> = None;
        for rule in &self.rules {
            if matches(&rule.pattern, &path) {
                let candidate = (rule.pattern.len(), rule.allow);
                best = Some(best.map_or(candidate, |b| b.max(candidate)));
            }
        }
        !matches!(best, Some((_, false)))
    }

    /// The `Crawl-delay` of the groups that apply, if any.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// The `Sitemap` URLs the file lists, as written.
    pub fn sitemaps(&self) -> &[String] {
        &self.sitemaps
    }
}

/// `Googlebot/2.1 (+http://...)` → `Googlebot`: the product token of a
/// user-agent value (letters, `_` and `-`, RFC 9309 §2.2.1).
fn product_token(agent: &str) -> &str {
    let end = agent
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '_' || c == '-'))
        .unwrap_or(agent.len());
    &agent[..end]
}

/// A `Crawl-delay` value in seconds (fractions allowed); nonsense is ignored.
fn parse_delay(value: &str) -> Option<Duration> {
    let seconds: f64 = value.parse().ok()?;
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    // Bounded here so the conversion cannot overflow; callers cap it further.
    Some(Duration::from_secs_f64(seconds.min(86_400.0)))
}

/// Whether `pattern` matches the start of `path` (both normalised): `*`
/// matches any run of characters, a final `$` the end of the path.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(rest) => (rest, true),
        None => (pattern, false),
    };
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let middle: Vec<&str> = pieces.collect();
    let Some((last, middle)) = middle.split_last() else {
        // No `*`: a prefix match, or the whole path if anchored.
        return !anchored || rest.is_empty();
    };
    // Each piece between stars is found at its leftmost place; that leaves
    // the most room for the pieces after it.
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    if anchored {
        rest.ends_with(last)
    } else {
        rest.contains(last)
    }
}

/// Percent-encoding made canonical so that equal paths compare equal: bytes
/// outside printable ASCII are encoded, escapes get upper-case hex, and
/// escaped unreserved characters (`A-Z a-z 0-9 - . _ ~`) are decoded.
fn normalize(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(decoded) = hex {
                if decoded.is_ascii_alphanumeric() || b"-._~".contains(&decoded) {
                    out.push(char::from(decoded));
                } else {
                    push_escaped(&mut out, decoded);
                }
                i += 3;
                continue;
            }
            // A lone `%` stands for itself, encoded.
            push_escaped(&mut out, b);
        } else if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            push_escaped(&mut out, b);
        }
        i += 1;
    }
    out
}

fn push_escaped(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0x0f)]));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn robots(text: &str) -> Robots {
        Robots::parse(text.as_bytes(), PRODUCT_TOKEN)
    }

    #[test]
    fn an_empty_file_allows_everything() {
        let r = robots("");
        assert!(r.allows("/"));
        assert!(r.allows("/anything?at=all"));
        assert_eq!(r.crawl_delay(), None);
    }

    #[test]
    fn our_group_beats_the_star_group() {
        let r =
            robots("User-agent: *\nDisallow: /\n\nUser-agent: NewsDesk/1.0\nDisallow: /private\n");
        assert!(r.allows("/news"));
        assert!(!r.allows("/private/x"));
    }

    #[test]
    fn the_star_group_applies_when_we_are_not_named() {
        let r = robots("User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n");
        assert!(r.allows("/news"));
        assert!(!r.allows("/tmp/a"));
    }

    #[test]
    fn groups_for_other_crawlers_only_allow_everything() {
        let r = robots("User-agent: googlebot\nDisallow: /\n");
        assert!(r.allows("/news"));
    }

    #[test]
    fn consecutive_user_agent_lines_share_a_group_and_groups_merge() {
        let r = robots(
            "User-agent: a\nUser-agent: newsdesk\nDisallow: /one\n\
             User-agent: b\nDisallow: /two\n\
             User-agent: newsdesk\nDisallow: /three\n",
        );
        assert!(!r.allows("/one"));
        assert!(r.allows("/two"));
        assert!(!r.allows("/three"));
    }

    #[test]
    fn the_longest_match_wins_and_allow_wins_ties() {
        let r = robots(
            "User-agent: *\nDisallow: /news\nAllow: /news/public\nAllow: /page\nDisallow: /page\n",
        );
        assert!(!r.allows("/news/1"));
        assert!(r.allows("/news/public/1"));
        assert!(r.allows("/page"));
    }

    #[test]
    fn wildcards_and_anchors() {
        let r = robots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /a*b*c\nAllow: /*.pdf?ok\n");
        assert!(!r.allows("/docs/file.pdf"));
        assert!(r.allows("/docs/file.pdf.html"));
        assert!(!r.allows("/a/x/b/y/c/z"));
        assert!(r.allows("/a/x/c/y/b"));
        assert!(r.allows("/file.pdf?ok=1"));
        let exact = robots("User-agent: *\nDisallow: /$\n");
        assert!(!exact.allows("/"));
        assert!(exact.allows("/news"));
    }

    #[test]
    fn an_empty_disallow_allows_everything() {
        let r = robots("User-agent: *\nDisallow:\n");
        assert!(r.allows("/x"));
    }

    #[test]
    fn percent_encoding_is_normalised_on_both_sides() {
        let r = robots("User-agent: *\nDisallow: /%7ejoe/\nDisallow: /новости\nDisallow: /a%2fb\n");
        assert!(!r.allows("/~joe/page"));
        assert!(!r.allows("/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1"));
        assert!(!r.allows("/a%2Fb"));
        assert!(r.allows("/a/b"));
    }

    #[test]
    fn robots_txt_itself_is_always_allowed() {
        let r = robots("User-agent: *\nDisallow: /\n");
        assert!(!r.allows("/"));
        assert!(r.allows("/robots.txt"));
    }

    #[test]
    fn crawl_delay_and_sitemaps_are_read() {
        let r = robots(
            "Sitemap: https://example.com/s.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n",
        );
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(2500)));
        assert_eq!(r.sitemaps(), ["https://example.com/s.xml"]);
        assert_eq!(
            robots("User-agent: *\nCrawl-delay: soon\n").crawl_delay(),
            None
        );
        assert_eq!(
            robots("User-agent: *\nCrawl-delay: -1\n").crawl_delay(),
            None
        );
    }

    #[test]
    fn comments_case_crlf_and_junk_are_tolerated() {
        let r = robots(
            "\u{feff}# hello\r\nUSER-AGENT: *   # everyone\r\nDISALLOW : /x # no\r\nnonsense\r\nAllow /y\r\n",
        );
        assert!(!r.allows("/x/1"));
        assert!(r.allows("/y"));
    }

    #[test]
    fn rules_before_any_user_agent_are_ignored() {
        let r = robots("Disallow: /\nUser-agent: *\nDisallow: /x\n");
        assert!(r.allows("/news"));
    }

    #[test]
    fn a_line_cut_by_the_size_cap_is_dropped() {
        let mut text = String::from("User-agent: *\nDisallow: /secret\n");
        while text.len() < MAX_ROBOTS_BYTES as usize - 10 {
            text.push_str("# padding padding padding\n");
        }
        text.push_str("Disallow: /abcdefghijklmnopqrstuvwxyz\n");
        let r = robots(&text);
        assert!(!r.allows("/secret"));
        assert!(r.allows("/abc"), "a truncated pattern must not apply");
    }

    #[test]
    fn matching_is_bounded_on_hostile_patterns() {
        let pattern = format!("User-agent: *\nDisallow: /{}x$\n", "*a".repeat(2000));
        let r = robots(&pattern);
        let path = format!("/{}", "a".repeat(20_000));
        assert!(r.allows(&path));
    }
}
