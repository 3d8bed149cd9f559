"""The `popolo` dataset: the members' and votes' published tables as Popolo JSON (https://www.popoloproject.com).

One file per legislature and per collection, `<legislature>.<collection>.json`, each one Popolo document
`{"<collection>": [objects]}` with the fields of the landing format (docs/landing-format.md), so that any Popolo
tool reads it and the landing loader reads it back as it read the original files:

- `persons` (names in kk/ru/en as `other_names`), `organizations` (`wikidata` identifiers), `memberships`;
- `events`: the convocations and sessions of `published.legislative_periods`;
- `vote_events`: each with its `motion`, the `counts` the source printed, the `group_results` the source printed
  (with a `result`, which Popolo requires: the option most of the group's printed votes took, or `tie`) and
  every vote in `votes`. A vote's `group_id` is written only when the source gave it, not when it was taken from
  the voter's faction membership on the day, so a reload derives it again as the first load did.

Each object is in one file only, so a reload finds no duplicates: a record whose table has a `legislature_id`
is filed under it; a person or a party (which belongs to no legislature) under the first legislature (by id) it
has memberships or votes in; anything tied to none under `without-legislature`. Dates are ISO dates; a vote's
`start_date` is the instant in UTC (`Z`), or, when the local date the source printed is not the UTC date, with
the nearest whole-hour offset that keeps that local date (the date the vote is published under).

Each object's JSON is made by DuckDB (`to_json`), set-based: millions of votes never pass through Python one by
one; Python only writes the objects' text into their document, a thousand at a time. The datapackage lists each
file as a frictionless `file` resource (bytes, sha256, kk/ru/en texts, `popolo_collection` and `popolo_objects`:
its number of objects), which the stock `frictionless validate` accepts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from dagster_project.hashing import file_sha256
from publish.catalogue import Catalogue, Collection, Dataset
from publish.package import (
    BuiltDataset,
    DataFile,
    empty_directory,
    package_descriptor,
    temporal_coverage,
    trilingual,
    validate_package,
)

FORMAT = ("json", "application/json")
WITHOUT_LEGISLATURE = "without-legislature"
_OBJECTS_PER_WRITE = 1000  # a convocation's vote events are ~45 kB each: ~45 MB of JSON text in Python at a time

# The legislature each person and organization is filed under when its own row has none: the first (by id) of
# the legislatures it has memberships or votes in.
_ATTACHMENTS = """
CREATE OR REPLACE TEMP TABLE _popolo_attachment AS
SELECT id, min(legislature_id) AS legislature_id FROM (
    SELECT person_id AS id, legislature_id FROM published.memberships
    UNION ALL SELECT organization_id, legislature_id FROM published.memberships
    UNION ALL SELECT on_behalf_of_id, legislature_id FROM published.memberships
    UNION ALL SELECT DISTINCT person_id, legislature_id FROM published.person_votes
    UNION ALL SELECT DISTINCT group_id, legislature_id FROM published.person_votes
    UNION ALL SELECT DISTINCT party_id, legislature_id FROM published.person_votes
) WHERE id IS NOT NULL AND legislature_id IS NOT NULL
GROUP BY id
"""


# An object without its null members (nested objects' too; not inside arrays): a JSON merge patch onto `{}` drops
# them. Popolo's arrays (`identifiers`, `links`) may not be null, and a missing field reads as a null one.
_WITHOUT_NULLS = "json_merge_patch('{}', object)"


def _names() -> str:
    """Popolo `other_names` from the kk/ru/en name columns: the languages that have a name."""
    entries = ", ".join(f"{{'name': name_{lang}, 'lang': '{lang}'}}" for lang in ("kk", "ru", "en"))
    return f"list_filter([{entries}], lambda n: n.name IS NOT NULL)"


def _iso(column: str) -> str:
    return f"strftime({column}, '%Y-%m-%d')"


def _printed_counts(options: list[tuple[str, str]]) -> str:
    """Popolo `counts` from the `printed_<option>_count` columns: the options the source printed a count of."""
    entries = ", ".join(f"{{'option': '{code}', 'value': printed_{column}_count}}" for code, column in options)
    return f"list_filter([{entries}], lambda c: c.value IS NOT NULL)"


def vote_start_date_sql() -> str:
    """The vote's instant as ISO 8601: in UTC, or with the whole-hour offset that keeps the printed local date."""
    utc = "timezone('UTC', vote_datetime)"
    seconds = f"(epoch({utc}) - epoch(CAST({utc} AS DATE)))"
    offset = (
        f"CASE date_diff('day', CAST({utc} AS DATE), vote_date) WHEN 0 THEN 0 "
        f"WHEN 1 THEN CAST(ceil((86400 - {seconds}) / 3600) AS INTEGER) "
        f"ELSE -CAST(floor({seconds} / 3600) + 1 AS INTEGER) END"
    )
    local = f"{utc} + to_hours({offset})"
    return (
        f"CASE WHEN {offset} = 0 THEN strftime({utc}, '%Y-%m-%dT%H:%M:%SZ') "
        f"ELSE strftime({local}, '%Y-%m-%dT%H:%M:%S') || printf('%+03d:00', {offset}) END"
    )


