"""a review keeps its body as cleaned HTML beside the Markdown, so pages never render it

Revision ID: c8e4b1d7f209
Revises: f4d2b8a61c07
Create Date: 2026-11-27 16:20:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8e4b1d7f209'
down_revision = 'f4d2b8a61c07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=False, server_default=''))
    # The app's own renderer, not a frozen copy: the stored HTML must be what the pages showed
    # until now. Should its allow-list change later, that change re-renders in its own migration.
    from teahouse.films.markdown import review_html

    bind = op.get_bind()
    reviews = sa.table('reviews', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                       sa.column('body_html', sa.Text))
    rows = bind.execute(sa.select(reviews.c.id, reviews.c.body).where(reviews.c.body != '')).all()
    for review_id, body in rows:
        bind.execute(
            reviews.update().where(reviews.c.id == review_id).values(body_html=review_html(body))
        )


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('body_html')
