from django.db import migrations


class Migration(migrations.Migration):
    """The Job model now belongs to `common`; the table stays (common renames it)."""

    dependencies = [
        ("volunteers", "0003_recruitment_and_lifecycle"),
        ("common", "0001_initial"),
        ("rostering", "0003_job_moved_to_common"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Job")],
        ),
    ]
