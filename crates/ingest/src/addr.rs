//! Which network addresses newsdesk may connect to, enforced at connect time.
//!
//! A crawler that fetches whatever URL it is given can be turned against the
//! network it runs in (server-side request forgery): `http://169.254.169.254/`
//! is a cloud's metadata service, `http://10.0.0.1/` a router. Checking the
//! URL is not enough, because a public name can resolve to a private address
//! (DNS rebinding: the answer changes between the check and the connection),
//! and a public page can redirect to a private one. So the check sits in the
//! resolver ureq connects through ([`AddressGuard`]): every connection, first
//! hop or redirect, resolves here, and only public addresses are handed back.
//! A name that resolves only to refused addresses fails with [`NonPublic`]
//! inside the `io::Error`, which the fetcher reports as a refusal.
//!
//! The lookup itself runs with a deadline (ureq applies none to DNS), so a
//! resolver that never answers cannot stall a worker: the lookup thread is
//! left to finish on its own, and the fetch fails with a timeout.
//!
//! [`url_host_refusal`] is the same rule applied to a URL before any network
//! activity: literal addresses and `localhost` names are refused without a
//! lookup.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use url::{Host, Url};

/// Whether `ip` is a public unicast address: not loopback, private
/// (10/8, 172.16/12, 192.168/16, CGNAT 100.64/10, IPv6 fc00::/7), link-local
/// (169.254/16, fe80::/10), unspecified, multicast, broadcast, reserved or
/// documentation space, nor an IPv6 form that embeds such an IPv4 address
/// (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`,
/// 6to4 `2002::/16`).
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let refused = a == 0 // "this network", including 0.0.0.0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // CGNAT
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF assignments, documentation
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation
        || (a == 203 && b == 0 && c == 113) // documentation
        || a >= 224; // multicast, reserved, broadcast
    !refused
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let embedded = Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7]));
    if s[..6] == [0; 6] {
        // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
        return false;
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded); // NAT64 reaches the IPv4 address it embeds
    }
    if s[0] == 0x2002 {
        let v4 = Ipv4Addr::from((u32::from(s[1]) << 16) | u32::from(s[2]));
        return is_public_v4(v4); // 6to4
    }
    if s[0] == 0x2001 && (s[1] == 0 || s[1] == 0xdb8) {
        return false; // Teredo tunnels, documentation
    }
    // Global unicast is 2000::/3; everything else (fc00::/7, fe80::/10,
    // ff00::/8, ...) is local, multicast or reserved.
    s[0] & 0xe000 == 0x2000
}

/// Every address passes (`--allow-private`).
pub(crate) fn any_address(_: IpAddr) -> bool {
    true
}

/// A name resolved, but only to addresses newsdesk refuses to connect to.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{host} is a private, loopback or link-local address ({addresses})")]
pub(crate) struct NonPublic {
    /// The host as it was looked up (a name or a literal address).
    pub host: String,
    /// The refused addresses, comma-separated.
    pub addresses: String,
}

/// Looks up `host:port` with a deadline.
pub(crate) type Lookup = fn(&str, Duration) -> io::Result<Vec<SocketAddr>>;

/// ureq's resolver: looks names up (with a deadline) and hands back only the
/// addresses `allowed` accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AddressGuard {
    pub allowed: fn(IpAddr) -> bool,
    pub lookup: Lookup,
    pub timeout: Duration,
}

impl ureq::Resolver for AddressGuard {
    fn resolve(&self, netloc: &str) -> io::Result<Vec<SocketAddr>> {
        let found = (self.lookup)(netloc, self.timeout)?;
        let (kept, refused): (Vec<SocketAddr>, Vec<SocketAddr>) = found
            .into_iter()
            .partition(|addr| (self.allowed)(addr.ip()));
        if kept.is_empty() && !refused.is_empty() {
            let host = netloc
                .rsplit_once(':')
                .map_or(netloc, |(host, _port)| host)
                .to_string();
            let addresses = refused
                .iter()
                .map(|a| a.ip().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                NonPublic { host, addresses },
            ));
        }
        Ok(kept)
    }
}

/// The system resolver, with a deadline: the lookup runs on its own thread,
/// which is abandoned (it ends when the system gives up) if it takes longer
/// than `timeout`. Literal addresses are parsed without a lookup.
pub(crate) fn system_lookup(netloc: &str, timeout: Duration) -> io::Result<Vec<SocketAddr>> {
    if let Ok(addr) = netloc.parse::<SocketAddr>() {
        return Ok(vec![addr]);
    }
    let (sender, receiver) = mpsc::channel();
    let owned = netloc.to_string();
    let spawned = thread::Builder::new()
        .name("newsdesk-dns".to_string())
        .spawn(move || {
            let found = owned.to_socket_addrs().map(Iterator::collect);
            // The caller may have stopped waiting; then nobody needs the answer.
            let _ = sender.send(found);
        });
    if spawned.is_err() {
        return netloc.to_socket_addrs().map(Iterator::collect);
    }
    match receiver.recv_timeout(timeout) {
        Ok(found) => found,
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!("the DNS lookup timed out after {} s", timeout.as_secs_f64()),
        )),
    }
}

