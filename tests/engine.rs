//! The engine behind `serve` against full builds: after any sequence of edits, the files it serves
//! and the errors it reports equal those of a fresh full build of the same tree, byte for byte.
//! The property test applies random edits of every kind; the named tests are the regressions that
//! the hand-written shortcuts it replaced got wrong.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use atlas::engine::{render_one, Engine};
use atlas::site::{self, Cache};
use atlas::source::Input;
use proptest::prelude::*;

/// A fixture site being served: the engine, the input it holds, and the files it serves.
struct Served {
    fixture: common::Fixture,
    engine: Engine,
    input: Input,
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// The errors of the last update, as printed.
    errors: Option<String>,
    /// The warnings of the last good update, as printed.
    warnings: String,
}

/// A full build's files and its warnings, as printed.
type Built = (BTreeMap<String, Vec<u8>>, String);

/// What a fresh full build of the tree gives: every file and the warnings, or the errors.
fn full_build(root: &Path) -> Result<Built, String> {
    let input = atlas::load::load_site(root).map_err(|d| common::render_diags(&d))?;
    let site =
        site::prepare(&input, None, &mut Cache::none()).map_err(|d| common::render_diags(&d))?;
    let mut files = BTreeMap::new();
    for job in site.jobs() {
        let bytes = render_one(&site, job).map_err(|d| d.to_string())?;
        files.insert(site.path(job).as_str().to_string(), bytes);
    }
    Ok((files, warnings(&site)))
}

/// The warnings of a prepared site (the per-page checks' findings among them), as printed.
fn warnings(site: &site::Site) -> String {
    site.warnings.iter().map(|w| format!("{w}\n")).collect()
}

impl Served {
    fn new(case: &str) -> Served {
        let fixture = common::fixture(case);
        // A third section that neither links nor is linked: only the siblings show it.
        write(
            &fixture.root,
            "content/report/third/meta.toml",
            "order = 30\ngroup = \"ch1\"\nsections = [\"1.3\"]\n",
        );
        for lang in ["en", "zh"] {
            write(
                &fixture.root,
                &format!("content/report/third/{lang}.md"),
                "+++\ntitle = \"1.3 Third section\"\ndescription = \"The third.\"\n+++\n\n## Third\n\nText.\n",
            );
        }
        let input = atlas::load::load_site(&fixture.root).expect("load");
        let mut served = Served {
            fixture,
            engine: Engine::default(),
            input,
            files: BTreeMap::new(),
            errors: None,
            warnings: String::new(),
        };
        served.update(None);
        assert!(served.errors.is_none(), "{:?}", served.errors);
        served
    }

    fn root(&self) -> &Path {
        &self.fixture.root
    }

    /// Loads what changed as `serve` does (only the changed texts where it can) and updates.
    fn update(&mut self, changed: Option<&[PathBuf]>) {
        let root = self.root().to_path_buf();
        let reloaded = match changed {
            Some(files) => {
                let absolute: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
                atlas::load::reload_texts(&root, &mut self.input, &absolute)
            }
            None => Ok(false),
        };
        let loaded = match reloaded {
            Ok(true) => Ok(()),
            Ok(false) => atlas::load::load_site(&root).map(|mut new| {
                new.share_unchanged(&self.input);
                self.input = new;
            }),
            Err(d) => Err(d),
        };
        let result = loaded.and_then(|()| self.engine.update(&self.input, None));
        match result {
            Err(d) => self.errors = Some(common::render_diags(&d)),
            Ok(update) => {
                self.errors = None;
                self.warnings = warnings(&update.site);
                for path in &update.removed {
                    self.files.remove(path);
                }
                for (path, bytes) in update.rendered {
                    self.files.insert(path, bytes);
                }
                // Deferred files are rendered from the update's site, as when a reader asks.
                for (path, job) in update.deferred {
                    let bytes = render_one(&update.site, job).expect("deferred render");
                    self.files.insert(path, Arc::new(bytes));
                }
            }
        }
    }

    /// Applies an edit on disk and updates.
    fn edit(&mut self, edit: &Edit) {
        let changed = edit.apply(self.root());
        self.update(changed.as_deref());
    }

