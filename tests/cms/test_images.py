"""Images: public ones under /media/ as before; those in a restricted collection stored
privately and served, original and renditions alike, only to those the collection lets in."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from cms.images import place_image_files, private_image_url
from cms.privacy import VOLUNTEERS_ONLY_COLLECTION, volunteers_only_collection


def _png(width=40, height=20):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 94, 184)).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(title, collection, filename="photo.png"):
    image = get_image_model()(title=title, collection=collection)
    image.file.save(filename, ImageFile(io.BytesIO(_png()), name=filename), save=False)
    image.save()
    return image


def _under(path, root) -> bool:
    return Path(root).resolve() in Path(path).resolve().parents


@pytest.fixture
def private_image(db):
    return make_image("Hearing room layout", volunteers_only_collection(), "layout.png")


@pytest.fixture
def public_image(db):
    return make_image("Panel members at training", Collection.get_first_root_node(), "team.png")


@pytest.fixture
def private_url(private_image):
    return private_image.get_rendition("fill-20x10").url


def test_images_use_the_cms_image_model():
    assert settings.WAGTAILIMAGES_IMAGE_MODEL == "cms.GuidanceImage"
    assert get_image_model()._meta.label == "cms.GuidanceImage"


def test_the_volunteers_only_collection_restricts_images_to_members_and_staff(private_image):
    collection = Collection.objects.get(name=VOLUNTEERS_ONLY_COLLECTION, depth=2)
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == "groups"
    assert sorted(restriction.groups.values_list("name", flat=True)) == ["Panel members", "Staff"]
    assert private_image.collection == collection
    assert private_image.is_private is True


def test_a_private_image_and_its_renditions_are_stored_outside_media_root(private_image):
    rendition = private_image.get_rendition("fill-20x10")
    private_root = settings.STORAGES["private"]["OPTIONS"]["location"]
    for name, path in [
        (private_image.file.name, private_image.file.path),
        (rendition.file.name, rendition.file.path),
    ]:
        assert name.startswith("private/")
        assert _under(path, private_root)
        assert not _under(path, settings.MEDIA_ROOT)


def test_a_private_renditions_url_is_the_serve_view_not_media(private_image, private_url):
    assert not private_url.startswith(settings.MEDIA_URL)
    assert private_url.startswith("/images/")
    assert re.search(r"/fill-20x10/layout(_\w+)?\.png$", private_url)
    assert private_image.get_rendition("original").url.startswith("/images/")


def test_a_private_image_has_no_media_url(private_image):
    with pytest.raises(ValueError, match="private"):
        _ = private_image.file.url


def test_a_panel_member_sees_a_private_image(client_for, member, sync_groups, private_url):
    response = client_for(sync_groups(member)).get(private_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "no-store, private"
    with PILImage.open(io.BytesIO(b"".join(response.streaming_content))) as served:
        assert served.size == (20, 10)


def test_staff_see_a_private_image_original(client_for, editor, sync_groups, private_image):
    url = private_image.get_rendition("original").url
    response = client_for(sync_groups(editor)).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_an_anonymous_visitor_gets_a_404_for_a_private_image(client, private_url):
    response = client.get(private_url)
    assert response.status_code == 404


def test_an_applicant_gets_a_404_for_a_private_image(client_for, applicant, private_url):
    response = client_for(applicant).get(private_url)
    assert response.status_code == 404


def test_a_refused_request_never_makes_a_rendition(client, private_image):
    response = client.get(private_image_url(private_image, "width-10"))
    assert response.status_code == 404
    assert not private_image.renditions.filter(filter_spec="width-10").exists()


def test_the_serve_view_rejects_post(client_for, member, sync_groups, private_url):
    response = client_for(sync_groups(member)).post(private_url)
    assert response.status_code == 405


def test_a_tampered_address_is_refused(client_for, member, sync_groups, private_url):
    tampered = private_url.replace("fill-20x10", "fill-40x20")
    response = client_for(sync_groups(member)).get(tampered)
    assert response.status_code == 403


def test_a_public_image_is_served_from_media_as_before(client, public_image):
    rendition = public_image.get_rendition("fill-20x10")
    assert public_image.is_private is False
    assert rendition.url == settings.MEDIA_URL + rendition.file.name
    assert rendition.file.name.startswith("images/")
    assert public_image.file.url == settings.MEDIA_URL + public_image.file.name
    assert _under(rendition.file.path, settings.MEDIA_ROOT)
    assert _under(public_image.file.path, settings.MEDIA_ROOT)


def test_an_image_moved_into_the_private_collection_leaves_media(
    public_image, django_capture_on_commit_callbacks
):
    public_image.get_rendition("fill-20x10")
    old_path = public_image.file.path
    public_image.collection = volunteers_only_collection()
    public_image.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert place_image_files(image=public_image) is True
    public_image.refresh_from_db()
    assert public_image.file.name.startswith("private/original_images/")
    assert not Path(old_path).exists()
    assert public_image.renditions.count() == 0
    assert public_image.get_rendition("fill-20x10").file.name.startswith("private/images/")
    assert place_image_files(image=public_image) is False


def test_an_image_whose_collection_becomes_restricted_is_linked_through_the_check(
    client, public_image
):
    rendition = public_image.get_rendition("fill-20x10")
    members = Collection.get_first_root_node().add_child(name="Training photos")
    public_image.collection = members
    public_image.save()
    restriction = CollectionViewRestriction.objects.create(
        collection=members, restriction_type="login"
    )
    assert restriction.pk
    rendition.refresh_from_db()
    assert rendition.url.startswith("/images/")
    assert client.get(rendition.url).status_code == 404


def test_place_images_moves_the_files_of_a_newly_restricted_collection(
    public_image, private_image, django_capture_on_commit_callbacks
):
    members = Collection.get_first_root_node().add_child(name="Training photos")
    public_image.collection = members
    public_image.save()
    CollectionViewRestriction.objects.create(collection=members, restriction_type="login")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("place_images", stdout=out)
    assert out.getvalue() == "1 image(s) moved.\n"
    public_image.refresh_from_db()
    assert public_image.file.name.startswith("private/original_images/")


def test_editors_upload_into_the_private_collection_in_the_cms_admin(
    client_for, editor, sync_groups
):
    client = client_for(sync_groups(editor))
    response = client.post(
        "/cms-admin/images/multiple/add/",
        {
            "files[]": SimpleUploadedFile("room.png", _png(), content_type="image/png"),
            "collection": volunteers_only_collection().pk,
        },
    )
    assert response.status_code == 200, response.content[:500]
    image = get_image_model().objects.get()
    assert image.file.name.startswith("private/original_images/")
    listing = client.get("/cms-admin/images/")
    assert listing.status_code == 200
    assert "/images/" in listing.content.decode()
    assert settings.MEDIA_URL + "images/" not in listing.content.decode()


def test_editing_an_images_collection_in_the_cms_admin_moves_its_file(
    client_for, editor, sync_groups, public_image, django_capture_on_commit_callbacks
):
    client = client_for(sync_groups(editor))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/cms-admin/images/{public_image.pk}/",
            {
                "title": public_image.title,
                "collection": volunteers_only_collection().pk,
                "tags": "",
                "description": "",
            },
        )
    assert response.status_code == 302, response.content[:2000]
    public_image.refresh_from_db()
    assert public_image.file.name.startswith("private/original_images/")
