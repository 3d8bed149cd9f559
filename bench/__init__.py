"""The benchmark: how long the pipeline takes, and how much memory and disk it uses, at several scales.

`python -m bench.run` (or `make bench`) generates demo landing folders, runs the whole pipeline on each three
times (full refresh, incremental after one new day, no change), runs the same work in DuckDB alone beside it,
and writes the figures as JSON; `python -m bench.report` renders that JSON as the tables of bench/README.md. Results are
figures to read, never pass/fail thresholds.

What belongs here: `landing` (the demo data and the held-out new day), `measure` (running a command with its
wall time and peak memory, and reading a pipeline run's stage times from Dagster), `baseline` (DuckDB alone),
`run` (the scales and the run order) and `report` (the table). Nothing here is imported by the pipeline.
"""
