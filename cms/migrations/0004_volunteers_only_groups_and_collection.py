"""The groups that follow the volunteer roles, and the volunteers-only document collection.

Documents put in the "Volunteers only" collection are served only to the "Panel members" and
"Staff" groups, which `volunteers.services.roles` keeps in line with people's roles.
"""

from django.db import migrations

GROUPS = ("Panel members", "Staff")
COLLECTION = "Volunteers only"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _next_child_path(root, Collection):
    # treebeard's materialised path: the root's path plus a 4-character base-36 step.
    last = (
        Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = 1 if last is None else int(last[-STEPLEN:], 36) + 1
    digits = ""
    while step:
        step, remainder = divmod(step, 36)
        digits = ALPHABET[remainder] + digits
    return root.path + digits.rjust(STEPLEN, "0")


def create(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")

    groups = [Group.objects.get_or_create(name=name)[0] for name in GROUPS]
    root = Collection.objects.filter(depth=1).first()
    if root is None or Collection.objects.filter(name=COLLECTION, depth=2).exists():
        return
    collection = Collection.objects.create(
        name=COLLECTION, path=_next_child_path(root, Collection), depth=2, numchild=0
    )
    root.numchild += 1
    root.save(update_fields=["numchild"])
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="groups"
    )
    restriction.groups.set(groups)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_guidance_news_recruitment_standards_panel_list"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Reversing leaves the groups and the collection: documents may already be filed in it.
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
