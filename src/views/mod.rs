//! The views: what each template is given, built from the site through a recording [`Reader`].
//!
//! Templates never see the domain types or the whole site: each gets small borrowed-or-owned view
//! structs. The views read pages only through the reader, so what an output shows is what it was
//! recorded to depend on.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::charts;
use crate::config::KindId;
use crate::content::{Mark, Page, PageId};
use crate::diag::Diagnostic;
use crate::format;
use crate::graph::Direction;
use crate::html;
use crate::lang::Lang;
use crate::markdown::{self, RenderEnv, ResolvedLink};
use crate::paths::Job;
use crate::reader::{Changes, Memo, Reader};
use crate::relmap;
use crate::theme::Theme;
use crate::url::OutPath;

mod facts;
mod listing;
mod mentions;
mod nav;
mod page;
mod preview;
mod special;

#[derive(Serialize)]
pub(crate) struct LinkView {
    pub(crate) title: String,
    pub(crate) href: String,
    /// How far the report vouches for the relation this link stands for.
    #[serde(skip_serializing_if = "is_stated")]
    pub(crate) mark: Mark,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) current: bool,
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
pub(crate) struct Legend {
    outside: bool,
    inferred: bool,
}

impl Legend {
    pub(crate) fn of<'v>(links: impl IntoIterator<Item = &'v LinkView>) -> Legend {
        links.into_iter().fold(Legend::default(), |l, i| Legend {
            outside: l.outside || i.mark == Mark::Outside,
            inferred: l.inferred || i.mark == Mark::Inferred,
        })
    }
}

#[derive(Serialize)]
pub(crate) struct Alternate<'a> {
    pub(crate) lang: &'a str,
    pub(crate) tag: &'a str,
    pub(crate) locale: &'a str,
    pub(crate) name: String,
    pub(crate) href: String,
    pub(crate) url: String,
    pub(crate) missing: bool,
}

#[derive(Serialize)]
pub(crate) struct Chrome<'a> {
    pub(crate) lang: &'a str,
    pub(crate) tag: &'a str,
    pub(crate) locale: &'a str,
    pub(crate) site_title: &'a str,
    pub(crate) site_description: &'a str,
    pub(crate) root: String,
    pub(crate) home: String,
    pub(crate) canonical: String,
    pub(crate) nav: Vec<LinkView>,
    pub(crate) alternates: Vec<Alternate<'a>>,
    pub(crate) x_default: String,
    pub(crate) search_index: String,
    pub(crate) previews: String,
    pub(crate) atlas: String,
    pub(crate) coverage: String,
    pub(crate) print: Option<String>,
}

/// A language as the root page offers it.
#[derive(Serialize)]
pub(crate) struct RootLanguage<'a> {
    pub(crate) lang: &'a str,
    pub(crate) tag: &'a str,
    pub(crate) name: String,
    pub(crate) site_title: &'a str,
    pub(crate) href: String,
    pub(crate) url: String,
}

/// A language's part of the 404 page.
#[derive(Serialize)]
pub(crate) struct NotFoundLanguage<'a> {
    pub(crate) lang: &'a str,
    pub(crate) tag: &'a str,
    pub(crate) site_title: &'a str,
    pub(crate) title: String,
    pub(crate) text: String,
    pub(crate) home: String,
    /// The home page from the site root (the page's links are rewritten from it where the
    /// base path does not hold).
    pub(crate) rel: String,
    pub(crate) home_label: String,
}

/// What the `<head>` says about the page.
#[derive(Serialize)]
pub(crate) struct Head {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) og_type: &'static str,
}

#[derive(Serialize)]
pub(crate) struct FactRow {
    pub(crate) label: String,
    pub(crate) value: String,
}

#[derive(Serialize)]
pub(crate) struct RelGroup {
    pub(crate) label: String,
    pub(crate) items: Vec<LinkView>,
}

