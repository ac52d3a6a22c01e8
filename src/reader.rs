//! The site as the views read it. Every read of a page's data goes through a [`Reader`], which
//! records what was read ([`Dep`]); `serve` re-renders an output only when something it read
//! changed ([`changes`]). Views never see the [`Site`] itself, so no read can go unrecorded: the
//! dependencies are a record of the rendering, not a list kept by hand.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};

pub use crate::dep::{Aspect, Dep};

use crate::config::Config;
use crate::content::{Meta, PageId, PageText};
use crate::figures::Figures;
use crate::graph::{Backlink, Direction, LangDoc, Relation};
use crate::highlight::Highlighter;
use crate::lang::Lang;
use crate::site::Site;
use crate::url::OutPath;

/// What one output was made from, sorted and without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deps(Vec<Dep>);

impl Deps {
    /// Whether a change to `changed` can change the output.
    pub fn affected_by(&self, changed: &Changes) -> bool {
        match changed {
            Changes::All => true,
            // Few parts change at a time: look each up in the sorted reads.
            Changes::Some(set) => {
                !set.is_empty()
                    && (self.reads_everything()
                        || set.iter().any(|d| self.0.binary_search(d).is_ok()))
            }
        }
    }

    pub fn reads_everything(&self) -> bool {
        // `Everything` sorts last.
        self.0.last() == Some(&Dep::Everything)
    }

    fn of(mut reads: Vec<Dep>) -> Deps {
        reads.sort_unstable();
        reads.dedup();
        Deps(reads)
    }
}

/// Values made from a site (parts of outputs, such as a listing's rows), each kept with the reads
/// that made it, for the next renders. An entry stands for the site as long as nothing it read
/// changed: [`Memo::forget`] drops the others after each preparation, so what is kept is what
/// making it again would give (the engine's property test compares with full builds).
#[derive(Debug)]
pub struct Memo<K, V>(Mutex<Entries<K, V>>);

#[derive(Debug)]
struct Entries<K, V> {
    made: FxHashMap<K, Made<V>>,
    /// Every read of every entry (and perhaps of entries gone since): a change none of them
    /// read keeps everything without looking at each entry (a body edit, for a listing's rows).
    read: FxHashSet<Dep>,
}

/// A value with the reads that made it.
type Made<V> = (Arc<[Dep]>, V);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(Mutex::new(Entries {
            made: FxHashMap::default(),
            read: FxHashSet::default(),
        }))
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// Drops what `changed` may have changed.
    pub fn forget(&self, changed: &Changes) {
        let Ok(mut kept) = self.0.lock() else { return };
        let kept = &mut *kept;
        match changed {
            Changes::All => {
                kept.made.clear();
                kept.read.clear();
            }
            Changes::Some(set) if set.is_empty() => {}
            Changes::Some(set)
                if !kept.read.contains(&Dep::Everything)
                    && !set.iter().any(|d| kept.read.contains(d)) => {}
            Changes::Some(set) => kept.made.retain(|_, (reads, _)| {
                reads.last() != Some(&Dep::Everything)
                    && !set.iter().any(|d| reads.binary_search(d).is_ok())
            }),
        }
    }

    /// Drops everything (after a preparation that failed to render: what it kept stands for a
    /// site that was not served).
    pub fn clear(&self) {
        if let Ok(mut kept) = self.0.lock() {
            kept.made.clear();
            kept.read.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.0.lock().map_or(0, |kept| kept.made.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &K) -> Option<(Arc<[Dep]>, V)> {
        let kept = self.0.lock().ok()?;
        kept.made
            .get(key)
            .map(|(reads, v)| (Arc::clone(reads), v.clone()))
    }

    fn insert(&self, key: K, reads: Arc<[Dep]>, value: V) {
        if let Ok(mut kept) = self.0.lock() {
            kept.read.extend(reads.iter().copied());
            kept.made.insert(key, (reads, value));
        }
    }
}

/// The recording view of a site for rendering one output.
pub struct Reader<'a> {
    site: &'a Site,
    deps: RefCell<Vec<Dep>>,
}

impl<'a> Reader<'a> {
    pub fn new(site: &'a Site) -> Self {
        Reader {
            site,
            deps: RefCell::new(Vec::new()),
        }
    }

    /// What was read so far.
    pub fn into_deps(self) -> Deps {
        Deps::of(self.deps.into_inner())
    }

    /// How many reads are recorded so far: with [`Reader::reads_since`], what one part of an
    /// output read (a part kept and shared by several outputs keeps its reads with it).
    pub fn mark(&self) -> usize {
        self.deps.borrow().len()
    }

