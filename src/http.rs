//! The dev server's HTTP layer: bounded in every resource a client can make it spend.
//!
//! One event loop (mio) accepts connections and reads request heads without blocking, so an idle
//! or slow connection costs a socket and a buffer, never a thread. A complete head goes to a fixed
//! pool of worker threads, which call the handler and write the answer. A reply that waits (a long
//! poll) goes back to the loop, parked, until [`Waker::wake`] or its deadline; it holds no worker.
//!
//! Limits ([`Limits`]): connections open at once (past it the oldest still sending its head is
//! dropped, so a new client always gets in), request-line and head size, the time a head may take
//! to arrive, and the time an answer may take to be read. Only `GET` and `HEAD` are answered, only
//! for a `Host` of the allow-list (`127.0.0.1`, `localhost`, `[::1]` with the server's port): a
//! page of another site that resolves its own name to 127.0.0.1 (DNS rebinding) gets 403. No
//! error stops the loop: a failed accept is retried, a failed read or write drops that connection.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream as MioStream};
use mio::{Events, Interest, Poll, Token};

/// What a client may make the server spend.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Threads that answer requests.
    pub workers: usize,
    /// Requests waiting for a worker; past it the answer is 503.
    pub queue: usize,
    /// Connections sending their head, or parked, at once.
    pub connections: usize,
    /// Bytes of the request line.
    pub request_line: usize,
    /// Bytes of the whole head (request line and headers).
    pub head: usize,
    /// Time from connecting to the end of the head.
    pub head_timeout: Duration,
    /// Time the client may take to read the answer.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            workers: 8,
            queue: 256,
            connections: 768,
            request_line: 8 * 1024,
            head: 32 * 1024,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(20),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    /// Answered like `GET`, without the body.
    Head,
}

/// A request the handler sees: its method and target (a Host of the allow-list is checked).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The request target as sent (`/en/index.html?x`), starting with `/`.
    pub target: String,
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Body,
}

/// A response body: bytes of its own, or shared with the server's store.
#[derive(Debug, Clone)]
pub enum Body {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Owned(b) => b,
            Body::Shared(b) => b,
        }
    }
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: Body) -> Self {
        Response {
            status,
            content_type,
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            Body::Owned(text.as_bytes().to_vec()),
        )
    }
}

/// What the handler answers: now, or once something happens.
pub enum Reply {
    Now(Response),
    Wait(Wait),
}

/// An answer that waits without holding a worker: `poll(false)` is asked after every
/// [`Waker::wake`]; once `deadline` has passed, `poll(true)` must answer.
pub struct Wait {
    pub poll: Box<dyn FnMut(bool) -> Option<Response> + Send>,
    pub deadline: Duration,
}

/// Tells the server that waiting replies may be ready.
#[derive(Clone)]
pub struct Waker(Arc<mio::Waker>);

impl Waker {
    pub fn wake(&self) {
        let _ = self.0.wake();
    }
}

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

/// The server, bound and ready to [`Server::run`].
pub struct Server {
    poll: Poll,
    listener: TcpListener,
    waker: Arc<mio::Waker>,
    limits: Limits,
    hosts: Vec<String>,
}

impl Server {
    /// A server on `listener` (already bound), answering for the loopback names with its port.
    pub fn new(listener: std::net::TcpListener, limits: Limits) -> io::Result<Server> {
        let port = listener.local_addr()?.port();
        listener.set_nonblocking(true)?;
        let mut listener = TcpListener::from_std(listener);
        let poll = Poll::new()?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let waker = Arc::new(mio::Waker::new(poll.registry(), WAKER)?);
        Ok(Server {
            poll,
            listener,
            waker,
            limits,
            hosts: allowed_hosts(port),
        })
    }

    pub fn waker(&self) -> Waker {
        Waker(Arc::clone(&self.waker))
    }

    /// Serves until the process ends. Returns only if the worker threads cannot be started.
    pub fn run(self, handler: &(dyn Fn(&Request) -> Reply + Sync)) -> io::Result<()> {
        let (jobs, queue) = mpsc::sync_channel::<Job>(self.limits.queue);
        let queue = Mutex::new(queue);
        let (park, parked) = mpsc::channel::<Parked>();
        let write_timeout = self.limits.write_timeout;
        std::thread::scope(|scope| {
            for i in 0..self.limits.workers.max(1) {
                let (queue, park, waker) = (&queue, park.clone(), Arc::clone(&self.waker));
                std::thread::Builder::new()
                    .name(format!("atlas-http-{i}"))
                    .spawn_scoped(scope, move || {
                        work(queue, handler, &park, &waker, write_timeout)
                    })?;
            }
            drop(park);
            EventLoop {
                server: self,
                jobs,
                parked,
                reading: HashMap::new(),
                waiting: Vec::new(),
                next_token: 2,
            }
            .run();
            Ok(())
        })
    }
}

