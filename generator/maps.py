"""Maps, built with folium: the district, each municipality's centre and offers, and each offer's place.

folium writes the Leaflet code (map, marker cluster, markers with accessible names). We keep
folium's page template out: no CDN assets, no jQuery/Bootstrap/Font Awesome, no inline styles.
The code is wrapped in a function that runs only after the reader asks for the map; then
``wegweiser.js`` loads the self-hosted Leaflet, calls the function and adds the tile layer
set in ``mkdocs.yml``. Popups and tooltips are built with ``textContent`` from JSON, never from
HTML strings.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache

import branca.element
import folium
from branca.element import MacroElement
from folium.plugins import MarkerCluster
from folium.template import Template
from geographiclib.geodesic import Geodesic
from markupsafe import Markup

from .config import MapConfig
from .model import Coordinates
from .scripts import compact


class _Text:
    """A "template" without Jinja syntax: renders to its text, as Jinja would (line ends as "\n",
    one final line end dropped), without compiling it."""

    def __init__(self, source: str):
        lines = re.split(r"\r\n|\r|\n", source)
        if lines[-1] == "":
            del lines[-1]
        self.text = "\n".join(lines)

    def render(self, *args, **kwargs) -> str:
        return self.text


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    return _BrancaTemplate(source)


def _template(source: str):
    return _compiled(source) if re.search(r"\{[{%#]", source) else _Text(source)


# branca wraps every piece of a map's finished code in an Element whose "template" is that
# code (branca.element.Element.__init__: Template(template)), and Jinja compiles it into Python:
# 14 compilations per map, more than half of the map's cost. Plain text now stays text, and a
# real template is compiled once per source.
_BrancaTemplate = branca.element.Template
branca.element.Template = _template


class LocalMap(folium.Map):
    """A folium map that loads nothing itself: Leaflet comes from the site, after consent."""

    default_js: list = []
    default_css: list = []


class LocalMarkerCluster(MarkerCluster):
    default_js: list = []
    default_css: list = []


class SafeLabel(MacroElement):
    """Tooltip and popup (name, category, link) from JSON data: ``wegweiserLabel`` in wegweiser.js
    builds them with DOM text nodes, so data never becomes HTML (and the code is not repeated per marker)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
