"""Images in restricted collections: stored privately, served only through the privacy check.

Wagtail stores images and renditions under MEDIA_ROOT, public to anyone who has the address.
Ours go through `ImageStorage`: a file whose name starts with `private/` lives in the private
storage (never under MEDIA_URL), everything else in the default storage as before. An image
(and each of its renditions) is stored privately when its collection, or one above it, has a
view restriction; its pages then link to `cms.views.serve_image`, which applies the
collection's restrictions before it sends a byte.
"""

import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from wagtail.images.utils import generate_signature

PRIVATE_PREFIX = "private/"


def is_private_name(name: str) -> bool:
    return name.startswith(PRIVATE_PREFIX)


@deconstructible
class ImageStorage(Storage):
    """Private names in the private storage, public ones in the default storage."""

    def _pick(self, name):
        return storages["private" if is_private_name(name) else "default"]

    def _open(self, name, mode="rb"):
        return self._pick(name).open(name, mode)

    def _save(self, name, content):
        return self._pick(name).save(name, content)

    def get_available_name(self, name, max_length=None):
        return self._pick(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        self._pick(name).delete(name)

    def exists(self, name):
        return self._pick(name).exists(name)

    def size(self, name):
        return self._pick(name).size(name)

    def path(self, name):
        return self._pick(name).path(name)

    def listdir(self, path):
        return self._pick(path).listdir(path)

    def get_modified_time(self, name):
        return self._pick(name).get_modified_time(name)

    def url(self, name):
        # A private file has no address of its own: a /media/ link would bypass the check.
        if is_private_name(name):
            raise ValueError(f"{name} is private: link to it with private_image_url().")
        return self._pick(name).url(name)


def image_storage():
    return ImageStorage()


def private_image_url(image, filter_spec: str) -> str:
    """The serve view's address for one rendition of an image (signed, as Wagtail's are)."""
    signature = generate_signature(image.id, filter_spec)
    url = reverse("private_image", args=(signature, image.id, filter_spec))
    return url + posixpath.basename(image.file.name)


def place_image_files(*, image) -> bool:
    """Move an image's file to the storage its collection's privacy calls for; True if moved.

    Renditions are deleted rather than moved (Wagtail deletes their files after commit):
    the next request makes them again, in the right place.
    """
    if is_private_name(image.file.name) == image.is_private:
        return False
    old_name = image.file.name
    with transaction.atomic():
        with image.file.storage.open(old_name, "rb") as source:
            content = ContentFile(source.read())
        image.file.save(posixpath.basename(old_name), content, save=False)
        image.save(update_fields=["file"])
        image.renditions.all().delete()
        transaction.on_commit(lambda: image.file.storage.delete(old_name))
    return True
