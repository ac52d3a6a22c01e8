//! The theme: its templates compiled once, and its UI strings in every language.

use tera::{Context, Tera};

use crate::config::Config;
use crate::diag::{file_error, Diagnostic, Diagnostics};
use crate::html;
use crate::i18n::Locale;
use crate::lang::{Lang, PerLang};
use crate::source::{SourceFile, StaticFile, ThemeFiles};
use crate::template_errors;

pub use crate::i18n::Strings;

/// The compiled theme: templates, and the UI strings and number/date words of each language.
pub struct Theme {
    tera: Tera,
    /// The template files, to place rendering errors in them.
    templates: Vec<SourceFile>,
    strings: PerLang<Strings>,
    locales: PerLang<Locale>,
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

/// Compiles the templates once and reads the UI strings of every declared language.
pub fn compile_theme(config: &Config, files: &ThemeFiles) -> Result<Theme, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL unreadable; quotes and markup suffice.
    tera.set_escape_fn(html::escape_attr);
    crate::filters::register(&mut tera);
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
    diags.extend(template_errors::syntax_errors(&files.templates));
    if !diags.has_errors() {
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(template_errors::locate(&files.templates, &e, None));
        }
    }
    for name in TEMPLATES {
        if !diags.has_errors() && !tera.get_template_names().any(|n| n == name) {
            diags.push(file_error(
                &files.dir.join("templates").join(name),
                format!("missing: the theme has no template `{name}`"),
            ));
        }
    }
    let i18n = match crate::i18n::parse_i18n(&config.languages, &files.dir, &files.i18n) {
        Ok(i18n) => Some(i18n),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let Some(i18n) = i18n.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    Ok(Theme {
        tera,
        templates: files.templates.clone(),
        strings: i18n.strings,
        locales: i18n.locales,
        statics: files.statics.clone(),
    })
}

impl Theme {
    /// A UI string; a key the theme lacks prints as itself.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.strings[lang]
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Every UI string of `lang`, for the templates.
    pub fn strings(&self, lang: Lang) -> &Strings {
        &self.strings[lang]
    }

    /// How numbers and dates are written in `lang`.
    /// Every language's locale (for checks that compare languages).
    pub fn locales(&self) -> &crate::lang::PerLang<Locale> {
        &self.locales
    }

    pub fn locale(&self, lang: Lang) -> &Locale {
        &self.locales[lang]
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
