//! The search index of one language, as a plain script that sets a global: it loads from
//! `file://` (no fetch, no modules) and only when the reader starts to search.

use serde::Serialize;

use crate::config::Lang;
use crate::graph::LangDoc;
use crate::markdown::TextBlock;
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

/// A block's text as the page shows it: a link written as `[[slug]]` reads as the target's title.
fn block_text(site: &Site, lang: Lang, body: &str, doc: &LangDoc, block: &TextBlock) -> String {
    let text = block.text(body, |i| match doc.links.get(i).cloned().flatten() {
        Some(target) => site.content.pages[target.page.0].title(lang).to_string(),
        None => doc.scan.links[i].target.clone(),
    });
    squeeze(&text)
}

/// The index, written one page at a time so a large site's index is never held twice.
pub fn index_script(site: &Site, lang: Lang) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_index(site, lang, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the index page by page into `out` (a file when building), so a large site's index is
/// never held in memory whole.
pub fn write_index(site: &Site, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write!(
        out,
        "window.ATLAS_SEARCH=window.ATLAS_SEARCH||{{}};window.ATLAS_SEARCH[\"{lang}\"]=["
    )?;
    let mut first = true;
    for &p in &site.graph.order {
        let page = &site.content.pages[p.0];
        let kind = site.config.kind(page.kind);
        let (Some(text), Some(d)) = (page.text(lang), site.graph.doc(p, lang)) else {
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
        let blocks = d
            .scan
            .blocks
            .iter()
            .map(|b| {
                let heading = b.heading.and_then(|h| d.scan.headings.get(h));
                (
                    heading.map_or("", |h| h.id.as_str()),
                    heading.map_or("", |h| h.text.as_str()),
                    block_text(site, lang, text.body(), d, b),
                )
            })
            .collect();
        let doc = Doc {
            t: &text.title,
            k: kind.singular.get(lang),
            u: OutPath::page(lang, &kind.id, &page.slug)
                .as_str()
                .to_string(),
            a: aliases,
            d: &text.description,
            b: blocks,
        };
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        // `</` cannot end a script here, but keep the file safe to inline anyway.
        let json = serde_json::to_string(&doc).unwrap_or_else(|_| "null".to_string());
        out.write_all(json.replace("</", "<\\/").as_bytes())?;
    }
    out.write_all(b"];\n")
}
