//! The files a build reads, as plain data: what the loader produces and every later stage takes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A text file, its path relative to the site root (as printed in messages) and its contents.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Shared, so an unchanged file kept across rebuilds is known by pointer and never copied.
    pub text: Arc<str>,
}

/// Whether two shared texts are the same. A text kept across rebuilds is known by its pointer
/// without reading it: `Arc<str>`'s own `==` compares the bytes even then (std's pointer
/// shortcut is for sized types only), which at 10,000 bundles was a sixth of an update.
pub fn same_str(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

impl SourceFile {
    /// Whether `other` holds the same text ([`same_str`]).
    pub fn same_text(&self, other: &SourceFile) -> bool {
        same_str(&self.text, &other.text)
    }

    /// Whether `other` was loaded from the same path. The loader makes every path the same way,
    /// so the bytes say it: `Path`'s own `==` compares component by component, which was a
    /// twentieth of an update at 10,000 bundles.
    pub fn same_path(&self, other: &SourceFile) -> bool {
        self.path.as_os_str() == other.path.as_os_str()
    }
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

impl Input {
    /// Takes the text of every file of `old` whose path and text are the same here, so a rebuild
    /// knows the unchanged files by their shared text (and reuses what was parsed from them).
    pub fn share_unchanged(&mut self, old: &Input) {
        let mut before: HashMap<&Path, &Arc<str>> = HashMap::new();
        for b in &old.bundles {
            for f in b.meta.iter().chain(b.texts.iter().map(|(_, f)| f)) {
                before.insert(&f.path, &f.text);
            }
        }
        for b in &mut self.bundles {
            for f in b.meta.iter_mut().chain(b.texts.iter_mut().map(|(_, f)| f)) {
                if let Some(text) = before.get(f.path.as_path()).filter(|t| t[..] == f.text[..]) {
                    f.text = Arc::clone(text);
                }
            }
        }
        if self.config.same_text(&old.config) {
            self.config.text = Arc::clone(&old.config.text);
        }
    }
}
