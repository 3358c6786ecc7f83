"""The facts model: what one document says, as small immutable records.

Every fact belongs to one document, has an ``id`` unique within that document (other facts of the
same document refer to it by that id) and carries its :class:`Evidence`: the document id, the
character span ``[start, end)`` in code points and the quoted text. Facts are *mentions*: the same
person in two reports is two :class:`Person` facts, merged later by :mod:`kgbuild.linking`.

The codes of :class:`RoleType`, :class:`EventKind` and :class:`ResolutionKind` are the
``skos:notation`` of the ontology's concepts (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


def ref(*tags: str, many: bool = False, required: bool = False) -> Any:
    """A field holding the id of another fact of the same document, of one of the ``tags`` types."""
    metadata = {"ref": tags, "many": many}
    if required:
        return field(metadata=metadata)
    return field(default=() if many else None, metadata=metadata)


class RoleType(StrEnum):
    """What an agent does at an event (``kg:RoleTypes``)."""

    SPEAKER = "speaker"
    MODERATOR = "moderator"
    ORGANIZER = "organizer"
    SUPPORTER = "supporter"
    PARTICIPANT = "participant"
    MENTIONED = "mentioned"


class EventKind(StrEnum):
    """The kind of an event or of a part of one (``kg:EventTypes``)."""

    CONFERENCE = "conference"
    FORUM = "forum"
    ROUND_TABLE = "round-table"
    SESSION = "session"
    CONGRESS = "congress"
    SEMINAR = "seminar"
    MEETING = "meeting"
    PLENARY_SESSION = "plenary-session"
    SECTION = "section"
    EVENT = "event"


class ResolutionKind(StrEnum):
    """The kind of an outcome of an event (``kg:ResolutionTypes``)."""

    RESOLUTION = "resolution"
    RECOMMENDATIONS = "recommendations"
    MEMORANDUM = "memorandum"
    AGREEMENT = "agreement"
    DECLARATION = "declaration"
    APPEAL = "appeal"
    DECREE = "decree"
    FOLLOW_UP = "follow-up"


class AttendanceMode(StrEnum):
    """How participants attended."""

    OFFLINE = "offline"
    ONLINE = "online"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document's text: ``text[start:end] == quote``."""

    doc: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True)
class Document:
    """A source report: its id (the file name without extension) and what is known about it."""

    id: str
    file_name: str
    sha256: str | None = None
    chars: int | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    language: str = "ru"


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """What every fact has: a document-scoped id and its evidence."""

    id: str
    evidence: Evidence

    @property
    def doc(self) -> str:
        return self.evidence.doc


@dataclass(frozen=True, slots=True, kw_only=True)
class Person(Fact):
    """A mention of a person, with the name normalised to the nominative."""

    name: str
    surname: str
    given_name: str | None = None
    patronymic: str | None = None
    initials: str | None = None
    honorific: str | None = None
    degrees: tuple[str, ...] = ()
    origin: str | None = None
    origin_country: str | None = ref("place")
    #: A curated decision: this mention is a person of its own, never taken for the person other
    #: mentions of the same name stand for ("this is not that person").
    distinct: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Organization(Fact):
    """A mention of an organization, by its full name in the nominative where the text allows."""

    name: str
    short_name: str | None = None
    abbreviation: str | None = None
    parent: str | None = ref("organization")
    lang: str = "ru"


@dataclass(frozen=True, slots=True, kw_only=True)
class Place(Fact):
    """A mention of a place (city, region, country), in the nominative."""

    name: str
    kind: str | None = None
    parent: str | None = ref("place")


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Fact):
    """A mention of an event or of a part of one (``parent`` set, e.g. a numbered section)."""

    kind: EventKind
    title: str | None = None
    kind_text: str | None = None
    start: date | None = None
    end: date | None = None
    place: str | None = ref("place")
    parent: str | None = ref("event")
    number: int | None = None
    participants: int | None = None
    speakers: int | None = None
    count_text: str | None = None
    modes: tuple[AttendanceMode, ...] = ()
    countries: tuple[str, ...] = ref("place", many=True)
    #: The report names no event clearly; this is the report's event taken from the best evidence
    #: there is (an event noun, the date line, a place), its label made by kgbuild.
    inferred: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Post(Fact):
    """A post a person holds, normalised to the nominative, in an organization if the text names one."""

    person: str = ref("person", required=True)
    title: str
    organization: str | None = ref("organization")


@dataclass(frozen=True, slots=True, kw_only=True)
class Role(Fact):
    """A participation: an agent (person or organization) acting at an event, in some capacities."""

    event: str = ref("event", required=True)
    agent: str = ref("person", "organization", required=True)
    role: RoleType
    capacity: tuple[str, ...] = ref("post", many=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution(Fact):
    """An outcome an event adopted or announced."""

    event: str = ref("event", required=True)
    kind: ResolutionKind
    kind_text: str | None = None
    content: tuple[str, ...] = ()
    adopted_by: str | None = None
    addressee: str | None = None
    parties: tuple[str, ...] = ref("person", "organization", many=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Project(Fact):
    """A named project or initiative."""

    name: str
    lang: str = "ru"
    kind_text: str | None = None
    initiator: str | None = ref("person", "organization")
    region: str | None = ref("place")


AnyFact = Person | Organization | Place | Event | Post | Role | Resolution | Project

#: The fact types in the order a facts file lists them, keyed by their ``type`` tag.
FACT_TYPES: dict[str, type[AnyFact]] = {
    "person": Person,
    "organization": Organization,
    "place": Place,
    "event": Event,
    "post": Post,
    "role": Role,
    "resolution": Resolution,
    "project": Project,
}
TYPE_TAGS: dict[type[AnyFact], str] = {cls: tag for tag, cls in FACT_TYPES.items()}


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """A document and the facts it states."""

    document: Document
    facts: tuple[AnyFact, ...] = field(default=())

    def by_id(self) -> dict[str, AnyFact]:
        return {f.id: f for f in self.facts}
