"""Who may do what in training and monitoring.

National administrators set the framework and courses and see every region. Trainers work
on the sessions and records of their own regions; PPAs on the observations and reviews they
made, for members of their own regions. Anything outside someone's scope is a 404.
"""

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from volunteers.models import Region, Role, Volunteer
from volunteers.permissions import (
    can_administer,
    is_national_admin,
    is_staff_member,
    managed_regions,
    scoped_regions,
)

from .models import (
    AwardExtension,
    DevelopmentAction,
    Enrolment,
    Framework,
    Observation,
    PracticeReview,
    TrainingSession,
)


@rules.predicate
def is_trainer(user) -> bool:
    return user.is_authenticated and user.has_role(Role.TRAINER)


@rules.predicate
def is_ppa(user) -> bool:
    return user.is_authenticated and user.has_role(Role.PPA)


@rules.predicate
def is_volunteer(user) -> bool:
    return user.is_authenticated and hasattr(user, "volunteer")


rules.add_perm("training.change_framework", is_national_admin)
rules.add_perm("training.view_framework", is_staff_member)
rules.add_perm("training.manage_training", is_national_admin | is_trainer)
rules.add_perm("training.monitor", is_national_admin | is_ppa)
rules.add_perm("training.view_own", is_volunteer)
rules.add_perm("training.assign_ppa", can_administer)


def training_regions(user) -> QuerySet[Region]:
    """Regions whose training the user manages (every region for national admins)."""
    return scoped_regions(user, Role.TRAINER)


def monitoring_regions(user) -> QuerySet[Region]:
    """Regions whose members the user monitors as a PPA (every region for national admins)."""
    return scoped_regions(user, Role.PPA)


def _get(queryset, pk, what: str):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404(f"No such {what}") from None


def get_framework_for_user(user, version: int) -> Framework:
    """Any staff member may read any version; only national admins see drafts."""
    frameworks = Framework.objects.all()
    if not is_national_admin(user):
        frameworks = frameworks.filter(status=Framework.Status.PUBLISHED)
    try:
        return frameworks.get(version=version)
    except Framework.DoesNotExist:
        raise Http404("No such version") from None


def get_session_for_user(user, pk: int) -> TrainingSession:
    return _get(
        TrainingSession.objects.select_related("course", "region", "trainer").filter(
            region__in=training_regions(user)
        ),
        pk,
        "training session",
    )


def get_enrolment_for_user(user, pk: int) -> Enrolment:
    return _get(
        Enrolment.objects.select_related("session", "volunteer__user").filter(
            session__region__in=training_regions(user)
        ),
        pk,
        "enrolment",
    )


def get_trainee_for_user(user, pk: int) -> Volunteer:
    """A volunteer whose training record the user (a trainer or national admin) may see."""
    return _get(
        Volunteer.objects.select_related("user", "home_region").filter(
            home_region__in=training_regions(user)
        ),
        pk,
        "volunteer",
    )


def get_extension_for_user(user, pk: int) -> AwardExtension:
    return _get(
        AwardExtension.objects.select_related("volunteer__user").filter(
            volunteer__home_region__in=training_regions(user)
        ),
        pk,
        "extension request",
    )


def monitored_volunteers(user) -> QuerySet[Volunteer]:
    return Volunteer.objects.select_related("user", "home_region").filter(
        home_region__in=monitoring_regions(user)
    )


def _assigned(user) -> Q:
    """Members currently assigned to this PPA."""
    return Q(
        volunteer__ppa_assignments__ppa=user,
        volunteer__ppa_assignments__ended_at__isnull=True,
    )


def visible_observations(user) -> QuerySet[Observation]:
    """PPAs see what they observed, and the released observations of members assigned to
    them; national administrators see every observation."""
    if is_national_admin(user):
        return Observation.objects.all()
    return Observation.objects.filter(
        Q(observer=user) | (_assigned(user) & Q(status=Observation.Status.RELEASED)),
        region__in=monitoring_regions(user),
    ).distinct()


def get_observation_for_user(user, pk: int) -> Observation:
    return _get(
        visible_observations(user).select_related(
            "volunteer__user", "observer", "centre", "framework", "region"
        ),
        pk,
        "observation",
    )


def visible_reviews(user) -> QuerySet[PracticeReview]:
    if is_national_admin(user):
        return PracticeReview.objects.all()
    return PracticeReview.objects.filter(
        Q(reviewer=user) | _assigned(user), region__in=monitoring_regions(user)
    ).distinct()


def get_review_for_user(user, pk: int) -> PracticeReview:
    return _get(
        visible_reviews(user).select_related("volunteer__user", "reviewer"), pk, "practice review"
    )


def get_action_for_user(user, pk: int) -> DevelopmentAction:
    return _get(
        DevelopmentAction.objects.select_related("review").filter(review__in=visible_reviews(user)),
        pk,
        "development action",
    )


def assignable_volunteers(user) -> QuerySet[Volunteer]:
    """Members whose PPA the user (a regional or national administrator) may choose."""
    return Volunteer.objects.select_related("user", "home_region").filter(
        home_region__in=managed_regions(user)
    )


def get_own_observation(user, pk: int) -> Observation:
    """A member sees their own observations, and only once the PPA has released them."""
    return _get(
        Observation.objects.select_related("centre", "observer", "framework").filter(
            volunteer__user=user, status=Observation.Status.RELEASED
        ),
        pk,
        "observation",
    )


def get_own_enrolment(user, pk: int) -> Enrolment:
    return _get(
        Enrolment.objects.select_related("session__course").filter(volunteer__user=user),
        pk,
        "booking",
    )
