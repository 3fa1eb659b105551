from django.db import migrations


class Migration(migrations.Migration):
    # Every historical foreign key to the old table must be in place before it is renamed.
    dependencies = [
        ("common", "0001_initial"),
        ("rostering", "0003_job_moved_to_common"),
        ("volunteers", "0004_job_moved_to_common"),
    ]

    operations = [
        migrations.AlterModelTable(name="job", table=None),
        migrations.RenameIndex(
            model_name="job",
            new_name="job_owner_recent_idx",
            old_name="volunteers__owner_i_8453b7_idx",
        ),
    ]
