/* Quick exit: leave the site at once, replacing the current page so Back does not return to it.
   Works from file:// and without a network; the neutral page ships with the site. */
(function () {
  "use strict";
  var DOUBLE_PRESS_MS = 800;
  var lastEscape = 0;

  function leave(event) {
    var link = document.getElementById("gorag-exit");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-gorag-exit]")) leave(event);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < DOUBLE_PRESS_MS) leave(event);
    lastEscape = now;
  }, true);
})();

/* Schedule filters: show only the events of one region and/or organiser. Runs from file:// too;
   without script the form stays hidden and every event is listed. */
(function () {
  "use strict";
  var form = document.querySelector("[data-gorag-filters]");
  if (!form) return;
  form.hidden = false;
  var selects = form.querySelectorAll("select[data-gorag-filter]");
  function apply() {
    var wanted = {};
    selects.forEach(function (select) { wanted[select.getAttribute("data-gorag-filter")] = select.value; });
    document.querySelectorAll("[data-gorag-event]").forEach(function (item) {
      var show = Object.keys(wanted).every(function (key) {
        return !wanted[key] || item.getAttribute("data-" + key) === wanted[key];
      });
      item.hidden = !show;
    });
  }
  selects.forEach(function (select) { select.addEventListener("change", apply); });
})();
