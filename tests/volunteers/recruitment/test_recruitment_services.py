"""The application state machine, references, PVG, appointment and retention."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import UserFactory, local_authority
from tests.volunteers.recruitment.factories import ApplicationFactory, CampaignFactory
from volunteers.models import (
    PIPELINE,
    ApplicationStatus,
    ApplicationTransition,
    EqualityResponse,
    ExpressionOfInterest,
    PvgRecord,
    Referee,
    Role,
    Term,
    Volunteer,
    allowed_transitions,
)
from volunteers.selectors.recruitment import score_summary
from volunteers.services import recruitment as services
from volunteers.tasks import anonymise_expired_applications, notify_interest_in_open_campaigns

pytestmark = pytest.mark.django_db


def _move(application, to, by, **kwargs):
    return services.transition_application(application=application, to_status=to, by=by, **kwargs)


def _to(application, status, by):
    """Walk an application along the pipeline to `status`, meeting each stage's needs."""
    while application.status != status:
        following = allowed_transitions(application.status)[0]
        if following == ApplicationStatus.PVG:
            application.referees.update(received_at=timezone.now())
        if following == ApplicationStatus.OFFER:
            services.update_pvg(
                application=application,
                by=by,
                status="cleared",
                result_on=timezone.localdate(),
            )
        application = _move(application, following, by)
    return application


def test_only_the_next_stage_rejection_and_withdrawal_are_allowed():
    assert allowed_transitions("submitted") == ["shortlisted", "rejected", "withdrawn"]
    assert allowed_transitions("pre_service_training") == ["appointed", "rejected", "withdrawn"]
    assert allowed_transitions("draft") == ["withdrawn"]
    assert allowed_transitions("appointed") == []
    assert allowed_transitions("rejected") == []


def test_a_move_is_recorded_with_who_when_and_why_and_the_applicant_is_told(
    east_application, ppa_east
):
    moved = _move(east_application, "shortlisted", ppa_east, reason="Strong statements")
    assert moved.status == "shortlisted"
    last = ApplicationTransition.objects.filter(application=moved).last()
    assert (last.from_status, last.to_status, last.by, last.reason) == (
        "submitted",
        "shortlisted",
        ppa_east,
        "Strong statements",
    )
    assert [m.to for m in mail.outbox] == [[east_application.user.email]]
    assert "shortlisted" in mail.outbox[0].body


def test_skipping_a_stage_is_refused_and_nothing_changes(east_application, ppa_east):
    with pytest.raises(ValidationError, match="cannot move to 'Offered a place'"):
        _move(east_application, "offer", ppa_east)
    east_application.refresh_from_db()
    assert east_application.status == "submitted"
    assert east_application.transitions.count() == 1
    assert mail.outbox == []


def test_a_closed_application_cannot_be_reopened(east_application, ppa_east):
    _move(east_application, "rejected", ppa_east, reason="Not this time")
    with pytest.raises(ValidationError):
        _move(east_application, "shortlisted", ppa_east)


def test_rejection_needs_a_reason(east_application, ppa_east):
    with pytest.raises(ValidationError):
        _move(east_application, "rejected", ppa_east)


def test_a_stale_version_is_refused_with_a_clear_message(east_application, ppa_east, admin_east):
    seen = east_application.version
    _move(east_application, "shortlisted", admin_east, expected_version=seen)
    with pytest.raises(ValidationError, match="changed after you opened the page"):
        _move(east_application, "rejected", ppa_east, reason="x", expected_version=seen)
    east_application.refresh_from_db()
    assert east_application.status == "shortlisted"


def test_a_selector_cannot_move_another_regions_application(west_application, ppa_east):
    # Services refuse; the views have already turned "not yours" into a 404.
    with pytest.raises(PermissionDenied):
        _move(west_application, "shortlisted", ppa_east)


