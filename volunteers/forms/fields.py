"""Fields the volunteers forms share: dates typed the Scottish way and Yes/No questions."""

from django import forms

from common import fields

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
    # The volunteers' forms use the browser's full-width input.
    kwargs.setdefault("widget", forms.DateInput())
    return fields.DateField(**kwargs)
