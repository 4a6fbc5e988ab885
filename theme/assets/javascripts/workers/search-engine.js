/* Wegweiser Enzkreis: the search engine, loaded by the search worker (search.js) at the first
 * query. It loads the index, search/wegweiser.json of the page's language (written by
 * generator/search.py). The service worker keeps the index and this file like any asset, so a
 * reader who searched once can search offline.
 *
 * What it understands:
 * - umlauts and ß folded in index and query: ä = a = ae, ß = ss (and other marks, Arabic and
 *   Persian letter variants, Turkish dotless i, Ge'ez letters that sound the same);
 * - a word as the start of a longer one ("Kinder" finds "Kindergarten"), and inside German
 *   compounds from four letters ("kurs" finds "Deutschkurs");
 * - one typo (a letter missing, extra or wrong, or two swapped) in words of five letters or more;
 * - topic words: every category's keywords, in the language and in German, on its topic pages
 *   and (less weight) on its offers.
 * Ranking: pages that match more of the query's words first; then offers, topic pages and
 * municipality pages before other pages ("Start", "Über diese Seite"); then by score. A topic
 * matches in every municipality: only its three best topic pages are listed.
 * Results show the German name beside the translation, as the pages do.
 */
"use strict";
/* exported wegweiserSearch */
var INDEX = new URL("../../../search/wegweiser.json", self.location.href).href;
var WEIGHT = { title: 10, german: 8, keywords: 8, extra: 3, category: 2, text: 1 };
var QUALITY = { exact: 1, prefix: 0.7, typo: 0.6, inner: 0.5, typoPrefix: 0.45 };
var MAX_RESULTS = 50;
var TOPIC_PAGES = 3;  // topic pages of one category shown (the best matching: a query naming the place first)
var loaded = null;  // a promise of the prepared index

// -- folding ------------------------------------------------------------------------------------

var LETTERS = { "ß": "ss", "ı": "i", "ـ": "", "\u200c": "", "\u200d": "", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
  "ة": "ه", "ۀ": "ه", "ى": "ی", "ي": "ی", "ئ": "ی", "ك": "ک", "ؤ": "و", "ې": "ی", "ۍ": "ی", "ێ": "ی", "ё": "е", "й": "и", "ї": "і" };
var ETHIOPIC = [[0x1220, 0x1230], [0x1340, 0x1338], [0x1280, 0x1210]];  // ሠ->ሰ, ፀ->ጸ, ኀ->ሐ (8 forms each)
var ARTICLE = /^(?:وال|بال|کال|فال|لل|ال)(?=...)/;

function foldWord(word) {
  var out = word.toLowerCase().replace(/[äöü]/g, function (c) { return { "ä": "a", "ö": "o", "ü": "u" }[c]; })
    .replace(/ae|oe|ue/g, function (c) { return c[0]; });
  out = out.replace(/[ßıـ\u200c\u200dأإآٱةۀىيئكؤېۍێёйї]/g, function (c) { return LETTERS[c]; });
  out = out.normalize("NFD").replace(/\p{M}/gu, "");
  out = out.replace(/[\u1200-\u137f]/g, function (c) {
    var code = c.charCodeAt(0);
    for (var i = 0; i < ETHIOPIC.length; i++) {
      if (code >= ETHIOPIC[i][0] && code < ETHIOPIC[i][0] + 8) return String.fromCharCode(ETHIOPIC[i][1] + code - ETHIOPIC[i][0]);
    }
    return c;
  });
  return out.replace(ARTICLE, "");
}

var WORD = /[\p{L}\p{N}\p{M}\u200c\u200d]+/gu;

function words(text) {  // the folded words of a text
  return (String(text || "").match(WORD) || []).map(foldWord).filter(Boolean);
}

// -- matching -------------------------------------------------------------------------------------

