"""The views the validation report (GX Data Docs) is rendered with: GX's own page views, but every view of a process
shares one cache of compiled templates (`expectations.runner` names these classes in the site's configuration).

GX makes a new Jinja environment for each page it renders, and a new environment compiles its templates again:
after every suite, its report page, its suite's page and the index were compiled from the same templates, about
two thirds of a suite's time on a small table. A Jinja bytecode cache keyed, as Jinja keys it, by the template's
name and the checksum of its source keeps the pages the same and compiles each template once per process.
"""

from __future__ import annotations

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class _InMemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (compiled := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _InMemoryBytecodeCache()


class _SharedTemplates:
    """Sets a view's Jinja environment to compile into `_COMPILED_TEMPLATES`; first among a view's bases."""

    # GX passes a view the arguments its signature names, so it names GX's own.
    def __init__(self, custom_styles_directory: str | None = None, custom_views_directory: str | None = None) -> None:
        super().__init__(custom_styles_directory, custom_views_directory)
        self.env.bytecode_cache = _COMPILED_TEMPLATES


class PageView(_SharedTemplates, DefaultJinjaPageView):
    """A suite's page and a validation's page."""


class IndexPageView(_SharedTemplates, DefaultJinjaIndexPageView):
    """The report's index page."""
