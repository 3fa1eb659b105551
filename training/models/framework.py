"""The national framework: versioned competency standards and what it takes to sit and chair.

A `Framework` is one version. Published versions are never edited: a national administrator
drafts the next version (a copy), changes it and publishes it. A `Competency` is the stable
identity that records point at ("module-3", "pvg"); its wording in each version lives on a
`CompetencyStandard`, so a record made against version 1 is read with version 1's words.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class Competency(models.Model):
    """Something a member can hold: a skill from the framework, an award module, PVG, ..."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    # 1-3 for the Professional Development Award modules; module 3 qualifies to chair.
    award_module = models.PositiveSmallIntegerField(
        null=True, blank=True, unique=True, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        ordering = ["award_module", "name"]
        verbose_name_plural = "competencies"

    def __str__(self):
        return self.name


class Framework(models.Model):
    """One version of the national standards (competencies, requirements, cycles)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=150, default="National competency framework")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(blank=True)
    # Cycles and lead times are national standards too, so they are versioned with the rest.
    reminder_lead_days = models.CharField(
        max_length=50, default="60,30,7", help_text="Days before expiry, separated by commas."
    )
    award_deadline_months = models.PositiveSmallIntegerField(default=24)
    observations_per_term = models.PositiveSmallIntegerField(default=1)
    observe_in_first_year = models.BooleanField(default=True)
    review_interval_months = models.PositiveSmallIntegerField(default=12)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="draft"), name="one_draft_framework"
            )
        ]

    def __str__(self):
        return f"{self.title}, version {self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def lead_days(self) -> list[int]:
        return sorted(
            {int(p) for p in self.reminder_lead_days.split(",") if p.strip().isdigit()},
            reverse=True,
        )


class CompetencyArea(models.Model):
    """A group of competencies in one framework version."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="unique_area_per_version")
        ]

    def __str__(self):
        return self.name


class CompetencyStandard(models.Model):
    """A competency's wording in one framework version: its name and descriptor."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="standards")
    area = models.ForeignKey(CompetencyArea, on_delete=models.CASCADE, related_name="standards")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="standards")
    name = models.CharField(max_length=150)
    descriptor = models.TextField()
    # Whether PPAs give feedback against it in observations (award modules and PVG are not).
    observable = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area__order", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "competency"], name="one_standard_per_competency_per_version"
            )
        ]

    def __str__(self):
        return self.name


class Purpose(models.TextChoices):
    SIT = "sit", "Sit on a hearing"
    CHAIR = "chair", "Chair a hearing"


class Requirement(models.Model):
    """One thing a member must hold to sit or to chair, in one framework version.

    To chair a member must also meet every requirement to sit.
    """

    class Kind(models.TextChoices):
        APPOINTED = "appointed", "Appointed to the panel"
        PVG = "pvg", "PVG scheme membership current"
        COMPETENCY = "competency", "Holds a competency (in date)"
        SERVICE = "service", "Length of service since appointment"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="requirements")
    purpose = models.CharField(max_length=5, choices=Purpose.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="requirements"
    )
    months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["purpose", "kind", "competency__award_module", "competency__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="competency", competency__isnull=False)
                | (~Q(kind="competency") & Q(competency__isnull=True)),
                name="competency_requirements_name_one",
            ),
            models.CheckConstraint(
                condition=Q(kind="service", months__isnull=False)
                | (~Q(kind="service") & Q(months__isnull=True)),
                name="service_requirements_give_months",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.COMPETENCY:
            return f"{self.competency}"
        if self.kind == self.Kind.SERVICE:
            return f"At least {self.months} months' service"
        return self.get_kind_display()
