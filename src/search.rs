//! The search index of one language, as a plain script that sets a global: it loads from
//! `file://` (no fetch, no modules) and only when the reader starts to search.

use std::borrow::Cow;

use crate::content::PageText;
use crate::graph::LangDoc;
use crate::lang::{Lang, Segmentation, Stemming};
use crate::markdown::{LinkId, TextBlock};
use crate::site::Site;
use crate::url::OutPath;

/// Appends `s` as a JSON string: quoted and escaped like serde_json, with `</` written `<\/` so
/// the script could be inlined.
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    JsonText::default().push(out, s, Space::Keep);
    out.push('"');
}

#[derive(Clone, Copy, PartialEq)]
enum Space {
    Keep,
    /// Every run of whitespace becomes one space and the ends are trimmed: the search shows
    /// text on one line.
    Squeeze,
}

/// The inside of a JSON string written in pieces.
#[derive(Default)]
struct JsonText {
    /// Something other than whitespace was written.
    started: bool,
    /// Whitespace is pending (written only if more text follows).
    gap: bool,
}

impl JsonText {
    /// Copies `s` a run of plain text at a time: this runs over every word of the site, so it
    /// looks only at the bytes that can need care (ASCII specials, and when squeezing, spaces
    /// and the lead bytes of the non-ASCII whitespace characters).
    fn push(&mut self, out: &mut String, s: &str, space: Space) {
        let squeeze = space == Space::Squeeze;
        let special = |b: u8| {
            b < 0x20
                || matches!(b, b'"' | b'\\' | b'/')
                || (squeeze && matches!(b, b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3))
        };
        let bytes = s.as_bytes();
        let (mut plain, mut i) = (0, 0);
        while let Some(off) = bytes[i..].iter().position(|&b| special(b)) {
            let at = i + off;
            // `special` picks only ASCII bytes and lead bytes: `at` is a char boundary.
            let c = s[at..].chars().next().unwrap_or(' ');
            i = at + c.len_utf8();
            let blank = squeeze && c.is_whitespace();
            if !blank && c >= ' ' && !matches!(c, '"' | '\\' | '/') {
                continue;
            }
            self.flush(out, &s[plain..at]);
            plain = i;
            if blank {
                self.gap = self.started;
                continue;
            }
            if std::mem::take(&mut self.gap) {
                out.push(' ');
            }
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '/' if out.ends_with('<') => out.push_str("\\/"),
                '/' => out.push('/'),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            }
            self.started = true;
        }
        self.flush(out, &s[plain..]);
    }

    fn flush(&mut self, out: &mut String, run: &str) {
        if run.is_empty() {
            return;
        }
        if std::mem::take(&mut self.gap) {
            out.push(' ');
        }
        out.push_str(run);
        self.started = true;
    }
}

/// Appends `items` as a JSON array of strings.
fn push_json_list<'s>(out: &mut String, items: impl IntoIterator<Item = &'s str>) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json(out, item);
    }
    out.push(']');
}

/// A block's text as the page shows it, on one line: a link written as `[[slug]]` reads as the
/// target's title.
fn push_block_text(
    out: &mut String,
    site: &Site,
    lang: Lang,
    text: &PageText,
    doc: &LangDoc,
    block: &TextBlock,
) {
    let link = |i: LinkId| -> Cow<'_, str> {
        match doc.link(i) {
            Some(target) => site.content.pages[target.page.0].title(lang).into(),
            None => text.scan.link(i).map_or("", |l| l.target.as_str()).into(),
        }
    };
    out.push('"');
    let mut line = JsonText::default();
    for piece in block.pieces(text.body(), &text.scan, link) {
        line.push(out, &piece, Space::Squeeze);
    }
    out.push('"');
}

pub use crate::shards::Plan;

/// What every file of a language's index needs, made once per site on first use: at ten
/// thousand pages the plan alone, made per document file, would be quadratic.
pub fn plan(site: &Site, lang: Lang) -> &Plan {
    site.search[lang]
        .plan
        .get_or_init(|| Plan::of(&site.config, &site.content, &site.graph, lang))
}

