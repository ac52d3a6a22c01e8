//! The site tree shown beside every page (a sidebar on wide screens, a menu on phones): the report's
//! chapters with all their sections, then every other kind by group, the current group opened to
//! its pages, and the current page marked.
//!
//! The tree is built from the output paths alone: an entry is current when it links to the file
//! being rendered, so listings, group pages and entity pages need no special cases.

use serde::Serialize;

use crate::config::KindId;
use crate::content::PageId;
use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::theme::Part;
use crate::url::OutPath;

use super::View;

/// A link in the tree.
#[derive(Debug, Serialize)]
pub struct NavLink {
    pub title: String,
    pub href: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub current: bool,
}

/// A group of a kind: a chapter of the report or a group of entities.
#[derive(Debug, Serialize)]
pub struct NavGroup {
    pub link: NavLink,
    pub count: usize,
    /// Holds the current page, or is the current page: shown open.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    /// The group's pages: always for the report's chapters, for other kinds only when open (every
    /// entity on every page would outweigh the page itself).
    pub pages: Vec<NavLink>,
    /// The group through `tree-group.html`, when it is rendered once for its folder (in an open
    /// kind, a group that is neither open nor current); `pages` is then left out.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "some_str")]
    pub html: Option<std::sync::Arc<str>>,
}

fn some_str<S: serde::Serializer>(
    html: &Option<std::sync::Arc<str>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(html.as_deref().unwrap_or_default())
}

/// What `tree-group.html` knows of a group's kind.
#[derive(Serialize)]
struct GroupKind {
    holds_sections: bool,
}

/// A kind with its groups, or its pages where it has none.
#[derive(Debug, Serialize)]
pub struct NavKind {
    pub link: NavLink,
    pub count: usize,
    /// The report: its chapters list every section (folded unless current).
    pub holds_sections: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    pub groups: Vec<NavGroup>,
    /// The pages of a kind without groups (when open), or of no group.
    pub pages: Vec<NavLink>,
}

/// The most sections a report kind lists whole in every page's tree.
const WHOLE_UP_TO: usize = 300;

/// How many pages of an open group the tree lists on either side of the current one: a group of
/// thousands (a generated site) would otherwise put thousands of links on each of its pages, and
/// the build would grow with the square of the site. The group's own page lists them all.
const AROUND: usize = 30;

/// The members shown of a list: all of a short one; of a long one, those around `here` (or the
/// first ones when `here` is not in it).
fn around(list: &[PageId], here: Option<PageId>) -> &[PageId] {
    if list.len() <= 2 * AROUND + 1 {
        return list;
    }
    let at = here
        .and_then(|h| list.iter().position(|p| *p == h))
        .unwrap_or(0);
    let start = at.saturating_sub(AROUND).min(list.len() - (2 * AROUND + 1));
    &list[start..start + 2 * AROUND + 1]
}

impl View<'_, '_> {
    /// The tree for the file at `path`: each kind's entry as HTML, in site order.
    pub(super) fn tree(
        &self,
        lang: Lang,
        path: &OutPath,
        page: Option<PageId>,
    ) -> Result<Vec<std::sync::Arc<str>>, Diagnostic> {
        (0..self.r.config().kinds.len())
            .map(|k| self.kind_html(KindId(k), lang, path, page))
            .collect()
    }

    /// A kind's entry through `tree.html`. A kind that holds neither the file being rendered nor
    /// its page reads the same from every file of a folder: it is rendered once per language and
    /// folder (rendering it for each page was a quarter of a build). The open one differs on
    /// every page and is not kept: keeping it would hold a copy of every page's tree.
    fn kind_html(
        &self,
        k: KindId,
        lang: Lang,
        path: &OutPath,
        page: Option<PageId>,
    ) -> Result<std::sync::Arc<str>, Diagnostic> {
        let render = |entry: &NavKind| -> Result<std::sync::Arc<str>, Diagnostic> {
            let mut ctx = tera::Context::new();
            ctx.insert("k", entry);
            let bytes = self
                .theme
                .render_with("tree.html", lang, ctx, path.as_str())?;
            Ok(String::from_utf8_lossy(&bytes).into())
        };
        let Some(key) = self.closed_key(k, lang, path, page) else {
            let mut entry = self.kind_entry(k, lang, path, page);
            self.keep_closed_groups(k, &mut entry, lang, path)?;
            return render(&entry);
        };
        let part = self.theme.memo("tree.html", lang, key, || {
            let mark = self.r.mark();
            let html = render(&self.kind_entry(k, lang, path, page))?;
            Ok(Part {
                html,
                reads: self.r.reads_since(mark).into(),
            })
        })?;
        // Read here too, though rendered for another file.
        self.r.replay(&part.reads);
        Ok(part.html)
    }

