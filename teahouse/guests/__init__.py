"""The address book of guests.

The blueprint lives in views.py; the app factory imports it from there.
"""
