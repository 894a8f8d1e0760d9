"""The stock ledger: append-only movements whose sum is the grams on hand.

The blueprint lives in views.py; the app factory imports it from there.
"""
