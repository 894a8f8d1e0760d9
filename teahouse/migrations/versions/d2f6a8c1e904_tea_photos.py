"""a tea may have a photo (a file stem under instance/tea-photos/)

Revision ID: d2f6a8c1e904
Revises: e5b2c7d9a431
Create Date: 2026-11-27 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2f6a8c1e904'
down_revision = 'e5b2c7d9a431'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch: SQLite adds and (from 3.35) drops a column in place, where a
# batch would copy the table and lose its expression indexes (SQLite's reflection skips them).


def upgrade():
    op.add_column('teas', sa.Column('photo', sa.String(length=40), nullable=True))


def downgrade():
    op.drop_column('teas', 'photo')
