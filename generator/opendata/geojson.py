"""GeoJSON (RFC 7946): the offers that have coordinates, and the municipalities (their centres)."""

from __future__ import annotations

from ..model import Directory
from . import common


def _point(lat: float, lon: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}  # GeoJSON: longitude first


def offers(directory: Directory, attribution: str) -> dict:
    features = []
    for offer in common.offers(directory):
        if not offer.coordinates:
            continue
        props = {
            "kennung": offer.id,
            "name": offer.name.values["de"],
            "themen": list(offer.categories),
            "ordner": offer.folder,
            "adresse": offer.address.one_line() if offer.address else None,
            "telefon": [p.display for p in offer.phones],
            "oeffnungszeiten": offer.opening_hours,
            "geprueft": offer.verified.isoformat(),
            "koordinaten_quelle": "OpenStreetMap-Mitwirkende (ODbL 1.0)" if common.osm_coordinates(offer) else None,
            "koordinaten_unbestaetigt": "coordinates" in offer.unconfirmed,
            "seite": common.page_url(directory, f"angebote/{offer.id}/") or None,
        }
        features.append({"type": "Feature", "id": offer.id, "geometry": _point(offer.coordinates.lat, offer.coordinates.lon),
                         "properties": {k: v for k, v in props.items() if v not in (None, [])}})
    return {"type": "FeatureCollection", "name": "angebote", "attribution": attribution, "features": features}


def municipalities(directory: Directory, attribution: str) -> dict:
    features = []
    for m in directory.municipalities:
        props = {
            "kennung": m.slug,
            "name": m.name,
            "art": m.type,
            "ags": m.ags,
            "plz": list(m.postal_codes),
            "einwohner": m.population,
            "einwohner_jahr": m.population_year,
            "webseite": m.website,
            "punkt": "Ortsmitte",
            "seite": common.page_url(directory, f"gemeinden/{m.slug}/") or None,
        }
        features.append({"type": "Feature", "id": m.slug, "geometry": _point(m.coordinates.lat, m.coordinates.lon),
                         "properties": {k: v for k, v in props.items() if v not in (None, [])}})
    return {"type": "FeatureCollection", "name": "gemeinden", "attribution": attribution, "features": features}
