/* Wegweiser Enzkreis: "open now", maps only after consent, directions for phones, "near me",
 * sharing (share sheet or copy link), "add to my plan" (the plan page has its own plan.js),
 * "in my language" (cards without language data in their own group).
 *
 * "Open now · closes at 12:00" is worked out here, at view time, in German time (Europe/Berlin),
 * from the weekly hours and Baden-Württemberg's public holidays that the build put on the page.
 *
 * Nothing is requested from a tile server until the reader taps "Show map". The choice is
 * remembered on this device (localStorage) and can be withdrawn. Leaflet is served by the site
 * itself and loaded only then. The reader's position (near me) never leaves the phone.
 */
(function () {
  "use strict";
  var KEY = "wegweiser-map-consent";
  var script = document.currentScript;
  var assets = new URL("../vendor/", script.src);  // theme/assets/javascripts/ -> theme/assets/vendor/

  function stored() { try { return localStorage.getItem(KEY) === "yes"; } catch (e) { return false; } }
  function store(yes) { try { yes ? localStorage.setItem(KEY, "yes") : localStorage.removeItem(KEY); } catch (e) { /* private mode */ } }

  var loaded = {};
  function load(tag, attrs) {
    var key = attrs.src || attrs.href;
    if (!loaded[key]) {
      loaded[key] = new Promise(function (resolve, reject) {
        var el = document.createElement(tag);
        Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
        el.onload = resolve; el.onerror = reject;
        document.head.appendChild(el);
      });
    }
    return loaded[key];
  }
  function asset(path) { return new URL(path, assets).href; }
  function leaflet(cluster) {
    var core = Promise.all([
      load("link", { rel: "stylesheet", href: asset("leaflet/leaflet.css") }),
      load("script", { src: asset("leaflet/leaflet.js") })
    ]);
    if (!cluster) return core;  // the cluster plugin only where markers crowd
    return core.then(function () {
      return Promise.all([
        load("link", { rel: "stylesheet", href: asset("leaflet.markercluster/MarkerCluster.css") }),
        load("link", { rel: "stylesheet", href: asset("leaflet.markercluster/MarkerCluster.Default.css") }),
        load("script", { src: asset("leaflet.markercluster/leaflet.markercluster.js") })
      ]);
    });
  }

  // a marker's popup and tooltip (name, link, category) from the map's JSON, as text nodes: data never becomes HTML
  window.wegweiserLabel = function (marker, d) {
    var box = document.createElement("div");
    box.className = "ww-popup"; box.lang = d.lang; box.dir = d.dir;
    var name = document.createElement(d.url ? "a" : "strong");  // the town centre links nowhere
    if (d.url) name.href = d.url;
    name.textContent = d.name; box.appendChild(name);
    if (d.detail) { var detail = document.createElement("div"); detail.textContent = d.detail; box.appendChild(detail); }
    marker.bindPopup(box);
    var tip = document.createElement("span"); tip.textContent = d.name; marker.bindTooltip(tip);
  };

  function show(section) {
    var consent = section.querySelector(".ww-map-consent");
    var canvas = section.querySelector("[data-map]");
    if (!consent || !canvas || canvas.getAttribute("data-shown")) return;
    canvas.setAttribute("data-shown", "1");
    // the map's own code (markers, labels) is a file next to the page (karte.js), loaded with Leaflet
    var code = canvas.getAttribute("data-map-src");
    Promise.all([
      leaflet(canvas.hasAttribute("data-cluster")),
      code ? load("script", { src: new URL(code, location.href).href }) : null
    ]).then(function () {
      var make = (window.wegweiserMaps || {})[canvas.getAttribute("data-map")];
      if (!make) return;
      // every marker has its own icon; a divIcon default spares the download of Leaflet's PNG pin
      L.Marker.prototype.options.icon = L.divIcon({ className: "ww-marker" });
      canvas.hidden = false;
      consent.hidden = true;
      var map = make();
      var rtl = document.documentElement.dir === "rtl" || document.body.dir === "rtl";
      // mirrored on right-to-left pages: zoom and scale at the reading start, attribution at the end
      L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
      L.control.scale({ position: rtl ? "bottomright" : "bottomleft" }).addTo(map);
      map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
      map.attributionControl.setPrefix(false);
      L.tileLayer(consent.getAttribute("data-tiles"), {
        attribution: consent.getAttribute("data-attribution"),
        maxZoom: parseInt(consent.getAttribute("data-max-zoom"), 10) || 19
      }).addTo(map);
      map.invalidateSize();
      var forget = section.querySelector(".ww-map-forget");
      if (forget) forget.hidden = false;
    }).catch(function (error) {
      canvas.removeAttribute("data-shown");
      if (window.console) console.error("Wegweiser map:", error);
    });
  }

  function directions() {
    // geo: URIs open the phone's map app on Android; elsewhere the OpenStreetMap route stays
    if (!/Android/i.test(navigator.userAgent)) return;
    document.querySelectorAll("a[data-geo]").forEach(function (a) { a.href = a.getAttribute("data-geo"); });
  }

  function distance(a, b) {  // haversine, km
    var r = Math.PI / 180, dLat = (b[0] - a[0]) * r, dLon = (b[1] - a[1]) * r;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(h));
  }

  function nearMe(box) {
    if (!("geolocation" in navigator)) return;
    box.hidden = false;
    var status = box.querySelector("[role=status]");
    box.querySelector("button").addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = [pos.coords.latitude, pos.coords.longitude];
        document.querySelectorAll("ul.ww-cards").forEach(function (list) {
          var items = Array.prototype.slice.call(list.children);
          items.sort(function (x, y) {
            var dx = x.hasAttribute("data-lat") ? distance(here, [+x.getAttribute("data-lat"), +x.getAttribute("data-lon")]) : Infinity;
            var dy = y.hasAttribute("data-lat") ? distance(here, [+y.getAttribute("data-lat"), +y.getAttribute("data-lon")]) : Infinity;
            return dx - dy;
          });
          items.forEach(function (item) { list.appendChild(item); });
        });
        if (status) status.textContent = "✓";
      }, function () { if (status) status.textContent = "✗"; }, { timeout: 15000, maximumAge: 60000 });
    });
  }

  // -- open now --------------------------------------------------------------------------------

  function berlinNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var date = new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day));
    return { date: date, minutes: (+parts.hour) * 60 + (+parts.minute) };
  }
  function iso(date) { return date.toISOString().slice(0, 10); }
  function weekday(date) { return (date.getUTCDay() + 6) % 7; }  // 0 = Monday
  function longDate(date) {  // "13. Januar" in the page's language, where the browser knows it
    var lang = document.documentElement.lang;
    var locale = Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : "de";
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" }).format(date);
  }
  function fill(text, values) { return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; }); }

  function openNow(box) {
    var data = JSON.parse(box.nextElementSibling.textContent);
    var now = berlinNow();
    var holiday = function (date) { return data.holidays.indexOf(iso(date)) >= 0; };
    var closedOn = function (date) { return data.phClosed && holiday(date); };
    // a temporary closure or changed hours on that date, else the regular weekday
    var spansOn = function (date) { var key = iso(date); return key in (data.exceptions || {}) ? data.exceptions[key] : data.days[weekday(date)]; };
    var open = false;
    var text = null;
    if (data.days.length && !closedOn(now.date)) {
      spansOn(now.date).forEach(function (span) {
        if (!open && span[0] <= now.minutes && now.minutes < span[1]) {
          open = true;
          text = fill(data.text.open, { time: span[3] });
        }
      });
    }
    if (!open && data.days.length) {
      var next = null;
      // up to 13 weeks ahead: a temporary closure can last weeks; beyond a week, the date is named
      for (var offset = 0; offset < 91 && !next; offset++) {
        var day = new Date(now.date.getTime() + offset * 86400000);
        if (closedOn(day)) continue;
        var spans = spansOn(day).filter(function (span) { return offset > 0 || span[0] > now.minutes; });
        if (spans.length) {
          next = offset === 0 ? fill(data.text.closedToday, { time: spans[0][2] })
               : offset < 7 ? fill(data.text.closed, { day: data.weekdays[weekday(day)], time: spans[0][2] })
               : fill(data.text.closedUntil, { date: longDate(day), time: spans[0][2] });
        }
      }
      // on a holiday: "Closed today: public holiday · opens Friday at 08:00"
      text = closedOn(now.date) ? data.text.holiday + (next ? " · " + next.split(" · ").slice(1).join(" · ") : "") : next;
    }
    if (holiday(now.date) && !data.phClosed && text) text += " · " + data.text.holidayMaybe;
    if (!text && data.appointment) text = data.text.appointment;
    if (!text) return;
    box.textContent = text;
    box.classList.add(open ? "ww-is-open" : "ww-is-closed");
    box.hidden = false;
  }

  // -- sharing, the plan, printing -------------------------------------------------------------

  var PLAN = "wegweiser-plan";
  function planIds() { try { return (localStorage.getItem(PLAN) || "").split(",").filter(Boolean); } catch (e) { return []; } }
  function savePlan(ids) { try { ids.length ? localStorage.setItem(PLAN, ids.join(",")) : localStorage.removeItem(PLAN); } catch (e) { /* private mode */ } }

  // "Add to my plan" on offer pages and on every card; the count next to the link to the plan
  // a button on each card of a list that carries the buttons' texts (data-add, data-added)
  function cardButtons() {
    document.querySelectorAll("ul[data-add] > li.ww-card").forEach(function (card) {
      var link = card.querySelector("a.ww-card-title");
      var id = link && /\/angebote\/([^\/]+)\/$/.exec(link.pathname);
      if (!id) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ww-button ww-plan-toggle";
      button.hidden = true;
      button.setAttribute("data-offer", id[1]);
      button.setAttribute("aria-pressed", "false");
      button.setAttribute("data-add", card.parentNode.getAttribute("data-add"));
      button.setAttribute("data-added", card.parentNode.getAttribute("data-added"));
      card.appendChild(button);
    });
  }

  function planToggles() {
    cardButtons();
    var buttons = document.querySelectorAll(".ww-plan-toggle[data-offer]");
    if (!buttons.length) return;
    function refresh() {
      var ids = planIds();
      buttons.forEach(function (button) {
        var inPlan = ids.indexOf(button.getAttribute("data-offer")) >= 0;
        button.setAttribute("aria-pressed", inPlan ? "true" : "false");
        button.textContent = button.getAttribute(inPlan ? "data-added" : "data-add");
      });
      document.querySelectorAll(".ww-plan-count").forEach(function (count) {
        count.textContent = ids.length.toLocaleString(document.documentElement.lang);
      });
    }
    buttons.forEach(function (button) {
      var id = button.getAttribute("data-offer");
      button.addEventListener("click", function () {
        var ids = planIds();
        savePlan(ids.indexOf(id) >= 0 ? ids.filter(function (x) { return x !== id; }) : ids.concat([id]));
        refresh();
      });
      button.hidden = false;
    });
    document.querySelectorAll(".ww-plan-tools").forEach(function (box) { box.hidden = false; });
    refresh();
  }

  // the Web Share API where the phone has it (the phone's own share sheet), else copy the link
  function shareButton(button) {
    var canShare = typeof navigator.share === "function";
    if (!canShare && !(navigator.clipboard && navigator.clipboard.writeText)) return;
    button.textContent = button.getAttribute(canShare ? "data-share" : "data-copy");
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = (button.getAttribute("data-url") || location.href.split("#")[0])
        + (/^#sprache-[a-z]{2,3}$/.test(location.hash) ? location.hash : "");  // a list filtered "in my language"
      if (canShare) {
        navigator.share({ title: document.title, url: url }).catch(function () { /* the reader closed the sheet */ });
        return;
      }
      navigator.clipboard.writeText(url).then(function () {
        button.textContent = button.getAttribute("data-copied");
      });
    });
  }

  // -- in my language ---------------------------------------------------------------------------
  // The link #sprache-ar filters the lists by the stylesheet alone (categories.css); here, cards
  // without language data move into their own group under each list, back when the filter is off.
  function myLanguage(nav) {
    var lists = Array.prototype.slice.call(document.querySelectorAll("ul.ww-langlist"));
    lists.forEach(function (list) {
      Array.prototype.forEach.call(list.children, function (card, i) { card.setAttribute("data-order", i); });
    });
    function apply() {
      var on = /^#sprache-[a-z]{2,3}$/.test(location.hash) && document.querySelector(location.hash);
      var code = on && location.hash.slice(9);
      lists.forEach(function (list) {
        // a topic on a municipality page: its link to the whole topic keeps the filter; hidden while
        // nothing in it fits (unless that link leads to more offers than the page shows)
        var section = list.closest("section");
        var more = section && section.querySelector(".ww-more a");
        if (more) more.hash = on ? location.hash : "";
        if (section) section.hidden = !!on && !more && !list.querySelector("li:not([data-langs]), li[data-langs~=" + code + "]");
        var group = list.nextElementSibling;
        if (group && group.classList.contains("ww-nolang-group")) {
          Array.prototype.slice.call(group.querySelectorAll("li")).forEach(function (card) { list.appendChild(card); });
          Array.prototype.slice.call(list.children)
            .sort(function (a, b) { return a.getAttribute("data-order") - b.getAttribute("data-order"); })
            .forEach(function (card) { list.appendChild(card); });
          group.remove();
        }
        var unknown = list.querySelectorAll("li:not([data-langs])");
        if (!on || !unknown.length) return;
        group = document.createElement("div");
        group.className = "ww-nolang-group";
        var title = document.createElement("p");
        title.className = "ww-nolang-title";
        title.textContent = nav.getAttribute("data-unknown");
        var moved = document.createElement("ul");
        moved.className = "ww-cards";
        Array.prototype.forEach.call(unknown, function (card) { moved.appendChild(card); });
        group.appendChild(title); group.appendChild(moved);
        list.after(group);
      });
    }
    window.addEventListener("hashchange", apply);
    apply();
  }

  // "Read aloud": the button where the phone has a voice for the page's language, else a note on
  // how to add one. Reading (voice.js) loads at the first tap, not with the page.
  function readAloud(box) {
    var synth = window.speechSynthesis;
    if (!synth || !window.SpeechSynthesisUtterance) return;
    var lang = document.documentElement.lang.toLowerCase().split("-")[0];
    var read = box.querySelector(".ww-voice-read");
    var none = box.querySelector(".ww-voice-none");
    var waited = false;
    // The box keeps its place while hidden (CSS), so neither the button nor the note moves the page.
    // Voices may arrive late (Chrome lists them asynchronously); after 3 s without any, the note
    // shows, and the button replaces it if voices still come.
    function offer() {
      var voices = synth.getVoices();
      if (!voices.length && !waited) return;
      var has = voices.some(function (v) { return v.lang.toLowerCase().split(/[-_]/)[0] === lang; });
      read.hidden = !has;
      none.hidden = has;
      box.hidden = false;
    }
    offer();
    synth.addEventListener("voiceschanged", offer);
    setTimeout(function () { waited = true; if (box.hidden) offer(); }, 3000);
    read.addEventListener("click", function () {
      load("script", { src: new URL("voice.js", script.src).href }).then(function () { window.wegweiserVoice(box); });
    });
  }

  function start() {
    document.querySelectorAll(".ww-open-now").forEach(openNow);
    document.querySelectorAll("section.ww-map").forEach(function (section) {
      var button = section.querySelector(".ww-map-show");
      if (button) button.addEventListener("click", function () { store(true); show(section); });
      var forget = section.querySelector(".ww-map-forget button");
      if (forget) forget.addEventListener("click", function () {
        store(false);
        section.querySelector(".ww-map-forget").hidden = true;
      });
      if (stored()) show(section);
    });
    document.querySelectorAll(".ww-near-me").forEach(nearMe);
    planToggles();
    document.querySelectorAll(".ww-share-button").forEach(shareButton);
    document.querySelectorAll(".ww-voice").forEach(readAloud);
    document.querySelectorAll(".ww-print-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    directions();
    var mylang = document.querySelector(".ww-mylang");
    if (mylang) myLanguage(mylang);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
