//! The site configuration (`site.toml`): languages, kinds, relation types and fact types.
//!
//! Parsed strictly (`deny_unknown_fields`) and then validated, with every error pointing into the file.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostics, SourceText};
use crate::lang::{parse_languages, Languages, Localized, RawLanguage, RawLocalized};
pub use crate::sanitize::RawHtml;
pub use crate::tomlfile::{toml_error, OrderedMap};
pub use crate::url::is_plain_segment;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    default_language: Spanned<String>,
    /// Where a page's text is missing, the language shown instead (the default language if unset).
    fallback_language: Option<Spanned<String>>,
    languages: Spanned<OrderedMap<Spanned<RawLanguage>>>,
    base_url: Spanned<String>,
    theme: Spanned<String>,
    title: RawLocalized,
    description: RawLocalized,
    /// `kind/slug` of the page whose text the home page leads with.
    home_page: Option<Spanned<String>>,
    /// Whether to make the one-page print edition of each language.
    #[serde(default = "yes")]
    print_edition: bool,
    /// What becomes of raw HTML in Markdown: `"escape"` (shown as text) or `"trusted"`.
    #[serde(default)]
    raw_html: RawHtml,
    /// About how many bytes one file of the search index holds (see `search.rs`).
    #[serde(default = "default_search_shard_bytes")]
    search_shard_bytes: usize,
    /// The largest page body accepted, in bytes (see `content.rs`).
    #[serde(default = "default_max_page_bytes")]
    max_page_bytes: usize,
    #[serde(default)]
    kinds: Vec<RawKind>,
    #[serde(default)]
    relations: OrderedMap<Spanned<RawRelation>>,
    #[serde(default)]
    facts: OrderedMap<Spanned<RawFact>>,
    /// The glossary's wording: what `atlas check` asks the prose to use.
    glossary: Option<RawGlossary>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    /// `kind/slug` of the page that explains the terms to readers (it names the variants too, so
    /// the check leaves it alone).
    page: Option<Spanned<String>>,
    #[serde(default)]
    terms: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    preferred: RawLocalized,
    /// Per language code, the variants to avoid.
    #[serde(default)]
    avoid: OrderedMap<Spanned<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    id: Spanned<String>,
    name: RawLocalized,
    singular: RawLocalized,
    /// Pages of this kind are the report's sections: other pages' `sections` point at them.
    #[serde(default)]
    holds_sections: bool,
    /// `false`: its pages (guides, overviews) are no entities of the knowledge graph.
    #[serde(default = "yes")]
    graph: bool,
    /// The schema.org type of its pages' main entity (`Organization`); `Thing` by default.
    schema_type: Option<Spanned<String>>,
    /// How a `[[link]]` to one of its pages reads in running text.
    #[serde(default)]
    link_label: LinkLabel,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    name: RawLocalized,
    /// Overrides the kind's schema.org type for the group's pages (`Person`).
    schema_type: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    label: RawLocalized,
    /// The label on the target's page; a symmetric relation has none.
    inverse: Option<RawLocalized>,
    /// The relation reads the same both ways (`competes_with`): shown once, under `label`, on
    /// both pages.
    #[serde(default)]
    symmetric: bool,
    targets: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    label: RawLocalized,
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

/// What a `[[link]]` without its own text prints for a page of a kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLabel {
    /// The page's title.
    #[default]
    Title,
    /// The report sections the page holds (`1.3.1`; `2.1.1` for `2.1.1a` and `2.1.1b`), the
    /// title where they do not make one number.
    Sections,
}

/// A glossary term: the wording to use in each language and the variants to avoid.
#[derive(Debug, Clone)]
pub struct Term {
    pub preferred: Localized,
    /// Per language, in declared order.
    pub avoid: crate::lang::PerLang<Vec<String>>,
}

/// The glossary as data (`[glossary]` in `site.toml`).
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The page that explains the terms.
    pub page: Option<PageRef>,
    pub terms: Vec<Term>,
}

/// A page that `site.toml` names as `kind/slug`. The kind is resolved with the config; the page
/// is resolved against the content ([`crate::content::Content::find`]), which the config knows
/// nothing of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRef {
    pub kind: KindId,
    pub slug: String,
}

impl PageRef {
    /// `kind/slug` where `kind` is a declared kind.
    fn parse(kinds: &[Kind], written: &str) -> Option<PageRef> {
        let (k, slug) = written.split_once('/')?;
        let kind = kinds.iter().position(|kind| kind.id == k)?;
        Some(PageRef {
            kind: KindId(kind),
            slug: slug.to_string(),
        })
    }
}

