"""Person-name matching (dagster_project/adapters/names.py) on names written here: Kazakh, Russian and English
spellings of one name fold to one key, a name is read surname first, people who share a surname stay apart. On the
parliament's real pages (the Senate's ru, kk and en lists of its 50 senators, the Mazhilis's deputies against
EveryPolitician's 5th convocation): tests/real_data/test_names.py."""

from __future__ import annotations

import pytest

from dagster_project.adapters.names import (
    Identity,
    PersonRecord,
    disagreeing_names,
    identities,
    match_persons,
    name_key,
    names_agree,
    parse_name,
    patronymic_key,
)


def test_the_kazakh_russian_and_english_spellings_of_one_name_fold_to_one_key():
    assert name_key("Ашимбаев") == name_key("Әшімбаев") == name_key("Ashimbayev") == name_key("АШИМБАЕВ")
    assert name_key("Маулен") == name_key("Мәулен") == name_key("Maulen")
    assert patronymic_key("Сагатханулы") == patronymic_key("Сағатханұлы") == patronymic_key("Sagathanuly")
    assert patronymic_key("Кажманович") == patronymic_key("Қажманұлы") == "kajman"
    assert names_agree(parse_name("Ашимбаев Маулен Сагатханулы"), parse_name("Әшімбаев Мәулен Сағатханұлы"))


def test_different_names_keep_different_keys():
    assert name_key("Марат") != name_key("Мурат")
    assert name_key("Асан") != name_key("Есен")
    assert not names_agree(parse_name("КИМ Вера Александровна"), parse_name("KIM Roman Uhenovich"))


def test_a_name_is_read_surname_first_and_an_initial_is_no_given_name():
    assert parse_name("НАЖМЕТДИНҰЛЫ Болатбек").family == "НАЖМЕТДИНҰЛЫ"
    assert parse_name("НАЖМЕТДИНҰЛЫ Болатбек").patronymic is None
    assert parse_name("Әшімбаев Мәулен Сағатхан ұлы").patronymic == "Сағатханұлы"
    initials = parse_name("Ашимбаев М.С.")
    assert initials.given is None
    assert not names_agree(initials, parse_name("Ашимбаев Маулен Сагатханулы"))


def test_two_people_sharing_surname_and_given_name_are_not_merged_with_a_name_printed_without_patronymic():
    records = [
        PersonRecord("a", "a/1", {"ru": "Иванов Иван Петрович"}),
        PersonRecord("a", "a/2", {"ru": "Иванов Иван Сергеевич"}),
        PersonRecord("b", "b/1", {"en": "Ivanov Ivan"}),
    ]
    matching = match_persons(records)
    assert matching.ids == {("a", "a/1"): "a/1", ("a", "a/2"): "a/2", ("b", "b/1"): "b/1"}
    assert [(q.id, q.reason) for q in matching.quarantined] == [
        ("b/1", "agrees with 2 persons on a: Иванов Иван Петрович; Иванов Иван Сергеевич")
    ]


def test_an_identity_names_its_person_the_evidence_and_why_a_record_was_kept_apart():
    records = [
        PersonRecord("senate", "s/1", {"ru": "Иванов Иван Петрович"}),
        PersonRecord("senate", "s/2", {"ru": "Иванов Иван Сергеевич"}),
        PersonRecord("senate", "s/3", {"ru": "Ашимбаев Маулен Сагатханулы"}),
        PersonRecord("everypolitician", "e/1", {"printed": "IVANOV Ivan"}),
        PersonRecord("everypolitician", "e/2", {"printed": "ASHIMBAYEV Maulen Sagathanuly"}),
        PersonRecord("everypolitician", "e/3", {"printed": "PERUASHEV Azat Turlybekuly"}),
    ]
    assert identities(records) == [
        Identity("senate", "s/1", "s/1", "own_id", None, None),
        Identity("senate", "s/2", "s/2", "own_id", None, None),
        Identity(
            "senate", "s/3", "s/3", "name_match",
            "Ашимбаев Маулен Сагатханулы (senate: s/3) agrees with "
            "ASHIMBAYEV Maulen Sagathanuly (everypolitician: e/2)",
            None,
        ),
        Identity(
            "everypolitician", "e/1", "e/1", "quarantined", None,
            "agrees with 2 persons on senate: Иванов Иван Петрович; Иванов Иван Сергеевич",
        ),
        Identity(
            "everypolitician", "e/2", "s/3", "name_match",
            "ASHIMBAYEV Maulen Sagathanuly (everypolitician: e/2) agrees with "
            "Ашимбаев Маулен Сагатханулы (senate: s/3)",
            None,
        ),
        Identity("everypolitician", "e/3", "e/3", "own_id", None, None),
    ]  # fmt: skip


def test_a_name_agreeing_with_none_of_the_records_other_languages_is_left_out():
    names = {"ru": "Жоргенбаев Жанболат Акебаевич", "kk": "Жөргенбаев Жанболат Әкебайұлы",
             "en": "Zhorgenbayev Zhanbolat Askerbaevich"}  # fmt: skip
    assert disagreeing_names(names) == ["en"]
    assert disagreeing_names({**names, "en": "Zhorgenbayev Zhanbolat Akebaevich"}) == []
    assert disagreeing_names({"ru": "Иванов Иван", "en": "Petrov Petr"}) == ["en"]  # the first is kept
    assert disagreeing_names({"ru": "Иванов Иван"}) == []


def test_deputies_sharing_surname_and_initial_stay_two_people():
    """БЕЙСЕНБАЕВ Ержан Алмабекұлы and БЕЙСЕНБАЕВ Елнұр Сабыржанұлы both sit in the 8th Mazhilis."""
    records = [
        PersonRecord("mazhilis", "m/460", {"kk": "БЕЙСЕНБАЕВ Елнұр Сабыржанұлы"}),
        PersonRecord("mazhilis", "m/35", {"kk": "БЕЙСЕНБАЕВ Ержан Алмабекұлы"}),
        PersonRecord("other", "o/1", {"ru": "Бейсенбаев Ержан Алмабекович"}),
        PersonRecord("other", "o/2", {"ru": "Бейсенбаев Е. С."}),
    ]
    matching = match_persons(records)
    assert matching.ids[("other", "o/1")] == "m/35"
    assert matching.ids[("other", "o/2")] == "o/2"
    assert matching.ids[("mazhilis", "m/460")] == "m/460"


@pytest.mark.parametrize(
    ("ru", "kk"),
    [
        ("Жусип Нурторе Байтелесович", "Жүсіп Нұртөре  Байтілесұлы"),
        ("Сарыбаев Галиаскар Тулендинович", "Сарыбаев Ғалиасқар Төлендіұлы"),
        ("Дюсембинов  Султан Мырзабекович", "Дүйсембинов Сұлтан Мырзабекұлы"),
        ("Утешов Серик Балгатаевич", "Өтешов Серік Балғатайұлы"),
    ],
)
def test_spellings_that_differ_in_vowels_and_й_still_agree(ru: str, kk: str):
    assert names_agree(parse_name(ru), parse_name(kk))
