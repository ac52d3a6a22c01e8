//! Issue 19, "Nothing lost, whatever the input": one named test per defect D1–D15 of
//! `../shared/reviews/reliability.md`, each against a copy of the basic fixture site with the
//! review's hostile input, through the real command line. Each checks the exit code, the message
//! with its `file:line:col`, and that `public/` and the sources are byte-identical afterwards
//! (for inputs that must fail), or what the built pages hold (for inputs that build).
//! D6 and D7 (the dev server) are in `tests/server_limits.rs`.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, Fixture};

fn atlas(root: &Path, args: &[&str]) -> Output {
    run_bounded(root, args, Duration::from_secs(120))
}

/// Runs atlas and kills it if it takes longer than `limit` (a hang is a failure, not a stuck test).
fn run_bounded(root: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run atlas");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("atlas {args:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every entry of a folder: its path and what it is (a file with its bytes, a link with its
/// target, a folder, or something special such as a FIFO).
type Tree = Vec<(String, String)>;

/// Every entry under `dir` (links and FIFOs as what they are, not followed), with its bytes.
fn tree(dir: &Path) -> Tree {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .to_string_lossy()
            .into_owned();
        let ty = entry.file_type();
        let what = if ty.is_symlink() {
            format!(
                "link {}",
                fs::read_link(entry.path()).expect("link").display()
            )
        } else if ty.is_dir() {
            "folder".to_string()
        } else if ty.is_file() {
            let bytes = fs::read(entry.path()).expect("read");
            format!("file {}", String::from_utf8_lossy(&bytes))
        } else {
            "special".to_string()
        };
        entries.push((rel, what));
    }
    entries
}

/// The sources of a site (everything but its outputs), and its `public/`.
fn state(f: &Fixture) -> (Tree, Tree) {
    let sources = tree(&f.root)
        .into_iter()
        .filter(|(rel, _)| !rel.starts_with("public"))
        .collect();
    (sources, tree(&f.out()))
}

/// The basic site, built once by the command line (so `public/` exists).
fn built_site() -> Fixture {
    let f = fixture("basic");
    let out = atlas(&f.root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    f
}

fn write(f: &Fixture, rel: &str, text: impl AsRef<[u8]>) {
    let path = f.root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

fn edit(f: &Fixture, rel: &str, change: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(f.root.join(rel)).expect("read");
    write(f, rel, change(text));
}

/// Runs `args`, which must fail with exit code 1 and print every one of `messages`; the sources
/// and `public/` must be as they were before.
fn fails_leaving_everything(f: &Fixture, args: &[&str], messages: &[&str]) -> String {
    let before = state(f);
    let out = atlas(&f.root, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{args:?} must fail:\n{err}");
    for m in messages {
        assert!(err.contains(m), "missing `{m}` in:\n{err}");
    }
    let after = state(f);
    assert!(before.0 == after.0, "{args:?} changed the sources");
    assert!(before.1 == after.1, "{args:?} changed public/");
    leftovers_are_gone(f);
    err
}

fn leftovers_are_gone(f: &Fixture) {
    let stray: Vec<String> = fs::read_dir(&f.root)
        .expect("root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public."))
        .collect();
    assert!(stray.is_empty(), "left beside the output: {stray:?}");
}

// ---------------------------------------------------------------- D1, D2, D11, D12: --out

#[test]
fn d01_out_never_replaces_the_sources_or_the_site_root() {
    let f = built_site();
    let root = f.root.to_string_lossy().into_owned();
    let parent = f
        .root
        .parent()
        .expect("parent")
        .to_string_lossy()
        .into_owned();
    for (out, why) in [
        (
            "content",
            "--out is the site's source `content` or inside it",
        ),
        ("themes", "--out is the site's source `themes` or inside it"),
        (
            "content/models",
            "--out is the site's source `content` or inside it",
        ),
        (".", "--out is the site's root folder"),
        (root.as_str(), "--out is the site's root folder"),
        (parent.as_str(), "--out holds the site's root folder"),
    ] {
        fails_leaving_everything(
            &f,
            &["build", "--out", out],
            &[why, "refusing to replace it"],
        );
    }
    // A folder atlas did not write is refused too, and kept as it is.
    write(&f, "notes/todo.txt", "my notes");
    let err = fails_leaving_everything(
        &f,
        &["build", "--out", "notes"],
        &["holds files atlas did not write (no `.atlas-output` file"],
    );
    assert!(err.contains("notes/ left unchanged"), "{err}");
    // An empty folder, or an earlier output (which holds the marker), is replaced.
    fs::create_dir_all(f.root.join("fresh")).expect("mkdir");
    for _ in 0..2 {
        let out = atlas(&f.root, &["build", "--out", "fresh"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(f.root.join("fresh/.atlas-output").is_file());
    assert!(f.root.join("fresh/en/models/gpt.html").is_file());
}

#[test]
fn d02_a_file_as_out_is_refused_and_reported_truthfully() {
    let f = built_site();
    write(&f, "outfile", "a file of mine");
    for out in ["outfile", "site.toml"] {
        let err =
            fails_leaving_everything(&f, &["build", "--out", out], &["refusing to replace it"]);
        assert!(err.contains(&format!("{out}/ left unchanged")), "{err}");
    }
    assert_eq!(
        fs::read_to_string(f.root.join("outfile")).expect("read"),
        "a file of mine"
    );
    let beside: Vec<_> = fs::read_dir(&f.root)
        .expect("root")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("outfile."))
        .collect();
    assert!(beside.is_empty(), "nothing moved aside");
}

#[test]
fn d11_a_symlinked_out_updates_the_folder_it_leads_to() {
    let f = built_site();
    let target = f.root.join("www");
    fs::create_dir_all(&target).expect("mkdir");
    std::os::unix::fs::symlink(&target, f.root.join("outlink")).expect("link");
    for _ in 0..2 {
        let out = atlas(&f.root, &["build", "--out", "outlink"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    assert!(
        fs::symlink_metadata(f.root.join("outlink"))
            .expect("link")
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert!(
        target.join("en/models/gpt.html").is_file(),
        "the target holds the site"
    );
    let beside: Vec<_> = fs::read_dir(&f.root)
        .expect("root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("www.") || n.starts_with("outlink."))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn d12_what_interrupted_builds_left_is_tidied_and_a_moved_output_put_back() {
    let f = built_site();
    let (_, public_before) = state(&f);
    // Killed builds: a staging folder and a previous output left beside the output.
    for name in ["public.tmp-4000001", "public.old-4000002"] {
        write(&f, &format!("{name}/index.html"), "stale");
    }
    let out = atlas(&f.root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    leftovers_are_gone(&f);
    assert_eq!(state(&f).1, public_before, "same site, same bytes");

    // Killed between the two renames: the output is missing, the previous one aside. The next
    // build, even a failing one, puts it back.
    fs::rename(f.out(), f.root.join("public.old-4000003")).expect("move aside");
    edit(&f, "content/models/gpt/en.md", |t| {
        format!("{t}\n[[no-such-page]]\n")
    });
    let out = atlas(&f.root, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(state(&f).1 == public_before, "the previous output is back");
    leftovers_are_gone(&f);

    // Real kills at different moments: the output is always whole, and the next build tidies.
    edit(&f, "content/models/gpt/en.md", |t| {
        t.replace("\n[[no-such-page]]\n", "\n")
    });
    for delay_ms in [0u64, 15, 40, 80, 150] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .arg("--root")
            .arg(&f.root)
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("build");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let out = atlas(&f.root, &["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        leftovers_are_gone(&f);
        assert!(state(&f).1 == public_before, "killed at {delay_ms} ms");
    }
}

// ---------------------------------------------------------------- D3: raw HTML

/// Whether a tag has an attribute `on…=`.
fn has_handler(tag: &str) -> bool {
    tag.match_indices(" on").any(|(i, _)| {
        let name: String = tag[i + 3..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        !name.is_empty() && tag[i + 3 + name.len()..].trim_start().starts_with('=')
    })
}

/// The tags of an HTML text, as a browser reads them (text that is escaped is no tag).
fn tags(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let is_tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '!');
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        if is_tag {
            found.push(&rest[..end]);
        }
        rest = &rest[end.max(1)..];
    }
    found
}

#[test]
fn d03_raw_html_is_shown_as_text_and_nothing_blanks_the_page() {
    let f = built_site();
    f.overlay("regressions/d03_raw_html");
    let (sources, _) = state(&f);
    let out = atlas(&f.root, &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for warning in [
        "content/models/gpt/en.md:8:1: warning: raw HTML is shown as text",
        "content/models/gpt/en.md:10:1: warning: raw HTML is shown as text",
        "content/models/gpt/en.md:12:8: warning: raw HTML is shown as text",
        "content/models/gpt/en.md:12:47: warning: link to a `javascript:` URL left out",
        "content/models/gpt/en.md:12:83: warning: link to a `data:` URL left out",
        "content/models/gpt/en.md:14:1: warning: heading attribute `onmouseover` left out",
        "content/models/gpt/en.md:14:1: warning: heading attribute `style` left out",
        "content/models/gpt/en.md:18:1: warning: raw HTML is shown as text",
    ] {
        assert!(err.contains(warning), "missing `{warning}` in:\n{err}");
    }
    assert!(state(&f).0 == sources, "sources untouched");
    // The tags the theme writes on a page with no raw HTML (its scripts, say).
    let other = f.read("en/companies/openai.html");
    let theme_tags: std::collections::BTreeSet<&str> = tags(&other).into_iter().collect();
    for page in ["en/models/gpt.html", "en/print.html"] {
        let html = f.read(page);
        for tag in tags(&html) {
            let lower = tag.to_ascii_lowercase();
            assert!(
                !has_handler(&lower),
                "{page}: a tag `{tag}` has an event handler"
            );
            for bad in [
                "<script",
                "<iframe",
                "<plaintext",
                "javascript:",
                "data:",
                "position:fixed",
            ] {
                // The theme's own scripts: those of a page without raw HTML, and its files.
                let theme_script = theme_tags.contains(tag)
                    || (lower.starts_with("<script src=\"") && lower.contains("static/"));
                assert!(
                    !lower.contains(bad) || theme_script,
                    "{page}: a tag `{tag}` holds `{bad}`"
                );
            }
        }
        assert!(!html.contains("<!-- never"), "{page}: an open comment");
        assert!(
            html.contains("&lt;script&gt;alert("),
            "{page}: shown as text"
        );
        assert!(html.contains("&lt;!-- never closed"), "{page}");
        // The rest of the page is still markup: nothing swallowed it.
        assert!(html.trim_end().ends_with("</html>"), "{page}");
        assert!(html.contains("Text after the heading."), "{page}");
    }
    let page = f.read("en/models/gpt.html");
    assert!(page.contains("<h2 id=\"hover\" class=\"x\">Hover me</h2>"));
    assert!(
        page.contains("id=\"backlinks-title\""),
        "the page goes on after the body"
    );

    // A site of trusted authors: HTML is written, cleaned.
    edit(&f, "site.toml", |t| {
        t.replace("theme = ", "raw_html = \"trusted\"\ntheme = ")
    });
    let out = atlas(&f.root, &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(
        "content/models/gpt/en.md:12:8: warning: attribute `onerror` left out: pages run no event handlers"
    ));
    assert!(err.contains(
        "content/models/gpt/en.md:18:1: warning: raw HTML shown as text: an unclosed `<!--` would hide the rest of the page"
    ));
    let page = f.read("en/models/gpt.html");
    assert!(page.contains("<script>alert('raw-script')</script>"));
    assert!(page.contains("<img src=\"x\">"));
    assert!(!page.contains("onerror") && !page.contains("javascript:"));
    assert!(page.contains("&lt;!-- never closed") && page.trim_end().ends_with("</html>"));
}

// ---------------------------------------------------------------- D4: linear time

/// Each pathological input at a size the quadratic code took minutes for (release), checked
/// against a bound a linear one meets many times over even unoptimised.
#[test]
fn d04_pathological_inputs_take_linear_time() {
    let limit = Duration::from_secs(60);
    let cases: [(&str, String); 3] = [
        ("identical headings", "## Same\n".repeat(20_000)),
        ("adjacent links", "[[openai]]".repeat(20_000) + "\n"),
        ("links in a paragraph", "[[openai]] ".repeat(20_000) + "\n"),
    ];
    for (what, block) in cases {
        let f = built_site();
        for lang in ["en", "zh"] {
            let rel = format!("content/models/gpt/{lang}.md");
            if f.root.join(&rel).exists() {
                edit(&f, &rel, |t| format!("{t}\n\n{block}"));
            }
        }
        let start = Instant::now();
        let out = run_bounded(&f.root, &["build"], limit);
        assert!(out.status.success(), "{what}: {}", stderr(&out));
        eprintln!("{what}: built in {:?}", start.elapsed());
    }
    // Errors: 20,000 unknown links, one per line, are reported capped at 100 per file.
    let f = built_site();
    let block: String = (0..20_000).map(|i| format!("[[nope-{i}]]\n\n")).collect();
    edit(&f, "content/models/gpt/en.md", |t| {
        format!("{t}\n\n{block}")
    });
    let before = state(&f);
    let start = Instant::now();
    let out = run_bounded(&f.root, &["build"], limit);
    eprintln!("20,000 unknown links: failed in {:?}", start.elapsed());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("content/models/gpt/en.md:9:1: error: unknown link target `[[nope-0]]`"));
    assert!(err.contains(
        "content/models/gpt/en.md:209:1: error: and 19900 more finding(s) in this file (19900 error(s)), from here on; the first 100 are shown"
    ), "{}", &err[err.len().saturating_sub(600)..]);
    assert!(err.lines().count() < 120, "capped");
    assert!(before == state(&f), "sources and public/ untouched");
}

/// A body over `max_page_bytes` is refused at its first line before anything is done with it
/// (the inputs that took seconds at 100,000 repetitions are megabytes); one under it builds, and
/// a page of hundreds of headings lists its level-2 headings only, at most 100, in its contents.
#[test]
fn d04_a_page_over_the_size_limit_is_an_error_and_a_long_contents_is_cut() {
    let f = built_site();
    edit(&f, "site.toml", |t| format!("max_page_bytes = 4000\n{t}"));
    for lang in ["en", "zh"] {
        edit(&f, &format!("content/models/gpt/{lang}.md"), |t| {
            format!("{t}\n{}", "Filler text. ".repeat(400))
        });
    }
    let err = fails_leaving_everything(
        &f,
        &["build"],
        &["content/models/gpt/en.md:5:1: error: the page body is"],
    );
    assert!(
        err.contains("more than `max_page_bytes` (4000) in site.toml: split the page"),
        "{err}"
    );
    // Both texts are refused, each with its own error, and nothing else is said about them.
    assert!(err.contains("content/models/gpt/zh.md:"), "{err}");
    assert!(!err.contains("bundle has no text"), "{err}");
    // Within the default limit: 150 chapters of two sections each.
    let f = built_site();
    let block: String = (0..150)
        .map(|i| format!("## Chapter {i}\n\nText.\n\n### Part {i}\n\nMore.\n\n"))
        .collect();
    for lang in ["en", "zh"] {
        edit(&f, &format!("content/models/gpt/{lang}.md"), |t| {
            format!("{t}\n\n{block}")
        });
    }
    let out = atlas(&f.root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(f.out().join("en/models/gpt.html")).expect("page");
    let toc = &html[html.find("<nav class=\"toc\"").expect("contents")..];
    let toc = &toc[..toc.find("</nav>").expect("end")];
    assert_eq!(
        toc.matches("class=\"toc-3\"").count(),
        0,
        "level 3 left out"
    );
    assert!(toc.contains("href=\"#chapter-99\""), "{toc}");
    assert!(
        !toc.contains("href=\"#chapter-100\""),
        "at most 100 headings"
    );
    assert!(
        html.contains("id=\"chapter-149\""),
        "the page keeps every heading"
    );
}

// ---------------------------------------------------------------- D5: FIFOs

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn d05_a_fifo_is_an_error_never_a_hang() {
    let f = built_site();
    let meta = f.root.join("content/models/gpt/meta.toml");
    let saved = fs::read(&meta).expect("read");
    fs::remove_file(&meta).expect("rm");
    mkfifo(&meta);
    let data = f.root.join("content/data/pipe.toml");
    mkfifo(&data);
    for args in [&["build"][..], &["check"]] {
        let out = run_bounded(&f.root, args, Duration::from_secs(30));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        for m in [
            "content/models/gpt/meta.toml: error: not a regular file (a FIFO, socket or device)",
            "content/data/pipe.toml: error: not a regular file",
        ] {
            assert!(err.contains(m), "missing `{m}` in:\n{err}");
        }
    }
    fs::remove_file(&meta).expect("rm");
    fs::write(&meta, saved).expect("restore");
    fs::remove_file(&data).expect("rm");
    // `site.toml` as a FIFO.
    let site = f.root.join("site.toml");
    fs::rename(&site, f.root.join("site.saved")).expect("move");
    mkfifo(&site);
    let before = state(&f);
    let out = run_bounded(&f.root, &["build"], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.toml: error: not a regular file"));
    assert!(before == state(&f), "sources and public/ untouched");
}

// ---------------------------------------------------------------- D8: positions

#[test]
fn d08_invalid_utf8_is_reported_at_the_byte() {
    let f = built_site();
    let rel = "content/models/gpt/en.md";
    let mut bytes = fs::read(f.root.join(rel)).expect("read");
    bytes.extend_from_slice(b"\nSecond line: caf\xff\xfe.\n");
    write(&f, rel, bytes);
    fails_leaving_everything(
        &f,
        &["build"],
        &["content/models/gpt/en.md:8:17: error: invalid UTF-8 (byte 0xFF): save the file as UTF-8"],
    );
}

#[test]
fn d08_template_errors_are_at_the_template_line_once() {
    let f = built_site();
    let page = "themes/atlas/templates/page.html";
    edit(&f, page, |t| {
        let mut lines: Vec<String> = t.lines().map(String::from).collect();
        lines[9].push_str(" {% if %}");
        lines.join("\n") + "\n"
    });
    let col = fs::read_to_string(f.root.join(page))
        .expect("read")
        .lines()
        .nth(9)
        .expect("line 10")
        .chars()
        .count()
        - 1;
    fails_leaving_everything(
        &f,
        &["build"],
        &[&format!(
            "themes/atlas/templates/page.html:10:{col}: error: template syntax:"
        )],
    );
    // An unknown variable: one error at its line, not one per page.
    let f = built_site();
    let base = "themes/atlas/templates/base.html";
    edit(&f, base, |t| {
        let mut lines: Vec<String> = t.lines().map(String::from).collect();
        lines[2].push_str("{{ nosuch.var }}");
        lines.join("\n") + "\n"
    });
    let col = fs::read_to_string(f.root.join(base))
        .expect("read")
        .lines()
        .nth(2)
        .expect("line 3")
        .chars()
        .count()
        - "nosuch.var }}".len()
        + 1;
    for args in [&["build"][..], &["check"]] {
        let err = fails_leaving_everything(
            &f,
            args,
            &[&format!(
                "themes/atlas/templates/base.html:3:{col}: error: template error: Variable `nosuch.var` not found in context"
            )],
        );
        assert_eq!(err.matches("nosuch.var").count(), 1, "once:\n{err}");
    }
}

#[test]
fn d08_a_missing_ui_string_names_the_file_and_the_key() {
    let f = built_site();
    edit(&f, "themes/atlas/i18n/en.toml", |t| {
        t.lines()
            .filter(|l| !l.starts_with("search_placeholder"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    let line = fs::read_to_string(f.root.join("themes/atlas/i18n/zh.toml"))
        .expect("read")
        .lines()
        .position(|l| l.starts_with("search_placeholder"))
        .expect("key")
        + 1;
    fails_leaving_everything(
        &f,
        &["build"],
        &[&format!("themes/atlas/i18n/en.toml: error: UI string `search_placeholder` is missing (themes/atlas/i18n/zh.toml:{line}:1 has it)")],
    );
}

#[test]
fn d08_every_toml_type_error_of_a_file_and_slug_length_at_validation() {
    let f = built_site();
    edit(&f, "content/models/gpt/en.md", |t| {
        t.replace("title = \"GPT <model>\"", "title = 42").replace(
            "description = \"A \\\"model\\\" & example.\"",
            "description = [\"a\"]",
        )
    });
    edit(&f, "content/models/gpt/meta.toml", |t| {
        t.replace(
            "sections = [\"1.1\", \"1.2\"]",
            "order = \"ninety\"\nsections = \"1.3.1\"",
        )
    });
    let long = "a".repeat(251);
    let from = f.root.join("content/models/gpt");
    let to = f.root.join("content/areas").join(&long);
    common::copy_dir(&from, &to);
    fails_leaving_everything(
        &f,
        &["build"],
        &[
            "content/models/gpt/en.md:2:9: error: invalid type: integer `42`, expected a string",
            "content/models/gpt/en.md:3:15: error: invalid type: sequence, expected a string",
            "content/models/gpt/meta.toml:3:9: error: invalid type: string \"ninety\", expected i64",
            "content/models/gpt/meta.toml:4:12: error: invalid type: string \"1.3.1\", expected a sequence",
            &format!("content/areas/{long}: error: slug is 251 characters long, more than 200"),
        ],
    );
}

// ---------------------------------------------------------------- D9, D10: data, home page, empty site

#[test]
fn d09_chart_data_out_of_range_empty_rows_and_duplicate_columns() {
    let f = built_site();
    f.overlay("regressions/d09_data");
    let err = fails_leaving_everything(
        &f,
        &["build"],
        &[
            "content/data/hostile.toml:30:6: error: column `event` is declared twice",
            "content/data/hostile.toml:37:9: error: column `score`: 1.7e308 is out of range: expected a number from -10^15 to 10^15",
            "content/data/hostile.toml:41:8: error: column `year`: 9.223372036854776e18 is out of range: expected a year from 1 to 9999",
            "content/data/hostile.toml:42:9: error: column `score`: -1.7e308 is out of range",
            "content/data/hostile.toml:43:9: error: column `share`: 1e300 is out of range: expected a percentage from -1000 to 1000",
            "content/data/hostile.toml:45:1: error: empty row",
            "content/data/shares.toml:29:9: error: a share chart's values are from 0 to 100 (%), not -5",
            "content/data/shares.toml:19:1: error: a share chart's values add up to 145 %, more than the whole",
        ],
    );
    assert_eq!(err.matches("error:").count(), 8, "{err}");
}

#[test]
fn d10_a_missing_home_page_and_an_empty_site_are_errors() {
    let f = built_site();
    edit(&f, "site.toml", |t| {
        t.replace(
            "home_page = \"report/intro\"",
            "home_page = \"report/nope\"",
        )
    });
    fails_leaving_everything(
        &f,
        &["build"],
        &["site.toml:5:1: error: `home_page` names `report/nope`, which is not a page of the site"],
    );
    let f = built_site();
    fs::remove_dir_all(f.root.join("content")).expect("rm");
    fs::create_dir_all(f.root.join("content")).expect("mkdir");
    fails_leaving_everything(&f, &["build"], &["content: error: the site has no pages"]);
}

// ---------------------------------------------------------------- D13, D14: ids, odd input

#[test]
fn d13_heading_ids_never_repeat_a_theme_id_and_footnotes_stay_apart_in_print() {
    let f = built_site();
    edit(&f, "content/models/gpt/en.md", |t| {
        format!("{t}\n## Main\n")
    });
    let base = fs::read_to_string(f.root.join("themes/atlas/templates/base.html")).expect("base");
    let (line, text) = base
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(" id=\"main\""))
        .expect("the theme's main");
    let col = text.find(" id=\"main\"").expect("id") + 2;
    fails_leaving_everything(
        &f,
        &["build"],
        &[&format!(
            "content/models/gpt/en.md:8:1: error: heading id `main` is also an id of the theme (themes/atlas/templates/base.html:{}:{col})",
            line + 1
        )],
    );
    // The fix the message suggests builds.
    edit(&f, "content/models/gpt/en.md", |t| {
        t.replace("## Main\n", "## Main {#main-section}\n")
    });
    let f2 = f;
    for rel in ["content/models/gpt/en.md", "content/companies/openai/en.md"] {
        edit(&f2, rel, |t| {
            format!("{t}\nA claim[^1].\n\n[^1]: Its source.\n")
        });
    }
    let out = atlas(&f2.root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let print = f2.read("en/print.html");
    let ids = common::attr_values(&print, "id");
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "id `{id}` twice in the print edition");
    }
    assert!(ids.contains(&"models-gpt--fn-1") && ids.contains(&"companies-openai--fn-1"));
    assert!(print.contains("href=\"#models-gpt--fn-1\""));
}

#[test]
fn d14_control_characters_malformed_calls_and_cross_kind_slugs() {
    let f = built_site();
    edit(&f, "content/models/gpt/en.md", |t| {
        t.replace("title = \"GPT <model>\"", "title = \"GPT\\u0000x\"")
            + "\nA NUL\u{0}here and an escape \u{1b}.\n"
    });
    fails_leaving_everything(
        &f,
        &["build"],
        &[
            "content/models/gpt/en.md:2:1: error: `title`: control character in the text",
            "content/models/gpt/en.md:8:6: error: control character in the text: only tabs and line breaks may stand between words (U+0000)",
            "content/models/gpt/en.md:8:26: error: control character in the text: only tabs and line breaks may stand between words (U+001B)",
        ],
    );
    // A malformed shortcode call, and a link with an anchor but no page.
    let f = built_site();
    edit(&f, "content/models/gpt/en.md", |t| {
        t + "\n{{ chart(data=\"sizes\" }}\n\nSee [[#overview]].\n"
    });
    fails_leaving_everything(
        &f,
        &["build"],
        &[
            "content/models/gpt/en.md:8:1: error: malformed shortcode `{{ chart(data=\"sizes\" }}`",
            "content/models/gpt/en.md:10:5: error: unknown link target `[[#overview]]`",
        ],
    );
    // Control characters in a name or alias (checked with the whole site).
    let f = built_site();
    edit(&f, "content/models/gpt/meta.toml", |t| {
        t.replace("aliases = [\"", "aliases = [\"bell\\u0007\", \"")
    });
    fails_leaving_everything(
        &f,
        &["build"],
        &["content/models/gpt/meta.toml:2:12: error: control character in the text"],
    );
    // `atlas new` refuses a slug another kind has.
    let f = built_site();
    let before = state(&f);
    let out = atlas(&f.root, &["new", "companies", "gpt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("slug `gpt` is already used by"),
        "{}",
        stderr(&out)
    );
    assert!(before == state(&f), "nothing created");
}

// ---------------------------------------------------------------- D15: links outside the site

#[test]
fn d15_symbolic_links_stay_inside_the_site() {
    let outside = std::env::temp_dir().join(format!("atlas-outside-{}", std::process::id()));
    let _ = fs::remove_dir_all(&outside);
    let f = built_site();
    common::copy_dir(&f.root.join("content/models/gpt"), &outside.join("evil"));
    fs::rename(outside.join("evil/en.md"), outside.join("secret.md")).expect("move");
    let link = |target: &Path, at: &str| {
        std::os::unix::fs::symlink(target, f.root.join(at)).expect("symlink");
    };
    link(&outside.join("evil"), "content/models/evil");
    link(
        &outside.join("secret.md"),
        "content/companies/openai/zh.md.link",
    );
    fs::remove_file(f.root.join("content/companies/openai/zh.md")).expect("rm");
    fs::rename(
        f.root.join("content/companies/openai/zh.md.link"),
        f.root.join("content/companies/openai/zh.md"),
    )
    .expect("rename link");
    link(Path::new("loop"), "content/models/loop");
    let outside_real = fs::canonicalize(&outside).expect("real");
    fails_leaving_everything(
        &f,
        &["build"],
        &[
            &format!(
                "content/models/evil: error: symbolic link leads outside the site (to {}): refused",
                outside_real.join("evil").display()
            ),
            "content/companies/openai/zh.md: error: symbolic link leads outside the site",
            "content/models/loop: error: symbolic link loop",
        ],
    );
    let _ = fs::remove_dir_all(&outside);
    // A link inside the site is followed.
    let f = built_site();
    fs::rename(
        f.root.join("content/companies/openai"),
        f.root.join("openai-bundle"),
    )
    .expect("move");
    std::os::unix::fs::symlink(
        "../../openai-bundle",
        f.root.join("content/companies/openai"),
    )
    .expect("link");
    let out = atlas(&f.root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.read("en/companies/openai.html").contains("It built"));
    // A theme outside `themes/`.
    edit(&f, "site.toml", |t| {
        t.replace("theme = \"atlas\"", "theme = \"../../x\"")
    });
    fails_leaving_everything(
        &f,
        &["build"],
        &["site.toml:4:9: error: theme `../../x` must be the name of a folder in themes/"],
    );
}
