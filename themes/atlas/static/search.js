/* LLM Atlas: client-side search.
 *
 * A plain script (no modules, no fetch, no WebAssembly), so it works from file:// as well as over
 * http. The index of the page's language is cut into scripts (see "the sharded index" below):
 * `<lang>/search-index.js`, a small manifest inserted when the reader starts to search, then the
 * term files of a query's words and the document files of the results shown, each inserted as a
 * <script> when a query first needs it.
 *
 * Documents (written by src/search.rs): {t: title, k: kind, u: path from the site root, a: names
 * and aliases in every language, d: description, b: [[heading id, heading, text], ...]}. `prepare`
 * and `search` work on a list of them held whole (an index of {segmentation, stemming, docs});
 * `searchShards` on the manifest and its files, with the same matching and ranking.
 *
 * Matching:
 *  - Latin script and digits: words, case-insensitive, whole or as a prefix; with stemming
 *    "english", a light English stemmer (models = model). Compounds such as GPT-4, GPT-3.5, 175B,
 *    ChatGPT stay whole; their parts (gpt, 3.5) are indexed too, at a lower weight.
 *  - Chinese and Japanese (CJK) runs: with segmentation "cjk-runs", substring search, so any 2+
 *    character query finds the pages containing it; with "words", a run is a word, found whole or
 *    from its start. In titles and aliases (names given in every language) CJK is always found
 *    inside runs. A query of a single character only matches titles and aliases.
 *  - Every query term must match (if none match them all, pages matching the most terms are shown).
 * Ranking: title > aliases > headings > description > body text, plus bonuses for a title or alias
 * that equals or starts with the whole query.
 *
 * The pure functions are exported for Node (tests/browser/) through module.exports.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------------ text

  var CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af";
  var WORD = "0-9a-z\\u00b5\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff";
  // A word: letters and digits, joined by inner - . _ ' + (GPT-4, GPT-3.5, text-davinci-003, o'clock),
  // with trailing + kept (C++).
  var WORD_SRC = "[" + WORD + "]+(?:[-._'+][" + WORD + "]+)*\\+*";
  var CJK_SRC = "[" + CJK + "]+";
  var TOKEN_RE = new RegExp(WORD_SRC + "|" + CJK_SRC, "g");
  var CJK_RE = new RegExp("^[" + CJK + "]");
  var PART_SPLIT = /[-_'+]+/;

  /** Lower-cases and folds full-width forms and dash/quote variants, keeping the length (so
   *  offsets in the result are offsets in the input). */
  function normalize(s) {
    s = String(s == null ? "" : s);
    var low = s.toLowerCase();
    if (low.length !== s.length) {
      // A few characters lower-case to two code units (İ); go one by one.
      var parts = [];
      for (var j = 0; j < s.length; j++) {
        var l = s[j].toLowerCase();
        parts.push(l.length === 1 ? l : s[j]);
      }
      low = parts.join("");
    }
    var out = null;
    for (var i = 0; i < low.length; i++) {
      var c = low.charCodeAt(i);
      var r = c;
      if (c >= 0xff01 && c <= 0xff5e) r = c - 0xfee0; // full-width ASCII
      else if (c === 0x3000) r = 0x20; // ideographic space
      else if (c >= 0x2010 && c <= 0x2012) r = 0x2d; // hyphens
      else if (c === 0x2019 || c === 0x2018) r = 0x27; // curly apostrophes
      if (r !== c) {
        if (!out) out = low.split("");
        out[i] = String.fromCharCode(r).toLowerCase();
      }
    }
    return out ? out.join("") : low;
  }

  function isCjk(term) {
    return CJK_RE.test(term);
  }

  /** Whether a CJK match at `at` in `text` counts: anywhere inside a run, or with `words` only
   *  at the start of a run. */
  function cjkStart(text, at, words) {
    return !words || at === 0 || !CJK_RE.test(text.charAt(at - 1));
  }

  /** How an index matches, from its settings: {words: CJK runs are words, stem: the stemmer}.
   *  Without settings (a bare list of entries), the defaults "cjk-runs" and "english". */
  function styleOf(settings) {
    settings = settings || {};
    return {
      words: settings.segmentation === "words",
      stem: settings.stemming === "none" ? same : stem
    };
  }

  var DEFAULT_STYLE = styleOf();

  function same(w) {
    return w;
  }

  /** A light English stemmer, applied to index and query alike: plurals, -ing, -ed, final e. */
  var stemCache = new Map();

  function stem(w) {
    var c = stemCache.get(w);
    if (c === undefined) {
      c = stemWord(w);
      if (stemCache.size > 50000) stemCache.clear();
      stemCache.set(w, c);
    }
    return c;
  }

  function stemWord(w) {
    if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) return w.slice(0, -3) + "y";
    if (/(?:ss|us|is)$/.test(w)) return w;
    if (/(?:sses|xes|ches|shes|zes)$/.test(w)) w = w.slice(0, -2);
    else if (/s$/.test(w)) w = w.slice(0, -1);
    else if (/ing$/.test(w) && w.length > 5) w = undouble(w.slice(0, -3));
    else if (/ed$/.test(w) && w.length > 4) w = undouble(w.slice(0, -2));
    if (/e$/.test(w) && w.length > 4) w = w.slice(0, -1);
    return w;
  }

  function undouble(w) {
    return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
  }

  /** Splits normalized text into tokens {t, s, e, cjk, part}: Latin words (whole compounds, then
   *  their parts when they have several) and runs of CJK characters. */
  function tokenize(norm) {
    var out = [];
    var m;
    TOKEN_RE.lastIndex = 0;
    while ((m = TOKEN_RE.exec(norm))) {
      var t = m[0];
      var s = m.index;
      if (isCjk(t)) {
        out.push({ t: t, s: s, e: s + t.length, cjk: true, part: false });
        continue;
      }
      // Possessive: OpenAI's -> openai.
      if (t.length > 2 && /'s$/.test(t)) t = t.slice(0, -2);
      out.push({ t: t, s: s, e: s + t.length, cjk: false, part: false });
      if (PART_SPLIT.test(t)) {
        var re = /[^-_'+]+/g;
        var p;
        while ((p = re.exec(t))) {
          if (p[0] !== t) out.push({ t: p[0], s: s + p.index, e: s + p.index + p[0].length, cjk: false, part: true });
        }
      }
    }
    return out;
  }

  /** The terms of a query, in order, without duplicates: [{t, cjk}]. */
  function queryTerms(query) {
    var seen = {};
    var out = [];
    tokenize(normalize(query)).forEach(function (tok) {
      if (tok.part) return;
      var t = tok.t.replace(/[.]+$/, "");
      if (!t || seen[t]) return;
      seen[t] = true;
      out.push({ t: t, cjk: tok.cjk });
    });
    return out;
  }

  // ------------------------------------------------------------------ index

  var F_TITLE = 0, F_ALIAS = 1, F_HEADING = 2, F_DESC = 3, F_BODY = 4;
  var WEIGHT = [100, 90, 40, 25, 10];
  var Q_EXACT = 1, Q_STEM = 0.9, Q_PREFIX = 0.7, PART_FACTOR = 0.85;

  /** Builds the search structures from one language's index ({segmentation, stemming, docs}, or
   *  a bare list of entries, read with the default settings). */
  function prepare(index) {
    var settings = index && !Array.isArray(index) ? index : null;
    var docs = (settings ? settings.docs : index) || [];
    var style = styleOf(settings);
    var fields = []; // {d: doc, k: field kind, i: block, n: normalized text}
    var terms = new Map(); // term -> {w: [field ids], p: [field ids]}
    function add(d, k, i, text) {
      if (!text) return;
      var id = fields.length;
      var n = normalize(text);
      fields.push({ d: d, k: k, i: i, n: n });
      tokenize(n).forEach(function (tok) {
        if (tok.cjk) return;
        var e = terms.get(tok.t);
        if (!e) terms.set(tok.t, (e = { w: [], p: [] }));
        (tok.part ? e.p : e.w).push(id);
      });
    }
    var spans = []; // per doc: its fields are fields[spans[d][0] .. spans[d][1])
    docs.forEach(function (doc, d) {
      var from = fields.length;
      add(d, F_TITLE, -1, doc.t);
      (doc.a || []).forEach(function (a) { add(d, F_ALIAS, -1, a); });
      add(d, F_DESC, -1, doc.d);
      (doc.b || []).forEach(function (b, i) {
        add(d, F_HEADING, i, b[1]);
        add(d, F_BODY, i, b[2]);
      });
      spans.push([from, fields.length]);
    });
    var vocab = Array.from(terms.keys()).sort();
    var stems = new Map();
    vocab.forEach(function (v) {
      var s = style.stem(v);
      var l = stems.get(s);
      if (!l) stems.set(s, (l = []));
      l.push(v);
    });
    var titles = docs.map(function (doc) { return normalize(doc.t).trim(); });
    var aliases = docs.map(function (doc) { return (doc.a || []).map(function (a) { return normalize(a).trim(); }); });
    return { docs: docs, style: style, fields: fields, spans: spans, terms: terms, vocab: vocab, stems: stems, titles: titles, aliases: aliases };
  }

  function lowerBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How well query term q matches index word v: 1 exact, 0.9 same stem, 0.7 prefix, 0 not. */
  function wordQuality(q, v, style) {
    if (v === q) return Q_EXACT;
    if (style.stem(v) === style.stem(q)) return Q_STEM;
    if (q.length >= 2 && v.lastIndexOf(q, 0) === 0) return Q_PREFIX;
    return 0;
  }

  /** Index words matching Latin term q, with their quality: Map word -> quality. */
  function matchingWords(ix, q) {
    var out = new Map();
    if (ix.terms.has(q)) out.set(q, Q_EXACT);
    (ix.stems.get(ix.style.stem(q)) || []).forEach(function (v) {
      if (!out.has(v)) out.set(v, Q_STEM);
    });
    for (var i = lowerBound(ix.vocab, q); i < ix.vocab.length; i++) {
      var v = ix.vocab[i];
      if (v.lastIndexOf(q, 0) !== 0) break;
      if (!out.has(v)) out.set(v, Q_PREFIX);
    }
    return out;
  }

  /** Per document, the score of one term: Map doc -> {s: score, hits, top: best field kind}. */
  function scoreTerm(ix, term) {
    var best = new Map();
    function hit(fieldId, quality) {
      var f = ix.fields[fieldId];
      var s = WEIGHT[f.k] * quality;
      var cur = best.get(f.d);
      if (!cur) best.set(f.d, (cur = { s: 0, hits: 0, top: f.k, blocks: [] }));
      cur.hits++;
      if (f.i >= 0 && cur.blocks[cur.blocks.length - 1] !== f.i) cur.blocks.push(f.i);
      if (s > cur.s) {
        cur.s = s;
        cur.top = f.k;
      }
    }
    var q = term.t;
    if (term.cjk) {
      // A lone single character only matches titles and aliases; with other terms beside it
      // (1750亿, GPT-4 版) it matches everywhere, as they narrow the results already.
      var single = q.length < 2 && !term.wide;
      for (var i = 0; i < ix.fields.length; i++) {
        var f = ix.fields[i];
        if (single && f.k !== F_TITLE && f.k !== F_ALIAS) continue;
        // Names are found inside runs in any language; other text as the language segments it.
        var words = ix.style.words && f.k > F_ALIAS;
        var at = f.n.indexOf(q);
        while (at >= 0) {
          if (cjkStart(f.n, at, words)) {
            hit(i, words && CJK_RE.test(f.n.charAt(at + q.length)) ? Q_PREFIX : Q_EXACT);
          }
          at = f.n.indexOf(q, at + q.length);
        }
      }
    } else {
      matchingWords(ix, q).forEach(function (quality, v) {
        var e = ix.terms.get(v);
        // A one-letter prefix only counts in titles and aliases.
        var shortPrefix = quality === Q_PREFIX && q.length < 2;
        e.w.forEach(function (id) {
          if (!shortPrefix || ix.fields[id].k <= F_ALIAS) hit(id, quality);
        });
        e.p.forEach(function (id) {
          if (!shortPrefix || ix.fields[id].k <= F_ALIAS) hit(id, quality * PART_FACTOR);
        });
      });
      // A compound not found whole (GPT-4 where the text says "GPT 4") falls back to its parts.
      if (best.size === 0 && PART_SPLIT.test(q)) {
        var parts = q.split(PART_SPLIT).filter(Boolean);
        var maps = parts.map(function (p) { return scoreTerm(ix, { t: p, cjk: false }); });
        if (maps.length) {
          maps[0].forEach(function (v, d) {
            var total = 0, hits = 0, blocks = [];
            for (var j = 0; j < maps.length; j++) {
              var m = maps[j].get(d);
              if (!m) return;
              total += m.s;
              hits += m.hits;
              blocks = blocks.concat(m.blocks);
            }
            best.set(d, { s: 0.8 * total / maps.length, hits: hits, top: v.top, blocks: blocks });
          });
        }
      }
    }
    best.forEach(function (v) {
      v.s += Math.min(v.hits, 20) * 0.5;
    });
    return best;
  }

  /** Searches the prepared index. Returns {total, terms, items}; each item has the entry (doc),
   *  its index, its score, and with `describe` (default true) the link, and title and snippet as HTML. */
  function search(ix, query, opts) {
    opts = opts || {};
    var limit = opts.limit == null ? 20 : opts.limit;
    var terms = queryTerms(query);
    if (!terms.length) return { total: 0, terms: terms, items: [] };
    var maps = terms.map(function (t) {
      return scoreTerm(ix, { t: t.t, cjk: t.cjk, wide: terms.length > 1 });
    });
    var scores = new Map(); // doc -> {s, n: terms matched, onlyTitle}
    maps.forEach(function (m) {
      m.forEach(function (v, d) {
        var cur = scores.get(d);
        if (!cur) scores.set(d, (cur = { s: 0, n: 0, title: true, blocks: [] }));
        cur.s += v.s;
        cur.n++;
        cur.blocks = cur.blocks.concat(v.blocks);
        if (v.top > F_ALIAS) cur.title = false;
      });
    });
    var need = terms.length;
    var full = 0;
    scores.forEach(function (v) { if (v.n === need) full++; });
    var whole = normalize(query).replace(/\s+/g, " ").trim();
    var list = [];
    scores.forEach(function (v, d) {
      if (full && v.n < need) return;
      var s = v.s;
      var title = ix.titles[d];
      if (title === whole) s += 200;
      else if (title.lastIndexOf(whole, 0) === 0) s += 50;
      var al = ix.aliases[d];
      for (var i = 0; i < al.length; i++) {
        if (al[i] === whole) { s += 150; break; }
      }
      for (i = 0; i < al.length; i++) {
        if (al[i] !== whole && al[i].lastIndexOf(whole, 0) === 0) { s += 30; break; }
      }
      // Several terms that appear together as written ("reinforcement learning", "175 billion").
      if (terms.length > 1 && v.n === need) s += phraseBonus(ix, d, whole);
      list.push({ i: d, doc: ix.docs[d], score: s, matched: v.n, title: v.title && v.n === need, blocks: v.blocks });
    });
    list.sort(function (x, y) {
      return y.matched - x.matched || y.score - x.score || x.doc.t.length - y.doc.t.length || x.i - y.i;
    });
    var items = limit >= 0 ? list.slice(0, limit) : list;
    if (opts.describe !== false) items.forEach(function (it) { describe(it, terms, ix.style); });
    return { total: list.length, terms: terms, items: items };
  }

  /** The weight of the best field of doc d that holds the phrase, as a bonus. */
  function phraseBonus(ix, d, phrase) {
    var span = ix.spans ? ix.spans[d] : null;
    if (!span) return 0;
    var best = 0;
    for (var i = span[0]; i < span[1]; i++) {
      var f = ix.fields[i];
      if (WEIGHT[f.k] > best && f.n.indexOf(phrase) >= 0) best = WEIGHT[f.k];
    }
    return best * 0.6;
  }

  // ------------------------------------------------------------------ the sharded index
  //
  // What `atlas build` writes (src/search.rs): `<lang>/search-index.js`, the manifest, sets
  // window.ATLAS_SEARCH[lang] = {segmentation, stemming, shards, per, docs, b, tl, t: {}, d: {}};
  // term files `<lang>/search/t<i>.js` set its t[i] = "keys and their postings" and
  // document files `<lang>/search/d<i>.js` its d[i] = [documents i*per ...]. The keys, sorted
  // (UTF-16 units), are cut into ranges of about equal size: file i > 0 holds the keys from bound
  // i-1 on (`b`, see `bounds`). Each key is written as one digit (how many units it shares with
  // the key before it in the file), the length of the rest and the rest, then the length of its
  // postings and the postings (see `frontCoded`). A query needs the files of its terms' ranges
  // (a word, its stems and its continuations: see `stemPrefix`), then the document files of the
  // results shown; `searchShards` says which are missing.
  //
  // Postings: per document, the gap from the previous one and a code = (best kind of whole-word
  // hits) * 6 + (best kind of hits on compound parts) + 36 * (hits - 1), kinds as F_* (5 none).
  // "!" + term: the terms of titles and aliases; "#" + name: whole titles (whole kind 0) and
  // aliases (part kind 1).

  var DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_wxyz";
  var DIGIT = {};
  for (var di = 0; di < DIGITS.length; di++) DIGIT[DIGITS.charAt(di)] = di;
  var NONE = 5, NAME_TERM = "!", WHOLE_NAME = "#";

  /** The numbers of a postings string or of the title lengths. */
  function numbers(s) {
    var out = [];
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s.charAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) {
        out.push(n);
        n = 0;
      }
    }
    return out;
  }

  /** Reads a number (see `numbers`) at `at` of `s`: [number, where it ends]. */
  function numberAt(s, at) {
    var n = 0, v;
    do {
      v = DIGIT[s.charAt(at++)];
      n = n * 32 + (v & 31);
    } while (v >= 32);
    return [n, at];
  }

  /** Reads front-coded strings: per string, a digit (units shared with the string before), the
   *  length of the rest (a number) and the rest; then, with `paired`, the length of a second
   *  string and that string. Calls each(string, second). */
  function frontCoded(s, paired, each) {
    var prev = "";
    for (var i = 0; i < s.length;) {
      var shared = DIGIT[s.charAt(i++)];
      var r = numberAt(s, i);
      prev = prev.slice(0, shared) + s.slice(r[1], r[1] + r[0]);
      i = r[1] + r[0];
      var second = "";
      if (paired) {
        r = numberAt(s, i);
        second = s.slice(r[1], r[1] + r[0]);
        i = r[1] + r[0];
      }
      each(prev, second);
    }
  }

  /** The bounds of the term files, from the manifest's `b` (front-coded). */
  function bounds(m) {
    var st = sharded(m);
    if (!st.bounds) {
      var out = [];
      frontCoded(m.b || "", false, function (b) { out.push(b); });
      st.bounds = out;
    }
    return st.bounds;
  }

  /** The term file whose range holds `key`: the last one whose bound is not after it. */
  function fileOf(m, key) {
    var b = bounds(m);
    var lo = 0, hi = b.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (b[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The term files that can hold keys starting with `prefix`. */
  function filesOf(m, prefix) {
    var b = bounds(m);
    var out = [fileOf(m, prefix)];
    for (var j = out[0]; j < b.length && b[j].lastIndexOf(prefix, 0) === 0; j++) out.push(j + 1);
    return out;
  }

  /** What a Latin term's matches begin with: its stem (exact words, words of the same stem and
   *  continuations all start so), less a final "y" the stemmer may have made of "ies". */
  function stemPrefix(q, style) {
    var s = style.stem(q);
    return s.length >= 3 && s.charAt(s.length - 1) === "y" ? s.slice(0, -1) : s;
  }

  /** Whether `index` is a manifest of term and document files. */
  function isSharded(index) {
    return !!(index && typeof index.shards === "number");
  }

  /** The state kept beside a manifest: title lengths, decoded files and postings. */
  function sharded(manifest) {
    if (!manifest.__state) {
      Object.defineProperty(manifest, "__state", {
        value: { style: styleOf(manifest), tl: numbers(manifest.tl || ""), postings: new Map(), files: new Map(), bounds: null },
        enumerable: false
      });
    }
    return manifest.__state;
  }

  /** The term files a query needs: {prefix: true} and {exact: true} keys, as file numbers. */
  function queryFiles(m, st, query) {
    var files = [];
    function add(list) {
      list.forEach(function (i) { if (files.indexOf(i) < 0) files.push(i); });
    }
    function prefix(p) { add(filesOf(m, p)); }
    function exact(k) { add([fileOf(m, k)]); }
    function latin(q) {
      if (q.length < 2) {
        exact(q);
        prefix(NAME_TERM + q);
      } else {
        prefix(stemPrefix(q, st.style));
      }
    }
    var terms = queryTerms(query);
    terms.forEach(function (term) {
      var q = term.t;
      if (term.cjk) {
        if (q.length < 2 && terms.length < 2) exact(NAME_TERM + q);
        else if (q.length < 2) exact(q);
        else prefix(q);
        for (var i = 0; q.length > 2 && i + 2 <= q.length; i++) exact(q.slice(i, i + 2));
      } else {
        latin(q);
        if (PART_SPLIT.test(q)) q.split(PART_SPLIT).filter(Boolean).forEach(latin);
      }
    });
    var whole = normalize(query).replace(/\s+/g, " ").trim();
    if (whole) prefix(WHOLE_NAME + whole);
    return files;
  }

  /** Term file `i` (loaded), decoded: {keys: sorted, post: Map key -> postings string}. */
  function termFile(m, st, i) {
    var f = st.files.get(i);
    if (f) return f;
    var keys = [];
    var post = new Map();
    frontCoded(m.t[i] || "", true, function (k, p) {
      keys.push(k);
      post.set(k, p);
    });
    st.files.set(i, (f = { keys: keys, post: post }));
    return f;
  }

  /** Keys starting with `prefix`, from the files of its range. */
  function termsWithPrefix(m, st, prefix) {
    var out = [];
    filesOf(m, prefix).forEach(function (i) {
      var keys = termFile(m, st, i).keys;
      for (var j = lowerBound(keys, prefix); j < keys.length && keys[j].lastIndexOf(prefix, 0) === 0; j++) out.push(keys[j]);
    });
    return out;
  }

  /** A term's postings: Map doc -> code (empty when the term is not in the index). */
  function postings(m, st, term) {
    var p = st.postings.get(term);
    if (p) return p;
    p = new Map();
    var nums = numbers(termFile(m, st, fileOf(m, term)).post.get(term) || "");
    var d = -1;
    for (var i = 0; i + 1 < nums.length; i += 2) {
      d += nums[i];
      p.set(d, nums[i + 1]);
    }
    st.postings.set(term, p);
    return p;
  }

  /** Per document, the score of one term, from postings (as scoreTerm does from the text). */
  function scoreTermShards(m, st, term) {
    var best = new Map();
    function hit(d, kind, quality, count) {
      var cur = best.get(d);
      if (!cur) best.set(d, (cur = { s: 0, hits: 0, top: kind, blocks: [] }));
      cur.hits += count;
      var s = WEIGHT[kind] * quality;
      if (s > cur.s) {
        cur.s = s;
        cur.top = kind;
      }
    }
    function hitCode(d, code, quality, namesOnly) {
      var whole = Math.floor((code % 36) / 6), part = code % 6, count = Math.floor(code / 36) + 1;
      if (namesOnly && whole > F_ALIAS && part > F_ALIAS) return;
      if (whole < NONE) hit(d, whole, quality, count);
      if (part < NONE) hit(d, part, quality * PART_FACTOR, whole < NONE ? 0 : count);
    }
    function hitTerm(t, quality, namesOnly) {
      postings(m, st, t).forEach(function (code, d) { hitCode(d, code, quality, namesOnly); });
    }
    var q = term.t;
    if (term.cjk) {
      if (q.length < 2 && !term.wide) {
        hitTerm(NAME_TERM + q, Q_EXACT, true);
      } else if (q.length <= 2) {
        hitTerm(q, Q_EXACT, false);
      } else {
        // Longer runs: every pair of characters of the query in the document.
        var maps = [];
        for (var i = 0; i + 2 <= q.length; i++) maps.push(postings(m, st, q.slice(i, i + 2)));
        maps[0].forEach(function (_, d) {
          var worst = 0, count = 20, ok = true;
          maps.forEach(function (p) {
            var code = p.get(d);
            if (code === undefined) { ok = false; return; }
            worst = Math.max(worst, Math.floor((code % 36) / 6));
            count = Math.min(count, Math.floor(code / 36) + 1);
          });
          if (ok && worst < NONE) hit(d, worst, Q_EXACT, count);
        });
      }
      // With "words" segmentation, runs outside names are terms: found whole or from their start.
      if (q.length >= 2) {
        termsWithPrefix(m, st, q).forEach(function (v) {
          if (v !== q && v.length > 2) hitTerm(v, Q_PREFIX, false);
        });
      }
    } else {
      var found = new Map();
      if (q.length < 2) {
        found.set(q, Q_EXACT);
      } else {
        var sq = st.style.stem(q);
        termsWithPrefix(m, st, stemPrefix(q, st.style)).forEach(function (v) {
          var quality = v === q ? Q_EXACT : st.style.stem(v) === sq ? Q_STEM : v.lastIndexOf(q, 0) === 0 ? Q_PREFIX : 0;
          if (quality) found.set(v, quality);
        });
      }
      found.forEach(function (quality, v) { hitTerm(v, quality, false); });
      // A one-letter prefix only counts in titles and aliases.
      if (q.length < 2) {
        termsWithPrefix(m, st, NAME_TERM + q).forEach(function (v) {
          if (v !== NAME_TERM + q) hitTerm(v, Q_PREFIX, true);
        });
      }
      if (best.size === 0 && PART_SPLIT.test(q)) {
        var parts = q.split(PART_SPLIT).filter(Boolean);
        var pm = parts.map(function (p) { return scoreTermShards(m, st, { t: p, cjk: false }); });
        if (pm.length) {
          pm[0].forEach(function (v, d) {
            var total = 0, hits = 0;
            for (var j = 0; j < pm.length; j++) {
              var x = pm[j].get(d);
              if (!x) return;
              total += x.s;
              hits += x.hits;
            }
            best.set(d, { s: 0.8 * total / pm.length, hits: hits, top: v.top, blocks: [] });
          });
        }
      }
    }
    best.forEach(function (v) {
      v.s += Math.min(v.hits, 20) * 0.5;
    });
    return best;
  }

  /** Searches a manifest whose files are loaded as far as the query needs. Returns the result
   *  ({total, terms, items}, as `search`), or {missing: {t: [term files], d: [document files]}}. */
  function searchShards(m, query, opts) {
    opts = opts || {};
    var limit = opts.limit == null ? 20 : opts.limit;
    var st = sharded(m);
    var needT = queryFiles(m, st, query).filter(function (i) { return m.t[i] == null; });
    if (needT.length) return { missing: { t: needT, d: [] } };
    var terms = queryTerms(query);
    if (!terms.length) return { total: 0, terms: terms, items: [] };
    var maps = terms.map(function (t) {
      return scoreTermShards(m, st, { t: t.t, cjk: t.cjk, wide: terms.length > 1 });
    });
    var scores = new Map();
    maps.forEach(function (mp) {
      mp.forEach(function (v, d) {
        var cur = scores.get(d);
        if (!cur) scores.set(d, (cur = { s: 0, n: 0, title: true }));
        cur.s += v.s;
        cur.n++;
        if (v.top > F_ALIAS) cur.title = false;
      });
    });
    var need = terms.length;
    var full = 0;
    scores.forEach(function (v) { if (v.n === need) full++; });
    var whole = normalize(query).replace(/\s+/g, " ").trim();
    // Names that equal or start with the whole query.
    var bonus = new Map();
    if (whole) {
      termsWithPrefix(m, st, WHOLE_NAME + whole).forEach(function (v) {
        var same = v.length === whole.length + 1;
        postings(m, st, v).forEach(function (code, d) {
          var b = bonus.get(d);
          if (!b) bonus.set(d, (b = { title: 0, aliasSame: false, aliasPrefix: false }));
          if (Math.floor((code % 36) / 6) === F_TITLE) b.title = Math.max(b.title, same ? 200 : 50);
          if (code % 6 === F_ALIAS) {
            if (same) b.aliasSame = true;
            else b.aliasPrefix = true;
          }
        });
      });
    }
    var list = [];
    scores.forEach(function (v, d) {
      if (full && v.n < need) return;
      var s = v.s;
      var b = bonus.get(d);
      if (b) s += b.title + (b.aliasSame ? 150 : 0) + (b.aliasPrefix ? 30 : 0);
      list.push({ i: d, score: s, matched: v.n, title: v.title && v.n === need, blocks: [] });
    });
    var tl = st.tl;
    list.sort(function (x, y) {
      return y.matched - x.matched || y.score - x.score || (tl[x.i] || 0) - (tl[y.i] || 0) || x.i - y.i;
    });
    var items = limit >= 0 ? list.slice(0, limit) : list;
    var needD = [];
    items.forEach(function (it) {
      var f = Math.floor(it.i / m.per);
      if (!m.d[f] && needD.indexOf(f) < 0) needD.push(f);
    });
    if (needD.length) return { missing: { t: [], d: needD } };
    items.forEach(function (it) {
      var f = Math.floor(it.i / m.per);
      it.doc = m.d[f][it.i - f * m.per];
    });
    // Several terms that appear together as written: the phrase bonus, read from the documents
    // shown (the others are not loaded).
    if (terms.length > 1) {
      items.forEach(function (it) {
        if (it.matched === need) it.score += phraseBonus(prepare({ segmentation: m.segmentation, stemming: m.stemming, docs: [it.doc] }), 0, whole);
      });
      items.sort(function (x, y) {
        return y.matched - x.matched || y.score - x.score || x.doc.t.length - y.doc.t.length || x.i - y.i;
      });
    }
    if (opts.describe !== false) items.forEach(function (it) { describe(it, terms, st.style); });
    return { total: list.length, terms: terms, items: items };
  }

  // ------------------------------------------------------------------ display

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /** Ranges [start, end) of text that match the terms, merged and sorted. `short`: the text is a
   *  name (title or alias), where one-letter Latin terms highlight word prefixes and CJK terms
   *  match inside runs. `style`: the index's (see styleOf). */
  function matchRanges(text, terms, short, style) {
    return matchInfo(text, terms, short, style).ranges;
  }

  /** {ranges, terms: how many of the terms match} for text. */
  function matchInfo(text, terms, short, style) {
    style = style || DEFAULT_STYLE;
    var words = style.words && !short;
    var norm = normalize(text);
    var ranges = [];
    var hit = 0;
    var latin = terms.filter(function (t) { return !t.cjk; });
    terms.forEach(function (term) {
      if (!term.cjk) return;
      var found = false;
      for (var at = norm.indexOf(term.t); at >= 0; at = norm.indexOf(term.t, at + term.t.length)) {
        if (!cjkStart(norm, at, words)) continue;
        ranges.push([at, at + term.t.length]);
        found = true;
      }
      if (found) hit++;
    });
    if (latin.length) {
      var toks = tokenize(norm).filter(function (tok) { return !tok.cjk; });
      latin.forEach(function (term) {
        var q = term.t;
        var found = false;
        toks.forEach(function (tok) {
          if (wordQuality(q, tok.t, style) || (short && q.length < 2 && !tok.part && tok.t.lastIndexOf(q, 0) === 0)) {
            ranges.push([tok.s, tok.e]);
            found = true;
          }
        });
        // A compound query the text writes otherwise (GPT-4 as "GPT 4"): highlight its parts.
        if (!found && PART_SPLIT.test(q)) {
          var parts = q.split(PART_SPLIT).filter(Boolean);
          var words = toks.filter(function (tok) { return !tok.part; });
          for (var i = 0; i + parts.length <= words.length; i++) {
            var j = 0;
            while (j < parts.length && words[i + j].t === parts[j]) j++;
            if (j === parts.length) {
              ranges.push([words[i].s, words[i + j - 1].e]);
              found = true;
            }
          }
        }
        if (found) hit++;
      });
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return { ranges: merged, terms: hit };
  }

  /** Text with the given ranges wrapped in <mark>, HTML-escaped. */
  function markRanges(text, ranges, from, to) {
    from = from || 0;
    to = to == null ? text.length : to;
    var out = "";
    var at = from;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], from), e = Math.min(r[1], to);
      if (e <= s || s < at) return;
      out += escapeHtml(text.slice(at, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
      at = e;
    });
    return out + escapeHtml(text.slice(at, to));
  }

  function highlight(text, terms, short, style) {
    return markRanges(text, matchRanges(text, terms, short, style));
  }

  /** A window of text around its first match, highlighted. */
  function snippet(text, terms, size, style) {
    text = String(text || "");
    var ranges = matchRanges(text, terms, false, style);
    var wide = !/[\u3400-\u9fff]/.test(text.slice(0, 200));
    size = size || (wide ? 160 : 90);
    if (text.length <= size) return markRanges(text, ranges);
    var first = ranges.length ? ranges[0][0] : 0;
    var from = Math.max(0, first - Math.floor(size / 3));
    if (from > 0 && wide) {
      var sp = text.lastIndexOf(" ", first);
      var sp0 = text.indexOf(" ", from);
      if (sp0 >= 0 && sp0 < first) from = sp0 + 1;
      else if (sp >= from - 20 && sp >= 0) from = sp + 1;
    }
    var to = Math.min(text.length, from + size);
    if (to < text.length && wide) {
      var cut = text.lastIndexOf(" ", to);
      if (cut > first + 10) to = cut;
    }
    if (to === text.length && to - from < size) {
      from = Math.max(0, to - size);
      if (from > 0 && wide) {
        var next = text.indexOf(" ", from);
        if (next >= 0 && next < first) from = next + 1;
      }
    }
    return (from > 0 ? "…" : "") + markRanges(text, ranges, from, to) + (to < text.length ? "…" : "");
  }

  /** Fills in a result's link (u, plus #heading), heading, title and snippet HTML. */
  function describe(item, terms, style) {
    var doc = item.doc;
    item.href = doc.u;
    item.heading = "";
    item.titleHtml = highlight(doc.t, terms, true, style);
    item.kind = doc.k;
    var blocks = doc.b || [];
    var bestBlock = -1, bestScore = 0;
    if (!item.title) {
      // Only the blocks the index says match (all of them when unknown).
      var cand = item.blocks && item.blocks.length ? item.blocks : blocks.map(function (_, i) { return i; });
      var seen = {};
      for (var c = 0; c < cand.length; c++) {
        var i = cand[c];
        if (seen[i] || !blocks[i]) continue;
        seen[i] = true;
        var h = matchInfo(blocks[i][1] || "", terms, false, style);
        var t = matchInfo(blocks[i][2] || "", terms, false, style);
        if (!h.ranges.length && !t.ranges.length) continue;
        var n = Math.max(h.terms, t.terms);
        if (h.terms && t.terms && h.terms + t.terms > n) n = countTerms(blocks[i][1] + "\n" + blocks[i][2], terms, style);
        var s = n * 100 + (h.ranges.length ? 20 : 0) + Math.min(t.ranges.length, 10) - i * 0.001;
        if (s > bestScore) {
          bestScore = s;
          bestBlock = i;
        }
      }
      // The description may match better than any block.
      if (bestBlock >= 0 && matchInfo(doc.d || "", terms, false, style).terms > Math.floor(bestScore / 100)) bestBlock = -1;
    }
    if (bestBlock >= 0) {
      var b = blocks[bestBlock];
      if (b[0]) item.href = doc.u + "#" + b[0];
      item.heading = b[1] || "";
      item.headingHtml = highlight(item.heading, terms, false, style);
      item.snippetHtml = snippet(b[2] || "", terms, 0, style);
    } else {
      item.headingHtml = "";
      item.snippetHtml = snippet(doc.d || (blocks[0] && blocks[0][2]) || "", terms, 0, style);
    }
    return item;
  }

  function countTerms(text, terms, style) {
    return matchInfo(text, terms, false, style).terms;
  }

  /** Results in groups by kind: the groups in the order of their best result, each keeping the
   *  ranking inside. Returns [{kind, items}]. */
  function groupByKind(items) {
    var groups = [];
    var at = {};
    items.forEach(function (it) {
      if (!(it.kind in at)) {
        at[it.kind] = groups.length;
        groups.push({ kind: it.kind, items: [] });
      }
      groups[at[it.kind]].items.push(it);
    });
    return groups;
  }

  /** How many results a query shows first; more as the reader scrolls. */
  var FIRST_PAGE = 10;

  var api = {
    FIRST_PAGE: FIRST_PAGE,
    groupByKind: groupByKind,
    normalize: normalize,
    tokenize: tokenize,
    stem: stem,
    queryTerms: queryTerms,
    prepare: prepare,
    search: search,
    searchShards: searchShards,
    isSharded: isSharded,
    fileOf: fileOf,
    bounds: bounds,
    numbers: numbers,
    matchRanges: matchRanges,
    highlight: highlight,
    snippet: snippet,
    escapeHtml: escapeHtml,
    WEIGHT: WEIGHT
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
  if (typeof window === "undefined" || typeof document === "undefined") return;
  window.AtlasSearch = api;

  // ------------------------------------------------------------------ browser


  /** The search dialog: opened by the header button, `/` or Ctrl+K (⌘K); a combobox over a
   *  listbox of results grouped by kind. */
  function start() {
    var opener = document.querySelector(".search-open");
    var dialog = document.getElementById("search-dialog");
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!dialog || !input || !list || typeof dialog.showModal !== "function") return;
    var body = document.body;
    var lang = body.getAttribute("data-lang") || "";
    var src = body.getAttribute("data-index");
    var root = body.getAttribute("data-root") || "";
    if (!src) return;

    var label = dialog.querySelector('label[for="search-input"]');
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    list.setAttribute("role", "listbox");
    if (label) {
      if (!label.id) label.id = "search-label";
      list.setAttribute("aria-labelledby", label.id);
    }

    var ix = null;
    var manifest = null;
    var loading = false;
    var failed = false;
    var items = [];
    var active = -1;
    var lastQuery = null;
    // Results show a page at a time (each result needs its document file): the next page when
    // the reader comes to the end of the list. Without IntersectionObserver, two pages at once.
    var observer = typeof IntersectionObserver === "function" ?
      new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) more();
      }, { root: list }) : null;
    var PAGE = observer ? FIRST_PAGE : 2 * FIRST_PAGE;
    var limit = PAGE;
    var shownQuery = null; // the query whose results the list shows
    var shownOrder = []; // their documents, in the order shown
    var total = 0;
    // Files of the sharded index asked for and not yet run, by path.
    var pending = {};
    var base = src.replace(/[^\/]*$/, "");

    function say(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function fail() {
      loading = false;
      failed = true;
      say(input.getAttribute("data-none") || "");
    }

    /** Adds a script; `done` runs when it has run. */
    function addScript(path, done) {
      var s = document.createElement("script");
      s.src = path;
      s.async = true;
      s.onload = done;
      s.onerror = fail;
      document.head.appendChild(s);
    }

    function ready(data) {
      // A manifest of term and document files, or (older builds) the whole index in one script.
      if (isSharded(data)) manifest = data;
      else ix = prepare(data);
    }

    function load() {
      if (ix || manifest || loading) return;
      var have = window.ATLAS_SEARCH && window.ATLAS_SEARCH[lang];
      if (have) {
        ready(have);
        return;
      }
      loading = true;
      addScript(src, function () {
        loading = false;
        var data = window.ATLAS_SEARCH && window.ATLAS_SEARCH[lang];
        if (!data) {
          fail();
          return;
        }
        ready(data);
        lastQuery = null;
        run();
      });
    }

    /** Loads the files a query found missing, then runs the query again. */
    function fetchFiles(missing) {
      var paths = missing.t.map(function (i) { return base + "search/t" + i + ".js"; })
        .concat(missing.d.map(function (i) { return base + "search/d" + i + ".js"; }));
      paths.forEach(function (path) {
        if (pending[path]) return;
        pending[path] = true;
        addScript(path, function () {
          delete pending[path];
          lastQuery = null;
          run();
        });
      });
    }

    function openDialog() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      load();
      // A query kept from the last time (or restored by the browser): show its results again.
      lastQuery = null;
      if (input.value.trim()) run();
    }

    function closeDialog() {
      showList(false);
      if (dialog.open) dialog.close();
      if (opener) opener.focus();
    }

    function showList(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) setActive(-1);
    }

    function setActive(i) {
      var links = list.querySelectorAll('[role="option"]');
      if (active >= 0 && links[active]) links[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && links[i]) {
        links[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", links[i].id);
        // Keep the option in view by scrolling the list only.
        var top = links[i].offsetTop - list.offsetTop;
        var bottom = top + links[i].offsetHeight;
        if (links[i] === links[0]) list.scrollTop = 0;
        else if (top < list.scrollTop) list.scrollTop = top - 24;
        else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight + 8;
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(res, q) {
      var same = q === shownQuery;
      var keep = same ? active : -1;
      var top = same ? list.scrollTop : 0;
      if (same) {
        // More results of the query shown: the ones shown keep their places.
        var at = {};
        shownOrder.forEach(function (d, n) { at[d] = n; });
        var old = res.items.filter(function (it) { return it.i in at; });
        old.sort(function (x, y) { return at[x.i] - at[y.i]; });
        res.items = old.concat(res.items.filter(function (it) { return !(it.i in at); }));
      }
      shownQuery = q;
      shownOrder = res.items.map(function (it) { return it.i; });
      total = res.total;
      // Each page grouped by kind on its own: a page that comes in goes below the ones shown.
      var groups = [];
      for (var from = 0; from < res.items.length; from += PAGE) {
        groups = groups.concat(groupByKind(res.items.slice(from, from + PAGE)));
      }
      items = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var html = "";
      groups.forEach(function (g, gi) {
        html += '<div role="group" aria-labelledby="search-group-' + gi + '">' +
          '<p class="r-group" id="search-group-' + gi + '" role="presentation">' + escapeHtml(g.kind) +
          ' <span class="count">' + g.items.length + "</span></p>";
        g.items.forEach(function (it) {
          var i = items.length;
          items.push(it);
          html +=
            '<a role="option" aria-selected="false" id="search-option-' + i + '" href="' +
            escapeHtml(root + it.href) + '" tabindex="-1">' +
            '<span class="r-title">' + it.titleHtml + "</span>" +
            (it.heading ? '<span class="r-heading"> › ' + it.headingHtml + "</span>" : "") +
            (it.snippetHtml ? '<span class="r-snippet">' + it.snippetHtml + "</span>" : "") +
            "</a>";
        });
        html += "</div>";
      });
      if (!items.length) {
        html = '<p class="r-none" aria-hidden="true">' + escapeHtml(input.getAttribute("data-none") || "") + "</p>";
      }
      list.innerHTML = html;
      list.scrollTop = top;
      showList(true);
      if (keep >= 0 && keep < items.length) setActive(keep);
      say(res.total ? res.total + " " + (input.getAttribute("data-results") || "") : input.getAttribute("data-none") || "");
      // The next page of results loads when the last one shown comes into view.
      if (observer) {
        observer.disconnect();
        var options = list.querySelectorAll('[role="option"]');
        if (items.length < total && options.length) observer.observe(options[options.length - 1]);
      }
    }

    /** Shows the next page of the query's results. */
    function more() {
      if (items.length >= total || items.length < limit) return;
      limit += PAGE;
      lastQuery = null;
      run();
    }

    function run() {
      var q = input.value;
      if (!q.trim()) {
        lastQuery = q;
        items = [];
        shownQuery = null;
        list.innerHTML = "";
        showList(false);
        say("");
        return;
      }
      if (!ix && !manifest) {
        load();
        if (!ix && !manifest) {
          if (!failed) say(input.getAttribute("data-loading") || "");
          return;
        }
      }
      if (q === lastQuery) return;
      if (q !== shownQuery) limit = PAGE;
      if (manifest) {
        var res = searchShards(manifest, q, { limit: limit });
        if (res.missing) {
          if (!failed) say(input.getAttribute("data-loading") || "");
          fetchFiles(res.missing);
          return;
        }
        lastQuery = q;
        render(res, q);
        return;
      }
      lastQuery = q;
      render(search(ix, q, { limit: limit }), q);
    }

    function go(i) {
      var links = list.querySelectorAll('[role="option"]');
      if (!links[i]) return;
      var href = links[i].href;
      closeDialog();
      window.location.href = href;
    }

    if (opener) opener.addEventListener("click", openDialog);
    var closer = dialog.querySelector(".search-close");
    if (closer) closer.addEventListener("click", closeDialog);
    dialog.addEventListener("close", function () {
      showList(false);
      if (opener) opener.focus();
    });
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", function (e) {
      var r = dialog.getBoundingClientRect();
      var inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
      if (e.target === dialog && !inside) closeDialog();
    });
    input.addEventListener("input", function (e) {
      if (e.isComposing) return;
      run();
    });
    input.addEventListener("compositionend", run);
    input.addEventListener("keydown", function (e) {
      if (e.isComposing || e.keyCode === 229) return;
      var n = items.length;
      switch (e.key) {
        case "ArrowDown":
        case "Down":
          if (!n) return;
          e.preventDefault();
          if (list.hidden) showList(true);
          setActive(active + 1 >= n ? 0 : active + 1);
          break;
        case "ArrowUp":
        case "Up":
          if (!n) return;
          e.preventDefault();
          if (list.hidden) showList(true);
          setActive(active <= 0 ? n - 1 : active - 1);
          break;
        case "Enter":
          if (!n || list.hidden) return;
          e.preventDefault();
          go(active >= 0 ? active : 0);
          break;
        case "Escape":
        case "Esc":
          // One press closes the dialog (the query stays for the next time).
          e.preventDefault();
          closeDialog();
          break;
      }
    });
    list.addEventListener("click", function (e) {
      var a = e.target.closest ? e.target.closest("a") : null;
      if (a) closeDialog();
    });
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || dialog.open) return;
      var slash = e.key === "/" && !e.ctrlKey && !e.metaKey;
      var k = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey);
      if (!slash && !k) return;
      var t = e.target;
      var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
      if (slash && (tag === "input" || tag === "textarea" || tag === "select" || (t && t.isContentEditable))) return;
      e.preventDefault();
      openDialog();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