    /// Served files and errors equal a fresh full build's.
    fn assert_matches_full_build(&self, context: &str) {
        match full_build(self.root()) {
            Err(errors) => assert_eq!(
                self.errors.as_deref(),
                Some(errors.as_str()),
                "errors differ after {context}"
            ),
            Ok((files, warnings)) => {
                assert_eq!(
                    self.errors, None,
                    "engine failed where the build did not: {context}"
                );
                assert_eq!(self.warnings, warnings, "warnings differ after {context}");
                let served: Vec<&String> = self.files.keys().collect();
                let built: Vec<&String> = files.keys().collect();
                assert_eq!(served, built, "file lists differ after {context}");
                for (path, bytes) in &files {
                    assert!(
                        self.files[path].as_slice() == bytes.as_slice(),
                        "{path} differs from a full build after {context}"
                    );
                }
            }
        }
    }

    fn served(&self, path: &str) -> String {
        String::from_utf8_lossy(&self.files[path]).into_owned()
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_default()
}

const TEXTS: [&str; 9] = [
    "content/report/intro/en.md",
    "content/report/intro/zh.md",
    "content/report/second/en.md",
    "content/report/second/zh.md",
    "content/report/third/en.md",
    "content/models/gpt/en.md",
    "content/models/gpt/zh.md",
    "content/companies/openai/en.md",
    "content/areas/education/zh.md",
];
const METAS: [&str; 4] = [
    "content/report/third/meta.toml",
    "content/models/gpt/meta.toml",
    "content/companies/openai/meta.toml",
    "content/areas/education/meta.toml",
];
const TARGETS: [&str; 8] = [
    "gpt",
    "openai",
    "education",
    "intro",
    "second",
    "third",
    "nope",
    // A name a title edit may give a page (links reach pages by title too).
    "Closedco",
];

/// One change an author makes while serving.
#[derive(Debug, Clone)]
enum Edit {
    /// Appends a paragraph to a text: plain, with a link (maybe to a heading), or a shortcode.
    Body(usize, String),
    /// Puts a paragraph first in a text's body, moving everything after it (the kept graph's
    /// findings stand at its links).
    Prepend(usize, String),
    /// Sets the title of a text.
    Title(usize, String),
    /// Points a text's first wiki link elsewhere (`target` or `target#anchor`), leaving the
    /// number of links as it was.
    Relink(usize, String),
    /// Renames the first heading of a text.
    Heading(usize, String),
    /// Adds a relation or a fact to a `meta.toml`, or changes its `order`.
    Meta(usize, String),
    /// A new bundle, with texts in the languages given.
    AddBundle(String, bool),
    RemoveBundle(usize),
    RenameBundle(usize, String),
    /// Changes a value of the data file.
    Data(u64),
    /// Changes the site's English title.
    Config(String),
    /// Adds text to the page template.
    Template(String),
    /// Adds text to every row of the listings (kept rows must go).
    RowTemplate(String),
}

impl Edit {
    /// Applies the edit; the files it changed where it only changed existing files' contents.
    fn apply(&self, root: &Path) -> Option<Vec<PathBuf>> {
        match self {
            Edit::Body(i, para) => {
                let rel = TEXTS[*i % TEXTS.len()];
                let text = read(root, rel);
                if text.is_empty() {
                    return None;
                }
                write(root, rel, &format!("{text}\n{para}\n"));
                Some(vec![PathBuf::from(rel)])
            }
            Edit::Prepend(i, para) => {
                let rel = TEXTS[*i % TEXTS.len()];
                let text = read(root, rel);
                // After the front matter's closing `+++` line.
                let body = text.get(3..)?.find("+++\n")? + 3 + 4;
                let (front, rest) = text.split_at(body);
                write(root, rel, &format!("{front}\n{para}\n{rest}"));
                Some(vec![PathBuf::from(rel)])
            }
            Edit::Title(i, title) => {
                let rel = TEXTS[*i % TEXTS.len()];
                let text = read(root, rel);
                let start = text.find("title = \"")?;
                let rest = &text[start + 9..];
                let end = rest.find('"')?;
                let new = format!("{}title = \"{title}\"{}", &text[..start], &rest[end + 1..]);
                write(root, rel, &new);
                Some(vec![PathBuf::from(rel)])
            }
            Edit::Relink(i, to) => {
                let rel = TEXTS[*i % TEXTS.len()];
                let text = read(root, rel);
                let start = text.find("[[")? + 2;
                let end = start + text[start..].find("]]")?;
                write(
                    root,
                    rel,
                    &format!("{}{to}{}", &text[..start], &text[end..]),
                );
                Some(vec![PathBuf::from(rel)])
            }
            Edit::Heading(i, heading) => {
                let rel = TEXTS[*i % TEXTS.len()];
                let text = read(root, rel);
                let start = text.find("\n## ")? + 4;
                let end = start + text[start..].find('\n')?;
                write(
                    root,
                    rel,
                    &format!("{}{heading}{}", &text[..start], &text[end..]),
                );
                Some(vec![PathBuf::from(rel)])
            }
            Edit::Meta(i, line) => {
                let rel = METAS[*i % METAS.len()];
                let text = read(root, rel);
                if text.is_empty() {
                    return None;
                }
                // Tables go last; a top-level key replaces the line that sets it, or goes first.
                let key = line.split(" = ").next().unwrap_or_default();
                let new = if line.starts_with('[') {
                    format!("{text}\n{line}\n")
                } else if text.lines().any(|l| l.starts_with(&format!("{key} = "))) {
                    text.lines()
                        .map(|l| {
                            if l.starts_with(&format!("{key} = ")) {
                                line.as_str()
                            } else {
                                l
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                } else {
                    format!("{line}\n{text}")
                };
                write(root, rel, &new);
                Some(vec![PathBuf::from(rel)])
            }
            Edit::AddBundle(slug, both) => {
                let dir = format!("content/models/{slug}");
                write(
                    root,
                    &format!("{dir}/meta.toml"),
                    "sections = [\"1.1\"]\n[relations]\ndeveloped_by = [\"openai\"]\n",
                );
                write(
                    root,
                    &format!("{dir}/en.md"),
                    &format!(
                        "+++\ntitle = \"Model {slug}\"\ndescription = \"D\"\n+++\n\nSee [[gpt]].\n"
                    ),
                );
                if *both {
                    write(
                        root,
                        &format!("{dir}/zh.md"),
                        &format!("+++\ntitle = \"模型 {slug}\"\ndescription = \"D\"\n+++\n\n见 [[gpt]]。\n"),
                    );
                }
                None
            }
            Edit::RemoveBundle(i) => {
                let rel = METAS[*i % METAS.len()];
                let _ = fs::remove_dir_all(root.join(rel).parent()?);
                None
            }
            Edit::RenameBundle(i, slug) => {
                let rel = METAS[*i % METAS.len()];
                let dir = root.join(rel).parent()?.to_path_buf();
                let _ = fs::rename(&dir, dir.with_file_name(slug));
                None
            }
            Edit::Data(v) => {
                let rel = "content/data/sizes.toml";
                let text =
                    read(root, rel).replacen("params = 117000000", &format!("params = {v}"), 1);
                write(root, rel, &text);
                None
            }
            Edit::Config(title) => {
                let rel = "site.toml";
                let text = read(root, rel);
                let start = text.find("en = \"")?;
                let end = start + 6 + text[start + 6..].find('"')?;
                write(
                    root,
                    rel,
                    &format!("{}en = \"{title}\"{}", &text[..start], &text[end + 1..]),
                );
                None
            }
            Edit::Template(extra) => {
                let rel = "themes/atlas/templates/page.html";
                let text = read(root, rel);
                write(root, rel, &format!("{text}{{# {extra} #}}\n"));
                None
            }
            Edit::RowTemplate(extra) => {
                let rel = "themes/atlas/templates/list-row.html";
                let text = read(root, rel).replacen("</tr>", &format!("{extra}</tr>"), 1);
                write(root, rel, &text);
                None
            }
        }
    }
}

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z][a-z]{0,6}"
}

/// A link's target as written: a page, maybe with a heading.
fn link_target() -> impl Strategy<Value = String> {
    (
        prop::sample::select(TARGETS.to_vec()),
        prop::option::of(prop::sample::select(vec![
            "background",
            "details",
            "conclusion",
            "third",
            "nope",
        ])),
    )
        .prop_map(|(t, a)| match a {
            Some(a) => format!("{t}#{a}"),
            None => t.to_string(),
        })
}

fn paragraph() -> impl Strategy<Value = String> {
    let link = link_target().prop_map(|t| format!("See [[{t}]]."));
    prop_oneof![
        word().prop_map(|w| format!("Plain {w}.")),
        link,
        // Numbers one language states and the other may not (the numbers check).
        (1u32..5000).prop_map(|n| format!("It grew {n} times in 2023.")),
        // A link whose label the sentence already says (the prose lint, which reads the
        // target's name: a renamed target changes the finding).
        prop::sample::select(TARGETS.to_vec()).prop_map(|t| format!("The {t} [[{t}]] page.")),
        Just("{{ chart(data=\"sizes\") }}".to_string()),
        Just("> {{ chart(data=\"nope\") }}".to_string()),
        Just("- {{ table(data=\"sizes\") }}".to_string()),
        Just("    {{ chart(data=\"nope\") }}".to_string()),
        word().prop_map(|w| format!("## {w}")),
    ]
}

fn meta_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(TARGETS.to_vec())
            .prop_map(|t| format!("[relations]\nused_in = [\"{t}\"]")),
        (1990u32..2030).prop_map(|y| format!("[facts]\nreleased = \"{y}\"")),
        (0i64..50).prop_map(|o| format!("order = {o}")),
        prop::sample::select(vec!["1.1", "1.2", "1.3", "9.9"])
            .prop_map(|s| format!("sections = [\"{s}\"]")),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..TEXTS.len(), paragraph()).prop_map(|(i, p)| Edit::Body(i, p)),
        2 => (0..TEXTS.len(), paragraph()).prop_map(|(i, p)| Edit::Prepend(i, p)),
        3 => (0..TEXTS.len(), word()).prop_map(|(i, w)| Edit::Title(i, w)),
        1 => (0..TEXTS.len()).prop_map(|i| Edit::Title(i, "Closedco".into())),
        2 => (0..TEXTS.len(), link_target()).prop_map(|(i, t)| Edit::Relink(i, t)),
        2 => (0..TEXTS.len(), word()).prop_map(|(i, w)| Edit::Heading(i, w)),
        3 => (0..METAS.len(), meta_line()).prop_map(|(i, l)| Edit::Meta(i, l)),
        1 => ("[a-z]{3,6}", any::<bool>()).prop_map(|(s, b)| Edit::AddBundle(s, b)),
        1 => (0..METAS.len()).prop_map(Edit::RemoveBundle),
        1 => (0..METAS.len(), "[a-z]{3,6}").prop_map(|(i, s)| Edit::RenameBundle(i, s)),
        1 => (1u64..1_000_000_000_000).prop_map(Edit::Data),
        1 => word().prop_map(Edit::Config),
        1 => word().prop_map(Edit::Template),
        1 => word().prop_map(Edit::RowTemplate),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn served_site_equals_a_full_build_after_any_edits(edits in prop::collection::vec(edit(), 1..7)) {
        let mut served = Served::new("basic");
        served.assert_matches_full_build("the first build");
        for (i, e) in edits.iter().enumerate() {
            served.edit(e);
            served.assert_matches_full_build(&format!("edit {i}: {e:?}"));
        }
    }
}

