"""The topic method's accuracy on its hand-labelled sample (tests/data/topic_sample.csv, written by hand, not by
the demo generator), overall and per language: it must not fall below what docs/submissions.md states."""

from __future__ import annotations

import csv
from pathlib import Path

from dagster_project.enrich.language import detect_languages
from dagster_project.enrich.topics import assign_topic

SAMPLE = Path(__file__).parents[1] / "data" / "topic_sample.csv"
DOCUMENTED = {"all": 0.896, "kk": 0.902, "ru": 0.891}  # docs/submissions.md, "Topics"


def test_the_topic_lexicon_is_as_accurate_as_documented():
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    assert len(rows) >= 150 and {r["language"] for r in rows} == {"kk", "ru"}
    hits = {lang: [assign_topic(r["text"]) == r["topic"] for r in rows if lang in ("all", r["language"])]
            for lang in DOCUMENTED}  # fmt: skip
    accuracy = {lang: sum(h) / len(h) for lang, h in hits.items()}
    assert all(accuracy[lang] >= DOCUMENTED[lang] for lang in DOCUMENTED), accuracy


def test_the_language_of_each_sample_text_is_detected():
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    assert detect_languages([r["text"] for r in rows]) == [r["language"] for r in rows]
