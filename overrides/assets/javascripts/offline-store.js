/* The saved copies of the site, in Cache Storage: one cache per build ("gorag-offline-<build>"),
   holding the files of every language the reader saved, each stored with the hash the build's
   list gives it (offline/<lang>.json, made by gorag.pwa), and, per language, a record of the save
   (its date, whether the PDFs are in). A language is saved once its record is written, last.

   Loaded by the page (pwa.js: saving and removing a language when the reader asks) and by the
   service worker (sw.js: answering from the copy; on an update, filling the new build's cache).
   Saving is written by hand because Workbox has nothing for it: its precaching saves a fixed list
   when a worker installs and reports no progress. It runs in the page rather than in the worker
   so that a long download over a slow connection is not cut short (browsers stop a worker's event
   after a few minutes) and its progress is the page's own; it can be resumed: files already in
   the cache with the right hash are kept, and files unchanged since another build's copy are
   copied from it instead of downloaded again. */
(function (scope) {
  "use strict";

  var PREFIX = "gorag-offline-";
  var HASH_HEADER = "X-Gorag-Hash";
  var PARALLEL = 4; // downloads at once: many small pages, a round trip each
  var GROUPS = ["site", "pdf"];

  function cacheName(build) {
    return PREFIX + build;
  }

  function recordUrl(root, lang) {
    return new URL("__gorag/saved/" + lang + ".json", root).href;
  }

  function problem(code, message) {
    var error = new Error(message);
    error.code = code; // "changed": the site changed while saving; "space": the device is full; "network"
    return error;
  }

  // A build's list of a language's files (offline/<lang>.json), fresh from the server.
  async function readList(url) {
    var response;
    try {
      response = await fetch(url, { cache: "no-cache" });
    } catch (error) {
      throw problem("network", String(error));
    }
    if (!response.ok) throw problem("network", url + ": " + response.status);
    return response.json();
  }

  // The files to save: [path, size, hash], the PDFs only when asked for.
  function chosen(list, pdfs) {
    return GROUPS.filter(function (group) { return group === "site" || pdfs; })
      .reduce(function (all, group) { return all.concat(list.files[group] || []); }, []);
  }

  function total(list, pdfs) {
    return chosen(list, pdfs).reduce(function (sum, file) { return sum + file[1]; }, 0);
  }

  async function hashOf(buffer, length) {
    var digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
    var hex = "";
    for (var i = 0; i < digest.length; i++) hex += digest[i].toString(16).padStart(2, "0");
    return hex.slice(0, length);
  }

  async function put(cache, url, response) {
    try {
      await cache.put(url, response);
    } catch (error) {
      if (error && error.name === "QuotaExceededError") throw problem("space", String(error));
      throw error;
    }
  }

  // Download one file, counting its bytes as they arrive, and store it if its content is the one
  // the list names (else the server already holds another build: stop, nothing mixed is kept).
  async function download(cache, url, file, progress) {
    var response;
    try {
      response = await fetch(url, { cache: "no-cache" });
    } catch (error) {
      throw problem("network", String(error));
    }
    if (!response.ok) throw problem(response.status === 404 ? "changed" : "network", url + ": " + response.status);
    var chunks = [];
    var reader = response.body.getReader();
    for (;;) {
      var part = await reader.read();
      if (part.done) break;
      chunks.push(part.value);
      progress(part.value.byteLength);
    }
    var blob = new Blob(chunks);
    if (await hashOf(await blob.arrayBuffer(), file[2].length) !== file[2]) throw problem("changed", url);
    var headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
    headers[HASH_HEADER] = file[2];
    await put(cache, url, new Response(blob, { status: 200, headers: headers }));
  }

  // Put every chosen file of ``list`` into ``build``'s cache, then the record of the save.
  // ``progress(done, total)`` is called as bytes arrive.
  async function fill(options) {
    var root = options.root;
    var list = options.list;
    var name = cacheName(options.build);
    var cache = await caches.open(name);
    var donors = (await caches.keys()).filter(function (key) { return key.indexOf(PREFIX) === 0 && key !== name; });
    var files = chosen(list, options.pdfs);
    var sum = total(list, options.pdfs);
    var done = 0;
    var report = function (bytes) {
      done += bytes;
      if (options.progress) options.progress(Math.min(done, sum), sum);
    };
    var queue = files.slice();
    var failed = null;

    async function one(file) {
      var url = new URL(file[0], root).href;
      var have = await cache.match(url);
      if (have && have.headers.get(HASH_HEADER) === file[2]) return report(file[1]);
      for (var i = 0; i < donors.length; i++) {
        var old = await (await caches.open(donors[i])).match(url);
        if (old && old.headers.get(HASH_HEADER) === file[2]) {
          await put(cache, url, old);
          return report(file[1]);
        }
      }
      var counted = 0;
      await download(cache, url, file, function (bytes) {
        counted += bytes;
        report(bytes);
      });
      report(file[1] - counted); // the stream's count made exact (a compressed response counts otherwise)
    }

    async function worker() {
      while (queue.length && !failed) {
        try {
          await one(queue.shift());
        } catch (error) {
          failed = failed || error;
        }
      }
    }

    report(0);
    var workers = [];
    for (var i = 0; i < PARALLEL; i++) workers.push(worker());
    await Promise.all(workers);
    if (failed) throw failed;
    var record = { lang: list.lang, build: list.build, date: list.date, stamp: list.stamp, pdfs: Boolean(options.pdfs),
                   bytes: sum, paths: files.map(function (file) { return file[0]; }) };
    await put(cache, recordUrl(root, list.lang), new Response(JSON.stringify(record),
                                                             { headers: { "Content-Type": "application/json" } }));
    return record;
  }

  async function record(cache, root, lang) {
    var response = await cache.match(recordUrl(root, lang));
    return response ? response.json() : null;
  }

  // The languages saved in ``build``'s cache: {lang: record}.
  async function saved(build, root, languages) {
    var out = {};
    if (!(await caches.has(cacheName(build)))) return out;
    var cache = await caches.open(cacheName(build));
    for (var i = 0; i < languages.length; i++) {
      var found = await record(cache, root, languages[i]);
      if (found) out[languages[i]] = found;
    }
    return out;
  }

  // The languages saved in other builds' caches, with the reader's choice of PDFs: what a new
  // build saves again.
  async function savedElsewhere(build, root, languages) {
    var out = {};
    var keys = await caches.keys();
    for (var i = 0; i < keys.length; i++) {
      if (keys[i].indexOf(PREFIX) !== 0 || keys[i] === cacheName(build)) continue;
      var found = await saved(keys[i].slice(PREFIX.length), root, languages);
      Object.keys(found).forEach(function (lang) {
        out[lang] = { pdfs: Boolean(found[lang].pdfs) || Boolean(out[lang] && out[lang].pdfs) };
      });
    }
    return out;
  }

  // Remove a language from ``build``'s copy: its record first (it is no longer saved), then every
  // file no other saved language needs (and whatever an unfinished save left).
  async function remove(build, root, lang, languages) {
    var name = cacheName(build);
    if (!(await caches.has(name))) return;
    var cache = await caches.open(name);
    await cache.delete(recordUrl(root, lang));
    var keep = new Set();
    for (var i = 0; i < languages.length; i++) {
      var other = await record(cache, root, languages[i]);
      if (!other) continue;
      keep.add(recordUrl(root, languages[i]));
      other.paths.forEach(function (path) { keep.add(new URL(path, root).href); });
    }
    if (!keep.size) {
      await caches.delete(name);
      return;
    }
    var requests = await cache.keys();
    for (var j = 0; j < requests.length; j++) {
      if (!keep.has(requests[j].url)) await cache.delete(requests[j]);
    }
  }

  // The address a copy keeps a page under: a folder's is its index.html (as on the server),
  // without query or fragment.
  function pageKey(url) {
    var bare = String(url).split(/[?#]/)[0];
    return /\/$/.test(bare) ? bare + "index.html" : bare;
  }

  // Whether ``build``'s copy holds the page at ``url``.
  async function holds(build, url) {
    if (!(await caches.has(cacheName(build)))) return false;
    var cache = await caches.open(cacheName(build));
    return Boolean(await cache.match(pageKey(url)));
  }

  // Delete every other build's copy (when ``build``'s worker takes over).
  async function forget(build) {
    var keys = await caches.keys();
    await Promise.all(keys.filter(function (key) { return key.indexOf(PREFIX) === 0 && key !== cacheName(build); })
      .map(function (key) { return caches.delete(key); }));
  }

  scope.goragOffline = {
    cacheName: cacheName, readList: readList, chosen: chosen, total: total, fill: fill, saved: saved,
    savedElsewhere: savedElsewhere, remove: remove, holds: holds, forget: forget, pageKey: pageKey,
  };
})(self);
