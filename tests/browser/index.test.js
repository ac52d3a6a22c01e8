// The index that `atlas build` writes (src/search.rs), searched in Node with search.js: builds the
// fixture site tests/fixtures/search with the release binary in a temporary folder.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const S = require(path.join(__dirname, "..", "..", "themes", "atlas", "static", "search.js"));
const { REPO, buildSite, rmTree } = require("./lib/site.js");

let site;
const ix = {};
const raw = {};

test.before(() => {
  site = buildSite();
  const ctx = { window: {} };
  for (const lang of ["zh", "en"]) {
    vm.runInNewContext(fs.readFileSync(path.join(site.public, lang, "search-index.js"), "utf8"), ctx);
    raw[lang] = ctx.window.ATLAS_SEARCH[lang].docs;
    ix[lang] = S.prepare(ctx.window.ATLAS_SEARCH[lang]);
  }
});

test.after(() => rmTree(site && site.root));

const first = (lang, q) => {
  const r = S.search(ix[lang], q);
  assert.ok(r.total > 0, `${lang} "${q}" finds something`);
  return r.items[0].href;
};

test("the index is a plain script setting window.ATLAS_SEARCH[lang]", () => {
  const src = fs.readFileSync(path.join(site.public, "zh", "search-index.js"), "utf8");
  assert.match(src, /^window\.ATLAS_SEARCH=window\.ATLAS_SEARCH\|\|\{\};window\.ATLAS_SEARCH\["zh"\]=\{"segmentation":"cjk-runs","stemming":"english","docs":\[/);
  const en = fs.readFileSync(path.join(site.public, "en", "search-index.js"), "utf8");
  assert.match(en, /window\.ATLAS_SEARCH\["en"\]=\{"segmentation":"words","stemming":"english","docs":\[/, "as site.toml declares");
  assert.equal(raw.zh.length, 11);
  assert.equal(raw.en.length, 11);
  for (const d of raw.zh) {
    assert.equal(typeof d.t, "string");
    assert.ok(d.u.startsWith("zh/") && d.u.endsWith(".html"), d.u);
    assert.ok(fs.existsSync(path.join(site.public, d.u)), `${d.u} exists`);
    for (const [id] of d.b) {
      if (id) assert.ok(fs.readFileSync(path.join(site.public, d.u), "utf8").includes(`id="${id}"`), `#${id} on ${d.u}`);
    }
  }
});

test("links written without text are indexed with the target's title", () => {
  const kp = raw.zh.find((d) => d.u === "zh/report/key-points.html");
  const text = kp.b.map((b) => b[2]).join(" ");
  assert.match(text, /大语言模型是全站的主题/);
  assert.doesNotMatch(text, /large-language-model/);
  const kpEn = raw.en.find((d) => d.u === "en/report/key-points.html");
  assert.match(kpEn.b.map((b) => b[2]).join(" "), /The Large language model is the theme/);
});

test("aliases of every language are in the index", () => {
  const bd = raw.zh.find((d) => d.u === "zh/companies/bytedance.html");
  assert.ok(bd.a.includes("ByteDance"));
  assert.ok(bd.a.includes("字节"));
});

test("Chinese queries on the built index", () => {
  assert.equal(first("zh", "字节"), "zh/companies/bytedance.html");
  assert.equal(first("zh", "强化学习"), "zh/models/rlhf.html");
  assert.equal(first("zh", "大模型"), "zh/models/large-language-model.html");
  assert.ok(S.search(ix.zh, "大模型").total >= 4, "大模型 finds many pages");
  assert.equal(first("zh", "可汗学院"), "zh/areas/education.html#可汗学院", "heading match");
  assert.equal(first("zh", "Khanmigo"), "zh/areas/education.html#可汗学院");
});

test("English and mixed queries on the built index", () => {
  assert.equal(first("en", "models"), "en/models/large-language-model.html");
  assert.equal(first("en", "GPT-4"), "en/models/gpt-4.html");
  assert.equal(first("zh", "GPT-4"), "zh/models/gpt-4.html");
  assert.equal(first("en", "175B"), "en/models/gpt-3.html");
  assert.equal(first("en", "3.5"), "en/models/gpt-3-5.html");
  assert.equal(first("en", "khanmigo"), "en/areas/education.html#khan-academy");
  assert.equal(first("en", "reinforcement learning"), "en/models/rlhf.html");
});

test("names in the other language find the page", () => {
  assert.equal(first("zh", "ByteDance"), "zh/companies/bytedance.html");
  assert.equal(first("en", "字节跳动"), "en/companies/bytedance.html");
  assert.equal(first("en", "强化学习"), "en/models/rlhf.html");
});

test("the real site's index, when the real site builds", (t) => {
  let real;
  try {
    real = buildSite(REPO, "atlas-real-");
  } catch (e) {
    t.skip("the real site does not build yet (content is still being written)");
    return;
  }
  try {
    const ctx = { window: {} };
    const rix = {};
    for (const lang of ["zh", "en"]) {
      vm.runInNewContext(fs.readFileSync(path.join(real.public, lang, "search-index.js"), "utf8"), ctx);
      rix[lang] = S.prepare(ctx.window.ATLAS_SEARCH[lang]);
    }
    const top = (lang, q) => S.search(rix[lang], q).items[0].href;
    assert.equal(top("zh", "字节"), "zh/companies/bytedance.html");
    assert.equal(top("zh", "ByteDance"), "zh/companies/bytedance.html");
    assert.equal(top("zh", "强化学习"), "zh/models/rlhf.html");
    assert.equal(top("en", "RLHF"), "en/models/rlhf.html");
    assert.equal(top("zh", "GPT-4"), "zh/models/gpt-4.html");
    assert.equal(top("en", "GPT-4"), "en/models/gpt-4.html");
    assert.equal(top("en", "transformer"), "en/models/transformer.html");
    assert.ok(S.search(rix.zh, "大模型").total >= 20, "大模型 finds many pages");
    assert.ok(S.search(rix.en, "models").total >= 20, "models finds many pages");
  } finally {
    rmTree(real.root);
  }
});
