import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0001_initial"),
        ("rostering", "0002_expenses"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rotarun",
            name="job",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="common.job",
            ),
        ),
        migrations.AlterField(
            model_name="scheduleimport",
            name="job",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="common.job",
            ),
        ),
    ]
