//! The memoised pipeline behind `serve`: each update runs the whole of [`site::prepare`] (every
//! validation, as `build` does) with a [`Cache`] of per-file parse results, then re-renders only
//! the outputs whose recorded reads ([`Deps`]) meet what changed ([`reader::changes`]). There is
//! no other way a change reaches an output, so what is served is what a full build writes; a
//! property test (`tests/engine.rs`) checks it after random edits.
//!
//! Pure: takes loaded input, returns rendered files.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::paths::Job;
use crate::reader::{self, Changes, Deps};
use crate::render;
use crate::site::{self, Cache, Site};
use crate::source::Input;

/// The site as last built, with what each output was made from.
#[derive(Debug)]
pub struct Engine {
    cache: Cache,
    site: Option<Arc<Site>>,
    /// Per output path: what it was made from (`None`: rendered only when asked for, so treated
    /// as made from everything).
    deps: HashMap<String, Option<Deps>>,
}

/// What an update changed in the served files.
#[derive(Debug)]
pub struct Update {
    pub site: Arc<Site>,
    /// Files rendered again, with their new bytes.
    pub rendered: Vec<(String, Arc<Vec<u8>>)>,
    /// Files that changed but are made from every page (the print editions, the search indexes):
    /// rendered when first asked for ([`render_one`]).
    pub deferred: Vec<(String, Job)>,
    /// Files the site no longer has.
    pub removed: Vec<String>,
    /// Every file of the site.
    pub total: usize,
}

/// Files made from every page, which a reader asks for rarely (print) or only when searching.
fn deferred(job: Job) -> bool {
    matches!(job, Job::Print(_) | Job::SearchIndex(_))
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            cache: Cache::for_rebuilds(),
            site: None,
            deps: HashMap::new(),
        }
    }
}

impl Engine {
    /// Prepares the site from `input` and renders what changed since the last good update. On
    /// errors nothing changes: the last good site stays.
    pub fn update(&mut self, input: &Input, base_url: Option<&str>) -> Result<Update, Diagnostics> {
        let site = Arc::new(site::prepare(input, base_url, &mut self.cache)?);
        let changes = match &self.site {
            Some(old) => reader::changes(old, &site),
            None => Changes::All,
        };
        let jobs = site.jobs();
        let mut render_now = Vec::new();
        let mut deferred_jobs = Vec::new();
        let mut kept: HashMap<String, Option<Deps>> = HashMap::with_capacity(jobs.len());
        for job in &jobs {
            let path = site.path(*job).as_str().to_string();
            let stale = match self.deps.remove(&path) {
                Some(Some(deps)) if !deps.affected_by(&changes) => {
                    kept.insert(path, Some(deps));
                    continue;
                }
                Some(None) if changes == Changes::Some(Default::default()) => {
                    kept.insert(path, None);
                    continue;
                }
                _ => path,
            };
            if deferred(*job) {
                deferred_jobs.push((stale, *job));
            } else {
                render_now.push((stale, *job));
            }
        }
        let rendered: Vec<(String, Result<render::Rendered, Diagnostic>)> = render_now
            .into_par_iter()
            .map(|(path, job)| (path, render::render(&site, job)))
            .collect();
        let mut errors = Diagnostics::default();
        let mut files = Vec::with_capacity(rendered.len());
        for (path, result) in rendered {
            match result {
                Ok(r) => {
                    kept.insert(path.clone(), Some(r.deps));
                    files.push((path, Arc::new(r.bytes)));
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.has_errors() {
            // Keep what the last good site was made from, so the next update compares with it.
            self.deps.extend(kept);
            return Err(errors.sorted());
        }
        for (path, _) in &deferred_jobs {
            kept.insert(path.clone(), None);
        }
        let removed = self.deps.drain().map(|(path, _)| path).collect();
        self.deps = kept;
        self.site = Some(Arc::clone(&site));
        Ok(Update {
            site,
            rendered: files,
            deferred: deferred_jobs,
            removed,
            total: jobs.len(),
        })
    }
}

/// Renders one output of `site` (a deferred one, when asked for).
pub fn render_one(site: &Site, job: Job) -> Result<Vec<u8>, Diagnostic> {
    render::render(site, job).map(|r| r.bytes)
}
