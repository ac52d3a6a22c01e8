//! The prose lint of `atlas check`: what a page prints around its links, read as a reader reads
//! it. Warnings (errors under `--strict`), each at its `file:line:col`:
//!
//! - a link whose printed text repeats the words just before it ("Tencent's [[hunyuan]]" printing
//!   "Tencent's Tencent Hunyuan"), or whose last words the text after it repeats ("[[bleu]] score"
//!   printing "BLEU score score"; "[[ernie-bot]]（文心一言）" printing "文心一言（文心一言）");
//! - a term the glossary (`[glossary]` in `site.toml`) marks as avoided in the page's language;
//! - in a language spaced as Chinese, a space between a link and the text beside it, which the
//!   output drops ([`crate::prose`]);
//! - a glossary term its explaining page does not mention.
//!
//! Each link is compared with a bounded window of text on each side, and each avoided term is
//! found by a linear search: the lint is linear in the size of the text.

use std::borrow::Cow;

use crate::config::Config;
use crate::content::{Content, Page, PageId, PageText};
use crate::diag::{Diagnostic, Diagnostics, SourceText};
use crate::graph::Graph;
use crate::lang::{Lang, Spacing};
use crate::prose::{drops_space, is_han, shorten_ranges};

/// How many characters on each side of a link are compared with its text.
const WINDOW: usize = 48;

/// One page's findings, and what they were found from besides its texts and the config: the
/// label of each link's target where the link prints it (no text of its own), per language the
/// page is written in.
#[derive(Debug, Clone, Default)]
pub struct PageLint {
    /// Shared: a page whose findings are kept takes them again without copying the labels.
    pub labels: std::sync::Arc<[Vec<Option<String>>]>,
    pub found: Vec<Diagnostic>,
}

impl PageLint {
    /// Whether these findings were found with `labels`.
    pub fn has_labels(&self, labels: &[Vec<Option<Cow<'_, str>>>]) -> bool {
        self.labels.len() == labels.len()
            && self.labels.iter().zip(labels).all(|(kept, now)| {
                kept.len() == now.len()
                    && kept
                        .iter()
                        .zip(now)
                        .all(|(a, b)| a.as_deref() == b.as_deref())
            })
    }
}

/// The findings of the last check, to take again for a page whose texts are unchanged.
pub struct Kept<'a> {
    /// Page `i`'s findings, where the check kept them for the texts it has now.
    pub get: &'a (dyn Fn(usize) -> Option<&'a PageLint> + Sync),
    pub labels: KeptLabels,
}

/// Whether the labels of every link target are known to be those the kept findings were made
/// with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptLabels {
    /// Every page's title and `meta.toml` are those of the last check (the graph was kept:
    /// [`crate::graph::resolves_alike`]), so no label needs comparing.
    Unchanged,
    /// As `Unchanged`, but for the titles of these pages (in page order): only a page linking to
    /// one of them has its labels compared.
    Retitled(Vec<PageId>),
    /// Labels may have changed: a kept finding is taken where its page's labels are alike.
    Compare,
}

