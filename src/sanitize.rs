//! The raw-HTML policy (CONTENT.md, "Raw HTML"): what of the HTML an author writes in Markdown
//! reaches a page.
//!
//! - By default ([`RawHtml::Escape`]) raw HTML is shown as text, and validation warns at its line.
//! - With `raw_html = "trusted"` in `site.toml`, HTML is written into the page after [`clean`]:
//!   event-handler attributes (`on…=`) and `javascript:`, `vbscript:` and `data:` URLs are left
//!   out, and a construct that would swallow the rest of the page (an unclosed `<!--`, `<script>`,
//!   `<style>`, `<textarea>`…, or `<plaintext>`) is shown as text instead.
//! - Whatever the policy, Markdown links and images to those URL schemes are left out (their text
//!   stays), and a heading's attribute block keeps only its id and classes.
//!
//! Pure functions, used by both the scan (which warns) and the render (which writes), so what a
//! warning says is what the page gets.

use serde::Deserialize;

/// How raw HTML in Markdown is treated: `raw_html` in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text, with a warning.
    #[default]
    Escape,
    /// Written into the page, cleaned ([`clean`]): for sites whose every author is trusted.
    Trusted,
}

/// What cleaning changed, at a byte offset in the cleaned HTML's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub offset: usize,
    pub message: String,
}

/// Raw HTML under the trusted policy: the HTML to write (`None`: show it as text instead) and
/// what was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub html: Option<String>,
    pub changes: Vec<Change>,
}

/// URL schemes no page links to: they run script, or hide a document inside the URL.
const UNSAFE_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

/// Elements whose content runs to their end tag whatever it holds: left open, they swallow the
/// rest of the page.
const RAW_TEXT: [&str; 11] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "template",
    "plaintext",
];

/// The unsafe scheme `url` uses, if any. Browsers ignore white space and control characters
/// inside a scheme and read character references in attributes, so both are undone first.
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let decoded = decode_references(url);
    let scheme: String = decoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take_while(|c| *c != ':')
        .flat_map(char::to_lowercase)
        .collect();
    let has_colon = decoded.contains(':');
    UNSAFE_SCHEMES
        .into_iter()
        .find(|s| has_colon && scheme == *s)
}

/// Numeric character references and the named ones that can hide a scheme (`&colon;`, `&Tab;`,
/// `&NewLine;`), decoded.
fn decode_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = match name.strip_prefix('#') {
            Some(num) => {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                };
                code.and_then(char::from_u32)
            }
            None => match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            },
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Cleans a piece of raw HTML under the trusted policy. `inline` is HTML inside a paragraph,
/// which comes one tag at a time: an element there cannot be seen to close, so one that would
/// swallow the page is shown as text.
pub fn clean(html: &str, inline: bool) -> Cleaned {
    let mut out = String::with_capacity(html.len());
    let mut changes = Vec::new();
    let as_text = |changes: Vec<Change>, offset: usize, message: String| {
        let mut changes = changes;
        changes.push(Change { offset, message });
        Cleaned {
            html: None,
            changes,
        }
    };
    // For finding end tags whatever their case (same byte offsets: only ASCII changes).
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| i + p) {
        out.push_str(&html[i..lt]);
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let Some(end) = comment.find("-->").map(|e| lt + 4 + e + 3) else {
                return as_text(
                    changes,
                    lt,
                    "raw HTML shown as text: an unclosed `<!--` would hide the rest of the page"
                        .into(),
                );
            };
            out.push_str(&html[lt..end]);
            i = end;
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // Not a tag here (`a < b`, or a tag cut off by the end of the block): text, written
            // as a reference, so what follows the block (its end tag) cannot complete it into one.
            out.push_str("&lt;");
            i = lt + 1;
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        if !tag.closing && RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            let closed = !inline && name != "plaintext" && lower[lt + tag.len..].contains(&close);
            if !closed {
                return as_text(
                    changes,
                    lt,
                    format!("raw HTML shown as text: `<{name}>` without its end tag here would swallow the rest of the page"),
                );
            }
        }
        out.push('<');
        if tag.closing {
            out.push('/');
        }
        out.push_str(tag.name);
        for (attr, value) in &tag.attrs {
            let lower = attr.to_ascii_lowercase();
            if lower.starts_with("on") {
                changes.push(Change {
                    offset: lt,
                    message: format!("attribute `{attr}` left out: pages run no event handlers"),
                });
                continue;
            }
            if let Some(scheme) = value.and_then(unsafe_scheme) {
                changes.push(Change {
                    offset: lt,
                    message: format!(
                        "attribute `{attr}` left out: pages never link to `{scheme}:` URLs"
                    ),
                });
                continue;
            }
            out.push(' ');
            out.push_str(attr);
            if let Some(v) = value {
                out.push_str("=\"");
                out.push_str(&escape_value(v));
                out.push('"');
            }
        }
        if tag.self_closing {
            out.push_str(" /");
        }
        out.push('>');
        i = lt + tag.len;
        if !tag.closing && RAW_TEXT.contains(&name.as_str()) {
            // Its content is not HTML (a script's `"<b>"` is a string): copied up to its end tag,
            // which was found above.
            let close = format!("</{name}");
            let end = lower[i..].find(&close).map_or(html.len(), |e| i + e);
            out.push_str(&html[i..end]);
            i = end;
        }
    }
    out.push_str(&html[i..]);
    Cleaned {
        html: Some(out),
        changes,
    }
}

