"""rollups for the dashboard: the value of the leaf on hand per tea and per host (a deleted
tea's taken out by a trigger), and the teas counted by type (kept by triggers on teas)

Revision ID: e7a2c4f9b018
Revises: c4f1a8e2d673
Create Date: 2026-11-27 11:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a2c4f9b018'
down_revision = 'c4f1a8e2d673'
branch_labels = None
depends_on = None

MICRO = 10**6

# Every way a tea row is written changes the counts: a form, the sample, an import's bulk
# INSERT and the UPDATE that hands its teas to the host, a delete, a cascade. Triggers see them
# all; the application's code paths would each have to remember.
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER tea_type_counts_after_insert AFTER INSERT ON teas BEGIN
      INSERT INTO tea_type_counts (owner_id, type, teas) VALUES (NEW.owner_id, NEW.type, 1)
      ON CONFLICT (owner_id, type) DO UPDATE SET teas = teas + 1;
    END
    """,
    """
    CREATE TRIGGER tea_type_counts_after_delete AFTER DELETE ON teas BEGIN
      UPDATE tea_type_counts SET teas = teas - 1
      WHERE owner_id = OLD.owner_id AND type = OLD.type;
    END
    """,
    """
    CREATE TRIGGER tea_type_counts_after_update AFTER UPDATE OF owner_id, type ON teas
    WHEN OLD.owner_id IS NOT NEW.owner_id OR OLD.type IS NOT NEW.type BEGIN
      UPDATE tea_type_counts SET teas = teas - 1
      WHERE owner_id = OLD.owner_id AND type = OLD.type;
      INSERT INTO tea_type_counts (owner_id, type, teas) VALUES (NEW.owner_id, NEW.type, 1)
      ON CONFLICT (owner_id, type) DO UPDATE SET teas = teas + 1;
    END
    """,
    # A deleted tea's value leaves its host's totals, before its purchase totals go with it.
    """
    CREATE TRIGGER collection_values_before_tea_delete BEFORE DELETE ON teas BEGIN
      UPDATE stock_collection_values SET value_micro = value_micro - (
        SELECT p.value_micro FROM tea_purchase_totals p
        WHERE p.tea_id = OLD.id AND p.currency = stock_collection_values.currency
      )
      WHERE owner_id = OLD.owner_id
        AND currency IN (SELECT currency FROM tea_purchase_totals WHERE tea_id = OLD.id);
    END
    """,
]
POSTGRESQL_TRIGGERS = [
    """
    CREATE FUNCTION tea_type_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE tea_type_counts SET teas = teas - 1
        WHERE owner_id = OLD.owner_id AND type = OLD.type;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO tea_type_counts (owner_id, type, teas) VALUES (NEW.owner_id, NEW.type, 1)
        ON CONFLICT (owner_id, type) DO UPDATE SET teas = tea_type_counts.teas + 1;
      END IF;
      RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER tea_type_counts_after_insert_or_delete AFTER INSERT OR DELETE ON teas
    FOR EACH ROW EXECUTE FUNCTION tea_type_counts_keep()
    """,
    """
    CREATE TRIGGER tea_type_counts_after_update AFTER UPDATE OF owner_id, type ON teas
    FOR EACH ROW
    WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION tea_type_counts_keep()
    """,
    """
    CREATE FUNCTION collection_values_forget_tea() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE stock_collection_values v SET value_micro = v.value_micro - p.value_micro
      FROM tea_purchase_totals p
      WHERE p.tea_id = OLD.id AND v.owner_id = OLD.owner_id AND v.currency = p.currency;
      RETURN OLD;
    END
    $$
    """,
    """
    CREATE TRIGGER collection_values_before_tea_delete BEFORE DELETE ON teas
    FOR EACH ROW EXECUTE FUNCTION collection_values_forget_tea()
    """,
]


def upgrade():
    counts = op.create_table(
        'tea_type_counts',
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=20), nullable=False),
        sa.Column('teas', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_tea_type_counts_owner_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('owner_id', 'type', name=op.f('pk_tea_type_counts')),
    )
    values = op.create_table(
        'stock_collection_values',
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=False),
        sa.Column('value_micro', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_stock_collection_values_owner_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('owner_id', 'currency', name=op.f('pk_stock_collection_values')),
    )
    # Plain ALTER TABLE (no batch copy), as for the other columns added since the indexes.
    op.add_column(
        'tea_purchase_totals',
        sa.Column('value_micro', sa.BigInteger(), server_default='0', nullable=False),
    )

    teas = sa.table(
        'teas',
        sa.column('id', sa.Integer()),
        sa.column('owner_id', sa.Integer()),
        sa.column('type', sa.String()),
        sa.column('milligrams_on_hand', sa.Integer()),
    )
    totals = sa.table(
        'tea_purchase_totals',
        sa.column('tea_id', sa.Integer()),
        sa.column('currency', sa.String()),
        sa.column('cost_minor', sa.BigInteger()),
        sa.column('milligrams', sa.BigInteger()),
        sa.column('value_micro', sa.BigInteger()),
    )
    op.execute(
        counts.insert().from_select(
            ['owner_id', 'type', 'teas'],
            sa.select(teas.c.owner_id, teas.c.type, sa.func.count()).group_by(
                teas.c.owner_id, teas.c.type
            ),
        )
    )

    # Each tea's value by the ledger's rule (teahouse.stock.value.tea_value_micro), in Python
    # integers: cost × on hand ÷ bought, millionths of a minor unit, half up.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            totals.c.tea_id,
            totals.c.currency,
            totals.c.cost_minor,
            totals.c.milligrams,
            teas.c.milligrams_on_hand,
        ).join(teas, teas.c.id == totals.c.tea_id)
    ).all()
    worth = []
    for tea_id, currency, cost, bought, on_hand in rows:
        if on_hand > 0 and bought > 0:
            quotient, remainder = divmod(cost * on_hand * MICRO, bought)
            worth.append({'t': tea_id, 'c': currency, 'v': quotient + (2 * remainder >= bought)})
    if worth:
        connection.execute(
            totals.update()
            .where(totals.c.tea_id == sa.bindparam('t'), totals.c.currency == sa.bindparam('c'))
            .values(value_micro=sa.bindparam('v')),
            worth,
        )
    op.execute(
        values.insert().from_select(
            ['owner_id', 'currency', 'value_micro'],
            sa.select(teas.c.owner_id, totals.c.currency, sa.func.sum(totals.c.value_micro))
            .join(teas, teas.c.id == totals.c.tea_id)
            .group_by(teas.c.owner_id, totals.c.currency),
        )
    )

    triggers = POSTGRESQL_TRIGGERS if connection.dialect.name == 'postgresql' else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER tea_type_counts_after_update ON teas')
        op.execute('DROP TRIGGER tea_type_counts_after_insert_or_delete ON teas')
        op.execute('DROP FUNCTION tea_type_counts_keep()')
        op.execute('DROP TRIGGER collection_values_before_tea_delete ON teas')
        op.execute('DROP FUNCTION collection_values_forget_tea()')
    else:
        for name in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER tea_type_counts_after_{name}')
        op.execute('DROP TRIGGER collection_values_before_tea_delete')
    op.drop_column('tea_purchase_totals', 'value_micro')
    op.drop_table('stock_collection_values')
    op.drop_table('tea_type_counts')