def _vote_options(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(code, column) of each vote option with printed counts: `printed_not_voting_count` is `not voting`."""
    columns = [row[0] for row in con.execute("DESCRIBE published.vote_events").fetchall()]
    found = [m.group(1) for c in columns if (m := re.fullmatch(r"printed_(\w+)_count", c))]
    return [(column.replace("_", " "), column) for column in found]


def _collections_sql(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """For each collection, a query of (legislature, id, object) with the Popolo object as JSON."""
    options = _vote_options(con)
    printed = _printed_counts(options)
    ranked = f"list_reverse_sort(list_transform({printed}, lambda c: {{'value': c.value, 'option': c.option}}))"
    group_result = (
        f"CASE WHEN len({ranked}) > 1 AND {ranked}[1].value = {ranked}[2].value THEN 'tie' "
        f"ELSE coalesce({ranked}[1].option, 'tie') END"
    )
    return {
        "persons": f"""
            SELECT {_filed()}, person_id AS id, to_json({{
                'id': person_id, 'name': person_name, 'other_names': {_names()},
                'given_name': given_name, 'family_name': family_name, 'patronymic_name': patronymic_name,
                'gender': gender, 'birth_date': {_iso("birth_date")}, 'image': image_url,
                'identifiers': CAST(identifiers_json AS JSON), 'links': CAST(links_json AS JSON)
            }}) AS object
            FROM published.persons LEFT JOIN _popolo_attachment ON person_id = _popolo_attachment.id
        """,
        "organizations": f"""
            SELECT {_filed("organizations.legislature_id")}, organization_id AS id,
            to_json({{
                'id': organization_id, 'name': organization_name, 'other_names': {_names()},
                'classification': classification_code, 'parent_id': parent_id,
                'founding_date': {_iso("founding_date")}, 'dissolution_date': {_iso("dissolution_date")},
                'seats': seat_count,
                'identifiers': list_filter([{{'scheme': 'wikidata', 'identifier': wikidata_id}}],
                                           lambda i: i.identifier IS NOT NULL)
            }}) AS object
            FROM published.organizations LEFT JOIN _popolo_attachment ON organization_id = _popolo_attachment.id
        """,
        "memberships": f"""
            SELECT {_filed("memberships.legislature_id")}, membership_id AS id, to_json({{
                'id': membership_id, 'person_id': person_id, 'organization_id': organization_id,
                'on_behalf_of_id': on_behalf_of_id, 'role': role_code,
                'start_date': {_iso("start_date")}, 'end_date': {_iso("end_date")},
                'legislative_period_id': legislative_period_id
            }}) AS object
            FROM published.memberships LEFT JOIN _popolo_attachment ON person_id = _popolo_attachment.id
        """,
        "events": f"""
            SELECT {_filed("legislative_periods.legislature_id")}, legislative_period_id AS id, to_json({{
                'id': legislative_period_id, 'name': period_name, 'classification': classification_code,
                'organization_id': organization_id, 'parent_id': parent_id,
                'start_date': {_iso("start_date")}, 'end_date': {_iso("end_date")}, 'identifier': period_identifier
            }}) AS object
            FROM published.legislative_periods
            LEFT JOIN _popolo_attachment ON organization_id = _popolo_attachment.id
        """,
        "vote_events": f"""
            WITH votes AS (
                SELECT vote_event_id, to_json(list(json_merge_patch('{{}}', to_json({{
                    'voter_id': person_id, 'option': option_code,
                    'group_id': CASE WHEN NOT is_group_from_membership THEN group_id END, 'note': note
                }})) ORDER BY person_id)) AS votes
                FROM published.person_votes GROUP BY vote_event_id
            ),
            group_results AS (
                SELECT vote_event_id, to_json(list({{
                    'group_id': group_id, 'result': {group_result}, 'counts': {printed}
                }} ORDER BY group_id)) AS group_results
                FROM published.vote_event_group_counts WHERE has_printed_counts GROUP BY vote_event_id
            )
            SELECT {_filed("vote_events.legislature_id")}, vote_event_id AS id, to_json({{
                'id': vote_event_id, 'identifier': vote_identifier, 'organization_id': organization_id,
                'legislative_session_id': legislative_session_id, 'start_date': {vote_start_date_sql()},
                'motion': {{'text': motion_text}}, 'result': result_code,
                'bill_id': bill_id, 'bill_stage': bill_stage_code, 'counts': {printed},
                'group_results': coalesce(group_results.group_results, CAST('[]' AS JSON)),
                'votes': coalesce(votes.votes, CAST('[]' AS JSON))
            }}) AS object
            FROM published.vote_events
            LEFT JOIN votes USING (vote_event_id)
            LEFT JOIN group_results USING (vote_event_id)
            LEFT JOIN _popolo_attachment ON organization_id = _popolo_attachment.id
        """,
    }


def _filed(own: str = "NULL") -> str:
    """The legislature an object is filed under: its row's own (`own`), else its attachment, else none."""
    return f"coalesce({own}, _popolo_attachment.legislature_id, '{WITHOUT_LEGISLATURE}') AS legislature"


def file_stem(legislature: str) -> str:
    """A legislature id as a file name: lower case, every run of other characters made one `-`."""
    return re.sub(r"[^a-z0-9_-]+", "-", legislature.lower()).strip("-")


def export_collection(
    con: duckdb.DuckDBPyConnection, collection: str, query: str, directory: Path
) -> list[tuple[str, DataFile]]:
    """Write one file per legislature of `query`'s objects, ordered by id, so unchanged rows give the same bytes;
    return each file with its legislature.

    A file is one JSON document, `{"<collection>":[object,object,…]}` and a newline, written object by object as
    DuckDB serialised each: made as one value instead (`to_json(list(…))`), a convocation's 2.5 million votes
    were one 240 MB string that DuckDB ran out of memory building at its 3GB limit."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _popolo_objects AS {query}")
    files = []
    counts = con.execute("SELECT legislature, count(*) FROM _popolo_objects GROUP BY ALL ORDER BY ALL").fetchall()
    for legislature, rows in counts:
        path = directory / f"{file_stem(legislature)}.{collection}.json"
        objects = con.execute(
            f"SELECT CAST({_WITHOUT_NULLS} AS VARCHAR) FROM _popolo_objects WHERE legislature = ? ORDER BY id",
            [legislature],
        )
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(f'{{"{collection}":[')
            separator = ""
            while batch := objects.fetchmany(_OBJECTS_PER_WRITE):
                out.write(separator + ",".join(text for (text,) in batch))
                separator = ","
            out.write("]}\n")
        files.append((legislature, DataFile(collection, FORMAT[0], path, path.stat().st_size, file_sha256(path), rows)))
    con.execute("DROP TABLE _popolo_objects")
    return files


def _resource(dataset: Dataset, collection: Collection, legislature: str, file: DataFile) -> dict:
    where = dataset.text("without_legislature").as_dict() if legislature == WITHOUT_LEGISLATURE else None
    of = dataset.text("legislature").as_dict()
    title = {
        lang: f"{text} — {where[lang] if where else f'{of[lang]} {legislature}'}"
        for lang, text in collection.title.as_dict().items()
    }
    return {
        "name": file.path.stem.replace(".", "-"),
        "type": "file",
        "path": file.path.name,
        "format": FORMAT[0],
        "mediatype": FORMAT[1],
        "encoding": "utf-8",
        "bytes": file.bytes,
        "hash": f"sha256:{file.sha256}",
        **trilingual("title", title),
        **trilingual("description", collection.description.as_dict()),
        # not `rows`: frictionless checks that against a table it reads, and a Popolo document is not one
        "popolo_objects": file.rows,
        "popolo_collection": collection.name,
        "legislature_id": None if where else legislature,
    }


def build_popolo_dataset(
    con: duckdb.DuckDBPyConnection, catalogue: Catalogue, dataset: Dataset, directory: Path, synthetic: bool
) -> BuiltDataset:
    """Write the Popolo files and their datapackage.json into `directory` and validate them."""
    empty_directory(directory)
    con.execute("SET TimeZone = 'UTC'")
    con.execute(_ATTACHMENTS)
    queries = _collections_sql(con)
    files, resources = [], []
    for collection in dataset.collections:
        for legislature, file in export_collection(con, collection.name, queries[collection.name], directory):
            files.append(file)
            resources.append(_resource(dataset, collection, legislature, file))
    con.execute("DROP TABLE _popolo_attachment")
    package = package_descriptor(catalogue, dataset, files, synthetic, temporal_coverage(con, dataset), resources)
    package_path = directory / "datapackage.json"
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    validate_package(package_path)
    return BuiltDataset(dataset.name, directory, tuple(files))
