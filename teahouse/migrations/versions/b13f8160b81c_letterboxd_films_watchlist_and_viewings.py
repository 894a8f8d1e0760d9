"""Letterboxd: film and viewing URIs, seen/rated/liked films, the watchlist

Revision ID: b13f8160b81c
Revises: c5a9e1f04d21
Create Date: 2026-11-27 06:01:33.667616

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b13f8160b81c'
down_revision = 'c5a9e1f04d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letterboxd_uri', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('seen', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('rating', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('liked', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('to_watch', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('to_watch_since', sa.Date(), nullable=True))
        batch_op.create_index('ix_films_owner_id_letterboxd_uri', ['owner_id', 'letterboxd_uri'], unique=False)
        batch_op.create_check_constraint(
            op.f('ck_films_rating_range'), 'rating IS NULL OR (rating >= 0.5 AND rating <= 5)'
        )

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letterboxd_uri', sa.String(length=200), nullable=True))



def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('letterboxd_uri')

    with op.batch_alter_table('films', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_films_rating_range'), type_='check')
        batch_op.drop_index('ix_films_owner_id_letterboxd_uri')
        batch_op.drop_column('to_watch_since')
        batch_op.drop_column('to_watch')
        batch_op.drop_column('liked')
        batch_op.drop_column('rating')
        batch_op.drop_column('seen')
        batch_op.drop_column('letterboxd_uri')

