//! The views built from the facts (`compare`, `chronology`; see [`crate::factviews`]), drawn in a
//! page's language from what the reader gives, so each table's dependencies are recorded: the
//! listing order and the `meta.toml` (and relations) of every page it shows.

use std::cmp::Ordering;
use std::fmt::Write;

use crate::config::{FactKind, FactTypeId, RelTypeId};
use crate::content::{Fact, FactValue, Mark, PageId, Value};
use crate::factviews::{parse, Chronology, Column, Compare, SortOrder, View};
use crate::format;
use crate::graph::Direction;
use crate::html::{escape_attr, escape_text};
use crate::lang::Lang;
use crate::reader::Reader;
use crate::url::OutPath;

/// Renders a fact view call for the page at `from`; `None` for text that is not a valid one.
pub fn shortcode(site: &Reader, text: &str, lang: Lang, from: &OutPath) -> Option<String> {
    match parse(site.config(), text)?.ok()? {
        View::Compare(c) => Some(compare_html(site, &c, lang, from)),
        View::Chronology(c) => Some(chronology_html(site, &c, lang, from)),
    }
}

/// What a cell is sorted by: numbers before texts would never meet, as a column holds one kind.
#[derive(Debug, Clone, PartialEq)]
enum SortKey {
    Number(f64),
    Text(String),
}

impl SortKey {
    fn attr(&self) -> String {
        match self {
            SortKey::Number(n) => n.to_string(),
            SortKey::Text(t) => t.clone(),
        }
    }
}

fn compare_keys(a: &SortKey, b: &SortKey) -> Ordering {
    match (a, b) {
        (SortKey::Number(x), SortKey::Number(y)) => x.total_cmp(y),
        (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
        (SortKey::Number(_), SortKey::Text(_)) => Ordering::Less,
        (SortKey::Text(_), SortKey::Number(_)) => Ordering::Greater,
    }
}

fn value_key(v: &Value, lang: Lang) -> SortKey {
    match v {
        Value::Date(y, m, d) => SortKey::Number(date_number(*y, *m, *d) as f64),
        Value::Count(n) => SortKey::Number(*n as f64),
        Value::Number(n) | Value::Percent(n) => SortKey::Number(*n),
        Value::Text(t) => SortKey::Text(t.get(lang).to_string()),
    }
}

/// A date as one sortable number, `YYYYMMDD`; a missing month or day counts as 0, so a year
/// comes before its months.
fn date_number(y: u16, m: Option<u8>, d: Option<u8>) -> u32 {
    u32::from(y) * 10_000 + u32::from(m.unwrap_or(0)) * 100 + u32::from(d.unwrap_or(0))
}

/// One cell: its HTML and what it sorts by (`None`: empty, always last).
struct Cell {
    html: String,
    key: Option<SortKey>,
    marks: Vec<Mark>,
}

fn fact_of<'a>(site: &Reader<'a>, p: PageId, ty: FactTypeId) -> Option<&'a Fact> {
    site.meta(p).facts.iter().find(|f| f.ty == ty)
}

fn fact_cell(site: &Reader, p: PageId, ty: FactTypeId, lang: Lang) -> Cell {
    let Some(fact) = fact_of(site, p, ty) else {
        return empty_cell();
    };
    let texts: Vec<String> = fact
        .values
        .iter()
        .map(|v| escape_text(&format::fact_value(v, site.locale(lang))))
        .collect();
    Cell {
        html: texts.join(" / "),
        key: fact.values.first().map(|v| value_key(&v.value, lang)),
        marks: Vec::new(),
    }
}

fn empty_cell() -> Cell {
    Cell {
        html: String::new(),
        key: None,
        marks: Vec::new(),
    }
}

/// The pages related to `p` by `ty` in `dir` (both ways for a symmetric type), each once with
/// the strongest mark it is given, in the graph's order.
fn related(site: &Reader, p: PageId, ty: RelTypeId, dir: Direction) -> Vec<(PageId, Mark)> {
    let symmetric = site.config().relation(ty).symmetric;
    let mut out: Vec<(PageId, Mark)> = Vec::new();
    for (r, d) in site.relations_of(p) {
        if r.ty != ty || (d != dir && !symmetric) {
            continue;
        }
        let other = if d == Direction::Out { r.to } else { r.from };
        match out.iter_mut().find(|(q, _)| *q == other) {
            Some((_, mark)) => *mark = (*mark).min(r.mark),
            None => out.push((other, r.mark)),
        }
    }
    out
}