/// A language's manifest: the settings site.toml gives it, how the index is cut (`b`: the first
/// key of every term file but the first, shortened), and each document's title length (results with
/// equal scores are ordered by it).
pub fn write_index(site: &Site, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let language = &site.config.languages[lang];
    let plan = plan(site, lang);
    let index = terms(site, lang);
    let mut head = String::from("window.ATLAS_SEARCH=window.ATLAS_SEARCH||{};window.ATLAS_SEARCH[");
    push_json(&mut head, &language.code);
    head.push_str("]={\"segmentation\":");
    push_json(&mut head, segmentation_name(language.segmentation));
    head.push_str(",\"stemming\":");
    push_json(&mut head, stemming_name(language.stemming));
    head.push_str(&format!(
        ",\"shards\":{},\"per\":{},\"docs\":{},\"b\":",
        plan.shards,
        plan.per_file,
        plan.docs.len()
    ));
    // Front-coded like the keys, and each rest preceded by its length in UTF-16 units: one
    // string, not a list (the manifest is loaded by every query).
    let mut bounds = String::new();
    let mut prev = "";
    for bound in &index.bounds {
        let (units, bytes) = shared_units(prev, bound);
        bounds.push(char::from(DIGITS[units]));
        push_number(&mut bounds, bound[bytes..].encode_utf16().count());
        bounds.push_str(&bound[bytes..]);
        prev = bound;
    }
    push_json(&mut head, &bounds);
    head.push_str(",\"tl\":\"");
    for &p in &plan.docs {
        let title = site.content.pages[p.0].title(lang);
        push_number(&mut head, title.encode_utf16().count());
    }
    head.push_str("\",\"t\":{},\"d\":{}};\n");
    out.write_all(head.as_bytes())
}

/// Which script of the window object a shard sets.
fn shard_head(site: &Site, lang: Lang, table: &str, i: usize) -> String {
    let mut head = String::from("window.ATLAS_SEARCH[");
    push_json(&mut head, &site.config.languages[lang].code);
    head.push_str(&format!("].{table}[{i}]="));
    head
}

/// Builds every language's index at once, one language per worker. The term files and the
/// manifest need the whole index: a worker that met one while another was building it would
/// wait, idle.
pub fn build_indexes(site: &Site) {
    use rayon::prelude::*;
    let langs: Vec<Lang> = site.config.languages.all().collect();
    langs.par_iter().for_each(|&lang| {
        terms(site, lang);
    });
}

fn terms(site: &Site, lang: Lang) -> &crate::shards::Terms {
    site.search[lang]
        .terms
        .get_or_init(|| build_index(site, lang))
}

/// Writes term file `i` of the language (see [`Plan`]).
pub fn write_shard(
    site: &Site,
    lang: Lang,
    i: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let index = terms(site, lang);
    out.write_all(shard_head(site, lang, "t", i).as_bytes())?;
    out.write_all(index.files.get(i).map_or("\"\"", String::as_str).as_bytes())?;
    out.write_all(b";\n")
}

/// Writes document file `i`: the documents as the results show them, `{t: title, k: kind, u:
/// path from the site root, a: names and aliases in every language, d: description, b: [[heading
/// id, heading, text], ...]}`.
pub fn write_docs(
    site: &Site,
    lang: Lang,
    i: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let plan = plan(site, lang);
    let language = &site.config.languages[lang];
    out.write_all(shard_head(site, lang, "d", i).as_bytes())?;
    out.write_all(b"[")?;
    let from = (i * plan.per_file).min(plan.docs.len());
    let to = ((i + 1) * plan.per_file).min(plan.docs.len());
    let mut doc = String::new();
    for (n, &p) in plan.docs[from..to].iter().enumerate() {
        let page = &site.content.pages[p.0];
        let kind = site.config.kind(page.kind);
        let (Some(text), Some(d)) = (page.text(lang), site.graph.doc(p, lang)) else {
            continue;
        };
        doc.clear();
        doc.push_str(if n == 0 { "{\"t\":" } else { ",{\"t\":" });
        push_json(&mut doc, &text.title);
        doc.push_str(",\"k\":");
        push_json(&mut doc, kind.singular.get(lang));
        doc.push_str(",\"u\":");
        push_json(
            &mut doc,
            OutPath::page(&language.code, &kind.id, &page.slug).as_str(),
        );
        doc.push_str(",\"a\":");
        push_json_list(&mut doc, aliases(site, page, &text.title));
        doc.push_str(",\"d\":");
        push_json(&mut doc, &text.description);
        doc.push_str(",\"b\":[");
        for (i, b) in text.scan.blocks.iter().enumerate() {
            let heading = b.heading.and_then(|h| text.scan.headings.get(h));
            doc.push_str(if i == 0 { "[" } else { ",[" });
            push_json(&mut doc, heading.map_or("", |h| h.id.as_str()));
            doc.push(',');
            push_json(&mut doc, heading.map_or("", |h| h.text.as_str()));
            doc.push(',');
            push_block_text(&mut doc, site, lang, text, d, b);
            doc.push(']');
        }
        doc.push_str("]}");
        out.write_all(doc.as_bytes())?;
    }
    out.write_all(b"];\n")
}