/// Every finding of the prose lint, per page in page order, in every language; `kept` gives the
/// findings already known.
pub fn check_pages(
    config: &Config,
    content: &Content,
    graph: &Graph,
    kept: &Kept<'_>,
) -> Vec<PageLint> {
    use rayon::prelude::*;
    let glossary_page = config.glossary.page.as_ref().and_then(|g| content.find(g));
    content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let labels_alike = match &kept.labels {
                KeptLabels::Unchanged => true,
                KeptLabels::Retitled(pages) => !links_to_any(config, graph, PageId(i), pages),
                KeptLabels::Compare => false,
            };
            if labels_alike {
                if let Some(found) = (kept.get)(i) {
                    return found.clone();
                }
            }
            let texts: Vec<(Lang, &PageText, &[Option<crate::graph::LinkTarget>])> = config
                .languages
                .all()
                .filter_map(|lang| {
                    let text = page.text(lang)?;
                    let doc = graph.doc(crate::content::PageId(i), lang)?;
                    Some((lang, text, doc.links.as_slice()))
                })
                .collect();
            // Borrowed: on a page whose findings are kept, comparing them allocates nothing.
            let labels: Vec<Vec<Option<Cow<str>>>> = texts
                .iter()
                .map(|(lang, text, targets)| target_labels(config, content, text, targets, *lang))
                .collect();
            if let Some(found) = (kept.get)(i).filter(|k| k.has_labels(&labels)) {
                return found.clone();
            }
            let mut diags = Diagnostics::default();
            for ((lang, text, _), labels) in texts.iter().zip(&labels) {
                let src = SourceText::new(&text.file.path, &text.file.text);
                let labels = printed_labels(text, labels);
                links(config, text, &labels, *lang, &src, &mut diags);
                if Some(crate::content::PageId(i)) == glossary_page {
                    glossary_mentions(config, text, *lang, &src, &mut diags);
                } else {
                    avoided_terms(config, text, *lang, &src, &mut diags);
                }
            }
            PageLint {
                labels: labels
                    .into_iter()
                    .map(|l| l.into_iter().map(|l| l.map(Cow::into_owned)).collect())
                    .collect(),
                found: diags.0,
            }
        })
        .collect()
}

/// Whether a text of page `p` links to one of `pages` (sorted).
fn links_to_any(config: &Config, graph: &Graph, p: PageId, pages: &[PageId]) -> bool {
    config
        .languages
        .all()
        .filter_map(|lang| graph.doc(p, lang))
        .flat_map(|doc| doc.links.iter().flatten())
        .any(|target| pages.binary_search(&target.page).is_ok())
}

/// The label each link of `text` takes from its target, where it has no text of its own and
/// resolved.
fn target_labels<'c>(
    config: &Config,
    content: &'c Content,
    text: &PageText,
    targets: &[Option<crate::graph::LinkTarget>],
    lang: Lang,
) -> Vec<Option<Cow<'c, str>>> {
    text.scan
        .links
        .iter()
        .zip(targets)
        .map(|(w, t)| {
            let page: &Page = &content.pages[t.as_ref()?.page.0];
            (!w.has_text).then(|| page.label(lang, config.kind(page.kind).link_label))
        })
        .collect()
}

/// What each link of `text` prints: its written text, else its target's label (`labels`, the
/// second end of a range shortened); empty where it did not resolve.
fn printed_labels<'c>(text: &'c PageText, labels: &[Option<Cow<str>>]) -> Vec<Cow<'c, str>> {
    let body = text.body();
    let protected = crate::markdown::protect_table_links(body);
    let mut labels: Vec<Option<String>> = labels
        .iter()
        .map(|l| l.as_deref().map(str::to_owned))
        .collect();
    shorten_ranges(
        &protected,
        text.scan
            .links
            .iter()
            .zip(labels.iter_mut())
            .map(|(w, l)| (w.offset..w.end, l.as_mut())),
    );
    text.scan
        .links
        .iter()
        .zip(labels)
        .map(|(w, l)| match l {
            Some(l) => Cow::Owned(l),
            None if w.has_text => {
                Cow::Owned(written_text(&protected, w.offset, w.end).replace("\\|", "|"))
            }
            None => Cow::Borrowed(""),
        })
        .collect()
}

/// The text an author wrote in `[[target|text]]`, as written.
fn written_text(body: &str, start: usize, end: usize) -> &str {
    let inner = body
        .get(start..end)
        .and_then(|s| s.strip_prefix("[["))
        .and_then(|s| s.strip_suffix("]]"))
        .unwrap_or("");
    inner.split_once('|').map_or(inner, |(_, t)| t)
}

