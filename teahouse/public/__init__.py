"""The shared face of a party: public page, link previews, share card, calendar files, QR."""
