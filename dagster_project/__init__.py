"""Orchestration: the landing formats and loader, the Dagster assets, checks, resources, job, schedule and
sensor, the settings, the `eparl` command line and the demo data generator."""
