"""Parties: guest lists, invitations, the tally and the tea menu planned against stock.

The blueprint lives in blueprint.py; the app factory imports it from views.py, which imports
every module that adds routes to it.
"""
