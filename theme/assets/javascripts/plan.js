/* Wegweiser Enzkreis: "My plan", the offers a reader or a manager collected.
 *
 * The plan is the link: /<lang>/plan/?o=id,id,id. Opening such a link shows those offers in the
 * page's language and keeps them as this device's plan (localStorage); opening the plan page
 * without ?o= shows this device's plan and puts it into the address. Each offer's entry is a
 * small JSON file next to this page (plan/<id>.json), written by the build in every language.
 * Entries are built with textContent only: no HTML from data is ever parsed here.
 */
(function () {
  "use strict";
  var KEY = "wegweiser-plan";
  var ID = /^[a-z0-9-]{1,80}$/;
  var root = document.querySelector(".ww-plan");
  if (!root) return;
  var scriptUrl = document.currentScript.src;
  var text = JSON.parse(root.querySelector(".ww-plan-text").textContent);
  var list = root.querySelector(".ww-plan-list");

  function clean(ids) {
    var seen = {};
    return ids.filter(function (id) { return ID.test(id) && !seen[id] && (seen[id] = true); }).slice(0, 40);
  }
  function fromUrl() {
    var o = new URLSearchParams(location.search).get("o");
    return o === null ? null : clean(o.split(","));
  }
  function stored() { try { return clean((localStorage.getItem(KEY) || "").split(",")); } catch (e) { return []; } }
  function store(ids) { try { ids.length ? localStorage.setItem(KEY, ids.join(",")) : localStorage.removeItem(KEY); } catch (e) { /* private mode */ } }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }
  function isolated(tag, value, lang, dir) {  // a text in another language than the page
    var node = el(tag, null, value);
    node.lang = lang; node.dir = dir;
    return node;
  }
  function note(value) { return value ? el("small", "ww-unconfirmed", " (" + value + ")") : null; }
  function add(parent, child) { if (child) parent.appendChild(child); return child; }
  // The plan's own QR code: plans are made on the device, so it is drawn here, from the vendored
  // qrcode-generator (loaded only when asked for), module by module, without any markup parsing.
  var generator = null;
  function qrGenerator() {
    if (!generator) {
      generator = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("../vendor/qrcode-generator/qrcode.js", scriptUrl).href;
        script.onload = function () { resolve(window.qrcode); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return generator;
  }
  function matrixQr(url) {
    return qrGenerator().then(function (qrcode) {
      var code = qrcode(0, "M");
      code.addData(url, "Byte");
      code.make();
      var n = code.getModuleCount(), border = 2, d = "";
      for (var row = 0; row < n; row++) {
        for (var col = 0; col < n; col++) {
          if (code.isDark(row, col)) d += "M" + (col + border) + " " + (row + border + 0.5) + "h1";
        }
      }
      return svgQr({ size: n + 2 * border, path: d, label: text.qr.replace("%(url)s", url) });
    });
  }

  function svgQr(qr) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("class", "ww-qr");
    svg.setAttribute("viewBox", "0 0 " + qr.size + " " + qr.size);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", qr.label);
    var rect = document.createElementNS(NS, "rect");
    rect.setAttribute("width", qr.size); rect.setAttribute("height", qr.size); rect.setAttribute("fill", "#fff");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("stroke", "#000"); path.setAttribute("d", qr.path);
    svg.appendChild(rect); svg.appendChild(path);
    return svg;
  }

  // Paper as honest as the screen: an offer last checked more than a year ago says when (decided on
  // the day the plan is shown or printed, not on the day the site was built).
  function isOld(data) { return Math.floor((Date.now() - Date.parse(data.verified)) / 864e5) > 365; }
  function longDate(date) {  // the CLDR pattern of the page's language, e.g. "d. MMMM y"
    var f = text.dateFormat;
    return f.pattern.replace(/'([^']*)'|d+|M+|y+/g, function (token, literal) {
      if (literal !== undefined) return literal || "'";
      if (token[0] === "d") return String(date.getDate());
      return token[0] === "M" ? f.months[date.getMonth()] : String(date.getFullYear());
    });
  }
  function stamp() {  // the printed plan says when it was printed
    root.querySelector(".ww-plan-printed").textContent = ids.length ? text.printed.replace("%(date)s", longDate(new Date())) : "";
  }
  window.addEventListener("beforeprint", stamp);

  function entry(id, data) {  // id: as the plan names it (an old, renamed id finds its new offer)
    var li = el("li", "ww-plan-entry ww-print-card");
    li.setAttribute("data-offer", id);
    var body = add(li, el("div", "ww-print-text"));
    var name = add(body, el("a", "ww-print-name"));
    name.href = data.link;
    if (data.nameLang !== document.documentElement.lang) { name.lang = data.nameLang; name.dir = data.nameDir; }
    name.textContent = data.name;
    if (document.documentElement.lang !== "de") {
      var german = add(body, el("div", "ww-card-de"));
      german.appendChild(isolated("span", data.german, "de", "ltr")).translate = false;
    }
    if (data.place) {
      var place = add(body, el("div"));
      place.appendChild(isolated("span", data.place, "de", "ltr"));
      add(place, note(data.placeNote));
    }
    data.phones.forEach(function (phone, i) {
      var line = add(body, el("div"));
      var a = add(line, el("a", "ww-plan-call", phone[0]));
      a.href = phone[1]; a.dir = "ltr";
      a.setAttribute("aria-label", text.call + " " + phone[0]);
      if (i === data.phones.length - 1) add(line, note(data.phoneNote));
    });
    data.hours.forEach(function (row) {
      var line = add(body, el("div", "ww-print-hours"));
      line.appendChild(el("span", null, row[0] + " "));
      var spans = add(line, el("span", null, row[1])); spans.dir = "ltr";
      if (row[2]) line.appendChild(isolated("span", " " + row[2], "de", "ltr"));
    });
    if (data.hours.length) add(body.lastChild, note(data.hoursNote));
    data.changes.forEach(function (change) {  // [text, German comment]
      var line = add(body, el("div", "ww-closure", change[0]));
      if (change[1]) line.appendChild(isolated("span", " (" + change[1] + ")", "de", "ltr"));
    });
    if (data.appointment) add(add(body, el("div")), el("strong", null, data.appointment));
    data.facts.forEach(function (fact) {  // [caption, text, its lang, its dir, note]: fields the schema shows in plans
      var line = add(body, el("div", "ww-print-fact", fact[0] + ": "));
      if (fact[2] !== document.documentElement.lang) line.appendChild(isolated("span", fact[1], fact[2], fact[3]));
      else line.appendChild(document.createTextNode(fact[1]));
      add(line, note(fact[4]));
    });
    if (data.address) { var link = add(body, el("div", "ww-print-only ww-plan-url", data.address)); link.dir = "ltr"; }
    var remove = add(body, el("button", "ww-button ww-no-print ww-plan-remove", text.remove));
    remove.type = "button";
    remove.addEventListener("click", function () { update(ids.filter(function (x) { return x !== id; })); });
    if (data.qr) li.appendChild(svgQr(data.qr));
    if (isOld(data)) li.appendChild(el("div", "ww-print-checked", data.checked));  // across the card, as on handouts
    return li;
  }
  function missing(id) {
    var li = el("li", "ww-plan-entry ww-plan-missing");
    add(li, el("p", null, text.missing.replace("%(id)s", id)));
    li.setAttribute("data-offer", id);
    var remove = add(li, el("button", "ww-button ww-no-print ww-plan-remove", text.remove));
    remove.type = "button";
    remove.addEventListener("click", function () { update(ids.filter(function (x) { return x !== id; })); });
    return li;
  }

  var ids = [];
  var cache = {};
  function load(id) {
    if (!cache[id]) {
      cache[id] = fetch(id + ".json").then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { return entry(id, data); }, function () { return missing(id); });
    }
    return cache[id].then(function (node) { return node; });
  }

  function address() {
    var url = new URL(location.href);
    url.hash = "";
    if (ids.length) url.searchParams.set("o", ids.join(",")); else url.searchParams.delete("o");
    return url.href.replace(/%2C/g, ",");
  }
  function render() {
    root.querySelector(".ww-plan-empty").hidden = ids.length > 0;
    // the list keeps a screen's height until its offers are in, and the buttons below it appear
    // with them: nothing the reader sees moves when the offers arrive
    list.classList.toggle("ww-plan-loading", ids.length > 0 && !list.children.length);
    var summary = root.querySelector(".ww-plan-summary");
    summary.hidden = ids.length === 0;
    summary.textContent = text.count.replace("%(count)s", ids.length.toLocaleString(document.documentElement.lang));
    root.querySelector(".ww-plan-address").textContent = ids.length ? address() : "";
    root.querySelector(".ww-share-button").setAttribute("data-url", address());
    var query = ids.length ? "?o=" + ids.join(",") : "";
    // every language link, the plan's own and the header's language chooser, carries the plan along
    document.querySelectorAll("a.ww-plan-language, a.ww-lang-link").forEach(function (a) {
      a.href = a.href.split("?")[0].split("#")[0] + query;
    });
    return Promise.all(ids.map(load)).then(function (nodes) {
      list.textContent = "";
      nodes.forEach(function (node) { list.appendChild(node); });
      list.classList.remove("ww-plan-loading");
      root.querySelector(".ww-plan-actions").hidden = ids.length === 0;
      root.querySelector(".ww-plan-old-note").hidden = !list.querySelector(".ww-print-checked");
      stamp();
      root.setAttribute("data-ready", ids.join(","));
    });
  }
  function update(next) {
    ids = clean(next);
    store(ids);
    history.replaceState(null, "", address());
    if (ids.length && !qrFigure.hidden) showQr();
    if (!ids.length) qrFigure.hidden = true;
    printQr.hidden = true;  // drawn again for the next print
    return render();
  }

  root.querySelector(".ww-plan-clear").addEventListener("click", function () { update([]); });
  var qrButton = root.querySelector(".ww-plan-qr-button");
  var qrFigure = root.querySelector(".ww-plan-qr");
  function showQr() {
    var url = address();
    return matrixQr(url).then(function (svg) {
      var old = qrFigure.querySelector("svg");
      if (old) qrFigure.removeChild(old);
      qrFigure.insertBefore(svg, qrFigure.firstChild);
      qrFigure.querySelector("figcaption").textContent = url;
      qrFigure.hidden = false;
      qrButton.setAttribute("aria-expanded", "true");
    });
  }
  // Print: the plan's own QR code on the paper too (drawn first, then the print dialog)
  var printQr = root.querySelector(".ww-plan-print-qr");
  root.querySelector(".ww-plan-print").addEventListener("click", function () {
    matrixQr(address()).then(function (svg) {
      printQr.textContent = "";
      printQr.appendChild(svg);
      printQr.hidden = false;
      window.print();
    });
  });
  qrButton.addEventListener("click", function () {
    if (!qrFigure.hidden) { qrFigure.hidden = true; qrButton.setAttribute("aria-expanded", "false"); return; }
    showQr();
  });
  var shared = fromUrl();
  update(shared === null ? stored() : shared);
})();
