//! Relation maps as SVG, laid out at build time: no JavaScript, nodes are links.
//!
//! Layouts are column-based so labels can never overlap: every node gets its own row.

use std::fmt::Write;

use crate::content::Mark;
use crate::html::{escape_attr, escape_text};

/// A node of a map: a page, its label in the page's language and the link to it.
#[derive(Debug, Clone)]
pub struct Node {
    pub label: String,
    pub href: String,
    /// A CSS class naming the kind, for colour.
    pub class: String,
}

/// An edge label group in a neighbourhood map.
#[derive(Debug, Clone)]
pub struct Branch {
    pub label: String,
    pub nodes: Vec<Node>,
    /// Per node: how far the report vouches for the relation.
    pub marks: Vec<Mark>,
}

/// The class an edge of `mark` adds (`outside`, `inferred`), for its dash pattern.
fn mark_class(mark: Mark) -> &'static str {
    match mark {
        Mark::Stated => "",
        Mark::Inferred => " inferred",
        Mark::Outside => " outside",
    }
}

const ROW: f64 = 26.0;
const CHAR_W: f64 = 7.4;
const CJK_W: f64 = 13.0;

fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) > 0x2e80 { CJK_W } else { CHAR_W })
        .sum()
}

fn truncate(s: &str, max_w: f64) -> String {
    if text_width(s) <= max_w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = text_width("…");
    for c in s.chars() {
        w += text_width(&c.to_string());
        if w > max_w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A page's neighbourhood: the page in the middle, incoming relations on the left, outgoing on the right.
pub fn neighbourhood(
    title: &str,
    desc: &str,
    centre: &Node,
    left: &[Branch],
    right: &[Branch],
) -> String {
    let rows = |bs: &[Branch]| bs.iter().map(|b| b.nodes.len() + 1).sum::<usize>();
    let n = rows(left).max(rows(right)).max(1);
    let height = (n as f64) * ROW + 30.0;
    let width = 760.0;
    let col_w = 250.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"relmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"relmap-title relmap-desc\">\
<title id=\"relmap-title\">{}</title><desc id=\"relmap-desc\">{}</desc>",
        escape_text(title),
        escape_text(desc)
    );
    let cx = width / 2.0;
    let cy = height / 2.0;
    let mut edges = String::new();
    let mut nodes = String::new();
    for (branches, x, anchor) in [(left, 10.0, "start"), (right, width - 10.0, "end")] {
        let total = rows(branches) as f64 * ROW;
        let mut y = (height - total) / 2.0 + ROW * 0.7;
        for b in branches {
            let _ = write!(nodes, "<text class=\"relmap-label\" x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>", Px(y), escape_text(&b.label));
            y += ROW;
            for (node, mark) in b.nodes.iter().zip(&b.marks) {
                let edge_x = if anchor == "start" {
                    x + col_w
                } else {
                    x - col_w
                };
                let _ = write!(
                    edges,
                    "<path class=\"relmap-edge{}\" d=\"M{},{} C{},{} {},{} {},{}\"/>",
                    mark_class(*mark),
                    Px(cx),
                    Px(cy),
                    Px((cx + edge_x) / 2.0),
                    Px(cy),
                    Px((cx + edge_x) / 2.0),
                    Px(y - 4.0),
                    Px(edge_x),
                    Px(y - 4.0)
                );
                let label = truncate(&node.label, col_w - 20.0);
                let mark = mark.sign().map_or(String::new(), |s| format!(" {s}"));
                let _ = write!(
                    nodes,
                    "<a href=\"{}\"><text class=\"relmap-node {}\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}{mark}</text></a>",
                    escape_attr(&node.href),
                    escape_attr(&node.class),
                    if anchor == "start" { x + 12.0 } else { x - 12.0 },
                    Px(y),
                    escape_text(&label)
                );
                y += ROW;
            }
        }
    }
    let label = truncate(&centre.label, 200.0);
    let w = text_width(&label) + 24.0;
    let _ = write!(
        nodes,
        "<rect class=\"relmap-centre {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"28\" rx=\"6\"/><text class=\"relmap-centre-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        escape_attr(&centre.class),
        Px(cx - w / 2.0),
        Px(cy - 14.0),
        Px(w),
        Px(cx),
        Px(cy + 5.0),
        escape_text(&label)
    );
    svg.push_str(&edges);
    svg.push_str(&nodes);
    svg.push_str("</svg>");
    svg
}

/// A coordinate printed with one decimal. By integer arithmetic: `{:.1}` on floats was a visible
/// part of rendering a large site (every entity page has a map).
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Coordinates are far inside i64; `as` saturates anyway.
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", t / 10, t % 10)
    }
}

