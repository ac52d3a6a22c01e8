//! Cutting text short for readers: at a word or clause boundary, never inside a Latin word, and
//! always marked with an ellipsis where something was left out.
//!
//! Chinese has no spaces, so a cut between two Han characters is a boundary; a clause mark
//! (，、；：) close to the limit is preferred to it.

/// The mark for left-out text.
pub const ELLIPSIS: char = '…';

/// Whether `c` is written without spaces around words (Han, kana, Hangul, full-width forms).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}' | '\u{3000}'..='\u{303f}' | '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// Letters and digits of a Latin-script word.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Part of a Latin-script word, joiners included (`GPT-3.5`, `don't`).
fn is_word_part(c: char) -> bool {
    is_word(c) || matches!(c, '-' | '.' | '\'' | '’' | '_')
}

/// Ends a sentence.
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '.' | '!' | '?' | '…' | '\n')
}

/// A clause mark, a good place for a cut.
fn is_clause(c: char) -> bool {
    matches!(c, '，' | '、' | '：' | '；' | ',' | ':' | ';' | '—') || is_stop(c)
}

/// Whether text may be cut between `before` and `after` without splitting a word.
fn is_boundary(before: char, after: char) -> bool {
    before.is_whitespace()
        || after.is_whitespace()
        || is_cjk(before)
        || is_cjk(after)
        || (is_clause(before) && !is_word(after))
}

/// `text` cut to at most `max` characters (the ellipsis included) at the last boundary: after a
/// clause mark in the last third, else at a space or beside a CJK character. Unchanged when it
/// fits.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max || max < 2 {
        return text.to_string();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let limit = max - 1;
    let mut clause = None;
    let mut word = None;
    for i in 1..=limit {
        let (before, after) = (chars[i - 1].1, chars[i].1);
        if !is_boundary(before, after) {
            continue;
        }
        word = Some(i);
        if (is_clause(before) || is_clause(after)) && i * 3 >= limit * 2 {
            clause = Some(i);
        }
    }
    let cut = clause.or(word).unwrap_or(limit);
    let kept = text[..chars[cut].0].trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '，' | '、' | '：' | '；' | ',' | ':' | ';' | '（' | '(' | '“' | '"'
            )
    });
    format!("{kept}{ELLIPSIS}")
}

/// A context that may start mid-sentence: drop a partial Latin word at its start and mark the
/// cut. `before` is the character just before `text` in its source (`None` at the start).
pub fn open_start(text: &str, before: Option<char>) -> String {
    let Some(b) = before else {
        return text.to_string();
    };
    if is_stop(b) {
        return text.trim_start().to_string();
    }
    let inside_word = is_word_part(b) && text.chars().next().is_some_and(is_word_part);
    let rest = if inside_word {
        text.trim_start_matches(is_word_part)
    } else {
        text
    };
    format!("{ELLIPSIS}{}", rest.trim_start())
}

/// A context that may stop mid-sentence: drop a partial Latin word at its end and mark the cut.
/// `after` is the character just after `text` in its source (`None` at the end).
pub fn open_end(text: &str, after: Option<char>) -> String {
    let Some(a) = after else {
        return text.to_string();
    };
    if text.trim_end().chars().last().is_some_and(is_stop) {
        return text.to_string();
    }
    if is_stop(a) && a != '\n' {
        // Only the full stop was left out.
        return format!("{text}{a}");
    }
    let inside_word = is_word(a) && text.chars().last().is_some_and(is_word_part);
    let kept = if inside_word {
        text.trim_end_matches(is_word_part)
    } else {
        text
    };
    format!("{}{ELLIPSIS}", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(shorten("GPT-4", 10), "GPT-4");
        assert_eq!(shorten("  大模型  ", 10), "大模型");
    }

    #[test]
    fn latin_is_cut_between_words() {
        assert_eq!(
            shorten(
                "Text generation, chatbot, question answering, translation",
                30
            ),
            "Text generation, chatbot…"
        );
        assert_eq!(
            shorten("About three US cents per query when served", 20),
            "About three US…"
        );
        // Never inside a compound such as GPT-3.5.
        assert_eq!(shorten("Built on GPT-3.5 and more", 14), "Built on…");
    }

    #[test]
    fn chinese_prefers_a_clause_mark() {
        assert_eq!(
            shorten(
                "文本生成、聊天机器人、语言问答、语言翻译、自动文摘、绘画、编程",
                16
            ),
            "文本生成、聊天机器人、语言问答…"
        );
        // Without a clause mark, between any two characters.
        assert_eq!(shorten("大型对话式自然语言处理模型", 8), "大型对话式自然…");
    }

    #[test]
    fn open_contexts_get_an_ellipsis_at_a_word_boundary() {
        assert_eq!(open_start("PT-4 is new.", Some('G')), "…is new.");
        assert_eq!(open_start("is new.", Some(' ')), "…is new.");
        assert_eq!(open_start(" It is new.", Some('.')), "It is new.");
        assert_eq!(open_start("它是新的。", Some('。')), "它是新的。");
        assert_eq!(open_start("认为它是新的。", None), "认为它是新的。");
        assert_eq!(open_end("认为 GP", Some('T')), "认为…");
        assert_eq!(open_end("the model is", Some(' ')), "the model is…");
        assert_eq!(
            open_end("可见这一能力在 GPT-3.5 系列中仍是", Some('有')),
            "可见这一能力在 GPT-3.5 系列中仍是…"
        );
        assert_eq!(open_end("It works.", Some(' ')), "It works.");
        assert_eq!(open_end("它是新的", Some('。')), "它是新的。");
        assert_eq!(open_end("built on GPT-", Some('4')), "built on…");
        assert_eq!(open_end("It works", None), "It works");
    }
}
