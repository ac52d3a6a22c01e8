//! The theme: its templates compiled once, and its UI strings in every language.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use crate::config::{Config, Lang};
use crate::content::lang_index;
use crate::diag::{file_error, Diagnostic, Diagnostics};
use crate::html;
use crate::source::{SourceFile, StaticFile, ThemeFiles};
use crate::template_errors;

/// UI strings of one language, from the theme's i18n file.
pub type Strings = BTreeMap<String, String>;

/// The compiled theme: templates and UI strings.
pub struct Theme {
    tera: Tera,
    /// The template files, to place rendering errors in them.
    templates: Vec<SourceFile>,
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
    let theme_dir = std::path::Path::new("themes").join(&config.theme);
    diags.extend(template_errors::syntax_errors(&files.templates));
    if !diags.has_errors() {
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(template_errors::locate(&files.templates, &e, None));
        }
    }
    for name in TEMPLATES {
        if !diags.has_errors() && !tera.get_template_names().any(|n| n == name) {
            diags.push(file_error(
                &theme_dir.join("templates").join(name),
                format!("missing: the theme has no template `{name}`"),
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
                &theme_dir.join("i18n").join(format!("{lang}.toml")),
                format!("missing: the theme has no UI strings for `{lang}`"),
            )),
        }
    }
    diags.extend(missing_strings(config, files, &strings));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        templates: files.templates.clone(),
        strings,
        statics: files.statics.clone(),
    })
}

fn parse_strings(f: &SourceFile) -> Result<Strings, Diagnostic> {
    let src = crate::diag::SourceText::new(&f.path, &f.text);
    toml::from_str::<Strings>(&f.text).map_err(|e| crate::config::toml_error(&src, &e, 0))
}

/// Keys one language's UI strings have and another's lack: an error at the file that lacks it,
/// naming where the other has it.
fn missing_strings(config: &Config, files: &ThemeFiles, strings: &[Strings]) -> Vec<Diagnostic> {
    let file_of = |lang: Lang| {
        files
            .i18n
            .iter()
            .find(|f| f.path.file_stem().is_some_and(|s| s == lang.code()))
    };
    let mut found = Vec::new();
    for has in &config.languages {
        for lacks in &config.languages {
            let (a, b) = (&strings[lang_index(*has)], &strings[lang_index(*lacks)]);
            let (Some(has_file), Some(lacks_file)) = (file_of(*has), file_of(*lacks)) else {
                continue;
            };
            if a.is_empty() || b.is_empty() {
                continue;
            }
            for key in a.keys().filter(|k| !b.contains_key(*k)) {
                let src = crate::diag::SourceText::new(&has_file.path, &has_file.text);
                let at = crate::toml_errors::key_offset(&has_file.text, key).unwrap_or(0);
                let (line, col) = src.position(at);
                found.push(file_error(
                    &lacks_file.path,
                    format!(
                        "UI string `{key}` is missing ({}:{line}:{col} has it)",
                        has_file.path.display()
                    ),
                ));
            }
        }
    }
    found
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

    /// Renders a template. An error stands at the template's line, not at `_output` (the file
    /// being made): one mistake met on every page is one finding.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        _output: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map(String::into_bytes)
            .map_err(|e| template_errors::locate(&self.templates, &e, Some(template)))
    }
}
