//! The knowledge graph: wiki links, typed relations, backlinks and report sections, resolved
//! against every page, with every problem reported together.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::{Config, RelTypeId};
use crate::content::{Content, Mark, Page, PageId};
use crate::diag::{Diagnostics, SourceText};
use crate::lang::{Lang, PerLang};
use crate::markdown::LinkId;

/// A typed edge `from —ty→ to`, stored once; the inverse is read from the same row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    pub from: PageId,
    pub ty: RelTypeId,
    pub to: PageId,
    /// Whether the report states it, or the editors inferred it, or it is outside knowledge.
    pub mark: Mark,
}

/// A wiki link resolved to a page (and a heading id on it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub page: PageId,
    pub anchor: Option<String>,
}

/// The wiki links of a page's text in one language, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangDoc {
    /// Indexed like the text's `scan.links` (by [`LinkId`]); `None` where a link did not
    /// resolve (an error).
    pub links: Vec<Option<LinkTarget>>,
}

impl LangDoc {
    /// Where the link with this id leads, if it resolved.
    pub fn link(&self, id: LinkId) -> Option<&LinkTarget> {
        self.links.get(id.index()).and_then(Option::as_ref)
    }
}

/// A link into a page from another page's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub from: PageId,
    /// The link in `from`'s text in the same language.
    pub link: LinkId,
}

/// Everything resolved: the graph over the pages.
#[derive(Debug)]
pub struct Graph {
    /// Per page, per language.
    pub docs: Vec<PerLang<Option<LangDoc>>>,
    pub relations: Vec<Relation>,
    /// Per page: the rows of `relations` it takes part in, in table order. Private: rows leave
    /// this module as `&Relation` ([`Graph::relations_of`]), never as row numbers.
    relations_by_page: Vec<Vec<usize>>,
    /// Per page: its index in `order`.
    pub position: Vec<usize>,
    /// Per page, per language: links into it from other pages' text in that language.
    pub backlinks: Vec<PerLang<Vec<Backlink>>>,
    /// Per page: the section pages it draws on, in report order.
    pub sections: Vec<Vec<PageId>>,
    /// Pages in listing order: kind, then `order`, then slug.
    pub order: Vec<PageId>,
    /// Per kind: its pages by group, in listing order (made once, so that the site tree of every
    /// page does not walk every page of the site).
    pub members: Vec<Members>,
    /// Per page, per language: whether resolving read the text's heading ids (a link's
    /// `#anchor` named it). Only these texts must keep their ids for the graph to stand
    /// ([`resolves_alike`]): most pages are never the target of an anchor.
    headings_read: Vec<PerLang<bool>>,
    /// The names (in lookup form) that resolving looked up among titles, names and aliases: a
    /// title none of them is, before or after an edit, resolves nothing ([`resolves_alike`]).
    names_read: FxHashSet<String>,
}

/// The pages of one kind in listing order: those of each group, and those of no group.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Members {
    /// Indexed by [`crate::config::GroupId`].
    pub by_group: Vec<Vec<PageId>>,
    pub loose: Vec<PageId>,
}

/// Each kind's pages by group, in listing order.
fn members_of(config: &Config, content: &Content, order: &[PageId]) -> Vec<Members> {
    let mut members: Vec<Members> = config
        .kinds
        .iter()
        .map(|kind| Members {
            by_group: vec![Vec::new(); kind.groups.len()],
            loose: Vec::new(),
        })
        .collect();
    for &p in order {
        let page = &content.pages[p.0];
        let of_kind = &mut members[page.kind.0];
        match page.meta.group {
            Some(g) => {
                if let Some(group) = of_kind.by_group.get_mut(g.0) {
                    group.push(p);
                }
            }
            None => of_kind.loose.push(p),
        }
    }
    members
}

impl Graph {
    pub fn doc(&self, page: PageId, lang: Lang) -> Option<&LangDoc> {
        self.docs[page.0][lang].as_ref()
    }

