"""Topic assignment: a transparent lexicon of word stems per topic, in Kazakh and Russian (`topic_lexicon.yml`).

Each topic's stems match at word starts (one regular expression finds them for every topic in one pass, see
`_lexicon`); a text's score for a topic is the number of its words that start with one of the topic's stems (in
either language: a Kazakh letter may quote a Russian term). The topic with the highest score wins, ties going to
the topic listed first; a text with no match is `other`. Personal data is taken out of the text first (the
patterns of `dagster_project.privacy`), so an address in "Абай көшесі, 12-үй" does not vote for housing. The
method's accuracy on a hand-labelled sample is measured by `tests/unit/test_topics.py` and stated in
`docs/submissions.md`.
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
def _lexicon() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The topics in order, and one expression that stops at each word start where a topic's stems match.

    At a word start, topic i's stems are tried in a lookahead whose group i+1 holds their match (or is unset), so
    one pass over the text gives what a `findall` per topic would, at a twelfth of the scanning: `assign_topic`
    counts, per topic, the matches that start after that topic's previous match ended (a stem of several words,
    `ыстық су`, hides the words it spans from its own topic only). Each topic's stems are grouped by first letter
    (`д(?:әрігер|әрі)`, order kept) and guarded by the set of their first letters, so a word is compared with few.
    """
    lexicon = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    lookaheads, first_letters = [], ""
    for stems in lexicon.values():
        groups: dict[str, list[str]] = {}
        for stem in stems["kk"] + stems["ru"]:
            if not stem[0].isalpha() or stem[1:2] in ("?", "*", "+", "{") or "|" in re.sub(r"\([^()]*\)", "", stem):
                raise ValueError(f"{LEXICON_FILE.name}: {stem!r} must start with a letter of its own, `|` only in ( )")
            groups.setdefault(stem[0].lower(), []).append(stem[1:])
        letters = "".join(groups)
        first_letters += letters
        alternatives = "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())
        lookaheads.append(f"(?=(?=[{letters}])({alternatives})|)")
    # Stop only where at least one topic matched: group 1 is set, or else group 2, ...
    any_group = "".join(f"(?({group})|" for group in range(1, len(lexicon) + 1)) + "(?!)" + ")" * len(lexicon)
    expression = rf"(?<![\w-])(?=[{''.join(dict.fromkeys(first_letters))}])" + "".join(lookaheads) + any_group
    return tuple(lexicon), re.compile(expression, re.IGNORECASE)


@cache
def topic_method() -> str:
    """Names the method and the lexicon's version: a stored topic made by another version is made again."""
    return "lexicon:" + hashlib.sha256(LEXICON_FILE.read_bytes()).hexdigest()[:12]


def assign_topic(text: str) -> str:
    topics, expression = _lexicon()
    scores, ends = [0] * len(topics), [0] * len(topics)
    for match in expression.finditer(text):
        start = match.start()
        for topic, (_, end) in enumerate(match.regs[1:]):
            if end >= 0 and start >= ends[topic]:
                scores[topic] += 1
                ends[topic] = end
    best = max(scores, default=0)
    return topics[scores.index(best)] if best else FALLBACK_TOPIC
