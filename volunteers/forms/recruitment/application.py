"""The applicant's forms: interest, eligibility, the application's sections, consent,
withdrawal and deletion requests."""

from django import forms

from ...models import COMPETENCIES, HALF_DAYS, LocalAuthority, Sex
from ..fields import YesNoField


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
