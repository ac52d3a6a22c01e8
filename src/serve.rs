//! `atlas serve`: builds the site into memory, serves it on 127.0.0.1, watches the sources,
//! rebuilds on every change and tells open pages to reload.
//!
//! With `load` and `write`, the only module that touches the outside world. Each change runs the
//! whole validated pipeline through the memoised [`Engine`] (the same `site::prepare` as `build`),
//! which re-renders only the outputs whose recorded reads changed. An error while serving is
//! shown in the terminal and on every page; the last good site keeps being served.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use crate::engine::{render_one, Engine, Update};
use crate::html::escape_text;
use crate::http;
use crate::paths::Job;
use crate::site::Site;
use crate::source::Input;

/// What the server says about its work; `main` prints it.
#[derive(Debug, Clone)]
pub enum Event {
    Listening(String),
    Built {
        rendered: usize,
        total: usize,
        elapsed: Duration,
    },
    Failed(String),
    /// The system's file notifications are unavailable (the reason): changes are found by
    /// walking the sources every 150 ms instead.
    Polling(String),
}

#[derive(Default)]
struct State {
    files: BTreeMap<String, Arc<Vec<u8>>>,
    version: u64,
    /// The errors of the last build, shown on every page until fixed.
    error: Option<String>,
    /// Files made from every page (print editions, search indexes): rendered when first asked for
    /// after a change.
    deferred: BTreeMap<String, Job>,
    /// The last good site, for rendering deferred files.
    site: Option<Arc<Site>>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
}

/// Serves until the process ends. Returns only if the server cannot start.
pub fn serve(options: &ServeOptions, report: &(dyn Fn(Event) + Sync)) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", options.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("port {} is taken: choose another with --port", options.port)
        } else {
            format!("cannot listen on 127.0.0.1:{}: {e}", options.port)
        }
    })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base_url = format!("http://{addr}/");
    let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    // Watch and take stock before the first build, so no change after it can be missed.
    // Notifications name files by absolute path: compare them with an absolute root.
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    let root = root.as_path();
    let (mut changes, no_notifications) = Changes::watch(root);
    if let Some(reason) = no_notifications {
        report(Event::Polling(reason));
    }
    let mut engine = Engine::default();
    let mut input = None;
    rebuild(
        root,
        &base_url,
        None,
        &mut input,
        &mut engine,
        &shared,
        report,
    );
    // The HTTP layer (`http`) bounds what clients can spend; `handle` answers from `shared`.
    let server = http::Server::new(listener, http::Limits::default())
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let waker = server.waker();
    report(Event::Listening(base_url.clone()));
    std::thread::scope(|scope| {
        let handler_shared = Arc::clone(&shared);
        scope.spawn(move || server.run(&|request| handle(request, &handler_shared)));
        let watched = Arc::clone(&shared);
        scope.spawn(move || wake_on_new_versions(&watched, &waker));
        loop {
            let Some(changed) = changes.next(root) else {
                continue;
            };
            rebuild(
                root,
                &base_url,
                changed.as_deref(),
                &mut input,
                &mut engine,
                &shared,
                report,
            );
        }
    })
}

/// Loads what changed (the changed texts where only those changed, else everything), runs the
/// engine and publishes what it rendered; on failure keeps the last good site and shows why.
fn rebuild(
    root: &Path,
    base_url: &str,
    changed: Option<&[PathBuf]>,
    input: &mut Option<Input>,
    engine: &mut Engine,
    shared: &Shared,
    report: &(dyn Fn(Event) + Sync),
) {
    let start = Instant::now();
    let reloaded = match (input.as_mut(), changed) {
        (Some(input), Some(files)) => crate::load::reload_texts(root, input, files),
        _ => Ok(false),
    };
    let loaded = match reloaded {
        Ok(true) => Ok(()),
        Ok(false) => crate::load::load_site(root).map(|mut new| {
            if let Some(old) = input.as_ref() {
                new.share_unchanged(old);
            }
            *input = Some(new);
        }),
        Err(d) => Err(d),
    };
    let result = loaded.and_then(|()| match input.as_ref() {
        Some(input) => engine.update(input, Some(base_url)),
        None => Err(crate::diag::Diagnostics::default()),
    });
    match result {
        Ok(update) => publish(update, shared, start, report),
        Err(diags) => {
            let text = diags
                .0
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            fail(shared, text, report);
        }
    }
}

/// Serves what an update rendered.
fn publish(update: Update, shared: &Shared, start: Instant, report: &(dyn Fn(Event) + Sync)) {
    let rendered = update.rendered.len();
    let (lock, cv) = &**shared;
    if let Ok(mut state) = lock.lock() {
        for path in &update.removed {
            state.files.remove(path);
            state.deferred.remove(path);
        }
        for (path, job) in update.deferred {
            state.files.remove(&path);
            state.deferred.insert(path, job);
        }
        for (path, bytes) in update.rendered {
            state.deferred.remove(&path);
            state.files.insert(path, bytes);
        }
        state.error = None;
        state.site = Some(update.site);
        state.version += 1;
    }
    cv.notify_all();
    report(Event::Built {
        rendered,
        total: update.total,
        elapsed: start.elapsed(),
    });
}

