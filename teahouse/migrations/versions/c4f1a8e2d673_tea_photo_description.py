"""a tea photo may have the host's description (its alt text)

Revision ID: c4f1a8e2d673
Revises: b7e3c91d5a20
Create Date: 2026-11-27 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1a8e2d673'
down_revision = 'b7e3c91d5a20'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch: SQLite adds and (from 3.35) drops a column in place, where a
# batch would copy the table and lose its expression indexes (SQLite's reflection skips them).


def upgrade():
    op.add_column(
        'teas',
        sa.Column('photo_description', sa.String(length=150), server_default='', nullable=False),
    )


def downgrade():
    op.drop_column('teas', 'photo_description')
