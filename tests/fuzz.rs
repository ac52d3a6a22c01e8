//! Fuzzed inputs through the whole pipeline (parse, resolve, render every file): no panic, no
//! hang, every failure a diagnostic naming a file of the site. Runs in memory on the basic fixture
//! with one file replaced by generated text. `PROPTEST_CASES=20000 cargo test --release --test fuzz`
//! runs it longer.
//!
//! Besides random text, structure-aware generators build what made the generator slow or unsafe
//! before (issue 19): one construct repeated up to thousands of times (headings, links, errors),
//! deep nesting, huge and odd numbers in data files, control characters and hostile raw HTML.
//! Every input has a time bound (`FUZZ_TIME_BOUND_MS`, default 10,000 ms, far above what a linear
//! pipeline needs for these sizes, far below what a quadratic one took), and every page written
//! must be free of event handlers, script URLs and `NaN` coordinates, and end as HTML.

mod common;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

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
                    Ok(r) if site.path(job).as_str().ends_with(".html") => {
                        let html = String::from_utf8(r.bytes).expect("UTF-8 page");
                        assert_safe_page(site.path(job).as_str(), &html);
                    }
                    // The index's JSON is written by hand: every file of it (the manifest, the term
                    // files, the document files) must stay JSON whatever the text.
                    Ok(r)
                        if matches!(
                            job,
                            atlas::paths::Job::SearchIndex(_)
                                | atlas::paths::Job::SearchTerms(..)
                                | atlas::paths::Job::SearchDocs(..)
                        ) =>
                    {
                        let script = String::from_utf8(r.bytes).expect("UTF-8 index");
                        let start = script.find("]=").expect("index assignment") + 2;
                        let json = script[start..].trim_end().trim_end_matches(';');
                        let value: serde_json::Value = serde_json::from_str(json)
                            .unwrap_or_else(|e| panic!("index is not JSON ({e}): {json}"));
                        let expected = match job {
                            atlas::paths::Job::SearchIndex(_) => value["docs"].is_u64(),
                            // Front-coded keys and postings, one string.
                            atlas::paths::Job::SearchTerms(..) => value.is_string(),
                            _ => value.is_array(),
                        };
                        assert!(expected, "the index file has its shape: {json}");
                        assert!(!json.contains("</"), "`</` left in the index");
                    }
                    Ok(_) => {}
                }
            }
        }
    }
}

