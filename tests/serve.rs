//! `atlas serve` as a reader and an author meet it: pages over HTTP, traversal refused, an edit
//! rebuilt and announced, a broken edit shown while the last good site keeps being served.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::fixture;

struct Server {
    child: Child,
    addr: String,
    log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// The child is killed and waited for by `Server::drop`; a panic before that ends the test process.
fn start(root: &std::path::Path) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_atlas"));
    command.arg("--root").arg(root);
    start_command(command)
}

/// `atlas serve` run from inside the site, with the default root `.`.
fn start_inside(root: &std::path::Path) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_atlas"));
    command.current_dir(root);
    start_command(command)
}

#[allow(clippy::zombie_processes)]
fn start_command(mut command: Command) -> Server {
    let mut child = command
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
            return Server {
                child,
                addr,
                log: rx,
            };
        }
    }
}

/// A raw HTTP request (so paths are sent exactly as written); returns status line, headers, body.
fn request(server: &Server, method: &str, path: &str) -> (String, String, String) {
    let mut s = TcpStream::connect(&server.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let (status, headers) = head.split_once("\r\n").unwrap_or((head, ""));
    (status.to_string(), headers.to_string(), body.to_string())
}

fn version(body: &str) -> u64 {
    let i = body.find("var v=").expect("reload script") + 6;
    body[i..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("version")
}

fn next_log(server: &Server, prefix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = server
            .log
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("log line");
        if line.starts_with(prefix) {
            return line;
        }
    }
}

#[test]
fn serves_pages_with_types_head_and_404() {
    let f = fixture("basic");
    let server = start(&f.root);
    let (status, headers, body) = request(&server, "GET", "/en/models/gpt.html");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(headers.contains("Content-Type: text/html; charset=utf-8"));
    assert!(body.contains("<h1>GPT &lt;model&gt;</h1>") && body.contains("/__atlas/wait?v="));
    let (status, headers, _) = request(&server, "GET", "/static/style.css");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(headers.contains("text/css"));
    let (status, _, body) = request(&server, "GET", "/en/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("Test Atlas"));
    let (status, headers, body) = request(&server, "HEAD", "/en/index.html");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(headers.contains("Content-Length: ") && body.is_empty());
    // The print edition is made on request, from the current site.
    let (status, _, body) = request(&server, "GET", "/en/print.html");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("id=\"models-gpt\""));
    let (status, _, body) = request(&server, "GET", "/no/such/page.html");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert!(body.contains("Page not found"), "the site's own 404 page");
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let f = fixture("basic");
    std::fs::write(f.root.join("secret.txt"), "TOP-SECRET-4711").expect("write");
    let server = start(&f.root);
    for path in [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5csecret.txt",
        "//secret.txt",
        "/site.toml",
        "/content/models/gpt/en.md",
    ] {
        let (status, _, body) = request(&server, "GET", path);
        assert_eq!(status, "HTTP/1.1 404 Not Found", "{path}");
        assert!(!body.contains("TOP-SECRET-4711"), "{path} leaked the file");
        assert!(!body.contains("[relations]"), "{path} leaked a source");
    }
}

#[test]
fn an_edit_is_rebuilt_and_announced_and_a_broken_edit_keeps_the_last_good_site() {
    let f = fixture("basic");
    let server = start(&f.root);
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");
    let v = version(&body);

    // A good edit: the waiting page is told to reload and the new text is served.
    let page = f.root.join("content/companies/openai/en.md");
    let original = std::fs::read_to_string(&page).expect("read");
    std::fs::write(&page, format!("{original}\nA freshly added sentence.\n")).expect("edit");
    let (_, _, answer) = request(&server, "GET", &format!("/__atlas/wait?v={v}"));
    assert!(answer.trim().parse::<u64>().expect("version") > v);
    let rebuilt = next_log(&server, "rebuilt: rendered");
    // Only what the edit affects is rendered again: fewer files than the whole site.
    let numbers: Vec<usize> = rebuilt
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(numbers.len() >= 2 && numbers[0] < numbers[1], "{rebuilt}");
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");
    assert!(body.contains("A freshly added sentence."));
    // A body edit updates the backlinks it feeds: the linked page shows the new sentence.
    let v2 = version(&body);
    std::fs::write(
        &page,
        original.replace("It built [[gpt]].", "It built [[gpt]] in a hurry.")
            + "\nA freshly added sentence.\n",
    )
    .expect("edit");
    let _ = request(&server, "GET", &format!("/__atlas/wait?v={v2}"));
    let (_, _, gpt) = request(&server, "GET", "/en/models/gpt.html");
    assert!(gpt.contains("in a hurry."), "backlink context updated");
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");

    // A broken edit: the error is shown on the page with file and line, the old text still served.
    let v = version(&body);
    std::fs::write(
        &page,
        format!("{original}\nA freshly added sentence.\n[[no-such-page]]\n"),
    )
    .expect("break");
    let _ = request(&server, "GET", &format!("/__atlas/wait?v={v}"));
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");
    assert!(body.contains("id=\"atlas-error\""), "error overlay");
    assert!(
        body.contains(
            "content/companies/openai/en.md:9:1: error: unknown link target `[[no-such-page]]`"
        ),
        "{}",
        &body[body.find("atlas-error").unwrap_or(0)..]
    );
    assert!(
        body.contains("A freshly added sentence."),
        "the last good page is still served"
    );

    // Fixing it clears the error.
    let v = version(&body);
    std::fs::write(&page, &original).expect("fix");
    let _ = request(&server, "GET", &format!("/__atlas/wait?v={v}"));
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");
    assert!(!body.contains("id=\"atlas-error\""));
    assert!(!body.contains("A freshly added sentence."));
}

#[test]
fn a_taken_port_gets_a_clear_message() {
    let f = fixture("basic");
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = holder.local_addr().expect("addr").port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("--root")
        .arg(&f.root)
        .args(["serve", "--port", &port])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains(&format!("port {port} is taken: choose another with --port")));
}

