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
use crate::views::Kept;

/// The site as last built, with what each output was made from.
#[derive(Debug)]
pub struct Engine {
    cache: Cache,
    site: Option<Arc<Site>>,
    /// Per output: what it was made from (`None`: rendered only when asked for, so treated as
    /// made from everything).
    deps: HashMap<Job, Option<Deps>>,
    /// Parts of outputs kept with their reads, standing for `site`.
    kept: Kept,
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

/// Files made from every page, which a reader asks for rarely (print, the whole-atlas view, the
/// graph as JSON) or only when searching or pointing at a link. At ten thousand pages the atlas
/// views and the JSON are 13–18 MB each: rendering them after every edit was half of an update.
fn deferred(job: Job) -> bool {
    matches!(
        job,
        Job::Print(_)
            | Job::Atlas(_)
            | Job::Export
            | Job::SearchIndex(_)
            | Job::SearchTerms(..)
            | Job::SearchDocs(..)
            | Job::Previews(_)
    )
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            cache: Cache::for_rebuilds(),
            site: None,
            deps: HashMap::new(),
            kept: Kept::default(),
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
        // Under `Changes::Some` the pages and the config are the same, so is every job: only the
        // stale ones are looked at further.
        let (stale, removed) = match &changes {
            Changes::All => {
                let old: Vec<String> = self
                    .site
                    .as_ref()
                    .map(|old| {
                        old.jobs()
                            .iter()
                            .map(|j| old.path(*j).as_str().to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                self.deps.clear();
                let jobs = site.jobs();
                let new: std::collections::HashSet<String> = jobs
                    .iter()
                    .map(|j| site.path(*j).as_str().to_string())
                    .collect();
                let removed = old.into_iter().filter(|p| !new.contains(p)).collect();
                (jobs, removed)
            }
            Changes::Some(set) => {
                // Every output is looked at: on every core.
                let stale = self
                    .deps
                    .par_iter()
                    .filter(|(_, deps)| match deps {
                        Some(deps) => deps.affected_by(&changes),
                        // Deferred outputs are taken to read everything.
                        None => !set.is_empty(),
                    })
                    .map(|(job, _)| *job)
                    .collect();
                (stale, Vec::new())
            }
        };
        let (deferred_jobs, render_now): (Vec<Job>, Vec<Job>) =
            stale.into_iter().partition(|j| deferred(*j));
        // What is kept stood for the last site: what changed since goes.
        self.kept.forget(&changes);
        let rendered: Vec<(Job, Result<render::Rendered, Diagnostic>)> = render_now
            .into_par_iter()
            .map(|job| (job, render::render_keeping(&site, job, Some(&self.kept))))
            .collect();
        let mut errors = Diagnostics::default();
        let mut files = Vec::with_capacity(rendered.len());
        let mut fresh = Vec::with_capacity(rendered.len());
        for (job, result) in rendered {
            match result {
                Ok(r) => {
                    fresh.push((job, Some(r.deps)));
                    files.push((site.path(job).as_str().to_string(), Arc::new(r.bytes)));
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.has_errors() {
            // The last good site stays; what changed is compared with it next time, and what
            // was kept now stands for a site that is not served.
            self.kept.clear();
            if changes == Changes::All {
                self.site = None;
            }
            return Err(errors.sorted());
        }
        self.deps.extend(fresh);
        self.deps.extend(deferred_jobs.iter().map(|j| (*j, None)));
        self.site = Some(Arc::clone(&site));
        Ok(Update {
            deferred: deferred_jobs
                .into_iter()
                .map(|j| (site.path(j).as_str().to_string(), j))
                .collect(),
            total: self.deps.len(),
            site,
            rendered: files,
            removed,
        })
    }
}

/// Renders one output of `site` (a deferred one, when asked for).
pub fn render_one(site: &Site, job: Job) -> Result<Vec<u8>, Diagnostic> {
    render::render(site, job).map(|r| r.bytes)
}
