//! Rendering: every output file as a job, and each job rendered from borrowed views through Tera.
//!
//! Pure: takes the resolved site and returns bytes; the writer decides where they go.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::{Config, KindId, Lang};
use crate::content::{lang_index, Content, Mark, Page, PageId};
use crate::diag::{file_error, Diagnostic, Diagnostics};
use crate::figures::Figures;
use crate::format;
use crate::graph::{full_slug, Direction, Graph};
use crate::html;
use crate::load::{SourceFile, StaticFile, ThemeFiles};
use crate::markdown::{self, ContextPart, RenderEnv, ResolvedLink};
use crate::search;
use crate::svg;
use crate::url::OutPath;

/// One output file to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(PageId, Lang),
    Listing(KindId, Lang),
    /// The listing of one group of a kind (a chapter of the report).
    Group(KindId, usize, Lang),
    Home(Lang),
    Atlas(Lang),
    Coverage(Lang),
    Print(Lang),
    SearchIndex(Lang),
    /// The graph as JSON (`atlas.json`).
    Export,
    RootIndex,
    NotFound,
    Sitemap,
    Robots,
    NoJekyll,
    SyntaxCss,
    Static(usize),
}

/// UI strings of one language, from the theme's i18n file.
pub type Strings = BTreeMap<String, String>;

/// The compiled theme: templates and UI strings.
pub struct Theme {
    tera: Tera,
    strings: [Strings; 2],
    statics: Vec<StaticFile>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Theme")
    }
}

const TEMPLATES: [&str; 7] = [
    "base.html",
    "home.html",
    "page.html",
    "list.html",
    "404.html",
    "root.html",
    "print.html",
];

/// Compiles the templates once and checks the UI strings of every language have the same keys.
pub fn compile_theme(config: &Config, files: &ThemeFiles) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL unreadable; quotes and markup suffice.
    tera.set_escape_fn(html::escape_attr);
    let templates: Vec<(String, String)> = files
        .templates
        .iter()
        .map(|f| {
            (
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                f.text.clone(),
            )
        })
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        diags.push(file_error(
            files
                .templates
                .first()
                .map_or(std::path::Path::new("themes"), |f| {
                    f.path.parent().unwrap_or(&f.path)
                }),
            format!("template error: {}", tera_message(&e)),
        ));
    }
    for name in TEMPLATES {
        if !diags.has_errors() && !tera.get_template_names().any(|n| n == name) {
            diags.push(file_error(
                std::path::Path::new("themes"),
                format!("theme has no template `{name}`"),
            ));
        }
    }
    let mut strings: [Strings; 2] = [Strings::new(), Strings::new()];
    for lang in &config.languages {
        let file = files
            .i18n
            .iter()
            .find(|f| f.path.file_stem().is_some_and(|s| s == lang.code()));
        match file {
            Some(f) => match parse_strings(f) {
                Ok(s) => strings[lang_index(*lang)] = s,
                Err(d) => diags.push(d),
            },
            None => diags.push(file_error(
                std::path::Path::new("themes"),
                format!("theme has no i18n/{lang}.toml"),
            )),
        }
    }
    let [a, b] = &strings;
    if !a.is_empty() && !b.is_empty() {
        for k in a
            .keys()
            .filter(|k| !b.contains_key(*k))
            .chain(b.keys().filter(|k| !a.contains_key(*k)))
        {
            diags.push(file_error(
                std::path::Path::new("themes"),
                format!("UI string `{k}` is missing in one language"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        strings,
        statics: files.statics.clone(),
    })
}

fn parse_strings(f: &SourceFile) -> Result<Strings, Diagnostic> {
    let src = crate::diag::SourceText::new(&f.path, &f.text);
    toml::from_str::<Strings>(&f.text).map_err(|e| crate::config::toml_error(&src, &e, 0))
}

fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The site, resolved and ready to render.
pub struct Site<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub graph: &'a Graph,
    pub theme: &'a Theme,
    pub figures: &'a Figures,
}

impl std::fmt::Debug for Site<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Site")
    }
}

#[derive(Serialize)]
struct LinkView {
    title: String,
    href: String,
    /// How far the report vouches for the relation this link stands for.
    #[serde(skip_serializing_if = "is_stated")]
    mark: Mark,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    current: bool,
}

fn is_stated(mark: &Mark) -> bool {
    *mark == Mark::Stated
}

impl LinkView {
    /// A link that carries no mark and is not the current page.
    fn plain(title: impl Into<String>, href: String) -> Self {
        LinkView {
            title: title.into(),
            href,
            mark: Mark::Stated,
            current: false,
        }
    }
}

/// Which marks a view shows, so it can explain each in a legend.
#[derive(Serialize, Default)]
struct Legend {
    outside: bool,
    inferred: bool,
}

impl Legend {
    fn of<'v>(links: impl IntoIterator<Item = &'v LinkView>) -> Legend {
        links.into_iter().fold(Legend::default(), |l, i| Legend {
            outside: l.outside || i.mark == Mark::Outside,
            inferred: l.inferred || i.mark == Mark::Inferred,
        })
    }
}

#[derive(Serialize)]
struct Alternate {
    lang: &'static str,
    tag: &'static str,
    locale: &'static str,
    name: String,
    href: String,
    url: String,
    missing: bool,
}

