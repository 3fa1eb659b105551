import datetime

from django import forms
from django.utils import timezone

from common.fields import DateField

from ..models import (
    HearingCentre,
    LocalAuthority,
    OrganisationModel,
    Region,
    Role,
)


class EffectiveDateField(DateField):
    """The day a redrawing takes effect; earlier days keep the old arrangement."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Takes effect from")
        kwargs.setdefault(
            "help_text",
            "For example, 1/4/2027. Sessions before this date stay where they were.",
        )
        kwargs.setdefault("initial", timezone.localdate)
        kwargs.setdefault("widget", forms.DateInput())
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value < timezone.localdate() - datetime.timedelta(days=366):
            raise forms.ValidationError("Choose a date within the last year or in the future.")


class OrganisationModelForm(forms.Form):
    model = forms.ChoiceField(
        label="Organisation model",
        choices=OrganisationModel.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Regional: members sit only at centres in their own region. National: members may "
            "sit at any centre within their travel limit, whichever region it is in."
        ),
    )


class RegionForm(forms.Form):
    code = forms.SlugField(
        label="Short code", max_length=20, help_text="Letters, numbers and hyphens, e.g. R-EAST."
    )
    name = forms.CharField(label="Name", max_length=100)


class RegionRenameForm(forms.Form):
    name = forms.CharField(label="New name", max_length=100)


class RegionMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label="Merge into", queryset=Region.objects.none(), empty_label="Choose a region"
    )
    on = EffectiveDateField()

    def __init__(self, *args, source: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Region.objects.filter(is_active=True).exclude(pk=source.pk)


class RegionCouncilsForm(forms.Form):
    local_authorities = forms.ModelMultipleChoiceField(
        label="Council areas this region serves",
        queryset=LocalAuthority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A council may be served by more than one region.",
    )
    on = EffectiveDateField()


class CentreForm(forms.Form):
    name = forms.CharField(max_length=100)
    address = forms.CharField(max_length=200)
    postcode = forms.CharField(max_length=10, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    latitude = forms.DecimalField(max_digits=8, decimal_places=5, min_value=54, max_value=61)
    longitude = forms.DecimalField(max_digits=8, decimal_places=5, min_value=-9, max_value=0)
    local_authority = forms.ModelChoiceField(
        label="Council area", queryset=LocalAuthority.objects.all(), empty_label="Choose a council"
    )
    accessibility_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hosts_virtual_hearings = forms.BooleanField(label="Hosts virtual hearings", required=False)


class NewCentreForm(CentreForm):
    region = forms.ModelChoiceField(queryset=Region.objects.none(), empty_label="Choose a region")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class CentreMoveForm(forms.Form):
    region = forms.ModelChoiceField(
        label="New region", queryset=Region.objects.filter(is_active=True)
    )
    on = EffectiveDateField()


class RotaForm(forms.Form):
    name = forms.CharField(max_length=100)
    centres = forms.ModelMultipleChoiceField(
        label="Hearing centres on this rota",
        queryset=HearingCentre.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    on = EffectiveDateField()

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centres"].queryset = centres


class RotaMergeForm(forms.Form):
    target = forms.ModelChoiceField(label="Merge into", queryset=None, empty_label="Choose a rota")
    on = EffectiveDateField()

    def __init__(self, *args, rotas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = rotas


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(choices=())
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        required=False,
        empty_label="Not regional",
        help_text="Needed for PPA, trainer and regional administrator roles.",
    )

    def __init__(self, *args, roles: list[str], regions, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [("", "Choose a role")] + [(r, labels[r]) for r in roles]
        self.fields["region"].queryset = regions


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or email", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
