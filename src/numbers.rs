//! Numbers parity: the numbers each language of a page states, read in the words that language
//! declares, and compared across the languages of the page.
//!
//! Every number is brought to one normal form, a [`Quantity`]: an exact decimal (1750亿 = 175
//! billion = 175B = 1.75×10¹¹), a percentage (40% = 40 %), an order of magnitude stated without
//! digits (千亿级 = hundreds of billions = 10¹¹), or a date (2023年3月 = March 2023). The words come
//! from the language's [`Locale`]: the count units of its declared number style (万/亿 at 10⁴/10⁸,
//! million/billion at 10⁶/10⁹), its date patterns and month names, and the theme's number words.
//! Nothing here names a language.
//!
//! Each language's *set* of quantities is compared with that of the first language the page is
//! written in; a quantity one language states and the other does not is a warning at the place
//! the first language states it. Sets, not multisets: a language may repeat a number in a summary.
//!
//! Not read as numbers, so never compared: text in code, links (their targets and labels), raw
//! HTML and shortcode calls; titles in 《》; names with digits (GPT-4, A100, M6, code-davinci-002);
//! section numbers (1.3.1, 1.3.2a); list numbering and footnote markers (not text in Markdown);
//! numbers spelled out in words (three, 三) and digits of other scripts.
//!
//! One pass over each text, each step bounded by the longest word: linear in the input.

use std::collections::HashSet;
use std::fmt;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Content;
use crate::diag::{Diagnostic, SourceText};
use crate::i18n::Locale;
use crate::lang::{NumberStyle, PerLang};
use crate::markdown;

/// An exact decimal, `digits × 10^exp`, with no trailing zeros in `digits` (so equal values are
/// equal structs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    digits: u64,
    exp: i32,
}

impl Decimal {
    fn new(mut digits: u64, mut exp: i32) -> Decimal {
        if digits == 0 {
            return Decimal { digits: 0, exp: 0 };
        }
        while digits.is_multiple_of(10) {
            digits /= 10;
            exp += 1;
        }
        Decimal { digits, exp }
    }

    fn scaled(self, by: i32) -> Decimal {
        Decimal::new(self.digits, self.exp + by)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.digits.to_string();
        let n = digits.len() as i32;
        if self.exp >= 0 && n + self.exp <= 6 {
            write!(f, "{digits}{}", "0".repeat(self.exp as usize))
        } else if self.exp < 0 && -self.exp < n {
            let point = (n + self.exp) as usize;
            write!(f, "{}.{}", &digits[..point], &digits[point..])
        } else if self.exp < 0 && -self.exp - n <= 3 {
            write!(f, "0.{}{digits}", "0".repeat((-self.exp - n) as usize))
        } else {
            // 1.75e11: one digit before the point.
            let (head, tail) = digits.split_at(1);
            let point = if tail.is_empty() { "" } else { "." };
            write!(f, "{head}{point}{tail}e{}", self.exp + n - 1)
        }
    }
}

/// A number as the parity check compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// A count or measure, with its unit words applied (1750亿 = 1.75e11).
    Number(Decimal),
    Percent(Decimal),
    /// An order of magnitude stated without digits: 10^n (千亿级, hundreds of billions).
    Magnitude(i32),
    /// A date as far as it is written (a month without a year, a day without a year).
    Date {
        year: Option<u16>,
        month: u8,
        day: Option<u8>,
    },
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Number(d) => write!(f, "{d}"),
            Quantity::Percent(d) => write!(f, "{d}%"),
            Quantity::Magnitude(n) => write!(f, "order of 1e{n}"),
            Quantity::Date { year, month, day } => {
                match year {
                    Some(y) => write!(f, "{y}-{month:02}")?,
                    None => write!(f, "month {month}")?,
                }
                match day {
                    Some(d) => write!(f, "-{d:02}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A quantity found in a text: what it is, and the bytes that state it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub quantity: Quantity,
    pub start: usize,
    pub end: usize,
}

/// One piece of a date pattern.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Year,
    Month,
    Day,
    /// Literal text (white space around it is optional when reading).
    Lit(String),
}

/// A date pattern and the month names it reads (none where months are numbers).
#[derive(Debug, Clone)]
struct DatePattern {
    pieces: Vec<Piece>,
    months: Vec<String>,
    /// How each month may be written, in the order they are tried: its name, then its first
    /// three letters; with the month's number and the length of its full name. Made once: a
    /// date is tried at every word that may start one.
    forms: Vec<(String, u8, usize)>,
}

/// The forms of the month names (see [`DatePattern::forms`]).
fn month_forms(months: &[String]) -> Vec<(String, u8, usize)> {
    let mut forms = Vec::new();
    for (i, name) in months.iter().enumerate() {
        // The first three letters (a char boundary: the names may be in any script).
        let cut = name.char_indices().nth(3).map_or(name.len(), |(b, _)| b);
        for form in [name.as_str(), &name[..cut]] {
            if !form.is_empty() {
                forms.push((form.to_string(), i as u8 + 1, name.len()));
            }
        }
    }
    forms
}

/// The words one language states numbers in, read from its [`Locale`].
#[derive(Debug, Clone)]
pub struct Words {
    /// Words for powers of ten (count units and number words), longest first.
    powers: Vec<(String, i32)>,
    /// Letters right after digits (175B), longest first.
    suffixes: Vec<(String, i32)>,
    before: Vec<String>,
    after: Vec<String>,
    joiners: Vec<String>,
    ranges: Vec<String>,
    percents: Vec<String>,
    /// Words before one number word that make it a count (上亿, a thousand).
    counts: Vec<String>,
    /// Words before a number that make it a reference, not a quantity (第 2 章, chapter 2).
    ordinals: Vec<String>,
    /// Words after a number that make it a reference (1.1 节).
    ordinals_after: Vec<String>,
    /// The exponent of the smallest count unit (万, million): a counting word makes one word a
    /// number only from there (上亿, a trillion; not a hundred flowers).
    min_unit: i32,
    /// Date patterns, most specific first (with a day, with a month; then the same without year).
    dates: Vec<DatePattern>,
    /// The characters a number in words or a date by name can start with (lower case): any
    /// other character is passed over at once.
    starts: Vec<char>,
    /// The separator of digit groups (thousands style), if the language groups digits.
    group: Option<char>,
}

fn list(s: &str) -> Vec<String> {
    let mut words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
}

fn powers(s: &str) -> Vec<(String, i32)> {
    s.split_whitespace()
        .filter_map(|pair| {
            let (word, exp) = pair.split_once('=')?;
            Some((word.to_string(), exp.parse().ok()?))
        })
        .collect()
}

fn pattern(s: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = s;
    let lit = |pieces: &mut Vec<Piece>, t: &str| {
        let t = t.trim();
        if !t.is_empty() {
            pieces.push(Piece::Lit(t.to_string()));
        }
    };
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        lit(&mut pieces, &rest[..open]);
        match &rest[open + 1..close] {
            "year" => pieces.push(Piece::Year),
            "month" => pieces.push(Piece::Month),
            "day" => pieces.push(Piece::Day),
            other => lit(&mut pieces, other),
        }
        rest = &rest[close + 1..];
    }
    lit(&mut pieces, rest);
    pieces
}

