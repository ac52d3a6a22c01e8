//! Content bundles parsed into pages: `meta.toml` and the front matter of each language's text.
//!
//! Pure: takes the loaded files and the config, returns pages or every problem found.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

pub use crate::config::is_plain_segment;
use crate::config::{Config, FactKind, FactTypeId, GroupId, KindId, OrderedMap, RelTypeId};
use crate::diag::{file_error, Diagnostics, SourceText};
use crate::lang::{localized_from_value, Lang, Languages, Localized, PerLang, RawLocalized};
use rayon::prelude::*;

use crate::markdown::{scan, Scan};
use crate::source::{BundleFiles, SourceFile};

/// The longest slug: it is a file name (`<slug>.html`), and file systems allow 255 bytes.
pub const MAX_SLUG_LEN: usize = 200;

/// Index of a page in [`Content::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct PageId(pub usize);

/// A page: one bundle, in each language it is written in.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: KindId,
    pub slug: String,
    pub meta: Arc<Meta>,
    pub meta_file: SourceFile,
    /// The text in each language it is written in.
    pub texts: PerLang<Option<Arc<PageText>>>,
    /// For each language, the language whose text stands in for it: itself where the page is
    /// written in it, else the first of its fallbacks that is.
    pub shown_in: PerLang<Lang>,
}

impl Page {
    pub fn text(&self, lang: Lang) -> Option<&PageText> {
        self.texts[lang].as_deref()
    }

    /// The language whose text stands in for `lang` (`lang` itself where it is written).
    pub fn shown_in(&self, lang: Lang) -> Lang {
        self.shown_in[lang]
    }

    /// The title in `lang`. Where the translation is missing: the name in `lang`, else the
    /// title of the text that stands in for it.
    pub fn title(&self, lang: Lang) -> &str {
        if let Some(t) = self.text(lang) {
            return &t.title;
        }
        if let Some(n) = &self.meta.name {
            return n.get(lang);
        }
        self.text(self.shown_in(lang))
            .map_or(self.slug.as_str(), |t| &t.title)
    }

    /// How a `[[link]]` without its own text reads in `lang`: the page's `short`, else what its
    /// kind declares (`link_label`), else the title.
    pub fn label(&self, lang: Lang, style: crate::config::LinkLabel) -> Cow<'_, str> {
        if let Some(short) = &self.meta.short {
            return Cow::Borrowed(short.get(lang));
        }
        match style {
            crate::config::LinkLabel::Title => Cow::Borrowed(self.title(lang)),
            crate::config::LinkLabel::Sections => crate::prose::sections_label(
                self.meta.sections.iter().map(|s| s.get_ref().as_str()),
            )
            .map_or(Cow::Borrowed(self.title(lang)), Cow::Owned),
        }
    }

    /// The entity's name in `lang` (defaults to the title).
    pub fn name(&self, lang: Lang) -> &str {
        self.meta
            .name
            .as_ref()
            .map_or_else(|| self.title(lang), |n| n.get(lang))
    }

    /// Languages this page is written in.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        self.texts
            .by_lang()
            .filter(|(_, t)| t.is_some())
            .map(|(l, _)| l)
    }
}

/// For each language, the language whose text the page shows (see [`Page::shown_in`]).
pub fn stand_ins(languages: &Languages, texts: &PerLang<Option<Arc<PageText>>>) -> PerLang<Lang> {
    texts.map(|lang, text| match text {
        Some(_) => lang,
        None => languages
            .fallbacks(lang)
            .into_iter()
            .find(|l| texts[*l].is_some())
            .unwrap_or(lang),
    })
}

/// One language's text of a page.
#[derive(Debug, Clone)]
pub struct PageText {
    pub file: SourceFile,
    pub title: String,
    pub description: String,
    /// Byte offset of the Markdown body in `file.text`.
    pub body_offset: usize,
    /// The body read once: headings, links, shortcode calls, code languages, search text.
    pub scan: Scan,
}

