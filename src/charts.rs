//! Charts drawn from data files at build time: SVG at one CSS px per unit, never scaled.
//!
//! Every chart is a list of rows read top to bottom: a row's label (a link where it names a page
//! of the site) on a line of its own, and under it the bar, the point on its track, or the words
//! "value missing". Because labels never share a line with bars, the same drawing works at any
//! width: each chart is drawn twice, [`NARROW`] px for phones and [`WIDE`] px for the text
//! column, and the stylesheet shows the one that fits. The data table is printed under the chart.

use std::fmt::Write;

use crate::content::{Content, PageId};
use crate::figures::{
    cell_text, number, parse_call, Cell, CellValue, Chart, ChartKind, Data, Figures, Scale, What,
};
use crate::html::{escape_attr, escape_text};
use crate::i18n::Locale;
use crate::lang::Lang;
use crate::svgtext::{push_lines, width, wrap, Px};

/// The narrow drawing's width: fits a 390 px phone's text column.
pub const NARROW: f64 = 340.0;
/// The wide drawing's width: fits the 44rem text column.
pub const WIDE: f64 = 680.0;

const LABEL_SIZE: f64 = 14.0;
const LABEL_LINE: f64 = 18.0;
const SMALL: f64 = 13.0;
const SMALL_LINE: f64 = 17.0;
const TICK: f64 = 12.0;
const BAR_H: f64 = 14.0;
const PAD: f64 = 4.0;

/// Words a chart shows that are not data, from the theme's i18n file.
#[derive(Debug, Clone, Default)]
pub struct ChartWords {
    /// In place of a bar whose value is missing.
    pub missing: String,
    /// In place of a chart with no value at all.
    pub no_data: String,
    /// After the axis label of a log scale.
    pub log_scale: String,
    /// The caption of the data table under a chart.
    pub table: String,
    /// Before a figure's source.
    pub source: String,
    /// In a table cell whose value is missing.
    pub cell_missing: String,
}

/// What drawing a figure needs from the page it is on.
pub struct ChartEnv<'a> {
    pub words: ChartWords,
    /// How numbers are written in the page's language.
    pub locale: &'a Locale,
    /// The link to the page a label names, if any (from the page being rendered).
    pub link: &'a dyn Fn(&str) -> Option<String>,
}

/// The pages by name: every title and name in any language and every alias, without the blanks
/// and quotation marks around it, in lower case. Made once per site: a chart label looks a name
/// up, and a scan of every page per label made figures quadratic.
#[derive(Debug, Default)]
pub struct Names {
    /// `None` where two pages share the name.
    pages: std::collections::HashMap<String, Option<PageId>>,
}

impl Names {
    pub fn of(content: &Content) -> Names {
        Names::from_pages(content.pages.iter().enumerate().map(|(i, page)| {
            let names = page
                .texts
                .iter()
                .flatten()
                .map(|t| t.title.as_str())
                .chain(
                    page.meta
                        .name
                        .iter()
                        .flat_map(|n| n.iter().map(String::as_str)),
                )
                .chain(page.meta.aliases.iter().map(|a| a.get_ref().as_str()));
            (PageId(i), names)
        }))
    }

    /// The index of pages, each with its names.
    fn from_pages<'a, N: Iterator<Item = &'a str>>(
        pages: impl Iterator<Item = (PageId, N)>,
    ) -> Names {
        let mut by_name = std::collections::HashMap::new();
        let mut own: Vec<String> = Vec::new();
        for (page, names) in pages {
            own.clear();
            own.extend(names.map(key).filter(|k| !k.is_empty()));
            own.sort_unstable();
            own.dedup();
            for k in own.drain(..) {
                by_name
                    .entry(k)
                    .and_modify(|found| *found = None)
                    .or_insert(Some(page));
            }
        }
        Names { pages: by_name }
    }

    /// The page named `name`, ignoring case and the quotation marks around it; `None` unless
    /// exactly one page has that name.
    pub fn page(&self, name: &str) -> Option<PageId> {
        self.pages.get(&key(name)).copied().flatten()
    }
}

/// The form names are compared in.
fn key(name: &str) -> String {
    bare(name).chars().flat_map(char::to_lowercase).collect()
}

/// `s` without the blanks and quotation marks around it.
fn bare(s: &str) -> &str {
    let quote = |c: char| matches!(c, '“' | '”' | '"' | '「' | '」' | '『' | '』');
    s.trim().trim_matches(quote).trim()
}

