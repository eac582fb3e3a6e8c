//! What the server's end-to-end tests share: the router served on a free
//! loopback port by a runtime on its own thread.

use std::net::SocketAddr;
use std::time::Duration;

/// Serves `app` on 127.0.0.1 (a free port), the way `newsdesk serve` does
/// ([`newsdesk_server::serve_on`]), until the test process ends;
/// returns the address once it listens.
pub fn serve_in_background(app: axum::Router) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("address"))
                .expect("send");
            newsdesk_server::serve_on(listener, app)
                .await
                .expect("serve");
        });
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the server starts")
}
