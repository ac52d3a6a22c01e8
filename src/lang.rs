//! The site's languages, as `site.toml` declares them, and data held once per language.
//!
//! A [`Lang`] is an index into the declared languages; nothing in the generator names a language.
//! What differs between languages (number and date style, search segmentation and stemming) is a
//! property of the declared [`Language`]; the words themselves come from the theme's i18n files.

use std::fmt;
use std::ops::{Index, IndexMut, Range};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use smallvec::SmallVec;
use toml::Spanned;

use crate::diag::{Diagnostics, SourceText};

/// A language of the site: its place in `site.toml`'s `[languages]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(u8);

impl Lang {
    /// Its place among the declared languages (0 is the first declared).
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// How counts are grouped into units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberStyle {
    /// Units of 10⁴, 10⁸ and 10¹² (万, 亿/億, 万亿/兆); smaller numbers without separators.
    Myriad,
    /// Units of 10⁶, 10⁹ and 10¹² (million, billion, trillion); smaller numbers grouped by
    /// thousands with the theme's `digit_group` separator.
    Thousands,
}

/// How the month of a date is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateStyle {
    /// As a number (2023年3月).
    MonthNumber,
    /// As a name from the theme's `month_1` … `month_12` (March 2023).
    MonthName,
}

/// How the search finds text written without spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segmentation {
    /// Runs of CJK characters are searched inside: any two or more characters of a run match.
    CjkRuns,
    /// Every run of letters is a word, matched whole or from its start.
    Words,
}

/// How the search folds word endings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stemming {
    /// A light English stemmer on Latin-script words (models = model, training = train).
    English,
    /// Words match as written (or as a prefix).
    None,
}

/// How the text of a language is spaced around links and between scripts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Spacing {
    /// Spaces separate words and are printed as written.
    #[default]
    Words,
    /// Chinese text as W3C's Requirements for Chinese Text Layout (clreq) has it: no space
    /// between Han characters, nor between Han text and a link; the gap between Han and Latin
    /// letters or digits is drawn by the theme's CSS (`text-autospace`), so a space an author
    /// typed there is dropped from the output and `atlas check` warns about one beside a link.
    Cjk,
}

/// One language as `site.toml` declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The name of its folder and files (`zh` in `public/zh/`, `zh.md`).
    pub code: String,
    /// The BCP 47 tag for `<html lang>` and hreflang (`zh-Hans`).
    pub tag: String,
    /// The Open Graph locale (`zh_CN`).
    pub locale: String,
    pub numbers: NumberStyle,
    pub dates: DateStyle,
    pub segmentation: Segmentation,
    pub stemming: Stemming,
    pub spacing: Spacing,
}

/// The declared languages, in the order of `site.toml`, with the default and the fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    list: Vec<Language>,
    default: Lang,
    fallback: Lang,
}

/// At most this many languages: a [`Lang`] is one byte.
const MAX_LANGUAGES: usize = 255;

impl Languages {
    /// The languages in declared order; `default` and `fallback` index into them.
    fn new(list: Vec<Language>, default: usize, fallback: usize) -> Self {
        let lang = |i: usize| Lang(u8::try_from(i).unwrap_or(0));
        Languages {
            list,
            default: lang(default),
            fallback: lang(fallback),
        }
    }

    /// Every language, in declared order.
    pub fn all(&self) -> impl ExactSizeIterator<Item = Lang> + Clone + '_ {
        (0..self.list.len()).map(|i| Lang(i as u8))
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The language whose folder and files are named `code`.
    pub fn by_code(&self, code: &str) -> Option<Lang> {
        self.list
            .iter()
            .position(|l| l.code == code)
            .map(|i| Lang(i as u8))
    }

    /// The language of the root page and of `x-default`.
    pub fn default(&self) -> Lang {
        self.default
    }

    /// The languages to show where `lang`'s text is missing, best first: the fallback, then the
    /// default, then the others in declared order.
    pub fn fallbacks(&self, lang: Lang) -> Vec<Lang> {
        let mut order = Vec::with_capacity(self.list.len());
        for l in [self.fallback, self.default].into_iter().chain(self.all()) {
            if l != lang && !order.contains(&l) {
                order.push(l);
            }
        }
        order
    }