def test_the_pvg_stage_needs_both_references(east_application, ppa_east):
    app = _to(east_application, "interview", ppa_east)
    app = _move(app, "references", ppa_east)
    app.referees.filter(position=1).update(received_at=timezone.now())
    with pytest.raises(ValidationError, match="1 of 2 received"):
        _move(app, "pvg", ppa_east)


def test_an_offer_needs_a_cleared_pvg(east_application, ppa_east):
    app = _to(east_application, "pvg", ppa_east)
    services.update_pvg(application=app, by=ppa_east, status="applied")
    with pytest.raises(ValidationError, match="PVG check must be cleared"):
        _move(app, "offer", ppa_east)


def test_accepting_makes_a_trainee_and_appointment_starts_a_three_year_term(
    east_application, ppa_east, east
):
    app = _to(east_application, "accepted", ppa_east)
    volunteer = Volunteer.objects.get(user=app.user)
    assert (volunteer.status, volunteer.home_region, volunteer.application) == (
        "trainee",
        east,
        app,
    )
    assert app.user.has_role(Role.PANEL_MEMBER)
    assert app.user.groups.filter(name="Panel members").exists()
    _to(app, "appointed", ppa_east)
    volunteer.refresh_from_db()
    today = timezone.localdate()
    assert volunteer.status == "serving"
    assert volunteer.appointed_on == today
    assert volunteer.term_ends_on == services.term_end(today)
    term = Term.objects.get(volunteer=volunteer)
    assert (term.starts_on, term.ends_on, term.outcome) == (
        today,
        volunteer.term_ends_on,
        "current",
    )


def test_a_term_is_three_years_less_a_day_even_from_29_february():
    assert services.term_end(datetime.date(2027, 4, 1)) == datetime.date(2030, 3, 31)
    assert services.term_end(datetime.date(2028, 2, 29)) == datetime.date(2031, 2, 27)


def test_every_pipeline_status_is_reachable(east_application, ppa_east):
    app = _to(east_application, "appointed", ppa_east)
    reached = list(app.transitions.values_list("to_status", flat=True))
    assert reached == [str(s) for s in PIPELINE]


# --- references ---------------------------------------------------------------------------


def _tokens():
    return [
        m.body.split("/reference/")[1].split("/")[0] for m in mail.outbox if "/reference/" in m.body
    ]


def test_reaching_references_emails_each_referee_a_single_use_link(east_application, ppa_east):
    app = _to(east_application, "interview", ppa_east)
    mail.outbox.clear()
    _move(app, "references", ppa_east)
    tokens = _tokens()
    assert len(tokens) == 2
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes: 256 bits
    referee = Referee.objects.get(application=app, position=1)
    assert referee.token_hash not in tokens  # stored hashed, never the token
    found = services.referee_for_token(tokens[0])
    services.submit_reference(token=tokens[0], suitability="Fair", concerns="", recommends=True)
    found.refresh_from_db()
    assert found.received_at is not None
    assert services.referee_for_token(tokens[0]) is None  # single use


