"""rollups the ledger keeps: a host's consumption per month, a tea's standing purchases

Revision ID: f3c8a2d5e617
Revises: d2f6a8c1e904
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c8a2d5e617'
down_revision = 'd2f6a8c1e904'
branch_labels = None
depends_on = None

# The kinds that count as consumption when the migration was written (models/stock.py).
CONSUMPTION_KINDS = ('brewed', 'served', 'gift', 'swap', 'sample', 'spoiled')


def upgrade():
    # New tables only: the teas table is not rebuilt (a SQLite batch copy would lose its
    # expression indexes).
    months = op.create_table(
        'stock_consumption_months',
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('month', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('milligrams', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_stock_consumption_months_owner_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('owner_id', 'year', 'month', name=op.f('pk_stock_consumption_months')),
    )
    totals = op.create_table(
        'tea_purchase_totals',
        sa.Column('tea_id', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('cost_minor', sa.BigInteger(), nullable=False),
        sa.Column('milligrams', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['tea_id'], ['teas.id'], name=op.f('fk_tea_purchase_totals_tea_id_teas'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('tea_id', 'currency', name=op.f('pk_tea_purchase_totals')),
    )

    # Backfill both from the ledger, with the sums the dashboard ran until now.
    movements = sa.table(
        'stock_movements',
        sa.column('id', sa.Integer()),
        sa.column('owner_id', sa.Integer()),
        sa.column('tea_id', sa.Integer()),
        sa.column('kind', sa.String()),
        sa.column('milligrams', sa.Integer()),
        sa.column('cost_minor', sa.Integer()),
        sa.column('currency', sa.String()),
        sa.column('occurred_on', sa.Date()),
        sa.column('reverses_id', sa.Integer()),
    )
    reversed_movement = movements.alias('reversed_movement')
    effective_kind = sa.func.coalesce(reversed_movement.c.kind, movements.c.kind)
    year = sa.cast(sa.extract('year', movements.c.occurred_on), sa.Integer())
    month = sa.cast(sa.extract('month', movements.c.occurred_on), sa.Integer())
    consumed = (
        sa.select(movements.c.owner_id, year, month, sa.func.sum(-movements.c.milligrams))
        .select_from(
            movements.outerjoin(
                reversed_movement, reversed_movement.c.id == movements.c.reverses_id
            )
        )
        .where(effective_kind.in_(CONSUMPTION_KINDS))
        .group_by(movements.c.owner_id, year, month)
    )
    op.execute(
        months.insert().from_select(['owner_id', 'year', 'month', 'milligrams'], consumed)
    )

    reversal = movements.alias('reversal')
    standing = (
        sa.select(
            movements.c.tea_id,
            movements.c.currency,
            sa.func.sum(movements.c.cost_minor),
            sa.func.sum(movements.c.milligrams),
        )
        .select_from(movements.outerjoin(reversal, reversal.c.reverses_id == movements.c.id))
        .where(
            movements.c.kind == 'purchase',
            movements.c.cost_minor.isnot(None),
            reversal.c.id.is_(None),
        )
        .group_by(movements.c.tea_id, movements.c.currency)
    )
    op.execute(
        totals.insert().from_select(['tea_id', 'currency', 'cost_minor', 'milligrams'], standing)
    )


def downgrade():
    op.drop_table('tea_purchase_totals')
    op.drop_table('stock_consumption_months')