impl PageText {
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

/// Language-neutral data of a page (`meta.toml`).
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub name: Option<Localized>,
    /// How a `[[link]]` to the page reads in running text, per language (overrides the kind's
    /// `link_label`).
    pub short: Option<Localized>,
    pub aliases: Vec<Spanned<String>>,
    pub group: Option<GroupId>,
    pub order: Option<i64>,
    pub sections: Vec<Spanned<String>>,
    pub sources: Vec<Localized>,
    pub facts: Vec<Fact>,
    /// Relations as written; resolved against all pages in the graph stage.
    pub relations: Vec<RelationEntry>,
    /// Why the page has no relation at all (for editors; silences the checker's warning).
    pub isolated: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct RelationEntry {
    pub rel_type: RelTypeId,
    pub target: String,
    pub mark: Mark,
    /// Byte offset in `meta.toml`.
    pub offset: usize,
}

/// How far the report vouches for a relation; every view shows the mark and its legend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// The report says so.
    #[default]
    Stated,
    /// The editors' inference from what the report says (`inferred = true`), shown with ‡.
    Inferred,
    /// Outside knowledge: the report does not say it (`outside = true`), shown with †.
    Outside,
}

impl Mark {
    /// The sign shown after the related page's name; none for what the report states.
    pub fn sign(self) -> Option<&'static str> {
        match self {
            Mark::Stated => None,
            Mark::Inferred => Some("‡"),
            Mark::Outside => Some("†"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub ty: FactTypeId,
    pub values: Vec<FactValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FactValue {
    pub value: Value,
    pub approx: Option<Approx>,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Year, month (1-12) and day, as far as given.
    Date(u16, Option<u8>, Option<u8>),
    Count(i64),
    Number(f64),
    Percent(f64),
    Text(Localized),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Approx {
    Over,
    About,
    Under,
    UpTo,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: Option<RawLocalized>,
    short: Option<RawLocalized>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    group: Option<Spanned<String>>,
    order: Option<i64>,
    #[serde(default)]
    sections: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<RawLocalized>,
    #[serde(default)]
    facts: OrderedMap<Spanned<toml::Value>>,
    #[serde(default)]
    relations: OrderedMap<Spanned<Vec<Spanned<toml::Value>>>>,
    isolated: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    description: String,
}

/// All pages of the site, in a stable order (kind, then slug).
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
}

impl Content {
    /// The page `site.toml` names, if the site has it.
    pub fn find(&self, page: &crate::config::PageRef) -> Option<PageId> {
        self.pages
            .iter()
            .position(|p| p.kind == page.kind && p.slug == page.slug)
            .map(PageId)
    }
}

/// What parsing each file gave last time, reused while the file is the same one: a rebuild after
/// an edit parses only what was edited. Files are known by their shared text (`Arc<str>`), which a
/// rebuild keeps for every file that did not change (see [`Input::share_unchanged`]); the cache
/// holds each text, so its address cannot be reused by another while it is cached.
///
/// [`Input::share_unchanged`]: crate::source::Input::share_unchanged
#[derive(Debug, Default)]
pub struct ParseCache {
    texts: HashMap<usize, Arc<PageText>>,
    metas: HashMap<usize, (SourceFile, Arc<Meta>)>,
    /// `site.toml` as the metas were parsed with it: they depend on its kinds, groups and types.
    config: Option<Arc<str>>,
}

/// The identity of a file's text.
fn text_key(file: &SourceFile) -> usize {
    Arc::as_ptr(&file.text).cast::<u8>() as usize
}

impl ParseCache {
    fn text(&self, file: &SourceFile) -> Option<Arc<PageText>> {
        let cached = self.texts.get(&text_key(file))?;
        same_file(&cached.file, file).then(|| Arc::clone(cached))
    }

    fn meta(&self, file: &SourceFile) -> Option<Arc<Meta>> {
        let (cached_file, meta) = self.metas.get(&text_key(file))?;
        same_file(cached_file, file).then(|| Arc::clone(meta))
    }

    /// Keeps the parts of `content`, parsed with `config_text`, for the next build.
    pub fn keep(&mut self, content: &Content, config_text: &Arc<str>) {
        self.texts.clear();
        self.metas.clear();
        for page in &content.pages {
            for text in page.texts.iter().flatten() {
                self.texts.insert(text_key(&text.file), Arc::clone(text));
            }
            self.metas.insert(
                text_key(&page.meta_file),
                (page.meta_file.clone(), Arc::clone(&page.meta)),
            );
        }
        self.config = Some(Arc::clone(config_text));
    }

    /// The cache to parse with under `config_text`: metas are dropped when the config changed.
    fn for_config(&self, config_text: &str) -> CacheView<'_> {
        CacheView {
            cache: self,
            metas: self.config.as_deref() == Some(config_text),
        }
    }
}

/// The cache as one build may use it.
#[derive(Clone, Copy)]
struct CacheView<'a> {
    cache: &'a ParseCache,
    metas: bool,
}

fn same_file(a: &SourceFile, b: &SourceFile) -> bool {
    Arc::ptr_eq(&a.text, &b.text) && a.same_path(b)
}

/// Parses every bundle; reports every problem of every bundle together. Files whose text is the
/// same as when `cache` kept them are not parsed again.
pub fn parse_content(
    config: &Config,
    config_text: &str,
    bundles: &[BundleFiles],
    stray: &[PathBuf],
    cache: &ParseCache,
) -> Result<Content, Diagnostics> {
    let cache = cache.for_config(config_text);
    let mut diags = Diagnostics::default();
    for path in stray {
        diags.push(file_error(
            path,
            "misplaced file: content holds `<kind>/<slug>/` bundle folders only",
        ));
    }
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut unique = Vec::with_capacity(bundles.len());
    for bundle in bundles {
        if let Some(first) = seen.get(bundle.slug.as_str()) {
            diags.push(file_error(
                &bundle.dir,
                format!(
                    "duplicate slug `{}`: also used by {}",
                    bundle.slug,
                    first.display()
                ),
            ));
            continue;
        }
        seen.insert(&bundle.slug, &bundle.dir);
        unique.push(bundle);
    }
    // Bundles are independent: parse them on every core, each with its own findings.
    let parsed: Vec<(Option<Page>, Diagnostics)> = unique
        .into_par_iter()
        .map(|bundle| {
            let mut found = Diagnostics::default();
            (parse_bundle(config, bundle, cache, &mut found), found)
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (page, found) in parsed {
        diags.extend(found);
        pages.extend(page);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    pages.sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));
    Ok(Content { pages })
}

fn parse_bundle(
    config: &Config,
    bundle: &BundleFiles,
    cache: CacheView,
    diags: &mut Diagnostics,
) -> Option<Page> {
    let before = diags.0.len();
    let kind = config.kind_by_name(&bundle.kind);
    if kind.is_none() {
        let known: Vec<&str> = config.kinds.iter().map(|k| k.id.as_str()).collect();
        diags.push(file_error(
            &bundle.dir,
            format!(
                "unknown kind `{}` (declared kinds: {})",
                bundle.kind,
                known.join(", ")
            ),
        ));
    }
    if bundle.slug.len() > MAX_SLUG_LEN {
        diags.push(file_error(
            &bundle.dir,
            format!(
                "slug is {} characters long, more than {MAX_SLUG_LEN} (it names output files, whose names are limited)",
                bundle.slug.len()
            ),
        ));
    } else if !is_plain_segment(&bundle.slug) {
        diags.push(file_error(
            &bundle.dir,
            format!(
                "slug `{}` is not a plain path segment (use a-z, 0-9 and -)",
                bundle.slug
            ),
        ));
    }
    if let Some(k) = kind.filter(|k| config.kind(*k).groups.iter().any(|g| g.id == bundle.slug)) {
        diags.push(file_error(
            &bundle.dir,
            format!("slug `{}` is the name of a group of kind `{}`, whose listing page it would replace", bundle.slug, config.kind(k).id),
        ));
    }
    for other in &bundle.others {
        diags.push(file_error(
            other,
            "unexpected file in bundle (expected meta.toml and <lang>.md)",
        ));
    }
    let meta = match &bundle.meta {
        Some(file) => cache
            .metas
            .then(|| cache.cache.meta(file))
            .flatten()
            .or_else(|| parse_meta(config, kind, file, diags).map(Arc::new)),
        None => {
            diags.push(file_error(
                &bundle.dir.join("meta.toml"),
                "missing meta.toml",
            ));
            None
        }
    };
    let mut texts: PerLang<Option<Arc<PageText>>> = PerLang::from_fn(&config.languages, |_| None);
    for (code, file) in &bundle.texts {
        match config.languages.by_code(code) {
            Some(lang) => {
                // A text is parsed under its language's spacing: kept only while the config is.
                let spacing = config.languages[lang].spacing;
                texts[lang] = cache
                    .metas
                    .then(|| cache.cache.text(file))
                    .flatten()
                    .or_else(|| {
                        parse_text(file.clone(), spacing, config.max_page_bytes, diags)
                            .map(Arc::new)
                    })
            }
            None => diags.push(file_error(
                &file.path,
                format!(
                    "unknown language `{code}` (file names are <lang>.md; site.toml declares: {})",
                    config.languages.codes()
                ),
            )),
        }
    }
    // A text that failed to parse has its own error; this one is for a bundle without any.
    if !bundle
        .texts
        .iter()
        .any(|(code, _)| config.languages.by_code(code).is_some())
    {
        diags.push(file_error(
            &bundle.dir,
            format!(
                "bundle has no text: add a <lang>.md for one of {}",
                config.languages.codes()
            ),
        ));
    }
    if diags.0.len() > before {
        return None;
    }
    Some(Page {
        kind: kind?,
        slug: bundle.slug.clone(),
        meta: meta?,
        meta_file: bundle.meta.clone()?,
        shown_in: stand_ins(&config.languages, &texts),
        texts,
    })
}

/// Splits `+++ … +++` front matter from the body and parses it.
/// `spacing`: how the text's language spaces it; the title and description are printed in many
/// places, so they are tightened here once ([`crate::prose::tighten`]).
pub fn parse_text(
    file: SourceFile,
    spacing: crate::lang::Spacing,
    max_body: usize,
    diags: &mut Diagnostics,
) -> Option<PageText> {
    let src = SourceText::new(&file.path, &file.text);
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let bom = file.text.len() - text.len();
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        diags.push(src.error(
            bom,
            "missing front matter: the file must start with a `+++` line",
        ));
        return None;
    };
    let fm_start = file.text.len() - rest.len();
    let Some(end) = find_closing_fence(rest) else {
        diags.push(src.error(bom, "front matter is not closed by a `+++` line"));
        return None;
    };
    let fm_text = &rest[..end];
    let after = &rest[end..];
    let close_len = after.find('\n').map_or(after.len(), |i| i + 1);
    let body_offset = fm_start + end + close_len;
    match crate::toml_errors::parse::<FrontMatter>(&src, fm_text, fm_start) {
        Ok(fm) => {
            let mut ok = true;
            for (field, value) in [("title", &fm.title), ("description", &fm.description)] {
                if value.trim().is_empty() {
                    diags.push(src.error(fm_start, format!("front matter `{field}` is empty")));
                    ok = false;
                }
                // Written as escapes in TOML (`\u0000`): reported at the field.
                if crate::sanitize::has_control(value) {
                    let at = crate::toml_errors::key_offset(fm_text, field).unwrap_or(0);
                    let message = format!("`{field}`: {}", crate::sanitize::CONTROL);
                    diags.push(src.error(fm_start + at, message));
                    ok = false;
                }
            }
            let body_len = file.text.len() - body_offset;
            if body_len > max_body {
                // Refused before it is read: the work on a body grows with it.
                diags.push(src.error(
                    body_offset,
                    format!("the page body is {body_len} bytes, more than `max_page_bytes` ({max_body}) in site.toml: split the page, or raise the limit"),
                ));
                return None;
            }
            let controls =
                crate::sanitize::control_characters(&src, &file.text[body_offset..], body_offset);
            ok &= controls.is_empty();
            diags.extend(controls);
            ok.then(|| {
                let scan = scan(&file.text[body_offset..]);
                PageText {
                    file,
                    title: spaced(fm.title.trim(), spacing),
                    description: spaced(fm.description.trim(), spacing),
                    body_offset,
                    scan,
                }
            })
        }
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// A front-matter text as its language spaces it.
fn spaced(text: &str, spacing: crate::lang::Spacing) -> String {
    match spacing {
        crate::lang::Spacing::Words => text.to_string(),
        crate::lang::Spacing::Cjk => crate::prose::tighten(text, None, None).into_owned(),
    }
}

fn find_closing_fence(rest: &str) -> Option<usize> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn parse_meta(
    config: &Config,
    kind: Option<KindId>,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<Meta> {
    let src = SourceText::new(&file.path, &file.text);
    let raw: RawMeta = match crate::toml_errors::parse(&src, &file.text, 0) {
        Ok(raw) => raw,
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    let before = diags.0.len();
    let group = raw.group.as_ref().and_then(|g| {
        let kind = config.kind(kind?);
        let found = kind.group_by_name(g.get_ref());
        if found.is_none() {
            let known: Vec<&str> = kind.groups.iter().map(|x| x.id.as_str()).collect();
            diags.push(src.error(
                g.span().start,
                format!(
                    "unknown group `{}` for kind `{}` (declared: {})",
                    g.get_ref(),
                    kind.id,
                    known.join(", ")
                ),
            ));
        }
        found
    });
    if raw.sections.is_empty() {
        diags.push(src.error(
            0,
            "`sections` is missing or empty: name the report sections this page draws on",
        ));
    }
    let facts = raw
        .facts
        .0
        .iter()
        .filter_map(|(key, value)| parse_fact(config, &src, key, value, diags))
        .collect();
    let check =
        |raw: RawLocalized, diags: &mut Diagnostics| raw.check(&config.languages, &src, diags);
    let name = raw.name.map(|n| check(n, diags));
    let short = raw.short.map(|n| check(n, diags));
    let sources = raw.sources.into_iter().map(|s| check(s, diags)).collect();
    let mut relations = Vec::new();
    for (rel_type, targets) in &raw.relations.0 {
        let Some(rel_id) = config.relation_by_name(rel_type) else {
            let known: Vec<&str> = config.relations.iter().map(|r| r.id.as_str()).collect();
            diags.push(src.error(
                targets.span().start,
                format!(
                    "unknown relation type `{rel_type}` (declared: {})",
                    known.join(", ")
                ),
            ));
            continue;
        };
        for t in targets.get_ref() {
            match relation_target(t.get_ref()) {
                Ok((target, mark)) => relations.push(RelationEntry {
                    rel_type: rel_id,
                    target,
                    mark,
                    offset: t.span().start,
                }),
                Err(msg) => diags.push(src.error(t.span().start, msg)),
            }
        }
    }
    if let Some(why) = raw
        .isolated
        .as_ref()
        .filter(|w| w.get_ref().trim().is_empty())
    {
        diags.push(src.error(
            why.span().start,
            "`isolated` is empty: say why the page relates to nothing",
        ));
    }
    if diags.0.len() > before {
        return None;
    }
    Some(Meta {
        name,
        short,
        aliases: raw.aliases,
        group,
        order: raw.order,
        sections: raw.sections,
        sources,
        facts,
        relations,
        isolated: raw.isolated,
    })
}

fn relation_target(v: &toml::Value) -> Result<(String, Mark), String> {
    const FORMS: &str =
        "a slug string or { to = \"slug\", outside = true } or { to = \"slug\", inferred = true }";
    match v {
        toml::Value::String(s) => Ok((s.clone(), Mark::Stated)),
        toml::Value::Table(t) => {
            if let Some(k) = t
                .keys()
                .find(|k| !["to", "outside", "inferred"].contains(&k.as_str()))
            {
                return Err(format!(
                    "unknown field `{k}` in relation target (expected `to`, `outside`, `inferred`)"
                ));
            }
            let to = t
                .get("to")
                .and_then(|v| v.as_str())
                .ok_or("relation target table needs `to = \"slug\"`")?;
            let flag = |name: &str| match t.get(name) {
                None => Ok(false),
                Some(toml::Value::Boolean(b)) => Ok(*b),
                Some(_) => Err(format!("`{name}` must be true or false")),
            };
            let mark = match (flag("outside")?, flag("inferred")?) {
                (true, true) => {
                    return Err("a relation is either `outside` (not from the report) or `inferred` (from it), not both".into())
                }
                (true, false) => Mark::Outside,
                (false, true) => Mark::Inferred,
                (false, false) => Mark::Stated,
            };
            Ok((to.to_string(), mark))
        }
        _ => Err(format!("relation target must be {FORMS}")),
    }
}

fn parse_fact(
    config: &Config,
    src: &SourceText,
    key: &str,
    value: &Spanned<toml::Value>,
    diags: &mut Diagnostics,
) -> Option<Fact> {
    let at = value.span().start;
    let Some(ty) = config.fact_by_name(key) else {
        let known: Vec<&str> = config.facts.iter().map(|f| f.id.as_str()).collect();
        diags.push(src.error(
            at,
            format!(
                "unknown fact `{key}` (declared in site.toml: {})",
                known.join(", ")
            ),
        ));
        return None;
    };
    let kind = config.fact(ty).kind;
    let items: Vec<&toml::Value> = match value.get_ref() {
        toml::Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    if items.is_empty() {
        diags.push(src.error(at, format!("fact `{key}` has no value")));
        return None;
    }
    let mut values = Vec::new();
    for item in items {
        match parse_fact_value(kind, item, &config.languages) {
            Ok(v) => values.push(v),
            Err(msg) => {
                diags.push(src.error(at, format!("fact `{key}`: {msg}")));
                return None;
            }
        }
    }
    Some(Fact { ty, values })
}

fn parse_fact_value(
    kind: FactKind,
    item: &toml::Value,
    languages: &Languages,
) -> Result<FactValue, String> {
    // A table is either a text (one per language) or a detailed value ({ value, approx, note }).
    if let toml::Value::Table(t) = item {
        if t.contains_key("value") {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Detailed {
                value: toml::Value,
                approx: Option<Approx>,
                note: Option<toml::Value>,
            }
            let d: Detailed = item
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| e.message().to_string())?;
            let note = d
                .note
                .map(|n| localized_from_value(&n, languages).map_err(|e| format!("note: {e}")))
                .transpose()?;
            return Ok(FactValue {
                value: parse_plain(kind, &d.value, languages)?,
                approx: d.approx,
                note,
            });
        }
    }
    Ok(FactValue {
        value: parse_plain(kind, item, languages)?,
        approx: None,
        note: None,
    })
}

fn parse_plain(kind: FactKind, v: &toml::Value, languages: &Languages) -> Result<Value, String> {
    match (kind, v) {
        (FactKind::Date, toml::Value::String(s)) => {
            parse_date(s).map(|(y, m, d)| Value::Date(y, m, d))
        }
        (FactKind::Date, toml::Value::Integer(y)) => u16::try_from(*y)
            .map(|y| Value::Date(y, None, None))
            .map_err(|_| format!("bad year {y}")),
        (FactKind::Count, toml::Value::Integer(n)) if *n >= 0 => Ok(Value::Count(*n)),
        (FactKind::Number, toml::Value::Integer(n)) => Ok(Value::Number(*n as f64)),
        (FactKind::Number, toml::Value::Float(n)) if n.is_finite() => Ok(Value::Number(*n)),
        (FactKind::Percent, toml::Value::Integer(n)) => Ok(Value::Percent(*n as f64)),
        (FactKind::Percent, toml::Value::Float(n)) if n.is_finite() => Ok(Value::Percent(*n)),
        (FactKind::Text, toml::Value::Table(_)) => localized_from_value(v, languages)
            .map(Value::Text)
            .map_err(|e| format!("text: {e}")),
        (kind, _) => Err(format!("expected {}", expected(kind))),
    }
}

fn expected(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Date => "a date \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
        FactKind::Count => "a whole number ≥ 0",
        FactKind::Number | FactKind::Percent => "a number",
        FactKind::Text => "a text in each language, such as { en = \"…\" }",
    }
}

fn parse_date(s: &str) -> Result<(u16, Option<u8>, Option<u8>), String> {
    let bad = || format!("bad date `{s}` (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    let mut parts = s.split('-');
    let year: u16 = parts
        .next()
        .filter(|p| p.len() == 4)
        .and_then(|p| p.parse().ok())
        .ok_or_else(bad)?;
    let month: Option<u8> = match parts.next() {
        Some(p) => Some(
            p.parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(bad)?,
        ),
        None => None,
    };
    let day: Option<u8> = match parts.next() {
        Some(p) => Some(
            p.parse()
                .ok()
                .filter(|d| (1..=31).contains(d))
                .ok_or_else(bad)?,
        ),
        None => None,
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let file = SourceFile {
            path: PathBuf::from("en.md"),
            text: input.into(),
        };
        let mut diags = Diagnostics::default();
        let got = match parse_text(file, crate::lang::Spacing::Words, usize::MAX, &mut diags) {
            Some(t) => format!("{} | {} | {:?}", t.title, t.description, t.body()),
            None => diags
                .0
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn front_matter() {
        check(
            "+++\ntitle = \"T\"\ndescription = \"D\"\n+++\nBody\n",
            "T | D | \"Body\\n\"",
        );
        check(
            "+++\ntitle = \"T\"\n+++\n",
            "en.md:2:1: error: missing field `description`",
        );
        check(
            "+++\ntitle = \"T\"\ndescription = \"D\"\ncolour = 1\n+++\n",
            "en.md:4:1: error: unknown field `colour`, expected `title` or `description`",
        );
        check(
            "title = 1",
            "en.md:1:1: error: missing front matter: the file must start with a `+++` line",
        );
        check(
            "+++\ntitle = \"T\"\n",
            "en.md:1:1: error: front matter is not closed by a `+++` line",
        );
    }

    #[test]
    fn dates_and_segments() {
        assert_eq!(parse_date("2022-11"), Ok((2022, Some(11), None)));
        assert!(parse_date("2022-13").is_err());
        assert!(parse_date("22").is_err());
        assert!(is_plain_segment("gpt-4"));
        assert!(!is_plain_segment("GPT"));
        assert!(!is_plain_segment("a/b"));
        assert!(!is_plain_segment(".."));
    }
}
