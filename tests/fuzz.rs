//! Fuzzed inputs through the whole pipeline (parse, resolve, render every file): no panic, no
//! hang, every failure a diagnostic naming a file of the site. Runs in memory on the basic fixture
//! with one file replaced by generated text. `PROPTEST_CASES=20000 cargo test --release --test fuzz`
//! runs it longer.

mod common;

use std::sync::OnceLock;

use atlas::load::{Input, SourceFile};
use proptest::prelude::*;

fn base() -> &'static (SourceFile, Input) {
    static BASE: OnceLock<(SourceFile, Input)> = OnceLock::new();
    BASE.get_or_init(|| {
        let f = common::fixture("basic");
        let input = atlas::load::load_site(&f.root).expect("input");
        (input.config.clone(), input)
    })
}

/// Runs the pipeline; panics (the failure proptest looks for) only on a panic inside or on a
/// diagnostic that names no file of the site.
fn run(config_file: &SourceFile, input: &Input) {
    let mut input = input.clone();
    input.config = config_file.clone();
    match atlas::site::prepare(&input, None, &mut atlas::site::Cache::none()) {
        Err(d) => assert_positions(&d),
        Ok(site) => {
            for job in site.jobs() {
                match atlas::render::render(&site, job) {
                    // Everything is validated before rendering: a render that fails is a bug.
                    Err(d) => panic!("rendering failed after validation passed: {d}"),
                    // The index's JSON is written by hand: it must stay JSON whatever the text.
                    Ok(r) if matches!(job, atlas::paths::Job::SearchIndex(_)) => {
                        let script = String::from_utf8(r.bytes).expect("UTF-8 index");
                        let start = script.find("\"]=").expect("index assignment") + 3;
                        let json = script[start..].trim_end().trim_end_matches(';');
                        let docs: serde_json::Value = serde_json::from_str(json)
                            .unwrap_or_else(|e| panic!("index is not JSON ({e}): {json}"));
                        assert!(
                            docs["docs"].is_array(),
                            "the index holds its documents: {json}"
                        );
                        assert!(!json.contains("</"), "`</` left in the index");
                    }
                    Ok(_) => {}
                }
            }
        }
    }
}

fn assert_positions(d: &atlas::diag::Diagnostics) {
    assert!(!d.0.is_empty(), "a failure without a diagnostic");
    for diag in &d.0 {
        assert!(
            !diag.file.as_os_str().is_empty() && !diag.message.is_empty(),
            "{diag}"
        );
    }
}

/// Text built from the pieces that matter to the parsers, mixed with anything.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[[".to_string()),
        Just("]]".to_string()),
        Just("|".to_string()),
        Just("#".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("## ".to_string()),
        Just("```rust\n".to_string()),
        Just("```".to_string()),
        Just("> [!NOTE]\n> ".to_string()),
        Just("| a | b |\n|---|---|\n| ".to_string()),
        Just("{{ chart(data=\"sizes\") }}".to_string()),
        Just("{{ table(data=\"".to_string()),
        Just("[^1]".to_string()),
        Just("gpt".to_string()),
        Just("openai".to_string()),
        Just("开放人工智能".to_string()),
        Just("intro#结论".to_string()),
        Just("字节跳动。".to_string()),
        Just("<script>".to_string()),
        Just("+++".to_string()),
        Just("\u{feff}".to_string()),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn tomlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name = { zh = \"甲\", en = \"A\" }\n".to_string()),
        Just("sections = [\"1.1\"]\n".to_string()),
        Just("sections = [\"9\"]\n".to_string()),
        Just("aliases = [\"开放人工智能\"]\n".to_string()),
        Just("group = \"ch1\"\n".to_string()),
        Just("order = -9223372036854775808\n".to_string()),
        Just("[facts]\n".to_string()),
        Just("params = 175000000000\n".to_string()),
        Just("params = { value = -1 }\n".to_string()),
        Just("released = \"2020-02-30\"\n".to_string()),
        Just("released = 99999\n".to_string()),
        Just("[relations]\n".to_string()),
        Just("developed_by = [\"openai\"]\n".to_string()),
        Just("used_in = [{ to = \"education\", outside = true }]\n".to_string()),
        Just("developed_by = [1, {}, []]\n".to_string()),
        Just("[[rows]]\n".to_string()),
        Just("=".to_string()),
        Just("\"".to_string()),
        Just("[".to_string()),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..20).prop_map(|v| v.concat())
}

fn with_file(path: &str, text: String) -> (SourceFile, Input) {
    let (config, input) = base();
    let mut input = input.clone();
    let mut config = config.clone();
    if path == "site.toml" {
        config.text = text.into();
        return (config, input);
    }
    for bundle in &mut input.bundles {
        if let Some(meta) = bundle
            .meta
            .as_mut()
            .filter(|m| m.path.to_string_lossy() == path)
        {
            meta.text = text.as_str().into();
        }
        for (_, f) in &mut bundle.texts {
            if f.path.to_string_lossy() == path {
                f.text = text.as_str().into();
            }
        }
    }
    for f in &mut input.data {
        if f.path.to_string_lossy() == path {
            f.text = text.as_str().into();
        }
    }
    (config, input)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn markdown_bodies(body in markdownish()) {
        let (c, i) = with_file("content/report/second/en.md", format!("+++\ntitle = \"T\"\ndescription = \"D\"\n+++\n{body}"));
        run(&c, &i);
    }

    #[test]
    fn whole_text_files(text in markdownish()) {
        let (c, i) = with_file("content/models/gpt/zh.md", text);
        run(&c, &i);
    }

    #[test]
    fn meta_files(meta in tomlish()) {
        let (c, i) = with_file("content/models/gpt/meta.toml", meta);
        run(&c, &i);
    }

    #[test]
    fn front_matter(fm in tomlish()) {
        let (c, i) = with_file("content/companies/openai/en.md", format!("+++\n{fm}\n+++\nBody [[gpt]].\n"));
        run(&c, &i);
    }

    #[test]
    fn data_files(data in tomlish()) {
        let (c, i) = with_file("content/data/sizes.toml", data);
        run(&c, &i);
    }
}
