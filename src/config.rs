//! The site configuration (`site.toml`): languages, kinds, relation types and fact types.
//!
//! Parsed strictly (`deny_unknown_fields`) and then validated, with every error pointing into the file.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, SourceText};

/// A language of the site. The generator knows how to format numbers and dates in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The code used in paths and file names (`zh.md`, `public/zh/`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for `<html lang>` and hreflang.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The Open Graph locale.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Zh => "zh_CN",
            Lang::En => "en_US",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text given in every language.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub zh: String,
    pub en: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A TOML table read into a list that keeps the order of the file (the infobox follows it).
#[derive(Debug, Clone)]
pub struct OrderedMap<T>(pub Vec<(String, T)>);

impl<T> Default for OrderedMap<T> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OrderedMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    entries.push((key, value));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    default_language: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
    base_url: Spanned<String>,
    theme: Spanned<String>,
    title: Localized,
    description: Localized,
    /// `kind/slug` of the page whose text the home page leads with.
    home_page: Option<Spanned<String>>,
    /// Whether to make the one-page print edition of each language.
    #[serde(default = "yes")]
    print_edition: bool,
    #[serde(default)]
    kinds: Vec<RawKind>,
    #[serde(default)]
    relations: OrderedMap<Spanned<RawRelation>>,
    #[serde(default)]
    facts: OrderedMap<Spanned<RawFact>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    id: Spanned<String>,
    name: Localized,
    singular: Localized,
    /// Pages of this kind are the report's sections: other pages' `sections` point at them.
    #[serde(default)]
    holds_sections: bool,
    /// `false`: its pages (guides, overviews) are no entities of the knowledge graph.
    #[serde(default = "yes")]
    graph: bool,
    /// The schema.org type of its pages' main entity (`Organization`); `Thing` by default.
    schema_type: Option<Spanned<String>>,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    name: Localized,
    /// Overrides the kind's schema.org type for the group's pages (`Person`).
    schema_type: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    label: Localized,
    /// The label on the target's page; a symmetric relation has none.
    inverse: Option<Spanned<Localized>>,
    /// The relation reads the same both ways (`competes_with`): shown once, under `label`, on
    /// both pages.
    #[serde(default)]
    symmetric: bool,
    targets: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    label: Localized,
    kind: FactKind,
}

/// How a fact's value is written and shown.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// `"2022"`, `"2022-11"` or `"2022-11-30"`.
    Date,
    /// A whole number, shown with 万/亿 or million/billion.
    Count,
    /// Any number, shown as written.
    Number,
    /// A number of per cent.
    Percent,
    /// A text in every language.
    Text,
}

/// Index of a kind in [`Config::kinds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KindId(pub usize);

/// Index of a relation type in [`Config::relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelTypeId(pub usize);

/// Index of a fact type in [`Config::facts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactTypeId(pub usize);

#[derive(Debug, Clone)]
pub struct Kind {
    pub id: String,
    pub name: Localized,
    pub singular: Localized,
    pub holds_sections: bool,
    /// Whether its pages are entities of the knowledge graph (see [`Kind::has_entities`]).
    pub graph: bool,
    /// The schema.org type of the pages' main entity in their JSON-LD.
    pub schema_type: Option<String>,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: Localized,
    /// Overrides the kind's `schema_type`.
    pub schema_type: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RelationType {
    pub id: String,
    pub label: Localized,
    /// The label on the target's page (the label itself for a symmetric relation).
    pub inverse: Localized,
    /// Reads the same both ways: `a —r→ b` is also `b —r→ a`, shown once on each page.
    pub symmetric: bool,
    pub targets: Vec<KindId>,
}

#[derive(Debug, Clone)]
pub struct FactType {
    pub id: String,
    pub label: Localized,
    pub kind: FactKind,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub default_language: Lang,
    pub languages: Vec<Lang>,
    /// Always ends in `/`.
    pub base_url: String,
    pub theme: String,
    pub title: Localized,
    pub description: Localized,
    pub home_page: Option<(String, String)>,
    /// Make `<lang>/print.html`, every page in one document.
    pub print_edition: bool,
    pub kinds: Vec<Kind>,
    pub relations: Vec<RelationType>,
    pub facts: Vec<FactType>,
}

impl Kind {
    /// Its pages are entities of the knowledge graph: relations join them, the checker wants
    /// each to have one, the export and the atlas map list them. Not so for the report's
    /// sections, nor for kinds declared `graph = false`.
    pub fn has_entities(&self) -> bool {
        self.graph && !self.holds_sections
    }
}

impl Config {
    pub fn kind(&self, id: KindId) -> &Kind {
        &self.kinds[id.0]
    }

    pub fn kind_by_name(&self, name: &str) -> Option<KindId> {
        self.kinds.iter().position(|k| k.id == name).map(KindId)
    }

