//! The site, prepared: loaded files parsed, validated and resolved, ready to render. [`prepare`] is
//! the only way to get one, for `build`, `check` and `serve` alike; a [`Cache`] lets a rebuild skip
//! parsing the files that did not change and re-checking pages whose checked inputs did not.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::config::{self, Config};
use crate::content::{self, Content, ParseCache};
use crate::diag::{self, Diagnostic, Diagnostics, SourceText};
use crate::figures::{self, Figures};
use crate::graph::{self, Graph};
use crate::highlight::Highlighter;
use crate::lang::PerLang;
use crate::lint::KeptLabels;
use crate::source::Input;
use crate::theme::{self, Theme};

/// A site loaded, validated and resolved: everything but the writing.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// Shared with the cache, which keeps it while an edit leaves what it is resolved from alike.
    pub graph: Arc<Graph>,
    pub theme: Theme,
    pub figures: Figures,
    /// The page `home_page` names (validation makes sure it is one of the site's).
    pub home_page: Option<crate::content::PageId>,
    /// Loaded when some page has code.
    pub highlighter: Option<Arc<Highlighter>>,
    /// Findings that do not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// The inputs every output depends on, as read: `site.toml`, the theme, the data files.
    pub(crate) global: Vec<Arc<str>>,
    /// Each language's search index, built when its first file is written (all of them need
    /// the whole index; building it once per file would be quadratic).
    pub(crate) search: PerLang<crate::shards::Built>,
    /// The pages by name, for chart labels.
    /// Made on first use: only charts that name pages read it, and a `serve` update seldom
    /// renders one.
    pub(crate) names: std::sync::OnceLock<crate::charts::Names>,
    /// Each page's file in each language.
    pub(crate) paths: Vec<PerLang<crate::url::OutPath>>,
}

/// What one preparation keeps for the next: per-file parse results, the highlighter, and the
/// findings of the per-page checks.
/// [`Cache::none`] keeps nothing (a build prepares once; keeping would only cost memory).
#[derive(Debug, Default)]
pub struct Cache {
    parsed: ParseCache,
    highlighter: Option<Arc<Highlighter>>,
    /// The numbers check's findings per page (the slowest check at ten thousand pages), kept
    /// with the theme strings they were found under (its locales).
    numbers: PageFindings<Vec<Diagnostic>>,
    /// Per page, its headings whose ids the theme's templates also give.
    headings: PageFindings<Vec<Diagnostic>>,
    /// Per page, what its bodies say that the render draws (shortcodes, code languages, raw
    /// HTML), with the data files they were checked against.
    bodies: PageFindings<Vec<Diagnostic>>,
    /// The prose lint's findings per page, with the labels of the page's links.
    lint: PageFindings<crate::lint::PageLint>,
    /// The compiled theme, with what it was made from ([`theme_inputs`]).
    theme: Option<(Vec<Arc<str>>, Arc<theme::Compiled>)>,
    /// The last graph, with its findings and what it was resolved from.
    graph: Option<KeptGraph>,
    /// The texts of the last preparation, whose addresses key the kept findings: held, never
    /// read.
    #[allow(dead_code)]
    held: Vec<Arc<content::PageText>>,
    keeping: bool,
}

#[derive(Debug)]
struct KeptGraph {
    config: Arc<str>,
    /// The pages resolved (their texts shared, not copied).
    pages: Vec<content::Page>,
    graph: Arc<Graph>,
    found: Diagnostics,
}

/// The graph of `content` and its findings: the kept one where `graph::resolves_alike` says
/// resolving again would give it (a body edit that leaves links, headings and names alone).
fn resolve_graph(
    input: &Input,
    config: &Config,
    content: &Content,
    cache: &mut Cache,
) -> (Arc<Graph>, Diagnostics, KeptLabels) {
    if let Some(kept) = &mut cache.graph {
        let pinned = kept.found.0.iter().map(|d| d.file.as_path()).collect();
        let alike = match crate::source::same_str(&kept.config, &input.config.text) {
            true => graph::resolves_alike(&kept.graph, &kept.pages, &content.pages, &pinned),
            false => graph::Alike::No,
        };
        let labels = match alike {
            graph::Alike::No => None,
            graph::Alike::Yes => Some(KeptLabels::Unchanged),
            graph::Alike::YesWithOtherTitles(retitled) => {
                // The graph stands for these pages too: compare the next edit with them, so
                // `Yes` keeps meaning "every title as at the last preparation".
                kept.pages = content.pages.clone();
                Some(KeptLabels::Retitled(retitled))
            }
        };
        if let Some(labels) = labels {
            return (Arc::clone(&kept.graph), kept.found.clone(), labels);
        }
    }
    let (graph, found) = graph::resolve(config, content);
    let graph = Arc::new(graph);
    if cache.keeping {
        cache.graph = Some(KeptGraph {
            config: Arc::clone(&input.config.text),
            pages: content.pages.clone(),
            graph: Arc::clone(&graph),
            found: found.clone(),
        });
    }
    (graph, found, KeptLabels::Compare)
}

