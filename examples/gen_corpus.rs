//! Deterministic corpus generator for the performance benchmark (see `benches/README.md`).
//!
//! ```text
//! cargo run --release --example gen_corpus -- --n 10000 --out /tmp/corpus-10k [--hugo /tmp/hugo-10k] [--seed 42]
//! ```
//!
//! Writes an atlas site (`site.toml` adapted from the repository's, `themes/` copied, `content/`) with
//! N bundles spread over the kinds, and with `--hugo DIR` the equivalent Hugo site, so both tools
//! build the same work. Same arguments, same bytes: a small seeded PRNG (splitmix64) drives everything.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ PRNG

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

// ------------------------------------------------------------------ text pools

const EN_WORDS: &[&str] = &[
    "model",
    "language",
    "training",
    "data",
    "parameter",
    "inference",
    "report",
    "company",
    "market",
    "research",
    "benchmark",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "with",
    "for",
    "on",
    "large",
    "neural",
    "network",
    "transformer",
    "attention",
    "token",
    "context",
    "window",
    "prompt",
    "answer",
    "question",
    "reasoning",
    "compute",
    "cluster",
    "chip",
    "memory",
    "latency",
    "throughput",
    "cost",
    "revenue",
    "users",
    "product",
    "release",
    "version",
    "open",
    "closed",
    "source",
    "license",
    "dataset",
    "corpus",
    "evaluation",
    "accuracy",
    "score",
    "human",
    "feedback",
    "reward",
    "policy",
    "alignment",
    "safety",
    "risk",
    "application",
    "education",
    "finance",
    "healthcare",
    "search",
    "assistant",
    "agent",
    "tool",
    "plugin",
    "platform",
    "cloud",
    "service",
    "developer",
    "customer",
    "industry",
    "growth",
    "forecast",
    "analyst",
    "expects",
    "notes",
    "argues",
    "shows",
    "describes",
    "compares",
    "improves",
    "reduces",
    "increases",
    "supports",
    "builds",
    "trains",
    "serves",
    "runs",
    "quickly",
    "broadly",
    "mostly",
    "early",
    "later",
    "new",
    "older",
    "smaller",
    "bigger",
    "better",
    "multimodal",
    "image",
    "text",
    "speech",
    "video",
    "code",
    "translation",
    "summary",
    "dialogue",
    "chinese",
    "english",
    "global",
    "domestic",
    "enterprise",
    "consumer",
    "scale",
    "efficiency",
];

const EN_CAPS: &[&str] = &[
    "Aurora", "Lattice", "Nimbus", "Quartz", "Harbor", "Cedar", "Falcon", "Orbit", "Meridian",
    "Summit", "Vector", "Beacon", "Prism", "Atlas", "Delta", "Ember", "Granite", "Helix", "Ion",
    "Juniper", "Kestrel", "Lumen", "Mosaic", "Nova", "Onyx", "Pioneer", "Quill", "Raven", "Sable",
];

const ZH_SENTENCES: &[&str] = &[
    "报告认为，大模型的能力随参数规模和训练数据的增长而明显提升。",
    "这一代模型在推理、写作和代码生成方面都有显著进步。",
    "训练这样的模型需要大量算力，成本主要集中在芯片和电力上。",
    "国内多家公司已经发布了自己的对话产品，并开放了内测。",
    "在教育领域，智能助教可以帮助学生练习口语和批改作文。",
    "金融机构开始尝试用大模型整理内部文档并回答客户问题。",
    "人类反馈强化学习让模型的回答更符合使用者的期待。",
    "上下文窗口越长，模型一次能处理的文本就越多。",
    "开源模型降低了中小企业使用大模型的门槛。",
    "报告指出，数据质量比数据数量更能决定最终效果。",
    "多模态模型可以同时理解图像和文字，并输出文字。",
    "搜索引擎把对话能力接入结果页，改变了用户获取信息的方式。",
    "游戏公司用生成式模型制作角色对话和场景素材。",
    "医疗领域的应用仍处在早期阶段，需要更严格的评估。",
    "芯片供应是国内大模型发展面临的主要约束之一。",
    "模型的幻觉问题尚未完全解决，事实核查依然必要。",
    "云服务厂商通过接口向开发者提供模型能力。",
    "评测基准帮助研究者比较不同模型在各项任务上的表现。",
    "指令精调让通用模型学会遵循人类的自然语言指令。",
    "思维链提示能够提升模型在多步推理题目上的准确率。",
    "报告预计未来两年应用层会出现大量新的创业公司。",
    "内容创作工具可以根据简短的提示生成完整的文章草稿。",
    "翻译质量在常见语种上已经接近专业译者的水平。",
    "企业更关心部署成本、数据安全和响应速度。",
    "小模型通过蒸馏从大模型学习，运行成本更低。",
    "广告行业用生成式模型批量制作文案和图片。",
    "自动驾驶的感知系统也开始借鉴大模型的训练方法。",
    "研究机构与公司之间的合作推动了技术快速落地。",
    "政府部门关注生成式人工智能的监管与合规问题。",
    "用户数量在发布后的短短几周里迅速增长。",
    "报告把产业链分为基础层、模型层和应用层三部分。",
    "电商平台用智能客服处理大部分常见的售后咨询。",
];

