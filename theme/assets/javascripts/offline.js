/* Wegweiser Enzkreis: pages without a network.
 *
 * Registers the site's service worker (sw.js at the site root; the build writes it, see
 * generator/offline.py) and tells it about every page view, so it keeps this page, its assets
 * and the language's home; from the second page view in a language on (not with Save-Data, on
 * mobile data or on a 2G-like connection) also the language's municipality pages.
 *
 * A page the worker served from its saved copy carries <meta name="wegweiser-offline"
 * content="<saved at>">; the notice at the top of the page then says so, when it was saved and
 * how long ago, in the page's language (the texts come from the build, see theme/main.html).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var home = new URL("../../", script.src);  // <root>/<lang>/assets/javascripts/offline.js -> <root>/<lang>/
  var root = new URL("../", home);
  var VIEWS = "wegweiser-views:" + home.pathname;

  function fill(text, values) { return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; }); }

  function locale(format, lang) {  // the page's language where the browser has it, German otherwise
    try { return format.supportedLocalesOf([lang]).length ? lang : "de"; } catch (e) { return "de"; }
  }

  function age(saved, lang) {  // "3 hours ago", or "" where the browser lacks Intl.RelativeTimeFormat
    if (!window.Intl || !Intl.RelativeTimeFormat) return "";
    var minutes = Math.max(0, Math.round((Date.now() - saved.getTime()) / 60000));
    var amount = minutes < 60 ? [minutes, "minute"] : minutes < 2880 ? [Math.round(minutes / 60), "hour"] : [Math.round(minutes / 1440), "day"];
    return new Intl.RelativeTimeFormat(locale(Intl.RelativeTimeFormat, lang), { numeric: "auto" }).format(-amount[0], amount[1]);
  }

  function notice() {
    var meta = document.querySelector('meta[name="wegweiser-offline"]');
    var box = document.querySelector(".ww-offline-notice");
    if (!meta || !box) return;
    var saved = new Date(meta.getAttribute("content"));
    if (isNaN(saved.getTime())) return;
    var lang = document.documentElement.lang || "de";
    var date = new Intl.DateTimeFormat(locale(Intl.DateTimeFormat, lang), {
      year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit"
    }).format(saved);
    var ago = age(saved, lang);
    box.textContent = fill(box.getAttribute(ago ? "data-text-age" : "data-text"), { date: date, age: ago });
    box.hidden = false;
  }

  function views() {  // page views in this language on this device, this one included
    try {
      var count = (parseInt(localStorage.getItem(VIEWS), 10) || 0) + 1;
      localStorage.setItem(VIEWS, String(count));
      return count;
    } catch (e) { return 1; }  // storage blocked: no offline pack
  }

  function loaded() {  // what this page loaded from the site
    return performance.getEntriesByType("resource").map(function (entry) { return entry.name; })
      .filter(function (url) { return url.indexOf(root.href) === 0; });
  }

  // No offline pack on a metered or very slow connection: with Save-Data, on mobile data where the
  // phone says so (connection.type, Android), or on a 2G-like connection. Wi-Fi at the
  // consultation or at home is where the pack comes.
  function sparing() {
    var connection = navigator.connection;
    return !!connection && (connection.saveData || connection.type === "cellular" || /2g$/.test(connection.effectiveType || ""));
  }

  function tell(worker) {
    worker.postMessage({
      type: "view", home: home.href, page: location.href, assets: loaded(), pack: views() >= 2 && !sparing()
    });
  }

  notice();
  if (!("serviceWorker" in navigator)) return;
  // updateViaCache "all": the worker's update check may use the HTTP cache (a host's max-age, at
  // most 24 hours), so a phone does not fetch sw.js again on every page view
  navigator.serviceWorker.register(new URL("sw.js", root).href, { updateViaCache: "all" }).catch(function (error) {
    if (window.console) console.warn("Wegweiser offline:", error);
  });
  navigator.serviceWorker.ready.then(function (registration) {
    if (document.readyState === "complete") tell(registration.active);
    else window.addEventListener("load", function () { tell(registration.active); });
  });
})();