/// A per-page check's findings from the last preparation, by the page's texts. The parse cache
/// gives a page the same texts (the same `Arc`s) while its files and `site.toml` are unchanged,
/// so the same texts under the same other inputs (`with`) give the same findings.
#[derive(Debug)]
struct PageFindings<T> {
    with: Vec<Arc<str>>,
    /// By the address of the page's first text: the page's findings and where the addresses of
    /// all its texts start in `keys` (see [`texts_key`]). Looked up after every edit for every
    /// page, so without allocating.
    found: rustc_hash::FxHashMap<usize, (usize, T)>,
    /// The texts' addresses of every page kept, one per language.
    keys: Vec<usize>,
}

impl<T> Default for PageFindings<T> {
    fn default() -> Self {
        PageFindings {
            with: Vec::new(),
            found: Default::default(),
            keys: Vec::new(),
        }
    }
}

/// A page's texts by address (0 where it has none in a language). The texts are held by
/// [`Cache::held`] until the next preparation has parsed its pages, so no new text can take the
/// address of one a key names.
fn texts_key(page: &content::Page) -> impl Iterator<Item = usize> + '_ {
    page.texts
        .iter()
        .map(|t| t.as_ref().map_or(0, |t| Arc::as_ptr(t) as usize))
}

/// The address of a page's first text (every page has one: a bundle without is an error).
fn first_text(page: &content::Page) -> usize {
    texts_key(page).find(|a| *a != 0).unwrap_or(0)
}

impl<T> PageFindings<T> {
    /// The findings kept, if the other inputs are those they were found with.
    fn usable(&self, with: &[crate::source::SourceFile]) -> Option<&Self> {
        let same = self.with.len() == with.len()
            && self
                .with
                .iter()
                .zip(with)
                .all(|(a, b)| crate::source::same_str(a, &b.text));
        same.then_some(self)
    }

    fn get(&self, page: &content::Page) -> Option<&T> {
        let (at, found) = self.found.get(&first_text(page))?;
        let key = self.keys.get(*at..*at + page.texts.iter().len())?;
        key.iter().copied().eq(texts_key(page)).then_some(found)
    }

    fn keep(&mut self, content: &Content, with: &[crate::source::SourceFile], found: Vec<T>) {
        self.with = with.iter().map(|f| Arc::clone(&f.text)).collect();
        self.keys.clear();
        let mut map = rustc_hash::FxHashMap::default();
        map.reserve(content.pages.len());
        for (page, found) in content.pages.iter().zip(found) {
            map.insert(first_text(page), (self.keys.len(), found));
            self.keys.extend(texts_key(page));
        }
        self.found = map;
    }
}

impl Cache {
    /// A cache for preparing the same site again and again (`serve`).
    pub fn for_rebuilds() -> Cache {
        Cache {
            keeping: true,
            ..Cache::default()
        }
    }

    /// A cache that keeps nothing.
    pub fn none() -> Cache {
        Cache::default()
    }
}

