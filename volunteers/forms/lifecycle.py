"""Forms for a volunteer's life after appointment: leave, moves, resignation, removal and
the profile staff keep."""

import datetime

from django import forms
from django.utils import timezone

from ..models import LocalAuthority, Region
from .fields import DateField


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
