//! "Mentioned in": the pages whose text links to a page, grouped by kind, each page once with the
//! number of its links and the sentence around the first, cut at a word boundary with an ellipsis
//! where the sentence was cut. Report sections the page already lists as its sources are left out.

use serde::Serialize;

use crate::content::PageId;
use crate::excerpt;
use crate::lang::Lang;
use crate::markdown::{self, ContextPart, LinkId};
use crate::url::OutPath;

use super::View;

/// Groups longer than this start folded.
const OPEN_UP_TO: usize = 6;

#[derive(Debug, Serialize)]
pub struct Mention {
    pub title: String,
    pub href: String,
    /// How many links the page has to this one.
    pub times: usize,
    /// The sentence around the first link, as HTML with the link's text in `<mark>`.
    pub context: String,
}

#[derive(Debug, Serialize)]
pub struct MentionGroup {
    /// The kind's name (plural).
    pub kind: String,
    pub open: bool,
    pub items: Vec<Mention>,
}

#[derive(Debug, Default, Serialize)]
pub struct Mentions {
    /// Pages in all groups.
    pub count: usize,
    pub groups: Vec<MentionGroup>,
}

/// The pages linking to `p` in `lang`, as seen from `path`; `listed` are pages shown elsewhere on
/// the page (its report sections), left out here.
impl View<'_, '_> {
    pub(super) fn mentions(
        &self,
        p: PageId,
        lang: Lang,
        path: &OutPath,
        listed: &[PageId],
    ) -> Mentions {
        // (from, its first link here, how many links it has here); backlinks hold each page once.
        let by_page: Vec<(PageId, LinkId, usize)> = self
            .r
            .backlinks(p, lang)
            .iter()
            .filter(|b| !listed.contains(&b.from))
            .map(|b| {
                let times = self.r.text(b.from, lang).map_or(1, |(_, d)| {
                    d.links
                        .iter()
                        .filter(|t| t.as_ref().is_some_and(|t| t.page == p))
                        .count()
                });
                (b.from, b.link, times)
            })
            .collect();
        let mut groups: Vec<MentionGroup> = Vec::new();
        // Backlinks come in listing order.
        for (k, kind) in self.r.config().kinds.iter().enumerate() {
            let mut items: Vec<(usize, Mention)> = by_page
                .iter()
                .enumerate()
                .filter(|(_, (from, _, _))| self.r.kind_of(*from).0 == k)
                .map(|(position, &(from, link, times))| {
                    (
                        position,
                        Mention {
                            title: self.r.title(from, lang).to_string(),
                            href: path.href_to(self.r.page_path(from, lang)),
                            times,
                            context: self.context(from, link, lang),
                        },
                    )
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            items.sort_by_key(|(position, _)| *position);
            groups.push(MentionGroup {
                kind: kind.name.get(lang).to_string(),
                open: items.len() <= OPEN_UP_TO,
                items: items.into_iter().map(|(_, m)| m).collect(),
            });
        }
        Mentions {
            count: groups.iter().map(|g| g.items.len()).sum(),
            groups,
        }
    }
}

/// A piece of a context before it is escaped.
enum Piece {
    Text(String),
    Mark(String),
    Link(String),
}

/// The sentence around link `link` of page `from`, as HTML.
impl View<'_, '_> {
    fn context(&self, from: PageId, link: LinkId, lang: Lang) -> String {
        let Some((text, doc)) = self.r.text(from, lang) else {
            return String::new();
        };
        let body = text.body();
        let Some(parts) = text.scan.link(link).map(|l| &l.context) else {
            return String::new();
        };
        let mut pieces: Vec<Piece> = parts
            .iter()
            .map(|part| match *part {
                ContextPart::Source(a, z) => Piece::Text(markdown::source(body, a, z).to_string()),
                ContextPart::Text(t) => Piece::Text(text.scan.text(t).to_string()),
                ContextPart::Link(i, written) => {
                    let title = match (written, doc.link(i)) {
                        (Some(t), _) => text.scan.text(t),
                        (None, Some(t)) => &*self.r.label(t.page, lang),
                        (None, None) => "",
                    };
                    if i == link {
                        Piece::Mark(title.to_string())
                    } else {
                        Piece::Link(title.to_string())
                    }
                }
            })
            .collect();
        // Where the sentence was cut short, say so (and never end inside a word).
        if let (Some(ContextPart::Source(a, _)), Some(Piece::Text(t))) =
            (parts.first(), pieces.first_mut())
        {
            *t = excerpt::open_start(t, char_before(body, *a as usize));
        }
        if let (Some(ContextPart::Source(_, z)), Some(Piece::Text(t))) =
            (parts.last(), pieces.last_mut())
        {
            *t = excerpt::open_end(t, char_after(body, *z as usize));
        }
        let mut html = String::new();
        for piece in &pieces {
            match piece {
                Piece::Text(t) | Piece::Link(t) => crate::html::push_escaped_text(&mut html, t),
                Piece::Mark(t) => {
                    html.push_str("<mark>");
                    crate::html::push_escaped_text(&mut html, t);
                    html.push_str("</mark>");
                }
            }
        }
        html
    }
}

/// The character before byte `at` of `body` that tells whether a sentence was cut there: spaces
/// are skipped; `None` at the start of the body or of a block.
fn char_before(body: &str, at: usize) -> Option<char> {
    let before = body.get(..at)?.trim_end_matches([' ', '\t']);
    let c = before.chars().last()?;
    // Block and inline markup before the text: a list item, a quote, a heading, emphasis, a cell.
    (!matches!(
        c,
        '\n' | '-' | '*' | '_' | '>' | '#' | '|' | '+' | '`' | '(' | '['
    ))
    .then_some(c)
}

/// The character at byte `at` of `body`; `None` at the end of the body or of a block.
fn char_after(body: &str, at: usize) -> Option<char> {
    let c = body.get(at..)?.chars().next()?;
    (!matches!(c, '\n' | '|' | '*' | '_' | '`' | ')' | ']')).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markup_is_no_cut() {
        let body = "- item text\n\nA sentence. Then more";
        assert_eq!(char_before(body, 2), None);
        assert_eq!(char_before(body, 0), None);
        assert_eq!(char_before(body, 25), Some('.'));
        assert_eq!(char_after(body, 11), None);
        assert_eq!(char_after(body, body.len()), None);
        assert_eq!(char_after(body, 26), Some('h'));
    }
}
