//! The search index of one language, as a plain script that sets a global: it loads from
//! `file://` (no fetch, no modules) and only when the reader starts to search.

use std::borrow::Cow;

use crate::content::PageText;
use crate::graph::LangDoc;
use crate::lang::{Lang, Segmentation, Stemming};
use crate::markdown::TextBlock;
use crate::site::Site;
use crate::url::OutPath;

/// Appends `s` as a JSON string: quoted and escaped like serde_json, with `</` written `<\/` so
/// the script could be inlined.
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    JsonText::default().push(out, s, Space::Keep);
    out.push('"');
}

#[derive(Clone, Copy, PartialEq)]
enum Space {
    Keep,
    /// Every run of whitespace becomes one space and the ends are trimmed: the search shows
    /// text on one line.
    Squeeze,
}

/// The inside of a JSON string written in pieces.
#[derive(Default)]
struct JsonText {
    /// Something other than whitespace was written.
    started: bool,
    /// Whitespace is pending (written only if more text follows).
    gap: bool,
}

impl JsonText {
    /// Copies `s` a run of plain text at a time: this runs over every word of the site, so it
    /// looks only at the bytes that can need care (ASCII specials, and when squeezing, spaces
    /// and the lead bytes of the non-ASCII whitespace characters).
    fn push(&mut self, out: &mut String, s: &str, space: Space) {
        let squeeze = space == Space::Squeeze;
        let special = |b: u8| {
            b < 0x20
                || matches!(b, b'"' | b'\\' | b'/')
                || (squeeze && matches!(b, b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3))
        };
        let bytes = s.as_bytes();
        let (mut plain, mut i) = (0, 0);
        while let Some(off) = bytes[i..].iter().position(|&b| special(b)) {
            let at = i + off;
            // `special` picks only ASCII bytes and lead bytes: `at` is a char boundary.
            let c = s[at..].chars().next().unwrap_or(' ');
            i = at + c.len_utf8();
            let blank = squeeze && c.is_whitespace();
            if !blank && c >= ' ' && !matches!(c, '"' | '\\' | '/') {
                continue;
            }
            self.flush(out, &s[plain..at]);
            plain = i;
            if blank {
                self.gap = self.started;
                continue;
            }
            if std::mem::take(&mut self.gap) {
                out.push(' ');
            }
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if out.ends_with('<') => out.push_str("\\/"),
                '/' => out.push('/'),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            }
            self.started = true;
        }
        self.flush(out, &s[plain..]);
    }

    fn flush(&mut self, out: &mut String, run: &str) {
        if run.is_empty() {
            return;
        }
        if std::mem::take(&mut self.gap) {
            out.push(' ');
        }
        out.push_str(run);
        self.started = true;
    }
}

/// Appends `items` as a JSON array of strings.
fn push_json_list<'s>(out: &mut String, items: impl IntoIterator<Item = &'s str>) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json(out, item);
    }
    out.push(']');
}

