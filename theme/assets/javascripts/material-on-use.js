/* Wegweiser Enzkreis: Material's page script (about 35 KB gzip) loads on use, not with the page.
 *
 * Everything a reader sees works without it (Material's header, drawer and search box are HTML
 * and CSS); it runs the search box. So it loads when the reader opens the search (a tap on the
 * magnifier, the field taking the focus, or one of Material's keys "/", "s", "f"). A first visit
 * of a page then transfers about 36 KB less.
 *
 * Material shows the search button only to browsers with JavaScript (class "js" on <html>, which its
 * script would set): that is done here, and wegweiser.css gives the sidebars the height Material's
 * script would compute.
 *
 * Material starts when it sees the event DOMContentLoaded, which is long past when it loads
 * here: while its script runs, that one listener is called at once instead of being added.
 */
/* Material's storage helpers (Material 9.8.2, partials/javascripts/base.html), which its script
 * needs; they are inline only where a palette or linked tabs need them earlier
 * (theme/partials/javascripts/base.html). */
if (!window.__md_scope) {
  window.__md_scope = new URL(document.currentScript.getAttribute("data-scope"), location);
  window.__md_hash = function (e) {
    return Array.from(e).reduce(function (e, c) { return (e << 5) - e + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    return JSON.parse((storage || localStorage).getItem((scope || __md_scope).pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    try { (storage || localStorage).setItem((scope || __md_scope).pathname + "." + key, JSON.stringify(value)); } catch (e) {}
  };
}

(function () {
  "use strict";
  var script = document.currentScript;
  var started = false;

  function load() {
    if (started) return;
    started = true;
    var add = document.addEventListener;
    document.addEventListener = function (type, listener) {
      if (type !== "DOMContentLoaded") return add.apply(this, arguments);
      setTimeout(function () {
        var event = new Event(type);
        typeof listener === "function" ? listener.call(document, event) : listener.handleEvent(event);
      }, 0);
    };
    var bundle = document.createElement("script");
    bundle.src = script.getAttribute("data-bundle");
    bundle.onload = bundle.onerror = function () { document.addEventListener = add; };
    document.head.appendChild(bundle);
  }

  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", function () {
    var input = document.querySelector(".md-search__input");
    if (!started && toggle.checked && input) input.focus();  // what Material does once it runs
    load();
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) load();
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (started || event.ctrlKey || event.metaKey || event.altKey || ["/", "s", "f"].indexOf(event.key) < 0) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var input = document.querySelector(".md-search__input");
    if (!toggle || !input) return;
    event.preventDefault();  // the key opens the search, as with Material, and is not typed
    toggle.checked = true;
    input.focus();
    load();
  });
})();
