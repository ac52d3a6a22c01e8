//! Views built from the facts and relations of every page, placed in a page's text by shortcode:
//!
//! - `{{ compare(kind="models", group="chinese-models", columns="developed_by, params, released",
//!   sort="-params") }}`: the entities of a kind (or of some of its groups) as rows, the chosen
//!   fact types and relation types as columns. Sorted at build time (by `sort`, or in listing
//!   order); where JavaScript runs, `static/sort.js` makes every column header a sort button.
//! - `{{ chronology(kind="models, companies", facts="released, founded") }}`: every date fact of
//!   every entity (or of the chosen kinds and date fact types) in date order. A fact with several
//!   dates (the report contradicts itself) stays one row with all its dates side by side.
//!
//! This module parses a call and resolves every name against `site.toml`, so the checker reports
//! an unknown kind, group, fact or relation type at the call; `views::facts` draws the views from
//! the site as the reader gives it.

use crate::config::{Config, FactKind, FactTypeId, KindId, RelTypeId};
use crate::graph::Direction;

/// The shortcode names this module answers to (the figures' message about an unknown
/// shortcode names them too).
pub const NAMES: [&str; 2] = crate::figures::KNOWN_ELSEWHERE;

/// A fact view call, resolved against the configuration.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Compare(Compare),
    Chronology(Chronology),
}

/// A comparison table.
#[derive(Debug, Clone, PartialEq)]
pub struct Compare {
    pub kind: KindId,
    /// Groups of the kind whose entities are rows; empty for all of the kind.
    pub groups: Vec<crate::config::GroupId>,
    pub columns: Vec<Column>,
    /// The column the rows are sorted by at build time, and how; listing order without one.
    pub sort: Option<(usize, SortOrder)>,
    pub caption: Option<String>,
}

/// A column of a comparison table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Fact(FactTypeId),
    /// The pages related by this type: `Out` as declared (`developed_by`: the developer), `In`
    /// read backwards (`~developed_by`: what a company developed).
    Relation(RelTypeId, Direction),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Ascending,
    Descending,
}

/// A chronology of date facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Chronology {
    /// Kinds whose pages are read; empty for every kind.
    pub kinds: Vec<KindId>,
    /// Date fact types shown (all of them by default).
    pub facts: Vec<FactTypeId>,
    pub caption: Option<String>,
}

/// Parses a shortcode call; `None` when it is not one of [`NAMES`].
pub fn parse(config: &Config, text: &str) -> Option<Result<View, String>> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let (name, rest) = inner.split_once('(')?;
    let name = name.trim();
    if !NAMES.contains(&name) {
        return None;
    }
    let Some(args) = rest.trim_end().strip_suffix(')') else {
        return Some(Err(format!("`{name}(…)` is not closed by `)`")));
    };
    Some(arguments(args).and_then(|args| match name {
        "compare" => parse_compare(config, args).map(View::Compare),
        _ => parse_chronology(config, args).map(View::Chronology),
    }))
}

/// `key="value"` pairs separated by commas; values are quoted and hold no `"`.
fn arguments(text: &str) -> Result<Vec<(&str, &str)>, String> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("expected key=\"value\", found `{rest}`"))?;
        let key = key.trim();
        let after = after.trim_start();
        let value = after
            .strip_prefix('"')
            .and_then(|v| v.split_once('"'))
            .ok_or_else(|| format!("the value of `{key}` must be in double quotes"))?;
        if out.iter().any(|(k, _)| *k == key) {
            return Err(format!("`{key}` is given twice"));
        }
        out.push((key, value.0));
        rest = value.1.trim_start();
        rest = match rest.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if rest.is_empty() => rest,
            None => return Err(format!("expected `,` before `{rest}`")),
        };
    }
    Ok(out)
}

/// The comma-separated names of a value, trimmed, without empty ones.
fn names(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|n| !n.is_empty())
}

fn unknown_argument(view: &str, key: &str, known: &[&str]) -> String {
    format!(
        "unknown argument `{key}` of `{view}` (known: {})",
        known.join(", ")
    )
}

fn kind_named(config: &Config, name: &str) -> Result<KindId, String> {
    config.kind_by_name(name).ok_or_else(|| {
        let known: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
        format!("unknown kind `{name}` (declared: {})", known.join(", "))
    })
}

