// Unit tests of the search core in themes/atlas/static/search.js: tokenizer, stemmer, matching,
// ranking, links and snippets. Run with `node --test tests/browser/`.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const S = require(path.join(__dirname, "..", "..", "themes", "atlas", "static", "search.js"));

const words = (s) => S.tokenize(S.normalize(s)).filter((t) => !t.part).map((t) => t.t);
const parts = (s) => S.tokenize(S.normalize(s)).filter((t) => t.part).map((t) => t.t);

test("normalize lower-cases and folds full-width forms without changing offsets", () => {
  assert.equal(S.normalize("ChatGPT"), "chatgpt");
  assert.equal(S.normalize("ＧＰＴ－４"), "gpt-4");
  assert.equal(S.normalize("OpenAI’s"), "openai's");
  assert.equal(S.normalize("a\u3000b"), "a b");
  const s = "İstanbul 字节跳动 ＧＰＴ";
  assert.equal(S.normalize(s).length, s.length);
});

test("tokenize keeps mixed tokens whole", () => {
  assert.deepEqual(words("GPT-4, ChatGPT and GPT-3.5 (175B), text-davinci-003, C++."), [
    "gpt-4", "chatgpt", "and", "gpt-3.5", "175b", "text-davinci-003", "c++",
  ]);
  assert.deepEqual(words("3.5 版本"), ["3.5", "版本"]);
  // Sentence punctuation does not stick to words.
  assert.deepEqual(words("It is GPT-4. Then"), ["it", "is", "gpt-4", "then"]);
});

test("tokenize also gives the parts of compounds, flagged as parts", () => {
  assert.deepEqual(parts("GPT-4"), ["gpt", "4"]);
  assert.deepEqual(parts("GPT-3.5"), ["gpt", "3.5"]);
  assert.deepEqual(parts("ChatGPT 175B"), []);
});

test("tokenize splits Chinese runs from Latin words and keeps offsets", () => {
  const toks = S.tokenize(S.normalize("字节跳动发布GPT-4模型"));
  assert.deepEqual(toks.filter((t) => !t.part).map((t) => [t.t, t.cjk, t.s, t.e]), [
    ["字节跳动发布", true, 0, 6],
    ["gpt-4", false, 6, 11],
    ["模型", true, 11, 13],
  ]);
});

test("tokenize drops the possessive 's", () => {
  assert.deepEqual(words("OpenAI's model"), ["openai", "model"]);
  assert.deepEqual(words("OpenAI’s model"), ["openai", "model"]);
});

test("stem folds plurals and simple suffixes the same way on both sides", () => {
  const same = [
    ["models", "model"], ["modeling", "model"], ["studies", "study"], ["trained", "training"],
    ["generates", "generated"], ["boxes", "box"], ["applications", "application"],
  ];
  for (const [a, b] of same) assert.equal(S.stem(a), S.stem(b), `${a} ~ ${b}`);
  for (const w of ["analysis", "corpus", "class", "gpt-4", "175b", "bus"]) assert.equal(S.stem(w), w);
  assert.notEqual(S.stem("model"), S.stem("modal"));
});

test("queryTerms: normalized, deduplicated, Chinese and Latin apart", () => {
  assert.deepEqual(S.queryTerms("  GPT-4模型 gpt-4 Models "), [
    { t: "gpt-4", cjk: false },
    { t: "模型", cjk: true },
    { t: "models", cjk: false },
  ]);
  assert.deepEqual(S.queryTerms("  ，。 "), []);
});

// A small index in the shape src/search.rs writes.
function doc(t, opts = {}) {
  return {
    t,
    k: opts.k || "Model",
    u: opts.u || `en/models/${t.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.html`,
    a: opts.a || [],
    d: opts.d || "",
    b: opts.b || [],
  };
}

