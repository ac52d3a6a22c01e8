// Relation maps, the whole-atlas view and charts of the real site, measured in headless Chromium:
// every entity page's map, the atlas and every page with a chart, in both languages, at 390 px and
// 1280 px, in light and dark. For every drawing shown: each <text> renders at ≥ 11 CSS px, no two
// labels' boxes overlap, each label is within 8 px of the end of its line (maps) or of its bar or point
// (chart values), nothing lies outside the viewBox, lines and bars have ≥ 3:1 contrast and labels
// ≥ 4.5:1 against what is behind them, every link is at least 24 × 24 px, the drawing is not scaled,
// and nothing is clipped or makes the page scroll sideways. Then the CSS-only filters (JavaScript
// off) and the script that improves them, hover and keyboard-focus highlighting, and what a screen
// reader gets (the map as lists of relations, the chart as its table).
//
// ATLAS_MAPS_SAMPLE=N checks only every N-th entity page (default 1: all of them).
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const { buildRealSiteOut, launch, newPage } = require("./lib/browser.js");
const { rmTree } = require("./lib/site.js");

const LANGS = ["zh", "en"];
const WIDTHS = [390, 1280];
const SCHEMES = ["light", "dark"];
const SAMPLE = Math.max(1, Number(process.env.ATLAS_MAPS_SAMPLE) || 1);

let site, chrome;

before(async () => {
  site = buildRealSiteOut({ prefix: "atlas-maps-" });
  chrome = await launch();
});

after(async () => {
  if (chrome) await chrome.close();
  rmTree(site && path.dirname(site));
});

const url = (rel) => pathToFileURL(path.join(site, rel)).href;

/** Entity pages of the built site that have a map, in one language. */
function entityPages(lang) {
  const out = [];
  for (const kind of fs.readdirSync(path.join(site, lang))) {
    const dir = path.join(site, lang, kind);
    if (!fs.statSync(dir).isDirectory() || kind === "report") continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith(".html") || f === "index.html") continue;
      const rel = `${lang}/${kind}/${f}`;
      if (fs.readFileSync(path.join(site, rel), "utf8").includes('class="relmap')) out.push(rel);
    }
  }
  return out.filter((_, i) => i % SAMPLE === 0);
}

/** Report pages with a chart, in one language. */
function chartPages(lang) {
  const dir = path.join(site, lang, "report");
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => `${lang}/report/${f}`)
    .filter((rel) => fs.readFileSync(path.join(site, rel), "utf8").includes('class="chart-svg'));
}

