/* LLM Atlas: sortable comparison tables, as a progressive enhancement.
 *
 * The table is complete and sorted when it is built (src/factviews.rs); without JavaScript it stays
 * so. Where this runs, each column heading of a `table[data-sortable]` becomes a button that sorts
 * the rows by that column, ascending first, then descending; `aria-sort` on the heading says how it
 * is sorted, and the caption's hint (hidden until now) says the headings sort.
 *
 * Each cell carries its sort key in `data-sort` (numbers for dates, counts and numbers; text
 * otherwise; empty when the cell has no value, which always sorts last). A heading's
 * `data-type="number"` compares keys as numbers.
 *
 * The pure ordering function is exported for Node (tests/browser/) through module.exports.
 */
(function () {
  "use strict";

  /** The order of rows given their keys (strings, "" for none): indices, stable, empty last. */
  function order(keys, numeric, descending, lang) {
    var collator = typeof Intl !== "undefined" ? new Intl.Collator(lang || undefined, { numeric: true }) : null;
    var idx = keys.map(function (_, i) {
      return i;
    });
    function cmp(a, b) {
      if (numeric) {
        var x = parseFloat(a);
        var y = parseFloat(b);
        return x < y ? -1 : x > y ? 1 : 0;
      }
      return collator ? collator.compare(a, b) : a < b ? -1 : a > b ? 1 : 0;
    }
    idx.sort(function (i, j) {
      var a = keys[i];
      var b = keys[j];
      if (a === "" || b === "") {
        if (a === b) return i - j;
        return a === "" ? 1 : -1;
      }
      var c = cmp(a, b);
      if (descending) c = -c;
      return c || i - j;
    });
    return idx;
  }

  function enhance(table) {
    var head = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!head || !body) return;
    var lang = document.documentElement.lang;
    var heads = Array.prototype.slice.call(head.cells);
    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        var keys = rows.map(function (row) {
          var cell = row.cells[col];
          return (cell && cell.getAttribute("data-sort")) || "";
        });
        var numeric = th.getAttribute("data-type") === "number";
        order(keys, numeric, descending, lang).forEach(function (i) {
          body.appendChild(rows[i]);
        });
      });
    });
    var hint = table.querySelector(".sort-hint");
    if (hint) hint.hidden = false;
  }

  if (typeof document !== "undefined") {
    var run = function () {
      Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { order: order };
  }
})();
