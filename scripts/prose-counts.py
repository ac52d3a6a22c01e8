#!/usr/bin/env python3
"""Counts, in a built site (default: public/), the prose patterns of issue 17: link text that
reads as a slide title inside a sentence, doubled names and words, spaces between Chinese text and
links, and terms the glossary (site.toml [[terms]]) marks as avoided. Re-run after a build:
    python3 scripts/prose-counts.py [public]
Pages are read as HTML; scripts, styles and the search index are left out. Every page counts,
backlink snippets included (a reader sees them), except the print edition (it repeats them)."""
import html, os, re, sys

root = sys.argv[1] if len(sys.argv) > 1 else "public"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_TITLE = r"\d+(?:\.\d+)*[a-z]?\s+[^<]+"          # "1.3.1 GPT-4 简介…": a slide number, then words
LINK = r"<a\b[^>]*>(%s)</a>"

def pages(lang):
    for d, _, files in os.walk(os.path.join(root, lang)):
        for f in sorted(files):
            # The print edition repeats every page: counted once, on the pages.
            if f.endswith(".html") and f != "print.html":
                t = open(os.path.join(d, f), encoding="utf-8").read()
                t = re.sub(r"<(script|style)\b.*?</\1>", "", t, flags=re.S)
                yield t

def text(h):
    return html.unescape(re.sub(r"<[^>]+>", "", h))

avoided = []
try:
    import tomllib
    for term in tomllib.load(open("site.toml", "rb")).get("terms", []):
        for lang, words in term.get("avoid", {}).items():
            avoided += [(lang, w) for w in words]
except Exception:
    pass
avoided = avoided or [("zh", w) for w in ["语境纠错", "指令微调", "小样本", "语境学习"]]

counts = {}
def add(k, n): counts[k] = counts.get(k, 0) + n
for lang in ["en", "zh"]:
    for h in pages(lang):
        t = text(h)
        if lang == "en":
            add("en: section/slide + full slide title", len(re.findall(r"\b(?:[Ss]ections?|[Ss]lides?)\s+" + LINK % FULL_TITLE, h)))
            add("en: Tencent's Tencent", t.count("Tencent's Tencent"))
            add("en: doubled words (X X)", len(re.findall(r"\b([A-Za-z]{2,}) \1\b", t)))
            add("en: X (X) doubles", len(re.findall(r"\b([A-Z][\w-]*(?: [\w-]+){0,3}) \(\1\)", t)))
        else:
            add("zh: 第 + full slide title + 节", len(re.findall(r"第\s*" + LINK % FULL_TITLE + r"(?:[^。；<]{0,3}" + LINK % FULL_TITLE + r")*\s*节", h)))
            add("zh: X（X） doubles", len(re.findall(r"([^\s（）。，、；：]{2,})（\1）", t)) + len(re.findall(r"（([^（）]+)）（\1）", t)))
            add("zh: doubled words (X X)", len(re.findall(r"([%s]{2,}) \1" % HAN, t)))
            add("zh: space between Han and a link", len(re.findall(r"[%s] <a\b[^>]*>[%s]" % (HAN, HAN), h)) + len(re.findall(r"[%s]</a> [%s]" % (HAN, HAN), h)))
            add("zh: space between Han and a link (any link text)", len(re.findall(r"[%s] <a\b[^>]*>" % HAN, h)) + len(re.findall(r"</a> [%s]" % HAN, h)))
        for l, w in avoided:
            if l == lang:
                add("%s: avoided term %s" % (lang, w), t.count(w))
for k in sorted(counts):
    print("%6d  %s" % (counts[k], k))