/// The time one input may take, whatever it is.
fn time_bound() -> Duration {
    let ms = std::env::var("FUZZ_TIME_BOUND_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    Duration::from_millis(ms)
}

/// Runs the pipeline within the time bound.
fn run_bounded(config_file: &SourceFile, input: &Input) {
    let start = Instant::now();
    run(config_file, input);
    let took = start.elapsed();
    assert!(
        took < time_bound(),
        "one input took {took:?} (bound {:?})",
        time_bound()
    );
}

/// A page holds no event handler or script URL in its tags, no `NaN` coordinate, and ends as a
/// document: nothing an author writes swallows the rest. Tags are read as a browser reads them:
/// a comment, and the content of a raw-text element (a script), hold no tags.
fn assert_safe_page(path: &str, html: &str) {
    const RAW_TEXT: [&str; 10] = [
        "script",
        "style",
        "textarea",
        "plaintext",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "title",
    ];
    let lower_page = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower_page[at..].find('<').map(|i| at + i) {
        let rest = &lower_page[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->");
            assert!(end.is_some(), "{path}: a comment that is never closed");
            at = i + 4 + end.unwrap_or(0) + 3;
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        at = i + end.max(1);
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let handler = tag
            .match_indices(" on")
            .chain(tag.match_indices("\non"))
            .any(|(j, _)| {
                let name: String = tag[j + 3..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                !name.is_empty() && tag[j + 3 + name.len()..].trim_start().starts_with('=')
            });
        assert!(!handler, "{path}: event handler in `{tag}`");
        for scheme in ["javascript:", "vbscript:", "data:"] {
            assert!(!tag.contains(scheme), "{path}: `{scheme}` in `{tag}`");
        }
        assert!(!tag.contains("\"nan\""), "{path}: NaN in `{tag}`");
        let name: String = tag[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if RAW_TEXT.contains(&name.as_str()) {
            let close = lower_page[at..].find(&format!("</{name}"));
            assert!(close.is_some(), "{path}: `{tag}` is never closed");
            at += close.unwrap_or(0);
        }
    }
    assert!(
        html.trim_end().ends_with("</html>") || !html.trim_start().starts_with("<!DOCTYPE"),
        "{path}: the page does not end as HTML"
    );
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

/// One construct repeated up to thousands of times, between ordinary text: what made headings,
/// links, backlink contexts and error reports quadratic.
fn repeated() -> impl Strategy<Value = String> {
    let unit = prop_oneof![
        Just("## Same\n".to_string()),
        Just("## 相同\n\n".to_string()),
        Just("[[gpt]]".to_string()),
        Just("[[gpt]] ".to_string()),
        Just("[[gpt|GPT]]。".to_string()),
        Just("[[nope]]\n\n".to_string()),
        Just("[[intro#background]] ".to_string()),
        Just("- [[openai]]\n".to_string()),
        Just("| [[gpt]] | x |\n".to_string()),
        Just("[^1]".to_string()),
        Just("*_".to_string()),
        Just("[".to_string()),
        Just("<b onclick=x>".to_string()),
        Just("{{ chart(data=\"sizes\") }}\n\n".to_string()),
        Just("\u{0}".to_string()),
        // Numbers for the numbers-parity check: units, dates, ranges, an unclosed 《, digit runs.
        Just("1750 亿，".to_string()),
        Just("175 billion, ".to_string()),
        Just("2023 年 3 月或".to_string()),
        Just("hundreds of billions of ".to_string()),
        Just("数十万".to_string()),
        Just("10–".to_string()),
        Just("《1 ".to_string()),
        Just("1.".to_string()),
        Just("9".to_string()),
        "[a-z]{1,3}[.。 ]",
    ];
    (unit, 1usize..3000, markdownish()).prop_map(|(unit, n, tail)| unit.repeat(n) + "\n\n" + &tail)
}

/// Constructs nested up to two thousand deep.
fn nested() -> impl Strategy<Value = String> {
    (0usize..6, 1usize..2000).prop_map(|(kind, n)| match kind {
        0 => ">".repeat(n) + " deep [[gpt]]\n",
        1 => (0..n.min(400))
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
        2 => "[".repeat(n) + "[[gpt]]" + &"]".repeat(n),
        3 => "*".repeat(n) + "x" + &"*".repeat(n),
        4 => "<div>".repeat(n) + "x",
        _ => "> - ".repeat(n) + "x\n",
    })
}

/// Raw HTML and links an attacker would write: handlers, script URLs (also spelled with
/// references and white space), constructs that swallow the page, heading attributes.
fn hostile_html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">a</a>".to_string()),
        Just("<a href=\"&#106;ava&#x73;cript&colon;x\">a</a>".to_string()),
        Just("<a href=\" java\tscript:x\">a</a>".to_string()),
        Just("<iframe src=\"data:text/html,x\"></iframe>".to_string()),
        Just("<svg onload=alert(1)>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<plaintext>".to_string()),
        Just("<style>".to_string()),
        Just("<textarea>".to_string()),
        Just("<div\nonclick=x>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("![i](data:image/png;base64,AAAA)".to_string()),
        Just("<javascript:alert(1)>".to_string()),
        Just("## H {#id .c onmouseover=alert(1) style=x}\n".to_string()),
        Just("\n\n".to_string()),
        Just("\n".to_string()),
        Just("\u{0}\u{1b}\u{7f}\u{85}".to_string()),
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

/// Numbers at the edges of what TOML and charts take.
fn data_file() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        Just("1.7e308"),
        Just("-1.7e308"),
        Just("1e300"),
        Just("-1e-320"),
        Just("nan"),
        Just("inf"),
        Just("-0.0"),
        Just("0"),
        Just("9223372036854775807"),
        Just("-9223372036854775808"),
        Just("2023"),
        Just("45.6"),
        Just("{ missing = true }"),
    ];
    let kind = prop_oneof![Just("count"), Just("number"), Just("percent"), Just("year")];
    let chart = prop_oneof![
        Just("type = \"bar\"\nscale = \"log\""),
        Just("type = \"bar\""),
        Just("type = \"share\""),
        Just("type = \"timeline\""),
        Just("type = \"baseline\"\nbaseline = { value = 1e308, label = { zh = \"基\", en = \"Base\" } }"),
    ];
    (chart, kind, prop::collection::vec(number, 0..12)).prop_map(|(chart, kind, values)| {
        let mut text = format!("title = {{ zh = \"数\", en = \"Data\" }}\ndescription = {{ zh = \"数\", en = \"Data\" }}\n\n[chart]\n{chart}\nlabel = \"model\"\nvalue = \"params\"\n\n[[columns]]\nid = \"model\"\nlabel = {{ zh = \"模型\", en = \"Model\" }}\nkind = \"text\"\n\n[[columns]]\nid = \"params\"\nlabel = {{ zh = \"值\", en = \"Value\" }}\nkind = \"{kind}\"\n");
        for (i, v) in values.iter().enumerate() {
            text.push_str(&format!("\n[[rows]]\nmodel = \"M{i}\"\nparams = {v}\n"));
        }
        text
    })
}

/// The config with raw HTML written for trusted authors.
fn trusted(config: SourceFile) -> SourceFile {
    let text = config
        .text
        .replacen("theme = ", "raw_html = \"trusted\"\ntheme = ", 1);
    SourceFile {
        path: config.path,
        text: text.into(),
    }
}

fn body(text: &str) -> String {
    format!("+++\ntitle = \"T\"\ndescription = \"D\"\n+++\n{text}")
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
        run_bounded(&c, &i);
    }

    #[test]
    fn whole_text_files(text in markdownish()) {
        let (c, i) = with_file("content/models/gpt/zh.md", text);
        run_bounded(&c, &i);
    }

    #[test]
    fn meta_files(meta in tomlish()) {
        let (c, i) = with_file("content/models/gpt/meta.toml", meta);
        run_bounded(&c, &i);
    }

    #[test]
    fn front_matter(fm in tomlish()) {
        let (c, i) = with_file("content/companies/openai/en.md", format!("+++\n{fm}\n+++\nBody [[gpt]].\n"));
        run_bounded(&c, &i);
    }

    #[test]
    fn data_files(data in tomlish()) {
        let (c, i) = with_file("content/data/sizes.toml", data);
        run_bounded(&c, &i);
    }

    #[test]
    fn repeated_constructs(text in repeated()) {
        let (c, i) = with_file("content/report/second/en.md", body(&text));
        run_bounded(&c, &i);
    }

    #[test]
    fn deep_nesting(text in nested()) {
        let (c, i) = with_file("content/models/gpt/en.md", body(&text));
        run_bounded(&c, &i);
    }

    #[test]
    fn hostile_html_escaped(text in hostile_html()) {
        let (c, i) = with_file("content/companies/openai/en.md", body(&text));
        run_bounded(&c, &i);
    }

    #[test]
    fn hostile_html_trusted(text in hostile_html()) {
        let (c, i) = with_file("content/companies/openai/en.md", body(&text));
        run_bounded(&trusted(c), &i);
    }

    #[test]
    fn extreme_numbers(data in data_file()) {
        let (c, i) = with_file("content/data/sizes.toml", data);
        run_bounded(&c, &i);
    }
}
