//! Facts in words: numbers with 万/亿 or million/billion, dates, approximations, notes.
//!
//! The style (myriads or thousands, month numbers or names) is what `site.toml` declares for the
//! language; the words are the theme's (see [`Locale`]).

use crate::content::{Approx, FactValue, Value};
use crate::i18n::{fill, Locale};
use crate::lang::{DateStyle, NumberStyle};

/// A number with at most two decimals and no trailing zeros.
pub fn decimal(n: f64) -> String {
    let s = format!("{:.2}", n);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn grouped(n: i64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(ch);
    }
    out
}

/// A count in the units of the language's number style: 1750亿 / 175 billion.
pub fn count(n: i64, locale: &Locale) -> String {
    let x = n as f64;
    let sizes = match locale.numbers {
        NumberStyle::Myriad => [1e4, 1e8, 1e12],
        NumberStyle::Thousands => [1e6, 1e9, 1e12],
    };
    for (size, pattern) in sizes.iter().zip(&locale.count_units).rev() {
        if x >= *size {
            return fill(pattern, &[("n", &decimal(x / size))]);
        }
    }
    match locale.numbers {
        NumberStyle::Myriad => n.to_string(),
        NumberStyle::Thousands => grouped(n, &locale.digit_group),
    }
}

/// A date as far as it is known, in the language's date patterns.
pub fn date(year: u16, month: Option<u8>, day: Option<u8>, locale: &Locale) -> String {
    let year = year.to_string();
    let Some(m) = month else {
        return fill(&locale.date_year, &[("year", &year)]);
    };
    let month = match locale.dates {
        DateStyle::MonthNumber => m.to_string(),
        DateStyle::MonthName => locale
            .months
            .get(usize::from(m).wrapping_sub(1))
            .cloned()
            .unwrap_or_else(|| m.to_string()),
    };
    match day {
        None => fill(&locale.date_month, &[("year", &year), ("month", &month)]),
        Some(d) => fill(
            &locale.date_day,
            &[("year", &year), ("month", &month), ("day", &d.to_string())],
        ),
    }
}

pub fn value(v: &Value, locale: &Locale) -> String {
    match v {
        Value::Date(y, m, d) => date(*y, *m, *d, locale),
        Value::Count(n) => count(*n, locale),
        Value::Number(n) => decimal(*n),
        Value::Percent(n) => format!("{}%", decimal(*n)),
        Value::Text(t) => t.get(locale.lang).to_string(),
    }
}

fn approx(a: Approx, text: &str, locale: &Locale) -> String {
    let pattern = match a {
        Approx::Over => &locale.approx_over,
        Approx::About => &locale.approx_about,
        Approx::Under => &locale.approx_under,
        Approx::UpTo => &locale.approx_up_to,
    };
    fill(pattern, &[("value", text)])
}

/// A value followed by its note, as the language writes an aside: 10万亿（非官方估计）.
pub fn with_note(value: &str, note: &str, locale: &Locale) -> String {
    fill(&locale.value_note, &[("value", value), ("note", note)])
}

/// One value of a fact as shown in the infobox.
pub fn fact_value(v: &FactValue, locale: &Locale) -> String {
    let mut text = value(&v.value, locale);
    if let Some(a) = v.approx {
        text = approx(a, &text, locale);
    }
    if let Some(note) = &v.note {
        text = with_note(&text, note.get(locale.lang), locale);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of the theme's zh, ja and en files, with their styles.
    fn locale(style: &str) -> Locale {
        let (numbers, dates, units, date, months) = match style {
            "zh" => (
                NumberStyle::Myriad,
                DateStyle::MonthNumber,
                ["{n}万", "{n}亿", "{n}万亿"],
                ["{year}年", "{year}年{month}月", "{year}年{month}月{day}日"],
                Vec::new(),
            ),
            "ja" => (
                NumberStyle::Myriad,
                DateStyle::MonthNumber,
                ["{n}万", "{n}億", "{n}兆"],
                ["{year}年", "{year}年{month}月", "{year}年{month}月{day}日"],
                Vec::new(),
            ),
            _ => (
                NumberStyle::Thousands,
                DateStyle::MonthName,
                ["{n} million", "{n} billion", "{n} trillion"],
                ["{year}", "{month} {year}", "{day} {month} {year}"],
                [
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
                .map(String::from)
                .to_vec(),
            ),
        };
        let words = |s: &str| s.to_string();
        Locale {
            lang: crate::lang::tests_support::first(),
            numbers,
            dates,
            count_units: units.map(words),
            digit_group: ",".to_string(),
            months,
            date_year: words(date[0]),
            date_month: words(date[1]),
            date_day: words(date[2]),
            approx_over: words("over {value}"),
            approx_about: words("about {value}"),
            approx_under: words("under {value}"),
            approx_up_to: words("up to {value}"),
            value_note: words("{value} ({note})"),
            // The numbers-parity words are not used here.
            ..crate::i18n::english_for_tests()
        }
    }

    fn check(n: i64, zh: &str, ja: &str, en: &str) {
        let got = ["zh", "ja", "en"].map(|s| count(n, &locale(s)));
        assert_eq!(got, [zh, ja, en]);
    }

    #[test]
    fn counts() {
        check(175_000_000_000, "1750亿", "1750億", "175 billion");
        check(117_000_000, "1.17亿", "1.17億", "117 million");
        check(1_500_000_000, "15亿", "15億", "1.5 billion");
        check(174_000_000_000_000, "174万亿", "174兆", "174 trillion");
        check(10_000_000_000_000, "10万亿", "10兆", "10 trillion");
        check(50_000_000, "5000万", "5000万", "50 million");
        check(2048, "2048", "2048", "2,048");
    }

    #[test]
    fn dates() {
        assert_eq!(date(2022, Some(11), None, &locale("zh")), "2022年11月");
        assert_eq!(
            date(2023, Some(3), Some(15), &locale("en")),
            "15 March 2023"
        );
        assert_eq!(date(2018, None, None, &locale("en")), "2018");
        assert_eq!(date(2023, Some(3), None, &locale("ja")), "2023年3月");
    }
}
