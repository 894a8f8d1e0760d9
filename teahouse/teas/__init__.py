"""The tea catalogue.

The blueprint lives in views.py; the app factory imports it from there.
"""
