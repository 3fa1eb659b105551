"""The outgoing email log for the people who answer "did my email go?".

Who may see it is a rule registered by the app that owns roles (`common.view_outgoingemail`,
national administrators): common knows no roles.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..mail import MAX_ATTEMPTS
from ..models import OutgoingEmail

PAGE_SIZE = 50


@require_GET
@login_required
def outgoing_email_list(request):
    if not request.user.has_perm("common.view_outgoingemail"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    emails = OutgoingEmail.objects.only(
        "to", "template", "subject", "status", "attempts", "last_error", "created_at", "sent_at"
    )
    if status in OutgoingEmail.Status.values:
        emails = emails.filter(status=status)
    else:
        status = ""
    page = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "common/outgoing_email_list.html",
        {
            "page": page,
            "status": status,
            "statuses": OutgoingEmail.Status.choices,
            "max_attempts": MAX_ATTEMPTS,
        },
    )
