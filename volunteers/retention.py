"""Volunteers' rows of the retention schedule (see common/retention.py)."""

from django.conf import settings
from django.db.models import Q

from common.privacy import redact_audit_entries
from common.retention import ANONYMISE, KEEP, REDACT, days_ago, register_retention_rule

from .models import Application, ApplicationStatus, Volunteer, VolunteerStatus
from .services.anonymisation import anonymise_person, anonymised_users
from .services.recruitment import anonymise_expired_applications

FORMER = [VolunteerStatus.RESIGNED, VolunteerStatus.REMOVED, VolunteerStatus.TERM_ENDED]


def _expired_applications(now):
    """The same rule as services.recruitment.anonymise_expired_applications, counted."""
    cutoff = days_ago(now, settings.RECRUITMENT_RETENTION_DAYS)
    closed = Q(
        status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN], closed_at__lt=cutoff
    )
    abandoned = Q(status=ApplicationStatus.DRAFT, campaign__closes_on__lt=cutoff.date())
    return Application.objects.filter(closed | abandoned, anonymised_at__isnull=True)


def apply_unsuccessful_applications(*, now, dry_run: bool) -> int:
    if dry_run:
        return _expired_applications(now).count()
    return anonymise_expired_applications(now=now)


def _former_members_due(now):
    cutoff = days_ago(now, settings.FORMER_MEMBER_RETENTION_DAYS).date()
    return Volunteer.objects.filter(status__in=FORMER, left_on__lt=cutoff).exclude(
        user__in=anonymised_users()
    )


def apply_former_members(*, now, dry_run: bool) -> int:
    due = _former_members_due(now).select_related("user")
    if dry_run:
        return due.count()
    return sum(anonymise_person(user=volunteer.user) for volunteer in due)


def apply_audit_redaction(*, now, dry_run: bool) -> int:
    return redact_audit_entries(
        user_ids=anonymised_users().values("pk"),
        dry_run=dry_run,
    )


register_retention_rule(
    "unsuccessful-applications",
    category="Unsuccessful, withdrawn and abandoned applications (with their referees, "
    "scores, recommendations and PVG check)",
    period=lambda: (
        f"{settings.RECRUITMENT_RETENTION_DAYS} days after the application closed "
        "(a draft: after its campaign closed)"
    ),
    legal_basis="Public task (UK GDPR article 6(1)(e)): selecting panel members; kept long "
    "enough to answer a complaint about the selection",
    action=ANONYMISE,
    apply=apply_unsuccessful_applications,
    order=100,
)
register_retention_rule(
    "former-members",
    category="Former panel members' records (account, volunteer record, leave, status "
    "changes; other apps then clear availability, feeds and monitoring)",
    period=lambda: f"{settings.FORMER_MEMBER_RETENTION_DAYS} days after they left",
    legal_basis="Public task: the Children's Hearings (Scotland) Act 2011 makes the national "
    "body answer for who sat on each hearing; six years covers claims and complaints",
    action=ANONYMISE,
    apply=apply_former_members,
    order=200,
)
register_retention_rule(
    "serving-members",
    category="Serving panel members' and staff records",
    period="While they serve or hold a role",
    legal_basis="Public task: recruiting, training, monitoring and rostering the Children's Panel",
    action=KEEP,
    order=50,
)
register_retention_rule(
    "audit-of-anonymised-people",
    category="Audit entries about anonymised people (old values, descriptions, addresses)",
    period="At once, in the same nightly run as the anonymisation",
    legal_basis="An audit trail that kept the old values would undo the anonymisation; when "
    "and by whom each change was made stays",
    action=REDACT,
    apply=apply_audit_redaction,
    order=900,
)
