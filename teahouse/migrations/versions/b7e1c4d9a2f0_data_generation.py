"""the data generation: one number bumped by every committed write, for cached pages

Revision ID: b7e1c4d9a2f0
Revises: e7a2c4f9b018
Create Date: 2026-11-27 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c4d9a2f0'
down_revision = 'e7a2c4f9b018'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'data_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_generation')),
    )
    op.bulk_insert(table, [{'id': 1, 'value': 0}])


def downgrade():
    op.drop_table('data_generation')
