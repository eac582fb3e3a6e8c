//! `newsdesk serve` run for a test: started on a free loopback port, its
//! address read from what it prints, asked over plain HTTP/1.1, and killed
//! when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

pub struct Served {
    child: Child,
    pub address: String,
    /// What the server printed before it was ready.
    pub said: Vec<String>,
}

impl Served {
    /// Runs `newsdesk serve ARGS --bind 127.0.0.1:0` in `dir`; `None` (with
    /// what it printed) when it does not announce an address in 30 s.
    pub fn start(dir: &Path, args: &[&str]) -> Result<Served, Vec<String>> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .arg("serve")
            .args(args)
            .args(["--bind", "127.0.0.1:0"])
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("newsdesk serve runs");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut said = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) else {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                continue;
            };
            let address = line
                .split(" at http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_string);
            said.push(line);
            if let Some(address) = address {
                // The lines printed right after the address (warnings, the token).
                while let Ok(line) = rx.recv_timeout(Duration::from_millis(300)) {
                    said.push(line);
                }
                return Ok(Served {
                    child,
                    address,
                    said,
                });
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        Err(said)
    }

    /// GET `path`: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    /// POST a JSON body to `path`: (status, body).
    pub fn post_json(&self, path: &str, body: &str) -> (u16, String) {
        self.request(&format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ))
    }

    /// GET `path` that must answer 200 with JSON.
    pub fn get_json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    fn request(&self, raw: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect to the server");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("a read timeout");
        stream.write_all(raw.as_bytes()).expect("send the request");
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        let reply = String::from_utf8_lossy(&reply).into_owned();
        let status = reply
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0);
        let body = match reply.split_once("\r\n\r\n") {
            Some((head, body))
                if head
                    .to_ascii_lowercase()
                    .contains("transfer-encoding: chunked") =>
            {
                unchunk(body)
            }
            Some((_, body)) => body.to_string(),
            None => String::new(),
        };
        (status, body)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A chunked body put back together.
fn unchunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        body.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    body
}
