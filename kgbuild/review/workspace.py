"""A build under review: its documents with their facts, texts and problems, the curated file its
decisions go to, and the build run again.

The build output says where its corpus is and how it was built (``build.json``: ``corpus``,
``settings``). Decisions go to ``review.facts.jsonl`` in the corpus's first folder, and nowhere
else; a rebuild runs the same build (incremental: only what changed is redone) with the curated
files applied. A decision that no longer applies — its span gone from a changed text, its fact
gone, its document gone — is named in the build's problems, and listed here as stale.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kgbuild.building.curate import REVIEW_FILE, STALE
from kgbuild.building.pipeline import build
from kgbuild.building.report import BuildReport
from kgbuild.errors import InputError, OutputError
from kgbuild.facts import TYPE_TAGS, AnyFact, DocumentFacts
from kgbuild.factsfile import read_written
from kgbuild.outdir.layout import FACTS, MANIFEST, TEXTS, read_manifest
from kgbuild.stores.embedded import open_store, select

_ENTITY = """
SELECT ?entity ?name WHERE {
  ?entity kg:evidence ?evidence .
  OPTIONAL { ?entity skos:prefLabel ?name . FILTER(lang(?name) != "en") }
}
"""
_PEOPLE = """
SELECT ?person ?name ?surname ?given ?patronymic ?initials WHERE {
  ?person a kg:Person ; skos:prefLabel ?name ; kg:familyName ?surname .
  FILTER(lang(?name) != "en")
  OPTIONAL { ?person kg:givenName ?given . }
  OPTIONAL { ?person kg:patronymic ?patronymic . }
  OPTIONAL { ?person kg:initials ?initials . }
}
ORDER BY ?surname ?name
"""


@dataclass(frozen=True)
class Logged:
    """A decision as the curated file holds it: its line, what it is about and its comment."""

    line: int
    doc: str
    type: str
    id: str
    action: str
    comment: str
    quote: str
    stale: str | None = None  # why it no longer applies
    pending: bool = False  # made since the last build


class Workspace:
    def __init__(self, out: Path) -> None:
        self.out = Path(out).resolve()
        self.lock = threading.RLock()
        self.load()
        self.file = self._curated_file()
        self.since: int | None = None if not self._newer() else 0  # lines made since the last build

    def load(self) -> None:
        self.manifest = read_manifest(self.out)
        self.base = str(self.manifest["base"])
        self.store = open_store([self.out])
        self.rows = [r for r in self.manifest.get("documents", []) if isinstance(r, dict) and "id" in r]
        self._people: list[dict[str, Any]] | None = None

    def _curated_file(self) -> Path:
        corpus = self.manifest.get("corpus")
        if not isinstance(corpus, list) or not isinstance(self.manifest.get("settings"), dict):
            raise OutputError(
                f"{self.out}/{MANIFEST} does not say which corpus it was built from (built by kgbuild "
                "convert, or an older kgbuild); build it again with: kgbuild build CORPUS -o OUT"
            )
        folders = [Path(c) for c in corpus if Path(c).is_dir()]
        if not folders:
            raise InputError(
                f"the corpus of {self.out} ({', '.join(map(str, corpus))}) has no folder to keep the "
                f"review's decisions in ({REVIEW_FILE}); build from a folder of reports"
            )
        return folders[0] / REVIEW_FILE

    @property
    def notice(self) -> str | None:
        """What a reviewer should know before the first rebuild: a build made with ``--no-curated``
        is rebuilt with the corpus's curated files, or the decisions would not apply."""
        if self.manifest.get("settings", {}).get("curated", True):
            return None
        return (
            f"{self.out} was built with --no-curated; Rebuild applies the corpus's curated files "
            f"(the decisions in {REVIEW_FILE} among them)"
        )

    def _newer(self) -> bool:
        return self.file.is_file() and self.file.stat().st_mtime > (self.out / MANIFEST).stat().st_mtime

    # -- documents -----------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return self.rows

    def known(self, doc_id: str) -> bool:
        return any(r["id"] == doc_id for r in self.rows)

    def facts(self, doc_id: str) -> DocumentFacts:
        if not self.known(doc_id):
            raise InputError(f"there is no document '{doc_id}' in this build")
        return read_written((self.out / FACTS / f"{doc_id}.jsonl").read_text(encoding="utf-8"))

    def text(self, doc_id: str) -> str | None:
        if not self.known(doc_id):
            return None
        path = self.out / TEXTS / f"{doc_id}.txt"
        if not path.is_file():
            return None
        with path.open(encoding="utf-8", newline="") as file:
            return file.read()

    def problems(self, doc_id: str) -> list[str]:
        """The build's problems and the shapes' violations that name this document."""
        row = next((r for r in self.rows if r["id"] == doc_id), {})
        names = {doc_id, str(row.get("file", doc_id))}
        found = [
            p for p in self.manifest.get("problems", []) if any(f"'{n}'" in p or f"{n}:" in p for n in names)
        ]
        for v in self.manifest.get("violations", []):
            if any(s.get("file") in names for s in v.get("sources", [])):
                found.append(f"{v.get('label')}: {v.get('message')}")
        return found

    def entity(self, fact: AnyFact) -> tuple[str, str] | None:
        """The node of the graph this fact's mention was taken for: (IRI, label)."""
        ev = fact.evidence
        evidence = URIRef(f"{self.base}document/{fact.doc}#char={ev.start},{ev.end}")
        for row in select(self.store, _ENTITY, {"evidence": evidence}).dicts():
            iri = str(row["entity"])
            if iri[len(self.base) :].startswith(TYPE_TAGS[type(fact)] + "/"):
                return iri, str(row["name"] or iri.rsplit("/", 1)[-1])
        return None

    def people(self) -> list[dict[str, Any]]:
        """Every person of the graph with their name parts (what "this is that person" copies)."""
        if self._people is None:
            found: dict[str, dict[str, Any]] = {}
            for row in select(self.store, _PEOPLE).dicts():
                found.setdefault(
                    str(row["person"]),
                    {
                        "iri": str(row["person"]),
                        "name": str(row["name"]),
                        "surname": str(row["surname"]),
                        "given_name": str(row["given"]) if row["given"] is not None else None,
                        "patronymic": str(row["patronymic"]) if row["patronymic"] is not None else None,
                        "initials": str(row["initials"]) if row["initials"] is not None else None,
                    },
                )
            self._people = list(found.values())
        return self._people

    # -- decisions -----------------------------------------------------------------------
    def logged(self) -> list[Logged]:
        """Every decision in the curated file, with whether it is stale or not built yet."""
        if not self.file.is_file():
            return []
        stale = self._stale()
        decided = []
        for number, obj in self._lines():
            note = str(obj.get("comment", ""))
            action = "reject" if obj.get("retract") else _action(note)
            key = (str(obj.get("type")), str(obj.get("id")), str(obj.get("doc")))
            why = stale.get(number) or stale.get(key) or stale.get(str(obj.get("doc")))
            quote = str((obj.get("evidence") or {}).get("quote", ""))
            pending = self.since is not None and number > self.since
            decided.append(
                Logged(number, key[2], key[0], key[1], action, note, quote, None if pending else why, pending)
            )
        latest = {(d.doc, d.type, d.id): d for d in decided}  # a later decision replaces the earlier
        return [d for d in decided if latest[(d.doc, d.type, d.id)] is d]

    def _lines(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, line in enumerate(self.file.read_text(encoding="utf-8").splitlines(), start=1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and obj.get("type") != "document":
                yield number, obj

    def _stale(self) -> dict[Any, str]:
        """Why decisions no longer apply, from the build's problems: by line, by fact, by document."""
        found: dict[Any, str] = {}
        prefix = f"{self.file}:"
        for problem in self.manifest.get("problems", []):
            if problem.startswith(prefix):
                number = re.match(r"(\d+):", problem[len(prefix) :])
                if number:
                    found[int(number.group(1))] = problem[len(prefix) + len(number.group(0)) :].strip()
            elif problem.startswith(f"{self.file}: facts for document"):
                found[problem.split("'")[1]] = problem[len(prefix) :].strip()
            elif STALE in problem:
                named = re.search(r"the (\w+) '([^']+)' of document '([^']+)'", problem)
                if named:
                    found[named.groups()] = problem.split(": ", 1)[-1]
        return found

    def mark_pending(self) -> None:
        if self.since is None:
            self.since = sum(1 for _ in self.file.open(encoding="utf-8")) if self.file.is_file() else 0

    # -- the build -----------------------------------------------------------------------
    def rebuild(self) -> BuildReport:
        """The same build again, with the curated files (the decisions among them) applied."""
        settings = self.manifest["settings"]
        with self.lock:
            report = build(
                self.manifest["corpus"],
                self.out,
                base=self.base,
                extractor=settings.get("extractor"),
                curated=True,
                validate=bool(settings.get("validate", True)),
                max_chars=int(settings.get("max_chars", 1_000_000)),
            )
            self.load()
            self.since = None
        return report


def _action(comment: str) -> str:
    for action, word in (
        ("accept", "accepted"),
        ("correct", "corrected"),
        ("distinct", "is not"),
        ("same-as", "is "),
    ):
        if word in comment:
            return action
    return "correct"
