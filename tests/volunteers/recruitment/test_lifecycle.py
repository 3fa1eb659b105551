"""The serving volunteer's life: record, leave, moving area, resignation, removal, terms,
reappointment, and the national audit page."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import RotaFactory, VolunteerFactory, local_authority
from volunteers import reappointment
from volunteers.models import DataDeletionRequest, Role, StatusChange, Term, User, Volunteer
from volunteers.services import lifecycle as services
from volunteers.services.recruitment import request_data_deletion

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _d(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def volunteer(member):
    volunteer = member.volunteer
    Term.objects.create(
        volunteer=volunteer,
        starts_on=TODAY - datetime.timedelta(days=3 * 365 - 60),
        ends_on=TODAY + datetime.timedelta(days=60),
    )
    return volunteer


# --- the list and the record --------------------------------------------------------------


def test_admins_list_volunteers_of_their_regions(client_for, admin_east, volunteer, west_member):
    response = client_for(admin_east).get(reverse("lifecycle:volunteers"))
    assert response.status_code == 200
    assert [v.pk for v in response.context["page"].object_list] == [volunteer.pk]


def test_volunteer_list_is_forbidden_to_ppas_and_rejects_posts(client_for, ppa_east, admin_east):
    assert client_for(ppa_east).get(reverse("lifecycle:volunteers")).status_code == 403
    assert client_for(admin_east).post(reverse("lifecycle:volunteers")).status_code == 405


def test_volunteer_list_query_count_does_not_grow(
    client_for, national_admin, east, django_assert_max_num_queries
):

    client = client_for(national_admin)
    VolunteerFactory(home_region=east)
    with django_assert_max_num_queries(25) as one:
        client.get(reverse("lifecycle:volunteers"))
    for _ in range(3):
        VolunteerFactory(home_region=east)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("lifecycle:volunteers"))


def test_another_regions_volunteer_is_not_found(client_for, admin_west, volunteer):
    client = client_for(admin_west)
    for name in ("volunteer", "edit", "leave", "move", "resign", "remove"):
        assert client.get(reverse(f"lifecycle:{name}", args=[volunteer.pk])).status_code == 404
    for name in ("return", "reappoint", "end_term"):
        assert client.post(reverse(f"lifecycle:{name}", args=[volunteer.pk])).status_code == 404


def test_the_record_page_shows_the_volunteer(client_for, admin_east, volunteer):
    response = client_for(admin_east).get(reverse("lifecycle:volunteer", args=[volunteer.pk]))
    assert response.status_code == 200
    assert "Morag Member" in response.content.decode()


def test_record_page_rejects_posts(client_for, admin_east, volunteer):
    url = reverse("lifecycle:volunteer", args=[volunteer.pk])
    assert client_for(admin_east).post(url).status_code == 405


def test_editing_travel_languages_needs_conflicts_centres_and_rotas(
    client_for, admin_east, volunteer, east, east_centre
):
    rota = RotaFactory(region=east, centres=[east_centre])
    response = client_for(admin_east).post(
        reverse("lifecycle:edit", args=[volunteer.pk]),
        {
            "max_travel_km": "45",
            "centres": [east_centre.pk],
            "rotas": [rota.pk],
            "languages": "Gaelic",
            "accessibility_needs": "Step-free access",
            "declared_conflicts": "Works at a Fife school",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.max_travel_km, volunteer.languages) == (45, "Gaelic")
    assert list(volunteer.centres.all()) == [east_centre]
    assert list(volunteer.rotas.all()) == [rota]


def test_edit_rejects_put(client_for, admin_east, volunteer):
    assert (
        client_for(admin_east).put(reverse("lifecycle:edit", args=[volunteer.pk])).status_code
        == 405
    )


# --- leave --------------------------------------------------------------------------------


def test_leave_starting_today_puts_them_on_leave_and_back(client_for, admin_east, volunteer):
    client = client_for(admin_east)
    response = client.post(
        reverse("lifecycle:leave", args=[volunteer.pk]),
        {
            "starts_on": _d(TODAY),
            "ends_on": _d(TODAY + datetime.timedelta(days=30)),
            "reason": "Caring",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == "on_leave"
    client.post(reverse("lifecycle:return", args=[volunteer.pk]))
    volunteer.refresh_from_db()
    assert volunteer.status == "serving"
    assert list(volunteer.status_changes.values_list("to_status", flat=True)) == [
        "serving",
        "on_leave",
    ]


def test_overlapping_leave_is_refused(admin_east, volunteer):
    services.record_leave(
        volunteer=volunteer,
        starts_on=TODAY + datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=20),
        reason="Holiday",
        by=admin_east,
    )
    with pytest.raises(ValidationError, match="overlaps"):
        services.record_leave(
            volunteer=volunteer,
            starts_on=TODAY + datetime.timedelta(days=15),
            ends_on=TODAY + datetime.timedelta(days=25),
            reason="Again",
            by=admin_east,
        )


def test_leave_page_rejects_put_and_return_rejects_get(client_for, admin_east, volunteer):
    client = client_for(admin_east)
    assert client.put(reverse("lifecycle:leave", args=[volunteer.pk])).status_code == 405
    assert client.get(reverse("lifecycle:return", args=[volunteer.pk])).status_code == 405


# --- moving area --------------------------------------------------------------------------


def test_moving_area_keeps_the_history(client_for, national_admin, volunteer, east, west):
    rota = RotaFactory(region=east)
    volunteer.rotas.add(rota)
    response = client_for(national_admin).post(
        reverse("lifecycle:move", args=[volunteer.pk]),
        {"local_authority": local_authority("S12000038").pk, "region": west.pk, "on": _d(TODAY)},
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.home_region, volunteer.home_local_authority.code) == (west, "S12000038")
    move = volunteer.moves.get()
    assert (move.from_region, move.from_local_authority.code) == (east, "S12000036")
    assert list(volunteer.rotas.all()) == []


def test_a_regional_admin_cannot_move_someone_into_another_region(admin_east, volunteer, west):
    with pytest.raises(ValidationError):
        services.move_volunteer(
            volunteer=volunteer,
            local_authority=local_authority("S12000038"),
            region=west,
            on=TODAY,
            by=admin_east,
        )


def test_move_page_rejects_put(client_for, admin_east, volunteer):
    assert (
        client_for(admin_east).put(reverse("lifecycle:move", args=[volunteer.pk])).status_code
        == 405
    )


# --- leaving ------------------------------------------------------------------------------


def test_resignation_ends_the_term_and_the_panel_member_role(client_for, admin_east, volunteer):
    response = client_for(admin_east).post(
        reverse("lifecycle:resign", args=[volunteer.pk]),
        {"on": _d(TODAY), "reason": "New job"},
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.left_on) == ("resigned", TODAY)
    assert volunteer.terms.get().outcome == "ended"
    user = User.objects.get(pk=volunteer.user_id)
    assert not user.has_role(Role.PANEL_MEMBER)
    # The members-only guidance group goes with the role, and the revocation is audited.
    assert not user.groups.filter(name="Panel members").exists()
    revoked = user.role_assignments.get(role=Role.PANEL_MEMBER)
    assert LogEntry.objects.get_for_object(revoked).filter(actor=admin_east).exists()


def test_removal_records_the_lord_presidents_consent(client_for, national_admin, volunteer):
    response = client_for(national_admin).post(
        reverse("lifecycle:remove", args=[volunteer.pk]),
        {
            "on": _d(TODAY),
            "reason": "Conduct",
            "consented_by": "Lord President of the Court of Session",
            "consented_on": _d(TODAY - datetime.timedelta(days=2)),
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == "removed"
    assert volunteer.removal_consented_by == "Lord President of the Court of Session"
    change = StatusChange.objects.get(volunteer=volunteer)
    assert (change.consented_on, change.by) == (TODAY - datetime.timedelta(days=2), national_admin)


def test_removal_without_consent_is_refused(client_for, national_admin, volunteer):
    response = client_for(national_admin).post(
        reverse("lifecycle:remove", args=[volunteer.pk]),
        {"on": _d(TODAY), "reason": "Conduct"},
    )
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.status == "serving"


def test_someone_who_has_left_cannot_leave_again(admin_east, volunteer):
    services.resign_volunteer(volunteer=volunteer, on=TODAY, reason="", by=admin_east)
    with pytest.raises(ValidationError, match="already left"):
        services.resign_volunteer(volunteer=volunteer, on=TODAY, reason="", by=admin_east)


def test_leaving_pages_reject_put(client_for, admin_east, volunteer):
    client = client_for(admin_east)
    for name in ("resign", "remove"):
        assert client.put(reverse(f"lifecycle:{name}", args=[volunteer.pk])).status_code == 405


# --- terms and reappointment --------------------------------------------------------------


def test_terms_ending_within_six_months_are_listed_with_facts_from_other_apps(
    client_for, admin_east, volunteer, monkeypatch
):
    def provider(volunteers, start, end):
        return {
            v.pk: [reappointment.ReappointmentFact("Sittings", "14 in this term", True)]
            for v in volunteers
        }

    monkeypatch.setattr(reappointment._registry, "providers", [provider])
    response = client_for(admin_east).get(reverse("lifecycle:reappointments"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["term"].volunteer == volunteer
    assert [f.value for f in row["facts"]] == ["14 in this term"]
    assert "14 in this term" in response.content.decode()


def test_reappointment_starts_the_next_three_year_term(client_for, admin_east, volunteer):
    old = volunteer.terms.get()
    response = client_for(admin_east).post(reverse("lifecycle:reappoint", args=[volunteer.pk]))
    assert response.status_code == 302
    old.refresh_from_db()
    new = volunteer.terms.get(outcome="current")
    assert old.outcome == "reappointed"
    assert new.starts_on == old.ends_on + datetime.timedelta(days=1)
    volunteer.refresh_from_db()
    assert volunteer.term_ends_on == new.ends_on


def test_ending_at_term_end(client_for, admin_east, volunteer):
    client_for(admin_east).post(reverse("lifecycle:end_term", args=[volunteer.pk]))
    volunteer.refresh_from_db()
    assert volunteer.status == "term_ended"


def test_reappointment_pages_reject_wrong_methods(client_for, admin_east, volunteer):
    client = client_for(admin_east)
    assert client.post(reverse("lifecycle:reappointments")).status_code == 405
    assert client.get(reverse("lifecycle:reappoint", args=[volunteer.pk])).status_code == 405
    assert client.get(reverse("lifecycle:end_term", args=[volunteer.pk])).status_code == 405


def test_reappointment_list_is_forbidden_to_ppas(client_for, ppa_east):
    assert client_for(ppa_east).get(reverse("lifecycle:reappointments")).status_code == 403


# --- audit --------------------------------------------------------------------------------


def test_national_admins_see_every_change_to_a_volunteers_record(
    client_for, national_admin, volunteer
):
    client = client_for(national_admin)
    client.post(
        reverse("lifecycle:edit", args=[volunteer.pk]),
        {"max_travel_km": "55", "languages": "BSL"},
    )
    response = client.get(reverse("lifecycle:audit"))
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    change = next(e for e in entries if e.content_type.model == "volunteer" and e.action == 1)
    assert change.actor == national_admin
    assert change.changes_dict["max_travel_km"] == ["30", "55"]


def test_audit_is_only_for_national_admins(client_for, admin_east, national_admin):
    assert client_for(admin_east).get(reverse("lifecycle:audit")).status_code == 403
    assert client_for(national_admin).post(reverse("lifecycle:audit")).status_code == 405


def test_a_volunteer_record_exists_only_once_per_person(member):
    assert Volunteer.objects.filter(user=member).count() == 1


def test_a_national_admin_closes_a_deletion_request(client_for, national_admin, applicant):

    pending = request_data_deletion(user=applicant, reason="Please")
    client = client_for(national_admin)
    page = client.get(reverse("lifecycle:audit"))
    assert applicant.email in page.content.decode()
    url = reverse("lifecycle:deletion_handled", args=[pending.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert DataDeletionRequest.objects.get().handled_at is not None


def test_only_national_admins_close_deletion_requests(client_for, admin_east, applicant):

    pending = request_data_deletion(user=applicant)
    url = reverse("lifecycle:deletion_handled", args=[pending.pk])
    assert client_for(admin_east).post(url).status_code == 403