/// A page's names in every language and its aliases, without its title in this language.
fn aliases<'s>(site: &'s Site, page: &'s crate::content::Page, title: &str) -> Vec<&'s str> {
    let mut aliases: Vec<&str> = Vec::new();
    for l in &site.config.languages {
        if let Some(t) = page.text(l) {
            aliases.push(&t.title);
        }
        if let Some(n) = &page.meta.name {
            aliases.push(n.get(l));
        }
    }
    aliases.extend(page.meta.aliases.iter().map(|a| a.get_ref().as_str()));
    aliases.sort_unstable();
    aliases.dedup();
    aliases.retain(|a| *a != title);
    aliases
}

// ------------------------------------------------------------------ the inverted index
//
// search.js reads it; the two must agree on `normalize`, `tokens`, the order of keys (UTF-16
// units), the key files' front coding (see `cut_terms`) and the codes.
// A term's postings are one string of numbers (see `push_number`): per document, the gap from
// the previous document and a code = best field kind of whole-word hits (0 title .. 4 body, 5
// none) * 6 + the same for hits on a compound's parts, + 36 * (hits - 1, at most 19).
// Terms: words and compound parts of every field; CJK characters and pairs of characters (with
// "words" segmentation, whole runs outside names); "!" + a term of a title or alias (one-letter
// queries and lone CJK characters match names only); "#" + a whole title (whole kind 0) or
// alias (part kind 1), for the bonus of a name that equals or starts with the query.

/// Field kinds, as search.js numbers them.
const TITLE: u8 = 0;
const ALIAS: u8 = 1;
const HEADING: u8 = 2;
const DESCRIPTION: u8 = 3;
const BODY: u8 = 4;
const NONE: u8 = 5;
const NAME_TERM: char = '!';
const WHOLE_NAME: char = '#';

/// What one document holds of one term.
#[derive(Clone, Copy)]
struct Hits {
    whole: u8,
    part: u8,
    count: u32,
}

#[derive(Default)]
struct Postings {
    /// The last document written plus one (0: none yet).
    next: usize,
    data: String,
}

/// A language's index while it is built: each term once, by number, with its postings, and the
/// hits of the document being read. A term is looked up once per hit and allocated once per
/// index (a map per document allocated each term of each document again).
#[derive(Default)]
struct Index {
    ids: rustc_hash::FxHashMap<String, u32>,
    postings: Vec<Postings>,
    /// Per term: its place in `doc`, or `ABSENT`.
    slot: Vec<u32>,
    doc: Vec<(u32, Hits)>,
}

const ABSENT: u32 = u32::MAX;

impl Index {
    /// The current document's hits of `term`.
    fn hits(&mut self, term: &str) -> &mut Hits {
        let id = match self.ids.get(term) {
            Some(&id) => id as usize,
            None => {
                let id = self.postings.len();
                self.ids.insert(term.to_string(), id as u32);
                self.postings.push(Postings::default());
                self.slot.push(ABSENT);
                id
            }
        };
        if self.slot[id] == ABSENT {
            self.slot[id] = self.doc.len() as u32;
            self.doc.push((
                id as u32,
                Hits {
                    whole: NONE,
                    part: NONE,
                    count: 0,
                },
            ));
        }
        let at = self.slot[id] as usize;
        &mut self.doc[at].1
    }

    /// Adds the current document's hits, as document `n` (from 0), to the postings.
    fn end_document(&mut self, n: usize) {
        for (id, hits) in self.doc.drain(..) {
            self.slot[id as usize] = ABSENT;
            let postings = &mut self.postings[id as usize];
            push_number(&mut postings.data, n + 1 - postings.next);
            postings.next = n + 1;
            let code = usize::from(hits.whole) * 6
                + usize::from(hits.part)
                + 36 * (hits.count.clamp(1, 20) as usize - 1);
            push_number(&mut postings.data, code);
        }
    }
}

