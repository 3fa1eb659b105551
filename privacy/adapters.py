"""allauth's account adapter, extended so that a refused sign-in becomes a recorded lockout."""

from django.core.exceptions import ValidationError

from volunteers.adapters import AccountAdapter as VolunteersAccountAdapter

from .lockout import record_refusal


class AccountAdapter(VolunteersAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            record_refusal(
                request=request,
                email=credentials.get("email", ""),
                rate_key=self._get_login_attempts_cache_key(request, **credentials),
            )
            raise
