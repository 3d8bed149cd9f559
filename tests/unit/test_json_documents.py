"""Reading a JSON document one element at a time (dagster_project/json_documents.py): the same values as decoding
it whole, however the chunks of text fall, and a clear error, naming file and character, on what is not JSON."""

from __future__ import annotations

import json

import pytest

from dagster_project.json_documents import elements

DOCUMENT = {
    "vote_events": [
        {"id": "kz/vote/1", "counts": [{"option": "yes", "value": 12345}], "motion": {"text": "Заң жобасы «Ә»"}},
        {"id": 'kz\\/vote/2 "quoted"', "votes": [], "note": None, "ok": True, "share": 0.125},
        123456789,
        "ұлы",
        [1, [2, 3]],
    ],
    "source": {"url": "https://parlam.kz"},
    "empty": [],
    "count": 1000,
}


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_every_element_is_the_one_a_whole_decode_gives_wherever_the_chunks_end(tmp_path, chunk, indent):
    path = tmp_path / "kz.vote_events.json"
    path.write_text(json.dumps(DOCUMENT, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8")
    assert list(elements(path, chunk)) == [
        *(("vote_events", i, element) for i, element in enumerate(DOCUMENT["vote_events"])),
        ("source", None, DOCUMENT["source"]),
        ("count", None, 1000),
    ]


def test_a_document_that_is_not_an_object_is_one_element(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('[{"a": 1}, 22]', encoding="utf-8")
    assert list(elements(path, 3)) == [(None, None, [{"a": 1}, 22])]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"persons": [{"id": "a"} {"id": "b"}]}', "'{' where ',' was expected at character 25"),
        ('{"persons": [{"id": "a"}', "the end of the file where ',' was expected at character 24"),
        ('{"persons": [{"id": "a}]}', "Unterminated string"),
        ('{"persons": []} {"more": 1}', "text after the document at character 16"),
        ("{1: []}", "a member's name is 1"),
        ("", "Expecting value at character 0"),
    ],
)
def test_what_is_not_one_json_document_is_refused_naming_the_file_and_where(tmp_path, text, problem):
    path = tmp_path / "kz.persons.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"kz\.persons\.json: not a JSON document: ") as refused:
        list(elements(path, 4))
    assert problem in str(refused.value)
