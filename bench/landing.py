"""The benchmark's landing folder: generated data with the last sitting day of votes and of submissions held out.

The demo generator writes one votes file and one submissions file per month; the convocation
(`bench.convocation`) one votes file per sitting day and no submissions. `split_last_day` moves the vote events
of the last date in the last votes file (with their individual votes) and the submissions received on the last
date of the last submissions file into new files of their own, named so the landing patterns find them
(`popolo/votes_<date>.json`, `submissions/submissions_<date>.csv`), and rewrites the month files without them; a
votes file of that one day only is moved whole. The new files wait in a folder of their own until the
incremental run lands them. Files are read one at a time and the votes file one vote event per line, so a month
of a 10-million-vote landing fits in memory easily.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

VOTES_HEAD = '{"vote_events": ['  # the generator writes one vote event per line between these two lines
VOTES_TAIL = "]}"


def _vote_event_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines == [VOTES_HEAD + VOTES_TAIL]:  # a month whose only sitting day was held out
        return []
    if lines[0] != VOTES_HEAD or lines[-1] != VOTES_TAIL:
        raise ValueError(f"{path} is not a votes file as the demo generator writes it (one vote event a line)")
    return [line.removesuffix(",") for line in lines[1:-1] if line.strip()]


def write_vote_events(path: Path, lines: list[str]) -> None:
    """A votes file as the demo generator writes it: one vote event a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(lines)
    path.write_text(f"{VOTES_HEAD}\n{body}\n{VOTES_TAIL}\n" if lines else f"{VOTES_HEAD}{VOTES_TAIL}\n", "utf-8")


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")  # as the generator writes them
        writer.writerow(header)
        writer.writerows(rows)


def split_last_day(landing: Path, pending: Path) -> dict:
    """Move the last sitting day of votes and the last day of submissions from `landing` into new files under
    `pending` (same relative paths as they will have in the landing); say what was moved."""
    votes_file = sorted((landing / "popolo").glob("votes_*.json"))[-1]
    events = [(json.loads(line), line) for line in _vote_event_lines(votes_file)]
    vote_day = max(event["start_date"][:10] for event, _ in events)  # the local date: offsets are kept
    held = [line for event, line in events if event["start_date"][:10] == vote_day]
    new_votes = pending / "popolo" / f"votes_{vote_day}.json"
    if len(held) == len(events):  # a file of that day alone
        new_votes.parent.mkdir(parents=True)
        shutil.move(votes_file, new_votes)
    else:
        write_vote_events(votes_file, [line for event, line in events if event["start_date"][:10] != vote_day])
        write_vote_events(new_votes, held)
    new_files = [new_votes]

    submission_day, held_rows = None, []
    submissions_files = sorted((landing / "submissions").glob("submissions_*.csv"))
    if submissions_files:  # the convocation has none
        header, rows = _read_csv(submissions_files[-1])
        received = header.index("received_at")
        submission_day = max(row[received][:10] for row in rows)
        held_rows = [row for row in rows if row[received][:10] == submission_day]
        _write_csv(submissions_files[-1], header, [row for row in rows if row[received][:10] != submission_day])
        new_files.append(pending / "submissions" / f"submissions_{submission_day}.csv")
        _write_csv(new_files[-1], header, held_rows)

    held_events = [event for event, _ in events if event["start_date"][:10] == vote_day]
    return {
        "vote_day": vote_day,
        "submission_day": submission_day,
        "files": [p.relative_to(pending).as_posix() for p in new_files],
        "vote_events": len(held_events),
        "votes": sum(len(event.get("votes", [])) for event in held_events),
        "submissions": len(held_rows),
    }


def land_pending(pending: Path, landing: Path) -> None:
    """The new day arrives: move every pending file into the landing folder."""
    for path in sorted(p for p in pending.rglob("*") if p.is_file()):
        target = landing / path.relative_to(pending)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)


def count_records(folder: Path) -> dict[str, int]:
    """Vote events, individual votes and submissions in the votes and submissions files of `folder`."""
    counts = {"vote_events": 0, "votes": 0, "submissions": 0}
    for path in sorted((folder / "popolo").glob("votes_*.json")):
        for line in _vote_event_lines(path):
            counts["vote_events"] += 1
            counts["votes"] += len(json.loads(line).get("votes", []))
    for path in sorted((folder / "submissions").glob("submissions_*.csv")):
        counts["submissions"] += len(_read_csv(path)[1])
    return counts
