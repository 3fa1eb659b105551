"""Pages for applicants (any signed-in person) and for referees (no account, a token).

An applicant only ever reaches their own applications: anyone else's is a 404.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.privacy import collect_personal_data
from common.views.helpers import apply_service_errors, form_page

from ..forms import recruitment as forms
from ..models import (
    ExpressionOfInterest,
)
from ..models.recruitment import COMPETENCY_LABELS, HALF_DAY_LABELS, SECTIONS
from ..permissions import get_own_application
from ..selectors import recruitment as selectors
from ..services import recruitment as services

SECTION_FORMS = {
    "eligibility": forms.EligibilityForm,
    "personal": forms.PersonalForm,
    "areas": forms.AreasForm,
    "availability": forms.AvailabilityForm,
    "statements": forms.StatementsForm,
    "declarations": forms.DeclarationsForm,
    "referees": forms.RefereesForm,
    "equality": forms.EqualityForm,
    "consent": forms.ConsentForm,
}
SECTION_TITLES = dict(SECTIONS)


@require_GET
def campaigns(request):
    return render(
        request,
        "volunteers/recruitment/campaigns.html",
        {"campaigns": selectors.open_campaigns()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def interest(request):
    current = ExpressionOfInterest.objects.filter(
        user=request.user, withdrawn_at__isnull=True
    ).first()
    form = forms.InterestForm(
        request.POST or None,
        initial={"local_authority": current.local_authority_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        services.express_interest(
            user=request.user, local_authority=form.cleaned_data["local_authority"]
        )
        messages.success(
            request,
            "Thank you. We will email you when we recruit panel members in "
            f"{form.cleaned_data['local_authority']}.",
        )
        return redirect("apply:mine")
    return form_page(
        request,
        form,
        heading="Tell me when you are recruiting",
        submit="Register my interest",
        cancel_url=reverse("apply:mine"),
        intro="Leave your council area and we will email you as soon as a recruitment "
        "campaign opens there. You can apply at any time a campaign is open.",
    )


@require_GET
@login_required
def mine(request):
    applications = list(selectors.applications_of(request.user))
    applied = {a.campaign_id for a in applications}
    return render(
        request,
        "volunteers/recruitment/mine.html",
        {
            "applications": applications,
            "campaigns": [c for c in selectors.open_campaigns() if c.pk not in applied],
            "interest": ExpressionOfInterest.objects.filter(
                user=request.user, withdrawn_at__isnull=True
            )
            .select_related("local_authority")
            .first(),
        },
    )


@require_POST
@login_required
def start(request, pk):
    campaign = get_object_or_404(selectors.open_campaigns(), pk=pk)
    application = services.start_application(user=request.user, campaign=campaign)
    return redirect("apply:application", pk=application.pk)


def _task_list(application):
    done = set(application.completed_sections)
    return [
        {
            "key": key,
            "title": title,
            "done": key in done,
            "url": reverse("apply:section", args=[application.pk, key]),
        }
        for key, title in SECTIONS
    ]


@require_GET
@login_required
def application(request, pk):
    application = get_own_application(request.user, pk)
    if application.is_draft:
        tasks = _task_list(application)
        return render(
            request,
            "volunteers/recruitment/task_list.html",
            {
                "application": application,
                "tasks": tasks,
                "completed": sum(t["done"] for t in tasks),
                "ineligible": _ineligible(application),
            },
        )
    return render(
        request,
        "volunteers/recruitment/my_application.html",
        {
            "application": application,
            "transitions": application.transitions.all(),
            "can_withdraw": application.is_open,
            "can_accept": application.status == "offer",
        },
    )


def _ineligible(application) -> list[str]:
    if "eligibility" not in application.completed_sections:
        return []
    return [
        text
        for field, text in forms.INELIGIBLE_EXPLANATIONS.items()
        if getattr(application, field) is False
    ]


def _initial(application, section):
    if section == "referees":
        initial = {"not_related": bool(application.completed_sections)}
        for referee in application.referees.all():
            n = referee.position
            relationship = {label: key for key, label in forms.RELATIONSHIPS}.get(
                referee.relationship, "other"
            )
            initial.update(
                {
                    f"name_{n}": referee.name,
                    f"email_{n}": referee.email,
                    f"relationship_{n}": relationship,
                    f"years_known_{n}": referee.years_known,
                }
            )
        initial["not_related"] = "referees" in application.completed_sections
        return initial
    if section == "statements":
        return dict(application.statements)
    if section == "consent":
        return {"consent": application.privacy_consented_at is not None}
    if section == "equality":
        return {}
    fields = services.SECTION_FIELDS[section]
    return {field: getattr(application, field) for field in fields}


@require_http_methods(["GET", "POST"])
@login_required
def section(request, pk, section):
    application = get_own_application(request.user, pk)
    if section not in SECTION_FORMS:
        raise Http404("No such section")
    if not application.is_draft:
        messages.info(request, "Your application has been submitted and can no longer be changed.")
        return redirect("apply:application", pk=application.pk)
    form_class = SECTION_FORMS[section]
    form = form_class(request.POST or None, initial=_initial(application, section))
    if request.method == "POST":
        skipping = section == "equality" and "skip" in request.POST
        if skipping or form.is_valid():
            try:
                _save_section(request, application, section, form, skipping)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if section == "eligibility" and _ineligible(get_own_application(request.user, pk)):
                    return redirect("apply:application", pk=application.pk)
                messages.success(request, f"'{SECTION_TITLES[section]}' saved.")
                return redirect("apply:application", pk=application.pk)
    return render(
        request,
        "volunteers/recruitment/section.html",
        {
            "application": application,
            "form": form,
            "section": section,
            "title": SECTION_TITLES[section],
            "equality_done": "equality" in application.completed_sections,
        },
        status=400 if request.method == "POST" else 200,
    )


def _save_section(request, application, section, form, skipping):
    user = request.user
    if section == "referees":
        services.save_referees(application=application, referees=form.referees(), by=user)
    elif section == "equality":
        answers = None if skipping else {k: v for k, v in form.cleaned_data.items() if v}
        services.save_equality_answers(application=application, answers=answers, by=user)
    elif section == "consent":
        services.give_privacy_consent(application=application, by=user)
    else:
        services.save_application_section(
            application=application, section=section, data=form.cleaned_data, by=user
        )


@require_http_methods(["GET", "POST"])
@login_required
def check(request, pk):
    application = get_own_application(request.user, pk)
    if request.method == "POST":
        try:
            services.submit_application(application=application, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            if not application.is_draft:
                return redirect("apply:application", pk=application.pk)
        else:
            return redirect("apply:submitted", pk=application.pk)
    if not application.is_draft:
        return redirect("apply:application", pk=application.pk)
    return render(
        request,
        "volunteers/recruitment/check.html",
        {
            "application": application,
            "statements": [(COMPETENCY_LABELS[k], v) for k, v in application.statements.items()],
            "availability": [HALF_DAY_LABELS.get(k, k) for k in application.availability],
            "referees": application.referees.all(),
            "missing": services.missing_sections(application),
            "ineligible": _ineligible(application),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def submitted(request, pk):
    application = get_own_application(request.user, pk)
    if application.is_draft:
        return redirect("apply:application", pk=application.pk)
    return render(request, "volunteers/recruitment/submitted.html", {"application": application})


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, pk):
    application = get_own_application(request.user, pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_application(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Your application has been withdrawn.")
        return redirect("apply:application", pk=application.pk)
    return form_page(
        request,
        form,
        heading=f"Withdraw your application to {application.campaign.name}",
        submit="Withdraw my application",
        cancel_url=reverse("apply:application", args=[application.pk]),
        intro="You will not be considered further in this campaign. You can apply "
        "again in a later one.",
    )


@require_POST
@login_required
def accept(request, pk):
    application = get_own_application(request.user, pk)
    try:
        services.accept_offer(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Welcome to the Children's Panel. Your training dates follow.")
    return redirect("apply:application", pk=application.pk)


# --- My data -----------------------------------------------------------------------------


@require_GET
@login_required
def my_data(request):
    return render(
        request,
        "volunteers/recruitment/my_data.html",
        {
            "data": collect_personal_data(request.user),
            "pending_deletion": request.user.deletion_requests.filter(
                handled_at__isnull=True
            ).first(),
            "form": forms.DeletionRequestForm(),
        },
    )


@require_GET
@login_required
def my_data_download(request):
    data = collect_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def my_data_delete(request):
    form = forms.DeletionRequestForm(request.POST)
    if form.is_valid():
        services.request_data_deletion(user=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            "We have your request. A national administrator will delete your data within one "
            "month, or tell you what we must keep by law and why.",
        )
    return redirect("apply:my_data")


# --- Referees (no account) ---------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def reference(request, token):
    referee = services.referee_for_token(token)
    if referee is None:
        return render(request, "volunteers/recruitment/reference_invalid.html", status=404)
    if referee.received_at is not None:
        return render(request, "volunteers/recruitment/reference_thanks.html")
    form = forms.ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_reference(token=token, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "volunteers/recruitment/reference_thanks.html")
    # The token is in the URL: the site-wide "same-origin" referrer policy keeps it from
    # leaking to other sites ("no-referrer" would make browsers send "Origin: null" and fail
    # the CSRF check).
    return render(
        request,
        "volunteers/recruitment/reference_form.html",
        {"form": form, "referee": referee, "applicant": referee.application.full_name},
        status=400 if request.method == "POST" else 200,
    )
