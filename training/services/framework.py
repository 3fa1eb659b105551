"""Writes to the national framework: drafting a new version, editing it, publishing it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from volunteers.models import User

from ..models import (
    Competency,
    CompetencyArea,
    CompetencyStandard,
    Course,
    Framework,
    Requirement,
)

_COPIED_SETTINGS = (
    "title",
    "summary",
    "reminder_lead_days",
    "award_deadline_months",
    "observations_per_term",
    "observe_in_first_year",
    "review_interval_months",
)


def _require_draft(framework: Framework) -> None:
    if not framework.is_draft:
        raise ValidationError(
            "A published version cannot be changed. Start a new draft version instead."
        )


@transaction.atomic
def start_draft_framework(*, by: User) -> Framework:
    """Copy the live version into a new draft version (there is at most one draft)."""
    if Framework.objects.filter(status=Framework.Status.DRAFT).exists():
        raise ValidationError("There is already a draft version. Publish or edit that one.")
    live = Framework.objects.filter(status=Framework.Status.PUBLISHED).order_by("-version").first()
    last_version = Framework.objects.order_by("-version").values_list("version", flat=True).first()
    draft = Framework.objects.create(
        version=(last_version or 0) + 1,
        created_by=by,
        **({name: getattr(live, name) for name in _COPIED_SETTINGS} if live else {}),
    )
    if live is None:
        return draft
    areas = {}
    for area in live.areas.all():
        areas[area.pk] = CompetencyArea.objects.create(
            framework=draft, name=area.name, description=area.description, order=area.order
        )
    CompetencyStandard.objects.bulk_create(
        CompetencyStandard(
            framework=draft,
            area=areas[s.area_id],
            competency_id=s.competency_id,
            name=s.name,
            descriptor=s.descriptor,
            observable=s.observable,
            order=s.order,
        )
        for s in live.standards.all()
    )
    Requirement.objects.bulk_create(
        Requirement(
            framework=draft,
            purpose=r.purpose,
            kind=r.kind,
            competency_id=r.competency_id,
            months=r.months,
        )
        for r in live.requirements.all()
    )
    return draft


@transaction.atomic
def update_framework(*, framework: Framework, by: User, **fields) -> Framework:
    """Change a draft version's title, summary, cycles and reminder lead times."""
    _require_draft(framework)
    lead = fields.get("reminder_lead_days")
    if lead is not None:
        parts = [p.strip() for p in lead.split(",") if p.strip()]
        if not parts or not all(p.isdigit() and 0 < int(p) <= 365 for p in parts):
            raise ValidationError(
                {"reminder_lead_days": "Give whole numbers of days from 1 to 365, e.g. 60,30,7."}
            )
        fields["reminder_lead_days"] = ",".join(str(n) for n in sorted({int(p) for p in parts}))
    for name, value in fields.items():
        if name not in _COPIED_SETTINGS:
            raise ValueError(f"Not a framework setting: {name}")
        setattr(framework, name, value)
    framework.save()
    return framework


@transaction.atomic
def add_area(*, framework: Framework, name: str, description: str = "", by: User):
    """Add a competency area to a draft version."""
    _require_draft(framework)
    if framework.areas.filter(name__iexact=name).exists():
        raise ValidationError({"name": "This version already has an area with that name."})
    order = framework.areas.count()
    return CompetencyArea.objects.create(
        framework=framework, name=name, description=description, order=order
    )


@transaction.atomic
def save_standard(
    *,
    framework: Framework,
    area: CompetencyArea,
    name: str,
    descriptor: str,
    observable: bool,
    by: User,
    competency: Competency | None = None,
    key: str = "",
) -> CompetencyStandard:
    """Add a competency to a draft version (new or carried over), or reword an existing one."""
    _require_draft(framework)
    if area.framework_id != framework.pk:
        raise ValidationError({"area": "That area belongs to another version."})
    if competency is None:
        if not key:
            raise ValidationError({"key": "Give a short key for the new competency."})
        if Competency.objects.filter(key=key).exists():
            raise ValidationError({"key": "That key is already used by another competency."})
        competency = Competency.objects.create(key=key, name=name)
    standard, _ = CompetencyStandard.objects.update_or_create(
        framework=framework,
        competency=competency,
        defaults={
            "area": area,
            "name": name,
            "descriptor": descriptor,
            "observable": observable,
            "order": area.standards.count(),
        },
    )
    return standard


