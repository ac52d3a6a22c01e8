//! The search index of one language, as a plain script that sets a global: it loads from
//! `file://` (no fetch, no modules) and only when the reader starts to search.

use serde::Serialize;

use crate::config::Lang;
use crate::graph::LangDoc;
use crate::render::Site;
use crate::url::OutPath;

#[derive(Serialize)]
struct Doc<'a> {
    /// Title.
    t: &'a str,
    /// Kind name.
    k: &'a str,
    /// Path from the output root.
    u: String,
    /// Names and aliases in every language.
    a: Vec<&'a str>,
    /// Description.
    d: &'a str,
    /// Text blocks: heading id ("" before the first heading), heading, text.
    b: Vec<(&'a str, &'a str, String)>,
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The scanned text of a link written without text (`[[gpt-4]]`) is its target (`gpt-4`); the
/// page shows the target's title (`GPT-4`), and so must the index (so that 字节 finds a page that
/// links `[[bytedance]]`). Replaces, block by block and link by link in order, the first
/// occurrence of each such target after the previous replacement.
fn link_titles(site: &Site, lang: Lang, doc: &LangDoc) -> Vec<String> {
    let scan = &doc.scan;
    let heading_offset = |id: &Option<String>| -> usize {
        id.as_ref()
            .and_then(|id| scan.headings.iter().find(|h| &h.id == id))
            .map_or(0, |h| h.offset)
    };
    let starts: Vec<usize> = scan
        .blocks
        .iter()
        .map(|b| heading_offset(&b.heading_id))
        .collect();
    scan.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let start = starts[i];
            let end = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            let mut text = b.text.clone();
            let mut cursor = 0;
            for (link, target) in scan.links.iter().zip(&doc.links) {
                if link.has_text || link.offset < start || link.offset >= end {
                    continue;
                }
                let Some(target) = target else { continue };
                let title = site.content.pages[target.page.0].title(lang);
                let raw_full = match &link.anchor {
                    Some(a) => format!("{}#{}", link.target, a),
                    None => link.target.clone(),
                };
                let found = [raw_full.as_str(), link.target.as_str()]
                    .into_iter()
                    .filter(|r| !r.is_empty())
                    .find_map(|r| text[cursor..].find(r).map(|at| (cursor + at, r.len())));
                if let Some((at, len)) = found {
                    text.replace_range(at..at + len, title);
                    cursor = at + title.len();
                }
            }
            text
        })
        .collect()
}

pub fn index_script(site: &Site, lang: Lang) -> String {
    let mut docs = Vec::new();
    for &p in &site.graph.order {
        let page = &site.content.pages[p.0];
        let kind = site.config.kind(page.kind);
        let Some(text) = page.text(lang) else {
            continue;
        };
        let mut aliases: Vec<&str> = Vec::new();
        for l in Lang::ALL {
            if let Some(t) = page.text(l) {
                aliases.push(&t.title);
            }
            if let Some(n) = &page.meta.name {
                aliases.push(n.get(l));
            }
        }
        aliases.extend(page.meta.aliases.iter().map(|a| a.get_ref().as_str()));
        aliases.sort_unstable();
        aliases.dedup();
        aliases.retain(|a| *a != text.title);
        let blocks = site
            .graph
            .doc(p, lang)
            .map(|d| {
                d.scan
                    .blocks
                    .iter()
                    .zip(link_titles(site, lang, d))
                    .map(|(b, text)| {
                        (
                            b.heading_id.as_deref().unwrap_or(""),
                            b.heading.as_str(),
                            squeeze(&text),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        docs.push(Doc {
            t: &text.title,
            k: kind.singular.get(lang),
            u: OutPath::page(lang, &kind.id, &page.slug)
                .as_str()
                .to_string(),
            a: aliases,
            d: &text.description,
            b: blocks,
        });
    }
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_string());
    // `</` cannot end a script here, but keep the file safe to inline anyway.
    let json = json.replace("</", "<\\/");
    format!(
        "window.ATLAS_SEARCH=window.ATLAS_SEARCH||{{}};window.ATLAS_SEARCH[\"{lang}\"]={json};\n"
    )
}
