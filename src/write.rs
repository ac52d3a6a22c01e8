//! The writer: renders every job into a fresh folder beside the output, then swaps it in.
//!
//! The previous output is replaced only once the whole new site is on disk, so a failed build
//! leaves it exactly as it was. And only a folder atlas wrote is ever replaced: `--out` must be
//! absent, an empty folder, or a folder holding the [`MARKER`] file a previous build left; the
//! site's root, its sources and any folder holding them are refused whatever they hold.
//!
//! The swap is two renames (`public` → `public.old-<pid>`, `public.tmp-<pid>` → `public`). Builds
//! into one output take turns ([`OutputLock`]), and each starts by tidying what an interrupted
//! build left: a staging folder is removed, and a previous output moved aside is put back if the
//! new one never arrived, or removed if it did.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{file_error, Diagnostic, Diagnostics, Severity};
use crate::paths::Job;
use crate::site::Site;

/// The file every output folder holds: a folder without it is never replaced.
pub const MARKER: &str = ".atlas-output";

const MARKER_TEXT: &str =
    "This folder was written by atlas (`atlas build`); the next build replaces it whole.\n";

/// What writing did.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    /// Findings that did not stop the build (leftovers that could not be removed).
    pub warnings: Vec<Diagnostic>,
}

/// An output folder, checked, held for this build and tidied: ready for [`Output::write`].
#[derive(Debug)]
pub struct Output {
    folder: PathBuf,
    _lock: OutputLock,
    /// What tidying could not remove.
    warnings: Vec<Diagnostic>,
}

impl Output {
    /// Checks `out` may be replaced (an error says why not), waits for other builds into it, and
    /// tidies what interrupted ones left. Done before validating, so a build that then fails
    /// has still put back an output an interrupted build had moved aside.
    pub fn open(root: &Path, out: &Path) -> Result<Output, Diagnostics> {
        let folder = output_folder(root, out).map_err(|m| one_error(out, m))?;
        let lock = OutputLock::take(&folder).map_err(|e| one_error(&folder, e.to_string()))?;
        let warnings = tidy(&folder);
        Ok(Output {
            folder,
            _lock: lock,
            warnings,
        })
    }

    /// Renders and writes the site, then swaps it in.
    pub fn write(self, site: &Site) -> Result<Written, Diagnostics> {
        let mut written = write_into(site, &self.folder)?;
        written.warnings.splice(0..0, self.warnings);
        Ok(written)
    }
}

/// Renders and writes the site of `root` into `out`, refusing an `out` it must not replace.
pub fn write_site(site: &Site, root: &Path, out: &Path) -> Result<Written, Diagnostics> {
    Output::open(root, out)?.write(site)
}

fn write_into(site: &Site, out: &Path) -> Result<Written, Diagnostics> {
    let out = out.to_path_buf();
    let mut written = Written::default();
    let staging = sibling(&out, "tmp");
    remove_dir(&staging).map_err(|e| one_error(&staging, e.to_string()))?;
    let jobs = site.jobs();
    // Make every folder once, before the parallel writes.
    let mut dirs: Vec<PathBuf> = jobs
        .iter()
        .filter_map(|j| {
            staging
                .join(site.path(*j).as_str())
                .parent()
                .map(Path::to_path_buf)
        })
        .collect();
    dirs.push(staging.clone());
    dirs.sort();
    dirs.dedup();
    let made = dirs
        .iter()
        .try_for_each(|dir| fs::create_dir_all(dir).map_err(|e| one_error(dir, e.to_string())))
        .and_then(|()| {
            let marker = staging.join(MARKER);
            fs::write(&marker, MARKER_TEXT).map_err(|e| one_error(&marker, e.to_string()))
        });
    if let Err(e) = made {
        let _ = remove_dir(&staging);
        return Err(e);
    }
    // The search terms and manifests need each language's whole index, built while the other
    // files are written (building it first left the cores idle while the last language finished).
    let (terms, rest): (Vec<Job>, Vec<Job>) = jobs
        .iter()
        .partition(|j| matches!(j, Job::SearchTerms(..) | Job::SearchIndex(..)));
    let write_all = |jobs: &[Job]| -> Vec<Diagnostic> {
        jobs.par_iter()
            .filter_map(|job| write_job(site, *job, &staging).err())
            .collect()
    };
    let ((), mut errors) = rayon::join(|| crate::search::build_indexes(site), || write_all(&rest));
    errors.extend(write_all(&terms));
    if !errors.is_empty() {
        let _ = remove_dir(&staging);
        return Err(Diagnostics(errors).sorted());
    }
    written.warnings.extend(swap(&staging, &out)?);
    written.files = jobs.len();
    Ok(written)
}

