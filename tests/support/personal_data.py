"""The personal-data detector measured: texts labelled with the kind of personal data they carry, and how many of
each format a detector misses or wrongly flags. What belongs here: the labelled texts (`labelled`, from
tests/data/personal_data_labelled.csv), the real texts that must not be flagged (`real_texts`, read from the real
data folder at test time, never copied into the repository) and the measurement (`measure`); the thresholds a
detector must meet are the tests' (tests/unit/test_detector.py, tests/real_data/test_detector.py).

`tests/data/personal_data_labelled.csv` holds realistic texts, each labelled with the kind it carries (or `none`)
and its format. Real texts that must not be flagged are bill and document titles of parlam.kz, the Rada's motion
texts, UK petition titles and areas, Kazakh legal acts and EveryPolitician's members. `measure()` counts, by format,
the false negatives and false positives of the new detector and of the redaction's patterns; run this module as a
script (`python -m tests.support.personal_data`) to print the table.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from pathlib import Path

from dagster_project.privacy.detector import detect
from dagster_project.privacy.patterns import find_personal_data
from tests.support.realdata import REALDATA_DIR

LABELLED = Path(__file__).parents[1] / "data" / "personal_data_labelled.csv"
_LINK, _TAG = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S), re.compile(r"<[^>]+>")
_COMMENT = re.compile(r'<p tabindex="0" id="\d+">(.*?)</p>', re.S)
_AUTHOR = re.compile(r'<h4 class="media-heading" tabindex="0">\s*([^<]+?)\s*<span', re.S)


def labelled() -> list[dict]:
    """The labelled texts; `citizens` says whether the text is a citizen's (names are looked for only there)."""
    with LABELLED.open(encoding="utf-8") as handle:
        return [{**row, "citizens": row["citizens"] == "true"} for row in csv.DictReader(handle)]


def real_texts(root: Path = REALDATA_DIR) -> list[dict]:
    """Real texts, each as a labelled row: of kind `none` (no citizen's personal data), except the citizen's name
    printed above each comment on legalacts.egov.kz (kind NAME)."""
    rows = []

    def add(source: str, texts, citizens: bool) -> None:
        rows.extend({"kind": "none", "format": source, "citizens": citizens, "text": t} for t in texts if t)

    for page in sorted((root / "parlam-kz-2025").rglob("*lawProjects_*.html")) + sorted(
        (root / "parlam-kz-2025" / "mazhilis").glob("all-bill*.html")
    ):
        # bill and document titles: the text of the links of the bill lists and of each bill's stages
        links = _LINK.findall(page.read_text(encoding="utf-8", errors="replace"))
        titles = {" ".join(html.unescape(_TAG.sub(" ", link)).split()) for link in links}
        add("real:parlam_bill_and_document_titles", {t for t in titles if len(t) >= 25}, citizens=False)
    for path in sorted((root / "rada-ua-rollcall-popolo").glob("vote_events_*.json")):
        events = json.loads(path.read_text(encoding="utf-8"))["vote_events"]
        add("real:rada_motion_texts", {e.get("motion", {}).get("text") for e in events}, citizens=False)
    for path in sorted((root / "uk-parliament-petitions" / "example-data").glob("*.json")):
        attributes = json.loads(path.read_text(encoding="utf-8"))["data"]["attributes"]
        add("real:uk_petition_titles", [attributes["action"], attributes["background"]], citizens=True)
        areas = ("signatures_by_country", "signatures_by_region", "signatures_by_constituency")
        add("real:uk_petition_areas", {a["name"] for key in areas for a in attributes[key]}, citizens=True)
    for path in sorted((root / "kazakhstan-law-kk-ru-sample").rglob("*.md")):
        paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n")]
        add("real:legal_acts_kk_ru", [p for p in paragraphs if len(p) > 20 and not p.startswith("---")], False)
    # legalacts.egov.kz: a citizen's public comments on a draft order and the ministry's replies (citizens' text),
    # and the citizen's name as the page prints it above each comment: real personal data, in capitals.
    page = (root / "legalacts-egov-kz" / "npa_15906353_with_comments_ru.fragment.html").read_text(encoding="utf-8")
    comments = [" ".join(html.unescape(_TAG.sub(" ", p)).split()) for p in _COMMENT.findall(page)]
    add("real:legalacts_comments_and_replies", comments, citizens=True)
    authors = {" ".join(h.split()) for h in _AUTHOR.findall(page)}
    rows += [{"kind": "NAME", "format": "real:legalacts_printed_author", "citizens": True, "text": a} for a in authors]
    popolo = root / "everypolitician-kazakhstan" / "data" / "Kazakhstan" / "Assembly" / "ep-popolo-v1.0.json"
    document = json.loads(popolo.read_text(encoding="utf-8"))
    add("real:everypolitician_names", {p.get("name") for p in document["persons"]}, citizens=False)
    return rows


def old_kinds(text: str, citizens: bool) -> set[str]:
    """What the redaction's patterns (the gate before this detector) find: NUMBER (twelve digits) counts as IIN."""
    kinds = {"IIN" if kind == "NUMBER" else kind for kind, _ in find_personal_data(text)}
    return kinds if citizens else kinds - {"NAME"}


def new_kinds(text: str, citizens: bool) -> set[str]:
    """What the gate's detector finds."""
    return {finding.kind for finding in detect(text, names=citizens)}


def measure(rows: list[dict]) -> dict[str, dict[str, Counter]]:
    """For each detector: per format, texts, false negatives (the labelled kind not found) and false positives
    (any kind found in a `none` text, or another kind than the labelled one)."""
    result = {}
    for name, kinds_of in (("old patterns", old_kinds), ("new detector", new_kinds)):
        counts: dict[str, Counter] = {}
        for row in rows:
            found = kinds_of(row["text"], row["citizens"])
            group = row["format"] if row["format"].startswith("real:") else f"{row['kind']}:{row['format']}"
            count = counts.setdefault(group, Counter())
            count["texts"] += 1
            if row["kind"] != "none" and row["kind"] not in found:
                count["false_negatives"] += 1
            if found - {row["kind"]}:
                count["false_positives"] += 1
        result[name] = counts
    return result


def measurement_table(measured: dict[str, dict[str, Counter]]) -> str:
    """The measurement as a table to read: texts, and each detector's false negatives and positives, by format."""
    old, new = measured["old patterns"], measured["new detector"]
    lines = [f"{'format':<52} {'texts':>5}  old FN  old FP  new FN  new FP"]
    for group in sorted(new):
        o, n = old[group], new[group]
        lines.append(
            f"{group:<52} {n['texts']:>5}  {o['false_negatives']:>6}  {o['false_positives']:>6}"
            f"  {n['false_negatives']:>6}  {n['false_positives']:>6}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(measurement_table(measure(labelled() + real_texts())))
