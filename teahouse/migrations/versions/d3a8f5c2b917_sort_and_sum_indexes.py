"""indexes in the order the tea list sorts (name without case, rating with the unrated last),
for the host's tag names, and covering the dashboard's sums over the ledger

Revision ID: d3a8f5c2b917
Revises: c5e1a7d3f210
Create Date: 2026-11-27 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a8f5c2b917'
down_revision = 'c5e1a7d3f210'
branch_labels = None
depends_on = None


def upgrade():
    # Expression indexes are created with plain CREATE INDEX (SQLite and PostgreSQL both have
    # them); a batch operation would have to reflect them, which SQLite's reflection skips.
    op.drop_index('ix_teas_owner_id_rating', table_name='teas')
    op.create_index(
        'ix_teas_owner_id_lower_name', 'teas', ['owner_id', sa.text('lower(name)'), 'id']
    )
    op.create_index(
        'ix_teas_owner_id_rating_order',
        'teas',
        ['owner_id', sa.text('(rating IS NULL)'), sa.text('rating DESC'), sa.text('lower(name)'), 'id'],
    )
    op.create_index('ix_tea_tags_name_tea_id', 'tea_tags', ['name', 'tea_id'])
    op.drop_index('ix_stock_movements_owner_id_occurred_on', table_name='stock_movements')
    op.create_index(
        'ix_stock_movements_owner_id_occurred_on',
        'stock_movements',
        ['owner_id', 'occurred_on', 'kind', 'milligrams', 'reverses_id'],
    )
    op.create_index(
        'ix_stock_movements_owner_id_kind_tea_id',
        'stock_movements',
        ['owner_id', 'kind', 'tea_id', 'currency', 'cost_minor', 'milligrams'],
    )


def downgrade():
    op.drop_index('ix_stock_movements_owner_id_kind_tea_id', table_name='stock_movements')
    op.drop_index('ix_stock_movements_owner_id_occurred_on', table_name='stock_movements')
    op.create_index(
        'ix_stock_movements_owner_id_occurred_on', 'stock_movements', ['owner_id', 'occurred_on']
    )
    op.drop_index('ix_tea_tags_name_tea_id', table_name='tea_tags')
    op.drop_index('ix_teas_owner_id_rating_order', table_name='teas')
    op.drop_index('ix_teas_owner_id_lower_name', table_name='teas')
    op.create_index('ix_teas_owner_id_rating', 'teas', ['owner_id', 'rating'])
