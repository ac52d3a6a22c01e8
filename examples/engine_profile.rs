//! Times the parts of one `serve` update after a one-page edit: `cargo run --release --example
//! engine_profile -- SITE_DIR PAGE_FILE`.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("SITE_DIR"));
    let page = args.next().expect("PAGE_FILE (relative to SITE_DIR)");
    let t = Instant::now();
    let mut input = atlas::load::load_site(&root).expect("load");
    println!("load: {:?}", t.elapsed());
    let mut engine = atlas::engine::Engine::default();
    let t = Instant::now();
    engine.update(&input, None).expect("first update");
    println!("first update: {:?}", t.elapsed());
    let mut cache = atlas::site::Cache::for_rebuilds();
    let old = atlas::site::prepare(&input, None, &mut cache).expect("prepare");
    for i in 0..5 {
        for b in &mut input.bundles {
            for (_, f) in &mut b.texts {
                if f.path.to_string_lossy() == page {
                    f.text = format!("{}\n\nEdit {i}.\n", f.text).into();
                }
            }
        }
        let t = Instant::now();
        let new = atlas::site::prepare(&input, None, &mut cache).expect("prepare");
        let prepare = t.elapsed();
        let t = Instant::now();
        let changes = atlas::reader::changes(&old, &new);
        let diff = t.elapsed();
        let t = Instant::now();
        let update = engine.update(&input, None).expect("update");
        println!(
            "prepare {prepare:?}, changes {diff:?}, whole update {:?} ({} rendered), changed parts {:?}",
            t.elapsed(),
            update.rendered.len(),
            match changes { atlas::reader::Changes::All => usize::MAX, atlas::reader::Changes::Some(s) => s.len() }
        );
    }
}
