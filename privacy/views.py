"""Subject access, the retention schedule, MFA enrolment links and lockouts.

Staff pages live under /staff/privacy/ (so the staff MFA check applies); a person's own
pages under /account/security/; the unlock link needs no sign-in (the person is locked out).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.retention import schedule
from volunteers.permissions import get_person_for_user, is_national_admin

from . import lockout as lockouts
from . import mfa_enrolment, services
from .forms import SubjectAccessForm
from .models import RetentionRun


def _national_admin_only(user) -> None:
    if not is_national_admin(user):
        raise PermissionDenied


# --- Subject access, produced by staff on a person's request ------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def subject_access(request, pk):
    if not services.can_produce_subject_access(request.user):
        raise PermissionDenied
    person = get_person_for_user(request.user, pk)
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = services.produce_subject_access(
            person=person,
            by=request.user,
            received_on=form.cleaned_data["received_on"],
            reference=form.cleaned_data["reference"],
        )
        if form.cleaned_data["output"] == "json":
            return _json_download(data, f"data-{person.pk}")
        return render(
            request, "privacy/subject_access_result.html", {"person": person, "data": data}
        )
    return render(request, "privacy/subject_access.html", {"person": person, "form": form})


def _json_download(data: dict, stem: str) -> HttpResponse:
    response = HttpResponse(services.export_json(data), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{timezone.localdate():%Y-%m-%d}.json"'
    )
    return response


# --- The retention schedule -------------------------------------------------------------


@require_GET
@login_required
def retention(request):
    _national_admin_only(request.user)
    runs = list(RetentionRun.objects.select_related("by")[:10])
    latest_dry_run = next((run for run in runs if run.dry_run), None)
    return render(
        request,
        "privacy/retention.html",
        {"rules": schedule(), "runs": runs, "latest_dry_run": latest_dry_run},
    )


@require_POST
@login_required
def retention_dry_run(request):
    _national_admin_only(request.user)
    run = services.run_retention(dry_run=True, by=request.user)
    messages.success(request, f"Dry run finished: {run.total} records are due.")
    return redirect("privacy:retention")


# --- Lockouts ---------------------------------------------------------------------------


@require_GET
@login_required
def lockout_list(request):
    _national_admin_only(request.user)
    return render(request, "privacy/lockouts.html", {"lockouts": list(lockouts.current_lockouts())})


@require_POST
@login_required
def lockout_clear(request, pk):
    _national_admin_only(request.user)
    lockout = get_object_or_404(lockouts.current_lockouts(), pk=pk)
    lockouts.clear_lockout(lockout=lockout, by=request.user, how="administrator")
    messages.success(request, f"Cleared: {lockout}.")
    return redirect("privacy:lockouts")


@require_http_methods(["GET", "POST"])
def unlock(request, token):
    lockout = lockouts.lockout_for_token(token)
    if lockout is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if request.method == "POST":
        lockouts.clear_lockout(lockout=lockout, how="owner's link")
        messages.success(request, "Your account is unlocked. You can sign in again.")
        return redirect("account_login")
    return render(request, "privacy/unlock.html", {"lockout": lockout})


# --- MFA enrolment by emailed link ------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def mfa_enrol(request):
    if request.method == "POST":
        try:
            link = mfa_enrolment.send_enrolment_link(user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"We have emailed a link to {link.sent_to}. Open it in this browser within "
                "30 minutes.",
            )
        return redirect("privacy:mfa_enrol")
    return render(
        request,
        "privacy/mfa_enrol.html",
        {"email": mfa_enrolment.verified_email(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def mfa_enrol_link(request, token):
    # A GET only shows a button: mail scanners that follow links must not spend the token.
    if mfa_enrolment.link_for_token(user=request.user, token=token) is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if request.method == "POST":
        if mfa_enrolment.use_enrolment_link(request=request, token=token):
            return redirect("mfa_activate_totp")
        return render(request, "privacy/link_invalid.html", status=404)
    return render(request, "privacy/mfa_enrol_link.html")