fn write_job(site: &Site, job: Job, staging: &Path) -> Result<(), Diagnostic> {
    let path = staging.join(site.path(job).as_str());
    let cannot = |e: io::Error| file_error(&path, format!("cannot write: {e}"));
    // Rendered straight into the file: the search indexes hold every page's text.
    let mut file = io::BufWriter::new(fs::File::create(&path).map_err(cannot)?);
    crate::render::render_into(site, job, &mut file)?;
    io::Write::flush(&mut file).map_err(cannot)
}

/// The folder to write: `out`, or where it links to. An error says why it must not be replaced.
fn output_folder(root: &Path, out: &Path) -> Result<PathBuf, String> {
    let is_link = fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    // A link is kept: the folder it leads to is the output.
    let folder = if is_link {
        fs::canonicalize(out)
            .map_err(|e| format!("--out is a symbolic link that cannot be followed: {e}"))?
    } else {
        out.to_path_buf()
    };
    let real = real_path(&folder);
    let real_root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let refuse =
        |what: String, hint: &str| Err(format!("--out {what}: refusing to replace it; {hint}"));
    let own_folder = "choose a folder of its own, such as public";
    if real_root.starts_with(&real) {
        let what = if real == real_root {
            "is the site's root folder"
        } else {
            "holds the site's root folder"
        };
        return refuse(what.into(), own_folder);
    }
    for source in ["content", "themes", "site.toml"] {
        if real.starts_with(real_root.join(source)) {
            return refuse(
                format!("is the site's source `{source}` or inside it"),
                own_folder,
            );
        }
    }
    let Ok(meta) = fs::metadata(&folder) else {
        return Ok(folder);
    };
    if !meta.is_dir() {
        return refuse("is a file, not a folder".into(), own_folder);
    }
    if is_mount_point(&folder) {
        return Err("--out is a mount point, and the new output is swapped in by renaming, which a mount point refuses: build into a folder inside it".into());
    }
    let mut entries = fs::read_dir(&folder).map_err(|e| format!("cannot read --out: {e}"))?;
    let empty = entries.next().is_none();
    if !empty && !folder.join(MARKER).is_file() {
        return refuse(
            format!("holds files atlas did not write (no `{MARKER}` file, which every atlas output has)"),
            "choose another folder, or delete this one if an older atlas wrote it",
        );
    }
    Ok(folder)
}

/// `path` with every link resolved, also where its last parts do not exist yet.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            return missing.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(unix)]
fn is_mount_point(folder: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = folder.join("..");
    match (fs::metadata(folder), fs::metadata(parent)) {
        (Ok(a), Ok(b)) => a.dev() != b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_folder: &Path) -> bool {
    false
}

/// `public` → `public.tmp-<pid>` beside it (same filesystem, so the swap is a rename).
fn sibling(out: &Path, what: &str) -> PathBuf {
    out.with_file_name(format!("{}.{what}-{}", name_of(out), std::process::id()))
}

fn name_of(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// Puts the new site in place of the old one. An error means the previous output is as it was,
/// unless its message says otherwise ([`NOT_RESTORED`]); a leftover that cannot be removed is a
/// warning (the next build removes it).
fn swap(staging: &Path, out: &Path) -> Result<Vec<Diagnostic>, Diagnostics> {
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| fail(staging, parent, e))?;
        }
        fs::rename(staging, out).map_err(|e| fail(staging, out, e))?;
        return Ok(Vec::new());
    }
    let old = sibling(out, "old");
    remove_dir(&old).map_err(|e| fail(staging, &old, e))?;
    fs::rename(out, &old).map_err(|e| fail(staging, out, e))?;
    if let Err(e) = fs::rename(staging, out) {
        // Put the previous site back before reporting.
        let _ = remove_dir(staging);
        return Err(match fs::rename(&old, out) {
            Ok(()) => one_error(out, e.to_string()),
            Err(back) => one_error(
                out,
                format!(
                    "{e}; {NOT_RESTORED} {} ({back}): rename it back to {}",
                    old.display(),
                    out.display()
                ),
            ),
        });
    }
    Ok(match remove_dir(&old) {
        Ok(()) => Vec::new(),
        Err(e) => vec![Diagnostic {
            severity: Severity::Warning,
            ..file_error(
                &old,
                format!("the new site is in place, but the previous one could not be removed ({e}); the next build removes it"),
            )
        }],
    })
}

