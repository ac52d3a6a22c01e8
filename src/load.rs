//! The loader: the only stage (with `write` and `serve`) that reads the filesystem.
//!
//! It reads the site config, every content bundle, the data files and the theme into plain data
//! ([`Input`]) and judges nothing but what it cannot read.
//!
//! Only regular files and folders are read: a FIFO, socket or device is an error, never a wait.
//! A symbolic link is followed only where it leads to a place inside the site's root folder; one
//! that leads outside (or nowhere, or in a loop) is an error (CONTENT.md, "Files and links").

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{file_error, Diagnostics};

pub use crate::source::{BundleFiles, Input, SourceFile, StaticFile, ThemeFiles};

/// The folder under `content/` that holds data files for tables and charts.
pub const DATA_DIR: &str = "data";

/// Reads the site at `root`. The theme name comes from the config, so the config is read first.
pub fn load(root: &Path, theme: &str) -> Result<Input, Diagnostics> {
    let mut diags = Diagnostics::default();
    let root = &SiteRoot::new(root);
    let config = read_text(root, Path::new("site.toml"), &mut diags);
    let content = load_content(root, &mut diags);
    let theme = load_theme(root, theme, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let (bundles, data, stray) = content;
    Ok(Input {
        config: config.unwrap_or_else(|| empty("site.toml")),
        bundles,
        data,
        theme,
        stray,
    })
}

/// Reads the whole site at `root`: the config first, as it names the theme.
pub fn load_site(root: &Path) -> Result<Input, Diagnostics> {
    let config = load_config(root)?;
    let theme = theme_name(&config);
    load(root, &theme)
}

/// The theme `site.toml` names (judged when the config is parsed; a config that cannot be read
/// this far loads the default theme's folder name, `atlas`, and fails to parse later).
fn theme_name(config: &SourceFile) -> String {
    #[derive(serde::Deserialize)]
    struct ThemeOnly {
        theme: Option<String>,
    }
    toml::from_str::<ThemeOnly>(&config.text)
        .ok()
        .and_then(|t| t.theme)
        .unwrap_or_else(|| "atlas".to_string())
}

/// Reads only the config (the theme to load depends on it).
pub fn load_config(root: &Path) -> Result<SourceFile, Diagnostics> {
    let mut diags = Diagnostics::default();
    read_text(&SiteRoot::new(root), Path::new("site.toml"), &mut diags).ok_or(diags)
}

/// The site's root folder, as given (for paths) and resolved (for the symlink policy).
struct SiteRoot<'a> {
    path: &'a Path,
    real: PathBuf,
}

impl<'a> SiteRoot<'a> {
    fn new(path: &'a Path) -> Self {
        SiteRoot {
            path,
            real: fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        }
    }

    fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path.join(rel)
    }
}

/// What a path is, once the symlink policy has been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    File,
    Folder,
    /// Nothing there (a missing file is judged by whoever expected it).
    Missing,
}

/// What `path` (under `root`) is: a regular file or a folder, or why it may not be read.
fn entry(root: &SiteRoot, path: &Path) -> Result<Entry, String> {
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m.file_type().is_symlink(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Entry::Missing),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    if link {
        let target = fs::canonicalize(path).map_err(|e| match e.raw_os_error() {
            // ELOOP
            Some(40) => "symbolic link loop".to_string(),
            _ if e.kind() == std::io::ErrorKind::NotFound => {
                "symbolic link to nothing (its target does not exist)".to_string()
            }
            _ => format!("cannot follow symbolic link: {e}"),
        })?;
        if !target.starts_with(&root.real) {
            return Err(format!(
                "symbolic link leads outside the site (to {}): refused; copy the file into the site instead",
                target.display()
            ));
        }
    }
    let meta = fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.is_file() {
        Ok(Entry::File)
    } else if meta.is_dir() {
        Ok(Entry::Folder)
    } else {
        Err("not a regular file (a FIFO, socket or device): only files and folders are read".into())
    }
}

fn empty(path: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text: "".into(),
    }
}