    pub fn reads_since(&self, mark: usize) -> Vec<Dep> {
        self.deps.borrow().get(mark..).unwrap_or_default().to_vec()
    }

    /// Records the reads of a part made for another output (see [`Reader::mark`]).
    pub fn replay(&self, reads: &[Dep]) {
        self.deps.borrow_mut().extend_from_slice(reads);
    }

    /// `make()`, or the value it made before under `key` where `memo` has one: its reads are
    /// recorded as if it were made again, so an output is still made from everything it shows.
    pub fn kept<K: Hash + Eq, V: Clone>(
        &self,
        memo: Option<&Memo<K, V>>,
        key: K,
        make: impl FnOnce() -> V,
    ) -> V {
        let Some(memo) = memo else { return make() };
        if let Some((reads, value)) = memo.get(&key) {
            self.replay(&reads);
            return value;
        }
        let mark = self.mark();
        let value = make();
        let Deps(reads) = Deps::of(self.reads_since(mark));
        memo.insert(key, reads.into(), value.clone());
        value
    }

    fn read(&self, dep: Dep) {
        self.deps.borrow_mut().push(dep);
    }

    fn page_read(&self, p: PageId, aspect: Aspect) {
        self.read(Dep::Page(p, aspect));
    }

    // Inputs every output depends on: not recorded.

    pub fn config(&self) -> &'a Config {
        &self.site.config
    }

    pub fn figures(&self) -> &'a Figures {
        &self.site.figures
    }

    pub fn highlighter(&self) -> Option<&'a Highlighter> {
        self.site.highlighter.as_deref()
    }

    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.site.theme.t(lang, key)
    }

    /// How numbers and dates are written in `lang` (the theme's words, like [`Reader::t`]).
    pub fn locale(&self, lang: Lang) -> &'a crate::i18n::Locale {
        self.site.theme.locale(lang)
    }

    // The set of pages, their kinds and slugs (and so their paths): a change re-renders everything.

    pub fn page_count(&self) -> usize {
        self.site.content.pages.len()
    }

    pub fn kind_of(&self, p: PageId) -> crate::config::KindId {
        self.site.content.pages[p.0].kind
    }

    pub fn slug(&self, p: PageId) -> &'a str {
        &self.site.content.pages[p.0].slug
    }

    /// The page `home_page` names in `site.toml`: made from the config and the set of pages.
    pub fn home_page(&self) -> Option<PageId> {
        self.site.home_page
    }

    pub fn page_path(&self, p: PageId, lang: Lang) -> &'a OutPath {
        self.site.page_path(p, lang)
    }

    pub fn group_path(
        &self,
        k: crate::config::KindId,
        g: crate::config::GroupId,
        lang: Lang,
    ) -> OutPath {
        self.site.group_path(k, g, lang)
    }

    // Recorded reads.

    /// Pages in listing order: kind, then `order`, then slug.
    pub fn order(&self) -> &'a [PageId] {
        self.read(Dep::Order);
        &self.site.graph.order
    }

    /// A kind's pages by group, in listing order.
    pub fn members(&self, k: crate::config::KindId) -> &'a crate::graph::Members {
        self.read(Dep::Order);
        self.read(Dep::Groups);
        &self.site.graph.members[k.0]
    }

    /// The title in `lang` (see [`crate::content::Page::title`]).
    pub fn title(&self, p: PageId, lang: Lang) -> &'a str {
        self.page_read(p, Aspect::Title);
        self.site.content.pages[p.0].title(lang)
    }

    /// How a `[[link]]` to the page reads in `lang` (see [`crate::content::Page::label`]).
    pub fn label(&self, p: PageId, lang: Lang) -> std::borrow::Cow<'a, str> {
        self.page_read(p, Aspect::Title);
        let page = &self.site.content.pages[p.0];
        page.label(lang, self.site.config.kind(page.kind).link_label)
    }

    /// The entity's name in `lang` (see [`crate::content::Page::name`]).
    pub fn name(&self, p: PageId, lang: Lang) -> &'a str {
        self.page_read(p, Aspect::Title);
        self.site.content.pages[p.0].name(lang)
    }

    /// The description in `lang`, where the page is written in it.
    pub fn description(&self, p: PageId, lang: Lang) -> Option<&'a str> {
        self.page_read(p, Aspect::Title);
        self.site.content.pages[p.0]
            .text(lang)
            .map(|t| t.description.as_str())
    }

    /// The description in the first language the page is written in.
    pub fn any_description(&self, p: PageId) -> &'a str {
        self.page_read(p, Aspect::Title);
        self.site.content.pages[p.0]
            .texts
            .iter()
            .flatten()
            .next()
            .map_or("", |t| t.description.as_str())
    }

    pub fn has_text(&self, p: PageId, lang: Lang) -> bool {
        self.page_read(p, Aspect::Languages);
        self.site.content.pages[p.0].text(lang).is_some()
    }

    /// The language whose text stands in for `lang` (itself where the page is written in it).
    pub fn shown_in(&self, p: PageId, lang: Lang) -> Lang {
        self.page_read(p, Aspect::Languages);
        self.site.content.pages[p.0].shown_in(lang)
    }

    /// The languages the page is written in.
    pub fn langs(&self, p: PageId) -> Vec<Lang> {
        self.page_read(p, Aspect::Languages);
        self.site.content.pages[p.0].langs().collect()
    }

    pub fn meta(&self, p: PageId) -> &'a Meta {
        self.page_read(p, Aspect::Meta);
        &self.site.content.pages[p.0].meta
    }

    /// The section pages it draws on, in report order.
    pub fn sections(&self, p: PageId) -> &'a [PageId] {
        self.page_read(p, Aspect::Meta);
        &self.site.graph.sections[p.0]
    }

    /// Its text in `lang` with the resolved links.
    pub fn text(&self, p: PageId, lang: Lang) -> Option<(&'a PageText, &'a LangDoc)> {
        self.page_read(p, Aspect::Body(lang));
        let text = self.site.content.pages[p.0].text(lang)?;
        Some((text, self.site.graph.doc(p, lang)?))
    }

    pub fn relations_of(&self, p: PageId) -> impl Iterator<Item = (&'a Relation, Direction)> {
        self.page_read(p, Aspect::Relations);
        self.site.graph.relations_of(p)
    }

    pub fn backlinks(&self, p: PageId, lang: Lang) -> &'a [Backlink] {
        self.page_read(p, Aspect::Backlinks(lang));
        &self.site.graph.backlinks[p.0][lang]
    }

    /// The previous and next page of the same kind in listing order.
    pub fn siblings(&self, p: PageId) -> (Option<PageId>, Option<PageId>) {
        self.page_read(p, Aspect::Siblings);
        self.site.graph.siblings(&self.site.content, p)
    }

    /// The whole site, for outputs made from all of it.
    /// The pages by name: made from every page's names.
    pub fn names(&self) -> &'a crate::charts::Names {
        self.read(Dep::Everything);
        self.site
            .names
            .get_or_init(|| crate::charts::Names::of(&self.site.content))
    }

    pub fn everything(&self) -> &'a Site {
        self.read(Dep::Everything);
        self.site
    }
}

