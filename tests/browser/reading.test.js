// The reading aids of the real site in headless Chromium, at 390 px (a phone) and 1280 px (a laptop):
// the site tree (sidebar and phone menu), the rail (key facts and "on this page"), the first sentence
// of every entity article near the top, keyboard-only navigation, ←/→ paging, heading anchors, link
// previews, no layout shift, Chinese typography, touch-target size and the printed book.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const { buildRealSiteOut, launch, newPage } = require("./lib/browser.js");
const { rmTree } = require("./lib/site.js");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const PHONE = { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const LAPTOP = { width: 1280, height: 800 };

let site, chrome;

before(async () => {
  site = buildRealSiteOut({ prefix: "atlas-reading-" });
  chrome = await launch();
});

after(async () => {
  if (chrome) await chrome.close();
  rmTree(site && path.dirname(site));
});

const url = (rel) => pathToFileURL(path.join(site, rel)).href;

/** A page at `viewport`, loaded; problems (console errors, failed loads) collect in `problems`. */
async function open(rel, viewport, { js = true, problems = [] } = {}) {
  const page = await newPage(chrome.browser, problems, { js });
  await page.setViewport(viewport);
  await page.goto(url(rel), { waitUntil: "load" });
  return page;
}

/** The entity pages of one language (every page outside the report), from the output folder. */
function entityPages(lang) {
  return ["models", "companies", "areas"].flatMap((kind) =>
    fs
      .readdirSync(path.join(site, lang, kind))
      .filter((f) => f.endsWith(".html") && f !== "index.html")
      .filter((f) => fs.readFileSync(path.join(site, lang, kind, f), "utf8").includes('class="page-body"'))
      .map((f) => `${lang}/${kind}/${f}`)
  );
}

describe("site tree", () => {
  test("beside the text on a laptop, with the current page marked and scrolled into view", async () => {
    const page = await open("zh/report/2-2-2e.html", LAPTOP);
    const m = await page.evaluate(() => {
      const tree = document.querySelector(".tree");
      const cur = tree.querySelector('[aria-current="page"]');
      const t = tree.getBoundingClientRect();
      const c = cur.getBoundingClientRect();
      return {
        visible: tree.checkVisibility(),
        scrolls: tree.scrollHeight > tree.clientHeight,
        inside: c.top >= t.top && c.bottom <= t.bottom && c.bottom <= innerHeight,
        text: cur.textContent,
        left: t.right <= document.querySelector("main").getBoundingClientRect().left + 1,
        chapterOpen: cur.closest("details").open,
      };
    });
    await page.close();
    assert.deepEqual(m, { visible: true, scrolls: true, inside: true, text: m.text, left: true, chapterOpen: true });
    // The number and the Chinese title meet with no typed space: text-autospace spaces them (CONTENT.md).
    assert.match(m.text, /^2\.2\.2e ?字节跳动/);
  });

  test("entities are reachable by kind and group", async () => {
    const page = await open("en/models/gpt-4.html", LAPTOP);
    const m = await page.evaluate(() => {
      const kinds = [...document.querySelectorAll(".tree .tree-kind-link")].map((a) => a.getAttribute("href"));
      const groups = [...document.querySelectorAll(".tree-kind.is-open > ul > li > a")].map((a) => a.getAttribute("href"));
      const open = [...document.querySelectorAll(".tree-kind.is-open ul ul a")].map((a) => a.textContent);
      return { kinds, groups, open };
    });
    await page.close();
    assert.deepEqual(m.kinds, ["../report/index.html", "index.html", "../companies/index.html", "../areas/index.html", "../guides/index.html", "../atlas.html"]);
    assert.ok(m.groups.length >= 5 && m.groups.every((h) => fs.existsSync(path.join(site, "en/models", h))), m.groups.join());
    assert.ok(m.open.includes("GPT-4") && m.open.includes("ChatGPT"), "the current group lists its pages");
  });

  for (const js of [true, false]) {
    test(`a menu on a phone (JavaScript ${js ? "on" : "off"})`, async () => {
      const page = await open("zh/models/gpt-4.html", PHONE, { js });
      const shown = () => page.$eval(".tree", (t) => t.checkVisibility());
      assert.equal(await shown(), false, "folded at first");
      await page.click(".sidebar > summary");
      assert.equal(await shown(), true, "open after a tap");
      const m = await page.evaluate(() => {
        const cur = document.querySelector('.tree [aria-current="page"]').getBoundingClientRect();
        const t = document.querySelector(".tree").getBoundingClientRect();
        return { inView: cur.top >= 0 && cur.bottom <= innerHeight, full: Math.round(t.width) === innerWidth };
      });
      assert.equal(m.full, true, "the menu takes the phone's width");
      if (js) {
        assert.equal(m.inView, true, "the current page is scrolled into view");
        await page.keyboard.press("Escape");
        assert.equal(await shown(), false, "Escape closes the menu");
      }
      await page.close();
    });
  }
});

describe("entity pages: the article comes first", () => {
  for (const [vp, screens] of [
    [LAPTOP, 1],
    [PHONE, 1.5],
  ]) {
    test(`the first sentence of every entity article within ${screens} screen(s) at ${vp.width}px`, async () => {
      const problems = [];
      const page = await newPage(chrome.browser, problems);
      await page.setViewport(vp);
      const late = [];
      let n = 0;
      for (const lang of ["zh", "en"]) {
        for (const rel of entityPages(lang)) {
          await page.goto(url(rel), { waitUntil: "load" });
          const top = await page.evaluate(() => {
            const p = document.querySelector(".content p");
            if (!p) return null;
            const r = p.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(p).lineHeight) || 28;
            return r.top + window.scrollY + line;
          });
          n++;
          if (top === null || top > vp.height * screens) late.push(`${rel}: ${top}`);
        }
      }
      await page.close();
      assert.ok(n > 300, `checked ${n} pages`);
      assert.deepEqual(late, [], `first line below ${vp.height * screens}px`);
      assert.deepEqual(problems, []);
    });
  }

  test("the fact box is beside the text on a laptop and folded after the lede on a phone", async () => {
    for (const [vp, want] of [
      [LAPTOP, { open: true, beside: true, summary: false }],
      [PHONE, { open: false, beside: false, summary: true }],
    ]) {
      const page = await open("zh/models/chatgpt.html", vp);
      const m = await page.evaluate(() => {
        const box = document.querySelector(".infobox");
        const facts = box.querySelector("dl.facts");
        const body = document.querySelector(".page-body").getBoundingClientRect();
        const lede = document.querySelector(".lede").getBoundingClientRect();
        const b = box.getBoundingClientRect();
        return {
          open: facts.checkVisibility(),
          beside: b.left >= body.right,
          summary: box.querySelector("summary").checkVisibility(),
          afterLede: b.top >= lede.bottom,
          height: b.height,
          // Long values are cut at a boundary and end with an ellipsis; the full text is further down.
          cut: [...facts.querySelectorAll("dd")].filter((d) => d.textContent.endsWith("…")).length,
          full: document.querySelectorAll(".facts-full dd").length,
        };
      });
      await page.close();
      assert.deepEqual({ open: m.open, beside: m.beside, summary: m.summary }, want, `${vp.width}px`);
      if (!m.beside) assert.ok(m.afterLede, "after the lede");
      if (vp === LAPTOP) assert.ok(m.height < 900, `fact box ${m.height}px, no nested scrolling`);
      assert.ok(m.cut >= 1 && m.full >= 10, JSON.stringify(m));
    }
  });

  test('"mentioned in" is grouped by kind, titles first, long lists folded, no repeat of the sources', async () => {
    const page = await open("zh/models/chatgpt.html", LAPTOP);
    const m = await page.evaluate(() => {
      const sec = document.querySelector(".mentions");
      const groups = [...sec.querySelectorAll(".mention-group")].map((g) => ({
        kind: g.querySelector("h3").firstChild.textContent.trim(),
        count: +g.querySelector("h3 .count").textContent,
        titles: g.querySelectorAll(".link-grid a, .quotes a").length,
        folded: !!g.querySelector("details.in-context:not([open])"),
      }));
      const sources = new Set([...document.querySelectorAll(".drawn-from a")].map((a) => a.getAttribute("href")));
      const repeated = [...sec.querySelectorAll("a")].filter((a) => sources.has(a.getAttribute("href"))).length;
      const quotes = [...sec.querySelectorAll(".quote")].map((q) => q.textContent);
      return { groups, repeated, quotes, height: sec.getBoundingClientRect().height };
    });
    await page.close();
    assert.ok(m.groups.length >= 2);
    assert.equal(new Set(m.groups.map((g) => g.kind)).size, m.groups.length);
    for (const g of m.groups) assert.ok(g.titles >= g.count, JSON.stringify(g));
    assert.ok(m.groups.some((g) => g.folded), "a long group keeps its quotes folded");
    assert.equal(m.repeated, 0, "report sections listed as sources are not repeated");
    assert.ok(m.height < 2500, `mentions ${m.height}px tall`);
    assert.ok(m.quotes.length > 0);
  });
});

