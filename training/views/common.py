"""Small helpers shared by the training views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's validation error on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_page(request, form, *, heading, submit, cancel_url, intro="", label="", multipart=False):
    return render(
        request,
        "training/form_page.html",
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
