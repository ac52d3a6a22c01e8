//! The theme's UI words: `i18n/<code>.toml` for each language of `site.toml`.
//!
//! Templates read them all as `t.<key>`. The words the generator writes itself (units of counts,
//! dates, approximations, the labels of figures) are also gathered into a [`Locale`] per
//! language, checked when the theme is loaded, together with the style `site.toml` gives the
//! language.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use crate::config::{toml_error, OrderedMap};
use crate::diag::{file_error, Diagnostics, SourceText};
use crate::lang::{DateStyle, Lang, Language, Languages, NumberStyle, PerLang};
use crate::source::SourceFile;

/// UI words of one language, by key.
pub type Strings = BTreeMap<String, String>;

/// The UI words of every language.
#[derive(Debug)]
pub struct I18n {
    pub strings: PerLang<Strings>,
    pub locales: PerLang<Locale>,
}

/// What the generator needs to write numbers, dates and figures in one language: the style
/// `site.toml` declares for it and the theme's words. Patterns hold placeholders in braces
/// (`{n}亿`, `{day} {month} {year}`).
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: Lang,
    pub numbers: NumberStyle,
    pub dates: DateStyle,
    /// The three units of the number style, smallest first (`{n}万`, `{n}亿`, `{n}万亿`).
    pub count_units: [String; 3],
    /// Between groups of three digits (thousands style only).
    pub digit_group: String,
    /// January to December (month-name style only; empty otherwise).
    pub months: Vec<String>,
    /// `{year}`; `{year}` and `{month}`; `{year}`, `{month}` and `{day}`.
    pub date_year: String,
    pub date_month: String,
    pub date_day: String,
    /// `{value}` with a qualifier: more than, about, under, up to.
    pub approx_over: String,
    pub approx_about: String,
    pub approx_under: String,
    pub approx_up_to: String,
    /// `{value}` with its `{note}`.
    pub value_note: String,
    /// The words the numbers-parity check reads (`crate::numbers`), as the theme writes them:
    /// lists separated by spaces, `word=exponent` where a word stands for a power of ten.
    pub number_words: String,
    pub number_suffixes: String,
    pub magnitude_before: String,
    pub magnitude_after: String,
    pub magnitude_joiners: String,
    pub range_words: String,
    pub percent_words: String,
    pub number_before: String,
    pub ordinal_words: String,
    pub ordinal_after: String,
}

/// Keys only some styles use: required where the language's style needs them, and left out of
/// the check that every language has the same keys.
fn style_keys(language: &Language) -> Vec<String> {
    let mut keys = Vec::new();
    if language.numbers == NumberStyle::Thousands {
        keys.push("digit_group".to_string());
    }
    if language.dates == DateStyle::MonthName {
        keys.extend((1..=12).map(|m| format!("month_{m}")));
    }
    keys
}

fn is_style_key(key: &str) -> bool {
    key == "digit_group"
        || key
            .strip_prefix("month_")
            .and_then(|m| m.parse::<u8>().ok())
            .is_some_and(|m| (1..=12).contains(&m))
}