// The regressions of the shortcuts the engine replaced (each was served wrong while `build` was
// right).

#[test]
fn a_bad_shortcode_added_while_serving_is_an_error() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(7, "{{ chart(data=\"nope\") }}".into()));
    let errors = s.errors.clone().expect("an error");
    assert!(
        errors.contains("companies/openai/en.md") && errors.contains("unknown data file `nope`"),
        "{errors}"
    );
    s.assert_matches_full_build("a bad shortcode");
}

#[test]
fn renaming_a_linked_heading_while_serving_is_an_error() {
    let mut s = Served::new("basic");
    // intro links [[second#conclusion]].
    s.edit(&Edit::Heading(2, "Summary".into()));
    let errors = s.errors.clone().expect("an error");
    assert!(errors.contains("unknown heading `#conclusion`"), "{errors}");
    s.assert_matches_full_build("a renamed heading");
}

/// Heading-id findings are kept per text while the templates stay: an id a template gains is
/// found on the pages whose headings have it, and gone when the template drops it.
#[test]
fn a_template_id_taken_by_a_heading_is_an_error_until_the_template_drops_it() {
    let mut s = Served::new("basic");
    let rel = "themes/atlas/templates/page.html";
    let page = read(s.root(), rel);
    // second has `## Conclusion` (intro links [[second#conclusion]]).
    write(s.root(), rel, &format!("{page}<i id=\"conclusion\"></i>\n"));
    s.update(None);
    let errors = s.errors.clone().expect("an error");
    assert!(
        errors.contains("content/report/second/en.md")
            && errors.contains("heading id `conclusion` is also an id of the theme"),
        "{errors}"
    );
    s.assert_matches_full_build("a template id a heading has");
    write(s.root(), rel, &page);
    s.update(None);
    assert_eq!(s.errors, None);
    s.assert_matches_full_build("the template id dropped");
}

