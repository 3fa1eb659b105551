"""Documents: allowed types only, a size limit, and a private collection for members."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.models import Collection, CollectionViewRestriction

from cms.privacy import VOLUNTEERS_ONLY_COLLECTION, volunteers_only_collection


def _form(user, upload, collection=None):
    Form = get_document_form(get_document_model())
    collection = collection or Collection.get_first_root_node()
    return Form(
        data={"title": "A document", "collection": collection.pk},
        files={"file": upload},
        user=user,
    )


@pytest.fixture
def uploader(editor, sync_groups):
    return sync_groups(editor)


def test_allowed_types_are_accepted(uploader):
    form = _form(uploader, SimpleUploadedFile("guide.pdf", b"%PDF-1.4 test"))
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("name", ["run.exe", "page.html", "script.js", "photo.svg"])
def test_other_types_are_refused(uploader, name):
    form = _form(uploader, SimpleUploadedFile(name, b"content"))
    assert not form.is_valid()
    assert "file" in form.errors


def test_documents_have_a_size_limit(uploader, settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    form = _form(uploader, SimpleUploadedFile("big.txt", b"x" * 1025))
    assert not form.is_valid()
    assert "too big" in str(form.errors["file"])


def test_documents_are_served_through_django_so_privacy_applies():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_the_volunteers_only_collection_exists_from_the_migration(db):
    collection = Collection.objects.get(name=VOLUNTEERS_ONLY_COLLECTION)
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == "groups"
    assert sorted(restriction.groups.values_list("name", flat=True)) == ["Panel members", "Staff"]
    assert volunteers_only_collection() == collection
    assert Collection.objects.filter(name=VOLUNTEERS_ONLY_COLLECTION).count() == 1


def test_editors_can_file_documents_in_the_volunteers_only_collection(uploader):
    form = _form(
        uploader, SimpleUploadedFile("notes.txt", b"notes"), collection=volunteers_only_collection()
    )
    assert form.is_valid(), form.errors


def test_documents_are_stored_outside_media_root(private_document, public_document):
    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]).resolve()
    for document in (private_document, public_document):
        path = Path(document.file.path).resolve()
        assert private_root in path.parents
        assert Path(settings.MEDIA_ROOT).resolve() not in path.parents


def test_editors_manage_documents_in_the_cms_admin(client_for, uploader, private_document):
    response = client_for(uploader).get("/cms-admin/documents/")
    assert response.status_code == 200
    assert "Hearing papers checklist" in response.content.decode()