/// The words the generator writes, with the placeholders each must hold: those of [`Locale`]
/// and the ones views take from the strings.
const GENERATOR_KEYS: &[(&str, &[&str])] = &[
    ("count_unit1", &["n"]),
    ("count_unit2", &["n"]),
    ("count_unit3", &["n"]),
    ("date_year", &["year"]),
    ("date_month", &["year", "month"]),
    ("date_day", &["year", "month", "day"]),
    ("approx_over", &["value"]),
    ("approx_about", &["value"]),
    ("approx_under", &["value"]),
    ("approx_up_to", &["value"]),
    ("value_note", &["value", "note"]),
    ("chart_log_scale", &[]),
    ("chart_missing", &[]),
    ("chart_no_data", &[]),
    ("chart_table", &[]),
    ("chart_source", &[]),
    ("chart_cell_missing", &[]),
    ("map_legend", &[]),
    ("map_line_report", &[]),
    ("map_line_outside", &[]),
    ("map_line_inferred", &[]),
    ("outside_legend", &[]),
    ("inferred_legend", &[]),
    ("list_separator", &[]),
    ("caption_separator", &[]),
    ("sort_hint", &[]),
    ("no_value", &[]),
    ("chronology", &[]),
    ("chronology_date", &[]),
    ("chronology_entity", &[]),
    ("chronology_event", &[]),
    ("dates_conflict", &[]),
    ("atlas_filter", &[]),
    ("atlas_by_relation", &[]),
    ("atlas_by_kind", &[]),
    ("atlas_matrix", &[]),
    ("atlas_from_to", &[]),
    ("atlas_shown", &[]),
    ("atlas_section_lede", &["to", "inverse"]),
    ("language_name", &[]),
    ("home", &[]),
    ("atlas", &[]),
    ("atlas_desc", &[]),
    ("editor_note", &[]),
    ("print_edition", &[]),
    ("relation_map_of", &[]),
    ("other", &[]),
    ("pages_in_kind", &[]),
    ("kind", &[]),
    ("total", &[]),
    ("untranslated", &[]),
    ("coverage", &[]),
    ("coverage_desc", &[]),
    ("not_found", &[]),
    ("not_found_text", &[]),
];

/// One language's file, read.
struct Parsed<'a> {
    file: &'a SourceFile,
    words: OrderedMap<Spanned<String>>,
}

