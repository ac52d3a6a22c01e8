// The W3C Nu HTML checker (vnu.jar from the npm package vnu-jar, run on the machine's Java) over every
// page of a freshly built copy of the real site: 0 errors.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const { buildRealSiteOut } = require("./lib/browser.js");
const { rmTree } = require("./lib/site.js");

const VNU = path.join(__dirname, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out;
}

let out;
test.after(() => rmTree(out && path.dirname(out)));

test("vnu reports 0 errors on every page of the real site", () => {
  assert.ok(fs.existsSync(VNU), `${VNU} is installed (npm ci in tests/browser)`);
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  assert.equal(java.status, 0, "java runs (tests/browser/run.sh installs default-jre-headless)");

  out = buildRealSiteOut({ prefix: "atlas-vnu-" });
  const files = htmlFiles(out);
  assert.ok(files.length > 100, `the real site has pages (${files.length})`);

  const r = spawnSync(
    "java",
    ["-Xss16m", "-jar", VNU, "--errors-only", "--skip-non-html", "--format", "json", out],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }
  );
  assert.ok(r.status === 0 || r.status === 1, `vnu ran (status ${r.status}):\n${r.stderr.slice(-2000)}`);
  const messages = JSON.parse(r.stderr || r.stdout || '{"messages":[]}').messages;
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
  const checked = new Set(files);
  console.log(`vnu checked ${checked.size} HTML files: ${errors.length} errors`);
  const show = errors
    .slice(0, 40)
    .map((m) => `${path.relative(out, (m.url || "").replace(/^file:/, ""))}:${m.lastLine}: ${m.message}`);
  assert.equal(errors.length, 0, `vnu errors:\n${show.join("\n")}`);
  assert.equal(r.status, 0, "vnu exits 0");
});
