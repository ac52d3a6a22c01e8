//! Link previews: for every page of one language, what a reader sees when pointing at a link to
//! it (title, kind, description and, for an entity, its first few facts), as a plain script that
//! sets a global, so it loads from `file://` as well as over http, and only on the first hover.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::excerpt;
use crate::lang::Lang;

use super::View;

/// Facts shown per entity, and how long each value may be.
const FACTS: usize = 3;
const FACT_CHARS: usize = 48;
/// Descriptions longer than this are cut at a boundary.
const DESCRIPTION_CHARS: usize = 160;

#[derive(Serialize)]
struct Preview<'a> {
    /// Title.
    t: &'a str,
    /// Kind (singular).
    k: &'a str,
    /// Description.
    d: String,
    /// Facts: label and value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    f: Vec<[String; 2]>,
}

impl View<'_, '_> {
    /// The preview script of `lang`: `window.ATLAS_PREVIEWS[code] = {path from the site root:
    /// preview}`.
    pub(super) fn previews(&self, lang: Lang) -> String {
        let mut previews: BTreeMap<String, Preview> = BTreeMap::new();
        for &p in self.r.order() {
            if !self.r.has_text(p, lang) {
                continue;
            }
            let facts = self
                .infobox(p, lang)
                .into_iter()
                .take(FACTS)
                .map(|f| [f.label, excerpt::shorten(&f.value, FACT_CHARS)])
                .collect();
            previews.insert(
                self.r.page_path(p, lang).as_str().to_string(),
                Preview {
                    t: self.r.title(p, lang),
                    k: self.r.config().kind(self.r.kind_of(p)).singular.get(lang),
                    d: excerpt::shorten(
                        self.r.description(p, lang).unwrap_or_default(),
                        DESCRIPTION_CHARS,
                    ),
                    f: facts,
                },
            );
        }
        // Serialising strings and maps cannot fail.
        let json = serde_json::to_string(&previews).unwrap_or_else(|_| "{}".into());
        format!(
            "window.ATLAS_PREVIEWS=window.ATLAS_PREVIEWS||{{}};window.ATLAS_PREVIEWS[\"{}\"]={};\n",
            self.code(lang),
            json.replace("</", "<\\/")
        )
    }
}
