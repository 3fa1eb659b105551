from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .models import Role, RoleAssignment


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open to the public: everyone who signs up starts as an applicant."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            RoleAssignment.objects.get_or_create(
                user=user, role=Role.APPLICANT, region=None, revoked_at=None
            )
        return user

    def get_login_redirect_url(self, request):
        return super().get_login_redirect_url(request) or settings.LOGIN_REDIRECT_URL
