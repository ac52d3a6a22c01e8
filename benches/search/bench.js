#!/usr/bin/env node
// Search benchmark: index size per language against the site's text, and query time, on the real
// site (the repository's content, built into a temporary folder with the release binary).
//
//   node benches/search/bench.js            # the real site
//   node benches/search/bench.js --fixture  # the small test fixture (tests/fixtures/search)
//   node benches/search/bench.js --json     # also print the numbers as JSON
//   node benches/search/bench.js --public DIR   # only the bytes each first query loads, on a site
//                                           # built already (e.g. the 10,000-bundle corpus)
//   node benches/search/bench.js --browser  # also time the UI in headless Chromium (file://):
//                                           # index load + first query, and each query's input event
//
// While content is still being written, link or relation targets that do not exist yet get stub
// pages in the temporary copy (reported as "stubs"); the repository is never written to.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const zlib = require("node:zlib");

const { REPO, FIXTURE, buildSite, buildRealSite, openIndex, rmTree } = require("../../tests/browser/lib/site.js");
const S = require(path.join(REPO, "themes", "atlas", "static", "search.js"));

const QUERIES = {
  zh: ["字", "字节", "大模型", "模型", "强化学习", "语言模型", "语言模型训练数据", "GPT-4", "ByteDance", "ChatGPT", "3.5", "百度 文心", "1750亿", "g", "transformer"],
  en: ["g", "gp", "mod", "models", "GPT-4", "ByteDance", "reinforcement learning", "large language model training data", "175 billion", "3.5", "transformer", "字节", "大模型", "chinese large models"],
};
const RUNS = 50;

/** Every file of a language's index, and all its documents (read from the document files). */
function wholeIndex(publicDir, lang) {
  const dir = path.join(publicDir, lang);
  const files = [path.join(dir, "search-index.js"), ...fs.readdirSync(path.join(dir, "search")).sort().map((f) => path.join(dir, "search", f))];
  const ctx = { window: {} };
  const bytes = [];
  for (const f of files) {
    const src = fs.readFileSync(f);
    bytes.push(src);
    vm.runInNewContext(src.toString("utf8"), ctx);
  }
  const m = ctx.window.ATLAS_SEARCH[lang];
  const docs = Object.keys(m.d).sort((a, b) => a - b).flatMap((i) => m.d[i]);
  return { manifest: m, files: files.length, src: Buffer.concat(bytes), docs: { segmentation: m.segmentation, stemming: m.stemming, docs } };
}

/** What a reader's first query loads: the manifest, the term files and the document files of the
 *  results shown first (search.js's FIRST_PAGE; the next pages load as the reader scrolls), each
 *  query on a fresh page. */
function firstQueryBytes(publicDir, lang, queries) {
  return queries.map((q) => {
    const o = openIndex(publicDir, lang, S);
    const r = o.search(q, { limit: S.FIRST_PAGE });
    const count = (re) => o.loaded.files.filter((f) => re.test(f)).length;
    return { q, bytes: o.loaded.bytes, termFiles: count(/search\/t/), docFiles: count(/search\/d/), total: r.total };
  });
}