/// An edit that leaves links, headings and names alone keeps the graph, but not its findings'
/// places: a broken link moved down by a new first paragraph is reported where it now stands.
#[test]
fn a_broken_link_moved_by_an_edit_is_reported_where_it_stands() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(5, "See [[nope]].".into()));
    let before = s.errors.clone().expect("an error");
    assert!(
        before.contains("unknown link target `[[nope]]`"),
        "{before}"
    );
    s.edit(&Edit::Prepend(
        5,
        "A new first paragraph.\n\nAnd a second.".into(),
    ));
    let after = s.errors.clone().expect("an error");
    assert_ne!(before, after, "the error did not move");
    s.assert_matches_full_build("a broken link moved down");
}

/// Links reach pages by title: a title edit elsewhere resolves a link though the linking text
/// did not change (the kept graph is dropped when a title changes).
#[test]
fn a_title_given_to_another_page_resolves_a_link_to_it() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(5, "See [[Closedco]].".into()));
    let error = "unknown link target `[[Closedco]]`";
    assert!(s.errors.as_deref().is_some_and(|e| e.contains(error)));
    s.edit(&Edit::Title(7, "Closedco".into()));
    assert_eq!(s.errors, None);
    s.assert_matches_full_build("the link's target named");
}

#[test]
fn a_renamed_title_reaches_the_siblings() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Title(4, "1.3 Renamed".into()));
    assert!(s.served("en/report/second.html").contains("1.3 Renamed"));
    s.assert_matches_full_build("a renamed title");
}

