/* Wegweiser Enzkreis: the search worker behind Material's search box.
 *
 * Material's page script starts this worker on every page view; it speaks Material's protocol
 * (0 setup -> 1 ready, 2 query -> 3 result). It stays this small: the engine (search-engine.js,
 * beside this file) and the index load only at the first query.
 */
"use strict";
var engine = null;

var latest = 0;
self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === 0) { self.postMessage({ type: 1 }); return; }
  if (message.type !== 2) return;
  var query = String(message.data || "").trim();
  var ticket = ++latest;
  if (!query) { self.postMessage({ type: 3, data: { items: [] } }); return; }
  var answer = function (items) { if (ticket === latest) self.postMessage({ type: 3, data: { items: items } }); };
  try {
    if (!engine) {
      importScripts("search-engine.js");
      engine = self.wegweiserSearch;
    }
  } catch (error) {  // offline before the first search: nothing to search in yet
    answer([]);
    return;
  }
  engine.load().then(function (index) { answer(engine.search(index, query)); }, function () { answer([]); });
});