/// What changed between two preparations of a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// The config, the theme, a data file, or the set of pages: everything may show it.
    All,
    /// These parts; empty when nothing an output reads changed.
    Some(HashSet<Dep>),
}

/// Compares every aspect a [`Reader`] records, page by page. Each accessor above reads only data
/// compared here under its aspect.
pub fn changes(old: &Site, new: &Site) -> Changes {
    let (a, b) = (&old.content.pages, &new.content.pages);
    let same_pages = a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.kind == y.kind && x.slug == y.slug);
    if !same_pages || !old.same_global_inputs(new) {
        return Changes::All;
    }
    let mut set = HashSet::new();
    // A graph kept between the two preparations (`site::Cache`) resolves every page alike: a page
    // whose texts and `meta.toml` are the ones it had is then the same in every aspect, and only
    // the edited pages need comparing.
    let same_graph = Arc::ptr_eq(&old.graph, &new.graph);
    if old.graph.order != new.graph.order {
        set.insert(Dep::Order);
    }
    if old.graph.members != new.graph.members {
        set.insert(Dep::Groups);
    }
    for i in 0..a.len() {
        let p = PageId(i);
        let mut changed = |aspect| {
            set.insert(Dep::Page(p, aspect));
        };
        let (x, y) = (&a[i], &b[i]);
        let same_texts = x.meta_file.same_text(&y.meta_file)
            && x.texts
                .iter()
                .zip(y.texts.iter())
                .all(|(s, t)| match (s, t) {
                    (None, None) => true,
                    (Some(s), Some(t)) => Arc::ptr_eq(s, t),
                    _ => false,
                });
        if same_graph && same_texts {
            continue;
        }
        // A link's label comes from the title, the `short` label or the sections.
        if !titles(x).eq(titles(y))
            || x.meta.name != y.meta.name
            || x.meta.short != y.meta.short
            || x.meta.sections != y.meta.sections
        {
            changed(Aspect::Title);
        }
        if !x
            .texts
            .iter()
            .map(Option::is_some)
            .eq(y.texts.iter().map(Option::is_some))
        {
            changed(Aspect::Languages);
        }
        if !x.meta_file.same_text(&y.meta_file) || old.graph.sections[i] != new.graph.sections[i] {
            changed(Aspect::Meta);
        }
        if !old.graph.relations_of(p).eq(new.graph.relations_of(p)) {
            changed(Aspect::Relations);
        }
        if old.graph.siblings(&old.content, p) != new.graph.siblings(&new.content, p) {
            changed(Aspect::Siblings);
        }
        for lang in &new.config.languages {
            let same_text = match (x.text(lang), y.text(lang)) {
                (None, None) => true,
                (Some(s), Some(t)) => std::ptr::eq(s, t) || s.file.same_text(&t.file),
                _ => false,
            };
            if !same_text || old.graph.doc(p, lang) != new.graph.doc(p, lang) {
                changed(Aspect::Body(lang));
            }
            let li = lang;
            if old.graph.backlinks[i][li] != new.graph.backlinks[i][li] {
                changed(Aspect::Backlinks(lang));
            }
        }
    }
    Changes::Some(set)
}

