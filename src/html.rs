//! HTML escaping: every text that comes from content passes through here before it reaches a page.

/// Escapes text for an HTML element: `&`, `<`, `>`.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    push_escaped_text(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape_text`] does.
pub fn push_escaped_text(out: &mut String, s: &str) {
    push_escaped(out, s, |b| matches!(b, b'&' | b'<' | b'>'));
}

/// Escapes text for an HTML attribute (and for everything Tera prints): also both quotes.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    push_escaped(&mut out, s, |b| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
    });
    out
}

/// Appends `s`, replacing the ASCII bytes `special` picks by entities, a run of plain text at a
/// time (this runs for every value of every page).
fn push_escaped(out: &mut String, s: &str, special: impl Fn(u8) -> bool) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        if !special(b) {
            continue;
        }
        out.push_str(&s[plain..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_text("a<b>&\"'字"), "a&lt;b&gt;&amp;\"'字");
        assert_eq!(escape_attr("a<b>&\"'字"), "a&lt;b&gt;&amp;&quot;&#39;字");
        assert_eq!(escape_attr("plain"), "plain");
    }
}
