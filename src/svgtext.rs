//! Text in build-time SVG: widths estimated without a font, lines wrapped at a width, coordinates
//! printed compactly. Shared by the relation maps ([`crate::relmap`]) and the charts
//! ([`crate::charts`]).
//!
//! The estimates err wide (a label drawn narrower than estimated only leaves air), so boxes laid
//! out from them do not collide in the browser.

use std::fmt::Write;

/// Estimated advance of `c` in ems: CJK and full-width forms are square, Latin is proportional.
fn advance(c: char) -> f64 {
    match c {
        '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}' => 1.0,
        '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff60}' | '\u{ffe0}'..='\u{ffe6}' => 1.0,
        '“' | '”' | '‘' | '’' => 0.5,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' | '(' | ')' | '[' | ']' => 0.34,
        ' ' => 0.32,
        'f' | 't' | 'r' | 'I' | '-' | '/' => 0.45,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.95,
        'A'..='Z' | '&' | '…' | '—' => 0.74,
        _ => 0.62,
    }
}

/// Estimated width of `s` in pixels at `size` px.
pub fn width(s: &str, size: f64) -> f64 {
    s.chars().map(advance).sum::<f64>() * size
}

/// Whether a line may break between `a` and `b`: at spaces, around CJK characters (but not
/// before closing or after opening punctuation), after a slash or a hyphen.
fn may_break(a: char, b: char) -> bool {
    let cjk = |c: char| advance(c) >= 1.0;
    let opening = |c: char| "（(《“‘「【[".contains(c);
    let closing = |c: char| "）)》”’」】]，。、：；！？,.:;!?·".contains(c);
    if closing(b) || opening(a) {
        return false;
    }
    a == ' ' || a == '/' || a == '-' || cjk(a) || cjk(b) || opening(b)
}

/// `s` in lines no wider than `max` px at `size` px, broken where [`may_break`] allows; a word wider
/// than `max` stays whole on its own line (never cut: the caller leaves room).
pub fn wrap(s: &str, size: f64, max: f64) -> Vec<String> {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    let mut i = 0;
    while i < chars.len() {
        // The next unbreakable run.
        let start = i;
        i += 1;
        while i < chars.len() && !may_break(chars[i - 1], chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let run_w = width(&run, size);
        if line_w + run_w > max && !line.trim().is_empty() {
            lines.push(line.trim_end().to_string());
            line = run.trim_start().to_string();
            line_w = width(&line, size);
        } else {
            line.push_str(&run);
            line_w += run_w;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The widest of `lines` in pixels at `size` px.
pub fn widest(lines: &[String], size: f64) -> f64 {
    lines.iter().map(|l| width(l, size)).fold(0.0, f64::max)
}

/// A coordinate printed with at most one decimal. By integer arithmetic: `{:.1}` on floats was a
/// visible part of rendering a large site (every entity page has a map).
pub struct Px(pub f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Coordinates are far inside i64; `as` saturates anyway.
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        if t.is_multiple_of(10) {
            write!(f, "{sign}{}", t / 10)
        } else {
            write!(f, "{sign}{}.{}", t / 10, t % 10)
        }
    }
}

/// Appends `<tspan>`s for `lines` starting at `x`, `line_h` apart (the first on the `<text>`'s `y`).
pub fn push_lines(out: &mut String, lines: &[String], x: f64, line_h: f64) {
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = write!(out, "<tspan x=\"{}\">", Px(x));
        } else {
            let _ = write!(out, "<tspan x=\"{}\" dy=\"{}\">", Px(x), Px(line_h));
        }
        crate::html::push_escaped_text(out, line);
        out.push_str("</tspan>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_short() {
        let p = |v: f64| Px(v).to_string();
        assert_eq!(p(0.0), "0");
        assert_eq!(p(12.34), "12.3");
        assert_eq!(p(12.36), "12.4");
        assert_eq!(p(380.0), "380");
        assert_eq!(p(-4.26), "-4.3");
        assert_eq!(p(-0.04), "0");
        assert_eq!(p(1e6 + 0.05), "1000000.1");
    }

    #[test]
    fn wrapping_keeps_every_character_and_respects_the_width() {
        for (s, max) in [
            ("上下文纠错（In-context correction）", 150.0),
            ("Companies and organisations active here", 120.0),
            ("ERNIE 3.0 Titan", 60.0),
            ("人工智能生成内容在游戏行业中的应用", 100.0),
        ] {
            let lines = wrap(s, 14.0, max);
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let orig: String = s.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, orig, "{s}: nothing cut");
            assert!(lines.len() >= 2, "{s}: {lines:?}");
            for l in &lines {
                // A single unbreakable word may exceed the width; nothing else does.
                assert!(
                    width(l, 14.0) <= max || !l.contains(' ') && l.is_ascii(),
                    "{s}: {l:?} too wide"
                );
            }
        }
        assert_eq!(wrap("GPT-4", 14.0, 200.0), vec!["GPT-4".to_string()]);
        assert!(wrap("", 14.0, 200.0).is_empty());
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let lines = wrap("百度、阿里巴巴、腾讯、字节跳动，以及华为。", 14.0, 60.0);
        for l in &lines {
            assert!(!l.starts_with(['、', '，', '。']), "{lines:?}");
        }
    }
}
