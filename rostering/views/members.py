"""Members' own pages: sittings, withdrawal, availability, calendar feed, cover offers."""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, require_perm

from .. import permissions, selectors, services
from ..forms import (
    WEEKDAYS,
    AvailabilityForm,
    ExpenseClaimForm,
    PatternForm,
    PreferenceForm,
    UnavailabilityForm,
    WithdrawForm,
    slot_choices,
)
from ..instances import DEFAULT_MAX_PER_MONTH, DEFAULT_TARGET_PER_MONTH
from ..models import (
    AvailabilityOffer,
    CoverOffer,
    ExpenseClaim,
    ExpenseRate,
    RotaPeriod,
    Unavailability,
)
from ..service_record import record_workbook, service_record
from ..services.cover import get_offer
from ..services.expenses import return_miles
from .reminders import reminder_form

# Without an open rota period, members can offer time this far ahead.
DEFAULT_HORIZON_DAYS = 56


def _volunteer(request):
    require_perm(request.user, "rostering.sit")
    return request.user.volunteer


@require_GET
@login_required
def my_sittings(request):
    _volunteer(request)
    upcoming, past = selectors.my_sittings(request.user)
    response = render(
        request, "rostering/my_sittings.html", {"upcoming": upcoming, "past": past[:20]}
    )
    # The members' service worker keeps only pages marked like this for reading offline.
    response["X-Member-Page"] = "offline"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, pk):
    _volunteer(request)
    sitting = permissions.get_own_sitting(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_from_sitting(
                assignment=sitting, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "You have withdrawn. We are finding cover; thank you for telling us."
            )
            return redirect("rostering:my_sittings")
    return render(request, "rostering/withdraw.html", {"sitting": sitting, "form": form})


def _window(volunteer):
    """The open rota period for the member's region, or the next eight weeks."""
    today = timezone.localdate()
    period = (
        RotaPeriod.objects.filter(opened_at__isnull=False, end__gte=today)
        .filter(Q(region__isnull=True) | Q(region_id=volunteer.home_region_id))
        .order_by("start")
        .first()
    )
    if period:
        return period, max(period.start, today), period.end
    return None, today, today + datetime.timedelta(days=DEFAULT_HORIZON_DAYS)


def _pattern_slots(pattern: set, start, end, *, weekends: bool) -> set[str]:
    return {
        value
        for value, _ in slot_choices(start, end, weekends=weekends)
        if (datetime.date.fromisoformat(value[:10]).weekday(), value[11:]) in pattern
    }


@require_http_methods(["GET", "POST"])
@login_required
def availability(request):
    volunteer = _volunteer(request)
    period, start, end = _window(volunteer)
    weekends = selectors.rota_has_weekends(period, start, end)
    pattern = set(volunteer.weekly_pattern.values_list("weekday", "half"))
    if request.method == "POST" and "use_pattern" in request.POST:
        # The standing weekly pattern, offered for the whole window in one tap.
        form = AvailabilityForm(
            {"slots": sorted(_pattern_slots(pattern, start, end, weekends=weekends))},
            start=start,
            end=end,
            weekends=weekends,
        )
    else:
        form = AvailabilityForm(request.POST or None, start=start, end=end, weekends=weekends)
    if request.method == "POST" and form.is_valid():
        count = services.set_availability(
            volunteer=volunteer,
            start=start,
            end=end,
            slots=form.cleaned_data["slots"],
            by=request.user,
        )
        messages.success(
            request, f"Thank you: {count} half-day{'s' if count != 1 else ''} offered."
        )
        return redirect("rostering:availability")
    offered = {
        f"{d.isoformat()}/{h}"
        for d, h in AvailabilityOffer.objects.filter(
            volunteer=volunteer, date__range=(start, end)
        ).values_list("date", "half")
    }
    prefilled = not offered and bool(pattern)
    if prefilled:
        # Nothing offered yet: the standing pattern pre-fills the grid.
        offered = _pattern_slots(pattern, start, end, weekends=weekends)
    weeks = selectors.availability_weeks(start, end, offered=offered, weekends=weekends)
    if weeks:
        weeks[0]["open"] = True
    pref = getattr(volunteer, "sitting_preference", None)
    return render(
        request,
        "rostering/availability.html",
        {
            "state": selectors.period_state(period, today=timezone.localdate()),
            "weeks": weeks,
            "weekends": weekends,
            "prefilled": prefilled,
            "pattern_words": [
                f"{WEEKDAYS[d]} {'mornings' if h == 'AM' else 'afternoons'}"
                for d, h in sorted(pattern)
            ],
            "pattern_form": PatternForm(
                initial={"pattern": [f"{d}/{h}" for d, h in sorted(pattern)]},
                weekends=weekends or any(d >= 5 for d, _ in pattern),
            ),
            "away_form": UnavailabilityForm(),
            "away": Unavailability.objects.filter(volunteer=volunteer, end__gte=start),
            "pref_form": PreferenceForm(
                initial={
                    "target_per_month": pref.target_per_month if pref else DEFAULT_TARGET_PER_MONTH,
                    "max_per_month": pref.max_per_month if pref else DEFAULT_MAX_PER_MONTH,
                }
            ),
        },
    )


@require_POST
@login_required
def pattern(request):
    volunteer = _volunteer(request)
    form = PatternForm(request.POST)
    if form.is_valid():
        entries = {(int(v.split("/")[0]), v.split("/")[1]) for v in form.cleaned_data["pattern"]}
        services.set_weekly_pattern(volunteer=volunteer, entries=entries, by=request.user)
        messages.success(request, "Your usual week has been saved.")
    return redirect("rostering:availability")


@require_POST
@login_required
def away_add(request):
    volunteer = _volunteer(request)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.add_unavailability(volunteer=volunteer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Dates away saved.")
    else:
        messages.error(request, "Enter the first and last days you are away.")
    return redirect("rostering:availability")


@require_POST
@login_required
def away_remove(request, pk):
    volunteer = _volunteer(request)
    try:
        away = Unavailability.objects.get(pk=pk, volunteer=volunteer)
    except Unavailability.DoesNotExist:
        raise Http404("No such dates") from None
    services.remove_unavailability(unavailability=away, by=request.user)
    messages.success(request, "Dates away removed.")
    return redirect("rostering:availability")


@require_POST
@login_required
def preference(request):
    volunteer = _volunteer(request)
    form = PreferenceForm(request.POST)
    if form.is_valid():
        try:
            services.set_sitting_preference(
                volunteer=volunteer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your commitment has been saved.")
    else:
        messages.error(request, "Enter how often you will sit.")
    return redirect("rostering:availability")


# --- Calendar feed ------------------------------------------------------------------------


@require_GET
@login_required
def calendar_settings(request):
    _volunteer(request)
    token = request.session.pop("new_feed_token", None)
    links = None
    if token:
        https = f"{settings.SITE_URL}/calendar/{token}.ics"
        webcal = "webcal://" + https.split("://", 1)[1]
        links = {
            "https": https,
            "webcal": webcal,
            "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        }
    live = request.user.calendar_feeds.filter(revoked_at__isnull=True).first()
    return render(
        request,
        "rostering/calendar_settings.html",
        {"links": links, "live": live, "reminder_form": reminder_form(request.user.volunteer)},
    )


@require_POST
@login_required
def calendar_create(request):
    _volunteer(request)
    # The token is shown once, on the next page; only its hash is kept.
    request.session["new_feed_token"] = services.create_calendar_feed(user=request.user)
    return redirect("rostering:calendar_settings")


@require_POST
@login_required
def calendar_revoke(request):
    _volunteer(request)
    services.revoke_calendar_feed(user=request.user)
    messages.success(request, "Your calendar link no longer works.")
    return redirect("rostering:calendar_settings")


# --- Cover offers -------------------------------------------------------------------------


def _own_offer(request, token) -> CoverOffer:
    offer = get_offer(token)
    if offer is None or offer.volunteer.user_id != request.user.pk:
        raise Http404("No such offer")
    return offer


@require_http_methods(["GET", "POST"])
@login_required
def cover_offer(request, token):
    offer = _own_offer(request, token)
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                services.accept_cover_offer(offer=offer, by=request.user)
                messages.success(request, "Thank you: the sitting is yours.")
                return redirect("rostering:my_sittings")
            services.decline_cover_offer(offer=offer, by=request.user)
            messages.success(request, "Thank you for letting us know.")
            return redirect("rostering:my_sittings")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("rostering:cover_offer", token=token)
    return render(request, "rostering/cover_offer.html", {"offer": offer})


# --- Expenses -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def expense_claim(request, pk):
    _volunteer(request)
    sitting = permissions.get_own_sitting(request.user, pk)
    claim = ExpenseClaim.objects.filter(assignment=sitting).first()
    rate = ExpenseRate.on(sitting.date)
    form = ExpenseClaimForm(request.POST or None)
    if request.method == "POST" and claim is None and form.is_valid():
        try:
            services.submit_expense_claim(
                assignment=sitting,
                subsistence_pence=int(form.cleaned_data["subsistence"] * 100),
                loss_of_earnings_pence=int(form.cleaned_data["loss_of_earnings"] * 100),
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your claim has been sent for approval.")
            return redirect("rostering:my_sittings")
    return render(
        request,
        "rostering/expense_claim.html",
        {
            "sitting": sitting,
            "claim": claim,
            "form": form,
            "rate": rate,
            "miles": return_miles(sitting),
        },
    )


# --- Record of service --------------------------------------------------------------------


@require_GET
@login_required
def record_of_service(request):
    volunteer = _volunteer(request)
    record = service_record(volunteer, on=timezone.localdate())
    return render(request, "rostering/service_record.html", {"record": record})


@require_GET
@login_required
def record_of_service_download(request):
    volunteer = _volunteer(request)
    today = timezone.localdate()
    response = HttpResponse(
        record_workbook(service_record(volunteer, on=today)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="record-of-service-{today.isoformat()}.xlsx"'
    )
    return response
