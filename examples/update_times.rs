//! How long `serve` takes to bring one edit to the browser, without the file watcher and the HTTP
//! layer: `cargo run --release --example update_times -- SITE_DIR [KIND/SLUG [body|title]]`.
//! Builds the site through the engine, then appends a paragraph to the page's first text (or
//! changes its title) and updates again, five times, printing each update's time and how many
//! files it rendered (and which, the first time). `ROUNDS=N` sets the number of edits.
use std::sync::Arc;
use std::time::Instant;

/// The binary's allocator, so the times read as `serve`'s do.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("SITE_DIR"));
    let page = args.next();
    let title = args.next().as_deref() == Some("title");
    let t = Instant::now();
    let mut input = atlas::load::load_site(&root).expect("load");
    println!("load          {:>9.1?}", t.elapsed());
    let mut engine = atlas::engine::Engine::default();
    let t = Instant::now();
    let first = engine.update(&input, None).expect("first update");
    println!(
        "first update  {:>9.1?} ({} files)",
        t.elapsed(),
        first.rendered.len()
    );
    let at = input
        .bundles
        .iter()
        .position(|b| {
            page.as_deref()
                .is_none_or(|p| format!("{}/{}", b.kind, b.slug) == p)
        })
        .expect("the page");
    // ROUNDS=N repeats the edit N times (default 5), e.g. so a profile is mostly updates.
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    for round in 0..rounds {
        let file = &mut input.bundles[at].texts[0].1;
        file.text = Arc::from(if title {
            file.text
                .replacen("title = \"", &format!("title = \"Edit {round} "), 1)
        } else {
            format!("{}\n\nAn added paragraph, number {round}.\n", file.text)
        });
        let t = Instant::now();
        let update = engine.update(&input, None).expect("update");
        println!(
            "edit {round}        {:>9.1?} ({} files)",
            t.elapsed(),
            update.rendered.len()
        );
        if round == 0 {
            for (path, bytes) in &update.rendered {
                println!("  {path} {} KB", bytes.len() / 1024);
            }
        }
    }
}
