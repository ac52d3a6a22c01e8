//! Builds fixture sites and inspects the real output.

mod common;

use common::{attr_values, fixture, render_diags, resolve};

#[test]
fn every_internal_link_resolves_to_a_file() {
    let f = fixture("basic");
    f.build().expect("build");
    let out = f.out();
    let mut checked = 0;
    for (rel, bytes) in f.snapshot_files(&out) {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).expect("utf8");
        let file = out.join(&rel);
        for href in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
            .chain(attr_values(&html, "data-index"))
        {
            if href.starts_with("https://") || href.starts_with('#') {
                continue;
            }
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{rel}: absolute internal link {href}"
            );
            let target = resolve(&out, &file, href);
            assert!(
                target.is_file(),
                "{rel}: link {href} does not point at a file"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn not_found_page_links_from_the_base_path() {
    let f = fixture("basic");
    f.build().expect("build");
    let html = f.read("404.html");
    // Served at any depth: every link resolves against `<base>`, the base URL's path.
    let hrefs = attr_values(&html, "href");
    assert_eq!(hrefs.first(), Some(&"/atlas-test/"), "<base> first");
    assert!(hrefs.len() > 1);
    for &href in &hrefs[1..] {
        assert!(
            !href.starts_with('/') && !href.contains("://"),
            "{href} is relative to <base>"
        );
        assert!(f.out().join(href).is_file(), "{href}");
    }
}

#[test]
fn language_switch_and_hreflang_are_reciprocal() {
    let f = fixture("basic");
    f.build().expect("build");
    let base = "https://example.github.io/atlas-test/";
    for (rel, bytes) in f.snapshot_files(&f.out()) {
        let Some(rest) = rel.strip_prefix("zh/").filter(|r| r.ends_with(".html")) else {
            continue;
        };
        let zh = String::from_utf8(bytes).expect("utf8");
        let en_rel = format!("en/{rest}");
        let en = f.read(&en_rel);
        for (html, own, other, other_tag) in
            [(&zh, &rel, &en_rel, "en"), (&en, &en_rel, &rel, "zh-Hans")]
        {
            assert!(
                html.contains(&format!(
                    "<link rel=\"alternate\" hreflang=\"{other_tag}\" href=\"{base}{other}\">"
                )),
                "{own}: hreflang to {other}"
            );
            assert!(
                html.contains(&format!("<link rel=\"canonical\" href=\"{base}{own}\">")),
                "{own}: canonical"
            );
            assert!(
                html.contains(&format!("hreflang=\"x-default\" href=\"{base}{rel}\"")),
                "{own}: x-default"
            );
            // The visible switch links to the same page in the other language.
            let depth = own.matches('/').count();
            let switch = format!(
                "<a href=\"{}{other}\" hreflang=\"{other_tag}\"",
                "../".repeat(depth)
            );
            assert!(html.contains(&switch), "{own}: language switch {switch}");
        }
    }
}

#[test]
fn missing_translation_shows_a_notice_and_links_the_existing_version() {
    let f = fixture("basic");
    let report = f.build().expect("build");
    let en = f.read("en/areas/education.html");
    assert!(en.contains("has not been translated into English yet"));
    assert!(en.contains("<a href=\"../../zh/areas/education.html\">中文</a>"));
    assert!(report.warnings.iter().any(|w| w
        .message
        .contains("translation missing: `areas/education` has no en text")));
    let listing = f.read("en/areas/index.html");
    assert!(
        listing.contains(">Education</a> <span class=\"badge\">"),
        "the listing shows the name, marked untranslated"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let f = fixture("basic");
    let a = f.root.join("out-a");
    let b = f.root.join("out-b");
    f.build_into(&a).expect("build a");
    f.build_into(&b).expect("build b");
    let (fa, fb) = (f.snapshot_files(&a), f.snapshot_files(&b));
    assert_eq!(fa.len(), fb.len());
    for ((na, ba), (nb, bb)) in fa.iter().zip(&fb) {
        assert_eq!(na, nb);
        assert!(ba == bb, "{na} differs between builds");
    }
}

#[test]
fn content_text_is_escaped() {
    let f = fixture("basic");
    f.build().expect("build");
    let html = f.read("en/models/gpt.html");
    assert!(html.contains("<h1>GPT &lt;model&gt;</h1>"));
    assert!(html.contains("<title>GPT &lt;model&gt; · Test Atlas</title>"));
    assert!(html.contains("content=\"A &quot;model&quot; &amp; example.\""));
    assert!(!html.contains("<model>"));
}

#[test]
fn wiki_links_in_every_form() {
    let f = fixture("basic");
    f.build().expect("build");
    let intro = f.read("en/report/intro.html");
    assert!(
        intro.contains("<a href=\"../models/gpt.html\">GPT &lt;model&gt;</a>"),
        "[[slug]] takes the title"
    );
    assert!(
        intro.contains("<a href=\"second.html#conclusion\">1.2 Second section</a>"),
        "[[slug#heading]]"
    );
    let zh = f.read("zh/report/intro.html");
    assert!(
        zh.contains("<a href=\"second.html#结论\">1.2 第二节</a>"),
        "Chinese heading ids stay readable"
    );
    let second = f.read("en/report/second.html");
    assert!(
        second.contains("<a href=\"../companies/openai.html\">OpenAI</a>"),
        "[[Name]]"
    );
    assert!(
        second.contains("<a href=\"../companies/openai.html\">the company</a>"),
        "[[kind/slug|text]]"
    );
    let second_zh = f.read("zh/report/second.html");
    assert!(
        second_zh.contains("<a href=\"../companies/openai.html\">OpenAI</a>"),
        "[[alias]]"
    );
}

#[test]
fn relations_inverse_and_backlinks_with_context() {
    let f = fixture("basic");
    f.build().expect("build");
    let gpt = f.read("en/models/gpt.html");
    assert!(gpt.contains(
        "<dt>Developed by</dt><dd><ul><li><a href=\"../companies/openai.html\">OpenAI</a>"
    ));
    assert!(
        gpt.contains("<a href=\"../areas/education.html\">Education</a> <span class=\"outside\""),
        "outside knowledge is marked"
    );
    assert!(gpt.contains("<dt>Released</dt><dd>March 2020 / May 2020</dd>"));
    assert!(gpt.contains("<dd>more than 175 billion (report&#39;s figure)</dd>"));
    let openai = f.read("en/companies/openai.html");
    assert!(
        openai.contains(
            "<dt>Developed</dt><dd><ul><li><a href=\"../models/gpt.html\">GPT &lt;model&gt;</a>"
        ),
        "inverse relation"
    );
    // "Mentioned in": each page once, grouped by kind, with its number of links and the sentence
    // of the first; report sections the page lists as its sources are not repeated there.
    let mentions = &openai[openai.find("class=\"mentions\"").expect("mentions")..];
    assert!(mentions.contains("<h3>Models <span class=\"count\">1</span></h3>"));
    assert!(mentions.contains(
        "<a href=\"../models/gpt.html\">GPT &lt;model&gt;</a><p class=\"quote\">A model by <mark>OpenAI</mark>.</p>"
    ));
    assert!(
        mentions.contains("<a href=\"../report/second.html\">1.2 Second section</a> <span class=\"times\"><span class=\"visually-hidden\">Links</span>×2</span>"),
        "two links from one page are counted"
    );
    assert!(
        openai.contains("<a href=\"../report/intro.html\">")
            && !mentions.contains("report/intro.html"),
        "the section the page draws on is listed once, under its sources"
    );
    let zh = f.read("zh/companies/openai.html");
    assert!(
        zh.contains("<p class=\"quote\">本节提到<mark>OpenAI</mark>与这家公司。</p>"),
        "Chinese sentence context: {}",
        &zh[zh.find("mentions").unwrap_or(0)..]
            .chars()
            .take(600)
            .collect::<String>()
    );
    // Section pages: entities name the report sections they draw on.
    assert!(gpt.contains("Drawn from the report sections"));
    assert!(
        gpt.contains("<a href=\"../report/second.html\">1.2 Second section</a>"),
        "bare section number covers its slides"
    );
}

#[test]
fn relation_maps_are_valid_svg_with_working_links() {
    let f = fixture("basic");
    f.build().expect("build");
    for rel in [
        "en/models/gpt.html",
        "zh/companies/openai.html",
        "en/atlas.html",
    ] {
        let html = f.read(rel);
        let start = html
            .find("<svg class=\"relmap")
            .unwrap_or_else(|| panic!("{rel} has no relation map"));
        let end = html[start..].find("</svg>").expect("svg end") + start + 6;
        let svg = &html[start..end];
        let doc =
            roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{rel}: invalid SVG: {e}"));
        // A map holds links, so it is a labelled group (role="img" would hide them from assistive tech).
        assert_eq!(doc.root_element().attribute("role"), Some("group"));
        assert!(
            doc.root_element()
                .attribute("aria-label")
                .is_some_and(|l| !l.is_empty()),
            "{rel}: the map is named"
        );
        // Each relation type is a list of its pages, for screen readers.
        if !rel.ends_with("atlas.html") {
            assert!(doc.descendants().any(
                |n| n.attribute("role") == Some("list") && n.attribute("aria-label").is_some()
            ));
            assert!(doc
                .descendants()
                .any(|n| n.attribute("role") == Some("listitem")));
        }
        let links: Vec<_> = doc
            .descendants()
            .filter_map(|n| n.attribute("href"))
            .collect();
        assert!(!links.is_empty(), "{rel}: nodes are links");
        for href in links {
            let target = resolve(&f.out(), &f.out().join(rel), href);
            assert!(target.is_file(), "{rel}: svg link {href}");
        }
    }
}

#[test]
fn code_is_highlighted_with_classes_and_tables_render() {
    let f = fixture("basic");
    f.build().expect("build");
    let html = f.read("en/report/second.html");
    assert!(html.contains("<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"));
    assert!(html.contains("<table>"));
    let css = f.read("static/syntax.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn config_fences_are_highlighted_and_unknown_languages_reported_where_they_are() {
    let f = fixture("basic");
    f.overlay("code_langs");
    let report = f.build().expect("build");
    for lang in ["en", "zh"] {
        let html = f.read(&format!("{lang}/models/config-files.html"));
        for (fence, scope) in [("toml", "toml"), ("yaml", "yaml"), ("json", "json")] {
            let open = format!(
                "<pre class=\"code\" data-lang=\"{fence}\"><code class=\"language-{fence}\"><span class=\"hl-source hl-{scope}\">"
            );
            assert!(html.contains(&open), "{lang}: {fence} not highlighted");
        }
    }
    let unknown: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("unknown code language"))
        .map(|w| w.to_string())
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    let expected =
        "content/models/config-files/en.md:23:1: warning: unknown code language `nosuchlang`";
    assert!(
        unknown[0].ends_with(&format!("{expected}: shown without highlighting"))
            || unknown[0].contains(expected),
        "{}",
        unknown[0]
    );
    let html = f.read("en/models/config-files.html");
    assert!(html.contains("this stays plain"));
}

#[test]
fn site_files_and_previous_next() {
    let f = fixture("basic");
    f.build().expect("build");
    for rel in [
        ".nojekyll",
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "zh/index.html",
        "en/report/index.html",
        "en/coverage.html",
        "zh/search-index.js",
    ] {
        assert!(f.out().join(rel).is_file(), "{rel}");
    }
    let intro = f.read("en/report/intro.html");
    assert!(intro.contains("rel=\"next\" href=\"second.html\""));
    let second = f.read("en/report/second.html");
    assert!(second.contains("rel=\"prev\" href=\"intro.html\""));
    let root = f.read("index.html");
    assert!(
        root.contains("<a href=\"zh/index.html\"") && root.contains("<a href=\"en/index.html\""),
        "root offers plain links"
    );
    let sitemap = f.read("sitemap.xml");
    roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.github.io/atlas-test/en/models/gpt.html\"/>"));
}

/// Each bad input: the build fails with the snapshot's messages and leaves the old output alone.
fn check_error(case: &str) -> String {
    let f = fixture("basic");
    f.build().expect("the good site builds");
    let before = f.snapshot_files(&f.out());
    f.overlay(&format!("errors/{case}"));
    let diags = f.build().expect_err("the bad site must fail");
    assert_eq!(
        before,
        f.snapshot_files(&f.out()),
        "{case}: the previous output was touched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&f.root)
        .expect("root")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("public."))
        .collect();
    assert!(leftovers.is_empty(), "{case}: staging folders left behind");
    render_diags(&diags)
}

macro_rules! error_cases {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(stringify!($name), check_error(stringify!($name)));
        }
    )*};
}

