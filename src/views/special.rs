//! The pages made from the whole site: print edition, atlas map, coverage, root index, 404, sitemap.

use super::*;

impl<'a> View<'_, 'a> {
    /// The id of a page's section in the print edition.
    pub(super) fn print_anchor(&self, p: PageId) -> String {
        format!(
            "{}-{}",
            self.r.config().kind(self.r.kind_of(p)).id,
            self.r.slug(p)
        )
    }

    pub(super) fn print_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut sections = Vec::new();
        for (k, kind) in self.r.config().kinds.iter().enumerate() {
            let mut ids: Vec<PageId> = self
                .r
                .order()
                .iter()
                .copied()
                .filter(|p| self.r.kind_of(*p) == KindId(k) && self.r.has_text(*p, lang))
                .collect();
            // By group, as the listings show them (stable: listing order inside a group).
            ids.sort_by_key(|p| self.r.meta(*p).group.map_or(usize::MAX, |g| g.0));
            let pages: Vec<PrintPage> = ids
                .iter()
                .map(|p| PrintPage {
                    anchor: self.print_anchor(*p),
                    group: self
                        .r
                        .meta(*p)
                        .group
                        .map(|g| kind.group(g).name.get(lang).to_string()),
                    title: self.r.title(*p, lang).to_string(),
                    href: path.href_to(self.r.page_path(*p, lang)),
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
        let has_code = self.r.order().iter().any(|p| {
            self.r
                .text(*p, lang)
                .is_some_and(|(t, _)| !t.scan.code_langs.is_empty())
        });
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&title, self.r.config().description.get(lang), lang, "book"),
        );
        ctx.insert(
            "print",
            &PrintView {
                title,
                has_code,
                kinds: sections,
            },
        );
        ctx
    }

    pub(super) fn special_page(
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
            kind_href: path.href_to(&OutPath::home(self.code(lang))),
            group: None,
            breadcrumbs: vec![self.home_crumb(lang, path)],
            content,
            toc: Vec::new(),
            infobox: Vec::new(),
            relations: Vec::new(),
            legend: Legend::default(),
            mentions: super::mentions::Mentions::default(),
            sections: Vec::new(),
            sources: Vec::new(),
            prev: None,
            next: None,
            map: None,
            missing: None,
            is_section: false,
            has_code: false,
        };
        let mut ctx = Context::new();
        ctx.insert(
            "head",
            &self.head(&view.title, &view.description, lang, "website"),
        );
        ctx.insert("page", &view);
        ctx
    }

    /// The whole atlas: for each relation type and pair of kinds, one small map per page the
    /// relations point to (who develops what, which models serve which areas, what is based on
    /// what), with a kind-by-kind table and filters.
    pub(super) fn atlas_context(&self, lang: Lang, path: &OutPath) -> Context {
        let site = self.r.everything();
        let config = self.r.config();
        let shown = |k: KindId| config.kind(k).has_entities();
        let kinds: Vec<KindId> = (0..config.kinds.len())
            .map(KindId)
            .filter(|k| shown(*k))
            .collect();
        let node = |p: PageId| relmap::Node {
            label: self.r.title(p, lang).to_string(),
            href: path.href_to(self.r.page_path(p, lang)),
            kind: config.kind(self.r.kind_of(p)).id.clone(),
        };
        // Relations by type, kinds at both ends and hub (the page they point to).
        type Hubs = BTreeMap<usize, Vec<(usize, PageId, Mark)>>;
        let mut by: BTreeMap<(crate::config::RelTypeId, KindId, KindId), Hubs> = BTreeMap::new();
        for r in &site.graph.relations {
            let (fk, tk) = (self.r.kind_of(r.from), self.r.kind_of(r.to));
            if !shown(fk) || !shown(tk) {
                continue;
            }
            let members = by
                .entry((r.ty, fk, tk))
                .or_default()
                .entry(site.graph.position[r.to.0])
                .or_default();
            let m = (site.graph.position[r.from.0], r.from, r.mark);
            if !members.iter().any(|x| x.1 == r.from) {
                members.push(m);
            }
        }
        let edges: usize = by.values().flat_map(|h| h.values()).map(Vec::len).sum();
        let template = self.r.t(lang, "atlas_section_lede");
        let sections: Vec<relmap::AtlasSection> = by
            .into_iter()
            .map(|((ty, fk, tk), hubs)| {
                let rel = config.relation(ty);
                let (from, to) = (config.kind(fk), config.kind(tk));
                let mut blocks: Vec<(usize, relmap::Node, relmap::Group)> = hubs
                    .into_iter()
                    .map(|(pos, mut members)| {
                        members.sort();
                        let hub = site.graph.order[pos];
                        let group = relmap::Group {
                            label: None,
                            members: members
                                .into_iter()
                                .map(|(_, p, mark)| relmap::Member {
                                    node: node(p),
                                    mark,
                                })
                                .collect(),
                        };
                        (pos, node(hub), group)
                    })
                    .collect();
                // The biggest hubs first; ties in site order.
                blocks.sort_by_key(|(pos, _, g)| (std::cmp::Reverse(g.members.len()), *pos));
                relmap::AtlasSection {
                    rel: rel.id.clone(),
                    kinds: [from.id.clone(), to.id.clone()],
                    heading: format!(
                        "{} · {} → {}",
                        rel.label.get(lang),
                        from.name.get(lang),
                        to.name.get(lang)
                    ),
                    lede: template
                        .replace("{to}", to.singular.get(lang))
                        .replace("{inverse}", rel.inverse.get(lang)),
                    count: blocks.iter().map(|b| b.2.members.len()).sum(),
                    blocks: blocks.into_iter().map(|(_, n, g)| (n, g)).collect(),
                }
            })
            .collect();
        let mut relations: Vec<relmap::Choice> = Vec::new();
        for s in &sections {
            if !relations.iter().any(|r| r.id == s.rel) {
                let label = config
                    .relations
                    .iter()
                    .find(|r| r.id == s.rel)
                    .map_or_else(String::new, |r| r.label.get(lang).to_string());
                relations.push(relmap::Choice {
                    id: s.rel.clone(),
                    label,
                });
            }
        }
        let legend = self.map_legend(
            &kinds,
            sections
                .iter()
                .flat_map(|s| &s.blocks)
                .flat_map(|(_, g)| &g.members),
            lang,
        );
        let words = relmap::AtlasWords {
            filter: self.r.t(lang, "atlas_filter"),
            by_relation: self.r.t(lang, "atlas_by_relation"),
            by_kind: self.r.t(lang, "atlas_by_kind"),
            matrix: self.r.t(lang, "atlas_matrix"),
            from_to: self.r.t(lang, "atlas_from_to"),
            shown: self.r.t(lang, "atlas_shown"),
            kinds: self.kind_choices(&kinds, lang),
            relations,
            legend,
        };
        let (content, style) = relmap::atlas_view(&words, &sections);
        let title = self.r.t(lang, "atlas");
        let desc = format!(
            "{} {} / {}",
            self.r.t(lang, "atlas_desc"),
            site.content.pages.iter().filter(|p| shown(p.kind)).count(),
            edges
        );
        let mut ctx = self.special_page(lang, path, title, desc, content);
        ctx.insert("atlas_style", &style);
        ctx
    }

    pub(super) fn coverage_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut html = String::from("<div class=\"table-wrap\"><table><thead><tr>");
        html.push_str(&format!(
            "<th>{}</th>",
            html::escape_text(&self.r.t(lang, "kind"))
        ));
        for l in &self.r.config().languages {
            html.push_str(&format!(
                "<th>{}</th>",
                html::escape_text(&self.r.t(l, "language_name"))
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
                let n = pages.iter().filter(|p| p.text(l).is_some()).count();
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
                    .all()
                    .any(|l| !self.r.has_text(**p, l))
            })
            .map(|p| {
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    html::escape_attr(&path.href_to(self.r.page_path(*p, lang))),
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

    pub(super) fn root_index(&self) -> Result<Vec<u8>, Diagnostic> {
        let path = OutPath::new("index.html");
        let mut ctx = Context::new();
        let langs: Vec<RootLanguage> = self
            .r
            .config()
            .languages
            .all()
            .map(|l| {
                let home = OutPath::home(self.code(l));
                RootLanguage {
                    lang: self.code(l),
                    tag: &self.r.config().languages[l].tag,
                    name: self.r.t(l, "language_name"),
                    site_title: self.r.config().title.get(l),
                    href: path.href_to(&home),
                    url: home.absolute(&self.r.config().base_url),
                }
            })
            .collect();
        let default = self.r.config().languages.default();
        ctx.insert("langs", &langs);
        ctx.insert("default_lang", self.code(default));
        ctx.insert("default_tag", &self.r.config().languages[default].tag);
        ctx.insert("description", self.r.config().description.get(default));
        ctx.insert("base_url", &self.r.config().base_url);
        self.theme.render("root.html", &ctx, "index.html")
    }

    /// GitHub Pages serves this for a missing path at any depth, so its links start from the
    /// base URL's path instead of being relative.
    pub(super) fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
        let base = self.r.config().base_path();
        let mut ctx = Context::new();
        let langs: Vec<NotFoundLanguage> = self
            .r
            .config()
            .languages
            .all()
            .map(|l| NotFoundLanguage {
                lang: self.code(l),
                tag: &self.r.config().languages[l].tag,
                site_title: self.r.config().title.get(l),
                title: self.r.t(l, "not_found"),
                text: self.r.t(l, "not_found_text"),
                home: format!("{base}{}/index.html", self.code(l)),
                rel: OutPath::home(self.code(l)).as_str().to_string(),
                home_label: self.r.t(l, "home"),
            })
            .collect();
        ctx.insert("langs", &langs);
        ctx.insert("base", base);
        let default = self.r.config().languages.default();
        ctx.insert("lang_tag", &self.r.config().languages[default].tag);
        self.theme.render("404.html", &ctx, "404.html")
    }

    pub(super) fn sitemap(&self) -> String {
        let c = self.r.config();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        let mut paths: Vec<(Lang, OutPath, bool)> = Vec::new();
        for lang in &c.languages {
            paths.push((lang, OutPath::home(self.code(lang)), true));
            for k in &c.kinds {
                paths.push((lang, OutPath::listing(self.code(lang), &k.id), true));
            }
            paths.push((lang, OutPath::special(self.code(lang), "atlas.html"), true));
            for p in self.r.order() {
                let present = self.r.has_text(*p, lang);
                paths.push((lang, self.r.page_path(*p, lang).clone(), present));
            }
        }
        for (lang, path, _) in paths.iter().filter(|(_, _, present)| *present) {
            out.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                html::escape_text(&path.absolute(&c.base_url))
            ));
            for l in &c.languages {
                let alt = path.in_language(self.code(*lang), self.code(l));
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    c.languages[l].tag,
                    html::escape_attr(&alt.absolute(&c.base_url))
                ));
            }
            let def = path.in_language(self.code(*lang), self.code(c.languages.default()));
            out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>\n", html::escape_attr(&def.absolute(&c.base_url))));
        }
        out.push_str("</urlset>\n");
        out
    }
}