describe("rail on a laptop", () => {
  test('"on this page" stays in view and marks the section being read', async () => {
    const page = await open("en/models/chatgpt.html", LAPTOP);
    const at = async (y) => {
      await page.evaluate((y) => window.scrollTo(0, y), y);
      await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
      return page.evaluate(() => {
        const toc = document.querySelector(".rail .toc").getBoundingClientRect();
        const cur = document.querySelector('.toc a[aria-current="true"]');
        return { inView: toc.top >= 0 && toc.top < innerHeight, current: cur && cur.getAttribute("href") };
      });
    };
    const top = await at(0);
    const further = await at(3000);
    await page.close();
    assert.equal(further.inView, true, "sticky");
    assert.ok(top.current && further.current && top.current !== further.current, JSON.stringify({ top, further }));
  });
});

describe("keyboard", () => {
  for (const [rel, vp] of [
    ["zh/report/1-3-1.html", LAPTOP],
    ["en/models/gpt-4.html", LAPTOP],
    ["zh/index.html", PHONE],
    ["en/companies/baidu.html", PHONE],
  ]) {
    test(`Tab reaches every visible control of ${rel} at ${vp.width}px`, async () => {
      const page = await open(rel, vp);
      const want = await page.evaluate(() => {
        const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
        const all = [...document.querySelectorAll(sel)].filter(
          (e) => e.checkVisibility() && !e.closest("dialog:not([open]), [inert]") && e.tabIndex >= 0 && !e.disabled
        );
        all.forEach((e, i) => e.setAttribute("data-k", i));
        return all.length;
      });
      const seen = new Set();
      let first = null;
      for (let i = 0; i < want + 20; i++) {
        await page.keyboard.press("Tab");
        const k = await page.evaluate(() => {
          const a = document.activeElement;
          return a && a.hasAttribute("data-k") ? +a.getAttribute("data-k") : null;
        });
        if (i === 0) first = await page.evaluate(() => document.activeElement.className);
        if (k !== null) seen.add(k);
        if (seen.size === want) break;
      }
      const missed = await page.evaluate(
        (seen) => [...document.querySelectorAll("[data-k]")].filter((e) => !seen.includes(+e.dataset.k)).slice(0, 8).map((e) => e.outerHTML.slice(0, 120)),
        [...seen]
      );
      await page.close();
      assert.equal(first, "skip", "the skip link comes first");
      assert.deepEqual(missed, [], `${want - seen.size} of ${want} not reached`);
    });
  }

  test("the phone menu opens from the keyboard and its links are reachable", async () => {
    const page = await open("en/report/1-1-1.html", PHONE);
    await page.focus(".sidebar > summary");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    const m = await page.evaluate(() => ({
      inTree: !!document.activeElement.closest(".tree"),
      visible: document.activeElement.checkVisibility(),
    }));
    await page.close();
    assert.deepEqual(m, { inTree: true, visible: true });
  });

  test("← and → go to the previous and next section, but not while typing", async () => {
    const page = await open("zh/report/1-1-2.html", LAPTOP);
    const next = await page.$eval('a[rel="next"]', (a) => a.href);
    const prev = await page.$eval('a[rel="prev"]', (a) => a.href);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("ArrowRight")]);
    assert.equal(page.url(), next);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("ArrowLeft")]);
    assert.equal(page.url(), url("zh/report/1-1-2.html"));
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("ArrowLeft")]);
    assert.equal(page.url(), prev);
    await page.keyboard.press("/");
    await page.keyboard.type("GPT");
    await page.keyboard.press("ArrowLeft");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(page.url(), prev, "arrows in the search box move the caret");
    await page.close();
  });
});

