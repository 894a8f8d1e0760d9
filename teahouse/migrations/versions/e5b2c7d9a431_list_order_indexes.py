"""indexes in the order the address book, the parties, a party's answers and its feed are read

Revision ID: e5b2c7d9a431
Revises: d3a8f5c2b917
Create Date: 2026-11-27 09:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5b2c7d9a431'
down_revision = 'd3a8f5c2b917'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_guests_owner_id_name', 'guests', ['owner_id', 'name', 'id'])
    op.create_index('ix_parties_owner_id_starts_at', 'parties', ['owner_id', 'starts_at', 'ends_at'])
    op.create_index(
        'ix_invitations_party_id_response_id', 'invitations', ['party_id', 'response', 'id']
    )
    op.create_index(
        'ix_rsvp_events_party_id_created_at', 'rsvp_events', ['party_id', 'created_at', 'id']
    )


def downgrade():
    op.drop_index('ix_rsvp_events_party_id_created_at', table_name='rsvp_events')
    op.drop_index('ix_invitations_party_id_response_id', table_name='invitations')
    op.drop_index('ix_parties_owner_id_starts_at', table_name='parties')
    op.drop_index('ix_guests_owner_id_name', table_name='guests')