/// A listing's rows are kept between updates by what they show: a retitled page's row shows
/// the new title in every listing that holds it, and the old row comes back with the old title.
#[test]
fn a_title_edit_reaches_the_listing_rows_and_back() {
    let mut s = Served::new("basic");
    let listings = ["en/models/index.html", "en/companies/index.html"];
    let before: Vec<String> = listings.iter().map(|l| s.served(l)).collect();
    s.edit(&Edit::Title(5, "Renamed GPT".into()));
    for listing in listings {
        assert!(
            s.served(listing).contains(">Renamed GPT</a>"),
            "{listing} shows the old title"
        );
    }
    s.assert_matches_full_build("a retitled page");
    s.edit(&Edit::Title(5, "GPT <model>".into()));
    let after: Vec<String> = listings.iter().map(|l| s.served(l)).collect();
    assert_eq!(
        before, after,
        "the listings differ after the title came back"
    );
    s.assert_matches_full_build("the title back");
}

/// Rows kept while serving are dropped when the row template changes: every row shows it.
#[test]
fn editing_the_row_template_while_serving_changes_every_row() {
    let mut s = Served::new("basic");
    s.edit(&Edit::RowTemplate("Edited".into()));
    for listing in ["en/models/index.html", "zh/areas/index.html"] {
        let html = s.served(listing);
        let rows = html.matches("</tr>").count() - html.matches("</th></tr>").count();
        assert!(rows > 0, "{listing} has no rows");
        assert_eq!(
            html.matches("Edited</tr>").count(),
            rows,
            "{listing} keeps rows of the old template"
        );
    }
    s.assert_matches_full_build("an edited row template");
}

