"""kgbuild: build clean, queryable, publishable RDF knowledge graphs from news reports about events.

The whole API is a handful of functions::

    import kgbuild
    report = kgbuild.build(["examples/taraz-2021"], "out/taraz-2021")
    rows = kgbuild.query("who-spoke", data=["out/taraz-2021"]).dicts()
    kgbuild.validate("out/taraz-2021").conforms

Names are loaded on first use, so ``import kgbuild`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kgbuild.__about__ import __version__

if TYPE_CHECKING:
    from kgbuild.api import check_consistency, query, validate
    from kgbuild.building.pipeline import build, convert_facts
    from kgbuild.building.report import BuildReport
    from kgbuild.converters import convert
    from kgbuild.errors import KgbuildError
    from kgbuild.facts import DocumentFacts
    from kgbuild.factsfile import read_facts, write_facts
    from kgbuild.linking import link
    from kgbuild.stores.embedded import rdflib_dataset
    from kgbuild.stores.export import export
    from kgbuild.stores.push import PushReport, push
    from kgbuild.stores.remote import Endpoint

_EXPORTS = {
    "build": "kgbuild.building.pipeline",
    "convert_facts": "kgbuild.building.pipeline",
    "BuildReport": "kgbuild.building.report",
    "convert": "kgbuild.converters",
    "link": "kgbuild.linking",
    "read_facts": "kgbuild.factsfile",
    "write_facts": "kgbuild.factsfile",
    "query": "kgbuild.api",
    "validate": "kgbuild.api",
    "check_consistency": "kgbuild.api",
    "export": "kgbuild.stores.export",
    "push": "kgbuild.stores.push",
    "PushReport": "kgbuild.stores.push",
    "Endpoint": "kgbuild.stores.remote",
    "rdflib_dataset": "kgbuild.stores.embedded",
    "KgbuildError": "kgbuild.errors",
    "DocumentFacts": "kgbuild.facts",
}

__all__ = [
    "BuildReport",
    "DocumentFacts",
    "Endpoint",
    "KgbuildError",
    "PushReport",
    "__version__",
    "build",
    "check_consistency",
    "convert",
    "convert_facts",
    "export",
    "link",
    "push",
    "query",
    "rdflib_dataset",
    "read_facts",
    "validate",
    "write_facts",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kgbuild' has no attribute {name!r}")
