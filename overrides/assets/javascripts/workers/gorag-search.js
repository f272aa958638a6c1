/* Gorag's search worker: answers Material's search box from the prebuilt, sharded index that
   generator/gorag/search_index.py writes (its docstring describes the files, format 2).

   Material's own worker builds a lunr index of every document in the reader's browser on each
   page load, which takes seconds on a large site (and, under file://, freezes the page, since the
   "worker" is then an iframe on the page's thread). Here every score was computed at build time:
   the worker loads a small manifest, then only the term shards a query needs and the document
   shards its results need, and adds the scores up.

   It speaks Material's worker protocol (integrations/search/worker in Material's sources):
   SETUP (0, the search_index.json stub: {config: {gorag: "<folder from the site root>"}})
   -> READY (1); QUERY (2, the search box's value) -> RESULT (3, {items: SearchItem[][]}), each
   group one page: its matching sections and the page itself, items of the form
   {location, title, text, score, terms}, title and text as HTML (Material inserts them with
   innerHTML), terms {query word: found in this document}.

   Runs as a real Worker over HTTP and, under file://, as a script of the iframe that
   assets/vendor/iframe-worker/shim.js makes, where workers/host.js has made importScripts return
   a Promise and postMessage reach the page. Everything is loaded with importScripts: fetch and
   XHR cannot read file://. */
