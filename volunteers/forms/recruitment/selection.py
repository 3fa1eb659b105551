"""Selecting applicants: the pipeline filter, moving an application on, scores, PVG and
bulk actions."""

from django import forms
from django.utils import timezone

from ...models import (
    COMPETENCIES,
    ApplicationStatus,
    Campaign,
    CampaignEvent,
    PvgStatus,
    Recommendation,
    Region,
    SelectionStage,
)
from ..fields import DateField


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