    /// Relations out of `page` and into it, each with the other end.
    pub fn relations_of(&self, page: PageId) -> impl Iterator<Item = (&Relation, Direction)> {
        self.relations_by_page[page.0].iter().map(move |&i| {
            let r = &self.relations[i];
            (
                r,
                if r.from == page {
                    Direction::Out
                } else {
                    Direction::In
                },
            )
        })
    }

    /// The previous and next page of the same kind in listing order.
    pub fn siblings(&self, content: &Content, page: PageId) -> (Option<PageId>, Option<PageId>) {
        let i = self.position[page.0];
        let kind = content.pages[page.0].kind;
        let same = |j: usize| Some(self.order[j]).filter(|q| content.pages[q.0].kind == kind);
        (
            i.checked_sub(1).and_then(same),
            self.order.get(i + 1).and_then(|_| same(i + 1)),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    Out,
    In,
}

/// Names that reach a page, by priority: slugs beat titles and names, which beat aliases. Keys
/// borrow from the pages where they are already in lookup form (lowercase, trimmed): resolving runs
/// on every rebuild while serving, so it allocates little.
struct NameIndex<'a> {
    slugs: FxHashMap<&'a str, PageId>,
    names: FxHashMap<Cow<'a, str>, Vec<PageId>>,
    aliases: FxHashMap<Cow<'a, str>, Vec<PageId>>,
    /// Per page, per language: its heading ids (a link's `#anchor` is looked up, not searched),
    /// made when a link first needs them: most pages are never the target of an anchor.
    anchors: Vec<PerLang<std::sync::OnceLock<FxHashSet<&'a str>>>>,
    /// The names looked up among titles, names and aliases (a target that is no slug), in lookup
    /// form: a title no link or relation asked for can change without changing the graph.
    names_read: std::sync::Mutex<FxHashSet<String>>,
    content: &'a Content,
    config: &'a Config,
}

enum Lookup {
    Found(PageId),
    Unknown,
    Ambiguous(Vec<PageId>),
}

/// A name in lookup form: trimmed and lowercase, borrowed where it already is.
fn key(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let changes = |c: char| {
        let mut lower = c.to_lowercase();
        lower.next() != Some(c) || lower.next().is_some()
    };
    if t.chars().any(changes) {
        Cow::Owned(t.to_lowercase())
    } else {
        Cow::Borrowed(t)
    }
}

fn add<'a>(map: &mut FxHashMap<Cow<'a, str>, Vec<PageId>>, name: &'a str, id: PageId) {
    let ids = map.entry(key(name)).or_default();
    if !ids.contains(&id) {
        ids.push(id);
    }
}

impl<'a> NameIndex<'a> {
    fn new(config: &'a Config, content: &'a Content) -> Self {
        let n = content.pages.len();
        let mut index = NameIndex {
            slugs: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            names: FxHashMap::with_capacity_and_hasher(n * 2, Default::default()),
            aliases: FxHashMap::default(),
            anchors: content
                .pages
                .iter()
                .map(|_| PerLang::from_fn(&config.languages, |_| std::sync::OnceLock::new()))
                .collect(),
            names_read: std::sync::Mutex::default(),
            content,
            config,
        };
        for (i, page) in content.pages.iter().enumerate() {
            let id = PageId(i);
            index.slugs.insert(&page.slug, id);
            for lang in &config.languages {
                if let Some(t) = page.text(lang) {
                    add(&mut index.names, &t.title, id);
                }
                if let Some(n) = &page.meta.name {
                    add(&mut index.names, n.get(lang), id);
                }
            }
            for alias in &page.meta.aliases {
                add(&mut index.aliases, alias.get_ref(), id);
            }
        }
        // Sorted ids: an ambiguous name lists its pages in a stable order.
        for ids in index.names.values_mut().chain(index.aliases.values_mut()) {
            ids.sort_unstable();
        }
        index
    }

