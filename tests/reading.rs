//! The reading aids of the theme, on a real build of the fixture site: the site tree, heading
//! anchors, link-preview data, the highlighting stylesheet only where there is code, the folded
//! fact box, and a 404 page that works from any depth.

mod common;

use std::fs;

use common::fixture;

/// The `<nav class="tree">` of a page.
fn tree(html: &str) -> &str {
    let start = html.find("<nav class=\"tree\"").expect("site tree");
    let end = html[start..].find("</nav>").expect("tree end") + start + 6;
    &html[start..end]
}

#[test]
fn site_tree_marks_the_current_page_and_opens_its_chapter() {
    let f = fixture("basic");
    f.build().expect("build");
    let second = f.read("en/report/second.html");
    insta::assert_snapshot!(tree(&second));
    // On an entity page the report's chapters stay folded and the entity's own kind is open.
    let gpt = f.read("en/models/gpt.html");
    let t = tree(&gpt);
    assert!(
        t.contains("<li><details><summary>Chapter 1</summary>"),
        "{t}"
    );
    assert!(t.contains("<a href=\"gpt.html\" aria-current=\"page\">GPT &lt;model&gt;</a>"));
    assert_eq!(
        t.matches("aria-current").count(),
        1,
        "one current entry: {t}"
    );
    // A group's own page is current in the tree, and its chapter open.
    let ch1 = f.read("zh/report/ch1.html");
    let t = tree(&ch1);
    assert!(
        t.contains("<details open><summary class=\"is-current\">"),
        "{t}"
    );
    assert!(t.contains("href=\"ch1.html\" aria-current=\"page\""), "{t}");
    // The tree is on every page built from base.html, the home page included, with working links.
    let home = f.read("zh/index.html");
    for href in tree(&home).split("href=\"").skip(1) {
        let href = &href[..href.find('"').expect("quote")];
        assert!(
            f.out().join("zh").join(href).is_file(),
            "tree link {href} from zh/index.html"
        );
    }
}

#[test]
fn headings_link_to_themselves() {
    let f = fixture("basic");
    f.build().expect("build");
    let second = f.read("en/report/second.html");
    assert!(
        second.contains("<div class=\"h\"><h2 id=\"conclusion\">Conclusion</h2><a class=\"anchor\" href=\"#conclusion\"><span class=\"visually-hidden\">Link to this section: Conclusion</span><span aria-hidden=\"true\">#</span></a></div>"),
        "{}",
        &second[second.find("conclusion").unwrap_or(0)..].chars().take(300).collect::<String>()
    );
}

#[test]
fn highlighting_stylesheet_only_where_there_is_code() {
    let f = fixture("basic");
    f.build().expect("build");
    assert!(f
        .read("en/report/second.html")
        .contains("static/syntax.css"));
    for page in [
        "en/models/gpt.html",
        "en/index.html",
        "en/report/intro.html",
    ] {
        assert!(!f.read(page).contains("syntax.css"), "{page}");
    }
    assert!(f.out().join("static/syntax.css").is_file());
}

#[test]
fn every_page_names_its_icon() {
    let f = fixture("basic");
    f.build().expect("build");
    assert!(f.out().join("static/favicon.svg").is_file());
    for page in [
        "index.html",
        "404.html",
        "en/index.html",
        "zh/models/gpt.html",
    ] {
        assert!(f.read(page).contains("rel=\"icon\""), "{page}");
    }
}

#[test]
fn link_previews_hold_title_kind_description_and_facts() {
    let f = fixture("basic");
    f.build().expect("build");
    let script = f.read("en/previews.js");
    let json = script
        .strip_prefix(
            "window.ATLAS_PREVIEWS=window.ATLAS_PREVIEWS||{};window.ATLAS_PREVIEWS[\"en\"]=",
        )
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("a script setting one global");
    let data: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let gpt = &data["en/models/gpt.html"];
    assert_eq!(gpt["t"], "GPT <model>");
    assert_eq!(gpt["k"], "Model");
    assert!(gpt["d"].as_str().is_some_and(|d| !d.is_empty()));
    let facts = gpt["f"].as_array().expect("facts");
    assert!(!facts.is_empty() && facts.len() <= 3, "{facts:?}");
    assert_eq!(facts[0][0], "Released");
    // Every page of the language is there, and only pages.
    let keys: Vec<&String> = data.as_object().expect("map").keys().collect();
    assert!(keys.iter().all(|k| f.out().join(k).is_file()), "{keys:?}");
    assert!(keys.contains(&&"en/report/second.html".to_string()));
    assert!(!script.contains("</"), "safe to inline");
}

#[test]
fn the_not_found_page_is_styled_and_links_home_from_anywhere() {
    let f = fixture("basic");
    f.build().expect("build");
    let page = f.read("404.html");
    // Its style is inline, so it shows styled at any depth and from disk.
    assert!(page.contains("<style>"));
    assert!(!page.contains("rel=\"stylesheet\""));
    // Links relative to the configured base path (right at any depth on the configured host); a
    // script re-roots them from disk or under another base path (tests/browser/site.test.js).
    assert!(page.contains("<base href=\"/atlas-test/\">"), "{page}");
    assert!(page.contains("href=\"en/index.html\""), "{page}");
}

#[test]
fn a_very_large_report_lists_only_the_open_chapter_in_every_tree() {
    // 301 sections in two chapters: past 300 the tree lists the open chapter's sections only, so
    // a page's tree does not grow with the whole report.
    let f = fixture("basic");
    let site = fs::read_to_string(f.root.join("site.toml")).expect("site.toml");
    let site = site.replace(
        "name = { zh = \"第一章\", en = \"Chapter 1\" }",
        "name = { zh = \"第一章\", en = \"Chapter 1\" }\n[[kinds.groups]]\nid = \"ch2\"\nname = { zh = \"第二章\", en = \"Chapter 2\" }",
    );
    fs::write(f.root.join("site.toml"), site).expect("write site.toml");
    for i in 0..299 {
        let dir = f.root.join(format!("content/report/extra-{i}"));
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(
            dir.join("meta.toml"),
            format!(
                "order = {}\ngroup = \"ch2\"\nsections = [\"9.{i}\"]\n",
                100 + i
            ),
        )
        .expect("meta");
        for lang in ["zh", "en"] {
            fs::write(
                dir.join(format!("{lang}.md")),
                format!("+++\ntitle = \"9.{i} Extra\"\ndescription = \"An extra section.\"\n+++\n\nText.\n"),
            )
            .expect("text");
        }
    }
    f.build().expect("build");
    let intro = f.read("en/report/intro.html");
    let t = tree(&intro);
    assert!(
        t.contains("1.2 Second section"),
        "the open chapter is listed"
    );
    assert!(
        !t.contains("9.5 Extra"),
        "a closed chapter's sections are not"
    );
    let extra = f.read("en/report/extra-5.html");
    assert!(tree(&extra).contains("9.5 Extra") && !tree(&extra).contains("1.2 Second section"));
}
