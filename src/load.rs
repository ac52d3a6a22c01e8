//! The loader: the only stage (with `write` and `serve`) that reads the filesystem.
//!
//! It reads the site config, every content bundle, the data files and the theme into plain data
//! ([`Input`]) and judges nothing but what it cannot read.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{file_error, Diagnostics};

/// A text file, its path relative to the site root (as printed in messages) and its contents.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// The files of one bundle folder `content/<kind>/<slug>/`.
#[derive(Debug, Clone)]
pub struct BundleFiles {
    pub kind: String,
    pub slug: String,
    pub dir: PathBuf,
    pub meta: Option<SourceFile>,
    /// `<lang>.md` files, keyed by the file stem (validated later).
    pub texts: Vec<(String, SourceFile)>,
    /// Anything else in the folder.
    pub others: Vec<PathBuf>,
}

/// A binary file of the theme, copied as is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path below the theme's `static/` folder, with `/` separators.
    pub rel: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// The theme's folder, relative to the site root (`themes/atlas`).
    pub dir: PathBuf,
    pub templates: Vec<SourceFile>,
    pub i18n: Vec<SourceFile>,
    pub statics: Vec<StaticFile>,
}

/// Everything a build reads.
#[derive(Debug, Clone)]
pub struct Input {
    pub config: SourceFile,
    pub bundles: Vec<BundleFiles>,
    /// Folders directly under `content/` that hold no bundle folders (reported later if unknown).
    pub data: Vec<SourceFile>,
    pub theme: ThemeFiles,
    /// Files directly in `content/<kind>/` or deeper than a bundle: reported as misplaced.
    pub stray: Vec<PathBuf>,
}

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

/// Reads only the config (the theme to load depends on it).
pub fn load_config(root: &Path) -> Result<SourceFile, Diagnostics> {
    let mut diags = Diagnostics::default();
    read_text(root, Path::new("site.toml"), &mut diags).ok_or(diags)
}

fn empty(path: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text: String::new(),
    }
}

fn read_text(root: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    match fs::read_to_string(root.join(rel)) {
        Ok(text) => Some(SourceFile {
            path: rel.to_path_buf(),
            text,
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