    /// The codes, for messages: `zh, en`.
    pub fn codes(&self) -> String {
        self.list
            .iter()
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Index<Lang> for Languages {
    type Output = Language;
    fn index(&self, lang: Lang) -> &Language {
        &self.list[lang.index()]
    }
}

impl IntoIterator for &Languages {
    type Item = Lang;
    type IntoIter = std::iter::Map<Range<usize>, fn(usize) -> Lang>;
    fn into_iter(self) -> Self::IntoIter {
        (0..self.list.len()).map(|i| Lang(i as u8))
    }
}

/// One value for each language of the site, indexed by [`Lang`]. Up to two languages are held
/// inline, so a page keeps its texts in place: a boxed slice per value cost a heap block each and a
/// pointer chase on every title lookup (user CPU 7.9 s against 6.7 s at 10,000 bundles).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PerLang<T>(SmallVec<[T; 2]>);

impl<T> PerLang<T> {
    /// A value for each of `languages`, made by `f`.
    pub fn from_fn(languages: &Languages, f: impl FnMut(Lang) -> T) -> Self {
        PerLang(languages.all().map(f).collect())
    }

    pub fn get(&self, lang: Lang) -> &T {
        &self.0[lang.index()]
    }

    /// The values, in declared order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.0.iter_mut()
    }

    /// Each language with its value, in declared order.
    pub fn by_lang(&self) -> impl Iterator<Item = (Lang, &T)> {
        self.0.iter().enumerate().map(|(i, v)| (Lang(i as u8), v))
    }

    /// The same languages with values made from these.
    pub fn map<U>(&self, mut f: impl FnMut(Lang, &T) -> U) -> PerLang<U> {
        PerLang(self.by_lang().map(|(l, v)| f(l, v)).collect())
    }

    /// The same languages with values made from these, consuming them.
    pub fn into_map<U>(self, mut f: impl FnMut(Lang, T) -> U) -> PerLang<U> {
        PerLang(
            self.0
                .into_iter()
                .enumerate()
                .map(|(i, v)| f(Lang(i as u8), v))
                .collect(),
        )
    }
}

impl<'a, T> IntoIterator for &'a PerLang<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> Index<Lang> for PerLang<T> {
    type Output = T;
    fn index(&self, lang: Lang) -> &T {
        &self.0[lang.index()]
    }
}

impl<T> IndexMut<Lang> for PerLang<T> {
    fn index_mut(&mut self, lang: Lang) -> &mut T {
        &mut self.0[lang.index()]
    }
}

/// A text given in every language of the site (`{ zh = "…", en = "…" }`).
pub type Localized = PerLang<String>;

/// A text per language as written, before it is checked against the site's languages.
#[derive(Debug, Clone)]
pub struct RawLocalized {
    /// Where the table is in its file.
    span: Range<usize>,
    entries: Vec<(Spanned<String>, String)>,
}

impl<'de> Deserialize<'de> for RawLocalized {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Vec<(Spanned<String>, String)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text in each language, such as { en = \"…\" }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, String>()? {
                    entries.push(entry);
                }
                Ok(entries)
            }
        }
        struct Table(Vec<(Spanned<String>, String)>);
        impl<'de> Deserialize<'de> for Table {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(Entries).map(Table)
            }
        }
        let table = Spanned::<Table>::deserialize(deserializer)?;
        Ok(RawLocalized {
            span: table.span(),
            entries: table.into_inner().0,
        })
    }
}

impl RawLocalized {
    /// Where the table starts in its file.
    pub fn start(&self) -> usize {
        self.span.start
    }

    /// Checks the text names each language of the site once and no other. Every problem goes
    /// into `diags`, pointing into `src`, and fails the stage; the texts come back anyway (empty
    /// where missing) so the rest of the file can still be checked.
    pub fn check(
        self,
        languages: &Languages,
        src: &SourceText,
        diags: &mut Diagnostics,
    ) -> Localized {
        let mut texts: PerLang<Option<String>> = PerLang::from_fn(languages, |_| None);
        for (code, text) in self.entries {
            match languages.by_code(code.get_ref()) {
                Some(l) => texts[l] = Some(text),
                None => {
                    diags.push(src.error(code.span().start, unknown(code.get_ref(), languages)))
                }
            }
        }
        for (l, text) in texts.by_lang() {
            if text.is_none() {
                diags.push(src.error(self.span.start, missing(l, languages)));
            }
        }
        texts.into_map(|_, t| t.unwrap_or_default())
    }
}

