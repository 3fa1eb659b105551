"""Staff recruitment pages: pipeline, one application, scoring, PVG, references, campaigns,
bulk actions, export and the funnel. Region-scoped: another region's applicant is a 404."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.models import Job
from tests.volunteers.recruitment.factories import ApplicationFactory, CampaignFactory, EventFactory
from volunteers.models import Campaign, EqualityResponse
from volunteers.services.recruitment import transition_application

pytestmark = pytest.mark.django_db

SCORES = {
    "stage": "interview",
    "score_communication": "3",
    "score_listening": "4",
    "score_decisions": "3",
    "score_teamwork": "2",
    "score_children": "4",
    "recommendation": "appoint",
    "comments": "Listened well",
}


# --- pipeline -----------------------------------------------------------------------------


def test_pipeline_lists_my_regions_applications_with_counts(
    client_for, ppa_east, east_application, west_application
):
    response = client_for(ppa_east).get(reverse("recruitment:pipeline"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].object_list] == [east_application.pk]
    counts = {row["status"]: row["count"] for row in response.context["counts"]}
    assert counts["submitted"] == 1
    assert "draft" not in counts


def test_national_admins_see_every_region(
    client_for, national_admin, east_application, west_application
):
    response = client_for(national_admin).get(reverse("recruitment:pipeline"))
    assert {a.pk for a in response.context["page"].object_list} == {
        east_application.pk,
        west_application.pk,
    }


def test_drafts_never_appear_in_the_pipeline(client_for, national_admin, draft):
    response = client_for(national_admin).get(reverse("recruitment:pipeline"))
    assert list(response.context["page"].object_list) == []


def test_pipeline_filters_by_status_and_campaign(
    client_for, national_admin, east_application, west_application, ppa_east
):

    transition_application(application=east_application, to_status="shortlisted", by=ppa_east)
    client = client_for(national_admin)
    response = client.get(reverse("recruitment:pipeline"), {"status": "shortlisted"})
    assert [a.pk for a in response.context["page"].object_list] == [east_application.pk]
    other = Campaign.objects.create(
        name="Other", opens_on=timezone.localdate(), closes_on=timezone.localdate()
    )
    response = client.get(reverse("recruitment:pipeline"), {"campaign": other.pk})
    assert list(response.context["page"].object_list) == []


def test_pipeline_is_forbidden_to_trainers_members_and_applicants(
    client_for, trainer_east, member, applicant
):
    for user in (trainer_east, member, applicant):
        assert client_for(user).get(reverse("recruitment:pipeline")).status_code == 403


def test_pipeline_rejects_posts(client_for, ppa_east):
    assert client_for(ppa_east).post(reverse("recruitment:pipeline")).status_code == 405


def test_pipeline_query_count_does_not_grow_with_applications(
    client_for, national_admin, campaign, east, django_assert_max_num_queries
):
    client = client_for(national_admin)
    ApplicationFactory(campaign=campaign, region=east)
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("recruitment:pipeline"))
    for _ in range(3):
        ApplicationFactory(campaign=campaign, region=east)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("recruitment:pipeline"))


# --- one application ----------------------------------------------------------------------


def test_a_selector_sees_an_application_in_their_region(client_for, ppa_east, east_application):
    response = client_for(ppa_east).get(
        reverse("recruitment:application", args=[east_application.pk])
    )
    assert response.status_code == 200
    assert east_application.full_name in response.content.decode()


def test_a_regional_selector_cannot_see_another_regions_applicant(
    client_for, ppa_east, admin_east, west_application
):
    for user in (ppa_east, admin_east):
        client = client_for(user)
        for name in ("application", "score", "pvg"):
            url = reverse(f"recruitment:{name}", args=[west_application.pk])
            assert client.get(url).status_code == 404, name
        for name in ("transition", "references"):
            url = reverse(f"recruitment:{name}", args=[west_application.pk])
            assert client.post(url, {"to_status": "shortlisted"}).status_code == 404, name
    west_application.refresh_from_db()
    assert west_application.status == "submitted"


def test_application_page_is_forbidden_without_a_selection_role(
    client_for, trainer_east, east_application
):
    url = reverse("recruitment:application", args=[east_application.pk])
    assert client_for(trainer_east).get(url).status_code == 403


def test_application_page_rejects_posts(client_for, ppa_east, east_application):
    url = reverse("recruitment:application", args=[east_application.pk])
    assert client_for(ppa_east).post(url).status_code == 405


def test_moving_an_application_on(client_for, ppa_east, east_application):
    response = client_for(ppa_east).post(
        reverse("recruitment:transition", args=[east_application.pk]),
        {"to_status": "shortlisted", "reason": "", "version": east_application.version},
    )
    assert response.status_code == 302
    east_application.refresh_from_db()
    assert east_application.status == "shortlisted"
    assert mail.outbox[0].to == [east_application.user.email]


def test_a_forbidden_transition_is_refused_with_a_message(client_for, ppa_east, east_application):
    response = client_for(ppa_east).post(
        reverse("recruitment:transition", args=[east_application.pk]),
        {"to_status": "appointed", "version": east_application.version},
    )
    assert response.status_code == 409
    east_application.refresh_from_db()
    assert east_application.status == "submitted"


def test_a_stale_form_is_refused_and_the_reason_typed_is_kept(
    client_for, ppa_east, admin_east, east_application
):
    seen = east_application.version
    client_for(admin_east).post(
        reverse("recruitment:transition", args=[east_application.pk]),
        {"to_status": "shortlisted", "version": seen},
    )
    response = client_for(ppa_east).post(
        reverse("recruitment:transition", args=[east_application.pk]),
        {"to_status": "rejected", "reason": "My careful reasons", "version": seen},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed after you opened the page" in body
    assert "My careful reasons" in body
    east_application.refresh_from_db()
    assert east_application.status == "shortlisted"


def test_a_double_click_on_the_same_move_is_refused(client_for, ppa_east, east_application):
    client = client_for(ppa_east)
    data = {"to_status": "shortlisted", "version": east_application.version}
    url = reverse("recruitment:transition", args=[east_application.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 409
    assert east_application.transitions.count() == 2  # submitted, shortlisted


def test_transition_rejects_get(client_for, ppa_east, east_application):
    url = reverse("recruitment:transition", args=[east_application.pk])
    assert client_for(ppa_east).get(url).status_code == 405


def test_a_selector_records_scores(client_for, ppa_east, east_application):
    client = client_for(ppa_east)
    url = reverse("recruitment:score", args=[east_application.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, SCORES).status_code == 302
    assert east_application.scores.count() == 5
    page = client.get(reverse("recruitment:application", args=[east_application.pk]))
    assert "Listened well" in page.content.decode()


def test_score_page_rejects_put(client_for, ppa_east, east_application):
    url = reverse("recruitment:score", args=[east_application.pk])
    assert client_for(ppa_east).put(url).status_code == 405


def test_pvg_record_is_saved(client_for, admin_east, east_application):
    url = reverse("recruitment:pvg", args=[east_application.pk])
    client = client_for(admin_east)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "status": "cleared",
            "membership_number": "1234567890123456",
            "applied_on": "01/02/2027",
            "result_on": "15/02/2027",
        },
    )
    assert response.status_code == 302
    east_application.refresh_from_db()
    assert east_application.pvg.status == "cleared"


def test_pvg_page_rejects_put(client_for, admin_east, east_application):
    url = reverse("recruitment:pvg", args=[east_application.pk])
    assert client_for(admin_east).put(url).status_code == 405


def test_references_can_be_requested_again(client_for, ppa_east, east_application):
    response = client_for(ppa_east).post(
        reverse("recruitment:references", args=[east_application.pk])
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        r.email for r in east_application.referees.all()
    )


def test_references_rejects_get(client_for, ppa_east, east_application):
    url = reverse("recruitment:references", args=[east_application.pk])
    assert client_for(ppa_east).get(url).status_code == 405


def test_references_are_seen_only_by_that_regions_staff(
    client_for, ppa_east, admin_west, east_application
):
    east_application.referees.filter(position=1).update(
        received_at=timezone.now(), suitability="A very private reference"
    )
    url = reverse("recruitment:application", args=[east_application.pk])
    assert "A very private reference" in client_for(ppa_east).get(url).content.decode()
    assert client_for(admin_west).get(url).status_code == 404


# --- bulk actions, export, funnel ---------------------------------------------------------


def test_moving_a_group_on_runs_as_a_job_with_progress(
    client_for, admin_east, campaign, east, west_application
):
    apps = [ApplicationFactory(campaign=campaign, region=east) for _ in range(3)]
    response = client_for(admin_east).post(
        reverse("recruitment:bulk"),
        {"applications": [a.pk for a in apps], "action": "move_on"},
    )
    job = Job.objects.get(owner=admin_east)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.done, job.total) == ("succeeded", 3, 3)
    assert {a.status for a in type(apps[0]).objects.filter(pk__in=[a.pk for a in apps])} == {
        "shortlisted"
    }


def test_a_bulk_action_cannot_reach_another_region(client_for, admin_east, west_application):
    response = client_for(admin_east).post(
        reverse("recruitment:bulk"),
        {"applications": [west_application.pk], "action": "move_on"},
    )
    assert response.status_code == 302
    assert not Job.objects.exists()
    west_application.refresh_from_db()
    assert west_application.status == "submitted"


def test_inviting_a_group_to_an_information_session(client_for, ppa_east, campaign, east):
    event = EventFactory(campaign=campaign)
    apps = [ApplicationFactory(campaign=campaign, region=east) for _ in range(2)]
    client_for(ppa_east).post(
        reverse("recruitment:bulk"),
        {"applications": [a.pk for a in apps], "action": "invite", "event": event.pk},
    )
    assert {a.information_session_id for a in type(apps[0]).objects.all()} == {event.pk}
    assert len(mail.outbox) == 2
    assert "Information session" in mail.outbox[0].subject


def test_emailing_a_group(client_for, ppa_east, east_application):
    client_for(ppa_east).post(
        reverse("recruitment:bulk"),
        {
            "applications": [east_application.pk],
            "action": "email",
            "subject": "Parking at the centre",
            "message": "Use the back entrance.",
        },
    )
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("[Children's Panel] Parking at the centre", [east_application.user.email])
    ]


def test_bulk_rejects_get(client_for, ppa_east):
    assert client_for(ppa_east).get(reverse("recruitment:bulk")).status_code == 405


def test_the_pipeline_export_is_formula_safe(client_for, national_admin, campaign, east):
    ApplicationFactory(campaign=campaign, region=east, first_name="=HYPERLINK(1)")
    response = client_for(national_admin).post(reverse("recruitment:export"))
    job = Job.objects.get(owner=national_admin)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    sheet = load_workbook(io.BytesIO(job.result_file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Reference", "First name", "Last name")
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_export_rejects_get_and_trainers(client_for, ppa_east, trainer_east):
    assert client_for(ppa_east).get(reverse("recruitment:export")).status_code == 405
    assert client_for(trainer_east).post(reverse("recruitment:export")).status_code == 403


def test_the_funnel_counts_how_far_applications_got(client_for, ppa_east, campaign, east):

    apps = [ApplicationFactory(campaign=campaign, region=east) for _ in range(3)]
    transition_application(application=apps[0], to_status="shortlisted", by=ppa_east)
    transition_application(application=apps[0], to_status="rejected", by=ppa_east, reason="x")
    response = client_for(ppa_east).get(reverse("recruitment:funnel"), {"campaign": campaign.pk})
    assert response.status_code == 200
    rows = {r["label"]: r["count"] for r in response.context["rows"]}
    assert (rows["Submitted"], rows["Shortlisted"], rows["Information session"]) == (3, 1, 0)
    body = response.content.decode()
    assert "<svg" in body
    assert "<table" in body


def test_equality_counts_under_five_are_suppressed(client_for, national_admin, campaign, east):
    for _ in range(6):
        EqualityResponse.objects.create(campaign=campaign, region=east, age_band="30-44")
    for _ in range(2):
        EqualityResponse.objects.create(campaign=campaign, region=east, age_band="60+")
    response = client_for(national_admin).get(reverse("recruitment:funnel"))
    age = response.context["equality"]["questions"][0]["rows"]
    counts = {row["label"]: row["count"] for row in age}
    assert counts["30 to 44"] == 6
    assert counts["60 or over"] is None
    assert "fewer than 5" in response.content.decode()


def test_funnel_is_forbidden_to_trainers_and_rejects_posts(client_for, trainer_east, ppa_east):
    assert client_for(trainer_east).get(reverse("recruitment:funnel")).status_code == 403
    assert client_for(ppa_east).post(reverse("recruitment:funnel")).status_code == 405


# --- campaigns ----------------------------------------------------------------------------


def test_a_regional_admin_creates_a_campaign_in_their_region(client_for, admin_east, east):
    client = client_for(admin_east)
    assert client.get(reverse("recruitment:campaign_new")).status_code == 200
    response = client.post(
        reverse("recruitment:campaign_new"),
        {
            "name": "East autumn",
            "regions": [east.pk],
            "opens_on": "01/09/2027",
            "closes_on": "30/09/2027",
            "target": "25",
        },
    )
    campaign = Campaign.objects.get(name="East autumn")
    assert response["Location"] == reverse("recruitment:campaign", args=[campaign.pk])
    assert list(campaign.regions.all()) == [east]


def test_a_regional_admin_cannot_run_a_national_campaign(client_for, admin_east):
    response = client_for(admin_east).post(
        reverse("recruitment:campaign_new"),
        {"name": "All", "opens_on": "01/09/2027", "closes_on": "30/09/2027", "target": "1"},
    )
    assert response.status_code == 200
    assert "Only national administrators" in response.content.decode()
    assert not Campaign.objects.exists()


def test_ppas_cannot_create_campaigns(client_for, ppa_east):
    assert client_for(ppa_east).get(reverse("recruitment:campaign_new")).status_code == 403


def test_campaign_new_rejects_put(client_for, admin_east):
    assert client_for(admin_east).put(reverse("recruitment:campaign_new")).status_code == 405


def test_campaign_list_and_adding_an_event(client_for, admin_east, campaign):
    client = client_for(admin_east)
    listing = client.get(reverse("recruitment:campaigns"))
    assert [c.name for c in listing.context["campaigns"]] == ["Spring 2027"]
    response = client.post(
        reverse("recruitment:campaign", args=[campaign.pk]),
        {"kind": "information_session", "starts_at": "15/03/2027 18:30", "place": "Leith"},
    )
    assert response.status_code == 302
    assert campaign.events.get().place == "Leith"


def test_another_regions_campaign_is_not_found(client_for, admin_west, east):

    east_only = CampaignFactory(regions=[east])
    url = reverse("recruitment:campaign", args=[east_only.pk])
    assert client_for(admin_west).get(url).status_code == 404


def test_campaign_pages_reject_wrong_methods(client_for, admin_east, campaign):
    client = client_for(admin_east)
    assert client.post(reverse("recruitment:campaigns")).status_code == 405
    assert client.put(reverse("recruitment:campaign", args=[campaign.pk])).status_code == 405
