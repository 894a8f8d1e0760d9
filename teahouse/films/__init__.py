"""Films, the host's reviews and the screenings that pair them with parties.

The blueprint lives in views.py; the app factory imports it from there. Importing the package
registers how a review's HTML follows its Markdown (teahouse.films.markdown).
"""

from teahouse.films import markdown  # noqa: F401  the listener on Review.body
