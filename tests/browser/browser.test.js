// Headless-browser tests of the search UI: builds the fixture site (tests/fixtures/search) with the
// release binary in a temporary folder, then opens it in Debian's Chromium (puppeteer-core, no
// downloaded browser) both from file:// and over http on 127.0.0.1 under a sub-path (/repo/).
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const http = require("node:http");
const { pathToFileURL } = require("node:url");

const puppeteer = require("puppeteer-core");
const { buildSite, rmTree } = require("./lib/site.js");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const BASE = "/repo/";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

/** A tiny static server for `dir` under BASE; records every path asked for. */
function serve(dir) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let p = decodeURIComponent(url.pathname);
    requests.push(p);
    if (!p.startsWith(BASE)) {
      res.writeHead(404).end("not under " + BASE);
      return;
    }
    p = p.slice(BASE.length);
    if (p === "" || p.endsWith("/")) p += "index.html";
    const file = path.join(dir, p);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({
        base: `http://127.0.0.1:${server.address().port}${BASE}`,
        requests,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

let site, server, browser, profile;

before(async () => {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is installed (tests/browser/run.sh installs it)`);
  site = buildSite();
  server = await serve(site.public);
  profile = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-chromium-"));
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--allow-file-access-from-files",
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  rmTree(site && site.root);
  rmTree(profile);
});

/** Opens a page and collects console errors, page errors and failed loads into `problems`. */
async function open(url, problems, { js = true } = {}) {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(js);
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") problems.push(`console ${m.type()}: ${m.text()} (${page.url()})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message} (${page.url()})`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const res = await page.goto(url, { waitUntil: "load" });
  if (res && url.startsWith("http")) assert.equal(res.status(), 200, url);
  return page;
}

/** Opens the search dialog (with its button) unless it is open. */
async function openSearch(page) {
  if (!(await page.$eval("#search-dialog", (d) => d.open))) await page.click(".search-open");
  await page.waitForFunction(() => document.getElementById("search-dialog").open && document.activeElement.id === "search-input");
}

/** Clears the box, types `q` and waits for the results of `q`. */
async function query(page, q) {
  await openSearch(page);
  await page.focus("#search-input");
  await page.$eval("#search-input", (el) => {
    el.value = "";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.keyboard.type(q);
  await page.waitForFunction(
    (q) => {
      const input = document.getElementById("search-input");
      const status = document.getElementById("search-status").textContent;
      const list = document.getElementById("search-results");
      return input.value === q && !list.hidden && status && status !== input.dataset.loading;
    },
    { timeout: 5000 },
    q
  );
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    items: [...document.querySelectorAll('#search-results [role="option"]')].map((a) => ({
      href: a.getAttribute("href"),
      abs: a.href,
      kind: a.closest('[role="group"]').querySelector(".r-group").firstChild.textContent.trim(),
      title: a.querySelector(".r-title").innerHTML,
      snippet: (a.querySelector(".r-snippet") || { innerHTML: "" }).innerHTML,
    })),
  }));
}

const MODES = {
  file: () => pathToFileURL(site.public).href + "/",
  http: () => server.base,
};

for (const [mode, baseOf] of Object.entries(MODES)) {
  describe(`search over ${mode}`, () => {
    const problems = [];
    let base;
    before(() => {
      base = baseOf();
    });

    test("a query loads the manifest, then only the term and document files it needs", async () => {
      const before = server.requests.length;
      const page = await open(base + "en/index.html", problems);
      const r = await query(page, "reinforcement learning");
      assert.equal(r.items[0].href, "../en/models/rlhf.html");
      const loaded = await page.evaluate(() => ({
        shards: window.ATLAS_SEARCH.en.shards,
        scripts: [...document.querySelectorAll("script[src]")].map((s) => s.getAttribute("src")).filter((s) => !s.includes("static/")),
      }));
      const terms = loaded.scripts.filter((s) => /search\/t\d+\.js$/.test(s));
      const docs = loaded.scripts.filter((s) => /search\/d\d+\.js$/.test(s));
      assert.ok(loaded.shards >= 4, `several term files (${loaded.shards})`);
      assert.ok(terms.length >= 1 && terms.length < loaded.shards, `${terms.length} of ${loaded.shards} term files`);
      assert.ok(docs.length >= 1, "document files of the results");
      assert.ok(loaded.scripts.every((s) => s.startsWith("search-index.js") || s.startsWith("search/")), loaded.scripts.join());
      if (mode === "http") {
        const asked = server.requests.slice(before);
        assert.ok(asked.includes(BASE + "en/" + terms[0]), "term file fetched under the sub-path");
      }
      // The next query reuses what is loaded and loads what is new.
      const r2 = await query(page, "字节跳动");
      assert.equal(r2.items[0].href, "../en/companies/bytedance.html");
      await page.close();
    });

    test("the search button shows with JavaScript and the index loads only when the reader starts", async () => {
      const before = server.requests.length;
      const page = await open(base + "zh/models/gpt-4.html", problems);
      assert.ok(await page.$eval(".search-open", (el) => el.getBoundingClientRect().height > 0), "button visible");
      assert.equal(await page.$eval(".search-browse", (el) => el.getBoundingClientRect().height), 0, "no-JS link hidden");
      assert.equal(await page.$eval("#search-dialog", (d) => d.open), false);
      assert.equal(await page.evaluate(() => typeof window.ATLAS_SEARCH), "undefined");
      assert.equal(await page.$('script[src*="search-index"]'), null);
      if (mode === "http") {
        assert.ok(!server.requests.slice(before).some((p) => p.includes("search-index")), "index not fetched yet");
      }
      // Accessible: a button that opens a dialog holding a labelled combobox with a listbox.
      const a11y = await page.evaluate(() => {
        const input = document.getElementById("search-input");
        const button = document.querySelector(".search-open");
        return {
          popup: button.getAttribute("aria-haspopup"),
          keys: button.getAttribute("aria-keyshortcuts"),
          label: document.querySelector('label[for="search-input"]').textContent.trim(),
          role: input.getAttribute("role"),
          controls: input.getAttribute("aria-controls"),
          expanded: input.getAttribute("aria-expanded"),
          listRole: document.getElementById("search-results").getAttribute("role"),
          live: document.getElementById("search-status").getAttribute("aria-live"),
        };
      });
      assert.deepEqual(a11y, {
        popup: "dialog",
        keys: "/ Control+K",
        label: "搜索本站",
        role: "combobox",
        controls: "search-results",
        expanded: "false",
        listRole: "listbox",
        live: "polite",
      });
      // `/` opens the dialog with the box focused, which loads the index through a <script>.
      await page.keyboard.press("/");
      assert.equal(await page.$eval("#search-dialog", (d) => d.open), true);
      assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
      assert.equal(await page.$eval("#search-input", (el) => el.value), "", "the / is not typed");
      await page.waitForFunction(() => window.ATLAS_SEARCH && window.ATLAS_SEARCH.zh && typeof window.ATLAS_SEARCH.zh.shards === "number", { timeout: 5000 });
      assert.equal(await page.$('script[src*="search/"]'), null, "no term or document file before a query");
      assert.equal(await page.$eval('script[src*="search-index"]', (s) => s.getAttribute("src")), "../search-index.js");
      if (mode === "http") {
        assert.ok(server.requests.includes(BASE + "zh/search-index.js"), "index fetched under the sub-path");
      }
      // Escape closes it and gives the focus back to the button; Ctrl+K opens it again.
      await page.keyboard.press("Escape");
      assert.equal(await page.$eval("#search-dialog", (d) => d.open), false);
      await page.waitForFunction(() => document.activeElement.classList.contains("search-open"), { timeout: 2000 });
      await page.keyboard.down("Control");
      await page.keyboard.press("k");
      await page.keyboard.up("Control");
      assert.equal(await page.$eval("#search-dialog", (d) => d.open), true);
      assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
      await page.close();
    });

    test("results are grouped by kind, in the order of each kind's best result", async () => {
      const page = await open(base + "zh/index.html", problems);
      await query(page, "OpenAI");
      const groups = await page.$$eval('#search-results [role="group"]', (gs) =>
        gs.map((g) => ({
          label: g.querySelector(".r-group").firstChild.textContent.trim(),
          count: +g.querySelector(".r-group .count").textContent,
          options: g.querySelectorAll('[role="option"]').length,
          labelledby: document.getElementById(g.getAttribute("aria-labelledby")) === g.querySelector(".r-group"),
        }))
      );
      assert.ok(groups.length >= 2, JSON.stringify(groups));
      assert.equal(groups[0].label, "公司与机构", "the company itself leads");
      assert.equal(groups[1].label, "模型与技术");
      assert.equal(new Set(groups.map((g) => g.label)).size, groups.length, "one group per kind");
      for (const g of groups) {
        assert.equal(g.count, g.options);
        assert.ok(g.labelledby);
      }
      // Options are numbered in the order they show, so the arrows go down the groups.
      const ids = await page.$$eval('#search-results [role="option"]', (as) => as.map((a) => a.id));
      assert.deepEqual(ids, ids.map((_, i) => `search-option-${i}`));
      await page.close();
    });

    test("results show a page at a time: the next when the reader scrolls to the end", async () => {
      const page = await open(base + "zh/index.html", problems);
      await page.setViewport({ width: 800, height: 500 });
      const r = await query(page, "模型");
      assert.match(r.status, /^11 /, r.status);
      assert.equal(r.items.length, 10, "the first page");
      const docs = () => page.$$eval('script[src*="search/d"]', (s) => s.length);
      const before = await docs();
      await page.$eval("#search-results", (l) => { l.scrollTop = l.scrollHeight; });
      await page.waitForFunction(() => document.querySelectorAll('#search-results [role="option"]').length === 11, { timeout: 5000 });
      const after = await page.$$eval('#search-results [role="option"]', (as) => as.map((a) => a.getAttribute("href")));
      assert.deepEqual(after.slice(0, 10), r.items.map((i) => i.href), "the results shown keep their places");
      assert.ok((await docs()) > before, "the next page loaded its document files");
      assert.ok((await page.$eval("#search-results", (l) => l.scrollTop)) > 0, "the list stays where the reader scrolled");
      await page.close();
    });

    test("Chinese queries on a Chinese page", async () => {
      const page = await open(base + "zh/index.html", problems);
      let r = await query(page, "字节");
      assert.equal(r.items[0].href, "../zh/companies/bytedance.html");
      assert.equal(r.items[0].abs, base + "zh/companies/bytedance.html");
      assert.equal(r.items[0].kind, "公司与机构");
      assert.equal(r.items[0].title, "<mark>字节</mark>跳动");
      assert.match(r.items[0].snippet, /<mark>字节<\/mark>/);
      assert.equal(r.status, `${r.items.length} 条结果`);
      assert.ok(r.items.some((i) => i.href === "../zh/models/chatgpt.html#国内的反应"), "body match links to its heading");

      r = await query(page, "强化学习");
      assert.equal(r.items[0].href, "../zh/models/rlhf.html");
      assert.ok(r.items.length >= 3);

      r = await query(page, "大模型");
      assert.equal(r.items[0].href, "../zh/models/large-language-model.html");
      assert.ok(r.items.length >= 4, "大模型 finds many pages");

      r = await query(page, "ByteDance");
      assert.equal(r.items[0].href, "../zh/companies/bytedance.html", "English alias on a Chinese page");

      r = await query(page, "GPT-4");
      assert.equal(r.items[0].href, "../zh/models/gpt-4.html");
      assert.equal(r.items[0].title, "<mark>GPT-4</mark>");

      r = await query(page, "没有这个词");
      assert.equal(r.items.length, 0);
      assert.equal(r.status, "没有找到结果");
      await page.close();
    });

    test("English queries on an English page", async () => {
      const page = await open(base + "en/models/chatgpt.html", problems);
      let r = await query(page, "models");
      assert.equal(r.items[0].href, "../../en/models/large-language-model.html");
      assert.match(r.items[0].title, /<mark>model<\/mark>/);
      assert.equal(r.status, `${r.items.length} results`);

      r = await query(page, "GPT-4");
      assert.equal(r.items[0].href, "../../en/models/gpt-4.html");

      r = await query(page, "175B");
      assert.equal(r.items[0].href, "../../en/models/gpt-3.html");

      r = await query(page, "Khanmigo");
      assert.equal(r.items[0].href, "../../en/areas/education.html#khan-academy");

      r = await query(page, "字节跳动");
      assert.equal(r.items[0].href, "../../en/companies/bytedance.html", "Chinese name on an English page");
      await page.close();
    });

    test("keyboard: arrows move, Enter opens, Escape closes", async () => {
      const page = await open(base + "zh/report/key-points.html", problems);
      await query(page, "GPT");
      const state = () =>
        page.evaluate(() => {
          const input = document.getElementById("search-input");
          const sel = [...document.querySelectorAll('#search-results [aria-selected="true"]')].map((a) => a.id);
          return { active: input.getAttribute("aria-activedescendant"), sel, expanded: input.getAttribute("aria-expanded") };
        });
      await page.keyboard.press("ArrowDown");
      assert.deepEqual(await state(), { active: "search-option-0", sel: ["search-option-0"], expanded: "true" });
      await page.keyboard.press("ArrowDown");
      assert.deepEqual(await state(), { active: "search-option-1", sel: ["search-option-1"], expanded: "true" });
      await page.keyboard.press("ArrowUp");
      assert.deepEqual(await state(), { active: "search-option-0", sel: ["search-option-0"], expanded: "true" });
      await page.keyboard.press("ArrowUp");
      const last = await page.$$eval('#search-results [role="option"]', (as) => as[as.length - 1].id);
      assert.equal((await state()).active, last, "ArrowUp from the first wraps to the last");

      await page.keyboard.press("Escape");
      assert.equal(await page.$eval("#search-dialog", (d) => d.open), false, "Escape closes the dialog");
      assert.equal((await state()).expanded, "false");
      // Opening it again shows the same query and its results.
      await openSearch(page);
      assert.equal(await page.$eval("#search-input", (el) => el.value), "GPT", "the query is kept");
      await page.waitForFunction(() => !document.getElementById("search-results").hidden);
      assert.equal((await state()).expanded, "true");
      await page.$eval("#search-input", (el) => {
        el.value = "";
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });

      // `/` inside the box is typed, not intercepted.
      await page.keyboard.type("a/b");
      assert.equal(await page.$eval("#search-input", (el) => el.value), "a/b");

      const r = await query(page, "GPT-4");
      assert.equal(r.items[0].href, "../../zh/models/gpt-4.html");
      await page.keyboard.press("ArrowDown");
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      assert.equal(page.url(), base + "zh/models/gpt-4.html");
      assert.match(await page.$eval("h1", (h) => h.textContent), /GPT-4/);
      await page.close();
    });

    test("Enter opens a result at its heading", async () => {
      const page = await open(base + "en/index.html", problems);
      const r = await query(page, "khanmigo");
      assert.equal(r.items.length, 1);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
      assert.equal(page.url(), base + "en/areas/education.html#khan-academy");
      assert.equal(await page.$eval("#khan-academy", (h) => h.textContent.trim()), "Khan Academy");
      await page.close();
    });

    test("clicking a result opens it", async () => {
      const page = await open(base + "en/index.html", problems);
      await query(page, "bytedance");
      await page.mouse.click(5, 5);
      assert.equal(await page.$eval("#search-dialog", (d) => d.open), false, "a click on the backdrop closes the dialog");
      await openSearch(page);
      await page.waitForFunction(() => !document.getElementById("search-results").hidden);
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#search-option-0")]);
      assert.equal(page.url(), base + "en/companies/bytedance.html");
      await page.close();
    });

    test("without JavaScript a link to the kind listings stands where the button would be", async () => {
      const page = await open(base + "zh/models/gpt-4.html", [], { js: false });
      assert.equal(await page.$eval(".search-open", (el) => el.getBoundingClientRect().height), 0);
      const link = await page.$eval(".search-browse", (a) => ({ h: a.getBoundingClientRect().height, href: a.getAttribute("href") }));
      assert.ok(link.h > 0, "the link shows");
      assert.equal(link.href, "../index.html#explore");
      await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(".search-browse")]);
      assert.ok((await page.$$("#explore + .cards a")).length >= 4, "the kinds are listed there");
      await page.close();
    });

    test("the dialog stays inside the viewport on a phone and on a laptop", async () => {
      for (const vp of [{ width: 390, height: 844, isMobile: true, hasTouch: true }, { width: 1280, height: 800 }]) {
        const page = await open(base + "en/index.html", problems);
        await page.setViewport(vp);
        await query(page, "model");
        const m = await page.evaluate(() => {
          const r = (el) => el.getBoundingClientRect();
          const d = r(document.getElementById("search-dialog"));
          const list = document.getElementById("search-results");
          const first = r(list.querySelector('[role="option"]'));
          return { d: [d.left, d.top, d.right, d.bottom], first: [first.left, first.right], vw: innerWidth, vh: innerHeight, scrolls: list.scrollHeight > list.clientHeight };
        });
        assert.ok(m.d[0] >= 0 && m.d[1] >= 0 && m.d[2] <= m.vw && m.d[3] <= m.vh, `dialog ${m.d} in ${m.vw}×${m.vh}`);
        assert.ok(m.first[0] >= m.d[0] && m.first[1] <= m.d[2], "results inside the dialog");
        if (vp.width < 600) assert.equal(Math.round(m.d[2] - m.d[0]), vp.width, "full width on a phone");
        assert.ok(m.scrolls, "long result lists scroll inside the dialog");
        await page.close();
      }
    });

    test("no console errors, page errors or failed loads", () => {
      assert.deepEqual(problems, []);
    });
  });
}
