//! The knowledge graph in machine-readable form: `public/atlas.json` (documented in CONTENT.md,
//! checked against `schemas/atlas.schema.json`) and the schema.org JSON-LD of each entity page.
//!
//! Pure: reads the resolved site and returns text. Everything is in the site's stable orders
//! (pages by kind and slug, relations as the graph holds them), so the output is deterministic.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::FactKind;
use crate::content::{Approx, FactValue, Mark, Page, PageId, Value};
use crate::format;
use crate::graph::full_slug;
use crate::lang::{Lang, Localized};
use crate::reader::Reader;
use crate::site::Site;

/// Bumped when a field changes meaning or goes away (adding one does not).
const VERSION: u32 = 1;

/// A text in each language of the site, keyed by the language's code in `site.toml`.
type ByCode<'a> = BTreeMap<&'a str, String>;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    title: ByCode<'a>,
    base_url: &'a str,
    languages: Vec<&'a str>,
    default_language: &'a str,
    kinds: Vec<KindOut<'a>>,
    fact_types: Vec<FactTypeOut<'a>>,
    relation_types: Vec<RelationTypeOut<'a>>,
    sections: Vec<SectionOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    relations: Vec<RelationOut>,
}

#[derive(Serialize)]
struct KindOut<'a> {
    id: &'a str,
    name: ByCode<'a>,
    singular: ByCode<'a>,
    holds_sections: bool,
    /// Whether its pages are entities of the graph (listed under `entities`).
    graph: bool,
    groups: Vec<GroupOut<'a>>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    name: ByCode<'a>,
}

#[derive(Serialize)]
struct FactTypeOut<'a> {
    id: &'a str,
    label: ByCode<'a>,
    kind: &'static str,
}

#[derive(Serialize)]
struct RelationTypeOut<'a> {
    id: &'a str,
    label: ByCode<'a>,
    /// The label on the target's page; absent for a symmetric type.
    #[serde(skip_serializing_if = "Option::is_none")]
    inverse: Option<ByCode<'a>>,
    symmetric: bool,
    targets: Vec<&'a str>,
}

/// A page of a kind that holds the report's sections.
#[derive(Serialize)]
struct SectionOut<'a> {
    id: String,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    titles: ByCode<'a>,
    urls: ByCode<'a>,
    /// The slide ids it covers (`1.2.1a`).
    slides: Vec<&'a str>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: String,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    names: ByCode<'a>,
    aliases: Vec<&'a str>,
    descriptions: ByCode<'a>,
    urls: ByCode<'a>,
    /// The section pages it draws on, by id.
    sections: Vec<String>,
    facts: Vec<FactOut<'a>>,
}

#[derive(Serialize)]
struct FactOut<'a> {
    #[serde(rename = "type")]
    ty: &'a str,
    /// Several values where the report gives several (they are not merged).
    values: Vec<ValueOut<'a>>,
}

#[derive(Serialize)]
struct ValueOut<'a> {
    value: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    approx: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<ByCode<'a>>,
    /// The value as the pages show it, in each language.
    text: ByCode<'a>,
}

#[derive(Serialize)]
struct RelationOut {
    from: String,
    #[serde(rename = "type")]
    ty: String,
    to: String,
    mark: Mark,
}

/// A language's code in `site.toml`.
fn code(site: &Site, lang: Lang) -> &str {
    &site.config.languages[lang].code
}

fn per_lang(site: &Site, text: impl Fn(Lang) -> String) -> ByCode<'_> {
    site.config
        .languages
        .all()
        .map(|l| (code(site, l), text(l)))
        .collect()
}

fn localized<'a>(site: &'a Site, l: &Localized) -> ByCode<'a> {
    per_lang(site, |lang| l.get(lang).to_string())
}

/// The absolute URL of a page in each language it is written in.
fn urls(site: &Site, p: PageId) -> ByCode<'_> {
    let page = &site.content.pages[p.0];
    site.config
        .languages
        .all()
        .filter(|l| page.text(*l).is_some())
        .map(|l| {
            (
                code(site, l),
                site.page_path(p, l).absolute(&site.config.base_url),
            )
        })
        .collect()
}

fn fact_kind(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Date => "date",
        FactKind::Count => "count",
        FactKind::Number => "number",
        FactKind::Percent => "percent",
        FactKind::Text => "text",
    }
}

fn approx(a: Approx) -> &'static str {
    match a {
        Approx::Over => "over",
        Approx::About => "about",
        Approx::Under => "under",
        Approx::UpTo => "up-to",
    }
}

