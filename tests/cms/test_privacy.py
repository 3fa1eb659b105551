"""Volunteers-only guidance and documents: panel members and staff only, enforced everywhere."""

import pytest

MEMBERS_PAGE = "/guidance/members/papers/"


def _document_url(document):
    return f"/documents/{document.pk}/{document.filename}"


def test_a_public_visitor_is_sent_to_sign_in_for_a_members_page(client, members_page):
    response = client.get(MEMBERS_PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={MEMBERS_PAGE}"


def test_a_public_visitor_is_sent_to_sign_in_for_a_private_document(
    client, members_page, private_document
):
    url = _document_url(private_document)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_wagtails_own_password_only_sign_in_is_not_reachable(client):
    response = client.get("/_util/login/?next=/guidance/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/guidance/"


def test_a_panel_member_reads_members_guidance_and_documents(
    client_for, member, members_page, private_document, sync_groups
):
    client = client_for(sync_groups(member))
    response = client.get(MEMBERS_PAGE)
    assert response.status_code == 200
    assert "Keep the confidential papers in a locked drawer." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    document = client.get(_document_url(private_document))
    assert document.status_code == 200
    assert b"".join(document.streaming_content) == b"Some text.\n"


@pytest.mark.parametrize("person", ["admin_east", "trainer_east", "editor", "national_admin"])
def test_staff_read_members_guidance(request, client_for, members_page, sync_groups, person):
    client = client_for(sync_groups(request.getfixturevalue(person)))
    assert client.get(MEMBERS_PAGE).status_code == 200


def test_a_signed_in_applicant_is_refused_with_a_clear_page(
    client_for, applicant, members_page, private_document, sync_groups
):
    client = client_for(sync_groups(applicant))
    response = client.get(MEMBERS_PAGE)
    assert response.status_code == 403
    assert "This guidance is for panel members" in response.content.decode()
    assert "Keep the confidential papers" not in response.content.decode()
    assert client.get(_document_url(private_document)).status_code == 403


def test_a_member_who_resigns_loses_access(client_for, member, national_admin, members_page):
    from volunteers.models import Role
    from volunteers.services.roles import revoke_role, sync_role_groups

    sync_role_groups(user=member)
    client = client_for(member)
    assert client.get(MEMBERS_PAGE).status_code == 200
    revoke_role(assignment=member.role_assignments.get(role=Role.PANEL_MEMBER), by=national_admin)
    assert client.get(MEMBERS_PAGE).status_code == 403


def test_public_listings_leave_out_the_members_section(client, guidance_page, members_page):
    html = client.get("/guidance/").content.decode()
    assert "Preparing for a hearing" in html
    assert "Panel members only" not in html


def test_members_see_the_members_section_listed_and_tagged(
    client_for, member, guidance_page, members_page, sync_groups
):
    html = client_for(sync_groups(member)).get("/guidance/").content.decode()
    assert 'href="/guidance/members/"' in html
    assert "ds_tag" in html


def test_documents_in_public_collections_stay_public(client, public_document):
    assert client.get(_document_url(public_document)).status_code == 200