fn allowed_hosts(port: u16) -> Vec<String> {
    let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .map(|h| format!("{h}:{port}"))
        .collect();
    if port == 80 {
        hosts.extend(["127.0.0.1", "localhost", "[::1]"].map(String::from));
    }
    hosts
}

/// What a worker is given: a request to answer, or an answer to write.
enum Job {
    Answer(Request, TcpStream),
    Write(Response, Method, TcpStream),
}

/// A waiting reply and its connection, back from a worker to the loop.
struct Parked {
    wait: Wait,
    method: Method,
    stream: TcpStream,
}

fn work(
    queue: &Mutex<mpsc::Receiver<Job>>,
    handler: &(dyn Fn(&Request) -> Reply + Sync),
    park: &mpsc::Sender<Parked>,
    waker: &mio::Waker,
    write_timeout: Duration,
) {
    loop {
        let job = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        match job {
            Job::Write(response, method, stream) => write(stream, &response, method, write_timeout),
            Job::Answer(request, stream) => {
                // A handler that panics loses this answer, not the worker.
                let reply =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request)))
                        .unwrap_or_else(|_| Reply::Now(Response::text(500, "internal error\n")));
                match reply {
                    Reply::Now(response) => write(stream, &response, request.method, write_timeout),
                    Reply::Wait(wait) => {
                        let parked = Parked {
                            wait,
                            method: request.method,
                            stream,
                        };
                        if park.send(parked).is_ok() {
                            let _ = waker.wake();
                        }
                    }
                }
            }
        }
    }
}