test("ranking: title above alias above heading above description above body", () => {
  const ix = S.prepare([
    doc("Body page", { b: [["", "", "Here the word zebra appears in the body."]] }),
    doc("Description page", { d: "A zebra in the description." }),
    doc("Heading page", { b: [["zebras-here", "Zebras here", "Text."]] }),
    doc("Alias page", { a: ["Zebra crossing"] }),
    doc("Zebra stripes"),
    doc("Unrelated", { d: "Nothing to see.", b: [["", "", "Horses only."]] }),
  ]);
  const r = S.search(ix, "zebra");
  assert.equal(r.total, 5);
  assert.deepEqual(r.items.map((i) => i.doc.t), [
    "Zebra stripes", "Alias page", "Heading page", "Description page", "Body page",
  ]);
});

test("ranking: an exact title or alias beats a title that only contains the query", () => {
  const ix = S.prepare([
    doc("ByteDance AI Lab"),
    doc("字节跳动", { a: ["字节", "ByteDance"] }),
    doc("字节跳动 AI Lab", { a: ["ByteDance AI Lab"] }),
  ]);
  assert.equal(S.search(ix, "字节").items[0].doc.t, "字节跳动");
  assert.equal(S.search(ix, "ByteDance").items[0].doc.t, "字节跳动");
  assert.equal(S.search(ix, "bytedance ai lab").items[0].doc.t, "ByteDance AI Lab");
});

test("Chinese: any 2+ character substring finds the page, in any field", () => {
  const ix = S.prepare([
    doc("基于人类反馈的强化学习", { a: ["RLHF"] }),
    doc("ChatGPT", { b: [["训练", "训练", "它用强化学习做了对齐，是一个大模型产品。"]] }),
    doc("教育", { d: "大模型落地最早的行业之一。" }),
  ]);
  const rl = S.search(ix, "强化学习");
  assert.deepEqual(rl.items.map((i) => i.doc.t), ["基于人类反馈的强化学习", "ChatGPT"]);
  assert.deepEqual(S.search(ix, "大模型").items.map((i) => i.doc.t).sort(), ["ChatGPT", "教育"]);
  assert.equal(S.search(ix, "化学").total, 2, "a substring inside a longer word matches too");
  assert.equal(S.search(ix, "深度学习").total, 0);
});

test("Chinese: a single character only matches titles and aliases", () => {
  const ix = S.prepare([
    doc("字节跳动"),
    doc("ChatGPT", { d: "字节也谈了大模型。", b: [["", "", "字节"]] }),
    doc("Other", { a: ["数字人"] }),
  ]);
  assert.deepEqual(S.search(ix, "字").items.map((i) => i.doc.t), ["字节跳动", "Other"]);
});

test("English: whole words and prefixes, case-insensitive, with stemming", () => {
  const ix = S.prepare([
    doc("Transformer", { d: "An architecture built on attention." }),
    doc("Large language model", { d: "A model trained on text." }),
    doc("Khan Academy", { b: [["khanmigo", "Khanmigo", "A tutor built on GPT-4 for students."]] }),
  ]);
  assert.equal(S.search(ix, "TRANSFORMER").items[0].doc.t, "Transformer");
  assert.equal(S.search(ix, "transf").items[0].doc.t, "Transformer", "prefix");
  assert.equal(S.search(ix, "models").items[0].doc.t, "Large language model", "plural finds singular");
  assert.equal(S.search(ix, "training").items[0].doc.t, "Large language model", "stem");
  assert.equal(S.search(ix, "former").total, 0, "no infix matches for Latin words");
  assert.equal(S.search(ix, "tutors").items[0].doc.t, "Khan Academy");
});

