//! Data files (`content/data/*.toml`) and the tables and charts placed from them.
//!
//! A page places a figure with `{{ chart(data="gpt-params") }}` or `{{ table(data="gpt-params") }}`
//! on a line of its own. Charts are SVG made here at build time: no JavaScript, deterministic,
//! labelled in the page's language, with the same data as a table beside them.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Deserialize;
use toml::Spanned;

use crate::config::{toml_error, Lang, Localized};
use crate::diag::{file_error, Diagnostics, SourceText};
use crate::format;
use crate::html::{escape_attr, escape_text};
use crate::source::SourceFile;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    title: Localized,
    description: Localized,
    #[serde(default)]
    sections: Vec<String>,
    source: Option<Localized>,
    chart: Option<RawChart>,
    columns: Vec<RawColumn>,
    rows: Vec<BTreeMap<String, Spanned<toml::Value>>>,
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
    baseline: Option<Baseline>,
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
pub struct Baseline {
    pub value: f64,
    pub label: Localized,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    id: String,
    label: Localized,
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

/// Parses every data file; all problems are reported together.
pub fn parse_figures(files: &[SourceFile]) -> Result<Figures, Diagnostics> {
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
        if let Some(data) = parse_data(&id, file, &mut diags) {
            figures.data.insert(id, data);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(figures)
    }
}

fn parse_data(id: &str, file: &SourceFile, diags: &mut Diagnostics) -> Option<Data> {
    let src = SourceText::new(&file.path, &file.text);
    let raw: RawData = match toml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_error(&src, &e, 0));
            return None;
        }
    };
    let before = diags.0.len();
    let columns: Vec<Column> = raw
        .columns
        .into_iter()
        .map(|c| Column {
            id: c.id,
            label: c.label,
            kind: c.kind,
        })
        .collect();
    let mut rows = Vec::new();
    for row in &raw.rows {
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
                Some(v) => parse_cell(c, v.get_ref()).unwrap_or_else(|msg| {
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
    let chart = raw.chart.as_ref().and_then(|c| {
        let label = column(&c.label, false, diags);
        let value = column(&c.value, true, diags);
        if c.kind == ChartKind::Baseline && c.baseline.is_none() {
            diags.push(src.error(
                c.value.span().start,
                "a baseline chart needs `baseline = { value, label }`",
            ));
        }
        if c.scale == Scale::Log {
            for (r, row) in rows.iter().enumerate() {
                if let Some(CellValue::Number(n)) = value.and_then(|v: usize| row[v].value.as_ref())
                {
                    if *n <= 0.0 {
                        diags.push(src.error(
                            raw.rows[r].values().next().map_or(0, |v| v.span().start),
                            "a log scale needs values above 0",
                        ));
                    }
                }
            }
        }
        Some(Chart {
            kind: c.kind,
            label: label?,
            value: value?,
            scale: c.scale,
            baseline: c.baseline.clone(),
        })
    });
    if diags.0.len() > before {
        return None;
    }
    Some(Data {
        id: id.to_string(),
        title: raw.title,
        description: raw.description,
        source: raw.source,
        sections: raw.sections,
        columns,
        rows,
        chart,
    })
}

fn parse_cell(column: &Column, v: &toml::Value) -> Result<Cell, String> {
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
                Some(n) => Some(
                    n.clone()
                        .try_into::<Localized>()
                        .map_err(|e| format!("note: {}", e.message()))?,
                ),
                None => None,
            };
            let value = match t.get("value") {
                Some(v) => Some(plain(column, v)?),
                None if t.get("missing").and_then(toml::Value::as_bool) == Some(true) => None,
                None => return Err("give `value = …` or `missing = true`".into()),
            };
            return Ok(Cell { value, note });
        }
    }
    Ok(Cell {
        value: Some(plain(column, v)?),
        note: None,
    })
}