/// The pattern without its year, and the literal that joins the year to the rest
/// (`{year}年{month}月` → `{month}月`; `{month} {year}` → `{month}`).
fn without_year(pieces: &[Piece]) -> Vec<Piece> {
    let Some(at) = pieces.iter().position(|p| *p == Piece::Year) else {
        return pieces.to_vec();
    };
    let mut out = pieces.to_vec();
    out.remove(at);
    if at < out.len() && matches!(out[at], Piece::Lit(_)) {
        out.remove(at);
    } else if at > 0 && at == out.len() && matches!(out[at - 1], Piece::Lit(_)) {
        out.remove(at - 1);
    }
    out
}

impl Words {
    /// The words of `own`, then those of `others` (a page quotes another language's forms:
    /// `12 billion (120亿)`). Where two languages use one word differently, its own meaning wins.
    pub fn reading(own: &Locale, others: &[&Locale]) -> Words {
        let mut words = Words::new(own);
        for other in others {
            let o = Words::new(other);
            let add = |mine: &mut Vec<String>, theirs: Vec<String>| {
                for w in theirs {
                    if !mine.contains(&w) {
                        mine.push(w);
                    }
                }
                mine.sort_by_key(|w| std::cmp::Reverse(w.len()));
            };
            add(&mut words.before, o.before);
            add(&mut words.after, o.after);
            add(&mut words.joiners, o.joiners);
            add(&mut words.ranges, o.ranges);
            add(&mut words.percents, o.percents);
            add(&mut words.counts, o.counts);
            add(&mut words.ordinals, o.ordinals);
            add(&mut words.ordinals_after, o.ordinals_after);
            // Digits grouped the other language's way (`10,000` quoted in a Chinese text).
            words.group = words.group.or(o.group);
            for (table, theirs) in [
                (&mut words.powers, o.powers),
                (&mut words.suffixes, o.suffixes),
            ] {
                for (w, e) in theirs {
                    if !table.iter().any(|(m, _)| *m == w) {
                        table.push((w, e));
                    }
                }
                table.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
            }
            words.dates.extend(o.dates);
        }
        words.with_starts()
    }

    /// Fills in [`Words::starts`] from the words.
    fn with_starts(mut self) -> Words {
        let firsts = self
            .powers
            .iter()
            .map(|(w, _)| w)
            .chain(&self.before)
            .chain(&self.counts)
            .chain(self.dates.iter().flat_map(|d| {
                d.months
                    .iter()
                    .chain(d.pieces.first().and_then(|p| match p {
                        Piece::Lit(l) => Some(l),
                        _ => None,
                    }))
            }));
        let mut starts: Vec<char> = firsts
            .filter_map(|w| w.chars().next())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        starts.sort_unstable();
        starts.dedup();
        self.starts = starts;
        self
    }

    pub fn new(locale: &Locale) -> Words {
        let exps = match locale.numbers {
            NumberStyle::Myriad => [4, 8, 12],
            NumberStyle::Thousands => [6, 9, 12],
        };
        let mut all_powers: Vec<(String, i32)> = locale
            .count_units
            .iter()
            .zip(exps)
            .map(|(unit, exp)| (unit.replace("{n}", "").trim().to_string(), exp))
            .filter(|(w, _)| !w.is_empty())
            .chain(powers(&locale.number_words))
            .collect();
        all_powers.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut suffixes = powers(&locale.number_suffixes);
        suffixes.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let full: Vec<Vec<Piece>> = [&locale.date_day, &locale.date_month]
            .into_iter()
            .map(|p| pattern(p))
            .collect();
        let named = !locale.months.is_empty();
        // A pattern of bare numbers (`{month}` alone, written as a number) would read every small
        // number as a date: a pattern must hold a literal or a month name.
        let dates = full
            .iter()
            .cloned()
            .chain(full.iter().map(|p| without_year(p)))
            .filter(|p| {
                p.iter()
                    .any(|x| matches!(x, Piece::Lit(_)) || (named && *x == Piece::Month))
            })
            .map(|pieces| DatePattern {
                pieces,
                months: locale.months.clone(),
                forms: month_forms(&locale.months),
            })
            .collect();
        Words {
            powers: all_powers,
            suffixes,
            before: list(&locale.magnitude_before),
            after: list(&locale.magnitude_after),
            joiners: list(&locale.magnitude_joiners),
            ranges: list(&locale.range_words),
            percents: list(&locale.percent_words),
            counts: list(&locale.number_before),
            ordinals: list(&locale.ordinal_words),
            ordinals_after: list(&locale.ordinal_after),
            min_unit: exps[0],
            dates,
            starts: Vec::new(),
            group: match locale.numbers {
                NumberStyle::Thousands => locale.digit_group.chars().next(),
                NumberStyle::Myriad => None,
            },
        }
        .with_starts()
    }
}

