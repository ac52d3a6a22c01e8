//! Markdown through pulldown-cmark.
//!
//! [`scan`] reads a body once into a [`Scan`]: what validation and other pages need before anything
//! is rendered (headings and their ids, wiki links with the sentence around them, shortcode calls,
//! code languages, plain text for search), each with its offset in the body. [`render`] turns the
//! body into HTML once every link has been resolved. Both read the same [`tokens`], and the render
//! takes every decision the scan made (a heading's id, a link's target, whether a block is a
//! shortcode call) from the scan by offset, so the two cannot disagree.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, OffsetIter,
    Options, Parser, Tag, TagEnd,
};

use crate::highlight::Highlighter;
use crate::html::{escape_attr, escape_text};
use crate::prose::tighten;

/// The Markdown extensions atlas reads (the benchmark floor uses the same).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    pub offset: usize,
}

/// Index of a wiki link in its text's [`Scan::links`]; the text's resolved links
/// ([`crate::graph::LangDoc`]) are indexed alike. 32 bits, like the other indexes the scan keeps
/// for every page: a link takes at least five bytes of a body, so the ids of one body never
/// saturate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkId(pub u32);

impl LinkId {
    /// The id of the link at `index` in [`Scan::links`].
    pub fn at(index: usize) -> LinkId {
        LinkId(small(index))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A `[[target#anchor|text]]` link, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct WikiRef {
    pub target: String,
    pub anchor: Option<String>,
    /// Byte offset in the body.
    pub offset: usize,
    /// Byte offset in the body just after the link.
    pub end: usize,
    /// Whether the author gave the link text (`[[target|text]]`).
    pub has_text: bool,
    /// The sentence around the link, for backlinks: given to the first link to each target (as
    /// written) only, as backlinks show a page's first mention.
    pub context: Vec<ContextPart>,
}

/// A piece of a backlink's context sentence. Positions and indexes are 32-bit and text lives in
/// [`Scan::texts`]: the parts of every page are held until the site is written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ContextPart {
    /// Bytes `start..end` of the body.
    Source(u32, u32),
    /// Text that is not in the body as written: an index into [`Scan::texts`].
    Text(u32),
    /// A wiki link of the page, and its text if written (an index into [`Scan::texts`]).
    Link(LinkId, Option<u32>),
}

/// The text under one heading, for the search index. Wiki links stay links, so the index can
/// show the target's title where the author wrote only `[[slug]]`. Text is kept as byte ranges of
/// the body where it can be, so a large site does not hold its text twice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextBlock {
    /// The heading the block stands under: an index into [`Scan::headings`].
    pub heading: Option<usize>,
    pub parts: Vec<BlockPart>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BlockPart {
    /// Bytes `start..end` of the body.
    Source(u32, u32),
    /// Text that is not in the body as written: an index into [`Scan::texts`].
    Text(u32),
    /// A break between two pieces (paragraphs, cells, lines): reads as one space.
    Space,
    /// A wiki link of the page, and its text if written (an index into [`Scan::texts`]).
    Link(LinkId, Option<u32>),
}

impl TextBlock {
    fn push_text(&mut self, texts: &mut Vec<String>, s: &str) {
        match self.parts.last() {
            Some(BlockPart::Text(t)) => texts[*t as usize].push_str(s),
            _ => self
                .parts
                .push(BlockPart::Text(add_text(texts, s.to_string()))),
        }
    }

    /// Adds bytes `start..end` of `body`. Where only white space separates them from the
    /// previous range, that range grows instead: the search reads any white space as one space,
    /// and a large site holds one part per paragraph rather than several.
    fn push_source(&mut self, body: &str, start: u32, end: u32) {
        let n = self.parts.len();
        let spaced = matches!(self.parts.last(), Some(BlockPart::Space));
        let before = if spaced {
            n.checked_sub(2)
        } else {
            n.checked_sub(1)
        };
        if let Some(BlockPart::Source(_, e)) = before.and_then(|i| self.parts.get_mut(i)) {
            let gap = body.get(*e as usize..start as usize).unwrap_or("x");
            let joins = if spaced {
                !gap.is_empty() && gap.trim().is_empty()
            } else {
                gap.is_empty()
            };
            if joins {
                *e = end;
                if spaced {
                    self.parts.pop();
                }
                return;
            }
        }
        self.parts.push(BlockPart::Source(start, end));
    }

    fn push_space(&mut self) {
        if !matches!(self.parts.last(), None | Some(BlockPart::Space)) {
            self.parts.push(BlockPart::Space);
        }
    }

    fn is_empty(&self, texts: &[String]) -> bool {
        self.parts.iter().all(|p| {
            matches!(p, BlockPart::Text(t) if texts[*t as usize].trim().is_empty())
                || matches!(p, BlockPart::Source(a, b) if a == b)
                || matches!(p, BlockPart::Space)
        })
    }

    /// The block's text piece by piece, as the page reads it: a link written as `[[slug]]`
    /// reads as `link(id)`.
    pub fn pieces<'a>(
        &'a self,
        body: &'a str,
        scan: &'a Scan,
        link: impl Fn(LinkId) -> Cow<'a, str> + 'a,
    ) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        self.parts.iter().map(move |part| match *part {
            BlockPart::Source(a, b) => Cow::Borrowed(source(body, a, b)),
            BlockPart::Text(t) | BlockPart::Link(_, Some(t)) => Cow::Borrowed(scan.text(t)),
            BlockPart::Space => Cow::Borrowed(" "),
            BlockPart::Link(i, None) => link(i),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<WikiRef>,
    /// Fenced code languages with their offsets.
    pub code_langs: Vec<(String, usize)>,
    /// Shortcode calls, each standing alone in its block (see [`Token::Shortcode`]).
    pub shortcodes: Vec<ShortcodeRef>,
    /// Raw HTML as written, for validation to warn about under the site's policy
    /// ([`crate::sanitize`]).
    pub raw_html: Vec<RawHtmlRef>,
    /// What the render leaves out whatever the policy (a heading's attributes other than its id
    /// and classes, links to `javascript:` URLs), with offsets and why.
    pub left_out: Vec<(usize, String)>,
    pub blocks: Vec<TextBlock>,
    /// Text of block and context parts that is not in the body as written.
    pub texts: Vec<String>,
    /// The body's prose, where its numbers are stated: text outside code, links, images and
    /// emphasis (where titles are cited), in order. Read by the numbers check, so the body is not
    /// parsed again for it.
    pub prose: Vec<Prose>,
}

/// A run of prose text (see [`Scan::prose`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prose {
    /// Byte range in the body as the scan read it (pipes of links in table rows escaped).
    pub start: u32,
    pub end: u32,
    /// Where the text is not the body's bytes (an entity, an escape): its index in
    /// [`Scan::texts`].
    pub text: Option<u32>,
    /// The first prose of a heading (where `1.` numbers the heading).
    pub heading_first: bool,
}

impl Scan {
    /// The text of a prose run; `body` as the scan read it.
    pub fn prose_text<'s>(&'s self, body: &'s str, run: &Prose) -> &'s str {
        match run.text {
            Some(i) => self.text(i),
            None => body.get(run.start as usize..run.end as usize).unwrap_or(""),
        }
    }
}

impl Scan {
    /// The text with this index in [`Scan::texts`].
    pub fn text(&self, i: u32) -> &str {
        self.texts.get(i as usize).map_or("", String::as_str)
    }