#[derive(Serialize)]
pub(crate) struct TocItem {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

#[derive(Serialize)]
pub(crate) struct PageView {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) kind: String,
    pub(crate) kind_href: String,
    pub(crate) group: Option<LinkView>,
    pub(crate) breadcrumbs: Vec<LinkView>,
    pub(crate) content: String,
    pub(crate) toc: Vec<TocItem>,
    pub(crate) infobox: Vec<FactRow>,
    pub(crate) relations: Vec<RelGroup>,
    pub(crate) legend: Legend,
    pub(crate) mentions: mentions::Mentions,
    pub(crate) sections: Vec<LinkView>,
    pub(crate) sources: Vec<String>,
    pub(crate) prev: Option<LinkView>,
    pub(crate) next: Option<LinkView>,
    pub(crate) map: Option<String>,
    /// Where this language's text is missing: the language it exists in and a link to it.
    pub(crate) missing: Option<LinkView>,
    pub(crate) is_section: bool,
    /// The body has code blocks (the page loads the highlighting stylesheet).
    pub(crate) has_code: bool,
}

#[derive(Serialize)]
pub(crate) struct RowView {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) description: String,
    pub(crate) facts: Vec<String>,
    pub(crate) related: Vec<RelGroup>,
    pub(crate) missing: bool,
}

/// A group of rows: their views, or (in a listing) their HTML.
#[derive(Serialize)]
pub(crate) struct GroupView<R = RowView> {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) rows: Vec<R>,
    /// The group's own listing page, where there is one.
    pub(crate) href: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ListView {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) breadcrumbs: Vec<LinkView>,
    pub(crate) groups: Vec<GroupView<RowHtml>>,
    pub(crate) fact_columns: bool,
    pub(crate) related_column: bool,
    pub(crate) legend: Legend,
    pub(crate) content: String,
}

/// A row of a listing rendered through `list-row.html`.
pub(crate) struct RowHtml(pub(crate) std::sync::Arc<str>);

impl Serialize for RowHtml {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
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
pub(crate) struct PrintPage {
    pub(crate) anchor: String,
    /// The page's group (a chapter of the report), if any.
    pub(crate) group: Option<String>,
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) infobox: Vec<FactRow>,
    pub(crate) content: String,
}

#[derive(Serialize)]
pub(crate) struct PrintKind {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) pages: Vec<PrintPage>,
}

#[derive(Serialize)]
pub(crate) struct PrintView {
    pub(crate) title: String,
    /// Some page has code (the edition loads the highlighting stylesheet).
    pub(crate) has_code: bool,
    pub(crate) kinds: Vec<PrintKind>,
}

#[derive(Serialize)]
pub(crate) struct KindCard {
    pub(crate) name: String,
    pub(crate) href: String,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct HomeView {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) lead: String,
    pub(crate) lead_link: Option<LinkView>,
    pub(crate) kinds: Vec<KindCard>,
    pub(crate) chapters: Vec<GroupView>,
}

/// The views of one output, read through `r`.
pub struct View<'r, 'a> {
    pub r: &'r Reader<'a>,
    pub theme: &'a Theme,
    /// What earlier renders kept (`serve`); `None` in a build, which renders each part once.
    pub kept: Option<&'r Kept>,
}

/// Parts of outputs that `serve` keeps from one update to the next, each with the reads that
/// made it ([`Memo`]): a title edit re-renders every listing that shows the page, thousands of
/// rows of which one or two changed.
#[derive(Default)]
pub struct Kept {
    /// A row of a listing, by its page, language and listing.
    rows: Memo<(PageId, Lang, listing::RowsOf), std::sync::Arc<listing::KeptRow>>,
}

impl Kept {
    /// Drops what `changed` may have changed (see [`Memo::forget`]).
    pub fn forget(&self, changed: &Changes) {
        self.rows.forget(changed);
    }

    /// Drops everything kept.
    pub fn clear(&self) {
        self.rows.clear();
    }