    /// Gives the groups of an open kind that are neither open nor current their HTML, rendered
    /// once per folder: such a group shows no page as current, so it reads alike from every file
    /// of the folder (the report's chapters list every section: rendering them for each page was
    /// most of the tree). `entry` has read the groups' pages already, so the file records them.
    fn keep_closed_groups(
        &self,
        k: KindId,
        entry: &mut NavKind,
        lang: Lang,
        path: &OutPath,
    ) -> Result<(), Diagnostic> {
        let kind = GroupKind {
            holds_sections: entry.holds_sections,
        };
        // `g` counts the groups the entry lists, the same for every file of the site.
        for (g, group) in entry.groups.iter_mut().enumerate() {
            if group.open || group.link.current {
                continue;
            }
            let key = format!("{}\u{0}{}\u{0}{}", k.0, g, path.folder());
            let part = self.theme.memo("tree-group.html", lang, key, || {
                let mut ctx = tera::Context::new();
                ctx.insert("k", &kind);
                ctx.insert("g", &*group);
                let bytes = self
                    .theme
                    .render_with("tree-group.html", lang, ctx, path.as_str())?;
                Ok(Part {
                    html: String::from_utf8_lossy(&bytes).into(),
                    reads: Vec::new().into(),
                })
            })?;
            group.html = Some(part.html);
            group.pages = Vec::new();
        }
        Ok(())
    }

    /// What a closed kind's entry is made from, where the kind is closed. Outside its folder
    /// nothing in it is current or open, so [`View::kind_entry`] reads only the kind, the
    /// language and the folder of `path` (links are relative to the folder): equal keys give
    /// equal entries (the test `a_kind_is_the_same_from_the_memo` checks every file).
    fn closed_key(
        &self,
        k: KindId,
        lang: Lang,
        path: &OutPath,
        page: Option<PageId>,
    ) -> Option<String> {
        let kind = self.r.config().kind(k);
        let listing = OutPath::listing(self.code(lang), &kind.id);
        let inside = path.as_str().starts_with(listing.folder());
        let holds_page = page.is_some_and(|p| self.r.kind_of(p) == k);
        (!inside && !holds_page).then(|| format!("{}\u{0}{}", k.0, path.folder()))
    }