test("the index's settings: segmentation \"words\" finds CJK runs whole or from their start, except in names", () => {
  const docs = [
    doc("文心一言", { a: ["百度文心一言"] }),
    doc("ERNIE", { d: "Baidu calls it 文心一言 in Chinese." }),
  ];
  const runs = S.prepare({ segmentation: "cjk-runs", stemming: "english", docs });
  const words = S.prepare({ segmentation: "words", stemming: "english", docs });
  const titles = (ix, q) => S.search(ix, q).items.map((i) => i.doc.t);
  assert.deepEqual(titles(runs, "一言"), ["文心一言", "ERNIE"], "inside runs everywhere");
  assert.deepEqual(titles(words, "一言"), ["文心一言"], "inside runs only in names");
  assert.deepEqual(titles(words, "文心"), ["文心一言", "ERNIE"], "from the start of a run");
  const ernie = S.search(words, "文心").items.find((i) => i.doc.t === "ERNIE");
  assert.equal(ernie.snippetHtml, "Baidu calls it <mark>文心</mark>一言 in Chinese.");
  assert.equal(S.search(words, "一言").items[0].titleHtml, "文心<mark>一言</mark>");
});

test("the index's settings: stemming \"none\" matches words as written or by prefix", () => {
  const docs = [doc("Model", { d: "A model." }), doc("Other", { d: "Training runs." })];
  const english = S.prepare({ segmentation: "words", stemming: "english", docs });
  const none = S.prepare({ segmentation: "words", stemming: "none", docs });
  assert.equal(S.search(english, "models").items[0].doc.t, "Model");
  assert.equal(S.search(none, "models").total, 0, "no stem: the plural is another word");
  assert.equal(S.search(none, "mod").items[0].doc.t, "Model", "prefixes still match");
  assert.equal(S.search(english, "trained").items[0].doc.t, "Other");
  assert.equal(S.search(none, "trained").total, 0);
  assert.equal(S.search(none, "training").items[0].snippetHtml, "<mark>Training</mark> runs.");
});

test("English: a one-letter query only matches title and alias prefixes", () => {
  const ix = S.prepare([doc("GPT-4"), doc("Other", { d: "good game" })]);
  assert.deepEqual(S.search(ix, "g").items.map((i) => i.doc.t), ["GPT-4"]);
});

test("mixed tokens stay whole: GPT-4, GPT-3.5, 175B, 3.5", () => {
  const ix = S.prepare([
    doc("GPT-3", { d: "175B parameters, released in 2020." }),
    doc("GPT-3.5", { d: "Between GPT-3 and GPT-4." }),
    doc("GPT-4", { d: "Multimodal; 8K and 32K context." }),
    doc("Versions", { d: "Version 3 and 5 of something." }),
  ]);
  assert.deepEqual(S.search(ix, "GPT-4").items.map((i) => i.doc.t), ["GPT-4", "GPT-3.5"]);
  assert.equal(S.search(ix, "gpt-3").items[0].doc.t, "GPT-3");
  assert.deepEqual(S.search(ix, "3.5").items.map((i) => i.doc.t), ["GPT-3.5"]);
  assert.deepEqual(S.search(ix, "175B").items.map((i) => i.doc.t), ["GPT-3"]);
  assert.deepEqual(S.search(ix, "175b").items.map((i) => i.doc.t), ["GPT-3"]);
  // The parts of a compound are found too, below whole matches.
  assert.equal(S.search(ix, "gpt").total, 3);
});

test("a compound written otherwise in the text falls back to its parts", () => {
  const ix = S.prepare([doc("Notes", { d: "We tried GPT 4 yesterday." }), doc("Other")]);
  const r = S.search(ix, "GPT-4");
  assert.deepEqual(r.items.map((i) => i.doc.t), ["Notes"]);
  assert.match(r.items[0].snippetHtml, /<mark>GPT 4<\/mark>/);
});

test("aliases in the other language find the page", () => {
  const ix = S.prepare([
    doc("字节跳动", { u: "zh/companies/bytedance.html", a: ["ByteDance", "字节"] }),
    doc("ChatGPT", { u: "zh/models/chatgpt.html", d: "OpenAI 的产品。" }),
  ]);
  const r = S.search(ix, "bytedance");
  assert.equal(r.total, 1);
  assert.equal(r.items[0].href, "zh/companies/bytedance.html");
});

