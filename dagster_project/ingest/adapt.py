"""`eparl adapt`: captures of the official sites → landing files the loader reads (docs/landing-format.md).

What belongs here: the landing writer, and nothing about any one site (that is `adapters/<source>.py`). It
reads a capture folder (`ingest/captures.py`: the fetcher's store, or pages saved by hand under the same
names), gives each page to the adapter that recognises it (`adapters/registry.py`), and writes each adapter's
`Records` as landing files named after the adapter:

    popolo/<adapter>.json            persons, organizations, memberships
    bills/<adapter>.jsonl            bills with their actions and documents
    submissions/<adapter>.csv        submissions, with the private columns the loader keeps apart
    draft_acts/<adapter>.jsonl       draft legal acts put to public discussion
    printed_figures/<adapter>.jsonl  totals a page prints, reconciled in dbt against the records loaded
    pages/<adapter>.jsonl            every page read: adapted, or rejected with the reason

A page no adapter recognises, or whose adapter rejects it, is a `pages` record with its reason, which the loader
quarantines: pages in = pages adapted + pages quarantined, as records in = loaded + quarantined for any file.
A file is rewritten only when its content changes, so an unchanged capture costs the loader nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from dagster_project.adapters import Adapter, Page, Records, Rejected
from dagster_project.adapters.registry import ADAPTERS
from dagster_project.ingest.captures import page_files, read_page
from dagster_project.ingest.sources import SUBMISSION_CSV_HEADER

NO_ADAPTER = "none"
ADAPTED_SOURCES = ("popolo", "bills", "submissions", "draft_acts", "printed_figures", "pages")  # the folders below


@dataclass
class AdaptReport:
    pages: int = 0
    adapted: dict[str, int] = field(default_factory=dict)  # adapter → pages adapted
    rejected: list[Rejected] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)  # "<adapter>/<kind>" → records written
    notes: dict[str, list[str]] = field(default_factory=dict)  # adapter → what the run's metadata should say
    written: list[Path] = field(default_factory=list)  # files whose content changed


def _json_lines(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SUBMISSION_CSV_HEADER, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _landing_files(adapter: str, records: Records, pages: list[dict]) -> dict[str, str | None]:
    """Each landing file of one adapter and its content (None: the adapter gave nothing of that kind)."""
    popolo = {k: v for k, v in (("persons", records.persons), ("organizations", records.organizations),
                                ("memberships", records.memberships)) if v}  # fmt: skip
    return {
        f"popolo/{adapter}.json": json.dumps(popolo, ensure_ascii=False, indent=1) + "\n" if popolo else None,
        f"bills/{adapter}.jsonl": _json_lines(records.bills) or None,
        f"submissions/{adapter}.csv": _csv(records.submissions) if records.submissions else None,
        f"draft_acts/{adapter}.jsonl": _json_lines(records.draft_acts) or None,
        f"printed_figures/{adapter}.jsonl": _json_lines(records.printed_figures) or None,
        f"pages/{adapter}.jsonl": _json_lines(pages) or None,
    }


def _write(path: Path, content: str | None, report: AdaptReport) -> None:
    if content is None:
        if path.exists():
            path.unlink()
            report.written.append(path)
        return
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    report.written.append(path)


def _page_record(page: Page, adapter: str, reason: str | None) -> dict:
    return {"page": page.name, "sha256": page.sha256, "url": page.url, "fetched_at": page.fetched_at,
            "adapter": adapter, "rejected_reason": reason}  # fmt: skip


def adapt_captures(captures_dir: Path, landing_dir: Path, adapters: tuple[Adapter, ...] = ADAPTERS) -> AdaptReport:
    report = AdaptReport()
    mine: dict[str, list[Page]] = defaultdict(list)
    unreadable: dict[str, list[Rejected]] = defaultdict(list)
    unrecognised: list[Page] = []
    for body in page_files(captures_dir):
        page, problem = read_page(captures_dir, body)
        report.pages += 1
        adapter = next((a for a in adapters if a.recognise(page)), None)
        if adapter is None:
            unrecognised.append(page)
        elif problem:
            unreadable[adapter.name].append(Rejected(page=page.name, adapter=adapter.name, reason=problem))
            mine[adapter.name].append(page)  # listed in its pages file, not given to the adapter
        else:
            mine[adapter.name].append(page)
    for adapter in adapters:
        pages = mine.get(adapter.name, [])
        skipped = {r.page for r in unreadable[adapter.name]}
        records = adapter.adapt([p for p in pages if p.name not in skipped]) if pages else Records()
        rejected = {r.page: r for r in [*unreadable[adapter.name], *records.rejected]}
        report.rejected.extend(rejected.values())
        report.adapted[adapter.name] = len(pages) - len(rejected)
        report.notes[adapter.name] = records.notes
        page_records = [_page_record(p, adapter.name, rejected[p.name].reason if p.name in rejected else None)
                        for p in pages]  # fmt: skip
        for name, content in _landing_files(adapter.name, records, page_records).items():
            kind = name.split("/")[0]
            count = len(getattr(records, kind, page_records if kind == "pages" else []))
            if kind == "popolo":
                count = len(records.persons) + len(records.organizations) + len(records.memberships)
            if content is not None:
                report.records[f"{adapter.name}/{kind}"] = count
            _write(landing_dir / name, content, report)
    reason = f"no adapter recognises this page (adapters: {', '.join(a.name for a in adapters)})"
    report.rejected.extend(Rejected(page=p.name, adapter=NO_ADAPTER, reason=reason) for p in unrecognised)
    _write(
        landing_dir / f"pages/{NO_ADAPTER}.jsonl",
        _json_lines([_page_record(p, NO_ADAPTER, reason) for p in unrecognised]) or None,
        report,
    )
    return report
