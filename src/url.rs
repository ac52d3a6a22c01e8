//! Output paths and the relative links between them.
//!
//! Every internal link is relative and names a file (never a folder), so the site works from
//! `file://`, under a project sub-path and on any host.

/// A file's path below the output folder, with `/` separators (`en/models/gpt-4.html`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutPath(String);

impl OutPath {
    pub fn new(path: impl Into<String>) -> Self {
        OutPath(path.into())
    }

    /// A page in the language whose code is `lang`.
    pub fn page(lang: &str, kind: &str, slug: &str) -> Self {
        OutPath(format!("{lang}/{kind}/{slug}.html"))
    }

    pub fn listing(lang: &str, kind: &str) -> Self {
        OutPath(format!("{lang}/{kind}/index.html"))
    }

    pub fn home(lang: &str) -> Self {
        OutPath(format!("{lang}/index.html"))
    }

    /// A site-wide page of one language (`en/atlas.html`).
    pub fn special(lang: &str, name: &str) -> Self {
        OutPath(format!("{lang}/{name}"))
    }

    /// The same file in the language `to`, where this one is in `from` (both codes).
    pub fn in_language(&self, from: &str, to: &str) -> OutPath {
        let rest = self.0.strip_prefix(from).unwrap_or(&self.0);
        OutPath(format!("{to}{rest}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder the file is in, with its final `/` (empty at the output root).
    pub fn folder(&self) -> &str {
        self.0.rfind('/').map_or("", |i| &self.0[..=i])
    }

    /// `../` once per folder between this file and the output root.
    pub fn root(&self) -> String {
        "../".repeat(self.0.matches('/').count())
    }

    /// The shortest relative link from this file to `target`. Runs for every link of every page,
    /// so it compares bytes instead of splitting into segments.
    pub fn href_to(&self, target: &OutPath) -> String {
        let (from, to) = (self.0.as_str(), target.0.as_str());
        // The folders both share: up to and including the last `/` before they differ.
        let common = from
            .bytes()
            .zip(to.bytes())
            .enumerate()
            .take_while(|(_, (a, b))| a == b)
            .filter(|(_, (a, _))| *a == b'/')
            .last()
            .map_or(0, |(i, _)| i + 1);
        let ups = from[common..].matches('/').count();
        let mut href = String::with_capacity(3 * ups + to.len() - common);
        for _ in 0..ups {
            href.push_str("../");
        }
        href.push_str(&to[common..]);
        href
    }

    /// The absolute URL under `base_url` (which ends in `/`).
    pub fn absolute(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.0)
    }
}

/// A slug is a single plain path segment: lowercase ASCII letters, digits and `-`.
pub fn is_plain_segment(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        let from = OutPath::page("en", "models", "gpt-4");
        assert_eq!(
            from.href_to(&OutPath::page("zh", "companies", "openai")),
            "../../zh/companies/openai.html"
        );
        assert_eq!(
            OutPath::new("index.html").href_to(&OutPath::home("zh")),
            "zh/index.html"
        );
        assert_eq!(
            from.href_to(&OutPath::page("en", "models", "gpt-3")),
            "gpt-3.html"
        );
        assert_eq!(
            from.href_to(&OutPath::new("en/models.html")),
            "../models.html"
        );
        assert_eq!(
            OutPath::new("en/a/b/c.html").href_to(&OutPath::new("en/a/x/y.html")),
            "../x/y.html"
        );
        assert_eq!(from.href_to(&from), "gpt-4.html");
        assert_eq!(
            from.in_language("en", "zh-hant").as_str(),
            "zh-hant/models/gpt-4.html"
        );
        assert_eq!(
            from.absolute("https://x.io/repo/"),
            "https://x.io/repo/en/models/gpt-4.html"
        );
    }
}
