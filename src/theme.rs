//! The theme: its templates compiled once, and its UI strings in every language.

use std::sync::Arc;

use tera::{Context, Tera};

use crate::config::Config;
use crate::dep::Dep;
use crate::diag::{file_error, Diagnostic, Diagnostics};
use crate::html;
use crate::i18n::Locale;
use crate::lang::{Lang, PerLang};
use crate::source::{SourceFile, StaticFile, ThemeFiles};
use crate::template_errors;

pub use crate::i18n::Strings;

/// The theme of one preparation of the site: the compiled theme, and what its renders keep for
/// the outputs of that preparation.
pub struct Theme {
    compiled: Arc<Compiled>,
    /// Parts rendered once and shared by the pages that show them alike (see [`Theme::memo`]).
    parts: Parts,
    /// Contexts holding only `t`, kept between renders (see [`Theme::render_with`]).
    spare: PerLang<std::sync::Mutex<Vec<Context>>>,
    /// Renders of the templates that read only their values and `t`, by those values (see
    /// [`Theme::render_kept`]).
    kept: std::sync::Mutex<rustc_hash::FxHashMap<PartKey, Arc<str>>>,
}

/// Rendered parts by template, language and key.
type Parts = std::sync::Mutex<rustc_hash::FxHashMap<PartKey, Part>>;

/// A template, a language and what the part is rendered from.
type PartKey = (&'static str, Lang, String);

/// A part of pages rendered once: its HTML and what it read of the site, which every output
/// showing it has read too (so `serve` knows to re-render them all when that changes).
#[derive(Clone)]
pub struct Part {
    pub html: Arc<str>,
    pub reads: Arc<[Dep]>,
}

/// The templates compiled, and the UI strings and number/date words of each language: made from
/// the theme's files and `site.toml` alone, so `serve` compiles them again only when those change.
pub struct Compiled {
    tera: Tera,
    /// The template files, to place rendering errors in them.
    templates: Vec<SourceFile>,
    strings: PerLang<Strings>,
    /// Each language's UI strings as the templates' `t`, converted once: converting them for
    /// every page was a twentieth of a build.
    words: PerLang<Context>,
    locales: PerLang<Locale>,
    statics: Vec<StaticFile>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled")
    }
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Theme")
    }
}

const TEMPLATES: [&str; 10] = [
    "base.html",
    "tree.html",
    "tree-group.html",
    "home.html",
    "page.html",
    "list.html",
    "list-row.html",
    "404.html",
    "root.html",
    "print.html",
];

/// The finding for a template the theme lacks; a template newer than themes made before it
/// says what it is for.
fn missing_template(name: &str) -> String {
    let what = match name {
        "list-row.html" => {
            " (one row of a listing: `list.html` shows each row rendered through it with \
             `{{ r | safe }}`; see the atlas theme's)"
        }
        _ => "",
    };
    format!("missing: the theme has no template `{name}`{what}")
}