fn relation_cell(
    site: &Reader,
    p: PageId,
    (ty, dir): (RelTypeId, Direction),
    lang: Lang,
    from: &OutPath,
) -> Cell {
    let others = related(site, p, ty, dir);
    if others.is_empty() {
        return empty_cell();
    }
    let mut html = String::new();
    let mut names = Vec::new();
    for (i, (q, mark)) in others.iter().enumerate() {
        if i > 0 {
            html.push_str(&site.t(lang, "list_separator"));
        }
        let title = site.title(*q, lang);
        names.push(title);
        let _ = write!(
            html,
            "<a href=\"{}\">{}</a>{}",
            escape_attr(&from.href_to(site.page_path(*q, lang))),
            escape_text(title),
            mark_html(site, *mark, lang)
        );
    }
    Cell {
        html,
        key: Some(SortKey::Text(names.join(" "))),
        marks: others.iter().map(|(_, m)| *m).collect(),
    }
}

/// The sign of a marked relation, explained by its title; nothing for a stated one.
fn mark_html(site: &Reader, mark: Mark, lang: Lang) -> String {
    let (Some(sign), Some(key)) = (mark.sign(), legend_key(mark)) else {
        return String::new();
    };
    let class = if mark == Mark::Inferred {
        "inferred"
    } else {
        "outside"
    };
    format!(
        " <span class=\"{class}\" title=\"{}\">{sign}</span>",
        escape_attr(&site.t(lang, key))
    )
}

fn legend_key(mark: Mark) -> Option<&'static str> {
    match mark {
        Mark::Stated => None,
        Mark::Inferred => Some("inferred_legend"),
        Mark::Outside => Some("outside_legend"),
    }
}

/// One line per mark used, in the order of the marks.
fn legend_html(site: &Reader, marks: impl IntoIterator<Item = Mark>, lang: Lang) -> String {
    let mut used: Vec<Mark> = marks.into_iter().collect();
    used.sort();
    used.dedup();
    used.into_iter()
        .filter_map(legend_key)
        .map(|k| format!("<p class=\"legend\">{}</p>", escape_text(&site.t(lang, k))))
        .collect()
}

