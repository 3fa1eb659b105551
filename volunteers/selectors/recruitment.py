"""Reads for recruitment and lifecycle pages, with fixed query counts on every list.

`open_campaigns()` is public: the CMS embeds the list of open campaigns on its pages.
"""

import datetime
from collections import Counter, defaultdict
from statistics import mean

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from common.charts import Column, Series, bar_chart

from ..models import (
    COMPETENCIES,
    PIPELINE,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Campaign,
    EqualityResponse,
    PvgRecord,
    Referee,
    RegionLocalAuthority,
    Term,
    User,
    Volunteer,
)
from ..models.recruitment import (
    COMPETENCY_LABELS,
    HALF_DAY_LABELS,
    SECTION_LABELS,
    Recommendation,
    hash_token,
)

# Equality counts below this are shown as "fewer than 5" so no one can be picked out.
SMALL_COUNT = 5


def open_campaigns(on: datetime.date | None = None) -> QuerySet[Campaign]:
    """Campaigns open for applications on a day (today by default), with regions and events.

    Each campaign's `regions.all()` is prefetched (empty: national). Apply through the URL
    named "apply:campaigns" (the list) or "apply:start" with the campaign's pk (POST).
    """
    day = on or timezone.localdate()
    return (
        Campaign.objects.filter(opens_on__lte=day, closes_on__gte=day)
        .prefetch_related("regions", "events")
        .order_by("closes_on", "name")
    )


def pipeline(
    applications: QuerySet[Application],
    *,
    campaign=None,
    region=None,
    status: str = "",
    submitted_from: datetime.date | None = None,
    submitted_to: datetime.date | None = None,
) -> QuerySet[Application]:
    """Applications filtered for the pipeline list, with what each row shows."""
    if campaign:
        applications = applications.filter(campaign=campaign)
    if region:
        applications = applications.filter(region=region)
    if status:
        applications = applications.filter(status=status)
    if submitted_from:
        applications = applications.filter(submitted_at__date__gte=submitted_from)
    if submitted_to:
        applications = applications.filter(submitted_at__date__lte=submitted_to)
    return applications.select_related("campaign", "region").order_by("-submitted_at", "pk")


def status_counts(applications: QuerySet[Application]) -> list[dict]:
    """How many applications stand at each status (one query)."""
    counts = dict(
        applications.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in ApplicationStatus.choices
        if value != ApplicationStatus.DRAFT
    ]


def score_summary(application: Application) -> dict:
    """Scores per stage and competency across selectors, and every recommendation."""
    by_stage: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for score in application.scores.all():
        by_stage[score.stage][score.competency].append(score.score)
    stages = []
    for stage, competencies in by_stage.items():
        rows = [
            {
                "label": COMPETENCY_LABELS[key],
                "scores": competencies.get(key, []),
                "average": round(mean(competencies[key]), 1) if competencies.get(key) else None,
            }
            for key, _label in COMPETENCIES
        ]
        stages.append({"stage": stage, "rows": rows})
    recommendations = list(
        application.recommendations.select_related("selector").order_by("stage", "updated_at")
    )
    return {
        "stages": stages,
        "recommendations": recommendations,
        "tally": Counter(r.get_recommendation_display() for r in recommendations),
    }


def application_detail(application: Application) -> dict:
    """Everything the staff page for one application shows."""
    return {
        "transitions": list(application.transitions.select_related("by")),
        "referees": list(application.referees.all()),
        "pvg": PvgRecord.objects.filter(application=application).first(),
        "scores": score_summary(application),
        "statements": [
            (COMPETENCY_LABELS[k], application.statements.get(k, "")) for k, _ in COMPETENCIES
        ],
        "availability": [HALF_DAY_LABELS.get(k, k) for k in application.availability],
    }


def funnel(applications: QuerySet[Application]) -> list[dict]:
    """How many applications reached each stage of the pipeline (two queries)."""
    furthest: dict[int, int] = {}
    stage_of = {status: index for index, status in enumerate(PIPELINE)}
    for app_id, status in applications.order_by().values_list("pk", "status"):
        furthest[app_id] = stage_of.get(status, -1)
    moves = ApplicationTransition.objects.filter(application__in=applications).values_list(
        "application_id", "to_status"
    )
    for app_id, status in moves:
        if status in stage_of:
            furthest[app_id] = max(furthest.get(app_id, -1), stage_of[status])
    total = sum(1 for v in furthest.values() if v >= 0)
    rows = []
    for index, status in enumerate(PIPELINE):
        count = sum(1 for v in furthest.values() if v >= index)
        rows.append(
            {
                "label": ApplicationStatus(status).label,
                "count": count,
                "percent": round(100 * count / total) if total else 0,
            }
        )
    return rows