/// Writes an answer and closes; a client that reads too slowly is dropped.
fn write(mut stream: TcpStream, response: &Response, method: Method, timeout: Duration) {
    let started = Instant::now();
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_write_timeout(Some(timeout));
    let body = response.body.bytes();
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        body.len()
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    if method == Method::Get {
        for chunk in body.chunks(64 * 1024) {
            if started.elapsed() > timeout || stream.write_all(chunk).is_err() {
                return;
            }
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A connection still sending its head.
struct Reading {
    stream: MioStream,
    head: Vec<u8>,
    since: Instant,
}

/// A parked reply with its deadline.
struct Waiting {
    parked: Parked,
    deadline: Instant,
}

struct EventLoop {
    server: Server,
    jobs: mpsc::SyncSender<Job>,
    parked: mpsc::Receiver<Parked>,
    reading: HashMap<Token, Reading>,
    waiting: Vec<Waiting>,
    next_token: usize,
}

/// What reading a head gave.
enum Head {
    /// More to come.
    Partial,
    /// The connection ended or failed before a whole head.
    Gone,
    Complete,
    TooLong(u16),
}

impl EventLoop {
    fn run(mut self) {
        let mut events = Events::with_capacity(256);
        // After a failed accept (no file descriptors left, say), accepting is tried again soon.
        let mut retry_accept: Option<Instant> = None;
        loop {
            let timeout = self.next_timeout(retry_accept);
            match self.server.poll.poll(&mut events, timeout) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            }
            let mut woken = false;
            let mut accept = retry_accept.is_some_and(|t| Instant::now() >= t);
            for event in events.iter() {
                match event.token() {
                    LISTENER => accept = true,
                    WAKER => woken = true,
                    token => self.read(token),
                }
            }
            if accept {
                retry_accept = self.accept();
            }
            while let Ok(parked) = self.parked.try_recv() {
                self.park(parked);
            }
            if woken {
                self.answer_waiting(false);
            }
            self.expire();
        }
    }

    fn next_timeout(&self, retry_accept: Option<Instant>) -> Option<Duration> {
        let head_deadline = self
            .reading
            .values()
            .map(|r| r.since + self.server.limits.head_timeout);
        let park_deadline = self.waiting.iter().map(|w| w.deadline);
        head_deadline
            .chain(park_deadline)
            .chain(retry_accept)
            .min()
            .map(|t| t.saturating_duration_since(Instant::now()) + Duration::from_millis(1))
    }

    /// Accepts every pending connection; returns when to try again after a failure.
    fn accept(&mut self) -> Option<Instant> {
        loop {
            match self.server.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return None,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Out of file descriptors or memory: the connection stays queued in the kernel
                // and is accepted on the next try, once something has been closed.
                Err(_) => return Some(Instant::now() + Duration::from_millis(50)),
            }
        }
    }

    fn admit(&mut self, mut stream: MioStream) {
        if self.reading.len() + self.waiting.len() >= self.server.limits.connections {
            self.drop_oldest();
        }
        let token = Token(self.next_token);
        self.next_token = self.next_token.wrapping_add(1).max(2);
        if self
            .server
            .poll
            .registry()
            .register(&mut stream, token, Interest::READABLE)
            .is_err()
        {
            return;
        }
        self.reading.insert(
            token,
            Reading {
                stream,
                head: Vec::new(),
                since: Instant::now(),
            },
        );
        // Data that came with the connection is read at once.
        self.read(token);
    }

    /// Makes room: the connection that has been sending its head longest goes (else the oldest
    /// parked one, answered as if its wait had ended).
    fn drop_oldest(&mut self) {
        let oldest = self
            .reading
            .iter()
            .min_by_key(|(_, r)| r.since)
            .map(|(t, _)| *t);
        match oldest {
            Some(token) => {
                if let Some(mut r) = self.reading.remove(&token) {
                    let _ = self.server.poll.registry().deregister(&mut r.stream);
                }
            }
            None if !self.waiting.is_empty() => {
                let w = self.waiting.remove(0);
                self.finish_waiting(w, true);
            }
            None => {}
        }
    }

    fn read(&mut self, token: Token) {
        let limits = &self.server.limits;
        let Some(conn) = self.reading.get_mut(&token) else {
            return;
        };
        let state = read_head(conn, limits);
        if matches!(state, Head::Partial) {
            return;
        }
        let Some(mut conn) = self.reading.remove(&token) else {
            return;
        };
        let _ = self.server.poll.registry().deregister(&mut conn.stream);
        let stream: TcpStream = conn.stream.into();
        match state {
            Head::Partial | Head::Gone => {}
            Head::TooLong(status) => self.send_error(status, stream),
            Head::Complete => match parse_head(&conn.head, &self.server.hosts) {
                Ok(request) => {
                    if let Err(mpsc::TrySendError::Full(Job::Answer(_, stream))) =
                        self.jobs.try_send(Job::Answer(request, stream))
                    {
                        reject_now(stream, 503);
                    }
                }
                Err(status) => self.send_error(status, stream),
            },
        }
    }

    fn send_error(&self, status: u16, stream: TcpStream) {
        let text = match status {
            403 => "forbidden: this server answers for 127.0.0.1, localhost and [::1] only\n",
            405 => "method not allowed\n",
            408 => "request timeout\n",
            414 => "request line too long\n",
            431 => "request head too large\n",
            _ => "bad request\n",
        };
        let job = Job::Write(Response::text(status, text), Method::Get, stream);
        if let Err(mpsc::TrySendError::Full(Job::Write(_, _, stream))) = self.jobs.try_send(job) {
            reject_now(stream, status);
        }
    }

    fn park(&mut self, mut parked: Parked) {
        // Ready already (the change came while a worker handled it): answer now.
        if let Some(response) = (parked.wait.poll)(false) {
            return self.write_later(response, parked);
        }
        if self.reading.len() + self.waiting.len() >= self.server.limits.connections {
            self.drop_oldest();
        }
        let deadline = Instant::now() + parked.wait.deadline;
        self.waiting.push(Waiting { parked, deadline });
    }

    fn answer_waiting(&mut self, expired_only: bool) {
        let now = Instant::now();
        let mut still = Vec::with_capacity(self.waiting.len());
        for mut w in std::mem::take(&mut self.waiting) {
            let expired = now >= w.deadline;
            if expired_only && !expired {
                still.push(w);
                continue;
            }
            match (w.parked.wait.poll)(expired) {
                Some(response) => self.write_later(response, w.parked),
                None if expired => {
                    let fallback = Response::text(200, "");
                    self.write_later(fallback, w.parked)
                }
                None => still.push(w),
            }
        }
        self.waiting.extend(still);
    }

    fn finish_waiting(&mut self, mut w: Waiting, expired: bool) {
        let response = (w.parked.wait.poll)(expired).unwrap_or_else(|| Response::text(200, ""));
        self.write_later(response, w.parked);
    }

    fn write_later(&self, response: Response, parked: Parked) {
        let job = Job::Write(response, parked.method, parked.stream);
        if let Err(mpsc::TrySendError::Full(Job::Write(_, _, stream))) = self.jobs.try_send(job) {
            reject_now(stream, 503);
        }
    }

    /// Drops heads that took too long, and answers waits past their deadline.
    fn expire(&mut self) {
        let now = Instant::now();
        let timeout = self.server.limits.head_timeout;
        let late: Vec<Token> = self
            .reading
            .iter()
            .filter(|(_, r)| now.duration_since(r.since) >= timeout)
            .map(|(t, _)| *t)
            .collect();
        for token in late {
            if let Some(mut r) = self.reading.remove(&token) {
                let _ = self.server.poll.registry().deregister(&mut r.stream);
                reject_now(r.stream.into(), 408);
            }
        }
        if self.waiting.iter().any(|w| now >= w.deadline) {
            self.answer_waiting(true);
        }
    }
}

/// A short error answer written at once, without a worker (a fresh socket's buffer takes it),
/// then the connection is closed.
fn reject_now(mut stream: TcpStream, status: u16) {
    let _ = stream.set_nonblocking(true);
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        reason(status)
    );
}