const ZH_NOUNS: &[&str] = &[
    "天枢", "星河", "鲲鹏", "青鸾", "玄武", "朱雀", "白泽", "麒麟", "凤鸣", "云帆", "海燕", "松涛",
    "明月", "晨曦", "长风", "流光", "锦绣", "灵犀", "惊鸿", "扶摇",
];

const ZH_HEADINGS: &[&str] = &[
    "概述",
    "发展历程",
    "技术特点",
    "训练数据",
    "应用场景",
    "市场表现",
    "竞争格局",
    "报告观点",
    "主要数据",
    "风险与挑战",
    "未来展望",
    "相关研究",
];

const EN_HEADINGS: &[&str] = &[
    "Overview",
    "History",
    "Technical features",
    "Training data",
    "Applications",
    "Market",
    "Competition",
    "What the report says",
    "Key figures",
    "Risks and challenges",
    "Outlook",
    "Related research",
];

// ------------------------------------------------------------------ the corpus model

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Report,
    Models,
    Companies,
    Areas,
}

impl Kind {
    fn id(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Models => "models",
            Kind::Companies => "companies",
            Kind::Areas => "areas",
        }
    }
    fn groups(self) -> &'static [&'static str] {
        match self {
            Kind::Report => &["overview", "ch1", "ch2", "ch3", "appendix"],
            Kind::Models => &[
                "gpt-family",
                "foundations",
                "concepts",
                "chinese-models",
                "bytedance-research",
                "other-models",
                "platforms",
                "datasets",
                "products",
            ],
            Kind::Companies => &["organisations", "people", "venues"],
            Kind::Areas => &[],
        }
    }
    /// Relation types this kind uses, each with the (other) kind it points to; every pair respects
    /// the `targets` of the relation type in site.toml (for a symmetric type, such as
    /// `competes_with`, the page's own kind must be among them too).
    fn relations(self) -> &'static [(&'static str, Kind)] {
        match self {
            Kind::Models => &[
                ("developed_by", Kind::Companies),
                ("used_in", Kind::Areas),
                ("competes_with", Kind::Companies),
            ],
            Kind::Companies => &[
                ("active_in", Kind::Areas),
                ("part_of", Kind::Models),
                ("competes_with", Kind::Models),
            ],
            Kind::Areas => &[
                ("uses", Kind::Models),
                ("affiliated_with", Kind::Companies),
                ("invested_in", Kind::Companies),
            ],
            Kind::Report => &[
                ("uses", Kind::Models),
                ("developed_by", Kind::Companies),
                ("active_in", Kind::Areas),
            ],
        }
    }
}

struct Bundle {
    kind: Kind,
    slug: String,
    /// The report slide id (report pages only).
    section: Option<String>,
    title_en: String,
    title_zh: String,
}

const ALL_RELATION_TYPES: &[&str] = &[
    "developed_by",
    "based_on",
    "part_of",
    "successor_of",
    "uses",
    "used_in",
    "active_in",
    "runs_on",
    "trained_on",
    "compared_with",
    "competes_with",
    "invested_in",
    "partner_of",
    "affiliated_with",
    "subarea_of",
];

