//! Rendering: one output file from the prepared site, with what it was made from.
//!
//! Pure: takes the site and returns bytes and their [`Deps`]; the writer and the server decide
//! where they go.

use std::io::Write;

use crate::diag::{file_error, Diagnostic};
use crate::paths::Job;
use crate::reader::{Deps, Reader};
use crate::search;
use crate::site::Site;
use crate::views::{Kept, View};

/// An output file's bytes and what they were made from.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub deps: Deps,
}

/// Renders one job.
pub fn render(site: &Site, job: Job) -> Result<Rendered, Diagnostic> {
    render_keeping(site, job, None)
}

/// Renders one job, taking the parts `kept` holds from earlier renders and keeping the parts it
/// makes (`serve`).
pub fn render_keeping(site: &Site, job: Job, kept: Option<&Kept>) -> Result<Rendered, Diagnostic> {
    let mut bytes = Vec::new();
    let deps = render_parts(site, job, kept, &mut bytes)?;
    Ok(Rendered { bytes, deps })
}

/// Renders one job into `out` (the search index is streamed: at ten thousand pages it is large).
pub fn render_into(site: &Site, job: Job, out: &mut dyn Write) -> Result<Deps, Diagnostic> {
    render_parts(site, job, None, out)
}

fn render_parts(
    site: &Site,
    job: Job,
    kept: Option<&Kept>,
    out: &mut dyn Write,
) -> Result<Deps, Diagnostic> {
    let path = site.path(job);
    let reader = Reader::new(site);
    let written =
        match job {
            Job::SearchIndex(lang) => {
                search::write_index(reader.everything(), lang, out).map_err(|e| io_error(&path, e))
            }
            Job::SearchTerms(lang, i) => search::write_shard(reader.everything(), lang, i, out)
                .map_err(|e| io_error(&path, e)),
            Job::SearchDocs(lang, i) => search::write_docs(reader.everything(), lang, i, out)
                .map_err(|e| io_error(&path, e)),
            Job::Robots => write_all(
                out,
                format!(
                    "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                    site.config.base_url
                )
                .as_bytes(),
                &path,
            ),
            Job::Export => write_all(
                out,
                crate::export::atlas_json(reader.everything()).as_bytes(),
                &path,
            ),
            Job::NoJekyll => Ok(()),
            Job::SyntaxCss => write_all(out, crate::highlight::stylesheet().as_bytes(), &path),
            Job::Static(i) => write_all(out, &site.theme.statics()[i].bytes, &path),
            _ => {
                let view = View {
                    r: &reader,
                    theme: &site.theme,
                    kept,
                };
                let bytes = view.render(job, &path)?;
                write_all(out, &bytes, &path)
            }
        };
    written?;
    Ok(reader.into_deps())
}

fn write_all(
    out: &mut dyn Write,
    bytes: &[u8],
    path: &crate::url::OutPath,
) -> Result<(), Diagnostic> {
    out.write_all(bytes).map_err(|e| io_error(path, e))
}

fn io_error(path: &crate::url::OutPath, e: std::io::Error) -> Diagnostic {
    file_error(
        std::path::Path::new(path.as_str()),
        format!("cannot write: {e}"),
    )
}
