"""The volunteer record: the serving side of a person (recruitment adds the rest)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class VolunteerStatus(models.TextChoices):
    TRAINEE = "trainee", "Trainee"
    SERVING = "serving", "Serving"
    ON_LEAVE = "on_leave", "On leave"
    RESIGNED = "resigned", "Resigned"
    REMOVED = "removed", "Removed"
    TERM_ENDED = "term_ended", "Term ended"


class Sex(models.TextChoices):
    # Needed by law for the composition of a hearing (both sexes so far as practicable).
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class Volunteer(models.Model):
    """A panel member (or trainee): where they live and work, how far they travel, their status."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer"
    )
    status = models.CharField(
        max_length=12, choices=VolunteerStatus.choices, default=VolunteerStatus.TRAINEE
    )
    sex = models.CharField(max_length=1, choices=Sex.choices)
    home_local_authority = models.ForeignKey(
        "volunteers.LocalAuthority", on_delete=models.PROTECT, related_name="resident_volunteers"
    )
    work_local_authority = models.ForeignKey(
        "volunteers.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="working_volunteers",
    )
    home_region = models.ForeignKey(
        "volunteers.Region", on_delete=models.PROTECT, related_name="volunteers"
    )
    # Home location to postcode-sector precision: enough for travel limits, no street address.
    home_postcode = models.CharField(max_length=10, blank=True)
    home_latitude = models.DecimalField(max_digits=8, decimal_places=5)
    home_longitude = models.DecimalField(max_digits=8, decimal_places=5)
    max_travel_km = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    appointed_on = models.DateField(null=True, blank=True)
    # The current term's end; each term is also kept as a lifecycle.Term row.
    term_ends_on = models.DateField(null=True, blank=True)
    rotas = models.ManyToManyField("volunteers.Rota", blank=True, related_name="members")
    # Centres they are willing to sit at (empty: any within their travel limit).
    centres = models.ManyToManyField(
        "volunteers.HearingCentre", blank=True, related_name="willing_volunteers"
    )
    languages = models.CharField(
        max_length=200, blank=True, help_text="Languages other than English, e.g. Gaelic, BSL."
    )
    accessibility_needs = models.TextField(blank=True)
    # Free text the rota manager reads (e.g. "I work for Fife social work").
    declared_conflicts = models.TextField(blank=True)
    left_on = models.DateField(null=True, blank=True)
    # Removal needs the consent of the Lord President of the Court of Session.
    removal_consented_by = models.CharField(max_length=200, blank=True)
    removal_consented_on = models.DateField(null=True, blank=True)
    application = models.OneToOneField(
        "volunteers.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        indexes = [models.Index(fields=["home_region", "status"])]

    def __str__(self):
        return str(self.user)
