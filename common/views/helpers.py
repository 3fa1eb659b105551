"""The view helpers every app shares: a permission check, service errors on a form, and the
one-form page in the design system's question layout."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render


def require_perm(user, perm: str, obj=None) -> None:
    """403 unless the user has the permission (use a 404 helper where existence would leak)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(request, form, *, heading, submit, cancel_url, intro="", label="", multipart=False):
    """A one-form page: heading, optional caption label and intro, the form, submit and cancel.

    `multipart` is for forms with a file field.
    """
    return render(
        request,
        "common/form_page.html",
        {
            "form": form,
            "heading": heading,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
            "label": label,
            "multipart": multipart,
        },
    )


def job_progress_response(request, job, *, finished: bool, reload: bool = False, **context):
    """htmx's answer to a progress poll: the progress partial, and once `finished`, status 286
    to stop polling (with `reload`, HX-Refresh too, so the page shows the outcome)."""
    response = render(request, "common/job_progress.html", {"job": job, **context})
    if finished:
        response.status_code = 286
        if reload:
            response["HX-Refresh"] = "true"
    return response