/// Writes a new bundle `content/models/<slug>/` that links to GPT.
fn add_bundle(root: &std::path::Path, slug: &str) {
    let dir = root.join("content/models").join(slug);
    std::fs::create_dir_all(&dir).expect("bundle folder");
    std::fs::write(
        dir.join("meta.toml"),
        "name = { zh = \"新\", en = \"New\" }\nsections = [\"1.1\"]\n",
    )
    .expect("meta");
    for (lang, title) in [("zh", "新模型"), ("en", "A new model")] {
        std::fs::write(
            dir.join(format!("{lang}.md")),
            format!("+++\ntitle = \"{title}\"\ndescription = \"{title}.\"\n+++\n\nSee [[gpt]].\n"),
        )
        .expect("text");
    }
}

#[test]
fn a_new_bundle_folder_is_noticed() {
    // A folder made after the server started must be watched too.
    let f = fixture("basic");
    let server = start(&f.root);
    let (_, _, body) = request(&server, "GET", "/en/models/gpt.html");
    let v = version(&body);
    add_bundle(&f.root, "fresh");
    let _ = request(&server, "GET", &format!("/__atlas/wait?v={v}"));
    next_log(&server, "rebuilt: rendered");
    let (status, _, body) = request(&server, "GET", "/en/models/fresh.html");
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("A new model"));
}

#[test]
fn without_notifications_changes_are_found_by_polling() {
    // No `content/` folder: the watcher cannot start, the first build fails, and the server polls;
    // when the folder appears the site is built.
    let f = fixture("basic");
    let content = f.root.join("content");
    let later = f.root.join("content-later");
    std::fs::rename(&content, &later).expect("hide content");
    let server = start(&f.root);
    let (status, _, body) = request(&server, "GET", "/");
    assert!(status.contains("500"), "{status}");
    assert!(
        body.contains("id=\"atlas-error\""),
        "the failed build is shown"
    );
    assert!(body.contains("content: error: no content folder"), "{body}");
    assert!(body.contains("the site does not build yet"), "{body}");
    assert!(
        body.contains("var v="),
        "the page reloads once the site builds"
    );
    std::fs::rename(&later, &content).expect("restore content");
    next_log(&server, "rebuilt: rendered");
    let (status, _, body) = request(&server, "GET", "/en/models/gpt.html");
    assert!(status.contains("200"), "{status}");
    assert!(!body.contains("id=\"atlas-error\""));
}

#[test]
fn an_edit_is_noticed_when_serving_from_inside_the_site() {
    // The default root `.`: notifications name files by absolute path all the same.
    let f = fixture("basic");
    let server = start_inside(&f.root);
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");
    let v = version(&body);
    let page = f.root.join("content/companies/openai/en.md");
    let original = std::fs::read_to_string(&page).expect("read");
    std::fs::write(&page, format!("{original}\nSaid from inside.\n")).expect("edit");
    let _ = request(&server, "GET", &format!("/__atlas/wait?v={v}"));
    let (_, _, body) = request(&server, "GET", "/en/companies/openai.html");
    assert!(body.contains("Said from inside."));
}