fn fail(shared: &Shared, text: String, report: &(dyn Fn(Event) + Sync)) {
    report(Event::Failed(text.clone()));
    let (lock, cv) = &**shared;
    if let Ok(mut state) = lock.lock() {
        state.error = Some(text);
        state.version += 1;
    }
    cv.notify_all();
}

/// The sources whose size or time changed, when no file was added or removed.
fn changed_files(before: &Fingerprint, after: &Fingerprint) -> Option<Vec<PathBuf>> {
    if before.len() != after.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (a, b) in before.iter().zip(after) {
        if a.0 != b.0 {
            return None;
        }
        if a != b {
            changed.push(b.0.clone());
        }
    }
    Some(changed)
}

/// How the server learns that sources changed.
enum Changes {
    /// The system's notifications (inotify, FSEvents, ...): nothing is walked, idle costs nothing.
    /// The watcher is kept alive by being held here.
    Notified {
        _watcher: notify::RecommendedWatcher,
        events: mpsc::Receiver<notify::Result<notify::Event>>,
    },
    /// Walking every source on a timer, where notifications are unavailable: the sources as last
    /// seen.
    Polling(Fingerprint),
}

/// What changed: `Some(files)` when only the contents of existing files did, `None` when files
/// came or went (or it cannot be told), which takes a full reload.
type Changed = Option<Vec<PathBuf>>;

impl Changes {
    /// Starts watching `root`, or polling it with the reason notifications are unavailable.
    fn watch(root: &Path) -> (Changes, Option<String>) {
        use notify::{RecursiveMode, Watcher};
        let (tx, rx) = mpsc::channel();
        let watcher = notify::recommended_watcher(tx).and_then(|mut w| {
            w.watch(&root.join("content"), RecursiveMode::Recursive)?;
            w.watch(&root.join("themes"), RecursiveMode::Recursive)?;
            // `site.toml`: the root's own entries, not the folders below it.
            w.watch(root, RecursiveMode::NonRecursive)?;
            Ok(w)
        });
        match watcher {
            Ok(w) => (
                Changes::Notified {
                    _watcher: w,
                    events: rx,
                },
                None,
            ),
            Err(e) => (Changes::Polling(fingerprint(root)), Some(e.to_string())),
        }
    }

    /// Waits for the next change; `None` when what happened changed nothing.
    fn next(&mut self, root: &Path) -> Option<Changed> {
        match self {
            Changes::Notified { events, .. } => {
                let Ok(first) = events.recv() else {
                    // The watcher is gone: poll from now on, and reload in case something was missed.
                    *self = Changes::Polling(fingerprint(root));
                    return Some(None);
                };
                // An editor's save is a burst of events: take them all once it settles, or as
                // soon as every file it wrote is closed (a save in place: open, write, close).
                let mut save = Save::default();
                save.note(&first);
                let mut burst = vec![first];
                while !save.is_over() {
                    match events.recv_timeout(SETTLE) {
                        Ok(e) => {
                            save.note(&e);
                            burst.push(e);
                        }
                        Err(_) => break,
                    }
                }
                burst.extend(events.try_iter());
                changed_by(root, burst)
            }
            Changes::Polling(stamp) => {
                std::thread::sleep(Duration::from_millis(150));
                let now = fingerprint(root);
                if now == *stamp {
                    return None;
                }
                let changed = changed_files(stamp, &now);
                *stamp = now;
                Some(changed)
            }
        }
    }
}

/// How long a burst of file events must be quiet before it is taken as over.
const SETTLE: Duration = Duration::from_millis(15);

/// What a burst of events says so far of a save: whether it only wrote files in place and
/// closed each of them after its last change, so the save is over without waiting for quiet.
/// Files created, removed or renamed (an editor that saves to a new file and renames it) wait for
/// quiet as before. Told one event at a time: the burst after the first build holds an event for
/// every file it read.
#[derive(Default)]
struct Save {
    /// Files written and not closed since.
    open: Vec<PathBuf>,
    closed_any: bool,
    other: bool,
}

impl Save {
    fn note(&mut self, event: &notify::Result<notify::Event>) {
        use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
        let Ok(event) = event else {
            self.other = true;
            return;
        };
        match event.kind {
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                for path in &event.paths {
                    if !self.open.contains(path) {
                        self.open.push(path.clone());
                    }
                }
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                self.open.retain(|p| !event.paths.contains(p));
                self.closed_any = true;
            }
            EventKind::Access(_) => {}
            _ => self.other = true,
        }
    }

    fn is_over(&self) -> bool {
        self.closed_any && self.open.is_empty() && !self.other
    }
}

