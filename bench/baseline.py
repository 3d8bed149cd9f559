"""DuckDB alone: the pipeline's main work done by one DuckDB process, to time the pipeline against.

`python -m bench.baseline LANDING OUT` reads the landing folder with DuckDB's own readers (`read_json`,
`read_csv`), builds plain SQL versions of the main published tables (`person_votes`, `vote_events`,
`vote_event_group_counts`, `persons`, `memberships`, `submission_counts`), writes each as CSV and Parquet to
OUT with the options the pipeline's local publish uses, and prints their row counts as JSON. It follows the
meaning of the dbt models, not their code: no provenance, no quarantine, no tests, no incremental state.
`submission_counts` uses the portal's declared language and topic, where the pipeline uses the enrichment's
detected ones, so its row count may differ; the vote and member tables must match the pipeline's exactly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from dagster_project.ingest.sources import SUBMISSION_CSV_HEADER
from publish.package import FORMATS

# Popolo record types: only the fields these tables need; read_json ignores the rest.
NAMES = "STRUCT(name VARCHAR, lang VARCHAR)[]"
COUNTS = "STRUCT(option VARCHAR, value VARCHAR)[]"
POPOLO_COLUMNS = {
    "persons": f"""STRUCT(id VARCHAR, name VARCHAR, other_names {NAMES}, given_name VARCHAR, family_name VARCHAR,
        patronymic_name VARCHAR, gender VARCHAR, birth_date VARCHAR, image VARCHAR,
        identifiers STRUCT(scheme VARCHAR, identifier VARCHAR)[], links JSON)[]""",
    "organizations": "STRUCT(id VARCHAR, classification VARCHAR, parent_id VARCHAR)[]",
    "memberships": """STRUCT(id VARCHAR, person_id VARCHAR, organization_id VARCHAR, role VARCHAR,
        on_behalf_of_id VARCHAR, start_date DATE, end_date DATE, legislative_period_id VARCHAR)[]""",
    "events": "STRUCT(id VARCHAR, classification VARCHAR, organization_id VARCHAR, parent_id VARCHAR)[]",
    "vote_events": f"""STRUCT(id VARCHAR, identifier VARCHAR, organization_id VARCHAR,
        legislative_session_id VARCHAR, start_date VARCHAR, motion STRUCT(text VARCHAR), result VARCHAR,
        bill_id VARCHAR, bill_stage VARCHAR, counts {COUNTS},
        group_results STRUCT(group_id VARCHAR, counts {COUNTS})[],
        votes STRUCT(voter_id VARCHAR, option VARCHAR, group_id VARCHAR, note VARCHAR)[])[]""",
}
OPTIONS = {"yes": "yes", "no": "no", "abstain": "abstain", "not voting": "not_voting", "absent": "absent"}


def _per_option(prefix: str, aggregate: str, option: str) -> str:
    """One column per vote option: `aggregate` over the rows whose `option` is that option."""
    return ", ".join(
        f"{aggregate} FILTER (WHERE {option} = '{code}') AS {prefix}_{name}_count" for code, name in OPTIONS.items()
    )


PRINTED = _per_option("printed", "max(try_cast(c.value AS INTEGER))", "lower(trim(c.option))")


def _mismatch(printed: str, tallied: str) -> str:
    differs = " OR ".join(
        f"{printed}.printed_{name}_count != coalesce({tallied}.tallied_{name}_count, 0)" for name in OPTIONS.values()
    )
    return f"coalesce({tallied}.tallied_votes > 0 AND ({differs}), false)"


def _records(array: str, source: str = "popolo") -> str:
    """One row per record of a Popolo array, one column per field."""
    return f"SELECT unnest(record) FROM (SELECT unnest({array}) AS record FROM {source})"


def _submissions(landing: Path) -> str:
    """The submissions files, every column as text; a landing of roll calls only has none."""
    files = [f"'{path}'" for path in sorted((landing / "submissions").glob("*.csv"))]
    if files:
        return f"read_csv([{', '.join(files)}], header = true, all_varchar = true)"
    return f"(SELECT {', '.join(f'NULL::VARCHAR AS {name}' for name in SUBMISSION_CSV_HEADER)} WHERE false)"


def _statements(landing: Path, min_cell: int) -> list[str]:
    popolo = f"'{landing / 'popolo' / '*.json'}'"
    largest = max(path.stat().st_size for path in (landing / "popolo").glob("*.json"))  # one document a file

    def read(*arrays: str, files: str = popolo) -> str:
        columns = ", ".join(f"{name}: '{POPOLO_COLUMNS[name]}'" for name in arrays)
        options = f"format = 'unstructured', maximum_object_size = {largest + 1024}"
        return f"read_json({files}, columns = {{{columns}}}, {options})"

    # The roster's arrays in one pass; the vote events file by file, unnested straight from the reader (as the
    # pipeline's loader does): a month of votes parsed as one nested document per thread ran out of 4GB.
    vote_files = [f"'{path}'" for path in sorted((landing / "popolo").glob("*.json"))]
    return [
        f"CREATE TABLE popolo AS SELECT * FROM {read('persons', 'organizations', 'memberships', 'events')}",
        f"CREATE TABLE ve AS {_records('vote_events', read('vote_events', files=vote_files[0]))} LIMIT 0",
        *(f"INSERT INTO ve {_records('vote_events', read('vote_events', files=path))}" for path in vote_files),
        f"CREATE TABLE orgs AS {_records('organizations')}",
        f"CREATE TABLE events AS {_records('events')}",
        # each organization's legislature and chamber: walk up parent_id
        """CREATE TABLE org_roots AS
            WITH RECURSIVE walk AS (
                SELECT id, id AS ancestor, classification AS kind, parent_id AS next, 0 AS depth FROM orgs
                UNION ALL
                SELECT walk.id, parent.id, parent.classification, parent.parent_id, walk.depth + 1
                FROM walk JOIN orgs AS parent ON walk.next = parent.id
                WHERE walk.kind != 'legislature' AND walk.depth < 20
            )
            SELECT id, arg_min(ancestor, depth) FILTER (WHERE kind = 'legislature') AS legislature_id,
                arg_min(ancestor, depth) FILTER (WHERE kind = 'chamber') AS chamber_id
            FROM walk GROUP BY id""",
        """CREATE TABLE periods AS
            SELECT e.id, CASE WHEN e.classification = 'legislative period' THEN e.id
                              WHEN p.classification = 'legislative period' THEN p.id END AS convocation_id,
                r.legislature_id
            FROM events AS e LEFT JOIN events AS p ON e.parent_id = p.id
            LEFT JOIN org_roots AS r ON r.id = coalesce(e.organization_id, p.organization_id)""",
        f"""CREATE TABLE persons AS
            SELECT p.id AS person_id, p.name AS person_name,
                list_filter(p.other_names, lambda x: x.lang = 'kk')[1].name AS name_kk,
                list_filter(p.other_names, lambda x: x.lang = 'ru')[1].name AS name_ru,
                list_filter(p.other_names, lambda x: x.lang = 'en')[1].name AS name_en,
                p.given_name, p.family_name, p.patronymic_name, p.gender, p.birth_date::DATE AS birth_date,
                p.image AS image_url,
                list_filter(p.identifiers, lambda x: lower(x.scheme) = 'wikidata')[1].identifier AS wikidata_id,
                to_json(p.identifiers)::VARCHAR AS identifiers_json, p.links::VARCHAR AS links_json
            FROM ({_records("persons")}) AS p""",
        f"""CREATE TABLE memberships AS
            SELECT coalesce(m.id, 'membership/' || left(md5(concat_ws('|', m.person_id, m.organization_id,
                    coalesce(m.on_behalf_of_id, ''), coalesce(m.role, 'member'), coalesce(m.start_date::VARCHAR, ''),
                    coalesce(m.end_date::VARCHAR, ''), coalesce(m.legislative_period_id, ''))), 16)) AS membership_id,
                m.person_id, m.organization_id, o.classification AS organization_classification_code,
                coalesce(r.legislature_id, per.legislature_id) AS legislature_id, m.on_behalf_of_id,
                coalesce(m.role, 'member') AS role_code, m.start_date, m.end_date, m.legislative_period_id
            FROM ({_records("memberships")}) AS m
            LEFT JOIN orgs AS o ON m.organization_id = o.id
            LEFT JOIN org_roots AS r ON m.organization_id = r.id
            LEFT JOIN periods AS per ON m.legislative_period_id = per.id""",
        """CREATE TABLE votes AS
            SELECT id AS vote_event_id, v.voter_id AS person_id, v.option, v.group_id AS printed_group_id, v.note
            FROM (SELECT id, unnest(votes) AS v FROM ve)""",
        f"""CREATE TABLE vote_events AS
            WITH printed AS (
                SELECT id, {PRINTED}
                FROM (SELECT id, unnest(counts) AS c FROM ve) GROUP BY id
            ),
            tallied AS (
                SELECT vote_event_id, {_per_option("tallied", "count(*)", "option")}, count(*) AS tallied_votes
                FROM votes GROUP BY vote_event_id
            )
            SELECT ve.id AS vote_event_id, coalesce(r.legislature_id, s.legislature_id) AS legislature_id,
                ve.organization_id, r.chamber_id, ve.legislative_session_id, s.convocation_id AS legislative_period_id,
                ve.identifier AS vote_identifier, ve.start_date::TIMESTAMPTZ AS vote_datetime,
                left(ve.start_date, 10)::DATE AS vote_date, ve.motion.text AS motion_text, ve.result AS result_code,
                ve.bill_id, ve.bill_stage AS bill_stage_code,
                printed.* EXCLUDE (id), tallied.* EXCLUDE (vote_event_id, tallied_votes),
                coalesce(tallied.tallied_votes, 0) AS tallied_vote_count,
                printed.id IS NOT NULL AS has_printed_counts,
                coalesce(tallied.tallied_votes, 0) > 0 AS has_individual_votes,
                {_mismatch("printed", "tallied")} AS is_count_mismatch
            FROM ve LEFT JOIN org_roots AS r ON ve.organization_id = r.id
            LEFT JOIN periods AS s ON ve.legislative_session_id = s.id
            LEFT JOIN printed ON ve.id = printed.id LEFT JOIN tallied ON ve.id = tallied.vote_event_id""",
        # the group (when not printed) and the party: from the memberships valid on the vote date
        """CREATE TABLE person_votes AS
            WITH dated AS (
                SELECT votes.*, e.legislature_id, e.vote_date FROM votes
                JOIN vote_events AS e USING (vote_event_id)
            ),
            valid AS (
                SELECT d.vote_event_id, d.person_id, d.legislature_id, m.*
                    EXCLUDE (person_id, legislature_id, membership_id), m.legislature_id AS m_legislature
                FROM dated AS d JOIN memberships AS m ON m.person_id = d.person_id
                    AND (m.start_date IS NULL OR m.start_date <= d.vote_date)
                    AND (m.end_date IS NULL OR m.end_date >= d.vote_date)
            ),
            groups AS (
                SELECT vote_event_id, person_id, organization_id AS group_id FROM valid
                WHERE organization_classification_code = 'parliamentary_group'
                QUALIFY row_number() OVER (PARTITION BY vote_event_id, person_id ORDER BY
                    m_legislature IS NOT DISTINCT FROM legislature_id DESC, start_date DESC NULLS LAST,
                    organization_id) = 1
            ),
            parties AS (
                SELECT vote_event_id, person_id, coalesce(on_behalf_of_id, organization_id) AS party_id FROM valid
                WHERE on_behalf_of_id IS NOT NULL OR organization_classification_code = 'party'
                QUALIFY row_number() OVER (PARTITION BY vote_event_id, person_id ORDER BY
                    on_behalf_of_id IS NOT NULL DESC, m_legislature IS NOT DISTINCT FROM legislature_id DESC,
                    start_date DESC NULLS LAST, party_id) = 1
            )
            SELECT d.vote_event_id, d.person_id, d.legislature_id, d.vote_date, d.option AS option_code,
                coalesce(d.printed_group_id, g.group_id) AS group_id,
                d.printed_group_id IS NULL AND g.group_id IS NOT NULL AS is_group_from_membership,
                p.party_id, d.note
            FROM dated AS d LEFT JOIN groups AS g USING (vote_event_id, person_id)
            LEFT JOIN parties AS p USING (vote_event_id, person_id)""",
        f"""CREATE TABLE vote_event_group_counts AS
            WITH printed AS (
                SELECT id AS vote_event_id, trim(gr.group_id) AS group_id,
                    {PRINTED}
                FROM (SELECT id, gr, unnest(gr.counts) AS c FROM (SELECT id, unnest(group_results) AS gr FROM ve))
                WHERE nullif(trim(gr.group_id), '') IS NOT NULL GROUP BY ALL
            ),
            tallied AS (
                SELECT vote_event_id, group_id, {_per_option("tallied", "count(*)", "option_code")},
                    count(*) AS tallied_votes
                FROM person_votes WHERE group_id IS NOT NULL GROUP BY ALL
            ),
            pairs AS (SELECT vote_event_id, group_id FROM printed UNION SELECT vote_event_id, group_id FROM tallied)
            SELECT pairs.vote_event_id, pairs.group_id, e.legislature_id, e.vote_date,
                printed.* EXCLUDE (vote_event_id, group_id),
                {
            ", ".join(
                f"CASE WHEN e.has_individual_votes THEN coalesce(tallied.tallied_{n}_count, 0) END AS tallied_{n}_count"
                for n in OPTIONS.values()
            )
        },
                coalesce(tallied.tallied_votes, 0) AS tallied_vote_count,
                printed.vote_event_id IS NOT NULL AS has_printed_counts,
                coalesce(e.has_individual_votes AND ({
            " OR ".join(
                f"printed.printed_{n}_count != coalesce(tallied.tallied_{n}_count, 0)" for n in OPTIONS.values()
            )
        }), false)
                    AS is_count_mismatch
            FROM pairs JOIN vote_events AS e USING (vote_event_id)
            LEFT JOIN printed USING (vote_event_id, group_id) LEFT JOIN tallied USING (vote_event_id, group_id)""",
        f"""CREATE TABLE submissions AS
            SELECT s.channel, left(s.received_at, 10)::DATE AS received_date, s.answered_at, s.status,
                s.language, s.region_kato, coalesce(nullif(trim(s.topic), ''), 'other') AS topic,
                s.signature_count, r.legislature_id
            FROM {_submissions(landing)} AS s
            LEFT JOIN org_roots AS r ON s.addressee_id = r.id""",
        # k-anonymity as published: cells under k merged per month and legislature, a merged cell under k withheld
        f"""CREATE TABLE submission_counts AS
            WITH cells AS (
                SELECT date_trunc('month', received_date)::DATE AS received_month_date, legislature_id,
                    region_kato, channel, topic, language, answered_at, status, received_date, signature_count,
                    count(*) OVER (PARTITION BY received_month_date, legislature_id, region_kato, channel, topic,
                        language) < {min_cell} AS small
                FROM submissions
            )
            SELECT received_month_date, legislature_id,
                CASE WHEN small THEN 'suppressed' ELSE region_kato END AS region_kato_code,
                CASE WHEN small THEN 'suppressed' ELSE channel END AS channel_code,
                CASE WHEN small THEN 'suppressed' ELSE topic END AS topic_code,
                CASE WHEN small THEN 'suppressed' ELSE language END AS language_code,
                count(*) AS submission_count,
                count(*) FILTER (WHERE answered_at IS NOT NULL OR status = 'answered') AS answered_count,
                quantile_cont(date_diff('day', received_date, left(answered_at, 10)::DATE), 0.5)
                    AS median_time_to_answer_days,
                sum(signature_count::BIGINT) AS signature_count
            FROM cells GROUP BY ALL HAVING count(*) >= {min_cell}""",
    ]


PUBLISHED = {  # table: the key it is written in order of
    "person_votes": "vote_event_id, person_id",
    "vote_events": "vote_event_id",
    "vote_event_group_counts": "vote_event_id, group_id",
    "persons": "person_id",
    "memberships": "membership_id",
    "submission_counts": "ALL",
}


def run(landing: Path, out: Path, memory_limit: str = "4GB", min_cell: int = 10) -> dict:
    """Build and write the published tables from `landing` into `out`; their row counts and bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(out / "spill")})
    for statement in _statements(landing, min_cell):
        con.execute(statement)
    rows, written = {}, 0
    for table, order in PUBLISHED.items():
        rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for fmt, (_, options) in FORMATS.items():
            path = out / f"{table}.{fmt}"
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{path}' {options}")
            written += path.stat().st_size
    return {"rows": rows, "bytes_written": written}


if __name__ == "__main__":
    landing, out, memory_limit = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "4GB"
    print(json.dumps(run(landing, out, memory_limit)))
