"""tea photos get a middle size (640 × 480 at most) for the tea page's card

Revision ID: b7e3c91d5a20
Revises: a9d4e7b2c381
Create Date: 2026-11-27 11:10:00

"""
import os

import sqlalchemy as sa
from alembic import op
from flask import current_app


# revision identifiers, used by Alembic.
revision = 'b7e3c91d5a20'
down_revision = 'a9d4e7b2c381'
branch_labels = None
depends_on = None

# Frozen here rather than read from teahouse.teas.photos: this migration must make the same
# file whatever the sizes become later.
MIDDLE_SUFFIX = "-middle"
MIDDLE_BOX = (640, 480)


def upgrade():
    """Make the middle size of every stored photo from its large one.

    A photo whose large file is missing or unreadable is left as it is: the app serves the
    large one (or 404) for a size it lacks, so one damaged file must not stop the upgrade."""
    folder = os.path.join(current_app.instance_path, "tea-photos")
    stems = op.get_bind().execute(sa.text("SELECT photo FROM teas WHERE photo IS NOT NULL"))
    for (stem,) in stems:
        large = os.path.join(folder, f"{stem}.jpg")
        middle = os.path.join(folder, f"{stem}{MIDDLE_SUFFIX}.jpg")
        if os.path.exists(middle) or not os.path.exists(large):
            continue
        _make_middle(large, middle)


def _make_middle(large: str, middle: str) -> None:
    from PIL import Image

    try:
        with Image.open(large) as image:
            image = image.convert("RGB")
            image.thumbnail(MIDDLE_BOX, Image.Resampling.LANCZOS)
            # Written aside and renamed, so a crash never leaves half a file under the name.
            image.save(middle + ".part", "JPEG", quality=85, optimize=True)
        os.replace(middle + ".part", middle)
    except (OSError, ValueError, Image.DecompressionBombError):
        if os.path.exists(middle + ".part"):
            os.remove(middle + ".part")


def downgrade():
    # The older code knows no middle size and would leave these files behind when it deletes a
    # photo: they go now.
    folder = os.path.join(current_app.instance_path, "tea-photos")
    if not os.path.isdir(folder):
        return
    for name in os.listdir(folder):
        if name.endswith(f"{MIDDLE_SUFFIX}.jpg"):
            os.remove(os.path.join(folder, name))
