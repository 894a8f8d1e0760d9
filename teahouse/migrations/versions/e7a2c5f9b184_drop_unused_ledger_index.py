"""the ledger drops its (owner, kind, tea, currency, cost, grams) index: since the dashboard reads
the rollups no query of the app reads it, yet every movement written had to keep it up to date

Revision ID: e7a2c5f9b184
Revises: b7e1c4d9a2f0
Create Date: 2026-11-27 11:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e7a2c5f9b184'
down_revision = 'b7e1c4d9a2f0'
branch_labels = None
depends_on = None


# Plain DROP INDEX / CREATE INDEX, not a batch: SQLite does both in place, where a batch would
# copy the table for nothing.


def upgrade():
    op.drop_index('ix_stock_movements_owner_id_kind_tea_id', table_name='stock_movements')


def downgrade():
    op.create_index(
        'ix_stock_movements_owner_id_kind_tea_id',
        'stock_movements',
        ['owner_id', 'kind', 'tea_id', 'currency', 'cost_minor', 'milligrams'],
    )
