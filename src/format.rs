//! Facts in words: numbers with 万/亿 or million/billion, dates, approximations, notes.

use crate::config::Lang;
use crate::content::{Approx, FactValue, Value};

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

fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A count in the language's own units: 1750亿 / 175 billion.
pub fn count(n: i64, lang: Lang) -> String {
    let x = n as f64;
    match lang {
        Lang::Zh => {
            for (unit, name) in [(1e12, "万亿"), (1e8, "亿"), (1e4, "万")] {
                if x >= unit {
                    return format!("{}{name}", decimal(x / unit));
                }
            }
            n.to_string()
        }
        Lang::En => {
            for (unit, name) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
                if x >= unit {
                    return format!("{} {name}", decimal(x / unit));
                }
            }
            grouped(n)
        }
    }
}

const MONTHS: [&str; 12] = [
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
];

pub fn date(year: u16, month: Option<u8>, day: Option<u8>, lang: Lang) -> String {
    match (lang, month, day) {
        (Lang::Zh, None, _) => format!("{year}年"),
        (Lang::Zh, Some(m), None) => format!("{year}年{m}月"),
        (Lang::Zh, Some(m), Some(d)) => format!("{year}年{m}月{d}日"),
        (Lang::En, None, _) => year.to_string(),
        (Lang::En, Some(m), None) => format!("{} {year}", MONTHS[usize::from(m - 1)]),
        (Lang::En, Some(m), Some(d)) => format!("{d} {} {year}", MONTHS[usize::from(m - 1)]),
    }
}

pub fn value(v: &Value, lang: Lang) -> String {
    match v {
        Value::Date(y, m, d) => date(*y, *m, *d, lang),
        Value::Count(n) => count(*n, lang),
        Value::Number(n) => decimal(*n),
        Value::Percent(n) => format!("{}%", decimal(*n)),
        Value::Text(t) => t.get(lang).to_string(),
    }
}

fn approx(a: Approx, text: String, lang: Lang) -> String {
    match (lang, a) {
        (Lang::Zh, Approx::Over) => format!("超过{text}"),
        (Lang::Zh, Approx::About) => format!("约{text}"),
        (Lang::Zh, Approx::Under) => format!("不到{text}"),
        (Lang::Zh, Approx::UpTo) => format!("最高{text}"),
        (Lang::En, Approx::Over) => format!("more than {text}"),
        (Lang::En, Approx::About) => format!("about {text}"),
        (Lang::En, Approx::Under) => format!("under {text}"),
        (Lang::En, Approx::UpTo) => format!("up to {text}"),
    }
}

/// One value of a fact as shown in the infobox.
pub fn fact_value(v: &FactValue, lang: Lang) -> String {
    let mut text = value(&v.value, lang);
    if let Some(a) = v.approx {
        text = approx(a, text, lang);
    }
    if let Some(note) = &v.note {
        text = match lang {
            Lang::Zh => format!("{text}（{}）", note.zh),
            Lang::En => format!("{text} ({})", note.en),
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(n: i64, zh: &str, en: &str) {
        assert_eq!(
            (count(n, Lang::Zh).as_str(), count(n, Lang::En).as_str()),
            (zh, en)
        );
    }

    #[test]
    fn counts() {
        check(175_000_000_000, "1750亿", "175 billion");
        check(117_000_000, "1.17亿", "117 million");
        check(1_500_000_000, "15亿", "1.5 billion");
        check(174_000_000_000_000, "174万亿", "174 trillion");
        check(10_000_000_000_000, "10万亿", "10 trillion");
        check(50_000_000, "5000万", "50 million");
        check(2048, "2048", "2,048");
    }

    #[test]
    fn dates() {
        assert_eq!(date(2022, Some(11), None, Lang::Zh), "2022年11月");
        assert_eq!(date(2023, Some(3), Some(15), Lang::En), "15 March 2023");
        assert_eq!(date(2018, None, None, Lang::En), "2018");
    }
}
