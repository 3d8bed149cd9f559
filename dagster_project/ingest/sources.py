"""The raw tables: which landing files feed each one, which fields it keeps, and which rules quarantine a record.

This is the one declaration of the landing formats documented in `docs/landing-format.md`. The loader
(`loader.py`) turns each `RawTable` into set-based DuckDB SQL; the dbt sources (`dbt/models/staging/_sources.yml`)
name the same tables. Every raw column is kept as text (JSON for nested fields): staging models cast them,
after the rules below have made sure the casts cannot fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dagster_project.layout import SEEDS_DIR


@dataclass(frozen=True)
class Rule:
    """A condition that quarantines a record. `bad_sql` is true for a bad record; `reason_sql` explains it."""

    bad_sql: str
    reason_sql: str


def required(column: str) -> Rule:
    return Rule(f"nullif(trim({column}), '') IS NULL", f"'missing {column}'")


def one_of_required(*columns: str) -> Rule:
    present = " AND ".join(f"nullif(trim({c}), '') IS NULL" for c in columns)
    return Rule(present, f"'missing all of {', '.join(columns)}'")


def date(column: str) -> Rule:
    return Rule(
        f"{column} IS NOT NULL AND try_cast({column} AS DATE) IS NULL",
        f"'{column} is not a date: ' || {column}",
    )


def timestamp(column: str) -> Rule:
    return Rule(
        f"{column} IS NOT NULL AND try_cast({column} AS TIMESTAMPTZ) IS NULL",
        f"'{column} is not a date-time: ' || {column}",
    )


def integer(column: str) -> Rule:
    return Rule(
        f"nullif(trim({column}), '') IS NOT NULL AND coalesce(try_cast({column} AS BIGINT) < 0, true)",
        f"'{column} is not a whole number >= 0: ' || {column}",
    )


def code(column: str, code_list: str) -> Rule:
    """The value must be a `code` of `dbt/seeds/<code_list>.csv` (the same list dbt's tests use)."""
    codes = f"(SELECT code::VARCHAR FROM read_csv('{SEEDS_DIR / code_list}.csv', all_varchar = true))"
    return Rule(
        f"{column} IS NOT NULL AND {column} NOT IN {codes}",
        f"'unknown {column} ' || {column} || ' (not in {code_list})'",
    )


def one_of(column: str, *values: str) -> Rule:
    listed = ", ".join(f"'{v}'" for v in values)
    return Rule(f"{column} IS NOT NULL AND {column} NOT IN ({listed})", f"'unknown {column} ' || {column}")


@dataclass(frozen=True)
class RawTable:
    """One raw table: `columns` maps each column to a JSON path (JSON sources) or a CSV header (CSV sources).

    `json_columns` are kept as JSON rather than text. `records_path` selects the records of a JSON source; a
    table with a `parent` unnests its records from each valid or invalid record of the parent (a bad parent
    quarantines its children), and `parent_key` names the parent column copied into each child. `key` names the
    column that identifies a record across files: of several records with one key, one is kept (see the loader).
    """

    name: str
    source: str
    records_path: str
    columns: dict[str, str]
    rules: tuple[Rule, ...] = ()
    json_columns: frozenset[str] = frozenset()
    parent: str | None = None
    parent_key: tuple[str, str] | None = None
    key: str | None = None
    schema: str = "raw"
    description: str = ""

    @property
    def is_companion(self) -> bool:
        """Filled from the same record as its parent (the private half of a CSV row), not from records of its own:
        the parent's load accounts for that record, and quarantines it once."""
        return self.parent is not None and self.records_path == ""


@dataclass(frozen=True)
class Source:
    """A kind of landing file: the sub-folder and extension that find it, and the tables it feeds."""

    name: str
    folder: str
    pattern: str
    file_format: str  # "json" (one document), "jsonl" (one record per line) or "csv"
    tables: tuple[RawTable, ...] = field(default_factory=tuple)
    other_keys: tuple[str, ...] = ()  # top-level keys a JSON file may carry that are not loaded
    description: str = ""


def _paths(*names: str) -> dict[str, str]:
    return {n: f"$.{n}" for n in names}


POPOLO = Source(
    name="popolo",
    folder="popolo",
    pattern="*.json",
    file_format="json",
    other_keys=("meta", "areas", "posts", "motions", "speeches"),  # Popolo collections we do not load
    description="Popolo JSON files: persons, organizations, memberships, events and vote events.",
    tables=(
        RawTable(
            name="popolo_persons",
            key="id",
            source="popolo",
            records_path="$.persons[*]",
            columns=_paths(
                "id",
                "name",
                "other_names",
                "given_name",
                "family_name",
                "patronymic_name",
                "gender",
                "birth_date",
                "image",
                "identifiers",
                "links",
            ),
            json_columns=frozenset({"other_names", "identifiers", "links"}),
            rules=(required("id"), required("name"), date("birth_date")),
            description="Persons from Popolo files, one row per record.",
        ),
        RawTable(
            name="popolo_organizations",
            key="id",
            source="popolo",
            records_path="$.organizations[*]",
            columns=_paths(
                "id",
                "name",
                "classification",
                "parent_id",
                "other_names",
                "founding_date",
                "dissolution_date",
                "seats",
                "identifiers",
            ),
            json_columns=frozenset({"other_names", "identifiers"}),
            rules=(
                required("id"),
                required("name"),
                required("classification"),
                code("classification", "organization_classifications"),
                date("founding_date"),
                date("dissolution_date"),
                integer("seats"),
            ),
            description="Organizations (legislatures, chambers, parties, factions, committees) from Popolo files.",
        ),
        RawTable(
            name="popolo_memberships",
            key="id",
            source="popolo",
            records_path="$.memberships[*]",
            columns=_paths(
                "id",
                "person_id",
                "organization_id",
                "on_behalf_of_id",
                "role",
                "start_date",
                "end_date",
                "legislative_period_id",
            ),
            rules=(required("person_id"), required("organization_id"), date("start_date"), date("end_date")),
            description="Memberships of persons in organizations from Popolo files.",
        ),
        RawTable(
            name="popolo_events",
            key="id",
            source="popolo",
            records_path="$.events[*]",
            columns=_paths(
                "id",
                "name",
                "classification",
                "organization_id",
                "parent_id",
                "start_date",
                "end_date",
                "identifier",
            ),
            rules=(
                required("id"),
                required("name"),
                required("classification"),
                one_of("classification", "legislative period", "session"),
                date("start_date"),
                date("end_date"),
            ),
            description="Convocations (legislative periods) and sessions from Popolo files.",
        ),
        RawTable(
            name="popolo_vote_events",
            key="id",
            source="popolo",
            records_path="$.vote_events[*]",
            columns={
                **_paths(
                    "id",
                    "identifier",
                    "organization_id",
                    "legislative_session_id",
                    "start_date",
                    "result",
                    "bill_id",
                    "bill_stage",
                    "counts",
                    "group_results",
                ),
                "motion_text": "$.motion.text",
            },
            json_columns=frozenset({"counts", "group_results"}),
            rules=(
                required("id"),
                required("organization_id"),
                required("start_date"),
                timestamp("start_date"),
                one_of("result", "pass", "fail"),
                code("bill_stage", "bill_action_types"),
            ),
            description="Vote events (roll calls) from Popolo files, with the counts the source printed.",
        ),
        RawTable(
            name="popolo_votes",
            source="popolo",
            records_path="$.votes[*]",
            parent="popolo_vote_events",
            parent_key=("vote_event_id", "id"),
            columns=_paths("voter_id", "option", "group_id", "note"),
            rules=(required("voter_id"), required("option"), code("option", "vote_options")),
            description="Each person's vote, unnested from the vote events of Popolo files.",
        ),
    ),
)

BILLS = Source(
    name="bills",
    folder="bills",
    pattern="*.jsonl",
    file_format="jsonl",
    description="Bills, one JSON object per line, with their actions, sponsors, documents and amended acts.",
    tables=(
        RawTable(
            name="bills",
            key="id",
            source="bills",
            records_path="$",
            columns=_paths(
                "id",
                "legislature_id",
                "number",
                "title_kk",
                "title_ru",
                "title_en",
                "initiator_type",
                "registration_date",
                "status",
                "lead_committee_id",
                "former_title_kk",
                "former_title_ru",
                "title_changed_date",
                "status_as_printed",
            ),
            # No number and no registration date where the source gives none (the Senate's pages of a bill not
            # in its bill list): missing, never guessed. An initiator the source does not name is `unknown`.
            rules=(
                required("id"),
                required("legislature_id"),
                one_of_required("title_kk", "title_ru"),
                required("initiator_type"),
                code("initiator_type", "bill_initiator_types"),
                date("registration_date"),
                date("title_changed_date"),
                required("status"),
                code("status", "bill_statuses"),
            ),
            description="Bills, one row per line of the bill files.",
        ),
        RawTable(
            name="bill_actions",
            source="bills",
            records_path="$.actions[*]",
            parent="bills",
            parent_key=("bill_id", "id"),
            columns=_paths("date", "classification", "organization_id", "description_kk", "description_ru"),
            rules=(
                required("date"),
                date("date"),
                required("classification"),
                code("classification", "bill_action_types"),
            ),
            description="Dated, classified actions on each bill.",
        ),
        RawTable(
            name="bill_sponsors",
            source="bills",
            records_path="$.sponsors[*]",
            parent="bills",
            parent_key=("bill_id", "id"),
            columns=_paths("person_id", "organization_id", "name", "classification"),
            rules=(
                one_of_required("person_id", "organization_id", "name"),
                one_of("classification", "primary", "cosponsor"),
            ),
            description="Sponsors (initiating deputies or bodies) of each bill.",
        ),
        RawTable(
            name="bill_documents",
            source="bills",
            records_path="$.documents[*]",
            parent="bills",
            parent_key=("bill_id", "id"),
            columns=_paths(
                "title",
                "url",
                "date",
                "language",
                "classification",
                "media_type",
                "number",
                "sheet_count",
                "languages",
                "file_id",
            ),
            rules=(one_of_required("title", "url"), date("date"), integer("sheet_count")),
            description="Documents attached to each bill.",
        ),
        RawTable(
            name="bill_amended_acts",
            source="bills",
            records_path="$.amends[*]",
            parent="bills",
            parent_key=("bill_id", "id"),
            columns=_paths("act_code", "title_kk", "title_ru", "act_date"),
            rules=(one_of_required("act_code", "title_kk", "title_ru"), date("act_date")),
            description="Legal acts each bill amends.",
        ),
    ),
)

_SUBMISSION_COLUMNS = (
    "submission_id",
    "channel",
    "received_at",
    "answered_at",
    "language",
    "region_kato",
    "addressee_id",
    "topic",
    "status",
    "bill_id",
    "signature_count",
)
_SUBMISSION_PERSONAL_COLUMNS = (
    "author_name",
    "author_iin",
    "author_phone",
    "author_email",
    "author_address",
    "text",
)

SUBMISSION_CSV_HEADER = (*_SUBMISSION_COLUMNS, *_SUBMISSION_PERSONAL_COLUMNS)

SUBMISSIONS = Source(
    name="submissions",
    folder="submissions",
    pattern="*.csv",
    file_format="csv",
    description="Citizens' submissions as exported by the eOtinish and eGov portals (CSV).",
    tables=(
        RawTable(
            name="portal_submissions",
            key="submission_id",
            source="submissions",
            records_path="",
            columns={c: c for c in _SUBMISSION_COLUMNS},
            rules=(
                required("submission_id"),
                required("channel"),
                code("channel", "submission_channels"),
                required("received_at"),
                timestamp("received_at"),
                timestamp("answered_at"),
                required("language"),
                code("language", "languages"),
                code("region_kato", "kato_regions"),  # empty where the portal does not say (legalacts comments)
                required("addressee_id"),
                code("topic", "submission_topics"),
                required("status"),
                code("status", "submission_statuses"),
                integer("signature_count"),
            ),
            description="Submissions without any personal data: the columns that may be analysed.",
        ),
        RawTable(
            name="portal_submission_texts",
            source="submissions",
            records_path="",
            schema="private",
            columns={c: c for c in ("submission_id", *_SUBMISSION_PERSONAL_COLUMNS)},
            parent="portal_submissions",
            description="PRIVATE: the author's personal data and the text of each submission. Never published.",
        ),
    ),
)

PETITIONS = Source(
    name="petitions",
    folder="petitions",
    pattern="*.json",
    file_format="json",
    description="Petitions with their signature counts, in total and by area (country, region, constituency).",
    tables=(
        RawTable(
            name="petitions",
            key="id",
            source="petitions",
            records_path="$.petitions[*]",
            columns=_paths(
                "id",
                "legislature_id",
                "title",
                "language",
                "state",
                "created_at",
                "closed_at",
                "signature_count",
                "url",
            ),
            rules=(
                required("id"),
                required("legislature_id"),
                required("title"),
                required("signature_count"),
                integer("signature_count"),
                timestamp("created_at"),
                timestamp("closed_at"),
            ),
            description="Petitions, one row per record, with the total number of signatures.",
        ),
        RawTable(
            name="petition_signatures",
            source="petitions",
            records_path="$.signatures_by_area[*]",
            parent="petitions",
            parent_key=("petition_id", "id"),
            columns=_paths("area_type", "area_code", "area_name", "signature_count"),
            rules=(
                required("area_type"),
                one_of("area_type", "country", "region", "constituency"),
                required("area_code"),
                required("signature_count"),
                integer("signature_count"),
            ),
            description="Signatures of each petition by area: country, region (KATO code in Kazakhstan), constituency.",
        ),
    ),
)

DRAFT_ACTS = Source(
    name="draft_acts",
    folder="draft_acts",
    pattern="*.jsonl",
    file_format="jsonl",
    description="Draft legal acts put to public discussion (legalacts.egov.kz), one JSON object per line.",
    tables=(
        RawTable(
            name="draft_acts",
            source="draft_acts",
            records_path="$",
            columns=_paths(
                "id",
                "legislature_id",
                "title_kk",
                "title_ru",
                "act_type",
                "government_body",
                "status",
                "version",
                "created_date",
                "discussion_end_date",
                "online_discussion_date",
                "url",
                "bill_id",
            ),
            rules=(
                required("id"),
                one_of_required("title_kk", "title_ru"),
                date("created_date"),
                date("discussion_end_date"),
                date("online_discussion_date"),
                integer("version"),
            ),
            description="Draft legal acts put to public discussion, one row per line of the draft act files.",
        ),
        RawTable(
            name="draft_act_comments",
            source="draft_acts",
            records_path="$.comments[*]",
            parent="draft_acts",
            parent_key=("draft_act_id", "id"),
            columns=_paths("submission_id", "part", "decision"),
            rules=(required("submission_id"), one_of("decision", "accepted", "not_accepted")),
            description="Each public comment on a draft act (a submission of channel draft_law_comment): the part "
            "of the draft it comments and the body's decision.",
        ),
    ),
)

PRINTED_FIGURES = Source(
    name="printed_figures",
    folder="printed_figures",
    pattern="*.jsonl",
    file_format="jsonl",
    description="Totals the official pages print (bills by status, comments on a draft act), to reconcile.",
    tables=(
        RawTable(
            name="printed_figures",
            source="printed_figures",
            records_path="$",
            columns=_paths("source", "page", "figure", "dimension", "dimension_value", "subject_id", "value"),
            rules=(required("source"), required("figure"), required("value"), integer("value")),
            description="Figures as printed by a source page: what the page says it holds, beside what was loaded.",
        ),
    ),
)

PAGES = Source(
    name="pages",
    folder="pages",
    pattern="*.jsonl",
    file_format="jsonl",
    description="Every captured page `eparl adapt` read: adapted, or quarantined with the adapter and the reason.",
    tables=(
        RawTable(
            name="source_pages",
            source="pages",
            records_path="$",
            columns=_paths("page", "sha256", "url", "fetched_at", "adapter", "rejected_reason"),
            rules=(
                required("page"),
                required("adapter"),
                Rule(
                    "nullif(trim(rejected_reason), '') IS NOT NULL",
                    "'page ' || page || ' not adapted by ' || adapter || ': ' || rejected_reason",
                ),
                timestamp("fetched_at"),
            ),
            description="The captured pages adapted into landing files; a page not adapted is quarantined.",
        ),
    ),
)

SOURCES: tuple[Source, ...] = (POPOLO, BILLS, SUBMISSIONS, PETITIONS, DRAFT_ACTS, PRINTED_FIGURES, PAGES)
RAW_TABLES: dict[str, RawTable] = {t.name: t for s in SOURCES for t in s.tables}
