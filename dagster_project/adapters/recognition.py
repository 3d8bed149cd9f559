"""Recognising a saved page, the part every adapter shares: where on its site a page is, and whether it is one.

What belongs here: what each adapter would otherwise write again, and nothing about any one site. A page's
address on its site (`/ru-RU/lawProjects/details/6143`) is the first of three that is the site's:
1. the capture's URL (the fetcher's meta file): where the page came from;
2. the address the page's content gives itself (a canonical link, or the site's own marks: each site's module
   says which, in its block "The layout"), for a page saved without its URL;
3. the address its saved name stands for (`ru-RU_lawProjects_details_6143.html`, the names of
   `../shared/realdata/parlam-kz-2025/`).
So a page copied under any name reads the same as under its own. And the checks that turn away what is no page
of any layout, each with its reason: an empty body, wrong encoding, a login page, an error page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from dagster_project.adapters import LayoutError, Page

# ---- What a page that is no page of its site looks like, on any site ------------------------------------------
CANONICAL = ('link[rel="canonical"]', "href")
PASSWORD_FIELD = 'input[type="password"]'
# `404`, `500 - Internal server error`, `Қате`; not a bill titled `100 …` or about `қатерлі ісік`
ERROR_TITLE = re.compile(
    r"^\s*([45]\d\d(\s*$|\s*[-–:|]|\s+(not found|error|forbidden))|(not found|error|ошибка|қате)\b)", re.IGNORECASE
)
# UTF-8 read as Latin-1 (`Ð°` for а) or as cp1251 (`Р°` for а, `Рµ` for е, `Рѕ` for о)
MOJIBAKE = re.compile("Ð[\u0080-\u00bf]|Ã[\u0080-\u00bf]|Р°|Рµ|Рѕ")


def _text(node) -> str:
    """The node's text as a browser shows it: runs of white space as one space."""
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def canonical_link(tree: LexborHTMLParser) -> str | None:
    """The address a page gives itself in its head (`<link rel="canonical">`)."""
    link = tree.css_first(CANONICAL[0])
    return link.attributes.get(CANONICAL[1]) if link is not None else None


@dataclass(frozen=True)
class Site:
    """One source's site as its adapter recognises pages of it.

    host: the site's host; paths: its URL paths, which tell its pages when served from another host (a mirror,
    the tests' server) or linked relatively; own_address: the address a page's content gives itself;
    saved_address: the address a saved page's name stands for; label: the site in reasons ("the Senate's site").
    """

    label: str
    host: str
    paths: re.Pattern
    own_address: Callable[[LexborHTMLParser], str | None]
    saved_address: Callable[[str], str | None]

    def _of_site(self, url: str | None) -> str | None:
        if not url:
            return None
        parts = urlsplit(urljoin(f"https://{self.host}/", url))
        if parts.hostname != self.host and not self.paths.match(parts.path):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def address(self, page: Page, tree: LexborHTMLParser | None = None) -> str | None:
        """The page's path and query on the site, from its capture's URL, its content (when `tree` is given) or
        its saved name; None when none of them is the site's."""
        for url in (page.url, self.own_address(tree) if tree is not None else None, self.saved_address(page.name)):
            address = self._of_site(url)
            if address is not None:
                return address
        return None

    def recognise(self, page: Page) -> bool:
        """A page of the site by its URL, content or name (then even a broken one: `parse` says why)."""
        return self.address(page) is not None or self.address(page, LexborHTMLParser(page.html)) is not None

    def parse(self, page: Page) -> tuple[LexborHTMLParser, str]:
        """The page's tree and address, or a LayoutError saying why it is no page of the site's layout at all."""
        if not page.html.strip():
            raise LayoutError("empty body")
        if "\ufffd" in page.html or MOJIBAKE.search(page.html):
            raise LayoutError("wrong encoding: replacement characters, or UTF-8 read as Latin-1 or cp1251")
        tree = LexborHTMLParser(page.html)
        address = self.address(page, tree)
        if tree.css_first(PASSWORD_FIELD) is not None or urlsplit(address or "").path.rstrip("/").endswith("login"):
            raise LayoutError("login page (a password field), not the page asked for")
        title = _text(tree.css_first("title"))
        if ERROR_TITLE.search(title):
            raise LayoutError(f"error page (title {title!r})")
        if tree.body is None or not _text(tree.body):
            raise LayoutError("empty body")
        if address is None:
            raise LayoutError(f"no URL, own address or saved name of {self.label}")
        return tree, address
