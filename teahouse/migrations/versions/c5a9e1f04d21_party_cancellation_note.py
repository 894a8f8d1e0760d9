"""a cancelled party keeps the host's note to the guests

Revision ID: c5a9e1f04d21
Revises: b7d41c2e9f30
Create Date: 2026-11-27 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5a9e1f04d21'
down_revision = 'b7d41c2e9f30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('cancellation_note', sa.Text(), nullable=False, server_default='')
        )


def downgrade():
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('cancellation_note')