def test_forged_and_expired_tokens_are_refused(east_application, ppa_east):
    app = _to(east_application, "references", ppa_east)
    assert services.referee_for_token("forged-token-" + "x" * 30) is None
    assert services.referee_for_token("") is None
    with pytest.raises(ValidationError, match="not valid or has expired"):
        services.submit_reference(token="forged", suitability="x", concerns="", recommends=True)
    app.referees.update(token_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert all(services.referee_for_token(t) is None for t in _tokens())


def test_overdue_referees_get_a_fresh_link_once_a_week(east_application, ppa_east):
    app = _to(east_application, "references", ppa_east)
    old_tokens = _tokens()
    app.referees.update(requested_at=timezone.now() - datetime.timedelta(days=8))
    mail.outbox.clear()
    assert services.remind_overdue_referees() == 2
    assert services.remind_overdue_referees() == 0  # not again the same week
    new_tokens = _tokens()
    assert len(new_tokens) == 2
    assert all(services.referee_for_token(t) is None for t in old_tokens)
    assert all(services.referee_for_token(t) is not None for t in new_tokens)


# --- PVG ----------------------------------------------------------------------------------


def test_pvg_holds_status_number_and_dates_only(east_application, ppa_east):
    record = services.update_pvg(
        application=east_application,
        by=ppa_east,
        status="member",
        membership_number="1234 5678 9012 3456",
        applied_on=datetime.date(2027, 1, 5),
    )
    assert (record.status, record.membership_number) == ("member", "1234567890123456")
    assert {f.name for f in PvgRecord._meta.get_fields()} == {
        "id",
        "application",
        "status",
        "membership_number",
        "applied_on",
        "result_on",
        "updated_by",
        "updated_at",
    }
    with pytest.raises(ValidationError):
        services.update_pvg(
            application=east_application, by=ppa_east, status="member", membership_number="12"
        )


# --- scoring ------------------------------------------------------------------------------


def test_scores_are_per_selector_and_replaced_not_duplicated(
    east_application, ppa_east, admin_east
):
    scores = {"communication": 3, "listening": 4, "decisions": 2, "teamwork": 3, "children": 4}
    services.record_scores(
        application=east_application,
        by=ppa_east,
        stage="interview",
        scores=scores,
        recommendation="appoint",
    )
    services.record_scores(
        application=east_application,
        by=ppa_east,
        stage="interview",
        scores={**scores, "decisions": 3},
        recommendation="appoint",
    )
    services.record_scores(
        application=east_application,
        by=admin_east,
        stage="interview",
        scores=scores,
        recommendation="reserve",
    )
    assert east_application.scores.count() == 10

    summary = score_summary(east_application)
    decisions = next(r for r in summary["stages"][0]["rows"] if r["label"].startswith("Making"))
    assert sorted(decisions["scores"]) == [2, 3] or sorted(decisions["scores"]) == [3, 3]
    assert dict(summary["tally"]) == {"Recommend": 1, "Reserve": 1}


def test_a_score_must_cover_every_competency(east_application, ppa_east):
    with pytest.raises(ValidationError):
        services.record_scores(
            application=east_application,
            by=ppa_east,
            stage="interview",
            scores={"communication": 3},
            recommendation="appoint",
        )


# --- interest and campaigns ---------------------------------------------------------------


def test_people_interested_in_a_campaigns_area_are_emailed_once(campaign, east, west):

    here = UserFactory(email="here@example.org")
    elsewhere = UserFactory(email="elsewhere@example.org")
    services.express_interest(user=here, local_authority=local_authority("S12000036"))
    services.express_interest(user=elsewhere, local_authority=local_authority("S12000017"))
    assert notify_interest_in_open_campaigns() == 1
    assert [m.to for m in mail.outbox] == [["here@example.org"]]
    assert notify_interest_in_open_campaigns() == 0  # idempotent
    campaign.refresh_from_db()
    assert campaign.interest_notified_at is not None


def test_expressing_interest_twice_keeps_one_record(applicant, campaign):

    services.express_interest(user=applicant, local_authority=local_authority("S12000036"))
    services.express_interest(user=applicant, local_authority=local_authority("S12000038"))
    assert ExpressionOfInterest.objects.filter(user=applicant).count() == 1


def test_a_national_campaign_is_for_national_administrators_only(admin_east, national_admin):
    day = timezone.localdate()
    with pytest.raises(ValidationError):
        services.create_campaign(
            name="National", regions=[], opens_on=day, closes_on=day, target=1, by=admin_east
        )
    campaign = services.create_campaign(
        name="National", regions=[], opens_on=day, closes_on=day, target=1, by=national_admin
    )
    assert list(campaign.regions.all()) == []


# --- the applicant's side -----------------------------------------------------------------


def test_a_second_submission_is_refused_and_nothing_is_lost(draft, applicant):
    draft.completed_sections = [k for k, _ in services.SECTION_LABELS.items()]
    draft.is_adult = draft.lives_or_works_in_scotland = draft.has_right_to_work = True
    draft.can_attend_training = True
    draft.save()
    services.submit_application(application=draft, by=applicant)
    with pytest.raises(ValidationError, match="already been submitted"):
        services.submit_application(application=draft, by=applicant)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.transitions.count() == 1
    assert len(mail.outbox) == 1


def test_an_incomplete_or_ineligible_application_cannot_be_submitted(draft, applicant):
    with pytest.raises(ValidationError, match="Complete these sections first"):
        services.submit_application(application=draft, by=applicant)
    draft.completed_sections = list(services.SECTION_LABELS)
    draft.is_adult = False
    draft.save()
    with pytest.raises(ValidationError, match="cannot be appointed yet"):
        services.submit_application(application=draft, by=applicant)


def test_equality_answers_are_stored_apart_and_only_once(draft, applicant):
    services.save_equality_answers(
        application=draft, answers={"age_band": "30-44", "disability": "no"}, by=applicant
    )
    services.save_equality_answers(application=draft, answers={"age_band": "60+"}, by=applicant)
    response = EqualityResponse.objects.get()
    assert (response.age_band, response.campaign) == ("30-44", draft.campaign)
    assert not any(
        f.related_model is not None and f.related_model._meta.model_name in ("user", "application")
        for f in EqualityResponse._meta.get_fields()
    )


def test_someone_elses_draft_cannot_be_changed(draft, member):
    with pytest.raises(PermissionDenied):
        services.save_application_section(
            application=draft, section="personal", data={"first_name": "X"}, by=member
        )


# --- retention ----------------------------------------------------------------------------


def test_old_unsuccessful_applications_are_anonymised_once(east_application, ppa_east, settings):
    settings.RECRUITMENT_RETENTION_DAYS = 365
    _move(east_application, "rejected", ppa_east, reason="Not this time")
    fresh = ApplicationFactory(campaign=east_application.campaign, region=east_application.region)
    _move(fresh, "rejected", ppa_east, reason="Not this time")
    east_application.__class__.objects.filter(pk=east_application.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert anonymise_expired_applications() == 1
    assert anonymise_expired_applications() == 0  # idempotent
    east_application.refresh_from_db()
    assert (east_application.first_name, east_application.phone, east_application.user) == (
        "",
        "",
        None,
    )
    assert east_application.statements == {}
    assert east_application.referees.count() == 0
    (entry,) = LogEntry.objects.get_for_object(east_application)
    assert entry.changes_dict == {"anonymised": ["", "under the retention policy"]}
    assert east_application.transitions.exclude(reason="").count() == 0
    fresh.refresh_from_db()
    assert fresh.first_name != ""


def test_appointed_applications_are_kept(east_application, ppa_east):
    app = _to(east_application, "appointed", ppa_east)
    app.__class__.objects.filter(pk=app.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=800)
    )
    assert anonymise_expired_applications() == 0


def test_a_closed_campaign_refuses_new_applications(applicant, east):
    closed = CampaignFactory(
        regions=[east],
        opens_on=timezone.localdate() - datetime.timedelta(days=60),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.start_application(user=applicant, campaign=closed)


def test_abandoned_drafts_are_anonymised_a_year_after_their_campaign_closed(draft, settings):
    settings.RECRUITMENT_RETENTION_DAYS = 365
    draft.first_name = "Ada"
    draft.save()
    assert anonymise_expired_applications() == 0
    campaign = draft.campaign
    campaign.opens_on = timezone.localdate() - datetime.timedelta(days=500)
    campaign.closes_on = timezone.localdate() - datetime.timedelta(days=400)
    campaign.save()
    assert anonymise_expired_applications() == 1
    draft.refresh_from_db()
    assert (draft.first_name, draft.user) == ("", None)
