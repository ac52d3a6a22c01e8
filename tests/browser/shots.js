// Screenshots of the relation maps, the whole-atlas view and a chart, for looking at them (not a
// test): node tests/browser/shots.js OUT_DIR [SITE_DIR]. Builds the real site unless SITE_DIR is given.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { buildRealSiteOut, launch } = require("./lib/browser.js");

const SHOTS = [
  { name: "chatgpt", path: (l) => `${l}/models/chatgpt.html`, el: ".map-scroll" },
  { name: "baidu", path: (l) => `${l}/companies/baidu.html`, el: ".map-scroll" },
  { name: "games", path: (l) => `${l}/areas/games.html`, el: ".map-scroll" },
  { name: "atlas", path: (l) => `${l}/atlas.html`, el: null },
  { name: "chart-2-2-1", path: (l) => `${l}/report/2-2-1.html`, el: "figure.chart" },
];

(async () => {
  const out = process.argv[2];
  const site = process.argv[3] || buildRealSiteOut();
  fs.mkdirSync(out, { recursive: true });
  const { browser, close } = await launch();
  try {
    const page = await browser.newPage();
    for (const lang of ["zh", "en"]) {
      for (const shot of SHOTS) {
        for (const width of [390, 1280]) {
          for (const scheme of ["light", "dark"]) {
            await page.setViewport({ width, height: 900 });
            await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
            await page.goto("file://" + path.join(site, shot.path(lang)), { waitUntil: "load" });
            const file = path.join(out, `${lang}-${shot.name}-${width}-${scheme}.png`);
            if (shot.el) {
              const el = await page.$(shot.el);
              if (!el) continue;
              await el.screenshot({ path: file });
            } else {
              await page.screenshot({ path: file, fullPage: false, clip: { x: 0, y: 0, width, height: 2400 } });
            }
          }
        }
      }
    }
  } finally {
    await close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
