"""Typed, immutable models of Gorag content.

Built only by :mod:`gorag.validate`; nothing else reads raw front matter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Literal

# A language code of the site (configured in mkdocs.yml; see gorag.languages).
Lang = str

# How a text an editor writes is published (see :mod:`gorag.markup`): *plain text* is shown exactly
# as written and escaped everywhere; *inline Markdown* may hold emphasis, code and links to pages,
# https:, mailto: and tel:; a *URL* is an https:// address. Which field is which is declared with
# the field in :mod:`gorag.schema` (:func:`gorag.schema.text_classes`).
PLAIN, INLINE, URL = "plain", "inline", "url"
# Longest text a field of each kind may hold (characters): a title is a line, not a page.
MAX_LENGTH = {PLAIN: 1_000, INLINE: 5_000, URL: 2_000}

KINDS = ("national-protocol", "sop", "guideline")
STATUSES = ("model", "draft", "adopted", "superseded")
TRANSLATION_STATUSES = ("draft", "reviewed")


class Names(Mapping[str, str]):
    """A short text in every language of the site, by language code (``names["ru"]``).
    Immutable and hashable like the models that hold it."""

    __slots__ = ("_texts",)
    _texts: tuple[tuple[str, str], ...]

    def __init__(self, texts: Mapping[str, str] | None = None, /, **by_code: str) -> None:
        object.__setattr__(self, "_texts", tuple({**(texts or {}), **by_code}.items()))

    def __getitem__(self, lang: str) -> str:
        for code, text in self._texts:
            if code == lang:
                return text
        raise KeyError(lang)

    def __iter__(self) -> Iterator[str]:
        return (code for code, _ in self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(self._texts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Names) and dict(self._texts) == dict(other._texts)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Names is immutable")

    def __repr__(self) -> str:
        return f"Names({dict(self._texts)!r})"

    def __reduce__(self) -> tuple[type[Names], tuple[dict[str, str]]]:  # copy, deepcopy, pickle
        return Names, (dict(self._texts),)


CONTACT_KINDS = ("hotline", "phone", "address", "email", "website")


@dataclass(frozen=True)
class Contact:
    """A way to reach an agency. Only a verified contact's value is ever shown or printed."""

    kind: str
    label: Names
    value: str
    verified: bool


@dataclass(frozen=True)
class Agency:
    """An institution that owns protocols or organises events."""

    id: str
    name: Names
    short: Names
    description: Names | None = None
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class GlossaryTerm:
    """A term defined in every language; pages link to it as ``glossary.md#<id>``."""

    id: str
    term: Names
    definition: Names
    source: str = ""


@dataclass(frozen=True)
class Option:
    """One branch of a decision point."""

    label: str
    next: str


@dataclass(frozen=True)
class Step:
    """One step of a protocol's procedure: who acts, what they do, where the pathway goes next.

    ``next`` holds the ids of the following steps (empty at the end of a path); a decision point
    has ``options`` instead and its ``next`` lists their targets.
    """

    id: str
    title: str
    role: str
    action: str = ""
    agency: str = ""
    next: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()

    @property
    def is_decision(self) -> bool:
        return bool(self.options)


