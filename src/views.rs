//! The views: what each template is given, built from the site through a recording [`Reader`].
//!
//! Templates never see the domain types or the whole site: each gets small borrowed-or-owned view
//! structs. The views read pages only through the reader, so what an output shows is what it was
//! recorded to depend on.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::config::{KindId, Lang};
use crate::content::{Page, PageId};
use crate::diag::Diagnostic;
use crate::format;
use crate::graph::Direction;
use crate::html;
use crate::markdown::{self, ContextPart, RenderEnv, ResolvedLink};
use crate::paths::Job;
use crate::reader::Reader;
use crate::svg;
use crate::theme::Theme;
use crate::url::OutPath;

#[derive(Serialize)]
struct LinkView {
    title: String,
    href: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    outside: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    current: bool,
}

impl LinkView {
    /// A link that is neither outside knowledge nor the current page.
    fn plain(title: impl Into<String>, href: String) -> Self {
        LinkView {
            title: title.into(),
            href,
            outside: false,
            current: false,
        }
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
    has_outside: bool,
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

/// The views of one output, read through `r`.
pub struct View<'r, 'a> {
    pub r: &'r Reader<'a>,
    pub theme: &'a Theme,
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
            Job::Listing(k, lang) => ("list.html", lang, self.listing_context(k, None, lang, path)),
            Job::Group(k, g, lang) => (
                "list.html",
                lang,
                self.listing_context(k, Some(g), lang, path),
            ),
            Job::Home(lang) => ("home.html", lang, self.home_context(lang, path)),
            Job::Atlas(lang) => ("page.html", lang, self.atlas_context(lang, path)),
            Job::Coverage(lang) => ("page.html", lang, self.coverage_context(lang, path)),
            Job::Print(lang) => ("print.html", lang, self.print_context(lang, path)),
            Job::RootIndex => return self.root_index(),
            Job::NotFound => return self.not_found(),
            Job::Sitemap => return Ok(self.sitemap().into_bytes()),
            _ => return Ok(Vec::new()),
        };
        self.render_template(template, lang, path, page, ctx)
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
                title: self.r.config().title.get(lang).to_string(),
                description: self.r.config().description.get(lang).to_string(),
                og_type: "website",
            };
            ctx.insert("head", &head);
        }
        ctx.insert("t", self.theme.strings(lang));
        self.theme.render(template, &ctx, path.as_str())
    }

    /// The parts every page shares. `path` is the file being rendered; alternates point at the
    /// same page in the other languages.
    fn chrome(&self, lang: Lang, path: &OutPath, page: Option<PageId>) -> Chrome<'a> {
        let c = self.r.config();
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
                let target = OutPath::listing(lang, &k.id);
                LinkView {
                    title: k.name.get(lang).to_string(),
                    href: path.href_to(&target),
                    outside: false,
                    current: path.as_str().starts_with(&format!("{lang}/{}/", k.id)),
                }
            })
            .collect();
        let atlas = OutPath::special(lang, "atlas.html");
        nav.push(LinkView {
            title: self.r.t(lang, "atlas"),
            href: path.href_to(&atlas),
            outside: false,
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
            print: c
                .print_edition
                .then(|| path.href_to(&OutPath::special(lang, "print.html"))),
            coverage: path.href_to(&OutPath::special(lang, "coverage.html")),
        }
    }

    fn link(&self, from: &OutPath, p: PageId, lang: Lang) -> LinkView {
        LinkView::plain(
            self.r.title(p, lang),
            from.href_to(&self.r.page_path(p, lang)),
        )
    }

    fn kind_class(&self, p: PageId) -> String {
        format!("kind-{}", self.r.config().kind(self.r.kind_of(p)).id)
    }

    fn home_crumb(&self, lang: Lang, from: &OutPath) -> LinkView {
        LinkView::plain(self.r.t(lang, "home"), from.href_to(&OutPath::home(lang)))
    }

    fn breadcrumbs(&self, from: &OutPath, lang: Lang, kind: KindId) -> Vec<LinkView> {
        let kind = self.r.config().kind(kind);
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
        let Some((text, doc)) = self.r.text(p, lang) else {
            return String::new();
        };
        let links: Vec<Option<ResolvedLink>> = doc
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
                        (LinkMode::Pages, None) => from.href_to(&self.r.page_path(t.page, lang)),
                        (LinkMode::Pages, Some(a)) => {
                            format!("{}#{a}", from.href_to(&self.r.page_path(t.page, lang)))
                        }
                        (LinkMode::Print, None) => format!("#{}", self.print_anchor(t.page)),
                        (LinkMode::Print, Some(a)) => {
                            format!("#{}--{a}", self.print_anchor(t.page))
                        }
                    };
                    ResolvedLink {
                        href,
                        title: self.r.title(t.page, lang).to_string(),
                    }
                })
            })
            .collect();
        let prefix = match mode {
            LinkMode::Pages => String::new(),
            LinkMode::Print => format!("{}--", self.print_anchor(p)),
        };
        let shortcode = |call: &str| self.r.figures().shortcode(call, lang, &prefix);
        let note_label = self.r.t(lang, "editor_note");
        let env = RenderEnv {
            scan: &text.scan,
            links: &links,
            highlighter: self.r.highlighter(),
            note_label: &note_label,
            shortcode: &shortcode,
            id_prefix: &prefix,
            raw_html: self.r.config().raw_html,
        };
        markdown::render(text.body(), &env)
    }

    /// The id of a page's section in the print edition.
    fn print_anchor(&self, p: PageId) -> String {
        format!(
            "{}-{}",
            self.r.config().kind(self.r.kind_of(p)).id,
            self.r.slug(p)
        )
    }

    fn print_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut sections = Vec::new();
        for (k, kind) in self.r.config().kinds.iter().enumerate() {
            let pages: Vec<PrintPage> = self
                .r
                .order()
                .iter()
                .filter(|p| self.r.kind_of(**p) == KindId(k) && self.r.has_text(**p, lang))
                .map(|p| PrintPage {
                    anchor: self.print_anchor(*p),
                    title: self.r.title(*p, lang).to_string(),
                    href: path.href_to(&self.r.page_path(*p, lang)),
                    infobox: self.infobox(*p, lang),
                    content: self.body_html(*p, lang, path, LinkMode::Print),
                })
                .collect();
            sections.push(PrintKind {
                name: kind.name.get(lang).to_string(),
                id: kind.id.clone(),
                pages,
            });
        }
        let title = self.r.t(lang, "print_edition");
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&title, self.r.config().description.get(lang), lang, "book"),
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
        let kind_id = self.r.kind_of(p);
        let kind = self.r.config().kind(kind_id);
        let meta = self.r.meta(p);
        let missing = (!self.r.has_text(p, lang)).then(|| {
            let other = self
                .r
                .langs(p)
                .first()
                .copied()
                .unwrap_or(self.r.config().default_language);
            LinkView::plain(
                self.r.t(other, "language_name"),
                path.href_to(&self.r.page_path(p, other)),
            )
        });
        let toc = self
            .r
            .text(p, lang)
            .map(|(text, _)| {
                text.scan
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
        let has_outside = relations.iter().any(|g| g.items.iter().any(|i| i.outside));
        let view = PageView {
            title: self.r.title(p, lang).to_string(),
            description: self.r.description(p, lang).unwrap_or_default().to_string(),
            kind: kind.singular.get(lang).to_string(),
            kind_href: path.href_to(&OutPath::listing(lang, &kind.id)),
            group: meta.group.map(|g| {
                LinkView::plain(
                    kind.groups[g].name.get(lang),
                    path.href_to(&self.r.group_path(kind_id, g, lang)),
                )
            }),
            breadcrumbs: self.breadcrumbs(path, lang, kind_id),
            content: self.body_html(p, lang, path, LinkMode::Pages),
            toc,
            infobox: self.infobox(p, lang),
            map: (!relations.is_empty()).then(|| self.neighbourhood_map(p, lang, path)),
            relations,
            has_outside,
            backlinks: self.backlinks(p, lang, path),
            sections: self
                .r
                .sections(p)
                .iter()
                .map(|s| self.link(path, *s, lang))
                .collect(),
            sources: meta
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
        ctx
    }

    fn head(&self, title: &str, description: &str, lang: Lang, og_type: &'static str) -> Head {
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

    fn neighbours(
        &self,
        p: PageId,
        lang: Lang,
        path: &OutPath,
    ) -> (Option<LinkView>, Option<LinkView>) {
        let kind = self.r.kind_of(p);
        if !self.r.config().kind(kind).holds_sections {
            return (None, None);
        }
        let (prev, next) = self.r.siblings(p);
        let (prev, next) = (
            prev.map(|q| self.link(path, q, lang)),
            next.map(|q| self.link(path, q, lang)),
        );
        (prev, next)
    }

    fn infobox(&self, p: PageId, lang: Lang) -> Vec<FactRow> {
        let mut facts: Vec<&crate::content::Fact> = self.r.meta(p).facts.iter().collect();
        facts.sort_by_key(|f| f.ty);
        facts
            .into_iter()
            .map(|f| FactRow {
                label: self.r.config().fact(f.ty).label.get(lang).to_string(),
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
        for (r, dir) in self.r.relations_of(p) {
            let other = if dir == Direction::Out { r.to } else { r.from };
            let mut link = self.link(path, other, lang);
            link.outside = r.outside;
            let list = groups.entry((r.ty, dir)).or_default();
            if !list.iter().any(|l| l.href == link.href) {
                list.push(link);
            }
        }
        groups
            .into_iter()
            .map(|((ty, dir), items)| {
                let rel = self.r.config().relation(ty);
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

    fn neighbourhood_map(&self, p: PageId, lang: Lang, path: &OutPath) -> String {
        let mut left: Vec<svg::Branch> = Vec::new();
        let mut right: Vec<svg::Branch> = Vec::new();
        let mut seen_groups: BTreeMap<(crate::config::RelTypeId, Direction), usize> =
            BTreeMap::new();
        for (r, dir) in self.r.relations_of(p) {
            let other = if dir == Direction::Out { r.to } else { r.from };
            let rel = self.r.config().relation(r.ty);
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
                    outside: Vec::new(),
                });
                side.len() - 1
            });
            let node = svg::Node {
                label: self.r.title(other, lang).to_string(),
                href: path.href_to(&self.r.page_path(other, lang)),
                class: self.kind_class(other),
            };
            if !side[idx].nodes.iter().any(|n| n.href == node.href) {
                side[idx].nodes.push(node);
                side[idx].outside.push(r.outside);
            }
        }
        let centre = svg::Node {
            label: self.r.title(p, lang).to_string(),
            href: String::new(),
            class: self.kind_class(p),
        };
        let title = format!(
            "{}{}",
            self.r.t(lang, "relation_map_of"),
            self.r.title(p, lang)
        );
        let count = left
            .iter()
            .chain(&right)
            .map(|b| b.nodes.len())
            .sum::<usize>();
        let desc = format!("{} {count}", self.r.t(lang, "relation_map_desc"));
        svg::neighbourhood(&title, &desc, &centre, &left, &right)
    }

    fn backlinks(&self, p: PageId, lang: Lang, path: &OutPath) -> Vec<BacklinkView> {
        self.r
            .backlinks(p, lang)
            .iter()
            .filter_map(|b| {
                let (text, doc) = self.r.text(b.from, lang)?;
                let body = text.body();
                let link = text.scan.links.get(b.link)?;
                let mut context = String::new();
                for part in &link.context {
                    match *part {
                        ContextPart::Source(a, z) => {
                            html::push_escaped_text(&mut context, markdown::source(body, a, z))
                        }
                        ContextPart::Text(t) => {
                            html::push_escaped_text(&mut context, text.scan.text(t));
                        }
                        ContextPart::Link(i, written) => {
                            let title =
                                match (written, doc.links.get(i as usize).and_then(Option::as_ref))
                                {
                                    (Some(t), _) => text.scan.text(t),
                                    (None, Some(t)) => self.r.title(t.page, lang),
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
                Some(BacklinkView {
                    title: self.r.title(b.from, lang).to_string(),
                    href: path.href_to(&self.r.page_path(b.from, lang)),
                    kind: self
                        .r
                        .config()
                        .kind(self.r.kind_of(b.from))
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
        let kind = self.r.config().kind(k);
        let pages: Vec<PageId> = self
            .r
            .order()
            .iter()
            .copied()
            .filter(|p| self.r.kind_of(*p) == k)
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
                .filter(|p| self.r.meta(**p).group == g)
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
                None => (self.r.t(lang, "other"), "other".to_string()),
            };
            let href = g
                .filter(|_| only.is_none())
                .map(|g| path.href_to(&self.r.group_path(k, g, lang)));
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
            description: format!("{count} {}", self.r.t(lang, "pages_in_kind")),
            breadcrumbs,
            fact_columns: !kind.holds_sections,
            related_column: groups
                .iter()
                .flat_map(|g| &g.rows)
                .any(|r| !r.related.is_empty()),
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
        let kind_id = self.r.kind_of(p);
        let kind = self.r.config().kind(kind_id);
        let facts = self
            .infobox(p, lang)
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
                    *dir == Direction::In && self.r.config().relation(*ty).targets == [kind_id]
                })
                .map(|(_, g)| g)
                .collect()
        };
        RowView {
            title: self.r.title(p, lang).to_string(),
            href: path.href_to(&self.r.page_path(p, lang)),
            description: self
                .r
                .description(p, lang)
                .unwrap_or_else(|| self.r.any_description(p))
                .to_string(),
            facts,
            related,
            missing: !self.r.has_text(p, lang),
        }
    }

    fn home_context(&self, lang: Lang, path: &OutPath) -> Context {
        let home_page = self.r.config().home_page.as_ref().and_then(|(k, s)| {
            (0..self.r.page_count())
                .map(PageId)
                .find(|p| self.r.slug(*p) == s && self.r.config().kind(self.r.kind_of(*p)).id == *k)
        });
        let kinds = self
            .r
            .config()
            .kinds
            .iter()
            .enumerate()
            .map(|(i, k)| KindCard {
                name: k.name.get(lang).to_string(),
                href: path.href_to(&OutPath::listing(lang, &k.id)),
                count: (0..self.r.page_count())
                    .filter(|p| self.r.kind_of(PageId(*p)) == KindId(i))
                    .count(),
            })
            .collect();
        let chapters = self
            .r
            .config()
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
                    .r
                    .order()
                    .iter()
                    .filter(|p| self.r.kind_of(**p) == k && self.r.meta(**p).group == Some(g))
                    .map(|p| self.row(*p, lang, path))
                    .collect(),
                href: Some(path.href_to(&self.r.group_path(k, g, lang))),
            })
            .filter(|g| !g.rows.is_empty())
            .collect();
        let view = HomeView {
            title: self.r.config().title.get(lang).to_string(),
            description: self.r.config().description.get(lang).to_string(),
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
            has_outside: false,
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
            .r
            .config()
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| !k.holds_sections)
        {
            let mut nodes = Vec::new();
            for p in self
                .r
                .order()
                .iter()
                .filter(|p| self.r.kind_of(**p) == KindId(k))
            {
                place.insert(*p, (columns.len(), nodes.len()));
                nodes.push(svg::Node {
                    label: self.r.title(*p, lang).to_string(),
                    href: path.href_to(&self.r.page_path(*p, lang)),
                    class: format!("kind-{}", kind.id),
                });
            }
            columns.push((kind.name.get(lang).to_string(), nodes));
        }
        let edges: Vec<_> = self
            .r
            .everything()
            .graph
            .relations
            .iter()
            .filter_map(|r| Some((*place.get(&r.from)?, *place.get(&r.to)?)))
            .collect();
        let title = self.r.t(lang, "atlas");
        let desc = format!(
            "{} {} / {}",
            self.r.t(lang, "atlas_desc"),
            place.len(),
            edges.len()
        );
        let content = format!(
            "<p>{}</p><div class=\"map-scroll\">{}</div>",
            html::escape_text(&desc),
            svg::atlas(&title, &desc, &columns, &edges)
        );
        self.special_page(lang, path, title, desc, content)
    }

    fn coverage_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut html = String::from("<div class=\"table-wrap\"><table><thead><tr>");
        html.push_str(&format!(
            "<th>{}</th>",
            html::escape_text(&self.r.t(lang, "kind"))
        ));
        for l in &self.r.config().languages {
            html.push_str(&format!(
                "<th>{}</th>",
                html::escape_text(&self.r.t(*l, "language_name"))
            ));
        }
        html.push_str(&format!(
            "<th>{}</th></tr></thead><tbody>",
            html::escape_text(&self.r.t(lang, "total"))
        ));
        for (k, kind) in self.r.config().kinds.iter().enumerate() {
            let pages: Vec<&Page> = self
                .r
                .everything()
                .content
                .pages
                .iter()
                .filter(|p| p.kind == KindId(k))
                .collect();
            html.push_str(&format!(
                "<tr><th scope=\"row\">{}</th>",
                html::escape_text(kind.name.get(lang))
            ));
            for l in &self.r.config().languages {
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
            .r
            .order()
            .iter()
            .filter(|p| {
                self.r
                    .config()
                    .languages
                    .iter()
                    .any(|l| !self.r.has_text(**p, *l))
            })
            .map(|p| {
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    html::escape_attr(&path.href_to(&self.r.page_path(*p, lang))),
                    html::escape_text(&format!(
                        "{}/{}",
                        self.r.config().kind(self.r.kind_of(*p)).id,
                        self.r.slug(*p)
                    ))
                )
            })
            .collect();
        if !missing.is_empty() {
            html.push_str(&format!(
                "<h2>{}</h2><ul>{}</ul>",
                html::escape_text(&self.r.t(lang, "untranslated")),
                missing.concat()
            ));
        }
        self.special_page(
            lang,
            path,
            self.r.t(lang, "coverage"),
            self.r.t(lang, "coverage_desc"),
            html,
        )
    }

    fn root_index(&self) -> Result<Vec<u8>, Diagnostic> {
        let path = OutPath::new("index.html");
        let mut ctx = Context::new();
        let langs: Vec<Alternate> = self
            .r
            .config()
            .languages
            .iter()
            .map(|&l| Alternate {
                lang: l.code(),
                tag: l.tag(),
                locale: l.locale(),
                name: self.r.t(l, "language_name"),
                href: path.href_to(&OutPath::home(l)),
                url: OutPath::home(l).absolute(&self.r.config().base_url),
                missing: false,
            })
            .collect();
        ctx.insert("langs", &langs);
        ctx.insert("default_lang", self.r.config().default_language.code());
        ctx.insert("title", &self.r.config().title);
        ctx.insert("description", &self.r.config().description);
        ctx.insert("base_url", &self.r.config().base_url);
        self.theme.render("root.html", &ctx, "index.html")
    }

    /// GitHub Pages serves this for a missing path at any depth, so its links start from the
    /// base URL's path instead of being relative.
    fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
        let base = self.r.config().base_path();
        let mut ctx = Context::new();
        let langs: Vec<BTreeMap<&str, String>> = self
            .r
            .config()
            .languages
            .iter()
            .map(|&l| {
                BTreeMap::from([
                    ("lang", l.code().to_string()),
                    ("tag", l.tag().to_string()),
                    ("title", self.r.t(l, "not_found")),
                    ("text", self.r.t(l, "not_found_text")),
                    ("home", format!("{base}{l}/index.html")),
                    ("home_label", self.r.t(l, "home")),
                ])
            })
            .collect();
        ctx.insert("langs", &langs);
        ctx.insert("base", base);
        ctx.insert("title", &self.r.config().title);
        ctx.insert("lang_tag", self.r.config().default_language.tag());
        self.theme.render("404.html", &ctx, "404.html")
    }

    fn sitemap(&self) -> String {
        let c = self.r.config();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        let mut paths: Vec<(OutPath, bool)> = Vec::new();
        for &lang in &c.languages {
            paths.push((OutPath::home(lang), true));
            for k in &c.kinds {
                paths.push((OutPath::listing(lang, &k.id), true));
            }
            paths.push((OutPath::special(lang, "atlas.html"), true));
            for p in self.r.order() {
                paths.push((self.r.page_path(*p, lang), self.r.has_text(*p, lang)));
            }
        }
        for (path, _) in paths.iter().filter(|(_, present)| *present) {
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