(function () {
  "use strict";

  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType

  // The site root is three folders above this script (assets/javascripts/workers/). In the iframe
  // self.location is about:blank, but the script element knows where it came from.
  const scriptUrl = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : self.location.href;
  const root = new URL("../../../", scriptUrl);

  // Words are runs of letters and digits, after NFC, lower case and without the combining marks
  // NFC leaves (a stress mark over Cyrillic): exactly as gorag/search_index.py reads them.
  const WORD = /[\p{L}\p{N}]+/gu;
  const MARKS = /[\u0300-\u036f]/g;
  // Results shown for one query: the best ones, and their pages. Titles and excerpts are loaded
  // for these only, so a word that every document has still loads a few shards, not the library.
  // Each result may need a shard of its own, and loading one costs a few milliseconds under
  // file:// (more on a phone): 30 sections (often 10-20 pages) answer within 300 ms at 3,000
  // documents where 50 took up to 340 ms (bench/search.py).
  const LIMIT = 30;
  // A word being typed, or a form the text does not hold, also matches the longest term it begins
  // with, if that is at least STEM_MIN letters long and at most STEM_SLACK shorter: a half-typed
  // ending ("насили" of "насилие") or another ending of the same word ("interpreters" where the
  // text has "interpreter"; Snowball strips up to four letters), not a different short word.
  const STEM_MIN = 4, STEM_SLACK = 4;
  // Words of one query that count (a query is a few words; the ranking keeps one bit per word).
  const MAX_WORDS = 32;
  const FOLD = { "ä": "a", "ç": "c", "ň": "n", "ö": "o", "ş": "s", "ü": "u", "ý": "y", "ž": "z" };
  const FOLDABLE = /[äçňöşüýž]/g;

  let index = null; // the current language's index, once its manifest is loaded
  // Thrown out of a query that a newer one has replaced before it finished (see the messages).
  const SUPERSEDED = Symbol("superseded");

  /* ---------------------------------------------------------------------------------------------
     Loading */

  // importScripts is synchronous in a Worker (and throws on failure) and returns a Promise in the
  // iframe: either way, a Promise here.
  function load(url) {
    try {
      return Promise.resolve(importScripts(String(url)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // The index files call these as they load; whatever they register goes to the index being set up.
  let registering = null;
  self.goragSearch = {
    // For tests/test_stemmer_identity.py: an index of the folder's files, opened as SETUP does.
    async open(folder) { const opened = new Index(new URL(folder, root)); await opened.open(); return opened; },
    manifest(manifest) { if (registering) registering.manifest = manifest; },
    docs(n, rows) { if (registering) registering.docs.set(n, rows); },
    terms(key, terms, words) {
      if (!registering) return;
      registering.terms.set(key, terms);
      for (const word in words || {}) registering.vocab.set(word, words[word]);
    }
  };

  class Index {
    constructor(folder) {
      this.folder = folder; // URL of the language's search/gorag/ folder
      this.manifest = null;
      this.docs = new Map();  // doc shard number -> rows
      this.terms = new Map(); // term shard key -> {term: postings}
      this.loading = new Map(); // file -> Promise, so that each file is asked for once
      this.vocab = new Map(); // word of the text -> its index term, where they differ (from loaded term shards)
      this.stopwords = new Set();
      this.shardKeys = new Set();
      this.longestKey = 0;
      this.stemmer = null; // the language's own stemmer, where the index ships one (stemmer.js)
    }

    async open() {
      registering = this;
      await this.file("manifest.js");
      const manifest = this.manifest;
      if (!manifest || manifest.version !== 2)
        throw new Error(`Gorag search: no index of format 2 in ${this.folder}`);
      if (manifest.stemmerFile) {
        await this.file(manifest.stemmerFile);
        const found = self.goragStemmer && self.goragStemmer[manifest.stemmer];
        if (!found || typeof found.stemmer !== "function")
          throw new Error(`Gorag search: ${manifest.stemmerFile} defines no ${manifest.stemmer} stemmer`);
        this.stemmer = found.stemmer;
      }
      this.stopwords = new Set(manifest.stopwords);
      this.shardKeys = new Set(manifest.shards);
      this.longestKey = Math.max(0, ...manifest.shards.map(key => Array.from(key).length));
    }

    // Loads one file of the index once; a file that failed may be asked for again.
    file(name) {
      let promise = this.loading.get(name);
      if (!promise) {
        promise = load(new URL(name, this.folder));
        promise.catch(() => this.loading.delete(name));
        this.loading.set(name, promise);
      }
      return promise;
    }

    async loadTerms(keys) {
      await Promise.all([...keys]
        .filter(key => !this.terms.has(key))
        .map(key => this.file(`t/${shardFile(key)}`)));
    }

    // The term shard that holds `term`: shards are keyed by a term's first characters, two at
    // least, and a large shard was split by one more character (its shorter terms stay under the
    // shorter key), so it is the longest key that begins `term`; null if there is none.
    shardOf(term) {
      const chars = Array.from(term);
      for (let n = Math.min(chars.length, this.longestKey); n > 0; n--) {
        const key = chars.slice(0, n).join("");
        if (this.shardKeys.has(key)) return key;
      }
      return null;
    }

    // Every shard that may hold a term beginning with `prefix`, or a term that `prefix` begins
    // (a stem of the word being typed): the shards of `prefix`'s own beginnings and those split
    // off below it.
    shardsOfPrefix(prefix, below = true) {
      const keys = below ? this.manifest.shards.filter(key => key.startsWith(prefix)) : [];
      const chars = Array.from(prefix);
      for (let n = Math.min(chars.length, 2); n <= chars.length; n++) {
        const own = this.shardOf(chars.slice(0, n).join(""));
        if (own !== null) keys.push(own);
      }
      return keys;
    }

    async loadDocs(ids) {
      const per = this.manifest.docsPerShard;
      const shards = new Set([...ids].map(id => Math.floor(id / per)));
      await Promise.all([...shards]
        .filter(n => !this.docs.has(n))
        .map(n => this.file(`d/${n}.js`)));
    }

    doc(id) {
      const per = this.manifest.docsPerShard;
      const row = this.docs.get(Math.floor(id / per))[id % per];
      return { location: row[0], title: row[1], page: row[2], excerpt: row[3], pageTitle: row[4] };
    }

    // [gap, score, gap, score, ...] of `term` (document ids as gaps from the previous one, scores
    // in thousandths), or null.
    postings(term) {
      const shard = this.terms.get(this.shardOf(term));
      return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
    }

    /* -------------------------------------------------------------------------------------------
       Text processing: the same steps as search_index.py, or queries miss what the text has */

    // A lower-cased NFC word -> its form before stemming (ё as е, Turkmen letters folded).
    fold(word) {
      const lang = this.manifest.lang;
      if (lang === "ru") return word.replace(/ё/g, "е");
      if (this.manifest.fold) return word.replace(FOLDABLE, c => FOLD[c]);
      return word;
    }

    // The index term of a word. Where the index ships its language's stemmer (Russian), that
    // stemmer's. Elsewhere the build wrote every word of the text whose term differs from it
    // (Snowball's stem) into the term shard the word belongs to, so a word is looked up there,
    // once that shard is loaded; a word the text does not hold stands for itself (and matches
    // the terms it begins with: see candidates()).
    stem(folded) {
      if (this.stemmer) return this.stemmer(folded);
      const stem = this.vocab.get(folded);
      return stem === undefined ? folded : stem;
    }

    // Sets each query word's term, with every term shard the query could touch loaded: those of
    // the words as typed and their beginnings (prefix matching, and the shards that list words'
    // terms), and those of the terms. One round of loading: a stem begins its word, so its shard
    // is among the word's own, except for the few English stems that change a letter
    // ("happy" -> "happi"), whose shards load in a second round.
    async resolve(query, current = () => true) {
      const keys = new Set();
      for (const token of query) {
        for (const key of this.shardsOfPrefix(token.folded, token.expand)) keys.add(key);
        if (this.stemmer) {
          token.stem = this.stem(token.folded);
          const key = this.shardOf(token.stem);
          if (key !== null) keys.add(key);
        }
      }
      await this.loadTerms(keys);
      if (!current()) throw SUPERSEDED;
      if (this.stemmer) return;
      const more = new Set();
      for (const token of query) {
        token.stem = this.stem(token.folded);
        const key = this.shardOf(token.stem);
        if (key !== null && !this.terms.has(key)) more.add(key);
      }
      if (more.size) {
        await this.loadTerms(more);
        if (!current()) throw SUPERSEDED;
      }
    }

    // The index term of each word (lower case, NFC) as a query of that word alone gets it: for
    // tests/test_stemmer_identity.py, which compares them with the build's.
    async termsOf(words) {
      const out = [];
      for (const word of words) {
        const query = parseQuery(this, `${word} `); // a whole word, as a query of it alone reads it
        await this.resolve(query);
        out.push(query.length ? query[0].stem : null); // null: a stop word
      }
      return out;
    }

    /* -------------------------------------------------------------------------------------------
       Search */

    // The query's results; throws SUPERSEDED as soon as `current()` says a newer query waits.
    async search(value, current = () => true) {
      const query = parseQuery(this, value);
      if (!query.length) return { items: [] };

      // Every term shard the query could touch is loaded before anything is counted.
      await this.resolve(query, current);

      // Per document: how many query words it matches and the sum of each word's best term
      // score (integers, thousandths: exact whatever the order), in typed arrays, since a common
      // word touches every document. The index terms a result matched (for <mark>) are
      // collected for the results shown only.
      const count = this.manifest.docs;
      const matched = new Uint8Array(count);
      const total = new Int32Array(count);
      const words = new Uint32Array(count); // bit i: the query's i-th word matched
      const best = new Int32Array(count);
      const touched = [];
      const termsOf = query.map((token, i) => {
        const terms = [...candidates(this, token)].filter(term => this.postings(term));
        best.fill(-1);
        const seen = [];
        for (const term of terms) {
          const postings = this.postings(term);
          for (let j = 0, id = 0; j < postings.length; j += 2) {
            id += postings[j];
            const score = postings[j + 1];
            if (best[id] < 0) seen.push(id);
            if (score > best[id]) best[id] = score;
          }
        }
        for (const id of seen) {
          if (!matched[id]) touched.push(id);
          matched[id] += 1;
          total[id] += best[id];
          words[id] |= 1 << i;
        }
        return terms;
      });

      touched.sort((a, b) => matched[b] - matched[a] || total[b] - total[a] || a - b);
      const shown = touched.slice(0, LIMIT);
      const place = new Map(shown.map((id, n) => [id, n]));
      const ranked = shown.map(id => ({
        id, matched: matched[id], score: total[id], terms: new Set(),
        words: new Set(query.map((_, i) => i).filter(i => words[id] & (1 << i)))
      }));
      for (const terms of termsOf)
        for (const term of terms) {
          const postings = this.postings(term);
          for (let j = 0, id = 0; j < postings.length; j += 2) {
            id += postings[j];
            const n = place.get(id);
            if (n !== undefined) ranked[n].terms.add(term);
          }
        }

      // Titles and excerpts of the results (a section's row also names its page).
      await this.loadDocs(ranked.map(hit => hit.id));
      if (!current()) throw SUPERSEDED;

      return { items: group(this, query, ranked) };
    }
  }

  // File of a term shard: the key's code points in hex (file names stay ASCII on every disk).
  function shardFile(key) {
    return Array.from(key, c => c.codePointAt(0).toString(16)).join("-") + ".js";
  }

  // The query's words: [{word, folded, stem, prefix, expand, stop}], stop words dropped unless
  // still being typed. `expand`: the word is being typed and long enough (three letters) to stand
  // for every term it begins; shorter ones would match too many.
  // `word` is the word as typed (lower case), which Material shows as a missing term and passes
  // to the page for highlighting.
  function parseQuery(index, value) {
    const normal = value.normalize("NFC").toLowerCase().replace(MARKS, "");
    const words = normal.match(WORD) || [];
    const open = !/\s$/.test(value); // the last word is still being typed
    const tokens = [];
    const seen = new Set();
    words.forEach((word, i) => {
      if (tokens.length === MAX_WORDS) return;
      const prefix = open && i === words.length - 1;
      const folded = index.fold(word);
      if (index.stopwords.has(folded) && !prefix) return;
      const key = `${prefix ? "*" : ""}${folded}`;
      if (seen.has(key)) return; // a repeated word counts once
      seen.add(key);
      tokens.push({
        word, folded, stem: folded, prefix, // stem: set by resolve(), once the word's shards are loaded
        expand: prefix && Array.from(folded).length >= 3,
        stop: index.stopwords.has(folded)
      });
    });
    return tokens;
  }

  // Index terms a query word matches: its stem; while being typed, also the word itself as typed
  // (folded, not stemmed: "насилие" is not yet complete when "насил" is typed), and, from three
  // letters on, every term that begins with it and the longest term it begins with that lacks at
  // most STEM_SLACK letters: a half-typed word is not a word the stemmer knows ("насили" stems to
  // "нас", but it is on its way to "насилие", whose stem "насил" it begins with).
  function candidates(index, token) {
    const terms = new Set();
    // The stem of a word still being typed may be the stem of another word: "насили" (on its way
    // to "насилие") stems to "нас" ("us"). It counts if it is long, or lacks at most two letters
    // of the word, as the endings of a whole word do ("дети" -> "дет").
    const stemLength = Array.from(token.stem).length;
    if (!token.prefix || stemLength >= STEM_MIN || Array.from(token.folded).length - stemLength <= 2)
      terms.add(token.stem);
    if (token.prefix) terms.add(token.folded);
    // A word the text does not hold in this form ("насилию" where it has "насилие") may still
    // begin with a term of the text: so may a word being typed.
    const unknown = token.stem === token.folded && !index.postings(token.folded);
    if (token.expand || unknown) {
      const length = Array.from(token.folded).length;
      let longest = null, longestLength = 0;
      for (const key of index.shardsOfPrefix(token.folded, token.expand)) {
        const shard = index.terms.get(key);
        if (shard)
          for (const term of Object.keys(shard)) {
            if (token.expand && term.startsWith(token.folded)) terms.add(term);
            else if (token.folded.startsWith(term)) {
              const short = Array.from(term).length;
              if (short >= STEM_MIN && length - short <= STEM_SLACK && short > longestLength) {
                longest = term;
                longestLength = short;
              }
            }
          }
      }
      if (longest !== null) terms.add(longest);
    }
    return terms;
  }

  // Material's result: groups by page, in the order of each page's best result, items in rank
  // order, and the page itself (unscored) at the end of a group that lacks it, as Material does.
  function group(index, query, ranked) {
    const groups = new Map();
    const pages = new Map(); // page id -> {location, title}
    for (const hit of ranked) {
      const doc = index.doc(hit.id);
      const page = doc.page >= 0 ? doc.page : hit.id;
      if (!pages.has(page))
        pages.set(page, doc.page >= 0
          ? { location: doc.location.split("#")[0], title: doc.pageTitle }
          : { location: doc.location, title: doc.title });
      const terms = {};
      // Material lists the words a result lacks, but not stop words.
      query.forEach((token, i) => {
        if (hit.words.has(i) || !token.stop) terms[token.word] = hit.words.has(i);
      });
      const item = {
        location: doc.location,
        title: mark(index, doc.title, hit.terms),
        text: doc.excerpt ? `<p>${mark(index, doc.excerpt, hit.terms)}</p>` : "",
        // One number that orders like the ranking (Material's Enter key opens the highest score,
        // and sections scoring below their group's first item fold under "more"): the matched
        // word count, plus the summed score squeezed into [0, 1).
        score: hit.matched + hit.score / (hit.score + 1000),
        terms
      };
      let items = groups.get(page);
      if (!items) groups.set(page, items = []);
      items.push(item);
    }
    for (const [page, items] of groups) {
      const doc = pages.get(page);
      if (!items.some(item => item.location === doc.location))
        items.push({ location: doc.location, title: escapeHTML(doc.title), text: "", score: 0, terms: {} });
    }
    return [...groups.values()];
  }

  // `text` as HTML, with every word whose index term is one of `terms` in <mark>.
  // A word is marked when it begins with a matched term (a stem begins its words): decided from
  // the query's own terms alone, so the same query is always marked the same way, whatever was
  // asked before.
  function mark(index, text, terms) {
    let html = "", last = 0;
    const matched = [...terms];
    for (const match of text.matchAll(WORD)) {
      const folded = index.fold(match[0].normalize("NFC").toLowerCase().replace(MARKS, ""));
      if (index.stopwords.has(folded) || !matched.some(term => folded.startsWith(term))) continue;
      html += escapeHTML(text.slice(last, match.index)) + `<mark>${escapeHTML(match[0])}</mark>`;
      last = match.index + match[0].length;
    }
    return html + escapeHTML(text.slice(last));
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"']/g, c =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  /* ---------------------------------------------------------------------------------------------
     Messages. Handled one after another: a query waits for the index (a query typed while the
     manifest loads is answered once it has), and answers leave in the order the queries came,
     so the box never shows the results of an older query after a newer one's. Each key typed
     sends a query: one that a newer query replaces before its turn comes is not run (Material
     shows only the latest answer), and one still running when a newer one comes is given up
     at its next step, so typing fast does not queue work, nor flash lists for half-typed words.
     The latest query is always answered, completely. */

  let queue = Promise.resolve();
  let waiting = null; // the newest query that has not started yet

  async function handle(message) {
    switch (message && message.type) {
      case SETUP: {
        const config = message.data && message.data.config || {};
        index = null;
        if (!config.gorag) {
          console.warn("Gorag search: the search index names no prebuilt index (config.gorag)");
          return { type: READY };
        }
        const next = new Index(new URL(config.gorag, root));
        await next.open();
        index = next;
        return { type: READY };
      }
      case QUERY:
        if (!index) return { type: RESULT, data: { items: [] } };
        try {
          // Given up, between two loads, once a newer query waits: that one is answered instead.
          return { type: RESULT, data: await index.search(String(message.data), () => !waiting) };
        } catch (error) {
          if (error === SUPERSEDED) return null;
          // As Material's worker does: an empty list rather than a half-made one, or none.
          console.warn(`Gorag search: no results for ${JSON.stringify(message.data)}`, error);
          return { type: RESULT, data: { items: [] } };
        }
      default:
        throw new TypeError("Invalid message type");
    }
  }

  function run(next) {
    queue = queue
      .then(next)
      .then(answer => { if (answer) postMessage(answer); }, error => { setTimeout(() => { throw error; }); });
  }

  addEventListener("message", event => {
    const message = event.data;
    if (!message || message.type !== QUERY) {
      run(() => handle(message));
    } else if (waiting) {
      waiting = message; // the run queued for the older query takes this one
    } else {
      waiting = message;
      run(() => {
        const query = waiting;
        waiting = null;
        return handle(query);
      });
    }
  });
})();