/// Parses, validates and resolves what was loaded, stopping after the first stage with errors.
/// `base_url` overrides the config's (for `--base-url` and `serve`). Pure.
pub fn prepare(
    input: &Input,
    base_url: Option<&str>,
    cache: &mut Cache,
) -> Result<Site, Diagnostics> {
    let config = parse_config_with(input, base_url)?;
    let theme_made_with = theme_inputs(input);
    let kept_theme = cache
        .theme
        .as_ref()
        .filter(|(with, _)| same_texts(with, &theme_made_with))
        .map(|(_, compiled)| Arc::clone(compiled));
    // The theme, the pages and the data files are independent: read side by side.
    let ((theme, figures), content) = rayon::join(
        || {
            (
                kept_theme.map_or_else(
                    || theme::compile_theme(&config, &input.theme).map(Arc::new),
                    Ok,
                ),
                figures::parse_figures(&input.data, &config.languages),
            )
        },
        || {
            content::parse_content(
                &config,
                &input.config.text,
                &input.bundles,
                &input.stray,
                &cache.parsed,
            )
        },
    );
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
    if cache.keeping {
        cache.parsed.keep(&content, &input.config.text);
        cache.theme = Some((theme_made_with.clone(), Arc::clone(&theme)));
    }
    let theme = Theme::new(theme, &config);
    let global = global_inputs(theme_made_with, input);
    // A kept graph also means every page's title and `meta.toml` are as at the last preparation.
    let (graph, mut diags, labels) = resolve_graph(input, &config, &content, cache);
    let highlighter = highlighter(&content, cache);
    // The checks read the resolved site and nothing else: run side by side.
    let kept_numbers = cache.numbers.usable(&input.theme.i18n);
    let kept_lint = cache.lint.usable(&[]);
    let kept_headings = cache.headings.usable(&input.theme.templates);
    let kept_bodies = cache.bodies.usable(&input.data);
    let ((numbers, (crosscheck, headings)), (lint, bodies)) = rayon::join(
        || {
            rayon::join(
                || {
                    let kept =
                        |i: usize| kept_numbers.and_then(|k| k.get(&content.pages[i])).cloned();
                    crate::numbers::check_pages(&config, &content, theme.locales(), &kept)
                },
                || {
                    let kept = |i: usize| kept_headings.and_then(|k| k.get(&content.pages[i]));
                    (
                        crate::crosscheck::check(input, &config, &content),
                        crate::crosscheck::heading_findings(
                            &input.theme.templates,
                            &content,
                            &kept,
                        ),
                    )
                },
            )
        },
        || {
            rayon::join(
                || {
                    let get = |i: usize| kept_lint.and_then(|k| k.get(&content.pages[i]));
                    let kept = crate::lint::Kept { get: &get, labels };
                    crate::lint::check_pages(&config, &content, &graph, &kept)
                },
                || {
                    let kept = |i: usize| kept_bodies.and_then(|k| k.get(&content.pages[i]));
                    check_bodies(&config, &content, &figures, highlighter.as_deref(), &kept)
                },
            )
        },
    );
    diags.extend(numbers.iter().flatten().cloned());
    diags.extend(lint.iter().flat_map(|p| p.found.iter().cloned()));
    diags.extend(headings.iter().flatten().cloned());
    diags.extend(bodies.iter().flatten().cloned());
    if cache.keeping {
        cache.numbers.keep(&content, &input.theme.i18n, numbers);
        cache.lint.keep(&content, &[], lint);
        cache
            .headings
            .keep(&content, &input.theme.templates, headings);
        cache.bodies.keep(&content, &input.data, bodies);
    }
    diags.extend(crosscheck);
    let diags = diags.sorted();
    if diags.has_errors() {
        return Err(diags);
    }
    let search = PerLang::from_fn(&config.languages, |_| crate::shards::Built::default());
    let paths = content
        .pages
        .iter()
        .map(|page| {
            PerLang::from_fn(&config.languages, |l| {
                crate::url::OutPath::page(
                    &config.languages[l].code,
                    &config.kind(page.kind).id,
                    &page.slug,
                )
            })
        })
        .collect();
    let home_page = config.home_page.as_ref().and_then(|h| content.find(h));
    Ok(Site {
        search,
        names: std::sync::OnceLock::new(),
        paths,
        home_page,
        config,
        content,
        graph,
        theme,
        figures,
        highlighter,
        warnings: diags.0,
        global,
    })
}

/// Parses `site.toml`, applying a base URL given on the command line.
pub fn parse_config_with(input: &Input, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let file = &input.config;
    let mut config = config::parse_config(&file.path, &file.text)?;
    if let Some(url) = base_url {
        config::override_base_url(&mut config, url)
            .map_err(|m| Diagnostics(vec![diag::file_error(Path::new("--base-url"), m)]))?;
    }
    Ok(config)
}

