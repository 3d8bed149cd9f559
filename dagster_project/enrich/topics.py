"""Topic assignment: a transparent lexicon of word stems per topic, in Kazakh and Russian (`topic_lexicon.yml`).

Each topic's stems become one regular expression anchored at word starts; a text's score for a topic is the
number of its words that start with one of the topic's stems (in either language: a Kazakh letter may quote a
Russian term). The topic with the highest score wins, ties going to the topic listed first; a text with no
match is `other`. Personal data is taken out of the text first (the patterns of `dagster_project.privacy`), so
an address in "Абай көшесі, 12-үй" does not vote for housing. The method's accuracy on a hand-labelled sample
is measured by `tests/test_topics.py` and stated in `docs/submissions.md`.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).with_name("topic_lexicon.yml")
FALLBACK_TOPIC = "other"


@cache
def _lexicon() -> dict[str, re.Pattern[str]]:
    lexicon = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    return {
        topic: re.compile(r"(?<![\w-])(?:" + "|".join(stems["kk"] + stems["ru"]) + ")", re.IGNORECASE)
        for topic, stems in lexicon.items()
    }


@cache
def topic_method() -> str:
    """Names the method and the lexicon's version: a stored topic made by another version is made again."""
    return "lexicon:" + hashlib.sha256(LEXICON_FILE.read_bytes()).hexdigest()[:12]


def assign_topic(text: str) -> str:
    scores = {topic: len(pattern.findall(text)) for topic, pattern in _lexicon().items()}
    best = max(scores.values(), default=0)
    return next(topic for topic, score in scores.items() if score == best) if best else FALLBACK_TOPIC