/// Reads a text per language from a TOML value that carries no positions (a fact's or a cell's
/// value); the caller places the message.
pub fn localized_from_value(
    value: &toml::Value,
    languages: &Languages,
) -> Result<Localized, String> {
    let toml::Value::Table(table) = value else {
        return Err(format!(
            "expected a text in each language ({}), found {}",
            languages.codes(),
            value.type_str()
        ));
    };
    if let Some(code) = table.keys().find(|k| languages.by_code(k).is_none()) {
        return Err(unknown(code, languages));
    }
    let mut problems = Vec::new();
    let texts = PerLang::from_fn(languages, |l| match table.get(&languages[l].code) {
        Some(toml::Value::String(s)) => s.clone(),
        Some(other) => {
            problems.push(format!(
                "the `{}` text must be a string, not {}",
                languages[l].code,
                other.type_str()
            ));
            String::new()
        }
        None => {
            problems.push(missing(l, languages));
            String::new()
        }
    });
    match problems.is_empty() {
        true => Ok(texts),
        false => Err(problems.join("; ")),
    }
}

fn unknown(code: &str, languages: &Languages) -> String {
    format!(
        "unknown language `{code}` (site.toml declares: {})",
        languages.codes()
    )
}

fn missing(lang: Lang, languages: &Languages) -> String {
    format!(
        "missing the `{}` text (site.toml declares: {})",
        languages[lang].code,
        languages.codes()
    )
}

/// `[languages]` of `site.toml` as written: a table per language, keyed by its code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLanguage {
    tag: String,
    locale: String,
    numbers: NumberStyle,
    dates: DateStyle,
    segmentation: Segmentation,
    stemming: Stemming,
    #[serde(default)]
    spacing: Spacing,
}

/// Output folders beside the languages' own.
const RESERVED: [&str; 1] = ["static"];