@dataclass(frozen=True)
class StepText:
    """A step's texts in one translation."""

    title: str
    action: str = ""
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A practitioner role that protocols address ("audiences")."""

    id: str
    name: Names
    question: Names


@dataclass(frozen=True)
class Source:
    """A citation: a seed article or an international instrument."""

    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Translation:
    """A Russian or Turkmen text of a protocol; metadata is inherited from the English source."""

    lang: Lang
    path: str
    title: str
    summary: str
    body: str
    source_version: str
    status: Literal["draft", "reviewed"]
    steps: tuple[tuple[str, StepText], ...] = ()

    def step(self, step_id: str) -> StepText | None:
        return next((text for sid, text in self.steps if sid == step_id), None)


@dataclass(frozen=True)
class Protocol:
    """A national protocol, SOP or guideline: its English source and its translations."""

    id: str
    path: str
    kind: str
    title: str
    summary: str
    owners: tuple[str, ...]
    audiences: tuple[str, ...]
    status: str
    version: str
    effective: date | None
    review_by: date | None
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    body: str
    steps: tuple[Step, ...] = ()
    translations: tuple[Translation, ...] = field(default=())

    def translation(self, lang: str) -> Translation | None:
        return next((t for t in self.translations if t.lang == lang), None)


@dataclass(frozen=True)
class DocPage:
    """A hand-written page under ``docs/`` in the languages it exists in."""

    stem: str
    langs: tuple[Lang, ...]
    title: str
    translate: bool = True  # False: English only, not counted as a missing translation


CHANNELS = ("public-event", "school", "media", "online", "training", "outreach", "meeting")
PLAN_STATUSES = ("not-started", "in-progress", "done")
FREQUENCIES = ("daily", "weekly", "monthly")


@dataclass(frozen=True)
class Named:
    """A region or an audience: an id with a name in every language."""

    id: str
    name: Names


@dataclass(frozen=True)
class Recurrence:
    """A repeating event; exactly one of ``until`` (last date, inclusive) and ``count`` is set."""

    freq: str
    until: date | None = None
    count: int | None = None


@dataclass(frozen=True)
class Event:
    """One campaign event. All-day events have ``date`` bounds with ``end`` exclusive (as in iCalendar);
    timed events have timezone-aware ``datetime`` bounds."""

    id: str
    title: Names
    start: date | datetime
    end: date | datetime
    region: str
    organiser: str
    channel: str
    audiences: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    description: Names | None = None
    location: Names | None = None
    recurrence: Recurrence | None = None
    cancelled: bool = False
    updated: datetime | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True)
class ActivityDetails:
    """What the Plan of Activities says of an event beyond what calendars show: its expected
    result, the indicator that measures it, and who pays. Written in ``events.yml`` with the event
    but kept beside it, not in :class:`Event`: an event's revision (``calendar.lock.yml``) is a hash
    of the event, and a planner filling in the funding must not send every calendar an update."""

    event: str
    expected_result: Names | None = None
    indicator: Names | None = None
    funding: Names | None = None


TARGETS = ("events", "regions", "participants", "materials", "media")
RESULT_STATUSES = ("held", "postponed", "cancelled")
SEXES = ("female", "male")
AGE_GROUPS = ("children", "youth", "adults")


@dataclass(frozen=True)
class Targets:
    """What a campaign means to achieve, each figure optional: events held, regions reached,
    participants, materials distributed and media items (articles, broadcasts, posts)."""

    events: int | None = None
    regions: int | None = None
    participants: int | None = None
    materials: int | None = None
    media: int | None = None

    def get(self, name: str) -> int | None:
        return getattr(self, name) if name in TARGETS else None


@dataclass(frozen=True)
class Participants:
    """Who took part in an event, counted by sex and age group (numbers only, never names)."""

    counts: tuple[tuple[str, str, int], ...] = ()  # (sex, age group, count), in SEXES × AGE_GROUPS order

    def count(self, sex: str | None = None, age: str | None = None) -> int:
        """The participants of ``sex`` and ``age`` (either or both None: all of them)."""
        return sum(n for s, a, n in self.counts if sex in (None, s) and age in (None, a))

    @property
    def total(self) -> int:
        return self.count()


@dataclass(frozen=True)
class EventResult:
    """What happened at one event, recorded after it in ``results.yml``: its status and, for an
    event held, the participants, materials distributed and media items, with a note."""

    event: str
    status: str
    participants: Participants = Participants()
    materials: int = 0
    media: int = 0
    notes: str = ""

    @property
    def held(self) -> bool:
        return self.status == "held"


@dataclass(frozen=True)
class PlanStep:
    """One step of the ten-step planning template, with its owner, deadline and status."""

    id: str
    title: Names
    owner: str
    deadline: date
    status: str
    description: Names | None = None


@dataclass(frozen=True)
class Campaign:
    """A campaign under ``campaigns/<id>/``: its plan and its events."""

    id: str
    path: str
    title: Names
    theme: Names
    anchor: date
    window: tuple[date, date]
    timezone: str
    organisers: tuple[str, ...]
    partners: tuple[str, ...]
    regions: tuple[str, ...]
    audiences: tuple[str, ...]
    messages: tuple[Names, ...]
    updated: datetime
    plan: tuple[PlanStep, ...]
    events: tuple[Event, ...]
    details: tuple[ActivityDetails, ...] = ()
    targets: Targets = Targets()
    results: tuple[EventResult, ...] = ()

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)

    def details_of(self, event_id: str) -> ActivityDetails:
        """The Plan of Activities' columns of an event (empty when the source gives none)."""
        return next((d for d in self.details if d.event == event_id), ActivityDetails(event_id))

    def result(self, event_id: str) -> EventResult | None:
        """The recorded results of an event, or None while none are."""
        return next((r for r in self.results if r.event == event_id), None)


@dataclass(frozen=True)
class Library:
    """Everything validated: the input of every renderer."""

    agencies: tuple[Agency, ...]
    roles: tuple[Role, ...]
    protocols: tuple[Protocol, ...]
    pages: tuple[DocPage, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    regions: tuple[Named, ...] = ()
    audiences: tuple[Named, ...] = ()

    def region(self, region_id: str) -> Named:
        return next(r for r in self.regions if r.id == region_id)

    def audience(self, audience_id: str) -> Named:
        return next(a for a in self.audiences if a.id == audience_id)

    # Renderers look agencies, roles and protocols up for every page: by id, not by a scan.
    @cached_property
    def _agencies(self) -> dict[str, Agency]:
        return {a.id: a for a in self.agencies}

    @cached_property
    def _roles(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def _protocols(self) -> dict[str, Protocol]:
        return {p.id: p for p in self.protocols}

    def agency(self, agency_id: str) -> Agency:
        return self._agencies[agency_id]

    def role(self, role_id: str) -> Role:
        return self._roles[role_id]

    def protocol(self, protocol_id: str) -> Protocol:
        return self._protocols[protocol_id]
