//! Data files (`content/data/*.toml`) and the tables and charts placed from them.
//!
//! A page places a figure with `{{ chart(data="gpt-params") }}` or `{{ table(data="gpt-params") }}`
//! on a line of its own. Charts are SVG made here at build time: no JavaScript, deterministic,
//! labelled in the page's language, with the same data as a table beside them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{file_error, Diagnostics, SourceText};
use crate::format;
use crate::i18n::Locale;
use crate::lang::{localized_from_value, Languages, Localized, PerLang, RawLocalized};
use crate::source::SourceFile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    title: RawLocalized,
    description: RawLocalized,
    #[serde(default)]
    sections: Vec<String>,
    source: Option<RawLocalized>,
    chart: Option<RawChart>,
    columns: Vec<RawColumn>,
    rows: Vec<Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChart {
    #[serde(rename = "type")]
    kind: ChartKind,
    label: Spanned<String>,
    value: Spanned<String>,
    #[serde(default)]
    scale: Scale,
    baseline: Option<RawBaseline>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Horizontal bars.
    Bar,
    /// Bars measured against a reference value.
    Baseline,
    /// Events placed by year.
    Timeline,
    /// Percentages of a whole.
    Share,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    value: f64,
    label: RawLocalized,
}

/// A reference value bars are measured against.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub value: f64,
    pub label: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    id: Spanned<String>,
    label: RawLocalized,
    kind: ColumnKind,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Text,
    Count,
    Number,
    Percent,
    /// A year (a number), for timelines.
    Year,
}

/// One cell: a value, or a gap the report's extraction left, with an optional note.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Option<CellValue>,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(Localized),
    Number(f64),
}

#[derive(Debug, Clone)]
pub struct Column {
    pub id: String,
    pub label: Localized,
    pub kind: ColumnKind,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: ChartKind,
    pub label: usize,
    pub value: usize,
    pub scale: Scale,
    pub baseline: Option<Baseline>,
}

/// A table of data, each value held once.
#[derive(Debug, Clone)]
pub struct Data {
    pub id: String,
    pub title: Localized,
    pub description: Localized,
    pub source: Option<Localized>,
    pub sections: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub chart: Option<Chart>,
}

/// All data files of the site.
#[derive(Debug, Default)]
pub struct Figures {
    pub data: BTreeMap<String, Data>,
}

/// Parses every data file, its texts in each of `languages`; all problems are reported together.
pub fn parse_figures(files: &[SourceFile], languages: &Languages) -> Result<Figures, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut figures = Figures::default();
    for file in files {
        let Some(id) = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
        else {
            continue;
        };
        if file.path.extension().is_none_or(|e| e != "toml") {
            diags.push(file_error(&file.path, "data files are TOML (`<id>.toml`)"));
            continue;
        }
        if let Some(data) = parse_data(&id, file, languages, &mut diags) {
            figures.data.insert(id, data);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(figures)
    }
}

