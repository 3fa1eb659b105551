"""The published list of panel members: generated from the records, appointed members only."""

import datetime
import re

import pytest

from tests.factories import UserFactory, VolunteerFactory, local_authority
from volunteers.models import Volunteer
from volunteers.services.lifecycle import resign_volunteer

URL = "/panel/"


def _rows(response):
    return re.findall(
        r'<th scope="row" data-heading="Name">([^<]+)</th>\s*'
        r'<td data-heading="Council area lived in">([^<]+)</td>\s*'
        r'<td data-heading="Council area worked in">([^<]+)</td>',
        response.content.decode(),
    )


def _volunteer(first, last, status="serving", home="S12000036", work=None):
    return VolunteerFactory(
        user=UserFactory(first_name=first, last_name=last, email=f"{first}.{last}@example.org"),
        status=status,
        home_local_authority=local_authority(home),
        work_local_authority=local_authority(work) if work else None,
    )


@pytest.fixture
def volunteers(db):
    return {
        "ailsa": _volunteer("Ailsa", "Brown", work="S12000038"),
        "calum": _volunteer("Calum", "Anderson", home="S12000038"),
        "trainee": _volunteer("Tara", "Trainee", status="trainee"),
        "resigned": _volunteer("Rab", "Resigned", status="resigned"),
        "leave": _volunteer("Lorna", "Leave", status="on_leave"),
    }


def test_it_lists_appointed_members_with_their_council_areas(client, panel_list_page, volunteers):
    edinburgh = local_authority("S12000036").name
    renfrewshire = local_authority("S12000038").name
    assert _rows(client.get(URL)) == [
        ("Calum Anderson", renfrewshire, "—"),
        ("Ailsa Brown", edinburgh, renfrewshire),
    ]


def test_it_matches_the_appointed_volunteers_exactly(client, panel_list_page, volunteers):

    expected = sorted(
        f"{v.user.first_name} {v.user.last_name}"
        for v in Volunteer.objects.filter(status="serving").select_related("user")
    )
    assert sorted(name for name, _, _ in _rows(client.get(URL))) == expected


def test_it_updates_when_a_member_resigns(client, panel_list_page, volunteers, national_admin):
    assert "Ailsa Brown" in [name for name, _, _ in _rows(client.get(URL))]
    resign_volunteer(
        volunteer=volunteers["ailsa"],
        on=datetime.date.today(),
        reason="Moving abroad",
        by=national_admin,
    )
    assert [name for name, _, _ in _rows(client.get(URL))] == ["Calum Anderson"]


def test_it_publishes_nothing_else_about_a_member(client, panel_list_page, volunteers):
    volunteers["ailsa"].home_postcode = "EH12 9XY"
    volunteers["ailsa"].save()
    html = client.get(URL).content.decode()
    assert "@example.org" not in html
    assert "EH12 9XY" not in html


def test_it_is_public(client, panel_list_page, volunteers):
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_it_runs_a_fixed_number_of_queries(
    client, panel_list_page, django_assert_max_num_queries, count
):
    for n in range(count):
        _volunteer(f"Member{n}", f"Surname{n}")
    # Page lookup, site, restrictions, the count and one query for the rows.
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(_rows(response)) == count


def test_it_pages_long_lists(client, panel_list_page):
    for n in range(101):
        _volunteer(f"Member{n:03}", "Same")
    first = client.get(URL)
    assert len(_rows(first)) == 100
    assert "page 1 of 2" in first.content.decode()
    assert len(_rows(client.get(URL, {"page": 2}))) == 1
