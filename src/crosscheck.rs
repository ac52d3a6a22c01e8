//! Validation that needs more than one file at once: the site has pages, `home_page` names one of
//! them, no heading takes an id the theme's templates use; and no name or alias holds control
//! characters (texts are checked as they are parsed).
//!
//! Pure: takes what was loaded and parsed, returns every problem found.

use rustc_hash::FxHashMap;
use std::path::Path;

use crate::config::Config;
use crate::content::{Content, PageText};
use crate::diag::{file_error, Diagnostic, Diagnostics, SourceText};
use crate::sanitize::{has_control, CONTROL};
use crate::source::{Input, SourceFile};

/// Every finding of the checks below.
pub fn check(input: &Input, config: &Config, content: &Content) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if content.pages.is_empty() {
        diags.push(file_error(
            Path::new("content"),
            "the site has no pages: content/ holds no `<kind>/<slug>/` bundle folder (the previous output is kept)",
        ));
    }
    diags.extend(home_page(&input.config, config, content));
    for page in &content.pages {
        let meta = &page.meta_file;
        if page.meta.name.iter().flatten().any(|n| has_control(n)) {
            let at = crate::toml_errors::key_offset(&meta.text, "name").unwrap_or(0);
            diags.push(SourceText::new(&meta.path, &meta.text).error(at, CONTROL));
        }
        for alias in page
            .meta
            .aliases
            .iter()
            .filter(|a| has_control(a.get_ref()))
        {
            diags.push(SourceText::new(&meta.path, &meta.text).error(alias.span().start, CONTROL));
        }
    }
    diags
}

/// The findings of page `i` where known for its texts (see [`heading_findings`]).
pub type Kept<'a> = dyn Fn(usize) -> Option<&'a Vec<Diagnostic>> + Sync + 'a;

/// Per page in page order, the headings whose id a template of the theme also gives: they depend
/// on the page's texts and the templates only, so `kept` gives those of pages whose texts were
/// checked under the same templates.
pub fn heading_findings(
    templates: &[SourceFile],
    content: &Content,
    kept: &Kept<'_>,
) -> Vec<Vec<Diagnostic>> {
    let theme_ids = template_ids(templates);
    content
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| match kept(i) {
            Some(found) => found.clone(),
            None => page
                .texts
                .iter()
                .flatten()
                .flat_map(|text| heading_ids(text, &theme_ids))
                .collect(),
        })
        .collect()
}

/// `home_page = "kind/slug"` must name a page of the site.
fn home_page(file: &SourceFile, config: &Config, content: &Content) -> Option<Diagnostic> {
    let home = config.home_page.as_ref()?;
    if content.find(home).is_some() {
        return None;
    }
    let at = crate::toml_errors::key_offset(&file.text, "home_page").unwrap_or(0);
    Some(SourceText::new(&file.path, &file.text).error(
        at,
        format!(
            "`home_page` names `{}/{}`, which is not a page of the site",
            config.kind(home.kind).id,
            home.slug
        ),
    ))
}

/// The ids the theme's templates write as they are (`id="main"`), each with where it stands.
fn template_ids(templates: &[SourceFile]) -> FxHashMap<String, (&Path, usize, usize)> {
    let mut ids = FxHashMap::default();
    for file in templates {
        let src = SourceText::new(&file.path, &file.text);
        for (at, _) in file.text.match_indices(" id=\"") {
            let start = at + " id=\"".len();
            let Some(len) = file.text[start..].find('"') else {
                continue;
            };
            let id = &file.text[start..start + len];
            // An id made by the template (`id="{{ … }}"`) is not a fixed one.
            if id.is_empty() || id.contains(['{', '}']) {
                continue;
            }
            let (line, col) = src.position(at + 1);
            ids.entry(id.to_string())
                .or_insert((file.path.as_path(), line, col));
        }
    }
    ids
}

/// Headings whose id a template already gives another element of the page.
fn heading_ids(
    text: &PageText,
    theme_ids: &FxHashMap<String, (&Path, usize, usize)>,
) -> Vec<Diagnostic> {
    let src = SourceText::new(&text.file.path, &text.file.text);
    text.scan
        .headings
        .iter()
        .filter_map(|h| {
            let (path, line, col) = theme_ids.get(&h.id)?;
            Some(src.error(
                text.body_offset + h.offset,
                format!(
                    "heading id `{}` is also an id of the theme ({}:{line}:{col}): give the heading its own, e.g. `{{#{}-section}}` after its text",
                    h.id,
                    path.display(),
                    h.id
                ),
            ))
        })
        .collect()
}

/// What validation says about a body's markup under `policy`: raw HTML shown as text, or what
/// cleaning it changes; and what is left out whatever the policy. `body_offset` is where the body
/// starts in `src`.
pub fn markup_warnings(
    policy: crate::sanitize::RawHtml,
    scan: &crate::markdown::Scan,
    src: &crate::diag::SourceText,
    body_offset: usize,
) -> Vec<crate::diag::Diagnostic> {
    let mut found = Vec::new();
    for html in &scan.raw_html {
        match policy {
            crate::sanitize::RawHtml::Escape => found.push(src.warning(
                body_offset + html.offset,
                "raw HTML is shown as text; `raw_html = \"trusted\"` in site.toml writes it into pages (CONTENT.md, \"Raw HTML\")",
            )),
            crate::sanitize::RawHtml::Trusted => found.extend(
                html.changes
                    .iter()
                    .map(|c| src.warning(body_offset + c.offset, c.message.clone())),
            ),
        }
    }
    found.extend(
        scan.left_out
            .iter()
            .map(|(offset, message)| src.warning(body_offset + offset, message.clone())),
    );
    found
}
