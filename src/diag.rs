//! Diagnostics: every problem the build finds, with the file and position it comes from.
//!
//! Stages collect diagnostics instead of stopping at the first one, so an author sees every
//! mistake of a stage at once.

use std::cell::{Cell, OnceCell};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A finding at `file:line:col` (1-based; 0 means "the whole file").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col)?;
        }
        write!(f, ": {level}: {}", self.message)
    }
}

/// A source file's text, able to turn byte offsets into line and column.
///
/// Positions are found in time proportional to the distance from the previous one, not to the
/// offset: a file with a hundred thousand errors is reported in linear time. The line starts are
/// found once, on the first position asked for.
#[derive(Debug)]
pub struct SourceText<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    line_starts: OnceCell<Vec<usize>>,
    /// The last position found: (offset, line, column).
    last: Cell<(usize, usize, usize)>,
}

impl<'a> SourceText<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        SourceText {
            path,
            text,
            line_starts: OnceCell::new(),
            last: Cell::new((0, 1, 1)),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let (last_offset, last_line, last_col) = self.last.get();
        // Counting on from the last position where it is on the same line and before.
        let (from, col) = if last_line == line && last_offset <= offset {
            (last_offset, last_col)
        } else {
            (line_start, 1)
        };
        let col = col + self.text[from..offset].chars().count();
        self.last.set((offset, line, col));
        (line, col)
    }

    pub fn diagnostic(
        &self,
        offset: usize,
        severity: Severity,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = self.position(offset);
        Diagnostic {
            file: self.path.to_path_buf(),
            line,
            col,
            severity,
            message: message.into(),
        }
    }

    pub fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(offset, Severity::Error, message)
    }

    pub fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(offset, Severity::Warning, message)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// An error about a whole file (one that has no useful position).
pub fn file_error(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: path.to_path_buf(),
        line: 0,
        col: 0,
        severity: Severity::Error,
        message: message.into(),
    }
}

/// The diagnostics of a stage, sorted for stable output.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Sorted and without repeats; a file with more than [`MAX_PER_FILE`] findings keeps the
    /// first ones and one line saying how many more there are, at the first one left out.
    pub fn sorted(mut self) -> Self {
        self.0.sort();
        self.0.dedup();
        self.0 = capped(std::mem::take(&mut self.0));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Findings kept per file: past this, an absurd input (a hundred thousand broken links) would bury
/// the first mistakes, which are the ones to fix first.
pub const MAX_PER_FILE: usize = 100;

/// Keeps the first [`MAX_PER_FILE`] findings of each file of a sorted list; the rest of a file
/// becomes one finding, "and M more", at the position of the first one left out.
fn capped(sorted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(sorted.len().min(4096));
    let mut rest = sorted.into_iter().peekable();
    while let Some(first) = rest.next() {
        let file = first.file.clone();
        out.push(first);
        let mut kept = 1;
        let mut left_out: Option<(Diagnostic, usize, usize)> = None;
        while let Some(d) = rest.next_if(|d| d.file == file) {
            if kept < MAX_PER_FILE {
                out.push(d);
                kept += 1;
                continue;
            }
            match left_out.as_mut() {
                None => left_out = Some((d, 1, 0)),
                Some((_, n, errors)) => {
                    *n += 1;
                    if d.severity == Severity::Error {
                        *errors += 1;
                    }
                }
            }
        }
        match left_out {
            // One more is shown as it is: a summary would take its line all the same.
            Some((d, 1, _)) => out.push(d),
            Some((d, n, errors)) => {
                let errors = errors + usize::from(d.severity == Severity::Error);
                out.push(Diagnostic {
                    message: format!(
                        "and {n} more finding(s) in this file ({errors} error(s)), from here on; the first {MAX_PER_FILE} are shown"
                    ),
                    severity: if errors > 0 {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    ..d
                })
            }
            None => {}
        }
    }
    out
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, offset: usize, expect: (usize, usize)) {
        let path = Path::new("x");
        assert_eq!(SourceText::new(path, text).position(offset), expect);
    }

    #[test]
    fn positions() {
        check("abc", 0, (1, 1));
        check("abc\ndef", 5, (2, 2));
        check("字节\n跳动", 3, (1, 2));
        check("字节\n跳动", 7, (2, 1));
        check("a", 99, (1, 2));
    }

    #[test]
    fn positions_in_any_order_and_on_one_long_line() {
        let text = "ab\n字x\ncd";
        let src = SourceText::new(Path::new("x"), text);
        for (offset, expect) in [
            (7, (2, 3)),
            (6, (2, 2)),
            (4, (2, 1)),
            (0, (1, 1)),
            (9, (3, 2)),
            (3, (2, 1)),
        ] {
            assert_eq!(src.position(offset), expect, "{offset}");
        }
        // A long line asked for in order: each position counts on from the last.
        let line = "[[x]]".repeat(200_000);
        let src = SourceText::new(Path::new("x"), &line);
        let start = std::time::Instant::now();
        for i in (0..line.len()).step_by(5) {
            assert_eq!(src.position(i), (1, i + 1));
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    fn finding(file: &str, line: usize) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line,
            col: 1,
            severity: Severity::Error,
            message: "bad".into(),
        }
    }

    #[test]
    fn findings_are_capped_per_file_with_a_count_of_the_rest() {
        let mut all: Vec<Diagnostic> = (1..=250).map(|l| finding("a.md", l)).collect();
        all.extend((1..=101).map(|l| finding("b.md", l)));
        all.push(finding("c.md", 1));
        let capped = Diagnostics(all).sorted().0;
        let a: Vec<_> = capped
            .iter()
            .filter(|d| d.file == Path::new("a.md"))
            .collect();
        assert_eq!(a.len(), MAX_PER_FILE + 1);
        assert_eq!(
            a[MAX_PER_FILE].line, 101,
            "the summary stands at the first one left out"
        );
        assert_eq!(
            a[MAX_PER_FILE].message,
            "and 150 more finding(s) in this file (150 error(s)), from here on; the first 100 are shown"
        );
        // 101 findings: all shown (a summary would save nothing).
        assert_eq!(
            capped
                .iter()
                .filter(|d| d.file == Path::new("b.md"))
                .count(),
            101
        );
        assert_eq!(capped.len(), 101 + 101 + 1);
        // Sorting again keeps the same list.
        assert_eq!(Diagnostics(capped.clone()).sorted().0, capped);
    }
}
