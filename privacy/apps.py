from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Data protection and account security: subject access, the retention schedule and its
    run, MFA enrolment by emailed link, and account lockouts that inform and recover."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Data protection and account security"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from . import audit  # noqa: F401  (auditlog registration)
        from .mfa_enrolment import end_enrolment_grant

        authenticator_added.connect(end_enrolment_grant, dispatch_uid="privacy-end-enrolment")