fn is_alpha(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic())
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// Past at most two white-space characters (a space, a no-break or thin space).
fn skip_space(text: &str, mut at: usize) -> usize {
    for _ in 0..2 {
        match char_at(text, at) {
            Some(c) if c.is_whitespace() => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// Whether `word` is written at `at`: Latin letters case-insensitively, not inside a word.
fn word_at(text: &str, at: usize, word: &str) -> bool {
    // The first byte rejects nearly every word (this runs for each word of each list at every
    // place a number word may start).
    if let (Some(b), Some(w)) = (text.as_bytes().get(at), word.as_bytes().first()) {
        if !b.eq_ignore_ascii_case(w) {
            return false;
        }
    }
    let Some(rest) = text.get(at..) else {
        return false;
    };
    let Some(head) = rest.get(..word.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(word) {
        return false;
    }
    let first_alpha = word.starts_with(|c: char| c.is_ascii_alphabetic());
    !(first_alpha && is_alpha(char_before(text, at)))
}

/// The length of `word` at `at` if it ends a word there (a Latin word is not followed by letters).
fn whole_word(text: &str, at: usize, word: &str) -> Option<usize> {
    if !word_at(text, at, word) {
        return None;
    }
    let last_alpha = word.ends_with(|c: char| c.is_ascii_alphabetic());
    (!(last_alpha && is_alpha(char_at(text, at + word.len())))).then_some(word.len())
}

/// The length of `suffix` glued at `at`, if it ends a word there.
fn suffix_at(text: &str, at: usize, suffix: &str) -> Option<usize> {
    let head = text.get(at..)?.get(..suffix.len())?;
    let last_alpha = suffix.ends_with(|c: char| c.is_ascii_alphabetic());
    (head.eq_ignore_ascii_case(suffix)
        && !(last_alpha && is_alpha(char_at(text, at + suffix.len()))))
    .then_some(suffix.len())
}

fn any_word(text: &str, at: usize, words: &[String]) -> Option<usize> {
    words.iter().find_map(|w| whole_word(text, at, w))
}

/// Digits at `at`, at most `max` of them and not followed by another digit.
fn small_number(text: &str, at: usize, max: usize) -> Option<(u32, usize)> {
    let bytes = text.as_bytes();
    let mut end = at;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
        if end - at > max {
            return None;
        }
    }
    if end == at {
        return None;
    }
    text[at..end].parse().ok().map(|n| (n, end))
}

impl Words {
    /// A power word at `at`, with its length (and that of a magnitude suffix glued to it, as
    /// in `hundreds` or `千亿级`) and whether it has such a suffix.
    fn power_at(&self, text: &str, at: usize) -> Option<(usize, i32, bool)> {
        self.powers.iter().find_map(|(w, exp)| {
            if !word_at(text, at, w) {
                return None;
            }
            let end = at + w.len();
            if let Some(l) = self.after.iter().find_map(|s| suffix_at(text, end, s)) {
                return Some((w.len() + l, *exp, true));
            }
            let last_alpha = w.ends_with(|c: char| c.is_ascii_alphabetic());
            (!(last_alpha && is_alpha(char_at(text, end)))).then_some((w.len(), *exp, false))
        })
    }

    /// A month name at `at`, written whole or cut to its first three letters (`Nov`, `Nov.`).
    fn month_name_at(forms: &[(String, u8, usize)], text: &str, at: usize) -> Option<(u8, usize)> {
        if is_alpha(char_before(text, at)) {
            return None;
        }
        let rest = text.get(at..)?;
        let first = *rest.as_bytes().first()?;
        forms.iter().find_map(|(form, month, full)| {
            let end = at + form.len();
            // The first byte rejects nearly every form without a call.
            (form.as_bytes().first() == Some(&first)
                && rest.starts_with(form.as_str())
                && !is_alpha(char_at(text, end)))
            .then(|| {
                let dot = usize::from(form.len() < *full && char_at(text, end) == Some('.'));
                (*month, end + dot)
            })
        })
    }

    /// A date written by one of the patterns at `at`.
    fn date_at(&self, text: &str, at: usize) -> Option<(Quantity, usize)> {
        'patterns: for DatePattern {
            pieces,
            months,
            forms,
        } in &self.dates
        {
            // A pattern that starts with digits is skipped at once where there are none.
            let digits_first = match pieces.first() {
                Some(Piece::Year | Piece::Day) => true,
                Some(Piece::Month) => months.is_empty(),
                _ => false,
            };
            if digits_first && !text.as_bytes().get(at).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            let (mut year, mut month, mut day) = (None, None, None);
            let mut pos = at;
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 {
                    pos = skip_space(text, pos);
                }
                match piece {
                    Piece::Year => match small_number(text, pos, 4) {
                        Some((y, end)) if end - pos == 4 && (1000..3000).contains(&y) => {
                            year = u16::try_from(y).ok();
                            pos = end;
                        }
                        _ => continue 'patterns,
                    },
                    Piece::Day => match small_number(text, pos, 2) {
                        Some((d, end)) if (1..=31).contains(&d) => {
                            day = u8::try_from(d).ok();
                            pos = end;
                        }
                        _ => continue 'patterns,
                    },
                    Piece::Month if !months.is_empty() => {
                        match Words::month_name_at(forms, text, pos) {
                            Some((m, end)) => {
                                month = Some(m);
                                pos = end;
                            }
                            None => continue 'patterns,
                        }
                    }
                    Piece::Month => match small_number(text, pos, 2) {
                        Some((m, end)) if (1..=12).contains(&m) => {
                            month = u8::try_from(m).ok();
                            pos = end;
                        }
                        _ => continue 'patterns,
                    },
                    Piece::Lit(lit) => {
                        if i > 0 {
                            // White space before a literal: `2023 年 3 月`.
                            pos = skip_space(text, pos);
                        }
                        if !text.get(pos..).is_some_and(|r| r.starts_with(lit.as_str())) {
                            continue 'patterns;
                        }
                        pos += lit.len();
                    }
                }
            }
            // A number right after a date is not part of it (`3月14` is not `3月`).
            let next = text.as_bytes().get(pos..pos + 2).unwrap_or(&[]);
            if next.first().is_some_and(u8::is_ascii_digit)
                || (next.first() == Some(&b'.') && next.get(1).is_some_and(u8::is_ascii_digit))
            {
                continue;
            }
            let month = month?;
            return Some((Quantity::Date { year, month, day }, pos));
        }
        None
    }

    /// Number words after digits: the sum of their exponents and where they end.
    fn units_after(&self, text: &str, mut pos: usize) -> (i32, usize) {
        let mut exp = 0;
        loop {
            let mut at = skip_space(text, pos);
            // `30-billion-parameter`: a hyphen joins digits to their unit word.
            if text.as_bytes().get(at) == Some(&b'-') && self.power_at(text, at + 1).is_some() {
                at += 1;
            }
            match self.power_at(text, at) {
                Some((len, e, _)) => {
                    exp += e;
                    pos = at + len;
                }
                None => return (exp, pos),
            }
        }
    }

    /// A number in words at `at`: an order of magnitude where a word marks it so (数十万, 千亿级,
    /// hundreds of billions), else a power of ten where two number words or a counting word
    /// make it one (千亿, 上亿, ten trillion, a thousand). One number word alone is a word (百度).
    fn magnitude_at(&self, text: &str, at: usize) -> Option<(Quantity, usize)> {
        let mut pos = at;
        let mut marked = false;
        let mut counted = false;
        if let Some(len) = self.before.iter().find_map(|w| whole_word(text, at, w)) {
            pos = skip_space(text, at + len);
            marked = true;
        } else if let Some(len) = self.counts.iter().find_map(|w| whole_word(text, at, w)) {
            pos = skip_space(text, at + len);
            counted = true;
        }
        let (mut exp, mut count) = (0, 0);
        while let Some((len, e, suffixed)) = self.power_at(text, pos) {
            // Each numeral character of a script without spaces counts as a word (万亿: two).
            let word = &text[pos..pos + len];
            count += if word.is_ascii() {
                1
            } else {
                word.chars().count()
            };
            pos += len;
            exp += e;
            marked |= suffixed;
            let spaced = skip_space(text, pos);
            if let Some(len) = any_word(text, spaced, &self.after) {
                pos = spaced + len;
                marked = true;
            }
            let mut next = skip_space(text, pos);
            // `hundred-trillion`: a hyphen joins two number words.
            if text.as_bytes().get(next) == Some(&b'-') && self.power_at(text, next + 1).is_some() {
                next += 1;
            }
            let next = match any_word(text, next, &self.joiners) {
                Some(len) => skip_space(text, next + len),
                None => next,
            };
            if self.power_at(text, next).is_none() {
                break;
            }
            pos = next;
        }
        if count == 0 {
            return None;
        }
        if marked {
            Some((Quantity::Magnitude(exp), pos))
        } else if (counted && exp >= self.min_unit) || count > 1 {
            Some((Quantity::Number(Decimal::new(1, exp)), pos))
        } else {
            None
        }
    }
}

/// The end of a name or other run of letters, digits and joiners starting at or before `at`.
fn run_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = at;
    while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || b"._-".contains(&bytes[end]))
    {
        end += 1;
    }
    // A final full stop ends the sentence, not the name.
    while end > at && bytes[end - 1] == b'.' {
        end -= 1;
    }
    end.max(at + 1)
}

