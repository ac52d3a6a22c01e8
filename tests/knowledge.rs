//! The knowledge graph's semantics and the views built from it, on the `graph` fixture:
//! symmetric relations, the marks of inferred and outside relations in every view, the
//! isolated-entity warning, the fact views (comparison table, chronology) and the export.

mod common;

use common::{fixture, render_diags};

/// The part of `html` from the first `start` to the first `end` after it, inclusive.
fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let a = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in {html}"));
    let b = html[a..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &html[a..a + b + end.len()]
}

#[test]
fn the_checker_warns_about_isolated_entities_and_doubled_symmetric_relations() {
    let f = fixture("graph");
    let report = f.build().expect("build");
    insta::assert_snapshot!(
        "graph_warnings",
        render_diags(&atlas::diag::Diagnostics(report.warnings))
    );
}

#[test]
fn a_symmetric_relation_shows_once_under_its_label_on_both_pages() {
    let f = fixture("graph");
    f.build().expect("build");
    let x = f.read("en/companies/xco.html");
    let y = f.read("en/companies/yco.html");
    for (html, other) in [(&x, "yco.html\">Y Co"), (&y, "xco.html\">X Co")] {
        let relations = fragment(html, "<dl class=\"relations\">", "</dl>");
        assert_eq!(
            relations.matches("<dt>Competes with</dt>").count(),
            1,
            "{relations}"
        );
        assert_eq!(relations.matches(other).count(), 1, "{relations}");
    }
    // The map shows it as one group, once.
    let map = fragment(&y, "<svg class=\"relmap rm-narrow\"", "</svg>");
    assert_eq!(map.matches(">Competes with</tspan>").count(), 1, "{map}");
    assert_eq!(map.matches("xco.html").count(), 1, "{map}");
}

#[test]
fn marks_and_their_legends_appear_on_pages_listings_and_maps() {
    let f = fixture("graph");
    f.build().expect("build");
    let beta = f.read("en/models/beta.html");
    insta::assert_snapshot!(
        "beta_relations_en",
        fragment(&beta, "<dl class=\"relations\">", "</dl>")
    );
    let map = fragment(&beta, "<svg class=\"relmap rm-narrow\"", "</svg>");
    assert!(map.contains("X Co ‡</tspan>") && map.contains("Gamma †</tspan>"));
    assert!(map.contains("rm-edge rm-inf") && map.contains("rm-edge rm-out"));
    for legend in ["‡ Inferred by the editors", "† Outside knowledge"] {
        // Under the infobox.
        let line = format!("<p class=\"legend\">{legend}");
        assert_eq!(beta.matches(&line).count(), 1, "{legend}: {beta}");
    }
    // The map's key: a dotted and a dashed line, each with what it means.
    let key = fragment(&beta, "<p class=\"rm-legend\">", "</p>");
    for (class, words) in [
        ("rm-inf", "‡ inferred by the editors"),
        ("rm-out", "† outside knowledge"),
    ] {
        assert!(
            key.contains(&format!(
                "<path class=\"rm-edge {class}\" d=\"M2,5L26,5\"/></svg>{words}"
            )),
            "{key}"
        );
    }
    // Alpha's relations are all stated: no mark in its legends or its map.
    let alpha = f.read("en/models/alpha.html");
    assert!(!alpha.contains("class=\"legend\""));
    assert!(!alpha.contains("rm-inf") && !alpha.contains("rm-out"));

    // The companies listing keeps the marks of who developed what, and explains them.
    let listing = f.read("zh/companies/index.html");
    insta::assert_snapshot!(
        "companies_listing_related_zh",
        listing
            .lines()
            .filter(|l| l.contains("class=\"related\"") || l.contains("class=\"legend\""))
            .collect::<Vec<_>>()
            .join("\n")
    );

    // The atlas draws inferred and outside edges apart (one of each in the blocks, one in the
    // key) and says what the lines mean.
    let atlas = f.read("en/atlas.html");
    assert_eq!(atlas.matches("rm-edge rm-inf").count(), 1 + 1);
    assert_eq!(atlas.matches("rm-edge rm-out").count(), 2 + 1);
    let key = fragment(&atlas, "<p class=\"rm-legend\">", "</p>");
    assert!(key.contains("‡ inferred by the editors") && key.contains("† outside knowledge"));
}

