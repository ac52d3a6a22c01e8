//! Every type error of a TOML file, not only the first.
//!
//! serde stops at the first value of the wrong type. To report the others as well, [`parse`]
//! blanks the `key = value` line that failed (spaces in place of its bytes, so every position
//! after it stays where it was) and reads the file again, up to [`MAX_ERRORS`] times. A field
//! missing only because it was blanked is not reported; an error that no single `key = value`
//! holds (a syntax error, a missing field, a misplaced table) ends the search.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, SourceText};
use crate::tomlfile::toml_error;

/// Errors reported per file before giving up on finding more.
pub const MAX_ERRORS: usize = 20;

/// Reads `text` (which starts at byte `offset` of `src`) as a `T`, or returns every error found,
/// each at its position in `src`.
pub fn parse<T: DeserializeOwned>(
    src: &SourceText,
    text: &str,
    offset: usize,
) -> Result<T, Vec<Diagnostic>> {
    let first = match toml::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut errors = vec![toml_error(src, &first, offset)];
    let Ok(document) = toml_edit::ImDocument::parse(text) else {
        return Err(errors);
    };
    let entries = entries(document.as_table());
    let mut blanked = text.to_string();
    let mut blanked_keys: Vec<String> = Vec::new();
    let mut error = first;
    while errors.len() < MAX_ERRORS {
        let Some(span) = error.span() else { break };
        // The smallest `key = value` that holds the whole error.
        let Some((key, range)) = entries
            .iter()
            .filter(|(_, r)| r.start <= span.start && span.end <= r.end && r.start < r.end)
            .min_by_key(|(_, r)| r.end - r.start)
        else {
            break;
        };
        blank(&mut blanked, range.clone());
        blanked_keys.push(key.clone());
        error = match toml::from_str::<T>(&blanked) {
            Ok(_) => break,
            Err(e) => e,
        };
        let missing_blanked = blanked_keys
            .iter()
            .any(|k| error.message().starts_with(&format!("missing field `{k}`")));
        if missing_blanked {
            break;
        }
        errors.push(toml_error(src, &error, offset));
    }
    errors.sort();
    errors.dedup();
    Err(errors)
}

/// Every `key = value` of the document, with its key and byte range (key to end of value), in
/// every table and array of tables.
fn entries(table: &toml_edit::Table) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    collect(table, &mut out);
    out
}

fn collect(table: &toml_edit::Table, out: &mut Vec<(String, Range<usize>)>) {
    for (keys, value) in table.get_values() {
        let start = keys.first().and_then(|k| k.span()).map(|s| s.start);
        let end = value.span().map(|s| s.end);
        if let (Some(start), Some(end), Some(last)) = (start, end, keys.last()) {
            out.push((last.get().to_string(), start..end));
        }
    }
    for (_, item) in table.iter() {
        match item {
            toml_edit::Item::Table(t) => collect(t, out),
            toml_edit::Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    collect(t, out);
                }
            }
            _ => {}
        }
    }
}

/// Replaces the bytes of `range` by spaces, keeping line breaks (and so every position).
fn blank(text: &mut String, range: Range<usize>) {
    let Some(part) = text.get(range.clone()) else {
        return;
    };
    // Each character becomes as many spaces as it has bytes, so the length stays the same.
    let padded: String = part
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            _ => " ".repeat(c.len_utf8()),
        })
        .collect();
    text.replace_range(range, &padded);
}

/// Where `key` stands in the top table of `text` (its key's byte offset), if it does.
pub fn key_offset(text: &str, key: &str) -> Option<usize> {
    let document = toml_edit::ImDocument::parse(text).ok()?;
    let (k, _) = document.as_table().get_key_value(key)?;
    k.span().map(|s| s.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        description: String,
        order: Option<i64>,
        sections: Option<Vec<String>>,
    }

    fn errors(text: &str) -> Vec<String> {
        let src = SourceText::new(Path::new("x.toml"), text);
        match parse::<Front>(&src, text, 0) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn every_type_error_is_reported() {
        assert_eq!(
            errors("title = 42\ndescription = [\"a\"]\norder = \"ninety\"\nsections = \"1.3.1\"\n"),
            [
                "x.toml:1:9: error: invalid type: integer `42`, expected a string",
                "x.toml:2:15: error: invalid type: sequence, expected a string",
                "x.toml:3:9: error: invalid type: string \"ninety\", expected i64",
                "x.toml:4:12: error: invalid type: string \"1.3.1\", expected a sequence",
            ]
        );
    }

    #[test]
    fn unknown_fields_and_wide_characters_keep_positions() {
        assert_eq!(
            errors("title = \"标题\"\ncolour = 1\ndescription = 2\nsize = 3\n"),
            [
                "x.toml:2:1: error: unknown field `colour`, expected one of `title`, `description`, `order`, `sections`",
                "x.toml:3:15: error: invalid type: integer `2`, expected a string",
                "x.toml:4:1: error: unknown field `size`, expected one of `title`, `description`, `order`, `sections`",
            ]
        );
    }

    #[test]
    fn a_missing_field_or_syntax_error_ends_the_search() {
        assert_eq!(
            errors("title = 1\n"),
            ["x.toml:1:9: error: invalid type: integer `1`, expected a string"]
        );
        assert_eq!(
            errors("title = \"x\"\n"),
            ["x.toml:1:1: error: missing field `description`"]
        );
        assert_eq!(errors("title = \n"), ["x.toml:1:9: error: invalid string"]);
        assert!(errors("title = \"a\"\ndescription = \"b\"\n").is_empty());
    }
}
