/* Gorag's service worker (written by gorag.pwa at build time: its configuration names this build).

   It answers from the copy the reader saved of this build, and from the network for anything
   else. Each build has a cache of its own (offline-store.js), and a worker reads only its build's
   cache: while a newer worker installs and fills its own cache, this one keeps answering from the
   old one, so a page and the files it loads always come from one build.

   Workbox (copied from npm into the site, loaded from here rather than from a CDN) routes the
   requests and answers them. Workbox's precaching does not fit the rest: it would save every
   language's files at install, reports no progress, and knows nothing of a reader's choice to save
   one language, with or without its PDFs, on demand. Saving is offline-store.js, shared with the
   page that saves a language when the reader asks (pwa.js). */
/* eslint-env serviceworker */
"use strict";

const CONFIG = __GORAG_CONFIG__;

importScripts(...CONFIG.scripts);

const store = self.goragOffline;
// The site's root: this script's folder, wherever the site is published.
const ROOT = new URL("./", self.location.href).href;
const CACHE = store.cacheName(CONFIG.build);

const fromCopy = new workbox.strategies.CacheOnly({ cacheName: CACHE, matchOptions: { ignoreSearch: true } });
const fromNetwork = new workbox.strategies.NetworkOnly();

// Whether a request belongs to a page of the saved copy. A page that came from the network (a
// language that is not saved) loads its scripts and styles from the network too, rather than the
// saved copy's, which may be of an older build. Remembered per page.
const pinned = new Map();

async function servedFromCopy(event) {
  if (event.request.mode === "navigate" || !event.clientId) return true;
  if (!pinned.has(event.clientId)) {
    const client = await self.clients.get(event.clientId);
    // Clients the worker cannot see (the search worker, in some browsers) follow the copy.
    pinned.set(event.clientId, client ? store.holds(CONFIG.build, client.url) : Promise.resolve(true));
  }
  return pinned.get(event.clientId);
}

workbox.routing.registerRoute(
  ({ url }) => url.href.startsWith(ROOT),
  async (options) => {
    const { event, url } = options;
    if (await servedFromCopy(event)) {
      // A folder's address (the site's root, a language's) is its index.html, as on the server.
      const request = url.pathname.endsWith("/") ? store.pageKey(url.href) : event.request;
      try {
        return await fromCopy.handle({ event, request });
      } catch (missing) {
        // Not in the copy: from the network, if there is one.
      }
    }
    return fromNetwork.handle(options);
  },
);

// A new build fills its own cache with what the reader saved of the old one (unchanged files are
// copied from there, by hash), before it may take over; if anything fails, it is not installed
// and the browser tries again later, the old copy still served meanwhile. With nothing saved there
// is nothing to keep consistent: the new worker takes over at once.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const wanted = await store.savedElsewhere(CONFIG.build, ROOT, CONFIG.languages);
    const languages = Object.keys(wanted);
    if (!languages.length) {
      await self.skipWaiting();
      return;
    }
    for (const lang of languages) {
      const list = await store.readList(new URL(CONFIG.lists[lang], ROOT).href);
      if (list.build !== CONFIG.build) throw new Error("a newer build is being published: " + list.build);
      await store.fill({ build: CONFIG.build, root: ROOT, list, pdfs: wanted[lang].pdfs });
    }
  })());
});

// Taking over: the old builds' caches go, and open pages of the site are claimed (the page that
// asked for the update reloads, pwa.js).
workbox.core.clientsClaim();
self.addEventListener("activate", (event) => {
  event.waitUntil(store.forget(CONFIG.build));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") {  // workbox-window's messageSkipWaiting(): the reader chose to update
    self.skipWaiting();
  } else if (data.type === "GORAG_STATUS" && event.ports[0]) {
    event.waitUntil((async () => {
      const saved = await store.saved(CONFIG.build, ROOT, CONFIG.languages);
      const cached = typeof data.url === "string" ? await store.holds(CONFIG.build, data.url) : false;
      event.ports[0].postMessage({ build: CONFIG.build, languages: CONFIG.languages, lists: CONFIG.lists, saved, cached });
    })());
  }
});
