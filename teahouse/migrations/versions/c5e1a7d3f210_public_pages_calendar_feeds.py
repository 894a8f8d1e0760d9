"""public event pages, private calendar feeds, calendar sequence of parties

Revision ID: c5e1a7d3f210
Revises: b7c1d2e3f4a5
Create Date: 2026-11-27 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e1a7d3f210'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_pages',
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('link_salt', sa.String(length=64), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('guest_list', sa.String(length=12), nullable=False),
    sa.Column('show_location', sa.Boolean(), nullable=False),
    sa.Column('open_rsvp', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_public_pages_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], name=op.f('fk_public_pages_party_id_parties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('party_id', name=op.f('pk_public_pages')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_public_pages_token_hash'))
    )
    with op.batch_alter_table('public_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_public_pages_owner_id'), ['owner_id'], unique=False)

    op.create_table('calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('link_salt', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )

    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
    op.drop_table('calendar_feeds')
    with op.batch_alter_table('public_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_pages_owner_id'))
    op.drop_table('public_pages')
