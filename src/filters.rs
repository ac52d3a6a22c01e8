//! Tera filters the theme uses on rendered pages.
//!
//! - `summary(len=…)`: a fact's text cut at a word or clause boundary with an ellipsis.

use std::collections::HashMap;

use tera::{Tera, Value};

use crate::excerpt;

/// Adds the theme's filters.
pub fn register(tera: &mut Tera) {
    tera.register_filter("summary", summary_filter);
}

fn summary_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`summary` takes text"))?;
    let len = args
        .get("len")
        .and_then(Value::as_u64)
        .ok_or_else(|| tera::Error::msg("`summary` needs `len`, a number of characters"))?;
    Ok(Value::String(excerpt::shorten(
        text,
        usize::try_from(len).unwrap_or(usize::MAX),
    )))
}
