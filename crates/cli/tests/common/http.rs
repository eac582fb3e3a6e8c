//! A tiny HTTP server on 127.0.0.1 for the end-to-end tests: each
//! connection (at most a bounded number) is answered on its own thread.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;

/// The first lines of a request: the request line and the headers.
pub struct Request {
    pub path: String,
    pub head: String,
}

/// Serves each connection (at most 200) on its own thread with `respond`;
/// returns the base URL.
pub fn serve(respond: impl Fn(&Request, &mut TcpStream) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("the local address");
    let respond = Arc::new(respond);
    thread::spawn(move || {
        for stream in listener.incoming().take(200) {
            let Ok(mut stream) = stream else { continue };
            let respond = Arc::clone(&respond);
            thread::spawn(move || {
                if let Some(request) = read_request(&stream) {
                    respond(&request, &mut stream);
                }
            });
        }
    });
    format!("http://{address}")
}

pub fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let path = head.split_whitespace().nth(1)?.to_string();
    Some(Request { path, head })
}

pub fn answer(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.write_all(body);
}
