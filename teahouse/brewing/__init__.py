"""Brewing: the brew log, teaware and the brew timer.

The blueprint lives in views.py; the app factory imports it from there.
"""