/// What reading digits at `at` gives.
enum Digits {
    /// A quantity and where it ends, with the exponent of its unit words and whether it is bare
    /// (no unit, no percent sign: the first end of a range takes the second's).
    Quantity(Quantity, usize, bool),
    /// Not a quantity (a section number, a name): skip to here.
    Skip(usize),
}

/// At most this many significant digits are read; a longer run is not a quantity.
const MAX_DIGITS: usize = 18;

impl Words {
    fn digits_at(&self, text: &str, at: usize) -> Digits {
        let bytes = text.as_bytes();
        let mut digits: u64 = 0;
        let mut count = 0usize;
        let mut decimals = 0i32;
        let mut pos = at;
        let mut in_fraction = false;
        loop {
            let b = bytes.get(pos).copied();
            match b {
                Some(d) if d.is_ascii_digit() => {
                    if count >= MAX_DIGITS {
                        return Digits::Skip(run_end(text, pos));
                    }
                    digits = digits * 10 + u64::from(d - b'0');
                    count += 1;
                    if in_fraction {
                        decimals += 1;
                    }
                    pos += 1;
                }
                Some(b'.') if bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) => {
                    if in_fraction {
                        // A section number: 1.3.1.
                        return Digits::Skip(run_end(text, pos));
                    }
                    in_fraction = true;
                    pos += 1;
                }
                Some(c)
                    if !in_fraction
                        && self.group.is_some_and(|g| g.is_ascii() && c == g as u8)
                        && bytes
                            .get(pos + 1..pos + 4)
                            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                        && !bytes.get(pos + 4).is_some_and(u8::is_ascii_digit) =>
                {
                    pos += 1;
                }
                _ => break,
            }
        }
        let mut value = Decimal::new(digits, -decimals);
        if is_alpha(char_at(text, pos)) {
            let letters_end = pos
                + text[pos..]
                    .bytes()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
            let letters = &text[pos..letters_end];
            if let Some((_, exp)) = self.suffixes.iter().find(|(s, _)| s == letters) {
                value = value.scaled(*exp);
                pos = letters_end;
                let (exp, end) = self.units_after(text, pos);
                let quantity = Quantity::Number(value.scaled(exp));
                return Digits::Quantity(quantity, end, false);
            }
            // Two or more letters are a unit the check does not compare (1.9TB, 2nd), and `s` a
            // decade (1970s = 1970 年代); another single letter (3D, 5G) or a digit after the
            // letters (1b2) makes a name.
            if (letters.len() < 2 && letters != "s")
                || text
                    .as_bytes()
                    .get(letters_end)
                    .is_some_and(u8::is_ascii_digit)
            {
                return Digits::Skip(run_end(text, pos));
            }
            return Digits::Quantity(Quantity::Number(value), letters_end, false);
        }
        if bytes.get(pos) == Some(&b'.')
            && bytes.get(pos + 1).is_some_and(|b| b.is_ascii_alphabetic())
        {
            // 1.3.2a after a section number was read as a decimal.
            return Digits::Skip(run_end(text, pos));
        }
        let after = skip_space(text, pos);
        if let Some(c) = char_at(text, after).filter(|c| *c == '%' || *c == '％') {
            return Digits::Quantity(Quantity::Percent(value), after + c.len_utf8(), false);
        }
        if let Some(len) = any_word(text, after, &self.percents) {
            return Digits::Quantity(Quantity::Percent(value), after + len, false);
        }
        let (exp, end) = self.units_after(text, pos);
        Digits::Quantity(Quantity::Number(value.scaled(exp)), end, exp == 0)
    }

    /// Whether digits glued to a name give its size (`LLaMA7B`): digits and a size suffix, then
    /// no letter.
    fn sized_name(&self, text: &str, at: usize) -> bool {
        let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
        self.suffixes
            .iter()
            .any(|(s, _)| suffix_at(text, at + digits, s).is_some())
    }

    /// Whether a word before `at` makes the number there a reference (`chapter 2`, `第 2 章`).
    fn after_ordinal(&self, text: &str, at: usize) -> bool {
        let head = text[..at].trim_end_matches([' ', '\u{a0}', '\u{2009}']);
        if at - head.len() > 2 {
            return false;
        }
        self.ordinals.iter().any(|w| {
            head.len() >= w.len()
                && head.is_char_boundary(head.len() - w.len())
                && head[head.len() - w.len()..].eq_ignore_ascii_case(w)
                && !(w.starts_with(|c: char| c.is_ascii_alphabetic())
                    && is_alpha(char_before(head, head.len() - w.len())))
        })
    }

    /// Whether a word after the number at `at` makes it a reference (`1.1 节`).
    fn before_ordinal(&self, text: &str, at: usize) -> bool {
        let end = at
            + text[at..]
                .bytes()
                .take_while(|b| b.is_ascii_digit() || *b == b'.')
                .count();
        let next = skip_space(text, end);
        self.ordinals_after
            .iter()
            .any(|w| whole_word(text, next, w).is_some())
    }

    /// Whether the number at `at` is an enumerator in brackets: `(1) pre-training`, `（2）`
    /// (one or two digits: `(2003)` is a year).
    fn enumerator(&self, text: &str, at: usize) -> bool {
        let end = at + text[at..].bytes().take_while(u8::is_ascii_digit).count();
        end - at <= 2
            && matches!(char_before(text, at), Some('(' | '（'))
            && matches!(char_at(text, end), Some(')' | '）'))
    }

    /// Whether a text starts with a number that numbers it (`1. Data`, `1、`, `2)`), the way a
    /// heading is numbered: a reference, not a quantity.
    fn leading_ordinal(&self, text: &str) -> bool {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &text[digits..];
        digits > 0
            && (rest.starts_with(['、', ')', '）'])
                || (rest.starts_with('.') && !rest[1..].starts_with(|c: char| c.is_ascii_digit())))
    }

    /// Whether the text between two numbers makes them the ends of one range (`10–20`, `10 至 20`).
    fn is_range_gap(&self, gap: &str) -> bool {
        let gap = gap.trim();
        matches!(gap, "-" | "–" | "—" | "~" | "～" | "−") || self.ranges.iter().any(|w| w == gap)
    }
}

