//! The layering of `src/`, checked on the source: no module depends on itself through others, and
//! only the loader, the writer and the server touch the filesystem or the network.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The code of each top-level module of the crate (`x.rs`, or every file of `x/`), unit tests left
/// out (they may reach anywhere).
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(&src).expect("src").flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let (module, files) = if path.is_dir() {
            let files = fs::read_dir(&path)
                .expect("module folder")
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "rs"))
                .collect();
            (name, files)
        } else if let Some(stem) = name.strip_suffix(".rs") {
            (stem.to_string(), vec![path])
        } else {
            continue;
        };
        let mut code = String::new();
        for file in files {
            let text = fs::read_to_string(&file).expect("read module");
            let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
            // Comments (and doc links in them) are not dependencies.
            for line in before_tests.lines() {
                if !line.trim_start().starts_with("//") {
                    code.push_str(line);
                    code.push('\n');
                }
            }
        }
        modules.insert(module, code);
    }
    modules
}

/// Each module of the crate with the modules it names (`crate::x`, `use crate::{x, …}`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let names: BTreeSet<&String> = modules
        .keys()
        .filter(|n| *n != "main" && *n != "lib")
        .collect();
    let mut graph = BTreeMap::new();
    for name in &names {
        let code = &modules[*name];
        let mut uses = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let end = list.find('}').unwrap_or(list.len());
                for item in list[..end].split(',') {
                    let m = item.trim().split("::").next().unwrap_or_default();
                    uses.insert(m.to_string());
                }
            } else {
                let m: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                uses.insert(m);
            }
        }
        uses.retain(|m| names.contains(m) && m != *name);
        graph.insert((*name).clone(), uses);
    }
    graph
}

/// A cycle in `graph`, if there is one (depth-first search; a module met again on the current
/// path closes a cycle).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if done.contains(m) {
            return None;
        }
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_graph_has_no_cycles() {
    let graph = imports();
    assert!(graph.len() > 15, "read the modules: {graph:?}");
    assert!(
        graph["views"].contains("reader"),
        "imports are read: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn a_cycle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["c".to_string()].into()),
        ("c".to_string(), ["a".to_string()].into()),
    ]
    .into();
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}

#[test]
fn only_the_loader_the_writer_and_the_server_touch_the_outside_world() {
    let allowed = ["load", "write", "serve", "main"];
    let mut offenders = Vec::new();
    for (name, code) in modules() {
        if allowed.contains(&name.as_str()) {
            continue;
        }
        for needle in [
            "std::fs",
            "fs::",
            "std::net",
            "TcpStream",
            "File::",
            "walkdir",
            "println!",
            "eprintln!",
        ] {
            if code.contains(needle) {
                offenders.push(format!("{name}: {needle}"));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:?}");
}
