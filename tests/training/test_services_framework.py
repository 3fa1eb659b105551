"""The versioned framework: drafting, editing, publishing; old records stay readable."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.training.factories import competency, grant, make_sitting_member
from training import services
from training.models import CompetencyStandard, Framework
from training.selectors import can_chair, can_sit, current_framework

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 1)


def test_a_draft_copies_the_live_version(national_admin):
    draft = services.start_draft_framework(by=national_admin)
    live = Framework.objects.get(version=1)
    assert (draft.version, draft.status) == (2, "draft")
    assert draft.standards.count() == live.standards.count()
    assert sorted(str(r) for r in draft.requirements.all()) == sorted(
        str(r) for r in live.requirements.all()
    )
    with pytest.raises(ValidationError):
        services.start_draft_framework(by=national_admin)


def test_published_versions_cannot_be_changed(national_admin):
    with pytest.raises(ValidationError):
        services.update_framework(
            framework=Framework.objects.get(version=1), by=national_admin, title="Changed"
        )


def test_lead_days_are_checked_and_tidied(national_admin):
    draft = services.start_draft_framework(by=national_admin)
    with pytest.raises(ValidationError):
        services.update_framework(framework=draft, by=national_admin, reminder_lead_days="x,7")
    services.update_framework(framework=draft, by=national_admin, reminder_lead_days="7, 60,30")
    assert draft.reminder_lead_days == "7,30,60"
    assert draft.lead_days == [60, 30, 7]


def test_publishing_version_2_changes_eligibility_and_keeps_version_1_records(
    national_admin, member
):
    volunteer = make_sitting_member(member.volunteer, appointed_on=datetime.date(2024, 1, 1))
    old_grant = grant(volunteer, "module-3", granted_on=datetime.date(2024, 6, 1))
    assert can_chair(volunteer, on=DAY)
    draft = services.start_draft_framework(by=national_admin)
    area = draft.areas.get(name="Practice in the hearing")
    services.save_standard(
        framework=draft,
        area=area,
        competency=competency("chairing"),
        name="Chairing with confidence",
        descriptor="Reworded in version 2.",
        observable=True,
        by=national_admin,
    )
    services.add_requirement(
        framework=draft,
        purpose="chair",
        kind="competency",
        competency=competency("chairing"),
        by=national_admin,
    )
    # Not live yet: nothing changes.
    assert can_chair(volunteer, on=DAY)
    services.publish_framework(framework=draft, by=national_admin)
    assert current_framework().version == 2
    assert can_chair(volunteer, on=DAY).reasons == ("Chairing a hearing not held",)
    assert can_sit(volunteer, on=DAY)
    # The old grant still reads in version 1's words.
    old_grant.refresh_from_db()
    assert old_grant.framework.version == 1
    v1_words = CompetencyStandard.objects.get(framework__version=1, competency__key="chairing")
    assert v1_words.descriptor.startswith("Leads the hearing")


def test_a_requirement_must_name_a_competency_in_the_version(national_admin):
    draft = services.start_draft_framework(by=national_admin)
    draft.standards.filter(competency__key="chairing").delete()
    with pytest.raises(ValidationError) as error:
        services.add_requirement(
            framework=draft,
            purpose="chair",
            kind="competency",
            competency=competency("chairing"),
            by=national_admin,
        )
    assert error.value.message_dict == {"competency": ["That competency is not in this version."]}


def test_current_framework_runs_a_fixed_number_of_queries(django_assert_num_queries):
    with django_assert_num_queries(4):
        framework = current_framework()
        areas = list(framework.areas.all())
        names = [s.name for a in areas for s in a.standards.all()]
        requirements = [str(r) for r in framework.requirements.all()]
    assert "Management of Hearings" in names
    assert "At least 12 months' service" in requirements


def test_a_new_course_cannot_need_what_it_grants(national_admin):
    with pytest.raises(ValidationError):
        services.save_course(
            by=national_admin,
            code="loop",
            title="Loop",
            kind="core",
            grants=[competency("chairing")],
            prerequisites=[competency("chairing")],
        )