describe("heading anchors", () => {
  test("each body heading links to itself and lands below the sticky header", async () => {
    const page = await open("en/report/1-3-1.html", LAPTOP);
    const anchors = await page.$$eval(".content .h", (hs) =>
      hs.map((h) => ({ id: h.firstElementChild.id, href: h.querySelector(".anchor").getAttribute("href"), name: h.querySelector(".anchor").textContent }))
    );
    assert.ok(anchors.length >= 2);
    for (const a of anchors) assert.equal(a.href, `#${a.id}`);
    const last = anchors[anchors.length - 1];
    await page.hover(`.content .h:has(#${CSS_ESCAPE(last.id)})`);
    await page.click(`a.anchor[href="#${CSS_ESCAPE(last.id)}"]`);
    const m = await page.evaluate((id) => ({
      hash: decodeURIComponent(location.hash),
      top: document.getElementById(id).getBoundingClientRect().top,
      header: document.querySelector(".site-header").getBoundingClientRect().bottom,
    }), last.id);
    await page.close();
    assert.equal(m.hash, `#${last.id}`);
    assert.ok(m.top >= m.header, `heading at ${m.top}px, header ends at ${m.header}px`);
  });
});

/** Enough of CSS.escape for heading ids (letters, digits, hyphens, CJK). */
function CSS_ESCAPE(id) {
  return id.replace(/^(\d)/, "\\3$1 ").replace(/([^\w\u00a0-\uffff-])/g, "\\$1");
}

