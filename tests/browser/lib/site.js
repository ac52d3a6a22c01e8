// Builds an LLM Atlas site into a temporary folder with the release binary, for the search tests
// and the search benchmark. Nothing here writes into the repository.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");

const REPO = path.resolve(__dirname, "..", "..", "..");
// Where cargo puts it: `CARGO_TARGET_DIR` when set (relative to the repository, as cargo reads it).
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, "target");
const BIN = path.join(TARGET, "release", "atlas");
const FIXTURE = path.join(REPO, "tests", "fixtures", "search");

/** The release binary, built with cargo if it is missing. */
function atlasBinary() {
  if (!fs.existsSync(BIN)) {
    execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: REPO, stdio: "inherit" });
  }
  return BIN;
}

function tmpDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function build(root) {
  return spawnSync(atlasBinary(), ["--root", root, "build"], { encoding: "utf8" });
}

/** Opens the search index of `lang` in `publicDir` as the browser does (the manifest, then the
 *  term and document files a query asks for), in one vm context. Returns {manifest, search(q,
 *  opts), loaded: {files, bytes}}: what the queries so far have loaded. */
function openIndex(publicDir, lang, S) {
  const vm = require("node:vm");
  const ctx = { window: {} };
  const loaded = { files: [], bytes: 0 };
  const run = (rel) => {
    const file = path.join(publicDir, lang, rel);
    const src = fs.readFileSync(file, "utf8");
    loaded.files.push(rel);
    loaded.bytes += Buffer.byteLength(src);
    vm.runInNewContext(src, ctx);
  };
  run("search-index.js");
  const manifest = ctx.window.ATLAS_SEARCH[lang];
  const search = (q, opts) => {
    for (;;) {
      const r = S.searchShards(manifest, q, opts);
      if (!r.missing) return r;
      r.missing.t.forEach((i) => run(`search/t${i}.js`));
      r.missing.d.forEach((i) => run(`search/d${i}.js`));
    }
  };
  return { manifest, search, loaded };
}

/** Copies `siteDir` (site.toml + content/) and the repository's themes/ into a temporary folder,
 *  builds it and returns {root, public}. Throws with the build's output if it fails. */
function buildSite(siteDir = FIXTURE, prefix = "atlas-search-") {
  const root = tmpDir(prefix);
  fs.copyFileSync(path.join(siteDir, "site.toml"), path.join(root, "site.toml"));
  fs.cpSync(path.join(siteDir, "content"), path.join(root, "content"), { recursive: true });
  fs.cpSync(path.join(REPO, "themes"), path.join(root, "themes"), { recursive: true });
  const r = build(root);
  if (r.status !== 0) {
    throw new Error(`atlas build failed in ${root}:\n${r.stdout}\n${r.stderr}`);
  }
  return { root, public: path.join(root, "public"), log: r.stdout };
}

/** Builds the real site (the repository's site.toml and content/) in a temporary folder. While
 *  content is still being written some link and relation targets may not exist yet; each missing
 *  target then gets a stub page (an area titled by its slug) in the temporary copy only, so the
 *  rest of the site can be built and measured. Returns {root, public, stubs}. */
function buildRealSite() {
  const root = tmpDir("atlas-real-");
  fs.copyFileSync(path.join(REPO, "site.toml"), path.join(root, "site.toml"));
  fs.cpSync(path.join(REPO, "content"), path.join(root, "content"), { recursive: true });
  fs.cpSync(path.join(REPO, "themes"), path.join(root, "themes"), { recursive: true });
  const stubs = new Set();
  for (let attempt = 0; attempt < 4; attempt++) {
    const r = build(root);
    if (r.status === 0) return { root, public: path.join(root, "public"), stubs: [...stubs], log: r.stdout };
    const missing = new Set();
    const re = /unknown (?:link|relation) target `(?:\[\[)?([^`\]|#]+)/g;
    let m;
    while ((m = re.exec(r.stderr))) missing.add(m[1].trim());
    const fresh = [...missing].filter((t) => /^([a-z]+\/)?[a-z0-9][a-z0-9-]*$/.test(t) && !stubs.has(t));
    if (!fresh.length) throw new Error(`atlas build of the real site failed:\n${r.stderr.slice(-4000)}`);
    for (const t of fresh) {
      const [kind, slug] = t.includes("/") ? t.split("/") : ["areas", t];
      const dir = path.join(root, "content", kind, slug);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "meta.toml"), 'sections = ["核心观点"]\n');
      for (const lang of ["zh", "en"]) {
        fs.writeFileSync(
          path.join(dir, `${lang}.md`),
          `+++\ntitle = "${slug}"\ndescription = "stub"\n+++\n\nstub\n`
        );
      }
      stubs.add(t);
    }
  }
  throw new Error("atlas build of the real site still fails after adding stubs");
}

function rmTree(dir) {
  if (dir && dir.startsWith(os.tmpdir())) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { openIndex, REPO, FIXTURE, atlasBinary, buildSite, buildRealSite, rmTree };
