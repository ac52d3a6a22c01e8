//! The writer: renders every job into a fresh folder beside the output, then swaps it in.
//!
//! The previous output is replaced only once the whole new site is on disk, so a failed build
//! leaves it exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{file_error, Diagnostic, Diagnostics};
use crate::paths::Job;
use crate::site::Site;

/// Renders and writes the site into `out`; returns the number of files written.
pub fn write_site(site: &Site, out: &Path) -> Result<usize, Diagnostics> {
    let staging = sibling(out, "tmp");
    remove_dir(&staging).map_err(|e| io_error(&staging, e))?;
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
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    }
    let result: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| write_job(site, *job, &staging))
        .collect();
    let errors: Vec<Diagnostic> = result.into_iter().filter_map(Result::err).collect();
    if !errors.is_empty() {
        let _ = remove_dir(&staging);
        return Err(Diagnostics(errors).sorted());
    }
    swap(&staging, out).map_err(|e| {
        let _ = remove_dir(&staging);
        io_error(out, e)
    })?;
    Ok(jobs.len())
}

fn write_job(site: &Site, job: Job, staging: &Path) -> Result<(), Diagnostic> {
    let path = staging.join(site.path(job).as_str());
    let cannot = |e: io::Error| file_error(&path, format!("cannot write: {e}"));
    // Rendered straight into the file: the search indexes hold every page's text.
    let mut file = io::BufWriter::new(fs::File::create(&path).map_err(cannot)?);
    crate::render::render_into(site, job, &mut file)?;
    io::Write::flush(&mut file).map_err(cannot)
}

/// `public` → `public.tmp-<pid>` beside it (same filesystem, so the swap is a rename).
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!("{name}.{what}-{}", std::process::id()))
}

fn swap(staging: &Path, out: &Path) -> io::Result<()> {
    if out.exists() {
        let old = sibling(out, "old");
        remove_dir(&old)?;
        fs::rename(out, &old)?;
        if let Err(e) = fs::rename(staging, out) {
            // Put the previous site back before reporting.
            fs::rename(&old, out)?;
            return Err(e);
        }
        remove_dir(&old)
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)?;
        }
        fs::rename(staging, out)
    }
}

fn remove_dir(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn io_error(path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics(vec![file_error(path, e.to_string())])
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
    let dir = root.join("content").join(kind).join(slug);
    if dir.exists() {
        return Err(format!(
            "{} already exists; not overwriting it",
            dir.display()
        ));
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