/// The files whose contents a burst of events changed; `None` inside when files came, went or
/// were renamed, or an event was lost.
fn changed_by(root: &Path, burst: Vec<notify::Result<notify::Event>>) -> Option<Changed> {
    use notify::event::{EventKind, ModifyKind};
    // The root is watched for `site.toml` only: its other entries (notes, `.git`, the output) are
    // not sources.
    let (content, themes, config) = (
        root.join("content"),
        root.join("themes"),
        root.join("site.toml"),
    );
    let source = |p: &PathBuf| p.starts_with(&content) || p.starts_with(&themes) || *p == config;
    let mut files: Vec<PathBuf> = Vec::new();
    for event in burst {
        let Ok(mut event) = event else {
            return Some(None);
        };
        event.paths.retain(source);
        if event.paths.is_empty() && !event.need_rescan() {
            continue;
        }
        match event.kind {
            // Reading a file, or closing it, changes nothing.
            EventKind::Access(_) => {}
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                files.extend(event.paths.into_iter().filter(|p| p.is_file()));
            }
            _ => return Some(None),
        }
    }
    files.sort();
    files.dedup();
    (!files.is_empty()).then_some(Some(files))
}

/// Names, sizes and modification times of every source: a change to any of them triggers a rebuild.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn fingerprint(root: &Path) -> Fingerprint {
    let mut out = Vec::new();
    for top in ["site.toml", "content", "themes"] {
        for entry in walkdir::WalkDir::new(root.join(top))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(meta) = entry.metadata() {
                if meta.is_file() {
                    out.push((entry.path().to_path_buf(), meta.len(), meta.modified().ok()));
                }
            }
        }
    }
    out
}

/// The site path a request names, or `None` when it tries to leave the site.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if !decoded.starts_with('/') || decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/').skip(1) {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if decoded.ends_with('/') || p.is_empty() {
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str("index.html");
    }
    Some(p)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// The script every served page gets: wait for the next version, then reload.
const RELOAD_SCRIPT: &str = "<script>(function(){var v=%VERSION%;function w(){var x=new XMLHttpRequest();x.open('GET','/__atlas/wait?v='+v);x.onload=function(){if(x.responseText&&x.responseText!==String(v)){location.reload();}else{w();}};x.onerror=function(){setTimeout(w,1000);};x.send();}w();})();</script>";

/// How long a reload request waits for a new version before answering the current one.
const LONG_POLL: Duration = Duration::from_secs(25);

/// Answers a request (the HTTP layer has checked its method, size and Host).
fn handle(request: &http::Request, shared: &Shared) -> http::Reply {
    let target = request.target.as_str();
    if let Some(query) = target.strip_prefix("/__atlas/wait?v=") {
        let seen: u64 = query.parse().unwrap_or(0);
        return wait_for_change(shared, seen);
    }
    let Some(path) = site_path(target) else {
        return http::Reply::Now(not_found(shared));
    };
    let (file, version, error) = match shared.0.lock() {
        Ok(state) => (
            state.files.get(&path).cloned(),
            state.version,
            state.error.clone(),
        ),
        Err(_) => return http::Reply::Now(http::Response::text(500, "internal error\n")),
    };
    let file = file.or_else(|| render_deferred(shared, &path));
    http::Reply::Now(match file {
        Some(bytes) if path.ends_with(".html") => {
            let body = decorate(&bytes, version, error.as_deref(), STALE);
            http::Response::new(200, content_type(&path), http::Body::Owned(body))
        }
        Some(bytes) => http::Response::new(200, content_type(&path), http::Body::Shared(bytes)),
        None => not_found(shared),
    })
}

/// Wakes the HTTP layer's waiting reload requests whenever the version changes.
fn wake_on_new_versions(shared: &Shared, waker: &http::Waker) {
    let (lock, cv) = &**shared;
    let Ok(mut state) = lock.lock() else { return };
    loop {
        let seen = state.version;
        state = match cv.wait_while(state, |s| s.version == seen) {
            Ok(s) => s,
            Err(_) => return,
        };
        waker.wake();
    }
}

/// Renders a deferred file of the current site and keeps it until the next change.
fn render_deferred(shared: &Shared, path: &str) -> Option<Arc<Vec<u8>>> {
    let (lock, _) = &**shared;
    let (job, site) = {
        let state = lock.lock().ok()?;
        (*state.deferred.get(path)?, Arc::clone(state.site.as_ref()?))
    };
    let bytes = Arc::new(render_one(&site, job).ok()?);
    if let Ok(mut state) = lock.lock() {
        // Keep it only if no newer build replaced the site meanwhile.
        if state.site.as_ref().is_some_and(|s| Arc::ptr_eq(s, &site)) {
            state.deferred.remove(path);
            state.files.insert(path.to_string(), Arc::clone(&bytes));
        }
    }
    Some(bytes)
}