/// Checks the declared languages and the default and fallback among them.
pub fn parse_languages(
    src: &SourceText,
    declared: Spanned<crate::tomlfile::OrderedMap<Spanned<RawLanguage>>>,
    default: &Spanned<String>,
    fallback: Option<&Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<Languages> {
    let before = diags.0.len();
    let mut list: Vec<Language> = Vec::new();
    let at = declared.span().start;
    for (code, raw) in declared.into_inner().0 {
        let start = raw.span().start;
        let raw = raw.into_inner();
        if !crate::url::is_plain_segment(&code) || RESERVED.contains(&code.as_str()) {
            diags.push(src.error(
                start,
                format!("language code `{code}` must be a plain path segment (a-z, 0-9, -) other than {}", RESERVED.join(", ")),
            ));
        }
        if !is_tag(&raw.tag, '-') {
            diags.push(src.error(
                start,
                format!("language `{code}`: `tag` must be a BCP 47 tag such as `en` or `zh-Hans`, not `{}`", raw.tag),
            ));
        }
        if !is_tag(&raw.locale, '_') {
            diags.push(src.error(
                start,
                format!("language `{code}`: `locale` must be an Open Graph locale such as `en_US`, not `{}`", raw.locale),
            ));
        }
        list.push(Language {
            code,
            tag: raw.tag,
            locale: raw.locale,
            numbers: raw.numbers,
            dates: raw.dates,
            segmentation: raw.segmentation,
            stemming: raw.stemming,
            spacing: raw.spacing,
        });
    }
    if list.is_empty() {
        diags.push(src.error(at, "`[languages]` must declare at least one language"));
    }
    if list.len() > MAX_LANGUAGES {
        diags.push(src.error(at, format!("at most {MAX_LANGUAGES} languages")));
    }
    let codes = list
        .iter()
        .map(|l| l.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let find = |name: &str, code: &Spanned<String>, diags: &mut Diagnostics| {
        let found = list.iter().position(|l| &l.code == code.get_ref());
        if found.is_none() {
            diags.push(src.error(
                code.span().start,
                format!(
                    "{name} `{}` is not one of `[languages]` ({codes})",
                    code.get_ref()
                ),
            ));
        }
        found
    };
    let default = find("default language", default, diags);
    let fallback = match fallback {
        Some(f) => find("fallback language", f, diags),
        None => default,
    };
    if diags.0.len() > before {
        return None;
    }
    Some(Languages::new(list, default?, fallback?))
}

/// Letters and digits in parts joined by `sep`.
fn is_tag(s: &str, sep: char) -> bool {
    !s.is_empty()
        && s.split(sep)
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// For unit tests elsewhere that need a language without a whole config.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::Lang;

    /// The first declared language.
    pub fn first() -> Lang {
        Lang(0)
    }

    /// A value of a site with one language.
    pub fn one<T>(value: T) -> super::PerLang<T> {
        super::PerLang(smallvec::smallvec![value])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(code: &str) -> Language {
        Language {
            code: code.to_string(),
            tag: code.to_string(),
            locale: code.to_string(),
            numbers: NumberStyle::Thousands,
            dates: DateStyle::MonthName,
            segmentation: Segmentation::Words,
            stemming: Stemming::None,
            spacing: Spacing::Words,
        }
    }

    fn languages(codes: &[&str], default: usize, fallback: usize) -> Languages {
        Languages::new(
            codes.iter().map(|c| language(c)).collect(),
            default,
            fallback,
        )
    }

    fn fallbacks(l: &Languages, code: &str) -> Vec<String> {
        let lang = l.by_code(code).expect("declared");
        l.fallbacks(lang)
            .into_iter()
            .map(|f| l[f].code.clone())
            .collect()
    }

    #[test]
    fn fallback_order_is_fallback_then_default_then_declared() {
        let two = languages(&["zh", "en"], 0, 1);
        assert_eq!(fallbacks(&two, "zh"), ["en"]);
        assert_eq!(fallbacks(&two, "en"), ["zh"]);
        let three = languages(&["zh", "en", "ja"], 0, 1);
        assert_eq!(fallbacks(&three, "ja"), ["en", "zh"]);
        assert_eq!(fallbacks(&three, "en"), ["zh", "ja"]);
        let same = languages(&["ja", "en", "zh"], 1, 1);
        assert_eq!(fallbacks(&same, "ja"), ["en", "zh"]);
        assert_eq!(fallbacks(&same, "en"), ["ja", "zh"]);
        assert_eq!(
            fallbacks(&languages(&["en"], 0, 0), "en"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn per_lang_follows_the_declared_order() {
        let l = languages(&["ja", "en", "zh"], 0, 1);
        let mut v = PerLang::from_fn(&l, |lang| l[lang].code.clone());
        let zh = l.by_code("zh").expect("zh");
        v[zh].push('!');
        assert_eq!(v.iter().cloned().collect::<Vec<_>>(), ["ja", "en", "zh!"]);
        assert_eq!(v.map(|_, s| s.len()).get(zh), &3);
        assert_eq!(l.all().map(Lang::index).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn localized_texts_are_checked_against_the_languages() {
        #[derive(Deserialize)]
        struct Doc {
            title: RawLocalized,
        }
        let l = languages(&["zh", "en"], 0, 1);
        let check = |text: &str| {
            let doc: Doc = toml::from_str(text).expect("toml");
            let src = SourceText::new(std::path::Path::new("x.toml"), text);
            let mut diags = Diagnostics::default();
            let texts = doc.title.check(&l, &src, &mut diags);
            match diags.0.is_empty() {
                true => texts.iter().cloned().collect::<Vec<_>>().join("|"),
                false => diags
                    .0
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        };
        assert_eq!(check("title = { en = \"A\", zh = \"甲\" }"), "甲|A");
        assert_eq!(
            check("title = { zh = \"甲\", fr = \"A\" }"),
            "x.toml:1:21: error: unknown language `fr` (site.toml declares: zh, en)\nx.toml:1:9: error: missing the `en` text (site.toml declares: zh, en)"
        );
        assert_eq!(
            check("[title]\nzh = \"甲\"\n"),
            "x.toml:1:1: error: missing the `en` text (site.toml declares: zh, en)"
        );
        let value: toml::Value = toml::from_str("zh = \"甲\"\nde = \"A\"").expect("toml");
        assert_eq!(
            localized_from_value(&value, &l),
            Err("unknown language `de` (site.toml declares: zh, en)".to_string())
        );
    }
}