    /// The heading ids of `page` in `lang`.
    fn anchors(&self, page: PageId, lang: Lang) -> &FxHashSet<&'a str> {
        self.anchors[page.0][lang].get_or_init(|| {
            let text = self.content.pages[page.0].text(lang);
            text.map(|t| t.scan.headings.iter().map(|h| h.id.as_str()).collect())
                .unwrap_or_default()
        })
    }

    fn lookup(&self, content: &Content, target: &str) -> Lookup {
        if let Some((kind, slug)) = target.split_once('/') {
            return match (self.config.kind_by_name(kind), self.slugs.get(slug)) {
                (Some(k), Some(&id)) if content.pages[id.0].kind == k => Lookup::Found(id),
                _ => Lookup::Unknown,
            };
        }
        if let Some(&id) = self.slugs.get(target) {
            return Lookup::Found(id);
        }
        let k = key(target);
        if let Ok(mut read) = self.names_read.lock() {
            if !read.contains(&*k) {
                read.insert(k.to_string());
            }
        }
        for map in [&self.names, &self.aliases] {
            if let Some(ids) = map.get(&k) {
                return match ids.as_slice() {
                    [id] => Lookup::Found(*id),
                    _ => Lookup::Ambiguous(ids.clone()),
                };
            }
        }
        Lookup::Unknown
    }
}

/// Whether resolving pages `now` gives `graph` and the findings that resolving `before` gave,
/// under the same `site.toml`. [`resolve`] reads of each page its kind, slug and `meta.toml`; of
/// each text its file's path, links (target and anchor), its title where a lookup asked for it
/// or asks for it now ([`Graph::names_read`]), and its heading ids where an anchor named it
/// ([`Graph::headings_read`]); where a link stands matters only to a finding at it, so a text in a
/// file that a finding points into (`pinned`) must be the same text. Linear, and allocation-free:
/// `serve` asks after every edit.
pub fn resolves_alike(
    graph: &Graph,
    before: &[Page],
    now: &[Page],
    pinned: &FxHashSet<&std::path::Path>,
) -> Alike {
    let mut retitled: Vec<PageId> = Vec::new();
    let alike = before.len() == now.len()
        && before.iter().zip(now).enumerate().all(|(p, (a, b))| {
            a.kind == b.kind
                && a.slug == b.slug
                && a.meta_file.same_path(&b.meta_file)
                && a.meta_file.same_text(&b.meta_file)
                && a.shown_in == b.shown_in
                && a.texts.by_lang().zip(b.texts.iter()).all(|((l, x), y)| {
                    let headings = match graph.headings_read.get(p) {
                        Some(read) if !read[l] => Headings::Unread,
                        _ => Headings::Read,
                    };
                    match (x, y) {
                        (None, None) => true,
                        (Some(x), Some(y)) => {
                            if x.title != y.title && retitled.last() != Some(&PageId(p)) {
                                retitled.push(PageId(p));
                            }
                            text_resolves_alike(graph, x, y, headings, pinned)
                        }
                        _ => false,
                    }
                })
        });
    match alike {
        false => Alike::No,
        true if retitled.is_empty() => Alike::Yes,
        true => Alike::YesWithOtherTitles(retitled),
    }
}

/// What [`resolves_alike`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alike {
    /// Resolving again may give another graph.
    No,
    /// The same graph, and every title is as it was.
    Yes,
    /// The same graph, though the titles of these pages (in page order) changed, which no
    /// lookup asks for: what shows their titles (the link labels the lint compares) may differ.
    YesWithOtherTitles(Vec<PageId>),
}

/// Whether resolving read a text's heading ids.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Headings {
    Read,
    Unread,
}