fn links(
    config: &Config,
    text: &PageText,
    labels: &[Cow<str>],
    lang: Lang,
    src: &SourceText,
    diags: &mut Diagnostics,
) {
    // The scan's offsets are in the body as the scan read it (pipes of links in table rows escaped).
    let body = crate::markdown::protect_table_links(text.body());
    let body = &*body;
    let cjk = config.languages[lang].spacing == Spacing::Cjk;
    for (w, label) in text.scan.links.iter().zip(labels) {
        let label = label.trim();
        if label.is_empty() {
            continue;
        }
        let at = text.body_offset + w.offset;
        let before = tail(body.get(..w.offset).unwrap_or(""), WINDOW);
        let after = head(body.get(w.end..).unwrap_or(""), WINDOW);
        if let Some(words) = repeated_before(before, label) {
            diags.push(src.warning(
                at,
                format!("link prints `{label}` right after `{words}`: the words are doubled; drop them before the link"),
            ));
        }
        if let Some(words) = repeated_after(label, after) {
            diags.push(src.warning(
                at,
                format!("link prints `{label}` and the text after it repeats `{words}`: drop the repeat"),
            ));
        }
        if cjk {
            let spaced_before = before
                .strip_suffix(' ')
                .map(|b| b.trim_end_matches(' '))
                .and_then(|b| b.chars().last());
            let first = label.chars().next();
            let spaced_after = after
                .strip_prefix(' ')
                .map(|a| a.trim_start_matches(' '))
                .and_then(|a| a.chars().next());
            let last = label.chars().last();
            let edge = |x: Option<char>, y: Option<char>| matches!((x, y), (Some(x), Some(y)) if drops_space(x, y) && (is_han(x) || is_han(y)));
            if edge(spaced_before, first) || edge(last, spaced_after) {
                diags.push(src.warning(
                    at,
                    format!("space between Chinese text and the link `{label}`: Chinese text takes none (clreq; the output drops it): remove it"),
                ));
            }
        }
    }
}

/// Where a window stops: a line (a paragraph, list item or table row) or a table cell ends.
fn stops_window(c: char) -> bool {
    c == '\n' || c == '|'
}

/// The last `n` characters of `s`, back to the start of its line or table cell.
fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len();
    for (i, c) in s.char_indices().rev().take(n) {
        if stops_window(c) {
            break;
        }
        start = i;
    }
    &s[start..]
}

/// The first `n` characters of `s`, up to the end of its line or table cell.
fn head(s: &str, n: usize) -> &str {
    let end = s
        .char_indices()
        .take(n)
        .find(|(_, c)| stops_window(*c))
        .map_or_else(
            || s.char_indices().nth(n).map_or(s.len(), |(i, _)| i),
            |(i, _)| i,
        );
    &s[..end]
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// Whether `s[..i]` ends a word of `s` (a Han character ends one by itself).
fn ends_word(s: &str, i: usize) -> bool {
    let last = s[..i].chars().last();
    let next = s[i..].chars().next();
    match (last, next) {
        (Some(l), _) if is_han(l) => true,
        (Some(_), Some(n)) => !is_word(n),
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether `s[i..]` starts a word of `s`.
fn starts_word(s: &str, i: usize) -> bool {
    let prev = s[..i].chars().last();
    let first = s[i..].chars().next();
    match (prev, first) {
        (_, Some(f)) if is_han(f) => true,
        (Some(p), Some(_)) => !is_word(p),
        (None, Some(_)) => true,
        _ => false,
    }
}

/// Enough to be a repeat and not a coincidence: two Han characters, or a word of two letters.
fn significant(s: &str) -> bool {
    let han = s.chars().filter(|c| is_han(*c)).count();
    let letters = s.chars().filter(|c| is_word(*c)).count();
    han >= 2 || (han == 0 && letters >= 2)
}

fn eq_fold(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x.to_lowercase().eq(y.to_lowercase()))
}

/// The longest start of `label` (whole words) that `before` ends with, once white space, an
/// opening bracket or quote and a possessive `'s` are set aside.
fn repeated_before<'l>(before: &str, label: &'l str) -> Option<&'l str> {
    let b = before.trim_end_matches(|c: char| c.is_whitespace() || "（(「『“\"'*_[".contains(c));
    let b = ["'s", "’s"]
        .iter()
        .find_map(|s| b.strip_suffix(s))
        .unwrap_or(b);
    let mut found = None;
    for (i, _) in label.char_indices().skip(1).chain([(label.len(), ' ')]) {
        let prefix = &label[..i];
        // Prefixes only grow: past the text before the link none can match. The costly test
        // comes last (this runs for every link of every page).
        if prefix.len() > b.len() {
            break;
        }
        if !ends_word(label, i) {
            continue;
        }
        let start = b.len() - prefix.len();
        if b.is_char_boundary(start)
            && starts_word(b, start)
            && eq_fold(&b[start..], prefix)
            && significant(prefix)
        {
            found = Some(prefix);
        }
    }
    found
}