/// The current version at once if it is not `seen`; else a reply that waits for the next one
/// (answered by the HTTP layer when woken, holding no thread), at most [`LONG_POLL`].
fn wait_for_change(shared: &Shared, seen: u64) -> http::Reply {
    let current = move |shared: &Shared| shared.0.lock().map_or(seen, |s| s.version);
    let answer = |v: u64| http::Response::text(200, &v.to_string());
    if current(shared) != seen {
        return http::Reply::Now(answer(current(shared)));
    }
    let shared = Arc::clone(shared);
    http::Reply::Wait(http::Wait {
        poll: Box::new(move |expired| {
            let v = current(&shared);
            (v != seen || expired).then(|| answer(v))
        }),
        deadline: LONG_POLL,
    })
}

/// Where a build failed: the page served and why it is not the latest.
const STALE: &str = "the last change did not build; showing the last good site.";
const NEVER_BUILT: &str = "the site does not build yet; this page reloads when it does.";

/// Adds the reload script and, after a failed build, the errors over the page (`intro` first).
fn decorate(html: &[u8], version: u64, error: Option<&str>, intro: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut inject = RELOAD_SCRIPT.replace("%VERSION%", &version.to_string());
    if let Some(e) = error {
        inject.push_str(&format!(
            "<div id=\"atlas-error\" role=\"alert\" style=\"position:fixed;z-index:99;top:0;left:0;right:0;max-height:50vh;overflow:auto;background:#7a0010;color:#fff;font:14px/1.5 monospace;padding:1rem;white-space:pre-wrap\">atlas: {intro}\n{}</div>",
            escape_text(e)
        ));
    }
    match text.rfind("</body>") {
        Some(i) => format!("{}{inject}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{inject}").into_bytes(),
    }
}

fn not_found(shared: &Shared) -> http::Response {
    let html = "text/html; charset=utf-8";
    let Ok(state) = shared.0.lock() else {
        return http::Response::text(500, "internal error\n");
    };
    match (state.files.get("404.html"), &state.error) {
        (Some(p), _) => http::Response::new(404, html, http::Body::Shared(Arc::clone(p))),
        // The site has never built: every page shows why, and reloads once it does.
        (None, Some(e)) => {
            let body = decorate(NO_SITE_PAGE.as_bytes(), state.version, Some(e), NEVER_BUILT);
            http::Response::new(500, html, http::Body::Owned(body))
        }
        (None, None) => http::Response::new(404, html, http::Body::Owned(b"not found\n".to_vec())),
    }
}

const NO_SITE_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>atlas: the site does not build</title></head>\n<body>\n</body>\n</html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// A burst of events (kind, path), and whether it counts as a finished save.
    fn check(burst: &[(notify::EventKind, &str)], expect: bool) {
        let burst: Vec<notify::Result<notify::Event>> = burst
            .iter()
            .map(|(kind, path)| Ok(notify::Event::new(*kind).add_path(PathBuf::from(path))))
            .collect();
        let mut save = Save::default();
        for event in &burst {
            save.note(event);
        }
        assert_eq!(save.is_over(), expect, "{burst:?}");
    }

    #[test]
    fn a_save_is_over_when_every_written_file_is_closed() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, EventKind, ModifyKind,
        };
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let create = EventKind::Create(CreateKind::File);
        check(&[(open, "a.md"), (write, "a.md"), (close, "a.md")], true);
        check(&[(write, "a.md"), (close, "a.md"), (write, "b.md")], false);
        check(&[(write, "a.md"), (write, "b.md"), (close, "b.md")], false);
        check(
            &[
                (write, "a.md"),
                (write, "b.md"),
                (close, "b.md"),
                (close, "a.md"),
            ],
            true,
        );
        check(&[(write, "a.md"), (close, "a.md"), (write, "a.md")], false);
        check(&[(write, "a.md")], false);
        check(&[(open, "a.md")], false);
        check(&[(create, "a.md"), (write, "a.md"), (close, "a.md")], false);
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/"), Some("index.html".into()));
        assert_eq!(site_path("/en/"), Some("en/index.html".into()));
        assert_eq!(
            site_path("/en/models/gpt-4.html?x=1#h"),
            Some("en/models/gpt-4.html".into())
        );
        assert_eq!(site_path("/zh/%E5%AD%97.html"), Some("zh/字.html".into()));
        for bad in [
            "/../Cargo.toml",
            "/en/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fsite.toml",
            "/a\\..\\b",
            "relative",
            "/%zz",
            "/a%00b",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