error_cases!(
    config_unknown_field,
    meta_unknown_field,
    front_matter_missing_title,
    front_matter_bad_toml,
    unknown_kind,
    bad_slug,
    duplicate_slug,
    unknown_link,
    ambiguous_link,
    unknown_anchor,
    unknown_relation_type,
    relation_wrong_kind,
    unknown_section,
    bad_fact_value,
    unknown_language_file,
    many_errors_at_once,
    theme_without_list_row,
);

error_cases!(bad_data_value, unknown_data_call, slug_is_a_group);

// Texts checked against the languages of site.toml: in site.toml, meta.toml and data files.
error_cases!(
    config_text_language_unknown_or_missing,
    text_language_unknown_or_missing
);

#[test]
fn charts_are_valid_svg_with_localised_labels_and_log_ticks() {
    let f = fixture("basic");
    f.build().expect("build");
    for (rel, words) in [
        (
            "en/report/second.html",
            [
                "Parameters (log scale)",
                "175 billion",
                "unofficial estimate",
                "value missing (lost in extraction)",
            ],
        ),
        (
            "zh/report/second.html",
            [
                "参数量（对数刻度）",
                "1750亿",
                "非官方估计",
                "数据缺失（提取时丢失）",
            ],
        ),
    ] {
        let html = f.read(rel);
        assert!(!html.contains("NaN"));
        // Drawn twice, for phones and for the text column; the same data in both.
        for class in ["chart-narrow", "chart-wide"] {
            let start = html
                .find(&format!("<svg class=\"chart-svg {class}\""))
                .expect("chart");
            let end = html[start..].find("</svg>").expect("end") + start + 6;
            let doc = roxmltree::Document::parse(&html[start..end]).expect("valid SVG");
            let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
            for w in words {
                assert!(
                    texts.iter().any(|t| t.contains(w)),
                    "{rel}: `{w}` not in chart texts {texts:?}"
                );
            }
            // Log ticks at powers of ten: 1亿/100 million up to 10万亿/10 trillion (thinned where
            // they would touch).
            let ticks: Vec<&str> = doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("tick"))
                .filter_map(|n| n.text())
                .collect();
            let all = 6;
            assert!(
                ticks.len() == all || class == "chart-narrow" && ticks.len() >= 2,
                "{rel}: ticks {ticks:?}"
            );
            let grid: Vec<f64> = doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("grid"))
                .filter_map(|n| n.attribute("x1")?.parse().ok())
                .collect();
            // Thinned ticks are every k-th power of ten.
            let k = all.div_ceil(ticks.len()) as f64;
            let per_decade = (grid[1] - grid[0]) / k;
            // Bars are proportional to log10 of their values.
            let widths: Vec<f64> = doc
                .descendants()
                .filter(|n| {
                    n.attribute("class")
                        .is_some_and(|c| c.starts_with("bar") && n.has_tag_name("rect"))
                })
                .filter_map(|n| n.attribute("width")?.parse().ok())
                .collect();
            assert_eq!(widths.len(), 3);
            assert!(
                (widths[1] - widths[0] - per_decade * (175e9f64 / 117e6).log10()).abs() < 0.2,
                "{widths:?}"
            );
            assert!(doc
                .root_element()
                .attribute("aria-label")
                .is_some_and(|l| !l.is_empty()));
            // A label that names a page links to it.
            let gpt = doc
                .descendants()
                .find(|n| n.has_tag_name("a"))
                .and_then(|n| n.attribute("href"));
            assert_eq!(gpt, Some("../models/gpt.html"), "{rel}");
        }
        assert!(
            html.contains("<div class=\"table-wrap chart-table\"><table><caption>"),
            "the data is printed as a table under the chart"
        );
        assert!(html.contains("<th scope=\"row\"><a href=\"../models/gpt.html\">GPT</a></th>"));
    }
}