/// The texts of the term files of one language: built once per site, as every term file needs
/// the whole index.
fn build_index(site: &Site, lang: Lang) -> crate::shards::Terms {
    let plan = plan(site, lang);
    let words = site.config.languages[lang].segmentation == Segmentation::Words;
    let mut index = Index::default();
    let mut whole_name = String::new();
    for (n, &p) in plan.docs.iter().enumerate() {
        let page = &site.content.pages[p.0];
        let (Some(text), Some(d)) = (page.text(lang), site.graph.doc(p, lang)) else {
            continue;
        };
        let add = |field: &str, kind: u8, index: &mut Index| {
            index_field(&normalize(field), kind, words, index);
        };
        add(&text.title, TITLE, &mut index);
        let names = aliases(site, page, &text.title);
        for a in &names {
            add(a, ALIAS, &mut index);
        }
        add(&text.description, DESCRIPTION, &mut index);
        let mut line = String::new();
        for b in &text.scan.blocks {
            if let Some(h) = b.heading.and_then(|h| text.scan.headings.get(h)) {
                add(&h.text, HEADING, &mut index);
            }
            line.clear();
            let link = |i: LinkId| -> Cow<'_, str> {
                match d.link(i) {
                    Some(target) => site.content.pages[target.page.0].title(lang).into(),
                    None => text.scan.link(i).map_or("", |l| l.target.as_str()).into(),
                }
            };
            for piece in b.pieces(text.body(), &text.scan, link) {
                line.push_str(&piece);
            }
            add(&line, BODY, &mut index);
        }
        for (name, kind) in
            std::iter::once((text.title.as_str(), TITLE)).chain(names.iter().map(|a| (*a, ALIAS)))
        {
            let whole = normalize(name);
            let whole = whole.trim();
            if whole.is_empty() {
                continue;
            }
            whole_name.clear();
            whole_name.push(WHOLE_NAME);
            whole_name.push_str(whole);
            // A title is marked in the whole-word kind, an alias in the part kind: a name can
            // be both (ChatGPT, alias chatgpt) and earns both bonuses.
            let entry = index.hits(&whole_name);
            if kind == TITLE {
                entry.whole = TITLE;
            } else {
                entry.part = ALIAS;
            }
            entry.count += 1;
        }
        index.end_document(n);
    }
    let Index {
        ids, mut postings, ..
    } = index;
    let mut list: Vec<(String, String)> = ids
        .into_iter()
        .map(|(term, id)| (term, std::mem::take(&mut postings[id as usize].data)))
        .collect();
    // In the order search.js compares strings (UTF-16 units): a file's keys need no sorting and
    // the manifest's bounds find a key's file by binary search.
    list.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    cut_terms(list, plan.shards)
}

/// Cuts the sorted terms into `files` files of about equal size, each a range of keys: a term
/// that is in every document no longer fills the file of every word sharing its first letters,
/// and a prefix query loads the files of its range only. Takes the terms by value and drops each
/// once written: at ten thousand pages the list, the files and an escaped copy of them were all
/// alive at once.
fn cut_terms(list: Vec<(String, String)>, files: usize) -> crate::shards::Terms {
    let files = files.max(1);
    let size = |(term, data): &(String, String)| term.len() + data.len() + 3;
    let total: usize = list.iter().map(size).sum::<usize>().max(1);
    // Which file each term goes to, in order, and the first term of each file.
    let mut file_of: Vec<u32> = Vec::with_capacity(list.len());
    let mut firsts: Vec<Option<usize>> = vec![None; files];
    let mut before = 0;
    for (n, entry) in list.iter().enumerate() {
        let file = (before * files / total).min(files - 1);
        before += size(entry);
        file_of.push(file as u32);
        firsts[file].get_or_insert(n);
    }
    let bounds = file_bounds(&list, &firsts);
    // Each file one JSON string: per key, a digit (how many UTF-16 units it shares with the key
    // before it in the file, at most 63: names and compounds share long beginnings), the length
    // of the rest in units (a number, see `push_number`), the rest, the length of the postings and
    // the postings. Lengths instead of JSON strings: three bytes a key less. Only the keys can
    // need escaping (digits and numbers are letters, digits, `-` and `_`).
    let mut texts: Vec<String> = vec![String::from("\""); files];
    let mut prev = String::new();
    for ((key, postings), file) in list.into_iter().zip(file_of) {
        let out = &mut texts[file as usize];
        let shared = if out.len() == 1 {
            (0, 0)
        } else {
            shared_units(&prev, &key)
        };
        let rest = &key[shared.1..];
        out.push(char::from(DIGITS[shared.0]));
        push_number(out, rest.encode_utf16().count());
        JsonText::default().push(out, rest, Space::Keep);
        push_number(out, postings.len());
        out.push_str(&postings);
        prev = key;
    }
    for t in &mut texts {
        t.push('"');
    }
    crate::shards::Terms {
        files: texts,
        bounds,
    }
}