/// Why `url`'s host is refused before any lookup: a literal address that
/// `allowed` rejects, or a `localhost` name when loopback is rejected.
pub(crate) fn url_host_refusal(url: &Url, allowed: fn(IpAddr) -> bool) -> Option<NonPublic> {
    let refused = |ip: IpAddr| NonPublic {
        host: url.host_str().unwrap_or_default().to_string(),
        addresses: ip.to_string(),
    };
    match url.host()? {
        Host::Ipv4(ip) if !allowed(ip.into()) => Some(refused(ip.into())),
        Host::Ipv6(ip) if !allowed(ip.into()) => Some(refused(ip.into())),
        Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
            let is_localhost = name == "localhost" || name.ends_with(".localhost");
            (is_localhost && !allowed(loopback)).then(|| refused(loopback))
        }
        _ => None,
    }
}

/// The [`NonPublic`] refusal inside a ureq transport error, if that is what it is.
pub(crate) fn non_public_cause(transport: &ureq::Transport) -> Option<NonPublic> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> =
        std::error::Error::source(transport);
    while let Some(error) = cause {
        if let Some(found) = error.downcast_ref::<NonPublic>() {
            return Some(found.clone());
        }
        // io::Error's `source` skips the error it wraps; look inside it directly.
        if let Some(inner) = error
            .downcast_ref::<io::Error>()
            .and_then(|io_error| io_error.get_ref())
            .and_then(|inner| inner.downcast_ref::<NonPublic>())
        {
            return Some(inner.clone());
        }
        cause = error.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::Resolver;

    fn public(s: &str) -> bool {
        is_public(s.parse().expect("an address"))
    }

    #[test]
    fn private_loopback_link_local_and_special_ranges_are_refused() {
        for refused in [
            "0.0.0.0",
            "127.0.0.1",
            "127.255.0.9",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:c0a8:0101::1",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "2001:db8::1",
            "fec0::1",
        ] {
            assert!(!public(refused), "{refused} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for allowed in [
            "1.1.1.1",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "93.184.216.34",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2a00:1450:4001:80b::200e",
        ] {
            assert!(public(allowed), "{allowed} should pass");
        }
    }

    #[test]
    fn the_resolver_refuses_names_that_resolve_only_to_private_addresses() {
        let guard = AddressGuard {
            allowed: is_public,
            lookup: system_lookup,
            timeout: Duration::from_secs(5),
        };
        let error = guard
            .resolve("localhost:80")
            .expect_err("localhost is refused");
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
        let inner = error
            .get_ref()
            .and_then(|e| e.downcast_ref::<NonPublic>())
            .expect("a NonPublic inside");
        assert_eq!(inner.host, "localhost");
        assert!(guard.resolve("[::ffff:127.0.0.1]:80").is_err());
        assert!(guard.resolve("10.0.0.1:443").is_err());
    }

    #[test]
    fn the_resolver_keeps_only_the_public_addresses_of_a_mixed_answer() {
        fn mixed(_: &str, _: Duration) -> io::Result<Vec<SocketAddr>> {
            Ok(vec![
                "127.0.0.1:80".parse().expect("an address"),
                "8.8.8.8:80".parse().expect("an address"),
            ])
        }
        let guard = AddressGuard {
            allowed: is_public,
            lookup: mixed,
            timeout: Duration::from_secs(1),
        };
        let kept = guard
            .resolve("rebinding.example:80")
            .expect("one is public");
        assert_eq!(kept, vec!["8.8.8.8:80".parse().expect("an address")]);
    }

    #[test]
    fn allow_private_lets_everything_through() {
        let guard = AddressGuard {
            allowed: any_address,
            lookup: system_lookup,
            timeout: Duration::from_secs(5),
        };
        assert!(guard.resolve("127.0.0.1:80").is_ok());
    }

    #[test]
    fn literal_and_localhost_urls_are_refused_before_any_lookup() {
        for url in [
            "http://localhost/",
            "http://LOCALHOST.:8080/x",
            "http://app.localhost/",
            "http://10.0.0.1/",
            "http://[::1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://0x7f000001/",
            "http://[::ffff:7f00:1]/",
        ] {
            let parsed = Url::parse(url).expect("a URL");
            assert!(
                url_host_refusal(&parsed, is_public).is_some(),
                "{url} should be refused"
            );
            assert!(url_host_refusal(&parsed, any_address).is_none());
        }
        let public = Url::parse("https://example.com/").expect("a URL");
        assert!(url_host_refusal(&public, is_public).is_none());
    }
}