fn make_bundles(n: usize) -> Vec<Bundle> {
    // 10% report, 45% models, 25% companies, 20% areas (at least one of each).
    let n_report = (n / 10).max(1);
    let n_models = (n * 45 / 100).max(1);
    let n_companies = (n / 4).max(1);
    let n_areas = n.saturating_sub(n_report + n_models + n_companies).max(1);
    let mut out = Vec::with_capacity(n);
    for i in 0..n_report {
        let (a, b, c) = (1 + i / 100, 1 + (i / 10) % 10, 1 + i % 10);
        out.push(Bundle {
            kind: Kind::Report,
            slug: format!("{a}-{b}-{c}"),
            section: Some(format!("{a}.{b}.{c}")),
            title_en: format!(
                "{a}.{b}.{c} {} {}",
                EN_CAPS[i % EN_CAPS.len()],
                EN_CAPS[(i / 7) % EN_CAPS.len()]
            ),
            title_zh: format!(
                "{a}.{b}.{c} {}{}",
                ZH_NOUNS[i % ZH_NOUNS.len()],
                ZH_NOUNS[(i / 7) % ZH_NOUNS.len()]
            ),
        });
    }
    for (kind, count, en, zh) in [
        (Kind::Models, n_models, "Model", "模型"),
        (Kind::Companies, n_companies, "Company", "公司"),
        (Kind::Areas, n_areas, "Area", "领域"),
    ] {
        for i in 0..count {
            let slug = format!("{}-{i}", en.to_lowercase());
            out.push(Bundle {
                kind,
                slug,
                section: None,
                title_en: format!("{en} {i} {}", EN_CAPS[i % EN_CAPS.len()]),
                title_zh: format!("{zh}{i}·{}", ZH_NOUNS[i % ZH_NOUNS.len()]),
            });
        }
    }
    out
}

