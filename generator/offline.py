"""Offline and install: each language's web app manifest, and the site's service worker.

Pure functions: ``build.py`` hands them what they need, ``writer`` writes what they return.

The worker (``sw.js`` at the site root, so one worker serves every language) keeps what a reader
needs without a network:

- every page the reader opened (network first; after ``TIMEOUT_MS`` or without a network, the
  saved copy, with ``<meta name="wegweiser-offline" content="<saved at>">`` put into its head so
  that ``offline.js`` shows a notice), and the home page of each language the reader used;
- from the reader's second page view in a language on, that language's municipality pages (the
  "offline pack"; never with Save-Data);
- the assets (styles, scripts, images, search index), cache first.

What the worker fetches by itself carries a ``Wegweiser-Offline`` header, so a page-weight
benchmark can tell it from the page's own bytes: ``pack``, ``keep`` (the language's home, and on
a first visit the page and its assets again, mostly from the browser's HTTP cache) and ``renew``.

Everything lives in one cache named after the build's version (a hash over the files the worker
can serve). A new build gives a new ``sw.js``: when it takes over, it fetches every URL of the
old cache again (revalidating, so unchanged files cost a "304 Not Modified"), keeps the old copy
where the network fails, and deletes the old cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from .config import SiteConfig
from .localize import Localizer
from .model import Directory
from .scripts import compact

WORKER = "sw.js"  # at the site root
MANIFEST = "manifest.webmanifest"  # in each language's folder
THEME_COLOR = "#4051b5"  # Material's indigo header
BACKGROUND_COLOR = "#ffffff"
# File types the worker keeps cache first (besides pages). Only these and pages make the version.
ASSET_TYPES = ("css", "js", "svg", "png", "json", "webmanifest")
ICONS = "assets/images/"  # theme/assets/images/, copied into every language by MkDocs
EDITOR = "redaktion/"  # the editing app (generator/editor.py): never kept, never served by the worker


def manifest(config: SiteConfig, lang: str) -> str:
    """``<lang>/manifest.webmanifest``: the app opens at its language's home; the scope is the whole site."""
    l10n = Localizer(lang)
    data = {
        "id": "./",  # resolved against the origin: one app, whichever language it was installed from
        "name": config.site_name,
        "short_name": config.site_name.split()[0],
        "description": l10n.gettext("Local help for refugees in the 28 towns and municipalities of the Enzkreis."),
        "lang": lang,
        "dir": l10n.dir,
        "start_url": "./",
        "scope": "../",  # the site root: the language chooser links to every language
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": ICONS + "wegweiser.svg", "sizes": "any", "type": "image/svg+xml"},
            {"src": ICONS + "wegweiser-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": ICONS + "wegweiser-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": ICONS + "wegweiser-maskable.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def pack_pages(directory: Directory) -> list[str]:
    """The offline pack: every municipality page, relative to a language's home."""
    from .render import municipality_url

    return [municipality_url(m.slug) for m in directory.municipalities]


def is_versioned(path: str) -> bool:
    """Whether the worker may serve ``path`` (relative to the site), so it counts for the version."""
    return path != WORKER and not path.startswith(EDITOR) and path.rpartition(".")[2] in ("html", *ASSET_TYPES)


def build_version(files: Iterable[tuple[str, bytes]]) -> str:
    """A short hash over ``(path, content)`` of the built site, in a stable order, and the worker's code.

    Source maps and sitemaps do not count (the worker never serves them; a sitemap's date would
    otherwise make every day's build a new version).
    """
    digest = hashlib.sha256(WORKER_JS.encode("utf-8"))
    for path, content in files:
        if is_versioned(path):
            digest.update(path.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()[:16]


def service_worker(version: str, languages: Sequence[str], pages: Sequence[str]) -> str:
    """``sw.js``: the worker's code after its settings (build version, languages, pack pages)."""
    settings = {
        "VERSION": version,
        "LANGUAGES": list(languages),
        "PACK": list(pages),
        "ASSET": "\\.(?:" + "|".join(ASSET_TYPES) + ")$",
        "EDITOR": EDITOR,
    }
    head = "".join(f"const {name} = {json.dumps(value, ensure_ascii=False)};\n" for name, value in settings.items())
    return HEADER + head + compact(WORKER_JS)




HEADER = '// Wegweiser Enzkreis: service worker. Written by `wegweiser build` (generator/offline.py); do not edit.\n"use strict";\n'

WORKER_JS = r"""
const ROOT = new URL("./", self.location).href;  // the site root, the worker's scope
const PREFIX = "wegweiser:" + new URL(ROOT).pathname + ":";  // this site's caches (others may share the origin)
const CACHE = PREFIX + VERSION;
const TIMEOUT_MS = 4000;  // a page from the network, or else the saved copy
const SAVED = "Wegweiser-Saved";  // header of a stored page: when it was saved (ISO time)
const ASSET_PATH = new RegExp(ASSET);

self.addEventListener("install", (event) => {
  // the cache exists from now on: a worker whose cache is gone has been replaced (see store)
  event.waitUntil(caches.open(CACHE).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(renew().then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(ROOT) || request.url.includes("/__wegweiser/")) return;
  if (request.url.startsWith(ROOT + EDITOR)) return;  // the editing app goes to the network, never into the cache
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (ASSET_PATH.test(new URL(request.url).pathname)) event.respondWith(asset(event));
});

// A page view (offline.js): {type: "view", home: "<site>/<lang>/", page: URL, assets: [URL], pack: bool}.
// Keeps what is not saved yet: the page and its assets (on a first visit the worker started only
// after they loaded), the language's home and, when asked, the offline pack; then tells the page
// how many pack pages are saved.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const home = typeof data.home === "string" ? data.home : "";
  if (data.type !== "view" || !LANGUAGES.some((lang) => home === ROOT + lang + "/")) return;
  const ours = (url) => typeof url === "string" && url.startsWith(ROOT) && !url.includes("/__wegweiser/") && !url.startsWith(ROOT + EDITOR);
  const assets = (Array.isArray(data.assets) ? data.assets : []).filter((url) => ours(url) && ASSET_PATH.test(new URL(url).pathname));
  const pages = [home].concat(ours(data.page) ? [pageKey(data.page)] : []);
  const saveData = self.navigator.connection && self.navigator.connection.saveData;
  const pack = data.pack && !saveData ? PACK.map((path) => home + path) : [];
  event.waitUntil(
    keep(pages.concat(assets), "keep")
      .then(() => keep(pack, "pack"))
      .then(() => saved(PACK.map((path) => home + path)))
      .then((count) => event.source && event.source.postMessage({ type: "offline-ready", home, pack: count }))
  );
});

function pageKey(url) {  // pages are kept without query and fragment
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
}

function storable(response) {
  return response && response.ok && response.type === "basic";
}

async function store(url, response) {
  // a page is stored with the time it was saved
  if ((response.headers.get("Content-Type") || "").startsWith("text/html")) {
    const headers = { "Content-Type": response.headers.get("Content-Type"), [SAVED]: new Date().toISOString() };
    response = new Response(await response.blob(), { status: response.status, headers });
  }
  if (!(await caches.has(CACHE))) return;  // a newer build's worker took over and deleted this cache
  await (await caches.open(CACHE)).put(url, response);
}

function timeout(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("timeout")), ms));
}

// Network first; every page that arrives is stored. The saved copy after TIMEOUT_MS or without
// a network; a page never saved waits for the network as long as it takes.
async function page(event) {
  const key = pageKey(event.request.url);
  const network = Promise.resolve(event.preloadResponse).then((preloaded) => preloaded || fetch(event.request));
  // registered before respondWith sees the response: the copy is taken before the page reads it
  const stored = network.then((response) => storable(response) && store(key, response.clone()));
  event.waitUntil(stored.catch(() => {}));
  try {
    return await Promise.race([network, timeout(TIMEOUT_MS)]);
  } catch (error) {
    return (await offlineCopy(key)) || network;
  }
}

async function offlineCopy(url) {
  const response = await caches.match(url, { cacheName: CACHE });
  if (!response) return null;
  const saved = (response.headers.get(SAVED) || "").replace(/[^0-9A-Za-z:.+-]/g, "");
  const html = (await response.text()).replace(/<\/head>/i, `<meta name="wegweiser-offline" content="${saved}"></head>`);
  return new Response(html, { status: response.status, headers: response.headers });
}

// Cache first, within this build's cache.
async function asset(event) {
  const hit = await caches.match(event.request, { cacheName: CACHE });
  if (hit) return hit;
  const response = await fetch(event.request);
  if (storable(response)) event.waitUntil(store(event.request.url, response.clone()));
  return response;
}

async function each(items, parallel, task) {  // one failing item does not stop the others
  const queue = items.slice();
  const run = async () => { while (queue.length) await task(queue.shift()).catch(() => {}); };
  await Promise.all(Array.from({ length: parallel }, run));
}

// Fetch and store what is not saved yet; what fails is tried again at the next page view.
async function keep(urls, reason) {
  await each(urls, 2, async (url) => {
    if (await caches.match(url, { cacheName: CACHE })) return;
    try {
      const response = await fetch(url, { headers: { "Wegweiser-Offline": reason } });
      if (storable(response)) await store(url, response);
    } catch (error) { /* offline */ }
  });
}

async function saved(urls) {
  const found = await Promise.all(urls.map((url) => caches.match(url, { cacheName: CACHE })));
  return found.filter(Boolean).length;
}

// A new build: fetch every URL of the older caches again (revalidated: unchanged files cost a
// "304 Not Modified"), keep the old copy where the network fails, drop what the build no longer
// has (4xx), then delete the older caches.
async function renew() {
  if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
  const cache = await caches.open(CACHE);
  const older = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  for (const name of older) {
    const old = await caches.open(name);
    await each(await old.keys(), 4, async (request) => {
      if (await cache.match(request)) return;
      try {
        const response = await fetch(request.url, { cache: "no-cache", headers: { "Wegweiser-Offline": "renew" } });
        if (storable(response)) return await store(request.url, response);
        if (response.status >= 400 && response.status < 500) return;  // gone from the site
      } catch (error) { /* offline: the old copy stays */ }
      const copy = await old.match(request);
      if (copy) await cache.put(request, copy);
    });
    await caches.delete(name);
  }
}
"""