/// Every quantity stated in `text`, in order. `start` is added to the positions.
pub fn quantities(words: &Words, text: &str, start: usize) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    // The last number that had no unit, and where it ended: a range's first end.
    let mut bare: Option<(usize, usize)> = None;
    // Where no `》` follows: an unclosed 《 is not searched again.
    let mut no_close_after = usize::MAX;
    let mut at = 0;
    while at < text.len() {
        let Some(c) = char_at(text, at) else {
            break;
        };
        if c == '《' && at < no_close_after {
            match text[at..].find('》') {
                Some(close) => {
                    at += close + '》'.len_utf8();
                    continue;
                }
                None => no_close_after = at,
            }
        }
        // Whether the character is glued to a name before it (GPT-4, A100): asked only of a
        // character that may start a number.
        let glued = || {
            let prev = char_before(text, at);
            let before_prev = prev.and_then(|p| char_before(text, at - p.len_utf8()));
            prev.is_some_and(|p| p.is_ascii_alphabetic() || p == '_')
                || (prev.is_some_and(|p| matches!(p, '-' | '_' | '.' | '/'))
                    && before_prev.is_some_and(|p| p.is_ascii_alphabetic()))
        };
        let push = |q: Quantity, s: usize, e: usize, found: &mut Vec<Found>| {
            found.push(Found {
                quantity: q,
                start: start + s,
                end: start + e,
            });
        };
        if c.is_ascii_digit() {
            if glued() && !words.sized_name(text, at) {
                at = run_end(text, at);
                continue;
            }
            if words.after_ordinal(text, at)
                || words.before_ordinal(text, at)
                || words.enumerator(text, at)
                || (at == 0 && words.leading_ordinal(text))
            {
                at = run_end(text, at);
                bare = None;
                continue;
            }
            if let Some((q, end)) = words.date_at(text, at) {
                push(q, at, end, &mut found);
                bare = None;
                at = end;
                continue;
            }
            match words.digits_at(text, at) {
                Digits::Skip(end) => {
                    bare = None;
                    at = end;
                }
                Digits::Quantity(q, end, is_bare) => {
                    // The first end of a range takes the unit of the second: 10–20亿, 10-20%.
                    if let Some((i, e)) = bare {
                        if !is_bare && at - e <= 16 && words.is_range_gap(&text[e..at]) {
                            let first = found[i].quantity;
                            found[i].quantity = match (first, q) {
                                (Quantity::Number(a), Quantity::Percent(_)) => Quantity::Percent(a),
                                (Quantity::Number(a), Quantity::Number(b)) => {
                                    // The unit of the second end, as an exponent: what its
                                    // words added beyond its digits.
                                    let written = number_written(&text[at..end]);
                                    Quantity::Number(a.scaled(b.exp - written.exp))
                                }
                                (other, _) => other,
                            };
                        }
                    }
                    push(q, at, end, &mut found);
                    bare = is_bare.then_some((found.len() - 1, end));
                    at = end.max(at + 1);
                }
            }
            continue;
        }
        let may_start = words.starts.binary_search(&c.to_ascii_lowercase()).is_ok();
        if may_start && (!c.is_ascii_alphabetic() || !glued()) {
            if let Some((q, end)) = words.date_at(text, at) {
                push(q, at, end, &mut found);
                at = end;
                continue;
            }
            if let Some((q, end)) = words.magnitude_at(text, at) {
                push(q, at, end, &mut found);
                at = end;
                continue;
            }
        }
        at += c.len_utf8();
        // A Latin word is skipped whole: a number word or month inside it is not one.
        if c.is_ascii_alphabetic() {
            while is_alpha(char_at(text, at)) {
                at += 1;
            }
        }
    }
    share_years(&mut found);
    found
}

