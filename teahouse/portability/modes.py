"""What an import does with a tea the host already has (the same identity): refuse the file,
skip the file's copy, or update the host's tea from it.

A module of its own, free of the schemas, so that the import form and the command line can name
the choices without loading the import machinery (see teahouse.portability.views).
"""

REFUSE, SKIP, UPDATE = "refuse", "skip", "update"
ON_EXISTING = (REFUSE, SKIP, UPDATE)