    pub fn relation(&self, id: RelTypeId) -> &RelationType {
        &self.relations[id.0]
    }

    pub fn relation_by_name(&self, name: &str) -> Option<RelTypeId> {
        self.relations
            .iter()
            .position(|r| r.id == name)
            .map(RelTypeId)
    }

    pub fn fact(&self, id: FactTypeId) -> &FactType {
        &self.facts[id.0]
    }

    pub fn fact_by_name(&self, name: &str) -> Option<FactTypeId> {
        self.facts.iter().position(|f| f.id == name).map(FactTypeId)
    }

    /// The path part of the base URL (`/llm-atlas/`), used where links cannot be relative (404).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.find("://").map_or(0, |i| i + 3);
        self.base_url[after_scheme..]
            .find('/')
            .map_or("/", |i| &self.base_url[after_scheme + i..])
    }
}

/// Parses and validates `site.toml`.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, Diagnostics> {
    let src = SourceText::new(path, text);
    let raw: RawConfig =
        toml::from_str(text).map_err(|e| Diagnostics(vec![toml_error(&src, &e, 0)]))?;
    let mut diags = Diagnostics::default();

    let mut languages = Vec::new();
    for code in raw.languages.get_ref() {
        match Lang::parse(code.get_ref()) {
            Some(l) if languages.contains(&l) => diags.push(src.error(
                code.span().start,
                format!("language `{}` is listed twice", code.get_ref()),
            )),
            Some(l) => languages.push(l),
            None => diags.push(src.error(
                code.span().start,
                format!("unknown language `{}` (known: zh, en)", code.get_ref()),
            )),
        }
    }
    if raw.languages.get_ref().is_empty() {
        diags.push(src.error(
            raw.languages.span().start,
            "`languages` must name at least one language",
        ));
    }
    let default_language = match Lang::parse(raw.default_language.get_ref()) {
        Some(l) if languages.contains(&l) => l,
        _ => {
            diags.push(src.error(
                raw.default_language.span().start,
                format!(
                    "default language `{}` is not one of `languages`",
                    raw.default_language.get_ref()
                ),
            ));
            Lang::Zh
        }
    };

    let base_url = raw.base_url.get_ref().trim().to_string();
    if let Err(message) = check_base_url(&base_url) {
        diags.push(src.error(raw.base_url.span().start, message));
    }

    let kinds = parse_kinds(&src, raw.kinds, &mut diags);
    let relations = parse_relations(&src, raw.relations, &kinds, &mut diags);
    let facts = raw
        .facts
        .0
        .into_iter()
        .map(|(id, f)| {
            let f = f.into_inner();
            FactType {
                id,
                label: f.label,
                kind: f.kind,
            }
        })
        .collect();

    let home_page = raw
        .home_page
        .and_then(|h| match h.get_ref().split_once('/') {
            Some((k, s)) if kinds.iter().any(|kind| kind.id == k) => {
                Some((k.to_string(), s.to_string()))
            }
            _ => {
                diags.push(src.error(
                    h.span().start,
                    format!("`home_page` must be `kind/slug`, not `{}`", h.get_ref()),
                ));
                None
            }
        });

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        default_language,
        languages,
        base_url: with_trailing_slash(base_url),
        theme: raw.theme.into_inner(),
        title: raw.title,
        description: raw.description,
        home_page,
        print_edition: raw.print_edition,
        kinds,
        relations,
        facts,
    })
}

fn parse_kinds(src: &SourceText, raw: Vec<RawKind>, diags: &mut Diagnostics) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Vec::new();
    for k in raw {
        let id = k.id.get_ref();
        if !is_plain_segment(id) {
            diags.push(src.error(
                k.id.span().start,
                format!("kind id `{id}` must be a plain path segment (a-z, 0-9, -)"),
            ));
        }
        if kinds.iter().any(|other| &other.id == id) {
            diags.push(src.error(k.id.span().start, format!("kind `{id}` is declared twice")));
        }
        let mut groups: Vec<Group> = Vec::new();
        for g in k.groups {
            if groups.iter().any(|other| &other.id == g.id.get_ref()) {
                diags.push(src.error(
                    g.id.span().start,
                    format!("group `{}` is declared twice", g.id.get_ref()),
                ));
            }
            groups.push(Group {
                id: g.id.into_inner(),
                name: g.name,
                schema_type: schema_type(src, g.schema_type, diags),
            });
        }
        kinds.push(Kind {
            id: k.id.into_inner(),
            name: k.name,
            singular: k.singular,
            holds_sections: k.holds_sections,
            graph: k.graph,
            schema_type: schema_type(src, k.schema_type, diags),
            groups,
        });
    }
    if kinds.is_empty() {
        diags.push(src.error(0, "no `[[kinds]]` declared"));
    }
    kinds
}

