"""The field dictionary (dbt/contract/fields.yml) and the published tables (dbt/contract/tables.yml) are the one
definition of every published column: the dbt YAML is generated from them, a mistake in them is named, and no
column description is written twice anywhere in the dbt project."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from dagster_project.layout import DBT_DIR
from publish.contract import DOCS_FILE, Field, Meaning, load_fields, load_tables, problems, render, unit_of

SHARED_DOCS_FILE = DBT_DIR / "models" / "_shared_descriptions.md"
_DOCS_BLOCK = re.compile(r"{%\s*docs\s+(\w+)\s*%}(.*?){%\s*enddocs\s*%}", re.S)
_DOC_REFERENCE = re.compile(r"""{{\s*doc\(\s*["'](\w+)["']\s*\)\s*}}""")


def _texts(en: str, kk: str = "kk", ru: str = "ru") -> dict[str, str]:
    return {"en": en, "kk": kk, "ru": ru}


def _field(name: str, data_type: str | None = "varchar", unit: str | None = None, **in_tables: dict) -> Field:
    meanings = [Meaning(name, _texts(f"{name} by default"))]
    meanings += [Meaning(f"{name}__{table}", texts, (table,)) for table, texts in in_tables.items()]
    return Field(name, data_type, unit, tuple(meanings))


def _table(name: str, *columns: str, primary_key: tuple[str, ...] = ()) -> dict:
    texts = _texts(f"{name} title")
    key = list(primary_key or columns[:1])
    return {"name": name, "title": texts, "description": texts, "primary_key": key, "columns": dict.fromkeys(columns)}


def _hand_written_yaml() -> list[Path]:
    generated = set(render())
    files = [*(DBT_DIR / "models").rglob("*.yml"), *(DBT_DIR / "seeds").glob("*.yml")]
    return [p for p in sorted(files) if p not in generated and p.name != "_exposures.yml"]


def _column_descriptions(path: Path) -> list[tuple[str, str]]:
    """(where, text) of each column description written in a YAML file; a YAML alias (*name) repeats no text, so each
    node is counted once however many entries reuse it."""
    seen, found = set(), []

    def walk(node: yaml.Node, in_columns: bool) -> None:
        if isinstance(node, yaml.MappingNode):
            entries = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
            description = entries.get("description")
            if in_columns and isinstance(description, yaml.ScalarNode) and id(description) not in seen:
                seen.add(id(description))
                found.append((f"{path.name}: column {entries['name'].value}", description.value.strip()))
            for key, value in node.value:
                walk(value, key.value == "columns")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, in_columns)

    walk(yaml.compose(path.read_text(encoding="utf-8")), False)
    return found


def test_the_published_models_yaml_is_what_the_contract_gives():
    for path, text in render().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run .venv/bin/python -m publish.contract"


def test_the_contract_as_committed_has_no_problems_and_describes_every_published_column():
    fields, tables = load_fields(), load_tables()
    assert problems(fields, tables) == []
    assert len(tables) >= 28
    # the columns a dozen tables share are one field each
    assert sum("legislature_id" in table["columns"] for table in tables) >= 15
    assert len(fields["legislature_id"].meanings) < 8
    used = {column for table in tables for column in table["columns"]}
    assert used == set(fields), f"fields no published table has: {sorted(set(fields) - used)}"


def test_a_column_means_its_in_entry_in_the_tables_it_names_and_its_default_elsewhere():
    organization_id = load_fields()["organization_id"]
    assert organization_id.meaning_in("organizations").description["en"] == "Organization id, as given by the source."
    assert organization_id.meaning_in("memberships").description["en"].startswith("The organization (organizations.")
    assert organization_id.meaning_in("memberships").doc_name == "organization_id__memberships"


def test_the_manifest_carries_the_dictionary_texts_and_units(manifest):
    node = manifest["nodes"]["model.eparl.memberships"]
    column = node["columns"]["organization_id"]
    meaning = load_fields()["organization_id"].meaning_in("memberships").description
    assert column["description"] == meaning["en"]
    assert column["config"]["meta"]["eparl"]["description"] == {"kk": meaning["kk"], "ru": meaning["ru"]}
    days = manifest["nodes"]["model.eparl.bills"]["columns"]["registration_to_signature_days"]
    assert days["config"]["meta"]["eparl"]["unit"] == "days"


@pytest.mark.parametrize(
    ("fields", "tables", "expected"),
    [
        ({}, [_table("bills", "bill_id")], "column bill_id is not in fields.yml"),
        ({"bill_id": _field("bill_id", data_type=None)}, [_table("bills", "bill_id")], "needs a data_type"),
        (
            {"bill_id": Field("bill_id", "varchar", None, (Meaning("bill_id", {"en": "Bill id."}),))},
            [_table("bills", "bill_id")],
            "needs a data_type and texts in kk, ru, en",
        ),
        ({"bill_id": _field("bill_id")}, [_table("bills", "bill_id", primary_key=("id",))], "primary key column id"),
        ({"wait_days": _field("wait_days")}, [_table("t", "wait_days")], "unit None, but its name says days"),
        ({"wait": _field("wait", unit="days")}, [_table("t", "wait")], "unit days, but its name says None"),
        (
            {"term_working_days": _field("term_working_days", unit="days")},
            [_table("t", "term_working_days")],
            "unit days, but its name says working_days",
        ),
        (
            {"bill_id": _field("bill_id", votes=_texts("The bill voted on."))},
            [_table("bills", "bill_id"), _table("votes", "vote_id")],
            "`in` names votes, which has no column bill_id",
        ),
    ],
)
def test_a_mistake_in_the_contract_is_named(fields, tables, expected):
    found = problems(fields, tables)
    assert any(expected in problem for problem in found), found


def test_a_table_named_in_two_in_entries_of_a_field_is_a_mistake():
    twice = (Meaning("bill_id__votes", _texts("a"), ("votes",)), Meaning("bill_id__votes_2", _texts("b"), ("votes",)))
    field = Field("bill_id", "varchar", None, (Meaning("bill_id", _texts("Bill id.")), *twice))
    assert "fields.yml: field bill_id: `in` names votes twice" in problems(
        {"bill_id": field}, [_table("votes", "bill_id")]
    )


def test_units_follow_the_name_suffixes():
    assert unit_of("registration_to_signature_days") == "days"
    assert unit_of("answer_term_working_days") == "working_days"
    assert unit_of("signed_share") == "share"
    assert unit_of("answered_within_term_pct") == "percent"
    assert unit_of("submissions_per_100k") == "per_100k"
    assert unit_of("vote_event_count") is None


def test_nothing_is_described_twice():
    meanings = [m for field in load_fields().values() for m in field.meanings]
    triples = Counter(tuple(m.description.get(lang, "").strip() for lang in ("en", "kk", "ru")) for m in meanings)
    assert [t for t, n in triples.items() if n > 1] == [], "one text, two entries of fields.yml"

    shared = dict(_DOCS_BLOCK.findall(SHARED_DOCS_FILE.read_text(encoding="utf-8")))
    dictionary = {m.description["en"].strip() for m in meanings}
    written = [(where, text) for path in _hand_written_yaml() for where, text in _column_descriptions(path)]
    literal = [(where, text) for where, text in written if not _DOC_REFERENCE.fullmatch(text)]
    repeated = Counter(text for _, text in literal)
    assert [t for t, n in repeated.items() if n > 1] == [], "a description written twice: make it a docs block"
    assert [w for w, t in literal if t in dictionary] == [], "a published field's text written again: use its doc()"
    assert [w for w, t in literal if t in {s.strip() for s in shared.values()}] == [], "a shared text written again"

    references = Counter(
        _DOC_REFERENCE.fullmatch(text).group(1) for _, text in written if _DOC_REFERENCE.fullmatch(text)
    )
    generated = dict(_DOCS_BLOCK.findall(DOCS_FILE.read_text(encoding="utf-8")))
    assert set(references) <= set(shared) | set(generated), "a doc() of no docs block"
    assert not set(shared) & set(generated), "a docs block both shared and generated"
    # a shared description is one that several columns use; one used once belongs in its model's YAML
    assert [name for name in shared if references[name] < 2] == []
    assert len(written) > 400 and len(literal) < len(written)