#[test]
fn relation_semantics_are_checked_with_positions() {
    let cases = [
        // Both marks at once.
        (
            "content/models/gamma/meta.toml",
            "name = { zh = \"伽马\", en = \"Gamma\" }\nsections = [\"1\"]\n[relations]\ndeveloped_by = [{ to = \"yco\", outside = true, inferred = true }]\n",
            "content/models/gamma/meta.toml:4:17: error: a relation is either `outside` (not from the report) or `inferred` (from it), not both",
        ),
        // An empty reason for standing alone.
        (
            "content/companies/hermit/meta.toml",
            "sections = [\"1\"]\nisolated = \" \"\n",
            "content/companies/hermit/meta.toml:2:12: error: `isolated` is empty: say why the page relates to nothing",
        ),
        // A reason for standing alone on a page that is not alone.
        (
            "content/companies/hermit/meta.toml",
            "sections = [\"1\"]\nisolated = \"why\"\n[relations]\ncompetes_with = [\"lonely\"]\n",
            "content/companies/hermit/meta.toml:2:12: warning: `companies/hermit` says it is `isolated` but has 1 relation(s): drop `isolated`",
        ),
    ];
    for (file, text, expect) in cases {
        let f = fixture("graph");
        std::fs::write(f.root.join(file), text).expect("write");
        let got = match f.build() {
            Ok(r) => render_diags(&atlas::diag::Diagnostics(r.warnings)),
            Err(d) => render_diags(&d),
        };
        assert!(got.lines().any(|l| l == expect), "{expect}\nnot in\n{got}");
    }
}

#[test]
fn relation_types_declare_an_inverse_or_symmetry_and_symmetric_ones_join_their_targets() {
    let f = fixture("graph");
    let config = std::fs::read_to_string(f.root.join("site.toml")).expect("config");
    let broken = config
        .replace(
            "symmetric = true\ntargets = [\"models\", \"companies\"]",
            "symmetric = true\ninverse = { zh = \"竞争\", en = \"Rival of\" }\ntargets = [\"models\", \"companies\"]",
        )
        .replace(
            "inverse = { zh = \"衍生出\", en = \"Basis for\" }\n",
            "",
        );
    std::fs::write(f.root.join("site.toml"), broken).expect("write");
    let err = f.build().expect_err("bad relation types");
    insta::assert_snapshot!("relation_type_errors", render_diags(&err));

    // A symmetric relation from a page of a kind it does not target could not point back.
    let f = fixture("graph");
    let config = std::fs::read_to_string(f.root.join("site.toml")).expect("config");
    std::fs::write(
        f.root.join("site.toml"),
        config.replace(
            "symmetric = true\ntargets = [\"models\", \"companies\"]",
            "symmetric = true\ntargets = [\"models\"]",
        ),
    )
    .expect("write");
    std::fs::write(
        f.root.join("content/companies/hermit/meta.toml"),
        "sections = [\"1\"]\n[relations]\ncompetes_with = [\"alpha\"]\n",
    )
    .expect("write");
    let err = f.build().expect_err("symmetric across kinds");
    assert!(
        render_diags(&err).contains("content/companies/hermit/meta.toml:3:18: error: `competes_with` is symmetric, so it joins models only, but this page is of kind `companies`"),
        "{}",
        render_diags(&err)
    );
}