fn parse_relations(
    src: &SourceText,
    raw: OrderedMap<Spanned<RawRelation>>,
    kinds: &[Kind],
    diags: &mut Diagnostics,
) -> Vec<RelationType> {
    raw.0
        .into_iter()
        .map(|(id, r)| {
            let at = r.span().start;
            let r = r.into_inner();
            let inverse = match (r.inverse, r.symmetric) {
                (Some(inverse), false) => inverse.into_inner(),
                (None, true) => r.label.clone(),
                (Some(inverse), true) => {
                    diags.push(src.error(
                        inverse.span().start,
                        format!("relation `{id}` is symmetric: it has one label and no `inverse`"),
                    ));
                    r.label.clone()
                }
                (None, false) => {
                    diags.push(src.error(
                        at,
                        format!("relation `{id}` needs `inverse` (the label on the target's page) or `symmetric = true`"),
                    ));
                    r.label.clone()
                }
            };
            let mut targets = Vec::new();
            for t in &r.targets {
                match kinds.iter().position(|k| &k.id == t.get_ref()) {
                    Some(i) if !kinds[i].graph => diags.push(src.error(
                        t.span().start,
                        format!(
                            "relation `{id}` targets kind `{}`, whose pages are outside the graph (`graph = false`)",
                            t.get_ref()
                        ),
                    )),
                    Some(i) => targets.push(KindId(i)),
                    None => diags.push(src.error(
                        t.span().start,
                        format!("relation `{id}` targets unknown kind `{}`", t.get_ref()),
                    )),
                }
            }
            RelationType {
                id,
                label: r.label,
                inverse,
                symmetric: r.symmetric,
                targets,
            }
        })
        .collect()
}

/// A schema.org type name: a capitalised word of ASCII letters (`Organization`, `CreativeWork`).
fn schema_type(
    src: &SourceText,
    raw: Option<Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let raw = raw?;
    let name = raw.get_ref();
    let ok = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphabetic());
    if !ok {
        diags.push(src.error(
            raw.span().start,
            format!(
                "`schema_type` must be a schema.org type name such as `Organization`, not `{name}`"
            ),
        ));
    }
    Some(raw.into_inner())
}

/// A slug is a single plain path segment: lowercase ASCII letters, digits and `-`.
pub fn is_plain_segment(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn yes() -> bool {
    true
}

fn check_base_url(url: &str) -> Result<(), String> {
    let ok_scheme = url.starts_with("https://") || url.starts_with("http://");
    if !ok_scheme || url.contains(char::is_whitespace) || url.len() <= "https://".len() {
        return Err(format!("base URL `{url}` must be an absolute http(s) URL"));
    }
    Ok(())
}

/// Checks a base URL given on the command line.
pub fn override_base_url(config: &mut Config, url: &str) -> Result<(), String> {
    check_base_url(url)?;
    config.base_url = with_trailing_slash(url.to_string());
    Ok(())
}

fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Turns a TOML parse error into a diagnostic; `offset` is where the TOML starts in the file.
pub fn toml_error(src: &SourceText, e: &toml::de::Error, offset: usize) -> Diagnostic {
    let start = e.span().map_or(0, |s| s.start) + offset;
    // toml's message repeats the position and a snippet; the first line is the useful part.
    let message = e
        .message()
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .to_string();
    src.error(start, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
default_language = "zh"
languages = ["zh", "en"]
base_url = "https://example.org/repo"
theme = "atlas"
title = { zh = "图谱", en = "Atlas" }
description = { zh = "描述", en = "Description" }
[[kinds]]
id = "models"
name = { zh = "模型", en = "Models" }
singular = { zh = "模型", en = "Model" }
"#;

    fn check(extra: &str, expect: &str) {
        let text = format!("{extra}{MINIMAL}");
        let got = match parse_config(Path::new("site.toml"), &text) {
            Ok(c) => format!(
                "ok {} {} kinds={}",
                c.base_url,
                c.base_path(),
                c.kinds.len()
            ),
            Err(d) => {
                d.0.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn minimal_config_parses() {
        check("", "ok https://example.org/repo/ /repo/ kinds=1");
    }

    #[test]
    fn unknown_field_is_an_error_with_position() {
        check("colour = 1\n", "site.toml:1:1: error: unknown field `colour`, expected one of `default_language`, `languages`, `base_url`, `theme`, `title`, `description`, `home_page`, `print_edition`, `kinds`, `relations`, `facts`");
    }

    #[test]
    fn relation_to_unknown_kind() {
        let text = format!("{MINIMAL}[relations.uses]\nlabel = {{ zh = \"用\", en = \"Uses\" }}\ninverse = {{ zh = \"被用\", en = \"Used by\" }}\ntargets = [\"nope\"]\n");
        let err = parse_config(Path::new("site.toml"), &text).expect_err("unknown kind");
        assert_eq!(
            err.0[0].to_string(),
            "site.toml:15:12: error: relation `uses` targets unknown kind `nope`"
        );
    }
}
