# The Job model moved here from `volunteers` (issue: common ground). Its table already
# exists as volunteers_job, so this migration only takes it into this app's state; 0002
# then gives the table and its index this app's names.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import common.storage


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("volunteers", "0003_recruitment_and_lifecycle"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Job",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("kind", models.CharField(max_length=50)),
                        ("title", models.CharField(max_length=200)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting to start"),
                                    ("running", "Running"),
                                    ("succeeded", "Finished"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("done", models.PositiveIntegerField(default=0)),
                        ("total", models.PositiveIntegerField(default=0)),
                        ("message", models.CharField(blank=True, max_length=500)),
                        ("result", models.JSONField(blank=True, default=dict)),
                        (
                            "result_file",
                            models.FileField(
                                blank=True,
                                storage=common.storage.private_storage,
                                upload_to="jobs/",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="jobs",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "volunteers_job",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["owner", "-created_at"],
                                name="volunteers__owner_i_8453b7_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("done__lte", models.F("total")), ("total", 0), _connector="OR"
                                ),
                                name="job_done_within_total",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
