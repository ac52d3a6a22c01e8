// Every template of the real site in headless Chromium: no console errors (file:// and http under
// /repo/), axe-core with 0 violations in light and dark, the language switch, nothing outside the
// viewport at 390 and 1280 px but scroll containers, and the 404 page served at depth under the base
// URL's path, under another path and from disk.
//
// Builds the real site twice into temporary folders with --out: once as public/ is built (for file://
// and http under /repo/) and once with --base-url http://127.0.0.1:PORT/repo/ for the 404 page.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const { buildRealSiteOut, serve, launch, newPage } = require("./lib/browser.js");
const { rmTree } = require("./lib/site.js");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const LANGS = ["zh", "en"];
const HTML_LANG = { zh: "zh-Hans", en: "en" };
const OTHER = { zh: "en", en: "zh" };

/** One page per template, in each language. `has` lists what must be on it, so the choice of page
 *  keeps covering what it is meant to cover. */
const TEMPLATES = [
  { name: "home", path: (l) => `${l}/index.html` },
  { name: "kind listing", path: (l) => `${l}/models/index.html` },
  { name: "group listing", path: (l) => `${l}/report/ch1.html` },
  { name: "report page", path: (l) => `${l}/report/1-1-2.html` },
  {
    name: "entity page",
    path: (l) => `${l}/models/gpt-4.html`,
    has: [".infobox", ".relations", "svg.relmap", ".mentions", ".tree"],
  },
  { name: "company page", path: (l) => `${l}/companies/alibaba-cloud.html`, has: [".infobox", "svg.relmap"] },
  { name: "page with a chart", path: (l) => `${l}/report/1-1-1.html`, has: ["figure.chart svg.chart-svg", ".rail .toc"] },
  { name: "page with a headerless table", path: (l) => `${l}/models/tongyi.html`, has: [".table-wrap table"] },
  {
    name: "guide with comparison tables",
    path: (l) => `${l}/guides/model-comparison.html`,
    has: ["figure.compare table.sortable"],
  },
  { name: "chronology", path: (l) => `${l}/guides/chronology.html`, has: ["figure.chronology tr.conflict"] },
  { name: "atlas", path: (l) => `${l}/atlas.html`, has: [".atlas-view svg.relmap.rm-block", ".atlas-filter"] },
  { name: "coverage", path: (l) => `${l}/coverage.html` },
  { name: "print", path: (l) => `${l}/print.html`, has: [".print-edition"] },
];

/** [{label, rel, lang, t}] for every template in every language. */
const PAGES = TEMPLATES.flatMap((t) => LANGS.map((lang) => ({ label: `${t.name} (${lang})`, rel: t.path(lang), lang, t })));

let site, site404, server, server404, chrome, shots;

before(async () => {
  site = buildRealSiteOut({ prefix: "atlas-pages-" });
  server = await serve(site, { base: "/repo/" });
  server404 = await serve(null, { base: "/repo/", notFound: "404.html" });
  site404 = buildRealSiteOut({ baseUrl: `${server404.origin}/repo/`, prefix: "atlas-404-" });
  server404.setDir(site404);
  chrome = await launch();
  shots = process.env.ATLAS_SCREENSHOTS || path.join(os.tmpdir(), "atlas-screenshots");
  fs.mkdirSync(shots, { recursive: true });
});

after(async () => {
  if (chrome) await chrome.close();
  if (server) await server.close();
  if (server404) await server404.close();
  rmTree(site && path.dirname(site));
  rmTree(site404 && path.dirname(site404));
});

const fileUrl = (rel) => pathToFileURL(path.join(site, rel)).href;
const MODES = {
  "file://": (rel) => fileUrl(rel),
  "http under /repo/": (rel) => server.base + rel,
};

/** Opens `url` with a fresh page; returns {page, problems, status}. */
async function open(url, { js = true, scheme = "light", viewport = { width: 1280, height: 900 }, ignore } = {}) {
  const problems = [];
  const page = await newPage(chrome.browser, problems, { js, ignore });
  await page.setViewport(viewport);
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
  const res = await page.goto(url, { waitUntil: "load" });
  return { page, problems, status: res && res.status() };
}