/// Said by an error after which the previous output is not where it was.
pub const NOT_RESTORED: &str = "the previous output could not be put back and is in";

/// Whether the previous output is as it was after these errors.
pub fn output_intact(errors: &Diagnostics) -> bool {
    !errors.0.iter().any(|d| d.message.contains(NOT_RESTORED))
}

fn fail(staging: &Path, at: &Path, e: io::Error) -> Diagnostics {
    let _ = remove_dir(staging);
    one_error(at, e.to_string())
}

/// Removes what interrupted builds into `out` left beside it: staging folders, and a previous
/// output moved aside (put back where the new one never arrived). Runs under the [`OutputLock`],
/// so no other build is writing. Returns warnings for what could not be removed.
fn tidy(out: &Path) -> Vec<Diagnostic> {
    let name = name_of(out);
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut leftovers: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let rest = file_name.strip_prefix(&name)?;
            let (what, pid) = rest.strip_prefix('.')?.split_once('-')?;
            let ours = (what == "tmp" || what == "old")
                && !pid.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit());
            ours.then(|| (e.path(), what == "old"))
        })
        .collect();
    leftovers.sort();
    let mut warnings = Vec::new();
    for (path, old) in leftovers {
        let restored = old && !out.exists() && fs::rename(&path, out).is_ok();
        if !restored {
            if let Err(e) = remove_dir(&path) {
                warnings.push(Diagnostic {
                    severity: Severity::Warning,
                    ..file_error(
                        &path,
                        format!("left by an interrupted build, and cannot be removed: {e}"),
                    )
                });
            }
        }
    }
    warnings
}

/// Held while a build writes into an output: builds into the same output take turns, and none
/// tidies away another's staging folder. The lock is on `<out>.lock` beside the output, removed
/// when released.
#[derive(Debug)]
struct OutputLock {
    path: PathBuf,
    _file: fs::File,
}

impl OutputLock {
    fn take(out: &Path) -> io::Result<OutputLock> {
        let path = out.with_file_name(format!("{}.lock", name_of(out)));
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)?;
            file.lock()?;
            // The holder before may have removed the file while this build waited: then the lock
            // is on a file no other build can see, and it must be taken again.
            if same_file(&file, &path) {
                return Ok(OutputLock { path, _file: file });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while held: a build that opened it meanwhile sees it is gone and opens anew.
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, path: &Path) -> bool {
    path.exists()
}

fn remove_dir(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn one_error(path: &Path, message: impl Into<String>) -> Diagnostics {
    Diagnostics(vec![file_error(path, message)])
}

/// Creates the bundle `content/<kind>/<slug>/` with a `meta.toml` and a text per language,
/// refusing to overwrite anything. Returns the files written.
pub fn create_bundle(
    root: &Path,
    config: &crate::config::Config,
    kind: &str,
    slug: &str,
) -> Result<Vec<PathBuf>, String> {
    let files = crate::scaffold::new_bundle_files(config, kind, slug)?;
    if slug.len() > crate::content::MAX_SLUG_LEN {
        return Err(format!(
            "slug is {} characters long, more than {}",
            slug.len(),
            crate::content::MAX_SLUG_LEN
        ));
    }
    let dir = root.join("content").join(kind).join(slug);
    if dir.exists() {
        return Err(format!(
            "{} already exists; not overwriting it",
            dir.display()
        ));
    }
    // Slugs are unique across kinds: `[[slug]]` links by slug alone.
    for other in &config.kinds {
        let taken = root.join("content").join(&other.id).join(slug);
        if taken.exists() {
            return Err(format!(
                "slug `{slug}` is already used by {} (slugs are unique across kinds); choose another",
                taken.display()
            ));
        }
    }
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
