/* Schedule filters: show only the events of one region and/or organiser. Runs from file:// too;
   without script the filters stay hidden and every event is listed.
   The choice is kept in the address (?region=…&organiser=…) so that a planner can share a link
   to "the events in Mary"; a browser that refuses to change the query of a file:// address gets
   it in the hash (#region=…&organiser=…), which is read on load as well. */
(function () {
  "use strict";
  var form = document.querySelector("[data-gorag-filters]");
  if (!form) return;
  form.hidden = false;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-gorag-filter]"));
  var none = document.querySelector("[data-gorag-filter-none]");

  function key(select) { return select.getAttribute("data-gorag-filter"); }

  function hashParams() {
    var hash = location.hash.replace(/^#/, "");
    return hash.indexOf("=") > 0 ? new URLSearchParams(hash) : new URLSearchParams();
  }

  function readAddress() {
    var query = new URLSearchParams(location.search), hash = hashParams();
    selects.forEach(function (select) {
      var value = query.get(key(select)) || hash.get(key(select)) || "";
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
      select.value = known ? value : "";
    });
  }

  function writeAddress() {
    var query = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      if (select.value) query.set(key(select), select.value); else query.delete(key(select));
    });
    var text = query.toString();
    // A heading's anchor stays; a filter hash from an earlier fallback is replaced by the query.
    var hash = location.hash.indexOf("=") > 0 ? "" : location.hash;
    try {
      history.replaceState(history.state, "", location.pathname + (text ? "?" + text : "") + hash);
    } catch (error) {
      location.replace("#" + text);
    }
  }

  function apply() {
    var wanted = {};
    selects.forEach(function (select) { wanted[key(select)] = select.value; });
    document.querySelectorAll("[data-gorag-event]").forEach(function (item) {
      item.hidden = !Object.keys(wanted).every(function (name) {
        return !wanted[name] || item.getAttribute("data-" + name) === wanted[name];
      });
    });
    // Agenda days and calendar months with nothing left to show are hidden with their events.
    document.querySelectorAll("[data-gorag-day], [data-gorag-month]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-gorag-event]:not([hidden])");
    });
    if (none) none.hidden = !!document.querySelector(".gorag-schedule [data-gorag-event]:not([hidden])");
  }

  selects.forEach(function (select) {
    select.addEventListener("change", function () { apply(); writeAddress(); });
  });
  // A shared link followed from this very page changes only the hash.
  window.addEventListener("hashchange", function () { readAddress(); apply(); });
  readAddress();
  apply();
})();
