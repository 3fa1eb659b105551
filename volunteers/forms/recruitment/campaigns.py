"""Campaigns and their events (information sessions, interviews)."""

from django import forms

from ...models import CampaignEvent, Region
from ..fields import DateField


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
