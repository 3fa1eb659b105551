"""Applicant pages: campaigns, interest, the task list, check and submit, withdraw, my data,
and the referee's tokenised page."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import local_authority
from tests.volunteers.recruitment.factories import ApplicationFactory
from volunteers.models import Application, DataDeletionRequest, ExpressionOfInterest, Volunteer
from volunteers.services import recruitment as services

pytestmark = pytest.mark.django_db


def _fill_everything(client, app):
    url = lambda section: reverse("apply:section", args=[app.pk, section])  # noqa: E731
    posts = {
        "eligibility": {
            "is_adult": "yes",
            "lives_or_works_in_scotland": "yes",
            "has_right_to_work": "yes",
            "can_attend_training": "yes",
        },
        "personal": {
            "first_name": "Ada",
            "last_name": "Applicant",
            "phone": "0131 496 0001",
            "postcode": "eh1 1aa",
            "sex": "F",
        },
        "areas": {"home_local_authority": _la("S12000036")},
        "availability": {"availability": ["mon_am", "thu_pm"]},
        "statements": {
            k: f"Evidence for {k}"
            for k in ("communication", "listening", "decisions", "teamwork", "children")
        },
        "declarations": {
            "has_convictions": "no",
            "has_conflicting_occupation": "no",
            "has_family_involvement": "no",
        },
        "referees": {
            "name_1": "Rita Ref",
            "email_1": "rita@example.net",
            "relationship_1": "employer",
            "years_known_1": "6",
            "name_2": "Rob Ref",
            "email_2": "rob@example.net",
            "relationship_2": "friend",
            "years_known_2": "10",
            "not_related": "on",
        },
        "equality": {"age_band": "30-44"},
        "consent": {"consent": "on"},
    }
    for section, data in posts.items():
        response = client.post(url(section), data)
        assert response.status_code == 302, (section, response.content.decode()[:3000])


def _la(code):

    return local_authority(code).pk


# --- public campaign list -----------------------------------------------------------------


def test_open_campaigns_are_listed_to_anyone(client, campaign):
    response = client.get(reverse("apply:campaigns"))
    assert response.status_code == 200
    assert [c.name for c in response.context["campaigns"]] == ["Spring 2027"]
    assert "Create an account to apply" in response.content.decode()


def test_campaign_list_rejects_posts(client, campaign):
    assert client.post(reverse("apply:campaigns")).status_code == 405


# --- interest -----------------------------------------------------------------------------


def test_an_applicant_registers_interest(client_for, applicant):
    response = client_for(applicant).post(
        reverse("apply:interest"), {"local_authority": _la("S12000036")}
    )
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.get(user=applicant).local_authority.code == "S12000036"


def test_interest_needs_sign_in(client):
    response = client.get(reverse("apply:interest"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_interest_rejects_put(client_for, applicant):
    assert client_for(applicant).put(reverse("apply:interest")).status_code == 405


# --- the application ----------------------------------------------------------------------


def test_starting_an_application_then_filling_every_section_and_submitting(
    client_for, applicant, campaign, east
):
    client = client_for(applicant)
    response = client.post(reverse("apply:start", args=[campaign.pk]))
    app = Application.objects.get(user=applicant)
    assert response["Location"] == reverse("apply:application", args=[app.pk])
    page = client.get(reverse("apply:application", args=[app.pk]))
    assert page.context["completed"] == 0
    assert "ds_task-list" in page.content.decode()

    _fill_everything(client, app)
    app.refresh_from_db()
    assert app.region == east
    assert app.postcode == "EH1 1AA"
    assert app.referees.count() == 2
    check = client.get(reverse("apply:check", args=[app.pk]))
    assert check.status_code == 200
    assert check.context["missing"] == []

    response = client.post(reverse("apply:check", args=[app.pk]))
    assert response["Location"] == reverse("apply:submitted", args=[app.pk])
    app.refresh_from_db()
    assert app.status == "submitted"
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert mail.outbox[0].alternatives  # HTML as well as plain text
    confirmation = client.get(reverse("apply:submitted", args=[app.pk]))
    assert "Application submitted" in confirmation.content.decode()


def test_a_double_submission_is_refused_with_a_message_and_nothing_is_lost(
    client_for, applicant, campaign
):
    client = client_for(applicant)
    client.post(reverse("apply:start", args=[campaign.pk]))
    app = Application.objects.get(user=applicant)
    _fill_everything(client, app)
    client.post(reverse("apply:check", args=[app.pk]))
    response = client.post(reverse("apply:check", args=[app.pk]), follow=True)
    assert "already been submitted" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "submitted"
    assert app.transitions.count() == 1


def test_a_no_to_eligibility_gets_a_kind_explanation_not_a_dead_end(client_for, applicant, draft):
    client = client_for(applicant)
    client.post(
        reverse("apply:section", args=[draft.pk, "eligibility"]),
        {
            "is_adult": "no",
            "lives_or_works_in_scotland": "yes",
            "has_right_to_work": "yes",
            "can_attend_training": "yes",
        },
    )
    page = client.get(reverse("apply:application", args=[draft.pk])).content.decode()
    assert "Panel members must be 18 or over" in page
    assert reverse("apply:interest") in page


def test_an_invalid_section_shows_errors_and_keeps_the_answers(client_for, applicant, draft):
    response = client_for(applicant).post(
        reverse("apply:section", args=[draft.pk, "personal"]),
        {"first_name": "Ada", "last_name": "", "phone": "", "postcode": "EH1", "sex": "F"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'value="Ada"' in body


def test_a_council_outside_the_campaign_is_explained(client_for, applicant, draft):
    response = client_for(applicant).post(
        reverse("apply:section", args=[draft.pk, "areas"]),
        {"home_local_authority": _la("S12000017")},
    )
    assert response.status_code == 400
    assert "register your interest" in response.content.decode()


def test_referees_must_be_two_different_people(client_for, applicant, draft):
    response = client_for(applicant).post(
        reverse("apply:section", args=[draft.pk, "referees"]),
        {
            "name_1": "A",
            "email_1": "same@example.net",
            "relationship_1": "friend",
            "years_known_1": "2",
            "name_2": "B",
            "email_2": "same@example.net",
            "relationship_2": "friend",
            "years_known_2": "2",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give two different referees" in body
    assert "cannot be partners or relatives" in body


def test_someone_elses_application_is_not_found(client_for, member, draft):
    client = client_for(member)
    assert client.get(reverse("apply:application", args=[draft.pk])).status_code == 404
    assert client.get(reverse("apply:section", args=[draft.pk, "personal"])).status_code == 404
    assert client.post(reverse("apply:check", args=[draft.pk])).status_code == 404


def test_an_unknown_section_is_not_found(client_for, applicant, draft):
    response = client_for(applicant).get(reverse("apply:section", args=[draft.pk, "nope"]))
    assert response.status_code == 404


def test_application_page_rejects_posts(client_for, applicant, draft):
    assert (
        client_for(applicant).post(reverse("apply:application", args=[draft.pk])).status_code == 405
    )


def test_start_rejects_get(client_for, applicant, campaign):
    assert client_for(applicant).get(reverse("apply:start", args=[campaign.pk])).status_code == 405


def test_a_submitted_application_shows_where_it_stands_and_can_be_withdrawn(
    client_for, applicant, campaign, east
):
    app = ApplicationFactory(campaign=campaign, region=east, user=applicant)
    client = client_for(applicant)
    page = client.get(reverse("apply:application", args=[app.pk]))
    assert page.status_code == 200
    assert "We will read your application" in page.content.decode()
    response = client.post(reverse("apply:withdraw", args=[app.pk]), {"reason": "Moving away"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "withdrawn"
    assert app.transitions.last().reason == "Moving away"


def test_withdraw_rejects_put(client_for, applicant, draft):
    assert client_for(applicant).put(reverse("apply:withdraw", args=[draft.pk])).status_code == 405


# --- my data ------------------------------------------------------------------------------


def test_my_data_page_and_download_hold_everything_about_me(client_for, applicant, campaign, east):
    ApplicationFactory(campaign=campaign, region=east, user=applicant, phone="07700 900123")
    client = client_for(applicant)
    page = client.get(reverse("apply:my_data"))
    assert page.status_code == 200
    assert "07700 900123" in page.content.decode()
    download = client.get(reverse("apply:my_data_download"))
    assert download["Content-Disposition"].startswith("attachment;")
    data = json.loads(download.content)
    sections = data["sections"]
    assert sections["volunteers.user"]["records"][0]["Email address"] == applicant.email
    assert sections["volunteers.application"]["records"][0]["Phone"] == "07700 900123"
    assert sections["volunteers.referee"]["count"] == 2


def test_my_data_needs_sign_in(client):
    assert client.get(reverse("apply:my_data")).status_code == 302
    assert client.get(reverse("apply:my_data_download")).status_code == 302


def test_asking_for_deletion_is_recorded_once(client_for, applicant):
    client = client_for(applicant)
    client.post(reverse("apply:my_data_delete"), {"reason": "Please"})
    client.post(reverse("apply:my_data_delete"), {"reason": "Again"})
    assert DataDeletionRequest.objects.filter(user=applicant).count() == 1


def test_deletion_request_rejects_get(client_for, applicant):
    assert client_for(applicant).get(reverse("apply:my_data_delete")).status_code == 405


# --- referees -----------------------------------------------------------------------------


def _reference_tokens(app, by):

    mail.outbox.clear()
    services.request_references(application=app, by=by)
    return [m.body.split("/reference/")[1].split("/")[0] for m in mail.outbox]


def test_a_referee_gives_a_reference_through_their_link(client, east_application, ppa_east):
    token = _reference_tokens(east_application, ppa_east)[0]
    url = reverse("referee:reference", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    response = client.post(
        url, {"suitability": "Thoughtful and fair", "concerns": "", "recommends": "yes"}
    )
    assert "Reference received" in response.content.decode()
    referee = east_application.referees.get(position=1)
    assert (referee.suitability, referee.recommends) == ("Thoughtful and fair", True)
    again = client.post(url, {"suitability": "Changed", "recommends": "no"})
    assert again.status_code == 404  # the link is single use
    referee.refresh_from_db()
    assert referee.suitability == "Thoughtful and fair"


def test_a_forged_token_is_not_found(client, east_application):
    response = client.get(reverse("referee:reference", args=["a" * 43]))
    assert response.status_code == 404
    assert "does not work" in response.content.decode()


def test_reference_page_rejects_put(client, east_application, ppa_east):
    token = _reference_tokens(east_application, ppa_east)[0]
    assert client.put(reverse("referee:reference", args=[token])).status_code == 405


def test_an_applicant_accepts_an_offer_and_becomes_a_trainee(client_for, applicant, campaign, east):

    app = ApplicationFactory(campaign=campaign, region=east, user=applicant, status="offer")
    client = client_for(applicant)
    page = client.get(reverse("apply:application", args=[app.pk]))
    assert "Accept the offer" in page.content.decode()
    assert client.post(reverse("apply:accept", args=[app.pk])).status_code == 302
    app.refresh_from_db()
    assert app.status == "accepted"
    assert Volunteer.objects.get(user=applicant).status == "trainee"
    again = client.post(reverse("apply:accept", args=[app.pk]), follow=True)
    assert "no open offer" in again.content.decode()


def test_accept_rejects_get_and_other_people(client_for, applicant, member, campaign, east):
    app = ApplicationFactory(campaign=campaign, region=east, user=applicant, status="offer")
    assert client_for(applicant).get(reverse("apply:accept", args=[app.pk])).status_code == 405
    assert client_for(member).post(reverse("apply:accept", args=[app.pk])).status_code == 404
