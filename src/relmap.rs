//! Relation maps as SVG, laid out at build time: no JavaScript, every node a link.
//!
//! A map is drawn like an outline diagram a person would draw: the page in a box at the top, a
//! trunk down its left side, one branch per relation type ending at a labelled pill, and from the
//! pill one elbow per related page ending 4 px before its label. Every label has a row of its own,
//! so labels cannot overlap and always sit at the end of their own line; long names wrap (never
//! cut). A column is [`COLUMN`] px wide, which fits a 390 px phone at full size; a map with many
//! relations also gets a two-column drawing for wide screens (the stylesheet shows one of the two).
//!
//! [`layout`] computes the geometry as plain data (tested without a browser); [`entity_map`] and
//! [`atlas_view`] print it.

use std::fmt::Write;

use crate::content::Mark;
use crate::html::{escape_attr, escape_text};
use crate::svgtext::{push_lines, widest, wrap, Px};

/// A node of a map: a page, its label in the page's language and the link to it.
#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub href: String,
    /// The kind's id, for colour (`kind-<id>`).
    pub kind: String,
}

/// A related page and how far the report vouches for the relation: stated (a solid line),
/// inferred by the editors (dotted, marked ‡) or outside knowledge (dashed, marked †).
#[derive(Debug, Clone)]
pub struct Member {
    pub node: Node,
    pub mark: Mark,
}

/// The pages one relation type (in one direction) leads to, under the type's label; a group with
/// no label hangs its members straight from the centre (the atlas's blocks).
#[derive(Debug, Clone)]
pub struct Group {
    pub label: Option<String>,
    pub members: Vec<Member>,
}

/// Width of one column of a map, in px (CSS px: maps are never scaled).
pub const COLUMN: f64 = 336.0;
/// Space between the two columns of a wide map.
const GUTTER: f64 = 24.0;
/// Margin around the drawing, so strokes are not cut at the viewBox.
const MARGIN: f64 = 2.0;
const LABEL_SIZE: f64 = 14.0;
const LABEL_LINE: f64 = 18.0;
const HEAD_SIZE: f64 = 13.0;
const HEAD_LINE: f64 = 17.0;
const CENTRE_SIZE: f64 = 15.0;
const CENTRE_LINE: f64 = 20.0;
/// Smallest row: a 24 px link target with a pixel of air on each side.
const MIN_ROW: f64 = 28.0;
/// Gap between a line's end and its label.
const LABEL_GAP: f64 = 4.0;
/// Above this height a map also gets a two-column drawing.
const TALL: f64 = 480.0;

/// A rectangle: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// A label: its lines, the baseline of the first, its left edge and its estimated box.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub lines: Vec<String>,
    pub x: f64,
    pub baseline: f64,
    pub line_h: f64,
    pub bounds: Rect,
}

/// A drawn node: the polyline leading to it (ending at its label), its label and its link target.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub edge: Vec<(f64, f64)>,
    pub label: Label,
    /// The clickable area (members) or the pill (group heads).
    pub area: Rect,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGroup {
    pub head: Option<Placed>,
    pub members: Vec<Placed>,
}

/// A map's geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub centre: Rect,
    pub centre_label: Label,
    pub groups: Vec<PlacedGroup>,
}

impl Layout {
    /// Every label of the map, the centre's first.
    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        std::iter::once(&self.centre_label).chain(self.placed().map(|p| &p.label))
    }

    /// Every group head and member.
    pub fn placed(&self) -> impl Iterator<Item = &Placed> {
        self.groups
            .iter()
            .flat_map(|g| g.head.iter().chain(&g.members))
    }
}

fn label(text: &str, size: f64, line_h: f64, max: f64, x: f64, mid: f64) -> Label {
    let lines = wrap(text, size, max);
    let lines = if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    };
    let h = lines.len() as f64 * line_h;
    let top = mid - line_h / 2.0;
    Label {
        x,
        // The baseline of a line sits about 0.35 em below its middle.
        baseline: mid + size * 0.35,
        line_h,
        bounds: Rect {
            x,
            y: top,
            w: widest(&lines, size),
            h,
        },
        lines,
    }
}

