"""an index in the order of the dashboard's "drink these first"

Revision ID: a9d4e7b2c381
Revises: f3c8a2d5e617
Create Date: 2026-11-27 10:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9d4e7b2c381'
down_revision = 'f3c8a2d5e617'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX, not a batch: a batch would copy the teas table and lose its
    # expression indexes (SQLite's reflection skips them).
    op.create_index(
        'ix_teas_owner_id_drink_first',
        'teas',
        [
            'owner_id',
            sa.text('(best_by IS NULL)'),
            'best_by',
            sa.text('(opened_on IS NULL)'),
            'opened_on',
            'name',
        ],
    )


def downgrade():
    op.drop_index('ix_teas_owner_id_drink_first', table_name='teas')
