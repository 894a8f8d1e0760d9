"""The front door and the health check.

The blueprint lives in views.py; the app factory imports it from there.
"""
