"""a tea may have a photo (a file stem under instance/tea-photos/)

Revision ID: d2f6a8c1e904
Revises: d3a8f5c2b917
Create Date: 2026-11-27 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2f6a8c1e904'
down_revision = 'd3a8f5c2b917'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('teas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('teas', schema=None) as batch_op:
        batch_op.drop_column('photo')
