"""Where private files live: never under MEDIA_URL, served only through views that check."""

from django.core.files.storage import storages


def private_storage():
    """Storage for files only their owner may download (never under MEDIA_URL)."""
    return storages["private"]
