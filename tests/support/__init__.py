"""Helpers the tests import; nothing here is a test or a fixture (fixtures are in the conftest.py files, which no
module imports). Each module's docstring says what belongs in it:

- `realdata`: where the real data folder is, and `require_realdata` to skip or fail without it;
- `landing`: writing small landing folders by hand;
- `pipeline`: settings under one folder, the environment of an `eparl` command, the demo run's scale and copies;
- `published`: checks of a publish folder (the stock `frictionless validate`, file hashes, a search for values);
- `catalogue`: a small dbt manifest and catalogue.yml written by hand;
- `popolo`: the Popolo standard's validators and the export's checks;
- `personal_data`: the detector measured on the labelled texts and on real ones;
- `browser`: pages opened in headless Chromium;
- `ckan_portal`: a real CKAN portal started for the tests.
"""
