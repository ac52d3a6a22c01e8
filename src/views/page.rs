//! The page of a report section or an entity.

use super::*;

/// The most entries the page's table of contents lists.
const MAX_TOC: usize = 100;

impl<'a> View<'_, 'a> {
    pub(super) fn page_context(&self, p: PageId, lang: Lang, path: &OutPath) -> Context {
        let kind_id = self.r.kind_of(p);
        let kind = self.r.config().kind(kind_id);
        let meta = self.r.meta(p);
        let missing = (!self.r.has_text(p, lang)).then(|| {
            let other = self.r.shown_in(p, lang);
            LinkView::plain(
                self.r.t(other, "language_name"),
                path.href_to(self.r.page_path(p, other)),
            )
        });
        let toc = self
            .r
            .text(p, lang)
            .map(|(text, _)| {
                // A long page lists its chapters (level 2) only, and at most `MAX_TOC` of them:
                // a list of thousands of entries helps no reader and weighs more than the page.
                let shown = |max_level: u8| {
                    text.scan
                        .headings
                        .iter()
                        .filter(move |h| h.level <= max_level)
                };
                let max_level = if shown(3).count() > MAX_TOC { 2 } else { 3 };
                shown(max_level)
                    .take(MAX_TOC)
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
            title: self.r.title(p, lang).to_string(),
            description: self.r.description(p, lang).unwrap_or_default().to_string(),
            kind: kind.singular.get(lang).to_string(),
            kind_href: path.href_to(&OutPath::listing(self.code(lang), &kind.id)),
            group: meta.group.map(|g| {
                LinkView::plain(
                    kind.group(g).name.get(lang),
                    path.href_to(&self.r.group_path(kind_id, g, lang)),
                )
            }),
            breadcrumbs: self.breadcrumbs(path, lang, kind_id),
            content: self.body_html(p, lang, path, LinkMode::Pages),
            toc,
            infobox: self.infobox(p, lang),
            map: (!relations.is_empty()).then(|| self.neighbourhood_map(p, lang, path)),
            relations,
            legend,
            mentions: self.mentions(p, lang, path, self.r.sections(p)),
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
            has_code: self
                .r
                .text(p, lang)
                .is_some_and(|(t, _)| !t.scan.code_langs.is_empty()),
        };
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&view.title, &view.description, lang, "article"),
        );
        ctx.insert("page", &view);
        ctx.insert("json_ld", &crate::export::json_ld(self.r, p, lang));
        ctx
    }

    pub(super) fn neighbours(
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

    pub(super) fn infobox(&self, p: PageId, lang: Lang) -> Vec<FactRow> {
        let mut facts: Vec<&crate::content::Fact> = self.r.meta(p).facts.iter().collect();
        facts.sort_by_key(|f| f.ty);
        facts
            .into_iter()
            .map(|f| FactRow {
                label: self.r.config().fact(f.ty).label.get(lang).to_string(),
                value: f
                    .values
                    .iter()
                    .map(|v| format::fact_value(v, self.locale(lang)))
                    .collect::<Vec<_>>()
                    .join(" / "),
            })
            .collect()
    }

    /// Relations grouped by type and direction, in the order the types are declared.
    pub(super) fn relation_groups(&self, p: PageId, lang: Lang, path: &OutPath) -> Vec<RelGroup> {
        self.typed_relation_groups(p, lang, path, |_, _| true)
            .into_iter()
            .map(|(_, g)| g)
            .collect()
    }

    /// Relations grouped by type and direction (in the order the types are declared), each group
    /// with its key; only the groups `wanted` (the links of the others are not made).
    pub(super) fn typed_relation_groups(
        &self,
        p: PageId,
        lang: Lang,
        path: &OutPath,
        wanted: impl Fn(crate::config::RelTypeId, Direction) -> bool,
    ) -> Vec<((crate::config::RelTypeId, Direction), RelGroup)> {
        let mut groups: BTreeMap<(crate::config::RelTypeId, Direction), Vec<LinkView>> =
            BTreeMap::new();
        for (r, dir) in self.r.relations_of(p) {
            let (other, dir) = self.shown(r, dir);
            if !wanted(r.ty, dir) {
                continue;
            }
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

    /// The other end of a relation of a page, and the side it is shown on: a symmetric relation
    /// reads the same from both ends, so it is shown once, as if it went out.
    fn shown(&self, r: &crate::graph::Relation, dir: Direction) -> (PageId, Direction) {
        let other = if dir == Direction::Out { r.to } else { r.from };
        if self.r.config().relation(r.ty).symmetric {
            (other, Direction::Out)
        } else {
            (other, dir)
        }
    }

    pub(super) fn neighbourhood_map(&self, p: PageId, lang: Lang, path: &OutPath) -> String {
        // One group per relation type and direction, in the order the types are declared.
        let mut groups: BTreeMap<(crate::config::RelTypeId, Direction), relmap::Group> =
            BTreeMap::new();
        for (r, dir) in self.r.relations_of(p) {
            let (other, dir) = self.shown(r, dir);
            let rel = self.r.config().relation(r.ty);
            let group = groups.entry((r.ty, dir)).or_insert_with(|| relmap::Group {
                label: Some(
                    if dir == Direction::Out {
                        rel.label.get(lang)
                    } else {
                        rel.inverse.get(lang)
                    }
                    .to_string(),
                ),
                members: Vec::new(),
            });
            let href = path.href_to(self.r.page_path(other, lang));
            if !group.members.iter().any(|m| m.node.href == href) {
                group.members.push(relmap::Member {
                    node: relmap::Node {
                        label: self.r.title(other, lang).to_string(),
                        href,
                        kind: self.r.config().kind(self.r.kind_of(other)).id.clone(),
                    },
                    mark: r.mark,
                });
            }
        }
        let groups: Vec<relmap::Group> = groups.into_values().collect();
        let centre = relmap::Node {
            label: self.r.title(p, lang).to_string(),
            href: String::new(),
            kind: self.r.config().kind(self.r.kind_of(p)).id.clone(),
        };
        let name = format!(
            "{}{}",
            self.r.t(lang, "relation_map_of"),
            self.r.title(p, lang)
        );
        let mut kinds: Vec<KindId> = groups
            .iter()
            .flat_map(|g| &g.members)
            .filter_map(|m| self.r.config().kind_by_name(&m.node.kind))
            .collect();
        kinds.sort();
        kinds.dedup();
        let legend = self.map_legend(&kinds, groups.iter().flat_map(|g| &g.members), lang);
        relmap::entity_map(relmap::MapWords { name: &name }, &centre, &groups, &legend)
    }
}