/// The bound of file i: the shortest beginning of its first key that sorts after the last key of
/// the files before it; an empty file takes the bound of the next one (the search picks the last
/// file whose bound is not after a key), or sorts after every key.
fn file_bounds(list: &[(String, String)], firsts: &[Option<usize>]) -> Vec<String> {
    let files = firsts.len();
    let mut bounds = vec![String::from("\u{ffff}"); files - 1];
    let mut next = String::from("\u{ffff}");
    for i in (1..files).rev() {
        if let Some(n) = firsts[i] {
            let first = &list[n].0;
            let last = n.checked_sub(1).map_or("", |p| list[p].0.as_str());
            let common: usize = first
                .chars()
                .zip(last.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum();
            let end = first[common..]
                .chars()
                .next()
                .map_or(first.len(), |c| common + c.len_utf8());
            next = first[..end].to_string();
        }
        bounds[i - 1] = next.clone();
    }
    bounds
}

/// How much of `key` a key file can take from the key before it: (UTF-16 units, bytes), whole
/// characters only, at most 63 units (one digit).
fn shared_units(prev: &str, key: &str) -> (usize, usize) {
    let (mut units, mut bytes) = (0, 0);
    for (a, b) in prev.chars().zip(key.chars()) {
        if a != b || units + a.len_utf16() > 63 {
            break;
        }
        units += a.len_utf16();
        bytes += a.len_utf8();
    }
    (units, bytes)
}

/// Adds the terms of one normalized field to a document's hits.
fn index_field(norm: &str, kind: u8, words: bool, index: &mut Index) {
    let name = kind <= ALIAS;
    let mut hit = |term: &str, part: bool| {
        let h = index.hits(term);
        if part {
            h.part = h.part.min(kind);
        } else {
            h.whole = h.whole.min(kind);
        }
        h.count += 1;
    };
    // The name terms ("!" + term), made in one buffer.
    fn mark<'b>(marked: &'b mut String, term: &str) -> &'b str {
        marked.clear();
        marked.push(NAME_TERM);
        marked.push_str(term);
        marked
    }
    let mut marked = String::new();
    for token in tokens(norm) {
        let grams = token.cjk && (name || !words);
        if token.cjk && !grams {
            hit(token.text, false);
            continue;
        }
        if !token.cjk {
            hit(token.text, token.part);
            if name {
                hit(mark(&mut marked, token.text), token.part);
            }
            continue;
        }
        let mut chars = token.text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let one = &token.text[at..at + c.len_utf8()];
            hit(one, false);
            if let Some(&(next, d)) = chars.peek() {
                hit(&token.text[at..next + d.len_utf8()], false);
            }
            if name {
                hit(mark(&mut marked, one), false);
            }
        }
    }
}

/// The digits of the numbers in postings and title lengths: 32 that end a number and 32 that
/// carry (five bits each, most significant first).
const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz";

fn push_number(out: &mut String, n: usize) {
    let mut groups = [0u8; 13];
    let (mut len, mut n) = (0, n);
    loop {
        groups[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let carry = if i > 0 { 32 } else { 0 };
        out.push(char::from(DIGITS[usize::from(groups[i]) + carry]));
    }
}

/// Lower case, full-width forms and dash and quote variants folded, as search.js's `normalize`.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // Fast paths: ASCII, and the CJK ideographs, which have no case and fold to themselves.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            out.push(c);
            continue;
        }
        let mut lower = c.to_lowercase();
        let c = match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        };
        let folded = match u32::from(c) {
            u @ 0xff01..=0xff5e => {
                char::from_u32(u - 0xfee0).map_or(c, |f| f.to_lowercase().next().unwrap_or(f))
            }
            0x3000 => ' ',
            0x2010..=0x2012 => '-',
            0x2018 | 0x2019 => '\'',
            _ => c,
        };
        out.push(folded);
    }
    out
}

fn is_word(c: char) -> bool {
    matches!(c, '0'..='9' | 'a'..='z' | '\u{b5}' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}'
        | '\u{f8}'..='\u{24f}' | '\u{370}'..='\u{3ff}' | '\u{400}'..='\u{4ff}')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ac00}'..='\u{d7af}')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '\'' | '+')
}

