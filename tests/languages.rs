//! Sites in other sets of languages than the real one: `ja-en` (Japanese first, English) and
//! `trilingual` (the `basic` fixture with Japanese added). They build, every page links its
//! alternates with reciprocal hreflang, every link resolves, and each language is written in the
//! style `site.toml` gives it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{attr_values, fixture, render_diags, resolve, Fixture};

const BASE: &str = "https://example.github.io/atlas-test/";

/// The declared languages of a fixture: (code, BCP 47 tag), in the order of site.toml.
fn languages(case: &str) -> Vec<(&'static str, &'static str)> {
    match case {
        "ja-en" => vec![("ja", "ja"), ("en", "en")],
        "trilingual" => vec![("zh", "zh-Hans"), ("en", "en"), ("ja", "ja")],
        other => panic!("no such fixture {other}"),
    }
}

fn built(case: &str) -> Fixture {
    let f = fixture(case);
    f.build()
        .unwrap_or_else(|d| panic!("{case} builds:\n{}", render_diags(&d)));
    f
}

#[test]
fn every_href_of_every_page_resolves_to_a_file() {
    for case in ["ja-en", "trilingual"] {
        let f = built(case);
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
                    "{case} {rel}: absolute internal link {href}"
                );
                assert!(
                    resolve(&out, &file, href).is_file(),
                    "{case} {rel}: link {href} does not point at a file"
                );
                checked += 1;
            }
        }
        assert!(checked > 300, "{case}: only {checked} links checked");
    }
}

#[test]
fn every_page_links_its_alternates_with_reciprocal_hreflang() {
    for case in ["ja-en", "trilingual"] {
        let f = built(case);
        let langs = languages(case);
        let default = langs[0].0;
        let mut pages = 0;
        for (rel, _) in f.snapshot_files(&f.out()) {
            let Some((own, rest)) = rel
                .split_once('/')
                .filter(|(l, r)| r.ends_with(".html") && langs.iter().any(|(c, _)| c == l))
            else {
                continue;
            };
            let html = f.read(&rel);
            let own_tag = langs.iter().find(|(c, _)| *c == own).expect("declared").1;
            assert!(
                html.contains(&format!("<html lang=\"{own_tag}\"")),
                "{case} {rel}: html lang"
            );
            assert!(
                html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}{rel}\">")),
                "{case} {rel}: canonical"
            );
            assert!(
                html.contains(&format!(
                    "hreflang=\"x-default\" href=\"{BASE}{default}/{rest}\""
                )),
                "{case} {rel}: x-default is the default language"
            );
            let depth = rel.matches('/').count();
            for (code, tag) in &langs {
                let other = format!("{code}/{rest}");
                assert!(
                    html.contains(&format!(
                        "<link rel=\"alternate\" hreflang=\"{tag}\" href=\"{BASE}{other}\">"
                    )),
                    "{case} {rel}: hreflang to {other}"
                );
                // The visible switch (its own language marked current), and the way back.
                let file = rest.rsplit('/').next().expect("file name");
                let switch = match *code == own {
                    true => format!("<a href=\"{file}\" hreflang=\"{tag}\" lang=\"{tag}\" aria-current=\"true\">"),
                    false => format!("<a href=\"{}{other}\" hreflang=\"{tag}\"", "../".repeat(depth)),
                };
                assert!(html.contains(&switch), "{case} {rel}: switch {switch}");
                let back = f.read(&other);
                assert!(
                    back.contains(&format!(
                        "<link rel=\"alternate\" hreflang=\"{own_tag}\" href=\"{BASE}{rel}\">"
                    )),
                    "{case} {other}: hreflang back to {rel}"
                );
            }
            pages += 1;
        }
        // Home, atlas, coverage, print, 4 listings, 1 group, 5 pages, in each language.
        assert_eq!(pages, 14 * langs.len(), "{case}: pages checked");
        let sitemap = f.read("sitemap.xml");
        roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
        let urls = sitemap.matches("<url>").count();
        for (_, tag) in &langs {
            assert_eq!(
                sitemap.matches(&format!("hreflang=\"{tag}\"")).count(),
                urls,
                "{case}: every sitemap entry names its {tag} alternate"
            );
        }
    }
}

