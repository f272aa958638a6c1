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