/// Validates an export against `schemas/atlas.schema.json`; the errors, one a line, if any.
fn schema_errors(export: &serde_json::Value) -> Vec<String> {
    let text = std::fs::read_to_string(common::repo().join("schemas/atlas.schema.json"))
        .expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema is a valid JSON Schema");
    validator
        .iter_errors(export)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn export_of(f: &common::Fixture) -> serde_json::Value {
    serde_json::from_str(&f.read("atlas.json")).expect("atlas.json is JSON")
}

#[test]
fn the_export_holds_the_graph_with_marks_and_validates_against_the_schema() {
    let f = fixture("graph");
    f.build().expect("build");
    let export = export_of(&f);
    assert_eq!(schema_errors(&export), Vec::<String>::new());
    insta::assert_snapshot!("graph_export", f.read("atlas.json"));
    // The fixture of the other tests too: every kind of fact value, outside knowledge.
    let basic = fixture("basic");
    basic.build().expect("build");
    assert_eq!(schema_errors(&export_of(&basic)), Vec::<String>::new());
}

#[test]
fn the_committed_export_of_the_real_site_validates_against_the_schema() {
    let text = std::fs::read_to_string(common::repo().join("public/atlas.json"))
        .expect("public/atlas.json (run `cargo run --release -- build`)");
    let export: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(schema_errors(&export), Vec::<String>::new());
    assert!(export["entities"].as_array().is_some_and(|e| e.len() > 100));
    assert!(export["relations"]
        .as_array()
        .is_some_and(|r| r.len() > 100));
}

#[test]
fn the_schema_rejects_what_the_export_must_not_hold() {
    let f = fixture("graph");
    f.build().expect("build");
    let good = export_of(&f);
    type Damage = fn(&mut serde_json::Value);
    let broken: [(&str, Damage); 5] = [
        ("an unknown mark", |e| {
            e["relations"][0]["mark"] = "maybe".into()
        }),
        ("a merged date", |e| {
            e["entities"][1]["facts"][0]["values"][0]["value"] = "2022-11-30 or 2022-12".into()
        }),
        ("an inverse on a symmetric type", |e| {
            e["relation_types"][2]["inverse"] = serde_json::json!({ "en": "Rival of" })
        }),
        ("no inverse on a directed type", |e| {
            e["relation_types"][0]
                .as_object_mut()
                .map(|o| o.remove("inverse"));
        }),
        ("an unknown field", |e| {
            e["entities"][0]["colour"] = "red".into()
        }),
    ];
    for (what, damage) in broken {
        let mut export = good.clone();
        damage(&mut export);
        assert!(
            !schema_errors(&export).is_empty(),
            "{what} passed the schema"
        );
    }
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("JSON-LD script") + open.len();
    let end = html[start..].find("</script>").expect("closed") + start;
    serde_json::from_str(&html[start..end]).expect("JSON-LD is valid JSON")
}

#[test]
fn entity_pages_describe_their_entity_in_schema_org_json_ld() {
    let f = fixture("graph");
    let config = std::fs::read_to_string(f.root.join("site.toml")).expect("config");
    std::fs::write(
        f.root.join("site.toml"),
        config.replace(
            "singular = { zh = \"公司\", en = \"Company\" }",
            "singular = { zh = \"公司\", en = \"Company\" }\nschema_type = \"Organization\"",
        ),
    )
    .expect("write");
    // A title that would end the script if it were not escaped.
    std::fs::write(
        f.root.join("content/companies/xco/en.md"),
        "+++\ntitle = \"X Co </script><script>alert(1)</script>\"\ndescription = \"The page of X Co.\"\n+++\n\nAbout X Co.\n",
    )
    .expect("write");
    f.build().expect("build");
    let html = f.read("en/companies/xco.html");
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "WebPage");
    assert_eq!(ld["inLanguage"], "en");
    assert_eq!(ld["name"], "X Co </script><script>alert(1)</script>");
    let entity = &ld["mainEntity"];
    assert_eq!(entity["@type"], "Organization");
    assert_eq!(entity["identifier"], "companies/xco");
    assert_eq!(entity["name"], "X Co");
    assert_eq!(entity["alternateName"], serde_json::json!(["X 公司"]));
    let script = &html[html.find("application/ld+json").expect("script")..];
    assert!(!script[..script.find("</script>").expect("end")].contains("</"));
    insta::assert_snapshot!(
        "xco_json_ld_properties",
        serde_json::to_string_pretty(&entity["additionalProperty"]).expect("json")
    );
    // Models keep the default type; Chinese pages speak Chinese.
    let zh = json_ld(&f.read("zh/models/beta.html"));
    assert_eq!(zh["mainEntity"]["@type"], "Thing");
    assert_eq!(zh["inLanguage"], "zh-Hans");
    assert_eq!(zh["mainEntity"]["name"], "贝塔");
}