/// Index of a kind in [`Config::kinds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KindId(pub usize);

/// Index of a group in its kind's [`Kind::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub usize);

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
    pub link_label: LinkLabel,
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
    /// The languages, in declared order, with the default and the fallback.
    pub languages: Languages,
    /// Always ends in `/`.
    pub base_url: String,
    pub theme: String,
    pub title: Localized,
    pub description: Localized,
    pub home_page: Option<PageRef>,
    /// Make `<lang>/print.html`, every page in one document.
    pub print_edition: bool,
    /// What becomes of raw HTML in Markdown ([`crate::sanitize`]).
    pub raw_html: RawHtml,
    /// About how many bytes one file of the search index holds: a reader's query loads a few of
    /// them, never the whole index.
    pub search_shard_bytes: usize,
    /// The largest page body accepted: a larger one is an error, not a build that takes minutes
    /// and pages that no reader can load (one mebibyte is sixty times the report's longest page).
    pub max_page_bytes: usize,
    pub kinds: Vec<Kind>,
    pub relations: Vec<RelationType>,
    pub facts: Vec<FactType>,
    pub glossary: Glossary,
}

impl Kind {
    /// Its pages are entities of the knowledge graph: relations join them, the checker wants
    /// each to have one, the export and the atlas map list them. Not so for the report's
    /// sections, nor for kinds declared `graph = false`.
    pub fn has_entities(&self) -> bool {
        self.graph && !self.holds_sections
    }

    pub fn group(&self, id: GroupId) -> &Group {
        &self.groups[id.0]
    }

    pub fn group_by_name(&self, name: &str) -> Option<GroupId> {
        self.groups.iter().position(|g| g.id == name).map(GroupId)
    }

    /// Its groups' ids, in declared order.
    pub fn group_ids(&self) -> impl Iterator<Item = GroupId> {
        (0..self.groups.len()).map(GroupId)
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
    let raw: RawConfig = crate::toml_errors::parse(&src, text, 0).map_err(Diagnostics)?;
    let mut diags = Diagnostics::default();

    let languages = parse_languages(
        &src,
        raw.languages,
        &raw.default_language,
        raw.fallback_language.as_ref(),
        &mut diags,
    );
    let base_url = raw.base_url.get_ref().trim().to_string();
    if let Err(message) = check_base_url(&base_url) {
        diags.push(src.error(raw.base_url.span().start, message));
    }
    if !crate::load::is_folder_name(raw.theme.get_ref()) {
        diags.push(src.error(
            raw.theme.span().start,
            format!(
                "theme `{}` must be the name of a folder in themes/",
                raw.theme.get_ref()
            ),
        ));
    }

    // Every text is checked against the languages: without them there is nothing to check it by.
    let Some(languages) = languages else {
        return Err(diags.sorted());
    };
    let texts = Texts {
        languages: &languages,
        src: &src,
    };
    let title = texts.check(raw.title, &mut diags);
    let description = texts.check(raw.description, &mut diags);
    let kinds = parse_kinds(&texts, raw.kinds, &mut diags);
    let relations = parse_relations(&texts, raw.relations, &kinds, &mut diags);
    let facts = raw
        .facts
        .0
        .into_iter()
        .map(|(id, f)| {
            let f = f.into_inner();
            FactType {
                id,
                label: texts.check(f.label, &mut diags),
                kind: f.kind,
            }
        })
        .collect();

    let home_page = raw.home_page.and_then(|h| {
        let found = PageRef::parse(&kinds, h.get_ref());
        if found.is_none() {
            diags.push(src.error(
                h.span().start,
                format!("`home_page` must be `kind/slug`, not `{}`", h.get_ref()),
            ));
        }
        found
    });

    let glossary = raw
        .glossary
        .map(|g| parse_glossary(&texts, g, &kinds, &mut diags))
        .unwrap_or_default();

    if diags.has_errors() {
        return Err(diags.sorted());
    }
    Ok(Config {
        languages,
        base_url: with_trailing_slash(base_url),
        theme: raw.theme.into_inner(),
        title,
        description,
        home_page,
        print_edition: raw.print_edition,
        raw_html: raw.raw_html,
        search_shard_bytes: raw.search_shard_bytes.max(256),
        max_page_bytes: raw.max_page_bytes,
        kinds,
        relations,
        facts,
        glossary,
    })
}

fn parse_glossary(
    texts: &Texts,
    raw: RawGlossary,
    kinds: &[Kind],
    diags: &mut Diagnostics,
) -> Glossary {
    let src = texts.src;
    let page = raw.page.and_then(|p| {
        let found = PageRef::parse(kinds, p.get_ref());
        if found.is_none() {
            diags.push(src.error(
                p.span().start,
                format!("glossary `page` must be `kind/slug`, not `{}`", p.get_ref()),
            ));
        }
        found
    });
    let terms = raw
        .terms
        .into_iter()
        .map(|t| {
            let preferred = texts.check(t.preferred, diags);
            let mut avoid = crate::lang::PerLang::from_fn(texts.languages, |_| Vec::new());
            for (code, words) in t.avoid.0 {
                let at = words.span().start;
                let words = words.into_inner();
                match texts.languages.by_code(&code) {
                    Some(l) => {
                        for w in &words {
                            if w.trim().is_empty() || preferred[l].contains(w.as_str()) {
                                diags.push(src.error(
                                    at,
                                    format!(
                                        "glossary: `{w}` cannot be avoided where `{}` is preferred",
                                        preferred[l]
                                    ),
                                ));
                            }
                        }
                        avoid[l] = words;
                    }
                    None => diags.push(src.error(
                        at,
                        format!(
                            "glossary: unknown language `{code}` (site.toml declares: {})",
                            texts.languages.codes()
                        ),
                    )),
                }
            }
            Term { preferred, avoid }
        })
        .collect();
    Glossary { page, terms }
}

/// Checks the texts of one file against the site's languages.
struct Texts<'a> {
    languages: &'a Languages,
    src: &'a SourceText<'a>,
}

