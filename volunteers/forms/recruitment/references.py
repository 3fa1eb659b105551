"""The referee's form."""

from django import forms

from ..fields import YesNoField


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