fn plain(column: &Column, v: &toml::Value) -> Result<CellValue, String> {
    match (column.kind, v) {
        (ColumnKind::Text, toml::Value::String(s)) => Ok(CellValue::Text(Localized {
            zh: s.clone(),
            en: s.clone(),
        })),
        (ColumnKind::Text, toml::Value::Table(_)) => v
            .clone()
            .try_into::<Localized>()
            .map(CellValue::Text)
            .map_err(|e| format!("text needs {{ zh, en }}: {}", e.message())),
        (ColumnKind::Count, toml::Value::Integer(n)) if *n >= 0 => Ok(CellValue::Number(*n as f64)),
        (ColumnKind::Number | ColumnKind::Percent | ColumnKind::Year, toml::Value::Integer(n)) => {
            Ok(CellValue::Number(*n as f64))
        }
        (ColumnKind::Number | ColumnKind::Percent, toml::Value::Float(n)) if n.is_finite() => {
            Ok(CellValue::Number(*n))
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
        ColumnKind::Text => "a text (a string, or { zh, en })",
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
    /// Renders a shortcode call in `lang`; `None` for text that is not a (valid) call.
    pub fn shortcode(&self, text: &str, lang: Lang, id_prefix: &str) -> Option<String> {
        let call = parse_call(text)?.ok()?;
        let data = self.data.get(&call.data)?;
        Some(match call.what {
            What::Table => figure_table(data, lang, TablePlace::Alone),
            What::Chart => chart_figure(data, lang, id_prefix),
        })
    }

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

fn cell_text(column: &Column, cell: &Cell, lang: Lang, missing: &str) -> String {
    let mut s = match &cell.value {
        None => missing.to_string(),
        Some(CellValue::Text(t)) => t.get(lang).to_string(),
        Some(CellValue::Number(n)) => number(column.kind, *n, lang),
    };
    if let Some(note) = &cell.note {
        s = match lang {
            Lang::Zh => format!("{s}（{}）", note.zh),
            Lang::En => format!("{s} ({})", note.en),
        };
    }
    s
}

fn number(kind: ColumnKind, n: f64, lang: Lang) -> String {
    match kind {
        ColumnKind::Count => format::count(n.round() as i64, lang),
        ColumnKind::Percent => format!("{}%", format::decimal(n)),
        ColumnKind::Year => format!("{}", n.round() as i64),
        ColumnKind::Number | ColumnKind::Text => format::decimal(n),
    }
}

fn missing_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "缺失",
        Lang::En => "missing",
    }
}

/// Where a data table stands: on its own as a figure, or folded under its chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TablePlace {
    Alone,
    UnderChart,
}

/// The data as an HTML table.
pub fn figure_table(data: &Data, lang: Lang, place: TablePlace) -> String {
    let alone = place == TablePlace::Alone;
    let mut html = String::new();
    if alone {
        html.push_str("<figure class=\"data-table\">");
    }
    html.push_str("<div class=\"table-wrap\"><table>");
    if alone {
        let _ = write!(
            html,
            "<caption>{}</caption>",
            escape_text(data.title.get(lang))
        );
    }
    html.push_str("<thead><tr>");
    for c in &data.columns {
        let _ = write!(
            html,
            "<th scope=\"col\">{}</th>",
            escape_text(c.label.get(lang))
        );
    }
    html.push_str("</tr></thead><tbody>");
    for row in &data.rows {
        html.push_str("<tr>");
        for (i, (c, cell)) in data.columns.iter().zip(row).enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let _ = write!(
                html,
                "<{tag}>{}</{close}>",
                escape_text(&cell_text(c, cell, lang, missing_word(lang)))
            );
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    if alone {
        html.push_str(&caption_extra(data, lang));
        html.push_str("</figure>");
    }
    html
}

fn caption_extra(data: &Data, lang: Lang) -> String {
    match &data.source {
        Some(s) => format!(
            "<p class=\"figure-source\">{}{}</p>",
            if lang == Lang::Zh {
                "来源："
            } else {
                "Source: "
            },
            escape_text(s.get(lang))
        ),
        None => String::new(),
    }
}

fn chart_figure(data: &Data, lang: Lang, id_prefix: &str) -> String {
    let Some(chart) = &data.chart else {
        return figure_table(data, lang, TablePlace::Alone);
    };
    let svg = chart_svg(data, chart, lang, id_prefix);
    let summary = if lang == Lang::Zh {
        "数据表"
    } else {
        "Data table"
    };
    format!(
        "<figure class=\"chart\"><figcaption><strong>{}</strong> {}{}</figcaption>{svg}<details><summary>{summary}</summary>{}</details></figure>",
        escape_text(data.title.get(lang)),
        escape_text(data.description.get(lang)),
        caption_extra(data, lang),
        figure_table(data, lang, TablePlace::UnderChart)
    )
}

/// Where a linear axis starts: at zero (bars, whose lengths must stay proportional) or at the
/// smallest value (timelines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Zero,
    Data,
}