/// The member's label text: its name, with the sign of its mark (‡ inferred, † outside).
fn member_text(m: &Member) -> String {
    match m.mark.sign() {
        Some(sign) => format!("{} {sign}", m.node.label),
        None => m.node.label.clone(),
    }
}

/// The class a line of `mark` adds to `rm-edge`, for its colour and dash pattern.
fn edge_class(mark: Mark) -> &'static str {
    match mark {
        Mark::Stated => "",
        Mark::Inferred => " rm-inf",
        Mark::Outside => " rm-out",
    }
}

/// Lays a group out in the column starting at `ox`, from `y` down, connected to the trunk that
/// starts at `trunk`. Returns the group and the y below it.
fn place_group(g: &Group, ox: f64, y: f64, trunk: &[(f64, f64)]) -> (PlacedGroup, f64) {
    let trunk_x = ox + 12.0;
    let mut y = y;
    let (head, sx, sy) = match &g.label {
        Some(text) => {
            let pill_x = ox + 28.0;
            let text_x = pill_x + 6.0;
            let lines = wrap(text, HEAD_SIZE, COLUMN - (text_x - ox) - 14.0);
            let h = lines.len() as f64 * HEAD_LINE + 9.0;
            let mid_first = y + 4.5 + HEAD_LINE / 2.0;
            let l = label(
                text,
                HEAD_SIZE,
                HEAD_LINE,
                COLUMN - (text_x - ox) - 14.0,
                text_x,
                mid_first,
            );
            let pill = Rect {
                x: pill_x,
                y,
                w: l.bounds.w + 12.0,
                h,
            };
            let mut edge = trunk.to_vec();
            edge.push((trunk_x, y + h / 2.0));
            edge.push((pill_x, y + h / 2.0));
            y += h + 2.0;
            (
                Some(Placed {
                    edge,
                    label: l,
                    area: pill,
                    mark: Mark::Stated,
                }),
                ox + 40.0,
                pill.bottom(),
            )
        }
        None => (None, trunk_x, trunk.last().map_or(y, |p| p.1)),
    };
    let text_x = sx + 16.0 + LABEL_GAP;
    let max = COLUMN - (text_x - ox) - 6.0;
    let mut members = Vec::with_capacity(g.members.len());
    for m in &g.members {
        let lines = wrap(&member_text(m), LABEL_SIZE, max).len().max(1) as f64;
        let row = MIN_ROW.max(lines * LABEL_LINE + 10.0);
        let mid = y + MIN_ROW / 2.0;
        let l = label(&member_text(m), LABEL_SIZE, LABEL_LINE, max, text_x, mid);
        members.push(Placed {
            edge: vec![(sx, sy), (sx, mid), (sx + 16.0, mid)],
            label: l,
            area: Rect {
                x: sx + 2.0,
                y: y + 1.0,
                w: ox + COLUMN - sx - 2.0,
                h: row - 2.0,
            },
            mark: m.mark,
        });
        y += row;
    }
    (PlacedGroup { head, members }, y + 10.0)
}

/// The height a group takes in a column (independent of where the column is).
fn group_height(g: &Group) -> f64 {
    let (_, bottom) = place_group(g, 0.0, 0.0, &[(12.0, 0.0)]);
    bottom
}

/// Where to split `groups` into two columns of about equal height: the first index of column two.
fn split(groups: &[Group]) -> usize {
    let heights: Vec<f64> = groups.iter().map(group_height).collect();
    let total: f64 = heights.iter().sum();
    let mut best = (f64::MAX, groups.len());
    let mut acc: f64 = 0.0;
    for (i, h) in heights.iter().enumerate() {
        let tallest = acc.max(total - acc);
        if tallest < best.0 {
            best = (tallest, i);
        }
        acc += h;
    }
    best.1.max(1)
}