/// A chart figure: caption, the drawings, the source and the data table.
pub fn chart_figure(data: &Data, lang: Lang, env: &ChartEnv) -> String {
    let Some(chart) = &data.chart else {
        return figure_table(data, lang, TablePlace::Alone, env);
    };
    let mut html = String::new();
    let _ = write!(
        html,
        "<figure class=\"chart\"><figcaption><strong>{}</strong> {}</figcaption><div class=\"chart-scroll\">",
        escape_text(data.title.get(lang)),
        escape_text(data.description.get(lang)),
    );
    let names: Vec<String> = data
        .rows
        .iter()
        .map(|r| label_text(data, chart, r, env.locale))
        .collect();
    let hrefs: Vec<Option<String>> = names.iter().map(|n| (env.link)(n)).collect();
    for (w, class) in [(NARROW, "chart-narrow"), (WIDE, "chart-wide")] {
        let rows = rows(data, chart, lang, env, &names, &hrefs, w);
        html.push_str(&chart_svg(data, chart, lang, env, &rows, w, class));
    }
    html.push_str("</div>");
    push_source(&mut html, data, lang, env);
    html.push_str(&figure_table(data, lang, TablePlace::UnderChart, env));
    html.push_str("</figure>");
    html
}

/// One row of a chart, measured.
struct Row {
    label: Vec<String>,
    href: Option<String>,
    value: Option<f64>,
    /// The value as printed beside the bar or point.
    value_text: String,
    /// The cell's note (or, for a missing value, the words in place of the bar), wrapped.
    note: Vec<String>,
    estimate: bool,
    top: f64,
    height: f64,
}

/// A row's label as printed (without the cell's note).
fn label_text(data: &Data, chart: &Chart, row: &[Cell], locale: &Locale) -> String {
    match &row[chart.label].value {
        Some(CellValue::Text(t)) => t.get(locale.lang).to_string(),
        Some(CellValue::Number(n)) => number(data.columns[chart.label].kind, *n, locale),
        None => String::new(),
    }
}

fn rows(
    data: &Data,
    chart: &Chart,
    lang: Lang,
    env: &ChartEnv,
    names: &[String],
    hrefs: &[Option<String>],
    w: f64,
) -> Vec<Row> {
    let vcol = &data.columns[chart.value];
    let mut y = 0.0;
    let mut out = Vec::with_capacity(data.rows.len());
    for ((r, name), href) in data.rows.iter().zip(names).zip(hrefs) {
        let cell = &r[chart.value];
        let value = match cell.value {
            Some(CellValue::Number(n)) if n.is_finite() => Some(n),
            _ => None,
        };
        let note_text = match (&cell.note, value) {
            (_, None) => cell_text(vcol, cell, env.locale, &env.words.missing),
            (Some(n), Some(_)) => n.get(lang).to_string(),
            (None, Some(_)) => String::new(),
        };
        let label = wrap(name, LABEL_SIZE, w - 2.0 * PAD);
        let note = wrap(&note_text, SMALL, w - 2.0 * PAD);
        let height = label.len().max(1) as f64 * LABEL_LINE
            + if value.is_some() { BAR_H + 8.0 } else { 0.0 }
            + note.len() as f64 * SMALL_LINE
            + 12.0;
        out.push(Row {
            href: href.clone(),
            label,
            value,
            value_text: value.map_or_else(String::new, |v| number(vcol.kind, v, env.locale)),
            note,
            estimate: value.is_some() && cell.note.is_some(),
            top: y,
            height,
        });
        y += height;
    }
    out
}

/// Linear or log mapping from values to pixels, with its ticks.
#[derive(Debug, Clone, Copy)]
pub struct Axis {
    pub scale: Scale,
    pub min: f64,
    pub max: f64,
    pub pixels: f64,
}

/// Where a linear axis starts: at zero (bars, whose lengths must stay proportional) or at the
/// smallest value (timelines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Zero,
    Data,
}

impl Axis {
    /// The axis over `values`; `None` when there is no finite value to draw (no NaN, ever).
    pub fn new(scale: Scale, values: &[f64], pixels: f64, origin: Origin) -> Option<Axis> {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (min, max) = finite.fold(None, |acc: Option<(f64, f64)>, v| {
            Some(acc.map_or((v, v), |(a, b)| (a.min(v), b.max(v))))
        })?;
        let axis = match scale {
            Scale::Log => {
                let lo = 10f64.powf(min.max(f64::MIN_POSITIVE).log10().floor());
                let hi = 10f64
                    .powf(max.max(f64::MIN_POSITIVE).log10().ceil())
                    .max(lo * 10.0);
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
                let step = nice_step(((max - lo) / 5.0).max(match origin {
                    // A timeline's ticks are whole years.
                    Origin::Data => 1.0,
                    Origin::Zero => f64::EPSILON,
                }));
                let lo = (lo / step).floor() * step;
                let hi = ((max / step).ceil() * step).max(lo + step);
                Axis {
                    scale,
                    min: lo,
                    max: hi,
                    pixels,
                }
            }
        };
        Some(axis)
    }

