"""Wegweiser Enzkreis: from municipality YAML to a multilingual static site.

Data flows one way, one module per stage:

    loader  -> validate -> model -> localize -> render -> writer -> site (per-language builds)

Only :mod:`generator.loader` reads data files and only :mod:`generator.writer` writes files.
Nothing in this package but :mod:`generator.site` knows about MkDocs.
"""

__version__ = "0.1.0"
