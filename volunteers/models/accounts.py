from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: applicant, volunteer or staff. Email is the only login name."""

    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    # is_staff only opens the Django admin; our own staff pages go by roles.
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    def active_roles(self):
        """The user's current role grants, cached on the instance for one request."""
        if not hasattr(self, "_active_roles_cache"):
            self._active_roles_cache = list(
                self.role_assignments.filter(revoked_at__isnull=True).select_related("region")
            )
        return self._active_roles_cache

    def role_names(self) -> set[str]:
        return {grant.role for grant in self.active_roles()}

    def has_role(self, role: str) -> bool:
        return role in self.role_names()

    def region_ids_for(self, *roles: str) -> set[int]:
        return {g.region_id for g in self.active_roles() if g.role in roles and g.region_id}

    @property
    def is_staff_role_holder(self) -> bool:
        return bool(self.role_names() & STAFF_ROLES)


class Role(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    PANEL_MEMBER = "panel_member", "Panel member"
    PPA = "ppa", "Panel practice adviser (PPA)"
    TRAINER = "trainer", "Trainer"
    REGIONAL_ADMIN = "regional_admin", "Rota manager / regional administrator"
    NATIONAL_ADMIN = "national_admin", "National administrator"
    CONTENT_EDITOR = "content_editor", "Content editor"


# Which roles need a region, and which count as staff (and so need MFA).
REGIONAL_ROLES = frozenset({Role.PPA, Role.TRAINER, Role.REGIONAL_ADMIN})
NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.CONTENT_EDITOR})
STAFF_ROLES = REGIONAL_ROLES | NATIONAL_ROLES


class RoleAssignment(models.Model):
    """One grant of a role to a user, scoped to a region for regional roles; revoked, not deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "volunteers.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["role", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(revoked_at__isnull=True, region__isnull=False),
                name="one_active_regional_grant",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(revoked_at__isnull=True, region__isnull=True),
                name="one_active_unscoped_grant",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(r.value for r in REGIONAL_ROLES), region__isnull=False)
                    | (
                        ~Q(role__in=sorted(r.value for r in REGIONAL_ROLES))
                        & Q(region__isnull=True)
                    )
                ),
                name="regional_roles_have_a_region",
            ),
        ]

    def __str__(self):
        scope = f" ({self.region.name})" if self.region_id else ""
        return f"{self.get_role_display()}{scope}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
