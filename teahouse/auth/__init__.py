"""Host accounts: setup, sign-up, login, sessions, profile.

The blueprint lives in views.py; the app factory imports it from there.
"""
