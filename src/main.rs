//! `atlas`: the command line. Thin: parses arguments, calls the library, prints its report.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use atlas::diag::{Diagnostic, Severity};

/// A build allocates and frees many small strings from every thread (views, template values).
/// With mimalloc the real site builds in 0.19–0.20 s instead of 0.22–0.23 s (median wall, 2 cores)
/// and 10,000 bundles in 9.2 s instead of 10.4 s, for 14% more peak memory (benches/README.md).
/// Its v2 (Cargo.toml says why): 7.0 s and 530 MB at 10k, 0.15 s and 52 MB for the real site.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// LLM Atlas: builds a knowledge site, in the languages site.toml declares, from content bundles.
///
/// Exit codes: 0 success; 1 the site has errors (each printed as file:line:col); 2 bad usage.
#[derive(Parser)]
#[command(name = "atlas", version, about, long_about = None)]
struct Cli {
    /// The site's root folder (holding site.toml, content/ and themes/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (the previous output is kept if the build fails).
    Build {
        /// Output folder.
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Base URL for canonical links, the sitemap and Open Graph (overrides site.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Run every validation of a build and write nothing.
    Check {
        /// Treat warnings (translation parity, missing translations...) as errors.
        #[arg(long)]
        strict: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Serve the site on 127.0.0.1, rebuild on every change and reload open pages.
    Serve {
        /// The port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Create a new bundle `content/<KIND>/<SLUG>/` ready to fill in (never overwrites).
    New {
        /// A kind declared in site.toml (report, models, companies, areas).
        kind: String,
        /// The page's slug: a-z, 0-9 and -.
        slug: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { out, base_url } => {
            let out = if out.is_absolute() {
                out
            } else {
                cli.root.join(out)
            };
            let options = atlas::BuildOptions {
                root: cli.root,
                out,
                base_url,
            };
            match atlas::build(&options) {
                Ok(report) => {
                    print_all(&report.warnings);
                    let per_lang: Vec<String> = report
                        .pages
                        .iter()
                        .map(|(l, n)| format!("{n} {l}"))
                        .collect();
                    println!(
                        "built {} pages ({}), {} files in {:.0} ms (validate {:.0} ms, render and write {:.0} ms){}",
                        report.pages.iter().map(|p| p.1).sum::<usize>(),
                        per_lang.join(", "),
                        report.files,
                        report.elapsed.as_secs_f64() * 1000.0,
                        report.prepare_time.as_secs_f64() * 1000.0,
                        report.write_time.as_secs_f64() * 1000.0,
                        warning_note(report.warnings.len())
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_all(&diags.0);
                    let outcome = if atlas::write::output_intact(&diags) {
                        format!("{}/ left unchanged", options.out.display())
                    } else {
                        format!("{}/ is missing (see above)", options.out.display())
                    };
                    eprintln!(
                        "build failed: {} error(s); {outcome}",
                        diags.errors().count()
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Serve { port } => {
            let options = atlas::serve::ServeOptions {
                root: cli.root,
                port,
            };
            let report = |event: atlas::serve::Event| match event {
                atlas::serve::Event::Listening(url) => {
                    println!("serving at {url} (Ctrl-C to stop)")
                }
                atlas::serve::Event::Built {
                    rendered,
                    total,
                    elapsed,
                } => {
                    println!(
                        "rebuilt: rendered {rendered} of {total} files in {:.0} ms",
                        elapsed.as_secs_f64() * 1000.0
                    )
                }
                atlas::serve::Event::Failed(errors) => {
                    eprintln!("{errors}\nbuild failed; still serving the last good site")
                }
                atlas::serve::Event::Polling(reason) => {
                    eprintln!(
                        "note: no file notifications ({reason}); checking for changes every 150 ms"
                    )
                }
            };
            match atlas::serve::serve(&options, &report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::New { kind, slug } => new_bundle(&cli.root, &kind, &slug),
        Command::Check { strict, format } => {
            let report = atlas::check(&cli.root);
            let errors = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = report.diagnostics.len() - errors;
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                ),
                Format::Text => {
                    print_all(&report.diagnostics);
                    for c in &report.coverage {
                        let langs: Vec<String> = c
                            .per_language
                            .iter()
                            .map(|(l, n)| format!("{l} {n}/{}", c.total))
                            .collect();
                        println!("coverage {}: {}", c.kind, langs.join(", "));
                    }
                    println!(
                        "check: {errors} error(s), {warnings} warning(s){}",
                        if strict { " (strict)" } else { "" }
                    );
                }
            }
            if errors > 0 || (strict && warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn new_bundle(root: &std::path::Path, kind: &str, slug: &str) -> ExitCode {
    let config =
        atlas::load::load_config(root).and_then(|f| atlas::config::parse_config(&f.path, &f.text));
    let config = match config {
        Ok(c) => c,
        Err(d) => {
            print_all(&d.0);
            return ExitCode::from(1);
        }
    };
    match atlas::write::create_bundle(root, &config, kind, slug) {
        Ok(files) => {
            for f in files {
                println!("created {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn print_all(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn warning_note(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(", {n} warning(s)")
    }
}