test("every term must match; if none matches all, the best partial matches are shown", () => {
  const ix = S.prepare([
    doc("GPT-4", { d: "OpenAI's multimodal model." }),
    doc("ERNIE Bot", { d: "Baidu's model." }),
  ]);
  assert.deepEqual(S.search(ix, "openai model").items.map((i) => i.doc.t), ["GPT-4"]);
  assert.deepEqual(S.search(ix, "openai zebra").items.map((i) => i.doc.t), ["GPT-4"]);
});

test("results link to the heading the match is under, or to the page for title matches", () => {
  const ix = S.prepare([
    doc("Education", {
      u: "en/areas/education.html",
      d: "Education and large models.",
      b: [
        ["", "", "An introduction."],
        ["khan-academy", "Khan Academy", "Khan Academy launched Khanmigo, a tutor."],
      ],
    }),
  ]);
  const body = S.search(ix, "khanmigo").items[0];
  assert.equal(body.href, "en/areas/education.html#khan-academy");
  assert.equal(body.heading, "Khan Academy");
  assert.match(body.snippetHtml, /<mark>Khanmigo<\/mark>/);
  const heading = S.search(ix, "khan academy").items[0];
  assert.equal(heading.href, "en/areas/education.html#khan-academy");
  const title = S.search(ix, "education").items[0];
  assert.equal(title.href, "en/areas/education.html");
  assert.equal(title.titleHtml, "<mark>Education</mark>");
  // No heading id (text before the first heading): the page itself.
  assert.equal(S.search(ix, "introduction").items[0].href, "en/areas/education.html");
});

test("snippets: a window around the first match, highlighted and HTML-escaped", () => {
  const long = "Filler words here. ".repeat(30) + "The <b>GPT-4</b> & friends model. " + "More filler. ".repeat(30);
  const html = S.snippet(long, S.queryTerms("gpt-4"));
  assert.match(html, /^…/);
  assert.match(html, /…$/);
  assert.match(html, /&lt;b&gt;<mark>GPT-4<\/mark>&lt;\/b&gt; &amp; friends/);
  assert.ok(html.length < 260, html);
  assert.equal(S.highlight("字节跳动（字节）", S.queryTerms("字节")), "<mark>字节</mark>跳动（<mark>字节</mark>）");
  assert.equal(S.highlight("Models and a model", S.queryTerms("model")), "<mark>Models</mark> and a <mark>model</mark>");
  assert.equal(S.escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("limit and totals", () => {
  const ix = S.prepare(Array.from({ length: 30 }, (_, i) => doc(`Model ${i}`)));
  const r = S.search(ix, "model", { limit: 5 });
  assert.equal(r.total, 30);
  assert.equal(r.items.length, 5);
  assert.equal(S.search(ix, "   ").total, 0);
  assert.equal(S.search(S.prepare([]), "model").total, 0);
});

test("a single Chinese character beside other terms matches everywhere", () => {
  const ix = S.prepare([
    doc("GPT-3", { d: "参数量 1750亿。" }),
    doc("Other", { d: "1750 个样本。" }),
  ]);
  assert.deepEqual(S.search(ix, "1750亿").items.map((i) => i.doc.t), ["GPT-3"]);
  assert.deepEqual(S.search(ix, "亿").items.map((i) => i.doc.t), []);
});

test("terms that appear together as a phrase rank above terms apart", () => {
  const ix = S.prepare([
    doc("Apart", { d: "Learning by reinforcement of habits." }),
    doc("Together", { d: "Reinforcement learning from human feedback." }),
  ]);
  assert.deepEqual(S.search(ix, "reinforcement learning").items.map((i) => i.doc.t), ["Together", "Apart"]);
});
