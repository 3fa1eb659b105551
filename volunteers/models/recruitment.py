"""Recruitment: campaigns, expressions of interest, applications and their selection.

An application moves through a fixed pipeline (see `ApplicationStatus.PIPELINE`); every move
is an `ApplicationTransition` row saying who, when and why. Equality monitoring answers are
kept in `EqualityResponse`, which has no link to the person at all: they can only ever be
counted. The PVG record holds status, membership number and dates, never a disclosure.
"""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Headings of the competency framework that applicants write against and selectors score.
# The training app owns the full framework; these are the recruitment headings only.
COMPETENCIES = [
    ("communication", "Communicating clearly and sensitively"),
    ("listening", "Listening and understanding"),
    ("decisions", "Making fair, reasoned decisions"),
    ("teamwork", "Working with others"),
    ("children", "Putting the child at the centre"),
]
COMPETENCY_LABELS = dict(COMPETENCIES)

HALF_DAYS = [
    ("mon_am", "Monday morning"),
    ("mon_pm", "Monday afternoon"),
    ("tue_am", "Tuesday morning"),
    ("tue_pm", "Tuesday afternoon"),
    ("wed_am", "Wednesday morning"),
    ("wed_pm", "Wednesday afternoon"),
    ("thu_am", "Thursday morning"),
    ("thu_pm", "Thursday afternoon"),
    ("fri_am", "Friday morning"),
    ("fri_pm", "Friday afternoon"),
]
HALF_DAY_LABELS = dict(HALF_DAYS)


class Campaign(models.Model):
    """A recruitment round in some regions (none: national), open between two dates."""

    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    regions = models.ManyToManyField("volunteers.Region", blank=True, related_name="campaigns")
    opens_on = models.DateField()
    closes_on = models.DateField()
    target = models.PositiveIntegerField(default=0, help_text="How many new members we need.")
    # Set once people who expressed interest have been told it is open (idempotent task).
    interest_notified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.name

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