#[test]
fn print_edition_holds_every_page_with_in_document_cross_references() {
    let f = fixture("basic");
    f.build().expect("build");
    for lang in ["en", "zh"] {
        let html = f.read(&format!("{lang}/print.html"));
        let ids = attr_values(&html, "id");
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "{lang}: ids are unique");
        let internal: Vec<&str> = attr_values(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix('#'))
            .collect();
        assert!(internal.len() > 5);
        for target in internal {
            assert!(ids.contains(&target), "{lang}: #{target} has no element");
        }
        for anchor in [
            "report-intro",
            "report-second",
            "models-gpt",
            "companies-openai",
        ] {
            assert!(ids.contains(&anchor), "{lang}: {anchor}");
        }
    }
    let en = f.read("en/print.html");
    assert!(
        en.contains("<a href=\"#report-second--conclusion\">1.2 Second section</a>"),
        "cross-reference to a heading"
    );
    assert!(
        en.contains("<h2 id=\"report-second--conclusion\">Conclusion</h2>"),
        "the heading carries its print-edition id"
    );
}

#[test]
fn area_listing_shows_who_serves_each_area_and_listings_show_key_facts() {
    let f = fixture("basic");
    f.build().expect("build");
    let areas = f.read("en/areas/index.html");
    assert!(
        areas.contains(
            "<span>Models used here:</span> <a href=\"../models/gpt.html\">GPT &lt;model&gt;</a>"
        ),
        "{areas}"
    );
    let models = f.read("zh/models/index.html");
    assert!(models.contains("<li>发布时间: 2020年3月 / 2020年5月</li>"));
    assert!(models.contains("<li>参数量: 超过1750亿（报告数字）</li>"));
}

