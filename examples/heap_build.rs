//! A build through the library with the system allocator, for heap profilers (heaptrack, dhat):
//! `heaptrack target/release/examples/heap_build SITE_DIR OUT_DIR`.
fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("SITE_DIR"));
    let out = std::path::PathBuf::from(args.next().expect("OUT_DIR"));
    let report = atlas::build(&atlas::BuildOptions {
        root,
        out,
        base_url: None,
    })
    .expect("build");
    println!("{} files in {:?}", report.files, report.elapsed);
}