/// A node's place in the atlas: column, row.
pub type Place = (usize, usize);

/// The whole atlas: one column per kind, one row per page, edges between rows.
pub fn atlas(
    title: &str,
    desc: &str,
    columns: &[(String, Vec<Node>)],
    edges: &[(Place, Place, Mark)],
) -> String {
    let col_w = 300.0;
    let width = col_w * columns.len() as f64;
    let rows = columns.iter().map(|c| c.1.len()).max().unwrap_or(1);
    let row = 20.0;
    let height = rows as f64 * row + 60.0;
    let pos = |c: usize, r: usize| (c as f64 * col_w + 16.0, 50.0 + r as f64 * row);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"relmap atlas\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"atlas-title atlas-desc\">\
<title id=\"atlas-title\">{}</title><desc id=\"atlas-desc\">{}</desc>",
        escape_text(title),
        escape_text(desc)
    );
    for &((c1, r1), (c2, r2), mark) in edges {
        let (x1, y1) = pos(c1, r1);
        let (x2, y2) = pos(c2, r2);
        let d = if c1 == c2 {
            // Same column: an arc to the left of the labels.
            let bend = 10.0 + ((y2 - y1).abs() / 8.0).min(120.0);
            format!(
                "M{},{} C{},{} {},{} {},{}",
                Px(x1 - 4.0),
                Px(y1 - 4.0),
                Px(x1 - 4.0 - bend),
                Px(y1),
                Px(x2 - 4.0 - bend),
                Px(y2),
                Px(x2 - 4.0),
                Px(y2 - 4.0)
            )
        } else {
            let (xa, ya, xb, yb) = if x1 < x2 {
                (x1 + col_w - 40.0, y1, x2 - 4.0, y2)
            } else {
                (x2 + col_w - 40.0, y2, x1 - 4.0, y1)
            };
            format!(
                "M{},{} C{},{} {},{} {},{}",
                Px(xa),
                Px(ya - 4.0),
                Px((xa + xb) / 2.0),
                Px(ya - 4.0),
                Px((xa + xb) / 2.0),
                Px(yb - 4.0),
                Px(xb),
                Px(yb - 4.0)
            )
        };
        let _ = write!(
            svg,
            "<path class=\"relmap-edge{}\" d=\"{d}\"/>",
            mark_class(mark)
        );
    }
    for (c, (name, nodes)) in columns.iter().enumerate() {
        let (x, _) = pos(c, 0);
        let _ = write!(
            svg,
            "<text class=\"relmap-label\" x=\"{}\" y=\"24\">{}</text>",
            Px(x),
            escape_text(name)
        );
        for (r, node) in nodes.iter().enumerate() {
            let (x, y) = pos(c, r);
            let _ = write!(
                svg,
                "<a href=\"{}\"><text class=\"relmap-node {}\" x=\"{}\" y=\"{}\">{}</text></a>",
                escape_attr(&node.href),
                escape_attr(&node.class),
                Px(x),
                Px(y),
                escape_text(&truncate(&node.label, col_w - 60.0))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::Px;

    fn check(v: f64, expect: &str) {
        assert_eq!(Px(v).to_string(), expect);
    }

    #[test]
    fn coordinates_have_one_decimal() {
        check(0.0, "0.0");
        check(12.34, "12.3");
        check(12.36, "12.4");
        check(380.0, "380.0");
        check(-4.26, "-4.3");
        check(-0.04, "0.0");
        check(1e6 + 0.05, "1000000.1");
    }
}