def funnel_chart(rows: list[dict]) -> dict:
    """The funnel as the bar chart and its data table."""
    return bar_chart(
        rows,
        chart_id="funnel",
        title="How far applications got",
        description="Bar chart of the number of applications reaching each stage; "
        "the same figures are in the table below.",
        caption="Applications reaching each stage",
        label_heading="Stage",
        series=[Series("count", "Applications")],
        columns=[Column("percent", "Of those submitted", "{}%")],
    )


EQUALITY_QUESTIONS = [
    ("age_band", "Age"),
    ("ethnic_group", "Ethnic group"),
    ("disability", "Disability"),
    ("sexual_orientation", "Sexual orientation"),
]


def equality_report(responses: QuerySet[EqualityResponse], choices: dict) -> list[dict]:
    """Counts per answer per question, with counts under five suppressed."""
    total = responses.count()
    report = []
    for field, question in EQUALITY_QUESTIONS:
        counts = dict(
            responses.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
        )
        rows = []
        for value, label in choices[field]:
            n = counts.get(value, 0)
            rows.append({"label": label, "count": n if n >= SMALL_COUNT or n == 0 else None})
        report.append({"question": question, "rows": rows})
    return [{"total": total, "suppressed_below": SMALL_COUNT, "questions": report}]


def pipeline_rows(application_ids: list[int]) -> list[list]:
    """Rows for the pipeline spreadsheet (a fixed number of queries)."""
    applications = (
        Application.objects.filter(pk__in=application_ids)
        .select_related("campaign", "region", "user", "pvg")
        .prefetch_related("scores")
        .annotate(
            references_received=Count(
                "referees", filter=Q(referees__received_at__isnull=False), distinct=True
            )
        )
        .order_by("campaign__name", "last_name")
    )
    rows = []
    for application in applications:
        scores = [s.score for s in application.scores.all()]
        pvg = getattr(application, "pvg", None)
        rows.append(
            [
                application.pk,
                application.first_name,
                application.last_name,
                application.user.email if application.user else "",
                application.campaign.name,
                application.region.name if application.region else "",
                application.get_status_display(),
                application.submitted_at.date() if application.submitted_at else None,
                round(mean(scores), 2) if scores else None,
                application.references_received,
                pvg.get_status_display() if pvg else "",
            ]
        )
    return rows


def applications_of(user: User) -> QuerySet[Application]:
    """A person's own applications, newest first."""
    return (
        Application.objects.filter(user=user)
        .select_related("campaign", "region", "information_session", "interview")
        .order_by("-created_at")
    )


def terms_ending(volunteers: QuerySet[Volunteer], *, within_days: int = 183) -> list[Term]:
    """Current terms ending in the next `within_days`, with the volunteer loaded."""
    today = timezone.localdate()
    return list(
        Term.objects.filter(
            volunteer__in=volunteers,
            outcome=Term.Outcome.CURRENT,
            ends_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("volunteer__user", "volunteer__home_region")
        .order_by("ends_on")
    )


def volunteer_history(volunteer: Volunteer) -> dict:
    """A volunteer's terms, leave, moves and status changes."""
    return {
        "terms": list(volunteer.terms.select_related("decided_by")),
        "leaves": list(volunteer.leaves.all()),
        "moves": list(
            volunteer.moves.select_related(
                "from_region", "to_region", "from_local_authority", "to_local_authority"
            )
        ),
        "changes": list(volunteer.status_changes.select_related("by")),
    }


AUDITED_MODELS = (User, Volunteer, Application, Referee, PvgRecord, Term)


def audit_entries() -> QuerySet[LogEntry]:
    """Audit-log entries for people's records: accounts, volunteers and applications."""
    types = ContentType.objects.get_for_models(*AUDITED_MODELS).values()
    return (
        LogEntry.objects.filter(content_type__in=list(types))
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )


def recommendation_choices():
    return Recommendation.choices


def campaigns_with_counts(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Campaigns with their regions and how many applications were submitted."""
    return campaigns.prefetch_related(Prefetch("regions")).annotate(
        submitted=Count("applications", filter=~Q(applications__status="draft"))
    )


# --- Used by the recruitment services too ---------------------------------------------------


def regions_of_council(local_authority) -> list:
    """Regions currently serving a council area."""

    links = RegionLocalAuthority.objects.current().filter(local_authority=local_authority)
    return [link.region for link in links.select_related("region")]


def missing_sections(application: Application) -> list[str]:
    """Sections still to complete before the application can be submitted."""
    return [
        label for key, label in SECTION_LABELS.items() if key not in application.completed_sections
    ]


def referee_for_token(token: str) -> Referee | None:
    """The referee a token belongs to, or None for a forged, reused or expired token."""
    if not token or len(token) > 100:
        return None
    referee = (
        Referee.objects.select_related("application").filter(token_hash=hash_token(token)).first()
    )
    if referee is None or referee.token_expires_at is None:
        return None
    if referee.token_expires_at < timezone.now():
        return None
    return referee
