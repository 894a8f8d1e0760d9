"""The personal RSVP pages guests reach through their invitation link (no account).

The blueprint lives in views.py; the app factory imports it from there.
"""