impl Texts<'_> {
    fn check(&self, raw: RawLocalized, diags: &mut Diagnostics) -> Localized {
        raw.check(self.languages, self.src, diags)
    }
}

fn parse_kinds(texts: &Texts, raw: Vec<RawKind>, diags: &mut Diagnostics) -> Vec<Kind> {
    let src = texts.src;
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
                name: texts.check(g.name, diags),
                schema_type: schema_type(src, g.schema_type, diags),
            });
        }
        kinds.push(Kind {
            id: k.id.into_inner(),
            name: texts.check(k.name, diags),
            singular: texts.check(k.singular, diags),
            holds_sections: k.holds_sections,
            graph: k.graph,
            schema_type: schema_type(src, k.schema_type, diags),
            link_label: k.link_label,
            groups,
        });
    }
    if kinds.is_empty() {
        diags.push(src.error(0, "no `[[kinds]]` declared"));
    }
    kinds
}

fn parse_relations(
    texts: &Texts,
    raw: OrderedMap<Spanned<RawRelation>>,
    kinds: &[Kind],
    diags: &mut Diagnostics,
) -> Vec<RelationType> {
    let src = texts.src;
    raw.0
        .into_iter()
        .map(|(id, r)| {
            let at = r.span().start;
            let r = r.into_inner();
            let label = texts.check(r.label, diags);
            let inverse = match (r.inverse, r.symmetric) {
                (Some(inverse), false) => texts.check(inverse, diags),
                (None, true) => label.clone(),
                (Some(inverse), true) => {
                    diags.push(src.error(
                        inverse.start(),
                        format!("relation `{id}` is symmetric: it has one label and no `inverse`"),
                    ));
                    label.clone()
                }
                (None, false) => {
                    diags.push(src.error(
                        at,
                        format!("relation `{id}` needs `inverse` (the label on the target's page) or `symmetric = true`"),
                    ));
                    label.clone()
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
                label,
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

fn yes() -> bool {
    true
}

/// 1 MiB.
fn default_max_page_bytes() -> usize {
    1024 * 1024
}

/// 64 KiB: at ten thousand pages a first query then loads a few hundred KiB (benches/search).
fn default_search_shard_bytes() -> usize {
    64 * 1024
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

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
default_language = "zh"
base_url = "https://example.org/repo"
theme = "atlas"
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
        check("colour = 1\n", "site.toml:1:1: error: unknown field `colour`, expected one of `default_language`, `fallback_language`, `languages`, `base_url`, `theme`, `title`, `description`, `home_page`, `print_edition`, `raw_html`, `search_shard_bytes`, `max_page_bytes`, `kinds`, `relations`, `facts`, `glossary`");
    }

    #[test]
    fn home_page_names_a_declared_kind_and_a_slug() {
        let parse = |home: &str| {
            let text = format!("home_page = \"{home}\"\n{MINIMAL}");
            parse_config(Path::new("site.toml"), &text)
                .map(|c| c.home_page)
                .map_err(|d| d.0[0].to_string())
        };
        assert_eq!(
            parse("models/gpt-4"),
            Ok(Some(PageRef {
                kind: KindId(0),
                slug: "gpt-4".to_string()
            }))
        );
        for wrong in ["companies/openai", "gpt-4"] {
            assert_eq!(
                parse(wrong),
                Err(format!(
                    "site.toml:1:13: error: `home_page` must be `kind/slug`, not `{wrong}`"
                ))
            );
        }
    }

    #[test]
    fn groups_are_found_by_name() {
        let text = format!("{MINIMAL}[[kinds.groups]]\nid = \"open\"\nname = {{ zh = \"开放\", en = \"Open\" }}\n[[kinds.groups]]\nid = \"closed\"\nname = {{ zh = \"闭源\", en = \"Closed\" }}\n");
        let c = parse_config(Path::new("site.toml"), &text).expect("parses");
        let kind = c.kind(KindId(0));
        assert_eq!(kind.group_by_name("closed"), Some(GroupId(1)));
        assert_eq!(kind.group_by_name("nope"), None);
        assert_eq!(kind.group(GroupId(0)).id, "open");
        assert_eq!(
            kind.group_ids().collect::<Vec<_>>(),
            [GroupId(0), GroupId(1)]
        );
    }

    #[test]
    fn relation_to_unknown_kind() {
        let text = format!("{MINIMAL}[relations.uses]\nlabel = {{ zh = \"用\", en = \"Uses\" }}\ninverse = {{ zh = \"被用\", en = \"Used by\" }}\ntargets = [\"nope\"]\n");
        let err = parse_config(Path::new("site.toml"), &text).expect_err("unknown kind");
        assert_eq!(
            err.0[0].to_string(),
            "site.toml:17:12: error: relation `uses` targets unknown kind `nope`"
        );
    }

    #[test]
    fn languages_come_from_the_file() {
        let c = parse_config(Path::new("site.toml"), MINIMAL).expect("parses");
        let codes: Vec<&str> = c
            .languages
            .all()
            .map(|l| c.languages[l].code.as_str())
            .collect();
        assert_eq!(codes, ["zh", "en"]);
        assert_eq!(c.languages[c.languages.default()].tag, "zh-Hans");
        let en = c.languages.by_code("en").expect("en");
        assert_eq!(c.kinds[0].name[en], "Models");
        assert_eq!(c.languages.fallbacks(c.languages.default()), [en]);
    }

    #[test]
    fn default_and_fallback_must_be_declared() {
        let text = MINIMAL.replace(
            "default_language = \"zh\"",
            "default_language = \"ja\"\nfallback_language = \"fr\"",
        );
        let err = parse_config(Path::new("site.toml"), &text).expect_err("undeclared");
        let messages: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "site.toml:2:20: error: default language `ja` is not one of `[languages]` (zh, en)",
                "site.toml:3:21: error: fallback language `fr` is not one of `[languages]` (zh, en)",
            ]
        );
    }

    #[test]
    fn every_text_names_every_language_and_no_other() {
        let text = MINIMAL.replace(
            "singular = { zh = \"模型\", en = \"Model\" }",
            "singular = { zh = \"模型\", de = \"Modell\" }",
        );
        let err = parse_config(Path::new("site.toml"), &text).expect_err("bad text");
        let messages: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "site.toml:13:12: error: missing the `en` text (site.toml declares: zh, en)",
                "site.toml:13:25: error: unknown language `de` (site.toml declares: zh, en)",
            ]
        );
    }

    #[test]
    fn a_language_declares_its_behaviour() {
        let text = MINIMAL.replace(", stemming = \"english\" }", " }");
        let err = parse_config(Path::new("site.toml"), &text).expect_err("incomplete");
        assert_eq!(
            err.0[0].to_string(),
            "site.toml:9:6: error: missing field `stemming`"
        );
        let text = MINIMAL
            .replace("tag = \"zh-Hans\"", "tag = \"zh Hans\"")
            .replace("en = { tag", "Static = { tag");
        let err = parse_config(Path::new("site.toml"), &text).expect_err("bad tag and code");
        let messages: Vec<String> = err.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "site.toml:8:6: error: language `zh`: `tag` must be a BCP 47 tag such as `en` or `zh-Hans`, not `zh Hans`",
                "site.toml:9:10: error: language code `Static` must be a plain path segment (a-z, 0-9, -) other than static",
            ]
        );
    }
}