#[test]
fn shortcodes_in_quotes_and_lists_are_checked_and_code_is_not() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(2, "> {{ chart(data=\"nope\") }}".into()));
    assert!(s
        .errors
        .as_deref()
        .is_some_and(|e| e.contains("unknown data file `nope`")));
    s.assert_matches_full_build("a call in a quote");
    // Fixed, then a call in a list item: drawn, and an indented code block: text.
    let rel = TEXTS[2];
    let text = read(s.root(), rel).replace(
        "> {{ chart(data=\"nope\") }}",
        "- {{ table(data=\"sizes\") }}\n\nText.\n\n    {{ chart(data=\"nope\") }}",
    );
    write(s.root(), rel, &text);
    s.update(Some(&[PathBuf::from(rel)]));
    assert_eq!(s.errors, None);
    let page = s.served("en/report/second.html");
    assert!(!page.contains("<li>{{"), "a call in a list item is drawn");
    assert!(
        page.contains("<pre class=\"code\"><code>{{ chart(data=&quot;nope&quot;) }}")
            || page.contains("{{ chart(data=\"nope\") }}\n</code>"),
        "indented code stays code"
    );
    s.assert_matches_full_build("calls in a list and in code");
}

#[test]
fn editing_the_home_pages_text_reaches_the_home_page() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(0, "Brand new lead sentence.".into()));
    assert!(s
        .served("en/index.html")
        .contains("Brand new lead sentence."));
    s.assert_matches_full_build("an edit of the home page's text");
}

#[test]
fn a_timeline_without_years_draws_no_nan() {
    let mut s = Served::new("basic");
    write(
        s.root(),
        "content/data/empty-timeline.toml",
        "title = { zh = \"时间线\", en = \"Timeline\" }\ndescription = { zh = \"无年份\", en = \"No years\" }\nsections = [\"1.2\"]\nsource = { zh = \"测试\", en = \"Test\" }\n\n[chart]\ntype = \"timeline\"\nlabel = \"event\"\nvalue = \"year\"\n\n[[columns]]\nid = \"event\"\nlabel = { zh = \"事件\", en = \"Event\" }\nkind = \"text\"\n\n[[columns]]\nid = \"year\"\nlabel = { zh = \"年份\", en = \"Year\" }\nkind = \"year\"\n\n[[rows]]\nevent = \"A\"\nyear = { missing = true }\n",
    );
    let rel = TEXTS[0];
    let text = read(s.root(), rel);
    write(
        s.root(),
        rel,
        &format!("{text}\n{{{{ chart(data=\"empty-timeline\") }}}}\n"),
    );
    s.update(None);
    assert_eq!(s.errors, None);
    let page = s.served("en/report/intro.html");
    assert!(page.contains("<svg"), "the chart is drawn");
    assert!(
        !page.contains("NaN"),
        "no NaN in the chart: {}",
        &page[page.find("NaN").unwrap_or(0).saturating_sub(300)..][..400.min(page.len())]
    );
    s.assert_matches_full_build("a timeline without years");
}

/// A chart call is checked against the data files: the page's text is unchanged, but the data
/// file it draws is gone, so the call is an error (findings kept for the text must not hide it).
#[test]
fn a_chart_whose_data_file_goes_is_an_error() {
    let mut s = Served::new("basic");
    let data = "content/data/kept-chart.toml";
    write(
        s.root(),
        data,
        "title = { zh = \"表\", en = \"Table\" }\ndescription = { zh = \"表\", en = \"Table\" }\nsections = [\"1.2\"]\nsource = { zh = \"测试\", en = \"Test\" }\n\n[[columns]]\nid = \"name\"\nlabel = { zh = \"名称\", en = \"Name\" }\nkind = \"text\"\n\n[[rows]]\nname = \"A\"\n",
    );
    let rel = TEXTS[0];
    let text = read(s.root(), rel);
    write(
        s.root(),
        rel,
        &format!("{text}\n{{{{ table(data=\"kept-chart\") }}}}\n"),
    );
    s.update(None);
    assert_eq!(s.errors, None);
    s.assert_matches_full_build("a table added");
    std::fs::remove_file(s.root().join(data)).expect("remove the data file");
    s.update(None);
    let errors = s.errors.clone().unwrap_or_default();
    assert!(
        errors.contains("kept-chart"),
        "the call is an error: {errors:?}"
    );
    s.assert_matches_full_build("its data file removed");
}