@transaction.atomic
def remove_standard(*, standard: CompetencyStandard, by: User) -> None:
    """Take a competency out of a draft version (records against earlier versions stay)."""
    _require_draft(standard.framework)
    if standard.framework.requirements.filter(competency_id=standard.competency_id).exists():
        raise ValidationError("Remove the requirements that name this competency first.")
    standard.delete()


@transaction.atomic
def add_requirement(
    *,
    framework: Framework,
    purpose: str,
    kind: str,
    by: User,
    competency: Competency | None = None,
    months: int | None = None,
) -> Requirement:
    """Add something members must hold to sit or chair, in a draft version."""
    _require_draft(framework)
    if kind == Requirement.Kind.COMPETENCY:
        if competency is None:
            raise ValidationError({"competency": "Choose the competency members must hold."})
        if not framework.standards.filter(competency=competency).exists():
            raise ValidationError({"competency": "That competency is not in this version."})
        months = None
    elif kind == Requirement.Kind.SERVICE:
        if not months:
            raise ValidationError({"months": "Give the months of service needed."})
        competency = None
    else:
        competency, months = None, None
    duplicate = framework.requirements.filter(
        purpose=purpose, kind=kind, competency=competency
    ).exists()
    if duplicate and kind != Requirement.Kind.SERVICE:
        raise ValidationError("That requirement is already there.")
    if duplicate:
        raise ValidationError(
            {"months": "There is already a service requirement: remove it first."}
        )
    return Requirement.objects.create(
        framework=framework, purpose=purpose, kind=kind, competency=competency, months=months
    )


@transaction.atomic
def remove_requirement(*, requirement: Requirement, by: User) -> None:
    """Drop a requirement from a draft version."""
    _require_draft(requirement.framework)
    requirement.delete()


@transaction.atomic
def publish_framework(*, framework: Framework, by: User) -> Framework:
    """Make a draft the live version; from now on eligibility is judged against it."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    _require_draft(framework)
    if not framework.requirements.filter(purpose="sit").exists():
        raise ValidationError("A version must say what members need to sit before it is published.")
    framework.status = Framework.Status.PUBLISHED
    framework.published_at = timezone.now()
    framework.published_by = by
    framework.save()
    return framework


@transaction.atomic
def save_course(
    *,
    by: User,
    code: str,
    title: str,
    kind: str,
    description: str = "",
    grants=(),
    prerequisites=(),
    validity_months: int | None = None,
    region=None,
    is_active: bool = True,
    course: Course | None = None,
) -> Course:
    """Create a course, or change one: what it grants, for how long, and what it needs first."""
    if kind == Course.Kind.LOCAL and region is None:
        raise ValidationError({"region": "A local course belongs to a region."})
    if kind != Course.Kind.LOCAL:
        region = None
    grants, prerequisites = list(grants), list(prerequisites)
    if set(grants) & set(prerequisites):
        raise ValidationError(
            {"prerequisites": "A course cannot need what it grants. Check the two lists."}
        )
    if Course.objects.filter(code=code).exclude(pk=course.pk if course else None).exists():
        raise ValidationError({"code": "Another course already uses this code."})
    course = course or Course()
    for name, value in {
        "code": code,
        "title": title,
        "kind": kind,
        "description": description,
        "validity_months": validity_months,
        "region": region,
        "is_active": is_active,
    }.items():
        setattr(course, name, value)
    course.save()
    course.grants.set(grants)
    course.prerequisites.set(prerequisites)
    return course
