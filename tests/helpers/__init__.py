"""What the tests share, a module for each kind of thing: a test module imports from these (or
from the data and server modules beside this package), never from another test module or a
conftest.

client: the app and its client; images: images to upload, good and refused; teas: teas, the tea
form, a brew and the ledger read back; parties: guests, parties, invitations and menus built
directly; films: a film, its review and a screening; public_page: a party's public page;
browser: the browser tests' steps; export_round_trip: a rich account and the export's
comparable form; sign_in_attempts: throttling; instants: UTC; tea_updates: teas updated
from an import.
"""
