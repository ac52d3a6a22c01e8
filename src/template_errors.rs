//! Tera's errors at the template's own `file:line:col`.
//!
//! Tera reports a syntax error with its position inside the message, and an error while rendering
//! (an unknown variable or filter) with the output's template only. Here a syntax error is read
//! for its position, and a rendering error is placed at the first mention of what it names in the
//! template where it happened. A rendering error says nothing about the page being made, so the
//! same mistake met on every page is one finding ([`crate::diag::Diagnostics::sorted`] keeps one).

use std::path::Path;

use crate::diag::{file_error, Diagnostic, SourceText};
use crate::source::SourceFile;

/// Syntax errors of every template, each parsed on its own (Tera stops at the first).
pub fn syntax_errors(templates: &[SourceFile]) -> Vec<Diagnostic> {
    templates
        .iter()
        .filter_map(|f| {
            let name = template_name(&f.path);
            let e = tera::Template::new(&name, None, &f.text).err()?;
            Some(syntax_error(f, &full_message(&e)))
        })
        .collect()
}

/// A parse error's message reads ` --> 2:9`, the line, a caret and `= expected …`.
fn syntax_error(file: &SourceFile, message: &str) -> Diagnostic {
    let position = message
        .split_once("--> ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|p| p.split_once(':'))
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)));
    let what = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("cannot be read");
    let mut d = file_error(&file.path, format!("template syntax: {what}"));
    if let Some((line, col)) = position {
        d.line = line;
        d.col = col;
    }
    d
}

/// An error of Tera after parsing (while putting templates together or rendering), at the
/// template it happened in and the first mention there of the name it is about.
pub fn locate(templates: &[SourceFile], e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
    let outer = e.to_string();
    let inner = innermost(e);
    // "Failed to render 'page.html' (error happened in 'base.html')."
    let template = quoted(&outer, "error happened in '", '\'')
        .or_else(|| quoted(&outer, "'", '\''))
        .or(rendering.map(str::to_string));
    let file = template
        .as_deref()
        .and_then(|name| templates.iter().find(|f| template_name(&f.path) == name));
    // Tera's own words, without the template it names (the finding is at the template).
    let what = inner
        .split(" while rendering")
        .next()
        .unwrap_or(&inner)
        .trim_end_matches('.')
        .to_string();
    let message = format!("template error: {what}");
    let Some(file) = file else {
        let place = template.map_or_else(|| "themes".to_string(), |t| t.to_string());
        return file_error(Path::new(&place), message);
    };
    let named = quoted(&inner, "`", '`').or_else(|| quoted(&inner, "'", '\''));
    let at = named.and_then(|name| mention(&file.text, &name));
    match at {
        Some(offset) => SourceText::new(&file.path, &file.text).error(offset, message),
        None => file_error(&file.path, message),
    }
}

/// The first place `name` stands inside a `{{ … }}` or `{% … %}` tag.
fn mention(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let kind = text[open + 1..].chars().next();
        let close = match kind {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                from = open + 1;
                continue;
            }
        };
        let end = text[open..]
            .find(close)
            .map_or(text.len(), |i| open + i + close.len());
        if let Some(i) = text[open..end].find(name) {
            return Some(open + i);
        }
        from = end;
    }
    None
}

fn template_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The text between `open` and the next `close` after it.
fn quoted(text: &str, open: &str, close: char) -> Option<String> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(text[start..start + len].to_string())
}

fn innermost(e: &tera::Error) -> String {
    let mut last = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

fn full_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push('\n');
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(format!("themes/t/templates/{name}")),
            text: text.into(),
        }
    }

    #[test]
    fn syntax_errors_name_the_file_line_and_column() {
        let files = [
            file("a.html", "ok {{ x }}"),
            file("b.html", "line\nb {% if %}\n"),
            file("c.html", "{{ x"),
        ];
        let found: Vec<String> = syntax_errors(&files)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0],
            "themes/t/templates/b.html:2:9: error: template syntax: expected a value that can be negated"
        );
        assert!(
            found[1].starts_with("themes/t/templates/c.html:1:"),
            "{}",
            found[1]
        );
    }

    #[test]
    fn rendering_errors_point_at_the_first_mention_in_the_template_where_they_happen() {
        let files = [
            file(
                "base.html",
                "<p>\n  {{ page.nope }} {% block b %}{% endblock %}",
            ),
            file(
                "page.html",
                "{% extends \"base.html\" %}{% block b %}{{ q | nosuch }}{% endblock %}",
            ),
        ];
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(vec![
            ("base.html", files[0].text.as_ref()),
            ("page.html", files[1].text.as_ref()),
        ])
        .expect("templates");
        let mut ctx = tera::Context::new();
        ctx.insert("page", &1);
        let e = tera
            .render("page.html", &ctx)
            .expect_err("unknown variable");
        assert_eq!(
            locate(&files, &e, Some("page.html")).to_string(),
            "themes/t/templates/base.html:2:6: error: template error: Variable `page.nope` not found in context"
        );
        let e = tera
            .render("page.html", &{
                let mut c = tera::Context::new();
                c.insert("page", &serde_json::json!({ "nope": 1 }));
                c.insert("q", &1);
                c
            })
            .expect_err("unknown filter");
        assert_eq!(
            locate(&files, &e, Some("page.html")).to_string(),
            "themes/t/templates/page.html:1:46: error: template error: Filter 'nosuch' not found"
        );
    }
}