#[test]
fn groups_have_listing_pages_linked_from_breadcrumbs_home_and_the_kind_listing() {
    let f = fixture("basic");
    f.build().expect("build");
    let chapter = f.read("en/report/ch1.html");
    assert!(chapter.contains("<h1>Chapter 1</h1>"));
    assert!(
        chapter.contains("<a href=\"intro.html\">1.1 Introduction</a>")
            && chapter.contains("<a href=\"second.html\">1.2 Second section</a>")
    );
    let page = f.read("en/report/intro.html");
    assert!(
        page.contains("<li><a href=\"ch1.html\">Chapter 1</a></li>"),
        "breadcrumb to the chapter"
    );
    assert!(f
        .read("en/report/index.html")
        .contains("<a href=\"ch1.html\">Chapter 1</a>"));
    assert!(f
        .read("zh/index.html")
        .contains("<a href=\"report/ch1.html\">第一章</a>"));
}

#[test]
fn print_edition_can_be_turned_off() {
    let f = fixture("basic");
    let config = std::fs::read_to_string(f.root.join("site.toml")).expect("config");
    std::fs::write(
        f.root.join("site.toml"),
        config.replace("home_page = ", "print_edition = false\nhome_page = "),
    )
    .expect("write");
    f.build().expect("build");
    assert!(!f.out().join("en/print.html").exists());
    assert!(
        !f.read("en/index.html").contains("print.html"),
        "no link to a missing print edition"
    );
}