/// At most this many bytes between two dates of one list (`7 月或 11 月`, `July or`).
const DATE_LIST_GAP: usize = 12;

/// A month written without its year next to a date with one takes its year: `2022 年 7 月或
/// 11 月`, `July or November 2022`.
fn share_years(found: &mut [Found]) {
    let year = |f: &Found| match f.quantity {
        Quantity::Date { year, .. } => year,
        _ => None,
    };
    for i in 0..found.len() {
        let Quantity::Date {
            year: None,
            month,
            day,
        } = found[i].quantity
        else {
            continue;
        };
        let before = i
            .checked_sub(1)
            .map(|j| &found[j])
            .filter(|p| found[i].start - p.end <= DATE_LIST_GAP)
            .and_then(year);
        let after = found
            .get(i + 1)
            .filter(|n| n.start - found[i].end <= DATE_LIST_GAP)
            .and_then(year);
        if let Some(y) = before.or(after) {
            found[i].quantity = Quantity::Date {
                year: Some(y),
                month,
                day,
            };
        }
    }
}

/// The digits of a number as written, without its words (for the unit of a range's end).
fn number_written(text: &str) -> Decimal {
    let mut digits: u64 = 0;
    let mut decimals = 0;
    let mut fraction = false;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                digits = digits
                    .saturating_mul(10)
                    .saturating_add(u64::from(b - b'0'));
                if fraction {
                    decimals += 1;
                }
            }
            b'.' => fraction = true,
            b',' => {}
            _ => break,
        }
    }
    Decimal::new(digits, -decimals)
}

/// The quantities a Markdown body states in prose (text outside code, links, raw HTML and
/// shortcode calls), read from its scan. Positions are byte offsets in the body.
pub fn body_quantities(words: &Words, body: &str, scan: &markdown::Scan) -> Vec<Found> {
    let protected = markdown::protect_table_links(body);
    let inserted = inserted_bytes(body, &protected);
    let mut found = Vec::new();
    for run in &scan.prose {
        let t = scan.prose_text(&protected, run);
        let start = run.start as usize;
        let skip = if run.heading_first {
            let trimmed = t.trim_start();
            if words.leading_ordinal(trimmed) {
                t.len() - trimmed.len() + trimmed.bytes().take_while(u8::is_ascii_digit).count()
            } else {
                0
            }
        } else {
            0
        };
        found.extend(quantities(words, &t[skip..], start + skip));
    }
    // Back to offsets in the body as written: each byte the protection inserted before one.
    for f in &mut found {
        f.start -= inserted.partition_point(|&i| i < f.start);
        f.end -= inserted.partition_point(|&i| i < f.end);
    }
    found
}