/// Reads what has arrived of a head, within the limits.
fn read_head(conn: &mut Reading, limits: &Limits) -> Head {
    let mut buf = [0u8; 4096];
    loop {
        match conn.stream.read(&mut buf) {
            Ok(0) => return Head::Gone,
            Ok(n) => {
                let searched_from = conn.head.len().saturating_sub(3);
                conn.head.extend_from_slice(&buf[..n]);
                let line_end = conn.head.iter().position(|b| *b == b'\n');
                if line_end.map_or(conn.head.len(), |e| e) > limits.request_line {
                    return Head::TooLong(414);
                }
                if head_end(&conn.head[searched_from..]).is_some() {
                    return Head::Complete;
                }
                if conn.head.len() > limits.head {
                    return Head::TooLong(431);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Head::Partial,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Head::Gone,
        }
    }
}

/// Where the blank line ending a head is (`\r\n\r\n` or `\n\n`).
fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .or_else(|| bytes.windows(4).position(|w| w == b"\r\n\r\n"))
}

/// Reads a complete head; an error is the status to answer.
fn parse_head(head: &[u8], hosts: &[String]) -> Result<Request, u16> {
    let text = std::str::from_utf8(head).map_err(|_| 400u16)?;
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let request_line = lines.next().ok_or(400u16)?;
    let mut parts = request_line.split_whitespace();
    let (method, target, version) = (parts.next(), parts.next(), parts.next());
    let (Some(method), Some(target)) = (method, target) else {
        return Err(400);
    };
    if parts.next().is_some() || version.is_some_and(|v| !v.starts_with("HTTP/1.")) {
        return Err(400);
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(405),
    };
    if !target.starts_with('/') {
        return Err(400);
    }
    let mut host = None;
    for line in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(400);
        };
        if name.trim().eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(400);
            }
            host = Some(value.trim().to_ascii_lowercase());
        }
    }
    match host {
        Some(h) if hosts.contains(&h) => Ok(Request {
            method,
            target: target.to_string(),
        }),
        Some(_) => Err(403),
        None => Err(400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_read_strictly() {
        let hosts = allowed_hosts(8080);
        let ok = parse_head(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n", &hosts)
            .expect("a plain request");
        assert_eq!((ok.method, ok.target.as_str()), (Method::Get, "/en/"));
        for (head, status) in [
            (&b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"[..], 403),
            (b"GET / HTTP/1.1\r\nHost: localhost:9999\r\n\r\n", 403),
            (b"GET / HTTP/1.1\r\n\r\n", 400),
            (
                b"GET / HTTP/1.1\r\nHost: localhost:8080\r\nHost: evil\r\n\r\n",
                400,
            ),
            (b"POST / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n", 405),
            (
                b"GET http://evil/ HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
                400,
            ),
            (b"GET / SPDY/3\r\nHost: localhost:8080\r\n\r\n", 400),
            (b"\xff\xfe / HTTP/1.1\r\n\r\n", 400),
        ] {
            assert_eq!(parse_head(head, &hosts).err(), Some(status), "{head:?}");
        }
        assert!(parse_head(b"HEAD / HTTP/1.0\nHOST: [::1]:8080\n\n", &hosts).is_ok());
    }

    #[test]
    fn the_end_of_a_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\n"), Some(14));
        assert_eq!(head_end(b"GET /\n\n"), Some(5));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }
}
