//! The one helper of the integration tests: copy a fixture site (and any overlay of changed
//! files) with the real theme into a fresh folder, build it, and read what came out.
#![allow(dead_code)]

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use atlas::diag::Diagnostics;
use atlas::{BuildOptions, BuildReport};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Fixture {
    pub root: PathBuf,
}

/// A copy of `tests/fixtures/<case>` with the repository's themes.
pub fn fixture(case: &str) -> Fixture {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let root = std::env::temp_dir().join(format!("atlas-test-{}-{case}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    copy_dir(&repo().join("tests/fixtures").join(case), &root);
    if !root.join("themes").exists() {
        copy_dir(&repo().join("themes"), &root.join("themes"));
    }
    Fixture { root }
}

impl Fixture {
    /// Applies `tests/fixtures/<overlay>` on top: its files replace the fixture's, and an empty
    /// file named `<name>.delete` removes `<name>`.
    pub fn overlay(&self, overlay: &str) {
        let dir = repo().join("tests/fixtures").join(overlay);
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.expect("walk overlay");
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).expect("prefix");
            let target = self.root.join(rel);
            if let Some(name) = rel.to_string_lossy().strip_suffix(".delete") {
                let victim = self.root.join(name);
                if victim.is_dir() {
                    fs::remove_dir_all(victim).expect("delete dir");
                } else {
                    fs::remove_file(victim).expect("delete file");
                }
                continue;
            }
            fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            fs::copy(entry.path(), &target).expect("copy overlay");
        }
    }

    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn build(&self) -> Result<BuildReport, Diagnostics> {
        self.build_into(&self.out())
    }

    pub fn build_into(&self, out: &Path) -> Result<BuildReport, Diagnostics> {
        atlas::build(&BuildOptions {
            root: self.root.clone(),
            out: out.to_path_buf(),
            base_url: None,
        })
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Every output file with its bytes, sorted.
    pub fn snapshot_files(&self, out: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
            let entry = entry.expect("walk");
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(out)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, fs::read(entry.path()).expect("read")));
            }
        }
        files
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Diagnostics as the CLI prints them, one per line.
pub fn render_diags(d: &Diagnostics) -> String {
    d.0.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The values of `attr="…"` in an HTML text.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Resolves a relative link from `from` (a file under `out`) the way a browser does from file://.
pub fn resolve(out: &Path, from: &Path, href: &str) -> PathBuf {
    let path = href.split('#').next().unwrap_or("");
    let mut p = from.parent().expect("parent").to_path_buf();
    for c in Path::new(path).components() {
        match c {
            Component::ParentDir => {
                p.pop();
            }
            Component::Normal(n) => p.push(n),
            _ => {}
        }
    }
    assert!(
        p.starts_with(out),
        "{href} from {} leaves the site",
        from.display()
    );
    p
}
