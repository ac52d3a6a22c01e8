//! Data files (`content/data/*.toml`) and the tables and charts placed from them.
use crate::config::{Config, Lang};
use crate::content::Content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceFile;

/// All data files of the site.
#[derive(Debug, Default)]
pub struct Figures {}

impl Figures {
    /// Renders a `{{ chart(data="…") }}` or `{{ table(data="…") }}` call.
    pub fn shortcode(&self, _call: &str, _lang: Lang) -> Option<String> {
        None
    }
}

pub fn parse_figures(_files: &[SourceFile]) -> Result<Figures, Diagnostics> {
    Ok(Figures {})
}

impl Figures {
    /// Checks every call on every page names a data file that exists.
    pub fn check_calls(&self, _config: &Config, _content: &Content) -> Vec<Diagnostic> {
        Vec::new()
    }
}
