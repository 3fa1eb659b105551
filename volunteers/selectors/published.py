"""Reads for what the law requires the national body to publish about panel members."""

from django.db.models import QuerySet

from ..models import Volunteer, VolunteerStatus


def published_panel_members() -> QuerySet[Volunteer]:
    """Appointed (serving) panel members with the council areas they live and work in.

    The published list carries name and council areas only: nothing else about a member.
    """
    return (
        Volunteer.objects.filter(status=VolunteerStatus.SERVING)
        .select_related("user", "home_local_authority", "work_local_authority")
        .only(
            "user",
            "home_local_authority",
            "work_local_authority",
            "user__first_name",
            "user__last_name",
            "home_local_authority__name",
            "work_local_authority__name",
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