/// The real site's whole-atlas view: every relation between entities drawn exactly once, as a link
/// from its hub's block, in valid SVG; the caption said once; the same bytes from two builds.
#[test]
fn whole_atlas_view_of_the_real_site() {
    let tmp = std::env::temp_dir().join(format!("atlas-test-{}-real-atlas", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let build = |out: &str| {
        atlas::build(&atlas::BuildOptions {
            root: common::repo(),
            out: tmp.join(out),
            base_url: None,
        })
        .expect("the real site builds")
    };
    build("a");
    build("b");
    // What the atlas must show, from the export of the same build: the entities, and the
    // relations between two of them.
    let export: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.join("a").join("atlas.json")).expect("export"),
    )
    .expect("export is JSON");
    let entities: std::collections::BTreeSet<&str> = export["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    let relations = export["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .filter(|r| {
            [&r["from"], &r["to"]]
                .iter()
                .all(|end| end.as_str().is_some_and(|id| entities.contains(id)))
        })
        .count();
    assert!(
        entities.len() > 200 && relations > 400,
        "the real site's graph"
    );
    let caption = format!("{} / {relations}", entities.len());
    for lang in ["en", "zh"] {
        let rel = format!("{lang}/atlas.html");
        let html = std::fs::read_to_string(tmp.join("a").join(&rel)).expect("atlas");
        assert_eq!(
            html,
            std::fs::read_to_string(tmp.join("b").join(&rel)).expect("atlas"),
            "deterministic"
        );
        assert!(!html.contains("NaN"));
        let body = &html[html.find("<main").expect("main")..];
        assert_eq!(
            body.matches(&caption).count(),
            1,
            "{rel}: the caption {caption} once"
        );
        let mut members = 0;
        let mut blocks = 0;
        let mut rest = html.as_str();
        while let Some(start) = rest.find("<svg class=\"relmap rm-block\"") {
            let end = rest[start..].find("</svg>").expect("svg end") + start + 6;
            let doc = roxmltree::Document::parse(&rest[start..end])
                .unwrap_or_else(|e| panic!("{rel}: invalid SVG: {e}"));
            blocks += 1;
            let hub = doc
                .descendants()
                .find(|n| n.attribute("class") == Some("rm-centre"));
            assert!(
                hub.and_then(|h| h.attribute("href")).is_some(),
                "the hub is a link"
            );
            for n in doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("rm-n"))
            {
                members += 1;
                let target = resolve(
                    &tmp.join("a"),
                    &tmp.join("a").join(&rel),
                    n.attribute("href").expect("href"),
                );
                assert!(target.is_file(), "{rel}: {target:?}");
            }
            rest = &rest[end..];
        }
        assert_eq!(members, relations, "{rel}: each relation once");
        assert!(blocks > 100, "{rel}: {blocks} blocks");
        // The matrix links every section.
        for id in attr_values(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix('#'))
        {
            if id != "main" {
                assert!(html.contains(&format!("id=\"{id}\"")), "{rel}: #{id}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Numbers parity (tests/fixtures/numbers): the page whose languages state the same numbers in
/// their own words and the page whose digits are not quantities give no warning; the mismatching
/// page gives one warning per number only one language states, where that language states it.
#[test]
fn numbers_parity_warns_where_the_languages_state_different_numbers() {
    let f = fixture("numbers");
    let report = f.build().expect("warnings do not stop a build");
    let numbers: Vec<String> = report
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("numbers parity"))
        .map(|w| {
            let rel = w
                .file
                .strip_prefix(&f.root)
                .unwrap_or(&w.file)
                .to_path_buf();
            atlas::diag::Diagnostic {
                file: rel,
                ..w.clone()
            }
            .to_string()
        })
        .collect();
    assert!(
        numbers.iter().all(|m| m.contains("models/mismatching/")),
        "{numbers:#?}"
    );
    assert_eq!(numbers.len(), report.warnings.len(), "no other warning");
    insta::assert_snapshot!("numbers_parity", numbers.join("\n"));
}

fn run_atlas(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run atlas")
}

/// The prose lint (tests/fixtures/prose): each `models/doubled-*`, `spaced` and `avoided` page and
/// the glossary page trigger one rule once, in one language; `clean` (every kind of link label, a
/// quoted variant, a range) and the targets give none. `atlas check` prints them where they are;
/// under `--strict` they fail the check.
#[test]
fn prose_lint_warns_once_per_rule_where_the_text_is() {
    let f = fixture("prose");
    let plain = run_atlas(&f.root, &["check"]);
    assert!(plain.status.success(), "warnings alone pass");
    let stderr = String::from_utf8(plain.stderr).expect("utf8");
    assert!(!stderr.contains("models/clean/"), "{stderr}");
    assert!(String::from_utf8_lossy(&plain.stdout).contains("check: 0 error(s), 8 warning(s)"));
    insta::assert_snapshot!("prose_lint", stderr);
    let strict = run_atlas(&f.root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stdout).contains("8 warning(s) (strict)"));
}

/// What links print (tests/fixtures/prose, page `clean`): a report section its number with the
/// full title as the tooltip, a range's second end its letter, a page's `short` before its title,
/// the author's `[[slug|text]]` over all of them; and Chinese text without a typed space beside a
/// link or between Han and Latin text.
#[test]
fn link_labels_ranges_and_chinese_spacing_in_the_output() {
    let f = fixture("prose");
    f.build().expect("warnings do not stop a build");
    let en = f.read("en/models/clean.html");
    for expected in [
        "section <a href=\"../report/1-3-1.html\" title=\"1.3.1 Model scale\">1.3.1</a> and",
        "<a href=\"../report/1-3-2a.html\" title=\"1.3.2a Multimodal input\">1.3.2a</a>–<a href=\"../report/1-3-2e.html\" title=\"1.3.2e Safety\">e</a>.",
        "<a href=\"../companies/openai.html\" title=\"OpenAI, Inc.\">OpenAI</a> uses GPT-4;",
        "<a href=\"../report/1-3-1.html\" title=\"1.3.1 Model scale\">this section</a> covers",
    ] {
        assert!(en.contains(expected), "en: {expected}");
    }
    let zh = f.read("zh/models/clean.html");
    for expected in [
        "见第<a href=\"../report/1-3-1.html\" title=\"1.3.1模型规模\">1.3.1</a>节和第",
        ">1.3.2a</a>–<a href=\"../report/1-3-2e.html\" title=\"1.3.2e安全\">e</a>节。",
        "<a href=\"../companies/openai.html\" title=\"OpenAI公司\">OpenAI</a>使用GPT-4模型，",
        ">这一节</a>讲规模",
    ] {
        assert!(zh.contains(expected), "zh: {expected}");
    }
    // The author typed "它是 [[hunyuan]] 的前身": the output drops both spaces beside the Han link.
    let spaced = f.read("zh/models/spaced.html");
    assert!(
        spaced.contains("<p>它是<a href=\"hunyuan.html\">腾讯混元</a>的前身。</p>"),
        "no space between Han text and a Han link"
    );
}

/// The digits of search.rs's numbers and front coding.
const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz";

/// Reads search.rs's front coding: per string, a digit (UTF-16 units shared with the string
/// before), the length of the rest (five bits a digit, the 32 digits after the first 32 carrying)
/// and the rest; with `paired`, then a second string's length and the string.
fn front_coded(coded: &str, paired: bool) -> Vec<(Vec<u16>, String)> {
    let coded: Vec<u16> = coded.encode_utf16().collect();
    let digit = |u: u16| {
        DIGITS
            .find(char::from_u32(u32::from(u)).expect("a digit"))
            .expect("a digit")
    };
    let number = |at: &mut usize| {
        let mut n = 0;
        loop {
            let v = digit(coded[*at]);
            *at += 1;
            n = n * 32 + (v & 31);
            if v < 32 {
                return n;
            }
        }
    };
    let mut out = Vec::new();
    let mut prev: Vec<u16> = Vec::new();
    let mut at = 0;
    while at < coded.len() {
        let shared = digit(coded[at]);
        at += 1;
        assert!(shared <= prev.len(), "shares at most the string before");
        let n = number(&mut at);
        prev.truncate(shared);
        prev.extend_from_slice(&coded[at..at + n]);
        at += n;
        let mut second = String::new();
        if paired {
            let n = number(&mut at);
            second = String::from_utf16(&coded[at..at + n]).expect("whole characters");
            at += n;
        }
        out.push((prev.clone(), second));
    }
    out
}

/// The search term files of the fixture (cut small by its `search_shard_bytes`): each holds a range
/// of the sorted keys, the manifest's bounds say where each range begins, and no file is much
/// bigger than its share, so a query loads about what its terms need.
#[test]
fn search_term_files_hold_ranges_of_sorted_keys() {
    let f = fixture("search");
    f.build().expect("build");
    let script = |rel: &str| -> serde_json::Value {
        let text = f.read(rel);
        // The first `]=` ends what the script sets: `...["zh"]=` or `...["zh"].t[3]=`.
        let (_, value) = text.split_once("]=").expect("a script that sets a value");
        let value = value.trim_end().trim_end_matches(';');
        serde_json::from_str(value).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    for lang in ["zh", "en"] {
        let manifest = script(&format!("{lang}/search-index.js"));
        let shards = manifest["shards"].as_u64().expect("shards") as usize;
        let bounds: Vec<Vec<u16>> = front_coded(manifest["b"].as_str().expect("bounds"), false)
            .into_iter()
            .map(|(b, _)| b)
            .collect();
        assert!(shards >= 4, "{lang}: several term files");
        assert_eq!(
            bounds.len(),
            shards - 1,
            "{lang}: a bound per file but the first"
        );
        assert!(
            bounds.windows(2).all(|w| w[0] <= w[1]),
            "{lang}: bounds sorted"
        );
        let mut sizes = Vec::new();
        let mut largest_entry = 0;
        let mut keys_seen = 0;
        for i in 0..shards {
            let rel = format!("{lang}/search/t{i}.js");
            sizes.push(f.read(&rel).len());
            let text = script(&rel);
            let entries = front_coded(text.as_str().expect("a string"), true);
            let mut prev: Option<&Vec<u16>> = None;
            for (key, postings) in &entries {
                let name = String::from_utf16_lossy(key);
                assert!(prev.is_none_or(|p| p < key), "{rel}: {name} sorted");
                if i > 0 {
                    assert!(&bounds[i - 1] <= key, "{rel}: {name} after its bound");
                }
                if i + 1 < shards {
                    assert!(key < &bounds[i], "{rel}: {name} before the next bound");
                }
                assert!(!postings.is_empty(), "{rel}: {name} has postings");
                largest_entry = largest_entry.max(key.len() * 3 + postings.len() + 8);
                keys_seen += 1;
                prev = Some(key);
            }
        }
        assert!(keys_seen > 100, "{lang}: {keys_seen} keys");
        let total: usize = sizes.iter().sum();
        let share = total / shards;
        for (i, size) in sizes.iter().enumerate() {
            assert!(
                *size <= 2 * share + largest_entry + 100,
                "{lang}/search/t{i}.js: {size} bytes, share {share}, largest entry {largest_entry}"
            );
        }
    }
}