describe("link previews", () => {
  test("pointing at a link to an entity shows its title, kind, description and facts (file://)", async () => {
    const problems = [];
    const page = await open("zh/report/1-3-1.html", LAPTOP, { problems });
    const link = '.content a[href="../models/gpt-4.html"]';
    await page.hover(link);
    await page.waitForSelector(".preview:not([hidden])", { timeout: 3000 });
    const m = await page.evaluate((sel) => {
      const p = document.querySelector(".preview");
      const r = p.getBoundingClientRect();
      return {
        title: p.querySelector(".preview-title").textContent,
        kind: p.querySelector(".preview-kind").textContent,
        desc: p.querySelector(".preview-desc").textContent.length,
        facts: p.querySelectorAll("dt").length,
        described: document.querySelector(sel).getAttribute("aria-describedby"),
        inside: r.left >= 0 && r.right <= innerWidth,
      };
    }, link);
    assert.deepEqual({ ...m, desc: m.desc > 10 }, { title: "GPT-4", kind: "模型与技术", desc: true, facts: 3, described: "atlas-preview", inside: true });
    await page.keyboard.press("Escape");
    assert.equal(await page.$eval(".preview", (p) => p.hidden), true, "Escape dismisses it");
    await page.close();
    assert.deepEqual(problems, []);
  });

  test("keyboard focus shows it too; chrome links (tree, breadcrumbs) do not", async () => {
    const page = await open("en/models/gpt-4.html", LAPTOP);
    // Tab until a link in the article has the focus.
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => !!document.activeElement.closest(".content") && document.activeElement.tagName === "A")) break;
    }
    const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
    await page.waitForSelector(".preview:not([hidden])", { timeout: 3000 });
    assert.ok(href && !href.startsWith("#"), href);
    await page.hover(".breadcrumbs a");
    await new Promise((r) => setTimeout(r, 700));
    assert.notEqual(await page.$eval(".preview", (p) => (p.hidden ? "" : p.querySelector(".preview-title").textContent)), "Models & techniques");
    await page.close();
  });

  test("nothing shows on a touch screen", async () => {
    const page = await open("zh/report/1-3-1.html", PHONE);
    await page.$eval('.content a[href="../models/gpt-4.html"]', (a) => a.addEventListener("click", (e) => e.preventDefault()));
    await page.tap('.content a[href="../models/gpt-4.html"]');
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(await page.$(".preview:not([hidden])"), null);
    assert.equal(await page.evaluate(() => typeof window.ATLAS_PREVIEWS), "undefined", "the data is not even loaded");
    await page.close();
  });
});

describe("no layout shift", () => {
  for (const vp of [PHONE, LAPTOP]) {
    for (const rel of ["zh/index.html", "en/report/1-1-1.html", "zh/models/chatgpt.html"]) {
      test(`${rel} at ${vp.width}px: CLS 0`, async () => {
        const page = await newPage(chrome.browser, []);
        await page.setViewport(vp);
        await page.evaluateOnNewDocument(() => {
          window.__shifts = [];
          new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__shifts.push(e.value))).observe({ type: "layout-shift", buffered: true });
        });
        await page.goto(url(rel), { waitUntil: "load" });
        await new Promise((r) => setTimeout(r, 500));
        const shifts = await page.evaluate(() => window.__shifts);
        await page.close();
        assert.deepEqual(shifts, []);
      });
    }
  }
});

