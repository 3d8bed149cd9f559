"""Python steps over citizens' texts that SQL cannot do: the language each text is written in, its topic, and
its redacted form (see `dagster_project/privacy`).

`language.py` detects Kazakh, Russian or English with lingua; `topics.py` assigns a topic from the lexicon
`topic_lexicon.yml`; `store.py` keeps the results in `private.submission_enrichment`, keyed by submission and
text sha256, so a run only processes texts that are new or changed.
"""
