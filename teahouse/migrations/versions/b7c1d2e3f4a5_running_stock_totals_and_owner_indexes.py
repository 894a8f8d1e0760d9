"""running stock totals on teas, and indexes for pages that do not grow with the collection

Revision ID: b7c1d2e3f4a5
Revises: b13f8160b81c
Create Date: 2026-11-27 05:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = 'b13f8160b81c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('teas', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('milligrams_on_hand', sa.Integer(), server_default='0', nullable=False)
        )
    # The running total starts as what the ledger says.
    op.execute(
        "UPDATE teas SET milligrams_on_hand = (SELECT COALESCE(SUM(m.milligrams), 0)"
        " FROM stock_movements m WHERE m.tea_id = teas.id)"
    )
    with op.batch_alter_table('teas', schema=None) as batch_op:
        batch_op.create_index('ix_teas_owner_id_name', ['owner_id', 'name'], unique=False)
        batch_op.create_index('ix_teas_owner_id_rating', ['owner_id', 'rating'], unique=False)
        batch_op.create_index('ix_teas_owner_id_created_at', ['owner_id', 'created_at'], unique=False)
        batch_op.create_index('ix_teas_owner_id_milligrams_on_hand', ['owner_id', 'milligrams_on_hand', 'name'], unique=False)
        batch_op.create_index('ix_teas_owner_id_type', ['owner_id', 'type'], unique=False)
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.create_index('ix_stock_movements_tea_id_occurred_on', ['tea_id', 'occurred_on', 'id'], unique=False)
        batch_op.create_index('ix_stock_movements_owner_id_occurred_on', ['owner_id', 'occurred_on'], unique=False)


def downgrade():
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_movements_owner_id_occurred_on')
        batch_op.drop_index('ix_stock_movements_tea_id_occurred_on')
    with op.batch_alter_table('teas', schema=None) as batch_op:
        batch_op.drop_index('ix_teas_owner_id_type')
        batch_op.drop_index('ix_teas_owner_id_milligrams_on_hand')
        batch_op.drop_index('ix_teas_owner_id_created_at')
        batch_op.drop_index('ix_teas_owner_id_rating')
        batch_op.drop_index('ix_teas_owner_id_name')
    with op.batch_alter_table('teas', schema=None) as batch_op:
        batch_op.drop_column('milligrams_on_hand')
