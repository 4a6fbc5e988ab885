/* Wegweiser Enzkreis: "Read aloud" (Vorlesen) with the phone's own voices (Web Speech API).
 *
 * Loaded by wegweiser.js at the first tap on the button, never with the page; the service worker
 * keeps it like any other asset. Nothing leaves the device: the browser's speech engine reads.
 *
 * The page's main content is read sentence by sentence, each in the language of its element:
 * German names, addresses and the German box beside the translation (lang="de") with a German
 * voice, the rest with a voice for the page's language. Phone numbers, postcodes and house
 * numbers are read digit by digit, times as times ("9:00 to 12:00" in the page's language). The
 * sentence being read is highlighted and scrolled into view. Pause stops at the sentence and
 * continue starts it again (pause() of the API is unreliable on Android). Leaving the page stops.
 */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  // not read: controls, the map, sharing and reporting, what only print shows, what is not shown
  var SKIP = "script,style,svg,button,noscript,select,textarea,[hidden],[aria-hidden=true],.ww-voice,.ww-map," +
    ".ww-share,.ww-report,.ww-page-tools,.ww-plan-tools,.ww-plan-actions,.ww-print-only";
  var CELL = "td,th,div,a";  // parts of a block read with a pause between them (cells of a row, lines of a card)
  var BLOCK = "p,li,tr,h1,h2,h3,h4,h5,h6,dt,dd,summary,figcaption,blockquote,caption";
  // read digit by digit: phone numbers, and every number in an address (postcode, house number)
  var DIGITS = "a[href^='tel:'],.ww-address,.ww-counter-address,.ww-card-place";
  var D = "[0-9\u0660-\u0669\u06F0-\u06F9]";
  var TIME = D + "{1,2}:" + D + "{2}";
  var RANGE = new RegExp("(" + TIME + ")\\s*[\u2013-]\\s*(" + TIME + ")", "g");
  var CLOCK = new RegExp(TIME, "g");
  var NUMBER = new RegExp("\\+?" + D + "(?:[ \\-/]?" + D + ")*", "g");
  var LONG = new RegExp("\\+?" + D + "(?:[ \\-/]?" + D + "){4,}", "g");  // 5 digits or more: a phone number or postcode
  var END = /(?:\S{4,}\.|[!?\u061F\u06D4\u1362])(?=\s|$)/g;  // a sentence ends here ("z. B." or "Str." do not end one)
  var state = null;  // {box, items, index, run, paused}

  function primary(lang) { return (lang || "").toLowerCase().split(/[-_]/)[0]; }
  function fill(text, values) { return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; }); }

  function voiceFor(lang) {
    var voices = synth.getVoices().filter(function (v) { return primary(v.lang) === lang; });
    return voices.filter(function (v) { return v.localService; })[0] || voices[0] || null;
  }

  function digits(number) {  // "07231 308-0" -> "0 7 2 3 1, 3 0 8, 0"; a date (2024-05-01) stays
    if (/^\d{4}-\d\d-\d\d$/.test(number)) return number;
    return number.split(/[ \-/]/).map(function (group) { return group.split("").join(" "); }).join(", ");
  }

  function spoken(text, allDigits, to) {
    var time = function (t) { return t.replace(new RegExp("^[0\u0660\u06F0](?=" + D + ":)"), ""); };  // 09:00 -> 9:00
    text = text.replace(RANGE, function (_, a, b) { return fill(to, { start: time(a), end: time(b) }); });
    text = text.replace(CLOCK, time);
    return text.replace(allDigits ? NUMBER : LONG, digits);
  }

  // The text nodes of the main content as fragments that do not cross a sentence's end, each with
  // its block, language and whether it is read digit by digit.
  function fragments(root) {
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var space = false;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var el = node.parentElement;
      if (!node.data.trim()) { space = true; continue; }
      if (el.closest(SKIP) || el.closest("details:not([open]) > :not(summary)") || !el.getClientRects().length) continue;
      var block = el.closest(BLOCK) || el;
      var info = {
        node: node, block: block, cell: el.closest(CELL),
        lang: primary((el.closest("[lang]") || document.documentElement).getAttribute("lang")),
        digits: !!el.closest(DIGITS), space: space
      };
      space = false;
      var start = 0;
      END.lastIndex = 0;
      for (var m = END.exec(node.data); m; m = END.exec(node.data)) {
        var end = m.index + m[0].length;
        out.push(Object.assign({ start: start, end: end, last: true }, info));
        info.space = false;
        start = end;
      }
      if (node.data.slice(start).trim()) out.push(Object.assign({ start: start, end: node.data.length, last: false }, info));
    }
    return out;
  }

  function afterBreak(node, block) {  // the first text after a <br>, also inside an element
    while (node !== block && !node.previousSibling) node = node.parentNode;
    return node !== block && node.previousSibling.nodeName === "BR";
  }

  // Utterances: consecutive fragments of one block and one language, up to a sentence's end.
  function sentences(root, to) {
    var items = [];
    var item = null;
    fragments(root).forEach(function (f) {
      var raw = f.node.data.slice(f.start, f.end);
      if (!item || item.block !== f.block || item.lang !== f.lang || item.closed) {
        if (!raw.trim()) return;
        item = { block: f.block, lang: f.lang, text: "", range: document.createRange(), cell: f.cell, closed: false };
        item.range.setStart(f.node, f.start + raw.length - raw.replace(/^\s+/, "").length);
        items.push(item);
      } else if (item.cell !== f.cell || (f.start === 0 && afterBreak(f.node, f.block))) {
        item.text += ", ";  // the next cell of a row, the next line of an address
        item.cell = f.cell;
      } else if (f.space) {
        item.text += " ";  // white space between two elements
      }
      item.text += spoken(raw, f.digits, to);
      if (raw.trim()) item.range.setEnd(f.node, f.end - (raw.length - raw.replace(/\s+$/, "").length));
      item.closed = f.last;
    });
    return items.map(function (i) { return { text: i.text.replace(/\s+/g, " ").trim(), lang: i.lang, range: i.range, block: i.block }; })
      .filter(function (i) { return /[^\s.,:;!?()\u060C\u061F–-]/.test(i.text); });
  }

  var sheet = null;
  function styles() {  // the highlight's style comes with this script, not with every page
    if (sheet || !document.adoptedStyleSheets) return;
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync("::highlight(ww-voice){background-color:#fff176;color:#000}.ww-voice-now{background-color:#fff176;color:#000}");
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch (e) { /* an old browser: no highlight */ }
  }

  function highlight(item) {
    var old = document.querySelector(".ww-voice-now");
    if (old) old.classList.remove("ww-voice-now");
    if (window.CSS && CSS.highlights && window.Highlight) {
      if (item) CSS.highlights.set("ww-voice", new Highlight(item.range)); else CSS.highlights.delete("ww-voice");
    } else if (item) {
      item.block.classList.add("ww-voice-now");
    }
    if (!item) return;
    var rect = item.range.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight) {
      var behavior = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
      item.block.scrollIntoView({ block: "center", behavior: behavior });
    }
  }

  function speak() {
    var run = state.run;
    var item = state.items[state.index];
    if (!item) { stop(); return; }
    highlight(item);
    var utterance = new SpeechSynthesisUtterance(item.text);
    var voice = voiceFor(item.lang);
    utterance.lang = voice ? voice.lang : item.lang;
    if (voice) utterance.voice = voice;
    utterance.onend = function () {
      if (!state || state.run !== run || state.paused) return;  // stopped, paused or started again
      state.index += 1;
      speak();
    };
    utterance.onerror = function (event) {
      if (event.error === "interrupted" || event.error === "canceled") return;
      utterance.onend();
    };
    synth.speak(utterance);
  }

  function buttons(box) {
    var bar = box.querySelector(".ww-voice-controls");
    if (bar) return bar;
    bar = document.createElement("span");
    bar.className = "ww-voice-controls";
    ["pause", "stop"].forEach(function (name) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ww-button ww-voice-" + name;
      button.textContent = box.getAttribute("data-" + name);
      bar.appendChild(button);
    });
    bar.querySelector(".ww-voice-pause").addEventListener("click", function () {
      if (!state) return;
      state.paused = !state.paused;
      this.textContent = box.getAttribute(state.paused ? "data-resume" : "data-pause");
      this.setAttribute("aria-pressed", state.paused ? "true" : "false");
      state.run += 1;
      synth.cancel();
      if (!state.paused) speak();  // the sentence again, from its start
    });
    bar.querySelector(".ww-voice-stop").addEventListener("click", function () {
      stop();
      box.querySelector(".ww-voice-read").focus();
    });
    box.appendChild(bar);
    return bar;
  }

  function stop() {
    if (!state) return;
    var box = state.box;
    state = null;
    synth.cancel();
    highlight(null);
    box.querySelector(".ww-voice-read").hidden = false;
    var bar = box.querySelector(".ww-voice-controls");
    if (bar) bar.hidden = true;
  }

  // wegweiser.js calls this at every tap on "Read aloud"
  window.wegweiserVoice = function (box) {
    if (state) stop();
    styles();
    var root = box.closest("article") || document.querySelector("main") || document.body;
    state = { box: box, items: sentences(root, box.getAttribute("data-to")), index: 0, run: 0, paused: false };
    var bar = buttons(box);
    var pause = bar.querySelector(".ww-voice-pause");
    pause.textContent = box.getAttribute("data-pause");
    pause.setAttribute("aria-pressed", "false");
    bar.hidden = false;
    box.querySelector(".ww-voice-read").hidden = true;
    pause.focus();
    synth.cancel();
    speak();
  };
  window.addEventListener("pagehide", stop);
})();