    /// How many rows are kept.
    pub fn rows(&self) -> usize {
        self.rows.len()
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept").field("rows", &self.rows()).finish()
    }
}

impl<'a> View<'_, 'a> {
    /// Renders an HTML job through its template.
    pub fn render(&self, job: Job, path: &OutPath) -> Result<Vec<u8>, Diagnostic> {
        // The page a file shows, if any: its language switch says where a translation is missing.
        let page = match job {
            Job::Page(p, _) => Some(p),
            _ => None,
        };
        let (template, lang, ctx) = match job {
            Job::Page(p, lang) => ("page.html", lang, self.page_context(p, lang, path)),
            Job::Listing(k, lang) => (
                "list.html",
                lang,
                self.listing_context(k, None, lang, path)?,
            ),
            Job::Group(k, g, lang) => (
                "list.html",
                lang,
                self.listing_context(k, Some(g), lang, path)?,
            ),
            Job::Home(lang) => ("home.html", lang, self.home_context(lang, path)),
            Job::Atlas(lang) => ("page.html", lang, self.atlas_context(lang, path)),
            Job::Coverage(lang) => ("page.html", lang, self.coverage_context(lang, path)),
            Job::Print(lang) => ("print.html", lang, self.print_context(lang, path)),
            Job::Previews(lang) => return Ok(self.previews(lang).into_bytes()),
            Job::RootIndex => return self.root_index(),
            Job::NotFound => return self.not_found(),
            Job::Sitemap => return Ok(self.sitemap().into_bytes()),
            _ => return Ok(Vec::new()),
        };
        self.render_template(template, lang, path, page, ctx)
    }

    pub(super) fn render_template(
        &self,
        template: &str,
        lang: Lang,
        path: &OutPath,
        page: Option<PageId>,
        mut ctx: Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert("site", &self.chrome(lang, path, page));
        let tree = self.tree(lang, path, page)?;
        ctx.insert("tree", &tree.iter().map(|e| &**e).collect::<Vec<&str>>());
        if !ctx.contains_key("head") {
            let head = Head {
                title: self.r.config().title.get(lang).to_string(),
                description: self.r.config().description.get(lang).to_string(),
                og_type: "website",
            };
            ctx.insert("head", &head);
        }
        self.theme.render_with(template, lang, ctx, path.as_str())
    }

    /// The parts every page shares. `path` is the file being rendered; alternates point at the
    /// same page in the other languages.
    pub(super) fn chrome(&self, lang: Lang, path: &OutPath, page: Option<PageId>) -> Chrome<'a> {
        let c = self.r.config();
        let alt_path = |l: Lang| path.in_language(self.code(lang), self.code(l));
        let alternates = c
            .languages
            .all()
            .map(|l| {
                let p = alt_path(l);
                let language = &c.languages[l];
                Alternate {
                    lang: &language.code,
                    tag: &language.tag,
                    locale: &language.locale,
                    name: self.r.t(l, "language_name"),
                    href: path.href_to(&p),
                    url: p.absolute(&c.base_url),
                    missing: page.is_some_and(|p| !self.r.has_text(p, l)),
                }
            })
            .collect();
        let mut nav: Vec<LinkView> = c
            .kinds
            .iter()
            .map(|k| {
                let target = OutPath::listing(self.code(lang), &k.id);
                LinkView {
                    title: k.name.get(lang).to_string(),
                    href: path.href_to(&target),
                    mark: Mark::Stated,
                    current: path
                        .as_str()
                        .starts_with(&format!("{}/{}/", self.code(lang), k.id)),
                }
            })
            .collect();
        let atlas = OutPath::special(self.code(lang), "atlas.html");
        nav.push(LinkView {
            title: self.r.t(lang, "atlas"),
            href: path.href_to(&atlas),
            mark: Mark::Stated,
            current: *path == atlas,
        });
        let language = &c.languages[lang];
        Chrome {
            lang: &language.code,
            tag: &language.tag,
            locale: &language.locale,
            site_title: c.title.get(lang),
            site_description: c.description.get(lang),
            root: path.root(),
            home: path.href_to(&OutPath::home(self.code(lang))),
            canonical: path.absolute(&c.base_url),
            nav,
            alternates,
            x_default: alt_path(c.languages.default()).absolute(&c.base_url),
            search_index: path.href_to(&OutPath::special(self.code(lang), "search-index.js")),
            previews: path.href_to(&OutPath::special(self.code(lang), "previews.js")),
            atlas: path.href_to(&atlas),
            print: c
                .print_edition
                .then(|| path.href_to(&OutPath::special(self.code(lang), "print.html"))),
            coverage: path.href_to(&OutPath::special(self.code(lang), "coverage.html")),
        }
    }

    /// The code of `lang`, which names its folder.
    pub(super) fn code(&self, lang: Lang) -> &'a str {
        &self.r.config().languages[lang].code
    }

    /// How numbers and dates are written in `lang`.
    pub(super) fn locale(&self, lang: Lang) -> &'a crate::i18n::Locale {
        self.theme.locale(lang)
    }

    pub(super) fn link(&self, from: &OutPath, p: PageId, lang: Lang) -> LinkView {
        LinkView::plain(
            self.r.title(p, lang),
            from.href_to(self.r.page_path(p, lang)),
        )
    }

    /// Kinds as a map's legend or filter shows them.
    pub(super) fn kind_choices(&self, kinds: &[KindId], lang: Lang) -> Vec<relmap::Choice> {
        kinds
            .iter()
            .map(|k| relmap::Choice {
                id: self.r.config().kind(*k).id.clone(),
                label: self.r.config().kind(*k).name.get(lang).to_string(),
            })
            .collect()
    }

    /// The key to a map's colours and lines: the kinds drawn, and a line for each mark that one
    /// of `members` has.
    pub(super) fn map_legend<'m>(
        &self,
        kinds: &[KindId],
        members: impl IntoIterator<Item = &'m relmap::Member>,
        lang: Lang,
    ) -> relmap::Legend {
        let (mut inferred, mut outside) = (false, false);
        for m in members {
            inferred |= m.mark == Mark::Inferred;
            outside |= m.mark == Mark::Outside;
        }
        relmap::Legend {
            title: self.r.t(lang, "map_legend"),
            kinds: self.kind_choices(kinds, lang),
            line: self.r.t(lang, "map_line_report"),
            inferred: inferred.then(|| self.r.t(lang, "map_line_inferred")),
            outside: outside.then(|| self.r.t(lang, "map_line_outside")),
        }
    }

    pub(super) fn home_crumb(&self, lang: Lang, from: &OutPath) -> LinkView {
        LinkView::plain(
            self.r.t(lang, "home"),
            from.href_to(&OutPath::home(self.code(lang))),
        )
    }

    pub(super) fn breadcrumbs(&self, from: &OutPath, lang: Lang, kind: KindId) -> Vec<LinkView> {
        let kind = self.r.config().kind(kind);
        vec![
            self.home_crumb(lang, from),
            LinkView::plain(
                kind.name.get(lang),
                from.href_to(&OutPath::listing(self.code(lang), &kind.id)),
            ),
        ]
    }

    /// A page's Markdown body rendered in `lang`, with links for the page at `from` or for the
    /// print edition, where every page is a section of one document.
    pub fn body_html(&self, p: PageId, lang: Lang, from: &OutPath, mode: LinkMode) -> String {
        let Some((text, doc)) = self.r.text(p, lang) else {
            return String::new();
        };
        let mut links: Vec<Option<ResolvedLink>> = doc
            .links
            .iter()
            .map(|l| {
                l.as_ref().map(|t| {
                    // The print edition holds only pages written in `lang`; others keep their file link.
                    let mode = if !self.r.has_text(t.page, lang) {
                        LinkMode::Pages
                    } else {
                        mode
                    };
                    let href = match (mode, &t.anchor) {
                        (LinkMode::Pages, None) => from.href_to(self.r.page_path(t.page, lang)),
                        (LinkMode::Pages, Some(a)) => {
                            format!("{}#{a}", from.href_to(self.r.page_path(t.page, lang)))
                        }
                        (LinkMode::Print, None) => format!("#{}", self.print_anchor(t.page)),
                        (LinkMode::Print, Some(a)) => {
                            format!("#{}--{a}", self.print_anchor(t.page))
                        }
                    };
                    let title = self.r.title(t.page, lang);
                    let label = self.r.label(t.page, lang);
                    ResolvedLink {
                        href,
                        title: (label != title).then(|| title.to_string()),
                        label: label.into_owned(),
                    }
                })
            })
            .collect();
        crate::prose::shorten_ranges(
            &markdown::protect_table_links(text.body()),
            text.scan.links.iter().zip(links.iter_mut()).map(|(w, l)| {
                let label = l.as_mut().filter(|_| !w.has_text).map(|l| &mut l.label);
                (w.offset..w.end, label)
            }),
        );
        let prefix = match mode {
            LinkMode::Pages => String::new(),
            LinkMode::Print => format!("{}--", self.print_anchor(p)),
        };
        // Figures are rare: their words and links are looked up only where one is placed. A
        // label that names a page links to it, so a figure reads every page's names.
        let figure = |call: &str| {
            let names = self.r.names();
            let link = |name: &str| {
                names
                    .page(name)
                    .map(|t| match (mode, self.r.has_text(t, lang)) {
                        (LinkMode::Print, true) => format!("#{}", self.print_anchor(t)),
                        _ => from.href_to(self.r.page_path(t, lang)),
                    })
            };
            let env = charts::ChartEnv {
                words: charts::ChartWords {
                    missing: self.r.t(lang, "chart_missing"),
                    no_data: self.r.t(lang, "chart_no_data"),
                    log_scale: self.r.t(lang, "chart_log_scale"),
                    table: self.r.t(lang, "chart_table"),
                    source: self.r.t(lang, "chart_source"),
                    cell_missing: self.r.t(lang, "chart_cell_missing"),
                },
                locale: self.locale(lang),
                link: &link,
            };
            charts::shortcode(self.r.figures(), call, lang, &env)
        };
        // The fact views (compare, chronology) read only what they show; figures the rest.
        let shortcode =
            |call: &str| facts::shortcode(self.r, call, lang, from).or_else(|| figure(call));
        let note_label = self.r.t(lang, "editor_note");
        // A page's headings link to themselves; the print edition's are a document's, not a
        // page's, and are not links.
        let anchor_label = self.r.t(lang, "anchor");
        let heading_links = match mode {
            LinkMode::Pages => markdown::HeadingLinks::Labelled(&anchor_label),
            LinkMode::Print => markdown::HeadingLinks::None,
        };
        let env = RenderEnv {
            scan: &text.scan,
            links: &links,
            highlighter: self.r.highlighter(),
            note_label: &note_label,
            shortcode: &shortcode,
            id_prefix: &prefix,
            raw_html: self.r.config().raw_html,
            spacing: self.r.config().languages[self.r.shown_in(p, lang)].spacing,
            heading_links,
        };
        markdown::render(text.body(), &env)
    }

    pub(super) fn head(
        &self,
        title: &str,
        description: &str,
        lang: Lang,
        og_type: &'static str,
    ) -> Head {
        let description = if description.is_empty() {
            self.r.config().description.get(lang)
        } else {
            description
        };
        Head {
            title: format!("{title} · {}", self.r.config().title.get(lang)),
            description: description.to_string(),
            og_type,
        }
    }
}
