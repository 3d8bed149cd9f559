"""Tests on real public records, read from the real data folder (`tests.support.realdata`: `EPARL_REALDATA`, by
default ../shared/realdata): the adapters on saved pages of the parliament's sites, name matching, the fetcher
against a local server of those pages, and pipeline runs on real roll calls. Where the folder is absent they skip,
saying why; in CI they fail."""