/** Runs in the page: every problem of every drawing shown, as strings. */
function inspect() {
  const problems = [];
  const parse = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
    return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)];
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.99) return c;
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor) || { r: 255, g: 255, b: 255 };
  };
  const name = (el) => `${el.tagName}.${el.getAttribute("class") || ""} “${(el.textContent || "").trim().slice(0, 40)}”`;
  const dist = (p, r) => {
    const dx = Math.max(r.left - p.x, 0, p.x - r.right);
    const dy = Math.max(r.top - p.y, 0, p.y - r.bottom);
    return Math.hypot(dx, dy);
  };
  const screen = (el, x, y) => {
    const m = el.getScreenCTM();
    return { x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f };
  };
  const svgs = [...document.querySelectorAll("svg.relmap, svg.chart-svg")].filter((s) => s.getBoundingClientRect().width > 0);
  if (document.scrollingElement.scrollWidth > innerWidth) problems.push(`page scrolls sideways: ${document.scrollingElement.scrollWidth} > ${innerWidth}`);
  for (const svg of svgs) {
    const where = `${svg.getAttribute("class")} “${svg.getAttribute("aria-label")}”`;
    const bad = (s) => problems.push(`${where}: ${s}`);
    if (svg.outerHTML.includes("NaN")) bad("NaN in the drawing");
    const scale = svg.getScreenCTM().a;
    if (Math.abs(scale - 1) > 0.01) bad(`drawn at scale ${scale.toFixed(2)}`);
    // Nothing clipped: the drawing fits its scroll box or that box scrolls.
    const box = svg.parentElement;
    if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "auto") bad("clipped by its box");
    if (svg.classList.contains("rm-block") && box.scrollWidth > box.clientWidth + 1) bad(`atlas block needs scrolling: ${box.scrollWidth} > ${box.clientWidth}`);
    const vb = svg.viewBox.baseVal;
    for (const el of svg.querySelectorAll("text, rect, path, line, circle")) {
      const b = el.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5) {
        bad(`${name(el)} outside the viewBox (${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}×${b.height.toFixed(1)} in ${vb.width}×${vb.height})`);
      }
    }
    const texts = [...svg.querySelectorAll("text")];
    const bg = background(svg);
    const boxes = [];
    for (const t of texts) {
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (size < 11) bad(`${name(t)} at ${size.toFixed(1)} px`);
      const r = t.getBoundingClientRect();
      boxes.push({ t, r });
      // Text on a filled pill or box is measured against that fill.
      const holder = t.previousElementSibling && t.previousElementSibling.matches(".rm-pill, .rm-box") ? t.previousElementSibling : null;
      const under = holder ? parse(getComputedStyle(holder).fill) : bg;
      const fill = parse(getComputedStyle(t).fill);
      if (fill && under && ratio(fill, under) < 4.5) bad(`${name(t)} text contrast ${ratio(fill, under).toFixed(2)}`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].r, boxes[j].r];
        const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
        if (overlap) bad(`${name(boxes[i].t)} overlaps ${name(boxes[j].t)}`);
      }
    }
    // Map labels at the end of their own line.
    for (const node of svg.querySelectorAll(".rm-head, .rm-n")) {
      const p = node.querySelector(".rm-edge");
      const t = node.querySelector("text");
      if (!p || !t) {
        bad(`${name(node)} has no line or label`);
        continue;
      }
      const end = p.getPointAtLength(p.getTotalLength());
      const d = dist(screen(p, end.x, end.y), t.getBoundingClientRect());
      if (d > 8) bad(`${name(t)} is ${d.toFixed(1)} px from the end of its line`);
    }
    // Chart values beside their bar or point.
    for (const v of svg.querySelectorAll(".bar-value")) {
      const mark = v.previousElementSibling;
      if (!mark || !mark.matches("rect.bar, circle.event")) {
        bad(`${name(v)} has no bar or point before it`);
        continue;
      }
      const b = mark.getBBox();
      const end = screen(mark, b.x + b.width, b.y + b.height / 2);
      const d = dist(end, v.getBoundingClientRect());
      if (d > 8) bad(`${name(v)} is ${d.toFixed(1)} px from its bar or point`);
    }
    // Lines, bars and points: ≥ 3:1 against the background (WCAG 1.4.11).
    for (const el of svg.querySelectorAll(".rm-edge, .axis, rect.bar, circle.event, .baseline, .rm-box, .rm-pill")) {
      const cs = getComputedStyle(el);
      const paint = el.matches("rect.bar:not(.estimate), circle.event") ? cs.fill : cs.stroke;
      const c = parse(paint);
      if (!c) continue;
      if (ratio(c, bg) < 3) bad(`${name(el)} contrast ${ratio(c, bg).toFixed(2)}`);
    }
    // Link targets.
    for (const a of svg.querySelectorAll("a")) {
      const r = a.getBoundingClientRect();
      if (r.width < 24 || r.height < 24) bad(`link ${name(a)} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
    }
  }
  return { problems, drawings: svgs.length };
}

/** Opens each page once and inspects it at both widths and in both schemes. */
async function checkPages(rels) {
  const problems = [];
  const page = await newPage(chrome.browser, problems);
  let drawings = 0;
  try {
    for (const rel of rels) {
      await page.setViewport({ width: WIDTHS[0], height: 900 });
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: SCHEMES[0] }]);
      await page.goto(url(rel), { waitUntil: "load" });
      for (const width of WIDTHS) {
        await page.setViewport({ width, height: 900 });
        for (const scheme of SCHEMES) {
          await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
          const r = await page.evaluate(inspect);
          drawings += r.drawings;
          for (const p of r.problems) problems.push(`${rel} @${width}px ${scheme}: ${p}`);
          if (r.drawings === 0) problems.push(`${rel} @${width}px ${scheme}: no drawing shown`);
        }
      }
    }
  } finally {
    await page.close();
  }
  return { problems, drawings };
}

describe("maps and charts measured", () => {
  for (const lang of LANGS) {
    test(`every entity map (${lang})`, async () => {
      const rels = entityPages(lang);
      assert.ok(rels.length >= (SAMPLE === 1 ? 150 : 10), `found ${rels.length} pages with a map`);
      const { problems, drawings } = await checkPages(rels);
      assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problems`);
      assert.ok(drawings >= rels.length * 4);
    });

    test(`the whole-atlas view (${lang})`, async () => {
      const { problems, drawings } = await checkPages([`${lang}/atlas.html`]);
      assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problems`);
      assert.ok(drawings >= 4 * 100, `${drawings} blocks`);
    });

    test(`every chart (${lang})`, async () => {
      const rels = chartPages(lang);
      assert.ok(rels.length >= 5, `found ${rels.length} pages with a chart`);
      const { problems } = await checkPages(rels);
      assert.deepEqual(problems.slice(0, 40), [], `${problems.length} problems`);
    });
  }
});

describe("maps and charts in use", () => {
  test("the measurements catch each fault they look for", async () => {
    const page = await chrome.browser.newPage();
    try {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(url("en/models/chatgpt.html"));
      assert.deepEqual((await page.evaluate(inspect)).problems, []);
      await page.evaluate(() => {
        const svg = document.querySelector("svg.rm-wide");
        const [a, b, c, d] = svg.querySelectorAll("a.rm-n");
        const t = a.querySelector("text");
        t.setAttribute("x", "120"); // far from its line
        t.querySelector("tspan").setAttribute("x", "120");
        b.querySelector("text").style.fontSize = "9px";
        c.querySelector("text").setAttribute("y", d.querySelector("text").getAttribute("y"));
        c.querySelector("text").querySelector("tspan").removeAttribute("dy");
        d.querySelector(".rm-edge").style.stroke = "#dddddd";
        d.querySelector(".rm-hit").setAttribute("height", "10");
        d.querySelector(".rm-hit").setAttribute("y", "5000");
      });
      const found = (await page.evaluate(inspect)).problems.join("\n");
      for (const fault of [/px from the end of its line/, /at 9\.0 px/, /overlaps/, /contrast 1\.\d\d/, /outside the viewBox/]) {
        assert.match(found, fault);
      }
      await page.goto(url("en/report/2-2-1.html"));
      await page.evaluate(() => {
        // The drawing shown at this width (the column may hold only the narrow one).
        const svg = [...document.querySelectorAll("svg.chart-svg")].find((x) => x.getBoundingClientRect().width > 0);
        const v = svg.querySelector(".bar-value");
        v.setAttribute("x", String(Number(v.getAttribute("x")) + 40));
        svg.setAttribute("width", String(Math.round(svg.viewBox.baseVal.width * 0.44)));
      });
      const chart = (await page.evaluate(inspect)).problems.join("\n");
      assert.match(chart, /from its bar or point/);
      assert.match(chart, /drawn at scale 0\.44/);
    } finally {
      await page.close();
    }
  });

  test("a phone gets the one-column map and the narrow chart, a wide screen the others; no scaling", async () => {
    const page = await chrome.browser.newPage();
    try {
      for (const [width, map, chart] of [
        [390, "rm-narrow", "chart-narrow"],
        [1280, "rm-wide", "chart-wide"],
      ]) {
        await page.setViewport({ width, height: 900 });
        await page.goto(url("en/models/chatgpt.html"));
        const shown = await page.$$eval("svg.relmap", (s) => s.filter((x) => x.getBoundingClientRect().width > 0).map((x) => x.getAttribute("class")));
        assert.deepEqual(shown, [`relmap ${map}`], `${width}px`);
        await page.goto(url("en/report/2-2-1.html"));
        // The chart shown is the widest drawing its column holds (the wide one needs 680 px; the
        // reading column beside the site tree and the rail may be narrower on a laptop).
        const { charts, room } = await page.$eval("figure.chart", (f) => ({
          charts: [...f.querySelectorAll("svg.chart-svg")].filter((x) => x.getBoundingClientRect().width > 0).map((x) => x.getAttribute("class")),
          room: f.getBoundingClientRect().width,
        }));
        const fits = chart === "chart-wide" && room < 680 ? "chart-narrow" : chart;
        assert.deepEqual(charts, [`chart-svg ${fits}`], `${width}px (column ${room} px)`);
      }
    } finally {
      await page.close();
    }
  });

  test("hover and keyboard focus light up a node and its line back to the centre (CSS only)", async () => {
    const problems = [];
    const page = await newPage(chrome.browser, problems, { js: false });
    try {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(url("en/models/chatgpt.html"));
      const state = () =>
        page.evaluate(() => {
          const a = [...document.querySelectorAll("svg.rm-wide a.rm-n")].find((x) => x.textContent.includes("OpenAI"));
          const head = a.closest(".rm-g").querySelector(".rm-head .rm-edge");
          const other = document.querySelector("svg.rm-wide .rm-g:last-child .rm-head .rm-edge");
          const w = (el) => getComputedStyle(el).strokeWidth;
          return { own: w(a.querySelector(".rm-edge")), head: w(head), other: w(other), focused: document.activeElement === a };
        });
      assert.deepEqual(await state(), { own: "1.5px", head: "1.5px", other: "1.5px", focused: false });
      // Keyboard: Tab through the page until the OpenAI node has focus.
      for (let i = 0; i < 200 && !(await state()).focused; i++) await page.keyboard.press("Tab");
      assert.deepEqual(await state(), { own: "3px", head: "3px", other: "1.5px", focused: true });
      await page.evaluate(() => document.activeElement.blur());
      const box = await page.evaluate(() => {
        const a = [...document.querySelectorAll("svg.rm-wide a.rm-n")].find((x) => x.textContent.includes("OpenAI"));
        const r = a.querySelector("text").getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      });
      await page.mouse.move(box.x, box.y);
      const hovered = await state();
      assert.equal(hovered.own, "3px");
      assert.equal(hovered.head, "3px");
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test("the atlas filters work without JavaScript and the script keeps them in the address", async () => {
    for (const js of [false, true]) {
      const problems = [];
      const page = await newPage(chrome.browser, problems, { js });
      try {
        await page.setViewport({ width: 390, height: 900 });
        await page.goto(url("en/atlas.html"));
        const visible = () =>
          page.$$eval(".atlas-rel", (s) => s.filter((x) => x.getBoundingClientRect().height > 0).map((x) => x.id));
        const all = await visible();
        assert.ok(all.includes("rel-developed_by-models-companies") && all.includes("rel-used_in-models-areas"), all.join());
        await page.click('label:has(> #af-r-developed_by)');
        let now = await visible();
        assert.ok(!now.includes("rel-developed_by-models-companies"));
        assert.equal(now.length, all.length - 1);
        await page.click('label:has(> #af-k-areas)');
        now = await visible();
        assert.ok(now.length > 0 && !now.some((id) => id.endsWith("-areas") || id.includes("-areas-")), now.join());
        if (js) {
          assert.match(page.url(), /#filter=af-r-developed_by,af-k-areas$/);
          const shown = await page.$eval(".atlas-shown", (p) => p.textContent);
          const expected = await page.$$eval(".atlas-rel", (s) => s.filter((x) => x.getBoundingClientRect().height > 0).reduce((n, x) => n + Number(x.dataset.count), 0));
          assert.equal(shown, `${expected} relations shown`);
          // The address restores the view.
          await page.reload();
          assert.deepEqual(await visible(), now);
        }
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    }
  });

  test("screen readers get the map as lists of relations and the chart as its table", async () => {
    const page = await chrome.browser.newPage();
    try {
      await page.setViewport({ width: 390, height: 900 });
      await page.goto(url("en/models/chatgpt.html"));
      const tree = await page.accessibility.snapshot({ interestingOnly: false });
      const find = (n, pred, out = []) => {
        if (pred(n)) out.push(n);
        for (const c of n.children || []) find(c, pred, out);
        return out;
      };
      const lists = find(tree, (n) => n.role === "list" && n.name === "Developed by");
      assert.equal(lists.length, 1, "one list per relation type (the hidden drawing is not read)");
      const links = find(lists[0], (n) => n.role === "link").map((n) => n.name);
      assert.deepEqual(links, ["OpenAI"]);
      await page.goto(url("en/report/2-2-1.html"));
      const table = await page.$eval("figure.chart table", (t) => ({
        caption: t.caption.textContent,
        rows: t.tBodies[0].rows.length,
        link: t.querySelector("th a") && t.querySelector("th a").textContent,
      }));
      const bars = await page.$$eval("svg.chart-wide .row-label", (l) => l.length);
      assert.deepEqual(table, { caption: "Data table", rows: bars, link: "BaGuaLu" });
      // Printed: the table is not folded away.
      await page.emulateMediaType("print");
      assert.ok(await page.$eval("figure.chart table", (t) => t.getBoundingClientRect().height > 100));
    } finally {
      await page.close();
    }
  });
});
