//! How links and scripts sit in running text, as pure functions on strings: the label a report
//! section's link prints (`1.3.1`), the short end of a range of sections (`1.3.2a–e`), and the
//! spaces Chinese text drops (W3C, Requirements for Chinese Text Layout: no space between Han
//! characters; the gap between Han and Latin text is the theme's `text-autospace`, not a typed
//! space). Every function reads its input once: the fuzz and pathological tests feed it huge text.

use std::borrow::Cow;

/// The dash that joins two section links into a range: `[[1-3-2a]]–[[1-3-2e]]`.
pub const RANGE_DASH: &str = "–";

/// A Han character (CJK ideographs, their extension A and compatibility forms).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// A character that sits against Han text without a typed space: Han itself, or a Latin letter
/// or digit (the gap between those two scripts is drawn by CSS).
fn is_tight(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric()
}

/// Whether a space between `before` and `after` goes in text spaced as Chinese: both sides are
/// tight and one of them is Han.
pub fn drops_space(before: char, after: char) -> bool {
    is_tight(before) && is_tight(after) && (is_han(before) || is_han(after))
}

/// A report section number split into its numeric stem and letter suffix: `1.3.2a` into
/// (`1.3.2`, `a`). Only numbers with at least one dot count (`1` is a chapter, not a section).
fn section_parts(s: &str) -> Option<(&str, &str)> {
    let stem_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (stem, suffix) = s.split_at(stem_end);
    let numeric = stem.starts_with(|c: char| c.is_ascii_digit())
        && !stem.ends_with('.')
        && stem.contains('.')
        && !stem.contains("..");
    (numeric && suffix.chars().all(|c| c.is_ascii_lowercase())).then_some((stem, suffix))
}

/// The label of a page holding these report sections: the section (`1.3.2a`), or the common
/// stem of sections that differ only in their letter (`2.1.1a`, `2.1.1b` → `2.1.1`). `None`
/// where they make no one number (a chapter's `1`, the summary, an appendix listing many).
pub fn sections_label<'a>(mut sections: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = sections.next()?;
    let (stem, _) = section_parts(first)?;
    let mut several = false;
    for s in sections {
        let (other, suffix) = section_parts(s)?;
        if other != stem || suffix.is_empty() {
            return None;
        }
        several = true;
    }
    Some(if several { stem } else { first }.to_string())
}

/// Where a section link ends a range (`[[1-3-2a]]–[[1-3-2e]]`), what it prints: only the letter
/// when both ends share the number (`e`: "1.3.2a–e"); `None` (print in full) otherwise.
pub fn range_end<'a>(first: &str, second: &'a str) -> Option<&'a str> {
    let (a, sa) = section_parts(first)?;
    let (b, sb) = section_parts(second)?;
    (a == b && !sa.is_empty() && !sb.is_empty() && sa != sb).then_some(sb)
}

/// Shortens the second link of each range in place: `links` are the page's links in body order,
/// each with its span in `body` and the label it prints (`None` where the author wrote its
/// text). Two labelled links joined by exactly [`RANGE_DASH`] make a range.
pub fn shorten_ranges<'s>(
    body: &str,
    links: impl IntoIterator<Item = (std::ops::Range<usize>, Option<&'s mut String>)>,
) {
    let mut prev: Option<(usize, String)> = None;
    for (span, label) in links {
        let Some(label) = label else {
            prev = None;
            continue;
        };
        let full = label.clone();
        if let Some((end, first)) = &prev {
            if body.get(*end..span.start) == Some(RANGE_DASH) {
                if let Some(tail) = range_end(first, &full) {
                    *label = tail.to_string();
                }
            }
        }
        prev = Some((span.end, full));
    }
}

/// `text` without the spaces Chinese spacing drops: a run of spaces between two tight
/// characters one of which is Han. `before` and `after` are the characters just outside the
/// text (across a link's edge), where known.
pub fn tighten(text: &str, before: Option<char>, after: Option<char>) -> Cow<'_, str> {
    if !text.contains(' ') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut prev = before;
    let mut spaces = 0usize;
    for c in text.chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces > 0 {
            let drop = prev.is_some_and(|p| drops_space(p, c));
            if !drop {
                out.extend(std::iter::repeat_n(' ', spaces));
            }
            spaces = 0;
        }
        out.push(c);
        prev = Some(c);
    }
    if spaces > 0 {
        let drop = matches!((prev, after), (Some(p), Some(a)) if drops_space(p, a));
        if !drop {
            out.extend(std::iter::repeat_n(' ', spaces));
        }
    }
    if out.len() == text.len() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_labels() {
        assert_eq!(sections_label(["1.3.1"].into_iter()), Some("1.3.1".into()));
        assert_eq!(
            sections_label(["2.1.1a", "2.1.1b"].into_iter()),
            Some("2.1.1".into())
        );
        assert_eq!(
            sections_label(["1.3.2a"].into_iter()),
            Some("1.3.2a".into())
        );
        assert_eq!(sections_label(["1"].into_iter()), None);
        assert_eq!(sections_label(["核心观点", "tail"].into_iter()), None);
        assert_eq!(sections_label(["1.1.1", "1.1.2"].into_iter()), None);
        assert_eq!(sections_label(std::iter::empty()), None);
    }

    #[test]
    fn ranges() {
        assert_eq!(range_end("1.3.2a", "1.3.2e"), Some("e"));
        assert_eq!(range_end("1.2.1", "1.2.5"), None);
        assert_eq!(range_end("1.3.2a", "1.3.3"), None);
        assert_eq!(range_end("GPT-4", "GPT-5"), None);
    }

    #[test]
    fn range_links() {
        let body = "[[1-3-2a]]–[[1-3-2e]] and [[1-2-1]]–[[1-2-5]]";
        let mut labels = ["1.3.2a", "1.3.2e", "1.2.1", "1.2.5"].map(String::from);
        let spans = [0..10, 13..23, 28..37, 40..49];
        shorten_ranges(body, spans.into_iter().zip(labels.iter_mut().map(Some)));
        assert_eq!(labels, ["1.3.2a", "e", "1.2.1", "1.2.5"]);
    }

    #[test]
    fn chinese_spacing() {
        assert_eq!(tighten("它开发了 ", None, Some('文')), "它开发了");
        assert_eq!(tighten(" 的模型", Some('言'), None), "的模型");
        assert_eq!(tighten("使用 GPT-4 模型", None, None), "使用GPT-4模型");
        assert_eq!(
            tighten("AI for Productivity", None, None),
            "AI for Productivity"
        );
        assert_eq!(tighten("它开发了 ", None, Some('（')), "它开发了 ");
        assert_eq!(tighten("第 ", None, Some('1')), "第");
        assert_eq!(tighten("a  b", None, None), "a  b");
    }
}
