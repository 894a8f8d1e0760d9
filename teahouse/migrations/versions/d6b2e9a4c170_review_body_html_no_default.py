"""a review's HTML has no server default: a row written without it is refused, not stored blank

Revision ID: d6b2e9a4c170
Revises: c8e4b1d7f209
Create Date: 2026-11-27 18:45:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd6b2e9a4c170'
down_revision = 'c8e4b1d7f209'
branch_labels = None
depends_on = None


# The default '' was there only to fill the rows already written while the column was added;
# that migration rendered them at once. No trigger is defined on reviews, so the copy SQLite's
# batch mode makes of the table loses nothing (and foreign keys are off while it is made).
def upgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.alter_column(
            'body_html', existing_type=sa.Text(), existing_nullable=False, server_default=None
        )


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.alter_column(
            'body_html', existing_type=sa.Text(), existing_nullable=False, server_default=''
        )
