"""An applicant who signs in with an unfinished application is offered a way back to it."""

import pytest
from django.urls import reverse

from tests.volunteers.recruitment.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_offers_to_continue_a_draft(client_for, applicant, campaign):
    application = ApplicationFactory(campaign=campaign, user=applicant, status="draft")
    page = client_for(applicant).get(reverse("dashboard")).content.decode()
    assert "Continue your application" in page
    assert reverse("apply:application", args=[application.pk]) in page


def test_a_sent_application_is_not_offered_again(client_for, applicant, campaign):
    ApplicationFactory(campaign=campaign, user=applicant, status="submitted")
    page = client_for(applicant).get(reverse("dashboard")).content.decode()
    assert "Continue your application" not in page


def test_someone_elses_draft_is_not_offered(client_for, applicant, member, campaign):
    ApplicationFactory(campaign=campaign, user=member, status="draft")
    page = client_for(applicant).get(reverse("dashboard")).content.decode()
    assert "Continue your application" not in page


def test_allauth_pages_use_sentence_case(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in" in page
    assert "Remember me" in page
    assert "Sign In" not in page
    assert "Remember Me" not in page
    signup = client.get(reverse("account_signup")).content.decode()
    assert "Sign up" in signup
    assert "Sign Up" not in signup
