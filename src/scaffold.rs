//! `atlas new`: the files of a new bundle.

use crate::config::Config;
use crate::content;

/// The files of a new bundle, ready to fill in: `meta.toml` and one text per language.
pub fn new_bundle_files(
    config: &Config,
    kind: &str,
    slug: &str,
) -> Result<Vec<(String, String)>, String> {
    let Some(kind_id) = config.kind_by_name(kind) else {
        let known: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
        return Err(format!(
            "unknown kind `{kind}` (declared kinds: {})",
            known.join(", ")
        ));
    };
    if !content::is_plain_segment(slug) {
        return Err(format!(
            "slug `{slug}` is not a plain path segment (use a-z, 0-9 and -)"
        ));
    }
    let kind = config.kind(kind_id);
    let names: Vec<String> = config
        .languages
        .all()
        .map(|l| format!("{} = \"\"", config.languages[l].code))
        .collect();
    let mut meta = format!(
        "# Language-neutral data: see CONTENT.md.\nname = {{ {} }}\naliases = []\n",
        names.join(", ")
    );
    if let Some(g) = kind.groups.first() {
        meta.push_str(&format!(
            "# groups: {}\ngroup = \"{}\"\n",
            kind.groups
                .iter()
                .map(|g| g.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            g.id
        ));
    }
    meta.push_str("# The report slides this page draws on, e.g. [\"1.2.1a\"].\nsections = []\n\n[facts]\n\n[relations]\n");
    let mut files = vec![("meta.toml".to_string(), meta)];
    for lang in &config.languages {
        files.push((
            format!("{}.md", config.languages[lang].code),
            format!("+++\ntitle = \"{slug}\"\ndescription = \"\"\n+++\n\n"),
        ));
    }
    Ok(files)
}