/// The longest end of `label` (whole words) that `after` starts with, or the text of a bracket
/// right after the link that the label already holds ("文心一言（文心一言）").
fn repeated_after<'a>(label: &str, after: &'a str) -> Option<&'a str> {
    if let Some(inner) = after
        .strip_prefix('（')
        .and_then(|a| a.split_once('）'))
        .or_else(|| after.strip_prefix('(').and_then(|a| a.split_once(')')))
        .map(|(inner, _)| inner.trim())
    {
        if significant(inner) && label.to_lowercase().contains(&inner.to_lowercase()) {
            return Some(inner);
        }
    }
    let a = after.trim_start_matches(|c: char| c.is_whitespace() || "*_".contains(c));
    let mut found = None;
    for (i, _) in a.char_indices().skip(1).chain([(a.len(), ' ')]) {
        let prefix = &a[..i];
        if prefix.len() > label.len() {
            break;
        }
        if !ends_word(a, i) {
            continue;
        }
        let start = label.len() - prefix.len();
        if label.is_char_boundary(start)
            && starts_word(label, start)
            && eq_fold(&label[start..], prefix)
            && significant(prefix)
        {
            found = Some(prefix);
        }
    }
    found
}

/// Each variant the glossary marks as avoided in `lang`, wherever the page's text uses it.
fn avoided_terms(
    config: &Config,
    text: &PageText,
    lang: Lang,
    src: &SourceText,
    diags: &mut Diagnostics,
) {
    for term in &config.glossary.terms {
        for variant in &term.avoid[lang] {
            for (at, _) in text.file.text.match_indices(variant.as_str()) {
                // A quoted variant names the wording (“the report writes ‘小样本学习’”).
                let quoted = text.file.text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| "“‘「『\"'`".contains(c));
                if quoted {
                    continue;
                }
                diags.push(src.warning(
                    at,
                    format!(
                        "`{variant}`: the glossary prefers `{}`",
                        term.preferred.get(lang)
                    ),
                ));
            }
        }
    }
}

/// The glossary's own page names every preferred term, so the data and the prose agree.
fn glossary_mentions(
    config: &Config,
    text: &PageText,
    lang: Lang,
    src: &SourceText,
    diags: &mut Diagnostics,
) {
    for term in &config.glossary.terms {
        let preferred = term.preferred.get(lang);
        if !text.file.text.contains(preferred.as_str()) {
            diags.push(src.warning(
                text.body_offset,
                format!("the glossary page does not mention `{preferred}`, which site.toml's glossary prefers"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_before() {
        assert_eq!(
            repeated_before("Tencent's ", "Tencent Hunyuan"),
            Some("Tencent")
        );
        assert_eq!(
            repeated_before("采用统一学习范式 ", "统一学习范式 M6-OFA"),
            Some("统一学习范式")
        );
        assert_eq!(repeated_before("the ", "Transformer"), None);
        assert_eq!(repeated_before("OpenAI's ", "GPT-4"), None);
        assert_eq!(repeated_before("AITencent ", "Tencent"), None);
    }

    #[test]
    fn repeats_after() {
        assert_eq!(repeated_after("BLEU score", " score of 12"), Some("score"));
        assert_eq!(
            repeated_after("文心一言", "（文心一言）是"),
            Some("文心一言")
        );
        assert_eq!(
            repeated_after("AI for Productivity（提升生产力）", "（提升生产力）"),
            Some("提升生产力")
        );
        assert_eq!(
            repeated_after("通义大模型", " 大模型的架构"),
            Some("大模型")
        );
        assert_eq!(repeated_after("ERNIE Bot", " (文心一言)"), None);
        assert_eq!(repeated_after("GPT-4", " scores"), None);
    }
}
