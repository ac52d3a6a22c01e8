//! Incremental rebuilds for `atlas serve`: which output files a change can affect.
//!
//! Pure: compares the previous and the new prepared site. A change to the config, the theme or a
//! data file affects everything; a page's change affects the page, the pages it links to and that
//! link to it, its relation neighbours and section pages (before and after the change), and the
//! site-wide files (listings, home, atlas, search index, sitemap).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use crate::content::PageId;
use crate::load::{Input, SourceFile};
use crate::render::Job;
use crate::Prepared;

/// A hash of the inputs every page depends on.
pub fn global_hash(config: &SourceFile, input: &Input) -> u64 {
    let mut h = DefaultHasher::new();
    config.text.hash(&mut h);
    for f in input
        .theme
        .templates
        .iter()
        .chain(&input.theme.i18n)
        .chain(&input.data)
    {
        f.path.hash(&mut h);
        f.text.hash(&mut h);
    }
    for s in &input.theme.statics {
        s.rel.hash(&mut h);
        s.bytes.hash(&mut h);
    }
    h.finish()
}

/// What to render after a change.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    All,
    Jobs(Vec<Job>),
}

fn page_key(p: &Prepared, id: PageId) -> (usize, &str) {
    let page = &p.content.pages[id.0];
    (page.kind.0, page.slug.as_str())
}

/// The texts a page is made from.
fn page_inputs(p: &Prepared, id: PageId) -> (&str, Vec<Option<&str>>) {
    let page = &p.content.pages[id.0];
    (
        page.meta_file.text.as_str(),
        page.texts
            .iter()
            .map(|t| t.as_ref().map(|t| t.file.text.as_str()))
            .collect(),
    )
}

/// What about a page changed, which decides who else must be rendered again.
#[derive(Debug, Clone, Copy)]
struct Change {
    /// Titles or names: every page that shows a link to it.
    titles: bool,
    /// `meta.toml`: relations and sections, shown on the neighbours' pages.
    meta: bool,
}

/// The pages whose output may show something of `id` that `change` touches.
fn neighbours(p: &Prepared, id: PageId, change: Change, out: &mut BTreeSet<(usize, String)>) {
    let key = |q: PageId| {
        let (k, s) = page_key(p, q);
        (k, s.to_string())
    };
    out.insert(key(id));
    // Pages it links to show the sentence around the link in their backlinks.
    for doc in p.graph.docs[id.0].iter().flatten() {
        out.extend(doc.links.iter().flatten().map(|l| key(l.page)));
    }
    if change.titles {
        for per_lang in &p.graph.backlinks[id.0] {
            out.extend(per_lang.iter().map(|b| key(b.from)));
        }
    }
    if change.titles || change.meta {
        for (r, _) in p.graph.relations_of(id) {
            out.insert(key(r.from));
            out.insert(key(r.to));
        }
        out.extend(p.graph.sections[id.0].iter().map(|s| key(*s)));
        for (q, sections) in p.graph.sections.iter().enumerate() {
            if sections.contains(&id) {
                out.insert(key(PageId(q)));
            }
        }
    }
}

fn descriptions(p: &Prepared, id: PageId) -> Vec<&str> {
    p.content.pages[id.0]
        .texts
        .iter()
        .flatten()
        .map(|t| t.description.as_str())
        .collect()
}

fn is_home_page(p: &Prepared, id: PageId) -> bool {
    let page = &p.content.pages[id.0];
    p.config
        .home_page
        .as_ref()
        .is_some_and(|(k, s)| *s == page.slug && p.config.kind(page.kind).id == *k)
}

fn titles(p: &Prepared, id: PageId) -> Vec<&str> {
    let page = &p.content.pages[id.0];
    p.config
        .languages
        .all()
        .flat_map(|l| [page.title(l), page.name(l)])
        .collect()
}

pub fn plan(old: &Prepared, new: &Prepared) -> Plan {
    if old.global_inputs != new.global_inputs || old.content.pages.len() != new.content.pages.len()
    {
        return Plan::All;
    }
    let old_index: BTreeMap<(usize, &str), PageId> = (0..old.content.pages.len())
        .map(|i| (page_key(old, PageId(i)), PageId(i)))
        .collect();
    let mut affected: BTreeSet<(usize, String)> = BTreeSet::new();
    // Whether the site-wide listings can show the change: titles, descriptions, facts,
    // relations (meta), or the text of the page the home page leads with.
    let mut listed = false;
    for i in 0..new.content.pages.len() {
        let id = PageId(i);
        let Some(&old_id) = old_index.get(&page_key(new, id)) else {
            return Plan::All;
        };
        let (before, after) = (page_inputs(old, old_id), page_inputs(new, id));
        if before != after {
            let change = Change {
                titles: titles(old, old_id) != titles(new, id),
                meta: before.0 != after.0,
            };
            neighbours(old, old_id, change, &mut affected);
            neighbours(new, id, change, &mut affected);
            listed |= change.titles
                || change.meta
                || descriptions(old, old_id) != descriptions(new, id)
                || is_home_page(new, id);
        }
    }
    if affected.is_empty() {
        return Plan::Jobs(Vec::new());
    }
    let site = new.site();
    let new_index: BTreeMap<(usize, &str), PageId> = (0..new.content.pages.len())
        .map(|i| (page_key(new, PageId(i)), PageId(i)))
        .collect();
    let mut jobs: Vec<Job> = site
        .jobs()
        .into_iter()
        .filter(|j| match j {
            Job::Page(..) | Job::Static(_) | Job::SyntaxCss | Job::NoJekyll => false,
            // Made from every page's text.
            Job::SearchIndex(_) | Job::Print(_) => true,
            _ => listed,
        })
        .collect();
    for (kind, slug) in &affected {
        if let Some(&id) = new_index.get(&(*kind, slug.as_str())) {
            jobs.extend(new.config.languages.all().map(|l| Job::Page(id, l)));
        }
    }
    Plan::Jobs(jobs)
}