/// A value as JSON: a date as written (`2022`, `2022-11`, `2022-11-30`), numbers as numbers, a
/// text in each language.
fn value_json(site: &Site, v: &Value) -> serde_json::Value {
    match v {
        Value::Date(y, m, d) => {
            let mut s = format!("{y:04}");
            if let Some(m) = m {
                s.push_str(&format!("-{m:02}"));
            }
            if let Some(d) = d {
                s.push_str(&format!("-{d:02}"));
            }
            serde_json::Value::String(s)
        }
        Value::Count(n) => serde_json::Value::from(*n),
        Value::Number(n) | Value::Percent(n) => serde_json::Value::from(*n),
        Value::Text(t) => serde_json::to_value(localized(site, t)).unwrap_or_default(),
    }
}

fn value_out<'a>(site: &'a Site, v: &FactValue) -> ValueOut<'a> {
    ValueOut {
        value: value_json(site, &v.value),
        approx: v.approx.map(approx),
        note: v.note.as_ref().map(|n| localized(site, n)),
        text: per_lang(site, |l| format::fact_value(v, site.theme.locale(l))),
    }
}

fn entity(site: &Site, p: PageId) -> EntityOut<'_> {
    let config = &site.config;
    let page: &Page = &site.content.pages[p.0];
    let kind = config.kind(page.kind);
    let mut facts: Vec<_> = page.meta.facts.iter().collect();
    facts.sort_by_key(|f| f.ty);
    EntityOut {
        id: full_slug(config, page),
        kind: &kind.id,
        group: page.meta.group.map(|g| kind.group(g).id.as_str()),
        names: per_lang(site, |l| page.name(l).to_string()),
        aliases: page
            .meta
            .aliases
            .iter()
            .map(|a| a.get_ref().as_str())
            .collect(),
        descriptions: site
            .config
            .languages
            .all()
            .filter_map(|l| Some((code(site, l), page.text(l)?.description.clone())))
            .collect(),
        urls: urls(site, p),
        sections: site.graph.sections[p.0]
            .iter()
            .map(|s| full_slug(config, &site.content.pages[s.0]))
            .collect(),
        facts: facts
            .into_iter()
            .map(|f| FactOut {
                ty: &config.fact(f.ty).id,
                values: f.values.iter().map(|v| value_out(site, v)).collect(),
            })
            .collect(),
    }
}

fn section(site: &Site, p: PageId) -> SectionOut<'_> {
    let page: &Page = &site.content.pages[p.0];
    let kind = site.config.kind(page.kind);
    SectionOut {
        id: full_slug(&site.config, page),
        kind: &kind.id,
        group: page.meta.group.map(|g| kind.group(g).id.as_str()),
        titles: per_lang(site, |l| page.title(l).to_string()),
        urls: urls(site, p),
        slides: page
            .meta
            .sections
            .iter()
            .map(|s| s.get_ref().as_str())
            .collect(),
    }
}

/// `public/atlas.json`: every kind, fact type and relation type, every page with its names,
/// facts and URLs, and every relation with its mark.
pub fn atlas_json(site: &Site) -> String {
    let config = &site.config;
    let pages = 0..site.content.pages.len();
    let kind_of = |p: &PageId| config.kind(site.content.pages[p.0].kind);
    let export = Export {
        format: "llm-atlas-graph",
        version: VERSION,
        title: localized(site, &config.title),
        base_url: &config.base_url,
        languages: config.languages.all().map(|l| code(site, l)).collect(),
        default_language: code(site, config.languages.default()),
        kinds: config
            .kinds
            .iter()
            .map(|k| KindOut {
                id: &k.id,
                name: localized(site, &k.name),
                singular: localized(site, &k.singular),
                holds_sections: k.holds_sections,
                graph: k.has_entities(),
                groups: k
                    .groups
                    .iter()
                    .map(|g| GroupOut {
                        id: &g.id,
                        name: localized(site, &g.name),
                    })
                    .collect(),
            })
            .collect(),
        fact_types: config
            .facts
            .iter()
            .map(|f| FactTypeOut {
                id: &f.id,
                label: localized(site, &f.label),
                kind: fact_kind(f.kind),
            })
            .collect(),
        relation_types: config
            .relations
            .iter()
            .map(|r| RelationTypeOut {
                id: &r.id,
                label: localized(site, &r.label),
                inverse: (!r.symmetric).then(|| localized(site, &r.inverse)),
                symmetric: r.symmetric,
                targets: r
                    .targets
                    .iter()
                    .map(|k| config.kind(*k).id.as_str())
                    .collect(),
            })
            .collect(),
        sections: pages
            .clone()
            .map(PageId)
            .filter(|p| kind_of(p).holds_sections)
            .map(|p| section(site, p))
            .collect(),
        entities: pages
            .map(PageId)
            .filter(|p| kind_of(p).has_entities())
            .map(|p| entity(site, p))
            .collect(),
        relations: site
            .graph
            .relations
            .iter()
            .map(|r| RelationOut {
                from: full_slug(config, &site.content.pages[r.from.0]),
                ty: config.relation(r.ty).id.clone(),
                to: full_slug(config, &site.content.pages[r.to.0]),
                mark: r.mark,
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&export).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LdPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    url: &'a str,
    name: &'a str,
    description: &'a str,
    in_language: &'a str,
    is_part_of: LdSite<'a>,
    main_entity: LdEntity<'a>,
}

#[derive(Serialize)]
struct LdSite<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LdEntity<'a> {
    #[serde(rename = "@type")]
    ty: &'a str,
    #[serde(rename = "@id")]
    id: String,
    identifier: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternate_name: Vec<&'a str>,
    description: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    additional_property: Vec<LdProperty<'a>>,
}

/// A fact (`value`) or a relation (`valueReference`) of the entity.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LdProperty<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "propertyID")]
    property_id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_reference: Option<LdThing<'a>>,
    /// The meaning of a relation's mark, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
struct LdThing<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
    url: String,
}