fn parse_data(
    id: &str,
    file: &SourceFile,
    languages: &Languages,
    diags: &mut Diagnostics,
) -> Option<Data> {
    let src = SourceText::new(&file.path, &file.text);
    let raw: RawData = match crate::toml_errors::parse(&src, &file.text, 0) {
        Ok(r) => r,
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    let before = diags.0.len();
    let text = |raw: RawLocalized, diags: &mut Diagnostics| raw.check(languages, &src, diags);
    let title = text(raw.title, diags);
    let description = text(raw.description, diags);
    let source = raw.source.map(|s| text(s, diags));
    for (i, c) in raw.columns.iter().enumerate() {
        if raw.columns[..i]
            .iter()
            .any(|d| d.id.get_ref() == c.id.get_ref())
        {
            diags.push(src.error(
                c.id.span().start,
                format!("column `{}` is declared twice", c.id.get_ref()),
            ));
        }
    }
    let columns: Vec<Column> = raw
        .columns
        .into_iter()
        .map(|c| Column {
            id: c.id.into_inner(),
            label: text(c.label, diags),
            kind: c.kind,
        })
        .collect();
    let mut rows = Vec::new();
    for row in &raw.rows {
        if row.get_ref().is_empty() {
            diags.push(src.error(
                row.span().start,
                "empty row: give at least one column's value (a value the report lost is `{ missing = true }`)",
            ));
        }
        let row = row.get_ref();
        for (key, value) in row {
            if !columns.iter().any(|c| &c.id == key) {
                diags.push(src.error(
                    value.span().start,
                    format!("unknown column `{key}` (declare it in [[columns]])"),
                ));
            }
        }
        let cells: Vec<Cell> = columns
            .iter()
            .map(|c| match row.get(&c.id) {
                None => Cell {
                    value: None,
                    note: None,
                },
                Some(v) => parse_cell(c, v.get_ref(), languages).unwrap_or_else(|msg| {
                    diags.push(src.error(v.span().start, format!("column `{}`: {msg}", c.id)));
                    Cell {
                        value: None,
                        note: None,
                    }
                }),
            })
            .collect();
        rows.push(cells);
    }
    let column = |name: &Spanned<String>, numeric: bool, diags: &mut Diagnostics| {
        let found = columns.iter().position(|c| &c.id == name.get_ref());
        match found {
            None => diags.push(src.error(
                name.span().start,
                format!("chart names unknown column `{}`", name.get_ref()),
            )),
            Some(i) if numeric && columns[i].kind == ColumnKind::Text => diags.push(src.error(
                name.span().start,
                format!(
                    "chart value column `{}` is text, not numbers",
                    name.get_ref()
                ),
            )),
            _ => {}
        }
        found
    };
    let chart = raw.chart.and_then(|c| {
        let label = column(&c.label, false, diags);
        let value = column(&c.value, true, diags);
        if c.kind == ChartKind::Baseline && c.baseline.is_none() {
            diags.push(src.error(
                c.value.span().start,
                "a baseline chart needs `baseline = { value, label }`",
            ));
        }
        if let Some(b) = &c.baseline {
            if let Err(message) = in_range(ColumnKind::Number, b.value) {
                diags.push(src.error(c.value.span().start, format!("baseline: {message}")));
            }
        }
        if c.kind == ChartKind::Share {
            if let Some(v) = value {
                diags.extend(share_errors(&src, &raw.rows, &rows, &columns[v].id, v));
            }
        }
        if c.scale == Scale::Log {
            for (r, row) in rows.iter().enumerate() {
                if let Some(CellValue::Number(n)) = value.and_then(|v: usize| row[v].value.as_ref())
                {
                    if *n <= 0.0 {
                        diags.push(
                            src.error(
                                raw.rows[r]
                                    .get_ref()
                                    .values()
                                    .next()
                                    .map_or(0, |v| v.span().start),
                                "a log scale needs values above 0",
                            ),
                        );
                    }
                }
            }
        }
        let baseline = c.baseline.map(|b| Baseline {
            value: b.value,
            label: text(b.label, diags),
        });
        Some(Chart {
            kind: c.kind,
            label: label?,
            value: value?,
            scale: c.scale,
            baseline,
        })
    });
    if diags.0.len() > before {
        return None;
    }
    Some(Data {
        id: id.to_string(),
        title,
        description,
        source,
        sections: raw.sections,
        columns,
        rows,
        chart,
    })
}

fn parse_cell(column: &Column, v: &toml::Value, languages: &Languages) -> Result<Cell, String> {
    if let toml::Value::Table(t) = v {
        if t.contains_key("missing") || t.contains_key("value") {
            if let Some(k) = t
                .keys()
                .find(|k| !["missing", "value", "note"].contains(&k.as_str()))
            {
                return Err(format!(
                    "unknown field `{k}` (expected value, missing, note)"
                ));
            }
            let note = match t.get("note") {
                Some(n) => {
                    Some(localized_from_value(n, languages).map_err(|e| format!("note: {e}"))?)
                }
                None => None,
            };
            let value = match t.get("value") {
                Some(v) => Some(plain(column, v, languages)?),
                None if t.get("missing").and_then(toml::Value::as_bool) == Some(true) => None,
                None => return Err("give `value = …` or `missing = true`".into()),
            };
            return Ok(Cell { value, note });
        }
    }
    Ok(Cell {
        value: Some(plain(column, v, languages)?),
        note: None,
    })
}

/// Numbers a table and a chart can show: beyond this a chart's scale overflows.
const MAX_MAGNITUDE: f64 = 1e15;

/// Checks a number is in the range its column's kind allows.
fn in_range(kind: ColumnKind, n: f64) -> Result<CellValue, String> {
    let (low, high, what) = match kind {
        ColumnKind::Year => (1.0, 9999.0, "a year from 1 to 9999"),
        ColumnKind::Percent => (-1000.0, 1000.0, "a percentage from -1000 to 1000"),
        ColumnKind::Count => (0.0, MAX_MAGNITUDE, "a whole number from 0 to 10^15"),
        _ => (
            -MAX_MAGNITUDE,
            MAX_MAGNITUDE,
            "a number from -10^15 to 10^15",
        ),
    };
    if n.is_finite() && (low..=high).contains(&n) {
        Ok(CellValue::Number(n))
    } else if n.abs() >= MAX_MAGNITUDE {
        Err(format!("{n:e} is out of range: expected {what}"))
    } else {
        Err(format!("{n} is out of range: expected {what}"))
    }
}

/// A share chart shows parts of a whole: each from 0 to 100 %, together at most 100 %.
fn share_errors(
    src: &SourceText,
    raw_rows: &[Spanned<BTreeMap<String, Spanned<toml::Value>>>],
    rows: &[Vec<Cell>],
    column: &str,
    value: usize,
) -> Vec<crate::diag::Diagnostic> {
    let mut errors = Vec::new();
    let mut total = 0.0;
    for (raw, row) in raw_rows.iter().zip(rows) {
        let Some(CellValue::Number(n)) = row[value].value else {
            continue;
        };
        let at = raw
            .get_ref()
            .get(column)
            .map_or(raw.span().start, |v| v.span().start);
        if !(0.0..=100.0).contains(&n) {
            errors.push(src.error(
                at,
                format!("a share chart's values are from 0 to 100 (%), not {n}"),
            ));
        }
        total += n;
    }
    // Written values are rounded: a total a little over 100 is their rounding.
    if total > 100.5 {
        let at = raw_rows.first().map_or(0, |r| r.span().start);
        errors.push(src.error(
            at,
            format!("a share chart's values add up to {total} %, more than the whole"),
        ));
    }
    errors
}

fn plain(column: &Column, v: &toml::Value, languages: &Languages) -> Result<CellValue, String> {
    match (column.kind, v) {
        // A name written once stands in every language.
        (ColumnKind::Text, toml::Value::String(s)) => {
            Ok(CellValue::Text(PerLang::from_fn(languages, |_| s.clone())))
        }
        (ColumnKind::Text, toml::Value::Table(_)) => localized_from_value(v, languages)
            .map(CellValue::Text)
            .map_err(|e| format!("text: {e}")),
        (ColumnKind::Count, toml::Value::Integer(n)) if *n >= 0 => in_range(column.kind, *n as f64),
        (ColumnKind::Number | ColumnKind::Percent | ColumnKind::Year, toml::Value::Integer(n)) => {
            in_range(column.kind, *n as f64)
        }
        (ColumnKind::Number | ColumnKind::Percent, toml::Value::Float(n)) if n.is_finite() => {
            in_range(column.kind, *n)
        }
        (ColumnKind::Number | ColumnKind::Percent, toml::Value::Float(n)) => {
            Err(format!("`{n}` is not a finite number"))
        }
        (kind, other) => Err(format!(
            "expected {}, found {}",
            expected(kind),
            other.type_str()
        )),
    }
}

fn expected(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Text => "a text (a string, or one per language such as { en = \"…\" })",
        ColumnKind::Count => "a whole number ≥ 0",
        ColumnKind::Number | ColumnKind::Percent => "a number",
        ColumnKind::Year => "a year",
    }
}

