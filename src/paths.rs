//! The URL scheme: every output file as a [`Job`], and where each goes.

use crate::config::{GroupId, KindId};
use crate::content::PageId;
use crate::lang::Lang;
use crate::site::Site;
use crate::url::OutPath;

/// One output file to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Page(PageId, Lang),
    Listing(KindId, Lang),
    /// The listing of one group of a kind (a chapter of the report).
    Group(KindId, GroupId, Lang),
    Home(Lang),
    Atlas(Lang),
    Coverage(Lang),
    Print(Lang),
    /// The search manifest of a language, loaded first.
    SearchIndex(Lang),
    /// A term file of the search index (see `search::Plan`).
    SearchTerms(Lang, usize),
    /// A file of search documents (what results show).
    SearchDocs(Lang, usize),
    /// The graph as JSON (`atlas.json`).
    Export,
    /// The link-preview data of one language.
    Previews(Lang),
    RootIndex,
    NotFound,
    Sitemap,
    Robots,
    NoJekyll,
    SyntaxCss,
    Static(usize),
}

impl Site {
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
        jobs.extend((0..self.theme.statics().len()).map(Job::Static));
        for lang in &self.config.languages {
            jobs.extend([
                Job::Home(lang),
                Job::Atlas(lang),
                Job::Coverage(lang),
                Job::SearchIndex(lang),
                Job::Previews(lang),
            ]);
            let plan = crate::search::plan(self, lang);
            jobs.extend((0..plan.shards).map(|i| Job::SearchTerms(lang, i)));
            jobs.extend((0..plan.doc_files()).map(|i| Job::SearchDocs(lang, i)));
            if self.config.print_edition {
                jobs.push(Job::Print(lang));
            }
            jobs.extend((0..self.config.kinds.len()).map(|k| Job::Listing(KindId(k), lang)));
            for (k, kind) in self.config.kinds.iter().enumerate() {
                jobs.extend(kind.group_ids().map(|g| Job::Group(KindId(k), g, lang)));
            }
            jobs.extend(self.graph.order.iter().map(|p| Job::Page(*p, lang)));
        }
        jobs
    }

    pub fn path(&self, job: Job) -> OutPath {
        match job {
            Job::Page(p, lang) => self.page_path(p, lang).clone(),
            Job::Listing(k, lang) => OutPath::listing(self.code(lang), &self.config.kind(k).id),
            Job::Group(k, g, lang) => self.group_path(k, g, lang),
            Job::Home(lang) => OutPath::home(self.code(lang)),
            Job::Atlas(lang) => OutPath::special(self.code(lang), "atlas.html"),
            Job::Coverage(lang) => OutPath::special(self.code(lang), "coverage.html"),
            Job::Print(lang) => OutPath::special(self.code(lang), "print.html"),
            Job::SearchIndex(lang) => OutPath::special(self.code(lang), "search-index.js"),
            Job::SearchTerms(lang, i) => {
                OutPath::special(self.code(lang), &format!("search/t{i}.js"))
            }
            Job::SearchDocs(lang, i) => {
                OutPath::special(self.code(lang), &format!("search/d{i}.js"))
            }
            Job::Previews(lang) => OutPath::special(self.code(lang), "previews.js"),
            Job::RootIndex => OutPath::new("index.html"),
            Job::Export => OutPath::new("atlas.json"),
            Job::NotFound => OutPath::new("404.html"),
            Job::Sitemap => OutPath::new("sitemap.xml"),
            Job::Robots => OutPath::new("robots.txt"),
            Job::NoJekyll => OutPath::new(".nojekyll"),
            Job::SyntaxCss => OutPath::new("static/syntax.css"),
            Job::Static(i) => OutPath::new(format!("static/{}", self.theme.statics()[i].rel)),
        }
    }

    /// A group's listing sits beside the kind's pages; content checks no slug takes its name.
    pub fn group_path(&self, k: KindId, g: GroupId, lang: Lang) -> OutPath {
        let kind = self.config.kind(k);
        OutPath::page(self.code(lang), &kind.id, &kind.group(g).id)
    }

    /// The code of `lang`, which names its folder.
    pub fn code(&self, lang: Lang) -> &str {
        &self.config.languages[lang].code
    }

    /// The file of a page in `lang` (made once per site: every link to a page needs it).
    pub fn page_path(&self, p: PageId, lang: Lang) -> &OutPath {
        &self.paths[p.0][lang]
    }
}
