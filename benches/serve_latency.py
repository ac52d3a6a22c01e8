#!/usr/bin/env python3
"""Measures `atlas serve`: from saving one page to the reload message, and how many files the
edit re-rendered against a full build.

usage: benches/serve_latency.py SITE_DIR PAGE_FILE [--runs N] [--edit body|title|heading] [--atlas PATH]
--edit: append a paragraph (body), change the front matter's title, or rename the first `## ` heading
(the page must have one that no other page links to).
SITE_DIR is copied to a temporary folder first, so the original is never touched.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.request

p = argparse.ArgumentParser()
p.add_argument("site"); p.add_argument("page", help="path of a .md file relative to SITE_DIR")
p.add_argument("--runs", type=int, default=5)
p.add_argument("--edit", choices=["body", "title", "heading"], default="body")
p.add_argument("--atlas", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "atlas"))
a = p.parse_args()

tmp = tempfile.mkdtemp(prefix="atlas-serve-bench-")
site = os.path.join(tmp, "site")
shutil.copytree(a.site, site, ignore=shutil.ignore_patterns("public", "target", ".git", "node_modules"))
proc = subprocess.Popen([a.atlas, "--root", site, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
lines = []
def pump():
    for line in proc.stdout:
        lines.append(line.strip())
threading.Thread(target=pump, daemon=True).start()
deadline = time.time() + 600
while not any(l.startswith("serving at") for l in lines):
    if time.time() > deadline: sys.exit("serve did not start")
    time.sleep(0.05)
url = re.search(r"http://\S+", [l for l in lines if l.startswith("serving at")][0]).group(0)
full = [l for l in lines if l.startswith("rebuilt")][0]
page = os.path.join(site, a.page)
original = open(page, encoding="utf-8").read()
latencies, rendered = [], []
try:
    for i in range(a.runs):
        body = urllib.request.urlopen(url + "index.html").read().decode()
        version = re.search(r"var v=(\d+)", body).group(1)
        result = {}
        def wait():
            result["v"] = urllib.request.urlopen(f"{url}__atlas/wait?v={version}", timeout=600).read().decode()
            result["t"] = time.perf_counter()
        t = threading.Thread(target=wait); t.start(); time.sleep(0.3)
        start = time.perf_counter()
        if a.edit == "body":
            edited = original + f"\n\nEdit number {i}.\n"
        elif a.edit == "title":
            edited = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} (edit {i})"', original, count=1, flags=re.M)
        else:
            edited = re.sub(r'^## (.*)$', lambda m: f'## {m.group(1)} edit {i}', original, count=1, flags=re.M)
        assert edited != original, "the edit changed nothing"
        with open(page, "w", encoding="utf-8") as f:
            f.write(edited)
        t.join()
        latencies.append((result["t"] - start) * 1000)
        time.sleep(0.3)
        rendered.append([l for l in lines if l.startswith("rebuilt")][-1])
finally:
    proc.terminate(); shutil.rmtree(tmp, ignore_errors=True)
print(f"full build on start: {full}")
print(f"save → reload message: median {statistics.median(latencies):.0f} ms, runs {[round(x) for x in latencies]}")
print(f"one-page edit: {rendered[-1]}")