/// The shortcodes other modules draw (the views built from the facts, in `factviews`), named
/// in the message about an unknown one (`factviews::NAMES` is this list).
pub const KNOWN_ELSEWHERE: [&str; 2] = ["compare", "chronology"];

/// A shortcode call: `chart(data="x")` or `table(data="x")`.
#[derive(Debug, PartialEq, Eq)]
pub struct Call {
    pub what: What,
    pub data: String,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum What {
    Chart,
    Table,
}

/// Parses `{{ chart(data="x") }}`; `None` when the text is no shortcode at all.
pub fn parse_call(text: &str) -> Option<Result<Call, String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let (name, rest) = inner.split_once('(')?;
    let args = rest.strip_suffix(')')?.trim();
    let what = match name.trim() {
        "chart" => What::Chart,
        "table" => What::Table,
        other => {
            return Some(Err(format!(
                "unknown shortcode `{other}` (known: chart, table, {})",
                KNOWN_ELSEWHERE.join(", ")
            )))
        }
    };
    let Some(value) = args
        .strip_prefix("data")
        .map(str::trim_start)
        .and_then(|a| a.strip_prefix('='))
        .map(str::trim)
    else {
        return Some(Err("expected data=\"<data file id>\"".into()));
    };
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(id) if !id.is_empty() && !id.contains('"') => Some(Ok(Call {
            what,
            data: id.to_string(),
        })),
        _ => Some(Err("expected data=\"<data file id>\"".into())),
    }
}

