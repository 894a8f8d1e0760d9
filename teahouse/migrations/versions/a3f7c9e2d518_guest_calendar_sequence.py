"""a guest's calendar file has its own SEQUENCE, which grows with their answer

Revision ID: a3f7c9e2d518
Revises: d6b2e9a4c170
Create Date: 2026-11-27 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f7c9e2d518'
down_revision = 'd6b2e9a4c170'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('calendar_sequence', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
