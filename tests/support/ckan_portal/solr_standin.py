"""A stand-in for Apache Solr, just enough for CKAN 2.12 to start and to save datasets. TESTS ONLY.

CKAN indexes every dataset in Solr, and no Solr can be installed on our machines; without an answer on the Solr
URL, ``package_create`` fails and nothing is saved. This stdlib HTTP server answers exactly the calls CKAN makes
(read in ``ckan/lib/search/`` and ``pysolr``), and nothing more:

- ``GET /schema?wt=schema.xml``: the schema check at start-up (``check_solr_schema_version``) reads the root
  element's ``name``, which must be ``ckan-<supported version>``;
- ``GET|POST /select``: every search, including the availability probe (``q=*:*&rows=1``): always ZERO documents;
- ``POST /update``: add, delete and commit (XML bodies from pysolr): accepted and thrown away.

So this is NOT a search index: ``package_search``, the ``/dataset`` list and the organisation pages find
nothing, and their counts stay at zero. The publisher never relies on search: it looks datasets up by name with
``package_show``, which reads CKAN's database. Every request is logged (method, path, first bytes of the body) to
stderr, which the portal keeps in ``solr.log``.

Run: ``python solr_standin.py --port N`` (a separate process, so the harness can stop it by its pid).
"""

from __future__ import annotations

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

# The newest schema version CKAN 2.12 accepts (ckan.lib.search.SUPPORTED_SCHEMA_VERSIONS).
SCHEMA_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<schema name="ckan-2.12" version="1.6"/>\n'
EMPTY_SELECT = {
    "responseHeader": {"status": 0, "QTime": 0},
    "response": {"numFound": 0, "start": 0, "docs": []},
    "facet_counts": {"facet_queries": {}, "facet_fields": {}, "facet_ranges": {}},
}
UPDATE_OK = {"responseHeader": {"status": 0, "QTime": 0}}


class SolrStandIn(BaseHTTPRequestHandler):
    server_version = "SolrStandIn/1"

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route(self, body: bytes = b"") -> None:
        path = urlsplit(self.path).path.rstrip("/")
        sys.stderr.write(f"{self.command} {self.path} {body[:120]!r}\n")
        if path.endswith("/schema") or path.endswith("/admin/file"):
            self._answer(200, SCHEMA_XML, "application/xml; charset=utf-8")
        elif path.endswith("/select"):
            self._answer(200, json.dumps(EMPTY_SELECT).encode(), "application/json; charset=utf-8")
        elif path.endswith("/update") or path.endswith("/admin/ping"):
            self._answer(200, json.dumps(UPDATE_OK).encode(), "application/json; charset=utf-8")
        else:  # a call CKAN was not seen to make: say so loudly rather than pretend
            self._answer(404, b'{"error": {"msg": "not in the Solr stand-in", "code": 404}}', "application/json")

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def log_message(self, format: str, *args: object) -> None:  # _route logs each request once, with its body
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), SolrStandIn)
    sys.stderr.write(f"Solr stand-in on http://{args.host}:{args.port}/solr/ckan\n")
    sys.stderr.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