/// Linear or log mapping from values to pixels, with its ticks.
#[derive(Debug, Clone, Copy)]
pub struct Axis {
    pub scale: Scale,
    pub min: f64,
    pub max: f64,
    pub pixels: f64,
}

impl Axis {
    pub fn new(scale: Scale, values: &[f64], pixels: f64, origin: Origin) -> Axis {
        // No values (every cell missing): a unit domain, so nothing is placed at NaN.
        let finite = || values.iter().copied().filter(|v| v.is_finite());
        let max = finite().fold(f64::MIN, f64::max);
        let min = finite().fold(f64::MAX, f64::min);
        let (min, max) = if min > max { (0.0, 1.0) } else { (min, max) };
        match scale {
            Scale::Log => {
                let lo = 10f64.powf(min.max(f64::MIN_POSITIVE).log10().floor());
                let hi = 10f64.powf(max.log10().ceil()).max(lo * 10.0);
                Axis {
                    scale,
                    min: lo,
                    max: hi,
                    pixels,
                }
            }
            Scale::Linear => {
                let lo = match origin {
                    Origin::Zero => 0f64.min(min),
                    Origin::Data => min,
                };
                let step = nice_step((max - lo).max(f64::EPSILON) / 5.0);
                let lo = (lo / step).floor() * step;
                let hi = ((max / step).ceil() * step).max(lo + step);
                Axis {
                    scale,
                    min: lo,
                    max: hi,
                    pixels,
                }
            }
        }
    }

    pub fn position(&self, v: f64) -> f64 {
        if !v.is_finite() || self.max.partial_cmp(&self.min) != Some(std::cmp::Ordering::Greater) {
            return 0.0;
        }
        let t = match self.scale {
            Scale::Log => (v.log10() - self.min.log10()) / (self.max.log10() - self.min.log10()),
            Scale::Linear => (v - self.min) / (self.max - self.min),
        };
        t.clamp(0.0, 1.0) * self.pixels
    }

    pub fn ticks(&self) -> Vec<f64> {
        match self.scale {
            Scale::Log => {
                let (a, b) = (
                    self.min.log10().round() as i32,
                    self.max.log10().round() as i32,
                );
                let every = ((b - a) / 7 + 1) as usize;
                (a..=b).step_by(every).map(|e| 10f64.powi(e)).collect()
            }
            Scale::Linear => {
                let step = nice_step((self.max - self.min) / 5.0);
                let n = ((self.max - self.min) / step).round() as i64;
                (0..=n).map(|i| self.min + i as f64 * step).collect()
            }
        }
    }
}

fn nice_step(raw: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

const LABEL_W: f64 = 190.0;
const PLOT_W: f64 = 420.0;
const ROW_H: f64 = 30.0;

fn text_w(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) > 0x2e80 { 13.0 } else { 7.2 })
        .sum()
}

fn chart_svg(data: &Data, chart: &Chart, lang: Lang, id_prefix: &str) -> String {
    match chart.kind {
        ChartKind::Timeline => timeline_svg(data, chart, lang, id_prefix),
        ChartKind::Bar | ChartKind::Baseline | ChartKind::Share => {
            bar_svg(data, chart, lang, id_prefix)
        }
    }
}