/// Everything language-neutral about one page, decided once and rendered to both languages.
struct Plan {
    links: Vec<usize>,
    relations: Vec<(&'static str, Vec<usize>)>,
    sections: Vec<usize>,
    blocks: Vec<Block>,
}

enum Block {
    Heading(usize),
    /// A paragraph of `words` English words, with the plan's links `links` placed in it.
    Para {
        words: usize,
        links: Vec<usize>,
    },
    List(usize),
    Table(usize),
    Code(&'static str),
    Note,
}

fn plan(
    i: usize,
    bundles: &[Bundle],
    by_kind: &[(Kind, Vec<usize>)],
    reports: &[usize],
    seed: u64,
) -> Plan {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    let b = &bundles[i];
    // 5-15 distinct link targets, never the page itself.
    let want = rng.range(5, 15).min(bundles.len() - 1);
    let mut links: Vec<usize> = Vec::with_capacity(want);
    while links.len() < want {
        let t = rng.range(0, bundles.len() - 1);
        if t != i && !links.contains(&t) {
            links.push(t);
        }
    }
    // 1-4 relations to pages of other kinds.
    let mut relations: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for _ in 0..rng.range(1, 4) {
        let (ty, target_kind) = *rng.pick(b.kind.relations());
        let pool = &by_kind
            .iter()
            .find(|(k, _)| *k == target_kind)
            .expect("kind")
            .1;
        let t = *rng.pick(pool);
        match relations.iter_mut().find(|(r, _)| *r == ty) {
            Some((_, ts)) if !ts.contains(&t) => ts.push(t),
            Some(_) => {}
            None => relations.push((ty, vec![t])),
        }
    }
    // Report sections this page draws on (report pages: their own slide).
    let sections = if b.kind == Kind::Report {
        vec![i]
    } else {
        let mut s: Vec<usize> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let r = *rng.pick(reports);
            if !s.contains(&r) {
                s.push(r);
            }
        }
        s
    };
    // The body: 600-1500 words in 4-8 sections.
    let total = rng.range(600, 1500);
    let n_sections = rng.range(4, 8);
    let per_section = total / n_sections;
    let mut blocks = Vec::new();
    let mut link_iter = links.clone().into_iter();
    let list_at = rng.range(0, n_sections - 1);
    let table_at = rng.range(0, n_sections - 1);
    let code_at = rng.range(0, n_sections - 1);
    let has_code = i.is_multiple_of(3);
    let code_lang = ["rust", "python", "json"][(i / 3) % 3];
    for s in 0..n_sections {
        blocks.push(Block::Heading((i + s) % EN_HEADINGS.len()));
        let paras = rng.range(1, 3);
        let mut left = per_section;
        for p in 0..paras {
            let words = if p + 1 == paras {
                left
            } else {
                left / (paras - p)
            };
            left -= words;
            // Spread the links over the first paragraphs: about two per paragraph.
            let mut here = Vec::new();
            for _ in 0..2 {
                if let Some(l) = link_iter.next() {
                    here.push(l);
                }
            }
            blocks.push(Block::Para { words, links: here });
        }
        if s == list_at {
            blocks.push(Block::List(rng.range(3, 6)));
        }
        if s == table_at {
            blocks.push(Block::Table(rng.range(3, 6)));
        }
        if has_code && s == code_at {
            blocks.push(Block::Code(code_lang));
        }
        if i.is_multiple_of(5) && s == 0 {
            blocks.push(Block::Note);
        }
    }
    // Any links left over go into a last paragraph.
    let rest: Vec<usize> = link_iter.collect();
    if !rest.is_empty() {
        blocks.push(Block::Para {
            words: 30,
            links: rest,
        });
    }
    Plan {
        links,
        relations,
        sections,
        blocks,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Atlas,
    Hugo,
}

fn link(bundles: &[Bundle], t: usize, lang: Lang, flavor: Flavor, n: usize) -> String {
    let b = &bundles[t];
    match flavor {
        Flavor::Atlas => {
            if n % 3 == 2 {
                let text = match lang {
                    Lang::En => format!("the {}", b.title_en),
                    Lang::Zh => format!("这个{}", b.title_zh),
                };
                format!("[[{}|{text}]]", b.slug)
            } else {
                format!("[[{}]]", b.slug)
            }
        }
        Flavor::Hugo => {
            let title = match lang {
                Lang::En => &b.title_en,
                Lang::Zh => &b.title_zh,
            };
            format!(
                "[{title}]({{{{< relref \"/{}/{}\" >}}}})",
                b.kind.id(),
                b.slug
            )
        }
    }
}

fn en_words(rng: &mut Rng, n: usize, out: &mut String) {
    let mut start = true;
    for w in 0..n {
        let word = *rng.pick(EN_WORDS);
        if start {
            let mut c = word.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
            start = false;
        } else {
            out.push_str(word);
        }
        if w + 1 == n || rng.chance(8) {
            out.push('.');
            start = true;
        } else if rng.chance(6) {
            out.push(',');
        }
        if w + 1 < n {
            out.push(' ');
        }
    }
}

/// Chinese text of about `bytes` bytes (comparable to the English of the same block).
fn zh_text(rng: &mut Rng, bytes: usize, out: &mut String) {
    let start = out.len();
    while out.len() - start < bytes {
        out.push_str(ZH_SENTENCES[rng.range(0, ZH_SENTENCES.len() - 1)]);
    }
}

fn body(
    i: usize,
    bundles: &[Bundle],
    plan: &Plan,
    lang: Lang,
    flavor: Flavor,
    seed: u64,
) -> String {
    let mut rng = Rng::new(
        seed.wrapping_mul(7_777_777)
            .wrapping_add(i as u64 * 2 + (lang == Lang::En) as u64),
    );
    let mut s = String::with_capacity(12_000);
    let mut link_n = 0;
    for block in &plan.blocks {
        match block {
            Block::Heading(h) => {
                let text = match lang {
                    Lang::En => EN_HEADINGS[*h],
                    Lang::Zh => ZH_HEADINGS[*h],
                };
                let _ = write!(s, "## {text}\n\n");
            }
            Block::Para { words, links } => {
                // Cut the paragraph into pieces, one link after each of the first pieces.
                let pieces = links.len() + 1;
                for (k, piece) in (0..pieces).enumerate() {
                    let w = (words / pieces).max(3);
                    match lang {
                        Lang::En => en_words(&mut rng, w, &mut s),
                        Lang::Zh => zh_text(&mut rng, w * 6, &mut s),
                    }
                    if let Some(&t) = links.get(piece) {
                        // Chinese puts no space beside a link (CONTENT.md, the spacing rule).
                        let gap = if lang == Lang::En { " " } else { "" };
                        s.push_str(gap);
                        s.push_str(&link(bundles, t, lang, flavor, link_n));
                        link_n += 1;
                        if k + 1 < pieces {
                            s.push_str(gap);
                        }
                    }
                }
                s.push_str("\n\n");
            }
            Block::List(items) => {
                for _ in 0..*items {
                    s.push_str("- ");
                    match lang {
                        Lang::En => {
                            let len = rng_len(&mut rng);
                            en_words(&mut rng, len, &mut s)
                        }
                        Lang::Zh => zh_text(&mut rng, 40, &mut s),
                    }
                    s.push('\n');
                }
                s.push('\n');
            }
            Block::Table(rows) => {
                match lang {
                    Lang::En => s.push_str("| Name | Year | Parameters | Note |\n| --- | ---: | ---: | --- |\n"),
                    Lang::Zh => s.push_str("| 名称 | 年份 | 参数量 | 备注 |\n| --- | ---: | ---: | --- |\n"),
                }
                for r in 0..*rows {
                    let name = EN_CAPS[(i + r) % EN_CAPS.len()];
                    let note = match lang {
                        Lang::En => "per the report",
                        Lang::Zh => "据报告",
                    };
                    let _ = writeln!(s, "| {name}-{r} | {} | {} | {note} |", 2015 + (i + r) % 9, (r + 1) * 1_000_000_000);
                }
                s.push('\n');
            }
            Block::Code(lang_name) => {
                let code = match *lang_name {
                    "rust" => "```rust\nfn tokens(text: &str) -> Vec<&str> {\n    text.split_whitespace()\n        .filter(|t| !t.is_empty())\n        .collect()\n}\n\nfn main() {\n    let n = tokens(\"a large language model\").len();\n    println!(\"{n} tokens\");\n}\n```\n\n",
                    "python" => "```python\ndef tokens(text):\n    \"\"\"Split a text into tokens.\"\"\"\n    return [t for t in text.split() if t]\n\nfor i, t in enumerate(tokens(\"a large language model\")):\n    print(i, t)\n```\n\n",
                    _ => "```json\n{\n  \"model\": \"example\",\n  \"params\": 175000000000,\n  \"released\": \"2020-05\",\n  \"modalities\": [\"text\", \"image\"],\n  \"open\": false\n}\n```\n\n",
                };
                s.push_str(code);
            }
            Block::Note => {
                match lang {
                    Lang::En => s.push_str("> [!NOTE]\n> The report gives two different dates for this release; both are shown.\n\n"),
                    Lang::Zh => s.push_str("> [!NOTE]\n> 报告对这次发布给出了两个不同的日期，本页两者都列出。\n\n"),
                }
            }
        }
    }
    s
}

fn rng_len(rng: &mut Rng) -> usize {
    rng.range(6, 14)
}

fn description(b: &Bundle, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{}: a generated page for the benchmark, with facts, relations, links and a few paragraphs of text.",
            b.title_en
        ),
        Lang::Zh => format!("{}：为性能测试生成的页面，包含事实、关系、链接和若干段正文，用于比较各个生成器的构建速度。", b.title_zh),
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn facts_toml(i: usize, kind: Kind, out: &mut String) {
    out.push_str("\n[facts]\n");
    match kind {
        Kind::Models => {
            let _ = writeln!(
                out,
                "type = {{ zh = \"大语言模型\", en = \"Large language model\" }}"
            );
            let _ = writeln!(out, "released = \"{}-{:02}\"", 2015 + i % 9, 1 + i % 12);
            let _ = writeln!(out, "params = {}", (1 + i % 500) as u64 * 1_000_000_000);
        }
        Kind::Companies => {
            let _ = writeln!(out, "founded = \"{}\"", 1990 + i % 33);
            let _ = writeln!(out, "headquarters = {{ zh = \"北京\", en = \"Beijing\" }}");
            let _ = writeln!(
                out,
                "users = {{ value = {}, approx = \"over\" }}",
                (1 + i % 90) * 1_000_000
            );
        }
        Kind::Areas => {
            let _ = writeln!(
                out,
                "type = {{ zh = \"应用领域\", en = \"Application area\" }}"
            );
            let _ = writeln!(out, "share = {}.5", i % 60);
        }
        Kind::Report => {
            let _ = writeln!(
                out,
                "note = {{ zh = \"生成的报告页\", en = \"A generated report page\" }}"
            );
        }
    }
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::create_dir_all(to).expect("create dir");
            fs::copy(entry.path(), &dest).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        }
    }
}

