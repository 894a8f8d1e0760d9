"""Films, the host's reviews and the screenings that pair them with parties.

The blueprint lives in views.py; the app factory imports it from there.
"""