fn read_text(root: &SiteRoot, rel: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let path = root.join(rel);
    let problem = match entry(root, &path) {
        Ok(Entry::File) => None,
        Ok(Entry::Folder) => Some("is a folder, not a file".to_string()),
        Ok(Entry::Missing) => Some("cannot read: No such file or directory".to_string()),
        Err(message) => Some(message),
    };
    if let Some(message) = problem {
        diags.push(file_error(rel, message));
        return None;
    }
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.push(file_error(rel, format!("cannot read: {e}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile {
            path: rel.to_path_buf(),
            text: text.into(),
        }),
        Err(e) => {
            diags.push(utf8_error(rel, e.as_bytes(), e.utf8_error()));
            None
        }
    }
}

/// Invalid UTF-8, at the line and column of the first bad byte.
fn utf8_error(rel: &Path, bytes: &[u8], e: std::str::Utf8Error) -> crate::diag::Diagnostic {
    let valid = e.valid_up_to();
    // The bytes before the bad one are valid UTF-8.
    let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    let src = crate::diag::SourceText::new(rel, before);
    src.error(
        valid,
        format!(
            "invalid UTF-8 (byte 0x{:02X}): save the file as UTF-8",
            bytes.get(valid).copied().unwrap_or_default()
        ),
    )
}

type Content = (Vec<BundleFiles>, Vec<SourceFile>, Vec<PathBuf>);

fn load_content(root: &SiteRoot, diags: &mut Diagnostics) -> Content {
    let content = root.join("content");
    let mut bundles = Vec::new();
    let mut data = Vec::new();
    let mut stray = Vec::new();
    if entry(root, &content) != Ok(Entry::Folder) {
        diags.push(file_error(Path::new("content"), "no content folder"));
        return (bundles, data, stray);
    }
    for (kind_dir, what) in sorted_entries(root, &content, diags) {
        let kind_rel = rel_path(root, &kind_dir);
        let Some(kind) = file_name(&kind_dir) else {
            continue;
        };
        if what != Entry::Folder {
            stray.push(kind_rel);
            continue;
        }
        if kind == DATA_DIR {
            for (file, what) in sorted_entries(root, &kind_dir, diags) {
                if what == Entry::File {
                    if let Some(f) = read_text(root, &rel_path(root, &file), diags) {
                        data.push(f);
                    }
                }
            }
            continue;
        }
        let (dirs, files): (Vec<_>, Vec<_>) = sorted_entries(root, &kind_dir, diags)
            .into_iter()
            .partition(|(_, what)| *what == Entry::Folder);
        stray.extend(files.iter().map(|(f, _)| rel_path(root, f)));
        // Reading tens of thousands of small files one after another left a core idle.
        let loaded: Vec<(Option<BundleFiles>, Diagnostics)> = dirs
            .par_iter()
            .map(|(dir, _)| {
                let mut found = Diagnostics::default();
                (load_bundle(root, &kind, dir, &mut found), found)
            })
            .collect();
        for (bundle, found) in loaded {
            bundles.extend(bundle);
            diags.extend(found);
        }
    }
    (bundles, data, stray)
}

fn load_bundle(
    root: &SiteRoot,
    kind: &str,
    dir: &Path,
    diags: &mut Diagnostics,
) -> Option<BundleFiles> {
    let slug = file_name(dir)?;
    let mut bundle = BundleFiles {
        kind: kind.to_string(),
        slug,
        dir: rel_path(root, dir),
        meta: None,
        texts: Vec::new(),
        others: Vec::new(),
    };
    for (file, what) in sorted_entries(root, dir, diags) {
        let rel = rel_path(root, &file);
        let name = file_name(&file).unwrap_or_default();
        if name == "meta.toml" {
            bundle.meta = read_text(root, &rel, diags);
        } else if let (Some(stem), Entry::File) = (name.strip_suffix(".md"), what) {
            if let Some(f) = read_text(root, &rel, diags) {
                bundle.texts.push((stem.to_string(), f));
            }
        } else {
            bundle.others.push(rel);
        }
    }
    Some(bundle)
}

/// Whether `name` names a folder directly inside `themes/` (`theme = "../x"` would leave it).
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', ':', '\0'])
}