fn text_resolves_alike(
    graph: &Graph,
    a: &crate::content::PageText,
    b: &crate::content::PageText,
    headings: Headings,
    pinned: &FxHashSet<&std::path::Path>,
) -> bool {
    if !a.file.same_path(&b.file) {
        return false;
    }
    if a.file.same_text(&b.file) {
        return true;
    }
    let (la, lb) = (&a.scan.links, &b.scan.links);
    let (ha, hb) = (&a.scan.headings, &b.scan.headings);
    let unread = |title: &str| !graph.names_read.contains(&*key(title));
    !pinned.contains(a.file.path.as_path())
        && (a.title == b.title || (unread(&a.title) && unread(&b.title)))
        && la.len() == lb.len()
        && la
            .iter()
            .zip(lb)
            .all(|(x, y)| x.target == y.target && x.anchor == y.anchor)
        && (headings == Headings::Unread
            || (ha.len() == hb.len() && ha.iter().zip(hb).all(|(x, y)| x.id == y.id)))
}

/// A page's resolved wiki links, per language.
type PageLinks = PerLang<Option<LangDoc>>;

/// Resolves links, relations and sections of every page.
pub fn resolve(config: &Config, content: &Content) -> (Graph, Diagnostics) {
    let mut diags = Diagnostics::default();
    let index = NameIndex::new(config, content);
    // Resolve every page's links in parallel, each page collecting its own findings.
    let resolved: Vec<(PageLinks, Vec<crate::diag::Diagnostic>)> = content
        .pages
        .par_iter()
        .map(|page| {
            let mut found = Diagnostics::default();
            let mut pair: PageLinks = page.texts.map(|_, _| None);
            for lang in &config.languages {
                let Some(text) = page.text(lang) else {
                    continue;
                };
                let src = SourceText::new(&text.file.path, &text.file.text);
                let links = text
                    .scan
                    .links
                    .iter()
                    .map(|l| {
                        resolve_link(content, &index, lang, l, &src, text.body_offset, &mut found)
                    })
                    .collect();
                pair[lang] = Some(LangDoc { links });
            }
            (pair, found.0)
        })
        .collect();
    let mut docs: Vec<PerLang<Option<LangDoc>>> = Vec::with_capacity(resolved.len());
    for (pair, found) in resolved {
        diags.extend(found);
        docs.push(pair);
    }

    let relations = resolve_relations(config, content, &index, &mut diags);
    let sections = resolve_sections(config, content, &mut diags);
    check_parity(config, content, &docs, &mut diags);

    let mut order: Vec<PageId> = (0..content.pages.len()).map(PageId).collect();
    order.sort_by(|a, b| {
        let (pa, pb) = (&content.pages[a.0], &content.pages[b.0]);
        (pa.kind, pa.meta.order.unwrap_or(i64::MAX), &pa.slug).cmp(&(
            pb.kind,
            pb.meta.order.unwrap_or(i64::MAX),
            &pb.slug,
        ))
    });
    let mut position = vec![0; content.pages.len()];
    for (i, p) in order.iter().enumerate() {
        position[p.0] = i;
    }
    let backlinks = backlinks_of(&docs, &position);
    let mut relations_by_page: Vec<Vec<usize>> = vec![Vec::new(); content.pages.len()];
    for (i, r) in relations.iter().enumerate() {
        relations_by_page[r.from.0].push(i);
        relations_by_page[r.to.0].push(i);
    }
    check_isolated(config, content, &relations_by_page, &mut diags);
    let members = members_of(config, content, &order);
    let headings_read = index
        .anchors
        .iter()
        .map(|per_lang| per_lang.map(|_, read| read.get().is_some()))
        .collect();
    let names_read = index.names_read.into_inner().unwrap_or_default();
    let graph = Graph {
        docs,
        relations,
        relations_by_page,
        position,
        backlinks,
        sections,
        order,
        members,
        headings_read,
        names_read,
    };
    (graph, diags)
}

