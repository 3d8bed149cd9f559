"""Synthetic demo data: a seeded generator of a complete landing folder (`generator.generate_landing`).

One module per part of the data: `organizations` and `parliament` (the bodies, and who sits in them when),
`bills`, `votes` and `submissions` (with the petitions), drawing names from `names` and dates from `period`.
Their words and figures are data files in `vocabularies/`, read by `vocabulary`; `code_lists` holds them to
dbt's code lists, and `landing_files` writes the files.
"""
