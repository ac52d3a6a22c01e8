//! The floor of the performance benchmark: the least work a Markdown site generator can do.
//!
//! ```text
//! cargo run --release --example floor -- --root /tmp/corpus-10k --out /tmp/floor-out
//! ```
//!
//! Reads every `content/<kind>/<slug>/<lang>.md` of an atlas site, drops the front matter, renders
//! the body with pulldown-cmark (the same options as atlas: tables, footnotes, strikethrough,
//! heading attributes, wikilinks, GFM) to HTML and writes one file per text, in parallel with rayon.
//! No templates, no link resolution, no graph: atlas's wall time is compared with this.

use std::fs;
use std::path::{Path, PathBuf};

use atlas::markdown::options;
use pulldown_cmark::{html, Parser};
use rayon::prelude::*;

/// `(source, output)` for every text of every bundle.
fn texts(root: &Path, out: &Path) -> Vec<(PathBuf, PathBuf)> {
    let mut list = Vec::new();
    let content = root.join("content");
    let mut kinds: Vec<PathBuf> = fs::read_dir(&content)
        .unwrap_or_else(|e| panic!("{}: {e}", content.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    kinds.sort();
    for kind in kinds {
        let kind_name = kind.file_name().expect("kind name").to_owned();
        let Ok(entries) = fs::read_dir(&kind) else {
            continue;
        };
        for bundle in entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
            let slug = bundle.file_name().expect("slug").to_owned();
            for lang in ["zh", "en"] {
                let src = bundle.join(format!("{lang}.md"));
                let dest = out
                    .join(lang)
                    .join(&kind_name)
                    .join(&slug)
                    .with_extension("html");
                list.push((src, dest));
            }
        }
    }
    list
}

fn body(text: &str) -> &str {
    // `+++` front matter, then the body.
    if let Some(rest) = text.strip_prefix("+++\n") {
        if let Some(end) = rest.find("\n+++\n") {
            return &rest[end + 5..];
        }
    }
    text
}

fn main() {
    let mut root: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            other => {
                eprintln!("unknown argument {other}\nusage: floor --root SITE --out DIR");
                std::process::exit(2);
            }
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        eprintln!("usage: floor --root SITE --out DIR");
        std::process::exit(2);
    };
    let start = std::time::Instant::now();
    if out.exists() {
        fs::remove_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
    let list = texts(&root, &out);
    let bytes: usize = list
        .par_iter()
        .map(|(src, dest)| {
            let text = fs::read_to_string(src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
            let md = body(&text);
            let mut html_out = String::with_capacity(md.len() * 3 / 2);
            html::push_html(&mut html_out, Parser::new_ext(md, options()));
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            }
            fs::write(dest, &html_out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
            html_out.len()
        })
        .sum();
    println!(
        "floor: {} files, {} bytes of HTML in {:.0} ms",
        list.len(),
        bytes,
        start.elapsed().as_secs_f64() * 1000.0
    );
}
