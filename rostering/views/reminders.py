"""The member's answer to a reminder ("I'll be there" / "I can't come") and their choices.

The answer links come from email, so they work without signing in: the token is the key,
and it opens only the one sitting it was made for. GET shows what the answer will do; only
the POST changes anything.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.views.helpers import require_perm

from .. import services
from ..forms import DeclineForm, ReminderPreferenceForm
from ..models import ConfirmationLink, ReminderPreference
from ..services.reminders import answer_problem, get_confirmation_link


@require_http_methods(["GET", "POST"])
def answer(request, pk, token):
    link = get_confirmation_link(assignment_pk=pk, token=token)
    problem = answer_problem(link, user=request.user)
    if problem:
        # 404 for a link that does not exist, so tokens cannot be probed; 200 otherwise.
        status = 404 if link is None else 200
        if request.method == "POST" and link is not None:
            status = 409
        return render(request, "rostering/sitting_answer.html", {"problem": problem}, status=status)
    declining = link.answer == ConfirmationLink.Answer.DECLINE
    data = request.POST if request.method == "POST" else None
    form = DeclineForm(data) if declining else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.answer_sitting(
                link=link,
                reason=form.cleaned_data["reason"] if form else "",
                user=request.user,
            )
        except ValidationError as error:
            return render(
                request,
                "rostering/sitting_answer.html",
                {"problem": " ".join(error.messages)},
                status=409,
            )
        done = (
            "Thank you for telling us. You have withdrawn and we are finding cover."
            if declining
            else "Thank you: we have noted that you will be there."
        )
        if request.user.is_authenticated:
            messages.success(request, done)
            return redirect("rostering:my_sittings")
        return render(request, "rostering/sitting_answer.html", {"done": done})
    return render(
        request,
        "rostering/sitting_answer.html",
        {"link": link, "sitting": link.assignment, "declining": declining, "form": form},
    )


def reminder_form(volunteer) -> ReminderPreferenceForm:
    """The member's reminder choices as they stand (the defaults without a saved row)."""
    pref = ReminderPreference.objects.filter(volunteer=volunteer).first() or ReminderPreference()
    return ReminderPreferenceForm(initial={"reminders": pref.reminders, "delivery": pref.delivery})


@require_POST
@login_required
def reminder_preference(request):
    require_perm(request.user, "rostering.sit")
    form = ReminderPreferenceForm(request.POST)
    if form.is_valid():
        services.set_reminder_preference(
            volunteer=request.user.volunteer, by=request.user, **form.cleaned_data
        )
        messages.success(request, "Your reminder choices have been saved.")
    else:
        messages.error(request, "Choose how you want to hear about your sittings.")
    return redirect("rostering:calendar_settings")