/// Every page's backlinks from the pages' resolved links, in listing order: one per linking page
/// and language, at its first mention (which carries the context).
fn backlinks_of(
    docs: &[PerLang<Option<LangDoc>>],
    position: &[usize],
) -> Vec<PerLang<Vec<Backlink>>> {
    let mut backlinks: Vec<PerLang<Vec<Backlink>>> =
        docs.iter().map(|d| d.map(|_, _| Vec::new())).collect();
    for (from, pair) in docs.iter().enumerate() {
        for (li, doc) in pair.by_lang() {
            let Some(doc) = doc else { continue };
            let mut seen = BTreeSet::new();
            for (link, target) in doc.links.iter().enumerate() {
                if let Some(t) = target {
                    if t.page.0 != from && seen.insert(t.page) {
                        backlinks[t.page.0][li].push(Backlink {
                            from: PageId(from),
                            link: LinkId::at(link),
                        });
                    }
                }
            }
        }
    }
    for list in &mut backlinks {
        for per_lang in list.iter_mut() {
            per_lang.sort_by_key(|b| position[b.from.0]);
        }
    }
    backlinks
}

fn resolve_link(
    content: &Content,
    index: &NameIndex,
    lang: Lang,
    link: &crate::markdown::WikiRef,
    src: &SourceText,
    body_offset: usize,
    diags: &mut Diagnostics,
) -> Option<LinkTarget> {
    let at = body_offset + link.offset;
    let page = match index.lookup(content, &link.target) {
        Lookup::Found(id) => id,
        Lookup::Unknown => {
            // As written, anchor included: `[[#overview]]` names no page, and says so.
            let written = match &link.anchor {
                Some(anchor) => format!("{}#{anchor}", link.target),
                None => link.target.clone(),
            };
            diags.push(src.error(at, format!("unknown link target `[[{written}]]`")));
            return None;
        }
        Lookup::Ambiguous(ids) => {
            let names: Vec<String> = ids
                .iter()
                .map(|id| full_slug(index.config, &content.pages[id.0]))
                .collect();
            diags.push(src.error(
                at,
                format!(
                    "ambiguous link target `[[{}]]`: could be {} (link by slug)",
                    link.target,
                    names.join(", ")
                ),
            ));
            return None;
        }
    };
    if let Some(anchor) = &link.anchor {
        // Anchors are checked in the target's text of the same language (or the one standing in).
        let target = &content.pages[page.0];
        if !index
            .anchors(page, target.shown_in(lang))
            .contains(anchor.as_str())
        {
            diags.push(src.error(
                at,
                format!(
                    "unknown heading `#{anchor}` on `{}`",
                    full_slug(index.config, &content.pages[page.0])
                ),
            ));
            return None;
        }
    }
    Some(LinkTarget {
        page,
        anchor: link.anchor.clone(),
    })
}

pub fn full_slug(config: &Config, page: &Page) -> String {
    format!("{}/{}", config.kind(page.kind).id, page.slug)
}

fn resolve_relations(
    config: &Config,
    content: &Content,
    index: &NameIndex,
    diags: &mut Diagnostics,
) -> Vec<Relation> {
    let mut relations = Vec::new();
    // Symmetric edges by their unordered ends, with the page that declared them first.
    let mut symmetric: BTreeMap<(RelTypeId, PageId, PageId), PageId> = BTreeMap::new();
    for (i, page) in content.pages.iter().enumerate() {
        let src = SourceText::new(&page.meta_file.path, &page.meta_file.text);
        for entry in &page.meta.relations {
            let ty = entry.rel_type;
            let Some(to) = relation_end(content, index, ty, i, entry, &src, diags) else {
                continue;
            };
            let from = PageId(i);
            let rel = config.relation(ty);
            if rel.symmetric {
                let ends = (ty, from.min(to), from.max(to));
                match symmetric.get(&ends) {
                    Some(&first) if first != from => {
                        diags.push(src.warning(
                            entry.offset,
                            format!(
                                "`{}` is symmetric and `{}` already declares it: keep one of the two",
                                rel.id,
                                full_slug(config, &content.pages[first.0])
                            ),
                        ));
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        symmetric.insert(ends, from);
                    }
                }
            }
            relations.push(Relation {
                from,
                ty,
                to,
                mark: entry.mark,
            });
        }
    }
    relations.sort_unstable();
    relations.dedup();
    relations
}

