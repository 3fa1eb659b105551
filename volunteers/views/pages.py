"""Public and personal pages: privacy, accessibility and the signed-in dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..selectors.recruitment import applications_of


@require_GET
def privacy(request):
    return render(request, "pages/privacy.html")


@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_GET
@login_required
def dashboard(request):
    # Where everyone lands after signing in: an applicant with an unfinished application is
    # sent straight back to it.
    draft = next((a for a in applications_of(request.user) if a.is_draft), None)
    return render(
        request,
        "volunteers/dashboard.html",
        {"roles": request.user.active_roles(), "draft_application": draft},
    )