impl Parsed<'_> {
    fn get(&self, key: &str) -> Option<&Spanned<String>> {
        self.words.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Reads the i18n file of every language of the site from the theme at `theme_dir`, and checks
/// that each exists, that the languages have the same keys, and that the generator's own words
/// are there with their placeholders.
pub fn parse_i18n(
    languages: &Languages,
    theme_dir: &Path,
    files: &[SourceFile],
) -> Result<I18n, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut parsed: Vec<Parsed> = Vec::new();
    for lang in languages {
        let code = &languages[lang].code;
        let expected = theme_dir.join("i18n").join(format!("{code}.toml"));
        let Some(file) = files.iter().find(|f| f.path == expected) else {
            diags.push(file_error(
                &expected,
                format!("missing: the theme has no UI words for language `{code}` of site.toml"),
            ));
            continue;
        };
        let src = SourceText::new(&file.path, &file.text);
        match toml::from_str::<OrderedMap<Spanned<String>>>(&file.text) {
            Ok(words) => parsed.push(Parsed { file, words }),
            Err(e) => diags.push(toml_error(&src, &e, 0)),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Parity: every key of one language is in every other (style keys aside).
    for (i, p) in parsed.iter().enumerate() {
        for other in parsed.iter().skip(i + 1) {
            for (a, b) in [(p, other), (other, p)] {
                // The generator's own words are checked in every file on their own.
                let shared =
                    |k: &str| !is_style_key(k) && !GENERATOR_KEYS.iter().any(|(g, _)| *g == k);
                for (key, _) in a.words.0.iter().filter(|(k, _)| shared(k)) {
                    if b.get(key).is_none() {
                        // Where the other file has it, so the line can be copied.
                        let at = crate::toml_errors::key_offset(&a.file.text, key).unwrap_or(0);
                        let (line, col) = SourceText::new(&a.file.path, &a.file.text).position(at);
                        diags.push(file_error(
                            &b.file.path,
                            format!(
                                "UI string `{key}` is missing ({}:{line}:{col} has it)",
                                a.file.path.display()
                            ),
                        ));
                    }
                }
            }
        }
    }
    for (lang, p) in languages.all().zip(&parsed) {
        check_words(&languages[lang], p, &mut diags);
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    // Every language has its file, in declared order.
    Ok(I18n {
        strings: PerLang::from_fn(languages, |lang| {
            parsed[lang.index()]
                .words
                .0
                .iter()
                .map(|(k, v)| (k.clone(), v.get_ref().clone()))
                .collect()
        }),
        locales: PerLang::from_fn(languages, |lang| {
            locale(lang, &languages[lang], &parsed[lang.index()])
        }),
    })
}

/// The words the generator writes and those the language's style needs, with their placeholders.
fn check_words(language: &Language, p: &Parsed, diags: &mut Diagnostics) {
    let src = SourceText::new(&p.file.path, &p.file.text);
    for key in style_keys(language) {
        if p.get(&key).is_none() {
            diags.push(file_error(
                &p.file.path,
                format!(
                    "UI string `{key}` is missing (the style site.toml gives `{}` uses it)",
                    language.code
                ),
            ));
        }
    }
    for (key, holes) in GENERATOR_KEYS {
        let Some(word) = p.get(key) else {
            diags.push(file_error(
                &p.file.path,
                format!("UI string `{key}` is missing (the generator writes it)"),
            ));
            continue;
        };
        for hole in holes
            .iter()
            .filter(|h| !word.get_ref().contains(&format!("{{{h}}}")))
        {
            diags.push(src.error(word.span().start, format!("`{key}` must hold `{{{hole}}}`")));
        }
    }
}

/// An English-style locale for unit tests elsewhere: thousands, month names.
#[cfg(test)]
pub(crate) fn english_for_tests() -> Locale {
    let w = |s: &str| s.to_string();
    Locale {
        lang: crate::lang::tests_support::first(),
        numbers: NumberStyle::Thousands,
        dates: DateStyle::MonthName,
        count_units: [w("{n} million"), w("{n} billion"), w("{n} trillion")],
        digit_group: w(","),
        months: Vec::new(),
        date_year: w("{year}"),
        date_month: w("{month} {year}"),
        date_day: w("{day} {month} {year}"),
        approx_over: w("more than {value}"),
        approx_about: w("about {value}"),
        approx_under: w("under {value}"),
        approx_up_to: w("up to {value}"),
        value_note: w("{value} ({note})"),
        number_words: w("ten=1 hundred=2 thousand=3"),
        number_suffixes: w("K=3 M=6 B=9 T=12"),
        magnitude_before: w("several"),
        magnitude_after: w("s -scale -level level range"),
        magnitude_joiners: w("of"),
        range_words: w("to"),
        percent_words: w("percent"),
        number_before: w("a one"),
        ordinal_words: w("chapter chapters section sections stage class panel part step table figure page pages no."),
        ordinal_after: String::new(),
    }
}

fn locale(lang: Lang, language: &Language, p: &Parsed) -> Locale {
    let text = |key: &str| p.get(key).map_or_else(String::new, |w| w.get_ref().clone());
    Locale {
        lang,
        numbers: language.numbers,
        dates: language.dates,
        count_units: [
            text("count_unit1"),
            text("count_unit2"),
            text("count_unit3"),
        ],
        digit_group: text("digit_group"),
        months: match language.dates {
            DateStyle::MonthName => (1..=12).map(|m| text(&format!("month_{m}"))).collect(),
            DateStyle::MonthNumber => Vec::new(),
        },
        date_year: text("date_year"),
        date_month: text("date_month"),
        date_day: text("date_day"),
        approx_over: text("approx_over"),
        approx_about: text("approx_about"),
        approx_under: text("approx_under"),
        approx_up_to: text("approx_up_to"),
        value_note: text("value_note"),
        number_words: text("number_words"),
        number_suffixes: text("number_suffixes"),
        magnitude_before: text("magnitude_before"),
        magnitude_after: text("magnitude_after"),
        magnitude_joiners: text("magnitude_joiners"),
        range_words: text("range_words"),
        percent_words: text("percent_words"),
        number_before: text("number_before"),
        ordinal_words: text("ordinal_words"),
        ordinal_after: text("ordinal_after"),
    }
}

/// `pattern` with each `{name}` replaced by its value, in one pass (a value is never read as
/// a pattern).
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match hole {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const SITE: &str = r#"
default_language = "zh"
base_url = "https://example.org/"
theme = "t"
title = { zh = "图谱", en = "Atlas" }
description = { zh = "描述", en = "Description" }
[languages]
zh = { tag = "zh-Hans", locale = "zh_CN", numbers = "myriad", dates = "month-number", segmentation = "cjk-runs", stemming = "none" }
en = { tag = "en", locale = "en_US", numbers = "thousands", dates = "month-name", segmentation = "words", stemming = "english" }
[[kinds]]
id = "models"
name = { zh = "模型", en = "Models" }
singular = { zh = "模型", en = "Model" }
"#;

    /// The real theme's files, changed by `edit`, checked against a zh + en config.
    fn check(edit: impl Fn(&str, String) -> String) -> String {
        let config = crate::config::parse_config(Path::new("site.toml"), SITE).expect("config");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let files: Vec<SourceFile> = ["zh", "en"]
            .iter()
            .map(|code| {
                let path = PathBuf::from(format!("themes/t/i18n/{code}.toml"));
                let real =
                    std::fs::read_to_string(repo.join(format!("themes/atlas/i18n/{code}.toml")))
                        .expect("theme file");
                SourceFile {
                    path,
                    text: edit(code, real).into(),
                }
            })
            .collect();
        match parse_i18n(&config.languages, Path::new("themes/t"), &files) {
            Ok(i18n) => format!(
                "ok {} {}",
                i18n.locales.iter().count(),
                i18n.strings.iter().map(|s| s.len()).sum::<usize>()
            ),
            Err(d) => {
                d.0.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
    }

    #[test]
    fn the_real_theme_has_every_word() {
        assert!(check(|_, text| text).starts_with("ok 2 "));
    }

    #[test]
    fn missing_and_malformed_words_are_named_with_their_file() {
        let edit_en = |text: String| {
            text.replace("count_unit2 = \"{n} billion\"", "count_unit2 = \"billion\"")
                .replace("month_3 = \"March\"\n", "")
                .replace("home = \"Home\"\n", "")
                .replace("skip = ", "skipped = ")
        };
        // Where `count_unit2` stands in the edited file (the real one gains words over time).
        let real = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/atlas/i18n/en.toml"),
        )
        .expect("theme file");
        let line = 1 + edit_en(real)
            .lines()
            .position(|l| l.starts_with("count_unit2 = "))
            .expect("en.toml has count_unit2");
        let got = check(|code, text| match code {
            "en" => edit_en(text),
            _ => text,
        });
        assert_eq!(
            got,
            [
                "themes/t/i18n/en.toml: error: UI string `home` is missing (the generator writes it)",
                "themes/t/i18n/en.toml: error: UI string `month_3` is missing (the style site.toml gives `en` uses it)",
                "themes/t/i18n/en.toml: error: UI string `skip` is missing (themes/t/i18n/zh.toml:5:1 has it)",
                format!("themes/t/i18n/en.toml:{line}:15: error: `count_unit2` must hold `{{n}}`").as_str(),
                "themes/t/i18n/zh.toml: error: UI string `skipped` is missing (themes/t/i18n/en.toml:4:1 has it)",
            ]
            .join("\n")
        );
    }

    #[test]
    fn fill_replaces_each_hole_once() {
        assert_eq!(fill("{n}亿", &[("n", "1750")]), "1750亿");
        assert_eq!(
            fill(
                "{day} {month} {year}",
                &[("year", "2023"), ("month", "March"), ("day", "15")]
            ),
            "15 March 2023"
        );
        assert_eq!(
            fill("{value} ({note})", &[("value", "{note}"), ("note", "n")]),
            "{note} (n)"
        );
        assert_eq!(fill("{x} {", &[("n", "1")]), "{x} {");
    }
}
