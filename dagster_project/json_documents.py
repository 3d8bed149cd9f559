"""Reading a JSON document too large to hold decoded: one element of each top-level array at a time (`elements`).

The Popolo export writes documents `{"<collection>": [object, object, …]}` of up to a gigabyte (10 million votes).
DuckDB's JSON reader parses such a document whole, at about seven times its size in memory, and Python's
`json.load` builds every object at once. `elements` reads the file in chunks of `CHUNK_CHARACTERS` and decodes
one element at a time with Python's JSON decoder, so memory holds a chunk of text and one element. The personal-data
scan of published files (`privacy/scan.py`) and the validation of the Popolo files (`publish/package.py`) read
JSON documents with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

CHUNK_CHARACTERS = 1 << 24  # text read at a time: 16 million characters (16 to 64 MB)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Reader:
    """A window on the document's text: `text[position:]` is what is not read yet, `offset` where `text` starts."""

    def __init__(self, handle: TextIO, path: Path, chunk_characters: int):
        self.handle, self.path, self.chunk_characters = handle, path, chunk_characters
        self.text, self.position, self.offset, self.ended = "", 0, 0, False

    def _more(self) -> bool:
        """Read the next chunk after what is not read yet; False at the end of the file."""
        chunk = "" if self.ended else self.handle.read(self.chunk_characters)
        if not chunk:
            self.ended = True
            return False
        self.offset += self.position
        self.text, self.position = self.text[self.position :] + chunk, 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            self.position = _WHITESPACE.match(self.text, self.position).end()
            if self.position < len(self.text) or not self._more():
                return self.text[self.position : self.position + 1]

    def take(self, expected: str) -> None:
        """Step over the character `expected`, which must come next."""
        if (found := self.peek()) != expected:
            raise self.error(f"{repr(found) if found else 'the end of the file'} where {expected!r} was expected")
        self.position += 1

    def error(self, what: str, position: int | None = None) -> ValueError:
        where = self.offset + (self.position if position is None else position)
        return ValueError(f"{self.path.name}: not a JSON document: {what} at character {where}")

    def value(self) -> object:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.position)
            except json.JSONDecodeError as error:
                if self._more():
                    continue  # the value goes on in the next chunk
                raise self.error(error.msg, error.pos) from None
            # A number (or true, null) that ends the chunk may go on in the next: decoded again with it.
            if end < len(self.text) or not self._more():
                self.position = end
                return value


def elements(path: Path, chunk_characters: int = CHUNK_CHARACTERS) -> Iterator[tuple[str | None, int | None, object]]:
    """Each element of each top-level array of the JSON document at `path`, as (member, index, element); any other
    top-level member whole, as (member, None, value); a document that is not an object whole, as (None, None,
    document). Raises ValueError, naming the file and the character, on text that is not one JSON document."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = _Reader(handle, path, chunk_characters)
        if reader.peek() != "{":
            yield None, None, reader.value()
        else:
            reader.take("{")
            while reader.peek() != "}":
                member = reader.value()
                if not isinstance(member, str):
                    raise reader.error(f"a member's name is {member!r}")
                reader.take(":")
                if reader.peek() == "[":
                    reader.take("[")
                    index = 0
                    while reader.peek() != "]":
                        yield member, index, reader.value()
                        index += 1
                        if reader.peek() != "]":
                            reader.take(",")
                    reader.take("]")
                else:
                    yield member, None, reader.value()
                if reader.peek() != "}":
                    reader.take(",")
            reader.take("}")
        if reader.peek():
            raise reader.error("text after the document")
