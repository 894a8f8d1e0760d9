"""The host owns the data: export, import and backup.

The blueprint lives in views.py; the app factory imports it from there.
"""
