"""Adapter: a UK Parliament petition (petition.parliament.uk/petitions/<id>.json) to the petition landing format.

Stateless: one petition's JSON in, one record of `petitions/*.json` (docs/landing-format.md) out. Signatures
by country, by region (ONS region letter) and by constituency (ONS code) become `signatures_by_area`. The
creator's name (`creator_name`) is personal data and is dropped.
"""

from __future__ import annotations

LEGISLATURE_ID = "uk-parliament"
_AREAS = (("signatures_by_country", "country", "code"), ("signatures_by_region", "region", "ons_code"),
          ("signatures_by_constituency", "constituency", "ons_code"))  # fmt: skip


def petition_record(document: dict) -> dict:
    data = document["data"]
    attributes = data["attributes"]
    return {
        "id": f"{LEGISLATURE_ID}/petition/{data['id']}",
        "legislature_id": LEGISLATURE_ID,
        "title": attributes["action"],
        "language": "en",
        "state": attributes.get("state"),
        "created_at": attributes.get("created_at"),
        "closed_at": attributes.get("closed_at"),
        "signature_count": attributes["signature_count"],
        "url": document.get("links", {}).get("self"),
        "signatures_by_area": [
            {
                "area_type": area_type,
                "area_code": area[code],
                "area_name": area["name"],
                "signature_count": area["signature_count"],
            }
            for key, area_type, code in _AREAS
            for area in attributes.get(key) or []
        ],
    }
