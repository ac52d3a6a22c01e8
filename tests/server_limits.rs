//! The dev server under hostile clients (issue 19, D6 and D7), on 127.0.0.1 only and with every
//! loop bounded: 500 idle connections, long polls, a 100 MB header, a slow client, foreign Hosts.
//! A normal client is answered throughout and after, and the server's memory stays bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::fixture;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[allow(clippy::zombie_processes)] // killed and waited for by `Server::drop`
fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve starts");
        if let Some(rest) = line.strip_prefix("serving at http://") {
            let addr = rest.split('/').next().expect("addr").to_string();
            assert!(addr.starts_with("127.0.0.1:"), "{addr}");
            return Server { child, addr };
        }
    }
}

fn connect(server: &Server) -> TcpStream {
    let s = TcpStream::connect(&server.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    s.set_write_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    s
}

/// Sends a raw head; returns the status line and the body.
fn exchange(server: &Server, head: &str) -> (String, String) {
    let mut s = connect(server);
    s.write_all(head.as_bytes()).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.lines().next().unwrap_or("").to_string();
    (status, body.to_string())
}

/// A normal client: a page, answered within two seconds.
fn assert_answered(server: &Server, when: &str) {
    let start = Instant::now();
    let (status, body) = exchange(
        server,
        &format!(
            "GET /en/models/gpt.html HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    assert_eq!(status, "HTTP/1.1 200 OK", "{when}");
    assert!(body.contains("GPT &lt;model&gt;"), "{when}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{when}: answered in {:?}",
        start.elapsed()
    );
}

/// The server's resident memory in KiB (Linux).
fn rss_kib(server: &Server) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

fn version(server: &Server) -> u64 {
    let (_, body) = exchange(
        server,
        &format!(
            "GET /en/index.html HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.addr
        ),
    );
    let i = body.find("var v=").expect("reload script") + 6;
    body[i..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("version")
}

#[test]
fn d06_idle_slow_and_huge_clients_never_stop_a_normal_one() {
    let f = fixture("basic");
    let server = start(&f.root);
    let started = Instant::now();
    assert_answered(&server, "at start");
    let rss_before = rss_kib(&server);

    // A slow client: half a head, then nothing. It is dropped once its 10 s are up.
    let mut slow = connect(&server);
    slow.write_all(b"GET / HTTP/1.1\r\nHost: ")
        .expect("partial head");

    // 500 idle connections, which never send a byte.
    let idle: Vec<TcpStream> = (0..500).map(|_| connect(&server)).collect();
    assert_answered(&server, "with 500 idle connections");

    // 100 long polls on the reload endpoint: parked, holding no worker.
    let v = version(&server);
    let mut polls: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut s = connect(&server);
            write!(
                s,
                "GET /__atlas/wait?v={v} HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.addr
            )
            .expect("poll");
            s
        })
        .collect();
    assert_answered(&server, "with 100 waiting long polls");

    // A 100 MB header line: the server stops reading at its head limit and closes.
    let mut big = connect(&server);
    write!(big, "GET / HTTP/1.1\r\nHost: {}\r\nX-Big: ", server.addr).expect("head");
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0usize;
    for _ in 0..100 {
        if big.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    assert!(
        sent < 100 << 20,
        "the server read all 100 MB of one header line"
    );
    eprintln!("a 100 MB header line: the server closed it after {sent} bytes were sent");
    assert_answered(&server, "after a 100 MB header");
    if let (Some(before), Some(after)) = (rss_before, rss_kib(&server)) {
        assert!(
            after < before + 64 * 1024,
            "memory grew from {before} to {after} KiB"
        );
    }

    // A request line past its limit, and a method that is not served.
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: {}\r\n\r\n",
        "x".repeat(20_000),
        server.addr
    );
    assert_eq!(exchange(&server, &long).0, "HTTP/1.1 414 URI Too Long");
    let post = format!("POST / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr);
    assert_eq!(
        exchange(&server, &post).0,
        "HTTP/1.1 405 Method Not Allowed"
    );

    // The slow client is dropped once its time is up (a 408), and never got a page.
    let wait = Duration::from_secs(12).saturating_sub(started.elapsed());
    slow.set_read_timeout(Some(wait + Duration::from_secs(3)))
        .expect("timeout");
    let mut answer = Vec::new();
    let closed = slow.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        closed.is_ok(),
        "the slow client is still open after {:?}: {closed:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(16),
        "the slow client was held for {:?}",
        started.elapsed()
    );

    // The clients leave (the long polls' 25 s are not waited for), and the server keeps answering.
    for p in &mut polls {
        let _ = p.shutdown(std::net::Shutdown::Both);
    }
    drop(polls);
    drop(idle);
    assert_answered(&server, "after every other client left");
}

#[test]
fn d07_foreign_and_missing_hosts_are_refused() {
    let f = fixture("basic");
    let server = start(&f.root);
    // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its Host.
    let (status, _) = exchange(
        &server,
        "GET /en/index.html HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    );
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    let port = server.addr.rsplit(':').next().expect("port");
    let (status, _) = exchange(
        &server,
        &format!("GET /en/index.html HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n"),
    );
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    let (status, _) = exchange(&server, "GET /en/index.html HTTP/1.1\r\n\r\n");
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        let (status, _) = exchange(
            &server,
            &format!("GET /en/index.html HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        );
        assert_eq!(status, "HTTP/1.1 200 OK", "{host}");
    }
    assert_answered(&server, "after foreign hosts");
}

#[test]
fn d06_past_the_connection_limit_the_oldest_idle_connection_goes() {
    let f = fixture("basic");
    let server = start(&f.root);
    // The limit is 768 at once: 800 idle ones make the server drop the oldest, not refuse.
    let idle: Vec<TcpStream> = (0..800).map(|_| connect(&server)).collect();
    assert_answered(&server, "past the connection limit");
    // The first ones were closed by the server.
    let mut first = idle.into_iter().next().expect("first");
    first
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut buf = [0u8; 16];
    assert!(
        matches!(first.read(&mut buf), Ok(0) | Err(_)),
        "the oldest idle connection was dropped"
    );
}

#[test]
fn d06_a_parked_reload_request_is_answered_on_the_next_change() {
    let f = fixture("basic");
    let server = start(&f.root);
    let v = version(&server);
    let mut poll = connect(&server);
    write!(
        poll,
        "GET /__atlas/wait?v={v} HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .expect("poll");
    // Parked before the change (the answer would be at once after it).
    std::thread::sleep(Duration::from_millis(300));
    let page = f.root.join("content/companies/openai/en.md");
    let text = std::fs::read_to_string(&page).expect("read");
    let edited = Instant::now();
    std::fs::write(&page, format!("{text}\nOne more sentence.\n")).expect("edit");
    let mut raw = String::new();
    poll.read_to_string(&mut raw).expect("answer");
    let answered = edited.elapsed();
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    assert!(body.trim().parse::<u64>().expect("a version") > v, "{raw}");
    assert!(
        answered < Duration::from_secs(10),
        "answered {answered:?} after the edit"
    );
}