/// Compiles the templates once and reads the UI strings of every declared language.
pub fn compile_theme(config: &Config, files: &ThemeFiles) -> Result<Compiled, Diagnostics> {
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
    // Tera stops at the first error: only when it fails is each template parsed on its own,
    // to report every syntax error (parsing twice on every build cost a tenth of the real site's
    // validation).
    if let Err(e) = tera.add_raw_templates(templates) {
        let syntax = template_errors::syntax_errors(&files.templates);
        if syntax.is_empty() {
            diags.push(template_errors::locate(&files.templates, &e, None));
        } else {
            diags.extend(syntax);
        }
    }
    for name in TEMPLATES {
        if !diags.has_errors() && !tera.get_template_names().any(|n| n == name) {
            diags.push(file_error(
                &files.dir.join("templates").join(name),
                missing_template(name),
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
    let words = PerLang::from_fn(&config.languages, |l| {
        let mut ctx = Context::new();
        ctx.insert("t", &i18n.strings[l]);
        ctx
    });
    Ok(Compiled {
        tera,
        templates: files.templates.clone(),
        words,
        strings: i18n.strings,
        locales: i18n.locales,
        statics: files.statics.clone(),
    })
}

impl Theme {
    /// The theme of a preparation of the site under `config` (the one `compiled` was made with).
    pub fn new(compiled: Arc<Compiled>, config: &Config) -> Theme {
        Theme {
            compiled,
            parts: Parts::default(),
            spare: PerLang::from_fn(&config.languages, |_| Default::default()),
            kept: Default::default(),
        }
    }

    /// A UI string; a key the theme lacks prints as itself.
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.compiled.strings[lang]
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Every UI string of `lang`, for the templates.
    pub fn strings(&self, lang: Lang) -> &Strings {
        &self.compiled.strings[lang]
    }

    /// A context holding the UI strings of `lang` as `t`, to which a template's own values are
    /// added (cloning it is cheaper than converting the strings again).
    pub fn context(&self, lang: Lang) -> Context {
        self.compiled.words[lang].clone()
    }

    /// Renders `template` with `values` and the UI strings of `lang` as `t`. Copying the strings
    /// for each render was a twentieth of a build: a context holding them is taken from the spare
    /// ones, given `values`, and put back with exactly those taken out again.
    pub fn render_with(
        &self,
        template: &str,
        lang: Lang,
        values: Context,
        output: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let values = values.into_json();
        let keys: Vec<String> = values
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut ctx = self.spare[lang]
            .lock()
            .ok()
            .and_then(|mut spare| spare.pop())
            .unwrap_or_else(|| self.context(lang));
        ctx.extend(Context::from_value(values).unwrap_or_default());
        let rendered = self.render(template, &ctx, output);
        // A value named `t` replaced the strings: this context is not put back.
        if !keys.iter().any(|k| k == "t") {
            for k in &keys {
                ctx.remove(k);
            }
            if let Ok(mut spare) = self.spare[lang].lock() {
                spare.push(ctx);
            }
        }
        rendered
    }

    /// Renders `template`, which must read nothing but `values` and `t`, once per `values`: the
    /// JSON of `values` is the key, so an equal key renders equal HTML (a listing's rows, shown
    /// in the kind's listing and again in their group's). What `values` were made from was read
    /// by whoever made them, so no read is hidden by a kept render. (Tera's `now()`,
    /// `get_random()` and `get_env()` read something else: a template kept this way must not
    /// call them.)
    pub fn render_kept<T: serde::Serialize>(
        &self,
        template: &'static str,
        lang: Lang,
        values: &T,
        output: &str,
    ) -> Result<Arc<str>, Diagnostic> {
        let key = serde_json::to_string(values)
            .map_err(|e| file_error(std::path::Path::new(output), e.to_string()))?;
        let key = (template, lang, key);
        if let Some(html) = self.kept.lock().ok().and_then(|k| k.get(&key).cloned()) {
            return Ok(html);
        }
        let values = Context::from_serialize(values)
            .map_err(|e| file_error(std::path::Path::new(output), e.to_string()))?;
        let bytes = self.render_with(template, lang, values, output)?;
        let html: Arc<str> = String::from_utf8_lossy(&bytes).into();
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, Arc::clone(&html));
        }
        Ok(html)
    }

    /// How numbers and dates are written in `lang`.
    /// Every language's locale (for checks that compare languages).
    pub fn locales(&self) -> &crate::lang::PerLang<Locale> {
        &self.compiled.locales
    }

    pub fn locale(&self, lang: Lang) -> &Locale {
        &self.compiled.locales[lang]
    }

    pub fn statics(&self) -> &[StaticFile] {
        &self.compiled.statics
    }

    /// A part of pages rendered once per `key` (like Hugo's `partialCached`): `key` must hold all
    /// that `make` renders from, so what is returned is what `make` would return. The theme is
    /// compiled anew for each preparation of the site, so nothing outlives the site it was made for.
    pub fn memo(
        &self,
        template: &'static str,
        lang: Lang,
        key: String,
        make: impl FnOnce() -> Result<Part, Diagnostic>,
    ) -> Result<Part, Diagnostic> {
        let key = (template, lang, key);
        if let Some(part) = self.parts.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(part);
        }
        let part = make()?;
        if let Ok(mut m) = self.parts.lock() {
            m.insert(key, part.clone());
        }
        Ok(part)
    }

    /// How many parts of `template` are kept.
    #[cfg(test)]
    pub fn memo_len(&self, template: &str) -> usize {
        self.parts
            .lock()
            .map_or(0, |m| m.keys().filter(|(t, _, _)| *t == template).count())
    }

    /// Renders a template. An error stands at the template's line, not at `_output` (the file
    /// being made): one mistake met on every page is one finding.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        _output: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        self.compiled
            .tera
            .render(template, ctx)
            .map(String::into_bytes)
            .map_err(|e| template_errors::locate(&self.compiled.templates, &e, Some(template)))
    }
}
