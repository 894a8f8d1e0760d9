"""The host's dashboard: charts and the lists that call for action.

The blueprint lives in views.py; the app factory imports it from there.
"""
