"""Editorial control: editors draft, a national approver approves; revisions; scheduling."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.demo import para, stream
from cms.models import GuidancePage
from cms.tasks import publish_scheduled
from tests.factories import UserFactory, grant
from volunteers.models import Role

URL = "/guidance/expenses-update/"


def _draft(parent, user, text="<p>The mileage rate is 45p a mile.</p>"):
    page = GuidancePage(
        title="Expenses update",
        slug="expenses-update",
        summary="A new mileage rate.",
        body=stream(para(text)),
        live=False,
    )
    parent.add_child(instance=page)
    page.save_revision(user=user)
    return page


@pytest.fixture
def editors(editor, national_admin, sync_groups):
    sync_groups(editor, national_admin)
    return editor, national_admin


def test_an_editor_may_draft_but_not_publish(guidance, editors):
    editor, national_admin = editors
    page = _draft(guidance, editor)
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(national_admin).can_publish()


def test_a_submitted_page_is_not_live_until_a_national_approver_approves(
    client_for, guidance, editors
):
    editor, national_admin = editors
    page = _draft(guidance, editor)
    workflow = page.get_workflow()
    assert workflow.name == "Moderators approval"
    workflow.start(page, editor)
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live
    assert Client().get(URL).status_code == 404

    task_state = page.current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    # The editor cannot approve their own submission (Wagtail sends them back to the dashboard)...
    refused = client_for(editor).post(approve)
    assert (refused.status_code, refused["Location"]) == (302, "/cms-admin/")
    page.refresh_from_db()
    assert not page.live
    # ...a national approver can, and that publishes it.
    assert client_for(national_admin).post(approve).status_code == 302
    page.refresh_from_db()
    assert page.live
    assert not page.workflow_in_progress
    response = Client().get(URL)
    assert response.status_code == 200
    assert "The mileage rate is 45p a mile." in response.content.decode()


def test_a_rejected_page_stays_unpublished(guidance, editors):
    editor, national_admin = editors
    page = _draft(guidance, editor)
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, national_admin, "reject")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"


def test_only_moderators_are_offered_approval(guidance, editors):
    editor, national_admin = editors
    page = _draft(guidance, editor)
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    task = page.current_workflow_task_state.task.specific
    assert [name for name, _, _ in task.get_actions(page, editor)] == []
    assert "approve" in [name for name, _, _ in task.get_actions(page, national_admin)]


def test_revisions_are_kept_and_can_be_compared(client_for, guidance, editors):
    editor, _ = editors
    page = _draft(guidance, editor)
    first = page.latest_revision
    page.body = stream(para("<p>The mileage rate is 50p a mile.</p>"))
    second = page.save_revision(user=editor)
    assert list(page.revisions.order_by("pk")) == [first, second]
    response = client_for(editor).get(
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    )
    assert response.status_code == 200
    assert "50p" in response.content.decode()


def test_content_editors_reach_the_cms_admin(client_for, editors):
    editor, _ = editors
    assert client_for(editor).get("/cms-admin/").status_code == 200


def test_content_editors_cannot_manage_users(client_for, editors):
    editor, _ = editors
    assert client_for(editor).get("/cms-admin/users/").status_code in (302, 403)


def test_panel_members_cannot_reach_the_cms_admin(client_for, member, sync_groups):
    response = client_for(sync_groups(member)).get("/cms-admin/")
    assert response.status_code == 302
    assert "/cms-admin/" not in response["Location"].split("?")[0]


def test_a_content_editor_without_an_authenticator_is_sent_to_set_one_up(client_for, db):
    user = UserFactory(email="new.editor@example.org")
    grant(user, Role.CONTENT_EDITOR)
    response = client_for(user).get("/cms-admin/")
    assert response.status_code == 302
    # Set-up starts with the emailed one-time link, never straight at allauth's TOTP page.
    assert response["Location"] == reverse("privacy:mfa_enrol")


def test_the_scheduled_publishing_task_publishes_when_the_time_comes(guidance, editors):
    _, national_admin = editors
    page = _draft(guidance, national_admin)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save_revision(user=national_admin).publish(user=national_admin)
    page.refresh_from_db()
    assert not page.live
    revision = page.scheduled_revision
    assert revision is not None

    publish_scheduled.delay()
    page.refresh_from_db()
    assert not page.live

    # An hour later (moved back here rather than waited for), the next beat run publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.live
    assert Client().get(URL).status_code == 200


def test_the_scheduled_publishing_task_unpublishes_expired_pages(guidance, editors):
    _, national_admin = editors
    page = _draft(guidance, national_admin)
    page.save_revision(user=national_admin).publish(user=national_admin)
    GuidancePage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    publish_scheduled.delay()
    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_beat_runs_scheduled_publishing_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == publish_scheduled.name == "cms.tasks.publish_scheduled"
    assert entry["schedule"].minute == set(range(0, 60, 5))


def test_only_national_approvers_may_change_who_can_see_a_page(members_section, editors):
    editor, national_admin = editors
    assert not members_section.permissions_for_user(editor).can_set_view_restrictions()
    assert members_section.permissions_for_user(national_admin).can_set_view_restrictions()
