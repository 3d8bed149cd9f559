"""Personal data: the redaction's patterns find every kind the demo plants, redaction replaces them and verifies
it. (The gate's detector and its scans are tested in tests/unit/test_detector.py.)"""

from __future__ import annotations

from random import Random

import pytest

from dagster_project.demo.generator import generate_landing
from dagster_project.privacy.patterns import find_personal_data, iin_check_digit, is_valid_iin
from dagster_project.privacy.redact import Author, Redactor


def test_the_iin_check_digit_uses_the_second_weighting_when_the_first_leaves_ten():
    assert is_valid_iin("900101300007") and not is_valid_iin("900101300001")
    rng = Random(1)
    for _ in range(200):
        first = f"{rng.randrange(10**11):011d}"
        check = iin_check_digit(first)
        if check is not None:
            assert is_valid_iin(first + str(check))
            assert not is_valid_iin(first + str((check + 1) % 10))


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return generate_landing(tmp_path_factory.mktemp("p") / "landing", scale=0.01, seed=3).planted_personal_data


def test_the_patterns_find_every_planted_phone_email_and_iin(planted):
    for kind in ("phone", "email", "iin"):
        assert planted[kind]
        for value in planted[kind]:
            assert (kind.upper(), value) in find_personal_data(f"текст {value} текст"), value


def test_redaction_removes_every_planted_value_in_kazakh_and_russian(planted):
    redactor = Redactor()
    names, iins, phones, emails, addresses = (sorted(planted[k]) for k in ("name", "iin", "phone", "email", "address"))
    items = []
    for name, iin, phone, email, address in zip(names, iins, phones, emails, addresses, strict=False):
        text = (
            f"Замечание к проекту закона № 12-VIII. С уважением, {name}, ИИН {iin}. Мой телефон: {phone}. "
            f"Ответ прошу направить на {email}. Мекенжайым: {address}."
        )
        items.append((text, Author(name, iin, phone, email, address)))
    redactions = redactor.redact_all(items)
    assert all(r.verified for r in redactions), [r.problems for r in redactions if not r.verified][:3]
    for redaction, (_, author) in zip(redactions, items, strict=True):
        for value in (author.name, author.iin, author.phone, author.email, author.address):
            assert value not in redaction.text
        assert all(p in redaction.text for p in ("[IIN]", "[PHONE]", "[EMAIL]", "[ADDRESS]", "[NAME]"))


def test_verification_fails_when_an_author_value_survives():
    # the number told in pieces escapes the patterns and the detector, but not the check against the author's phone
    redaction = Redactor().redact("Звоните: 701, затем 123, затем 45 67.", Author(phone="+7 701 123 45 67"))
    assert not redaction.verified and redaction.problems == ("author_phone",)