#[test]
fn the_root_and_404_pages_offer_every_language() {
    for case in ["ja-en", "trilingual"] {
        let f = built(case);
        let langs = languages(case);
        let root = f.read("index.html");
        let notfound = f.read("404.html");
        assert!(
            root.contains(&format!("<html lang=\"{}\">", langs[0].1))
                && notfound.contains(&format!("<html lang=\"{}\">", langs[0].1)),
            "{case}: the default language's tag"
        );
        for (code, tag) in &langs {
            assert!(
                root.contains(&format!(
                    "<a href=\"{code}/index.html\" hreflang=\"{tag}\" lang=\"{tag}\">"
                )),
                "{case}: root links {code}"
            );
            assert!(
                root.contains(&format!("[\"{code}\", \"{tag}\"]")),
                "{case}: the redirect knows {code}"
            );
            assert!(
                notfound.contains(&format!("<section lang=\"{tag}\">")),
                "{case}: 404 speaks {code}"
            );
        }
    }
    let trilingual = built("trilingual");
    assert!(trilingual
        .read("index.html")
        .contains("<title>测试图谱 · Test Atlas · テスト図譜</title>"));
    assert!(trilingual.read("index.html").contains(
        "<h1>测试图谱 · <span lang=\"en\">Test Atlas</span> · <span lang=\"ja\">テスト図譜</span></h1>"
    ));
    assert!(trilingual
        .read("404.html")
        .contains("<title>404 · 测试图谱 · Test Atlas · テスト図譜</title>"));
}

#[test]
fn numbers_dates_and_figures_follow_each_languages_style() {
    let f = built("trilingual");
    // Facts: myriads for zh and ja (亿 and 億 from the theme's words), thousands for en.
    for (rel, released, params) in [
        (
            "zh/models/gpt.html",
            "2020年3月 / 2020年5月",
            "超过1750亿（报告数字）",
        ),
        (
            "ja/models/gpt.html",
            "2020年3月 / 2020年5月",
            "1750億超（レポートの数値）",
        ),
        (
            "en/models/gpt.html",
            "March 2020 / May 2020",
            "more than 175 billion (report&#39;s figure)",
        ),
    ] {
        let html = f.read(rel);
        assert!(html.contains(released), "{rel}: {released}");
        assert!(html.contains(params), "{rel}: {params}");
    }
    // Figures: every word the chart writes is the language's.
    let ja = f.read("ja/report/second.html");
    for word in [
        "パラメータ数（対数目盛）",
        "1750億",
        "10兆（非公式の推定）",
        "データ欠損（抽出時に欠落）",
        "欠損（抽出時に欠落）",
        "<caption>データ表</caption>",
        "出典：テストデータ",
    ] {
        assert!(ja.contains(word), "ja chart: {word}");
    }
    let zh = f.read("zh/report/second.html");
    assert!(zh.contains("10万亿（非官方估计）") && zh.contains("来源：测试数据"));
    // The search index carries what site.toml says of each language's search.
    for (code, settings) in [
        (
            "zh",
            r#"{"segmentation":"cjk-runs","stemming":"english","shards":"#,
        ),
        (
            "en",
            r#"{"segmentation":"words","stemming":"english","shards":"#,
        ),
        (
            "ja",
            r#"{"segmentation":"cjk-runs","stemming":"none","shards":"#,
        ),
    ] {
        let index = f.read(&format!("{code}/search-index.js"));
        assert!(
            index.contains(&format!("window.ATLAS_SEARCH[\"{code}\"]={settings}")),
            "{code}: {}",
            &index[..120]
        );
    }
    // The coverage table has a column per language.
    let coverage = f.read("en/coverage.html");
    for name in ["<th>中文</th>", "<th>English</th>", "<th>日本語</th>"] {
        assert!(coverage.contains(name), "coverage column {name}");
    }
}

