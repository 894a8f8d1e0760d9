"""Sharing a party, below the blueprints: link tokens, the public page's switch and choices,
calendar files. The parties, RSVP and public blueprints and the sample all build on this; it
imports none of them."""
