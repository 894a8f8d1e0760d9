"""a review's stored HTML has its headings from <h2> down, with no skipped level

Revision ID: e9c3a7f1b264
Revises: a3f7c9e2d518
Create Date: 2026-11-27 22:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e9c3a7f1b264'
down_revision = 'a3f7c9e2d518'
branch_labels = None
depends_on = None


def _render_every_review(render):
    bind = op.get_bind()
    reviews = sa.table('reviews', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                       sa.column('body_html', sa.Text))
    rows = bind.execute(sa.select(reviews.c.id, reviews.c.body).where(reviews.c.body != '')).all()
    for review_id, body in rows:
        bind.execute(reviews.update().where(reviews.c.id == review_id).values(body_html=render(body)))


# The app's own renderer, as in c8e4b1d7f209: the stored HTML must be what a review written
# today stores. Only row values change (no table is altered), so SQLite needs no batch copy.
def upgrade():
    from teahouse.films.markdown import review_html

    _render_every_review(review_html)


def downgrade():
    # The headings as the Markdown wrote them ("#" an <h1>), as before this revision.
    from teahouse.films.markdown import html_as_written

    _render_every_review(lambda body: html_as_written(body) if body else '')
