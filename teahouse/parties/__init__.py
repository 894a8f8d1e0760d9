"""Parties: guest lists, invitations, the tally and the tea menu planned against stock.

The blueprint lives in views.py; the app factory imports it from there.
"""