function withinOneEdit(a, b) {  // Damerau: one insertion, deletion, substitution or swap
  if (a === b) return true;
  var la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  var i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function quality(term, word) {  // how well a query word matches a word of the index, 0 if not
  if (word === term) return QUALITY.exact;
  // the start of a longer word: the more of it typed, the better ("کور" is nearer "کور" than "کورنۍ")
  if (term.length >= 2 && word.startsWith(term)) return QUALITY.prefix * (0.6 + 0.4 * term.length / word.length);
  if (term.length >= 5) {
    if (withinOneEdit(term, word)) return QUALITY.typo;
    for (var n = term.length - 1; n <= term.length + 1; n++) {
      if (word.length > n && withinOneEdit(term, word.slice(0, n))) return QUALITY.typoPrefix;
    }
  }
  if (term.length >= 4 && word.indexOf(term) > 0) return QUALITY.inner;
  return 0;
}

// -- the index ----------------------------------------------------------------------------------

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

function prepare(data) {
  var docs = [];
  var add = function (doc, fields) {
    doc.fields = {};
    Object.keys(fields).forEach(function (name) { doc.fields[name] = words(fields[name]); });
    docs.push(doc);
  };
  var topicWords = data.topics.map(function (t) { return [t[1], t[2], t[3], t[4]].join(" "); });
  data.docs.forEach(function (d) {
    add({ location: d[0], kind: d[1], title: d[2], fallback: d[3], german: d[4], text: d[5] }, {
      title: d[2], german: d[4], text: d[5], extra: d[6],
      category: d[7].map(function (i) { return topicWords[i]; }).join(" ")
    });
  });
  data.topics.forEach(function (t) {  // the topic for the whole district: before its municipality pages
    add({ location: data.district_topic_url.replace("{topic}", t[0]), kind: "t", topic: t[0], bonus: 1,
      title: t[1], german: t[2] !== t[1] ? t[2] : "", text: t[5] },
        { title: t[1], german: t[2], keywords: t[3] + " " + t[4], text: t[5] });
  });
  data.places.forEach(function (p) {
    data.topics.forEach(function (t) {
      var location = data.topic_url.replace("{place}", p[0]).replace("{topic}", t[0]);
      add({ location: location, kind: "t", topic: t[0], title: t[1] + " – " + p[1], german: t[2] !== t[1] ? t[2] : "", text: t[5] },
          { title: t[1] + " " + p[1], german: t[2], keywords: t[3] + " " + t[4], text: t[5] });
    });
  });
  var vocabulary = {};  // folded word -> true: query words are compared with each word once
  docs.forEach(function (doc) {
    Object.keys(doc.fields).forEach(function (name) {
      doc.fields[name].forEach(function (w) { vocabulary[w] = true; });
    });
  });
  return { docs: docs, vocabulary: Object.keys(vocabulary) };
}

function load() {
  if (!loaded) {
    loaded = fetch(INDEX).then(function (response) { return response.json(); }).then(prepare);
    loaded.catch(function () { loaded = null; });  // offline before the first search: try again next time
  }
  return loaded;
}

// -- searching ----------------------------------------------------------------------------------

function search(index, query) {
  var terms = words(query);
  var long = terms.filter(function (t) { return t.length > 2; });
  if (long.length) terms = long;  // "дозвіл на проживання": the short words would match every page
  terms = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  var matches = terms.map(function (term) {  // per query word: index word -> quality
    var found = {};
    index.vocabulary.forEach(function (w) {
      var q = quality(term, w);
      if (q) found[w] = q;
    });
    return found;
  });
  var results = [];
  index.docs.forEach(function (doc) {
    var matched = 0, score = 0, seen = {}, hits = {};
    terms.forEach(function (term, i) {
      var best = 0;
      Object.keys(doc.fields).forEach(function (name) {
        doc.fields[name].forEach(function (w) {
          var q = matches[i][w];
          if (q) {
            best = Math.max(best, q * WEIGHT[name]);
            hits[w] = true;
          }
        });
      });
      if (best) { matched++; score += best; seen[term] = true; }
    });
    if (matched && doc.bonus) score += doc.bonus;
    if (matched) results.push({ doc: doc, matched: matched, score: score, seen: seen, hits: hits });
  });
  var tier = function (r) { return r.doc.kind === "p" ? 0 : 1; };
  results.sort(function (a, b) {
    return b.matched - a.matched || tier(b) - tier(a) || b.score - a.score || (a.doc.location < b.doc.location ? -1 : 1);
  });
  var perTopic = {};  // a topic matches in all 28 municipalities: show a few, then other pages
  results = results.filter(function (r) {
    if (r.doc.kind !== "t") return true;
    perTopic[r.doc.topic] = (perTopic[r.doc.topic] || 0) + 1;
    return perTopic[r.doc.topic] <= TOPIC_PAGES;
  });
  var shown = results.slice(0, MAX_RESULTS);
  return shown.map(function (r, i) {
    var termsSeen = {};
    terms.forEach(function (t) { termsSeen[t] = !!r.seen[t]; });
    // the score follows the order: Material's Enter key opens the result with the highest score
    return [{ location: r.doc.location, title: title(r.doc, r.hits), text: teaser(r.doc.text, r.hits),
      score: shown.length - i, terms: termsSeen }];
  });
}

function mark(text, hits) {  // escaped text with the matching words in <mark>
  var out = "", last = 0;
  String(text).replace(WORD, function (word, at) {
    out += escapeHtml(text.slice(last, at));
    out += hits[foldWord(word)] ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word);
    last = at + word.length;
    return word;
  });
  return out + escapeHtml(String(text).slice(last));
}

function title(doc, hits) {  // the title, and the German name beside it in its own language
  var own = doc.fallback ? '<span lang="de" dir="ltr">' + mark(doc.title, hits) + "</span>" : mark(doc.title, hits);
  if (!doc.german) return own;
  return own + ' <span class="ww-search-german" lang="de" dir="ltr" translate="no">' + mark(doc.german, hits) + "</span>";
}

function teaser(text, hits) {
  if (!text) return "";
  var short = text.length > 160 ? text.slice(0, 160).replace(/\s+\S*$/, "") + " …" : text;
  return "<p>" + mark(short, hits) + "</p>";
}

var wegweiserSearch = { load: load, search: search };  // for search.js