    /// The wiki link with this id.
    pub fn link(&self, id: LinkId) -> Option<&WikiRef> {
        self.links.get(id.index())
    }
}

/// A piece of raw HTML: an HTML block, or one inline tag.
#[derive(Debug, Clone, PartialEq)]
pub struct RawHtmlRef {
    /// Byte offset in the body.
    pub offset: usize,
    /// What the trusted policy changes in it (offsets in the body).
    pub changes: Vec<crate::sanitize::Change>,
}

impl RawHtmlRef {
    fn new(offset: usize, html: &str, inline: bool) -> Self {
        let mut changes = crate::sanitize::clean(html, inline).changes;
        for c in &mut changes {
            c.offset += offset;
        }
        RawHtmlRef { offset, changes }
    }
}

/// Why a link or image is left out, if it is: its URL's scheme.
fn unsafe_link(dest: &str) -> Option<String> {
    crate::sanitize::unsafe_scheme(dest).map(|scheme| {
        format!("link to a `{scheme}:` URL left out (its text stays): pages never link to {scheme}: URLs")
    })
}

/// A shortcode call as written: `{{ chart(data="x") }}`, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeRef {
    pub text: String,
    /// Byte offset in the body.
    pub offset: usize,
}

/// One step of reading a body: a pulldown-cmark event, or a shortcode call.
#[derive(Debug)]
pub enum Token<'a> {
    Event(Event<'a>),
    /// `{{ … }}` as the whole text of a paragraph or of a tight list item (its text, trimmed).
    /// A call anywhere else (inside a sentence, a table cell, code) is text.
    Shortcode(String),
}

/// The steps of a body, as both [`scan`] and [`render`] read them. `body` must already have
/// passed through [`protect_table_links`].
pub fn tokens(body: &str) -> Tokens<'_> {
    Tokens {
        parser: Parser::new_ext(body, options()).into_offset_iter(),
        pending: VecDeque::new(),
    }
}

pub struct Tokens<'a> {
    parser: OffsetIter<'a>,
    pending: VecDeque<(Token<'a>, Range<usize>)>,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (Token<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        // A block start read ahead is always the last pending event, so the look-ahead below
        // reads on from the parser in order.
        let (event, range) = match self.pending.pop_front() {
            Some((Token::Event(e), r)) => (e, r),
            Some(other) => return Some(other),
            None => self.parser.next()?,
        };
        let is_block = matches!(event, Event::Start(Tag::Paragraph | Tag::Item));
        if !is_block {
            return Some((Token::Event(event), range));
        }
        // Read the block's text up to its first other event: a block that is all text and
        // reads `{{ … }}` is a call.
        let mut texts: Vec<(Event<'a>, Range<usize>)> = Vec::new();
        let mut after = None;
        for (e, r) in self.parser.by_ref() {
            if matches!(e, Event::Text(_)) {
                texts.push((e, r));
            } else {
                after = Some((e, r));
                break;
            }
        }
        let closes = matches!(
            (&event, &after),
            (
                Event::Start(Tag::Paragraph),
                Some((Event::End(TagEnd::Paragraph), _))
            ) | (Event::Start(Tag::Item), Some((Event::End(TagEnd::Item), _)))
        );
        let call = closes.then(|| call_text(&texts)).flatten();
        match (call, &event) {
            (Some(text), Event::Start(Tag::Paragraph)) => {
                let start = texts.first().map_or(range.start, |(_, r)| r.start);
                Some((Token::Shortcode(text), start..range.end))
            }
            (Some(text), _) => {
                let start = texts.first().map_or(range.start, |(_, r)| r.start);
                let end = texts.last().map_or(range.end, |(_, r)| r.end);
                self.pending.push_back((Token::Shortcode(text), start..end));
                self.pending
                    .extend(after.map(|(e, r)| (Token::Event(e), r)));
                Some((Token::Event(event), range))
            }
            (None, _) => {
                self.pending
                    .extend(texts.into_iter().map(|(e, r)| (Token::Event(e), r)));
                self.pending
                    .extend(after.map(|(e, r)| (Token::Event(e), r)));
                Some((Token::Event(event), range))
            }
        }
    }
}

