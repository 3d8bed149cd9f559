"""Source adapters: pure functions from pages the parliament's own sites publish to landing records.

What belongs here: one module per source (`senate.py`, `mazhilis.py`, `legalacts.py`), each small and
stateless, with the page layout's assumptions named in one place at the top of its module, so that a change of
a site's layout is a change of one file. An adapter never fetches, never writes files and never touches the
warehouse: `recognise` says whether a saved page is one of its own (by its URL, content or name), `adapt` turns
all of its pages into `Records`. Pages whose layout is not recognised are returned in `Records.rejected` with the
reason (naming the missing element), never silently dropped: pages in = pages adapted + pages rejected. What the
adapters share in recognising a page and turning away what is no page (empty, mis-encoded, a login or error page)
is `recognition.py`.

The types below are the contract between the adapters and whatever writes their records to the landing folder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One saved page: its file name as saved (`ru-RU_lawProjects_details_6143.html`, or the capture store's
    name), the URL it came from when known, its decoded text, when it was fetched, and the sha256 of its bytes."""

    name: str
    html: str
    sha256: str
    url: str | None = None
    fetched_at: str | None = None


class LayoutError(ValueError):
    """The page is not in the layout its adapter knows: the message names the element that is missing."""


@dataclass(frozen=True)
class Rejected:
    page: str  # Page.name
    adapter: str
    reason: str


@dataclass
class Records:
    """What an adapter read, in the landing formats of docs/landing-format.md.

    persons, organizations, memberships: Popolo objects (as in `popolo/*.json`); bills: bill objects with their
    actions, sponsors and documents (as in `bills/*.jsonl`); submissions: portal rows with the private columns
    (as in `submissions/*.csv`); draft_acts and printed_figures: the new landing formats of the official
    sources (see docs/landing-format.md); notes: what the run's metadata should say (a page that lies about its
    language, a field a source does not give); rejected: pages not adapted, with the reason.
    """

    persons: list[dict] = field(default_factory=list)
    organizations: list[dict] = field(default_factory=list)
    memberships: list[dict] = field(default_factory=list)
    bills: list[dict] = field(default_factory=list)
    submissions: list[dict] = field(default_factory=list)
    draft_acts: list[dict] = field(default_factory=list)
    printed_figures: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True)
class Adapter:
    """A source's adapter: `recognise(page)` is true for the pages it reads; `adapt(pages)` reads them all at
    once (a bill's ru, kk and en pages are merged into one bill)."""

    name: str
    recognise: Callable[[Page], bool]
    adapt: Callable[[Sequence[Page]], Records]
