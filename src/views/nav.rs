//! The site tree shown beside every page (a sidebar on wide screens, a menu on phones): the report's
//! chapters with all their sections, then every other kind by group, the current group opened to
//! its pages, and the current page marked.
//!
//! The tree is built from the output paths alone: an entry is current when it links to the file
//! being rendered, so listings, group pages and entity pages need no special cases.

use serde::Serialize;

use crate::config::KindId;
use crate::content::PageId;
use crate::lang::Lang;
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

/// The whole tree of one language, as seen from one file.
#[derive(Debug, Serialize)]
pub struct NavTree {
    pub kinds: Vec<NavKind>,
}

/// The most sections a report kind lists whole in every page's tree.
const WHOLE_UP_TO: usize = 300;

impl View<'_, '_> {
    /// The tree for the file at `path`.
    pub(super) fn tree(&self, lang: Lang, path: &OutPath) -> NavTree {
        let kinds = (0..self.r.config().kinds.len())
            .map(|k| self.kind_entry(KindId(k), lang, path))
            .collect();
        NavTree { kinds }
    }

    fn kind_entry(&self, k: KindId, lang: Lang, path: &OutPath) -> NavKind {
        let kind = self.r.config().kind(k);
        let pages: Vec<PageId> = self
            .r
            .order()
            .iter()
            .copied()
            .filter(|p| self.r.kind_of(*p) == k)
            .collect();
        let link = |p: PageId| {
            let target = self.r.page_path(p, lang);
            NavLink {
                title: self.r.title(p, lang).to_string(),
                current: target == *path,
                href: path.href_to(&target),
            }
        };
        // A report's sections are all listed, so the whole report can be seen from any page; past
        // `WHOLE_UP_TO` pages (a generated or very large site) only the open chapter is, so every
        // page's tree stays small.
        let whole = kind.holds_sections && pages.len() <= WHOLE_UP_TO;
        let listing = OutPath::listing(self.code(lang), &kind.id);
        // Inside the kind's folder: its listing, a group page or one of its pages.
        let folder = listing.as_str().trim_end_matches("index.html");
        let inside = path.as_str().strip_prefix(folder).is_some();
        // The slug of the file rendered, where it is one of this kind's pages: a member is current
        // when its slug is this one (no path is made for the members of a folded group: at ten
        // thousand pages that was most of the build).
        let here_slug = path
            .as_str()
            .strip_prefix(folder)
            .and_then(|rest| rest.strip_suffix(".html"));
        // The kind's pages by group, in listing order, and those of no group.
        let mut by_group: Vec<Vec<PageId>> = vec![Vec::new(); kind.groups.len()];
        let mut loose_pages: Vec<PageId> = Vec::new();
        for p in &pages {
            match self.r.meta(*p).group {
                Some(g) if g < by_group.len() => by_group[g].push(*p),
                Some(_) => {}
                None => loose_pages.push(*p),
            }
        }
        let groups: Vec<NavGroup> = kind
            .groups
            .iter()
            .zip(by_group)
            .enumerate()
            .filter(|(_, (_, members))| !members.is_empty())
            .map(|(g, (group, members))| {
                let target = self.r.group_path(k, g, lang);
                let here = target == *path;
                let open = here || members.iter().any(|m| Some(self.r.slug(*m)) == here_slug);
                let count = members.len();
                NavGroup {
                    link: NavLink {
                        title: group.name.get(lang).to_string(),
                        href: path.href_to(&target),
                        current: here,
                    },
                    count,
                    open,
                    pages: if whole || open {
                        members.iter().map(|p| link(*p)).collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        // Pages outside every group (a kind without groups has only these).
        let show_loose = whole || inside;
        let loose: Vec<NavLink> = if show_loose {
            loose_pages.iter().map(|p| link(*p)).collect()
        } else {
            Vec::new()
        };
        NavKind {
            link: NavLink {
                title: kind.name.get(lang).to_string(),
                href: path.href_to(&listing),
                current: listing == *path,
            },
            count: pages.len(),
            holds_sections: kind.holds_sections,
            open: inside,
            groups,
            pages: loose,
        }
    }
}