fn compare_html(site: &Reader, view: &Compare, lang: Lang, from: &OutPath) -> String {
    let config = site.config();
    let kind = config.kind(view.kind);
    let rows: Vec<PageId> = site
        .order()
        .iter()
        .copied()
        .filter(|p| {
            site.kind_of(*p) == view.kind
                && (view.groups.is_empty()
                    || site
                        .meta(*p)
                        .group
                        .is_some_and(|g| view.groups.contains(&g)))
        })
        .collect();
    let mut table: Vec<(PageId, Vec<Cell>)> = rows
        .into_iter()
        .map(|p| {
            let cells = view
                .columns
                .iter()
                .map(|c| match *c {
                    Column::Fact(f) => fact_cell(site, p, f, lang),
                    Column::Relation(r, d) => relation_cell(site, p, (r, d), lang, from),
                })
                .collect();
            (p, cells)
        })
        .collect();
    if let Some((col, order)) = view.sort {
        // Stable: equal keys keep listing order; empty cells go last either way.
        table.sort_by(|(_, a), (_, b)| match (&a[col].key, &b[col].key) {
            (Some(x), Some(y)) => match order {
                SortOrder::Ascending => compare_keys(x, y),
                SortOrder::Descending => compare_keys(y, x),
            },
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
    }
    let caption = view.caption.clone().unwrap_or_else(|| {
        let groups: Vec<&str> = view
            .groups
            .iter()
            .map(|g| kind.group(*g).name.get(lang).as_str())
            .collect();
        if groups.is_empty() {
            kind.name.get(lang).to_string()
        } else {
            format!(
                "{}{}{}",
                kind.name.get(lang),
                site.t(lang, "caption_separator"),
                groups.join(&site.t(lang, "list_separator"))
            )
        }
    });
    let mut html = String::from("<figure class=\"compare\"><div class=\"table-wrap\">");
    let _ = write!(
        html,
        "<table class=\"sortable\" data-sortable><caption>{}<span class=\"sort-hint\" hidden> {}</span></caption><thead><tr>",
        escape_text(&caption),
        escape_text(&site.t(lang, "sort_hint"))
    );
    let sorted = |i: usize| match view.sort {
        Some((c, SortOrder::Ascending)) if c == i => " aria-sort=\"ascending\"",
        Some((c, SortOrder::Descending)) if c == i => " aria-sort=\"descending\"",
        _ => "",
    };
    let _ = write!(
        html,
        "<th scope=\"col\" data-type=\"text\">{}</th>",
        escape_text(kind.singular.get(lang))
    );
    for (i, c) in view.columns.iter().enumerate() {
        let (label, numeric) = match *c {
            Column::Fact(f) => {
                let ft = config.fact(f);
                (ft.label.get(lang), ft.kind != FactKind::Text)
            }
            Column::Relation(r, Direction::Out) => (config.relation(r).label.get(lang), false),
            Column::Relation(r, Direction::In) => (config.relation(r).inverse.get(lang), false),
        };
        let _ = write!(
            html,
            "<th scope=\"col\" data-type=\"{}\"{}>{}</th>",
            if numeric { "number" } else { "text" },
            sorted(i),
            escape_text(label)
        );
    }
    html.push_str("</tr></thead><tbody>");
    let none = escape_text(&site.t(lang, "no_value"));
    let mut marks = Vec::new();
    for (p, cells) in &table {
        let title = site.title(*p, lang);
        let _ = write!(
            html,
            "<tr><th scope=\"row\" data-sort=\"{}\"><a href=\"{}\">{}</a></th>",
            escape_attr(title),
            escape_attr(&from.href_to(site.page_path(*p, lang))),
            escape_text(title)
        );
        for cell in cells {
            match &cell.key {
                Some(k) => {
                    let _ = write!(
                        html,
                        "<td data-sort=\"{}\">{}</td>",
                        escape_attr(&k.attr()),
                        cell.html
                    );
                }
                None => {
                    let _ = write!(
                        html,
                        "<td data-sort=\"\"><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">{none}</span></td>"
                    );
                }
            }
            marks.extend(cell.marks.iter().copied());
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    html.push_str(&legend_html(site, marks, lang));
    html.push_str("</figure>");
    html
}

/// One row of a chronology: a fact of a page with its dates, earliest first.
struct Event<'a> {
    page: PageId,
    /// Its page's place in listing order.
    position: usize,
    ty: FactTypeId,
    dates: Vec<&'a FactValue>,
    at: u32,
}

fn chronology_html(site: &Reader, view: &Chronology, lang: Lang, from: &OutPath) -> String {
    let mut events: Vec<Event> = Vec::new();
    for (position, &p) in site.order().iter().enumerate() {
        if !view.kinds.is_empty() && !view.kinds.contains(&site.kind_of(p)) {
            continue;
        }
        for fact in site
            .meta(p)
            .facts
            .iter()
            .filter(|f| view.facts.contains(&f.ty))
        {
            let mut dates: Vec<(u32, &FactValue)> = fact
                .values
                .iter()
                .filter_map(|v| match v.value {
                    Value::Date(y, m, d) => Some((date_number(y, m, d), v)),
                    _ => None,
                })
                .collect();
            dates.sort_by_key(|(n, _)| *n);
            if let Some(&(at, _)) = dates.first() {
                events.push(Event {
                    page: p,
                    position,
                    ty: fact.ty,
                    dates: dates.into_iter().map(|(_, v)| v).collect(),
                    at,
                });
            }
        }
    }
    // Stable: one date keeps listing order, then the order of fact types.
    events.sort_by_key(|e| (e.at, e.position, e.ty));
    let caption = view
        .caption
        .clone()
        .unwrap_or_else(|| site.t(lang, "chronology"));
    let mut html = String::from("<figure class=\"chronology\"><div class=\"table-wrap\"><table>");
    let _ = write!(
        html,
        "<caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape_text(&caption),
        escape_text(&site.t(lang, "chronology_date")),
        escape_text(&site.t(lang, "chronology_entity")),
        escape_text(&site.t(lang, "chronology_event"))
    );
    for e in &events {
        html.push_str(if e.dates.len() > 1 {
            "<tr class=\"conflict\"><td>"
        } else {
            "<tr><td>"
        });
        if e.dates.len() > 1 {
            // The report's dates disagree: all of them, side by side, none preferred.
            let _ = write!(
                html,
                "<span class=\"conflict-note\">{}</span> <ul class=\"dates\">",
                escape_text(&site.t(lang, "dates_conflict"))
            );
            for v in &e.dates {
                let _ = write!(
                    html,
                    "<li>{}</li>",
                    escape_text(&format::fact_value(v, site.locale(lang)))
                );
            }
            html.push_str("</ul>");
        } else {
            html.push_str(&escape_text(&format::fact_value(
                e.dates[0],
                site.locale(lang),
            )));
        }
        let _ = write!(
            html,
            "</td><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td></tr>",
            escape_attr(&from.href_to(site.page_path(e.page, lang))),
            escape_text(site.title(e.page, lang)),
            escape_text(site.config().fact(e.ty).label.get(lang))
        );
    }
    html.push_str("</tbody></table></div></figure>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_sort_year_before_its_months() {
        assert!(date_number(2022, None, None) < date_number(2022, Some(1), None));
        assert!(date_number(2022, Some(11), Some(30)) < date_number(2022, Some(12), None));
        assert!(date_number(2021, Some(12), Some(31)) < date_number(2022, None, None));
    }
}