/// The schema.org description of page `p` in `lang`, for a `<script type="application/ld+json">`:
/// a `WebPage` whose main entity has the type the kind (or group) declares, its names, facts
/// and relations. Every `<` is written `\u003c`, so no text can close the script.
pub fn json_ld(r: &Reader, p: PageId, lang: Lang) -> String {
    let config = r.config();
    let meta = r.meta(p);
    let kind = config.kind(r.kind_of(p));
    let page_url = |q: PageId| r.page_path(q, lang).absolute(&config.base_url);
    let url = page_url(p);
    let name = r.name(p, lang);
    let mut alternate_name: Vec<&str> = config
        .languages
        .all()
        .map(|l| r.name(p, l))
        .chain(meta.aliases.iter().map(|a| a.get_ref().as_str()))
        .filter(|n| *n != name)
        .collect();
    alternate_name.sort_unstable();
    alternate_name.dedup();
    let mut facts: Vec<_> = meta.facts.iter().collect();
    facts.sort_by_key(|f| f.ty);
    let mut additional_property: Vec<LdProperty> = facts
        .iter()
        .map(|f| {
            let ft = config.fact(f.ty);
            let values: Vec<String> = f
                .values
                .iter()
                .map(|v| format::fact_value(v, r.locale(lang)))
                .collect();
            LdProperty {
                ty: "PropertyValue",
                property_id: &ft.id,
                name: ft.label.get(lang),
                value: Some(values.join(" / ")),
                value_reference: None,
                description: None,
            }
        })
        .collect();
    for (rel_edge, dir) in r.relations_of(p) {
        let rel = config.relation(rel_edge.ty);
        let (other, label) = match dir {
            crate::graph::Direction::Out => (rel_edge.to, rel.label.get(lang)),
            crate::graph::Direction::In => (rel_edge.from, rel.inverse.get(lang)),
        };
        let description = match rel_edge.mark {
            Mark::Stated => None,
            Mark::Inferred => Some(r.t(lang, "inferred_legend")),
            Mark::Outside => Some(r.t(lang, "outside_legend")),
        };
        additional_property.push(LdProperty {
            ty: "PropertyValue",
            property_id: &rel.id,
            name: label,
            value: None,
            value_reference: Some(LdThing {
                ty: "Thing",
                name: r.name(other, lang),
                url: page_url(other),
            }),
            description,
        });
    }
    let description = r.description(p, lang).unwrap_or_default();
    let ld = LdPage {
        context: "https://schema.org",
        ty: "WebPage",
        url: &url,
        name: r.title(p, lang),
        description,
        in_language: &config.languages[lang].tag,
        is_part_of: LdSite {
            ty: "WebSite",
            name: config.title.get(lang),
            url: crate::url::OutPath::home(&config.languages[lang].code).absolute(&config.base_url),
        },
        main_entity: LdEntity {
            ty: meta
                .group
                .and_then(|g| kind.group(g).schema_type.as_deref())
                .or(kind.schema_type.as_deref())
                .unwrap_or("Thing"),
            id: format!("{url}#entity"),
            identifier: format!("{}/{}", kind.id, r.slug(p)),
            name,
            alternate_name,
            description,
            url: &url,
            additional_property,
        },
    };
    // Serialising plain structs of strings cannot fail.
    script_safe(&serde_json::to_string(&ld).unwrap_or_default())
}

/// JSON that can stand inside `<script>`: `<` only ever occurs inside strings, where `\u003c`
/// means the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn nothing_can_close_the_script() {
        let json = serde_json::json!({ "name": "a</script><!-- b" }).to_string();
        let safe = script_safe(&json);
        assert!(!safe.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&safe).expect("valid JSON");
        assert_eq!(back["name"], "a</script><!-- b");
    }
}