/// An attribute value, quoted again: `"` and `<`, `>` as references, an `&` kept as written (it
/// already starts a reference or stands for itself).
fn escape_value(v: &str) -> String {
    v.replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A start or end tag as a browser reads it.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(&'a str, Option<&'a str>)>,
    /// Bytes from `<` to `>` included.
    len: usize,
}

impl<'a> Tag<'a> {
    /// Reads the tag `s` starts with (`<name …>` or `</name>`); `None` if it is no tag.
    fn read(s: &'a str) -> Option<Tag<'a>> {
        let bytes = s.as_bytes();
        let mut i = 1;
        let closing = bytes.get(1) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        if !bytes.get(i)?.is_ascii_alphabetic() {
            return None;
        }
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            i += 1;
        }
        let name = &s[start..i];
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i)? {
                b'>' => break,
                b'/' if bytes.get(i + 1) == Some(&b'>') => {
                    self_closing = true;
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let attr_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !b"\"'>/=".contains(b))
            {
                i += 1;
            }
            if i == attr_start {
                // A stray quote or `=`: skip it, as a browser does.
                i += 1;
                continue;
            }
            let attr = &s[attr_start..i];
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                attrs.push((attr, None));
                continue;
            }
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let value = match bytes.get(i)? {
                q @ (b'"' | b'\'') => {
                    let end = s[i + 1..].find(*q as char)? + i + 1;
                    let v = &s[i + 1..end];
                    i = end + 1;
                    v
                }
                _ => {
                    let v_start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    &s[v_start..i]
                }
            };
            attrs.push((attr, Some(value)));
        }
        Some(Tag {
            name,
            closing,
            self_closing,
            attrs,
            len: i + 1,
        })
    }
}

/// Said of a control character in a text.
pub const CONTROL: &str =
    "control character in the text: only tabs and line breaks may stand between words";

/// Characters that print as nothing (or end the text for some readers): C0 and C1 controls
/// other than tab and line breaks. Pages never get them.
pub fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

pub fn has_control(s: &str) -> bool {
    s.chars().any(is_control)
}

/// Every control character of `text`, which starts at byte `offset` of `src`, as an error at it.
pub fn control_characters(
    src: &crate::diag::SourceText,
    text: &str,
    offset: usize,
) -> Vec<crate::diag::Diagnostic> {
    text.char_indices()
        .filter(|(_, c)| is_control(*c))
        .map(|(i, c)| src.error(offset + i, format!("{CONTROL} (U+{:04X})", u32::from(c))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(html: &str) -> (Option<String>, Vec<String>) {
        let c = clean(html, false);
        (c.html, c.changes.into_iter().map(|c| c.message).collect())
    }

    #[test]
    fn handlers_and_script_urls_are_left_out() {
        let (html, changes) = cleaned(
            "<img src=x onerror=\"alert(1)\"><a href=\"java\tscript:alert(1)\" title='t'>a</a>",
        );
        assert_eq!(html.as_deref(), Some("<img src=\"x\"><a title=\"t\">a</a>"));
        assert_eq!(changes.len(), 2);
        assert_eq!(
            cleaned("<a HREF=\"&#106;avascript&colon;x\">x</a><iframe src=\"data:text/html,x\"></iframe>").0.as_deref(),
            Some("<a>x</a><iframe></iframe>")
        );
        assert_eq!(
            cleaned("<div class=\"a\" data-x='\"q\"'>1 < 2</div>")
                .0
                .as_deref(),
            Some("<div class=\"a\" data-x=\"&quot;q&quot;\">1 &lt; 2</div>")
        );
        // Found by the fuzz test: a tag cut off by the end of the block would take the block's
        // end tag as the rest of it (`<A[x](javascript:…)</div>`).
        assert_eq!(
            cleaned("<div\nonclick=x><A[x](javascript:alert(1))")
                .0
                .as_deref(),
            Some("<div>&lt;A[x](javascript:alert(1))")
        );
    }

    #[test]
    fn what_would_swallow_the_page_is_shown_as_text() {
        for html in [
            "<!-- never closed",
            "<plaintext>",
            "<script>x",
            "<style>",
            "<textarea>a",
        ] {
            let (out, changes) = cleaned(html);
            assert_eq!(out, None, "{html}");
            assert_eq!(changes.len(), 1, "{html}");
        }
        assert_eq!(
            cleaned("<!-- c --><script>x(\"<b onclick=1>\")</script>")
                .0
                .as_deref(),
            Some("<!-- c --><script>x(\"<b onclick=1>\")</script>")
        );
        // Inline, a script's end is in a later piece: shown as text.
        assert_eq!(clean("<script>", true).html, None);
    }

    #[test]
    fn schemes() {
        assert_eq!(unsafe_scheme("JavaScript:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme(" data:text/html,x"), Some("data"));
        assert_eq!(unsafe_scheme("vb&#x73;cript:x"), Some("vbscript"));
        assert_eq!(unsafe_scheme("https://example.org/javascript:"), None);
        assert_eq!(unsafe_scheme("models/gpt.html"), None);
        assert_eq!(unsafe_scheme("javascript"), None);
    }
}
