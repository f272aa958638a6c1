/* Runs inside the iframe that iframe-worker uses in place of a Web Worker under file://.
   Bridges the worker API to the parent page without inline script, so the site's
   Content-Security-Policy can forbid inline script. Kept in workers/ because Material's search
   worker finds its lunr folder from the first script's path before "/worker". */
(function () {
  "use strict";
  var worker = document.currentScript.getAttribute("data-worker");
  window.postMessage = function (message, origin) {
    parent.postMessage(message, origin || "*");
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
})();