/// The page a relation entry of page `i` points at, if it exists and the relation may point
/// there; a symmetric relation must also be able to point back.
fn relation_end(
    content: &Content,
    index: &NameIndex,
    ty: RelTypeId,
    i: usize,
    entry: &crate::content::RelationEntry,
    src: &SourceText,
    diags: &mut Diagnostics,
) -> Option<PageId> {
    let config = index.config;
    let rel = config.relation(ty);
    let to = match index.lookup(content, &entry.target) {
        Lookup::Found(id) => id,
        Lookup::Unknown => {
            diags.push(src.error(
                entry.offset,
                format!("unknown relation target `{}`", entry.target),
            ));
            return None;
        }
        Lookup::Ambiguous(_) => {
            diags.push(src.error(
                entry.offset,
                format!("ambiguous relation target `{}`: use the slug", entry.target),
            ));
            return None;
        }
    };
    let allowed = || {
        rel.targets
            .iter()
            .map(|k| config.kind(*k).id.as_str())
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let target_kind = content.pages[to.0].kind;
    if !rel.targets.contains(&target_kind) {
        diags.push(src.error(
            entry.offset,
            format!(
                "`{}` must point to {}, but `{}` is a page of kind `{}`",
                rel.id,
                allowed(),
                entry.target,
                config.kind(target_kind).id
            ),
        ));
        return None;
    }
    let own_kind = content.pages[i].kind;
    if rel.symmetric && !rel.targets.contains(&own_kind) {
        diags.push(src.error(
            entry.offset,
            format!(
                "`{}` is symmetric, so it joins {} only, but this page is of kind `{}`",
                rel.id,
                allowed(),
                config.kind(own_kind).id
            ),
        ));
        return None;
    }
    if to.0 == i {
        diags.push(src.error(
            entry.offset,
            format!("`{}` points to the page itself", rel.id),
        ));
        return None;
    }
    Some(to)
}

/// Entities (pages of kinds that do not hold the report's sections) with no relation in either
/// direction cannot be reached through the graph: a warning, unless `isolated` says why.
fn check_isolated(
    config: &Config,
    content: &Content,
    relations_by_page: &[Vec<usize>],
    diags: &mut Diagnostics,
) {
    for (page, rels) in content.pages.iter().zip(relations_by_page) {
        let src = SourceText::new(&page.meta_file.path, &page.meta_file.text);
        if !config.kind(page.kind).has_entities() {
            if let Some(why) = &page.meta.isolated {
                diags.push(src.warning(
                    why.span().start,
                    format!(
                        "`isolated` means nothing on a page of kind `{}`, whose pages are no entities of the graph: drop it",
                        config.kind(page.kind).id
                    ),
                ));
            }
            continue;
        }
        match (&page.meta.isolated, rels.is_empty()) {
            (None, true) => diags.push(src.warning(
                relations_header(&page.meta_file.text),
                format!(
                    "`{}` has no relation to or from any page: add one under [relations], or say why with `isolated = \"…\"`",
                    full_slug(config, page)
                ),
            )),
            (Some(why), false) => diags.push(src.warning(
                why.span().start,
                format!(
                    "`{}` says it is `isolated` but has {} relation(s): drop `isolated`",
                    full_slug(config, page),
                    rels.len()
                ),
            )),
            _ => {}
        }
    }
}

/// Where `meta.toml` opens its `[relations]` table, or its start.
fn relations_header(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "[relations]" {
            return offset;
        }
        offset += line.len();
    }
    0
}

