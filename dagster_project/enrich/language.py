"""Language detection: lingua, restricted to the languages citizens write to parliament in (kk, ru, en).

lingua is chosen because it knows Kazakh (most detectors confuse it with Russian or Kyrgyz) and works on one
short sentence; its models ship inside the wheel. Restricting it to three languages makes it faster and surer.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def detect_languages(texts: Sequence[str]) -> list[str | None]:
    """The language code of each text (None when lingua cannot tell, e.g. an empty text)."""
    detected = _detector().detect_languages_in_parallel_of(list(texts))
    return [LANGUAGES.get(language) if language else None for language in detected]
