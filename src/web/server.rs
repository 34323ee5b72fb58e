//! The HTTP server loop: the router behind hyper's HTTP/1 connections with the limits the open
//! web needs. `axum::serve` runs without a timer, so a half-sent request or an idle keep-alive
//! connection stayed open for good; here each connection has a header-read timeout (which
//! hyper also applies while a keep-alive connection waits for its next request), a socket
//! write timeout, and their number is capped. Shutdown stops accepting, lets requests in
//! flight finish, and gives up waiting after a deadline.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

/// Connections the kernel holds for the accept loop (it caps this at `somaxconn`).
/// `TcpListener::bind` asks for 128: when the 200 half-open clients of the soak came back
/// together, the queue overflowed, and a client whose connection attempt was dropped waited
/// for the one-second SYN retransmit (`/healthz` answered in 1.03 s about once in ten minutes;
/// `nstat` counted the overflows).
const BACKLOG: u32 = 4096;

/// A listening socket on `addr` with a backlog for bursts of new connections.
pub async fn listen(addr: &str) -> std::io::Result<TcpListener> {
    let mut last = None;
    for addr in tokio::net::lookup_host(addr).await? {
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        // A restart right after a stop can bind while old connections linger in TIME_WAIT.
        socket.set_reuseaddr(true)?;
        match socket.bind(addr).and_then(|()| socket.listen(BACKLOG)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::AddrNotAvailable,
            "no address to listen on",
        )
    }))
}

/// The connection limits of [`serve`].
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// A request's headers must arrive within this, and an idle keep-alive connection is
    /// closed after it.
    pub header_read: Duration,
    /// A socket write that makes no progress for this long ends the connection (a client
    /// that stops reading a response).
    pub io: Duration,
    /// Connections open at once; further ones wait in the kernel's backlog.
    pub max_connections: usize,
    /// How long shutdown waits for requests in flight.
    pub drain: Duration,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            header_read: Duration::from_secs(10),
            io: Duration::from_secs(30),
            max_connections: 1024,
            // Under the 10 s Docker and systemd wait before they kill.
            drain: Duration::from_secs(8),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut shutdown = pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                tracing::warn!("cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        // A write timeout only: hyper keeps a read pending while it answers (to notice a
        // client that hangs up), so a read timeout would cut a long export. Reads of a
        // request's head are bounded by the header-read timeout.
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(limits.io));
        let io = TokioIo::new(Box::pin(stream));
        let service = TowerToHyperService::new(app.clone());
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read)
            .keep_alive(true);
        let connection = graceful.watch(builder.serve_connection(io, service));
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = connection.await {
                tracing::debug!("connection ended: {e}");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: waiting for requests in flight");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all connections closed"),
        () = tokio::time::sleep(limits.drain) => {
            tracing::warn!("requests still running after {:?}; stopping anyway", limits.drain);
        }
    }
}

/// Completes on Ctrl-C or, on Unix, SIGTERM (what containers and service managers send).
/// The handlers are installed when this is called, not when the future is first polled, so
/// a signal that comes right after start-up is not lost (it would kill the process).
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {},
                        _ = terminate.recv() => {},
                    }
                }
                (interrupt, terminate) => {
                    if let Err(e) = interrupt.and(terminate) {
                        tracing::warn!("cannot listen for signals: {e}");
                    }
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