#[derive(Serialize)]
struct Chrome<'a> {
    lang: &'static str,
    tag: &'static str,
    locale: &'static str,
    site_title: &'a str,
    site_description: &'a str,
    root: String,
    home: String,
    canonical: String,
    nav: Vec<LinkView>,
    alternates: Vec<Alternate>,
    x_default: String,
    search_index: String,
    atlas: String,
    coverage: String,
    print: Option<String>,
}

/// What the `<head>` says about the page.
#[derive(Serialize)]
struct Head {
    title: String,
    description: String,
    og_type: &'static str,
}

#[derive(Serialize)]
struct FactRow {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct RelGroup {
    label: String,
    items: Vec<LinkView>,
}

#[derive(Serialize)]
struct BacklinkView {
    title: String,
    href: String,
    kind: String,
    context: String,
}

#[derive(Serialize)]
struct TocItem {
    level: u8,
    id: String,
    text: String,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    description: String,
    kind: String,
    kind_href: String,
    group: Option<LinkView>,
    breadcrumbs: Vec<LinkView>,
    content: String,
    toc: Vec<TocItem>,
    infobox: Vec<FactRow>,
    relations: Vec<RelGroup>,
    legend: Legend,
    backlinks: Vec<BacklinkView>,
    sections: Vec<LinkView>,
    sources: Vec<String>,
    prev: Option<LinkView>,
    next: Option<LinkView>,
    map: Option<String>,
    /// Where this language's text is missing: the language it exists in and a link to it.
    missing: Option<LinkView>,
    is_section: bool,
}

#[derive(Serialize)]
struct RowView {
    title: String,
    href: String,
    description: String,
    facts: Vec<String>,
    related: Vec<RelGroup>,
    missing: bool,
}

#[derive(Serialize)]
struct GroupView {
    name: String,
    id: String,
    rows: Vec<RowView>,
    /// The group's own listing page, where there is one.
    href: Option<String>,
}

#[derive(Serialize)]
struct ListView {
    title: String,
    description: String,
    breadcrumbs: Vec<LinkView>,
    groups: Vec<GroupView>,
    fact_columns: bool,
    related_column: bool,
    legend: Legend,
    content: String,
}

/// How the links of a body point at other pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMode {
    /// To the other pages' files.
    Pages,
    /// To the other pages' sections of the same print document.
    Print,
}

#[derive(Serialize)]
struct PrintPage {
    anchor: String,
    title: String,
    href: String,
    infobox: Vec<FactRow>,
    content: String,
}

#[derive(Serialize)]
struct PrintKind {
    name: String,
    id: String,
    pages: Vec<PrintPage>,
}

#[derive(Serialize)]
struct PrintView {
    title: String,
    kinds: Vec<PrintKind>,
}

