//! LLM Atlas: a knowledge-site generator in the languages `site.toml` declares.
//!
//! The pipeline, one stage per module, I/O only at the edges:
//!
//! 1. [`load`] reads `site.toml`, `content/` and the theme into plain data ([`source::Input`]);
//! 2. [`site::prepare`] parses and validates it ([`config`], [`content`] with [`markdown`],
//!    [`figures`]) and resolves wiki links, relations, sections and backlinks ([`graph`]);
//! 3. [`render`] turns each output file ([`paths::Job`]) into bytes through the theme's templates
//!    ([`theme`], [`views`]), reading the site through a recording [`reader::Reader`];
//! 4. [`write`] writes them beside the output and swaps the new site in (filesystem).
//!
//! `build`, `check` and `serve` all get their site from [`site::prepare`]; `serve` keeps a
//! [`site::Cache`] and re-renders the outputs whose recorded reads changed ([`reader::changes`]).
//! Every stage collects all its errors, each with `file:line:col`, before the build stops.

pub mod charts;
pub mod config;
pub mod content;
pub mod crosscheck;
pub mod dep;
pub mod diag;
pub mod engine;
pub mod excerpt;
pub mod export;
pub mod factviews;
pub mod figures;
pub mod filters;
pub mod format;
pub mod graph;
pub mod highlight;
pub mod html;
pub mod http;
pub mod i18n;
pub mod lang;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod numbers;
pub mod paths;
pub mod prose;
pub mod reader;
pub mod relmap;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod shards;
pub mod site;
pub mod source;
pub mod svgtext;
pub mod template_errors;
pub mod theme;
pub mod toml_errors;
pub mod tomlfile;
pub mod url;
pub mod views;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use content::Content;
use diag::{Diagnostic, Diagnostics};
use site::{Cache, Site};

/// Loads, validates and resolves the site at `root`, stopping after the first stage with errors.
pub fn prepare(root: &Path, base_url: Option<&str>) -> Result<Site, Diagnostics> {
    let input = load::load_site(root)?;
    site::prepare(&input, base_url, &mut Cache::none())
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written per language (including translation-missing notices).
    /// Per language code.
    pub pages: Vec<(String, usize)>,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time spent validating and resolving (including loading), and rendering and writing.
    pub prepare_time: Duration,
    pub write_time: Duration,
}

/// Builds the site: validate everything, then write it all at once.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    // An output that must not be replaced is refused before any work.
    let output = write::Output::open(&options.root, &options.out)?;
    let site = prepare(&options.root, options.base_url.as_deref())?;
    let prepare_time = start.elapsed();
    let written = output.write(&site)?;
    let mut warnings = site.warnings.clone();
    warnings.extend(written.warnings);
    Ok(BuildReport {
        pages: site.pages_per_language(),
        files: written.files,
        warnings,
        elapsed: start.elapsed(),
        prepare_time,
        write_time: start.elapsed() - prepare_time,
    })
}

/// Pages of one kind written in each language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Coverage {
    pub kind: String,
    pub total: usize,
    /// Per language code.
    pub per_language: Vec<(String, usize)>,
}

/// What `check` found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Empty when the site did not get as far as resolving its pages.
    pub coverage: Vec<Coverage>,
}

/// The translation coverage of each kind.
pub fn coverage(config: &Config, content: &Content) -> Vec<Coverage> {
    config
        .kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let pages: Vec<_> = content.pages.iter().filter(|p| p.kind.0 == k).collect();
            Coverage {
                kind: kind.id.clone(),
                total: pages.len(),
                per_language: config
                    .languages
                    .all()
                    .map(|l| {
                        let written = pages.iter().filter(|p| p.text(l).is_some()).count();
                        (config.languages[l].code.clone(), written)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every validation of a build, writing nothing. Also renders every output (into nothing, on
/// every core), so template errors are found too.
pub fn check(root: &Path) -> CheckReport {
    match prepare(root, None) {
        Err(d) => CheckReport {
            diagnostics: d.0,
            coverage: Vec::new(),
        },
        Ok(site) => {
            let mut diags = Diagnostics(site.warnings.clone());
            let failures: Vec<Diagnostic> = site
                .jobs()
                .par_iter()
                .filter_map(|job| render::render_into(&site, *job, &mut std::io::sink()).err())
                .collect();
            diags.extend(Diagnostics(failures));
            CheckReport {
                diagnostics: diags.sorted().0,
                coverage: coverage(&site.config, &site.content),
            }
        }
    }
}