    pub fn position(&self, v: f64) -> f64 {
        let t = match self.scale {
            Scale::Log => (v.log10() - self.min.log10()) / (self.max.log10() - self.min.log10()),
            Scale::Linear => (v - self.min) / (self.max - self.min),
        };
        if t.is_finite() {
            t.clamp(0.0, 1.0) * self.pixels
        } else {
            0.0
        }
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

/// Tick labels that fit side by side: every tick's text centred on it (kept inside the drawing),
/// thinned to every second, third… tick until no two touch.
fn tick_labels(
    axis: &Axis,
    left: f64,
    w: f64,
    text: impl Fn(f64) -> String,
) -> Vec<(f64, f64, String)> {
    let all: Vec<(f64, String)> = axis
        .ticks()
        .into_iter()
        .map(|t| (left + axis.position(t), text(t)))
        .collect();
    for every in 1..=all.len().max(1) {
        let placed: Vec<(f64, f64, String)> = all
            .iter()
            .step_by(every)
            .map(|(x, s)| {
                let tw = width(s, TICK);
                let cx = x.clamp(PAD + tw / 2.0, w - PAD - tw / 2.0);
                (*x, cx, s.clone())
            })
            .collect();
        let fits = placed.windows(2).all(|p| {
            let (a, b) = (&p[0], &p[1]);
            a.1 + width(&a.2, TICK) / 2.0 + 6.0 <= b.1 - width(&b.2, TICK) / 2.0
        });
        if fits {
            return placed;
        }
    }
    Vec::new()
}

fn chart_svg(
    data: &Data,
    chart: &Chart,
    lang: Lang,
    env: &ChartEnv,
    rows: &[Row],
    w: f64,
    class: &str,
) -> String {
    let vcol = &data.columns[chart.value];
    let values: Vec<f64> = rows.iter().filter_map(|r| r.value).collect();
    let timeline = chart.kind == ChartKind::Timeline;
    let mut domain = values.clone();
    if let (Some(b), false) = (&chart.baseline, values.is_empty()) {
        domain.push(b.value);
    }
    if chart.kind == ChartKind::Share && !values.is_empty() {
        domain.extend([0.0, 100.0]);
    }
    // Room right of the longest bar for its value.
    let value_room = rows
        .iter()
        .map(|r| width(&r.value_text, SMALL) + 10.0)
        .fold(if timeline { 48.0 } else { 24.0 }, f64::max);
    let left = PAD + if timeline { 6.0 } else { 0.0 };
    let plot = w - left - PAD - value_room;
    let (scale, origin) = if timeline {
        (Scale::Linear, Origin::Data)
    } else {
        (chart.scale, Origin::Zero)
    };
    let axis = Axis::new(scale, &domain, plot, origin);
    let top = if chart.baseline.is_some() && axis.is_some() {
        22.0
    } else {
        4.0
    };
    let body: f64 = rows.iter().map(|r| r.height).sum();
    let foot = if axis.is_some() { 44.0 } else { 0.0 };
    let no_data = axis.is_none() && rows.is_empty();
    let height = top + body + foot + if no_data { 30.0 } else { 4.0 };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart-svg {class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-label=\"{}\">",
        escape_attr(data.title.get(lang)),
        w = Px(w),
        h = Px(height),
    );
    if no_data {
        let _ = write!(
            svg,
            "<text class=\"no-data\" x=\"{}\" y=\"20\">{}</text>",
            Px(PAD),
            escape_text(&env.words.no_data)
        );
    }
    let plot_bottom = top + body;
    if let Some(axis) = &axis {
        let kind = if timeline {
            crate::figures::ColumnKind::Year
        } else {
            vcol.kind
        };
        let _ = write!(
            svg,
            "<line class=\"axis\" x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/>",
            l = Px(left),
            r = Px(left + plot),
            b = Px(plot_bottom)
        );
        for (x, cx, text) in tick_labels(axis, left, w, |t| number(kind, t, env.locale)) {
            let _ = write!(
                svg,
                "<line class=\"grid\" x1=\"{x}\" y1=\"{t}\" x2=\"{x}\" y2=\"{b}\"/><text class=\"tick\" x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\">{}</text>",
                escape_text(&text),
                x = Px(x),
                cx = Px(cx),
                t = Px(top),
                b = Px(plot_bottom + 4.0),
                ty = Px(plot_bottom + 18.0)
            );
        }
        let mut axis_label = vcol.label.get(lang).to_string();
        if scale == Scale::Log {
            axis_label.push_str(&env.words.log_scale);
        }
        let _ = write!(
            svg,
            "<text class=\"axis-label\" x=\"{}\" y=\"{}\">{}</text>",
            Px(left),
            Px(plot_bottom + 38.0),
            escape_text(&axis_label)
        );
    }
    for r in rows {
        push_row(&mut svg, r, axis.as_ref(), chart, top, left, w, timeline);
    }
    if let (Some(b), Some(axis)) = (&chart.baseline, &axis) {
        let x = left + axis.position(b.value);
        let text = format!(
            "{} {}",
            b.label.get(lang),
            number(vcol.kind, b.value, env.locale)
        );
        let tw = width(&text, TICK);
        let tx = (x - tw / 2.0).clamp(PAD, w - PAD - tw);
        let _ = write!(
            svg,
            "<line class=\"baseline\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/><text class=\"baseline-label\" x=\"{}\" y=\"{}\">{}</text>",
            Px(top - 4.0),
            Px(plot_bottom),
            Px(tx),
            Px(top - 8.0),
            escape_text(&text),
            x = Px(x),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[allow(clippy::too_many_arguments)]
fn push_row(
    svg: &mut String,
    r: &Row,
    axis: Option<&Axis>,
    chart: &Chart,
    top: f64,
    left: f64,
    w: f64,
    timeline: bool,
) {
    let y = top + r.top;
    if let Some(href) = &r.href {
        let _ = write!(
            svg,
            "<a href=\"{}\"><rect class=\"row-hit\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
            escape_attr(href),
            Px(y + 1.0),
            Px(w),
            Px(r.height - 2.0)
        );
    }
    let _ = write!(
        svg,
        "<text class=\"row-label\" x=\"{}\" y=\"{}\">",
        Px(PAD),
        Px(y + LABEL_LINE - 4.0)
    );
    push_lines(svg, &r.label, PAD, LABEL_LINE);
    svg.push_str("</text>");
    if r.href.is_some() {
        svg.push_str("</a>");
    }
    let mut yy = y + r.label.len().max(1) as f64 * LABEL_LINE + 4.0;
    if let (Some(v), Some(axis)) = (r.value, axis) {
        let mid = yy + BAR_H / 2.0;
        let end = left + axis.position(v);
        if timeline {
            let _ = write!(
                svg,
                "<line class=\"track\" x1=\"{}\" y1=\"{m}\" x2=\"{}\" y2=\"{m}\"/><circle class=\"event\" cx=\"{}\" cy=\"{m}\" r=\"5\"/>",
                Px(left),
                Px(left + axis.pixels),
                Px(end),
                m = Px(mid)
            );
            push_value(svg, &r.value_text, end + 9.0, mid);
        } else {
            let origin = match chart.scale {
                Scale::Log => left,
                Scale::Linear => left + axis.position(0f64.max(axis.min)),
            };
            let (x0, x1) = if end >= origin {
                (origin, end)
            } else {
                (end, origin)
            };
            let class = match (&chart.baseline, r.estimate) {
                (_, true) => "bar estimate",
                (Some(b), _) if v > b.value => "bar above",
                (Some(_), _) => "bar below",
                _ => "bar",
            };
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                Px(x0),
                Px(yy),
                Px((x1 - x0).max(1.0)),
                Px(BAR_H)
            );
            push_value(svg, &r.value_text, x1.max(x0 + 1.0) + 5.0, mid);
        }
        yy += BAR_H + 8.0;
    }
    if !r.note.is_empty() {
        let class = if r.value.is_some() {
            "bar-note tick"
        } else {
            "bar-missing"
        };
        let _ = write!(
            svg,
            "<text class=\"{class}\" x=\"{}\" y=\"{}\">",
            Px(PAD),
            Px(yy + SMALL_LINE - 5.0)
        );
        push_lines(svg, &r.note, PAD, SMALL_LINE);
        svg.push_str("</text>");
    }
}

fn push_value(svg: &mut String, text: &str, x: f64, mid: f64) {
    let _ = write!(
        svg,
        "<text class=\"bar-value\" x=\"{}\" y=\"{}\">{}</text>",
        Px(x),
        Px(mid + SMALL * 0.35),
        escape_text(text)
    );
}

/// Renders a shortcode call in `lang`; `None` for text that is not a (valid) call.
pub fn shortcode(figures: &Figures, text: &str, lang: Lang, env: &ChartEnv) -> Option<String> {
    let call = parse_call(text)?.ok()?;
    let data = figures.data.get(&call.data)?;
    Some(match call.what {
        What::Table => figure_table(data, lang, TablePlace::Alone, env),
        What::Chart => chart_figure(data, lang, env),
    })
}

/// Where a data table stands: on its own as a figure, or under its chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TablePlace {
    Alone,
    UnderChart,
}

/// The data as an HTML table; under a chart, the labels that name a page link to it.
pub fn figure_table(data: &Data, lang: Lang, place: TablePlace, env: &ChartEnv) -> String {
    let alone = place == TablePlace::Alone;
    let mut html = String::new();
    if alone {
        html.push_str("<figure class=\"data-table\"><div class=\"table-wrap\"><table>");
    } else {
        html.push_str("<div class=\"table-wrap chart-table\"><table>");
    }
    let caption = if alone {
        data.title.get(lang)
    } else {
        &env.words.table
    };
    let _ = write!(html, "<caption>{}</caption>", escape_text(caption));
    let linked = data.chart.as_ref().filter(|_| !alone).map(|c| c.label);
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
            let text = cell_text(c, cell, env.locale, &env.words.cell_missing);
            let href = (linked == Some(i))
                .then(|| match &cell.value {
                    Some(CellValue::Text(t)) => (env.link)(t.get(lang)),
                    _ => None,
                })
                .flatten();
            match href {
                Some(h) => {
                    let _ = write!(
                        html,
                        "<{tag}><a href=\"{}\">{}</a></{close}>",
                        escape_attr(&h),
                        escape_text(&text)
                    );
                }
                None => {
                    let _ = write!(html, "<{tag}>{}</{close}>", escape_text(&text));
                }
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    if alone {
        push_source(&mut html, data, lang, env);
        html.push_str("</figure>");
    }
    html
}

/// The figure's source line, where the data file names one.
pub(crate) fn push_source(html: &mut String, data: &Data, lang: Lang, env: &ChartEnv) {
    if let Some(s) = &data.source {
        let _ = write!(
            html,
            "<p class=\"figure-source\">{}{}</p>",
            escape_text(&env.words.source),
            escape_text(s.get(lang))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_find_one_page_ignoring_case_and_quotes() {
        let names = Names::from_pages(
            [
                (PageId(0), vec!["ChatGPT", "chatgpt", "“聊天机器人”"]),
                (PageId(1), vec!["GPT-4"]),
                (PageId(2), vec!["Ernie", "文心一言"]),
                (PageId(3), vec!["ERNIE", ""]),
            ]
            .into_iter()
            .map(|(p, n)| (p, n.into_iter())),
        );
        assert_eq!(names.page("chatGPT"), Some(PageId(0)), "case ignored");
        assert_eq!(
            names.page(" 「聊天机器人」 "),
            Some(PageId(0)),
            "quotes and blanks"
        );
        assert_eq!(names.page("gpt-4"), Some(PageId(1)));
        assert_eq!(names.page("ernie"), None, "two pages share the name");
        assert_eq!(names.page("文心一言"), Some(PageId(2)));
        assert_eq!(names.page(""), None, "an empty name names nothing");
        assert_eq!(names.page("GPT"), None, "whole names only");
        assert_eq!(
            Names::from_pages(std::iter::empty::<(PageId, std::vec::IntoIter<&str>)>()).page("x"),
            None
        );
    }

    #[test]
    fn log_axis_ticks_are_powers_of_ten() {
        let axis =
            Axis::new(Scale::Log, &[117e6, 1.5e9, 175e9], 400.0, Origin::Zero).expect("values");
        assert_eq!((axis.min, axis.max), (1e8, 1e12));
        assert_eq!(axis.ticks(), vec![1e8, 1e9, 1e10, 1e11, 1e12]);
        assert!((axis.position(1e10) - 200.0).abs() < 1e-9);
    }

    #[test]
    fn linear_axis_is_proportional() {
        let axis =
            Axis::new(Scale::Linear, &[0.0, 45.6, 12.4], 500.0, Origin::Zero).expect("values");
        assert_eq!((axis.min, axis.max), (0.0, 50.0));
        let (a, b) = (axis.position(45.6), axis.position(12.4));
        assert!(
            (a / b - 45.6 / 12.4).abs() < 1e-9,
            "bar lengths proportional to values"
        );
    }

    #[test]
    fn no_values_no_axis() {
        assert!(Axis::new(Scale::Linear, &[], 300.0, Origin::Data).is_none());
        assert!(Axis::new(Scale::Log, &[f64::NAN], 300.0, Origin::Zero).is_none());
        let one = Axis::new(Scale::Linear, &[2020.0], 300.0, Origin::Data).expect("values");
        assert!(one.max > one.min);
        assert!(one.ticks().iter().all(|t| t.is_finite()));
        assert!(one.position(2020.0).is_finite());
    }

    fn text(s: &str) -> crate::lang::Localized {
        crate::lang::tests_support::one(s.to_string())
    }

    /// A timeline of `years` (None: missing), labelled "event i".
    fn timeline(years: &[Option<f64>]) -> Data {
        let column = |id: &str, kind| crate::figures::Column {
            id: id.into(),
            label: text(id),
            kind,
        };
        Data {
            id: "t".into(),
            title: text("Timeline"),
            description: text("Events"),
            source: None,
            sections: Vec::new(),
            columns: vec![
                column("event", crate::figures::ColumnKind::Text),
                column("year", crate::figures::ColumnKind::Year),
            ],
            rows: years
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    vec![
                        Cell {
                            value: Some(CellValue::Text(text(&format!("event {i}")))),
                            note: None,
                        },
                        Cell {
                            value: y.map(CellValue::Number),
                            note: None,
                        },
                    ]
                })
                .collect(),
            chart: Some(Chart {
                kind: ChartKind::Timeline,
                label: 0,
                value: 1,
                scale: Scale::Linear,
                baseline: None,
            }),
        }
    }

    fn draw(data: &Data) -> String {
        let locale = crate::i18n::english_for_tests();
        let link = |name: &str| (name == "event 1").then(|| "e1.html".to_string());
        let env = ChartEnv {
            words: ChartWords {
                missing: "value missing".into(),
                no_data: "No data to draw".into(),
                table: "Data table".into(),
                cell_missing: "missing".into(),
                ..ChartWords::default()
            },
            locale: &locale,
            link: &link,
        };
        chart_figure(data, crate::lang::tests_support::first(), &env)
    }

    #[test]
    fn empty_series_are_drawn_as_no_data_never_nan() {
        // Every year missing: the rows say so, and there is no axis to compute.
        let html = draw(&timeline(&[None, None, None]));
        assert!(!html.contains("NaN"), "{html}");
        assert_eq!(
            html.matches("value missing").count(),
            6,
            "3 rows × 2 drawings"
        );
        assert!(!html.contains("class=\"axis\""));
        // No rows at all.
        let html = draw(&timeline(&[]));
        assert!(!html.contains("NaN"));
        assert_eq!(html.matches("No data to draw").count(), 2);
        // One year only: a finite axis around it.
        let html = draw(&timeline(&[Some(2020.0)]));
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
        assert!(html.contains(">2020</text>"));
    }

    #[test]
    fn labels_that_name_a_page_link_to_it_in_both_drawings_and_the_table() {
        let html = draw(&timeline(&[Some(2017.0), Some(2018.0), None]));
        assert_eq!(html.matches("<a href=\"e1.html\">").count(), 3, "{html}");
        assert!(html.contains("<th scope=\"row\"><a href=\"e1.html\">event 1</a></th>"));
        assert_eq!(
            draw(&timeline(&[Some(2017.0), Some(2018.0)])),
            draw(&timeline(&[Some(2017.0), Some(2018.0)])),
            "deterministic"
        );
    }

    #[test]
    fn tick_labels_never_touch() {
        let axis = Axis::new(Scale::Log, &[1e9, 1.74e14], 260.0, Origin::Zero).expect("values");
        let labels = tick_labels(&axis, 4.0, NARROW, |t| format!("{t:e} units"));
        assert!(labels.len() >= 2);
        for p in labels.windows(2) {
            let (a, b) = (&p[0], &p[1]);
            assert!(a.1 + width(&a.2, TICK) / 2.0 < b.1 - width(&b.2, TICK) / 2.0);
        }
    }
}
