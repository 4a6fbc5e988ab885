/* Wegweiser Enzkreis: Material's search worker and the search index, loaded only when the reader
 * first searches.
 *
 * Material's page script starts its search worker on every page view and hands it the index
 * (message type 0, answered with type 1 "ready"). The build leaves only the index's settings in
 * search/search_index.json and puts the documents in search/search_index.full.json. This shim
 * answers "ready" at once; at the first query (type 2) it fetches the full index, loads Material's
 * worker (named in ?worker=, beside this file), gives it the index, waits for its "ready" and then
 * passes on every query.
 */
"use strict";
var realWorker = new URL(new URLSearchParams(self.location.search).get("worker"), self.location.href).href;
var fullIndex = new URL("../../../search/search_index.full.json", self.location.href).href;
var post = self.postMessage.bind(self);
var setup = null;
var queue = [];
var handler = null;
var state = "idle"; // idle -> loading -> ready

function load() {
  state = "loading";
  fetch(fullIndex).then(function (response) { return response.json(); }).then(function (index) {
    // keep what the page script added to the settings (e.g. options.suggest); take the documents
    var data = Object.assign({}, setup.data, { docs: index.docs });
    if (index.index) data.index = index.index;
    setup = { type: setup.type, data: data };
    var addEventListener = self.addEventListener;
    self.addEventListener = function (type, listener) {  // catch the real worker's message listener
      if (type === "message" && !handler) handler = listener; else addEventListener.apply(self, arguments);
    };
    self.postMessage = function (message) {
      if (state === "loading" && message && message.type === 1) {  // the real worker is ready
        state = "ready";
        queue.splice(0).forEach(function (data) { handler({ data: data }); });
        return;
      }
      post(message);
    };
    importScripts(realWorker);
    self.addEventListener = addEventListener;
    handler({ data: setup });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (state === "ready") { handler(event); return; }
  if (message && message.type === 0) { setup = message; post({ type: 1 }); return; }
  if (state === "idle" && message && message.type === 2 && !String(message.data || "").trim()) {
    post({ type: 3, data: { items: [] } });  // the empty query Material sends on start: nothing to find
    return;
  }
  queue.push(message);
  if (state === "idle") load();
});
