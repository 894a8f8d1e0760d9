"""The host owns the data: export (and, later, import) of everything a host has."""