/** axe-core's violations on the page, as readable lines. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  const vs = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${(n.failureSummary || "").replace(/\s+/g, " ")}`),
      count: v.nodes.length,
    }));
  });
  return vs.map((v) => `${v.id} (${v.count}×): ${v.help}\n    ${v.nodes.join("\n    ")}`);
}

describe("the chosen pages cover their templates", () => {
  for (const { label, rel, t } of PAGES) {
    if (!t.has) continue;
    test(label, () => {
      const html = fs.readFileSync(path.join(site, rel), "utf8");
      for (const sel of t.has) {
        const cls = sel.match(/\.([a-z-]+)/g).map((c) => c.slice(1));
        for (const c of cls) assert.match(html, new RegExp(`class="[^"]*\\b${c}\\b`), `${rel} has ${sel}`);
      }
    });
  }
});

for (const [mode, url] of Object.entries(MODES)) {
  describe(`no console errors over ${mode}`, () => {
    for (const { label, rel, t } of PAGES) {
      test(label, async () => {
        const { page, problems, status } = await open(url(rel));
        if (mode.startsWith("http")) assert.equal(status, 200);
        if (t.has) for (const sel of t.has) assert.ok(await page.$(sel), `${rel} shows ${sel}`);
        await page.close();
        assert.deepEqual(problems, []);
      });
    }

    test("root index: picks the reader's language", async () => {
      for (const [langs, want] of [
        [["en-US", "en"], "en"],
        [["zh-CN", "zh"], "zh"],
      ]) {
        const problems = [];
        const page = await newPage(chrome.browser, problems);
        await page.evaluateOnNewDocument((ls) => {
          Object.defineProperty(navigator, "languages", { get: () => ls });
        }, langs);
        await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.goto(url("index.html"))]).catch(() => {});
        await page.waitForFunction(() => /\/(zh|en)\/index\.html$/.test(location.pathname));
        assert.equal(page.url(), url(`${want}/index.html`));
        await page.close();
        assert.deepEqual(problems, []);
      }
    });

    test("root index without JavaScript offers both languages", async () => {
      const { page, problems } = await open(url("index.html"), { js: false });
      const links = await page.$$eval("main a", (as) => as.map((a) => a.getAttribute("href")));
      assert.deepEqual(links.sort(), ["en/index.html", "zh/index.html"]);
      await page.close();
      assert.deepEqual(problems, []);
    });
  });
}

describe("axe-core: 0 violations in light and dark", () => {
  const targets = [
    ...PAGES.map((p) => ({ label: p.label, url: () => fileUrl(p.rel) })),
    { label: "root index (no JavaScript)", url: () => fileUrl("index.html"), js: false },
    { label: "404 (served at depth)", url: () => `${server404.base}en/models/no/such/page.html`, expect404: true },
  ];
  for (const target of targets) {
    for (const scheme of ["light", "dark"]) {
      test(`${target.label}, ${scheme}`, async () => {
        const { page } = await open(target.url(), { js: target.js !== false, scheme });
        // A page loaded without JavaScript (the root's chooser, which otherwise redirects) gets it back
        // after loading, for axe alone: its own inline script has already been skipped.
        if (target.js === false) await page.setJavaScriptEnabled(true);
        const vs = await axeViolations(page);
        assert.equal(page.url(), target.url(), "axe ran on the page asked for");
        await page.close();
        assert.deepEqual(vs, [], `axe violations:\n${vs.join("\n")}`);
      });
    }
  }
});

for (const [mode, url] of Object.entries(MODES)) {
  describe(`the language switch lands on the same page (${mode})`, () => {
    for (const { label, rel, lang } of PAGES) {
      test(label, async () => {
        const { page, problems } = await open(url(rel));
        const other = OTHER[lang];
        const sel = `.langs a[hreflang="${HTML_LANG[other]}"]`;
        assert.ok(await page.$(sel), `${rel} has a link to ${other}`);
        assert.equal(await page.$eval(`.langs a[aria-current]`, (a) => a.getAttribute("hreflang")), HTML_LANG[lang]);
        await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(sel)]);
        assert.equal(page.url(), url(rel.replace(new RegExp(`^${lang}/`), `${other}/`)));
        assert.equal(await page.evaluate(() => document.documentElement.lang), HTML_LANG[other]);
        await page.close();
        assert.deepEqual(problems, []);
      });
    }
  });
}

for (const vp of [
  { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  { width: 1280, height: 800 },
]) {
  describe(`${vp.width}px wide: nothing sticks out sideways but deliberate scroll containers`, () => {
    const targets = [
      ...TEMPLATES.map((t) => ({ name: t.name, lang: "zh", url: () => fileUrl(t.path("zh")) })),
      ...TEMPLATES.map((t) => ({ name: t.name, lang: "en", url: () => fileUrl(t.path("en")) })),
      { name: "root index", lang: "", url: () => fileUrl("index.html"), js: false },
      { name: "404", lang: "", url: () => `${server404.base}zh/no/such/page.html` },
    ];
    for (const target of targets) {
      test(`${target.name} ${target.lang}`.trim(), async () => {
        const { page } = await open(target.url(), { js: target.js !== false, viewport: vp });
        const m = await page.evaluate(() => ({
          scroll: document.scrollingElement.scrollWidth,
          inner: window.innerWidth,
          wide: [...document.querySelectorAll("body *")]
            .filter((e) => e.checkVisibility() && getComputedStyle(e).position !== "fixed")
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 || e.getBoundingClientRect().left < -1)
            .filter((e) => !e.closest(".table-wrap, .map-scroll, figure, pre, .visually-hidden, .skip"))
            .slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className} (${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}px)`),
        }));
        const file = path.join(shots, `${vp.width}-${target.name.replace(/\W+/g, "-")}${target.lang ? "-" + target.lang : ""}.png`);
        await page.screenshot({ path: file });
        await page.close();
        assert.equal(m.inner, vp.width);
        assert.ok(m.scroll <= m.inner, `scrollWidth ${m.scroll} > innerWidth ${m.inner} (${file})`);
        assert.deepEqual(m.wide, [], `elements outside the viewport (${file})`);
      });
    }
  });
}

/** The 404 page's look: its own inline style applies (no stylesheet to find at an unknown depth). */
async function styled404(page) {
  return page.evaluate(() => ({
    sheets: [...document.styleSheets].map((s) => s.href),
    width: getComputedStyle(document.querySelector("main")).maxWidth,
    button: getComputedStyle(document.querySelector("main a")).borderTopStyle,
  }));
}

