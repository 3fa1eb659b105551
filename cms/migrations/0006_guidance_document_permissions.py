"""Give Wagtail's Editors and Moderators the document permissions on our document model, over
the root collection, as Wagtail's own migrations do for its default document model."""

from django.db import migrations

CODENAMES = {
    "add_guidancedocument": "Can add document",
    "change_guidancedocument": "Can change document",
    "delete_guidancedocument": "Can delete document",
    "choose_document": "Can choose document",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    content_type, _ = ContentType.objects.get_or_create(
        app_label="cms", model="guidancedocument"
    )
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
        ("cms", "0005_guidance_document"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