wegweiserLabel({{ this._parent.get_name() }}, {{ this.data | tojavascript }});
{% endmacro %}"""
    )

    def __init__(self, data: dict):
        super().__init__()
        self._name = "SafeLabel"
        self.data = data


@dataclass(frozen=True)
class Place:
    """One marker: where, what it is called, where it links to (may be empty), and its colour."""

    lat: float
    lon: float
    name: str
    url: str
    color: str
    detail: str = ""  # category name or similar, shown in the popup
    lang: str = "de"
    dir: str = "ltr"
    kind: str = "offer"  # "offer", or "town": a town's centre, drawn differently and never clustered


def _icon(color: str, kind: str = "offer") -> folium.DivIcon:
    if kind == "town":  # drawn by the style sheet (.ww-marker-town): a square, not a round pin
        return folium.DivIcon(html="", class_name="ww-marker ww-marker-town", icon_size=(22, 22), icon_anchor=(11, 11))
    # a round pin in the category colour; the colour comes from validated data (#rrggbb)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        color = "#1a3c8f"
    svg = (
        '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">'
        f'<circle cx="12" cy="12" r="9" fill="{color}" stroke="#fff" stroke-width="3"/></svg>'
    )
    return folium.DivIcon(html=svg, class_name="ww-marker", icon_size=(28, 28), icon_anchor=(14, 14))


def folium_map(places: list[Place], center: Coordinates, zoom: int, cluster: bool, max_zoom: int = 19) -> LocalMap:
    m = LocalMap(location=[center.lat, center.lon], zoom_start=zoom, tiles=None, zoom_control=False,
                 control_scale=False, prefer_canvas=False)
    m.options["maxZoom"] = max_zoom  # the cluster needs it before the tile layer comes
    layer = LocalMarkerCluster(options={"showCoverageOnHover": False}).add_to(m) if cluster else m
    for place in places:
        marker = folium.Marker([place.lat, place.lon], icon=_icon(place.color, place.kind), title=place.name,
                               alt=place.name, keyboard=True, riseOnHover=True)
        marker.add_child(SafeLabel({"name": place.name, "url": place.url, "detail": place.detail,
                                    "lang": place.lang, "dir": place.dir}))
        marker.add_to(m if place.kind == "town" else layer)  # the town centre stays visible, never in a cluster
    if len(places) > 1:
        lats, lons = [p.lat for p in places], [p.lon for p in places]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(24, 24), max_zoom=15)
    return m


def _stable_ids(root, seed: str) -> None:
    """folium names elements with random ids; give them stable ones so unchanged pages stay unchanged."""
    counter = 0

    def visit(element) -> None:
        nonlocal counter
        element._id = f"{seed}{counter}"
        counter += 1
        for child in element._children.values():
            visit(child)

    visit(root)


CLUSTER_FROM = 15  # markers crowd from here on: cluster them (and load the cluster plugin)


MAP_FILE = "karte.js"  # a map's code, next to its page: loaded only after the reader asks for the map


def _seed(places: list[Place]) -> str:
    return hashlib.sha1(json.dumps([p.__dict__ for p in places], sort_keys=True).encode()).hexdigest()[:8]


def _clustered(places: list[Place], cluster: bool) -> bool:
    return cluster and sum(1 for p in places if p.kind != "town") >= CLUSTER_FROM


def canvas_html(places: list[Place], *, cluster: bool, label: str) -> Markup:
    """The map's container on the page. Its code is :func:`map_script`, in the file ``karte.js``
    next to the page (:data:`MAP_FILE`), which ``wegweiser.js`` loads only when the reader asks
    for the map: a page carries no map code, however many markers its map has.

    ``cluster``: whether crowded markers may be clustered; only maps with at least
    ``CLUSTER_FROM`` offer markers are, so the plugin loads only where it helps.
    """
    name = f"map_{_seed(places)}0"  # the id folium's root element gets from _stable_ids
    clustered = ' data-cluster="1"' if _clustered(places, cluster) else ""
    return Markup(
        f'<div class="ww-map-canvas" id="{name}" data-map="{name}" data-map-src="{MAP_FILE}"{clustered} dir="ltr" '
        f'role="region" aria-label="{Markup.escape(label)}" hidden></div>'
    )


def map_script(places: list[Place], center: Coordinates, zoom: int, *, cluster: bool, max_zoom: int = 19) -> str:
    """The code of the map :func:`canvas_html` holds the place of: folium's Leaflet code, wrapped in a
    function that ``wegweiser.js`` calls after the reader's consent."""
    m = folium_map(places, center, zoom, _clustered(places, cluster), max_zoom)
    _stable_ids(m, _seed(places))
    figure = m.get_root()
    figure.render()
    code = compact(figure.script.render()).rstrip("\n")
    name = m.get_name()
    return f'(window.wegweiserMaps=window.wegweiserMaps||{{}})[{json.dumps(name)}]=function(){{\n{code}\nreturn {name};}};\n'


def distance_km(a: Coordinates, b: Coordinates) -> float:
    """Distance on the WGS84 ellipsoid, computed at build time (geographiclib: no geocoder, no network)."""
    return Geodesic.WGS84.Inverse(a.lat, a.lon, b.lat, b.lon, Geodesic.DISTANCE)["s12"] / 1000


def consent_attributes(config: MapConfig) -> Markup:
    """Data attributes that tell ``wegweiser.js`` which tile server to use after consent."""
    data = {"tiles": config.tiles, "attribution": config.attribution, "max-zoom": str(config.max_zoom)}
    return Markup(" ".join(f'data-{k}="{Markup.escape(v)}"' for k, v in data.items()))