describe("404 page served for a missing path under the base URL's path", () => {
  for (const missing of ["nope.html", "zh/nope.html", "en/models/a/b/c/nope.html", "zh/report/deep/er/still/"]) {
    test(`/repo/${missing}`, async () => {
      const url = server404.base + missing;
      const { page, problems, status } = await open(url, {
        ignore: (s) => s.includes(`HTTP 404: ${url}`) || /Failed to load resource: the server responded with a status of 404/.test(s),
      });
      assert.equal(status, 404);
      assert.match(await page.title(), /^404 /);
      assert.deepEqual(await styled404(page), { sheets: [null], width: "640px", button: "solid" });
      const homes = await page.$$eval("main a", (as) => as.map((a) => a.href));
      assert.deepEqual(homes, [`${server404.base}zh/index.html`, `${server404.base}en/index.html`]);
      for (const lang of LANGS) {
        const i = LANGS.indexOf(lang);
        const [res] = await Promise.all([
          page.waitForNavigation({ waitUntil: "load" }),
          page.$$eval("main a", (as, i) => as[i].click(), i),
        ]);
        assert.equal(res.status(), 200);
        assert.equal(page.url(), `${server404.base}${lang}/index.html`);
        await page.goBack({ waitUntil: "load" });
      }
      await page.close();
      assert.deepEqual(problems, []);
    });
  }

  test("from disk, and served under another base path than the configured one", async () => {
    // From disk: links next to the file.
    const disk = pathToFileURL(path.join(site404, "404.html")).href;
    let { page, problems } = await open(disk);
    assert.deepEqual((await styled404(page)).width, "640px");
    let homes = await page.$$eval("main a", (as) => as.map((a) => a.href));
    assert.deepEqual(homes, LANGS.map((l) => pathToFileURL(path.join(site404, l, "index.html")).href));
    await page.close();
    assert.deepEqual(problems, []);
    // The same build served under /elsewhere/ (as on a fork or a custom domain's sub-path).
    const other = await serve(site404, { base: "/elsewhere/", notFound: "404.html" });
    try {
      for (const [missing, root] of [["elsewhere/en/models/no/such.html", "/elsewhere/"], ["elsewhere/nope.html", "/elsewhere/"]]) {
        const url = `${other.origin}/${missing}`;
        ({ page, problems } = await open(url, { ignore: (s) => /404/.test(s) }));
        assert.equal((await styled404(page)).width, "640px");
        homes = await page.$$eval("main a", (as) => as.map((a) => a.href));
        assert.deepEqual(homes, [`${other.origin}${root}zh/index.html`, `${other.origin}${root}en/index.html`], url);
        await page.close();
        assert.deepEqual(problems, []);
      }
    } finally {
      await other.close();
    }
  });
});