/// Section pages are those of kinds that hold sections; a page's `sections` name their slide ids,
/// and a bare section number (`1.3.2`) stands for all of its lettered slides.
fn resolve_sections(
    config: &Config,
    content: &Content,
    diags: &mut Diagnostics,
) -> Vec<Vec<PageId>> {
    // Section ids of the pages that hold sections; a lettered slide (`1.3.2a`) is also found under
    // its bare number (`1.3.2`).
    let mut holders: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (i, page) in content.pages.iter().enumerate() {
        if config.kind(page.kind).holds_sections {
            for s in &page.meta.sections {
                let id = s.get_ref().as_str();
                holders.entry(id).or_default().push(PageId(i));
                if let Some(bare) = id
                    .strip_suffix(|c: char| c.is_ascii_lowercase())
                    .filter(|b| !b.is_empty())
                {
                    holders.entry(bare).or_default().push(PageId(i));
                }
            }
        }
    }
    content
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let src = SourceText::new(&page.meta_file.path, &page.meta_file.text);
            let mut found: Vec<PageId> = Vec::new();
            for s in &page.meta.sections {
                let hits: Vec<PageId> = holders
                    .get(s.get_ref().as_str())
                    .cloned()
                    .unwrap_or_default();
                if hits.is_empty() && !holders.is_empty() {
                    diags.push(src.error(
                        s.span().start,
                        format!("unknown report section `{}`", s.get_ref()),
                    ));
                }
                for h in hits {
                    if h.0 != i && !found.contains(&h) {
                        found.push(h);
                    }
                }
            }
            found.sort_by_key(|p| (content.pages[p.0].meta.order, p.0));
            found
        })
        .collect()
}

/// Pages whose languages link different sets of targets, and pages missing a language.
fn check_parity(
    config: &Config,
    content: &Content,
    docs: &[PerLang<Option<LangDoc>>],
    diags: &mut Diagnostics,
) {
    let code = |l: Lang| config.languages[l].code.as_str();
    for (i, page) in content.pages.iter().enumerate() {
        for lang in &config.languages {
            if page.text(lang).is_none() {
                diags.push(crate::diag::Diagnostic {
                    file: page
                        .meta_file
                        .path
                        .with_file_name(format!("{}.md", code(lang))),
                    line: 0,
                    col: 0,
                    severity: crate::diag::Severity::Warning,
                    message: format!(
                        "translation missing: `{}` has no {} text",
                        full_slug(config, page),
                        code(lang)
                    ),
                });
            }
        }
        let set = |d: &LangDoc| {
            d.links
                .iter()
                .flatten()
                .map(|l| l.page)
                .collect::<BTreeSet<_>>()
        };
        // Each language is compared with the first one the page is written in.
        let mut written = docs[i]
            .by_lang()
            .filter_map(|(l, d)| Some((l, set(d.as_ref()?))));
        let Some((first, first_set)) = written.next() else {
            continue;
        };
        for (lang, lang_set) in written {
            if lang_set == first_set {
                continue;
            }
            let names = |ids: Vec<&PageId>| {
                ids.iter()
                    .map(|p| content.pages[p.0].slug.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let only_first = names(first_set.difference(&lang_set).collect());
            let only_lang = names(lang_set.difference(&first_set).collect());
            let Some(text) = page.text(lang) else {
                continue;
            };
            let mut message =
                String::from("translation parity: the languages link different pages;");
            if !only_first.is_empty() {
                message.push_str(&format!(" only {} links {only_first};", code(first)));
            }
            if !only_lang.is_empty() {
                message.push_str(&format!(" only {} links {only_lang};", code(lang)));
            }
            diags.push(crate::diag::Diagnostic {
                file: text.file.path.clone(),
                line: 0,
                col: 0,
                severity: crate::diag::Severity::Warning,
                message: message.trim_end_matches(';').to_string(),
            });
        }
    }
}
