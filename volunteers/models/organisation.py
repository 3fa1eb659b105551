"""The organisation: councils, regions, rotas and hearing centres, linked by dated links.

Regions and rotas are drawn by administrators and change over time; links carry
`valid_from`/`valid_to` so that redrawing a boundary today never rewrites where last year's
sessions belonged.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class LocalAuthority(models.Model):
    """One of Scotland's 32 councils (reference data, loaded by a data migration)."""

    code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class DatedLinkQuerySet(models.QuerySet):
    def on(self, day: datetime.date):
        """Links in force on the given day."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def current(self):
        return self.on(timezone.localdate())


class Region(models.Model):
    """A rostering region drawn by national administrators; it need not follow councils."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    # The day the merge takes effect (it may be scheduled months ahead).
    merged_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def status_on(self, day: datetime.date) -> str:
        """'Active', 'Merging into B on 1 April 2027' before the day, 'Merged into B' from it."""
        if self.merged_into_id is None:
            return "Active" if self.is_active else "Inactive"
        if self.merged_on and day < self.merged_on:
            return f"Merging into {self.merged_into.name} on {self.merged_on.day} {self.merged_on:%B %Y}"
        return f"Merged into {self.merged_into.name}"

    def is_merged_on(self, day: datetime.date) -> bool:
        return self.merged_into_id is not None and not (self.merged_on and day < self.merged_on)


class RegionLocalAuthority(models.Model):
    """A council area (whole or part) served by a region over a period."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="council_links")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="region_links"
    )
    valid_from = models.DateField(default=datetime.date(2013, 6, 24))
    valid_to = models.DateField(null=True, blank=True)

    objects = DatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["local_authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "local_authority"],
                condition=Q(valid_to__isnull=True),
                name="one_open_region_council_link",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="region_council_link_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.local_authority} in {self.region} from {self.valid_from}"


class HearingCentre(models.Model):
    """A place where the Reporter holds hearings; its region comes through a dated link."""

    name = models.CharField(max_length=100, unique=True)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="centres"
    )
    accessibility_notes = models.TextField(blank=True)
    hosts_virtual_hearings = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def region_on(self, day: datetime.date):
        """The region this centre belonged to on a day (None if it had none)."""
        link = self.region_links.on(day).select_related("region").first()
        return link.region if link else None


class CentreRegionLink(models.Model):
    """Which region a centre belonged to over a period; closed, never edited, on redrawing."""

    centre = models.ForeignKey(HearingCentre, on_delete=models.CASCADE, related_name="region_links")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="centre_links")
    valid_from = models.DateField(default=datetime.date(2013, 6, 24))
    valid_to = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(valid_to__isnull=True),
                name="one_open_region_link_per_centre",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="centre_region_link_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.centre} in {self.region} from {self.valid_from}"


class Rota(models.Model):
    """A hearing rota: a group of centres within a region that members are rostered onto."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="rotas")
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                condition=Q(is_active=True),
                name="unique_active_rota_name_per_region",
            )
        ]

    def __str__(self):
        return self.name


class RotaCentreLink(models.Model):
    """A centre served by a rota over a period."""

    rota = models.ForeignKey(Rota, on_delete=models.CASCADE, related_name="centre_links")
    centre = models.ForeignKey(HearingCentre, on_delete=models.PROTECT, related_name="rota_links")
    valid_from = models.DateField(default=datetime.date(2013, 6, 24))
    valid_to = models.DateField(null=True, blank=True)

    objects = DatedLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "centre"],
                condition=Q(valid_to__isnull=True),
                name="one_open_rota_centre_link",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="rota_centre_link_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.centre} on {self.rota} from {self.valid_from}"


class OrganisationModel(models.TextChoices):
    REGIONAL = "regional", "Regional"
    NATIONAL = "national", "National"


class OrganisationSetting(models.Model):
    """The single row of organisation-wide settings chosen by national administrators."""

    model = models.CharField(
        max_length=10, choices=OrganisationModel.choices, default=OrganisationModel.REGIONAL
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="single_settings_row")]

    def __str__(self):
        return f"Organisation model: {self.get_model_display()}"

    @classmethod
    def load(cls) -> "OrganisationSetting":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
