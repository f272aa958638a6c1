/* Runs inside the iframe that iframe-worker uses in place of a Web Worker under file://.
   Bridges the worker API to the parent page without inline script, so the site's
   Content-Security-Policy can forbid inline script. Kept in workers/ because Material's search
   worker finds its lunr folder from the first script's path before "/worker".

   Unlike a real worker, this iframe runs on the page's own thread, so the search worker's work
   would freeze the page: building the lunr index of 3,000 documents takes about ten seconds in
   one go, and typing, scrolling and the quick exit would wait for it. So the index is built in
   slices of about 10 ms with the page's events handled in between, and a query that has not
   started yet gives way to a newer one. Results are the same: the same lunr code runs on the same
   documents in the same order (tests/test_search_scale.py, bench/search.py). */
(function () {
  "use strict";
  var worker = document.currentScript.getAttribute("data-worker");
  var SLICE_MS = 10;
  var QUERY = 2; // Material's SearchMessageType.QUERY
  var building = Promise.resolve(); // the index build in progress
  var patched = false;
  var pendingQuery = null;
  var replaying = false;

  // Runs fn in a task of its own: input waiting meanwhile is handled first, and unlike chained
  // setTimeout calls there is no 4 ms minimum delay.
  var channel = new MessageChannel();
  var tasks = [];
  channel.port1.onmessage = function () { tasks.shift()(); };
  function nextTask(fn) {
    tasks.push(fn);
    channel.port2.postMessage(null);
  }

  // Answers wait for the index: Material sends no query before it is told the index is ready.
  window.postMessage = function (message, origin) {
    building.then(function () { parent.postMessage(message, origin || "*"); });
  };
  window.importScripts = function () {
    var urls = Array.prototype.slice.call(arguments);
    return urls.reduce(function (chain, url) {
      return chain.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = reject;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }));
  });

  // Registered before the worker script's own listener, so it sees every message first.
  addEventListener("message", function (event) {
    if (!patched && self.lunr) {
      patched = true;
      buildInSlices(self.lunr);
    }
    if (replaying || !event.data || event.data.type !== QUERY) return;
    // Each keystroke sends a query, and on a large index each takes a moment: run only the latest,
    // in a task of its own, so keystrokes typed meanwhile are handled first.
    event.stopImmediatePropagation();
    var first = pendingQuery === null;
    pendingQuery = event.data;
    if (first) nextTask(function () {
      var data = pendingQuery;
      pendingQuery = null;
      replaying = true;
      try {
        dispatchEvent(new MessageEvent("message", { data: data }));
      } finally {
        replaying = false;
      }
    });
  });

  // lunr(config) runs config, in which Material's worker calls builder.add() for every document,
  // and returns builder.build(). Here add() only queues the document, and build() returns an empty
  // index at once and fills it in later, doing lunr's own steps in slices (lunr 2.3.9, MIT).
  function buildInSlices(lunr) {
    var Builder = lunr.Builder.prototype;
    var add = Builder.add;
    var idf = lunr.idf;
    var queued = [];
    Builder.add = function (doc, attributes) {
      queued.push([doc, attributes]);
    };
    Builder.build = function () {
      var builder = this;
      var docs = queued;
      var index = Object.create(lunr.Index.prototype);
      var lengths = {}, counts = {}, idfs = new Map(), vectors = {};
      var fieldRefs, terms, frequencies;
      var done = 0;
      queued = [];
      // createFieldVectors() caches each term's idf for one call only, and a common term's idf
      // counts every document that has it: computed once here, in slices, and looked up after.
      function rememberedIdf(posting, documentCount) {
        return idfs.has(posting) ? idfs.get(posting) : idf(posting, documentCount);
      }
      building = inSlices([
        function (deadline) {
          for (; done < docs.length && performance.now() < deadline; done++)
            add.call(builder, docs[done][0], docs[done][1]);
          if (done < docs.length) return false;
          fieldRefs = Object.keys(builder.fieldLengths);
          done = 0;
          return true;
        },
        // calculateAverageFieldLengths(), the same sums in the same order.
        function (deadline) {
          for (; done < fieldRefs.length && performance.now() < deadline; done++) {
            var field = lunr.FieldRef.fromString(fieldRefs[done]).fieldName;
            counts[field] = (counts[field] || 0) + 1;
            lengths[field] = (lengths[field] || 0) + builder.fieldLengths[fieldRefs[done]];
          }
          if (done < fieldRefs.length) return false;
          Object.keys(builder._fields).forEach(function (name) { lengths[name] = lengths[name] / counts[name]; });
          builder.averageFieldLength = lengths;
          terms = Object.keys(builder.invertedIndex);
          done = 0;
          return true;
        },
        function (deadline) {
          for (; done < terms.length && performance.now() < deadline; done++) {
            var posting = builder.invertedIndex[terms[done]];
            idfs.set(posting, idf(posting, builder.documentCount));
          }
          if (done < terms.length) return false;
          frequencies = builder.fieldTermFrequencies;
          fieldRefs = Object.keys(frequencies);
          done = 0;
          lunr.idf = rememberedIdf;
          return true;
        },
        // createFieldVectors() over a few hundred fields at a time: each field's vector depends only
        // on its own term frequencies and on totals that are final by now.
        function (deadline) {
          while (done < fieldRefs.length && performance.now() < deadline) {
            var part = {};
            for (var end = Math.min(done + 200, fieldRefs.length); done < end; done++)
              part[fieldRefs[done]] = frequencies[fieldRefs[done]];
            builder.fieldTermFrequencies = part;
            builder.createFieldVectors();
            for (var ref in builder.fieldVectors) vectors[ref] = builder.fieldVectors[ref];
          }
          if (done < fieldRefs.length) return false;
          lunr.idf = idf;
          builder.fieldTermFrequencies = frequencies;
          builder.fieldVectors = vectors;
          return true;
        },
        function () {
          builder.createTokenSet();
          lunr.Index.call(index, {
            invertedIndex: builder.invertedIndex,
            fieldVectors: builder.fieldVectors,
            tokenSet: builder.tokenSet,
            fields: Object.keys(builder._fields),
            pipeline: builder.searchPipeline
          });
          return true;
        }
      ]);
      return index;
    };
  }

  // Runs each step, as often as it asks (returns false), in tasks of at most about SLICE_MS. An
  // error is thrown from a task, so the bridge above reports it; the index never becomes ready,
  // as when lunr fails inside a real worker.
  function inSlices(steps) {
    return new Promise(function (resolve) {
      function run() {
        var deadline = performance.now() + SLICE_MS;
        try {
          while (steps.length && performance.now() < deadline)
            if (steps[0](deadline)) steps.shift();
        } catch (error) {
          nextTask(function () { throw error; });
          return;
        }
        if (steps.length) nextTask(run);
        else resolve();
      }
      nextTask(run);
    });
  }
})();