#[test]
fn fact_view_calls_are_checked_like_everything_else() {
    let f = fixture("graph");
    std::fs::write(
        f.root.join("content/report/overview/en.md"),
        r#"+++
title = "1 Overview"
description = "The overview."
+++

This section covers [[alpha]], [[beta]] and [[xco]].

{{ compare(kind="modles", columns="params") }}

{{ compare(kind="models", group="family, nope", columns="params") }}

{{ compare(kind="models", columns="params, colour") }}

{{ compare(kind="models", columns="params", sort="released") }}

{{ compare(kind="models") }}

{{ compare(kind="models", columns="~uses") }}

- {{ chronology(facts="params") }}

{{ chronology(kind="areas") }}

{{ chronology(from="2020") }}

{{ compare(kind=models) }}

{{ timeline() }}
"#,
    )
    .expect("write");
    let err = f.build().expect_err("bad calls");
    insta::assert_snapshot!("fact_view_call_errors", render_diags(&err));
}

#[test]
fn the_comparison_table_is_sorted_at_build_time_and_marked_up_for_sorting() {
    let f = fixture("graph");
    f.build().expect("build");
    let en = f.read("en/report/overview.html");
    let tables: Vec<&str> = en
        .match_indices("<figure class=\"compare\">")
        .map(|(i, _)| fragment(&en[i..], "<figure", "</figure>"))
        .collect();
    assert_eq!(tables.len(), 2);
    insta::assert_snapshot!("compare_models_en", tables[0].replace("<tr>", "\n<tr>"));
    insta::assert_snapshot!("compare_companies_en", tables[1].replace("<tr>", "\n<tr>"));
    let zh = f.read("zh/report/overview.html");
    let zh_table = fragment(&zh, "<figure class=\"compare\">", "</figure>");
    assert!(zh_table.contains("<caption>模型：家族<span class=\"sort-hint\" hidden>"));
    assert!(zh_table.contains("<td data-sort=\"1000000000000\">约1万亿</td>"));
    // Every page loads the sorting script, which works on every table that asks for it.
    assert!(en.contains("<script src=\"../../static/sort.js\" defer></script>"));
    assert!(f.out().join("static/sort.js").is_file());
}

#[test]
fn the_chronology_keeps_conflicting_dates_side_by_side() {
    let f = fixture("graph");
    f.build().expect("build");
    for lang in ["en", "zh"] {
        let html = f.read(&format!("{lang}/report/overview.html"));
        let all: Vec<&str> = html
            .match_indices("<figure class=\"chronology\">")
            .map(|(i, _)| fragment(&html[i..], "<figure", "</figure>"))
            .collect();
        assert_eq!(all.len(), 2, "{lang}");
        insta::assert_snapshot!(
            format!("chronology_{lang}"),
            all.join("\n").replace("<tr", "\n<tr")
        );
    }
}

#[test]
fn the_views_and_the_export_are_deterministic() {
    let f = fixture("graph");
    let (a, b) = (f.root.join("out-a"), f.root.join("out-b"));
    f.build_into(&a).expect("build a");
    f.build_into(&b).expect("build b");
    let (fa, fb) = (f.snapshot_files(&a), f.snapshot_files(&b));
    assert_eq!(fa.len(), fb.len());
    for ((na, ba), (nb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between two builds");
    }
    assert!(fa.iter().any(|(n, _)| n == "atlas.json"));
}