#[test]
fn a_moved_section_reaches_its_old_and_new_neighbours() {
    let mut s = Served::new("basic");
    // third (order 30) moves before intro (order 10).
    s.edit(&Edit::Meta(0, "order = 5".into()));
    assert_eq!(s.errors, None);
    s.assert_matches_full_build("a section moved");
}

#[test]
fn a_page_leaving_and_joining_a_group_reaches_every_site_tree() {
    let mut s = Served::new("basic");
    let rel = "content/report/intro/meta.toml";
    let text = read(s.root(), rel);
    // Out of its chapter: the trees list it among the report's pages of no group.
    write(s.root(), rel, &text.replace("group = \"ch1\"\n", ""));
    s.update(Some(&[PathBuf::from(rel)]));
    assert_eq!(s.errors, None);
    s.assert_matches_full_build("a page left its group");
    // And back.
    write(s.root(), rel, &text);
    s.update(Some(&[PathBuf::from(rel)]));
    s.assert_matches_full_build("a page joined its group again");
}

/// The prose lint reads the names of a page's link targets: renaming the target changes the
/// linking page's finding though its text did not change (findings are kept by text and by the
/// targets' names).
#[test]
fn a_renamed_target_changes_the_linking_pages_lint() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(5, "OpenAI [[openai]] trains it.".into()));
    let doubled = "link prints `OpenAI` right after `OpenAI`";
    assert!(s.warnings.contains(doubled), "{}", s.warnings);
    s.assert_matches_full_build("a link right after its target's name");
    s.edit(&Edit::Title(7, "Closedco".into()));
    assert!(!s.warnings.contains(doubled), "{}", s.warnings);
    s.assert_matches_full_build("the target renamed");
    s.edit(&Edit::Title(7, "OpenAI".into()));
    assert!(s.warnings.contains(doubled), "{}", s.warnings);
    s.assert_matches_full_build("the target's name back");
}

/// A title that no link looks up by name keeps the graph (links reach the page by its slug),
/// but not the lint's findings: the labels the links print are compared again, and an edit that
/// puts the title back finds the doubled words again.
#[test]
fn a_title_no_link_names_keeps_the_graph_but_not_the_lint() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(7, "GPT [[gpt]] is its model.".into()));
    let doubled = "link prints `GPT <model>` right after `GPT`";
    assert!(s.warnings.contains(doubled), "{}", s.warnings);
    s.assert_matches_full_build("a link right after its target's name");
    s.edit(&Edit::Title(5, "Closedco".into()));
    assert!(!s.warnings.contains(doubled), "{}", s.warnings);
    s.assert_matches_full_build("the target renamed");
    s.edit(&Edit::Body(0, "Another paragraph.".into()));
    s.assert_matches_full_build("a body edit after the rename");
    s.edit(&Edit::Title(5, "GPT <model>".into()));
    assert!(s.warnings.contains(doubled), "{}", s.warnings);
    s.assert_matches_full_build("the target's title back");
}

/// The numbers check compares a page's languages: a number added to one is a finding until the
/// other states it too.
#[test]
fn a_number_in_one_language_is_found_until_the_other_states_it() {
    let mut s = Served::new("basic");
    s.edit(&Edit::Body(5, "It grew 4321 times.".into()));
    let parity = "`4321`";
    assert!(s.warnings.contains(parity), "{}", s.warnings);
    s.assert_matches_full_build("a number in English only");
    s.edit(&Edit::Body(6, "它增长了 4321 倍。".into()));
    assert!(!s.warnings.contains(parity), "{}", s.warnings);
    s.assert_matches_full_build("the number in both languages");
}
