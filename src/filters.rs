//! Tera filters the theme uses on rendered pages.
//!
//! - `anchored(label=…)`: gives every `h2`–`h4` with an id in a rendered body a link to itself
//!   (after the heading, so a heading that holds links never nests them; named for screen
//!   readers by `label` and the heading's text).
//! - `summary(len=…)`: a fact's text cut at a word or clause boundary with an ellipsis.

use std::collections::HashMap;

use tera::{Tera, Value};

use crate::excerpt;

/// Adds the theme's filters.
pub fn register(tera: &mut Tera) {
    tera.register_filter("anchored", anchored_filter);
    tera.register_filter("summary", summary_filter);
}

fn anchored_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let html = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`anchored` takes HTML text"))?;
    let label = args.get("label").and_then(Value::as_str).unwrap_or("§");
    Ok(Value::String(with_anchors(html, label)))
}

fn summary_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`summary` takes text"))?;
    let len = args
        .get("len")
        .and_then(Value::as_u64)
        .ok_or_else(|| tera::Error::msg("`summary` needs `len`, a number of characters"))?;
    Ok(Value::String(excerpt::shorten(
        text,
        usize::try_from(len).unwrap_or(usize::MAX),
    )))
}

/// `<hN id="x">…</hN>` (N = 2–4) becomes the heading wrapped with a link to `#x` after it. The
/// HTML is the generator's own (ids already escaped), so a plain scan for the tags suffices.
pub fn with_anchors(html: &str, label: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = find_heading(rest) {
        let level = &rest[start + 2..start + 3];
        let close = format!("</h{level}>");
        let tag_end = rest[start..].find('>').map(|i| start + i + 1);
        let end = tag_end.and_then(|t| rest[t..].find(&close).map(|i| t + i + close.len()));
        let (Some(tag_end), Some(end)) = (tag_end, end) else {
            break;
        };
        let Some(id) = attr(&rest[start..tag_end], "id") else {
            out.push_str(&rest[..tag_end]);
            rest = &rest[tag_end..];
            continue;
        };
        let text = strip_tags(&rest[tag_end..end - close.len()]);
        let label = crate::html::escape_text(label);
        out.push_str(&rest[..start]);
        out.push_str("<div class=\"h\">");
        out.push_str(&rest[start..end]);
        out.push_str(&format!(
            "<a class=\"anchor\" href=\"#{id}\"><span class=\"visually-hidden\">{label}: {text}</span><span aria-hidden=\"true\">#</span></a></div>"
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The byte offset of the next `<h2`–`<h4` opening tag.
fn find_heading(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = html[from..].find("<h").map(|i| from + i) {
        let is_heading = matches!(bytes.get(i + 2), Some(b'2'..=b'4'))
            && matches!(bytes.get(i + 3), Some(b' ' | b'>'));
        if is_heading {
            return Some(i);
        }
        from = i + 2;
    }
    None
}

/// The value of `name="…"` in an opening tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The text of an HTML fragment (still escaped).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_a_link_after_them() {
        let html = "<p>x</p>\n<h2 id=\"gpt-4\">GPT-4 &amp; <em>more</em></h2>\n<h1>T</h1><h5 id=\"z\">z</h5><h3>no id</h3>";
        insta::assert_snapshot!(with_anchors(html, "Link to section"), @r##"
        <p>x</p>
        <div class="h"><h2 id="gpt-4">GPT-4 &amp; <em>more</em></h2><a class="anchor" href="#gpt-4"><span class="visually-hidden">Link to section: GPT-4 &amp; more</span><span aria-hidden="true">#</span></a></div>
        <h1>T</h1><h5 id="z">z</h5><h3>no id</h3>
        "##);
    }

    #[test]
    fn a_heading_with_a_link_keeps_it_unnested() {
        let out = with_anchors("<h3 id=\"a\"><a href=\"b.html\">B</a></h3>", "§");
        assert_eq!(
            out,
            "<div class=\"h\"><h3 id=\"a\"><a href=\"b.html\">B</a></h3><a class=\"anchor\" href=\"#a\"><span class=\"visually-hidden\">§: B</span><span aria-hidden=\"true\">#</span></a></div>"
        );
    }

    #[test]
    fn other_tags_starting_with_h_are_left_alone() {
        let html = "<hr><header>x</header><h2x>";
        assert_eq!(with_anchors(html, "§"), html);
    }
}