#[derive(Serialize)]
struct KindCard {
    name: String,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct HomeView {
    title: String,
    description: String,
    lead: String,
    lead_link: Option<LinkView>,
    kinds: Vec<KindCard>,
    chapters: Vec<GroupView>,
}

impl<'a> Site<'a> {
    /// Every file of the output, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![
            Job::RootIndex,
            Job::NotFound,
            Job::Export,
            Job::Sitemap,
            Job::Robots,
            Job::NoJekyll,
            Job::SyntaxCss,
        ];
        jobs.extend((0..self.theme.statics.len()).map(Job::Static));
        for &lang in &self.config.languages {
            jobs.extend([
                Job::Home(lang),
                Job::Atlas(lang),
                Job::Coverage(lang),
                Job::SearchIndex(lang),
            ]);
            if self.config.print_edition {
                jobs.push(Job::Print(lang));
            }
            jobs.extend((0..self.config.kinds.len()).map(|k| Job::Listing(KindId(k), lang)));
            for (k, kind) in self.config.kinds.iter().enumerate() {
                jobs.extend((0..kind.groups.len()).map(|g| Job::Group(KindId(k), g, lang)));
            }
            jobs.extend(self.graph.order.iter().map(|p| Job::Page(*p, lang)));
        }
        jobs
    }

    pub fn path(&self, job: Job) -> OutPath {
        match job {
            Job::Page(p, lang) => self.page_path(p, lang),
            Job::Listing(k, lang) => OutPath::listing(lang, &self.config.kind(k).id),
            Job::Group(k, g, lang) => self.group_path(k, g, lang),
            Job::Home(lang) => OutPath::home(lang),
            Job::Atlas(lang) => OutPath::special(lang, "atlas.html"),
            Job::Coverage(lang) => OutPath::special(lang, "coverage.html"),
            Job::Print(lang) => OutPath::special(lang, "print.html"),
            Job::SearchIndex(lang) => OutPath::special(lang, "search-index.js"),
            Job::RootIndex => OutPath::new("index.html"),
            Job::Export => OutPath::new("atlas.json"),
            Job::NotFound => OutPath::new("404.html"),
            Job::Sitemap => OutPath::new("sitemap.xml"),
            Job::Robots => OutPath::new("robots.txt"),
            Job::NoJekyll => OutPath::new(".nojekyll"),
            Job::SyntaxCss => OutPath::new("static/syntax.css"),
            Job::Static(i) => OutPath::new(format!("static/{}", self.theme.statics[i].rel)),
        }
    }

    /// A group's listing sits beside the kind's pages; content checks no slug takes its name.
    fn group_path(&self, k: KindId, g: usize, lang: Lang) -> OutPath {
        let kind = self.config.kind(k);
        OutPath::page(lang, &kind.id, &kind.groups[g].id)
    }

    pub(crate) fn page_path(&self, p: PageId, lang: Lang) -> OutPath {
        let page = &self.content.pages[p.0];
        OutPath::page(lang, &self.config.kind(page.kind).id, &page.slug)
    }

    fn page(&self, p: PageId) -> &Page {
        &self.content.pages[p.0]
    }

    /// The theme's UI string `key` in `lang`.
    pub(crate) fn t(&self, lang: Lang, key: &str) -> String {
        self.theme.strings[lang_index(lang)]
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Renders one job.
    pub fn render(&self, job: Job) -> Result<Vec<u8>, Diagnostic> {
        let path = self.path(job);
        // The page a file shows, if any: its language switch says where a translation is missing.
        let page = match job {
            Job::Page(p, _) => Some(p),
            _ => None,
        };
        let html = |template: &str, lang: Lang, ctx: Context| {
            self.render_template(template, lang, &path, page, ctx)
        };
        match job {
            Job::Page(p, lang) => html("page.html", lang, self.page_context(p, lang, &path)),
            Job::Listing(k, lang) => html(
                "list.html",
                lang,
                self.listing_context(k, None, lang, &path),
            ),
            Job::Group(k, g, lang) => html(
                "list.html",
                lang,
                self.listing_context(k, Some(g), lang, &path),
            ),
            Job::Home(lang) => html("home.html", lang, self.home_context(lang, &path)),
            Job::Atlas(lang) => html("page.html", lang, self.atlas_context(lang, &path)),
            Job::Coverage(lang) => html("page.html", lang, self.coverage_context(lang, &path)),
            Job::Print(lang) => html("print.html", lang, self.print_context(lang, &path)),
            Job::SearchIndex(lang) => Ok(search::index_script(self, lang).into_bytes()),
            Job::RootIndex => self.root_index(),
            Job::Export => Ok(crate::export::atlas_json(self).into_bytes()),
            Job::NotFound => self.not_found(),
            Job::Sitemap => Ok(self.sitemap().into_bytes()),
            Job::Robots => Ok(format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                self.config.base_url
            )
            .into_bytes()),
            Job::NoJekyll => Ok(Vec::new()),
            Job::SyntaxCss => Ok(crate::highlight::stylesheet().into_bytes()),
            Job::Static(i) => Ok(self.theme.statics[i].bytes.clone()),
        }
    }

    fn render_template(
        &self,
        template: &str,
        lang: Lang,
        path: &OutPath,
        page: Option<PageId>,
        mut ctx: Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert("site", &self.chrome(lang, path, page));
        if !ctx.contains_key("head") {
            let head = Head {
                title: self.config.title.get(lang).to_string(),
                description: self.config.description.get(lang).to_string(),
                og_type: "website",
            };
            ctx.insert("head", &head);
        }
        ctx.insert("t", &self.theme.strings[lang_index(lang)]);
        self.theme
            .tera
            .render(template, &ctx)
            .map(String::into_bytes)
            .map_err(|e| {
                file_error(
                    std::path::Path::new(path.as_str()),
                    format!("rendering `{template}`: {}", tera_message(&e)),
                )
            })
    }

    /// The parts every page shares. `path` is the file being rendered; alternates point at the
    /// same page in the other languages.
    fn chrome(&self, lang: Lang, path: &OutPath, page: Option<PageId>) -> Chrome<'a> {
        let c = self.config;
        let alt_path =
            |l: Lang| OutPath::new(format!("{l}{}", &path.as_str()[lang.code().len()..]));
        let alternates = c
            .languages
            .iter()
            .map(|&l| {
                let p = alt_path(l);
                Alternate {
                    lang: l.code(),
                    tag: l.tag(),
                    locale: l.locale(),
                    name: self.t(l, "language_name"),
                    href: path.href_to(&p),
                    url: p.absolute(&c.base_url),
                    missing: page.is_some_and(|p| self.page(p).text(l).is_none()),
                }
            })
            .collect();
        let mut nav: Vec<LinkView> = c
            .kinds
            .iter()
            .map(|k| {
                let target = OutPath::listing(lang, &k.id);
                LinkView {
                    title: k.name.get(lang).to_string(),
                    href: path.href_to(&target),
                    mark: Mark::Stated,
                    current: path.as_str().starts_with(&format!("{lang}/{}/", k.id)),
                }
            })
            .collect();
        let atlas = OutPath::special(lang, "atlas.html");
        nav.push(LinkView {
            title: self.t(lang, "atlas"),
            href: path.href_to(&atlas),
            mark: Mark::Stated,
            current: *path == atlas,
        });
        Chrome {
            lang: lang.code(),
            tag: lang.tag(),
            locale: lang.locale(),
            site_title: c.title.get(lang),
            site_description: c.description.get(lang),
            root: path.root(),
            home: path.href_to(&OutPath::home(lang)),
            canonical: path.absolute(&c.base_url),
            nav,
            alternates,
            x_default: alt_path(c.default_language).absolute(&c.base_url),
            search_index: path.href_to(&OutPath::special(lang, "search-index.js")),
            atlas: path.href_to(&atlas),
            print: self
                .config
                .print_edition
                .then(|| path.href_to(&OutPath::special(lang, "print.html"))),
            coverage: path.href_to(&OutPath::special(lang, "coverage.html")),
        }
    }

    fn link(&self, from: &OutPath, p: PageId, lang: Lang) -> LinkView {
        LinkView::plain(
            self.page(p).title(lang),
            from.href_to(&self.page_path(p, lang)),
        )
    }

    fn kind_class(&self, p: PageId) -> String {
        format!("kind-{}", self.config.kind(self.page(p).kind).id)
    }

    fn home_crumb(&self, lang: Lang, from: &OutPath) -> LinkView {
        LinkView::plain(self.t(lang, "home"), from.href_to(&OutPath::home(lang)))
    }

    fn breadcrumbs(&self, from: &OutPath, lang: Lang, kind: KindId) -> Vec<LinkView> {
        let kind = self.config.kind(kind);
        vec![
            self.home_crumb(lang, from),
            LinkView::plain(
                kind.name.get(lang),
                from.href_to(&OutPath::listing(lang, &kind.id)),
            ),
        ]
    }

    /// A page's Markdown body rendered in `lang`, with links for the page at `from` or for the
    /// print edition, where every page is a section of one document.
    pub fn body_html(&self, p: PageId, lang: Lang, from: &OutPath, mode: LinkMode) -> String {
        let (Some(text), Some(doc)) = (self.page(p).text(lang), self.graph.doc(p, lang)) else {
            return String::new();
        };
        let links: Vec<Option<ResolvedLink>> = doc
            .links
            .iter()
            .map(|l| {
                l.as_ref().map(|t| {
                    // The print edition holds only pages written in `lang`; others keep their file link.
                    let mode = if self.page(t.page).text(lang).is_none() {
                        LinkMode::Pages
                    } else {
                        mode
                    };
                    let href = match (mode, &t.anchor) {
                        (LinkMode::Pages, None) => from.href_to(&self.page_path(t.page, lang)),
                        (LinkMode::Pages, Some(a)) => {
                            format!("{}#{a}", from.href_to(&self.page_path(t.page, lang)))
                        }
                        (LinkMode::Print, None) => format!("#{}", self.print_anchor(t.page)),
                        (LinkMode::Print, Some(a)) => {
                            format!("#{}--{a}", self.print_anchor(t.page))
                        }
                    };
                    ResolvedLink {
                        href,
                        title: self.page(t.page).title(lang).to_string(),
                    }
                })
            })
            .collect();
        let prefix = match mode {
            LinkMode::Pages => String::new(),
            LinkMode::Print => format!("{}--", self.print_anchor(p)),
        };
        let shortcode = |call: &str| {
            crate::factviews::shortcode(self, call, lang, from)
                .or_else(|| self.figures.shortcode(call, lang, &prefix))
        };
        let note_label = self.t(lang, "editor_note");
        let env = RenderEnv {
            scan: &doc.scan,
            links: &links,
            highlighter: self.graph.highlighter.as_ref(),
            note_label: &note_label,
            shortcode: &shortcode,
            id_prefix: &prefix,
        };
        markdown::render(text.body(), &env)
    }

    /// The id of a page's section in the print edition.
    fn print_anchor(&self, p: PageId) -> String {
        let page = self.page(p);
        format!("{}-{}", self.config.kind(page.kind).id, page.slug)
    }

    fn print_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut sections = Vec::new();
        for (k, kind) in self.config.kinds.iter().enumerate() {
            let pages: Vec<PrintPage> = self
                .graph
                .order
                .iter()
                .filter(|p| self.page(**p).kind == KindId(k) && self.page(**p).text(lang).is_some())
                .map(|p| PrintPage {
                    anchor: self.print_anchor(*p),
                    title: self.page(*p).title(lang).to_string(),
                    href: path.href_to(&self.page_path(*p, lang)),
                    infobox: self.infobox(self.page(*p), lang),
                    content: self.body_html(*p, lang, path, LinkMode::Print),
                })
                .collect();
            sections.push(PrintKind {
                name: kind.name.get(lang).to_string(),
                id: kind.id.clone(),
                pages,
            });
        }
        let title = self.t(lang, "print_edition");
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&title, self.config.description.get(lang), lang, "book"),
        );
        ctx.insert(
            "print",
            &PrintView {
                title,
                kinds: sections,
            },
        );
        ctx
    }

    fn page_context(&self, p: PageId, lang: Lang, path: &OutPath) -> Context {
        let page = self.page(p);
        let kind = self.config.kind(page.kind);
        let missing = page.text(lang).is_none().then(|| {
            let other = page.langs().next().unwrap_or(self.config.default_language);
            LinkView::plain(
                self.t(other, "language_name"),
                path.href_to(&self.page_path(p, other)),
            )
        });
        let toc = self
            .graph
            .doc(p, lang)
            .map(|d| {
                d.scan
                    .headings
                    .iter()
                    .filter(|h| h.level <= 3)
                    .map(|h| TocItem {
                        level: h.level,
                        id: h.id.clone(),
                        text: h.text.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|t| t.len() >= 3)
            .unwrap_or_default();
        let (prev, next) = self.neighbours(p, lang, path);
        let relations = self.relation_groups(p, lang, path);
        let legend = Legend::of(relations.iter().flat_map(|g| &g.items));
        let view = PageView {
            title: page.title(lang).to_string(),
            description: page
                .text(lang)
                .map_or_else(String::new, |t| t.description.clone()),
            kind: kind.singular.get(lang).to_string(),
            kind_href: path.href_to(&OutPath::listing(lang, &kind.id)),
            group: page.meta.group.map(|g| {
                LinkView::plain(
                    kind.groups[g].name.get(lang),
                    path.href_to(&self.group_path(page.kind, g, lang)),
                )
            }),
            breadcrumbs: self.breadcrumbs(path, lang, page.kind),
            content: self.body_html(p, lang, path, LinkMode::Pages),
            toc,
            infobox: self.infobox(page, lang),
            map: (!relations.is_empty()).then(|| self.neighbourhood_map(p, lang, path)),
            relations,
            legend,
            backlinks: self.backlinks(p, lang, path),
            sections: self.graph.sections[p.0]
                .iter()
                .map(|s| self.link(path, *s, lang))
                .collect(),
            sources: page
                .meta
                .sources
                .iter()
                .map(|s| s.get(lang).to_string())
                .collect(),
            prev,
            next,
            missing,
            is_section: kind.holds_sections,
        };
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&view.title, &view.description, lang, "article"),
        );
        ctx.insert("page", &view);
        ctx.insert("json_ld", &crate::export::json_ld(self, p, lang));
        ctx
    }

    fn head(&self, title: &str, description: &str, lang: Lang, og_type: &'static str) -> Head {
        let description = if description.is_empty() {
            self.config.description.get(lang)
        } else {
            description
        };
        Head {
            title: format!("{title} · {}", self.config.title.get(lang)),
            description: description.to_string(),
            og_type,
        }
    }

    fn neighbours(
        &self,
        p: PageId,
        lang: Lang,
        path: &OutPath,
    ) -> (Option<LinkView>, Option<LinkView>) {
        let kind = self.page(p).kind;
        if !self.config.kind(kind).holds_sections {
            return (None, None);
        }
        let (prev, next) = self.graph.siblings(self.content, p);
        let (prev, next) = (
            prev.map(|q| self.link(path, q, lang)),
            next.map(|q| self.link(path, q, lang)),
        );
        (prev, next)
    }

    fn infobox(&self, page: &Page, lang: Lang) -> Vec<FactRow> {
        let mut facts: Vec<&crate::content::Fact> = page.meta.facts.iter().collect();
        facts.sort_by_key(|f| f.ty);
        facts
            .into_iter()
            .map(|f| FactRow {
                label: self.config.fact(f.ty).label.get(lang).to_string(),
                value: f
                    .values
                    .iter()
                    .map(|v| format::fact_value(v, lang))
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    }

    /// Relations grouped by type and direction, in the order the types are declared.
    fn relation_groups(&self, p: PageId, lang: Lang, path: &OutPath) -> Vec<RelGroup> {
        self.typed_relation_groups(p, lang, path)
            .into_iter()
            .map(|(_, g)| g)
            .collect()
    }

    /// Relations grouped by type and direction (in the order the types are declared), each group
    /// with its key.
    fn typed_relation_groups(
        &self,
        p: PageId,
        lang: Lang,
        path: &OutPath,
    ) -> Vec<((crate::config::RelTypeId, Direction), RelGroup)> {
        let mut groups: BTreeMap<(crate::config::RelTypeId, Direction), Vec<LinkView>> =
            BTreeMap::new();
        for (r, dir) in self.graph.relations_of(p) {
            let (other, dir) = self.shown(r, dir);
            let mut link = self.link(path, other, lang);
            link.mark = r.mark;
            let list = groups.entry((r.ty, dir)).or_default();
            match list.iter_mut().find(|l| l.href == link.href) {
                // The same page twice (a relation declared on both pages): the report's word wins.
                Some(seen) => seen.mark = seen.mark.min(link.mark),
                None => list.push(link),
            }
        }
        groups
            .into_iter()
            .map(|((ty, dir), items)| {
                let rel = self.config.relation(ty);
                let label = if dir == Direction::Out {
                    rel.label.get(lang)
                } else {
                    rel.inverse.get(lang)
                };
                (
                    (ty, dir),
                    RelGroup {
                        label: label.to_string(),
                        items,
                    },
                )
            })
            .collect()
    }

    /// The other end of a relation of a page, and the side it is shown on: a symmetric relation
    /// reads the same from both ends, so it is shown once, as if it went out.
    fn shown(&self, r: &crate::graph::Relation, dir: Direction) -> (PageId, Direction) {
        let other = if dir == Direction::Out { r.to } else { r.from };
        if self.config.relation(r.ty).symmetric {
            (other, Direction::Out)
        } else {
            (other, dir)
        }
    }

    fn neighbourhood_map(&self, p: PageId, lang: Lang, path: &OutPath) -> String {
        let mut left: Vec<svg::Branch> = Vec::new();
        let mut right: Vec<svg::Branch> = Vec::new();
        let mut seen_groups: BTreeMap<(crate::config::RelTypeId, Direction), usize> =
            BTreeMap::new();
        for (r, dir) in self.graph.relations_of(p) {
            let (other, dir) = self.shown(r, dir);
            let rel = self.config.relation(r.ty);
            let side = if dir == Direction::Out {
                &mut right
            } else {
                &mut left
            };
            let idx = *seen_groups.entry((r.ty, dir)).or_insert_with(|| {
                let label = if dir == Direction::Out {
                    rel.label.get(lang)
                } else {
                    rel.inverse.get(lang)
                };
                side.push(svg::Branch {
                    label: label.to_string(),
                    nodes: Vec::new(),
                    marks: Vec::new(),
                });
                side.len() - 1
            });
            let node = svg::Node {
                label: self.page(other).title(lang).to_string(),
                href: path.href_to(&self.page_path(other, lang)),
                class: self.kind_class(other),
            };
            if !side[idx].nodes.iter().any(|n| n.href == node.href) {
                side[idx].nodes.push(node);
                side[idx].marks.push(r.mark);
            }
        }
        let page = self.page(p);
        let centre = svg::Node {
            label: page.title(lang).to_string(),
            href: String::new(),
            class: self.kind_class(p),
        };
        let title = format!("{}{}", self.t(lang, "relation_map_of"), page.title(lang));
        let count = left
            .iter()
            .chain(&right)
            .map(|b| b.nodes.len())
            .sum::<usize>();
        let desc = format!("{} {count}", self.t(lang, "relation_map_desc"));
        svg::neighbourhood(&title, &desc, &centre, &left, &right)
    }

    fn backlinks(&self, p: PageId, lang: Lang, path: &OutPath) -> Vec<BacklinkView> {
        self.graph.backlinks[p.0][lang_index(lang)]
            .iter()
            .filter_map(|b| {
                let doc = self.graph.doc(b.from, lang)?;
                let body = self.page(b.from).text(lang)?.body();
                let link = doc.scan.links.get(b.link)?;
                let mut context = String::new();
                for part in &link.context {
                    match *part {
                        ContextPart::Source(a, z) => {
                            html::push_escaped_text(&mut context, markdown::source(body, a, z))
                        }
                        ContextPart::Text(t) => {
                            html::push_escaped_text(&mut context, doc.scan.text(t));
                        }
                        ContextPart::Link(i, text) => {
                            let title =
                                match (text, doc.links.get(i as usize).and_then(Option::as_ref)) {
                                    (Some(t), _) => doc.scan.text(t),
                                    (None, Some(t)) => self.page(t.page).title(lang),
                                    (None, None) => "",
                                };
                            let here = i as usize == b.link;
                            if here {
                                context.push_str("<mark>");
                            }
                            html::push_escaped_text(&mut context, title);
                            if here {
                                context.push_str("</mark>");
                            }
                        }
                    }
                }
                let from_page = self.page(b.from);
                Some(BacklinkView {
                    title: from_page.title(lang).to_string(),
                    href: path.href_to(&self.page_path(b.from, lang)),
                    kind: self
                        .config
                        .kind(from_page.kind)
                        .singular
                        .get(lang)
                        .to_string(),
                    context,
                })
            })
            .collect()
    }

    /// The listing of a kind, or of one of its groups.
    fn listing_context(
        &self,
        k: KindId,
        only: Option<usize>,
        lang: Lang,
        path: &OutPath,
    ) -> Context {
        let kind = self.config.kind(k);
        let pages: Vec<PageId> = self
            .graph
            .order
            .iter()
            .copied()
            .filter(|p| self.page(*p).kind == k)
            .collect();
        let mut groups: Vec<GroupView> = Vec::new();
        let group_ids: Vec<Option<usize>> = match only {
            Some(g) => vec![Some(g)],
            None if kind.groups.is_empty() => vec![None],
            None => (0..kind.groups.len()).map(Some).chain([None]).collect(),
        };
        for g in group_ids {
            let rows: Vec<RowView> = pages
                .iter()
                .filter(|p| self.page(**p).meta.group == g)
                .map(|p| self.row(*p, lang, path))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let (name, id) = match g {
                Some(g) => (
                    kind.groups[g].name.get(lang).to_string(),
                    kind.groups[g].id.clone(),
                ),
                None if kind.groups.is_empty() => (String::new(), "all".to_string()),
                None => (self.t(lang, "other"), "other".to_string()),
            };
            let href = g
                .filter(|_| only.is_none())
                .map(|g| path.href_to(&self.group_path(k, g, lang)));
            groups.push(GroupView {
                name,
                id,
                rows,
                href,
            });
        }
        let count: usize = groups.iter().map(|g| g.rows.len()).sum();
        let (title, breadcrumbs) = match only {
            None => (
                kind.name.get(lang).to_string(),
                vec![self.home_crumb(lang, path)],
            ),
            Some(g) => (
                kind.groups[g].name.get(lang).to_string(),
                self.breadcrumbs(path, lang, k),
            ),
        };
        let view = ListView {
            title,
            description: format!("{count} {}", self.t(lang, "pages_in_kind")),
            breadcrumbs,
            fact_columns: !kind.holds_sections,
            related_column: groups
                .iter()
                .flat_map(|g| &g.rows)
                .any(|r| !r.related.is_empty()),
            legend: Legend::of(
                groups
                    .iter()
                    .flat_map(|g| &g.rows)
                    .flat_map(|r| &r.related)
                    .flat_map(|rg| &rg.items),
            ),
            groups,
            content: String::new(),
        };
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(
                &view.title,
                &format!("{}: {}", view.title, view.description),
                lang,
                "website",
            ),
        );
        ctx.insert("list", &view);
        ctx
    }

    fn row(&self, p: PageId, lang: Lang, path: &OutPath) -> RowView {
        let page = self.page(p);
        let kind = self.config.kind(page.kind);
        let facts = self
            .infobox(page, lang)
            .into_iter()
            .take(3)
            .map(|f| format!("{}: {}", f.label, f.value))
            .collect();
        // The listing of a kind that others point at shows who points at it (e.g. areas: the
        // models and companies that serve each area).
        let related: Vec<RelGroup> = if kind.holds_sections {
            Vec::new()
        } else {
            // Incoming relations of types that point at this kind alone (areas: used in, active in).
            self.typed_relation_groups(p, lang, path)
                .into_iter()
                .filter(|((ty, dir), _)| {
                    let rel = self.config.relation(*ty);
                    (*dir == Direction::In || rel.symmetric) && rel.targets == [page.kind]
                })
                .map(|(_, g)| g)
                .collect()
        };
        RowView {
            title: page.title(lang).to_string(),
            href: path.href_to(&self.page_path(p, lang)),
            description: page
                .text(lang)
                .or_else(|| page.texts.iter().flatten().next())
                .map_or_else(String::new, |t| t.description.clone()),
            facts,
            related,
            missing: page.text(lang).is_none(),
        }
    }

    fn home_context(&self, lang: Lang, path: &OutPath) -> Context {
        let home_page =
            self.config.home_page.as_ref().and_then(|(k, s)| {
                self.graph.order.iter().copied().find(|p| {
                    self.page(*p).slug == *s && self.config.kind(self.page(*p).kind).id == *k
                })
            });
        let kinds = self
            .config
            .kinds
            .iter()
            .enumerate()
            .map(|(i, k)| KindCard {
                name: k.name.get(lang).to_string(),
                href: path.href_to(&OutPath::listing(lang, &k.id)),
                count: self
                    .content
                    .pages
                    .iter()
                    .filter(|p| p.kind == KindId(i))
                    .count(),
            })
            .collect();
        let chapters = self
            .config
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.holds_sections)
            .flat_map(|(i, k)| {
                k.groups
                    .iter()
                    .enumerate()
                    .map(move |(g, group)| (KindId(i), g, group))
            })
            .map(|(k, g, group)| GroupView {
                name: group.name.get(lang).to_string(),
                id: group.id.clone(),
                rows: self
                    .graph
                    .order
                    .iter()
                    .filter(|p| self.page(**p).kind == k && self.page(**p).meta.group == Some(g))
                    .map(|p| self.row(*p, lang, path))
                    .collect(),
                href: Some(path.href_to(&self.group_path(k, g, lang))),
            })
            .filter(|g| !g.rows.is_empty())
            .collect();
        let view = HomeView {
            title: self.config.title.get(lang).to_string(),
            description: self.config.description.get(lang).to_string(),
            lead: home_page
                .map(|p| self.body_html(p, lang, path, LinkMode::Pages))
                .unwrap_or_default(),
            lead_link: home_page.map(|p| self.link(path, p, lang)),
            kinds,
            chapters,
        };
        let mut ctx = Context::new();
        ctx.insert("home", &view);
        ctx
    }

    fn special_page(
        &self,
        lang: Lang,
        path: &OutPath,
        title: String,
        description: String,
        content: String,
    ) -> Context {
        let view = PageView {
            title,
            description,
            kind: String::new(),
            kind_href: path.href_to(&OutPath::home(lang)),
            group: None,
            breadcrumbs: vec![self.home_crumb(lang, path)],
            content,
            toc: Vec::new(),
            infobox: Vec::new(),
            relations: Vec::new(),
            legend: Legend::default(),
            backlinks: Vec::new(),
            sections: Vec::new(),
            sources: Vec::new(),
            prev: None,
            next: None,
            map: None,
            missing: None,
            is_section: false,
        };
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&view.title, &view.description, lang, "website"),
        );
        ctx.insert("page", &view);
        ctx
    }

    fn atlas_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut columns: Vec<(String, Vec<svg::Node>)> = Vec::new();
        let mut place: BTreeMap<PageId, (usize, usize)> = BTreeMap::new();
        for (k, kind) in self
            .config
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.has_entities())
        {
            let mut nodes = Vec::new();
            for p in self
                .graph
                .order
                .iter()
                .filter(|p| self.page(**p).kind == KindId(k))
            {
                place.insert(*p, (columns.len(), nodes.len()));
                nodes.push(svg::Node {
                    label: self.page(*p).title(lang).to_string(),
                    href: path.href_to(&self.page_path(*p, lang)),
                    class: format!("kind-{}", kind.id),
                });
            }
            columns.push((kind.name.get(lang).to_string(), nodes));
        }
        let edges: Vec<_> = self
            .graph
            .relations
            .iter()
            .filter_map(|r| Some((*place.get(&r.from)?, *place.get(&r.to)?, r.mark)))
            .collect();
        let title = self.t(lang, "atlas");
        let desc = format!(
            "{} {} / {}",
            self.t(lang, "atlas_desc"),
            place.len(),
            edges.len()
        );
        let mut content = format!(
            "<p>{}</p><div class=\"map-scroll\">{}</div>",
            html::escape_text(&desc),
            svg::atlas(&title, &desc, &columns, &edges)
        );
        for (mark, key) in [
            (Mark::Outside, "atlas_outside_legend"),
            (Mark::Inferred, "atlas_inferred_legend"),
        ] {
            if edges.iter().any(|e| e.2 == mark) {
                content.push_str(&format!(
                    "<p class=\"legend\">{}</p>",
                    html::escape_text(&self.t(lang, key))
                ));
            }
        }
        self.special_page(lang, path, title, desc, content)
    }

    fn coverage_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut html = String::from("<div class=\"table-wrap\"><table><thead><tr>");
        html.push_str(&format!(
            "<th>{}</th>",
            html::escape_text(&self.t(lang, "kind"))
        ));
        for l in &self.config.languages {
            html.push_str(&format!(
                "<th>{}</th>",
                html::escape_text(&self.t(*l, "language_name"))
            ));
        }
        html.push_str(&format!(
            "<th>{}</th></tr></thead><tbody>",
            html::escape_text(&self.t(lang, "total"))
        ));
        for (k, kind) in self.config.kinds.iter().enumerate() {
            let pages: Vec<&Page> = self
                .content
                .pages
                .iter()
                .filter(|p| p.kind == KindId(k))
                .collect();
            html.push_str(&format!(
                "<tr><th scope=\"row\">{}</th>",
                html::escape_text(kind.name.get(lang))
            ));
            for l in &self.config.languages {
                let n = pages.iter().filter(|p| p.text(*l).is_some()).count();
                let pct = if pages.is_empty() {
                    100.0
                } else {
                    n as f64 * 100.0 / pages.len() as f64
                };
                html.push_str(&format!("<td>{n} ({}%)</td>", format::decimal(pct)));
            }
            html.push_str(&format!("<td>{}</td></tr>", pages.len()));
        }
        html.push_str("</tbody></table></div>");
        let missing: Vec<String> = self
            .graph
            .order
            .iter()
            .filter(|p| {
                self.config
                    .languages
                    .iter()
                    .any(|l| self.page(**p).text(*l).is_none())
            })
            .map(|p| {
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    html::escape_attr(&path.href_to(&self.page_path(*p, lang))),
                    html::escape_text(&full_slug(self.config, self.page(*p)))
                )
            })
            .collect();
        if !missing.is_empty() {
            html.push_str(&format!(
                "<h2>{}</h2><ul>{}</ul>",
                html::escape_text(&self.t(lang, "untranslated")),
                missing.concat()
            ));
        }
        self.special_page(
            lang,
            path,
            self.t(lang, "coverage"),
            self.t(lang, "coverage_desc"),
            html,
        )
    }

    fn root_index(&self) -> Result<Vec<u8>, Diagnostic> {
        let path = OutPath::new("index.html");
        let mut ctx = Context::new();
        let langs: Vec<Alternate> = self
            .config
            .languages
            .iter()
            .map(|&l| Alternate {
                lang: l.code(),
                tag: l.tag(),
                locale: l.locale(),
                name: self.t(l, "language_name"),
                href: path.href_to(&OutPath::home(l)),
                url: OutPath::home(l).absolute(&self.config.base_url),
                missing: false,
            })
            .collect();
        ctx.insert("langs", &langs);
        ctx.insert("default_lang", self.config.default_language.code());
        ctx.insert("title", &self.config.title);
        ctx.insert("description", &self.config.description);
        ctx.insert("base_url", &self.config.base_url);
        self.theme
            .tera
            .render("root.html", &ctx)
            .map(String::into_bytes)
            .map_err(|e| file_error(std::path::Path::new("index.html"), tera_message(&e)))
    }

    /// GitHub Pages serves this for a missing path at any depth, so its links start from the
    /// base URL's path instead of being relative.
    fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
        let base = self.config.base_path();
        let mut ctx = Context::new();
        let langs: Vec<BTreeMap<&str, String>> = self
            .config
            .languages
            .iter()
            .map(|&l| {
                BTreeMap::from([
                    ("lang", l.code().to_string()),
                    ("tag", l.tag().to_string()),
                    ("title", self.t(l, "not_found")),
                    ("text", self.t(l, "not_found_text")),
                    ("home", format!("{base}{l}/index.html")),
                    ("home_label", self.t(l, "home")),
                ])
            })
            .collect();
        ctx.insert("langs", &langs);
        ctx.insert("base", base);
        ctx.insert("title", &self.config.title);
        ctx.insert("lang_tag", self.config.default_language.tag());
        self.theme
            .tera
            .render("404.html", &ctx)
            .map(String::into_bytes)
            .map_err(|e| file_error(std::path::Path::new("404.html"), tera_message(&e)))
    }

    fn sitemap(&self) -> String {
        let c = self.config;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        let mut paths: Vec<(OutPath, bool)> = Vec::new();
        for &lang in &c.languages {
            paths.push((OutPath::home(lang), true));
            for k in &c.kinds {
                paths.push((OutPath::listing(lang, &k.id), true));
            }
            paths.push((OutPath::special(lang, "atlas.html"), true));
            for p in &self.graph.order {
                paths.push((self.page_path(*p, lang), self.page(*p).text(lang).is_some()));
            }
        }
        for (path, present) in paths.iter().filter(|(_, present)| *present) {
            let _ = present;
            out.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                html::escape_text(&path.absolute(&c.base_url))
            ));
            for &l in &c.languages {
                let alt = OutPath::new(format!("{l}{}", &path.as_str()[2..]));
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    l.tag(),
                    html::escape_attr(&alt.absolute(&c.base_url))
                ));
            }
            let def = OutPath::new(format!("{}{}", c.default_language, &path.as_str()[2..]));
            out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n", html::escape_attr(&def.absolute(&c.base_url))));
        }
        out.push_str("</urlset>\n");
        out
    }
}
