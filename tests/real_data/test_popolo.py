"""The Popolo standard's own JSON Schemas (`popolo-spec-schemas`, in the real data folder), as the pipeline tests'
validator reads them (`tests.support.popolo`): shown to fail on objects the standard rejects, so that a valid export
means something. The export's other parts that need no pipeline: tests/unit/test_popolo.py."""

from __future__ import annotations

from tests.support.popolo import popolo_validators


def test_the_popolo_schemas_reject_what_the_standard_rejects():
    validators = popolo_validators()
    assert list(validators["persons"].iter_errors({"id": "p1", "name": "Ерлан Сапаров", "birth_date": "1963"})) == []
    bad_person = {"id": "p1", "identifiers": [{"scheme": "wikidata"}], "birth_date": "17.09.1963"}
    assert sorted(e.message for e in validators["persons"].iter_errors(bad_person)) == [
        "'17.09.1963' does not match '^[0-9]{4}(-[0-9]{2}){0,2}$'",
        "'identifier' is a required property",
    ]
    # through vote_event.json's $refs to count.json, group_result.json and vote.json
    bad_vote_event = {
        "id": "v1",
        "counts": [{"option": "yes", "value": "78"}],
        "group_results": [{"group_id": "g1"}],
        "votes": [{"voter_id": "p1", "option": 1}],
    }
    assert sorted(e.message for e in validators["vote_events"].iter_errors(bad_vote_event)) == [
        "'78' is not of type 'integer'",
        "'result' is a required property",
        "1 is not of type 'string', 'null'",
    ]