/// Lays out a map of `centre` and its groups in one column or two.
pub fn layout(centre: &str, groups: &[Group], columns: usize) -> Layout {
    let two = columns >= 2 && groups.len() >= 2;
    let width = if two { 2.0 * COLUMN + GUTTER } else { COLUMN } + 2.0 * MARGIN;
    let centre_label = label(
        centre,
        CENTRE_SIZE,
        CENTRE_LINE,
        COLUMN - 24.0,
        MARGIN + 10.0,
        MARGIN + 6.0 + CENTRE_LINE / 2.0,
    );
    let centre_box = Rect {
        x: MARGIN,
        y: MARGIN,
        w: (centre_label.bounds.w + 20.0).max(48.0),
        h: centre_label.bounds.h + 12.0,
    };
    let trunk_top = (MARGIN + 12.0, centre_box.bottom());
    let cut = if two { split(groups) } else { groups.len() };
    let mut placed = Vec::with_capacity(groups.len());
    let mut bottom: f64 = centre_box.bottom();
    for (col, range) in [(0, 0..cut), (1, cut..groups.len())] {
        let ox = MARGIN + col as f64 * (COLUMN + GUTTER);
        // Column two's trunk leaves the centre box and runs right above column one's groups.
        let bus = centre_box.bottom() + 10.0;
        let trunk: Vec<(f64, f64)> = if col == 0 {
            vec![trunk_top]
        } else {
            vec![trunk_top, (trunk_top.0, bus), (ox + 12.0, bus)]
        };
        let mut y = centre_box.bottom() + if two { 20.0 } else { 12.0 };
        for g in &groups[range] {
            let (pg, below) = place_group(g, ox, y, &trunk);
            placed.push(pg);
            y = below;
        }
        bottom = bottom.max(y);
    }
    Layout {
        width,
        height: bottom.max(centre_box.bottom()) + MARGIN,
        centre: centre_box,
        centre_label,
        groups: placed,
    }
}

/// What a map says in words, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct MapWords<'a> {
    /// The map's accessible name, e.g. "Relation map: ChatGPT".
    pub name: &'a str,
}

fn path_d(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, Px(*x), Px(*y));
    }
    d
}

fn push_text(out: &mut String, class: &str, l: &Label) {
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" y=\"{}\">",
        Px(l.x),
        Px(l.baseline)
    );
    push_lines(out, &l.lines, l.x, l.line_h);
    out.push_str("</text>");
}

fn push_rect(out: &mut String, class: &str, r: &Rect, rx: f64) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
        Px(r.x),
        Px(r.y),
        Px(r.w),
        Px(r.h),
        Px(rx)
    );
}

