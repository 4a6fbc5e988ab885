"""Typed values of single fields: what the field descriptors (:mod:`generator.fields`) map data into."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A translatable text: language code -> text. The source language is always present."""

    values: dict[str, str]

    def get(self, lang: str, fallback: str = "de") -> tuple[str, str]:
        """(text, language of that text): the reader's language, else the source language."""
        if lang in self.values:
            return self.values[lang], lang
        return self.values[fallback], fallback

    def has(self, lang: str) -> bool:
        return lang in self.values


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    date: dt.date | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Address:
    street: str
    postal_code: str
    city: str

    def one_line(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Phone:
    display: str
    uri: str
