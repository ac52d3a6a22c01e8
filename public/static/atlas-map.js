// The whole-atlas view works without this script (the filters are CSS). With it, the filters are
// kept in the address (#filter=-rel,-kind) so a filtered view can be shared, and the number of
// relations shown is announced.
(function () {
  "use strict";
  var view = document.querySelector(".atlas-view");
  if (!view) return;
  var boxes = Array.prototype.slice.call(view.querySelectorAll(".atlas-filter input[type=checkbox]"));
  var shown = view.querySelector(".atlas-shown");
  var sections = Array.prototype.slice.call(view.querySelectorAll(".atlas-rel"));
  function count() {
    var n = 0;
    sections.forEach(function (s) {
      if (s.offsetParent !== null) n += Number(s.getAttribute("data-count")) || 0;
    });
    if (shown) shown.textContent = n + " " + (shown.getAttribute("data-words") || "");
  }
  function save() {
    var off = boxes.filter(function (b) { return !b.checked; }).map(function (b) { return b.id; });
    var url = location.pathname + location.search + (off.length ? "#filter=" + off.join(",") : "");
    history.replaceState(null, "", url);
  }
  var m = /^#filter=(.*)$/.exec(location.hash);
  if (m) {
    m[1].split(",").forEach(function (id) {
      var b = document.getElementById(id);
      if (b && boxes.indexOf(b) >= 0) b.checked = false;
    });
  }
  boxes.forEach(function (b) {
    b.addEventListener("change", function () { save(); count(); });
  });
  count();
})();
