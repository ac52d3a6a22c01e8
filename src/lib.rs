//! LLM Atlas: a bilingual knowledge-site generator.
//!
//! The pipeline, one stage per module, I/O only at the edges:
//!
//! 1. [`load`] reads `site.toml`, `content/` and the theme into plain data (filesystem);
//! 2. [`config::parse_config`] and [`content::parse_content`] parse and validate it;
//! 3. [`graph::resolve`] resolves wiki links, relations, sections and backlinks;
//! 4. [`render`] turns each output file into bytes through the theme's templates;
//! 5. [`write`] writes them beside the output and swaps the new site in (filesystem).
//!
//! Every stage collects all its errors, each with `file:line:col`, before the build stops.

pub mod config;
pub mod content;
pub mod diag;
pub mod export;
pub mod factviews;
pub mod figures;
pub mod format;
pub mod graph;
pub mod highlight;
pub mod html;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod render;
pub mod search;
pub mod serve;
pub mod svg;
pub mod url;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::{Config, Lang};
use content::Content;
use diag::{Diagnostic, Diagnostics};
use figures::Figures;
use graph::Graph;
use render::{Site, Theme};

/// A site loaded, validated and resolved: everything but the writing.
#[derive(Debug)]
pub struct Prepared {
    pub config: Config,
    pub content: Content,
    pub graph: Graph,
    pub theme: Theme,
    pub figures: Figures,
    /// Findings that do not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// Hashes of the inputs that affect every page (config, theme, data files).
    pub global_inputs: u64,
}

impl Prepared {
    pub fn site(&self) -> Site<'_> {
        Site {
            config: &self.config,
            content: &self.content,
            graph: &self.graph,
            theme: &self.theme,
            figures: &self.figures,
        }
    }
}

/// Loads and validates the site at `root`, stopping after the first stage with errors.
pub fn prepare(root: &Path, base_url: Option<&str>) -> Result<Prepared, Diagnostics> {
    let config_file = load::load_config(root)?;
    let config = parse_config_with(&config_file, base_url)?;
    let input = load::load(root, &config.theme)?;
    prepare_input(config, &config_file, input)
}

/// Parses `site.toml`, applying a base URL given on the command line.
pub fn parse_config_with(
    config_file: &load::SourceFile,
    base_url: Option<&str>,
) -> Result<Config, Diagnostics> {
    let mut config = config::parse_config(&config_file.path, &config_file.text)?;
    if let Some(url) = base_url {
        config::override_base_url(&mut config, url)
            .map_err(|m| Diagnostics(vec![diag::file_error(Path::new("--base-url"), m)]))?;
    }
    Ok(config)
}

/// Everything after loading: parse, validate and resolve what was read. Pure.
pub fn prepare_input(
    config: Config,
    config_file: &load::SourceFile,
    input: load::Input,
) -> Result<Prepared, Diagnostics> {
    let global_inputs = incremental::global_hash(config_file, &input);
    let theme = render::compile_theme(&config, &input.theme);
    // The texts move into the pages: a large site is held in memory once.
    let content = content::parse_content(&config, input.bundles, &input.stray);
    let figures = figures::parse_figures(&input.data);
    let (theme, content, figures) = match (theme, content, figures) {
        (Ok(t), Ok(c), Ok(f)) => (t, c, f),
        (t, c, f) => {
            let mut all = Diagnostics::default();
            for d in [t.err(), c.err(), f.err()].into_iter().flatten() {
                all.extend(d);
            }
            return Err(all.sorted());
        }
    };
    let (graph, mut diags) = graph::resolve(&config, &content);
    diags.extend(figures.check_calls(&config, &content, &graph));
    let diags = diags.sorted();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Prepared {
        config,
        content,
        graph,
        theme,
        figures,
        warnings: diags.0,
        global_inputs,
    })
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
    pub pages: Vec<(Lang, usize)>,
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
    let prepared = prepare(&options.root, options.base_url.as_deref())?;
    let prepare_time = start.elapsed();
    let site = prepared.site();
    let files = write::write_site(&site, &options.out)?;
    let pages = prepared
        .config
        .languages
        .iter()
        .map(|l| (*l, prepared.content.pages.len()))
        .collect();
    Ok(BuildReport {
        pages,
        files,
        warnings: prepared.warnings.clone(),
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
    pub per_language: Vec<(Lang, usize)>,
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
                    .iter()
                    .map(|l| (*l, pages.iter().filter(|p| p.text(*l).is_some()).count()))
                    .collect(),
            }
        })
        .collect()
}

/// Every validation of a build, writing nothing. Also renders every page in memory, so template
/// errors are found too.
pub fn check(root: &Path) -> CheckReport {
    match prepare(root, None) {
        Err(d) => CheckReport {
            diagnostics: d.0,
            coverage: Vec::new(),
        },
        Ok(p) => {
            let site = p.site();
            let mut diags = Diagnostics(p.warnings.clone());
            // Rendered like a build, on every core, and dropped.
            let failures: Vec<Diagnostic> = site
                .jobs()
                .par_iter()
                .filter_map(|job| match job {
                    // The indexes are large: stream them nowhere instead of holding them.
                    render::Job::SearchIndex(lang) => {
                        // Writing to a sink cannot fail.
                        let _ = search::write_index(&site, *lang, &mut std::io::sink());
                        None
                    }
                    _ => site.render(*job).err(),
                })
                .collect();
            diags.extend(Diagnostics(failures));
            CheckReport {
                diagnostics: diags.sorted().0,
                coverage: coverage(&p.config, &p.content),
            }
        }
    }
}

/// The files of a new bundle, ready to fill in: `meta.toml` and one text per language.
pub fn new_bundle_files(
    config: &Config,
    kind: &str,
    slug: &str,
) -> Result<Vec<(String, String)>, String> {
    let Some(kind_id) = config.kind_by_name(kind) else {
        let known: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
        return Err(format!(
            "unknown kind `{kind}` (declared kinds: {})",
            known.join(", ")
        ));
    };
    if !content::is_plain_segment(slug) {
        return Err(format!(
            "slug `{slug}` is not a plain path segment (use a-z, 0-9 and -)"
        ));
    }
    let kind = config.kind(kind_id);
    let mut meta = String::from(
        "# Language-neutral data: see CONTENT.md.\nname = { zh = \"\", en = \"\" }\naliases = []\n",
    );
    if let Some(g) = kind.groups.first() {
        meta.push_str(&format!(
            "# groups: {}\ngroup = \"{}\"\n",
            kind.groups
                .iter()
                .map(|g| g.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            g.id
        ));
    }
    meta.push_str("# The report slides this page draws on, e.g. [\"1.2.1a\"].\nsections = []\n\n[facts]\n\n[relations]\n");
    let mut files = vec![("meta.toml".to_string(), meta)];
    for lang in &config.languages {
        files.push((
            format!("{lang}.md"),
            format!("+++\ntitle = \"{slug}\"\ndescription = \"\"\n+++\n\n"),
        ));
    }
    Ok(files)
}