function printFirst(lang, rows) {
  console.log(`  bytes loaded by the first query (manifest + term files + document files of the first ${S.FIRST_PAGE} results)`);
  for (const x of rows) {
    console.log(`  ${JSON.stringify(x.q).padEnd(40)} ${kb(x.bytes).padStart(11)}  ${x.termFiles} term + ${x.docFiles} document files, ${x.total} results`);
  }
}

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Visible text of a page's <main>, whitespace squeezed. */
function mainText(html) {
  const m = html.match(/<main[^>]*>([\s\S]*?)<\/main>/);
  return (m ? m[1] : "")
    .replace(/<(script|style|svg)[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&[a-z#0-9]+;/g, "x")
    .replace(/\s+/g, " ")
    .trim();
}

const kb = (n) => (n / 1024).toFixed(1) + " KiB";
const ms = (n) => n.toFixed(2) + " ms";

/** Times the search UI in Chromium: index load (script insert + eval) on focus, the first query
 *  (which prepares the index) and each query's input event (search + rendering the list). */
async function browserTimes(publicDir, report) {
  const puppeteer = require(path.join(REPO, "tests", "browser", "node_modules", "puppeteer-core"));
  const { pathToFileURL } = require("node:url");
  const os = require("node:os");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-bench-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    userDataDir: profile,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    for (const lang of ["zh", "en"]) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(publicDir).href + `/${lang}/index.html`, { waitUntil: "load" });
      const r = await page.evaluate(async (queries, runs) => {
        const input = document.getElementById("search-input");
        const t0 = performance.now();
        input.focus();
        await new Promise((res) => {
          const check = () => (window.ATLAS_SEARCH && window.ATLAS_SEARCH[document.body.dataset.lang] ? res() : setTimeout(check, 1));
          check();
        });
        const load = performance.now() - t0;
        const type = (q) => {
          input.value = q;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        };
        // Until the query's files are loaded and its results drawn.
        const shown = () => new Promise((res) => {
          const status = document.getElementById("search-status");
          const check = () => (status.textContent && status.textContent !== input.dataset.loading ? res() : setTimeout(check, 1));
          check();
        });
        let t = performance.now();
        type(queries[0]);
        await shown();
        const first = performance.now() - t;
        const out = [];
        for (const q of queries) {
          // Its files loaded first: what is timed is the search and the drawing.
          type("");
          type(q);
          await shown();
          const times = [];
          for (let i = 0; i < runs; i++) {
            type("");
            t = performance.now();
            type(q);
            times.push(performance.now() - t);
          }
          times.sort((a, b) => a - b);
          out.push({ q, median: times[Math.floor(runs / 2)], p95: times[Math.floor(runs * 0.95)], shown: document.querySelectorAll("#search-results [role=option]").length });
        }
        return { load, first, queries: out };
      }, QUERIES[lang], 20);
      report.langs[lang].browser = r;
      console.log(`\n[${lang}] in Chromium (file://): manifest loaded ${ms(r.load)} after focus; first query with its files ${ms(r.first)}`);
      console.log("  input event -> list rendered                     median      p95");
      for (const q of r.queries) console.log(`  ${JSON.stringify(q.q).padEnd(40)} ${ms(q.median).padStart(10)} ${ms(q.p95).padStart(9)}`);
      await page.close();
    }
  } finally {
    await browser.close();
    rmTree(profile);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const fixture = args.includes("--fixture");
  const at = args.indexOf("--public");
  if (at >= 0) {
    const dir = path.resolve(args[at + 1]);
    for (const lang of ["zh", "en"]) {
      console.log(`\n[${lang}] ${dir}`);
      printFirst(lang, firstQueryBytes(dir, lang, QUERIES[lang]));
    }
    return;
  }
  const t0 = now();
  const site = fixture ? buildSite(FIXTURE) : buildRealSite();
  const buildMs = now() - t0;
  const report = { site: fixture ? "fixture" : "real", stubs: site.stubs || [], build: site.log && site.log.trim(), langs: {} };
  try {
    console.log(`site: ${report.site} (${report.build}; build+copy ${ms(buildMs)})`);
    if (report.stubs.length) console.log(`stubs for missing targets: ${report.stubs.length} (${report.stubs.join(", ")})`);
    for (const lang of ["zh", "en"]) {
      let t = now();
      const whole = wholeIndex(site.public, lang);
      const evalMs = now() - t;
      const src = whole.src;
      const gz = zlib.gzipSync(src, { level: 9 }).length;
      const docs = whole.docs;
      const prepTimes = [];
      let ix;
      for (let i = 0; i < 5; i++) {
        t = now();
        ix = S.prepare(docs);
        prepTimes.push(now() - t);
      }
      // The site's text in this language: visible text of the pages' <main>, and the Markdown.
      const pages = walk(path.join(site.public, lang)).filter((p) => p.endsWith(".html"));
      const htmlText = pages.map((p) => mainText(fs.readFileSync(p, "utf8"))).join("\n");
      const htmlTextBytes = Buffer.byteLength(htmlText);
      const htmlBytes = pages.reduce((n, p) => n + fs.statSync(p).size, 0);
      const mdFiles = walk(path.join(site.root, "content")).filter((p) => p.endsWith(`${path.sep}${lang}.md`));
      const mdBytes = mdFiles.reduce((n, p) => n + fs.statSync(p).size, 0);
      const indexText = docs.docs
        .map((d) => [d.t, ...(d.a || []), d.d, ...(d.b || []).flatMap((b) => [b[1], b[2]])].join("\n"))
        .join("\n");
      const L = {
        entries: docs.docs.length,
        files: whole.files,
        first: firstQueryBytes(site.public, lang, QUERIES[lang]),
        indexBytes: src.length,
        indexGzip: gz,
        indexTextBytes: Buffer.byteLength(indexText),
        indexChars: indexText.length,
        pageHtmlFiles: pages.length,
        pageHtmlBytes: htmlBytes,
        mainTextBytes: htmlTextBytes,
        markdownBytes: mdBytes,
        evalMs,
        prepare: stats(prepTimes),
        vocabulary: ix.vocab.length,
        fields: ix.fields.length,
        queries: [],
      };
      console.log(`\n[${lang}] ${docs.docs.length} entries`);
      console.log(
        `  index: ${L.files} scripts, ${kb(L.indexBytes)} in all (gzip ${kb(gz)}); text in it ${kb(L.indexTextBytes)} (${L.indexChars} chars)`
      );
      printFirst(lang, L.first);
      console.log(
        `  site text: <main> text of ${pages.length} pages ${kb(htmlTextBytes)}, their HTML ${kb(htmlBytes)}, Markdown ${kb(mdBytes)}`
      );
      console.log(
        `  index / <main> text = ${(L.indexBytes / htmlTextBytes).toFixed(2)}x; gzip index / <main> text = ${(gz / htmlTextBytes).toFixed(2)}x; index / HTML = ${(L.indexBytes / htmlBytes).toFixed(2)}x`
      );
      console.log(
        `  load: eval ${ms(evalMs)}, prepare median ${ms(L.prepare.median)} (max ${ms(L.prepare.max)}); ${L.vocabulary} words, ${L.fields} fields`
      );
      console.log(`  query (${RUNS} runs each, 20 results described)        median      p95   results  first`);
      for (const q of QUERIES[lang]) {
        S.search(ix, q); // warm up
        const times = [];
        let r;
        for (let i = 0; i < RUNS; i++) {
          t = now();
          r = S.search(ix, q, { limit: 20 });
          times.push(now() - t);
        }
        const st = stats(times);
        const top = r.items[0] ? r.items[0].href : "-";
        L.queries.push({ q, ...st, total: r.total, first: top });
        console.log(
          `  ${JSON.stringify(q).padEnd(40)} ${ms(st.median).padStart(10)} ${ms(st.p95).padStart(9)} ${String(r.total).padStart(8)}  ${top}`
        );
      }
      report.langs[lang] = L;
    }
    if (args.includes("--browser")) await browserTimes(site.public, report);
    if (args.includes("--json")) console.log("\n" + JSON.stringify(report, null, 2));
  } finally {
    rmTree(site.root);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
