"""Every record Teahouse exports, declared once (pydantic): export, import checks and limits.

Import from the submodules: teas (catalogue and stock), parties (guests, parties, invitations),
films (films, reviews, afterglow); fields holds the value types and `limit()`.
"""