/// A block's text as the page shows it, on one line: a link written as `[[slug]]` reads as the
/// target's title.
fn push_block_text(
    out: &mut String,
    site: &Site,
    lang: Lang,
    text: &PageText,
    doc: &LangDoc,
    block: &TextBlock,
) {
    let link = |i: usize| -> Cow<'_, str> {
        match doc.links.get(i).and_then(Option::as_ref) {
            Some(target) => site.content.pages[target.page.0].title(lang).into(),
            None => text
                .scan
                .links
                .get(i)
                .map_or("", |l| l.target.as_str())
                .into(),
        }
    };
    out.push('"');
    let mut line = JsonText::default();
    for piece in block.pieces(text.body(), &text.scan, link) {
        line.push(out, &piece, Space::Squeeze);
    }
    out.push('"');
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
    let language = &site.config.languages[lang];
    // How search.js reads this language: the settings site.toml gives it, then the documents.
    let mut head = String::from("window.ATLAS_SEARCH=window.ATLAS_SEARCH||{};window.ATLAS_SEARCH[");
    push_json(&mut head, &language.code);
    head.push_str("]={\"segmentation\":");
    push_json(&mut head, segmentation_name(language.segmentation));
    head.push_str(",\"stemming\":");
    push_json(&mut head, stemming_name(language.stemming));
    head.push_str(",\"docs\":[");
    out.write_all(head.as_bytes())?;
    let mut first = true;
    let mut doc = String::new();
    for &p in &site.graph.order {
        let page = &site.content.pages[p.0];
        let kind = site.config.kind(page.kind);
        let (Some(text), Some(d)) = (page.text(lang), site.graph.doc(p, lang)) else {
            continue;
        };
        let mut aliases: Vec<&str> = Vec::new();
        for l in &site.config.languages {
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
        // Each document is built in one reused buffer and written as it is: JSON by hand, as
        // serde's derive went through a copy of every block of text.
        doc.clear();
        doc.push_str(if first { "{\"t\":" } else { ",{\"t\":" });
        first = false;
        push_json(&mut doc, &text.title);
        doc.push_str(",\"k\":");
        push_json(&mut doc, kind.singular.get(lang));
        doc.push_str(",\"u\":");
        push_json(
            &mut doc,
            OutPath::page(&language.code, &kind.id, &page.slug).as_str(),
        );
        doc.push_str(",\"a\":");
        push_json_list(&mut doc, aliases);
        doc.push_str(",\"d\":");
        push_json(&mut doc, &text.description);
        doc.push_str(",\"b\":[");
        for (i, b) in text.scan.blocks.iter().enumerate() {
            let heading = b.heading.and_then(|h| text.scan.headings.get(h));
            doc.push_str(if i == 0 { "[" } else { ",[" });
            push_json(&mut doc, heading.map_or("", |h| h.id.as_str()));
            doc.push(',');
            push_json(&mut doc, heading.map_or("", |h| h.text.as_str()));
            doc.push(',');
            push_block_text(&mut doc, site, lang, text, d, b);
            doc.push(']');
        }
        doc.push_str("]}");
        out.write_all(doc.as_bytes())?;
    }
    out.write_all(b"]};\n")
}

/// The names site.toml uses, which search.js reads.
fn segmentation_name(s: Segmentation) -> &'static str {
    match s {
        Segmentation::CjkRuns => "cjk-runs",
        Segmentation::Words => "words",
    }
}

fn stemming_name(s: Stemming) -> &'static str {
    match s {
        Stemming::English => "english",
        Stemming::None => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pieces: &[&str], space: Space, expect: &str) {
        let mut out = String::new();
        let mut text = JsonText::default();
        for p in pieces {
            text.push(&mut out, p, space);
        }
        assert_eq!(out, expect);
        if space == Space::Keep {
            // Whole strings read back as what was written.
            let json = format!("\"{out}\"");
            let back: String = serde_json::from_str(&json).expect("valid JSON");
            assert_eq!(back, pieces.concat());
        }
    }

    #[test]
    fn escapes_like_serde_json_and_guards_script_ends() {
        check(&["a\"b\\c"], Space::Keep, r#"a\"b\\c"#);
        check(
            &["x\ny\tz\r\u{8}\u{c}\u{1}"],
            Space::Keep,
            r"x\ny\tz\r\b\f\u0001",
        );
        check(&["</script> a/b"], Space::Keep, r"<\/script> a/b");
        check(&["<", "/p>"], Space::Keep, r"<\/p>");
        check(&["大模型 “引号”"], Space::Keep, "大模型 “引号”");
    }

    #[test]
    fn squeezes_whitespace_across_pieces() {
        check(&["  a \n\n b  "], Space::Squeeze, "a b");
        check(&["a ", " b", "\tc"], Space::Squeeze, "a b c");
        check(&["中文\u{3000}\u{3000}文本 "], Space::Squeeze, "中文 文本");
        check(&[" ", "\"q\" "], Space::Squeeze, r#"\"q\""#);
        check(&["   "], Space::Squeeze, "");
    }

    #[test]
    fn matches_serde_json_over_every_kind_of_whitespace() {
        // The old writer: squeeze with `split_whitespace`, serde_json, then guard `</`.
        let reference = |s: &str| {
            let squeezed = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let json = serde_json::to_string(&squeezed).expect("string");
            json[1..json.len() - 1].replace("</", "<\\/")
        };
        let spaces: Vec<char> = (0..0x3001u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        for (i, sp) in spaces.iter().enumerate() {
            let s = format!(
                "{sp}a{sp}{sp}“é…”</b>{sp}\u{1}中{sp}\"\\{}",
                spaces[(i + 1) % spaces.len()]
            );
            let mut out = String::new();
            JsonText::default().push(&mut out, &s, Space::Squeeze);
            assert_eq!(out, reference(&s), "{s:?}");
        }
    }
}