/// Where `protected` holds a byte `body` does not (its offsets, ascending): the protection only
/// inserts, so one walk over both finds them.
fn inserted_bytes(body: &str, protected: &str) -> Vec<usize> {
    let (a, b) = (body.as_bytes(), protected.as_bytes());
    let mut out = Vec::new();
    let mut i = 0;
    for (j, byte) in b.iter().enumerate() {
        if a.get(i) == Some(byte) {
            i += 1;
        } else {
            out.push(j);
        }
    }
    out
}

/// The numbers-parity warnings of each page, in page order: each quantity one language states and
/// another does not, at the place it is stated, compared with the first language the page is
/// written in. `kept(i)` gives the findings of page `i` where they are known already (its texts
/// are those they were found in, under the same config and locales).
pub fn check_pages(
    config: &Config,
    content: &Content,
    locales: &PerLang<Locale>,
    kept: &(dyn Fn(usize) -> Option<Vec<Diagnostic>> + Sync),
) -> Vec<Vec<Diagnostic>> {
    let words: PerLang<Words> = locales.map(|lang, own| {
        let others: Vec<&Locale> = locales
            .by_lang()
            .filter(|(l, _)| *l != lang)
            .map(|(_, l)| l)
            .collect();
        Words::reading(own, &others)
    });
    let code = |l| config.languages[l].code.as_str();
    content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            if let Some(found) = kept(i) {
                return found;
            }
            let stated: Vec<_> = config
                .languages
                .all()
                .filter_map(|lang| {
                    let text = page.text(lang)?;
                    let found = body_quantities(&words[lang], text.body(), &text.scan);
                    Some((lang, text, found))
                })
                .collect();
            let mut diags = Vec::new();
            let Some((first, first_text, first_found)) = stated.first() else {
                return diags;
            };
            let set = |f: &[Found]| f.iter().map(|x| x.quantity).collect::<HashSet<_>>();
            let first_set = set(first_found);
            for (lang, text, found) in stated.iter().skip(1) {
                let lang_set = set(found);
                for (a, a_text, a_found, b, b_set) in [
                    (*first, first_text, first_found, *lang, &lang_set),
                    (*lang, text, found, *first, &first_set),
                ] {
                    let src = SourceText::new(&a_text.file.path, &a_text.file.text);
                    let body = a_text.body();
                    let mut told = HashSet::new();
                    for f in a_found {
                        if b_set.contains(&f.quantity) || !told.insert(f.quantity) {
                            continue;
                        }
                        let written = body.get(f.start..f.end).unwrap_or("").trim();
                        diags.push(src.warning(
                            a_text.body_offset + f.start,
                            format!(
                                "numbers parity: `{written}` ({}) is stated in {} but not in {}",
                                f.quantity,
                                code(a),
                                code(b)
                            ),
                        ));
                    }
                }
            }
            diags
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::DateStyle;

    /// The words of the theme's zh and en files (themes/atlas/i18n), by number style.
    fn locale(numbers: NumberStyle) -> Locale {
        let mut l = crate::i18n::english_for_tests();
        l.numbers = numbers;
        match numbers {
            NumberStyle::Thousands => {
                l.months = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ]
                .iter()
                .map(|m| m.to_string())
                .collect();
            }
            NumberStyle::Myriad => {
                let w = |s: &str| s.to_string();
                l.dates = DateStyle::MonthNumber;
                l.months = Vec::new();
                l.count_units = [w("{n}万"), w("{n}亿"), w("{n}万亿")];
                l.digit_group = String::new();
                l.date_year = w("{year}年");
                l.date_month = w("{year}年{month}月");
                l.date_day = w("{year}年{month}月{day}日");
                l.number_words = w("十=1 百=2 千=3");
                l.magnitude_before = w("数 几");
                l.magnitude_after = w("量级 级");
                l.number_before = w("上 逾 破 过 一");
                l.ordinal_words = w("第");
                l.ordinal_after = w("节 章");
                l.magnitude_joiners = String::new();
                l.range_words = w("至 到");
                l.percent_words = String::new();
            }
        }
        l
    }

    /// The quantities of `input` as the language of `style` reads them, printed.
    fn check(style: NumberStyle, input: &str, expect: &[&str]) {
        let words = Words::new(&locale(style));
        let got: Vec<String> = quantities(&words, input, 0)
            .iter()
            .map(|f| f.quantity.to_string())
            .collect();
        assert_eq!(got, expect, "reading {input:?}");
    }

    use NumberStyle::{Myriad as ZH, Thousands as EN};

    #[test]
    fn counts_in_each_style() {
        check(ZH, "参数量为 1750 亿", &["1.75e11"]);
        check(ZH, "1750亿参数", &["1.75e11"]);
        check(EN, "175 billion parameters", &["1.75e11"]);
        check(EN, "a 175B model", &["1.75e11"]);
        check(ZH, "GPT-3 175B", &["1.75e11"]);
        check(ZH, "1.17 亿", &["1.17e8"]);
        check(EN, "117 million", &["1.17e8"]);
        check(EN, "GPT-1 117M", &["1.17e8"]);
        check(ZH, "10 万亿", &["1e13"]);
        check(EN, "10 trillion", &["1e13"]);
        check(EN, "1,750 GPUs", &["1750"]);
        check(ZH, "3千万", &["3e7"]);
        check(EN, "30 million", &["3e7"]);
        check(EN, "a 30-billion-parameter model", &["3e10"]);
        check(ZH, "LLaMA7B", &["7e9"]);
        check(EN, "12 thousand", &["12000"]);
    }

    #[test]
    fn percentages_decimals_and_ranges() {
        check(ZH, "增长 40%", &["40%"]);
        check(EN, "grew 40 %", &["40%"]);
        check(EN, "40 percent", &["40%"]);
        check(ZH, "40％", &["40%"]);
        check(EN, "3.5 points", &["3.5"]);
        check(EN, "0.05", &["0.05"]);
        check(ZH, "10-20%", &["10%", "20%"]);
        check(ZH, "10 至 20 亿", &["1e9", "2e9"]);
        check(EN, "1 to 2 billion", &["1e9", "2e9"]);
        check(EN, "1.5–2 billion", &["1.5e9", "2e9"]);
        check(EN, "10 times faster, tenfold", &["10"]);
    }

    #[test]
    fn dates_by_the_declared_patterns() {
        check(ZH, "2023年3月", &["2023-03"]);
        check(ZH, "2023 年 3 月发布", &["2023-03"]);
        check(EN, "in March 2023", &["2023-03"]);
        check(ZH, "2023年3月14日", &["2023-03-14"]);
        check(EN, "on 14 March 2023", &["2023-03-14"]);
        check(ZH, "3月", &["month 3"]);
        check(EN, "in March", &["month 3"]);
        check(ZH, "2023 年", &["2023"]);
        check(EN, "in 2023", &["2023"]);
        // A month number alone is not a date where months are numbers.
        check(ZH, "3 个月", &["3"]);
        check(EN, "3 months", &["3"]);
    }

    #[test]
    fn lists_of_dates_share_their_year() {
        check(ZH, "2022 年 7 月或 11 月", &["2022-07", "2022-11"]);
        check(EN, "July or November 2022", &["2022-07", "2022-11"]);
        check(EN, "Nov 2017, Apr. 2020", &["2017-11", "2020-04"]);
    }

    #[test]
    fn references_are_not_quantities() {
        check(EN, "chapter 2, Stage 1 and page 40", &[]);
        check(ZH, "第 2 章，1.1 节", &[]);
        check(EN, "(1) pre-training; (2003) a year", &["2003"]);
        check(ZH, "1. 标题", &[]);
    }

    #[test]
    fn forms_of_the_other_languages_are_read() {
        let zh = locale(ZH);
        let en = locale(EN);
        let words = Words::reading(&en, &[&zh]);
        let got: Vec<String> = quantities(&words, "12 billion (120亿), August 2021 (2021年8月)", 0)
            .iter()
            .map(|f| f.quantity.to_string())
            .collect();
        assert_eq!(got, ["1.2e10", "1.2e10", "2021-08", "2021-08"]);
    }

    #[test]
    fn positions_in_tables_with_links_are_those_of_the_body() {
        let words = Words::new(&locale(EN));
        let body = "| a | b |\n|---|---|\n| [[x|y]] | 40% |\n";
        let found = body_quantities(&words, body, &markdown::scan(body));
        assert_eq!(found.len(), 1);
        assert_eq!(&body[found[0].start..found[0].end], "40%");
    }

    #[test]
    fn orders_of_magnitude() {
        check(ZH, "千亿级参数", &["order of 1e11"]);
        // Two numerals, or a counting word before one, are a number: 千亿 is 10¹¹ exactly.
        check(ZH, "千亿参数", &["1e11"]);
        check(EN, "a hundred billion parameters", &["1e11"]);
        check(ZH, "万亿参数", &["1e12"]);
        check(EN, "a trillion parameters", &["1e12"]);
        check(EN, "hundreds of billions of parameters", &["order of 1e11"]);
        check(ZH, "数十万", &["order of 1e5"]);
        check(EN, "hundreds of thousands", &["order of 1e5"]);
        check(ZH, "上亿用户", &["1e8"]);
        check(EN, "more than a hundred million users", &["1e8"]);
        check(EN, "hundreds of millions of users", &["order of 1e8"]);
        check(ZH, "数百 G", &["order of 1e2"]);
        check(EN, "several hundred GB", &["order of 1e2"]);
        check(ZH, "百万亿量级", &["order of 1e14"]);
        check(EN, "the hundred-trillion level", &["order of 1e14"]);
        check(ZH, "万亿级", &["order of 1e12"]);
        check(EN, "trillions of tokens", &["order of 1e12"]);
        // One number word alone is a word, not a number: 百度, 千问, 万物, a thousand.
        check(ZH, "百度 通义千问 万物", &[]);
        check(EN, "a thousand words, the hundredth", &[]);
    }

    #[test]
    fn what_is_not_a_number() {
        check(EN, "section 1.3.1 and 1.3.2a.", &[]);
        check(ZH, "GPT-4、GPT-3.5、A100、M6、code-davinci-002", &[]);
        check(EN, "3D and 5G, 10x", &[]);
        check(
            EN,
            "1.9TB and 292 GB, the 2nd, the 1970s",
            &["1.9", "292", "2", "1970"],
        );
        check(ZH, "《2023年人工智能报告》", &[]);
        check(ZH, "《未闭合 2023", &["2023"]);
    }

    #[test]
    fn markdown_outside_prose_is_not_read() {
        let words = Words::new(&locale(EN));
        let body = "Text 40%.\n\n`175B` [[gpt-4|GPT 4 with 12 B]] [a 2023 post](https://x/2024)\n\n```\n1750\n```\n\n{{ chart(data=\"x-2023\") }}\n\n1. one[^1]\n\n[^1]: note 7\n";
        let got: Vec<String> = body_quantities(&words, body, &markdown::scan(body))
            .iter()
            .map(|f| format!("{}@{}", f.quantity, f.start))
            .collect();
        assert_eq!(got, ["40%@5", "7@140"]);
    }

    #[test]
    fn many_unclosed_titles_stay_linear() {
        // Every 《 without a 》 would otherwise search to the end again.
        let words = Words::new(&locale(ZH));
        let text = "《1 ".repeat(20_000);
        assert_eq!(quantities(&words, &text, 0).len(), 20_000);
    }
}
