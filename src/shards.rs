//! How a language's search index is cut into files, and the memo that keeps what every file of
//! the index needs. Below `site` (which holds the memo) and `search` (which writes the files).

use std::sync::OnceLock;

use crate::config::Config;
use crate::content::{Content, PageId};
use crate::graph::Graph;
use crate::lang::Lang;

/// How a language's search index is cut into files: the manifest (`search-index.js`, loaded
/// first), `shards` term files (`search/t<i>.js`: the `i`-th range of the sorted keys with their
/// postings, about equal in size) and document files (`search/d<i>.js`: `per_file` documents
/// each, what a result shows). Computed from sizes known before anything is indexed, so the list
/// of files is cheap to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The pages that have text in the language, in site order: a document's number is its place.
    pub docs: Vec<PageId>,
    pub per_file: usize,
    pub shards: usize,
}

impl Plan {
    pub fn of(config: &Config, content: &Content, graph: &Graph, lang: Lang) -> Plan {
        let docs: Vec<PageId> = graph
            .order
            .iter()
            .copied()
            .filter(|&p| content.pages[p.0].text(lang).is_some() && graph.doc(p, lang).is_some())
            .collect();
        // The text a document carries, measured on the source: the index writes about as much.
        let text: usize = docs
            .iter()
            .filter_map(|&p| content.pages[p.0].text(lang))
            .map(|t| t.title.len() + t.description.len() + t.body().len() + 64)
            .sum();
        let budget = config.search_shard_bytes;
        // A result list shows 20 documents, each from its own file at worst: a document file
        // holds an eighth of a term file.
        let per_file = (budget / 8 * docs.len())
            .checked_div(text)
            .unwrap_or(1)
            .max(1);
        Plan {
            per_file,
            shards: text.div_ceil(budget).max(1),
            docs,
        }
    }

    pub fn doc_files(&self) -> usize {
        self.docs.len().div_ceil(self.per_file)
    }
}

/// What every file of one language's index needs, made on first use and kept for the site's
/// life: every term file needs the whole index and every file the plan, and making them per file
/// would be quadratic.
#[derive(Debug, Default)]
pub struct Built {
    pub plan: OnceLock<Plan>,
    pub terms: OnceLock<Terms>,
}

/// A language's term files: each holds a range of the sorted keys.
#[derive(Debug, Default)]
pub struct Terms {
    /// The files' texts (a JSON string of front-coded keys and their postings, see
    /// `search::cut_terms`).
    pub files: Vec<String>,
    /// The first key of every file but the first, shortened: where each file's range begins.
    pub bounds: Vec<String>,
}
