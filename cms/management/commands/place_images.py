from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from cms.images import place_image_files


class Command(BaseCommand):
    help = (
        "Move each image's file to the storage its collection's privacy calls for: run after "
        "giving a collection (or taking away its) view restriction in the CMS."
    )

    def handle(self, *args, **options):
        moved = 0
        for image in get_image_model().objects.select_related("collection").iterator():
            moved += place_image_files(image=image)
        self.stdout.write(f"{moved} image(s) moved.")