class CampaignEvent(models.Model):
    """An information session, interview day or group exercise in a campaign."""

    class Kind(models.TextChoices):
        INFORMATION_SESSION = "information_session", "Information session"
        INTERVIEW = "interview", "Interview and group exercise"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    region = models.ForeignKey(
        "volunteers.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()}, {local:%-d %B %Y %H:%M}, {self.place}"


class ExpressionOfInterest(models.Model):
    """Someone who wants to hear when a campaign opens where they live or work."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expressions_of_interest"
    )
    local_authority = models.ForeignKey(
        "volunteers.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(withdrawn_at__isnull=True), name="one_active_interest"
            )
        ]

    def __str__(self):
        return f"Interest from {self.user} ({self.local_authority})"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Not yet submitted"
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    INFORMATION_SESSION = "information_session", "Information session"
    INTERVIEW = "interview", "Interview and group exercise"
    REFERENCES = "references", "References"
    PVG = "pvg", "PVG check"
    OFFER = "offer", "Offered a place"
    ACCEPTED = "accepted", "Offer accepted"
    PRE_SERVICE_TRAINING = "pre_service_training", "In pre-service training"
    APPOINTED = "appointed", "Appointed"
    REJECTED = "rejected", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The selection pipeline in order; rejected and withdrawn can follow any open stage.
PIPELINE = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INFORMATION_SESSION,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.REFERENCES,
    ApplicationStatus.PVG,
    ApplicationStatus.OFFER,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.PRE_SERVICE_TRAINING,
    ApplicationStatus.APPOINTED,
]
OPEN_STATUSES = frozenset(PIPELINE[:-1])
CLOSED_STATUSES = frozenset(
    {ApplicationStatus.APPOINTED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
)


def allowed_transitions(status: str) -> list[str]:
    """The statuses an application may move to from `status`."""
    if status == ApplicationStatus.DRAFT:
        return [ApplicationStatus.WITHDRAWN]
    if status in OPEN_STATUSES:
        following = PIPELINE[PIPELINE.index(status) + 1]
        return [following, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
    return []


SECTIONS = [
    ("eligibility", "Check you can apply"),
    ("personal", "Your details"),
    ("areas", "Where you live and work"),
    ("availability", "When you are available"),
    ("statements", "About you: the competencies"),
    ("declarations", "Declarations"),
    ("referees", "Referees"),
    ("equality", "Equality monitoring (optional)"),
    ("consent", "Privacy notice"),
]
SECTION_LABELS = dict(SECTIONS)


class Application(models.Model):
    """One person's application to one campaign, from draft to appointment (or not)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    # The region that handles the application: where they live (or work) within the campaign.
    region = models.ForeignKey(
        "volunteers.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # Bumped on every change so that a stale form or a second click is refused.
    version = models.PositiveIntegerField(default=1)
    completed_sections = models.JSONField(default=list, blank=True)

    # Eligibility
    is_adult = models.BooleanField(null=True)
    lives_or_works_in_scotland = models.BooleanField(null=True)
    has_right_to_work = models.BooleanField(null=True)
    can_attend_training = models.BooleanField(null=True)
    # Personal details
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    # Areas
    home_local_authority = models.ForeignKey(
        "volunteers.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    work_local_authority = models.ForeignKey(
        "volunteers.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    availability = models.JSONField(default=list, blank=True)
    statements = models.JSONField(default=dict, blank=True)
    # Declarations: whether, and a short account; never the content of a disclosure.
    has_convictions = models.BooleanField(null=True)
    convictions_details = models.TextField(blank=True)
    has_conflicting_occupation = models.BooleanField(null=True)
    occupation_details = models.TextField(blank=True)
    has_family_involvement = models.BooleanField(null=True)
    family_involvement_details = models.TextField(blank=True)
    privacy_consented_at = models.DateTimeField(null=True, blank=True)

    information_session = models.ForeignKey(
        CampaignEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interview = models.ForeignKey(
        CampaignEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["status", "closed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "campaign"],
                condition=Q(user__isnull=False),
                name="one_application_per_campaign",
            )
        ]

    def __str__(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return f"Application {self.pk}" + (f" from {name}" if name else "")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_eligible(self) -> bool:
        return all(
            (
                self.is_adult,
                self.lives_or_works_in_scotland,
                self.has_right_to_work,
                self.can_attend_training,
            )
        )

    def next_statuses(self) -> list[str]:
        return allowed_transitions(self.status)

    def stage_index(self) -> int:
        return PIPELINE.index(self.status) if self.status in PIPELINE else -1


class ApplicationTransition(models.Model):
    """One move of an application: from, to, who, when and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=24, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=24, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


def hash_token(token: str) -> str:
    """Referee tokens are stored only as a SHA-256 hash: a leaked table opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class Referee(models.Model):
    """Someone who knows the applicant (not a partner or relative) and their reference."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    position = models.PositiveSmallIntegerField()  # 1 or 2
    name = models.CharField(max_length=150)
    email = models.EmailField()
    relationship = models.CharField(max_length=100)
    years_known = models.PositiveSmallIntegerField(validators=[MaxValueValidator(80)])
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # The reference itself
    received_at = models.DateTimeField(null=True, blank=True)
    suitability = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    recommends = models.BooleanField(null=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="one_referee_per_position"
            )
        ]

    def __str__(self):
        return f"Referee {self.position}: {self.name}"


class SelectionStage(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    GROUP_EXERCISE = "group_exercise", "Group exercise"


class Recommendation(models.TextChoices):
    APPOINT = "appoint", "Recommend"
    RESERVE = "reserve", "Reserve"
    DO_NOT_APPOINT = "do_not_appoint", "Do not recommend"


class SelectionScore(models.Model):
    """One selector's score for one competency at one stage."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    selector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=16, choices=SelectionStage.choices)
    competency = models.CharField(max_length=32, choices=COMPETENCIES)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "selector", "stage", "competency"],
                name="one_score_per_selector_competency",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=4), name="score_between_1_and_4"
            ),
        ]

    def __str__(self):
        return f"{self.get_competency_display()}: {self.score}"


class SelectionRecommendation(models.Model):
    """One selector's overall recommendation and comments at one stage."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="recommendations"
    )
    selector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=16, choices=SelectionStage.choices)
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices)
    comments = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "selector", "stage"], name="one_recommendation_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.get_recommendation_display()}"


class PvgStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    MEMBER = "member", "Scheme member"
    CLEARED = "cleared", "Cleared"
    NOT_CLEARED = "not_cleared", "Not cleared"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PvgRecord(models.Model):
    """The PVG scheme check: status, membership number and dates only (UK GDPR art. 10)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="pvg")
    status = models.CharField(max_length=12, choices=PvgStatus.choices)
    membership_number = models.CharField("PVG scheme membership number", max_length=16, blank=True)
    applied_on = models.DateField(null=True, blank=True)
    result_on = models.DateField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"PVG: {self.get_status_display()}"


class EqualityResponse(models.Model):
    """Equality monitoring answers, deliberately unlinked from any person or application."""

    PREFER_NOT = ("prefer_not", "Prefer not to say")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(
        "volunteers.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age_band = models.CharField(max_length=12, blank=True)
    ethnic_group = models.CharField(max_length=24, blank=True)
    disability = models.CharField(max_length=12, blank=True)
    sexual_orientation = models.CharField(max_length=24, blank=True)

    def __str__(self):
        return f"Equality response {self.pk}"


class DataDeletionRequest(models.Model):
    """A person's request that we delete what we hold about them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
    )
    email = models.EmailField()
    reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Deletion request from {self.email}"