#[test]
fn a_missing_translation_falls_back_in_the_configured_order() {
    // trilingual: education is written in zh and ja. The fallback (en) is the missing language
    // itself, so the default (zh) stands in.
    let f = built("trilingual");
    let en = f.read("en/areas/education.html");
    assert!(en.contains("<a href=\"../../zh/areas/education.html\">中文</a>"));
    // ja-en: education is written in ja only.
    let f = built("ja-en");
    let en = f.read("en/areas/education.html");
    assert!(en.contains("has not been translated into English yet"));
    assert!(en.contains("<a href=\"../../ja/areas/education.html\">日本語</a>"));
    let listing = f.read("en/areas/index.html");
    assert!(
        listing.contains(">Education</a> <span class=\"badge\">"),
        "the name in English, marked untranslated"
    );
}

/// A site's sources (`site.toml` and `content/`), path to text.
fn sources(root: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(root).expect("prefix");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_file() && (rel == "site.toml" || rel.starts_with("content/")) {
            files.insert(rel, fs::read_to_string(entry.path()).expect("read"));
        }
    }
    files
}

/// The sources without language `code`: its line in `[languages]`, its texts and its files.
fn without_language(files: &BTreeMap<String, String>, code: &str) -> BTreeMap<String, String> {
    let file_name = format!("/{code}.md");
    let line = format!("{code} = ");
    let inline = format!(", {code} = \"");
    files
        .iter()
        .filter(|(path, _)| !path.ends_with(&file_name))
        .map(|(path, text)| {
            let mut out = String::new();
            for l in text.split_inclusive('\n') {
                if l.starts_with(&line) {
                    continue;
                }
                let mut l = l.to_string();
                // `, ja = "…"` inside an inline table (no text here holds a quote).
                while let Some(at) = l.find(&inline) {
                    let value = at + inline.len();
                    let end = value + l[value..].find('"').expect("closing quote") + 1;
                    l.replace_range(at..end, "");
                }
                out.push_str(&l);
            }
            (path.clone(), out)
        })
        .collect()
}

#[test]
fn a_third_language_is_a_line_in_site_toml_plus_its_texts_and_i18n_file() {
    // The three-language site, less Japanese's line and texts, is the two-language site exactly:
    // nothing else in the sources (and nothing in the generator) names the language.
    let trilingual = fixture("trilingual");
    let bilingual = fixture("basic");
    assert_eq!(
        without_language(&sources(&trilingual.root), "ja"),
        sources(&bilingual.root)
    );
    let report = trilingual.build().expect("three languages build");
    assert_eq!(
        report.pages,
        [
            ("zh".to_string(), 5),
            ("en".to_string(), 5),
            ("ja".to_string(), 5)
        ]
    );
    let report = bilingual.build().expect("two languages build");
    assert_eq!(report.pages.len(), 2);
    // The theme's words for the language are the third part: without them, a clear error.
    fs::remove_file(trilingual.root.join("themes/atlas/i18n/ja.toml")).expect("remove ja.toml");
    let err = trilingual.build().expect_err("no Japanese words");
    assert_eq!(
        render_diags(&err),
        "themes/atlas/i18n/ja.toml: error: missing: the theme has no UI words for language `ja` of site.toml"
    );
}

#[test]
fn texts_in_a_language_site_toml_does_not_declare_are_errors() {
    // Japanese texts left behind when its line is removed from site.toml.
    let f = fixture("trilingual");
    let config = fs::read_to_string(f.root.join("site.toml")).expect("site.toml");
    let config: String = config
        .split_inclusive('\n')
        .filter(|l| !l.starts_with("ja = { tag"))
        .collect();
    fs::write(f.root.join("site.toml"), config).expect("write");
    let err = f.build().expect_err("undeclared language");
    let text = render_diags(&err);
    assert!(
        text.starts_with(
            "site.toml:14:1: error: unknown language `ja` (site.toml declares: zh, en)\n"
        ),
        "{text}"
    );
    assert!(
        err.0
            .iter()
            .all(|d| d.message.contains("unknown language `ja`")),
        "{text}"
    );
    // Every text table of site.toml is named: title, description, 4 kinds × 2, a group,
    // 2 relations × 2, 2 facts.
    assert_eq!(err.0.len(), 17, "{text}");
}
