"""Dated organisation changes: preview then confirm, timelines and statuses, removal by whom."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.factories import CentreFactory, RotaFactory
from volunteers.models import CentreRegionLink, Region, StatusChange
from volunteers.selectors import centre_status, centre_timeline, region_timeline
from volunteers.services import merge_regions, move_centre
from volunteers.services.lifecycle import remove_volunteer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=10)
FAR = datetime.date(2099, 4, 1)  # an explicit future date for wording tests
LONG_AGO = datetime.date(2021, 4, 1)


def _date(day):
    return day.strftime("%d/%m/%Y")


# --- preview, then confirm ---------------------------------------------------------------


def test_a_merge_is_previewed_before_anything_is_saved(client_for, national_admin, east, west):
    CentreFactory(name="Paisley", region=west)
    response = client_for(national_admin).post(
        reverse("volunteers:region_merge", args=["R-WEST"]), {"target": east.pk, "on": _date(SOON)}
    )
    assert response.status_code == 200
    assert response.templates[0].name == "volunteers/change_preview.html"
    assert response.context["preview"].centres == [("Paisley", "West", "East")]
    page = response.content.decode()
    assert "East has no rota: Paisley cannot be rostered." in page
    assert 'name="confirm"' in page
    assert f'value="{_date(SOON)}"' in page
    west.refresh_from_db()
    assert (west.is_active, west.merged_into) == (True, None)


def test_confirming_the_preview_makes_the_merge(client_for, national_admin, east, west):
    response = client_for(national_admin).post(
        reverse("volunteers:region_merge", args=["R-WEST"]),
        {"target": east.pk, "on": _date(SOON), "confirm": "1"},
    )
    assert response.status_code == 302
    assert response.url == reverse("volunteers:region", args=["R-EAST"])
    west.refresh_from_db()
    assert (west.merged_into, west.merged_on) == (east, SOON)


def test_a_regional_admin_cannot_preview_a_merge(client_for, admin_east, east, west):
    response = client_for(admin_east).post(
        reverse("volunteers:region_merge", args=["R-EAST"]), {"target": west.pk, "on": _date(SOON)}
    )
    assert response.status_code == 403


def test_a_centre_move_preview_warns_and_confirm_moves_it(
    client_for, national_admin, east, west, east_centre
):
    client = client_for(national_admin)
    url = reverse("volunteers:centre_move", args=[east_centre.pk])
    data = {"region": west.pk, "on": _date(SOON)}
    preview = client.post(url, data)
    assert preview.context["preview"].warnings == [
        "West has no rota: Edinburgh Waterloo Place cannot be rostered.",
        "No serving member of West lives within their travel limit of Edinburgh Waterloo Place.",
    ]
    assert east_centre.region_on(SOON) == east
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert east_centre.region_on(SOON) == west


def test_a_rota_redraw_is_previewed_then_saved_with_its_new_name(
    client_for, admin_east, east, east_centre
):
    rota = RotaFactory(region=east, name="Lothian", centres=[east_centre])
    client = client_for(admin_east)
    url = reverse("volunteers:rota_edit", args=[rota.pk])
    data = {"name": "Lothian and Borders", "on": _date(SOON)}
    preview = client.post(url, data)
    assert preview.context["preview"].rotas == ["Lothian"]
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    rota.refresh_from_db()
    assert rota.name == "Lothian and Borders"
    assert not rota.centre_links.on(SOON).exists()


def test_council_redraw_rejects_delete(client_for, national_admin, east):
    url = reverse("volunteers:region_councils", args=["R-EAST"])
    assert client_for(national_admin).delete(url).status_code == 405


# --- statuses and timelines ----------------------------------------------------------------


def test_a_scheduled_merge_says_merging_until_the_day_and_merged_from_it(
    national_admin, east, west
):
    merge_regions(source=west, target=east, on=FAR, by=national_admin)
    west.refresh_from_db()
    assert west.status_on(datetime.date(2099, 3, 31)) == "Merging into East on 1 April 2099"
    assert west.status_on(FAR) == "Merged into East"
    assert (west.is_merged_on(datetime.date(2099, 3, 31)), west.is_merged_on(FAR)) == (False, True)


def test_the_organisation_page_does_not_call_a_region_merged_before_the_day(
    client_for, national_admin, east, west
):
    merge_regions(source=west, target=east, on=FAR, by=national_admin)
    page = client_for(national_admin).get(reverse("volunteers:organisation")).content.decode()
    assert "Merging into East on 1 April 2099" in page
    assert ">Merged" not in page


def test_the_region_page_says_merged_once_the_day_has_passed(
    client_for, national_admin, east, west
):
    merge_regions(source=west, target=east, on=LONG_AGO, by=national_admin)
    page = client_for(national_admin).get(reverse("volunteers:region", args=["R-WEST"]))
    assert "Merged into East." in page.content.decode()


def test_a_region_timeline_lists_scheduled_current_and_past_links(national_admin, east, west):
    paisley = CentreFactory(name="Paisley", region=west)
    move_centre(centre=paisley, region=east, on=FAR, by=national_admin)
    entries = [
        (e.state, e.kind, e.name, e.valid_from, e.valid_to)
        for e in region_timeline(east, today=datetime.date(2030, 1, 1))
    ]
    assert entries == [("Scheduled", "Hearing centre", "Paisley", FAR, None)]
    west_entries = [
        (e.state, e.name, e.valid_to)
        for e in region_timeline(west, today=datetime.date(2100, 1, 1))
    ]
    assert west_entries == [("Past", "Paisley", FAR)]


def test_a_centre_page_shows_its_coming_move(client_for, national_admin, east, west, east_centre):
    move_centre(centre=east_centre, region=west, on=FAR, by=national_admin)
    response = client_for(national_admin).get(reverse("volunteers:centre", args=[east_centre.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "In East; moving to West on 1 April 2099" in page
    assert "Scheduled" in page


def test_centre_status_after_the_move_day(national_admin, east, west, east_centre):
    move_centre(centre=east_centre, region=west, on=FAR, by=national_admin)
    timeline = centre_timeline(east_centre, today=FAR)
    assert centre_status(timeline) == "In West"


def test_a_centre_page_outside_my_regions_is_not_found(client_for, admin_east, west_centre):
    url = reverse("volunteers:centre", args=[west_centre.pk])
    assert client_for(admin_east).get(url).status_code == 404


def test_a_centre_page_rejects_posts(client_for, admin_east, east_centre):
    url = reverse("volunteers:centre", args=[east_centre.pk])
    assert client_for(admin_east).post(url).status_code == 405


def _add_links(region, first, n):
    for i in range(first, first + n):
        centre = CentreFactory(name=f"Extra {region.code} {i}", region=region)
        RotaFactory(region=region, centres=[centre])
        CentreRegionLink.objects.filter(centre=centre).update(valid_to=datetime.date(2021, 1, 1))


def test_the_region_page_query_count_does_not_grow_with_links(
    client_for, national_admin, east, django_assert_max_num_queries
):
    client = client_for(national_admin)
    _add_links(east, 0, 1)
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("volunteers:region", args=["R-EAST"]))
    _add_links(east, 1, 3)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("volunteers:region", args=["R-EAST"]))


def test_the_centre_page_query_count_does_not_grow_with_links(
    client_for, national_admin, east, east_centre, django_assert_max_num_queries
):
    client = client_for(national_admin)
    url = reverse("volunteers:centre", args=[east_centre.pk])
    RotaFactory(region=east, centres=[east_centre])
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for i in range(3):
        RotaFactory(region=east, centres=[east_centre])
        other = Region.objects.create(code=f"R-X{i}", name=f"X{i}")
        move_centre(centre=east_centre, region=other, on=FAR + datetime.timedelta(days=i), by=None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


# --- removal: the National Convener's act, with the Lord President's consent -------------


@pytest.fixture
def serving(member):
    return member.volunteer


def _removal(day=TODAY):
    return {
        "on": _date(day),
        "reason": "Conduct",
        "consented_by": "Lord President of the Court of Session",
        "consented_on": _date(day - datetime.timedelta(days=2)),
    }


def test_a_regional_admin_cannot_remove_a_member(client_for, admin_east, serving):
    client = client_for(admin_east)
    url = reverse("lifecycle:remove", args=[serving.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _removal()).status_code == 403
    serving.refresh_from_db()
    assert serving.status == "serving"


def test_a_national_admin_removes_a_member_with_the_consent_recorded(
    client_for, national_admin, serving
):
    response = client_for(national_admin).post(
        reverse("lifecycle:remove", args=[serving.pk]), _removal()
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(volunteer=serving)
    assert (change.to_status, change.consented_by, change.consented_on, change.by) == (
        "removed",
        "Lord President of the Court of Session",
        TODAY - datetime.timedelta(days=2),
        national_admin,
    )


def test_the_removal_service_refuses_a_regional_admin(admin_east, serving):

    with pytest.raises(PermissionDenied):
        remove_volunteer(
            volunteer=serving,
            on=TODAY,
            reason="Conduct",
            consented_by="Lord President",
            consented_on=TODAY,
            by=admin_east,
        )


def test_removal_rejects_put(client_for, national_admin, serving):
    url = reverse("lifecycle:remove", args=[serving.pk])
    assert client_for(national_admin).put(url).status_code == 405