fn load_theme(root: &SiteRoot, theme: &str, diags: &mut Diagnostics) -> ThemeFiles {
    let dir = root.join("themes").join(theme);
    let mut files = ThemeFiles {
        dir: rel_path(root, &dir),
        ..ThemeFiles::default()
    };
    // A name that would leave `themes/` is reported, with its position, by the config's validation.
    if !is_folder_name(theme) {
        return files;
    }
    match entry(root, &dir) {
        Ok(Entry::Folder) => {}
        Err(message) => {
            diags.push(file_error(&rel_path(root, &dir), message));
            return files;
        }
        Ok(_) => {
            diags.push(file_error(
                &rel_path(root, &dir),
                format!("theme `{theme}` not found"),
            ));
            return files;
        }
    }
    for (sub, list) in [
        ("templates", &mut files.templates),
        ("i18n", &mut files.i18n),
    ] {
        for (f, what) in sorted_entries(root, &dir.join(sub), diags) {
            if what == Entry::File {
                if let Some(sf) = read_text(root, &rel_path(root, &f), diags) {
                    list.push(sf);
                }
            }
        }
    }
    let static_dir = dir.join("static");
    for item in WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = item.path();
        let rel_file = rel_path(root, path);
        // Links are not walked into: a linked file is read where the policy allows it.
        let what = match entry(root, path) {
            Ok(what) => what,
            Err(message) => {
                diags.push(file_error(&rel_file, message));
                continue;
            }
        };
        if what != Entry::File {
            continue;
        }
        let rel = path.strip_prefix(&static_dir).unwrap_or(path);
        match fs::read(path) {
            Ok(bytes) => files.statics.push(StaticFile {
                rel: slash_path(rel),
                bytes,
            }),
            Err(e) => diags.push(file_error(&rel_file, format!("cannot read: {e}"))),
        }
    }
    files
}

/// The entries of a folder, sorted, each with what it is; names starting with `.` are skipped
/// (editors' and version control's files), and entries the policy refuses are reported.
fn sorted_entries(root: &SiteRoot, dir: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, Entry)> {
    let Ok(read) = fs::read_dir(dir) else {
        if dir.exists() {
            diags.push(file_error(&rel_path(root, dir), "cannot read folder"));
        }
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .flatten()
        .map(|e| e.path())
        .filter(|p| !file_name(p).is_some_and(|n| n.starts_with('.')))
        .collect();
    paths.sort();
    let mut entries = Vec::with_capacity(paths.len());
    for path in paths {
        match entry(root, &path) {
            Ok(what) => entries.push((path, what)),
            Err(message) => diags.push(file_error(&rel_path(root, &path), message)),
        }
    }
    entries
}

fn file_name(p: &Path) -> Option<String> {
    p.file_name().map(|n| n.to_string_lossy().into_owned())
}

fn rel_path(root: &SiteRoot, p: &Path) -> PathBuf {
    p.strip_prefix(root.path).unwrap_or(p).to_path_buf()
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads again the files in `changed` (paths as the watcher gives them, under `root`) into
/// `input`, where each is the text of an existing bundle; `false` when some change is anything
/// else (the config, the theme, a data file, a new file), which needs [`load_site`] instead.
pub fn reload_texts(
    root: &Path,
    input: &mut Input,
    changed: &[PathBuf],
) -> Result<bool, Diagnostics> {
    let mut diags = Diagnostics::default();
    let site = SiteRoot::new(root);
    for path in changed {
        let Ok(rel) = path.strip_prefix(root) else {
            return Ok(false);
        };
        let Some(dir) = rel.parent() else {
            return Ok(false);
        };
        let Some(bundle) = input.bundles.iter_mut().find(|b| b.dir == dir) else {
            return Ok(false);
        };
        let slot = if bundle.meta.as_ref().is_some_and(|m| m.path == rel) {
            bundle.meta.as_mut()
        } else {
            bundle
                .texts
                .iter_mut()
                .find(|(_, f)| f.path == rel)
                .map(|(_, f)| f)
        };
        let Some(slot) = slot else {
            return Ok(false);
        };
        if let Some(file) = read_text(&site, rel, &mut diags) {
            *slot = file;
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(true)
}
