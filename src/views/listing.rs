//! The listings of a kind or a group, and the home page.

use super::*;
use crate::config::GroupId;
use std::sync::Arc;

/// The listing a row is in: a kind's, or (with a group) a group's. With the language it names the
/// listing's file, whose path the row's links are relative to (paths change only with
/// `site.toml`, which drops every kept row).
pub(super) type RowsOf = (KindId, Option<GroupId>);

/// A listing's row: its view, and its HTML once rendered (under the columns it was rendered in).
pub(super) struct KeptRow {
    view: RowView,
    html: std::sync::OnceLock<(Columns, Arc<str>)>,
}

/// What `list-row.html` is given besides `t`: the row, and the columns of its listing.
#[derive(Serialize)]
struct RowValues<'v> {
    r: &'v RowView,
    list: Columns,
}

/// The columns a listing shows.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Columns {
    fact_columns: bool,
    related_column: bool,
}

impl<'a> View<'_, 'a> {
    /// The listing of a kind, or of one of its groups.
    pub(super) fn listing_context(
        &self,
        k: KindId,
        only: Option<GroupId>,
        lang: Lang,
        path: &OutPath,
    ) -> Result<Context, Diagnostic> {
        let kind = self.r.config().kind(k);
        let pages: Vec<PageId> = self
            .r
            .order()
            .iter()
            .copied()
            .filter(|p| self.r.kind_of(*p) == k)
            .collect();
        let mut groups: Vec<GroupView<Arc<KeptRow>>> = Vec::new();
        let group_ids: Vec<Option<GroupId>> = match only {
            Some(g) => vec![Some(g)],
            None if kind.groups.is_empty() => vec![None],
            None => kind.group_ids().map(Some).chain([None]).collect(),
        };
        for g in group_ids {
            let rows: Vec<Arc<KeptRow>> = pages
                .iter()
                .filter(|p| self.r.meta(**p).group == g)
                .map(|p| self.kept_row(*p, lang, (k, only), path))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let (name, id) = match g {
                Some(g) => (
                    kind.group(g).name.get(lang).to_string(),
                    kind.group(g).id.clone(),
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
                kind.group(g).name.get(lang).to_string(),
                self.breadcrumbs(path, lang, k),
            ),
        };
        let columns = Columns {
            fact_columns: !kind.holds_sections,
            related_column: groups
                .iter()
                .flat_map(|g| &g.rows)
                .any(|r| !r.view.related.is_empty()),
        };
        let legend = Legend::of(
            groups
                .iter()
                .flat_map(|g| &g.rows)
                .flat_map(|r| &r.view.related)
                .flat_map(|rg| &rg.items),
        );
        let groups = groups
            .into_iter()
            .map(|g| self.rows_html(g, columns, lang, path))
            .collect::<Result<_, _>>()?;
        let view = ListView {
            title,
            description: format!("{count} {}", self.r.t(lang, "pages_in_kind")),
            breadcrumbs,
            fact_columns: columns.fact_columns,
            related_column: columns.related_column,
            legend,
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
        Ok(ctx)
    }

    /// A group's rows through `list-row.html`, each rendered once per row, language and columns
    /// (see [`Theme::render_kept`]): the rows were read to make their views, so the listing
    /// still depends on every row it shows.
    fn rows_html(
        &self,
        group: GroupView<Arc<KeptRow>>,
        list: Columns,
        lang: Lang,
        path: &OutPath,
    ) -> Result<GroupView<RowHtml>, Diagnostic> {
        let rows = group
            .rows
            .iter()
            .map(|row| {
                if let Some((columns, html)) = row.html.get() {
                    if *columns == list {
                        return Ok(RowHtml(Arc::clone(html)));
                    }
                }
                let values = RowValues { r: &row.view, list };
                let html = self
                    .theme
                    .render_kept("list-row.html", lang, &values, path.as_str())?;
                // Kept with the row while `serve` keeps it: the same view under the same
                // columns renders the same HTML.
                let _ = row.html.set((list, Arc::clone(&html)));
                Ok(RowHtml(html))
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(GroupView {
            name: group.name,
            id: group.id,
            rows,
            href: group.href,
        })
    }

    /// A row as [`View::row`] makes it, or as `serve` kept it while nothing it read changed.
    /// `listing` (a kind, and the group of a group's listing) names the file the row is in, at
    /// `path`.
    fn kept_row(&self, p: PageId, lang: Lang, listing: RowsOf, path: &OutPath) -> Arc<KeptRow> {
        let memo = self.kept.map(|k| &k.rows);
        self.r.kept(memo, (p, lang, listing), || {
            Arc::new(KeptRow {
                view: self.row(p, lang, path),
                html: std::sync::OnceLock::new(),
            })
        })
    }

    pub(super) fn row(&self, p: PageId, lang: Lang, path: &OutPath) -> RowView {
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
            let wanted = |ty, dir| {
                let rel = self.r.config().relation(ty);
                (dir == Direction::In || rel.symmetric) && rel.targets == [kind_id]
            };
            self.typed_relation_groups(p, lang, path, wanted)
                .into_iter()
                .map(|(_, g)| g)
                .collect()
        };
        RowView {
            title: self.r.title(p, lang).to_string(),
            href: path.href_to(self.r.page_path(p, lang)),
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

    pub(super) fn home_context(&self, lang: Lang, path: &OutPath) -> Context {
        let home_page = self.r.home_page();
        let kinds = self
            .r
            .config()
            .kinds
            .iter()
            .enumerate()
            .map(|(i, k)| KindCard {
                name: k.name.get(lang).to_string(),
                href: path.href_to(&OutPath::listing(self.code(lang), &k.id)),
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
                k.group_ids()
                    .zip(&k.groups)
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
}
