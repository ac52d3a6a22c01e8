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
    // The map puts it on one side only, once.
    let map = fragment(&y, "<svg class=\"relmap\"", "</svg>");
    assert_eq!(map.matches(">Competes with</text>").count(), 1, "{map}");
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
    let map = fragment(&beta, "<svg class=\"relmap\"", "</svg>");
    assert!(map.contains("X Co ‡</text>") && map.contains("Gamma †</text>"));
    assert!(map.contains("relmap-edge inferred") && map.contains("relmap-edge outside"));
    for legend in ["‡ Inferred by the editors", "† Outside knowledge"] {
        // Once under the infobox, once under the map.
        let line = format!("<p class=\"legend\">{legend}");
        assert_eq!(beta.matches(&line).count(), 2, "{legend}: {beta}");
    }
    // Alpha's relations are all stated: no legend at all.
    let alpha = f.read("en/models/alpha.html");
    assert!(!alpha.contains("class=\"legend\""));

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

    // The atlas draws inferred and outside edges apart and says what the lines mean.
    let atlas = f.read("en/atlas.html");
    assert_eq!(atlas.matches("relmap-edge inferred").count(), 1);
    assert_eq!(atlas.matches("relmap-edge outside").count(), 2);
    assert!(atlas.contains("Dotted lines: inferred") && atlas.contains("Dashed lines: outside"));
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
