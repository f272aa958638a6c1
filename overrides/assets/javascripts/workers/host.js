/* Runs inside the iframe that iframe-worker uses in place of a Web Worker under file://, before
   the search worker (workers/gorag-search.js). Bridges the worker API to the parent page without
   inline script, so the site's Content-Security-Policy can forbid inline script:
   - postMessage() sends to the page, as a worker's does;
   - importScripts() adds <script> elements one after another and returns a Promise (a worker's is
     synchronous; the search worker waits on whatever it returns);
   - an uncaught error is reported to the page as the worker's error event.

   The search worker's work is small (it adds up scores computed at build time, from the few
   files a query needs), so unlike Material's lunr worker it needs no slicing here, and it answers
   every query, in order, itself. */
(function () {
  "use strict";
  var worker = document.currentScript.getAttribute("data-worker");

  window.postMessage = function (message) {
    parent.postMessage(message, "*");
  };

  window.importScripts = function () {
    var urls = Array.prototype.slice.call(arguments);
    return urls.reduce(function (chain, url) {
      return chain.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = function () { reject(new Error("Could not load " + url)); };
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };

  addEventListener("error", function (event) {
    parent.dispatchEvent(new ErrorEvent("error", { filename: worker, error: event.error }));
  });
})();
