//! Where a build's time goes, by kind of output file, on one thread: `cargo run --release
//! --example job_times -- SITE_DIR`. Prints the stages of `prepare` and each job family's total.
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("SITE_DIR"));
    let t = Instant::now();
    let input = atlas::load::load_site(&root).expect("load");
    println!("load      {:>9.1?}", t.elapsed());
    let t = Instant::now();
    let site =
        atlas::site::prepare(&input, None, &mut atlas::site::Cache::none()).expect("prepare");
    println!("prepare   {:>9.1?}", t.elapsed());
    let mut totals: BTreeMap<String, (usize, Duration, usize)> = BTreeMap::new();
    for job in site.jobs() {
        let family = format!("{job:?}");
        let family = family.split('(').next().unwrap_or("").to_string();
        let t = Instant::now();
        let out = atlas::render::render(&site, job).expect("render");
        let e = totals.entry(family).or_default();
        e.0 += 1;
        e.1 += t.elapsed();
        e.2 += out.bytes.len();
    }
    let mut all = Duration::ZERO;
    for (family, (n, d, bytes)) in &totals {
        all += *d;
        println!(
            "{family:<12} {n:>5} files {:>9.1?} {:>8} KB",
            d,
            bytes / 1024
        );
    }
    println!("render    {all:>9.1?}");
}