fn svg_open(data: &Data, lang: Lang, width: f64, height: f64, id_prefix: &str) -> String {
    let id = escape_attr(&format!("{id_prefix}{}", data.id));
    format!(
        "<svg class=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\"><title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}</desc>",
        escape_text(data.title.get(lang)),
        escape_text(data.description.get(lang))
    )
}

fn bar_svg(data: &Data, chart: &Chart, lang: Lang, id_prefix: &str) -> String {
    let vcol = &data.columns[chart.value];
    let values: Vec<f64> = data
        .rows
        .iter()
        .filter_map(|r| match r[chart.value].value {
            Some(CellValue::Number(n)) => Some(n),
            _ => None,
        })
        .collect();
    let mut domain = values.clone();
    if let Some(b) = &chart.baseline {
        domain.push(b.value);
    }
    if chart.kind == ChartKind::Share {
        domain.push(0.0);
        domain.push(100.0);
    }
    if domain.is_empty() {
        domain.push(1.0);
    }
    // Bars start at zero, so their lengths stay proportional to the values.
    let axis = Axis::new(chart.scale, &domain, PLOT_W, Origin::Zero);
    let top = 16.0;
    let height = top + data.rows.len() as f64 * ROW_H + 56.0;
    // Room on the right for the longest value text, so no label is clipped.
    let value_room = data
        .rows
        .iter()
        .map(|r| text_w(&cell_text(vcol, &r[chart.value], lang, "")))
        .fold(60.0, f64::max);
    let width = LABEL_W + PLOT_W + value_room + 16.0;
    let mut svg = svg_open(data, lang, width, height, id_prefix);
    let plot_bottom = top + data.rows.len() as f64 * ROW_H;
    // Grid and ticks.
    for t in axis.ticks() {
        let x = LABEL_W + axis.position(t);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{plot_bottom:.1}\"/><text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            plot_bottom + 16.0,
            escape_text(&number(vcol.kind, t, lang))
        );
    }
    let scale_note = match (chart.scale, lang) {
        (Scale::Log, Lang::Zh) => "（对数刻度）",
        (Scale::Log, Lang::En) => " (log scale)",
        _ => "",
    };
    let _ = write!(
        svg,
        "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}{scale_note}</text>",
        LABEL_W + PLOT_W / 2.0,
        plot_bottom + 40.0,
        escape_text(vcol.label.get(lang))
    );
    let lcol = &data.columns[chart.label];
    for (i, row) in data.rows.iter().enumerate() {
        let y = top + i as f64 * ROW_H;
        let label = cell_text(
            lcol,
            &Cell {
                value: row[chart.label].value.clone(),
                note: None,
            },
            lang,
            "",
        );
        let _ = write!(
            svg,
            "<text class=\"bar-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8.0,
            y + 19.0,
            escape_text(&label)
        );
        let cell = &row[chart.value];
        match &cell.value {
            Some(CellValue::Number(v)) => {
                let origin = match (chart.kind, chart.scale) {
                    (_, Scale::Log) => 0.0,
                    _ => axis.position(0f64.max(axis.min)),
                };
                let end = axis.position(*v);
                let (x0, x1) = if end >= origin {
                    (origin, end)
                } else {
                    (end, origin)
                };
                let class = match (&chart.baseline, cell.note.is_some()) {
                    (_, true) => "bar estimate",
                    (Some(b), _) if *v > b.value => "bar above",
                    (Some(_), _) => "bar below",
                    _ => "bar",
                };
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                    LABEL_W + x0,
                    y + 6.0,
                    (x1 - x0).max(1.0),
                    ROW_H - 12.0
                );
                let value_text = cell_text(vcol, cell, lang, "");
                let _ = write!(
                    svg,
                    "<text class=\"bar-value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    LABEL_W + x1 + 6.0,
                    y + 19.0,
                    escape_text(&value_text)
                );
            }
            _ => {
                let text = cell_text(
                    vcol,
                    cell,
                    lang,
                    if lang == Lang::Zh {
                        "数据缺失"
                    } else {
                        "value missing"
                    },
                );
                let _ = write!(
                    svg,
                    "<text class=\"bar-missing\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                    LABEL_W + 6.0,
                    y + 19.0,
                    escape_text(&text)
                );
            }
        }
    }
    if let Some(b) = &chart.baseline {
        let x = LABEL_W + axis.position(b.value);
        let _ = write!(
            svg,
            "<line class=\"baseline\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{plot_bottom:.1}\"/><text class=\"baseline-label\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{} {}</text>",
            top - 4.0,
            top - 6.0,
            escape_text(b.label.get(lang)),
            escape_text(&number(vcol.kind, b.value, lang))
        );
    }
    svg.push_str("</svg>");
    svg
}

