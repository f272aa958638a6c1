/* The installable web app, on the published site only: registers Gorag's service worker (sw.js,
   at the site's root) and runs what pages show of it, all marked hidden in the HTML and revealed
   here, so a page without this script (an offline copy, a page opened from file://) shows none:
   - on a language's home page, the "Save for offline" panel (partials/offline.html): the size
     before saving, the PDFs as a choice, progress, then the date of the saved copy and a way to
     remove it (saving itself is offline-store.js);
   - on every page served from the saved copy, the date of that copy;
   - on every page, the notice that a newer version is available (partials/update.html), once
     the new version's worker has saved its own copy; updating reloads the page from it.
   Workbox's workbox-window registers the worker and reports its updates. Never from file://: a
   service worker cannot run there, and the offline copies (zip, ZIM) need none. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator) ||
      !self.workbox || !self.goragOffline) return;

  // pwa.js is assets/javascripts/pwa.js: the site's root is two folders up, wherever it is published.
  var ROOT = new URL("../../", script.src).href;
  var LANG = document.documentElement.lang;
  var store = self.goragOffline;
  var wb = new workbox.Workbox(ROOT + "sw.js", { scope: ROOT, updateViaCache: "none" });
  var updating = false; // the reader asked for the update
  var fromCopy = false; // this page came from the saved copy

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function text(element, name) {
    return element.getAttribute(name) || "";
  }

  // What the worker serving this page has saved, and whether this page is in it.
  function ask() {
    var worker = navigator.serviceWorker.controller;
    if (!worker) return Promise.resolve(null);
    return workbox.messageSW(worker, { type: "GORAG_STATUS", url: location.href });
  }

  /* The notice of a newer version. */
  var notice = document.querySelector("[data-gorag-update]");

  function offerUpdate() {
    if (!notice || !notice.hidden) return;
    notice.hidden = false;
    var message = notice.querySelector("[data-gorag-update-text]");
    // Written once the region shows, so that screen readers announce it.
    message.textContent = text(message, "data-text");
  }

  if (notice) {
    notice.querySelector("[data-gorag-update-button]").addEventListener("click", function (event) {
      updating = true;
      event.currentTarget.disabled = true;
      wb.messageSkipWaiting();
    });
  }

  /* The date of the copy, on a page served from it. */
  var copyLine = document.querySelector("[data-gorag-copy]");

  function showCopy(status) {
    var mine = status.saved[LANG];
    if (!copyLine) return;
    copyLine.hidden = !(status.cached && mine);
    if (mine) copyLine.textContent = fill(text(copyLine, "data-text"), { date: mine.date });
  }

  /* The "Save for offline" panel, on the language's home page. */
  var panel = document.querySelector("[data-gorag-offline]");
  var list = null;

  function part(name) {
    return panel.querySelector("[" + name + "]");
  }

  function say(message) {
    part("data-gorag-status").textContent = message;
  }

  // Show one of the panel's states (ready, saving, saved); focus stays in the panel if the
  // control that had it is hidden.
  function show(state) {
    var active = document.activeElement;
    panel.hidden = false;
    panel.querySelectorAll("[data-gorag-state]").forEach(function (element) {
      element.hidden = element.getAttribute("data-gorag-state") !== state;
    });
    if (active && panel.contains(active) && active.closest("[hidden]")) part("data-gorag-heading").focus();
  }

  function listUrl(status) {
    return new URL(status.lists[LANG], ROOT).href;
  }

  async function showPanel(status) {
    var mine = status.saved[LANG];
    if (mine) {
      var saved = part("data-gorag-saved");
      saved.textContent = fill(text(saved, "data-text"), { date: mine.date });
      part("data-gorag-saved-pdfs").hidden = !mine.pdfs;
      show("saved");
      return;
    }
    if (!list) {
      try {
        list = await store.readList(listUrl(status));
      } catch (error) {
        list = null; // offline: nothing to measure; saving says why it cannot
      }
    }
    var size = part("data-gorag-size");
    size.hidden = !list;
    part("data-gorag-pdfs-row").hidden = !(list && list.sizes.pdf.bytes);
    if (list) {
      size.textContent = fill(text(size, "data-text"), { size: list.sizes.site.text });
      part("data-gorag-pdfs-size").textContent = "(" + list.sizes.pdf.text + ")";
    }
    show("ready");
  }

  var percent = new Intl.NumberFormat(LANG, { style: "percent" });
  var shown = -1;

  function progress(done, total) {
    var value = total ? Math.floor((done / total) * 100) : 0;
    if (value === shown) return;
    shown = value;
    part("data-gorag-progress").value = value;
    part("data-gorag-percent").textContent = percent.format(value / 100);
  }

  function failure(error) {
    var code = error && error.code;
    if (code === "changed") return text(panel, "data-text-outdated");
    if (code === "space") return text(panel, "data-text-space");
    return text(panel, "data-text-failed");
  }

  async function save() {
    var pdfs = part("data-gorag-pdfs").checked;
    shown = -1;
    progress(0, 1);
    show("saving");
    say(text(panel, "data-text-saving"));
    try {
      var status = await ask();
      if (!status) throw new Error("no service worker");
      var fresh = await store.readList(listUrl(status));
      if (fresh.build !== status.build) {
        var outdated = new Error("a newer build is published");
        outdated.code = "changed";
        throw outdated;
      }
      var needed = store.total(fresh, pdfs);
      if (navigator.storage && navigator.storage.estimate) {
        var room = await navigator.storage.estimate();
        if (room.quota && room.quota - room.usage < needed) {
          var full = new Error("not enough space");
          full.code = "space";
          throw full;
        }
      }
      // Ask the browser not to clear the copy when the device runs short of space.
      if (navigator.storage && navigator.storage.persist) await navigator.storage.persist().catch(function () {});
      await store.fill({ build: status.build, root: ROOT, list: fresh, pdfs: pdfs, progress: progress });
      status = await ask();
      if (!status || !status.saved[LANG]) {
        var replaced = new Error("the worker changed while saving");
        replaced.code = "changed";
        throw replaced;
      }
      list = fresh;
      await showPanel(status);
      say(part("data-gorag-saved").textContent);
    } catch (error) {
      list = null;
      var current = await ask().catch(function () { return null; });
      if (current) await showPanel(current);
      else show("ready");
      say(failure(error));
      if (error && error.code === "changed") wb.update();
    }
  }

  async function removeCopy() {
    var status = await ask();
    if (!status) return;
    try {
      await store.remove(status.build, ROOT, LANG, status.languages);
      say(text(panel, "data-text-removed"));
    } finally {
      await showPanel(await ask());
    }
  }

  if (panel) {
    part("data-gorag-save").addEventListener("click", save);
    part("data-gorag-remove").addEventListener("click", removeCopy);
  }

  async function refresh() {
    var status = await ask();
    if (!status) return;
    fromCopy = Boolean(status.cached);
    showCopy(status);
    if (panel && panel.hidden) await showPanel(status);
  }

  wb.addEventListener("waiting", offerUpdate);
  // A new worker took over: after an update the reader asked for, or one another tab accepted for
  // a page of the copy, the page reloads from the new copy; else (the first visit, or nothing
  // saved) it stays and the panel appears.
  wb.addEventListener("controlling", function () {
    if (updating || fromCopy) window.location.reload();
    else refresh();
  });
  wb.register().then(function (registration) {
    // A new version may already be installing when this page registers (the browser looked for
    // one as the page loaded): workbox-window reports only those found later, or already waiting.
    var worker = registration && navigator.serviceWorker.controller && registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", function () {
      // Installed and still waiting a moment later: it did not take over by itself (nothing saved).
      if (worker.state === "installed") {
        setTimeout(function () { if (registration.waiting === worker) offerUpdate(); }, 200);
      }
    });
  });
  // Back online: see whether a newer version was published meanwhile.
  window.addEventListener("online", function () { wb.update(); });
  refresh();
})();
