// Send the reader to the site in their browser's language, when it is one of ours.
// A language the reader picked here is remembered on this device only (localStorage).
(function () {
  var KEY = "wegweiser-language";
  function available() {
    return Array.prototype.map.call(document.querySelectorAll("a[data-lang]"), function (a) {
      return a.getAttribute("data-lang");
    });
  }
  function choose(langs) {
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* storage blocked */ }
    if (stored && langs.indexOf(stored) >= 0) return stored;
    var wanted = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).toLowerCase().split("-")[0];
      if (langs.indexOf(code) >= 0) return code;
    }
    return null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-lang]");
      if (link) { try { localStorage.setItem(KEY, link.getAttribute("data-lang")); } catch (e) { /* ignore */ } }
    });
    if (location.hash === "#choose") return;
    var lang = choose(available());
    if (lang) location.replace(lang + "/");
  });
})();
