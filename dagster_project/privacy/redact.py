"""Redaction: each piece of personal data in a text replaced by its typed placeholder, then proven gone.

`Redactor.redact` applies the patterns of `patterns.py` in order, then the gate's detector (`detector.py`: the
formats the patterns miss, such as spelled-out e-mails, spaced or prefixed IINs, any phone in the numbering
plan, flats and houses, surnames with initials), then natasha's Russian named-entity recogniser (persons only)
on what is left, and verifies the result twice: neither the patterns nor the detector find anything more, and
none of the author's own stored values (each part of the name, the IIN, the phone's digits, the e-mail, the
parts of the address that carry a number) is still in the text. A text that fails either test is not
verified; the caller withholds it and counts it. The recogniser is loaded once, on first use: it costs about a
second and ~100 MB, and only texts meant for publication need it. It runs on one BLAS thread (`threadpoolctl`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from threadpoolctl import threadpool_limits

from dagster_project.privacy.detector import Finding, detect
from dagster_project.privacy.patterns import PATTERNS, PLACEHOLDER_KINDS, find_personal_data

NAME_PLACEHOLDER = "[NAME]"


@dataclass(frozen=True)
class Author:
    """What the portal stored about the author: the values that must never survive redaction."""

    name: str | None = None
    iin: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None

    def leaks(self, text: str) -> list[str]:
        """The kinds of the author's own values still found in `text`."""
        lower, digits = text.lower(), re.sub(r"\D", "", text)
        found = []
        if any(
            re.search(rf"\b{re.escape(part)}\b", lower) for part in (self.name or "").lower().split() if len(part) > 2
        ):
            found.append("author_name")
        if self.iin and re.sub(r"\D", "", self.iin) in digits:
            found.append("author_iin")
        phone_digits = re.sub(r"\D", "", self.phone or "")[-10:]
        if len(phone_digits) == 10 and phone_digits in digits:
            found.append("author_phone")
        if self.email and self.email.lower() in lower:
            found.append("author_email")
        numbered_parts = [p.strip().lower() for p in (self.address or "").split(",") if re.search(r"\d", p)]
        if (self.address and self.address.lower() in lower) or any(p in lower for p in numbered_parts):
            found.append("author_address")
        return found


@dataclass(frozen=True)
class Redaction:
    text: str
    counts: dict[str, int]  # placeholders inserted, by kind (every kind present, zero included)
    verified: bool
    problems: tuple[str, ...]  # why not verified: kinds still found, author values still present


class Redactor:
    @cached_property
    def _tagger(self):
        # natasha: Russian NER whose embeddings and model ship inside the wheel (no download at run time).
        from natasha import NewsEmbedding, NewsNERTagger

        return NewsNERTagger(NewsEmbedding())

    def redact(self, text: str, author: Author) -> Redaction:
        return self.redact_all([(text, author)])[0]

    def redact_all(self, items: Sequence[tuple[str, Author]]) -> list[Redaction]:
        """Redact and verify many texts: the recogniser runs over them in batches (several times faster)."""
        stripped = [_replace_detected(*replace_patterns(text)) for text, _ in items]
        # The recogniser's matrix products are small: OpenBLAS threads only spin on them (3x the CPU, same result).
        with threadpool_limits(limits=1, user_api="blas"):
            markups = list(self._tagger.map([text for text, _ in stripped]))
        redactions = []
        for (text, counts), (_, author), markup in zip(stripped, items, markups, strict=True):
            spans = [
                (span.start, span.stop)
                for span in markup.spans
                if span.type == "PER" and NAME_PLACEHOLDER not in text[span.start : span.stop]
            ]
            text, replaced = _replace(text, spans, NAME_PLACEHOLDER)
            counts["NAME"] += replaced
            found = {kind for kind, _ in find_personal_data(text)} | {f.kind for f in detect(text, names=True)}
            problems = tuple(sorted(found | set(author.leaks(text))))
            redactions.append(Redaction(text, dict(counts), not problems, problems))
        return redactions


def replace_patterns(text: str) -> tuple[str, Counter]:
    """The patterns' pass alone (no detector, no named-entity recogniser): cheap enough for every text."""
    counts = Counter({kind: 0 for kind in PLACEHOLDER_KINDS})
    for pattern in PATTERNS:
        text, replaced = _replace(text, [(m.start(), m.end()) for m in pattern.find(text)], pattern.placeholder)
        counts[pattern.kind] += replaced
    return text, counts


def _replace_detected(text: str, counts: Counter) -> tuple[str, Counter]:
    """What the patterns missed and the gate's detector would block, replaced by its kind's placeholder (so the
    text is published redacted, not its dataset blocked); of overlapping findings the first (then longest) wins.
    Only for texts to be published: the detector costs a few times the patterns."""
    kept: list[Finding] = []
    for finding in sorted(detect(text, names=True), key=lambda f: (f.start, -f.end)):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    for finding in reversed(kept):
        text = text[: finding.start] + f"[{finding.kind}]" + text[finding.end :]
    counts.update(finding.kind for finding in kept)
    return text, counts


def _replace(text: str, spans: list[tuple[int, int]], placeholder: str) -> tuple[str, int]:
    """Replace non-overlapping spans (the first of overlapping ones wins) from the end, so offsets hold."""
    kept: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, stop))
    for start, stop in reversed(kept):
        text = text[:start] + placeholder + text[stop:]
    return text, len(kept)
