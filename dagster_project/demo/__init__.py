"""Synthetic demo data: a seeded generator of a complete landing folder (`generator.generate_landing`)."""