// ------------------------------------------------------------------ writers

fn write_atlas(out: &Path, repo: &Path, bundles: &[Bundle], plans: &[Plan], seed: u64) {
    let site = fs::read_to_string(repo.join("site.toml")).expect("repo site.toml");
    let home = bundles
        .iter()
        .find(|b| b.kind == Kind::Report)
        .expect("a report page");
    let site: String = site
        .lines()
        .map(|l| {
            if l.starts_with("home_page") {
                // Hugo makes no one-page print edition: leave it out so both build the same work.
                format!(
                    "home_page = \"report/{}\"\nprint_edition = false",
                    home.slug
                )
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    write(&out.join("site.toml"), &site);
    copy_dir(&repo.join("themes"), &out.join("themes"));
    for (i, (b, p)) in bundles.iter().zip(plans).enumerate() {
        let dir = out.join("content").join(b.kind.id()).join(&b.slug);
        let mut meta = String::new();
        let _ = writeln!(
            meta,
            "name = {{ zh = \"{}\", en = \"{}\" }}",
            esc(&b.title_zh),
            esc(&b.title_en)
        );
        let _ = writeln!(meta, "aliases = [\"{}-alias\"]", b.slug);
        let groups = b.kind.groups();
        if !groups.is_empty() {
            let _ = writeln!(meta, "group = \"{}\"", groups[i % groups.len()]);
        }
        let _ = writeln!(meta, "order = {}", i * 10);
        let secs: Vec<String> = p
            .sections
            .iter()
            .map(|r| format!("\"{}\"", bundles[*r].section.as_deref().unwrap_or_default()))
            .collect();
        let _ = writeln!(meta, "sections = [{}]", secs.join(", "));
        facts_toml(i, b.kind, &mut meta);
        meta.push_str("\n[relations]\n");
        for (ty, targets) in &p.relations {
            let ts: Vec<String> = targets
                .iter()
                .map(|t| format!("\"{}\"", bundles[*t].slug))
                .collect();
            let _ = writeln!(meta, "{ty} = [{}]", ts.join(", "));
        }
        write(&dir.join("meta.toml"), &meta);
        for (lang, file, title) in [
            (Lang::Zh, "zh.md", &b.title_zh),
            (Lang::En, "en.md", &b.title_en),
        ] {
            let text = format!(
                "+++\ntitle = \"{}\"\ndescription = \"{}\"\n+++\n\n{}",
                esc(title),
                esc(&description(b, lang)),
                body(i, bundles, p, lang, Flavor::Atlas, seed)
            );
            write(&dir.join(file), &text);
        }
    }
}

// The fair layouts: what a Hugo user would write at this size. The chrome that is the same on every
// page of a language (the nav over every section) is rendered once per language with
// `partialCached`; relations and report sections are front-matter params looked up with
// `site.GetPage` (atlas resolves the same links), so no taxonomy or term pages are made.
const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<nav class="menu">{{ partialCached "nav.html" . site.Language.Lang }}
{{ range .Translations }}<a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Label }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_NAV: &str = r#"<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="lede">{{ .Description }}</p>
<aside class="infobox">
<dl class="facts">{{ range $k, $v := .Params.facts }}<div><dt>{{ $k }}</dt><dd>{{ if reflect.IsMap $v }}{{ index $v site.Language.Lang }}{{ else }}{{ $v }}{{ end }}</dd></div>{{ end }}</dl>
<dl class="relations">{{ range $ty, $targets := .Params.relations }}<div><dt>{{ $ty }}</dt><dd><ul>{{ range $targets }}{{ with site.GetPage . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}{{ end }}</ul></dd></div>{{ end }}</dl>
<ul class="sections">{{ range .Params.sections }}{{ with site.GetPage . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}{{ end }}</ul>
</aside>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div>
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>
{{ end }}
"#;

// The first layouts, kept for the footnote in benches/README.md (`--hugo-layout naive`): the nav
// is `range site.Sections` on every page, uncached, which makes the build quadratic in Hugo, and
// relations and sections are taxonomies whose term pages are rendered too.
const HUGO_NAIVE_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<nav class="menu"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}{{ range .Translations }}<a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Label }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_NAIVE_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="lede">{{ .Description }}</p>
<aside class="infobox">
<dl class="facts">{{ range $k, $v := .Params.facts }}<div><dt>{{ $k }}</dt><dd>{{ $v }}</dd></div>{{ end }}</dl>
<dl class="relations">{{ range $tax, $_ := site.Taxonomies }}{{ with $.GetTerms $tax }}<div><dt>{{ $tax }}</dt><dd><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></dd></div>{{ end }}{{ end }}</dl>
</aside>
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div>
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>
{{ end }}
"#;

const HUGO_NAIVE_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>
{{ end }}</ul>
{{ end }}
"#;

const HUGO_LIST: &str = HUGO_NAIVE_LIST;

/// Which Hugo layouts `--hugo` writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HugoLayout {
    Fair,
    Naive,
}

fn write_hugo(out: &Path, bundles: &[Bundle], plans: &[Plan], seed: u64, layout: HugoLayout) {
    let disable = match layout {
        HugoLayout::Fair => "disableKinds = [\"rss\", \"taxonomy\", \"term\"]",
        HugoLayout::Naive => "disableKinds = [\"rss\"]",
    };
    let mut config = format!(
        "baseURL = \"https://example.org/atlas/\"\ntitle = \"LLM Atlas\"\ndefaultContentLanguage = \"zh\"\n\
         defaultContentLanguageInSubdir = true\n{disable}\n\n\
         [languages.zh]\nweight = 1\nlabel = \"中文\"\ntitle = \"大模型图谱\"\n\
         [languages.en]\nweight = 2\nlabel = \"English\"\ntitle = \"LLM Atlas\"\n\n\
         [markup.goldmark.renderer]\nunsafe = true\n",
    );
    match layout {
        HugoLayout::Fair => {
            write(&out.join("layouts/baseof.html"), HUGO_BASEOF);
            write(&out.join("layouts/_partials/nav.html"), HUGO_NAV);
            write(&out.join("layouts/single.html"), HUGO_SINGLE);
        }
        HugoLayout::Naive => {
            config.push_str("\n[taxonomies]\n");
            for ty in ALL_RELATION_TYPES {
                let _ = writeln!(config, "{ty} = \"{ty}\"");
            }
            config.push_str("sections = \"sections\"\n");
            write(&out.join("layouts/baseof.html"), HUGO_NAIVE_BASEOF);
            write(&out.join("layouts/single.html"), HUGO_NAIVE_SINGLE);
        }
    }
    write(&out.join("hugo.toml"), &config);
    write(&out.join("layouts/list.html"), HUGO_LIST);
    for kind in [Kind::Report, Kind::Models, Kind::Companies, Kind::Areas] {
        for (lang, file) in [("zh", "_index.zh.md"), ("en", "_index.en.md")] {
            write(
                &out.join("content").join(kind.id()).join(file),
                &format!("+++\ntitle = \"{} ({lang})\"\n+++\n", kind.id()),
            );
        }
    }
    for (i, (b, p)) in bundles.iter().zip(plans).enumerate() {
        let dir = out.join("content").join(b.kind.id()).join(&b.slug);
        let mut fm = String::new();
        let _ = writeln!(fm, "weight = {}", i * 10 + 1);
        match layout {
            HugoLayout::Fair => {
                // Paths for `site.GetPage`: the report pages a page belongs to, and its relations.
                let secs: Vec<String> = p
                    .sections
                    .iter()
                    .map(|r| format!("\"/report/{}\"", bundles[*r].slug))
                    .collect();
                let _ = writeln!(fm, "[params]\nsections = [{}]", secs.join(", "));
                fm.push_str("[params.relations]\n");
                for (ty, targets) in &p.relations {
                    let ts: Vec<String> = targets
                        .iter()
                        .map(|t| format!("\"/{}/{}\"", bundles[*t].kind.id(), bundles[*t].slug))
                        .collect();
                    let _ = writeln!(fm, "{ty} = [{}]", ts.join(", "));
                }
            }
            HugoLayout::Naive => {
                let secs: Vec<String> = p
                    .sections
                    .iter()
                    .map(|r| format!("\"{}\"", bundles[*r].section.as_deref().unwrap_or_default()))
                    .collect();
                let _ = writeln!(fm, "sections = [{}]", secs.join(", "));
                for (ty, targets) in &p.relations {
                    let ts: Vec<String> = targets
                        .iter()
                        .map(|t| format!("\"{}\"", bundles[*t].slug))
                        .collect();
                    let _ = writeln!(fm, "{ty} = [{}]", ts.join(", "));
                }
            }
        }
        let mut facts = String::new();
        facts_toml(i, b.kind, &mut facts);
        // `[facts]` becomes `[params.facts]`; text facts keep their { zh, en } tables.
        let facts = facts.replace("[facts]", "[params.facts]");
        for (lang, file, title) in [
            (Lang::Zh, "index.zh.md", &b.title_zh),
            (Lang::En, "index.en.md", &b.title_en),
        ] {
            let text = format!(
                "+++\ntitle = \"{}\"\ndescription = \"{}\"\n{fm}{facts}+++\n\n{}",
                esc(title),
                esc(&description(b, lang)),
                body(i, bundles, p, lang, Flavor::Hugo, seed)
            );
            write(&dir.join(file), &text);
        }
    }
}

// ------------------------------------------------------------------ main

fn main() {
    let mut n = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut hugo: Option<PathBuf> = None;
    let mut layout = HugoLayout::Fair;
    let mut seed = 42u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--n" => n = val().parse().expect("--n takes a number"),
            "--out" => out = Some(PathBuf::from(val())),
            "--hugo" => hugo = Some(PathBuf::from(val())),
            "--hugo-layout" => {
                layout = match val().as_str() {
                    "fair" => HugoLayout::Fair,
                    "naive" => HugoLayout::Naive,
                    other => panic!("--hugo-layout takes fair or naive, not {other}"),
                }
            }
            "--seed" => seed = val().parse().expect("--seed takes a number"),
            other => {
                eprintln!("unknown argument {other}\nusage: gen_corpus --n N --out DIR [--hugo DIR [--hugo-layout fair|naive]] [--seed S]");
                std::process::exit(2);
            }
        }
    }
    assert!(n >= 8, "--n must be at least 8");
    let out = out.unwrap_or_else(|| {
        eprintln!(
            "usage: gen_corpus --n N --out DIR [--hugo DIR [--hugo-layout fair|naive]] [--seed S]"
        );
        std::process::exit(2);
    });
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bundles = make_bundles(n);
    let by_kind: Vec<(Kind, Vec<usize>)> =
        [Kind::Report, Kind::Models, Kind::Companies, Kind::Areas]
            .into_iter()
            .map(|k| {
                (
                    k,
                    (0..bundles.len())
                        .filter(|i| bundles[*i].kind == k)
                        .collect(),
                )
            })
            .collect();
    let reports = by_kind[0].1.clone();
    let plans: Vec<Plan> = (0..bundles.len())
        .map(|i| plan(i, &bundles, &by_kind, &reports, seed))
        .collect();
    for dir in std::iter::once(&out).chain(hugo.as_ref()) {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
    }
    write_atlas(&out, &repo, &bundles, &plans, seed);
    let links: usize = plans.iter().map(|p| p.links.len()).sum();
    eprintln!(
        "atlas site: {} bundles, {links} links per language -> {}",
        bundles.len(),
        out.display()
    );
    if let Some(h) = &hugo {
        write_hugo(h, &bundles, &plans, seed, layout);
        eprintln!("hugo site: {} bundles -> {}", bundles.len(), h.display());
    }
}