fn parse_compare(config: &Config, args: Vec<(&str, &str)>) -> Result<Compare, String> {
    const KNOWN: [&str; 5] = ["kind", "group", "columns", "sort", "caption"];
    let mut kind = None;
    let (mut group, mut columns, mut sort, mut caption) = (None, None, None, None);
    for (key, value) in args {
        match key {
            "kind" => kind = Some(kind_named(config, value.trim())?),
            "group" => group = Some(value),
            "columns" => columns = Some(value),
            "sort" => sort = Some(value.trim()),
            "caption" => caption = Some(value.to_string()),
            _ => return Err(unknown_argument("compare", key, &KNOWN)),
        }
    }
    let kind = kind.ok_or("`compare` needs kind=\"<kind>\"")?;
    let k = config.kind(kind);
    let groups = names(group.unwrap_or(""))
        .map(|g| {
            k.group_by_name(g).ok_or_else(|| {
                let known: Vec<&str> = k.groups.iter().map(|x| x.id.as_str()).collect();
                format!(
                    "unknown group `{g}` for kind `{}` (declared: {})",
                    k.id,
                    known.join(", ")
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let column_names: Vec<&str> = names(columns.unwrap_or("")).collect();
    if column_names.is_empty() {
        return Err("`compare` needs columns=\"<fact or relation type>, …\"".into());
    }
    let columns = column_names
        .iter()
        .map(|c| column_named(config, c))
        .collect::<Result<Vec<_>, _>>()?;
    let sort = match sort {
        None => None,
        Some(s) => {
            let (name, order) = match s.strip_prefix('-') {
                Some(n) => (n, SortOrder::Descending),
                None => (s, SortOrder::Ascending),
            };
            let i = column_names
                .iter()
                .position(|c| *c == name)
                .ok_or_else(|| {
                    format!(
                        "`sort` names `{name}`, which is not one of the columns ({})",
                        column_names.join(", ")
                    )
                })?;
            Some((i, order))
        }
    };
    Ok(Compare {
        kind,
        groups,
        columns,
        sort,
        caption,
    })
}

/// A fact type, a relation type, or `~` and a relation type read backwards.
fn column_named(config: &Config, name: &str) -> Result<Column, String> {
    if let Some(rel) = name.strip_prefix('~') {
        return config
            .relation_by_name(rel)
            .map(|r| Column::Relation(r, Direction::In))
            .ok_or_else(|| format!("unknown relation type `{rel}` in `{name}`"));
    }
    match (config.fact_by_name(name), config.relation_by_name(name)) {
        (Some(f), None) => Ok(Column::Fact(f)),
        (None, Some(r)) => Ok(Column::Relation(r, Direction::Out)),
        (Some(_), Some(_)) => Err(format!(
            "`{name}` is both a fact type and a relation type in site.toml: rename one"
        )),
        (None, None) => Err(format!(
            "unknown column `{name}`: not a fact type or relation type declared in site.toml"
        )),
    }
}

fn parse_chronology(config: &Config, args: Vec<(&str, &str)>) -> Result<Chronology, String> {
    const KNOWN: [&str; 3] = ["kind", "facts", "caption"];
    let mut view = Chronology {
        kinds: Vec::new(),
        facts: Vec::new(),
        caption: None,
    };
    for (key, value) in args {
        match key {
            "kind" => {
                view.kinds = names(value)
                    .map(|k| kind_named(config, k))
                    .collect::<Result<_, _>>()?;
            }
            "facts" => {
                view.facts = names(value)
                    .map(|f| date_fact_named(config, f))
                    .collect::<Result<_, _>>()?;
            }
            "caption" => view.caption = Some(value.to_string()),
            _ => return Err(unknown_argument("chronology", key, &KNOWN)),
        }
    }
    if view.facts.is_empty() {
        view.facts = (0..config.facts.len())
            .map(FactTypeId)
            .filter(|f| config.fact(*f).kind == FactKind::Date)
            .collect();
    }
    Ok(view)
}

fn date_fact_named(config: &Config, name: &str) -> Result<FactTypeId, String> {
    let f = config
        .fact_by_name(name)
        .ok_or_else(|| format!("unknown fact type `{name}`"))?;
    if config.fact(f).kind != FactKind::Date {
        return Err(format!(
            "fact type `{name}` holds no dates, so it has no place in a chronology"
        ));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_quoted_pairs() {
        assert_eq!(
            arguments(r#"kind="models", columns = "a, b" "#),
            Ok(vec![("kind", "models"), ("columns", "a, b")])
        );
        assert_eq!(arguments(""), Ok(vec![]));
        assert!(arguments(r#"kind=models"#).is_err());
        assert!(arguments(r#"kind="a" kind="b""#).is_err());
        assert_eq!(
            arguments(r#"kind="a", kind="b""#),
            Err("`kind` is given twice".into())
        );
    }
}
