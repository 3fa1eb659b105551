"""Granting and revoking roles: checked against the granter's own scope, always recorded."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import REGIONAL_ROLES, Region, Role, RoleAssignment, User
from ..permissions import can_grant

# Wagtail's page and document privacy and its admin permissions work with Django groups, so the
# groups follow the roles (which stay the one source of truth) on every grant and revocation.
# "Editors" and "Moderators" are Wagtail's own groups: editors draft, moderators approve.
PANEL_MEMBERS_GROUP = "Panel members"
STAFF_GROUP = "Staff"
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    Role.PANEL_MEMBER: (PANEL_MEMBERS_GROUP,),
    Role.PPA: (STAFF_GROUP,),
    Role.TRAINER: (STAFF_GROUP,),
    Role.REGIONAL_ADMIN: (STAFF_GROUP,),
    Role.NATIONAL_ADMIN: (STAFF_GROUP, "Moderators"),
    Role.CONTENT_EDITOR: (STAFF_GROUP, "Editors"),
}
ROLE_MANAGED_GROUPS = frozenset(name for names in ROLE_GROUPS.values() for name in names)


def grant_role(*, user: User, role: str, region: Region | None, by: User) -> RoleAssignment:
    """Give `user` a role (in `region` for regional roles), recording who granted it."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role: {role}")
    if role in REGIONAL_ROLES and region is None:
        raise ValidationError("This role is regional: choose the region it applies to.")
    if role not in REGIONAL_ROLES:
        region = None
    if not can_grant(by, role, region):
        raise PermissionDenied("You may not grant this role.")
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user, role=role, region=region, granted_by=by
            )
            sync_role_groups(user=user)
            return assignment
    except IntegrityError:
        raise ValidationError(f"{user} already holds this role{_in(region)}.") from None


def revoke_role(*, assignment: RoleAssignment, by: User) -> RoleAssignment:
    """End a role grant (kept for the record), recording who revoked it."""
    if not can_grant(by, assignment.role, assignment.region):
        raise PermissionDenied("You may not revoke this role.")
    with transaction.atomic():
        locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.revoked_at is not None:
            raise ValidationError("This role has already been revoked.")
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        sync_role_groups(user=locked.user)
        return locked


def sync_role_groups(*, user: User) -> bool:
    """Put the user in exactly the role-managed groups their active roles imply; True if changed."""
    active = RoleAssignment.objects.filter(user=user, revoked_at__isnull=True)
    roles = active.values_list("role", flat=True)
    wanted = {name for role in roles for name in ROLE_GROUPS.get(role, ())}
    current = set(user.groups.filter(name__in=ROLE_MANAGED_GROUPS).values_list("name", flat=True))
    if wanted == current:
        return False
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in wanted | current}
        user.groups.remove(*(groups[name] for name in current - wanted))
        user.groups.add(*(groups[name] for name in wanted - current))
    return True


def sync_all_role_groups() -> int:
    """Bring every role holder's groups in line with their roles (demo data, repairs)."""
    users = User.objects.filter(role_assignments__isnull=False).distinct()
    count = 0
    for user in users.iterator():
        sync_role_groups(user=user)
        count += 1
    return count


def _in(region):
    return f" in {region.name}" if region else ""
