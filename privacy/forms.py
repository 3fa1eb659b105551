from django import forms
from django.utils import timezone


class SubjectAccessForm(forms.Form):
    """What a member of staff records when producing a person's data on their request."""

    received_on = forms.DateField(
        label="Date the request was received",
        help_text="For example, 27 3 2026. We must answer within one month of this date.",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reference = forms.CharField(
        label="How the person asked",
        help_text="For example, 'email of 27 March to the national office'.",
        max_length=200,
    )
    output = forms.ChoiceField(
        label="Produce it as",
        choices=[("html", "A page to read and print"), ("json", "A JSON file to send")],
        widget=forms.RadioSelect,
        initial="html",
    )

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                "The date the request was received cannot be in the future."
            )
        return value
