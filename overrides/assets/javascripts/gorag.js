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

/* Search box: Material reads the query on "keyup" only, so text that arrives without a key
   (pasted, dictated, chosen from a phone keyboard's suggestions or an input method) would not be
   searched until another key is pressed. Each "input" event is passed on as a keyup; Material
   ignores a value it has already searched. */
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("input.md-search__input") && !event.isComposing)
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
  document.addEventListener("compositionend", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("input.md-search__input"))
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
})();
