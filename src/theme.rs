//! The theme: its templates compiled once, and its UI strings in every language.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use crate::config::{Config, Lang};
use crate::content::lang_index;
use crate::diag::{file_error, Diagnostic, Diagnostics};
use crate::html;
use crate::source::{SourceFile, StaticFile, ThemeFiles};

/// UI strings of one language, from the theme's i18n file.
pub type Strings = BTreeMap<String, String>;

/// The compiled theme: templates and UI strings.
pub struct Theme {
    tera: Tera,
    strings: [Strings; 2],
    statics: Vec<StaticFile>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Theme")
    }
}

const TEMPLATES: [&str; 7] = [
    "base.html",
    "home.html",
    "page.html",
    "list.html",
    "404.html",
    "root.html",
    "print.html",
];

/// Compiles the templates once and checks the UI strings of every language have the same keys.
pub fn compile_theme(config: &Config, files: &ThemeFiles) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL unreadable; quotes and markup suffice.
    tera.set_escape_fn(html::escape_attr);
    let templates: Vec<(String, String)> = files
        .templates
        .iter()
        .map(|f| {
            (
                f.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                f.text.to_string(),
            )
        })
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        diags.push(file_error(
            files
                .templates
                .first()
                .map_or(std::path::Path::new("themes"), |f| {
                    f.path.parent().unwrap_or(&f.path)
                }),
            format!("template error: {}", tera_message(&e)),
        ));
    }
    for name in TEMPLATES {
        if !diags.has_errors() && !tera.get_template_names().any(|n| n == name) {
            diags.push(file_error(
                std::path::Path::new("themes"),
                format!("theme has no template `{name}`"),
            ));
        }
    }
    let mut strings: [Strings; 2] = [Strings::new(), Strings::new()];
    for lang in &config.languages {
        let file = files
            .i18n
            .iter()
            .find(|f| f.path.file_stem().is_some_and(|s| s == lang.code()));
        match file {
            Some(f) => match parse_strings(f) {
                Ok(s) => strings[lang_index(*lang)] = s,
                Err(d) => diags.push(d),
            },
            None => diags.push(file_error(
                std::path::Path::new("themes"),
                format!("theme has no i18n/{lang}.toml"),
            )),
        }
    }
    let [a, b] = &strings;
    if !a.is_empty() && !b.is_empty() {
        for k in a
            .keys()
            .filter(|k| !b.contains_key(*k))
            .chain(b.keys().filter(|k| !a.contains_key(*k)))
        {
            diags.push(file_error(
                std::path::Path::new("themes"),
                format!("UI string `{k}` is missing in one language"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        strings,
        statics: files.statics.clone(),
    })
}

fn parse_strings(f: &SourceFile) -> Result<Strings, Diagnostic> {
    let src = crate::diag::SourceText::new(&f.path, &f.text);
    toml::from_str::<Strings>(&f.text).map_err(|e| crate::config::toml_error(&src, &e, 0))
}

fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

impl Theme {
    /// A UI string; a key the theme lacks prints as itself.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.strings[lang_index(lang)]
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Every UI string of `lang`, for the templates.
    pub fn strings(&self, lang: Lang) -> &Strings {
        &self.strings[lang_index(lang)]
    }

    pub fn statics(&self) -> &[StaticFile] {
        &self.statics
    }

    /// Renders a template; an error names `output`, the file being made.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        output: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map(String::into_bytes)
            .map_err(|e| {
                file_error(
                    std::path::Path::new(output),
                    format!("rendering `{template}`: {}", tera_message(&e)),
                )
            })
    }
}