impl Figures {
    /// What is wrong with a call, if anything.
    pub fn call_error(&self, text: &str) -> Option<String> {
        let call = match parse_call(text) {
            None => return Some(format!("malformed shortcode `{text}` (expected {{{{ chart(data=\"id\") }}}} or {{{{ table(data=\"id\") }}}})")),
            Some(Err(msg)) => return Some(msg),
            Some(Ok(call)) => call,
        };
        match self.data.get(&call.data) {
            None => Some(format!(
                "unknown data file `{}` (content/data/{}.toml)",
                call.data, call.data
            )),
            Some(d) if call.what == What::Chart && d.chart.is_none() => {
                Some(format!("data `{}` declares no [chart]", call.data))
            }
            _ => None,
        }
    }
}

pub(crate) fn cell_text(column: &Column, cell: &Cell, locale: &Locale, missing: &str) -> String {
    let mut s = match &cell.value {
        None => missing.to_string(),
        Some(CellValue::Text(t)) => t.get(locale.lang).to_string(),
        Some(CellValue::Number(n)) => number(column.kind, *n, locale),
    };
    if let Some(note) = &cell.note {
        s = format::with_note(&s, note.get(locale.lang), locale);
    }
    s
}

pub(crate) fn number(kind: ColumnKind, n: f64, locale: &Locale) -> String {
    match kind {
        ColumnKind::Count => format::count(n.round() as i64, locale),
        ColumnKind::Percent => format!("{}%", format::decimal(n)),
        ColumnKind::Year => format!("{}", n.round() as i64),
        ColumnKind::Number | ColumnKind::Text => format::decimal(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls() {
        assert_eq!(
            parse_call("{{ chart(data=\"x\") }}"),
            Some(Ok(Call {
                what: What::Chart,
                data: "x".into()
            }))
        );
        assert_eq!(
            parse_call("{{table( data = \"t-1\" )}}"),
            Some(Ok(Call {
                what: What::Table,
                data: "t-1".into()
            }))
        );
        assert!(matches!(parse_call("{{ pie(data=\"x\") }}"), Some(Err(_))));
        assert_eq!(parse_call("plain text"), None);
    }
}
