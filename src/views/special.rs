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

    pub(super) fn atlas_context(&self, lang: Lang, path: &OutPath) -> Context {
        let mut columns: Vec<(String, Vec<svg::Node>)> = Vec::new();
        let mut place: BTreeMap<PageId, (usize, usize)> = BTreeMap::new();
        for (k, kind) in self
            .r
            .config()
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.has_entities())
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
            .filter_map(|r| Some((*place.get(&r.from)?, *place.get(&r.to)?, r.mark)))
            .collect();
        let title = self.r.t(lang, "atlas");
        let desc = format!(
            "{} {} / {}",
            self.r.t(lang, "atlas_desc"),
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
                    html::escape_text(&self.r.t(lang, key))
                ));
            }
        }
        self.special_page(lang, path, title, desc, content)
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

    pub(super) fn root_index(&self) -> Result<Vec<u8>, Diagnostic> {
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
    pub(super) fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
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

    pub(super) fn sitemap(&self) -> String {
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
