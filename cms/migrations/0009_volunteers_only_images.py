"""Volunteers-only images, and the image permissions for Editors and Moderators.

A Wagtail collection holds documents and images alike, so the "Volunteers only" collection of
0004 (restricted to the groups "Panel members" and "Staff") is the images' private collection
too: this makes sure it exists, with the same code, and gives Wagtail's Editors and Moderators
the permissions on our image model over the root collection, as Wagtail's own migrations do
for its default image model (and 0006 for documents).
"""

import importlib

from django.db import migrations

CODENAMES = {
    "add_guidanceimage": "Can add image",
    "change_guidanceimage": "Can change image",
    "delete_guidanceimage": "Can delete image",
    "choose_image": "Can choose image",
}


def create_collection(apps, schema_editor):
    # 0004 creates the collection and its restriction only if it is missing.
    importlib.import_module("cms.migrations.0004_volunteers_only_groups_and_collection").create(
        apps, schema_editor
    )


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    content_type, _ = ContentType.objects.get_or_create(app_label="cms", model="guidanceimage")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_guidance_image"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Reversing leaves the collection and the permissions: images may already be filed there.
    operations = [
        migrations.RunPython(create_collection, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