/// The call a block's text events spell, if they spell one.
fn call_text(texts: &[(Event<'_>, Range<usize>)]) -> Option<String> {
    let mut text = String::new();
    for (e, _) in texts {
        if let Event::Text(t) = e {
            text.push_str(t);
        }
    }
    let trimmed = text.trim();
    (trimmed.starts_with("{{") && trimmed.ends_with("}}")).then(|| trimmed.to_string())
}

/// Bytes `start..end` of `body` (empty if out of range).
pub fn source(body: &str, start: u32, end: u32) -> &str {
    body.get(start as usize..end as usize).unwrap_or("")
}

/// A position or index in 32 bits. Bodies and lists are far below 4 GiB; a larger value saturates
/// and reads as empty text rather than wrapping.
fn small(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn add_text(texts: &mut Vec<String>, text: String) -> u32 {
    texts.push(text);
    small(texts.len() - 1)
}

/// Makes a readable, stable heading id: lowercase, letters and digits of any script, dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if (ch.is_whitespace() || ch == '-' || ch == '_' || ch == '.')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The ids given so far, and per base id the last number tried: ten thousand identical
/// headings are numbered in linear time.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    next: HashMap<String, usize>,
}

fn unique_id(base: String, used: &mut UsedIds) -> String {
    let n = used.next.entry(base.clone()).or_insert(1);
    let mut id = if *n == 1 {
        base.clone()
    } else {
        format!("{base}-{n}")
    };
    while used.ids.contains(&id) {
        *n += 1;
        id = format!("{base}-{n}");
    }
    used.ids.insert(id.clone());
    id
}

fn split_target(dest: &str) -> (String, Option<String>) {
    // A table cell's escaped pipe leaves its backslash at the end of the target.
    let dest = dest.trim_end_matches('\\');
    match dest.split_once('#') {
        Some((t, a)) => (t.trim().to_string(), Some(a.trim().to_string())),
        None => (dest.trim().to_string(), None),
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// A piece of the block being read: its text as read, or a wiki link (index into
/// [`Scan::links`], text as written).
enum Piece {
    Text(String),
    Link(usize, Option<u32>),
}

/// The block being read, for backlink contexts.
#[derive(Default)]
struct BlockText {
    parts: Vec<Piece>,
    /// For each part: where it starts in the body, while it is a contiguous copy of it.
    origins: Vec<Option<usize>>,
}

impl BlockText {
    /// Adds text; `at` is its place in the body when it reads there exactly as here.
    fn push_text(&mut self, s: &str, at: Option<usize>) {
        if let (Some(Piece::Text(t)), Some(origin)) =
            (self.parts.last_mut(), self.origins.last_mut())
        {
            let contiguous = matches!((*origin, at), (Some(o), Some(a)) if o + t.len() == a);
            if !contiguous {
                *origin = None;
            }
            t.push_str(s);
            return;
        }
        self.parts.push(Piece::Text(s.to_string()));
        self.origins.push(at);
    }

    fn push_link(&mut self, part: Piece) {
        self.parts.push(part);
        self.origins.push(None);
    }
}

/// In a table row a `|` ends the cell, even inside `[[target|text]]`; GFM unescapes `\|` in
/// cells before reading inline syntax, so escaping the pipes of wiki links keeps them whole. Lines
/// keep their number (the column of a later error on the same line may shift by a character).
pub fn protect_table_links(body: &str) -> std::borrow::Cow<'_, str> {
    let is_row = |line: &str| line.trim_start().starts_with('|');
    if !body.lines().any(|l| is_row(l) && l.contains("[[")) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 16);
    for line in body.split_inclusive('\n') {
        if !is_row(line) || !line.contains("[[") {
            out.push_str(line);
            continue;
        }
        let mut depth = 0usize;
        let mut prev = '\0';
        for ch in line.chars() {
            match ch {
                '[' if prev == '[' => depth += 1,
                ']' if prev == ']' && depth > 0 => depth -= 1,
                '|' if depth > 0 && prev != '\\' => out.push('\\'),
                _ => {}
            }
            out.push(ch);
            prev = ch;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// First pass: headings, links, code languages and text.
pub fn scan(body: &str) -> Scan {
    let protected = protect_table_links(body);
    let body = &*protected;
    let mut scan = Scan::default();
    let mut used_ids = UsedIds::default();
    let mut first_mentions = HashSet::new();
    let mut heading: Option<(u8, String, Option<String>, usize)> = None;
    let mut block = BlockText::default();
    let mut in_link: Option<(usize, String)> = None;
    let mut current = TextBlock::default();
    let mut in_code = false;
    let mut html_block: Option<(usize, String)> = None;
    // Links, images and emphasis open (no prose is read in them), and whether a heading's first
    // prose is still to come.
    let mut quiet = 0usize;
    let mut heading_first = false;
    for (token, range) in tokens(body) {
        let event = match token {
            Token::Event(e) => e,
            Token::Shortcode(text) => {
                scan.shortcodes.push(ShortcodeRef {
                    text,
                    offset: range.start,
                });
                current.push_space();
                continue;
            }
        };
        match &event {
            Event::Start(Tag::Heading { .. }) => heading_first = true,
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::Emphasis) => quiet += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Emphasis) => {
                quiet = quiet.saturating_sub(1)
            }
            Event::Text(t) if !in_code && quiet == 0 => {
                let exact = matches!((&protected, body.get(range.clone())), (Cow::Borrowed(_), Some(raw)) if raw == &**t);
                scan.prose.push(Prose {
                    start: small(range.start),
                    end: small(range.end),
                    text: (!exact).then(|| add_text(&mut scan.texts, t.to_string())),
                    heading_first: std::mem::take(&mut heading_first),
                });
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some((range.start, String::new())),
            Event::Html(h) if html_block.is_some() => {
                if let Some((_, block)) = html_block.as_mut() {
                    block.push_str(&h);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((at, block)) = html_block.take() {
                    scan.raw_html.push(RawHtmlRef::new(at, &block, false));
                }
            }
            Event::Html(h) => scan.raw_html.push(RawHtmlRef::new(range.start, &h, false)),
            Event::InlineHtml(h) => scan.raw_html.push(RawHtmlRef::new(range.start, &h, true)),
            Event::Start(
                Tag::Link {
                    link_type:
                        LinkType::Inline
                        | LinkType::Reference
                        | LinkType::ReferenceUnknown
                        | LinkType::Collapsed
                        | LinkType::CollapsedUnknown
                        | LinkType::Shortcut
                        | LinkType::ShortcutUnknown
                        | LinkType::Autolink
                        | LinkType::Email,
                    dest_url,
                    ..
                }
                | Tag::Image { dest_url, .. },
            ) if unsafe_link(&dest_url).is_some() => {
                scan.left_out
                    .extend(unsafe_link(&dest_url).map(|m| (range.start, m)));
            }
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                for (name, _) in &attrs {
                    scan.left_out.push((
                        range.start,
                        format!("heading attribute `{name}` left out: a heading keeps only its {{#id}} and {{.class}}"),
                    ));
                }
                heading = Some((
                    heading_level(level),
                    String::new(),
                    id.map(|i| i.to_string()),
                    range.start,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, explicit, offset)) = heading.take() {
                    let id = unique_id(explicit.unwrap_or_else(|| slugify(&text)), &mut used_ids);
                    scan.blocks.push(std::mem::take(&mut current));
                    current.heading = Some(scan.headings.len());
                    scan.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        id,
                        offset,
                    });
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let (target, anchor) = split_target(&dest_url);
                let index = scan.links.len();
                scan.links.push(WikiRef {
                    target,
                    anchor,
                    offset: range.start,
                    end: range.end,
                    has_text: has_pothole,
                    context: Vec::new(),
                });
                in_link = Some((index, String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((index, text)) = in_link.take() {
                    if let Some(h) = heading.as_mut() {
                        h.1.push_str(&text);
                    }
                    // Written link text is kept once, for the search block and the context.
                    let written = scan.links[index]
                        .has_text
                        .then(|| add_text(&mut scan.texts, text));
                    block.push_link(Piece::Link(index, written));
                    if heading.is_none() {
                        current
                            .parts
                            .push(BlockPart::Link(LinkId::at(index), written));
                    }
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                if let CodeBlockKind::Fenced(lang) = kind {
                    let lang = lang.split_whitespace().next().unwrap_or("").to_string();
                    if !lang.is_empty() {
                        scan.code_langs.push((lang, range.start));
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = in_link.as_mut() {
                    text.push_str(&t);
                    continue;
                }
                if let Some(h) = heading.as_mut() {
                    h.1.push_str(&t);
                    continue;
                }
                // Text that reads as written points into the body; other text (entities,
                // a table line whose pipes were escaped) is kept as it came.
                let exact = matches!((&protected, body.get(range.clone())), (Cow::Borrowed(_), Some(raw)) if raw == &*t);
                if !in_code {
                    block.push_text(&t, exact.then_some(range.start));
                }
                if exact {
                    current.push_source(body, small(range.start), small(range.end));
                } else {
                    current.push_text(&mut scan.texts, &t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                block.push_text(" ", None);
                current.push_space();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::TableRow) => {
                finish_block(&mut scan, std::mem::take(&mut block), &mut first_mentions);
                current.push_space();
            }
            _ => {}
        }
    }
    finish_block(&mut scan, block, &mut first_mentions);
    scan.blocks.push(current);
    let Scan { blocks, texts, .. } = &mut scan;
    blocks.retain(|b| !b.is_empty(texts) || b.heading.is_some());
    scan.shrink();
    scan
}

impl Scan {
    /// Drops the spare capacity of every list: scans of every page live until the site is
    /// written, and vectors grown by doubling held a third of them unused.
    fn shrink(&mut self) {
        self.headings.shrink_to_fit();
        self.code_langs.shrink_to_fit();
        self.shortcodes.shrink_to_fit();
        self.raw_html.shrink_to_fit();
        self.left_out.shrink_to_fit();
        self.links.shrink_to_fit();
        for link in &mut self.links {
            link.context.shrink_to_fit();
        }
        self.texts.shrink_to_fit();
        self.prose.shrink_to_fit();
        self.blocks.shrink_to_fit();
        for block in &mut self.blocks {
            block.parts.shrink_to_fit();
        }
    }
}

const SENTENCE_ENDS: [char; 7] = ['。', '！', '？', '；', '!', '?', ';'];
const MAX_CONTEXT_CHARS: usize = 220;
/// Links read on each side of a link for its context: a sentence of ten thousand adjacent links
/// would otherwise give each of them all the others (quadratic time and memory).
const MAX_CONTEXT_LINKS: usize = 16;

/// Gives each link of a finished block that is the first to its target (as written) the sentence
/// it stands in. `first_mentions` holds the targets met so far in the body.
fn finish_block(scan: &mut Scan, block: BlockText, first_mentions: &mut HashSet<String>) {
    // A piece of part `i`: a range of the body where the part is a copy of it, else its own text.
    let piece = |texts: &mut Vec<String>, i: usize, t: &str, sub: &str| -> ContextPart {
        let offset = sub.as_ptr() as usize - t.as_ptr() as usize;
        match block.origins[i] {
            Some(o) => ContextPart::Source(small(o + offset), small(o + offset + sub.len())),
            None => ContextPart::Text(add_text(texts, sub.to_string())),
        }
    };
    let link = |index: usize, written: Option<u32>| ContextPart::Link(LinkId::at(index), written);
    for (pos, part) in block.parts.iter().enumerate() {
        let Piece::Link(index, written) = *part else {
            continue;
        };
        // Backlinks show a page's first mention of a target only: later ones need no context.
        if !first_mentions.insert(scan.links[index].target.clone()) {
            continue;
        }
        let mut before = Vec::new();
        // Walk back to the start of the sentence, then forward to its end.
        let mut budget = MAX_CONTEXT_CHARS / 2;
        let mut links = 0;
        for (i, part) in block.parts[..pos].iter().enumerate().rev() {
            match part {
                Piece::Text(t) => {
                    let (start, stopped) = sentence_start(t, budget);
                    let sub = &t[start..];
                    budget = budget.saturating_sub(sub.chars().count());
                    // The context starts at the sentence: no leading white space.
                    let sub = if stopped || budget == 0 || i == 0 {
                        sub.trim_start()
                    } else {
                        sub
                    };
                    before.push(piece(&mut scan.texts, i, t, sub));
                    if stopped || budget == 0 {
                        break;
                    }
                }
                Piece::Link(j, written) => {
                    links += 1;
                    if links > MAX_CONTEXT_LINKS {
                        break;
                    }
                    before.push(link(*j, *written));
                }
            }
        }
        let mut parts: Vec<ContextPart> = before.into_iter().rev().collect();
        parts.push(link(index, written));
        let mut budget = MAX_CONTEXT_CHARS / 2;
        let mut links = 0;
        for (i, part) in block.parts.iter().enumerate().skip(pos + 1) {
            match part {
                Piece::Text(t) => {
                    let end = sentence_end(t, budget);
                    let sub = &t[..end];
                    budget = budget.saturating_sub(sub.chars().count());
                    parts.push(piece(&mut scan.texts, i, t, sub));
                    // A stop that ends the part lets the context read on (as it always has).
                    if end < t.len() || budget == 0 {
                        break;
                    }
                }
                Piece::Link(j, written) => {
                    links += 1;
                    if links > MAX_CONTEXT_LINKS {
                        break;
                    }
                    parts.push(link(*j, *written));
                }
            }
        }
        scan.links[index].context = parts;
    }
}

/// Where a sentence ends: after a CJK or `!?;` stop, or a `.` followed by a space ("GPT-3.5" is
/// not two sentences).
fn is_stop(text: &str, i: usize, ch: char) -> bool {
    SENTENCE_ENDS.contains(&ch) || (ch == '.' && text[i + 1..].starts_with(char::is_whitespace))
}

/// Where the context starts in `text`, reading back at most `budget` characters from its end:
/// just after the last sentence stop (`true`), else `budget` characters back (or at 0). Only the
/// characters read are looked at, so a long paragraph costs no more than a short one.
fn sentence_start(text: &str, budget: usize) -> (usize, bool) {
    let mut start = text.len();
    for (i, c) in text.char_indices().rev().take(budget) {
        if is_stop(text, i, c) {
            return (i + c.len_utf8(), true);
        }
        start = i;
    }
    (if budget == 0 { text.len() } else { start }, false)
}

/// Where the context ends in `text`, reading at most `budget` characters: just after the first
/// sentence stop, else after `budget` characters (or at its end).
fn sentence_end(text: &str, budget: usize) -> usize {
    let mut end = 0;
    for (i, c) in text.char_indices().take(budget) {
        end = i + c.len_utf8();
        if is_stop(text, i, c) {
            break;
        }
    }
    end
}

/// A resolved wiki link, ready to print.
#[derive(Debug, Clone)]
pub struct ResolvedLink {
    pub href: String,
    /// What the link prints where the author gave no text (its label, see
    /// [`crate::content::Page::label`]).
    pub label: String,
    /// The target's full title where the label is shorter, for the link's `title` attribute.
    pub title: Option<String>,
}

/// What rendering needs from the rest of the site.
pub struct RenderEnv<'a> {
    pub scan: &'a Scan,
    /// Indexed like `scan.links`; `None` for a link that failed to resolve (already reported).
    pub links: &'a [Option<ResolvedLink>],
    pub highlighter: Option<&'a Highlighter>,
    /// The heading of editorial notes (`> [!NOTE]`) in the page's language.
    pub note_label: &'a str,
    /// Renders `{{ chart(...) }}` / `{{ table(...) }}` calls; returns `None` for text that is no call.
    pub shortcode: &'a dyn Fn(&str) -> Option<String>,
    /// Put before every heading id, so pages combined into one document keep unique ids.
    pub id_prefix: &'a str,
    /// What becomes of raw HTML (`raw_html` in `site.toml`).
    pub raw_html: crate::sanitize::RawHtml,
    /// How the page's language spaces its text ([`crate::prose`]).
    pub spacing: crate::lang::Spacing,
    /// Whether `h2`–`h4` headings get a link to themselves, and the words that name it.
    pub heading_links: HeadingLinks<'a>,
}

/// Whether `h2`–`h4` headings get a link to themselves.
#[derive(Debug, Clone, Copy)]
pub enum HeadingLinks<'a> {
    /// Each heading is wrapped with a link to its id after it (after, so a heading that holds
    /// links never nests them), named for screen readers by the label and the heading's text.
    Labelled(&'a str),
    None,
}

/// Turns the body into HTML, reading the same [`tokens`] the scan read and taking heading ids,
/// link targets and shortcode calls from the scan by their offsets.
pub fn render(body: &str, env: &RenderEnv) -> String {
    let body = &*protect_table_links(body);
    let mut out = Renderer {
        env,
        events: Vec::new(),
        heading: 0,
        link: 0,
        code: None,
        quotes: Vec::new(),
        table: None,
        html_block: None,
        dropped: Vec::new(),
        footnotes: HashMap::new(),
    };
    let mut iter = tokens(body);
    while let Some((token, range)) = iter.next() {
        match token {
            Token::Shortcode(text) => out.shortcode(&text),
            Token::Event(Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                ..
            })) => {
                // The link's own text events, up to its end.
                let mut inner = Vec::new();
                for (t, _) in iter.by_ref() {
                    match t {
                        Token::Event(Event::End(TagEnd::Link)) => break,
                        Token::Event(e) => inner.push(e),
                        Token::Shortcode(_) => {}
                    }
                }
                out.wiki_link(range.start, has_pothole, inner);
            }
            Token::Event(e) => out.event(e, range.start),
        }
    }
    if env.spacing == crate::lang::Spacing::Cjk {
        tighten_events(&mut out.events);
    }
    let events = match env.heading_links {
        HeadingLinks::Labelled(label) => link_headings(out.events, label),
        HeadingLinks::None => out.events,
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Wraps each `h2`–`h4` that has an id, with a link to it after it: the heading's events become
/// one piece of HTML, `<div class="h"><hN id="…">…</hN><a class="anchor" …>…</a></div>`, its
/// text for screen readers taken from the heading as written out.
fn link_headings<'a>(events: Vec<Event<'a>>, label: &str) -> Vec<Event<'a>> {
    let label = crate::html::escape_text(label);
    let mut out = Vec::with_capacity(events.len());
    let mut heading: Option<Vec<Event<'a>>> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2 | HeadingLevel::H3 | HeadingLevel::H4,
                id: Some(_),
                ..
            }) if heading.is_none() => heading = Some(vec![event]),
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                let Some(mut held) = heading.take() else {
                    continue;
                };
                held.push(event);
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, held.into_iter());
                let html = html.trim_end_matches('\n');
                let (tag, inner) = html
                    .find('>')
                    .zip(html.rfind("</h"))
                    .map_or(("", ""), |(open, close)| {
                        (&html[..open], &html[open + 1..close])
                    });
                // The id as the heading prints it (escaped by pulldown-cmark).
                let id = tag
                    .split_once(" id=\"")
                    .and_then(|(_, rest)| rest.split('"').next())
                    .unwrap_or("");
                // On a line of its own, as pulldown-cmark puts a heading after raw HTML.
                let newline = match out.last() {
                    Some(Event::Html(h)) if !h.ends_with('\n') => "\n",
                    _ => "",
                };
                out.push(Event::Html(
                    format!(
                        "{newline}<div class=\"h\">{html}<a class=\"anchor\" href=\"#{id}\"><span class=\"visually-hidden\">{label}: {}</span><span aria-hidden=\"true\">#</span></a></div>\n",
                        strip_tags(inner)
                    )
                    .into(),
                ));
            }
            event => match heading.as_mut() {
                Some(held) => held.push(event),
                None => out.push(event),
            },
        }
    }
    out
}

/// The text of an HTML fragment (still escaped).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Drops the spaces Chinese text does not take ([`crate::prose::tighten`]) from the text of a
/// block, across the edges of links and inline emphasis; code and breaks are left as they are.
fn tighten_events(events: &mut [Event<'_>]) {
    // The last text event of the inline run being read.
    let mut prev: Option<usize> = None;
    let mut in_code = false;
    for i in 0..events.len() {
        match &events[i] {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                let Event::Text(t) = &events[i] else { continue };
                let first = t.chars().find(|c| *c != ' ');
                let before = prev.and_then(|j| match &events[j] {
                    Event::Text(p) => p.chars().rev().find(|c| *c != ' '),
                    _ => None,
                });
                if let (Some(j), Some(f)) = (prev, first) {
                    if let Event::Text(p) = &events[j] {
                        let trimmed = tighten(p, None, Some(f));
                        if trimmed.len() != p.len() {
                            events[j] = Event::Text(trimmed.into_owned().into());
                        }
                    }
                }
                if let Event::Text(t) = &events[i] {
                    let tightened = tighten(t, before, None);
                    if tightened.len() != t.len() {
                        events[i] = Event::Text(tightened.into_owned().into());
                    }
                }
                prev = Some(i);
            }
            // Inline markup a reader does not see as a break: a link's tags, emphasis.
            Event::Html(h) if h.starts_with("<a ") || h.as_ref() == "</a>" => {}
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            _ => prev = None,
        }
    }
}

/// The events of the page being made, with what the scan decided.
struct Renderer<'e, 'a> {
    env: &'e RenderEnv<'e>,
    events: Vec<Event<'a>>,
    /// The next heading and link of the scan (both in body order).
    heading: usize,
    link: usize,
    code: Option<(String, String)>,
    /// For each open block quote: whether it is an editorial note.
    quotes: Vec<bool>,
    table: Option<Table>,
    /// The HTML block being read (written whole once it ends, see [`crate::sanitize`]).
    html_block: Option<String>,
    /// For each open link or image: whether it was left out (an unsafe URL; its text stays).
    dropped: Vec<bool>,
    /// Footnote numbers by name, in order of first mention (as pulldown-cmark numbers them).
    footnotes: HashMap<String, usize>,
}

/// The table being written: its column alignments, and whether the header row is being read.
struct Table {
    alignments: Vec<Alignment>,
    cell: usize,
    head: Option<Vec<Vec<Event<'static>>>>,
}

impl<'a> Renderer<'_, 'a> {
    fn html(&mut self, s: impl Into<CowStr<'a>>) {
        self.events.push(Event::Html(s.into()));
    }

    fn shortcode(&mut self, text: &str) {
        // Validation has checked every call the scan found; one that still fails renders as text.
        match (self.env.shortcode)(text) {
            Some(html) => self.html(html),
            None => {
                self.events.push(Event::Start(Tag::Paragraph));
                self.events.push(Event::Text(text.to_string().into()));
                self.events.push(Event::End(TagEnd::Paragraph));
            }
        }
    }

    /// The scan's item at `offset` among `items` (in body order), from the cursor on.
    fn find<T>(
        items: &[T],
        cursor: &mut usize,
        offset: usize,
        at: impl Fn(&T) -> usize,
    ) -> Option<usize> {
        let i = (*cursor..items.len()).find(|&i| at(&items[i]) == offset)?;
        *cursor = i + 1;
        Some(i)
    }

    fn wiki_link(&mut self, offset: usize, has_pothole: bool, inner: Vec<Event<'a>>) {
        let index = Self::find(&self.env.scan.links, &mut self.link, offset, |l| l.offset);
        let resolved = index.and_then(|i| self.env.links.get(i)).cloned().flatten();
        match resolved {
            Some(r) => {
                let open = match &r.title {
                    Some(title) => format!(
                        "<a href=\"{}\" title=\"{}\">",
                        escape_attr(&r.href),
                        escape_attr(title)
                    ),
                    None => format!("<a href=\"{}\">", escape_attr(&r.href)),
                };
                self.push(Event::Html(open.into()));
                if has_pothole {
                    self.push_all(inner);
                } else {
                    self.push(Event::Text(r.label.into()));
                }
                self.push(Event::Html("</a>".into()));
            }
            None => self.push_all(inner),
        }
    }

    fn push_all(&mut self, events: Vec<Event<'a>>) {
        for e in events {
            self.push(e);
        }
    }

    /// An event of inline content: into the header cell being read, or out.
    fn push(&mut self, e: Event<'a>) {
        match self.table.as_mut().and_then(|t| t.head.as_mut()) {
            Some(cells) => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(e.into_static());
                }
            }
            None => self.events.push(e),
        }
    }

    /// A footnote's id (escaped for an attribute) and number.
    fn footnote(&mut self, name: &str) -> (String, usize) {
        let next = self.footnotes.len() + 1;
        let n = *self.footnotes.entry(name.to_string()).or_insert(next);
        (escape_attr(&format!("{}fn-{name}", self.env.id_prefix)), n)
    }

    /// Raw HTML as the policy has it: written (cleaned) or shown as text.
    fn raw_html(&mut self, html: &str, inline: bool) {
        let written = match self.env.raw_html {
            crate::sanitize::RawHtml::Escape => None,
            crate::sanitize::RawHtml::Trusted => crate::sanitize::clean(html, inline).html,
        };
        match (written, inline) {
            (Some(html), _) => self.push(Event::Html(html.into())),
            (None, true) => self.push(Event::Text(html.to_string().into())),
            (None, false) => {
                self.events.push(Event::Start(Tag::Paragraph));
                self.events.push(Event::Text(html.to_string().into()));
                self.events.push(Event::End(TagEnd::Paragraph));
            }
        }
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(String::new()),
            Event::Html(h) if self.html_block.is_some() => {
                if let Some(block) = self.html_block.as_mut() {
                    block.push_str(&h);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = self.html_block.take() {
                    self.raw_html(&block, false);
                }
            }
            Event::Html(h) => self.raw_html(&h, false),
            Event::InlineHtml(h) => self.raw_html(&h, true),
            // Footnote ids carry the page's prefix (in the print edition every page has a `[^1]`)
            // and `fn-`, so `[^main]` cannot take a theme's id.
            Event::FootnoteReference(name) => {
                let (id, n) = self.footnote(&name);
                self.push(Event::Html(
                    format!("<sup class=\"footnote-reference\"><a href=\"#{id}\">{n}</a></sup>")
                        .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let (id, n) = self.footnote(&name);
                self.html(format!("<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{n}</sup>\n"));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.html("</div>\n"),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let dest = match &tag {
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => dest_url,
                    _ => "",
                };
                let unsafe_url = unsafe_link(dest).is_some();
                self.dropped.push(unsafe_url);
                if !unsafe_url {
                    self.push(Event::Start(tag));
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if !self.dropped.pop().unwrap_or(false) {
                    self.push(Event::End(end));
                }
            }
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let i = Self::find(&self.env.scan.headings, &mut self.heading, offset, |h| {
                    h.offset
                });
                let id = i.map(|i| {
                    CowStr::from(format!(
                        "{}{}",
                        self.env.id_prefix, self.env.scan.headings[i].id
                    ))
                });
                // Attributes other than the id and classes are left out (`{onclick=…}`).
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                }));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, text)) = self.code.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = self.code.take() {
                    let html = code_block(&lang, &text, self.env.highlighter);
                    self.html(html);
                }
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                // Alerts (`> [!NOTE]`) become editorial notes; their content renders as usual.
                self.quotes.push(kind.is_some());
                match kind {
                    Some(kind) => {
                        let open = format!(
                            "<aside class=\"note note-{}\" role=\"note\"><p class=\"note-title\">{}</p>\n",
                            alert_class(kind),
                            escape_text(self.env.note_label)
                        );
                        self.html(open);
                    }
                    None => self.events.push(Event::Start(Tag::BlockQuote(None))),
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match self.quotes.pop() {
                Some(true) => self.html("</aside>\n"),
                _ => self.events.push(Event::End(TagEnd::BlockQuote(kind))),
            },
            Event::Start(Tag::Table(alignments)) => {
                self.html("<div class=\"table-wrap\"><table>");
                self.table = Some(Table {
                    alignments,
                    cell: 0,
                    head: None,
                });
            }
            Event::End(TagEnd::Table) => {
                self.table = None;
                self.html("</tbody></table>\n</div>");
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = self.table.as_mut() {
                    t.head = Some(Vec::new());
                    t.cell = 0;
                }
            }
            Event::End(TagEnd::TableHead) => self.table_head(),
            Event::Start(Tag::TableRow) => {
                if let Some(t) = self.table.as_mut() {
                    t.cell = 0;
                }
                self.html("<tr>");
            }
            Event::End(TagEnd::TableRow) => self.html("</tr>\n"),
            Event::Start(Tag::TableCell) => match self.table.as_mut() {
                Some(t) => match t.head.as_mut() {
                    Some(cells) => cells.push(Vec::new()),
                    None => {
                        let open = format!("<td{}>", align_attr(t.alignments.get(t.cell)));
                        self.html(open);
                    }
                },
                None => self.events.push(Event::Start(Tag::TableCell)),
            },
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = self.table.as_mut() {
                    t.cell += 1;
                    if t.head.is_none() {
                        self.html("</td>");
                    }
                }
            }
            other => self.push(other),
        }
    }

    /// Writes the header row read so far. Markdown tables always have one, so a grid without a
    /// header comes out with empty `<th>` cells, which name nothing for screen readers: an all-empty
    /// header row is dropped, and a lone empty header cell becomes a `<td>`.
    fn table_head(&mut self) {
        let Some(table) = self.table.as_mut() else {
            return;
        };
        let cells = table.head.take().unwrap_or_default();
        let alignments = table.alignments.clone();
        if cells.iter().any(|c| !c.is_empty()) {
            self.html("<thead><tr>");
            for (i, cell) in cells.into_iter().enumerate() {
                let align = align_attr(alignments.get(i));
                if cell.is_empty() {
                    self.html(format!("<td{align}></td>"));
                } else {
                    self.html(format!("<th{align}>"));
                    self.events.extend(cell);
                    self.html("</th>");
                }
            }
            self.html("</tr></thead>");
        }
        self.html("<tbody>\n");
    }
}

