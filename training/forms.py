"""Forms for training and monitoring. They check shape; the services check meaning."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from common.fields import DateField
from volunteers.models import HearingCentre, Region, Role, User, Volunteer

from .models import (
    Competency,
    CompetencyArea,
    Course,
    Enrolment,
    Framework,
    Half,
    Observation,
    ObservationRating,
    Purpose,
    Requirement,
)


class VolunteerEmailField(forms.EmailField):
    """Find a volunteer by email among those the user may act on (set `.volunteers`)."""

    volunteers = Volunteer.objects.none()

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        volunteer = self.volunteers.filter(user__email__iexact=email).select_related("user").first()
        if volunteer is None:
            raise forms.ValidationError("No volunteer in your regions has that email address.")
        return volunteer


# --- Framework ---------------------------------------------------------------------------


class FrameworkSettingsForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = [
            "title",
            "summary",
            "reminder_lead_days",
            "award_deadline_months",
            "observations_per_term",
            "observe_in_first_year",
            "review_interval_months",
        ]
        labels = {
            "reminder_lead_days": "Expiry reminders (days before)",
            "award_deadline_months": "Months to complete the award",
            "observations_per_term": "Observations each member needs per term",
            "observe_in_first_year": "Observe every member in their first year",
            "review_interval_months": "Months between practice reviews",
        }


class AreaForm(forms.Form):
    name = forms.CharField(max_length=150)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StandardForm(forms.Form):
    area = forms.ModelChoiceField(queryset=CompetencyArea.objects.none())
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.all(),
        required=False,
        label="Existing competency",
        help_text="Leave empty to add a new competency, and give it a key below.",
    )
    key = forms.SlugField(
        max_length=50, required=False, label="Key for a new competency", help_text="e.g. listening"
    )
    name = forms.CharField(max_length=150)
    descriptor = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    observable = forms.BooleanField(
        required=False, initial=True, label="PPAs give feedback on it in observations"
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = framework.areas.all()


class RequirementForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, widget=forms.RadioSelect)
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.none(), required=False, help_text="For “holds a competency”."
    )
    months = forms.IntegerField(
        min_value=1, max_value=120, required=False, help_text="For “length of service”."
    )

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(
            standards__framework=framework
        )


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "kind",
            "description",
            "grants",
            "validity_months",
            "prerequisites",
            "region",
            "is_active",
        ]
        widgets = {
            "grants": forms.CheckboxSelectMultiple,
            "prerequisites": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"validity_months": "Valid for (months)", "is_active": "Offered now"}
        help_texts = {"validity_months": "Leave empty if what it grants never expires."}

    def validate_unique(self):
        """The service checks the code, with a clearer message."""


# --- Sessions ----------------------------------------------------------------------------


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.filter(is_active=True))
    region = forms.ModelChoiceField(queryset=Region.objects.none())
    starts_on = DateField(label="First day")
    ends_on = DateField(label="Last day")
    venue = forms.CharField(max_length=200, required=False)
    is_virtual = forms.BooleanField(required=False, label="Online session")
    trainer = forms.ModelChoiceField(queryset=User.objects.none())
    capacity = forms.IntegerField(min_value=1, max_value=500, initial=12, label="Places")

    def __init__(self, *args, regions, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["trainer"].queryset = User.objects.filter(
            Q(
                role_assignments__role=Role.TRAINER,
                role_assignments__revoked_at__isnull=True,
                role_assignments__region__in=regions,
            )
            | Q(pk=user.pk)
        ).distinct()
        self.fields["trainer"].initial = user.pk
        if regions.count() == 1:
            self.fields["region"].initial = regions.first().pk


class EnrolForm(forms.Form):
    volunteer = VolunteerEmailField(label="Volunteer's email address")

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].volunteers = volunteers


class AttendanceForm(forms.Form):
    """One attendance and one outcome question per booked person."""

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for enrolment in enrolments:
            name = str(enrolment.volunteer)
            attendance = forms.ChoiceField(
                choices=Enrolment.Attendance.choices,
                initial=enrolment.attendance,
                label=f"Attendance: {name}",
            )
            outcome = forms.ChoiceField(
                choices=Enrolment.Outcome.choices,
                initial=enrolment.outcome or Enrolment.Outcome.PASSED,
                required=False,
                label=f"Outcome: {name}",
            )
            self.fields[f"attendance_{enrolment.pk}"] = attendance
            self.fields[f"outcome_{enrolment.pk}"] = outcome
            self.rows.append(enrolment)

    def marks(self) -> dict[int, tuple[str, str]]:
        return {
            e.pk: (
                self.cleaned_data[f"attendance_{e.pk}"],
                self.cleaned_data[f"outcome_{e.pk}"] or "",
            )
            for e in self.rows
            if self.cleaned_data[f"attendance_{e.pk}"] != Enrolment.Attendance.UNMARKED
        }

    def bound_rows(self):
        return [(e, self[f"attendance_{e.pk}"], self[f"outcome_{e.pk}"]) for e in self.rows]


# --- Records -----------------------------------------------------------------------------


class SignOffForm(forms.Form):
    competency = forms.ModelChoiceField(queryset=Competency.objects.all())
    granted_on = DateField(label="Date achieved", initial=timezone.localdate)
    valid_until = DateField(label="Valid until", required=False)
    evidence = forms.CharField(
        max_length=300, help_text="What you saw, e.g. “Certificate from Module 3 course”."
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtensionRequestForm(forms.Form):
    extend_to = DateField(label="New deadline")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")], widget=forms.RadioSelect
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.xlsx)",
        help_text="Columns: Email, Competency, Completed on, Valid until, Evidence. At most 5 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Upload an Excel .xlsx file.")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(
                "The file is larger than 5 MB. Split it into smaller files."
            )
        return upload


# --- Monitoring --------------------------------------------------------------------------


class ObservationForm(forms.Form):
    volunteer = VolunteerEmailField(label="Email address of the member observed")
    centre = forms.ModelChoiceField(queryset=HearingCentre.objects.filter(is_active=True))
    session_date = DateField(label="Date of the session")
    half = forms.ChoiceField(choices=Half.choices, widget=forms.RadioSelect, label="Session")
    session_reference = forms.CharField(
        max_length=50,
        required=False,
        label="Reporter's session reference",
        help_text="Never a child's name or case details.",
    )
    role = forms.ChoiceField(
        choices=Observation.Role.choices, widget=forms.RadioSelect, label="Role observed"
    )
    strengths = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    development_points = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    outcome = forms.ChoiceField(
        choices=[("", "Not decided yet"), *Observation.Outcome.choices], required=False
    )

    def __init__(self, *args, volunteers, standards, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["volunteer"]
        else:
            self.fields["volunteer"].volunteers = volunteers
        self.standards = list(standards)
        for standard in self.standards:
            self.fields[f"rating_{standard.pk}"] = forms.ChoiceField(
                choices=ObservationRating.Rating.choices,
                initial=ObservationRating.Rating.NOT_SEEN,
                required=False,
                label=f"{standard.name}",
                help_text=standard.descriptor,
            )
            self.fields[f"comment_{standard.pk}"] = forms.CharField(
                required=False, label=f"Comment on {standard.name.lower()}", max_length=1000
            )

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            s.pk: (
                self.cleaned_data[f"rating_{s.pk}"] or ObservationRating.Rating.NOT_SEEN,
                self.cleaned_data[f"comment_{s.pk}"],
            )
            for s in self.standards
        }

    def details(self) -> dict:
        names = [
            "centre",
            "session_date",
            "half",
            "session_reference",
            "role",
            "strengths",
            "development_points",
            "outcome",
        ]
        return {name: self.cleaned_data[name] for name in names}


class PracticeReviewForm(forms.Form):
    volunteer = VolunteerEmailField(label="Email address of the member")
    held_on = DateField(label="Date of the review", initial=timezone.localdate)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    next_review_due = DateField(label="Next review due", required=False)
    action_1 = forms.CharField(max_length=300, required=False, label="Development action 1")
    due_1 = DateField(label="Action 1 due by", required=False)
    action_2 = forms.CharField(max_length=300, required=False, label="Development action 2")
    due_2 = DateField(label="Action 2 due by", required=False)
    action_3 = forms.CharField(max_length=300, required=False, label="Development action 3")
    due_3 = DateField(label="Action 3 due by", required=False)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].volunteers = volunteers

    def actions(self):
        return [
            (self.cleaned_data[f"action_{n}"], self.cleaned_data[f"due_{n}"])
            for n in (1, 2, 3)
            if self.cleaned_data[f"action_{n}"]
        ]


class FollowUpForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    completed_on = DateField(label="Completed on", required=False)


class PpaAssignmentForm(forms.Form):
    volunteer = VolunteerEmailField(label="Email address of the member")
    ppa = forms.ModelChoiceField(queryset=User.objects.none(), label="PPA")

    def __init__(self, *args, volunteers, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].volunteers = volunteers
        self.fields["ppa"].queryset = User.objects.filter(
            role_assignments__role=Role.PPA,
            role_assignments__revoked_at__isnull=True,
            role_assignments__region__in=regions,
        ).distinct()