describe("typography", () => {
  test("Chinese is not stretched on a phone; justified on a laptop; Han/Latin spacing where supported", async () => {
    for (const [vp, align] of [
      [PHONE, "start"],
      [LAPTOP, "justify"],
    ]) {
      const page = await open("zh/models/chatgpt.html", vp);
      const m = await page.evaluate(() => ({
        align: getComputedStyle(document.querySelector(".content p")).textAlign,
        autospace: CSS.supports("text-autospace", "normal") ? getComputedStyle(document.body).textAutospace : "normal",
        measure: document.querySelector(".content p").getBoundingClientRect().width / parseFloat(getComputedStyle(document.querySelector(".content p")).fontSize),
      }));
      await page.close();
      assert.equal(m.align, align, `${vp.width}px`);
      assert.equal(m.autospace, "normal");
      assert.ok(m.measure <= 41, `at most about 40 characters a line (${m.measure.toFixed(1)} em)`);
    }
    const page = await open("en/models/chatgpt.html", LAPTOP);
    const em = await page.evaluate(() => {
      const p = document.querySelector(".content p");
      return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize);
    });
    await page.close();
    assert.ok(em <= 37, `English measure ${em.toFixed(1)} em (about 70 characters)`);
  });
});

describe("touch targets of at least 24 px (axe target-size)", () => {
  for (const vp of [PHONE, LAPTOP]) {
    for (const rel of ["en/models/gpt-4.html", "zh/index.html", "zh/report/1-3-1.html"]) {
      test(`${rel} at ${vp.width}px`, async () => {
        const page = await open(rel, vp);
        if (vp === PHONE) await page.click(".sidebar > summary");
        await page.evaluate(AXE);
        const v = await page.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: ["target-size"], resultTypes: ["violations"] });
          return r.violations.flatMap((x) => x.nodes.map((n) => n.target.join(" ")));
        });
        await page.close();
        assert.deepEqual(v, []);
      });
    }
  }
});

describe("print", () => {
  test("a single page prints on A4 with its fact box and figure data tables open", async () => {
    const page = await open("en/report/1-1-1.html", LAPTOP);
    await page.emulateMediaType("print");
    const m = await page.evaluate(() => ({
      table: [...document.querySelectorAll("figure table")].every((t) => t.checkVisibility()),
      tables: document.querySelectorAll("figure table").length,
      tree: document.querySelector(".tree").checkVisibility(),
    }));
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    await page.close();
    assert.ok(m.tables >= 1 && m.table, JSON.stringify(m));
    assert.equal(m.tree, false, "no navigation on paper");
    assert.match(pdf, /\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/, "A4");
  });

  test("the print edition is a book: cover, contents, a page per section and entry, numbered", async () => {
    const page = await open("en/print.html", LAPTOP);
    await page.emulateMediaType("print");
    const m = await page.evaluate(() => ({
      cover: getComputedStyle(document.querySelector(".print-cover")).breakAfter,
      contents: getComputedStyle(document.querySelector(".print-toc")).display,
      tocLinks: document.querySelectorAll(".print-toc a[href^='#']").length,
      pages: document.querySelectorAll(".print-page").length,
      breaks: [...document.querySelectorAll(".print-page")].filter((p) => getComputedStyle(p).breakBefore === "page").length,
      kinds: document.querySelectorAll(".print-kind-title").length,
      brokenToc: [...document.querySelectorAll(".print-toc a[href^='#']")].filter((a) => !document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)))).length,
    }));
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true })).toString("latin1");
    await page.close();
    assert.equal(m.cover, "page");
    assert.equal(m.contents, "block");
    assert.equal(m.brokenToc, 0);
    assert.ok(m.tocLinks >= m.pages, JSON.stringify(m));
    // Every page but the first of each kind (which follows the kind's title) starts a new sheet.
    assert.equal(m.breaks, m.pages - m.kinds);
    const sheets = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(sheets >= m.pages + 2, `${sheets} sheets for ${m.pages} sections and entries`);
    assert.match(pdf, /\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/, "A4");
  });
});