/// The `style` attribute pulldown-cmark gives an aligned cell.
fn align_attr(alignment: Option<&Alignment>) -> &'static str {
    match alignment {
        Some(Alignment::Left) => " style=\"text-align: left\"",
        Some(Alignment::Center) => " style=\"text-align: center\"",
        Some(Alignment::Right) => " style=\"text-align: right\"",
        _ => "",
    }
}

fn alert_class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn code_block(lang: &str, text: &str, highlighter: Option<&Highlighter>) -> String {
    let highlighted = highlighter.and_then(|h| h.highlight(lang, text));
    let body = highlighted.unwrap_or_else(|| escape_text(text));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        let lang = escape_attr(lang);
        format!("<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{body}</code></pre>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: &str) {
        let scan = scan(input);
        let links: Vec<Option<ResolvedLink>> = scan
            .links
            .iter()
            .map(|l| {
                (l.target != "missing").then(|| ResolvedLink {
                    href: format!("{}.html", l.target),
                    label: l.target.to_uppercase(),
                    title: None,
                })
            })
            .collect();
        let shortcode =
            |s: &str| (s == "{{ chart(data=\"x\") }}").then(|| "<figure>x</figure>".to_string());
        let env = RenderEnv {
            scan: &scan,
            links: &links,
            highlighter: None,
            note_label: "Note",
            shortcode: &shortcode,
            id_prefix: "",
            raw_html: crate::sanitize::RawHtml::Escape,
            spacing: crate::lang::Spacing::Words,
            heading_links: HeadingLinks::None,
        };
        assert_eq!(render(input, &env).trim_end(), expect);
    }

    /// The search text of each block, read through its parts.
    fn check_blocks(input: &str, expect: &[&str], parts: usize) {
        let scan = scan(input);
        let texts: Vec<String> = scan
            .blocks
            .iter()
            .map(|b| {
                b.pieces(input, &scan, |i| {
                    scan.links[i.index()].target.to_uppercase().into()
                })
                .collect()
            })
            .collect();
        assert_eq!(texts, expect);
        assert_eq!(
            scan.blocks.iter().map(|b| b.parts.len()).sum::<usize>(),
            parts
        );
    }

    #[test]
    fn search_blocks_join_ranges_split_only_by_white_space() {
        // Lines and paragraphs: one range of the body each block.
        check_blocks("one\ntwo\n\nthree", &["one\ntwo\n\nthree "], 2);
        // Markup between pieces: a break that reads as one space.
        check_blocks(
            "- a\n- b\n\n## H\n\n| x | y |\n|---|---|\n| 1 | [[gpt]] |",
            &["a b ", "x y 1 GPT "],
            12,
        );
    }

    #[test]
    fn wiki_links() {
        check("See [[gpt]].", "<p>See <a href=\"gpt.html\">GPT</a>.</p>");
        check(
            "See [[gpt|the model]].",
            "<p>See <a href=\"gpt.html\">the model</a>.</p>",
        );
        check("See [[missing]].", "<p>See missing.</p>");
    }

    #[test]
    fn headings_get_unique_readable_ids() {
        check("## 优势与劣势\n## 优势与劣势\n## GPT-4 Upgrades", "<h2 id=\"优势与劣势\">优势与劣势</h2>\n<h2 id=\"优势与劣势-2\">优势与劣势</h2>\n<h2 id=\"gpt-4-upgrades\">GPT-4 Upgrades</h2>");
    }

    #[test]
    fn notes_and_shortcodes() {
        check("> [!NOTE]\n> Typo.", "<aside class=\"note note-note\" role=\"note\"><p class=\"note-title\">Note</p>\n<p>Typo.</p>\n</aside>");
        check("{{ chart(data=\"x\") }}", "<figure>x</figure>");
        check("> [!NOTE]\n> See [[gpt]].\n\n> quote", "<aside class=\"note note-note\" role=\"note\"><p class=\"note-title\">Note</p>\n<p>See <a href=\"gpt.html\">GPT</a>.</p>\n</aside>\n<blockquote>\n<p>quote</p>\n</blockquote>");
    }

    #[test]
    fn backlink_context_is_the_sentence() {
        fn words(body: &str, scan: &Scan, parts: &[ContextPart]) -> String {
            parts
                .iter()
                .map(|p| match p {
                    ContextPart::Source(a, z) => source(body, *a, *z).to_string(),
                    ContextPart::Text(t) => format!("«{}»", scan.text(*t)),
                    ContextPart::Link(i, _) => format!("[{}]", i.0),
                })
                .collect()
        }
        let body = "First sentence. Then [[a]] did it; after.\n\n百度发布了[[b]]。另一句。\n\nA &amp; [[c]] b.";
        let s = scan(body);
        assert_eq!(words(body, &s, &s.links[0].context), "Then [0] did it;");
        assert_eq!(words(body, &s, &s.links[1].context), "百度发布了[1]。");
        // Text that is not in the body as written (an entity) is kept as text.
        assert_eq!(words(body, &s, &s.links[2].context), "«A & »[2] b.");
        assert!(
            matches!(s.links[0].context[0], ContextPart::Source(..)),
            "context points into the body"
        );
    }

    #[test]
    fn piped_links_in_tables_stay_whole() {
        check("| a | b |\n|---|---|\n| [[gpt|the model]] | x |", "<div class=\"table-wrap\"><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td><a href=\"gpt.html\">the model</a></td><td>x</td></tr>\n</tbody></table>\n</div>");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("1.1 大语言模型 简介"), "1-1-大语言模型-简介");
        assert_eq!(slugify("What's new?"), "whats-new");
        assert_eq!(slugify("！！"), "section");
    }

    #[test]
    fn shortcodes_are_found_where_they_are_drawn() {
        let calls = |body: &str| -> Vec<String> {
            scan(body).shortcodes.into_iter().map(|s| s.text).collect()
        };
        let call = "{{ chart(data=\"x\") }}";
        // A block of its own, in any container: found by the scan and drawn by the render.
        for body in [
            call.to_string(),
            format!("> {call}"),
            format!("- {call}"),
            format!("- a\n\n- {call}"),
        ] {
            assert_eq!(calls(&body), [call], "{body}");
            assert!(
                scan_and_render(&body).contains("<figure>x</figure>"),
                "{body}"
            );
        }
        // Code and running text are text: no call, nothing drawn.
        for body in [
            format!("    {call}"),
            format!("```\n{call}\n```"),
            format!("See {call} here."),
            format!("| a |\n|---|\n| {call} |"),
        ] {
            assert!(calls(&body).is_empty(), "{body}");
            assert!(!scan_and_render(&body).contains("<figure>"), "{body}");
        }
        // Offsets point at the call.
        let s = scan("Intro.\n\n> {{ table(data=\"y\") }}\n");
        assert_eq!(s.shortcodes[0].offset, 10);
    }

    fn scan_and_render(body: &str) -> String {
        render_with(body, HeadingLinks::None)
    }

    fn render_with(body: &str, heading_links: HeadingLinks) -> String {
        let scan = scan(body);
        let shortcode =
            |s: &str| (s == "{{ chart(data=\"x\") }}").then(|| "<figure>x</figure>".to_string());
        let env = RenderEnv {
            scan: &scan,
            links: &[],
            highlighter: None,
            note_label: "Note",
            shortcode: &shortcode,
            id_prefix: "",
            raw_html: crate::sanitize::RawHtml::Escape,
            spacing: crate::lang::Spacing::Words,
            heading_links,
        };
        render(body, &env)
    }

    #[test]
    fn headings_two_to_four_link_to_themselves() {
        let body =
            "x\n\n## GPT-4 & *more*\n\n# T\n\n##### z\n\n### [B](b.html)\n\n> ## In a quote\n";
        insta::assert_snapshot!(render_with(body, HeadingLinks::Labelled("Link to <section>")), @r##"
        <p>x</p>
        <div class="h"><h2 id="gpt-4-more">GPT-4 &amp; <em>more</em></h2><a class="anchor" href="#gpt-4-more"><span class="visually-hidden">Link to &lt;section&gt;: GPT-4 &amp; more</span><span aria-hidden="true">#</span></a></div>
        <h1 id="t">T</h1>
        <h5 id="z">z</h5>
        <div class="h"><h3 id="b"><a href="b.html">B</a></h3><a class="anchor" href="#b"><span class="visually-hidden">Link to &lt;section&gt;: B</span><span aria-hidden="true">#</span></a></div>
        <blockquote>
        <div class="h"><h2 id="in-a-quote">In a quote</h2><a class="anchor" href="#in-a-quote"><span class="visually-hidden">Link to &lt;section&gt;: In a quote</span><span aria-hidden="true">#</span></a></div>
        </blockquote>
        "##);
        // Without links, the same headings as pulldown-cmark writes them.
        assert!(!render_with(body, HeadingLinks::None).contains("anchor"));
    }

    #[test]
    fn empty_header_cells() {
        check(
            "| | b |\n|---|--:|\n| 1 | 2 |",
            "<div class=\"table-wrap\"><table><thead><tr><td></td><th style=\"text-align: right\">b</th></tr></thead><tbody>\n<tr><td>1</td><td style=\"text-align: right\">2</td></tr>\n</tbody></table>\n</div>",
        );
        // A grid without a header loses its header row.
        check(
            "| | |\n|---|---|\n| 1 | 2 |",
            "<div class=\"table-wrap\"><table><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>\n</div>",
        );
    }

    #[test]
    fn headings_and_links_are_matched_by_offset() {
        // A heading inside a list and a link in a heading keep their scan's ids and targets.
        check(
            "- ## In list\n\n## See [[gpt]]\n\n[[gpt]]",
            "<ul>\n<li>\n<h2 id=\"in-list\">In list</h2>\n</li>\n</ul>\n<h2 id=\"see-gpt\">See <a href=\"gpt.html\">GPT</a></h2>\n<p><a href=\"gpt.html\">GPT</a></p>",
        );
    }
}
