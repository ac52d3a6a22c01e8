/* LLM Atlas: reading aids. Everything here is an extra: every page works without it.
 *
 *  - the site tree shows the current page (scrolled into view in the sidebar or the phone menu);
 *    Escape closes the phone menu;
 *  - "On this page" marks the section being read;
 *  - ← and → go to the previous and next section (the page's rel=prev / rel=next links);
 *  - link previews: pointing at (or keyboard-focusing) a link to another page of the site shows its
 *    title, kind, description and first facts, from `<lang>/previews.js` (a plain script, so it
 *    loads from file:// too), loaded on the first hover. Nothing happens on touch.
 *
 * A plain script (no modules, no fetch); the pure helpers are exported for Node tests.
 */
(function () {
  "use strict";

  /** The key of a page in the preview data (its path below the site root), or null when `href`
   *  (resolved against `base`) is not a page of the site under `root` or is `base` itself. */
  function pageKey(href, base, root) {
    var url, top;
    try {
      url = new URL(href, base);
      top = new URL(root || "./", base);
    } catch (e) {
      return null;
    }
    if (url.protocol !== top.protocol || url.host !== top.host) return null;
    var here = new URL(base);
    if (url.pathname === here.pathname && url.search === here.search) return null;
    if (url.pathname.indexOf(top.pathname) !== 0) return null;
    var key = url.pathname.slice(top.pathname.length);
    try {
      key = decodeURIComponent(key);
    } catch (e) {
      return null;
    }
    return /\.html$/.test(key) ? key : null;
  }

  /** Index of the section being read: the last of `tops` (heading positions relative to the
   *  viewport, in document order) at or above `line`; 0 before the first. */
  function currentSection(tops, line) {
    var current = 0;
    for (var i = 0; i < tops.length; i++) {
      if (tops[i] <= line) current = i;
      else break;
    }
    return current;
  }

  var api = { pageKey: pageKey, currentSection: currentSection };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window === "undefined" || typeof document === "undefined") return;

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // ------------------------------------------------------------------ site tree

  function revealCurrent(tree) {
    var cur = tree.querySelector('[aria-current="page"]');
    if (!cur || tree.scrollHeight <= tree.clientHeight) return;
    var r = cur.getBoundingClientRect();
    var t = tree.getBoundingClientRect();
    if (r.top < t.top || r.bottom > t.bottom - 24) {
      tree.scrollTop += r.top - t.top - tree.clientHeight / 3;
    }
  }

  function startTree() {
    var menu = document.querySelector(".sidebar");
    var tree = menu && menu.querySelector(".tree");
    if (!tree) return;
    revealCurrent(tree);
    menu.addEventListener("toggle", function () {
      if (menu.open) revealCurrent(tree);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open && getComputedStyle(menu.querySelector("summary")).display !== "none") {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // ------------------------------------------------------------------ on this page

  function startSpy() {
    var links = Array.prototype.slice.call(document.querySelectorAll('.toc a[href^="#"]'));
    var targets = links.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    if (!links.length || targets.some(function (t) { return !t; })) return;
    var header = document.querySelector(".site-header");
    var last = -1;
    var queued = false;
    function update() {
      queued = false;
      var line = (header ? header.offsetHeight : 0) + window.innerHeight * 0.2;
      var tops = targets.map(function (t) { return t.getBoundingClientRect().top; });
      var i = currentSection(tops, line);
      if (i === last) return;
      if (last >= 0) links[last].removeAttribute("aria-current");
      links[i].setAttribute("aria-current", "true");
      last = i;
    }
    window.addEventListener("scroll", function () {
      if (!queued) {
        queued = true;
        window.requestAnimationFrame(update);
      }
    }, { passive: true });
    update();
  }

  // ------------------------------------------------------------------ ← / →

  function typing(t) {
    var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    return tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable);
  }

  /** Whether `el` or an ancestor scrolls sideways (a wide table or map): arrows belong to it. */
  function inScroller(el) {
    for (; el && el !== document.body; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1) {
        var o = getComputedStyle(el).overflowX;
        if (o === "auto" || o === "scroll") return true;
      }
    }
    return false;
  }

  function startKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      if (typing(e.target) || inScroller(e.target) || document.querySelector("dialog[open]")) return;
      var link = document.querySelector(e.key === "ArrowLeft" ? 'a[rel="prev"]' : 'a[rel="next"]');
      if (!link) return;
      e.preventDefault();
      window.location.href = link.href;
    });
  }

  // ------------------------------------------------------------------ link previews

  function startPreviews() {
    var body = document.body;
    var lang = body.getAttribute("data-lang") || "";
    var src = body.getAttribute("data-previews");
    var root = body.getAttribute("data-root") || "";
    if (!src) return;
    var data = null;
    var loading = false;
    var box = null;
    var owner = null;
    var showTimer = 0;
    var hideTimer = 0;
    // Links in the chrome lead where the reader is already looking; previews are for the text.
    var SKIP = ".site-header, .breadcrumbs, .toc, .prevnext, .search-dialog, .preview, .langs";

    function load(then) {
      if (data) return then();
      var have = window.ATLAS_PREVIEWS && window.ATLAS_PREVIEWS[lang];
      if (have) {
        data = have;
        return then();
      }
      if (loading) return;
      loading = true;
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () {
        data = (window.ATLAS_PREVIEWS && window.ATLAS_PREVIEWS[lang]) || {};
        then();
      };
      s.onerror = function () {
        data = {};
      };
      document.head.appendChild(s);
    }

    function linkOf(target) {
      var a = target && target.closest ? target.closest("a[href]") : null;
      if (!a || a.closest(SKIP)) return null;
      return a;
    }

    function hide() {
      clearTimeout(showTimer);
      if (box) box.hidden = true;
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
    }

    function place(a) {
      var r = a.getBoundingClientRect();
      var w = box.offsetWidth;
      var h = box.offsetHeight;
      var vw = document.documentElement.clientWidth;
      var left = Math.max(8, Math.min(r.left, vw - w - 8));
      var below = r.bottom + 8;
      var top = below + h > window.innerHeight && r.top - h - 8 > 0 ? r.top - h - 8 : below;
      box.style.left = left + window.scrollX + "px";
      box.style.top = top + window.scrollY + "px";
    }

    function show(a) {
      var key = pageKey(a.getAttribute("href"), window.location.href, root);
      var p = key && data[key];
      if (!p) return;
      if (!box) {
        box = document.createElement("div");
        box.className = "preview";
        box.id = "atlas-preview";
        box.setAttribute("role", "tooltip");
        box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
        box.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 200); });
        body.appendChild(box);
      }
      var html = '<span class="preview-kind">' + escapeHtml(p.k) + '</span><span class="preview-title">' +
        escapeHtml(p.t) + "</span>";
      if (p.d) html += '<span class="preview-desc">' + escapeHtml(p.d) + "</span>";
      if (p.f && p.f.length) {
        html += "<dl>" + p.f.map(function (f) {
          return "<dt>" + escapeHtml(f[0]) + "</dt><dd>" + escapeHtml(f[1]) + "</dd>";
        }).join("") + "</dl>";
      }
      box.innerHTML = html;
      box.hidden = false;
      place(a);
      owner = a;
      a.setAttribute("aria-describedby", box.id);
    }

    function schedule(a, delay) {
      clearTimeout(hideTimer);
      clearTimeout(showTimer);
      if (owner === a) return;
      showTimer = setTimeout(function () {
        load(function () {
          hide();
          show(a);
        });
      }, delay);
    }

    document.addEventListener("pointerover", function (e) {
      if (e.pointerType !== "mouse") return;
      var a = linkOf(e.target);
      if (a) schedule(a, 350);
    });
    document.addEventListener("pointerout", function (e) {
      if (e.pointerType !== "mouse") return;
      var a = linkOf(e.target);
      if (!a || (e.relatedTarget && a.contains(e.relatedTarget))) return;
      clearTimeout(showTimer);
      if (owner === a) hideTimer = setTimeout(hide, 200);
    });
    document.addEventListener("focusin", function (e) {
      var a = linkOf(e.target);
      if (a && a.matches(":focus-visible")) schedule(a, 150);
    });
    document.addEventListener("focusout", function () {
      clearTimeout(showTimer);
      if (owner) hide();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && owner) hide();
    });
    window.addEventListener("pagehide", hide);
  }

  function start() {
    startTree();
    startSpy();
    startKeys();
    startPreviews();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