    fn kind_entry(&self, k: KindId, lang: Lang, path: &OutPath, page: Option<PageId>) -> NavKind {
        let kind = self.r.config().kind(k);
        let members = self.r.members(k);
        let count = members.by_group.iter().map(Vec::len).sum::<usize>() + members.loose.len();
        let link = |p: PageId| {
            let target = self.r.page_path(p, lang);
            NavLink {
                title: self.r.title(p, lang).to_string(),
                current: target == path,
                href: path.href_to(target),
            }
        };
        // A report's sections are all listed, so the whole report can be seen from any page; past
        // `WHOLE_UP_TO` pages (a generated or very large site) only the open chapter is, so every
        // page's tree stays small.
        let whole = kind.holds_sections && count <= WHOLE_UP_TO;
        let listing = OutPath::listing(self.code(lang), &kind.id);
        // Inside the kind's folder: its listing, a group page or one of its pages.
        let inside = path.as_str().starts_with(listing.folder());
        // The page rendered, where it is one of this kind's: its group is the open one.
        let here_page = page.filter(|p| self.r.kind_of(*p) == k);
        let here_group = here_page.and_then(|p| self.r.meta(p).group);
        let shown = |list: &[PageId]| -> Vec<NavLink> {
            around(list, here_page).iter().map(|p| link(*p)).collect()
        };
        let groups: Vec<NavGroup> = kind
            .group_ids()
            .zip(kind.groups.iter().zip(&members.by_group))
            .filter(|(_, (_, members))| !members.is_empty())
            .map(|(g, (group, members))| {
                let target = self.r.group_path(k, g, lang);
                let here = target == *path;
                let open = here || here_group == Some(g);
                NavGroup {
                    link: NavLink {
                        title: group.name.get(lang).to_string(),
                        href: path.href_to(&target),
                        current: here,
                    },
                    count: members.len(),
                    open,
                    pages: if whole || open {
                        shown(members)
                    } else {
                        Vec::new()
                    },
                    html: None,
                }
            })
            .collect();
        // Pages outside every group (a kind without groups has only these).
        let loose: Vec<NavLink> = if whole || inside {
            shown(&members.loose)
        } else {
            Vec::new()
        };
        NavKind {
            link: NavLink {
                title: kind.name.get(lang).to_string(),
                href: path.href_to(&listing),
                current: listing == *path,
            },
            count,
            holds_sections: kind.holds_sections,
            open: inside,
            groups,
            pages: loose,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::Job;
    use crate::reader::{Dep, Reader};

    /// What a fresh reader records while `read` runs, sorted and without repeats.
    fn reads(site: &crate::site::Site, read: impl FnOnce(&View)) -> Vec<Dep> {
        let reader = Reader::new(site);
        read(&View {
            r: &reader,
            theme: &site.theme,
            kept: None,
        });
        let mut deps: Vec<Dep> = reader.reads_since(0);
        deps.sort_unstable();
        deps.dedup();
        deps
    }

    /// Every kind of every file of the real site as the tree shows it (a closed kind and the
    /// closed groups of an open one taken from the memo) equals the entry rendered whole for that
    /// file, and the file records the same reads as if it had rendered it.
    #[test]
    fn a_kind_is_the_same_from_the_memo() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let input = crate::load::load_site(root).expect("the site loads");
        let site = crate::site::prepare(&input, None, &mut crate::site::Cache::none())
            .expect("the site prepares");
        let mut closed = 0;
        for job in site.jobs() {
            let (lang, page) = match job {
                Job::Page(p, l) => (l, Some(p)),
                Job::Listing(_, l) | Job::Group(_, _, l) | Job::Home(l) => (l, None),
                Job::Atlas(l) | Job::Coverage(l) | Job::Print(l) => (l, None),
                _ => continue,
            };
            let path = site.path(job);
            for k in (0..site.config.kinds.len()).map(KindId) {
                let reader = Reader::new(&site);
                let view = View {
                    r: &reader,
                    theme: &site.theme,
                    kept: None,
                };
                if view.closed_key(k, lang, &path, page).is_some() {
                    closed += 1;
                }
                let kept = view.kind_html(k, lang, &path, page).expect("renders");
                let mut ctx = site.theme.context(lang);
                ctx.insert("k", &view.kind_entry(k, lang, &path, page));
                let fresh = site.theme.render("tree.html", &ctx, path.as_str());
                let fresh = String::from_utf8(fresh.expect("renders")).expect("UTF-8");
                assert_eq!(&*kept, fresh, "{}: kind {}", path.as_str(), k.0);
                let kept_reads = reads(&site, |v| {
                    v.kind_html(k, lang, &path, page).expect("renders");
                });
                let fresh_reads = reads(&site, |v| {
                    v.kind_entry(k, lang, &path, page);
                });
                assert_eq!(kept_reads, fresh_reads, "{}: kind {}", path.as_str(), k.0);
            }
        }
        assert!(closed > 1000, "only {closed} closed kinds");
        let kept = site.theme.memo_len("tree-group.html");
        assert!(kept > 20, "only {kept} closed groups kept");
    }

    fn check(len: usize, here: Option<usize>, expect: (usize, usize)) {
        let list: Vec<PageId> = (0..len).map(PageId).collect();
        let shown = around(&list, here.map(PageId));
        let got = (shown.first().map_or(0, |p| p.0), shown.len());
        assert_eq!(got, expect, "{len} pages, current {here:?}");
    }

    #[test]
    fn a_short_group_is_listed_whole() {
        check(0, None, (0, 0));
        check(61, Some(60), (0, 61));
    }

    #[test]
    fn a_long_group_shows_the_pages_around_the_current_one() {
        check(1000, None, (0, 61));
        check(1000, Some(5), (0, 61));
        check(1000, Some(500), (470, 61));
        check(1000, Some(999), (939, 61));
        check(1000, Some(5000), (0, 61));
    }
}
