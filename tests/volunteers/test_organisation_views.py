"""Organisation pages: regions, councils, centres and rotas, scoped by region."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CentreFactory, RotaFactory, local_authority
from volunteers.models import (
    CentreRegionLink,
    HearingCentre,
    OrganisationSetting,
    Region,
    RegionLocalAuthority,
    Rota,
    RotaCentreLink,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- organisation overview -------------------------------------------------------------


def test_organisation_lists_only_my_regions(client_for, admin_east, west):
    response = client_for(admin_east).get(reverse("volunteers:organisation"))
    assert response.status_code == 200
    assert [r.code for r in response.context["regions"]] == ["R-EAST"]


def test_organisation_lists_every_region_for_national_admins(
    client_for, national_admin, east, west
):
    response = client_for(national_admin).get(reverse("volunteers:organisation"))
    assert {r.code for r in response.context["regions"]} == {"R-EAST", "R-WEST"}


def test_organisation_is_forbidden_to_trainers(client_for, trainer_east):
    assert client_for(trainer_east).get(reverse("volunteers:organisation")).status_code == 403


def test_organisation_rejects_posts(client_for, admin_east):
    assert client_for(admin_east).post(reverse("volunteers:organisation")).status_code == 405


def test_organisation_query_count_does_not_grow_with_regions(
    client_for, national_admin, django_assert_max_num_queries
):
    client = client_for(national_admin)
    Region.objects.create(code="R-A", name="A")
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("volunteers:organisation"))
    for n in range(3):
        region = Region.objects.create(code=f"R-B{n}", name=f"B{n}")
        CentreFactory(region=region)
        RotaFactory(region=region)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("volunteers:organisation"))


# --- organisation model ----------------------------------------------------------------


def test_national_admin_switches_to_the_national_model(client_for, national_admin):
    response = client_for(national_admin).post(
        reverse("volunteers:organisation_model"), {"model": "national"}
    )
    assert response.status_code == 302
    setting = OrganisationSetting.load()
    assert setting.model == "national"
    assert setting.updated_by == national_admin


def test_organisation_model_page_explains_the_choice(client_for, national_admin):
    response = client_for(national_admin).get(reverse("volunteers:organisation_model"))
    assert b"within their travel limit" in response.content


def test_regional_admins_cannot_change_the_model(client_for, admin_east):
    response = client_for(admin_east).post(
        reverse("volunteers:organisation_model"), {"model": "national"}
    )
    assert response.status_code == 403
    assert OrganisationSetting.load().model == "regional"


def test_organisation_model_rejects_put(client_for, national_admin):
    assert (
        client_for(national_admin).put(reverse("volunteers:organisation_model")).status_code == 405
    )


def test_organisation_model_rejects_junk(client_for, national_admin):
    response = client_for(national_admin).post(
        reverse("volunteers:organisation_model"), {"model": "galactic"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert OrganisationSetting.load().model == "regional"


# --- council areas ---------------------------------------------------------------------


def test_council_list_shows_all_32(client_for, admin_east):
    response = client_for(admin_east).get(reverse("volunteers:local_authorities"))
    assert len(response.context["councils"]) == 32


def test_council_list_is_forbidden_to_members(client_for, member):
    assert client_for(member).get(reverse("volunteers:local_authorities")).status_code == 403


def test_council_list_rejects_posts(client_for, admin_east):
    assert client_for(admin_east).post(reverse("volunteers:local_authorities")).status_code == 405


# --- regions ---------------------------------------------------------------------------


def test_national_admin_creates_a_region(client_for, national_admin):
    response = client_for(national_admin).post(
        reverse("volunteers:region_new"), {"code": "R-NORTH", "name": "North"}
    )
    assert response.status_code == 302
    assert Region.objects.get(code="R-NORTH").name == "North"


def test_creating_a_duplicate_region_says_why(client_for, national_admin, east):
    response = client_for(national_admin).post(
        reverse("volunteers:region_new"), {"code": "R-EAST", "name": "Another"}
    )
    assert response.status_code == 200
    assert b"A region with this code already exists." in response.content
    assert Region.objects.count() == 1


def test_regional_admins_cannot_create_regions(client_for, admin_east):
    response = client_for(admin_east).post(
        reverse("volunteers:region_new"), {"code": "R-X", "name": "X"}
    )
    assert response.status_code == 403
    assert not Region.objects.filter(code="R-X").exists()


def test_region_new_rejects_put(client_for, national_admin):
    assert client_for(national_admin).put(reverse("volunteers:region_new")).status_code == 405


def test_region_detail_shows_centres_and_rotas(client_for, admin_east, east, east_centre):
    RotaFactory(region=east, name="Edinburgh rota", centres=[east_centre])
    response = client_for(admin_east).get(reverse("volunteers:region", args=["R-EAST"]))
    assert response.status_code == 200
    assert b"Edinburgh Waterloo Place" in response.content
    assert b"Edinburgh rota" in response.content


def test_another_regions_detail_is_not_found(client_for, admin_east, west):
    response = client_for(admin_east).get(reverse("volunteers:region", args=["R-WEST"]))
    assert response.status_code == 404


def test_region_detail_rejects_posts(client_for, admin_east):
    response = client_for(admin_east).post(reverse("volunteers:region", args=["R-EAST"]))
    assert response.status_code == 405


def test_national_admin_renames_a_region(client_for, national_admin, east):
    response = client_for(national_admin).post(
        reverse("volunteers:region_rename", args=["R-EAST"]), {"name": "Lothian"}
    )
    assert response.status_code == 302
    east.refresh_from_db()
    assert east.name == "Lothian"


def test_regional_admin_cannot_rename_their_region(client_for, admin_east, east):
    response = client_for(admin_east).post(
        reverse("volunteers:region_rename", args=["R-EAST"]), {"name": "Mine"}
    )
    assert response.status_code == 403


def test_region_rename_rejects_put(client_for, national_admin, east):
    url = reverse("volunteers:region_rename", args=["R-EAST"])
    assert client_for(national_admin).put(url).status_code == 405


def test_redrawing_council_areas_keeps_history(client_for, national_admin, east):
    edinburgh = local_authority("S12000036")
    lothian = local_authority("S12000040")
    old = RegionLocalAuthority.objects.create(
        region=east, local_authority=edinburgh, valid_from=datetime.date(2020, 1, 1)
    )
    response = client_for(national_admin).post(
        reverse("volunteers:region_councils", args=["R-EAST"]),
        {"local_authorities": [lothian.pk], "on": _date(TODAY), "confirm": "1"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == TODAY
    on_the_day = RegionLocalAuthority.objects.filter(region=east).on(TODAY)
    assert [link.local_authority for link in on_the_day] == [lothian]
    last_year = RegionLocalAuthority.objects.filter(region=east).on(
        TODAY.replace(year=TODAY.year - 1)
    )
    assert [link.local_authority for link in last_year] == [edinburgh]


def test_regional_admin_cannot_redraw_councils(client_for, admin_east, east):
    url = reverse("volunteers:region_councils", args=["R-EAST"])
    assert client_for(admin_east).post(url, {"on": _date(TODAY)}).status_code == 403


def test_region_councils_rejects_put(client_for, national_admin, east):
    url = reverse("volunteers:region_councils", args=["R-EAST"])
    assert client_for(national_admin).put(url).status_code == 405


def test_merging_regions_moves_centres_people_and_roles_from_a_date(
    client_for, national_admin, admin_west, east, west, west_centre, west_member
):
    rota = RotaFactory(region=west, centres=[west_centre])
    merge_day = TODAY + datetime.timedelta(days=1)
    response = client_for(national_admin).post(
        reverse("volunteers:region_merge", args=["R-WEST"]),
        {"target": east.pk, "on": _date(merge_day), "confirm": "1"},
    )
    assert response.status_code == 302
    west.refresh_from_db()
    assert (west.is_active, west.merged_into) == (False, east)
    assert west_centre.region_on(TODAY) == west  # history kept
    assert west_centre.region_on(merge_day) == east
    rota.refresh_from_db()
    assert rota.region == east
    west_member.volunteer.refresh_from_db()
    assert west_member.volunteer.home_region == east
    assert admin_west.region_ids_for("regional_admin") == {east.pk}


def test_a_region_cannot_be_merged_into_itself(client_for, national_admin, east):
    response = client_for(national_admin).post(
        reverse("volunteers:region_merge", args=["R-EAST"]),
        {"target": east.pk, "on": _date(TODAY)},
    )
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_regional_admin_cannot_merge_regions(client_for, admin_east, east, west):
    response = client_for(admin_east).post(
        reverse("volunteers:region_merge", args=["R-EAST"]), {"target": west.pk, "on": _date(TODAY)}
    )
    assert response.status_code == 403


def test_region_merge_rejects_put(client_for, national_admin, east):
    url = reverse("volunteers:region_merge", args=["R-EAST"])
    assert client_for(national_admin).put(url).status_code == 405


# --- hearing centres -------------------------------------------------------------------


def test_centre_list_shows_only_my_regions_centres(
    client_for, admin_east, east_centre, west_centre
):
    response = client_for(admin_east).get(reverse("volunteers:centres"))
    assert list(response.context["centres"]) == [east_centre]


def test_centre_list_is_forbidden_to_ppas(client_for, ppa_east):
    assert client_for(ppa_east).get(reverse("volunteers:centres")).status_code == 403


def test_centre_list_rejects_posts(client_for, admin_east):
    assert client_for(admin_east).post(reverse("volunteers:centres")).status_code == 405


def test_centre_list_query_count_does_not_grow(
    client_for, admin_east, east, django_assert_max_num_queries
):
    client = client_for(admin_east)
    CentreFactory(region=east)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("volunteers:centres"))
    for _ in range(3):
        CentreFactory(region=east)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("volunteers:centres"))
    assert len(response.context["centres"]) == 4


CENTRE = {
    "name": "Leith",
    "address": "Leith Walk",
    "postcode": "eh6 8rg",
    "latitude": "55.975",
    "longitude": "-3.17",
    "accessibility_notes": "",
}


def test_regional_admin_adds_a_centre_to_their_region(client_for, admin_east, east):
    data = {**CENTRE, "local_authority": local_authority().pk, "region": east.pk}
    response = client_for(admin_east).post(reverse("volunteers:centre_new"), data)
    assert response.status_code == 302
    centre = HearingCentre.objects.get(name="Leith")
    assert centre.postcode == "EH6 8RG"
    assert centre.region_on(TODAY) == east


def test_regional_admin_cannot_add_a_centre_to_another_region(client_for, admin_east, west):
    data = {**CENTRE, "local_authority": local_authority().pk, "region": west.pk}
    response = client_for(admin_east).post(reverse("volunteers:centre_new"), data)
    assert response.status_code == 200
    assert not HearingCentre.objects.filter(name="Leith").exists()


def test_centre_new_is_forbidden_to_members(client_for, member):
    assert client_for(member).get(reverse("volunteers:centre_new")).status_code == 403


def test_centre_new_rejects_put(client_for, admin_east):
    assert client_for(admin_east).put(reverse("volunteers:centre_new")).status_code == 405


def test_regional_admin_edits_their_centre(client_for, admin_east, east_centre):
    data = {**CENTRE, "name": "Waterloo Place", "local_authority": local_authority().pk}
    response = client_for(admin_east).post(
        reverse("volunteers:centre_edit", args=[east_centre.pk]), data
    )
    assert response.status_code == 302
    east_centre.refresh_from_db()
    assert east_centre.name == "Waterloo Place"


def test_another_regions_centre_is_not_found(client_for, admin_east, west_centre):
    url = reverse("volunteers:centre_edit", args=[west_centre.pk])
    assert client_for(admin_east).get(url).status_code == 404
    data = {**CENTRE, "local_authority": local_authority().pk}
    assert client_for(admin_east).post(url, data).status_code == 404
    west_centre.refresh_from_db()
    assert west_centre.name == "Paisley"


def test_centre_edit_rejects_put(client_for, admin_east, east_centre):
    url = reverse("volunteers:centre_edit", args=[east_centre.pk])
    assert client_for(admin_east).put(url).status_code == 405


def test_moving_a_centre_closes_the_old_link(client_for, national_admin, east, west, east_centre):
    move_day = TODAY + datetime.timedelta(days=7)
    response = client_for(national_admin).post(
        reverse("volunteers:centre_move", args=[east_centre.pk]),
        {"region": west.pk, "on": _date(move_day), "confirm": "1"},
    )
    assert response.status_code == 302
    assert east_centre.region_on(TODAY) == east
    assert east_centre.region_on(move_day) == west
    assert CentreRegionLink.objects.filter(centre=east_centre).count() == 2


def test_regional_admin_cannot_move_centres(client_for, admin_east, west, east_centre):
    url = reverse("volunteers:centre_move", args=[east_centre.pk])
    assert (
        client_for(admin_east).post(url, {"region": west.pk, "on": _date(TODAY)}).status_code == 403
    )


def test_centre_move_rejects_put(client_for, national_admin, east_centre):
    url = reverse("volunteers:centre_move", args=[east_centre.pk])
    assert client_for(national_admin).put(url).status_code == 405


# --- rotas -----------------------------------------------------------------------------


def test_regional_admin_creates_a_rota(client_for, admin_east, east, east_centre):
    response = client_for(admin_east).post(
        reverse("volunteers:rota_new", args=["R-EAST"]),
        {"name": "Edinburgh", "centres": [east_centre.pk], "on": _date(TODAY)},
    )
    assert response.status_code == 302
    rota = Rota.objects.get(name="Edinburgh")
    assert [link.centre for link in RotaCentreLink.objects.filter(rota=rota)] == [east_centre]


def test_a_rota_cannot_take_centres_from_another_region(
    client_for, national_admin, east, west_centre
):
    response = client_for(national_admin).post(
        reverse("volunteers:rota_new", args=["R-EAST"]),
        {"name": "Mixed", "centres": [west_centre.pk], "on": _date(TODAY)},
    )
    assert response.status_code == 200
    assert not Rota.objects.filter(name="Mixed").exists()


def test_rota_new_in_another_region_is_not_found(client_for, admin_east, west):
    url = reverse("volunteers:rota_new", args=["R-WEST"])
    assert client_for(admin_east).get(url).status_code == 404


def test_rota_new_rejects_put(client_for, admin_east, east):
    url = reverse("volunteers:rota_new", args=["R-EAST"])
    assert client_for(admin_east).put(url).status_code == 405


def test_redrawing_a_rota_from_a_date(client_for, admin_east, east, east_centre):
    second = CentreFactory(name="Leith", region=east)
    rota = RotaFactory(region=east, name="Edinburgh", centres=[east_centre])
    later = TODAY + datetime.timedelta(days=30)
    response = client_for(admin_east).post(
        reverse("volunteers:rota_edit", args=[rota.pk]),
        {"name": "Edinburgh and Leith", "centres": [second.pk], "on": _date(later), "confirm": "1"},
    )
    assert response.status_code == 302
    rota.refresh_from_db()
    assert rota.name == "Edinburgh and Leith"
    assert [x.centre for x in RotaCentreLink.objects.filter(rota=rota).on(TODAY)] == [east_centre]
    assert [x.centre for x in RotaCentreLink.objects.filter(rota=rota).on(later)] == [second]


def test_another_regions_rota_is_not_found(client_for, admin_east, west):
    rota = RotaFactory(region=west)
    assert (
        client_for(admin_east).get(reverse("volunteers:rota_edit", args=[rota.pk])).status_code
        == 404
    )


def test_rota_edit_rejects_put(client_for, admin_east, east):
    rota = RotaFactory(region=east)
    assert (
        client_for(admin_east).put(reverse("volunteers:rota_edit", args=[rota.pk])).status_code
        == 405
    )


def test_merging_rotas(client_for, admin_east, east, east_centre):
    source = RotaFactory(region=east, name="Small", centres=[east_centre])
    target = RotaFactory(region=east, name="Big")
    response = client_for(admin_east).post(
        reverse("volunteers:rota_merge", args=[source.pk]),
        {"target": target.pk, "on": _date(TODAY), "confirm": "1"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.is_active, source.merged_into) == (False, target)
    assert [x.centre for x in RotaCentreLink.objects.filter(rota=target).on(TODAY)] == [east_centre]


def test_rota_merge_in_another_region_is_not_found(client_for, admin_east, west):
    rota = RotaFactory(region=west)
    assert (
        client_for(admin_east).get(reverse("volunteers:rota_merge", args=[rota.pk])).status_code
        == 404
    )


def test_rota_merge_rejects_put(client_for, admin_east, east):
    rota = RotaFactory(region=east)
    assert (
        client_for(admin_east).put(reverse("volunteers:rota_merge", args=[rota.pk])).status_code
        == 405
    )
