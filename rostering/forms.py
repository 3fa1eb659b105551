import datetime

from django import forms

from common.fields import DateField
from common.spreadsheets import MAX_BYTES
from volunteers.models import HearingCentre, LocalAuthority, Region

from .imports import max_rows
from .models import Exclusion, Half, ReminderPreference, Session
from .validators import validate_case_reference

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def DateInput(**kwargs):  # noqa: N802 (a field, read like a class)
    kwargs.setdefault("help_text", "For example, 4/1/2027.")
    return DateField(**kwargs)


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(label="The Reporter's schedule")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits come from settings, so say them when the form is drawn.
        self.fields["file"].help_text = (
            "An Excel workbook (.xlsx) made from the template, 5 MB or smaller, "
            f"with at most {max_rows():,} sessions."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("The file must be an Excel workbook (.xlsx).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller.")
        return upload


class SessionForm(forms.Form):
    reference = forms.CharField(label="Reporter's session reference", max_length=40)
    centre = forms.ModelChoiceField(
        label="Hearing centre", queryset=HearingCentre.objects.none(), empty_label="Choose"
    )
    date = DateInput(label="Date")
    half = forms.ChoiceField(label="Morning or afternoon", choices=Half.choices)
    start_time = forms.TimeField(label="Start time", help_text="For example, 09:30.")
    mode = forms.ChoiceField(label="In person or virtual", choices=Session.Mode.choices)
    pre_hearing_panel = forms.BooleanField(label="Pre-hearing panel", required=False)
    hearings = forms.CharField(
        label="Hearings",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "One hearing per line: the case reference, a comma, then the child's council "
            "(name or GSS code). For example: K000123, Fife. No names."
        ),
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres

    def clean_hearings(self):
        councils = {}
        for la in LocalAuthority.objects.all():
            councils[la.name.lower()] = la
            councils[la.code.lower()] = la
        out = []
        for number, line in enumerate(self.cleaned_data["hearings"].splitlines(), start=1):
            if not line.strip():
                continue
            case, _, council = (part.strip() for part in line.partition(","))
            la = councils.get(council.lower())
            if not case or la is None:
                raise forms.ValidationError(
                    f"Line {number}: give a case reference and a Scottish council."
                )
            try:
                case = validate_case_reference(case)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"Line {number}: {error.messages[0]}") from None
            out.append((case, la))
        if not out:
            raise forms.ValidationError("Enter at least one hearing.")
        return out


class PeriodForm(forms.Form):
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.none(),
        required=False,
        empty_label="National (every region)",
    )
    start = DateInput(label="First day")
    end = DateInput(label="Last day")
    availability_deadline = DateInput(label="Members offer their time by")

    def __init__(self, *args, regions, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        if not national:
            self.fields["region"].required = True
            self.fields["region"].empty_label = "Choose a region"


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label="Time the engine may take (seconds)",
        min_value=5,
        max_value=600,
        initial=30,
        help_text="30 seconds is plenty for a region; allow longer for a national rota.",
    )


class AddMemberForm(forms.Form):
    volunteer = forms.ChoiceField(label="Member", choices=())
    chair = forms.BooleanField(label="Chairing member", required=False)
    reason = forms.CharField(
        label="Reason for overriding a preference (if asked)",
        required=False,
        max_length=300,
        help_text="Needed when the panel would be all one sex, non-local, or above a member's "
        "commitment.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [("", "Choose a member")] + candidates


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300, required=False)


class SingleSexReasonForm(forms.Form):
    # Prefixed: it shares the panel page with the add-member form, which has a "reason" too.
    prefix = "single_sex"

    reason = forms.CharField(label="Why the panel could not include both sexes", max_length=300)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why you cannot sit",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the rota team sees this.",
    )


class PatternForm(forms.Form):
    pattern = forms.MultipleChoiceField(
        label="Half-days you are usually free",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, weekends: bool = True, **kwargs):
        # Saturdays and Sundays are offered only where the rota has weekend sessions.
        super().__init__(*args, **kwargs)
        self.fields["pattern"].choices = [
            (f"{d}/{h}", f"{WEEKDAYS[d]} {label.lower()}")
            for d in range(7 if weekends else 5)
            for h, label in Half.choices
        ]


class UnavailabilityForm(forms.Form):
    start = DateInput(label="First day away")
    end = DateInput(label="Last day away")
    # The form renderer adds "(optional)" to every field that is not required.
    reason = forms.CharField(label="Reason", max_length=200, required=False)


class PreferenceForm(forms.Form):
    target_per_month = forms.DecimalField(
        label="Sittings a month you have committed to", min_value=0, max_value=10, decimal_places=1
    )
    max_per_month = forms.IntegerField(label="Most sittings a month", min_value=0, max_value=15)


class ReminderPreferenceForm(forms.Form):
    reminders = forms.BooleanField(
        label="Email me before my sittings and ask me to confirm", required=False
    )
    delivery = forms.ChoiceField(
        label="How to send them",
        choices=ReminderPreference.Delivery.choices,
        widget=forms.RadioSelect,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why can you not come?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExclusionForm(forms.Form):
    kind = forms.ChoiceField(label="Excluded from", choices=Exclusion.Kind.choices)
    local_authority = forms.ModelChoiceField(
        label="Council area", queryset=LocalAuthority.objects.all(), required=False
    )
    centre = forms.ModelChoiceField(
        label="Hearing centre", queryset=HearingCentre.objects.all(), required=False
    )
    case_reference = forms.CharField(label="Case reference", max_length=40, required=False)
    reason = forms.CharField(label="Reason", max_length=300)

    def clean_case_reference(self):
        value = self.cleaned_data["case_reference"]
        return validate_case_reference(value) if value.strip() else ""


def slot_choices(
    start: datetime.date, end: datetime.date, *, weekends: bool = True
) -> list[tuple[str, str]]:
    out = []
    day = start
    while day <= end:
        if weekends or day.weekday() < 5:
            for half, label in Half.choices:
                out.append((f"{day.isoformat()}/{half}", f"{day:%A %-d %B} {label.lower()}"))
        day += datetime.timedelta(days=1)
    return out


class AvailabilityForm(forms.Form):
    slots = forms.MultipleChoiceField(required=False, choices=())

    def __init__(self, *args, start, end, weekends: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = slot_choices(start, end, weekends=weekends)

    def clean_slots(self):
        return {(datetime.date.fromisoformat(v[:10]), v[11:]) for v in self.cleaned_data["slots"]}


class ExpenseClaimForm(forms.Form):
    subsistence = forms.DecimalField(
        label="Subsistence (£)",
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=0,
        help_text="Meals and refreshments, with receipts kept.",
    )
    loss_of_earnings = forms.DecimalField(
        label="Loss of earnings (£)", min_value=0, max_digits=6, decimal_places=2, initial=0
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(label="Note (needed to reject)", max_length=300, required=False)


class AttendanceForm(forms.Form):
    attended = forms.ChoiceField(choices=[("yes", "Attended"), ("no", "Did not attend")])


class ReportForm(forms.Form):
    start = DateInput(label="From")
    end = DateInput(label="To")
    minimum = forms.DecimalField(
        label="Minimum sittings a month",
        min_value=0,
        max_value=10,
        decimal_places=1,
        initial=1,
        help_text="Members below this are listed.",
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end must be after the start.")
        return data
