//! The command line: `new`, `check --strict`, `check --format json`, exit codes.

mod common;

use std::process::Command;

use common::fixture;

fn atlas(root: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run atlas")
}

#[test]
fn new_creates_a_bundle_that_checks_and_refuses_to_overwrite() {
    let f = fixture("basic");
    let out = atlas(&f.root, &["new", "models", "bert"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["meta.toml", "zh.md", "en.md"] {
        assert!(
            f.root.join("content/models/bert").join(name).is_file(),
            "{name}"
        );
    }
    let again = atlas(&f.root, &["new", "models", "bert"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists; not overwriting it"));
    let bad = atlas(&f.root, &["new", "people", "x"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown kind `people`"));
    // The new bundle is reported as incomplete (no sections) by check, with its file.
    let check = atlas(&f.root, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr)
        .contains("content/models/bert/meta.toml:1:1: error: `sections` is missing or empty"));
}

#[test]
fn check_writes_nothing_and_strict_fails_on_warnings() {
    let f = fixture("basic");
    let plain = atlas(&f.root, &["check"]);
    assert!(plain.status.success(), "warnings alone pass");
    assert!(String::from_utf8_lossy(&plain.stdout).contains("check: 0 error(s), 1 warning(s)"));
    assert!(!f.out().exists(), "check wrote output");
    let strict = atlas(&f.root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let json = atlas(&f.root, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(v["diagnostics"][0]["file"], "content/areas/education/en.md");
    assert_eq!(v["coverage"][3]["kind"], "areas");
    assert_eq!(
        v["coverage"][3]["per_language"][1],
        serde_json::json!(["en", 0])
    );
    assert!(String::from_utf8_lossy(&plain.stdout).contains("coverage areas: zh 1/1, en 0/1"));
}

#[test]
fn build_prints_a_summary_and_fails_with_positions() {
    let f = fixture("basic");
    let ok = atlas(&f.root, &["build"]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).starts_with("built 10 pages (5 zh, 5 en)"));
    f.overlay("errors/unknown_link");
    let bad = atlas(&f.root, &["build"]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("content/companies/openai/en.md:7:1: error: unknown link target `[[gpt-99]]`"),
        "{err}"
    );
    assert!(err.contains("public/ left unchanged"));
}
