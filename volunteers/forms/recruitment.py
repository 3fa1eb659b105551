"""Forms for applicants, referees and selectors. Validation of shape lives here; the rules
that involve the database (regions, versions, states) live in the services."""

import datetime

from django import forms
from django.utils import timezone

from ..models import (
    COMPETENCIES,
    HALF_DAYS,
    ApplicationStatus,
    Campaign,
    CampaignEvent,
    LocalAuthority,
    PvgStatus,
    Recommendation,
    Region,
    SelectionStage,
    Sex,
)

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
YES_NO = [("yes", "Yes"), ("no", "No")]


class YesNoField(forms.TypedChoiceField):
    """A Yes/No radio question stored as a boolean."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            empty_value=None,
            **kwargs,
        )

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


def DateField(**kwargs):  # noqa: N802 (a field factory, read like a class)
    kwargs.setdefault("input_formats", DATE_FORMATS)
    kwargs.setdefault("help_text", "For example, 15/3/2027")
    return forms.DateField(**kwargs)


# --- Applicants --------------------------------------------------------------------------


class InterestForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="Which council area do you live or work in?",
        queryset=LocalAuthority.objects.all(),
        empty_label="Choose a council area",
        help_text="We will email you when we recruit panel members there.",
    )


class EligibilityForm(forms.Form):
    is_adult = YesNoField(label="Are you 18 or over?")
    lives_or_works_in_scotland = YesNoField(label="Do you live or work in Scotland?")
    has_right_to_work = YesNoField(label="Do you have the right to work in the UK?")
    can_attend_training = YesNoField(
        label="Can you attend pre-service training?",
        help_text="About three months of evening and weekend sessions before you are appointed.",
    )


# Kind explanations shown when an eligibility answer is "No": never a dead end.
INELIGIBLE_EXPLANATIONS = {
    "is_adult": (
        "Panel members must be 18 or over. We would love to hear from you when you are: "
        "register your interest and we will email you when we next recruit."
    ),
    "lives_or_works_in_scotland": (
        "Children's hearings are local, so panel members live or work in Scotland. If you are "
        "moving here, register your interest and we will tell you when we recruit in your area."
    ),
    "has_right_to_work": (
        "We need to see that you have the right to work in the UK, even though the role is "
        "voluntary. If your status is changing, register your interest and apply later."
    ),
    "can_attend_training": (
        "Training prepares you for hearings and everyone must complete it. If the dates do not "
        "suit you this time, register your interest and we will tell you about the next round."
    ),
}


class PersonalForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    phone = forms.CharField(label="Phone number", max_length=30)
    postcode = forms.CharField(label="Postcode", max_length=10)
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        help_text=(
            "The law asks that a hearing's panel includes, so far as practicable, both a man "
            "and a woman, so we need to know this to arrange panels."
        ),
    )

    def clean_postcode(self):
        return self.cleaned_data["postcode"].upper().strip()


class AreasForm(forms.Form):
    home_local_authority = forms.ModelChoiceField(
        label="Council area you live in",
        queryset=LocalAuthority.objects.all(),
        empty_label="Choose a council area",
    )
    work_local_authority = forms.ModelChoiceField(
        label="Council area you work in",
        queryset=LocalAuthority.objects.all(),
        required=False,
        empty_label="I do not work, or work from home",
    )


class AvailabilityForm(forms.Form):
    availability = forms.MultipleChoiceField(
        label="When could you usually sit on hearings?",
        choices=HALF_DAYS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every half-day you could usually manage. Panel members sit about "
        "three to five times a month.",
    )


class StatementsForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in COMPETENCIES:
            self.fields[key] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=2000,
                help_text="Tell us about a time you showed this, at work, at home or in your "
                "community (up to 2,000 characters).",
            )


class DeclarationsForm(forms.Form):
    has_convictions = YesNoField(
        label="Do you have any criminal convictions that are not spent?",
        help_text="Having a conviction does not automatically rule you out.",
    )
    convictions_details = forms.CharField(
        label="Tell us briefly about them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    has_conflicting_occupation = YesNoField(
        label="Does your work involve children's hearings, social work with children, the "
        "police or the Children's Reporter?",
    )
    occupation_details = forms.CharField(
        label="Tell us about your work", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    has_family_involvement = YesNoField(
        label="Has anyone in your close family been involved with children's hearings?",
        help_text="This is so you are never asked to sit on a hearing you have a link to.",
    )
    family_involvement_details = forms.CharField(
        label="Tell us briefly (no names needed)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        for flag, details in (
            ("has_convictions", "convictions_details"),
            ("has_conflicting_occupation", "occupation_details"),
            ("has_family_involvement", "family_involvement_details"),
        ):
            if data.get(flag) and not data.get(details, "").strip():
                self.add_error(details, "Tell us a little more about this.")
        return data


RELATIONSHIPS = [
    ("", "Choose how they know you"),
    ("employer", "Employer, manager or colleague"),
    ("friend", "Friend"),
    ("neighbour", "Neighbour"),
    ("community", "Through a community or voluntary group"),
    ("education", "Teacher, tutor or fellow student"),
    ("other", "Other (not a partner or relative)"),
]


class RefereesForm(forms.Form):
    not_related = forms.BooleanField(
        label="Neither referee is my partner or a relative",
        error_messages={"required": "Referees cannot be partners or relatives."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for n in (1, 2):
            fields[f"name_{n}"] = forms.CharField(label=f"Referee {n}: full name", max_length=150)
            fields[f"email_{n}"] = forms.EmailField(label=f"Referee {n}: email address")
            fields[f"relationship_{n}"] = forms.ChoiceField(
                label=f"Referee {n}: how do they know you?", choices=RELATIONSHIPS
            )
            fields[f"years_known_{n}"] = forms.IntegerField(
                label=f"Referee {n}: how many years have they known you?",
                min_value=1,
                max_value=80,
            )
        fields["not_related"] = self.fields.pop("not_related")
        self.fields = fields

    def clean(self):
        data = super().clean()
        one, two = data.get("email_1", ""), data.get("email_2", "")
        if one and two and one.lower() == two.lower():
            self.add_error("email_2", "Give two different referees.")
        return data

    def referees(self) -> list[dict]:
        return [
            {
                "name": self.cleaned_data[f"name_{n}"],
                "email": self.cleaned_data[f"email_{n}"],
                "relationship": dict(RELATIONSHIPS)[self.cleaned_data[f"relationship_{n}"]],
                "years_known": self.cleaned_data[f"years_known_{n}"],
            }
            for n in (1, 2)
        ]


PREFER_NOT = ("prefer_not", "Prefer not to say")
EQUALITY_CHOICES = {
    "age_band": [
        ("18-29", "18 to 29"),
        ("30-44", "30 to 44"),
        ("45-59", "45 to 59"),
        ("60+", "60 or over"),
        PREFER_NOT,
    ],
    "ethnic_group": [
        ("white_scottish", "White Scottish"),
        ("white_other_british", "White: other British"),
        ("white_other", "White: other"),
        ("mixed", "Mixed or multiple ethnic groups"),
        ("asian", "Asian, Scottish Asian or British Asian"),
        ("african_caribbean", "African, Caribbean or Black"),
        ("other", "Other ethnic group"),
        PREFER_NOT,
    ],
    "disability": [("yes", "Yes"), ("no", "No"), PREFER_NOT],
    "sexual_orientation": [
        ("heterosexual", "Heterosexual or straight"),
        ("gay_lesbian", "Gay or lesbian"),
        ("bisexual", "Bisexual"),
        ("other", "Other"),
        PREFER_NOT,
    ],
}


class EqualityForm(forms.Form):
    age_band = forms.ChoiceField(
        label="Your age", choices=EQUALITY_CHOICES["age_band"], widget=forms.RadioSelect
    )
    ethnic_group = forms.ChoiceField(
        label="Your ethnic group",
        choices=EQUALITY_CHOICES["ethnic_group"],
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label="Do you consider yourself to have a disability?",
        choices=EQUALITY_CHOICES["disability"],
        widget=forms.RadioSelect,
    )
    sexual_orientation = forms.ChoiceField(
        label="Your sexual orientation",
        choices=EQUALITY_CHOICES["sexual_orientation"],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label="I have read the privacy notice and agree to my information being used to "
        "consider my application",
        error_messages={"required": "You need to agree to the privacy notice to apply."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps us improve. You do not have to tell us.",
    )


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label="Anything you want to tell us",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferenceForm(forms.Form):
    suitability = forms.CharField(
        label="How suited is this person to making decisions about children's welfare?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text="Think about their fairness, listening and respect for others.",
    )
    concerns = forms.CharField(
        label="Do you have any concerns about them working with children and families?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    recommends = YesNoField(label="Would you recommend them as a panel member?")


# --- Staff -------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    regions = forms.ModelMultipleChoiceField(
        label="Regions",
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose none for a national campaign (national administrators only).",
    )
    opens_on = DateField(label="Opens on")
    closes_on = DateField(label="Closes on")
    target = forms.IntegerField(label="How many new members are needed", min_value=0)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions


class CampaignEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", choices=CampaignEvent.Kind.choices, widget=forms.RadioSelect
    )
    starts_at = forms.DateTimeField(
        label="Date and time",
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
        help_text="For example, 15/3/2027 18:30",
    )
    place = forms.CharField(label="Place", max_length=200)


class PipelineFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="Campaign", queryset=Campaign.objects.all(), required=False, empty_label="All"
    )
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.none(), required=False, empty_label="All"
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All")]
        + [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
    )
    submitted_from = DateField(label="Submitted from", required=False, help_text="")
    submitted_to = DateField(label="Submitted to", required=False, help_text="")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label="Move to", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why (recorded, and needed when the application is unsuccessful)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices


class ScoreForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage", choices=SelectionStage.choices, widget=forms.RadioSelect
    )
    recommendation = forms.ChoiceField(
        label="Your recommendation", choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label="Summary of your evidence",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scored = {}
        for key, label in COMPETENCIES:
            scored[f"score_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=[
                    ("", "Choose a score"),
                    (1, "1: not shown"),
                    (2, "2: partly shown"),
                    (3, "3: shown"),
                    (4, "4: strongly shown"),
                ],
                coerce=int,
            )
        self.fields = {
            "stage": self.fields["stage"],
            **scored,
            **{k: v for k, v in self.fields.items() if k != "stage"},
        }

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"score_{key}"] for key, _ in COMPETENCIES}


class PvgForm(forms.Form):
    status = forms.ChoiceField(label="PVG status", choices=PvgStatus.choices)
    membership_number = forms.CharField(
        label="PVG scheme membership number",
        required=False,
        max_length=20,
        help_text="16 digits. Never record anything from the disclosure itself.",
    )
    applied_on = DateField(label="Applied on", required=False)
    result_on = DateField(label="Result on", required=False)


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("move_on", "Move each on to its next stage"),
        ("invite", "Invite to an information session or interview"),
        ("email", "Email them"),
    ]
    applications = forms.ModelMultipleChoiceField(
        label="Applications", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(label="Action", choices=ACTIONS, widget=forms.RadioSelect)
    event = forms.ModelChoiceField(
        label="Event (for invitations)",
        queryset=CampaignEvent.objects.none(),
        required=False,
        empty_label="Choose an event",
    )
    subject = forms.CharField(label="Subject (for emails)", required=False, max_length=150)
    message = forms.CharField(
        label="Message (for emails)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["event"].queryset = CampaignEvent.objects.filter(
            campaign__applications__in=applications, starts_at__gte=timezone.now()
        ).distinct()

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "invite" and not data.get("event"):
            self.add_error("event", "Choose the event to invite them to.")
        if action == "email" and not (data.get("subject") and data.get("message")):
            self.add_error("message", "Write a subject and a message.")
        return data


# --- Lifecycle ---------------------------------------------------------------------------


class LeaveForm(forms.Form):
    starts_on = DateField(label="Leave starts on")
    ends_on = DateField(label="Leave ends on")
    reason = forms.CharField(label="Reason", max_length=200)


class MoveForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="New home council area", queryset=LocalAuthority.objects.all()
    )
    region = forms.ModelChoiceField(label="New home region", queryset=Region.objects.none())
    on = DateField(label="Moves on", initial=timezone.localdate)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class ResignForm(forms.Form):
    on = DateField(label="Resigns on", initial=timezone.localdate)
    reason = forms.CharField(label="Reason", required=False, max_length=500)


class RemoveForm(forms.Form):
    on = DateField(label="Removed on", initial=timezone.localdate)
    reason = forms.CharField(
        label="Reason", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    consented_by = forms.CharField(
        label="Consent given by",
        max_length=200,
        help_text="Removal needs the consent of the Lord President of the Court of Session.",
    )
    consented_on = DateField(label="Consent given on")

    def clean_consented_on(self):
        value = self.cleaned_data["consented_on"]
        if value > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError("Consent cannot be in the future.")
        return value


class VolunteerProfileForm(forms.Form):
    max_travel_km = forms.IntegerField(label="Travel limit (km)", min_value=1, max_value=500)
    centres = forms.ModelMultipleChoiceField(
        label="Hearing centres they will sit at",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for any centre within their travel limit.",
    )
    rotas = forms.ModelMultipleChoiceField(
        label="Rotas", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(
        label="Languages other than English", required=False, max_length=200
    )
    accessibility_needs = forms.CharField(
        label="Accessibility needs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    declared_conflicts = forms.CharField(
        label="Declared conflicts of interest",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, where they work or families they know. No children's names.",
    )

    def __init__(self, *args, centres, rotas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centres"].queryset = centres
        self.fields["rotas"].queryset = rotas
