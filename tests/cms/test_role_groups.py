"""Groups follow roles: Wagtail's privacy and admin permissions go by groups, roles are the truth.

These test `volunteers.services.roles` (grant_role/revoke_role/sync_role_groups); they live
here because the groups exist for the CMS.
"""

import datetime

from django.contrib.auth.models import Group

from volunteers.models import Role, RoleAssignment
from volunteers.services.lifecycle import resign_volunteer
from volunteers.services.roles import grant_role, revoke_role, sync_all_role_groups

MEMBERS_PAGE = "/guidance/members/papers/"


def _groups(user):
    return sorted(user.groups.values_list("name", flat=True))


def test_granting_panel_member_adds_the_panel_members_group(applicant, national_admin):
    grant_role(user=applicant, role=Role.PANEL_MEMBER, region=None, by=national_admin)
    assert _groups(applicant) == ["Panel members"]


def test_content_editors_join_editors_and_national_admins_join_moderators(
    applicant, national_admin, admin_east, east
):
    grant_role(user=applicant, role=Role.CONTENT_EDITOR, region=None, by=national_admin)
    assert _groups(applicant) == ["Editors", "Staff"]
    grant_role(user=applicant, role=Role.NATIONAL_ADMIN, region=None, by=national_admin)
    assert _groups(applicant) == ["Editors", "Moderators", "Staff"]
    grant_role(user=admin_east, role=Role.TRAINER, region=east, by=national_admin)
    assert _groups(admin_east) == ["Staff"]


def test_revoking_a_role_removes_only_the_groups_no_other_role_needs(applicant, national_admin):
    editor_grant = grant_role(
        user=applicant, role=Role.CONTENT_EDITOR, region=None, by=national_admin
    )
    grant_role(user=applicant, role=Role.NATIONAL_ADMIN, region=None, by=national_admin)
    revoke_role(assignment=editor_grant, by=national_admin)
    assert _groups(applicant) == ["Moderators", "Staff"]


def test_groups_not_managed_by_roles_are_left_alone(applicant, national_admin):

    applicant.groups.add(Group.objects.create(name="Newsletter"))
    grant_role(user=applicant, role=Role.PANEL_MEMBER, region=None, by=national_admin)
    assert _groups(applicant) == ["Newsletter", "Panel members"]


def test_sync_all_repairs_every_role_holder(member, editor, applicant):
    assert _groups(member) == []
    assert sync_all_role_groups() == 3
    assert _groups(member) == ["Panel members"]
    assert _groups(editor) == ["Editors", "Staff"]
    assert _groups(applicant) == []


def test_a_resigned_member_loses_members_guidance_at_once(
    client_for, member, national_admin, members_page, sync_groups
):
    client = client_for(sync_groups(member))
    assert client.get(MEMBERS_PAGE).status_code == 200
    # The lifecycle service ends the role directly, not through revoke_role.
    resign_volunteer(
        volunteer=member.volunteer,
        on=datetime.date.today(),
        reason="Moving abroad",
        by=national_admin,
    )
    assert client.get(MEMBERS_PAGE).status_code == 403
    assert _groups(member) == []


def test_a_role_granted_outside_the_services_still_opens_members_guidance(
    client_for, applicant, members_page, private_document
):
    # As appointment does: the role row is written directly.
    RoleAssignment.objects.create(user=applicant, role=Role.PANEL_MEMBER)
    client = client_for(applicant)
    assert client.get(MEMBERS_PAGE).status_code == 200
    url = f"/documents/{private_document.pk}/{private_document.filename}"
    assert client.get(url).status_code == 200