fn timeline_svg(data: &Data, chart: &Chart, lang: Lang, id_prefix: &str) -> String {
    let years: Vec<f64> = data
        .rows
        .iter()
        .filter_map(|r| match r[chart.value].value {
            Some(CellValue::Number(n)) => Some(n),
            _ => None,
        })
        .collect();
    let axis = Axis::new(Scale::Linear, &years, PLOT_W + 100.0, Origin::Data);
    let top = 20.0;
    let row_h = 24.0;
    let height = top + data.rows.len() as f64 * row_h + 50.0;
    let left = 20.0;
    let width = left + PLOT_W + 100.0 + 220.0;
    let mut svg = svg_open(data, lang, width, height, id_prefix);
    let bottom = top + data.rows.len() as f64 * row_h;
    // Without a single year there is no scale to draw: the rows say "missing".
    let ticks = if years.is_empty() {
        Vec::new()
    } else {
        axis.ticks()
    };
    for t in ticks {
        let x = left + axis.position(t);
        let _ = write!(svg, "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\"/><text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>", bottom + 16.0, t.round() as i64);
    }
    let lcol = &data.columns[chart.label];
    let vcol = &data.columns[chart.value];
    let _ = write!(
        svg,
        "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        left + axis.pixels / 2.0,
        bottom + 38.0,
        escape_text(vcol.label.get(lang))
    );
    for (i, row) in data.rows.iter().enumerate() {
        let y = top + i as f64 * row_h + 16.0;
        let label = cell_text(lcol, &row[chart.label], lang, "");
        match row[chart.value].value {
            Some(CellValue::Number(year)) => {
                let x = left + axis.position(year);
                // Labels go right of the point unless that would leave the picture.
                let full = format!("{} · {label}", year.round() as i64);
                let (lx, anchor) = if x + 10.0 + text_w(&full) > width {
                    (x - 10.0, "end")
                } else {
                    (x + 10.0, "start")
                };
                let _ = write!(
                    svg,
                    "<circle class=\"event\" cx=\"{x:.1}\" cy=\"{:.1}\" r=\"5\"/><text class=\"event-label\" x=\"{lx:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\">{}</text>",
                    y - 4.0,
                    escape_text(&full)
                );
            }
            _ => {
                let _ = write!(
                    svg,
                    "<text class=\"bar-missing\" x=\"{left}\" y=\"{y:.1}\">{} · {}</text>",
                    escape_text(&label),
                    missing_word(lang)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
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

    #[test]
    fn log_axis_ticks_are_powers_of_ten() {
        let axis = Axis::new(Scale::Log, &[117e6, 1.5e9, 175e9], 400.0, Origin::Zero);
        assert_eq!((axis.min, axis.max), (1e8, 1e12));
        assert_eq!(axis.ticks(), vec![1e8, 1e9, 1e10, 1e11, 1e12]);
        assert!((axis.position(1e10) - 200.0).abs() < 1e-9);
    }

    #[test]
    fn linear_axis_is_proportional() {
        let axis = Axis::new(Scale::Linear, &[0.0, 45.6, 12.4], 500.0, Origin::Zero);
        assert_eq!((axis.min, axis.max), (0.0, 50.0));
        let (a, b) = (axis.position(45.6), axis.position(12.4));
        assert!(
            (a / b - 45.6 / 12.4).abs() < 1e-9,
            "bar lengths proportional to values"
        );
    }
}
