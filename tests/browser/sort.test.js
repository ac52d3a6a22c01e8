// The sortable comparison tables (themes/atlas/static/sort.js): the pure ordering in Node, and the
// enhancement in headless Chromium on the `graph` fixture (tests/fixtures/graph) built into a temporary
// folder: heading buttons, aria-sort, row order after clicks and keys, empty cells last, the hint, and the
// table as built when JavaScript is off.
"use strict";

const { describe, test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const { order } = require(path.join(__dirname, "..", "..", "themes", "atlas", "static", "sort.js"));
const { buildSite, rmTree } = require("./lib/site.js");
const { REPO, launch, newPage } = require("./lib/browser.js");

describe("order", () => {
  test("numbers by value, empty keys last in either direction, stable", () => {
    const keys = ["175000000000", "", "1000000000000", "12.5", "", "12.5"];
    assert.deepEqual(order(keys, true, false, "en"), [3, 5, 0, 2, 1, 4]);
    assert.deepEqual(order(keys, true, true, "en"), [2, 0, 3, 5, 1, 4]);
  });
  test("dates written as YYYYMMDD numbers: a year before its months", () => {
    assert.deepEqual(order(["20221130", "20220000", "20221200", "20200500"], true, false, "en"), [3, 1, 0, 2]);
  });
  test("texts by the page's language, digits as numbers", () => {
    assert.deepEqual(order(["GPT-4", "GPT-10", "BERT", ""], false, false, "en"), [2, 0, 1, 3]);
    assert.deepEqual(order(["b", "a", "c"], false, true, "en"), [2, 0, 1]);
  });
});

describe("comparison tables in the browser", () => {
  let site, chrome;
  const problems = [];
  before(async () => {
    site = buildSite(path.join(REPO, "tests", "fixtures", "graph"), "atlas-sort-");
    chrome = await launch();
  });
  after(async () => {
    if (chrome) await chrome.close();
    if (site) rmTree(site.root);
  });

  const url = () => pathToFileURL(path.join(site.public, "en", "report", "overview.html")).href;
  /** The first table's row names, its headings' aria-sort, and whether the hint shows. */
  const state = (page) =>
    page.$eval("table[data-sortable]", (t) => ({
      rows: [...t.tBodies[0].rows].map((r) => r.cells[0].textContent),
      sort: [...t.tHead.rows[0].cells].map((c) => c.getAttribute("aria-sort") || ""),
      buttons: t.tHead.querySelectorAll("button.sort-button").length,
      hint: !t.querySelector(".sort-hint").hidden,
    }));

  test("headings become buttons that sort by their column", async () => {
    const page = await newPage(chrome.browser, problems);
    await page.goto(url(), { waitUntil: "load" });
    let s = await state(page);
    assert.equal(s.buttons, 6);
    assert.ok(s.hint);
    // As built: parameters, descending.
    assert.deepEqual(s.rows, ["Beta", "Alpha"]);
    assert.deepEqual(s.sort, ["", "", "descending", "", "", ""]);
    const buttons = await page.$$("table[data-sortable] thead button");
    await buttons[2].click();
    s = await state(page);
    assert.deepEqual(s.rows, ["Alpha", "Beta"]);
    assert.deepEqual(s.sort, ["", "", "ascending", "", "", ""]);
    // Share: Beta has none, so it stays last both ways.
    await buttons[4].click();
    assert.deepEqual((await state(page)).rows, ["Alpha", "Beta"]);
    await buttons[4].click();
    s = await state(page);
    assert.deepEqual(s.rows, ["Alpha", "Beta"]);
    assert.equal(s.sort[4], "descending");
    // By keyboard: the name column, then again for descending.
    await buttons[0].focus();
    await page.keyboard.press("Enter");
    assert.deepEqual((await state(page)).rows, ["Alpha", "Beta"]);
    await page.keyboard.press("Space");
    s = await state(page);
    assert.deepEqual(s.rows, ["Beta", "Alpha"]);
    assert.deepEqual(s.sort, ["descending", "", "", "", "", ""]);
    await page.close();
    assert.deepEqual(problems, []);
  });

  test("without JavaScript the table stays as built", async () => {
    const page = await newPage(chrome.browser, problems, { js: false });
    await page.goto(url(), { waitUntil: "load" });
    const s = await state(page);
    assert.equal(s.buttons, 0);
    assert.ok(!s.hint);
    assert.deepEqual(s.rows, ["Beta", "Alpha"]);
    await page.close();
  });
});
