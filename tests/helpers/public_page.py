"""A party's public page, as the host turns it on, sets it and reads its link."""

import re

from tests.helpers.client import post_form
from tests.helpers.parties import make_party

# A party's public page, as the host turns it on and reads its link.
LINK = re.compile(r'id="public-link"[^>]*value="([^"]+)"')


def share(client, party_id, action=""):
    suffix = f"/{action}" if action else ""
    return post_form(
        client, f"/parties/{party_id}/share{suffix}", token_from=f"/parties/{party_id}"
    )


def public_path(client, party_id):
    page = client.get(f"/parties/{party_id}").get_data(as_text=True)
    match = LINK.search(page)
    assert match, "no public link on the party page"
    return "/" + match.group(1).split("/", 3)[3]


def settings(client, party_id, **choices):
    data = {"guest_list": "count"}
    data.update({k: ("y" if v is True else v) for k, v in choices.items() if v is not False})
    return post_form(
        client, f"/parties/{party_id}/share/settings", data, token_from=f"/parties/{party_id}"
    )


def shared_party(app, client, host, **fields):
    party_id = make_party(app, host, **fields)
    assert share(client, party_id).status_code == 302
    return party_id, public_path(client, party_id)
