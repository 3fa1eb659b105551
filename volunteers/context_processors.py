from django.conf import settings
from django.urls import reverse

from .models import Role

ADMINS = {Role.REGIONAL_ADMIN, Role.NATIONAL_ADMIN}
MEMBER = {Role.PANEL_MEMBER}

# (label, URL name or path, roles that see it, roles that hide it), in menu order.
NAVIGATION = [
    ("Dashboard", "dashboard", None, set()),
    ("Organisation", "volunteers:organisation", ADMINS, set()),
    ("People", "volunteers:people", ADMINS, set()),
    ("Recruitment", "recruitment:pipeline", {Role.PPA, *ADMINS}, set()),
    ("Volunteers", "lifecycle:volunteers", ADMINS, set()),
    ("Apply", "apply:mine", {Role.APPLICANT}, set()),
    ("Rostering", "rostering:home", ADMINS, set()),
    ("My sittings", "rostering:my_sittings", MEMBER, set()),
    ("Availability", "rostering:availability", MEMBER, set()),
    ("Training", "training:dashboard", {Role.TRAINER, Role.NATIONAL_ADMIN}, set()),
    ("Monitoring", "training:monitoring", {Role.PPA, Role.NATIONAL_ADMIN}, set()),
    # A regional administrator who is not also a PPA manages PPA assignments instead.
    (
        "PPA assignments",
        "training:assignments",
        {Role.REGIONAL_ADMIN},
        {Role.PPA, Role.NATIONAL_ADMIN},
    ),
    ("My training", "training:my_training", MEMBER, set()),
    ("Record of service", "rostering:service_record", MEMBER, set()),
    ("Content", "/cms-admin/", {Role.CONTENT_EDITOR, Role.NATIONAL_ADMIN}, set()),
    ("My account", "account_email", None, set()),
]


def navigation(request):
    """The site navigation a signed-in person sees, by their roles."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        roles = user.role_names()
        items = [
            (label, target if target.startswith("/") else reverse(target))
            for label, target, shown_to, hidden_from in NAVIGATION
            if (shown_to is None or roles & shown_to) and not roles & hidden_from
        ]
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