/// A page's titles and descriptions in every language it is written in.
fn titles(page: &crate::content::Page) -> impl Iterator<Item = Option<(&str, &str)>> {
    page.texts.iter().map(|t| {
        t.as_ref()
            .map(|t| (t.title.as_str(), t.description.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(p: usize) -> Dep {
        Dep::Page(PageId(p), Aspect::Title)
    }

    fn some(deps: &[Dep]) -> Changes {
        Changes::Some(deps.iter().copied().collect())
    }

    /// A memo keeps `reads` under `key`, is told `changed`, and still holds the value or not.
    fn check(reads: &[Dep], changed: Changes, expect_kept: bool) {
        let memo: Memo<u8, &str> = Memo::default();
        memo.insert(1, Deps::of(reads.to_vec()).0.into(), "row");
        memo.forget(&changed);
        assert_eq!(
            memo.get(&1).is_some(),
            expect_kept,
            "{reads:?} after {changed:?}"
        );
    }

    #[test]
    fn a_kept_value_goes_when_something_it_read_changes() {
        check(&[title(1), title(2)], some(&[title(3)]), true);
        check(&[title(1), title(2)], some(&[]), true);
        check(&[title(1), title(2)], some(&[title(2)]), false);
        check(
            &[title(1)],
            some(&[Dep::Page(PageId(1), Aspect::Meta)]),
            true,
        );
        check(&[title(1)], Changes::All, false);
        // What read everything goes with any change, and stays when nothing changed.
        check(&[title(1), Dep::Everything], some(&[title(9)]), false);
        check(&[Dep::Everything], some(&[]), true);
    }

    /// A change that no kept value read keeps them all; one that some value read drops that one
    /// only.
    #[test]
    fn a_change_drops_only_the_values_that_read_it() {
        let memo: Memo<u8, &str> = Memo::default();
        memo.insert(1, vec![title(1)].into(), "one");
        memo.insert(2, vec![title(2)].into(), "two");
        memo.forget(&some(&[title(3)]));
        assert_eq!(memo.len(), 2);
        memo.forget(&some(&[title(2), title(3)]));
        assert_eq!(
            (memo.get(&1).is_some(), memo.get(&2).is_some()),
            (true, false)
        );
        memo.clear();
        assert!(memo.is_empty());
    }

    /// A value taken from the memo records the reads that made it, as making it again would.
    #[test]
    fn a_kept_value_records_its_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let input = crate::load::load_site(root).expect("the site loads");
        let site = crate::site::prepare(&input, None, &mut crate::site::Cache::none())
            .expect("the site prepares");
        let lang = site.config.languages.all().next().expect("a language");
        let memo: Memo<PageId, String> = Memo::default();
        let read = |p: PageId| {
            let reader = Reader::new(&site);
            reader.order();
            let title = reader.kept(Some(&memo), p, || reader.title(p, lang).to_string());
            (title, reader.into_deps())
        };
        let made = read(PageId(0));
        assert_eq!(memo.len(), 1);
        let kept = read(PageId(0));
        assert_eq!(kept, made);
        assert_eq!(made.1 .0, vec![title(0), Dep::Order]);
        // Without a memo the value is made each time.
        let reader = Reader::new(&site);
        let title = reader.kept(None::<&Memo<PageId, String>>, PageId(1), || "made".into());
        assert_eq!(title, "made");
    }
}
