"""The secret key lives in the environment or in the instance folder, never in the repository."""

import os
import secrets

SECRET_FILE = "secret_key"


def load_or_create_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, generating it (mode 0600) the first time."""
    path = os.path.join(instance_path, SECRET_FILE)
    try:
        # O_EXCL: when two workers start at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path, encoding="ascii") as handle:
            key = handle.read().strip()
        if key:
            return key
        raise RuntimeError(f"{path} is empty: delete it to generate a new secret key") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
