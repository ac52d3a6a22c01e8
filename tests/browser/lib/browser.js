// Shared by the whole-site browser tests: builds the real site with `--out`, serves a folder under a
// sub-path over http on 127.0.0.1, launches Debian's Chromium and opens pages while recording problems.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const http = require("node:http");
const { spawnSync } = require("node:child_process");

const puppeteer = require("puppeteer-core");
const { REPO, atlasBinary } = require("./site.js");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

/** Builds the repository's own site (site.toml, content/, themes/) into a fresh temporary folder with
 *  `atlas --root REPO build --out DIR`; `baseUrl` is passed as --base-url. Returns the folder. */
function buildRealSiteOut({ baseUrl, prefix = "atlas-site-" } = {}) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), prefix)), "public");
  const args = ["--root", REPO, "build", "--out", out];
  if (baseUrl) args.push("--base-url", baseUrl);
  const r = spawnSync(atlasBinary(), args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`atlas ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr.slice(-4000)}`);
  return out;
}

/** A static server on 127.0.0.1 that serves `dir` under `base` (e.g. "/repo/"). Missing files get a 404;
 *  with `notFound` (a file inside `dir`, e.g. "404.html") that file is the 404's body, as GitHub Pages
 *  does. `setDir` swaps the folder (to build a site for a port that is already known). */
function serve(dir, { base = "/repo/", notFound = null } = {}) {
  const requests = [];
  let root = dir;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let p = decodeURIComponent(url.pathname);
    requests.push(p);
    const missing = () => {
      const nf = notFound && path.join(root, notFound);
      if (nf && fs.existsSync(nf)) {
        res.writeHead(404, { "content-type": TYPES[".html"] });
        fs.createReadStream(nf).pipe(res);
      } else {
        res.writeHead(404).end("not found");
      }
    };
    if (!p.startsWith(base)) return missing();
    p = p.slice(base.length);
    if (p === "" || p.endsWith("/")) p += "index.html";
    const file = path.join(root, p);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return missing();
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = server.address().port;
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        base: `http://127.0.0.1:${port}${base}`,
        requests,
        setDir: (d) => {
          root = d;
        },
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/** Debian's Chromium, headless, with a throwaway profile. Returns {browser, close}. */
async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (tests/browser/run.sh installs it)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    protocolTimeout: 300000,
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
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new page that records console errors and warnings, page errors, failed requests and HTTP errors
 *  into `problems`. `ignore(text)` drops an expected message. */
async function newPage(browser, problems, { js = true, ignore = () => false } = {}) {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(js);
  const add = (s) => {
    if (!ignore(s)) problems.push(s);
  };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") add(`console ${m.type()}: ${m.text()} (${page.url()})`);
  });
  page.on("pageerror", (e) => add(`page error: ${e.message} (${page.url()})`));
  page.on("requestfailed", (r) => add(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) add(`HTTP ${r.status()}: ${r.url()}`);
  });
  return page;
}

module.exports = { REPO, CHROMIUM, buildRealSiteOut, serve, launch, newPage };