fn is_part_split(c: char) -> bool {
    matches!(c, '-' | '_' | '\'' | '+')
}

struct Token<'a> {
    text: &'a str,
    cjk: bool,
    part: bool,
}

/// search.js's `tokenize`: words (compounds joined by - . _ ' +, trailing + kept, a final 's
/// dropped, then their parts) and CJK runs.
fn tokens(norm: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(norm.len(), |&(at, _)| at);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) {
            let mut j = i;
            while j < chars.len() && is_cjk(chars[j].1) {
                j += 1;
            }
            out.push(Token {
                text: &norm[start..end_of(j)],
                cjk: true,
                part: false,
            });
            i = j;
            continue;
        }
        if !is_word(c) {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            while j < chars.len() && is_word(chars[j].1) {
                j += 1;
            }
            if j + 1 < chars.len() && is_joiner(chars[j].1) && is_word(chars[j + 1].1) {
                j += 1;
                continue;
            }
            break;
        }
        while j < chars.len() && chars[j].1 == '+' {
            j += 1;
        }
        let mut text = &norm[start..end_of(j)];
        i = j;
        if text.encode_utf16().count() > 2 && text.ends_with("'s") {
            text = &text[..text.len() - 2];
        }
        out.push(Token {
            text,
            cjk: false,
            part: false,
        });
        if text.contains(is_part_split) {
            for part in text
                .split(is_part_split)
                .filter(|p| !p.is_empty() && *p != text)
            {
                out.push(Token {
                    text: part,
                    cjk: false,
                    part: true,
                });
            }
        }
    }
    out
}

/// The names site.toml uses, which search.js reads.
fn segmentation_name(s: Segmentation) -> &'static str {
    match s {
        Segmentation::CjkRuns => "cjk-runs",
        Segmentation::Words => "words",
    }
}

fn stemming_name(s: Stemming) -> &'static str {
    match s {
        Stemming::English => "english",
        Stemming::None => "none",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pieces: &[&str], space: Space, expect: &str) {
        let mut out = String::new();
        let mut text = JsonText::default();
        for p in pieces {
            text.push(&mut out, p, space);
        }
        assert_eq!(out, expect);
        if space == Space::Keep {
            // Whole strings read back as what was written.
            let json = format!("\"{out}\"");
            let back: String = serde_json::from_str(&json).expect("valid JSON");
            assert_eq!(back, pieces.concat());
        }
    }

    #[test]
    fn escapes_like_serde_json_and_guards_script_ends() {
        check(&["a\"b\\c"], Space::Keep, r#"a\"b\\c"#);
        check(
            &["x\ny\tz\r\u{8}\u{c}\u{1}"],
            Space::Keep,
            r"x\ny\tz\r\b\f\u0001",
        );
        check(&["</script> a/b"], Space::Keep, r"<\/script> a/b");
        check(&["<", "/p>"], Space::Keep, r"<\/p>");
        check(&["大模型 “引号”"], Space::Keep, "大模型 “引号”");
    }

    #[test]
    fn squeezes_whitespace_across_pieces() {
        check(&["  a \n\n b  "], Space::Squeeze, "a b");
        check(&["a ", " b", "\tc"], Space::Squeeze, "a b c");
        check(&["中文\u{3000}\u{3000}文本 "], Space::Squeeze, "中文 文本");
        check(&[" ", "\"q\" "], Space::Squeeze, r#"\"q\""#);
        check(&["   "], Space::Squeeze, "");
    }

    #[test]
    fn matches_serde_json_over_every_kind_of_whitespace() {
        // The old writer: squeeze with `split_whitespace`, serde_json, then guard `</`.
        let reference = |s: &str| {
            let squeezed = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let json = serde_json::to_string(&squeezed).expect("string");
            json[1..json.len() - 1].replace("</", "<\\/")
        };
        let spaces: Vec<char> = (0..0x3001u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        for (i, sp) in spaces.iter().enumerate() {
            let s = format!(
                "{sp}a{sp}{sp}“é…”</b>{sp}\u{1}中{sp}\"\\{}",
                spaces[(i + 1) % spaces.len()]
            );
            let mut out = String::new();
            JsonText::default().push(&mut out, &s, Space::Squeeze);
            assert_eq!(out, reference(&s), "{s:?}");
        }
    }
}
