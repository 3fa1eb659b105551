"""The preview-then-confirm step every dated organisation change goes through.

The first POST validates the form and shows what the change would do (nothing is saved); the
confirmation page carries the same answers back as hidden fields, and a second POST with
`confirm` re-validates them, applies the change and redirects.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from common.views.helpers import apply_service_errors, form_page

from ... import services

CONFIRM = "confirm"


def _resubmitted(request) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM)
        for value in values
    ]


def change_page(
    request,
    form,
    *,
    build: Callable[[dict], services.OrganisationChange],
    heading: str,
    cancel_url: str,
    success_url: str | Callable[[], str],
    intro: str = "",
    before_apply: Callable[[dict], None] | None = None,
):
    """GET: the form. POST: its preview. POST with `confirm`: apply it and redirect."""
    if request.method == "POST" and form.is_valid():
        change = build(form.cleaned_data)
        try:
            if CONFIRM not in request.POST:
                preview = services.preview_change(change, by=request.user)
            else:
                with transaction.atomic():
                    if before_apply:
                        before_apply(form.cleaned_data)
                    done = services.apply_change(change, by=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if CONFIRM in request.POST:
                messages.success(request, _summary(done))
                return redirect(success_url() if callable(success_url) else success_url)
            context = {
                "preview": preview,
                "heading": heading,
                "cancel_url": cancel_url,
                "fields": _resubmitted(request),
            }
            return render(request, "volunteers/change_preview.html", context)
    return form_page(
        request,
        form,
        heading=heading,
        submit="Preview the change",
        cancel_url=cancel_url,
        intro=intro,
    )


def _summary(done: services.ChangePreview) -> str:
    text = f"{done.change.describe()}: saved."
    if done.sessions:
        text += f" {done.sessions} session{'s' if done.sessions != 1 else ''} re-homed."
    if done.published_sittings:
        text += " Sessions with published sittings are flagged for the rota manager to confirm."
    return text
