"""Authoring services: anchor a quote, add a claim, fix drifted quotes, list claims.

Each is pure over the ledger and the source texts: nothing here prints, and the
only writes go through :mod:`mali_facts.ledger.writer`.
"""
