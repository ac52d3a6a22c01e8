//! What an output can be made from: the record [`crate::reader::Reader`] keeps of a rendering.
//! Apart from the reader so that the theme, below it, can keep a shared part's reads with it.

use crate::content::PageId;
use crate::lang::Lang;

/// A part of a page that an output can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Aspect {
    /// Its title, description, name and link label in every language.
    Title,
    /// Which languages it is written in (the sitemap reads only this of every page).
    Languages,
    /// Its text in one language: the body, what the scan found in it, and its resolved links.
    Body(Lang),
    /// Its `meta.toml` and the report sections it resolves to.
    Meta,
    /// The relations it takes part in, in both directions.
    Relations,
    /// The links into it from other pages' text in one language.
    Backlinks(Lang),
    /// The pages before and after it in listing order.
    Siblings,
}

/// Something an output was made from, besides the inputs every output depends on (the config,
/// the theme, the data files), whose change re-renders everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dep {
    Page(PageId, Aspect),
    /// The listing order of all pages.
    Order,
    /// Which pages are in which group of their kind.
    Groups,
    /// The whole site (the search index, the print edition, the atlas map).
    Everything,
}
