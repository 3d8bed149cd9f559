"""Writing small landing folders by hand: files written with their folders, and what a hand-written landing file
needs to know of the landing format (the portal CSV's header). A landing a test shares with others is a fixture
(tests/conftest.py); the demo generator's landing is `dagster_project.demo`'s."""

from __future__ import annotations

import json
from pathlib import Path

SUBMISSION_HEADER = (
    "submission_id,channel,received_at,answered_at,language,region_kato,addressee_id,topic,status,bill_id,"
    "signature_count,author_name,author_iin,author_phone,author_email,author_address,text"
)


def write_json(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# A row of the portal CSV that loads whole (under SUBMISSION_HEADER): a test changes its id to make more.
GOOD_SUBMISSION = (
    "s1,eotinish_appeal,2024-01-01T10:00:00+05:00,,kk,710000000,kz-parliament,healthcare,received,,,"
    '"Асқар Бекұлы",900101300123,+77011234567,a@b.kz,"Астана, Абай 1","Сәлеметсіз бе, мен"'
)