/// Prints a laid-out map. `centre` is a link where it has an `href` (the atlas's hubs).
fn print(out: &mut String, l: &Layout, class: &str, centre: &Node, groups: &[Group], name: &str) {
    let _ = write!(
        out,
        "<svg class=\"relmap {class}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"group\" aria-label=\"{}\">",
        escape_attr(name),
        w = Px(l.width),
        h = Px(l.height),
    );
    let kind = escape_attr(&centre.kind);
    if centre.href.is_empty() {
        out.push_str("<g class=\"rm-centre\">");
    } else {
        let _ = write!(
            out,
            "<a class=\"rm-centre\" href=\"{}\">",
            escape_attr(&centre.href)
        );
    }
    push_rect(out, &format!("rm-box kind-{kind}"), &l.centre, 6.0);
    push_text(out, "rm-centre-label", &l.centre_label);
    out.push_str(if centre.href.is_empty() {
        "</g>"
    } else {
        "</a>"
    });
    for (pg, g) in l.groups.iter().zip(groups) {
        out.push_str("<g class=\"rm-g\" role=\"list\"");
        if let Some(text) = &g.label {
            let _ = write!(out, " aria-label=\"{}\"", escape_attr(text));
        }
        out.push('>');
        if let Some(head) = &pg.head {
            let _ = write!(
                out,
                "<g class=\"rm-head\" aria-hidden=\"true\"><path class=\"rm-edge\" d=\"{}\"/>",
                path_d(&head.edge)
            );
            push_rect(out, "rm-pill", &head.area, 4.0);
            push_text(out, "rm-head-label", &head.label);
            out.push_str("</g>");
        }
        for (p, m) in pg.members.iter().zip(&g.members) {
            let _ = write!(
                out,
                "<g role=\"listitem\"><a class=\"rm-n\" href=\"{}\">",
                escape_attr(&m.node.href)
            );
            push_rect(out, "rm-hit", &p.area, 4.0);
            let _ = write!(
                out,
                "<path class=\"rm-edge{}\" d=\"{}\"/>",
                edge_class(p.mark),
                path_d(&p.edge)
            );
            push_text(
                out,
                &format!("rm-label kind-{}", escape_attr(&m.node.kind)),
                &p.label,
            );
            out.push_str("</a></g>");
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
}

/// The key under a map: the kinds' colours and the kinds of line it draws.
#[derive(Debug, Clone)]
pub struct Legend {
    pub title: String,
    /// The kinds drawn, in site order.
    pub kinds: Vec<Choice>,
    /// What a solid line means.
    pub line: String,
    /// What a dotted line with ‡ means, where the map has one.
    pub inferred: Option<String>,
    /// What a dashed line with † means, where the map has one.
    pub outside: Option<String>,
}

fn push_legend(out: &mut String, legend: &Legend) {
    let _ = write!(
        out,
        "<p class=\"rm-legend\"><span class=\"rm-legend-title\">{}</span>",
        escape_text(&legend.title)
    );
    for k in &legend.kinds {
        let _ = write!(
            out,
            " <span class=\"rm-key kind-{}\">{}</span>",
            css_ident(&k.id),
            escape_text(&k.label)
        );
    }
    let swatch = |class: &str| {
        format!("<svg class=\"rm-swatch\" width=\"28\" height=\"10\" aria-hidden=\"true\"><path class=\"rm-edge{class}\" d=\"M2,5L26,5\"/></svg>")
    };
    let _ = write!(
        out,
        " <span class=\"rm-key-line\">{}{}</span>",
        swatch(""),
        escape_text(&legend.line)
    );
    for (mark, text) in [
        (Mark::Inferred, &legend.inferred),
        (Mark::Outside, &legend.outside),
    ] {
        if let Some(text) = text {
            let _ = write!(
                out,
                " <span class=\"rm-key-line\">{}{}</span>",
                swatch(edge_class(mark)),
                escape_text(text)
            );
        }
    }
    out.push_str("</p>");
}

/// A page's relation map as HTML: one drawing per width it needs (narrow always; wide when the
/// narrow one is tall), for the stylesheet to choose from, and its legend.
pub fn entity_map(words: MapWords, centre: &Node, groups: &[Group], legend: &Legend) -> String {
    let mut out = String::new();
    let narrow = layout(&centre.label, groups, 1);
    let wide =
        (narrow.height > TALL && groups.len() >= 2).then(|| layout(&centre.label, groups, 2));
    let _ = write!(
        out,
        "<div class=\"rm{}\">",
        if wide.is_some() { " rm-has-wide" } else { "" }
    );
    print(&mut out, &narrow, "rm-narrow", centre, groups, words.name);
    if let Some(w) = &wide {
        print(&mut out, w, "rm-wide", centre, groups, words.name);
    }
    out.push_str("</div>");
    push_legend(&mut out, legend);
    out
}

/// One section of the whole-atlas view: the relations of one type between two kinds, drawn as one
/// small map per hub (the page many of them point to).
#[derive(Debug, Clone)]
pub struct AtlasSection {
    /// The relation type's id (for filtering).
    pub rel: String,
    /// The kinds at both ends (ids, for filtering).
    pub kinds: [String; 2],
    /// The section's heading, e.g. "Developed by · Models & techniques → Companies & organisations".
    pub heading: String,
    /// A sentence on how to read the blocks, e.g. "Each company with what it developed."
    pub lede: String,
    pub count: usize,
    /// Each hub with the pages related to it.
    pub blocks: Vec<(Node, Group)>,
}

/// A filter checkbox: the id it filters on and its label.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// What the atlas view says in words, in the page's language.
#[derive(Debug, Clone)]
pub struct AtlasWords {
    pub filter: String,
    pub by_relation: String,
    pub by_kind: String,
    pub matrix: String,
    pub from_to: String,
    pub shown: String,
    /// The kinds, in site order, with their names.
    pub kinds: Vec<Choice>,
    /// The relation types present, in site order, with their labels.
    pub relations: Vec<Choice>,
    /// The key to the blocks' colours and lines.
    pub legend: Legend,
}

fn section_anchor(s: &AtlasSection) -> String {
    format!(
        "rel-{}-{}-{}",
        css_ident(&s.rel),
        css_ident(&s.kinds[0]),
        css_ident(&s.kinds[1])
    )
}

/// The whole-atlas view as HTML: a kind-by-kind table of what relates to what (with counts and
/// links to the sections), filters that work without JavaScript, then one section per relation
/// type and pair of kinds of small maps. Also returns the stylesheet the filters need (one rule per
/// choice; the ids come from `site.toml`), for the page's `<head>`.
pub fn atlas_view(words: &AtlasWords, sections: &[AtlasSection]) -> (String, String) {
    let mut html = String::from("<div class=\"atlas-view\">");
    // The matrix: rows are the kinds relations start from, columns the kinds they end at.
    let _ = write!(
        html,
        "<div class=\"table-wrap\"><table class=\"atlas-matrix\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape_text(&words.matrix),
        escape_text(&words.from_to)
    );
    for k in &words.kinds {
        let _ = write!(html, "<th scope=\"col\">{}</th>", escape_text(&k.label));
    }
    html.push_str("</tr></thead><tbody>");
    for from in &words.kinds {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th>",
            escape_text(&from.label)
        );
        for to in &words.kinds {
            let _ = write!(html, "<td data-to=\"{}\">", escape_attr(&to.label));
            let cell: Vec<&AtlasSection> = sections
                .iter()
                .filter(|s| s.kinds[0] == from.id && s.kinds[1] == to.id)
                .collect();
            if !cell.is_empty() {
                html.push_str("<ul>");
                for s in cell {
                    let rel = words
                        .relations
                        .iter()
                        .find(|r| r.id == s.rel)
                        .map_or(s.rel.as_str(), |r| r.label.as_str());
                    let _ = write!(
                        html,
                        "<li><a href=\"#{}\">{}</a> {}</li>",
                        section_anchor(s),
                        escape_text(rel),
                        s.count
                    );
                }
                html.push_str("</ul>");
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    // The filters: checkboxes the stylesheet reads with :has(), so they work without JavaScript.
    let _ = write!(
        html,
        "<form class=\"atlas-filter\" aria-label=\"{}\">",
        escape_attr(&words.filter)
    );
    for (legend, prefix, choices) in [
        (&words.by_relation, "af-r-", &words.relations),
        (&words.by_kind, "af-k-", &words.kinds),
    ] {
        let _ = write!(html, "<fieldset><legend>{}</legend>", escape_text(legend));
        for c in choices {
            let _ = write!(
                html,
                "<label><input type=\"checkbox\" id=\"{prefix}{id}\" data-filter=\"{id}\" checked> {}</label>",
                escape_text(&c.label),
                id = css_ident(&c.id)
            );
        }
        html.push_str("</fieldset>");
    }
    let _ = write!(
        html,
        "<p class=\"atlas-shown\" aria-live=\"polite\" data-words=\"{}\"></p></form>",
        escape_attr(&words.shown)
    );
    push_legend(&mut html, &words.legend);
    for s in sections {
        let _ = write!(
            html,
            "<section class=\"atlas-rel\" id=\"{}\" data-rel=\"{}\" data-kinds=\"{} {}\" data-count=\"{}\"><h2>{}</h2><p class=\"atlas-lede\">{}</p><ul class=\"atlas-blocks\">",
            section_anchor(s),
            css_ident(&s.rel),
            css_ident(&s.kinds[0]),
            css_ident(&s.kinds[1]),
            s.count,
            escape_text(&s.heading),
            escape_text(&s.lede)
        );
        for (hub, group) in &s.blocks {
            html.push_str("<li>");
            let l = layout(&hub.label, std::slice::from_ref(group), 1);
            let name = format!("{}: {}", hub.label, s.heading);
            print(
                &mut html,
                &l,
                "rm-block",
                hub,
                std::slice::from_ref(group),
                &name,
            );
            html.push_str("</li>");
        }
        html.push_str("</ul></section>");
    }
    html.push_str("</div>");
    let mut css = String::new();
    for (prefix, attr, op, choices) in [
        ("af-r-", "data-rel", "=", &words.relations),
        ("af-k-", "data-kinds", "~=", &words.kinds),
    ] {
        for c in choices {
            let _ = write!(
                css,
                ".atlas-view:has(#{prefix}{id}:not(:checked)) .atlas-rel[{attr}{op}\"{id}\"]{{display:none}}",
                id = css_ident(&c.id)
            );
        }
    }
    (html, css)
}

/// An id as it may stand in a CSS selector and attribute: ids from `site.toml` are
/// `[a-z0-9_-]`; anything else is replaced so it can never close the rule.
fn css_ident(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(i: usize, long: bool) -> Node {
        Node {
            label: if long {
                format!("上下文纠错（In-context correction）第{i}号非常长的名字")
            } else {
                format!("Model {i}")
            },
            href: format!("m{i}.html"),
            kind: "models".into(),
        }
    }

    fn groups(n: usize, per: usize) -> Vec<Group> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let members = (i..(i + per).min(n))
                .map(|j| Member {
                    node: node(j, j % 3 == 0),
                    mark: match (j % 5, j % 7) {
                        (0, _) => Mark::Outside,
                        (_, 3) => Mark::Inferred,
                        _ => Mark::Stated,
                    },
                })
                .collect();
            out.push(Group {
                label: Some(format!("Relation type {i} with a long label to wrap")),
                members,
            });
            i += per;
        }
        out
    }

    /// What the browser tests check, on the estimated geometry.
    fn check(l: &Layout) {
        let labels: Vec<&Label> = l.labels().collect();
        for (i, a) in labels.iter().enumerate() {
            assert!(!a.lines.iter().any(|s| s.contains('…')), "no label is cut");
            let b = a.bounds;
            assert!(
                b.x >= 0.0 && b.y >= 0.0 && b.right() <= l.width && b.bottom() <= l.height,
                "{:?} inside {}×{}",
                a.lines,
                l.width,
                l.height
            );
            for c in &labels[i + 1..] {
                assert!(
                    !b.overlaps(&c.bounds),
                    "{:?} overlaps {:?}",
                    a.lines,
                    c.lines
                );
            }
        }
        for p in l.placed() {
            let (ex, ey) = *p.edge.last().expect("every node has a line");
            let b = p.label.bounds;
            let dx = (b.x - ex).max(0.0).max(ex - b.right());
            let dy = (b.y - ey).max(0.0).max(ey - b.bottom());
            assert!(
                dx.hypot(dy) <= 8.0,
                "{:?} is {dx},{dy} from its line",
                p.label.lines
            );
            assert!(
                p.area.h >= 24.0 && p.area.w >= 24.0,
                "link target {:?}",
                p.area
            );
        }
        let areas: Vec<Rect> = l
            .groups
            .iter()
            .flat_map(|g| &g.members)
            .map(|p| p.area)
            .collect();
        for (i, a) in areas.iter().enumerate() {
            for b in &areas[i + 1..] {
                assert!(!a.overlaps(b), "link targets {a:?} and {b:?} overlap");
            }
        }
    }

    fn legend() -> Legend {
        Legend {
            title: "Legend".into(),
            kinds: vec![Choice {
                id: "models".into(),
                label: "Models".into(),
            }],
            line: "stated".into(),
            inferred: Some("inferred".into()),
            outside: Some("outside".into()),
        }
    }

    #[test]
    fn no_neighbours() {
        let l = layout("ChatGPT", &[], 1);
        check(&l);
        assert!(l.groups.is_empty());
        assert!(l.height < 60.0);
        let html = entity_map(MapWords { name: "map" }, &node(0, false), &[], &legend());
        assert!(!html.contains("rm-wide"));
    }

    #[test]
    fn one_neighbour() {
        let g = groups(1, 1);
        let l = layout("百度", &g, 1);
        check(&l);
        assert_eq!(l.placed().count(), 2);
        assert!(l.width <= COLUMN + 4.0, "fits a phone");
    }

    #[test]
    fn forty_neighbours_in_one_and_two_columns() {
        let g = groups(40, 6);
        let narrow = layout("上下文纠错（In-context correction）", &g, 1);
        check(&narrow);
        let wide = layout("上下文纠错（In-context correction）", &g, 2);
        check(&wide);
        assert!(
            wide.height < narrow.height * 0.6,
            "two columns halve the height"
        );
        assert!(wide.width <= 704.0, "fits the 44rem column");
        // Long names wrap instead of being cut.
        assert!(narrow.placed().any(|p| p.label.lines.len() >= 2));
        let html = entity_map(MapWords { name: "map" }, &node(0, true), &g, &legend());
        assert!(html.contains("rm-narrow") && html.contains("rm-wide"));
        assert_eq!(html.matches("class=\"rm-n\"").count(), 80);
        assert_eq!(
            html.matches("rm-out").count(),
            17,
            "8 dashed members in each drawing, one in the legend"
        );
        assert_eq!(
            html.matches("rm-inf").count(),
            11,
            "5 dotted members (3, 17, 24, 31, 38) in each drawing, one in the legend"
        );
        assert_eq!(
            html.matches(" ‡").count(),
            10,
            "each inferred label is marked"
        );
        assert_eq!(
            html.matches(" †").count(),
            16,
            "each outside label is marked"
        );
    }

    #[test]
    fn output_is_deterministic() {
        let g = groups(40, 7);
        let a = entity_map(MapWords { name: "m" }, &node(1, true), &g, &legend());
        let b = entity_map(
            MapWords { name: "m" },
            &node(1, true),
            &g.clone(),
            &legend(),
        );
        assert_eq!(a, b);
        assert!(!a.contains("NaN"));
    }

    #[test]
    fn atlas_view_filters_and_blocks() {
        let blocks: Vec<(Node, Group)> = (0..12)
            .map(|i| {
                (
                    node(100 + i, i % 2 == 0),
                    Group {
                        label: None,
                        members: groups(i, 50).pop().map_or_else(Vec::new, |g| g.members),
                    },
                )
            })
            .collect();
        for (hub, g) in &blocks {
            check(&layout(&hub.label, std::slice::from_ref(g), 1));
        }
        let words = AtlasWords {
            filter: "Filter".into(),
            by_relation: "Relation".into(),
            by_kind: "Kind".into(),
            matrix: "Matrix".into(),
            from_to: "From / to".into(),
            shown: "shown".into(),
            kinds: vec![
                Choice {
                    id: "models".into(),
                    label: "Models".into(),
                },
                Choice {
                    id: "companies".into(),
                    label: "Companies".into(),
                },
            ],
            relations: vec![Choice {
                id: "developed_by".into(),
                label: "Developed by".into(),
            }],
            legend: legend(),
        };
        let section = AtlasSection {
            rel: "developed_by".into(),
            kinds: ["models".into(), "companies".into()],
            heading: "Developed by".into(),
            lede: "Each company with what it developed.".into(),
            count: 66,
            blocks,
        };
        let (html, css) = atlas_view(&words, &[section]);
        assert!(html.contains("href=\"#rel-developed_by-models-companies\""));
        assert_eq!(html.matches("class=\"relmap rm-block\"").count(), 12);
        assert!(
            css.contains("#af-r-developed_by:not(:checked)) .atlas-rel[data-rel=\"developed_by\"]")
        );
        assert!(
            css.contains("#af-k-companies:not(:checked)) .atlas-rel[data-kinds~=\"companies\"]")
        );
        assert_eq!(html.matches("class=\"rm-legend\"").count(), 1, "one key");
        let (again, _) = atlas_view(&words, &[]);
        assert!(again.contains("atlas-matrix"));
    }

    #[test]
    fn css_ids_cannot_break_out() {
        assert_eq!(css_ident("a\"]{x}"), "a___x_");
    }
}
