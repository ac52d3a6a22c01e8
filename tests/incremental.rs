//! Which files a change re-renders under `atlas serve`.

mod common;

use atlas::incremental::{plan, Plan};
use atlas::render::Job;

fn jobs_after(edit: impl Fn(&std::path::Path)) -> Vec<String> {
    let f = common::fixture("basic");
    let before = atlas::prepare(&f.root, None).expect("prepare");
    edit(&f.root);
    let after = atlas::prepare(&f.root, None).expect("prepare again");
    let site = after.site();
    match plan(&before, &after) {
        Plan::All => vec!["ALL".to_string()],
        Plan::Jobs(jobs) => {
            let mut paths: Vec<String> = jobs
                .iter()
                .map(|j: &Job| site.path(*j).as_str().to_string())
                .collect();
            paths.sort();
            paths
        }
    }
}

fn append(root: &std::path::Path, file: &str, text: &str) {
    let path = root.join(file);
    let old = std::fs::read_to_string(&path).expect("read");
    std::fs::write(path, format!("{old}{text}")).expect("write");
}

#[test]
fn a_body_edit_renders_the_page_the_pages_it_links_and_the_indexes() {
    let jobs = jobs_after(|root| append(root, "content/models/gpt/en.md", "\nMore.\n"));
    assert_eq!(
        jobs,
        [
            "en/companies/openai.html",
            "en/models/gpt.html",
            "en/print.html",
            "en/search-index.js",
            "zh/companies/openai.html",
            "zh/models/gpt.html",
            "zh/print.html",
            "zh/search-index.js"
        ]
    );
}

#[test]
fn a_title_edit_also_renders_the_pages_that_link_here_and_the_listings() {
    let jobs = jobs_after(|root| {
        let path = root.join("content/companies/openai/en.md");
        let text = std::fs::read_to_string(&path)
            .expect("read")
            .replace("title = \"OpenAI\"", "title = \"OpenAI Inc.\"");
        std::fs::write(path, text).expect("write");
    });
    for page in [
        "en/report/intro.html",
        "en/report/second.html",
        "en/models/gpt.html",
        "en/companies/index.html",
        "en/index.html",
        "en/atlas.html",
    ] {
        assert!(jobs.contains(&page.to_string()), "{page} in {jobs:?}");
    }
    assert!(
        !jobs.contains(&"en/areas/education.html".to_string()),
        "unrelated page re-rendered"
    );
}

#[test]
fn a_theme_edit_renders_everything() {
    assert_eq!(
        jobs_after(|root| append(root, "themes/atlas/static/style.css", "\n/* x */\n")),
        ["ALL"]
    );
}
