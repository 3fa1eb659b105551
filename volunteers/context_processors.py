from django.conf import settings
from django.urls import reverse

from .models import Role


def navigation(request):
    """The site navigation a signed-in person sees, by their roles."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        roles = user.role_names()
        items.append(("Dashboard", reverse("dashboard")))
        if roles & {Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN}:
            items.append(("Organisation", reverse("volunteers:organisation")))
            items.append(("People", reverse("volunteers:people")))
        if roles & {Role.PPA, Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN}:
            items.append(("Recruitment", reverse("recruitment:pipeline")))
        if roles & {Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN}:
            items.append(("Volunteers", reverse("lifecycle:volunteers")))
        if Role.APPLICANT in roles:
            items.append(("Apply", reverse("apply:mine")))
        if roles & {Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN}:
            items.append(("Rostering", reverse("rostering:home")))
        if Role.PANEL_MEMBER in roles:
            items.append(("My sittings", reverse("rostering:my_sittings")))
            items.append(("Availability", reverse("rostering:availability")))
        if roles & {Role.TRAINER, Role.NATIONAL_ADMIN}:
            items.append(("Training", reverse("training:dashboard")))
        if roles & {Role.PPA, Role.NATIONAL_ADMIN}:
            items.append(("Monitoring", reverse("training:monitoring")))
        elif Role.REGIONAL_ADMIN in roles:
            items.append(("PPA assignments", reverse("training:assignments")))
        if Role.PANEL_MEMBER in roles:
            items.append(("My training", reverse("training:my_training")))
            items.append(("Record of service", reverse("rostering:service_record")))
        if roles & {Role.CONTENT_EDITOR, Role.NATIONAL_ADMIN}:
            items.append(("Content", "/cms-admin/"))
        items.append(("My account", reverse("account_email")))
    current = request.path if request is not None else ""
    return {
        "nav_items": [
            {"label": label, "url": url, "current": current.startswith(url)} for label, url in items
        ],
        "site_name": settings.SITE_NAME,
        "mfa_bypass_code": getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        if settings.DEBUG
        else None,
    }