/// The highlighter, where some page has code: loading syntect's definitions is the slowest part
/// of a small build, so a site without code never does, and a rebuild reuses it.
fn highlighter(content: &Content, cache: &mut Cache) -> Option<Arc<Highlighter>> {
    let needs_code = content
        .pages
        .iter()
        .flat_map(|p| p.texts.iter().flatten())
        .any(|t| !t.scan.code_langs.is_empty());
    if !needs_code {
        return None;
    }
    Some(Arc::clone(
        cache
            .highlighter
            .get_or_insert_with(|| Arc::new(Highlighter::new())),
    ))
}

/// What every body says that the render will draw: shortcode calls (the same calls the render
/// draws, found by the same scan), raw HTML under the policy, and code languages; per page in page
/// order, `kept` giving those of a page known for its texts (a page's findings depend on its texts,
/// on `site.toml`, which makes them new texts, and on the data files).
fn check_bodies(
    config: &Config,
    content: &Content,
    figures: &Figures,
    highlighter: Option<&Highlighter>,
    kept: &KeptFindings<'_>,
) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| match kept(i) {
            Some(found) => found.clone(),
            None => check_body(config, page, figures, highlighter),
        })
        .collect()
}

/// Page `i`'s findings where known for its texts.
type KeptFindings<'a> = dyn Fn(usize) -> Option<&'a Vec<Diagnostic>> + Sync + 'a;

fn check_body(
    config: &Config,
    page: &content::Page,
    figures: &Figures,
    highlighter: Option<&Highlighter>,
) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::default();
    for lang in &config.languages {
        let Some(text) = page.text(lang) else {
            continue;
        };
        let src = SourceText::new(&text.file.path, &text.file.text);
        for call in &text.scan.shortcodes {
            // The views built from the facts check their own calls; the figures the rest.
            let message = match crate::factviews::parse(config, &call.text) {
                Some(view) => view.err(),
                None => figures.call_error(&call.text),
            };
            if let Some(message) = message {
                diags.push(src.error(text.body_offset + call.offset, message));
            }
        }
        diags.extend(crate::crosscheck::markup_warnings(
            config.raw_html,
            &text.scan,
            &src,
            text.body_offset,
        ));
        let Some(h) = highlighter else { continue };
        for (code_lang, offset) in &text.scan.code_langs {
            if !h.knows(code_lang) {
                diags.push(src.warning(
                    text.body_offset + offset,
                    format!("unknown code language `{code_lang}`: shown without highlighting"),
                ));
            }
        }
    }
    diags.0
}

/// What the compiled theme is made from: `site.toml` and the theme's files.
fn theme_inputs(input: &Input) -> Vec<Arc<str>> {
    let mut inputs = vec![Arc::clone(&input.config.text)];
    for f in input.theme.templates.iter().chain(&input.theme.i18n) {
        inputs.push(Arc::from(f.path.to_string_lossy().as_ref()));
        inputs.push(Arc::clone(&f.text));
    }
    let mut statics = DefaultHasher::new();
    for s in &input.theme.statics {
        s.rel.hash(&mut statics);
        s.bytes.hash(&mut statics);
    }
    inputs.push(Arc::from(format!("{:x}", statics.finish())));
    inputs
}

/// The inputs every output depends on: the theme's (see [`theme_inputs`]) and the data files.
fn global_inputs(theme: Vec<Arc<str>>, input: &Input) -> Vec<Arc<str>> {
    let mut global = theme;
    for f in &input.data {
        global.push(Arc::from(f.path.to_string_lossy().as_ref()));
        global.push(Arc::clone(&f.text));
    }
    global
}

/// Whether two lists of texts are the same, text by text.
fn same_texts(a: &[Arc<str>], b: &[Arc<str>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| crate::source::same_str(a, b))
}

impl Site {
    /// Whether the inputs every output depends on are the same in `other`.
    pub(crate) fn same_global_inputs(&self, other: &Site) -> bool {
        same_texts(&self.global, &other.global)
            && self.highlighter.is_some() == other.highlighter.is_some()
    }

    /// Pages written in each language (by language code).
    pub fn pages_per_language(&self) -> Vec<(String, usize)> {
        self.config
            .languages
            .all()
            .map(|l| (self.code(l).to_string(), self.content.pages.len()))
            .collect()
    }
}
