//! The loader: the only stage (with `write` and `serve`) that reads the filesystem.
//!
//! It reads the site config, every content bundle, the data files and the theme into plain data
//! ([`Input`]) and judges nothing but what it cannot read.

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
    read_text(root, Path::new("site.toml"), &mut diags).ok_or(diags)
}

fn empty(path: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text: "".into(),
    }
}

fn read_text(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    match fs::read_to_string(root.join(rel)) {
        Ok(text) => Some(SourceFile {
            path: rel.to_path_buf(),
            text: text.into(),
        }),
        Err(e) => {
            diags.push(file_error(rel, format!("cannot read: {e}")));
            None
        }
    }
}

type Content = (Vec<BundleFiles>, Vec<SourceFile>, Vec<PathBuf>);

fn load_content(root: &Path, diags: &mut Diagnostics) -> Content {
    let content = root.join("content");
    let mut bundles = Vec::new();
    let mut data = Vec::new();
    let mut stray = Vec::new();
    if !content.is_dir() {
        diags.push(file_error(Path::new("content"), "no content folder"));
        return (bundles, data, stray);
    }
    for kind_dir in sorted_entries(&content, diags) {
        let kind_rel = rel_path(root, &kind_dir);
        let Some(kind) = file_name(&kind_dir) else {
            continue;
        };
        if !kind_dir.is_dir() {
            stray.push(kind_rel);
            continue;
        }
        if kind == DATA_DIR {
            for file in sorted_entries(&kind_dir, diags) {
                if file.is_file() {
                    if let Some(f) = read_text(root, &rel_path(root, &file), diags) {
                        data.push(f);
                    }
                }
            }
            continue;
        }
        let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) = sorted_entries(&kind_dir, diags)
            .into_iter()
            .partition(|p| p.is_dir());
        stray.extend(files.iter().map(|f| rel_path(root, f)));
        // Reading tens of thousands of small files one after another left a core idle.
        let loaded: Vec<(Option<BundleFiles>, Diagnostics)> = dirs
            .par_iter()
            .map(|dir| {
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
    root: &Path,
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
    for file in sorted_entries(dir, diags) {
        let rel = rel_path(root, &file);
        let name = file_name(&file).unwrap_or_default();
        if name == "meta.toml" {
            bundle.meta = read_text(root, &rel, diags);
        } else if let (Some(stem), true) = (name.strip_suffix(".md"), file.is_file()) {
            if let Some(f) = read_text(root, &rel, diags) {
                bundle.texts.push((stem.to_string(), f));
            }
        } else {
            bundle.others.push(rel);
        }
    }
    Some(bundle)
}

fn load_theme(root: &Path, theme: &str, diags: &mut Diagnostics) -> ThemeFiles {
    let dir = root.join("themes").join(theme);
    let mut files = ThemeFiles {
        dir: rel_path(root, &dir),
        ..ThemeFiles::default()
    };
    if !dir.is_dir() {
        diags.push(file_error(
            &rel_path(root, &dir),
            format!("theme `{theme}` not found"),
        ));
        return files;
    }
    for (sub, list) in [
        ("templates", &mut files.templates),
        ("i18n", &mut files.i18n),
    ] {
        for f in sorted_entries(&dir.join(sub), diags) {
            if f.is_file() {
                if let Some(sf) = read_text(root, &rel_path(root, &f), diags) {
                    list.push(sf);
                }
            }
        }
    }
    let static_dir = dir.join("static");
    for entry in WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&static_dir)
            .unwrap_or(entry.path());
        match fs::read(entry.path()) {
            Ok(bytes) => files.statics.push(StaticFile {
                rel: slash_path(rel),
                bytes,
            }),
            Err(e) => diags.push(file_error(
                &rel_path(root, entry.path()),
                format!("cannot read: {e}"),
            )),
        }
    }
    files
}

fn sorted_entries(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let Ok(read) = fs::read_dir(dir) else {
        if dir.exists() {
            diags.push(file_error(dir, "cannot read folder"));
        }
        return Vec::new();
    };
    let mut entries: Vec<PathBuf> = read
        .flatten()
        .map(|e| e.path())
        .filter(|p| !file_name(p).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    entries
}

fn file_name(p: &Path) -> Option<String> {
    p.file_name().map(|n| n.to_string_lossy().into_owned())
}

fn rel_path(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
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
        if let Some(file) = read_text(root, rel, &mut diags) {
            *slot = file;
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(true)
}
