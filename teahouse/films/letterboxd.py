"""What Teahouse knows of Letterboxd's addresses, shared by the film form and the importer."""

import re

# A film's page (https://letterboxd.com/film/her/), a diary entry's or review's, or a short
# link (https://boxd.it/4Dzw): only these may become links on a film's page.
LETTERBOXD_URI = re.compile(r"^https?://(www\.)?(letterboxd\.com|boxd\.it)/[\w\-./~%]*$", re.ASCII)
