"""The sample content a new host can start with: 40 teas, and a film night pairing some of them."""

from teahouse.extensions import db
from teahouse.models import User
from teahouse.sample.film_night import load_sample_film_night
from teahouse.sample.teas import load_sample_collection
from teahouse.sharing.pages import open_page


def load_sample(user: User) -> int:
    """Load the sample teas and the film night (not committed). 0 if the host already has them."""
    teas = load_sample_collection(user)
    if not teas:
        return 0
    db.session.flush()
    party = load_sample_film_night(user, {tea.name: tea for tea in teas})
    db.session.flush()
    open_page(party)  # a newcomer sees a public page at once
    return len(teas)
