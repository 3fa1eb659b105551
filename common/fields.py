"""Form fields every app shares."""

from django import forms

# Dates are typed the Scottish way (15/3/2027); ISO dates from the date picker also work.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateField(forms.DateField):
    """A date typed day first, with an example and the design system's fixed width."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("help_text", "For example, 15/3/2027.")
        kwargs.setdefault("widget", forms.DateInput(attrs={"class": "ds_input--fixed-10"}))
        super().__init__(**kwargs)
