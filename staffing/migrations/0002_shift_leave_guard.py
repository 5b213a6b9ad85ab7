"""The database itself refuses a shift inside the person's approved leave.

A check constraint cannot look at another table, so this is a trigger, written for both databases
HallOps runs on. (Two shifts of one person that overlap are already impossible: one shift per person per
day is a unique constraint, and a shift never leaves its day.)
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION staffing_shift_not_in_leave() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM staffing_leaverequest l
        WHERE l.staff_id = NEW.staff_id AND l.status = 'approved'
          AND NEW.day BETWEEN l.first_day AND l.last_day
    ) THEN
        RAISE EXCEPTION 'shift inside approved leave (staff %, day %)', NEW.staff_id, NEW.day
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER staffing_shift_not_in_leave BEFORE INSERT OR UPDATE ON staffing_shift
    FOR EACH ROW EXECUTE FUNCTION staffing_shift_not_in_leave();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS staffing_shift_not_in_leave ON staffing_shift;
DROP FUNCTION IF EXISTS staffing_shift_not_in_leave();
"""

SQLITE_CONDITION = """
WHEN EXISTS (
    SELECT 1 FROM staffing_leaverequest l
    WHERE l.staff_id = NEW.staff_id AND l.status = 'approved' AND NEW.day BETWEEN l.first_day AND l.last_day
)
BEGIN SELECT RAISE(ABORT, 'shift inside approved leave'); END;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the function body has '%' placeholders of its own (RAISE EXCEPTION).
        schema_editor.execute(PG_FORWARD, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER staffing_shift_not_in_leave_{event.lower()} BEFORE {event} ON staffing_shift "
                + SQLITE_CONDITION
            )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS staffing_shift_not_in_leave_{event}")


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
